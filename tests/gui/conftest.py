"""GUI fixtures: the real app (real vault, real PyMuPDF) with a fast KDF, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.settings import SettingsStore
from sync.vault.keys import KdfParams

PIN = "2468"


@pytest.fixture
def folio(qtbot: QtBot, tmp_path: Path, qapp: QApplication) -> Iterator[FolioApp]:
    app = FolioApp(
        qapp,
        data_dir=tmp_path / "data",
        kdf=KdfParams.FAST_FOR_TESTS,
        store=SettingsStore(tmp_path / "config" / "desktop.json"),
    )
    qtbot.addWidget(app.window)
    app.window.resize(1280, 820)
    app.start()
    yield app
    app.shutdown()
    app.translations.apply("en")


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
