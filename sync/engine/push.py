"""Push: send the outbox in batches until it is empty, storing every answer.

States per batch: pick (read) -> SENT (durable) -> request -> ANSWERED (durable).
A failure after SENT leaves the ops ``sent``; the next attempt sends the same
ids and the server replays its stored answers, so nothing is applied twice.
Rejected ops keep their reason for the reader; they are never resent.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync import protocol as p
from sync.client.folio import TOO_LARGE
from sync.engine import events, outbox
from sync.engine.context import Context, Progress
from sync.errors import FolioError


@dataclass(frozen=True)
class PushResult:
    batches: int = 0
    confirmed: int = 0
    rejected: int = 0


def run(ctx: Context) -> PushResult:
    batches = confirmed = rejected = 0
    limit = ctx.config.push_batch
    while True:
        ctx.check_cancelled()
        batch = outbox.next_batch(ctx.db, limit)
        if not batch:
            return PushResult(batches, confirmed, rejected)
        outbox.mark_sent(ctx.db, batch)
        events.emit(events.PUSH_BATCH_SENT, ops=len(batch), batch=batches)
        try:
            answer = ctx.client.push_ops(outbox.batch_to_wire(ctx.db, batch))
        except FolioError as exc:
            if exc.reason != TOO_LARGE:
                raise
            # Over the server's body limit: send fewer at a time. One op alone over it
            # can never be accepted, so it is answered here as the server would answer
            # an op over its field caps, and the outbox moves on.
            if len(batch) > 1:
                limit = max(1, len(batch) // 2)
                events.emit(events.PUSH_BATCH_TOO_LARGE, ops=len(batch), next_size=limit)
                continue
            answer = p.OpsResponse(
                (p.OpAnswer(batch[0].id, p.OpStatus.REJECTED, p.Reason.INVALID_PAYLOAD.value),)
            )
        ok, no = outbox.store_answers(ctx.db, answer.answers)
        for a in answer.answers:
            if a.reason is not None and a.status.value == "rejected":
                events.emit(events.PUSH_OP_REJECTED, op_id=a.op_id, reason=a.reason)
        batches += 1
        confirmed += ok
        rejected += no
        events.emit(events.PUSH_BATCH_ANSWERED, confirmed=ok, rejected=no, batch=batches)
        if ctx.progress is not None:
            ctx.progress(
                Progress(
                    phase="push",
                    ops_waiting=outbox.waiting_count(ctx.db),
                    bytes_done=0,
                    bytes_total=0,
                )
            )
