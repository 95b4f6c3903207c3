"""Private notes across the reader's devices: approval, recovery key, starting over.

Each step is one transaction over sync.e2e.notes; the keys move at the next sync
(docs/spec/e2e-notes.md), so every command here changes only the sync state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync import model
from sync.e2e import notes as e2e_notes

if TYPE_CHECKING:
    from sync.vault.db import Database


def status(db: Database) -> e2e_notes.NotesStatus:
    return e2e_notes.status(db)


def pending_devices(db: Database) -> list[e2e_notes.PendingDevice]:
    return e2e_notes.pending_devices(db)


def approve_device(db: Database, device_id: str) -> model.Changes:
    with db.transaction() as cur:
        e2e_notes.approve(cur, device_id)
    return model.Changes(sync_state=True)


def recover(db: Database, recovery_key: str) -> model.Changes:
    with db.transaction() as cur:
        e2e_notes.recover(cur, recovery_key)
    return model.Changes(sync_state=True)


def start_over(db: Database) -> model.Changes:
    with db.transaction() as cur:
        e2e_notes.start_over(cur)
    return model.Changes(sync_state=True)


def recovery_key_written(db: Database) -> model.Changes:
    with db.transaction() as cur:
        e2e_notes.recovery_key_written(cur)
    return model.Changes(sync_state=True)
