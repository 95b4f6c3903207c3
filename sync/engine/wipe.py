"""Wipe: the server revoked this device (or told it to wipe) — destroy the vault, then ack.

Order: the vault's keys go first (UnlockedVault.wipe destroys the wrapped master
key and the device secret before the files, then removes the same traces as
``folio wipe``: logs, settings, update state and the enrollment marker, see
sync/device/traces.py), then the acknowledgement to the server with the tokens still in
memory; the server records it as the wipe's time (``folio-server device list``). A revoked
device's ack is refused (401 device_revoked) — that is fine, the server already
knows; the ack only matters for a device.wipe order from a device not yet revoked.
"""

from __future__ import annotations

from sync.client import FolioClient
from sync.engine import events
from sync.errors import FolioError
from sync.vault import UnlockedVault


def run(vault: UnlockedVault, client: FolioClient, *, why: str) -> bool:
    """Wipe and try to acknowledge. Returns whether the server took the ack."""
    vault.wipe()
    events.emit(events.WIPE_DONE, why=why)
    try:
        client.device_wiped()
    except FolioError as exc:
        events.emit(events.WIPE_ACKED, ok=False, kind=exc.kind.value)
        return False
    events.emit(events.WIPE_ACKED, ok=True)
    return True
