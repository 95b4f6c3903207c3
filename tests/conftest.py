"""Process-wide test environment: offscreen Qt, file-backed device secrets, no real home.

Every test runs with the secret store and config dir pointed into its own sandbox
so nothing leaks into (or depends on) the developer's keyring or home folder.

A Python ``logging`` warning (or worse) fails the test that caused it, as a Qt warning
does (``qt_log_level_fail``): a warning nobody expected is a bug nobody looked at. A test
that provokes one on purpose says so with ``@pytest.mark.log_expect("regex", ...)``,
matched against ``"logger.name: message"``; each use carries a comment saying why.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.none_refcount import keep_none_alive

#: The server, device and cluster fixtures every suite shares, and how pytest-xdist
#: shares the suite between workers (``./dev test`` runs ``-n 2 --dist loadfile``).
pytest_plugins = ["tests.helpers.fixtures", "tests.helpers.schedule"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Before any test's Qt override runs: PySide6 6.12 loses references to None
# (desktop/none_refcount.py); the app does this on import of desktop.
keep_none_alive()
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


class _WarningCatcher(logging.Handler):
    """Every record at WARNING or above that reaches the root logger, from any thread."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _describe(record: logging.LogRecord) -> str:
    return f"{record.name}: {record.getMessage()}"


#: Warnings every suite may meet, each the designed outcome of what a test drives:
#: urllib3 logs each retry of the engine's Retry policy (a stopped server, a fault
#: proxy, or a slow answer on a loaded machine: the test asserts the round's outcome);
#: a vault logs its wipe (revocation, the last wrong PIN, sign-out: tests assert the wipe).
EXPECTED_EVERYWHERE = (
    r"^urllib3\.connectionpool: Retrying \(",
    r"^sync\.vault\.vault: vault\.wiped$",
)


@pytest.fixture(autouse=True)
def _fail_on_log_warnings(request: pytest.FixtureRequest) -> Iterator[None]:
    """Set up first and torn down last, so setup, the test and teardown all count."""
    catcher = _WarningCatcher()
    root = logging.getLogger()
    root.addHandler(catcher)
    try:
        yield
    finally:
        root.removeHandler(catcher)
    expected = [re.compile(p) for p in EXPECTED_EVERYWHERE] + [
        re.compile(pattern)
        for marker in request.node.iter_markers("log_expect")
        for pattern in marker.args
    ]
    unexpected = [
        _describe(r) for r in catcher.records if not any(p.search(_describe(r)) for p in expected)
    ]
    if unexpected:
        lines = "\n  ".join(f"{line[:300]}" for line in unexpected[:20])
        pytest.fail(
            f"{len(unexpected)} unexpected logging warning(s) (fix them, or mark the test "
            f"@pytest.mark.log_expect(regex) with a reason):\n  {lines}",
            pytrace=False,
        )
