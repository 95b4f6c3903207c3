"""Comments, decisions, My notes and the tools in the real app (demo data), en and da."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.views.annotation_layer import Tool
from tests.gui.conftest import start_demo
from tests.gui.test_screens import shoot

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.mark.parametrize("language", ["en", "da"])
def test_tools_notes_comments_and_decide(qtbot: QtBot, folio: FolioApp, language: str) -> None:
    folio.set_language(language)
    start_demo(qtbot, folio)
    reader = folio.window.reader
    assert reader is not None
    waiting = "Waiting to send" if language == "en" else "Venter på at blive sendt"

    # Open a document, draw with the pen and a sticky note: tools and My notes.
    lst = reader.meetings.list
    row = next(i for i in range(lst.count()) if "Børne" in lst.item(i).text())
    lst.itemActivated.emit(lst.item(row))
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.meeting, timeout=5000)
    agenda = reader.meeting.agenda
    first_doc = next(
        agenda.topLevelItem(i).child(0)
        for i in range(agenda.topLevelItemCount())
        if agenda.topLevelItem(i).childCount()
    )
    agenda.itemActivated.emit(first_doc, 0)
    viewer = reader.viewer
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=10000)
    annotator = viewer.annotator
    assert annotator is not None
    annotator.set_tool(Tool.PEN)
    vp = viewer.page_view.viewport()
    pts = [
        viewer.page_view.page_to_view(0, 120 + 12 * i, 260 + (i % 3) * 6).toPoint()
        for i in range(12)
    ]
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[0])
    for p in pts[1:]:
        QTest.mouseMove(vp, p)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[-1])
    annotator.visibility.setCurrentIndex(1)  # shared with the committee: tagged in words
    annotator.ask_text = lambda _k, _t: "Ask about the timeline"
    annotator.set_tool(Tool.TEXT)
    QTest.mouseClick(
        vp, Qt.MouseButton.LeftButton, pos=viewer.page_view.page_to_view(0, 300, 200).toPoint()
    )
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 2, timeout=10000)
    qtbot.waitUntil(lambda: viewer.page_view.pending_renders == 0, timeout=10000)
    shoot(folio, "11-annotation-tools")
    reader.meeting.extras.setCurrentWidget(reader.notes_panel)
    qtbot.waitUntil(lambda: reader.notes_panel.list.count() == 2, timeout=10000)
    assert any("Ask about the timeline" in reader.notes_panel.list.item(i).text() for i in range(2))
    shoot(folio, "12-my-notes")

    # A comment on the agenda item, written offline: waiting to send.
    reader.meeting.extras.setCurrentWidget(reader.item_thread)
    thread = reader.item_thread
    thread.edit.setPlainText("Can we see last year's figures?")
    thread.send.click()
    qtbot.waitUntil(
        lambda: (
            thread.tree.topLevelItemCount() == 1
            and thread.tree.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole)
        ),
        timeout=10000,
    )
    assert waiting in thread.tree.topLevelItem(0).text(0)
    shoot(folio, "13-comment-thread")

    # Decisions: sorted by deadline, decide with a confirmation; cancel changes nothing.
    reader.decisions_button.click()
    page = reader.decisions
    qtbot.waitUntil(lambda: page.cases.topLevelItemCount() > 0, timeout=10000)
    asked: list[str] = []
    page.confirm = lambda q: asked.append(q) or False
    page.approve.click()
    assert len(asked) == 1
    row = page.current_row()
    assert row is not None
    assert row.approval is None
    page.confirm = lambda q: asked.append(q) or True
    page.ask_remark = lambda: "With the amended budget"
    page.approve_remark.click()
    qtbot.waitUntil(lambda: waiting in page.cases.currentItem().text(2), timeout=10000)
    assert not page.approve.isEnabled()
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.history.topLevelItemCount() >= 1, timeout=5000)
    assert "With the amended budget" in page.history.topLevelItem(0).text(1)
    page.tabs.setCurrentIndex(0)
    shoot(folio, "14-decisions")
    page.tabs.setCurrentIndex(1)
    shoot(folio, "15-decision-history")
