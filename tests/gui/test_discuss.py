"""Comments, decisions, My notes and the tools in the real app (demo data), en and da."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp, Translations
from desktop.screens.shell import ReaderShell
from desktop.tasks import OnFailure
from desktop.viewer.annotation_layer import Tool
from desktop.widgets.discussion import (
    AMBER,
    GREEN,
    OVERDUE,
    RED,
    CommentThread,
    DeadlineBands,
    deadline_band,
)
from desktop.widgets.sheets import ConfirmSheet, TextSheet
from sync.model import Comment, Visibility
from tests.gui.conftest import SharedDemoServer, start_demo
from tests.gui.test_screens import shoot

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def demo_server() -> Iterator[SharedDemoServer]:
    """A demo server of this test's own: it writes comments and decisions as the demo
    user, which a shared server would hand to the next test's fresh vault."""
    server = SharedDemoServer()
    yield server
    server.stop()


def _comment_nodes(thread: CommentThread) -> int:
    """Comments shown (the "No comments yet." line is not one): a bool-valued wait condition."""
    found = 0
    stack = [thread.tree.topLevelItem(i) for i in range(thread.tree.topLevelItemCount())]
    while stack:
        node = stack.pop()
        if node.data(0, Qt.ItemDataRole.UserRole):
            found += 1
        stack.extend(node.child(i) for i in range(node.childCount()))
    return found


def _stored_comments(qtbot: QtBot, reader: ReaderShell, target: tuple[str, str]) -> list[Comment]:
    """What the vault holds, read on the vault lane (the owner of the connection)."""
    got: list[list[Comment]] = []
    reader.runner.vault.submit(
        lambda: reader.api.list_comments(*target), got.append, failure=OnFailure.LOG
    )
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    return got[0]


@pytest.mark.parametrize("language", ["en", "da"])
def test_tools_notes_comments_and_decide(qtbot: QtBot, folio: FolioApp, language: str) -> None:
    folio.set_language(language)
    start_demo(qtbot, folio)
    reader = folio.window.reader
    assert reader is not None
    # The demo server syncs in the background: a comment may already be sent or confirmed.
    chips = (
        ("Waiting to send", "Sent", "Confirmed")
        if language == "en"
        else ("Venter på at blive sendt", "Sendt", "Bekræftet")
    )

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
    annotator.bar.visibility.setCurrentIndex(1)  # shared with the committee: tagged in words
    annotator.ask_text = lambda _k, _t: "Ask about the timeline"
    annotator.set_tool(Tool.TEXT)
    QTest.mouseClick(
        vp, Qt.MouseButton.LeftButton, pos=viewer.page_view.page_to_view(0, 300, 200).toPoint()
    )
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 2, timeout=10000)
    # The pen mark before the choice stays private; the note after it is the committee's.
    marks = {a.kind.value: a.visibility for a in viewer.page_view.annotations_on(0)}
    assert marks == {"ink": Visibility.PRIVATE, "text": Visibility.COMMITTEE}
    qtbot.waitUntil(lambda: viewer.page_view.pending_renders == 0, timeout=10000)
    shoot(folio, "11-annotation-tools")
    reader.meeting.extras.setCurrentWidget(reader.notes_panel)
    qtbot.waitUntil(lambda: reader.notes_panel.list.count() == 2, timeout=10000)
    assert any("Ask about the timeline" in reader.notes_panel.list.item(i).text() for i in range(2))
    shoot(folio, "12-my-notes")

    # A comment on the agenda item: it shows its state in words.
    reader.meeting.extras.setCurrentWidget(reader.item_thread)
    thread = reader.item_thread
    thread.edit.setPlainText("Can we see last year's figures?")
    thread.send.click()
    item_id = thread.target
    assert item_id is not None
    qtbot.waitUntil(lambda: _comment_nodes(thread) == 1, timeout=10000)
    top = thread.tree.topLevelItem(0)
    assert any(chip in top.text(0) for chip in chips)
    assert "Can we see last year's figures?" in top.text(0)

    # A reply through the GUI: choose the comment, write, reply; it is stored under it.
    # A sync round reloads the thread in between: the chosen comment stays chosen.
    thread.tree.setCurrentItem(top)
    with qtbot.waitSignal(thread.comments_shown, timeout=5000):
        thread.reload()
    thread.edit.setPlainText("The figures are in appendix 2.")
    thread.reply.click()
    qtbot.waitUntil(lambda: _comment_nodes(thread) == 2, timeout=10000)
    top = thread.tree.topLevelItem(0)
    assert top.childCount() == 1
    assert "The figures are in appendix 2." in top.child(0).text(0)
    assert any(chip in top.child(0).text(0) for chip in chips)
    assert thread.target == item_id  # the thread stayed on the reader's agenda item

    # A sync that reorders the agenda reloads the meeting: the reader's item is kept by id.
    shown = reader.meeting.meeting
    assert shown is not None
    reader.meeting.show_meeting(replace(shown, items=tuple(reversed(shown.items))))
    assert thread.target == item_id
    current = reader.meeting.agenda.currentItem()
    assert current is not None
    assert shown.items[-1 - current.data(0, Qt.ItemDataRole.UserRole + 1)].id == item_id[1]
    reader.meeting.show_meeting(shown)  # back to the real order for the screenshot
    stored = _stored_comments(qtbot, reader, item_id)
    assert [c.parent_id for c in stored] == [None, stored[0].id]
    shoot(folio, "13-comment-thread")

    # Decisions: sorted by deadline, decide with a confirmation; cancel changes nothing.
    reader.decisions_button.click()
    page = reader.decisions
    qtbot.waitUntil(lambda: page.cases.topLevelItemCount() > 0, timeout=10000)
    page.approve.click()
    assert isinstance(page.sheet, ConfirmSheet)
    page.sheet.cancel.click()
    row = page.current_row()
    assert row is not None
    assert row.approval is None
    page.approve_remark.click()
    assert isinstance(page.sheet, TextSheet)
    page.sheet.edit.setPlainText("With the amended budget")
    page.sheet.save.click()
    assert isinstance(page.sheet, ConfirmSheet)
    page.sheet.confirm.click()
    qtbot.waitUntil(
        lambda: any(chip in page.cases.currentItem().text(2) for chip in chips), timeout=10000
    )
    assert not page.approve.isEnabled()
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.history.topLevelItemCount() >= 1, timeout=5000)
    assert "With the amended budget" in page.history.topLevelItem(0).text(1)
    page.tabs.setCurrentIndex(0)
    shoot(folio, "14-decisions")
    page.tabs.setCurrentIndex(1)
    shoot(folio, "15-decision-history")


def test_deadline_colours_follow_the_configured_thresholds(qapp: QApplication) -> None:
    """Amber and red start where the policy says; whole days read as days."""
    translations = Translations(qapp)
    translations.apply("en")  # English plural forms ("1 day"), whatever ran before
    now = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    in_30h = now + timedelta(hours=30)
    colour, words = deadline_band(in_30h, now)
    assert colour == AMBER
    assert words.startswith("Due within 3 days: ")
    colour, words = deadline_band(in_30h, now, DeadlineBands(amber_hours=48, red_hours=36))
    assert colour == RED
    assert words.startswith("Due within 36 hours: ")
    colour, _words = deadline_band(in_30h, now, DeadlineBands(amber_hours=24, red_hours=12))
    assert colour == GREEN
    colour, words = deadline_band(now + timedelta(hours=2), now, DeadlineBands(24, 1))
    assert (colour, words.split(":")[0]) == (AMBER, "Due within 1 day")
    assert deadline_band(now - timedelta(minutes=1), now)[0] == OVERDUE
    translations.apply("da")
    colour, words = deadline_band(in_30h, now)
    assert words.startswith("Frist inden for 3 dage: ")
    translations.apply("en")  # as every fixture leaves the app
