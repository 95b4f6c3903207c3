"""The vault's upkeep: verify (and repair) what is stored, purge what should leave."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from sync import model
from sync.errors import ErrorKind, FolioError
from sync.store import records

if TYPE_CHECKING:
    from sync.store.records import Cursor
    from sync.vault import UnlockedVault

log = logging.getLogger("sync.api")  # the facade's name, as before the split: log filters hold


def damaged_line(d: model.DamagedDocument) -> str:
    return f"document {d.title!r} ({d.document_id}) version {d.version}: {d.reason}"


def _title_of(vault: UnlockedVault, document_id: str) -> str:
    try:
        return records.get_document(vault.db, document_id).title
    except FolioError as exc:
        if exc.kind is not ErrorKind.NOT_FOUND:
            raise
        return ""


def verify_vault(vault: UnlockedVault, *, repair: bool) -> model.VerifyReport:
    """The database, then every blob decrypted and authenticated.

    A version whose blob fails is no longer called verified even without
    ``repair`` (it becomes FAILED: unreadable, and the next sync fetches it
    again), so status never counts a tampered document as verified. ``repair``
    shreds it now (key, blob, search rows) and marks it MISSING.
    """
    db = vault.db
    problems = (*vault.verify_database(), *vault.verify_stray_blobs())
    found = vault.damaged_blobs()
    damaged = tuple(
        model.DamagedDocument(d.document_id, d.version, _title_of(vault, d.document_id), d.reason)
        for d in found
    )
    shredded: list[str] = []
    if found:
        with db.transaction() as cur:
            for d in found:
                shredded += records.mark_version_damaged(
                    cur, d.document_id, d.version, d.reason, shred=repair
                )
        records.delete_blobs(vault.blobs, shredded)
    log.info(
        "vault.verified",
        extra={
            "fields": {
                "problems": len(problems),
                "damaged_documents": len(damaged),
                "repaired": repair and bool(damaged),
            }
        },
    )
    return model.VerifyReport(problems, damaged, repaired=repair and bool(damaged))


def verify(vault: UnlockedVault) -> list[str]:
    report = verify_vault(vault, repair=False)
    return [*report.problems, *(damaged_line(d) for d in report.damaged)]


def _purge(vault: UnlockedVault, fn: Callable[[Cursor, str], list[str]], arg: str) -> None:
    """Keys go in the transaction; blob files only after it committed."""
    with vault.db.transaction() as cur:
        blob_ids = fn(cur, arg)
    records.delete_blobs(vault.blobs, blob_ids)


def purge_document(vault: UnlockedVault, document_id: str) -> model.Changes:
    """Key shredded, blob deleted, text unindexed."""
    meeting_id = records.get_document(vault.db, document_id).meeting_id
    _purge(vault, records.purge_document, document_id)
    return model.Changes(documents=frozenset({document_id}), meetings=frozenset({meeting_id}))


def purge_meeting(vault: UnlockedVault, meeting_id: str) -> model.Changes:
    docs = {d.id for d in records.list_documents(vault.db, meeting_id)}
    _purge(vault, records.purge_meeting, meeting_id)
    return model.Changes(meetings=frozenset({meeting_id}), documents=frozenset(docs))
