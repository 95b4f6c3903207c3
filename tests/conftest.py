"""Process-wide test environment: offscreen Qt, file-backed device secrets, no real home.

Every test runs with the secret store and config dir pointed into its own sandbox
so nothing leaks into (or depends on) the developer's keyring or home folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["FOLIO_SECRET_BACKEND"] = "file"


@pytest.fixture(autouse=True)
def _sandbox_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    config = tmp_path_factory.mktemp("config")
    old = os.environ.get("FOLIO_CONFIG_DIR")
    os.environ["FOLIO_CONFIG_DIR"] = str(config)
    yield config
    if old is None:
        os.environ.pop("FOLIO_CONFIG_DIR", None)
    else:
        os.environ["FOLIO_CONFIG_DIR"] = old
