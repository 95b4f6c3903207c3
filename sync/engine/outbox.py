"""The outbox as the push phase sees it: take a batch, mark it sent, store answers.

Each step is one transaction, so a crash between any two leaves a state the
next round resumes from: ``waiting`` or ``sent`` ops go again (the server
answers a repeat as ``duplicate`` with the first answer), answered ops never
go again, nothing is deleted.
"""

from __future__ import annotations

import logging

from sync import model
from sync import protocol as p
from sync.e2e import notes
from sync.errors import FolioError
from sync.store import outbox as store_outbox
from sync.store import records
from sync.vault import Database

log = logging.getLogger("folio.sync")

_ANNOTATION_KINDS = (p.OpKind.ANNOTATION_PUT.value, p.OpKind.ANNOTATION_DELETE.value)


def waiting_count(db: Database) -> int:
    return store_outbox.count_unanswered(db)


def rejected_count(db: Database) -> int:
    return store_outbox.count_rejected(db)


def next_batch(db: Database, limit: int) -> list[model.Op]:
    return records.pending_ops(db, limit=min(limit, p.MAX_OPS_PER_BATCH))


def to_wire(op: model.Op, receipt: p.OpReceipt | None = None) -> p.Op:
    """The op as sent; a sealed private mark goes as ``annotation.sealed``."""
    return p.Op(
        id=op.id,
        kind=notes.wire_kind(op.kind, op.payload),
        payload=op.payload,
        created_at=op.created_at,
        receipt=receipt,
    )


def batch_to_wire(db: Database, ops: list[model.Op]) -> list[p.Op]:
    """The batch as sent; an op re-sent after a server restore carries the receipt
    time the server signed the first time (kept in its stored answer)."""
    return [to_wire(op, _stored_receipt(db, op.id)) for op in ops]


def _stored_answer(answer_json: str | None) -> p.OpAnswer | None:
    if not answer_json:
        return None
    try:
        return p.OpAnswer.from_json(p.loads(answer_json))
    except FolioError:
        log.warning("outbox.bad_answer")
        return None


def _stored_receipt(db: Database, op_id: str) -> p.OpReceipt | None:
    answer = _stored_answer(store_outbox.stored_answer(db, op_id))
    return None if answer is None else answer.receipt()


def may_be_lost(answer: p.OpAnswer | None, restart: p.FeedRestart) -> bool:
    """Could the restored database lack this confirmed op? Only an answer from the
    epoch the backup was taken in, with a seq the backup's feed reaches, proves it
    is in there; anything else goes again (the server deduplicates by op id)."""
    return (
        answer is None
        or answer.seq is None
        or answer.epoch is None
        or answer.epoch != restart.restored_from
        or answer.seq > restart.restored_seq
    )


def requeue_lost(cur: records.Cursor, restart: p.FeedRestart) -> int:
    """confirmed -> waiting for every op the restored server may have lost (in the
    restart's transaction). Rejected ops stay rejected; a payload already redacted
    (its document was purged) has nothing left to send."""
    ids = []
    for op in store_outbox.confirmed_ops(cur):
        if '"redacted":true' in op.payload:
            continue
        if _superseded(cur, op.seq, op.kind, op.payload):
            continue
        if may_be_lost(_stored_answer(op.answer), restart):
            ids.append(op.id)
    for op_id in ids:
        store_outbox.requeue(cur, op_id)
    return len(ids)


def _superseded(cur: records.Cursor, seq: int, kind: str, payload: str) -> bool:
    """An annotation op with a later op on the same annotation (not rejected) is not sent
    again: each carries the annotation's whole state, and the later one may already
    have reached the restored server, which would then take the older state as the
    newer write (found by the model test: an unshared note came back shared). A
    bookmark op likewise: it carries the bookmark's whole state (set or removed)."""
    if kind == p.OpKind.BOOKMARK_SEALED.value:
        bookmark_id = p.loads(payload).get("bookmark_id")
        return bookmark_id is not None and store_outbox.later_op_on_bookmark(
            cur, seq, str(bookmark_id)
        )
    if kind not in _ANNOTATION_KINDS:
        return False
    annotation_id = p.loads(payload).get("annotation_id")
    if annotation_id is None:
        return False
    return store_outbox.later_op_on_annotation(cur, seq, _ANNOTATION_KINDS, str(annotation_id))


def mark_sent(db: Database, ops: list[model.Op]) -> None:
    with db.transaction() as cur:
        records.mark_ops_sent(cur, [op.id for op in ops])


def store_answers(db: Database, answers: tuple[p.OpAnswer, ...]) -> tuple[int, int]:
    """Store every answer of a batch in one transaction. Returns (confirmed, rejected)."""
    confirmed = rejected = 0
    with db.transaction() as cur:
        for answer in answers:
            if answer.status is p.OpStatus.REJECTED:
                state = model.OpState.REJECTED
                rejected += 1
            else:
                state = model.OpState.CONFIRMED
                confirmed += 1
            records.record_answer(
                cur,
                answer.op_id,
                state,
                answer.to_json(),
                reason=answer.reason,
                receipt_id=answer.receipt_id,
                revision=answer.revision,
                answered_at=answer.applied_at,
            )
    return confirmed, rejected


def pending_annotation_ids(db: Database) -> set[str]:
    """Annotations with a local edit still on its way up: the feed must not overwrite them."""
    ids: set[str] = set()
    for payload in store_outbox.unanswered_payloads(db, _ANNOTATION_KINDS):
        try:
            ids.add(str(p.loads(payload)["annotation_id"]))
        except (KeyError, TypeError):
            log.warning("outbox.bad_payload")
    return ids
