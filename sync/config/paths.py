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


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def logs_dir(data_dir: Path) -> Path:
    return data_dir / "logs"
