"""Page turning and zoom as a reader expects them (issue 15).

Left/Right and a tap on the page's outer edge turn pages; PageDown/PageUp snap to
the next/previous page's top; every document opens at fit width or at the zoom
the reader left *that* document at, never at the previous document's zoom; a
rotation refits the page, so nothing opens or turns cut off.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop.tasks import TaskRunner
from desktop.viewer.document_viewer import DocumentViewer
from tests.gui.test_viewer import NoBookmarks, document, make_pdf

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def viewer(qtbot: QtBot, runner: TaskRunner) -> DocumentViewer:
    store = {"a": make_pdf(6), "b": make_pdf(4, width=842, height=595)}
    v = DocumentViewer(runner, lambda doc_id: store[doc_id], NoBookmarks())
    qtbot.addWidget(v)
    v.resize(1000, 800)
    with qtbot.waitExposed(v):
        v.show()
    return v


def open_doc(qtbot: QtBot, v: DocumentViewer, doc_id: str) -> None:
    v.open_document(document(doc_id))
    qtbot.waitUntil(
        lambda: v.info is not None and v.document is not None and v.document.id == doc_id,
        timeout=10000,
    )
    qtbot.waitUntil(lambda: v.page_view.page_count > 0, timeout=10000)


def page_top(v: DocumentViewer, page: int) -> float:
    return v.page_view.page_rect(page).top()


def test_left_right_and_page_keys_turn_pages(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_doc(qtbot, viewer, "a")
    view = viewer.page_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.current_page == 1
    assert abs(page_top(viewer, 1)) <= 16  # the page's top at the top, not half way
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.current_page == 1
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.current_page == 2
    assert abs(page_top(viewer, 2)) <= 16
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.current_page == 1
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Left)  # no page before the first: stays
    assert view.current_page == 0


def test_a_tap_on_the_outer_edge_turns_the_page(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_doc(qtbot, viewer, "a")
    view = viewer.page_view
    port = view.viewport()
    qtbot.mouseClick(port, Qt.MouseButton.LeftButton, pos=QPoint(port.width() - 8, 400))
    assert view.current_page == 1
    qtbot.mouseClick(port, Qt.MouseButton.LeftButton, pos=QPoint(8, 400))
    assert view.current_page == 0
    qtbot.mouseClick(port, Qt.MouseButton.LeftButton, pos=QPoint(port.width() // 2, 400))
    assert view.current_page == 0  # a tap in the middle is reading, not turning


def test_zoom_belongs_to_its_document(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_doc(qtbot, viewer, "a")
    view = viewer.page_view
    assert view.fit == "width"
    fit_a = view.zoom
    view.zoom_by(1.5)
    zoomed = view.zoom
    assert view.fit is None
    open_doc(qtbot, viewer, "b")
    assert view.fit == "width"  # the last document's zoom does not carry over
    assert view.page_rect(0).width() <= view.viewport().width()
    open_doc(qtbot, viewer, "a")
    assert view.zoom == pytest.approx(zoomed)  # its own zoom, remembered
    assert zoomed == pytest.approx(fit_a * 1.5)


def test_rotation_refits(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_doc(qtbot, viewer, "a")
    view = viewer.page_view
    viewer.resize(800, 1000)
    qtbot.waitUntil(lambda: view.viewport().width() < 800)
    assert view.fit == "width"
    assert view.page_rect(0).width() <= view.viewport().width()
    view.zoom_by(1.4)  # the reader zooms in portrait ...
    viewer.resize(1000, 800)  # ... and turns the tablet: the page fits again
    qtbot.waitUntil(lambda: view.viewport().width() > 900)
    assert view.fit == "width"
    assert view.page_rect(0).width() <= view.viewport().width()
