"""Reading: a document's bytes, what the reader has read, meetings and search as shown.

Every answer here passes through offline expiry (offline_expiry.py): past the
offline grace, closed material is withheld even though it is on the device.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from sync import model
from sync import protocol as p
from sync.commands import offline_expiry
from sync.errors import ErrorKind, FolioError, Tampered
from sync.store import meetings as store_meetings
from sync.store import records
from sync.store.records import CursorReader
from sync.store.state import STATE_MEMBER_DISPLAY_NAME, STATE_MEMBER_NAME
from sync.vault import BlobRef

if TYPE_CHECKING:
    from sync.config.policy import Config
    from sync.vault import UnlockedVault
    from sync.vault.db import Database

log = logging.getLogger("sync.api")  # the facade's name, as before the split: log filters hold


def me(db: Database) -> set[str]:
    """Every name the reader's own comments can carry (before and after enrollment)."""
    return {
        records.ME,
        db.get_state(STATE_MEMBER_NAME) or records.ME,
        db.get_state(STATE_MEMBER_DISPLAY_NAME) or records.ME,
    }


def document_bytes(
    vault: UnlockedVault, config: Config, document_id: str, version: int | None
) -> bytes:
    """The PDF bytes of a verified, linked version; a blob that fails to authenticate
    is marked damaged (the next sync fetches it afresh) before the error goes up."""
    db = vault.db
    found = records.document_blob(db, document_id, version)
    if found is None:
        raise FolioError(ErrorKind.NOT_FOUND, "the document is not on this device")
    blob_id, doc_version, key_wrapped = found
    if records.get_document(db, document_id).closed and offline_expiry.locked(db, config):
        raise offline_expiry.locked_error()
    try:
        return vault.blobs.read(BlobRef(blob_id, doc_version, key_wrapped))
    except Tampered as exc:
        # Never readable again as it is: the next sync downloads it afresh.
        with db.transaction() as cur:
            records.mark_version_damaged(cur, document_id, doc_version, exc.detail, shred=False)
        log.warning("document.damaged", extra={"fields": {"document_id": document_id}})
        raise


def mark_read(db: Database, *, meeting_id: str | None, document_id: str | None) -> model.Changes:
    """A document read for the first time since it changed also queues a read receipt,
    in the same transaction as the marker, so the secretariat's count never runs ahead."""
    if (meeting_id is None) == (document_id is None):
        raise FolioError(ErrorKind.BAD_INPUT, "mark_read takes a meeting or a document")
    with db.transaction() as cur:
        if meeting_id is not None:
            if not records.mark_meeting_read(cur, meeting_id):
                raise FolioError(ErrorKind.NOT_FOUND, "no such meeting")
            return model.Changes(meetings=frozenset({meeting_id}))
        assert document_id is not None
        before = records.get_document(CursorReader(cur), document_id)
        version = records.mark_document_read(cur, document_id)
        outbox = False
        if version is not None and (before.unread or before.changed_since_read):
            records.add_op(cur, p.ReadReceiptPayload(document_id, version))
            outbox = True
    return model.Changes(
        documents=frozenset({document_id}),
        meetings=frozenset({before.meeting_id}),
        outbox=outbox,
    )


def meeting_attention(db: Database, config: Config) -> dict[str, model.MeetingAttention]:
    hide_closed = offline_expiry.hidden_closed(db, config) is not None
    return store_meetings.attention(db, me(db), hide_closed=hide_closed)


def get_meeting(db: Database, config: Config, meeting_id: str) -> model.Meeting:
    meeting = records.get_meeting(db, meeting_id)
    if offline_expiry.hidden_closed(db, config) is None:
        return meeting
    items = tuple(dataclasses.replace(i, proposal="") if i.closed else i for i in meeting.items)
    return dataclasses.replace(meeting, items=items)


def search(db: Database, config: Config, query: str, limit: int) -> list[model.SearchHit]:
    return records.search(
        db,
        query,
        max(1, min(limit, 500)),
        hide_closed=offline_expiry.hidden_closed(db, config) is not None,
    )
