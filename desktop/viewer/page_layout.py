"""Where each page sits in the page view's scroll area, and page points <-> viewport pixels.

Pages stack top to bottom, centred, a gap apart; the zoom (logical pixels per point)
comes from the fit when there is one. Kept apart from the widget so everything that
asks "what is on screen, at what size" (painting, render requests, input) reads one
answer.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QAbstractScrollArea

from desktop.viewer.page_geometry import to_displayed, to_unrotated

GAP = 12
MARGIN = 12
MIN_ZOOM = 0.1  # logical pixels per point
MAX_ZOOM = 8.0
MAX_RENDER_WIDTH = 4096


def clamp_zoom(zoom: float) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, zoom))


class PageLayout:
    """Page sizes (as displayed), rotations, the zoom and fit, and the scroll range they make.

    Reads the scroll area's viewport size and scroll bars, and sets the bars' ranges
    when it lays the pages out again.
    """

    def __init__(self, area: QAbstractScrollArea) -> None:
        self._area = area
        self.sizes: list[tuple[float, float]] = []
        self.rotations: list[int] = []
        self.tops: list[float] = []
        self._max_width = 1.0
        self.zoom = 1.0
        self.fit: str | None = "width"

    def set_pages(self, sizes: Sequence[tuple[float, float]], rotations: Sequence[int]) -> None:
        """``sizes`` as displayed; ``rotations`` each page's /Rotate (missing = 0)."""
        self.sizes = list(sizes)
        self.rotations = [int(r) % 360 for r in rotations]
        self._max_width = max((w for w, _ in self.sizes), default=1.0)

    def clear(self) -> None:
        self.sizes = []
        self.rotations = []
        self.tops = []

    def _fit_zoom(self, current: int) -> float:
        viewport = self._area.viewport()
        vw = max(1, viewport.width() - 2 * MARGIN)
        vh = max(1, viewport.height() - 2 * MARGIN)
        width_zoom = vw / self._max_width
        if self.fit == "page" and self.sizes:
            w, h = self.sizes[min(current, len(self.sizes) - 1)]
            return min(vw / w, vh / h)
        return width_zoom

    def relayout(self, current: int) -> None:
        """Stack the pages at the zoom (the fit's, around page ``current``) and size the bars."""
        if self.fit is not None and self.sizes:
            self.zoom = clamp_zoom(self._fit_zoom(current))
        tops: list[float] = []
        y = float(MARGIN)
        for _w, h in self.sizes:
            tops.append(y)
            y += h * self.zoom + GAP
        self.tops = tops
        total_height = y - GAP + MARGIN if tops else 0.0
        viewport = self._area.viewport()
        vbar = self._area.verticalScrollBar()
        vbar.setRange(0, max(0, int(total_height - viewport.height())))
        vbar.setPageStep(max(1, int(viewport.height() * 0.9)))
        vbar.setSingleStep(40)
        content_w = self._max_width * self.zoom + 2 * MARGIN
        hbar = self._area.horizontalScrollBar()
        hbar.setRange(0, max(0, int(content_w - viewport.width())))
        hbar.setPageStep(max(1, viewport.width()))
        hbar.setSingleStep(40)

    def page_rect(self, index: int) -> QRectF:
        """Where page ``index`` is drawn, in viewport coordinates."""
        w, h = self.sizes[index]
        zoom = self.zoom
        content_w = max(self._max_width * zoom + 2 * MARGIN, self._area.viewport().width())
        x = (content_w - w * zoom) / 2 - self._area.horizontalScrollBar().value()
        y = self.tops[index] - self._area.verticalScrollBar().value()
        return QRectF(x, y, w * zoom, h * zoom)

    def visible_pages(self) -> range:
        if not self.tops:
            return range(0)
        top = self._area.verticalScrollBar().value()
        bottom = top + self._area.viewport().height()
        first = max(0, bisect.bisect_right(self.tops, top) - 1)
        last = max(first, bisect.bisect_left(self.tops, bottom) - 1)
        return range(first, min(last, len(self.tops) - 1) + 1)

    def page_at(self, y: float) -> int:
        """The page whose top is the last one above content height ``y``."""
        return max(0, bisect.bisect_right(self.tops, y) - 1)

    def target_width(self, index: int) -> int:
        """The device-pixel width page ``index`` is rendered at now (the cache's key)."""
        w, _ = self.sizes[index]
        dpr = self._area.devicePixelRatioF()
        return max(1, min(MAX_RENDER_WIDTH, round(w * self.zoom * dpr)))

    def rotation(self, page: int) -> int:
        return self.rotations[page] if 0 <= page < len(self.rotations) else 0

    def view_to_page(self, pos: QPointF) -> tuple[int, float, float] | None:
        """Viewport pixels -> (page, x, y) in unrotated page points, or None off the pages."""
        for index in self.visible_pages():
            rect = self.page_rect(index)
            if rect.contains(pos):
                xd, yd = (pos.x() - rect.x()) / self.zoom, (pos.y() - rect.y()) / self.zoom
                x, y = to_unrotated(xd, yd, self.rotation(index), self.sizes[index])
                return index, x, y
        return None

    def page_to_view(self, page: int, x: float, y: float) -> QPointF:
        """Unrotated page points on ``page`` -> viewport pixels."""
        rect = self.page_rect(page)
        xd, yd = to_displayed(x, y, self.rotation(page), self.sizes[page])
        return QPointF(rect.x() + xd * self.zoom, rect.y() + yd * self.zoom)

    def clamp_to_page(self, page: int, pos: QPointF) -> tuple[float, float]:
        """``pos`` held to the edges of ``page``, in unrotated page points (a drag off its page)."""
        rect = self.page_rect(page)
        w, h = self.sizes[page]
        xd = min(max((pos.x() - rect.x()) / self.zoom, 0.0), w)
        yd = min(max((pos.y() - rect.y()) / self.zoom, 0.0), h)
        return to_unrotated(xd, yd, self.rotation(page), (w, h))
