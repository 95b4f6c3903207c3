"""SQL over the ``ops`` table as the push phase and the status line see it (typed rows).

Ops are written by the commands in records.py (``add_op``) and answered through
``records.record_answer``; this module holds what the engine asks of the outbox
besides: counts, the stored answers, and what a restore sends again.
"""

from __future__ import annotations

from typing import NamedTuple

from sync.store.records import Cursor, Reader


class ConfirmedOp(NamedTuple):
    """A confirmed op as a server restore re-examines it (oldest first)."""

    id: str
    seq: int
    kind: str
    payload: str
    answer: str | None


def count_unanswered(reader: Reader) -> int:
    """Ops waiting to go or sent without an answer yet."""
    return int(reader.query("SELECT count(*) FROM ops WHERE state IN ('waiting', 'sent')")[0][0])


def count_rejected(reader: Reader) -> int:
    return int(reader.query("SELECT count(*) FROM ops WHERE state = 'rejected'")[0][0])


def count_by_state(reader: Reader) -> dict[str, int]:
    """Number of ops per state value (states with no op are absent)."""
    return {
        str(state): int(n)
        for state, n in reader.query("SELECT state, count(*) FROM ops GROUP BY state")
    }


def stored_answer(reader: Reader, op_id: str) -> str | None:
    """The server's answer to this op as stored (JSON), or None."""
    rows = reader.query("SELECT answer FROM ops WHERE id = ?", (op_id,))
    return str(rows[0][0]) if rows and rows[0][0] else None


def confirmed_ops(cur: Cursor) -> list[ConfirmedOp]:
    """Every confirmed op, oldest first."""
    return [
        ConfirmedOp(str(r[0]), int(r[1]), str(r[2]), str(r[3]), None if r[4] is None else str(r[4]))
        for r in cur.execute(
            "SELECT id, seq, kind, payload, answer FROM ops WHERE state = 'confirmed' ORDER BY seq"
        ).fetchall()
    ]


def requeue(cur: Cursor, op_id: str) -> None:
    """confirmed -> waiting: the op goes again (the server deduplicates by op id)."""
    cur.execute("UPDATE ops SET state = 'waiting' WHERE id = ?", (op_id,))


def later_op_on_annotation(
    cur: Cursor, seq: int, kinds: tuple[str, str], annotation_id: str
) -> bool:
    """Is there an op of one of ``kinds`` after ``seq`` on this annotation, not rejected?"""
    later = cur.execute(
        "SELECT 1 FROM ops WHERE seq > ? AND kind IN (?, ?) AND state != 'rejected'"
        " AND json_extract(payload, '$.annotation_id') = ? LIMIT 1",
        (seq, *kinds, annotation_id),
    ).fetchone()
    return later is not None


def later_op_on_bookmark(cur: Cursor, seq: int, bookmark_id: str) -> bool:
    """Is there a bookmark op after ``seq`` on this bookmark, not rejected?"""
    later = cur.execute(
        "SELECT 1 FROM ops WHERE seq > ? AND kind = 'bookmark.sealed' AND state != 'rejected'"
        " AND json_extract(payload, '$.bookmark_id') = ? LIMIT 1",
        (seq, bookmark_id),
    ).fetchone()
    return later is not None


def unanswered_payloads(reader: Reader, kinds: tuple[str, str]) -> list[str]:
    """Payloads (JSON) of waiting or sent ops of these kinds."""
    return [
        str(r[0])
        for r in reader.query(
            "SELECT payload FROM ops WHERE state IN ('waiting', 'sent') AND kind IN (?, ?)", kinds
        )
    ]
