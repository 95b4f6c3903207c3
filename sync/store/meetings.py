"""SQL over meetings, agenda items, committees, cases and annotations as the engine and
imports ask about them by id (the rest of these families is in records.py)."""

from __future__ import annotations

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
