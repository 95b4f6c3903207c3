"""Screenshots of every screen (en, da), accessible names, keyboard walk, translations."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from tests.gui.conftest import PIN

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"

# The offscreen platform cannot propagate size hints of top-level windows; harmless there.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def unnamed_widgets(root: QWidget) -> list[str]:
    missing = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or not w.isVisible() or isinstance(w, QTabBar):
            continue
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(w, QAbstractButton):
            continue
        if w.objectName().startswith("qt_"):  # Qt's own internals (e.g. the spin box's line edit)
            continue
        if not w.accessibleName().strip():
            missing.append(f"{type(w).__name__} in {type(w.parent()).__name__}")
    return missing


def shoot(folio: FolioApp, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    folio.window.grab().save(str(SHOTS / f"{name}-{folio.language}.png"))
    missing = unnamed_widgets(folio.window)
    assert not missing, f"{name}: interactive widgets without an accessible name: {missing}"


@pytest.mark.parametrize("language", ["en", "da"])
def test_screenshots_and_accessible_names(qtbot: QtBot, folio: FolioApp, language: str) -> None:
    folio.set_language(language)
    assert folio.language == language
    w = folio.window
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.welcome, timeout=5000)
    shoot(folio, "1-welcome")
    w.welcome.demo_button.click()
    shoot(folio, "2-pin")
    start_pin = w.pin_setup
    start_pin.pin.setText(PIN)
    start_pin.repeat.setText(PIN)
    start_pin.ok.click()
    qtbot.waitUntil(lambda: w.reader is not None, timeout=60000)
    reader = w.reader
    assert reader is not None
    qtbot.waitUntil(lambda: reader.meetings.list.count() >= 4, timeout=10000)
    shoot(folio, "3-meetings")
    lst = reader.meetings.list
    row = next(i for i in range(lst.count()) if "Børne" in lst.item(i).text())
    lst.itemActivated.emit(lst.item(row))
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.meeting, timeout=5000)
    agenda = reader.meeting.agenda
    agenda.itemActivated.emit(agenda.topLevelItem(2).child(1), 0)
    viewer = reader.viewer
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=10000)
    qtbot.waitUntil(
        lambda: viewer.page_view.pending_renders == 0 and len(viewer.page_view.cache) > 1,
        timeout=10000,
    )
    shoot(folio, "4-meeting-document")
    ready = reader.meeting.ready  # the pack state line wraps instead of being cut off
    assert ready.wordWrap()
    assert ready.height() >= ready.heightForWidth(ready.width())
    viewer.controls.panel_button.click()
    viewer.show_find()
    viewer.find_bar.edit.setText("høringen")
    with qtbot.waitSignal(viewer.find_did_finish, timeout=20000):
        viewer.find_text("høringen")
    qtbot.waitUntil(lambda: viewer.page_view.pending_renders == 0, timeout=10000)
    shoot(folio, "5-find-thumbnails")
    viewer.panel.setCurrentIndex(1)
    viewer.controls.night_button.click()
    qtbot.waitUntil(lambda: viewer.page_view.pending_renders == 0, timeout=10000)
    shoot(folio, "6-outline-night")
    viewer.controls.night_button.click()
    agenda.setCurrentItem(agenda.topLevelItem(3))
    shoot(folio, "7-closed-item")
    reader.search("consultation")
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.search_page, timeout=5000)
    shoot(folio, "8-search")
    reader.show_settings()
    qtbot.waitUntil(lambda: reader.settings_page.storage.text() != "…", timeout=5000)
    shoot(folio, "9-settings")
    reader.lock_button.click()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.lock_page, timeout=5000)
    shoot(folio, "10-lock")


def test_keyboard_only_main_path(qtbot: QtBot, folio: FolioApp) -> None:
    w = folio.window
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.welcome, timeout=5000)
    # Tab from the server address to "Try the demo", then Space.
    w.welcome.url.setFocus()
    for _ in range(10):
        if QApplication.focusWidget() is w.welcome.demo_button:
            break
        qtbot.keyClick(QApplication.focusWidget() or w, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is w.welcome.demo_button
    qtbot.keyClick(w.welcome.demo_button, Qt.Key.Key_Space)
    assert w.stack.currentWidget() is w.pin_setup
    qtbot.keyClicks(w.pin_setup.pin, PIN)
    qtbot.keyClick(w.pin_setup.pin, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is w.pin_setup.repeat
    qtbot.keyClicks(w.pin_setup.repeat, PIN)
    qtbot.keyClick(w.pin_setup.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.reader is not None, timeout=60000)
    reader = w.reader
    assert reader is not None
    qtbot.waitUntil(lambda: reader.meetings.list.count() >= 4, timeout=10000)
    lst = reader.meetings.list
    lst.setFocus()
    qtbot.keyClick(lst, Qt.Key.Key_Return)  # first upcoming meeting is current
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.meeting, timeout=5000)
    agenda = reader.meeting.agenda
    agenda.setFocus()
    # Down to the first document and open it with Return.
    for _ in range(6):
        cur = agenda.currentItem()
        if cur is not None and cur.parent() is not None:
            break
        qtbot.keyClick(agenda, Qt.Key.Key_Down)
    qtbot.keyClick(agenda, Qt.Key.Key_Return)
    viewer = reader.viewer
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=10000)
    qtbot.keyClick(viewer, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is viewer.find_bar.edit
    qtbot.keyClicks(viewer.find_bar.edit, "the")
    with qtbot.waitSignal(viewer.find_did_finish, timeout=10000):
        qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Return)
    assert viewer.hits
    reader.search_edit.setFocus()
    qtbot.keyClicks(reader.search_edit, "consultation")
    qtbot.keyClick(reader.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.search_page, timeout=5000)
    qtbot.keyClick(reader.search_page.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.meeting, timeout=5000)
    qtbot.keyClick(reader, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.lock_page, timeout=5000)
    qtbot.keyClicks(w.lock_page.pin, PIN)
    qtbot.keyClick(w.lock_page.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.reader is not None, timeout=5000)


@pytest.mark.parametrize("language", ["da", "sv", "en"])
def test_translations_complete(language: str) -> None:
    tree = ET.parse(ROOT / "resources" / "i18n" / f"folio_{language}.ts")
    problems = []
    for msg in tree.getroot().iter("message"):
        source = msg.findtext("source") or ""
        tr = msg.find("translation")
        assert tr is not None
        if tr.get("type") in ("unfinished", "obsolete", "vanished"):
            problems.append(source)
        elif msg.get("numerus") == "yes":
            if not all((f.text or "").strip() for f in tr.findall("numerusform")):
                problems.append(source)
        elif not (tr.text or "").strip():
            problems.append(source)
    assert not problems, f"untranslated in {language}: {problems}"
