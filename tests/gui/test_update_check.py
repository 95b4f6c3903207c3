"""Settings > Check for updates asks the enrolled server off the UI thread, says what it found."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.settings import SettingsStore
from sync.api import KdfParams
from tests.gui.conftest import SharedDemoServer, SharedDemoSession, start_demo

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _app(
    qapp: QApplication,
    tmp_path: Path,
    demo_server: SharedDemoServer,
    policy_text: str,
    monkeypatch: pytest.MonkeyPatch,
) -> FolioApp:
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text(policy_text, "utf-8")
    # The machine policy is process-wide (as /etc/folio/policy.toml is in production).
    monkeypatch.setenv("FOLIO_POLICY", str(policy_file))
    return FolioApp(
        qapp,
        data_dir=tmp_path / "data",
        kdf=KdfParams.FAST_FOR_TESTS,
        store=SettingsStore(tmp_path / "data", environ={"FOLIO_POLICY": str(policy_file)}),
        demo_session=SharedDemoSession(demo_server),
    )


@pytest.fixture(params=["enabled", "disabled"])
def app(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    tmp_path: Path,
    qapp: QApplication,
    demo_server: SharedDemoServer,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[str, FolioApp]]:
    text = "update_check = false\n" if request.param == "disabled" else ""
    folio = _app(qapp, tmp_path, demo_server, text, monkeypatch)
    qtbot.addWidget(folio.window)
    folio.start()
    yield request.param, folio
    folio.shutdown()
    demo_server.after_test()


def test_check_for_updates_reports_in_words(qtbot: QtBot, app: tuple[str, FolioApp]) -> None:
    mode, folio = app
    start_demo(qtbot, folio)
    reader = folio.window.reader
    assert reader is not None
    reader.show_settings()
    page = reader.settings_page
    assert page.update_button.accessibleName()
    qtbot.mouseClick(page.update_button, Qt.MouseButton.LeftButton)
    expected = (
        "Folio is up to date."  # the demo server has published no release
        if mode == "enabled"
        else "Update checks are turned off by your organisation or not set up."
    )
    # The check queues behind the demo's first sync: on a loaded machine that takes a while.
    qtbot.waitUntil(lambda: page.message.text() == expected, timeout=60_000)
