"""Machine policy in the app: a locked key is shown as managed; the reader's own keys persist."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.settings import SettingsStore
from desktop.widgets.discussion import DeadlineBands
from sync.api import KdfParams
from tests.gui.conftest import SharedDemoServer, SharedDemoSession, start_demo

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def managed(
    qtbot: QtBot, tmp_path: Path, qapp: QApplication, demo_server: SharedDemoServer
) -> Iterator[FolioApp]:
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text(
        'auto_lock_minutes = 15\nlocked = ["auto_lock_minutes"]\n'
        "deadline_amber_hours = 120\ndeadline_red_hours = 48\n",
        "utf-8",
    )
    app = FolioApp(
        qapp,
        data_dir=tmp_path / "data",
        kdf=KdfParams.FAST_FOR_TESTS,
        store=SettingsStore(tmp_path / "data", environ={"FOLIO_POLICY": str(policy_file)}),
        demo_session=SharedDemoSession(demo_server),
    )
    qtbot.addWidget(app.window)
    app.start()
    yield app
    app.shutdown()
    app.translations.apply("en")
    demo_server.after_test()


def test_a_locked_key_is_managed_and_an_open_key_persists(
    qtbot: QtBot, managed: FolioApp, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    start_demo(qtbot, managed)
    w = managed.window
    assert w.idle.timer.interval() == 15 * 60_000  # the policy's minutes apply
    assert w.reader is not None
    # The decisions overview colours deadlines by the organisation's thresholds.
    assert w.reader.decisions.bands == DeadlineBands(amber_hours=120, red_hours=48)
    w.reader.show_settings()
    page = w.reader.settings_page
    assert not page.auto_lock.isEnabled()
    assert page.auto_lock.value() == 15
    assert page.managed["auto_lock_minutes"].text() == "Managed by your organisation"
    assert page.language.isEnabled()
    assert "language" not in page.managed

    page.language.setCurrentIndex(page.language.findData("sv"))
    qtbot.waitUntil(lambda: managed.language == "sv", timeout=5000)
    again = SettingsStore(
        tmp_path / "data", environ={"FOLIO_POLICY": str(tmp_path / "policy.toml")}
    )
    assert again.load().language == "sv"
    assert again.load().auto_lock_minutes == 15
    # A settings change is the explicit event that reloads the Api's effective policy
    # (on the vault lane; sync/config/effective.py logs each reload).
    caplog.set_level(logging.INFO, logger="sync.config.effective")
    caplog.clear()
    w.reader.viewer.controls.night_button.setChecked(True)
    qtbot.waitUntil(
        lambda: any(r.getMessage() == "policy.reloaded" for r in caplog.records), timeout=5000
    )
    # The reader cannot undo the lock by writing their own value.
    assert (
        managed.store.save(
            again.load().__class__(language="sv", auto_lock_minutes=1)
        ).auto_lock_minutes
        == 15
    )
