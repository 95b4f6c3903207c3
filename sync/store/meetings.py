"""SQL over meetings, agenda items, committees, cases and annotations as the engine and
imports ask about them by id (the rest of these families is in records.py)."""

from __future__ import annotations

from collections.abc import Iterable

from sync import model
from sync.store.records import Cursor, Reader


def meeting_version(reader: Reader, meeting_id: str) -> int:
    """The imported pack version of a meeting; 0 when it is not here."""
    rows = reader.query("SELECT version FROM meetings WHERE id = ?", (meeting_id,))
    return int(rows[0][0]) if rows else 0


def manifest_version_seen(reader: Reader, meeting_id: str) -> int:
    """The newest signed manifest version installed for a meeting; 0 when none."""
    rows = reader.query("SELECT manifest_version_seen FROM meetings WHERE id = ?", (meeting_id,))
    return int(rows[0][0]) if rows else 0


def note_manifest_version(cur: Cursor, meeting_id: str, version: int) -> None:
    """Remember a manifest version as seen (never goes down: a replay stays refused)."""
    cur.execute(
        "UPDATE meetings SET manifest_version_seen = MAX(manifest_version_seen, ?) WHERE id = ?",
        (version, meeting_id),
    )


def meeting_ids(cur: Cursor) -> list[str]:
    return sorted(str(r[0]) for r in cur.execute("SELECT id FROM meetings"))


def case_ids(cur: Cursor) -> list[str]:
    return sorted(str(r[0]) for r in cur.execute("SELECT id FROM cases"))


def case_status(reader: Reader, case_id: str) -> str | None:
    """The stored status value of a case, None when the case is not here."""
    rows = reader.query("SELECT status FROM cases WHERE id = ?", (case_id,))
    return str(rows[0][0]) if rows else None


def others_annotation_ids(cur: Cursor) -> list[str]:
    """Marks with an author: colleagues' shared marks the server sent."""
    return sorted(
        str(r[0]) for r in cur.execute("SELECT id FROM annotations WHERE author IS NOT NULL")
    )


def annotation_exists(reader: Reader, annotation_id: str) -> bool:
    return bool(reader.query("SELECT 1 FROM annotations WHERE id = ?", (annotation_id,)))


def agenda_item_exists(cur: Cursor, item_id: str) -> bool:
    return cur.execute("SELECT 1 FROM agenda_items WHERE id = ?", (item_id,)).fetchone() is not None


def agenda_item_closed(cur: Cursor, item_id: str) -> bool:
    """Whether the item is closed; False when it is not here."""
    row = cur.execute("SELECT closed FROM agenda_items WHERE id = ?", (item_id,)).fetchone()
    return bool(row[0]) if row is not None else False


def removed_committee_ids(reader: Reader) -> list[str]:
    """Committees the reader is no longer a member of."""
    return [str(r[0]) for r in reader.query("SELECT id FROM committees WHERE member = 0")]


def attention(
    reader: Reader, me: Iterable[str], *, hide_closed: bool = False
) -> dict[str, model.MeetingAttention]:
    """Per meeting: documents new or changed to the reader, decisions due, colleagues' comments.

    ``me``: the names the reader's own comments carry (they need nobody's attention);
    ``hide_closed``: leave out what offline expiry hides (comments on closed material),
    as every other query of the facade does past the offline grace.
    """
    new_documents = {
        str(r[0]): int(r[1])
        for r in reader.query(
            "SELECT meeting_id, count(*) FROM documents"
            " WHERE withdrawn = 0 AND last_read_version < current_version GROUP BY meeting_id"
        )
    }
    # A decision is due until the reader's own is on its way or held by the server; a
    # refused one (deadline passed, another tablet first) leaves the case waiting.
    decisions_due = {
        str(r[0]): int(r[1])
        for r in reader.query(
            "SELECT k.meeting_id, count(*) FROM cases k"
            " WHERE k.status = 'open' AND k.my_decision IS NULL AND k.meeting_id IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM approvals a LEFT JOIN ops o ON o.id = a.id"
            "  WHERE a.case_id = k.id AND COALESCE(o.state, 'waiting') != 'rejected')"
            " GROUP BY k.meeting_id"
        )
    }
    names = sorted(set(me))
    marks = ", ".join("?" for _ in names) or "''"
    closed_filter = " AND closed = 0" if hide_closed else ""
    comments = {
        str(r[0]): int(r[1])
        for r in reader.query(
            "SELECT meeting_id, count(*) FROM ("  # noqa: S608 -- only placeholders are joined in
            "  SELECT i.meeting_id AS meeting_id, i.closed AS closed, c.author AS author"
            "  FROM comments c JOIN agenda_items i ON i.id = c.target_id"
            "  WHERE c.target_kind = 'item'"
            " UNION ALL"
            "  SELECT k.meeting_id, MAX(k.closed, COALESCE(i.closed, 0)), c.author"
            "  FROM comments c JOIN cases k ON k.id = c.target_id"
            "  LEFT JOIN agenda_items i ON i.id = k.item_id WHERE c.target_kind = 'case'"
            " UNION ALL"
            "  SELECT d.meeting_id, d.closed, c.author FROM comments c"
            "  JOIN annotations a ON a.id = c.target_id AND a.deleted = 0"
            "  JOIN documents d ON d.id = a.document_id WHERE c.target_kind = 'annotation'"
            f") WHERE meeting_id IS NOT NULL AND author NOT IN ({marks}){closed_filter}"
            " GROUP BY meeting_id",
            names,
        )
    }
    return {
        meeting_id: model.MeetingAttention(
            new_documents=new_documents.get(meeting_id, 0),
            decisions_due=decisions_due.get(meeting_id, 0),
            comments=comments.get(meeting_id, 0),
        )
        for meeting_id in new_documents.keys() | decisions_due.keys() | comments.keys()
    }
