"""The continuous page view: lays pages out, paints cached renders, asks for the rest.

It never renders: it asks a ``Renderer`` (the render lane) for a page at the
pixel width it will be shown at, keeps results in a ``PageCache`` with a byte
budget, and paints whatever it has, scaled, while a sharper render is on its way.

A page on screen that is not cached is asked for with its visible band: the
rows the reader sees arrive first and are painted sharp at once, and the rest
of the page lands in the same image after (in the cache meanwhile as a partial
entry, of which only the band is ever painted).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, Protocol

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTabletEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QGestureEvent,
    QPinchGesture,
    QScroller,
    QToolTip,
    QWidget,
)

from desktop.viewer import annotation_layer
from desktop.viewer.annotation_layer import Tool
from desktop.viewer.page_geometry import to_displayed, to_unrotated
from sync.model import Annotation, AnnotationKind
from sync.pdf.render import SearchRect

GAP = 12
MARGIN = 12
MIN_ZOOM = 0.1  # logical pixels per point
MAX_ZOOM = 8.0
# A tap on the outer 12 % of the view (at least 48 px, about 13 mm) turns the page, as
# on an e-reader; a press that moved more than the slop was a scroll, not a tap.
EDGE_TAP_SHARE = 0.12
EDGE_TAP_MIN_PX = 48
EDGE_TAP_SLOP_PX = 12
MAX_RENDER_WIDTH = 4096
AHEAD = 2  # pages rendered ahead below the view
BEHIND = 1
DEFAULT_CACHE_MB = 256

CacheKey = tuple[int, int, bool]  # page, width in device pixels, night mode


Rows = tuple[int, int]  # [first, last) pixel rows of a render


class PageImage(NamedTuple):
    """A render as it lands: ``rows`` is the band drawn so far, None once all of it is."""

    image: QImage
    rows: Rows | None


class PageCache:
    """Rendered pages, least recently used evicted first, within a byte budget.

    A page whose band landed before the rest is held as a partial entry: ``get``
    does not return it (nothing may show its undrawn rows), ``partial`` does.
    """

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._images: OrderedDict[CacheKey, QImage] = OrderedDict()
        self._bands: dict[CacheKey, Rows] = {}
        self.bytes_used = 0

    def __len__(self) -> int:
        return len(self._images)

    def get(self, key: CacheKey) -> QImage | None:
        """The complete render under ``key``."""
        image = self._images.get(key)
        if image is None or key in self._bands:
            return None
        self._images.move_to_end(key)
        return image

    def partial(self, key: CacheKey) -> PageImage | None:
        """The render under ``key`` of which only ``rows`` are drawn yet."""
        rows = self._bands.get(key)
        image = self._images.get(key)
        if rows is None or image is None:
            return None
        self._images.move_to_end(key)
        return PageImage(image, rows)

    def best(self, page: int, night: bool) -> QImage | None:
        """Any complete render of ``page`` (the widest), shown scaled while the sharp one comes."""
        found: QImage | None = None
        for key, image in self._images.items():
            p, _w, n = key
            if p != page or n != night or key in self._bands:
                continue
            if found is None or image.width() > found.width():
                found = image
        return found

    def put(self, key: CacheKey, image: QImage, rows: Rows | None = None) -> None:
        if rows is not None and key in self._images and key not in self._bands:
            return  # the whole page is here already
        old = self._images.pop(key, None)
        if old is not None:
            self.bytes_used -= old.sizeInBytes()
        self._images[key] = image
        if rows is None:
            self._bands.pop(key, None)
        else:
            self._bands[key] = rows
        self.bytes_used += image.sizeInBytes()
        while self.bytes_used > self.budget_bytes and len(self._images) > 1:
            evicted_key, evicted = self._images.popitem(last=False)
            self._bands.pop(evicted_key, None)
            self.bytes_used -= evicted.sizeInBytes()

    def clear(self) -> None:
        self._images.clear()
        self._bands.clear()
        self.bytes_used = 0


@dataclass(frozen=True)
class RenderRequest:
    page: int
    width_px: int
    night: bool
    # Top and bottom of the rows on screen, as fractions of the page's height: those
    # rows are delivered first (``on_done`` with their ``rows``), the whole page after.
    band: tuple[float, float] | None
    on_done: Callable[[PageImage], None]


class Renderer(Protocol):
    def render_pages(self, requests: Sequence[RenderRequest]) -> None:
        """``requests`` most needed first: every band, then the rest of those pages, then
        the whole pages asked for without a band."""
        ...

    def cancel_renders(self) -> None: ...


@dataclass(frozen=True)
class Hit:
    index: int
    hit: SearchRect


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
        self.setAccessibleName(self.tr("Document pages"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.cache = PageCache(DEFAULT_CACHE_MB * 1024 * 1024)
        self._renderer: Renderer | None = None
        self._sizes: list[tuple[float, float]] = []
        self._rotations: list[int] = []
        self._tops: list[float] = []
        self._total_height = 0.0
        self._max_width = 1.0
        self._zoom = 1.0
        self._fit: str | None = "width"
        self._night = False
        self._pending: set[CacheKey] = set()
        self._current = 0
        self._hits: dict[int, list[Hit]] = {}
        self._current_hit: int = -1
        self._request_timer = QTimer(self)
        self._request_timer.setSingleShot(True)
        self._request_timer.timeout.connect(self._request_visible)
        self.verticalScrollBar().setAccessibleName(self.tr("Scroll pages"))
        self.horizontalScrollBar().setAccessibleName(self.tr("Scroll sideways"))
        self._annotations: dict[int, list[Annotation]] = {}
        self._tool = Tool.READ
        self._ink_color = "#d32f2f"
        self._selected: Annotation | None = None
        self._drag_page = -1
        self._drag: list[tuple[float, float, float]] = []
        self._erased: set[str] = set()
        self._tablet_down = False
        self._watermark = ""
        self._tap_from: QPointF | None = None

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
        self._fit = "width" if zoom is None else None
        if zoom is not None:
            self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._renderer = renderer
        self._sizes = list(sizes)
        self._rotations = [int(r) % 360 for r in rotations]
        self._max_width = max((w for w, _ in self._sizes), default=1.0)
        self.cache.clear()
        self._pending.clear()
        self._hits = {}
        self._current_hit = -1
        self._current = 0
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self._schedule(0)
        self.viewport().update()

    def set_layout(self, sizes: Sequence[tuple[float, float]], rotations: Sequence[int]) -> None:
        """Correct every page's size and rotation, keeping the reader where they were."""
        if len(sizes) != len(self._sizes):
            return
        anchor = self._current
        rect = self.page_rect(anchor) if self._sizes else QRectF()
        into = -rect.top() / rect.height() if rect.height() > 0 else 0.0
        turned = [int(r) % 360 for r in rotations]
        if list(sizes) == self._sizes and turned == self._rotations:
            return
        self._sizes = list(sizes)
        self._rotations = turned
        self._max_width = max((w for w, _ in self._sizes), default=1.0)
        self._relayout()
        top = self._tops[anchor] + into * self._sizes[anchor][1] * self._zoom
        self.verticalScrollBar().setValue(round(top))
        self._update_current()
        self._schedule(0)
        self.viewport().update()

    def clear(self) -> None:
        self._annotations = {}
        self._selected = None
        self._renderer = None
        self._sizes = []
        self._rotations = []
        self._tops = []
        self.cache.clear()
        self._pending.clear()
        self._hits = {}
        self.viewport().update()

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    @property
    def current_page(self) -> int:
        return self._current

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def fit(self) -> str | None:
        return self._fit

    @property
    def pending_renders(self) -> int:
        return len(self._pending)

    # -- geometry --------------------------------------------------------
    def _fit_zoom(self) -> float:
        vw = max(1, self.viewport().width() - 2 * MARGIN)
        vh = max(1, self.viewport().height() - 2 * MARGIN)
        width_zoom = vw / self._max_width
        if self._fit == "page" and self._sizes:
            w, h = self._sizes[min(self._current, len(self._sizes) - 1)]
            return min(vw / w, vh / h)
        return width_zoom

    def _relayout(self) -> None:
        if self._fit is not None and self._sizes:
            self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, self._fit_zoom()))
        tops: list[float] = []
        y = float(MARGIN)
        for _w, h in self._sizes:
            tops.append(y)
            y += h * self._zoom + GAP
        self._tops = tops
        self._total_height = y - GAP + MARGIN if tops else 0.0
        vbar = self.verticalScrollBar()
        vbar.setRange(0, max(0, int(self._total_height - self.viewport().height())))
        vbar.setPageStep(max(1, int(self.viewport().height() * 0.9)))
        vbar.setSingleStep(40)
        content_w = self._max_width * self._zoom + 2 * MARGIN
        hbar = self.horizontalScrollBar()
        hbar.setRange(0, max(0, int(content_w - self.viewport().width())))
        hbar.setPageStep(max(1, self.viewport().width()))
        hbar.setSingleStep(40)

    def page_rect(self, index: int) -> QRectF:
        """Where page ``index`` is drawn, in viewport coordinates."""
        w, h = self._sizes[index]
        content_w = max(self._max_width * self._zoom + 2 * MARGIN, self.viewport().width())
        x = (content_w - w * self._zoom) / 2 - self.horizontalScrollBar().value()
        y = self._tops[index] - self.verticalScrollBar().value()
        return QRectF(x, y, w * self._zoom, h * self._zoom)

    def visible_pages(self) -> range:
        if not self._tops:
            return range(0)
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        last = max(first, bisect.bisect_left(self._tops, bottom) - 1)
        return range(first, min(last, len(self._tops) - 1) + 1)

    def _target_width(self, index: int) -> int:
        w, _ = self._sizes[index]
        dpr = self.devicePixelRatioF()
        return max(1, min(MAX_RENDER_WIDTH, round(w * self._zoom * dpr)))

    # -- navigation ------------------------------------------------------
    def go_to_page(self, index: int, y_points: float | None = None) -> None:
        if not self._sizes:
            return
        index = max(0, min(index, len(self._sizes) - 1))
        y = self._tops[index] - MARGIN / 2
        if y_points is not None:
            y = self._tops[index] + y_points * self._zoom - self.viewport().height() / 3
        self.verticalScrollBar().setValue(int(y))
        self._update_current()

    def turn_page(self, step: int) -> None:
        """The next (``step`` 1) or previous (-1) page, its top at the top of the view."""
        if self._sizes:
            self.go_to_page(self._current + step)

    def set_fit(self, fit: str | None) -> None:
        anchor = self._current
        self._fit = fit
        self._relayout()
        self.go_to_page(anchor)
        self._zoom_did_change()

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if not self._sizes or abs(zoom - self._zoom) < 1e-6:
            return
        if anchor is None:
            anchor = QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        doc_y = vbar.value() + anchor.y()
        doc_x = hbar.value() + anchor.x()
        ratio = zoom / self._zoom
        # The page point under the anchor (fingers, mouse) stays under it: gaps and
        # centring margins do not scale, so scaling scroll offsets alone drifts.
        under = self.view_to_page(anchor)
        self._fit = None
        self._zoom = zoom
        self._relayout()
        if under is None:
            vbar.setValue(round(doc_y * ratio - anchor.y()))
            hbar.setValue(round(doc_x * ratio - anchor.x()))
        else:
            now = self.page_to_view(*under)
            vbar.setValue(vbar.value() + round(now.y() - anchor.y()))
            hbar.setValue(hbar.value() + round(now.x() - anchor.x()))
        self._zoom_did_change()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self.set_zoom(self._zoom * factor, anchor)

    def set_night(self, night: bool) -> None:
        self._night = night
        self._schedule(0)
        self.viewport().update()

    def _zoom_did_change(self) -> None:
        # Renders queued for the old size are useless now; paint scaled until new ones land.
        if self._renderer is not None:
            self._renderer.cancel_renders()
        self._pending.clear()
        self._schedule(120)
        self.viewport().update()
        self.zoom_changed.emit(self._zoom)

    # -- watermark -------------------------------------------------------
    def set_watermark(self, name: str | None) -> None:
        """Draw ``name`` and today's date over every page (policy ``watermark``); None: off.

        Painted over the displayed page at paint time, so screenshots carry it and no
        render is ever redone for it.
        """
        self._watermark = (name or "").strip()
        self.viewport().update()

    @property
    def watermark_text(self) -> str:
        """The text drawn over each page now; "" when the watermark is off."""
        if not self._watermark:
            return ""
        return f"{self._watermark} · {date.today().isoformat()}"

    def _paint_watermark(self, painter: QPainter, page: QRectF, text: str) -> None:
        """``text`` in diagonal rows across the page, faint but legible on either paper.

        Rows repeat over the whole page so any part of it on screen (or in a screenshot)
        carries the name; only the rows that meet the viewport are drawn.
        """
        w, h = page.width(), page.height()
        if w < 8 or h < 8:
            return
        painter.save()
        painter.setClipRect(page, Qt.ClipOperation.IntersectClip)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        font = QFont(self.font())
        font.setBold(True)
        size = max(10, min(120, round(w / 20)))
        font.setPixelSize(size)
        painter.setFont(font)
        # Light paper: dark ink; night paper: light ink. Both faint, both readable.
        painter.setPen(QColor(255, 255, 255, 80) if self._night else QColor(40, 40, 40, 64))
        painter.translate(page.center())
        painter.rotate(-math.degrees(math.atan2(h, w)))
        inverse, _ok = painter.transform().inverted()
        seen = inverse.mapRect(QRectF(self.viewport().rect()).intersected(page))
        half = math.hypot(w, h) / 2
        step_x = QFontMetricsF(font).horizontalAdvance(text) + 3 * size
        step_y = 4.0 * size
        first_row = math.floor(max(-half, seen.top() - size) / step_y)
        last_row = math.ceil(min(half, seen.bottom() + size) / step_y)
        for row in range(first_row, last_row + 1):
            y = row * step_y
            shift = (row % 2) * step_x / 2  # every other row staggered
            first_col = math.floor((max(-half, seen.left()) - shift) / step_x) - 1
            last_col = math.ceil((min(half, seen.right()) - shift) / step_x)
            for col in range(first_col, last_col + 1):
                painter.drawText(QPointF(col * step_x + shift, y + size / 3), text)
        painter.restore()

    # -- annotations -----------------------------------------------------
    @property
    def tool(self) -> Tool:
        return self._tool

    def set_tool(self, tool: Tool) -> None:
        """Any tool but reading turns drags into marks, so touch panning is off meanwhile."""
        self._tool = tool
        self._drag = []
        if tool is Tool.READ:
            QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
            self.viewport().unsetCursor()
        else:
            QScroller.ungrabGesture(self.viewport())
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        if tool is not Tool.SELECT:
            self.select(None)

    def set_ink_color(self, color: str) -> None:
        self._ink_color = color

    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        by_page: dict[int, list[Annotation]] = {}
        for a in annotations:
            by_page.setdefault(a.page, []).append(a)
        self._annotations = by_page
        if self._selected is not None:
            still = [a for a in annotations if a.id == self._selected.id]
            self._selected = still[0] if still else None
            if not still:
                self.selection_changed.emit(None)
        self.viewport().update()

    def annotations_on(self, page: int) -> list[Annotation]:
        return list(self._annotations.get(page, ()))

    @property
    def selected(self) -> Annotation | None:
        return self._selected

    def select(self, annotation: Annotation | None) -> None:
        if (annotation and annotation.id) == (self._selected and self._selected.id):
            return
        self._selected = annotation
        self.selection_changed.emit(annotation)
        self.viewport().update()

    def rotation(self, page: int) -> int:
        return self._rotations[page] if 0 <= page < len(self._rotations) else 0

    def view_to_page(self, pos: QPointF) -> tuple[int, float, float] | None:
        """Viewport pixels -> (page, x, y) in unrotated page points, or None off the pages."""
        for index in self.visible_pages():
            rect = self.page_rect(index)
            if rect.contains(pos):
                xd, yd = (pos.x() - rect.x()) / self._zoom, (pos.y() - rect.y()) / self._zoom
                x, y = to_unrotated(xd, yd, self.rotation(index), self._sizes[index])
                return index, x, y
        return None

    def page_to_view(self, page: int, x: float, y: float) -> QPointF:
        """Unrotated page points on ``page`` -> viewport pixels."""
        rect = self.page_rect(page)
        xd, yd = to_displayed(x, y, self.rotation(page), self._sizes[page])
        return QPointF(rect.x() + xd * self._zoom, rect.y() + yd * self._zoom)

    def _clamp_to_drag_page(self, pos: QPointF) -> tuple[float, float]:
        """A drag that leaves its page stays on its edge; unrotated page points."""
        page = self._drag_page
        rect = self.page_rect(page)
        w, h = self._sizes[page]
        xd = min(max((pos.x() - rect.x()) / self._zoom, 0.0), w)
        yd = min(max((pos.y() - rect.y()) / self._zoom, 0.0), h)
        return to_unrotated(xd, yd, self.rotation(page), (w, h))

    def _press(self, pos: QPointF, pressure: float) -> bool:
        if self._tool is Tool.READ or not self._sizes:
            return False
        hit = self.view_to_page(pos)
        if hit is None:
            return True
        page, x, y = hit
        if self._tool in (Tool.PEN, Tool.HIGHLIGHT):
            self._drag_page = page
            self._drag = [(x, y, pressure)]
        elif self._tool in (Tool.NOTE, Tool.TEXT):
            # Tapping a note that is already there opens it; a new one would hide it.
            existing = self.note_at(page, x, y)
            if existing is not None:
                self.note_edit_requested.emit(existing)
            else:
                self.note_placed.emit(page, x, y)
        elif self._tool is Tool.ERASER:
            self._drag_page = page
            self._erased = set()
            self._erase_at(page, x, y)
        elif self._tool is Tool.SELECT:
            self.select(annotation_layer.topmost_at(self._annotations.get(page, []), x, y))
        return True

    def _move(self, pos: QPointF, pressure: float) -> bool:
        if self._tool is Tool.READ:
            return False
        if self._drag_page < 0:
            return True
        x, y = self._clamp_to_drag_page(pos)
        if self._tool is Tool.ERASER:
            self._erase_at(self._drag_page, x, y)
        elif self._drag:
            if self._tool is Tool.HIGHLIGHT:
                self._drag = [self._drag[0], (x, y, 0.0)]
            else:
                last = self._drag[-1]
                if abs(last[0] - x) + abs(last[1] - y) >= 0.5 / max(self._zoom, 0.01):
                    self._drag.append((x, y, pressure))
            self.viewport().update()
        return True

    def _release(self, pos: QPointF, pressure: float) -> bool:
        if self._tool is Tool.READ:
            return False
        page, drag = self._drag_page, self._drag
        if page >= 0 and drag:
            x, y = self._clamp_to_drag_page(pos)
            if self._tool is Tool.PEN:
                if (x, y) != drag[-1][:2]:
                    drag.append((x, y, pressure))
                self.ink_drawn.emit(
                    page, [(round(a, 2), round(b, 2), round(p, 3)) for a, b, p in drag]
                )
            elif self._tool is Tool.HIGHLIGHT:
                self.highlight_dragged.emit(page, drag[0][:2], (x, y))
        self._drag_page = -1
        self._drag = []
        self.viewport().update()
        return True

    def _erase_at(self, page: int, x: float, y: float) -> None:
        tolerance = annotation_layer.HIT_TOLERANCE_PT
        for a in self._annotations.get(page, []):
            if a.id not in self._erased and annotation_layer.hits(a, x, y, tolerance):
                self._erased.add(a.id)
                self.erase_requested.emit(a)

    def note_at(self, page: int, x: float, y: float) -> Annotation | None:
        """The topmost sticky or text note under a point, for opening it."""
        notes = [
            a
            for a in self._annotations.get(page, [])
            if a.kind in (AnnotationKind.NOTE, AnnotationKind.TEXT)
        ]
        return annotation_layer.topmost_at(notes, x, y)

    def note_under(self, pos: QPointF) -> Annotation | None:
        hit = self.view_to_page(pos)
        return None if hit is None else self.note_at(*hit)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 -- Qt override
        """Double-click (double-tap) a note to read and edit it, with the reading or select tool."""
        if event.button() == Qt.MouseButton.LeftButton and self._tool in (Tool.READ, Tool.SELECT):
            note = self.note_under(event.position())
            if note is not None:
                self.note_edit_requested.emit(note)
                event.accept()
                return
        super().mouseDoubleClickEvent(event)

    def _wider_than_view(self) -> bool:
        """Zoomed past the width: Left/Right scroll sideways instead of turning."""
        return self.horizontalScrollBar().maximum() > 0

    def _edge_step(self, pos: QPointF) -> int:
        """-1 or 1 for a tap on the outer edge of the view (an e-reader's page turn), else 0."""
        width = self.viewport().width()
        edge = max(EDGE_TAP_MIN_PX, width * EDGE_TAP_SHARE)
        if pos.x() <= edge:
            return -1
        if pos.x() >= width - edge:
            return 1
        return 0

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 -- Qt override
        if event.button() == Qt.MouseButton.LeftButton and self._press(event.position(), 0.5):
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and self._tool is Tool.READ:
            self._tap_from = event.position()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 -- Qt override
        if self._move(event.position(), 0.5):
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 -- Qt override
        if event.button() == Qt.MouseButton.LeftButton and self._release(event.position(), 0.5):
            event.accept()
            return
        start, self._tap_from = self._tap_from, None
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self._tool is Tool.READ
            and start is not None
            and (event.position() - start).manhattanLength() < EDGE_TAP_SLOP_PX
        ):
            step = self._edge_step(event.position())
            if step:
                self.turn_page(step)
                event.accept()
                return
        super().mouseReleaseEvent(event)

    def _tablet(self, event: QTabletEvent) -> bool:
        """A stylus draws with its pressure; accepting stops Qt faking mouse events from it."""
        pos, pressure = event.position(), float(event.pressure())
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._tablet_down = self._press(pos, pressure)
            handled = self._tablet_down
        elif kind == QEvent.Type.TabletMove:
            handled = self._tablet_down and self._move(pos, pressure)
        else:
            handled = self._tablet_down and self._release(pos, pressure)
            self._tablet_down = False
        if handled:
            event.accept()
        return handled

    def _paint_drag(self, painter: QPainter) -> None:
        if self._drag_page < 0 or not self._drag:
            return
        points = [self.page_to_view(self._drag_page, x, y) for x, y, _p in self._drag]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self._tool is Tool.HIGHLIGHT and len(points) == 2:
            painter.setPen(QPen(QColor(self._ink_color), 3, Qt.PenStyle.DashLine))
            painter.drawLine(points[0], points[1])
        else:
            painter.setPen(QPen(QColor(self._ink_color), max(1.0, 1.6 * self._zoom)))
            for a, b in itertools.pairwise(points):
                painter.drawLine(a, b)
        painter.restore()

    # -- find hits -------------------------------------------------------
    def set_hits(self, hits: Sequence[SearchRect], current: int = -1) -> None:
        by_page: dict[int, list[Hit]] = {}
        for i, hit in enumerate(hits):
            by_page.setdefault(hit.page, []).append(Hit(i, hit))
        self._hits = by_page
        self._current_hit = current
        self.viewport().update()

    def show_hit(self, hit: SearchRect, index: int) -> None:
        self._current_hit = index
        shown = self._hit_rect(hit.page, hit)
        self.go_to_page(hit.page, (shown.top() - self.page_rect(hit.page).top()) / self._zoom)
        x = self._hit_rect(hit.page, hit).x()
        hbar = self.horizontalScrollBar()
        if not 0 <= x <= self.viewport().width() - 40:
            hbar.setValue(int(hbar.value() + x - self.viewport().width() / 3))
        self.viewport().update()

    # -- rendering requests ----------------------------------------------
    def _schedule(self, delay_ms: int) -> None:
        if delay_ms == 0 and self._request_timer.isActive():
            return
        self._request_timer.start(delay_ms)

    def _request_visible(self) -> None:
        if self._renderer is None or not self._sizes:
            return
        visible = self.visible_pages()
        if not visible:
            return
        last = visible[-1]
        ahead = [p for p in range(last + 1, last + 1 + AHEAD) if p < len(self._sizes)]
        behind = [p for p in range(visible[0] - BEHIND, visible[0]) if p >= 0]
        requests: list[RenderRequest] = []
        for page in [*visible, *ahead, *behind]:
            key = (page, self._target_width(page), self._night)
            if key in self._pending or self.cache.get(key) is not None:
                continue
            self._pending.add(key)
            band = self._visible_band(page) if page in visible else None
            requests.append(RenderRequest(page, key[1], self._night, band, self._on_rendered(key)))
        if requests:
            self._renderer.render_pages(requests)

    def is_sharp(self) -> bool:
        """Every page on screen has a whole render at its current size (nothing scaled, no gap)."""
        return bool(self._sizes) and all(
            self.cache.get((page, self._target_width(page), self._night)) is not None
            for page in self.visible_pages()
        )

    def _visible_band(self, page: int) -> tuple[float, float] | None:
        """The part of ``page`` on screen (fractions of its height); None if all of it is."""
        rect = self.page_rect(page)
        height = rect.height()
        if height <= 0:
            return None
        top = max(0.0, -rect.top())
        bottom = min(height, self.viewport().height() - rect.top())
        if top <= 0 and bottom >= height:
            return None
        return top / height, max(top, bottom) / height

    def _on_rendered(self, key: CacheKey) -> Callable[[PageImage], None]:
        return lambda landed: self._rendered(key, landed)

    def _rendered(self, key: CacheKey, landed: PageImage) -> None:
        if landed.rows is not None:
            if key not in self._pending:
                return  # asked for no more (zoom changed): its rest will not come
            self.cache.put(key, landed.image, landed.rows)
        else:
            self._pending.discard(key)
            self.cache.put(key, landed.image)
        if key[0] in self.visible_pages():
            self.viewport().update()
        if landed.rows is not None:
            self.band_rendered.emit(key[0], *landed.rows)
        else:
            self.page_rendered.emit(key[0])

    # -- Qt events -------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 -- Qt override
        anchor = self._current
        before, after = event.oldSize(), event.size()
        turned = before.isValid() and (before.width() > before.height()) != (
            after.width() > after.height()
        )
        if turned and self._fit is None:
            self._fit = "width"  # a rotation refits: a zoom kept across it cuts the page off
        super().resizeEvent(event)
        self._relayout()
        if self._fit is not None and self._sizes:
            self.go_to_page(anchor)
        self._schedule(120)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 -- Qt override
        self.viewport().update()
        self._update_current()
        self._schedule(0)

    def _update_current(self) -> None:
        if not self._tops:
            return
        probe = self.verticalScrollBar().value() + self.viewport().height() * 0.3
        current = max(0, bisect.bisect_right(self._tops, probe) - 1)
        if current != self._current:
            self._current = current
            self.page_changed.emit(current)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 -- Qt override
        painter = QPainter(self.viewport())
        palette = self.palette()
        painter.fillRect(self.viewport().rect(), palette.color(palette.ColorRole.Mid))
        paper = QColor("#1e1e1e") if self._night else QColor("#ffffff")
        watermark = self.watermark_text
        for index in self.visible_pages():
            rect = self.page_rect(index)
            painter.fillRect(rect, paper)
            key = (index, self._target_width(index), self._night)
            image = self.cache.get(key)
            band = None if image is not None else self.cache.partial(key)
            if image is None:
                image = self.cache.best(index, self._night)
            if image is not None:
                if image.width() != round(rect.width() * self.devicePixelRatioF()):
                    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                painter.drawImage(rect, image)
            if band is not None:
                self._paint_band(painter, rect, band)
            elif image is None:
                painter.setPen(QColor("#808080"))
                painter.drawText(
                    rect,
                    Qt.AlignmentFlag.AlignCenter,
                    self.tr("Page %1").replace("%1", str(index + 1)),
                )
            self._paint_hits(painter, index, rect)
            marks = self._annotations.get(index)
            if marks:
                selected = self._selected.id if self._selected is not None else None
                annotation_layer.paint(
                    painter,
                    functools.partial(self.page_to_view, index),
                    self._zoom,
                    marks,
                    selected,
                )
            if watermark:
                self._paint_watermark(painter, rect, watermark)
        self._paint_drag(painter)
        if self.hasFocus():
            pen = QPen(palette.color(palette.ColorRole.Highlight), 3)
            painter.setPen(pen)
            painter.drawRect(self.viewport().rect().adjusted(1, 1, -2, -2))
        painter.end()
        self._schedule(0)

    def _paint_band(self, painter: QPainter, page: QRectF, band: PageImage) -> None:
        """Only the drawn rows of a partial render: the others are being drawn right now."""
        assert band.rows is not None
        first, last = band.rows
        image = band.image
        if image.height() <= 0:
            return
        per_row = page.height() / image.height()
        target = QRectF(
            page.x(), page.y() + first * per_row, page.width(), (last - first) * per_row
        )
        painter.drawImage(target, image, QRectF(0, first, image.width(), last - first))

    def _paint_hits(self, painter: QPainter, index: int, page: QRectF) -> None:
        hits = self._hits.get(index)
        if not hits:
            return
        for h in hits:
            rect = self._hit_rect(index, h.hit)
            current = h.index == self._current_hit
            painter.fillRect(rect, QColor(255, 200, 0, 150 if current else 90))
            # The current hit also gets a thick outline: never colour alone.
            painter.setPen(
                QPen(QColor("#d04000") if current else QColor("#a08000"), 3 if current else 1)
            )
            painter.drawRect(rect.adjusted(-2, -2, 2, 2) if current else rect)

    def _hit_rect(self, index: int, hit: SearchRect) -> QRectF:
        """A search hit (unrotated points) as drawn on the displayed page."""
        r = hit.rect
        return QRectF(
            self.page_to_view(index, r.x0, r.y0), self.page_to_view(index, r.x1, r.y1)
        ).normalized()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 -- Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y()
            if steps:
                self.zoom_by(1.0015**steps, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 -- Qt override
        if isinstance(event, QTabletEvent) and self._tablet(event):
            return True
        if event.type() == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                flags = pinch.changeFlags()
                if flags & QPinchGesture.ChangeFlag.ScaleFactorChanged:
                    center = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                    self.zoom_by(pinch.scaleFactor(), QPointF(center))
                event.accept(pinch)
                return True
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            note = self.note_under(QPointF(event.pos()))
            if note is not None and note.text:
                text = note.text if len(note.text) <= 600 else note.text[:600] + "…"
                QToolTip.showText(event.globalPos(), text, self.viewport())
                return True
            QToolTip.hideText()
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 -- Qt override
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._selected is not None:
            self.delete_requested.emit(self._selected)
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            # a page at a time, snapped to the page's top (a scroll by a screenful left
            # the reader with half of two pages)
            self.turn_page(1 if key == Qt.Key.Key_PageDown else -1)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Left) and not self._wider_than_view():
            self.turn_page(1 if key == Qt.Key.Key_Right else -1)
        elif key == Qt.Key.Key_Home:
            self.go_to_page(0)
        elif key == Qt.Key.Key_End:
            self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())
        elif key == Qt.Key.Key_Space:
            vbar = self.verticalScrollBar()
            step = (
                -vbar.pageStep()
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                else vbar.pageStep()
            )
            vbar.setValue(vbar.value() + step)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: object) -> None:  # noqa: N802 -- Qt override
        super().focusInEvent(event)  # type: ignore[arg-type]  # QFocusEvent
        self.viewport().update()

    def focusOutEvent(self, event: object) -> None:  # noqa: N802 -- Qt override
        super().focusOutEvent(event)  # type: ignore[arg-type]  # QFocusEvent
        self.viewport().update()
