"""The outbox as the push phase sees it: take a batch, mark it sent, store answers.

Each step is one transaction, so a crash between any two leaves a state the
next round resumes from: ``waiting`` or ``sent`` ops go again (the server
answers a repeat as ``duplicate`` with the first answer), answered ops never
go again, nothing is deleted.
"""

from __future__ import annotations

import logging

from sync import model, records
from sync import protocol as p
from sync.vault import Database

log = logging.getLogger("folio.sync")


def waiting_count(db: Database) -> int:
    return int(db.query("SELECT count(*) FROM ops WHERE state IN ('waiting', 'sent')")[0][0])


def rejected_count(db: Database) -> int:
    return int(db.query("SELECT count(*) FROM ops WHERE state = 'rejected'")[0][0])


def next_batch(db: Database, limit: int) -> list[model.Op]:
    return records.pending_ops(db, limit=min(limit, p.MAX_OPS_PER_BATCH))


def to_wire(op: model.Op) -> p.Op:
    return p.Op(id=op.id, kind=op.kind, payload=op.payload, created_at=op.created_at)


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
    rows = db.query(
        "SELECT payload FROM ops WHERE state IN ('waiting', 'sent') AND kind IN (?, ?)",
        (p.OpKind.ANNOTATION_PUT.value, p.OpKind.ANNOTATION_DELETE.value),
    )
    ids: set[str] = set()
    for (payload,) in rows:
        try:
            ids.add(str(p.loads(payload)["annotation_id"]))
        except (KeyError, TypeError):
            log.warning("outbox.bad_payload")
    return ids
