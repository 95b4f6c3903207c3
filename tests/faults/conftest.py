"""Fault tests share the sync fixtures (tests/helpers/fixtures.py) and add a proxy."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from proxy import FaultProxy

from tests.helpers.server import Server


@pytest.fixture
def proxy(sync_server: Server) -> Iterator[FaultProxy]:
    fp = FaultProxy(sync_server.port)
    yield fp
    fp.close()
