"""Annotation tools on the real viewer: synthesised mouse drags become stored marks.

Real vault (fast KDF), real PyMuPDF on the render lane, real Qt widgets offscreen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pymupdf  # the test oracle for rotation (desktop/ itself never imports it)
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ops.annotate import AnnotationOps
from desktop.ops.reading import BookmarkOps
from desktop.tasks import OnFailure, TaskRunner
from desktop.viewer.annotation_layer import Tool
from desktop.viewer.document_viewer import DocumentViewer
from desktop.widgets.sheets import TextSheet
from sync.api import Api
from sync.model import Annotation, AnnotationKind, Document
from sync.pdf.render import RenderService
from sync.vault.keys import KdfParams
from tests.unit.folio_packs import make_pack

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PIN = "2468"
PHRASE = "about the zebrafish project"


def call(qtbot: QtBot, runner: TaskRunner, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` on the vault lane (the Api's one thread) and wait for its result."""
    box: list[Any] = []
    runner.vault.submit(fn, box.append, box.append, failure=OnFailure.SHOW)
    qtbot.waitUntil(lambda: bool(box), timeout=20000)
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


@pytest.fixture
def setup(
    qtbot: QtBot, tmp_path: Path
) -> Iterator[tuple[TaskRunner, Api, DocumentViewer, Document, bytes]]:
    runner = TaskRunner()
    pdfs = make_pack(tmp_path / "pack", documents=1, pages=2)

    def make() -> tuple[Api, Document]:
        api = Api.create(tmp_path / "data", PIN, kdf=KdfParams.FAST_FOR_TESTS)
        api.import_pack(tmp_path / "pack")
        return api, api.list_documents()[0]

    api, doc = call(qtbot, runner, make)
    viewer = DocumentViewer(
        runner,
        api.document_bytes,
        BookmarkOps(api),
        annotations=AnnotationOps(api),
    )
    qtbot.addWidget(viewer)
    viewer.resize(1100, 800)
    viewer.show()
    qtbot.waitExposed(viewer)
    viewer.open_document(doc)
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=20000)
    yield runner, api, viewer, doc, pdfs["doc0.pdf"]
    viewer.close_document()
    runner.shutdown()


def stored(qtbot: QtBot, runner: TaskRunner, api: Api, doc: Document) -> list[Annotation]:
    return [a for a in call(qtbot, runner, lambda: api.list_annotations(doc.id)) if not a.deleted]


def view_point(viewer: DocumentViewer, page: int, x: float, y: float) -> QPoint:
    return viewer.page_view.page_to_view(page, x, y).toPoint()


def drag(viewer: DocumentViewer, points: list[QPoint]) -> None:
    vp = viewer.page_view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for p in points[1:]:
        QTest.mouseMove(vp, p)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def draw_ink(qtbot: QtBot, viewer: DocumentViewer) -> list[tuple[float, float]]:
    assert viewer.annotator is not None
    viewer.annotator.set_tool(Tool.PEN)
    page_points = [(100.0 + 10 * i, 300.0 + 5 * i) for i in range(8)]
    drag(viewer, [view_point(viewer, 0, x, y) for x, y in page_points])
    return page_points


def test_pen_drag_stores_ink_in_page_points_and_undo_redo(qtbot: QtBot, setup: Any) -> None:
    runner, api, viewer, doc, _pdf = setup
    expected = draw_ink(qtbot, viewer)
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 1, timeout=10000)
    (ink,) = stored(qtbot, runner, api, doc)
    assert ink.kind is AnnotationKind.INK
    assert ink.page == 0
    got = [(p[0], p[1]) for p in ink.strokes[0]]
    assert len(got) == len(expected)
    tolerance = 1.0 / viewer.page_view.zoom + 0.01  # one view pixel
    for (gx, gy), (ex, ey) in zip(got, expected, strict=True):
        assert abs(gx - ex) <= tolerance
        assert abs(gy - ey) <= tolerance

    # Zooming never moves the mark: it is stored in page points.
    viewer.page_view.set_zoom(viewer.page_view.zoom * 2)
    assert [(p[0], p[1]) for p in stored(qtbot, runner, api, doc)[0].strokes[0]] == got

    annotator = viewer.annotator
    assert annotator is not None
    assert annotator.bar.undo_button.isEnabled()
    annotator.bar.undo_button.click()
    qtbot.waitUntil(lambda: not viewer.page_view.annotations_on(0), timeout=10000)
    assert stored(qtbot, runner, api, doc) == []
    annotator.bar.redo_button.click()
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 1, timeout=10000)
    (again,) = stored(qtbot, runner, api, doc)
    assert [(p[0], p[1]) for p in again.strokes[0]] == got


def test_highlight_drag_covers_exactly_the_phrase(qtbot: QtBot, setup: Any) -> None:
    runner, api, viewer, doc, pdf = setup
    service = RenderService()
    service.open("t", pdf)
    (expected,) = service.search_page("t", 0, PHRASE)
    service.close_all()
    r = expected.rect
    assert viewer.annotator is not None
    viewer.annotator.set_tool(Tool.HIGHLIGHT)
    mid_y = (r.y0 + r.y1) / 2
    # Start inside "about", end inside "project": snapping widens to whole words.
    drag(viewer, [view_point(viewer, 0, r.x0 + 3, mid_y), view_point(viewer, 0, r.x1 - 3, mid_y)])
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 1, timeout=10000)
    (hl,) = stored(qtbot, runner, api, doc)
    assert hl.kind is AnnotationKind.HIGHLIGHT
    assert hl.quote is not None
    assert hl.quote.exact == PHRASE
    assert len(hl.rects) == 1
    x0, y0, x1, y1 = hl.rects[0]
    assert abs(x0 - r.x0) < 1.0
    assert abs(x1 - r.x1) < 1.0
    assert abs(y0 - r.y0) < 2.0
    assert abs(y1 - r.y1) < 2.0


def test_select_delete_eraser_and_lock_unlock(qtbot: QtBot, setup: Any) -> None:
    runner, api, viewer, doc, _pdf = setup
    annotator = viewer.annotator
    assert annotator is not None
    points = draw_ink(qtbot, viewer)
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 1, timeout=10000)
    annotator.ask_text = lambda _kind, _text: "Ask about the budget"
    annotator.set_tool(Tool.NOTE)
    vp = viewer.page_view.viewport()
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view_point(viewer, 0, 400, 500))
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 2, timeout=10000)

    # Select the stroke by clicking on it, delete it with the Delete key.
    annotator.set_tool(Tool.SELECT)
    x, y = points[3]
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view_point(viewer, 0, x, y))
    selected = viewer.page_view.selected
    assert selected is not None
    assert selected.kind is AnnotationKind.INK
    assert annotator.bar.delete_button.isEnabled()
    viewer.page_view.setFocus()
    QTest.keyClick(viewer.page_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 1, timeout=10000)
    (note,) = stored(qtbot, runner, api, doc)
    assert note.kind is AnnotationKind.NOTE
    assert note.text == "Ask about the budget"

    # The eraser takes a whole mark it touches.
    annotator.set_tool(Tool.ERASER)
    drag(viewer, [view_point(viewer, 0, 380, 509), view_point(viewer, 0, 409, 509)])
    qtbot.waitUntil(lambda: not viewer.page_view.annotations_on(0), timeout=10000)
    annotator.undo()
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 1, timeout=10000)

    # Lock and unlock: the note is still there, and the viewer shows it again.
    def relock() -> list[Annotation]:
        api.lock()
        api.unlock(PIN)
        return api.list_annotations(doc.id)

    after = [a for a in call(qtbot, runner, relock) if not a.deleted]
    assert [(a.kind, a.text) for a in after] == [(AnnotationKind.NOTE, "Ask about the budget")]
    viewer.open_document(doc)
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 1, timeout=20000)


def rotated(pdf: bytes, rotation: int) -> tuple[bytes, Any]:
    """The same PDF with page 0 turned by /Rotate, and that page's derotation matrix."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    doc[0].set_rotation(rotation)
    derotate = doc[0].derotation_matrix
    out = doc.tobytes()
    doc.close()
    return out, derotate


def test_a_placed_note_opens_for_reading_and_editing(qtbot: QtBot, setup: Any) -> None:
    """Tap with the note tool or double-click to open a note; the edit is one undoable step."""
    runner, api, viewer, doc, _pdf = setup
    annotator = viewer.annotator
    assert annotator is not None
    asked: list[str] = []

    def answer(text: str | None) -> None:
        def ask(_kind: AnnotationKind, current: str) -> str | None:
            asked.append(current)
            return text

        annotator.ask_text = ask

    answer("Ask about the budget")
    annotator.set_tool(Tool.NOTE)
    vp = viewer.page_view.viewport()
    at = view_point(viewer, 0, 400, 500)
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 1, timeout=10000)
    (note,) = stored(qtbot, runner, api, doc)
    puts = len(call(qtbot, runner, api.list_ops))

    # Tapping the note with the note tool opens it (its text shown) instead of adding another.
    answer("Ask about the budget and the timeline")
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view_point(viewer, 0, 405, 505))
    assert asked[-1] == "Ask about the budget"
    qtbot.waitUntil(
        lambda: viewer.page_view.annotations_on(0)[0].text.endswith("timeline"), timeout=10000
    )
    (edited,) = stored(qtbot, runner, api, doc)
    assert edited.id == note.id
    assert edited.text == "Ask about the budget and the timeline"
    ops = call(qtbot, runner, api.list_ops)
    assert len(ops) == puts + 1  # the change waits in the outbox for the server
    assert ops[-1].payload["text"] == "Ask about the budget and the timeline"

    # Undo puts the old words back; cancelling the dialog changes nothing.
    annotator.undo()
    qtbot.waitUntil(lambda: stored(qtbot, runner, api, doc)[0].text == "Ask about the budget")
    # The page shows the undone words once the annotator's reload lands (a later vault job).
    qtbot.waitUntil(
        lambda: viewer.page_view.annotations_on(0)[0].text == "Ask about the budget",
        timeout=10000,
    )
    answer(None)
    annotator.set_tool(Tool.READ)
    QTest.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=at)
    assert asked[-1] == "Ask about the budget"
    assert stored(qtbot, runner, api, doc)[0].text == "Ask about the budget"

    # With the select tool, the Edit note button opens the selected note.
    annotator.set_tool(Tool.SELECT)
    assert not annotator.bar.edit_button.isEnabled()
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, pos=at)
    assert viewer.page_view.selected is not None
    assert annotator.bar.edit_button.isEnabled()
    answer("Ask about the timeline")
    annotator.bar.edit_button.click()
    qtbot.waitUntil(
        lambda: stored(qtbot, runner, api, doc)[0].text == "Ask about the timeline",
        timeout=10000,
    )
    assert viewer.page_view.note_under(at) is not None
    assert len(viewer.page_view.annotations_on(0)) == 1


def test_marks_on_rotated_pages_are_stored_in_unrotated_points(qtbot: QtBot, setup: Any) -> None:
    runner, api, _viewer, doc, pdf = setup
    shown: list[bytes] = [pdf]
    viewer = DocumentViewer(
        runner, lambda _doc_id: shown[0], BookmarkOps(api), annotations=AnnotationOps(api)
    )
    qtbot.addWidget(viewer)
    viewer.resize(1100, 800)
    viewer.show()
    qtbot.waitExposed(viewer)
    service = RenderService()
    service.open("t", pdf)
    (phrase,) = service.search_page("t", 0, PHRASE)  # unrotated, like word boxes
    service.close_all()
    pv = viewer.page_view
    for rotation in (90, 180, 270):
        shown[0], derotate = rotated(pdf, rotation)
        viewer.open_document(doc)
        qtbot.waitUntil(lambda: viewer.info is not None, timeout=20000)
        info = viewer.info
        assert info is not None
        assert info.rotation(0) == rotation
        rect, zoom = pv.page_rect(0), pv.zoom
        assert viewer.annotator is not None

        # A pen stroke, placed by displayed points (what the reader sees and touches).
        viewer.annotator.set_tool(Tool.PEN)
        displayed = [(120.0 + 9 * i, 200.0 + 4 * i) for i in range(6)]
        drag(
            viewer,
            [QPoint(round(rect.x() + x * zoom), round(rect.y() + y * zoom)) for x, y in displayed],
        )
        qtbot.waitUntil(lambda: len(pv.annotations_on(0)) == 1, timeout=10000)
        (ink,) = stored(qtbot, runner, api, doc)
        tolerance = 1.0 / zoom + 0.01  # one view pixel
        for (gx, gy, _p), (x, y) in zip(ink.strokes[0], displayed, strict=True):
            expected = pymupdf.Point(x, y) * derotate
            assert abs(gx - expected.x) <= tolerance, (rotation, gx, expected)
            assert abs(gy - expected.y) <= tolerance, (rotation, gy, expected)
        # ... and it is drawn back where it was drawn (in the layout of now: the view may
        # have refitted since, e.g. when a scroll bar appeared under load).
        rect, zoom = pv.page_rect(0), pv.zoom
        first = pv.page_to_view(0, ink.strokes[0][0][0], ink.strokes[0][0][1])
        assert abs(first.x() - (rect.x() + displayed[0][0] * zoom)) <= 1.0
        assert abs(first.y() - (rect.y() + displayed[0][1] * zoom)) <= 1.0

        # A highlight dragged along the turned phrase snaps to the same words.
        viewer.annotator.set_tool(Tool.HIGHLIGHT)
        r = phrase.rect
        mid = (r.y0 + r.y1) / 2
        drag(viewer, [view_point(viewer, 0, r.x0 + 3, mid), view_point(viewer, 0, r.x1 - 3, mid)])
        qtbot.waitUntil(lambda: len(pv.annotations_on(0)) == 2, timeout=10000)
        (hl,) = [a for a in stored(qtbot, runner, api, doc) if a.kind is AnnotationKind.HIGHLIGHT]
        assert hl.quote is not None
        assert hl.quote.exact == PHRASE
        assert abs(hl.rects[0][0] - r.x0) < 1.0
        assert abs(hl.rects[0][2] - r.x1) < 1.0

        for a in stored(qtbot, runner, api, doc):
            call(qtbot, runner, lambda a=a: api.delete_annotation(a.id))
    viewer.close_document()


def test_annotation_bar_wraps_instead_of_cutting_labels(qtbot: QtBot, setup: Any) -> None:
    """On a narrow window every tool keeps its whole label and stays inside the bar."""
    _runner, _api, viewer, _doc, _pdf = setup
    annotator = viewer.annotator
    assert annotator is not None
    bar = annotator.bar
    viewer.reading_bar.annotate.click()  # the tools float over the page once shown
    buttons = [*bar.tool_buttons.values(), bar.edit_button, bar.delete_button]
    for width in (1400, 640):
        viewer.resize(width, 800)
        qtbot.waitUntil(lambda w=width: viewer.width() == w)
        QApplication.processEvents()
        for b in buttons:
            assert b.width() >= b.sizeHint().width(), b.text()
            assert bar.rect().contains(b.geometry()), (width, b.text())
    rows = {b.geometry().top() for b in buttons}
    assert len(rows) > 1  # 640 px cannot hold them in one row


def test_a_sticky_note_is_written_in_a_touch_sheet(qtbot: QtBot, setup: Any) -> None:
    """The real note editor (not a stand-in): a sheet over the page, saved by "Save note"."""
    _runner, _api, viewer, _doc, _pdf = setup
    annotator = viewer.annotator
    assert annotator is not None
    annotator.set_tool(Tool.NOTE)
    vp = viewer.page_view.viewport()

    def write() -> None:
        sheet = viewer.window().findChild(TextSheet)
        assert sheet is not None
        assert sheet.save.text() == "Save note"
        assert sheet.save.height() >= 34
        sheet.edit.setPlainText("Ask about the budget")
        sheet.save.click()

    QTimer.singleShot(0, write)
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view_point(viewer, 0, 400, 500))
    qtbot.waitUntil(lambda: len(viewer.page_view.annotations_on(0)) == 1, timeout=10000)
    (note,) = viewer.page_view.annotations_on(0)
    assert note.text == "Ask about the budget"
