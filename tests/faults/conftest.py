"""Fault tests share the sync fixtures (tests/integration/conftest_sync.py) and add a proxy."""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test
# tree has no packages) and so shadow their names; compound asserts read as one fact here.

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest_sync import devices, sync_server  # noqa: F401 (fixtures)
from proxy import FaultProxy


@pytest.fixture
def proxy(sync_server) -> Iterator[FaultProxy]:  # type: ignore[no-untyped-def]
    fp = FaultProxy(sync_server.port)
    yield fp
    fp.close()
