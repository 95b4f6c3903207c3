"""The continuous page view: one scroll area over every page, painting what it has.

It never renders. Its parts, each owned by the view:

- ``PageLayout`` (page_layout.py): where each page sits at the zoom or fit, and
  page points <-> viewport pixels;
- ``RenderScheduler`` (render_scheduler.py): which pages to ask the render lane for,
  at what width, and the ``PageCache`` of what landed (a page on screen that is not
  cached is asked for with its visible band first);
- ``PageMarks`` (page_marks.py): the annotations, the selection, the tool's gestures;
- ``PageInput`` (page_input.py): taps, stylus, pinch, wheel and keys;
- ``SearchHighlights`` and the watermark, painted over the pages.

The view paints whatever is cached, scaled, while a sharper render is on its way.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QScroller, QWidget

from desktop.viewer.annotation_layer import Tool
from desktop.viewer.page_cache import PageCache, Rows, paint_band
from desktop.viewer.page_input import PageInput
from desktop.viewer.page_layout import MARGIN, PageLayout, clamp_zoom
from desktop.viewer.page_marks import PageMarks
from desktop.viewer.render_scheduler import Renderer, RenderScheduler
from desktop.viewer.search_highlights import SearchHighlights, hit_rect
from desktop.viewer.watermark import paint_watermark, watermark_text
from sync.model import Annotation
from sync.pdf.render import SearchRect


class PageView(QAbstractScrollArea):
    """Continuous vertical scroll over every page; fit width / fit page / free zoom."""

    page_changed = Signal(int)
    zoom_changed = Signal(float)
    page_rendered = Signal(int)  # a complete render of this page landed in the cache
    band_rendered = Signal(int, int, int)  # page, first and last row: its visible band landed
    # Annotation input, all in unrotated page points (the viewer turns them into commands).
    ink_drawn = Signal(int, object)  # page, [(x, y, pressure)]
    highlight_dragged = Signal(int, object, object)  # page, (x, y) start, (x, y) end
    note_placed = Signal(int, float, float)  # page, x, y (sticky note or text box)
    erase_requested = Signal(object)  # Annotation
    selection_changed = Signal(object)  # Annotation | None
    delete_requested = Signal(object)  # Annotation
    note_edit_requested = Signal(object)  # Annotation: a sticky or text note to open

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The parts first: the calls below may already send the viewport events.
        self._pages = PageLayout(self)
        self._renders = RenderScheduler(self, self._pages, self._landed)
        self._marks = PageMarks(self, self._pages)
        self._input = PageInput(self, self._marks)
        self._highlights = SearchHighlights()
        self._current = 0
        self._watermark = ""
        self.setAccessibleName(self.tr("Document pages"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.verticalScrollBar().setAccessibleName(self.tr("Scroll pages"))
        self.horizontalScrollBar().setAccessibleName(self.tr("Scroll sideways"))

    # -- document --------------------------------------------------------
    def set_document(
        self,
        sizes: Sequence[tuple[float, float]],
        renderer: Renderer,
        rotations: Sequence[int] = (),
        zoom: float | None = None,
    ) -> None:
        """``sizes`` as displayed; ``rotations`` each page's /Rotate (missing = 0).

        A document opens at fit width, or at ``zoom``, the zoom the reader left this
        document at: never at the zoom of the document before (issue 15: pages opened
        cut off after a zoomed one).
        """
        pages = self._pages
        pages.fit = "width" if zoom is None else None
        if zoom is not None:
            pages.zoom = clamp_zoom(zoom)
        self._renders.start(renderer)
        pages.set_pages(sizes, rotations)
        self._highlights.clear()
        self._current = 0
        pages.relayout(self._current)
        self.verticalScrollBar().setValue(0)
        self._renders.schedule(0)
        self.viewport().update()

    def set_layout(self, sizes: Sequence[tuple[float, float]], rotations: Sequence[int]) -> None:
        """Correct every page's size and rotation, keeping the reader where they were."""
        pages = self._pages
        if len(sizes) != len(pages.sizes):
            return
        anchor = self._current
        rect = self.page_rect(anchor) if pages.sizes else QRectF()
        into = -rect.top() / rect.height() if rect.height() > 0 else 0.0
        turned = [int(r) % 360 for r in rotations]
        if list(sizes) == pages.sizes and turned == pages.rotations:
            return
        pages.set_pages(sizes, rotations)
        pages.relayout(self._current)
        top = pages.tops[anchor] + into * pages.sizes[anchor][1] * pages.zoom
        self.verticalScrollBar().setValue(round(top))
        self._update_current()
        self._renders.schedule(0)
        self.viewport().update()

    def clear(self) -> None:
        self._marks.clear()
        self._renders.start(None)
        self._pages.clear()
        self._highlights.clear()
        self.viewport().update()

    @property
    def cache(self) -> PageCache:
        return self._renders.cache

    @property
    def page_count(self) -> int:
        return len(self._pages.sizes)

    @property
    def current_page(self) -> int:
        return self._current

    @property
    def zoom(self) -> float:
        return self._pages.zoom

    @property
    def fit(self) -> str | None:
        return self._pages.fit

    @property
    def night(self) -> bool:
        return self._renders.night

    @property
    def pending_renders(self) -> int:
        return self._renders.pending

    @property
    def search_highlights(self) -> SearchHighlights:
        return self._highlights

    def is_sharp(self) -> bool:
        """Every page on screen has a whole render at its current size (nothing scaled, no gap)."""
        return self._renders.is_sharp()

    # -- geometry --------------------------------------------------------
    def page_rect(self, index: int) -> QRectF:
        """Where page ``index`` is drawn, in viewport coordinates."""
        return self._pages.page_rect(index)

    def visible_pages(self) -> range:
        return self._pages.visible_pages()

    def target_width(self, index: int) -> int:
        """The device-pixel width page ``index`` is rendered at now (the cache's key)."""
        return self._pages.target_width(index)

    def rotation(self, page: int) -> int:
        return self._pages.rotation(page)

    def view_to_page(self, pos: QPointF) -> tuple[int, float, float] | None:
        """Viewport pixels -> (page, x, y) in unrotated page points, or None off the pages."""
        return self._pages.view_to_page(pos)

    def page_to_view(self, page: int, x: float, y: float) -> QPointF:
        """Unrotated page points on ``page`` -> viewport pixels."""
        return self._pages.page_to_view(page, x, y)

    # -- navigation ------------------------------------------------------
    def go_to_page(self, index: int, y_points: float | None = None) -> None:
        pages = self._pages
        if not pages.sizes:
            return
        index = max(0, min(index, len(pages.sizes) - 1))
        y = pages.tops[index] - MARGIN / 2
        if y_points is not None:
            y = pages.tops[index] + y_points * pages.zoom - self.viewport().height() / 3
        self.verticalScrollBar().setValue(int(y))
        self._update_current()

    def turn_page(self, step: int) -> None:
        """The next (``step`` 1) or previous (-1) page, its top at the top of the view."""
        if self._pages.sizes:
            self.go_to_page(self._current + step)

    def set_fit(self, fit: str | None) -> None:
        anchor = self._current
        self._pages.fit = fit
        self._pages.relayout(self._current)
        self.go_to_page(anchor)
        self._zoom_did_change()

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        pages = self._pages
        zoom = clamp_zoom(zoom)
        if not pages.sizes or abs(zoom - pages.zoom) < 1e-6:
            return
        if anchor is None:
            anchor = QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        doc_y = vbar.value() + anchor.y()
        doc_x = hbar.value() + anchor.x()
        ratio = zoom / pages.zoom
        # The page point under the anchor (fingers, mouse) stays under it: gaps and
        # centring margins do not scale, so scaling scroll offsets alone drifts.
        under = pages.view_to_page(anchor)
        pages.fit = None
        pages.zoom = zoom
        pages.relayout(self._current)
        if under is None:
            vbar.setValue(round(doc_y * ratio - anchor.y()))
            hbar.setValue(round(doc_x * ratio - anchor.x()))
        else:
            now = pages.page_to_view(*under)
            vbar.setValue(vbar.value() + round(now.y() - anchor.y()))
            hbar.setValue(hbar.value() + round(now.x() - anchor.x()))
        self._zoom_did_change()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self.set_zoom(self._pages.zoom * factor, anchor)

    def set_night(self, night: bool) -> None:
        self._renders.night = night
        self._renders.schedule(0)
        self.viewport().update()

    def _zoom_did_change(self) -> None:
        self._renders.zoom_did_change()
        self.viewport().update()
        self.zoom_changed.emit(self._pages.zoom)

    def _update_current(self) -> None:
        if not self._pages.tops:
            return
        probe = self.verticalScrollBar().value() + self.viewport().height() * 0.3
        current = self._pages.page_at(probe)
        if current != self._current:
            self._current = current
            self.page_changed.emit(current)

    # -- watermark -------------------------------------------------------
    def set_watermark(self, name: str | None) -> None:
        """Draw ``name`` and today's date over every page (policy ``watermark``); None: off."""
        self._watermark = (name or "").strip()
        self.viewport().update()

    @property
    def watermark_text(self) -> str:
        """The text drawn over each page now; "" when the watermark is off."""
        return watermark_text(self._watermark)

    # -- annotations -----------------------------------------------------
    @property
    def tool(self) -> Tool:
        return self._marks.tool

    def set_tool(self, tool: Tool) -> None:
        """Any tool but reading turns drags into marks, so touch panning is off meanwhile."""
        self._marks.set_tool(tool)
        if tool is Tool.READ:
            QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
            self.viewport().unsetCursor()
        else:
            QScroller.ungrabGesture(self.viewport())
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        if tool is not Tool.SELECT:
            self.select(None)

    def set_ink_color(self, color: str) -> None:
        self._marks.ink_color = color

    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        if self._marks.set_annotations(annotations):
            self.selection_changed.emit(None)
        self.viewport().update()

    def annotations_on(self, page: int) -> list[Annotation]:
        return self._marks.on(page)

    @property
    def selected(self) -> Annotation | None:
        return self._marks.selected

    def select(self, annotation: Annotation | None) -> None:
        selected = self._marks.selected
        if (annotation and annotation.id) == (selected and selected.id):
            return
        self._marks.selected = annotation
        self.selection_changed.emit(annotation)
        self.viewport().update()

    def note_at(self, page: int, x: float, y: float) -> Annotation | None:
        """The topmost sticky or text note under a point, for opening it."""
        return self._marks.note_at(page, x, y)

    def note_under(self, pos: QPointF) -> Annotation | None:
        hit = self.view_to_page(pos)
        return None if hit is None else self.note_at(*hit)

    # -- find hits -------------------------------------------------------
    def set_hits(self, hits: Sequence[SearchRect], current: int = -1) -> None:
        self._highlights.set(hits, current)
        self.viewport().update()

    def show_hit(self, hit: SearchRect, index: int) -> None:
        self._highlights.current = index
        shown = hit_rect(self.page_to_view, hit.page, hit)
        self.go_to_page(hit.page, (shown.top() - self.page_rect(hit.page).top()) / self.zoom)
        x = hit_rect(self.page_to_view, hit.page, hit).x()
        hbar = self.horizontalScrollBar()
        if not 0 <= x <= self.viewport().width() - 40:
            hbar.setValue(int(hbar.value() + x - self.viewport().width() / 3))
        self.viewport().update()

    # -- renders landing -------------------------------------------------
    def _landed(self, page: int, rows: Rows | None) -> None:
        if page in self.visible_pages():
            self.viewport().update()
        if rows is not None:
            self.band_rendered.emit(page, *rows)
        else:
            self.page_rendered.emit(page)

    # -- painting --------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 -- Qt override
        painter = QPainter(self.viewport())
        palette = self.palette()
        painter.fillRect(self.viewport().rect(), palette.color(palette.ColorRole.Mid))
        night = self._renders.night
        paper = QColor("#1e1e1e") if night else QColor("#ffffff")
        watermark = self.watermark_text
        for index in self.visible_pages():
            rect = self.page_rect(index)
            painter.fillRect(rect, paper)
            image, band = self._renders.images(index)
            if image is not None:
                if image.width() != round(rect.width() * self.devicePixelRatioF()):
                    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                painter.drawImage(rect, image)
            if band is not None:
                paint_band(painter, rect, band)
            elif image is None:
                painter.setPen(QColor("#808080"))
                painter.drawText(
                    rect,
                    Qt.AlignmentFlag.AlignCenter,
                    self.tr("Page %1").replace("%1", str(index + 1)),
                )
            self._highlights.paint(painter, index, self.page_to_view)
            self._marks.paint_page(painter, index)
            if watermark:
                seen = QRectF(self.viewport().rect())
                font = self.font()
                paint_watermark(painter, rect, watermark, seen_rect=seen, font=font, night=night)
        self._marks.paint_drag(painter)
        if self.hasFocus():
            pen = QPen(palette.color(palette.ColorRole.Highlight), 3)
            painter.setPen(pen)
            painter.drawRect(self.viewport().rect().adjusted(1, 1, -2, -2))
        painter.end()
        self._renders.schedule(0)

    # -- Qt events -------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 -- Qt override
        anchor = self._current
        before, after = event.oldSize(), event.size()
        turned = before.isValid() and (before.width() > before.height()) != (
            after.width() > after.height()
        )
        if turned and self._pages.fit is None:
            self._pages.fit = "width"  # a rotation refits: a zoom kept across it cuts the page off
        super().resizeEvent(event)
        self._pages.relayout(self._current)
        if self._pages.fit is not None and self._pages.sizes:
            self.go_to_page(anchor)
        self._renders.schedule(120)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 -- Qt override
        self.viewport().update()
        self._update_current()
        self._renders.schedule(0)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 -- Qt override
        if self._input.mouse_press(event):
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 -- Qt override
        if self._input.mouse_move(event):
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 -- Qt override
        if self._input.mouse_release(event):
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 -- Qt override
        if self._input.mouse_double_click(event):
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 -- Qt override
        if not self._input.wheel(event):
            super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 -- Qt override
        return self._input.viewport_event(event) or super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 -- Qt override
        if not self._input.key_press(event):
            super().keyPressEvent(event)

    def focusInEvent(self, event: object) -> None:  # noqa: N802 -- Qt override
        super().focusInEvent(event)  # type: ignore[arg-type]  # QFocusEvent
        self.viewport().update()

    def focusOutEvent(self, event: object) -> None:  # noqa: N802 -- Qt override
        super().focusOutEvent(event)  # type: ignore[arg-type]  # QFocusEvent
        self.viewport().update()
