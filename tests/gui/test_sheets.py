"""Touch-sized sheets: the note/remark editor and the confirmation, on real widgets.

They replace QInputDialog and QMessageBox (issue 15): buttons of 9 mm that name
the choice, inside the window (so the screenshots show them), Esc and the cancel
button as the only ways out, Tab kept inside. Screenshots at the issue's three
sizes in English and Danish go to artifacts/screenshots/sheets/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton
from pytestqt.qtbot import QtBot

from desktop.app import Translations
from desktop.style.palette import ThemeChoice
from desktop.style.theme import AppStyle
from desktop.widgets.sheets import ConfirmSheet, TextSheet, ask_confirm, ask_text

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots" / "sheets"
SIZES = [(1280, 800), (1920, 1200), (800, 1280)]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication) -> Iterator[QMainWindow]:
    old_sheet, old_palette, old_style = qapp.styleSheet(), qapp.palette(), qapp.style().name()
    AppStyle(qapp, ThemeChoice.LIGHT).apply()
    w = QMainWindow()
    page = QLabel("Budget 2027 — page 12 of 300")
    page.setAlignment(Qt.AlignmentFlag.AlignCenter)
    w.setCentralWidget(page)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    yield w
    qapp.setStyleSheet(old_sheet)
    qapp.setStyle(old_style)
    qapp.setPalette(old_palette)


def test_text_sheet_saves_what_was_written(qtbot: QtBot, window: QMainWindow) -> None:
    sheet = TextSheet(window, "Sticky note", "Your note:", "Ask about", action="Save note")
    sheet.open()
    assert sheet.geometry() == window.rect()  # the scrim covers the window: no stray taps
    assert sheet.edit.hasFocus()
    qtbot.keyClicks(sheet.edit, " the school budget")
    with qtbot.waitSignal(sheet.finished) as done:
        qtbot.mouseClick(sheet.save, Qt.MouseButton.LeftButton)
    assert done.args == [True]
    assert sheet.text() == "Ask about the school budget"


def test_text_sheet_cancel_and_escape(qtbot: QtBot, window: QMainWindow) -> None:
    sheet = TextSheet(window, "Approve with a remark", "Your remark:")
    sheet.open()
    with qtbot.waitSignal(sheet.finished) as done:
        qtbot.keyClick(sheet.edit, Qt.Key.Key_Escape)
    assert done.args == [False]
    again = TextSheet(window, "Approve with a remark", "Your remark:")
    again.open()
    with qtbot.waitSignal(again.finished) as done:
        qtbot.mouseClick(again.cancel, Qt.MouseButton.LeftButton)
    assert done.args == [False]


def test_a_tap_beside_the_card_does_not_close_it(qtbot: QtBot, window: QMainWindow) -> None:
    sheet = TextSheet(window, "Sticky note", "Your note:", "half a thought")
    sheet.open()
    qtbot.mouseClick(sheet, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert sheet.isVisible()
    assert sheet.text() == "half a thought"
    sheet.reject()


def test_required_text_and_ctrl_return(qtbot: QtBot, window: QMainWindow) -> None:
    sheet = TextSheet(window, "Comment", "Your comment:", required=True, action="Send")
    sheet.open()
    assert not sheet.save.isEnabled()
    qtbot.keyClick(sheet.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert sheet.isVisible()  # nothing to send yet
    qtbot.keyClicks(sheet.edit, "Agreed")
    assert sheet.save.isEnabled()
    with qtbot.waitSignal(sheet.finished) as done:
        qtbot.keyClick(sheet.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert done.args == [True]
    assert sheet.text() == "Agreed"


def test_tab_stays_in_the_sheet(qtbot: QtBot, window: QMainWindow) -> None:
    behind = QPushButton("Behind", window)
    behind.show()
    sheet = TextSheet(window, "Sticky note", "Your note:")
    sheet.open()
    seen = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert behind not in seen
    assert {sheet.edit, sheet.save, sheet.cancel} <= set(seen)
    sheet.reject()


def test_confirm_sheet_names_the_choice_and_focuses_the_safe_one(
    qtbot: QtBot, window: QMainWindow
) -> None:
    sheet = ConfirmSheet(
        window,
        "Approve this case?",
        "“Budget 2027” is approved in your name and sent when you are online.",
        "Approve",
        warning="The deadline has passed.",
    )
    sheet.open()
    assert sheet.confirm.text() == "Approve"
    assert sheet.cancel.hasFocus()  # Return alone never decides
    with qtbot.waitSignal(sheet.finished) as done:
        qtbot.keyClick(sheet.cancel, Qt.Key.Key_Return)
    assert done.args == [False]


def test_run_returns_the_answer(qtbot: QtBot, window: QMainWindow) -> None:
    def choose() -> None:
        sheet = window.findChild(ConfirmSheet)
        assert sheet is not None
        sheet.confirm.click()

    QTimer.singleShot(0, choose)
    assert ask_confirm(window, "Reject this case?", "…", "Reject", destructive=True) is True

    def write() -> None:
        sheet = window.findChild(TextSheet)
        assert sheet is not None
        sheet.edit.setPlainText("see p. 4")
        sheet.save.click()

    QTimer.singleShot(0, write)
    assert ask_text(window, "Sticky note", "Your note:") == "see p. 4"

    def cancel() -> None:
        sheet = window.findChild(TextSheet)
        assert sheet is not None
        sheet.cancel.click()

    QTimer.singleShot(0, cancel)
    assert ask_text(window, "Sticky note", "Your note:") is None


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sheets_fit_every_size(
    qtbot: QtBot, qapp: QApplication, window: QMainWindow, language: str, size: tuple[int, int]
) -> None:
    translations = Translations(qapp)
    translations.apply(language)
    try:
        window.resize(*size)
        qtbot.waitUntil(lambda: window.size().width() == size[0])
        touch = 34
        note = TextSheet(window, "Sticky note", "Your note:", "Ask about the deadline")
        note.open()
        card = note.card.geometry()
        assert window.rect().contains(card)
        assert note.save.height() >= touch
        assert note.cancel.height() >= touch
        assert note.save.width() >= note.save.sizeHint().width()  # the label is never cut
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SHOTS / f"note-{size[0]}x{size[1]}-{language}.png"))
        note.reject()
        confirm = ConfirmSheet(
            window,
            "Approve this case?",
            "“School extension, phase 2” is approved in your name and sent when you are"
            " online. You cannot change a decision once it is sent.",
            "Approve “School extension, phase 2”",
            warning="The deadline has passed: the secretariat decides whether it still counts.",
        )
        confirm.open()
        assert window.rect().contains(confirm.card.geometry())
        for b in (confirm.confirm, confirm.cancel):
            assert b.height() >= touch
            assert b.width() >= b.sizeHint().width(), b.text()
        window.grab().save(str(SHOTS / f"confirm-{size[0]}x{size[1]}-{language}.png"))
        confirm.reject()
    finally:
        translations.apply("en")
