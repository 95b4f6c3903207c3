"""The UI thread's longest stall while the viewer opens, scrolls and zooms 300 pages,
turns pages, and while the reading mode's agenda drawer opens and closes.

This was a 100 ms assertion in tests/gui/test_viewer.py; it failed whenever the shared
machine was loaded, so it is a budget here (target: under 100 ms) and the test keeps
only the functional checks. The reference is the same 10 ms heartbeat on the same
event loop with nothing else to do, measured in the same run: what the machine's
load alone costs the UI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pymupdf as _pymupdf
from PySide6.QtCore import QPointF, QTimer
from PySide6.QtWidgets import QApplication, QListWidget

from bench import Row, register, row

pymupdf: Any = _pymupdf  # PyMuPDF is partly untyped

PAGES = 300


class _Heartbeat:
    """A 10 ms timer on the UI thread; records the longest gap between ticks."""

    def __init__(self) -> None:
        self.last = time.monotonic()
        self.worst = 0.0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def stop(self) -> None:
        self.timer.stop()


def _make_pdf(pages: int) -> bytes:
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 100), f"Page {i + 1} budget text " * 3, fontsize=14)
        page.draw_rect(pymupdf.Rect(72, 150, 500, 700), color=(0, 0, 0.6), width=2)
    data = bytes(doc.tobytes())
    doc.close()
    return data


def _spin(app: QApplication, until: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError("the viewer did not get there in time")
        app.processEvents()
        time.sleep(0.001)  # a bench, not a test: let the render lane breathe


def _wait(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)


@register("reader.ui_stall")
def ui_stall() -> list[Row]:
    from desktop.tasks import TaskRunner  # noqa: PLC0415 (Qt app objects, bench-only)
    from desktop.viewer.document_viewer import DocumentViewer  # noqa: PLC0415
    from desktop.widgets.overlay import Drawer  # noqa: PLC0415
    from sync.model import Document, DocumentState  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)

    class _NoBookmarks:
        def list_pages(self, document_id: str) -> list[int]:
            return []

        def set_bookmark(self, document_id: str, page: int, on: bool) -> None:
            return None

    data = _make_pdf(PAGES)
    idle = _Heartbeat()
    _wait(app, 3.0)
    idle.stop()

    runner = TaskRunner()
    viewer = DocumentViewer(runner, lambda _doc_id: data, _NoBookmarks())
    try:
        viewer.resize(1000, 800)
        viewer.show()
        _wait(app, 0.2)
        beat = _Heartbeat()
        viewer.open_document(
            Document(
                id="big",
                meeting_id="m",
                item_id=None,
                title="big",
                filename="big.pdf",
                version=1,
                sha256="0" * 64,
                size=0,
                state=DocumentState.VERIFIED,
            )
        )
        _spin(app, lambda: viewer.info is not None)
        pv = viewer.page_view
        _spin(app, lambda: len(pv.cache) >= 2)
        bar = pv.verticalScrollBar()
        value = 0
        while value < bar.maximum():  # screen-sized steps, renders landing as a reader reads
            value = min(bar.maximum(), value + bar.pageStep())
            bar.setValue(value)
            _wait(app, 0.015)
        for factor in (1.25, 1.25, 1.25, 0.5, 2.0):
            pv.zoom_by(factor, QPointF(200, 200))
            _wait(app, 0.03)
        _spin(app, lambda: pv.pending_renders == 0)
        beat.stop()
        pv.go_to_page(0)
        _spin(app, lambda: pv.pending_renders == 0)
        turning = _Heartbeat()
        for _ in range(30):  # a reader leafing through, a turn every 100 ms
            pv.turn_page(1)
            _wait(app, 0.1)
        _spin(app, lambda: pv.pending_renders == 0)
        turning.stop()
        drawer = Drawer(viewer, "agenda")
        agenda = QListWidget()
        agenda.addItems([f"{n}. Agenda item {n} with a longer title" for n in range(1, 31)])
        drawer.content.addWidget(agenda)
        sliding = _Heartbeat()
        for _ in range(10):
            drawer.open_panel()
            _wait(app, 0.25)
            drawer.close_panel()
            _wait(app, 0.25)
        sliding.stop()
    finally:
        viewer.close()
        runner.shutdown()
    return [
        row("UI heartbeat, idle event loop: worst gap", idle.worst * 1000, "ms"),
        row(
            f"UI worst stall: open + scroll + zoom {PAGES} pages (target < 100 ms)",
            beat.worst * 1000,
            "ms",
            "idle event loop, same run",
            idle.worst * 1000,
        ),
        row(
            "UI worst stall: 30 page turns, one per 100 ms (target < 100 ms)",
            turning.worst * 1000,
            "ms",
            "idle event loop, same run",
            idle.worst * 1000,
        ),
        row(
            "UI worst stall: agenda drawer opened and closed 10 times (target < 100 ms)",
            sliding.worst * 1000,
            "ms",
            "idle event loop, same run",
            idle.worst * 1000,
        ),
    ]
