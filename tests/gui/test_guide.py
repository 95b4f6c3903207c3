"""The first-run guide: once after the first unlock, skippable, and again from Settings."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.screens.guide import GuideSheet
from desktop.settings import SettingsStore
from tests.gui.conftest import PIN, start_demo

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _closed(sheet: GuideSheet) -> bool:
    return not shiboken6.isValid(sheet) or not sheet.isVisible()


@pytest.mark.first_run
def test_the_guide_shows_once_skip_ends_it_and_settings_opens_it_again(
    qtbot: QtBot, folio: FolioApp, tmp_path: Path
) -> None:
    start_demo(qtbot, folio)  # the first unlock on this install (the PIN was just chosen)
    w = folio.window
    reader = w.reader
    assert reader is not None
    guide = reader.guide
    assert guide is not None
    assert guide.isVisible()
    assert guide.step == 0
    assert guide.position.text() == "1 of 4"
    assert not guide.back_button.isVisible()  # nothing before the first card
    assert guide.focusWidget() is guide.next_button
    guide.next_button.click()
    assert guide.step == 1
    assert guide.back_button.isVisible()
    qtbot.keyClick(guide, Qt.Key.Key_Left)  # the arrow keys turn the cards too
    assert guide.step == 0
    # it counts as seen once shown, in the reader's own settings (not in the vault)
    assert SettingsStore(tmp_path / "data").load().guide_seen

    with qtbot.waitSignal(guide.finished) as skipped:
        guide.skip_button.click()
    assert skipped.args == [False]
    assert _closed(guide)

    # the second unlock: no guide
    reader.lock_button.click()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.lock_page, timeout=5000)
    w.lock_page.pin.setText(PIN)
    w.lock_page.ok.click()
    qtbot.waitUntil(lambda: w.reader is not None and w.reader is not reader, timeout=10000)
    again = w.reader
    assert again is not None
    assert again.guide is None
    assert not any(s.isVisible() for s in w.findChildren(GuideSheet))

    # Settings › Show the guide: from the first card, read to the end this time
    again.show_settings()
    again.settings_page.guide_button.click()
    shown = again.guide
    assert shown is not None
    assert shown.isVisible()
    assert shown.step == 0
    for _ in range(3):
        shown.next_button.click()
    assert shown.position.text() == "4 of 4"
    assert not shown.skip_button.isVisible()
    assert shown.next_button.text() == "Start reading"
    with qtbot.waitSignal(shown.finished) as finished:
        shown.next_button.click()
    assert finished.args == [True]
    assert _closed(shown)


@pytest.mark.first_run
def test_a_lock_takes_the_open_guide_with_it(qtbot: QtBot, folio: FolioApp) -> None:
    """The guide is a sheet over the window; locking drops it with the reader's screens."""
    start_demo(qtbot, folio)
    w = folio.window
    assert w.reader is not None
    guide = w.reader.guide
    assert guide is not None
    assert guide.isVisible()
    w.lock()
    assert w.stack.currentWidget() is w.lock_page
    assert _closed(guide)
