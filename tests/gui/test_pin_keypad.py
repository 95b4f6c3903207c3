"""The PIN keypad and the decisions screen in the real app (demo server), in Danish.

The reader sets her PIN with the keypad, sees the wipe rule and what to do after a
forgotten PIN before typing, opens a case's documents from the decisions screen,
sees the confirmation sheet name her choice, locks, and unlocks with the keypad.
Screenshots at 1280x800 and portrait 800x1280 go to artifacts/screenshots/.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.tasks import OnFailure
from desktop.widgets.pinpad import PinPad
from desktop.widgets.sheets import ConfirmSheet
from tests.gui.conftest import PIN
from tests.gui.test_screens import shoot
from tests.gui.test_touch_audit import audit

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _type(pad: PinPad, field: QLineEdit, pin: str) -> None:
    """Tap the field (it becomes the keypad's target), then the keys."""
    QTest.mouseClick(field, Qt.MouseButton.LeftButton)
    for digit in pin:
        pad.digits[digit].click()


def test_keypad_pin_and_decisions_with_their_documents(qtbot: QtBot, folio: FolioApp) -> None:
    # The start's look for a vault answers first (on the vault lane, in order), so it
    # cannot bring the welcome screen back over the PIN screen halfway through.
    started: list[object] = []
    folio.runner.vault.submit(lambda: None, started.append, failure=OnFailure.LOG)
    qtbot.waitUntil(lambda: bool(started), timeout=10000)
    folio.set_language("da")
    w = folio.window
    w.resize(1280, 800)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.welcome, timeout=5000)
    w.welcome.demo_button.click()
    setup = w.pin_setup
    # Said before anything is typed: how many wrong PINs wipe, and what then.
    assert setup.rule.isVisible()
    assert "10" in setup.rule.text()
    assert setup.forgotten.isVisible()
    assert setup.forgotten.text() not in ("", setup.rule.text())

    _type(setup.pad, setup.pin, PIN + "9")
    setup.pad.delete.click()  # a slip of the finger: one digit back
    assert setup.pin.text() == PIN
    assert setup.pin.echoMode() is QLineEdit.EchoMode.Password
    setup.pad.show_text.click()
    assert setup.pin.echoMode() is QLineEdit.EchoMode.Normal
    _type(setup.pad, setup.repeat, PIN)
    assert setup.repeat.text() == PIN
    shoot(folio, "30-pin-setup-1280x800")
    assert audit(w) == []
    setup.pad.switch.click()  # the keyboard, for a passphrase: the keys go away
    assert not setup.pad.keys.isVisible()
    setup.pad.switch.click()
    assert setup.pad.keys.isVisible()
    setup.ok.click()
    qtbot.waitUntil(lambda: w.reader is not None, timeout=60000)
    reader = w.reader
    assert reader is not None

    # Decisions: each case with its meeting; the sheet names the choice.
    reader.show_decisions()
    page = reader.decisions
    qtbot.waitUntil(lambda: page.cases.topLevelItemCount() > 0, timeout=10000)
    row = page.current_row()
    assert row is not None
    assert row.meeting_title
    assert row.meeting_title in page.cases.currentItem().text(1)
    assert row.meeting_title in page.meeting_line.text()
    page.approve.click()
    sheet = page.sheet
    assert isinstance(sheet, ConfirmSheet)
    assert row.item_number
    assert row.item_number in sheet.confirm.text()
    assert row.item_title in sheet.title.text()
    shoot(folio, "31-decision-sheet-1280x800")
    assert audit(w) == []
    sheet.cancel.click()
    shoot(folio, "32-decisions-1280x800")

    # Open documents: the case's first document in reading mode.
    assert row.document_ids
    page.open_documents.click()
    qtbot.waitUntil(
        lambda: (
            reader.reading
            and reader.viewer.document is not None
            and reader.viewer.document.id == row.document_ids[0]
        ),
        timeout=10000,
    )

    # Lock, then unlock with the keypad; the lock screen says the vault's own rule.
    reader.lock_button.click()
    lock = w.lock_page
    qtbot.waitUntil(lambda: w.stack.currentWidget() is lock and lock.rule.isVisible(), timeout=5000)
    assert "10" in lock.rule.text()
    w.resize(800, 1280)
    shoot(folio, "33-lock-800x1280")
    assert audit(w) == []
    _type(lock.pad, lock.pin, "1357")  # a wrong PIN: the rule now says how many are left
    lock.ok.click()
    qtbot.waitUntil(lambda: "9" in lock.rule.text(), timeout=10000)
    assert lock.message.text()
    assert lock.pin.text() == ""
    _type(lock.pad, lock.pin, PIN)
    lock.ok.click()
    qtbot.waitUntil(lambda: w.reader is not None, timeout=20000)
    reader = w.reader
    assert reader is not None
    reader.show_decisions()
    page = reader.decisions
    qtbot.waitUntil(lambda: page.cases.topLevelItemCount() > 0, timeout=10000)
    shoot(folio, "34-decisions-800x1280")
    page.approve_remark.click()
    assert page.sheet is not None
    shoot(folio, "35-remark-sheet-800x1280")
    page.sheet.reject()
