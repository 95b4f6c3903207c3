"""SQL over the ``ops`` table as the push phase and the status line see it (typed rows).

Ops are written by the commands in records.py (``add_op``) and answered through
``records.record_answer``; this module holds what the engine asks of the outbox
besides: counts, the stored answers, and what a restore sends again.
"""

from __future__ import annotations

from typing import NamedTuple

from sync.protocol import OpKind
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


#: Bookkeeping, not the reader's change: a read receipt is sent quietly and never
#: counted or listed as something "waiting" (issue 15: opening a document read as
#: "1 change waiting").
RECEIPT_KIND = OpKind.READ_RECEIPT.value


def count_reader_changes(reader: Reader) -> tuple[int, int]:
    """(waiting or sent, refused) among the reader's own changes, read receipts left out."""
    rows = reader.query(
        "SELECT state IN ('waiting', 'sent'), count(*) FROM ops"
        " WHERE state IN ('waiting', 'sent', 'rejected') AND kind != ? GROUP BY 1",
        (RECEIPT_KIND,),
    )
    counts = {bool(r[0]): int(r[1]) for r in rows}
    return counts.get(True, 0), counts.get(False, 0)


class ChangeRow(NamedTuple):
    """One of the reader's changes not yet confirmed, with what it is about (the outbox view).

    ``subject`` is the title of the document, agenda item or case it concerns (None when
    that is gone from the device); ``detail`` the mark's kind, the decision, or for a
    bookmark "1"/"0" (set/removed; None once sealed); ``closed`` whether the subject is
    closed material, which the facade hides past the offline grace.
    """

    id: str
    kind: str
    state: str
    created_at: str
    reason: str | None
    subject: str | None
    page: int | None
    meeting_title: str | None
    detail: str | None
    closed: bool


def reader_changes(reader: Reader) -> list[ChangeRow]:
    """The reader's changes waiting, sent or refused, oldest first; read receipts left out."""
    rows = reader.query(
        """
        SELECT o.id, o.kind, o.state, o.created_at, o.reason,
          CASE
            WHEN o.kind = 'comment.add' THEN COALESCE(ci.title, cc.title, cd.title)
            WHEN o.kind = 'approval.decide' THEN COALESCE(c.title, NULLIF(ap.case_title, ''))
            ELSE d.title
          END,
          CASE
            WHEN o.kind = 'bookmark.sealed'
              THEN COALESCE(json_extract(o.payload, '$.page'), b.page)
            WHEN o.kind IN ('annotation.put', 'annotation.delete')
              THEN COALESCE(a.page, json_extract(o.payload, '$.page'))
          END,
          COALESCE(m.title, NULLIF(ap.meeting_title, '')),
          CASE
            WHEN o.kind = 'approval.decide'
              THEN COALESCE(ap.decision, json_extract(o.payload, '$.decision'))
            WHEN o.kind = 'annotation.put' THEN COALESCE(a.kind, json_extract(o.payload, '$.kind'))
            WHEN o.kind = 'bookmark.sealed'
              THEN CAST(json_extract(o.payload, '$.bookmarked') AS TEXT)
          END,
          COALESCE(d.closed, 0) OR COALESCE(ci.closed, 0) OR COALESCE(cc.closed, 0)
            OR COALESCE(cci.closed, 0) OR COALESCE(cd.closed, 0) OR COALESCE(c.closed, 0)
            OR COALESCE(c_item.closed, 0)
        FROM ops o
        LEFT JOIN annotations a ON a.id = json_extract(o.payload, '$.annotation_id')
        LEFT JOIN documents d
          ON d.id = COALESCE(json_extract(o.payload, '$.document_id'), a.document_id)
        LEFT JOIN bookmarks b ON b.bookmark_id = json_extract(o.payload, '$.bookmark_id')
        LEFT JOIN agenda_items ci ON json_extract(o.payload, '$.target_kind') = 'item'
          AND ci.id = json_extract(o.payload, '$.target_id')
        LEFT JOIN cases cc ON json_extract(o.payload, '$.target_kind') = 'case'
          AND cc.id = json_extract(o.payload, '$.target_id')
        LEFT JOIN agenda_items cci ON cci.id = cc.item_id
        LEFT JOIN annotations ca ON json_extract(o.payload, '$.target_kind') = 'annotation'
          AND ca.id = json_extract(o.payload, '$.target_id')
        LEFT JOIN documents cd ON cd.id = ca.document_id
        LEFT JOIN approvals ap ON o.kind = 'approval.decide' AND ap.id = o.id
        LEFT JOIN cases c ON c.id = json_extract(o.payload, '$.case_id')
        LEFT JOIN agenda_items c_item ON c_item.id = c.item_id
        LEFT JOIN meetings m ON m.id = COALESCE(
          d.meeting_id, ci.meeting_id, cc.meeting_id, cd.meeting_id, c.meeting_id, ap.meeting_id)
        WHERE o.state IN ('waiting', 'sent', 'rejected') AND o.kind != ?
        ORDER BY o.seq
        """,
        (RECEIPT_KIND,),
    )
    return [
        ChangeRow(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            None if r[4] is None else str(r[4]),
            None if r[5] is None else str(r[5]),
            None if r[6] is None else int(r[6]),
            None if r[7] is None else str(r[7]),
            None if r[8] is None else str(r[8]),
            bool(r[9]),
        )
        for r in rows
    ]


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
