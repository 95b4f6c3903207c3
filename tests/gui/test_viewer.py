"""The viewer on the real render lane: hostile documents, bounded memory (the UI-stall
budget is bench/ui_stall.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pymupdf as _pymupdf
import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QGestureEvent, QPinchGesture, QStackedWidget
from pytestqt.qtbot import QtBot

from desktop.tasks import TaskRunner
from desktop.viewer.document_viewer import DocumentViewer
from desktop.viewer.page_cache import PageImage
from sync.model import Document, DocumentState

pymupdf: Any = _pymupdf  # PyMuPDF is partly untyped

# The offscreen platform cannot propagate size hints of top-level windows; harmless there.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class NoBookmarks:
    def list_pages(self, document_id: str) -> list[int]:
        return []

    def set_bookmark(self, document_id: str, page: int, on: bool) -> None:
        return None


def make_pdf(pages: int, *, width: float = 595, height: float = 842) -> bytes:
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=width, height=height)
        page.insert_text((72, 100), f"Page {i + 1} budget text " * 3, fontsize=14)
        page.draw_rect(pymupdf.Rect(72, 150, 500, 700), color=(0, 0, 0.6), width=2)
    data = doc.tobytes()
    doc.close()
    return bytes(data)


def password_pdf() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")
    doc.close()
    return bytes(data)


def document(doc_id: str) -> Document:
    return Document(
        id=doc_id,
        meeting_id="m",
        item_id=None,
        title=doc_id,
        filename=f"{doc_id}.pdf",
        version=1,
        sha256="0" * 64,
        size=0,
        state=DocumentState.VERIFIED,
    )


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def viewer(qtbot: QtBot, runner: TaskRunner) -> DocumentViewer:
    store: dict[str, bytes] = {}
    v = DocumentViewer(runner, lambda doc_id: store[doc_id], NoBookmarks())
    v.store = store  # type: ignore[attr-defined]
    qtbot.addWidget(v)
    v.resize(1000, 800)
    v.show()
    qtbot.waitExposed(v)
    return v


def open_bytes(qtbot: QtBot, v: DocumentViewer, doc_id: str, data: bytes) -> None:
    v.store[doc_id] = data  # type: ignore[attr-defined]
    v.open_document(document(doc_id))


def test_open_scroll_zoom_300_pages(qtbot: QtBot, viewer: DocumentViewer) -> None:
    """Open, scroll end to end and zoom a long document: it gets there and stays in its
    memory budget. How long the UI thread stalls meanwhile is a budget, not a test:
    bench/ui_stall.py (`python -m bench reader.ui_stall`, target < 100 ms)."""
    data = make_pdf(300)
    open_bytes(qtbot, viewer, "big", data)
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=10000)
    pv = viewer.page_view
    qtbot.waitUntil(lambda: len(pv.cache) >= 2, timeout=10000)
    bar = pv.verticalScrollBar()
    # scroll end to end in screen-sized steps, letting renders land as a reader would
    value = 0
    while value < bar.maximum():
        value = min(bar.maximum(), value + bar.pageStep())
        bar.setValue(value)
        qtbot.wait(15)
    assert pv.current_page >= 298
    for factor in (1.25, 1.25, 1.25, 0.5, 2.0):
        pv.zoom_by(factor, QPointF(200, 200))
        qtbot.wait(30)
    qtbot.waitUntil(lambda: pv.pending_renders == 0, timeout=10000)
    assert pv.cache.bytes_used <= pv.cache.budget_bytes


def test_zoom_re_renders_sharp(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_bytes(qtbot, viewer, "z", make_pdf(3))
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=5000)
    pv = viewer.page_view
    qtbot.waitUntil(lambda: len(pv.cache) >= 1, timeout=5000)
    before = pv.target_width(0)
    pv.zoom_by(2.0)
    after = pv.target_width(0)
    assert after > before
    qtbot.waitUntil(lambda: pv.cache.get((0, after, False)) is not None, timeout=5000)
    image = pv.cache.get((0, after, False))
    assert image is not None
    assert image.width() == after


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty", b"", "empty"),
        ("garbage", b"this is not a pdf at all \x00\x01\x02" * 50, "not a PDF"),
        ("truncated", make_pdf(5)[:300], "not a PDF"),
        ("password", password_pdf(), "password"),
    ],
)
def test_hostile_documents_show_a_message(
    qtbot: QtBot, viewer: DocumentViewer, name: str, data: bytes, message: str
) -> None:
    with qtbot.waitSignal(viewer.document_did_fail, timeout=5000) as blocker:
        open_bytes(qtbot, viewer, name, data)
    assert message in blocker.args[1]
    assert viewer.stack.currentWidget() is viewer.message
    assert message in viewer.message.text()
    # the viewer stays usable: a good document opens next
    open_bytes(qtbot, viewer, "good", make_pdf(2))
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=5000)
    assert isinstance(viewer.stack, QStackedWidget)
    assert viewer.stack.currentWidget() is viewer.page_view


def test_huge_page_renders_within_bounds(qtbot: QtBot, viewer: DocumentViewer) -> None:
    # 200 x 200 inches: a render "at 96 DPI" would be 19200 x 19200 pixels (1.1 GB RGB).
    open_bytes(qtbot, viewer, "huge", make_pdf(1, width=14400, height=14400))
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=5000)
    pv = viewer.page_view
    qtbot.waitUntil(lambda: len(pv.cache) >= 1, timeout=10000)
    pv.set_zoom(8.0)
    qtbot.waitUntil(lambda: pv.pending_renders == 0, timeout=10000)
    assert pv.cache.bytes_used < 120 * 1024 * 1024


def test_three_thousand_pages_open(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_bytes(qtbot, viewer, "many", make_pdf(3000))
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=20000)
    assert viewer.info is not None
    assert viewer.info.page_count == 3000
    viewer.page_view.go_to_page(2999)
    qtbot.waitUntil(
        lambda: any(k[0] == 2999 for k in viewer.page_view.cache._images), timeout=10000
    )
    assert "3000 of 3000" in viewer.reading_bar.position.text()


def test_find_highlights_every_hit(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_bytes(qtbot, viewer, "f", make_pdf(4))
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=5000)
    with qtbot.waitSignal(viewer.find_did_finish, timeout=5000) as blocker:
        viewer.find_text("budget")
    assert blocker.args[0] == 12  # three per page
    assert sum(len(v) for v in viewer.page_view.search_highlights.by_page.values()) == 12
    viewer.step_hit(-1)
    assert viewer.hit_index >= 0


def test_uncached_page_shows_visible_band_first(
    qtbot: QtBot, viewer: DocumentViewer, runner: TaskRunner
) -> None:
    """A jump to a page nobody rendered: the rows on screen land (and are painted) first."""
    open_bytes(qtbot, viewer, "band", make_pdf(30))
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=5000)
    pv = viewer.page_view
    qtbot.waitUntil(lambda: pv.pending_renders == 0 and len(pv.cache) >= 1, timeout=10000)
    target = 20
    # Part way down the page: its lower part is on screen, its top is not.
    pv.go_to_page(target, 842 / 2 + 100)
    key = (target, pv.target_width(target), False)
    assert pv.cache.get(key) is None
    assert pv.cache.partial(key) is None
    rect = pv.page_rect(target)
    landed: list[str] = []
    seen: dict[str, object] = {}

    def band_landed(page: int, first: int, last: int) -> None:
        if page == target:
            landed.append("band")
            seen["partial"] = pv.cache.partial(key)
            seen["shown"] = pv.viewport().grab().toImage()  # what the reader sees right now

    pv.band_rendered.connect(band_landed)
    pv.page_rendered.connect(lambda page: landed.append("page") if page == target else None)
    qtbot.waitUntil(lambda: "page" in landed, timeout=10000)
    assert landed[:2] == ["band", "page"]
    partial = seen["partial"]
    assert isinstance(partial, PageImage)
    assert partial.rows is not None
    first, last = partial.rows
    height = partial.image.height()
    on_screen_top = -rect.top() * height / rect.height()
    on_screen_bottom = (pv.viewport().height() - rect.top()) * height / rect.height()
    assert first > 0  # the top of the page, off screen, is not waited for
    assert on_screen_top - 2 <= first <= on_screen_top + 1
    assert last >= min(height, on_screen_bottom - 1)
    whole = pv.cache.get(key)
    assert whole is not None
    assert pv.cache.partial(key) is None
    # Identical to a render of the whole page in one go: rows above, in and below the band.
    service = runner.pdf  # posts to the render lane and waits
    assert viewer.render_key is not None
    reference = service.render(viewer.render_key, target, key[1])
    assert (whole.width(), whole.height()) == (reference.width, reference.height)
    for row in (0, first // 2, first - 1, first, (first + last) // 2, last - 1, height - 1):
        line = bytes(whole.constScanLine(row))[: reference.stride]  # type: ignore[call-overload]  # a memoryview
        start = row * reference.stride
        assert line == bytes(reference.samples[start : start + reference.stride]), row
    # The band was painted sharp when it landed: the frame's left edge (x = 72 pt, 2 pt
    # wide, y 150..700 pt) is dark on screen at 600 pt, where nothing else was rendered.
    shown = seen["shown"]
    assert isinstance(shown, QImage)
    y = round(rect.top() + 600 * pv.zoom)
    edge = rect.left() + 72 * pv.zoom
    assert rect.top() + first * rect.height() / height < y < pv.viewport().height()
    darkest = min(shown.pixelColor(round(edge) + dx, y).lightness() for dx in range(-3, 4))
    assert darkest < 128
    paper = shown.pixelColor(round(rect.left() + 300 * pv.zoom), y).lightness()
    assert paper > 240


def test_pinch_gesture_zooms_around_the_fingers(qtbot: QtBot, viewer: DocumentViewer) -> None:
    """A pinch (as Qt delivers it from a touch screen) zooms by its scale factor."""
    open_bytes(qtbot, viewer, "p", make_pdf(3))
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=5000)
    pv = viewer.page_view
    qtbot.waitUntil(lambda: len(pv.cache) >= 1, timeout=5000)
    before = pv.zoom
    under = pv.view_to_page(QPointF(150, 150))  # what lies under the fingers
    assert under is not None
    pinch = QPinchGesture()
    pinch.setScaleFactor(1.5)
    pinch.setChangeFlags(QPinchGesture.ChangeFlag.ScaleFactorChanged)
    pinch.setCenterPoint(QPointF(pv.viewport().mapToGlobal(QPoint(150, 150))))
    event = QGestureEvent([pinch])
    assert QApplication.sendEvent(pv.viewport(), event)
    assert abs(pv.zoom - before * 1.5) < 1e-6
    after = pv.view_to_page(QPointF(150, 150))
    assert after is not None
    assert after[0] == under[0]
    assert abs(after[1] - under[1]) < 1.0  # the same spot stays under the fingers
    assert abs(after[2] - under[2]) < 1.0
    target = pv.target_width(0)
    qtbot.waitUntil(lambda: pv.cache.get((0, target, False)) is not None, timeout=5000)
