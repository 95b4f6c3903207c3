"""Comments on a shared annotation: select the mark in the viewer, the thread follows it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.screens.shell import ReaderShell
from desktop.tasks import OnFailure
from desktop.viewer.annotation_layer import Tool
from sync.model import AnnotationKind, Op, OpState, Visibility
from tests.gui.conftest import SharedDemoServer, start_demo
from tests.gui.test_discuss import _comment_nodes, _stored_comments

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def demo_server() -> Iterator[SharedDemoServer]:
    """A demo server of this test's own: its comments must not reach another test's vault."""
    server = SharedDemoServer()
    yield server
    server.stop()


def _on_vault(qtbot: QtBot, reader: ReaderShell, fn: Callable[[], Any]) -> Any:
    box: list[Any] = []
    reader.runner.vault.submit(fn, box.append, box.append, failure=OnFailure.SHOW)
    qtbot.waitUntil(lambda: bool(box), timeout=10000)
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def _add_mark(qtbot: QtBot, reader: ReaderShell, doc_id: str, y: float, vis: Visibility) -> str:
    changes = _on_vault(
        qtbot,
        reader,
        lambda: reader.api.add_annotation(
            doc_id, 0, AnnotationKind.HIGHLIGHT, rects=((100, y, 300, y + 20),), visibility=vis
        ),
    )
    (annotation_id,) = changes.annotations
    return str(annotation_id)


def test_comment_on_a_shared_annotation(qtbot: QtBot, folio: FolioApp) -> None:
    start_demo(qtbot, folio)
    reader = folio.window.reader
    assert reader is not None
    lst = reader.meetings.list
    row = next(i for i in range(lst.count()) if "Børne" in lst.item(i).text())
    lst.itemActivated.emit(lst.item(row))
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.meeting, timeout=5000)
    agenda = reader.meeting.agenda
    tops = [agenda.topLevelItem(i) for i in range(agenda.topLevelItemCount())]
    first_doc = next(t.child(0) for t in tops if t is not None and t.childCount())
    agenda.itemActivated.emit(first_doc, 0)
    viewer = reader.viewer
    qtbot.waitUntil(lambda: viewer.info is not None and viewer.document is not None, timeout=10000)
    assert viewer.document is not None
    assert viewer.annotator is not None
    thread = reader.item_thread
    qtbot.waitUntil(lambda: thread.target is not None, timeout=5000)
    item_target = thread.target
    assert item_target is not None
    assert item_target[0] == "item"

    shared = _add_mark(qtbot, reader, viewer.document.id, 200, Visibility.COMMITTEE)
    private = _add_mark(qtbot, reader, viewer.document.id, 400, Visibility.PRIVATE)
    viewer.annotator.reload()
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 2, timeout=10000)
    reader.meeting.extras.setCurrentWidget(thread)

    # Select the shared mark with the Select tool: the thread is on it, saying which.
    viewer.annotator.set_tool(Tool.SELECT)
    vp = viewer.page_view.viewport()

    def click(y: float) -> None:
        point = viewer.page_view.page_to_view(0, 200, y).toPoint()
        QTest.mouseClick(vp, Qt.MouseButton.LeftButton, pos=point)

    click(210)
    qtbot.waitUntil(lambda: thread.target == ("annotation", shared), timeout=5000)
    assert thread.header.isVisibleTo(thread)
    assert thread.header.text() == "Comments on your highlight on page 1"
    assert thread.send.isEnabled()

    thread.edit.setPlainText("Is this figure from the 2025 budget?")
    thread.send.click()
    qtbot.waitUntil(lambda: _comment_nodes(thread) == 1, timeout=10000)
    top = thread.tree.topLevelItem(0)
    assert top is not None
    assert "Is this figure from the 2025 budget?" in top.text(0)
    assert any(chip in top.text(0) for chip in ("Waiting to send", "Sent", "Confirmed"))
    stored = _stored_comments(qtbot, reader, ("annotation", shared))
    assert [(c.target_kind, c.target_id, c.body) for c in stored] == [
        ("annotation", shared, "Is this figure from the 2025 budget?")
    ]
    assert _stored_comments(qtbot, reader, item_target) == []

    # One sync round later the server has it: the comment op is confirmed.
    reader.sync_now()
    ops: list[list[Op]] = []

    def comment_confirmed() -> bool:
        ops.clear()
        reader.runner.vault.submit(reader.api.list_ops, ops.append, failure=OnFailure.LOG)
        qtbot.waitUntil(lambda: bool(ops), timeout=5000)
        return any(o.kind == "comment.add" and o.state is OpState.CONFIRMED for o in ops[0])

    qtbot.waitUntil(comment_confirmed, timeout=20000)

    # A private mark cannot be commented on: the thread says to share it first.
    click(410)
    qtbot.waitUntil(lambda: thread.target is None, timeout=5000)
    selected = viewer.page_view.selected
    assert selected is not None
    assert selected.id == private
    assert "Share it" in thread.header.text()
    assert not thread.send.isEnabled()
    assert not thread.edit.isEnabled()
    assert _comment_nodes(thread) == 0

    # Clearing the selection brings back the agenda item's thread.
    click(700)
    qtbot.waitUntil(lambda: thread.target == item_target, timeout=5000)
    assert not thread.header.isVisibleTo(thread)
    assert thread.send.isEnabled()
    qtbot.waitUntil(lambda: _comment_nodes(thread) == 0 and thread.tree.topLevelItemCount() == 1)
