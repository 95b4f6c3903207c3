"""The find bar's hits as the page view paints them: every hit filled, the current one outlined."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen

from sync.pdf.render import SearchRect

PageToView = Callable[[int, float, float], QPointF]


@dataclass(frozen=True)
class Hit:
    index: int
    hit: SearchRect


class SearchHighlights:
    """Hits grouped by page, so a paint looks only at the pages it draws."""

    def __init__(self) -> None:
        self.by_page: dict[int, list[Hit]] = {}
        self.current = -1

    def set(self, hits: Sequence[SearchRect], current: int = -1) -> None:
        by_page: dict[int, list[Hit]] = {}
        for i, hit in enumerate(hits):
            by_page.setdefault(hit.page, []).append(Hit(i, hit))
        self.by_page = by_page
        self.current = current

    def clear(self) -> None:
        self.by_page = {}
        self.current = -1

    def paint(self, painter: QPainter, index: int, page_to_view: PageToView) -> None:
        hits = self.by_page.get(index)
        if not hits:
            return
        for h in hits:
            rect = hit_rect(page_to_view, index, h.hit)
            current = h.index == self.current
            painter.fillRect(rect, QColor(255, 200, 0, 150 if current else 90))
            # The current hit also gets a thick outline: never colour alone.
            painter.setPen(
                QPen(QColor("#d04000") if current else QColor("#a08000"), 3 if current else 1)
            )
            painter.drawRect(rect.adjusted(-2, -2, 2, 2) if current else rect)


def hit_rect(page_to_view: PageToView, index: int, hit: SearchRect) -> QRectF:
    """A search hit (unrotated points) as drawn on the displayed page."""
    r = hit.rect
    return QRectF(page_to_view(index, r.x0, r.y0), page_to_view(index, r.x1, r.y1)).normalized()
