"""welcome -> demo -> PIN -> meetings -> meeting -> document -> find -> search -> lock -> unlock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from tests.gui.conftest import PIN, start_demo

# The offscreen platform cannot propagate size hints of top-level windows; harmless there.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _meeting_row(folio: FolioApp, text: str) -> int:
    assert folio.window.reader is not None
    lst = folio.window.reader.meetings.list
    for i in range(lst.count()):
        if text in lst.item(i).text():
            return i
    raise AssertionError(f"no meeting row with {text!r}")


def test_main_path(qtbot: QtBot, folio: FolioApp) -> None:
    start_demo(qtbot, folio)
    w = folio.window
    reader = w.reader
    assert reader is not None
    texts = [reader.meetings.list.item(i).text() for i in range(reader.meetings.list.count())]
    assert texts[0] == "Upcoming"
    assert "Past" in texts
    assert not any("Ready for the meeting" in t for t in texts)  # said only when not ready

    # meetings -> meeting
    row = _meeting_row(folio, "Børne- og Ungeudvalget")
    reader.meetings.list.itemActivated.emit(reader.meetings.list.item(row))
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.meeting, timeout=5000)
    agenda = reader.meeting.agenda
    labels = [agenda.topLevelItem(i).text(0) for i in range(agenda.topLevelItemCount())]
    assert any("Closed item" in label for label in labels)  # text, not colour alone

    # meeting -> the 220-page annex
    item3 = agenda.topLevelItem(2)
    annex = item3.child(1)
    agenda.itemActivated.emit(annex, 0)
    viewer = reader.viewer
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=10000)
    assert viewer.info is not None
    assert viewer.info.page_count >= 200
    qtbot.waitUntil(lambda: len(viewer.page_view.cache) > 0, timeout=10000)
    assert "of 220" in viewer.reading_bar.position.text()

    # find in document: every hit highlighted, next moves on
    viewer.show_find()
    qtbot.keyClicks(viewer.find_bar.edit, "høringen")
    with qtbot.waitSignal(viewer.find_did_finish, timeout=20000) as blocker:
        qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Return)
    assert blocker.args[0] >= 200
    first = viewer.hit_index
    viewer.find_bar.next_button.click()
    assert viewer.hit_index == first + 1
    assert viewer.find_bar.status.text().startswith(f"{first + 2} of ")

    # next agenda item from inside the document
    viewer.controls.next_item.click()
    qtbot.waitUntil(
        lambda: viewer.document is not None and "fortroligt" in viewer.document.title, timeout=10000
    )

    # search everywhere -> jump to the page with the hit highlighted
    qtbot.keyClicks(reader.search_edit, "consultation")
    qtbot.keyClick(reader.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.search_page, timeout=5000)
    results = reader.search_page.results
    assert results.count() > 0
    doc_rows = [
        i
        for i in range(results.count())
        if "page" in (results.item(i).data(Qt.ItemDataRole.AccessibleTextRole) or "")
    ]
    assert doc_rows
    results.itemActivated.emit(results.item(doc_rows[0]))
    qtbot.waitUntil(
        lambda: viewer.document is not None and viewer.info is not None and bool(viewer.hits),
        timeout=10000,
    )
    assert viewer.hit_index >= 0

    # lock: keys dropped, screens gone; unlock with the PIN
    reader.lock_button.click()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.lock_page, timeout=5000)
    assert w.reader is None
    api = w.api
    assert api is not None
    folio.runner.vault.wait_idle(5)
    qtbot.waitUntil(lambda: api.is_locked, timeout=5000)
    w.lock_page.pin.setText("0000")
    w.lock_page.ok.click()
    qtbot.waitUntil(lambda: "not right" in w.lock_page.message.text(), timeout=5000)
    w.lock_page.pin.setText(PIN)
    w.lock_page.ok.click()
    qtbot.waitUntil(lambda: w.reader is not None, timeout=5000)
    assert not api.is_locked
