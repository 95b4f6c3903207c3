"""The reader approves her new tablet on one she has (docs/spec/e2e-notes.md).

For tests with two tablets of one reader: her private notes reach the second only
once it is approved, as in the app.
"""

from __future__ import annotations

from typing import Any


def approve_notes(new: Any, by: Any) -> None:
    """The commit / answer / reveal rounds, the six digits compared on both tablets,
    the approval sent and taken. ``new`` and ``by`` are enrolled test devices (with
    ``sync()``, ``api`` and ``device_id``); ``by`` holds the notes key, or makes it."""
    assert by.sync().ok
    for _ in range(4):
        assert new.sync().ok
        assert by.sync().ok
        asking = [d for d in by.api.pending_devices() if d.device_id == new.device_id]
        if asking and asking[0].code is not None:
            break
    else:
        raise AssertionError("the new tablet never showed a code")
    assert asking[0].code == new.api.notes_status().code
    by.api.approve_device(new.device_id)
    assert by.sync().ok
    assert new.sync().ok
    assert new.api.notes_status().approved
