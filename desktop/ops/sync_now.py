""" "Sync now" when this device is not connected to a server (no sync service running).

A connected device's "Sync now" wakes the SyncService (desktop/syncing.py); this
is the other case, which only says so in one line. Runs on the vault lane.
"""

from __future__ import annotations

from sync.api import Api
from sync.errors import ErrorKind, FolioError
from sync.model import Changes


def sync_now(api: Api) -> Changes:
    del api  # the reader's vault is not enrolled: there is nothing to sync with
    raise FolioError(ErrorKind.NOT_ENROLLED, "no server configured")
