"""GUI fixtures: the real app (real vault, real PyMuPDF) with a fast KDF, offscreen.

Starting the demo server (server/demo.py: init, publish, listen) costs seconds,
so one server serves the whole GUI session; it starts the first time a test
chooses the demo. Each test still gets its own fresh vault, enrolled as a new
device of the demo member.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.demo import DemoSession
from desktop.settings import SettingsStore
from server.demo import DemoServer, start_demo_server
from sync.api import KdfParams
from sync.config import policy

PIN = "2468"


class SharedDemoServer:
    """The session's one demo server, started on first use."""

    def __init__(self) -> None:
        self.server: DemoServer | None = None

    def get(self) -> DemoServer:
        if self.server is None:
            self.server = start_demo_server()
        return self.server

    def after_test(self) -> None:
        """A test that paused the server (offline) and failed before resuming: serve again."""
        server = self.server
        if server is not None and not server._thread.is_alive():  # a test-only peek: paused?
            server.resume()

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


class SharedDemoSession(DemoSession):
    """A DemoSession over the shared server: the app's ``stop()`` lets go, never stops it."""

    def __init__(self, shared: SharedDemoServer) -> None:
        super().__init__()
        self._shared = shared

    def ensure_server(self) -> DemoServer:
        self.server = self._shared.get()
        return self.server

    def stop(self) -> None:
        self.server = None


@pytest.fixture(autouse=True)
def _guide_already_seen(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """A returning reader: the first-run guide (a sheet over the screen after the first
    unlock) was seen, so tests of other screens see those screens. The app's data dir is
    ``tmp_path / "data"`` in every GUI test; ``@pytest.mark.first_run`` keeps it new."""
    if request.node.get_closest_marker("first_run") is not None:
        return
    data_dir = tmp_path / "data"
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    policy.save_user_setting(data_dir, "guide_seen", True, policy.load(data_dir))


@pytest.fixture(scope="session")
def demo_server() -> Iterator[SharedDemoServer]:
    shared = SharedDemoServer()
    yield shared
    shared.stop()


@pytest.fixture
def folio(
    qtbot: QtBot, tmp_path: Path, qapp: QApplication, demo_server: SharedDemoServer
) -> Iterator[FolioApp]:
    app = FolioApp(
        qapp,
        data_dir=tmp_path / "data",
        kdf=KdfParams.FAST_FOR_TESTS,
        store=SettingsStore(tmp_path / "data"),
        demo_session=SharedDemoSession(demo_server),
    )
    qtbot.addWidget(app.window)
    app.window.resize(1280, 820)
    app.start()
    yield app
    app.shutdown()
    app.translations.apply("en")
    demo_server.after_test()


def start_demo(qtbot: QtBot, folio: FolioApp) -> None:
    """welcome -> Try the demo -> choose PIN -> meetings."""
    w = folio.window
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.welcome, timeout=5000)
    w.welcome.demo_button.click()
    assert w.stack.currentWidget() is w.pin_setup
    w.pin_setup.pin.setText(PIN)
    w.pin_setup.repeat.setText(PIN)
    w.pin_setup.ok.click()
    qtbot.waitUntil(lambda: w.reader is not None, timeout=60000)
    assert w.reader is not None
    reader = w.reader
    qtbot.waitUntil(lambda: reader.meetings.list.count() >= 4, timeout=10000)
