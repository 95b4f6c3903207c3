"""Where Folio keeps its data: one rule, used by the CLI and the desktop alike.

Order: an explicit ``--data-dir`` wins, then ``FOLIO_DATA_DIR`` (development and
tests), then the platform's per-user data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "folio"
ENV_DATA_DIR = "FOLIO_DATA_DIR"
#: The vault's key file (sync/vault/keys.py writes it): a vault exists where it does.
VAULT_KEY_FILE = "vault.key.json"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def logs_dir(data_dir: Path) -> Path:
    return data_dir / "logs"


def vault_exists(data_dir: Path) -> bool:
    """A file check that imports nothing: the app's first screen (lock or welcome) waits
    for it, and importing the vault package (SQLCipher, cryptography, the keyring) for it
    cost a quarter of a second of the start on the 2-core development machine."""
    return (data_dir / VAULT_KEY_FILE).is_file()
