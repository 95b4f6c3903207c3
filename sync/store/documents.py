"""SQL over documents and their versions as downloads and the vault check see them (typed rows).

The rest of the document family (import, manifest install, purge, search rows)
is in records.py.
"""

from __future__ import annotations

from typing import NamedTuple

from sync.store.records import Cursor, Reader


class VersionRef(NamedTuple):
    document_id: str
    version: int


class LinkedBlob(NamedTuple):
    """A document version whose encrypted file is linked: where it is and its wrapped key."""

    document_id: str
    version: int
    blob_id: str
    key_wrapped: bytes


class VersionSlot(NamedTuple):
    """A document version row as a finished download finds it; ``blob_id`` is a copy
    already linked to it (a damaged one ``folio verify`` kept), else None."""

    blob_id: str | None


def verified_versions(reader: Reader, meeting_id: str) -> set[VersionRef]:
    """Versions of this meeting's documents whose bytes are here and verified."""
    return {
        VersionRef(str(r[0]), int(r[1]))
        for r in reader.query(
            "SELECT v.document_id, v.version FROM document_versions v"
            " JOIN documents d ON d.id = v.document_id WHERE d.meeting_id = ?"
            " AND v.state = 'verified'",
            (meeting_id,),
        )
    }


def unverified_current(cur: Cursor, meeting_id: str) -> list[VersionRef]:
    """This meeting's documents whose current version is not verified yet."""
    return [
        VersionRef(str(r[0]), int(r[1]))
        for r in cur.execute(
            "SELECT d.id, d.current_version FROM documents d JOIN document_versions v"
            " ON v.document_id = d.id AND v.version = d.current_version"
            " WHERE d.meeting_id = ? AND v.state != 'verified'",
            (meeting_id,),
        ).fetchall()
    ]


def version_slot(cur: Cursor, document_id: str, version: int) -> VersionSlot | None:
    """The version's row, or None when it was withdrawn (while it downloaded)."""
    row = cur.execute(
        "SELECT blob_id FROM document_versions WHERE document_id = ? AND version = ?",
        (document_id, version),
    ).fetchone()
    if row is None:
        return None
    return VersionSlot(None if row[0] is None else str(row[0]))


def linked_blobs(reader: Reader) -> list[LinkedBlob]:
    """Every version with a linked file and key, by document and version."""
    return [
        LinkedBlob(str(r[0]), int(r[1]), str(r[2]), bytes(r[3]))
        for r in reader.query(
            "SELECT document_id, version, blob_id, blob_key_wrapped FROM document_versions "
            "WHERE blob_id IS NOT NULL AND blob_key_wrapped IS NOT NULL "
            "ORDER BY document_id, version"
        )
    ]
