"""The reader's view of sync: what waits in the outbox and how the last round went."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync import model
from sync.commands import offline_expiry
from sync.store import outbox as store_outbox
from sync.store import records
from sync.store.state import (
    STATE_DEVICE_ID,
    STATE_LAST_ERROR,
    STATE_LAST_SYNC_AT,
    STATE_SERVER_URL,
    STATE_UPDATE_REQUIRED,
)

if TYPE_CHECKING:
    from sync.config.policy import Config
    from sync.vault.db import Database


def outbox_entries(db: Database, config: Config) -> list[model.OutboxEntry]:
    """Past the offline grace the subject of closed material is not named (DESIGN.md)."""
    hide = offline_expiry.hidden_closed(db, config) is not None
    entries = []
    for row in store_outbox.reader_changes(db):
        hidden = hide and row.closed
        entries.append(
            model.OutboxEntry(
                op_id=row.id,
                kind=row.kind,
                state=model.OpState(row.state),
                created_at=records.parse_ts(row.created_at) or records.now(),
                reason=row.reason,
                subject=None if hidden else row.subject,
                page=None if hidden else row.page,
                meeting_title=row.meeting_title,
                detail=row.detail,
            )
        )
    return entries


def outbox_status(db: Database) -> dict[model.OpState, int]:
    counts = dict.fromkeys(model.OpState, 0)
    for state_text, n in store_outbox.count_by_state(db).items():
        counts[model.OpState(state_text)] = n
    return counts


def sync_status(db: Database) -> model.SyncStatus:
    waiting, refused = store_outbox.count_reader_changes(db)
    meetings = records.list_meetings(db)
    return model.SyncStatus(
        enrolled=db.get_state(STATE_DEVICE_ID) is not None,
        server_url=db.get_state(STATE_SERVER_URL),
        last_sync_at=records.parse_ts(db.get_state(STATE_LAST_SYNC_AT)),
        last_error=db.get_state(STATE_LAST_ERROR),
        update_required=bool(db.get_state(STATE_UPDATE_REQUIRED)),
        ops_waiting=waiting,
        ops_rejected=refused,
        bytes_total=sum(m.bytes_total for m in meetings),
        bytes_done=sum(m.bytes_done for m in meetings),
    )
