"""Push: send the outbox in batches until it is empty, storing every answer.

States per batch: pick (read) -> SENT (durable) -> request -> ANSWERED (durable).
A failure after SENT leaves the ops ``sent``; the next attempt sends the same
ids and the server replays its stored answers, so nothing is applied twice.
Rejected ops keep their reason for the reader; they are never resent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sync import model
from sync import protocol as p
from sync.client.folio import TOO_LARGE
from sync.e2e import notes
from sync.engine import events, outbox
from sync.engine.context import Context, Progress
from sync.errors import FolioError
from sync.store import bookmarks as store_bookmarks


@dataclass(frozen=True)
class PushResult:
    batches: int = 0
    confirmed: int = 0
    rejected: int = 0
    #: What the answers changed on this device: the ops' states and what they carried.
    changes: model.Changes = field(default_factory=model.Changes)

    def then(self, more: PushResult) -> PushResult:
        """This push followed by ``more`` (the round pushes up to three times)."""
        return PushResult(
            self.batches + more.batches,
            self.confirmed + more.confirmed,
            self.rejected + more.rejected,
            self.changes.merge(more.changes),
        )


def answered(ops: list[model.Op]) -> model.Changes:
    """What a screen shows of these ops: each one's chip ("sent", "confirmed", "rejected")
    sits on the annotation, comment or decision it carried, so those are what changed."""
    annotations: set[str] = set()
    comments: set[str] = set()
    approvals: set[str] = set()
    cases: set[str] = set()
    for op in ops:
        # .get: a payload whose content was purged keeps only what the server needs
        ids = {k: v for k, v in op.payload.items() if k.endswith("_id") and isinstance(v, str)}
        if op.kind in (p.OpKind.ANNOTATION_PUT, p.OpKind.ANNOTATION_DELETE):
            annotations.update(ids[k] for k in ("annotation_id",) if k in ids)
        elif op.kind == p.OpKind.COMMENT_ADD:
            comments.update(ids[k] for k in ("comment_id",) if k in ids)
        elif op.kind == p.OpKind.APPROVAL_DECIDE:
            approvals.update(ids[k] for k in ("approval_id",) if k in ids)
            cases.update(ids[k] for k in ("case_id",) if k in ids)
        # a read receipt shows nowhere but in the outbox count
    return model.Changes(
        annotations=frozenset(annotations),
        comments=frozenset(comments),
        approvals=frozenset(approvals),
        cases=frozenset(cases),
        outbox=bool(ops),
    )


def run(ctx: Context) -> PushResult:
    with ctx.db.transaction() as cur:  # private marks written before the notes key came
        notes.seal_waiting(cur)
        store_bookmarks.seal_waiting(cur)  # and bookmarks
    batches = confirmed = rejected = 0
    changes = model.Changes()
    limit = ctx.config.push_batch
    while True:
        ctx.check_cancelled()
        batch = outbox.next_batch(ctx.db, limit)
        if not batch:
            return PushResult(batches, confirmed, rejected, changes)
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
        changes = changes.merge(answered(batch))
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
