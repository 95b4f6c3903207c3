"""Shared unit-test fixtures: a fresh vault with the test-only fast KDF.

The root conftest already points the secret store (file backend) and the
config dir into the test's sandbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.vault import KdfParams, UnlockedVault, Vault

TEST_PIN = "246810"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def vault(data_dir: Path) -> Iterator[UnlockedVault]:
    """An unlocked vault (PIN ``TEST_PIN``), locked again after the test if still open."""
    unlocked = Vault.create(data_dir, TEST_PIN, kdf=KdfParams.FAST_FOR_TESTS)
    yield unlocked
    if not unlocked.locked and Vault.exists(data_dir):
        unlocked.lock()
