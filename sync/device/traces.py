"""What a wipe removes besides the vault: the same files on every wipe path.

A device is wiped three ways: the reader's ``folio wipe`` (or "Sign out and
wipe"), too many wrong PINs, and the server's order carried out by the sync
engine. Each ends in ``Vault.wipe``, which calls ``remove_device_traces`` once the
keys and the encrypted files are gone, so no path leaves behind what another
removes. None of these files holds content, but together they say who used the
tablet, with which server and when: the logs, the reader's settings, the update
checker's state and the enrollment marker.

Left in place on purpose: IT's last good machine policy (``policy.LAST_GOOD_FILE``,
the organisation's, not the reader's) and anything Folio did not write.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from sync.config import policy
from sync.config.paths import logs_dir
from sync.device.logging_setup import release_log_files

DEVICE_FILE = (
    "device.json"  # sync.device.enrollment.DEVICE_FILE (that module imports the vault's users)
)
UPDATE_STATE_FILE = "update-state.json"  # sync.device.updates.STATE_FILE

#: Files in the data dir a wipe deletes (and their half-written temporaries).
TRACE_FILES = (
    DEVICE_FILE,
    f".tmp-{DEVICE_FILE}",
    policy.SETTINGS_JSON,
    policy.SETTINGS_TOML,
    UPDATE_STATE_FILE,
    "update-state.tmp",
)


def remove_device_traces(data_dir: Path) -> None:
    """Close and delete the logs, then the settings, update state and marker."""
    release_log_files(logs_dir(data_dir))
    shutil.rmtree(logs_dir(data_dir), ignore_errors=True)
    for name in TRACE_FILES:
        with contextlib.suppress(FileNotFoundError):
            (data_dir / name).unlink()
    for leftover in data_dir.glob(f"{policy.SETTINGS_JSON}.*"):  # the settings' temporaries
        leftover.unlink(missing_ok=True)
