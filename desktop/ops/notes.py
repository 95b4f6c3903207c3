"""Private notes' devices and recovery key (docs/spec/e2e-notes.md). All run on the vault lane.

The facade only records the reader's decisions; the sync round after each one
carries it out against the server, so every command here is followed by a sync.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync.api import Api, NotesStatus, PendingDevice
from sync.model import Changes


@dataclass(frozen=True)
class NotesOverview:
    """What the screens show about private notes, read in one trip to the vault lane."""

    status: NotesStatus
    requests: tuple[PendingDevice, ...]  # her other tablets asking, not yet approved here

    @property
    def last_device(self) -> bool:
        """This tablet is the only one that can open her notes (or nobody knows of another)."""
        return self.status.approved and not self.status.others_approved


def notes_overview(api: Api) -> NotesOverview:
    status = api.notes_status()
    requests = tuple(d for d in api.pending_devices() if not d.approved) if status.approved else ()
    return NotesOverview(status, requests)


def approve_device(api: Api, device_id: str) -> Changes:
    return api.approve_device(device_id)


def recover_notes(api: Api, recovery_key: str) -> Changes:
    """BAD_INPUT when the key has a typo (its check symbols catch it before any sync)."""
    return api.recover_notes(recovery_key)


def recovery_key_written(api: Api) -> Changes:
    return api.recovery_key_written()
