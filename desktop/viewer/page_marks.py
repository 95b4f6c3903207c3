"""The annotations on the page view's pages, the selected one, and what the tool does to them.

With any tool but reading, a press, drag and release on a page becomes a mark (ink,
a highlight's span, a note's place), an erasure or a selection. Nothing is stored
here: the view's signals carry each gesture, in unrotated page points, to the
annotator, which turns it into a command and hands the new marks back.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from desktop.viewer import annotation_layer
from desktop.viewer.annotation_layer import Tool
from desktop.viewer.page_layout import PageLayout
from sync.model import Annotation, AnnotationKind

if TYPE_CHECKING:
    from desktop.viewer.page_view import PageView


class PageMarks:
    """Owned by a ``PageView``; emits the view's annotation signals."""

    def __init__(self, view: PageView, layout: PageLayout) -> None:
        self._view = view
        self._layout = layout
        self._by_page: dict[int, list[Annotation]] = {}
        self.selected: Annotation | None = None
        self.tool = Tool.READ
        self.ink_color = "#d32f2f"
        self._drag_page = -1
        self._drag: list[tuple[float, float, float]] = []
        self._erased: set[str] = set()

    def set_tool(self, tool: Tool) -> None:
        self.tool = tool
        self._drag = []

    def set_annotations(self, annotations: Sequence[Annotation]) -> bool:
        """Show ``annotations``; True if the selected one is gone with them."""
        by_page: dict[int, list[Annotation]] = {}
        for a in annotations:
            by_page.setdefault(a.page, []).append(a)
        self._by_page = by_page
        if self.selected is None:
            return False
        still = [a for a in annotations if a.id == self.selected.id]
        self.selected = still[0] if still else None
        return not still

    def clear(self) -> None:
        self._by_page = {}
        self.selected = None

    def on(self, page: int) -> list[Annotation]:
        return list(self._by_page.get(page, ()))

    def note_at(self, page: int, x: float, y: float) -> Annotation | None:
        """The topmost sticky or text note under a point, for opening it."""
        notes = [
            a
            for a in self._by_page.get(page, [])
            if a.kind in (AnnotationKind.NOTE, AnnotationKind.TEXT)
        ]
        return annotation_layer.topmost_at(notes, x, y)

    # -- a press, drag and release with a tool ---------------------------
    def press(self, pos: QPointF, pressure: float) -> bool:
        """False with the reading tool (the press is the view's: a scroll or a tap)."""
        if self.tool is Tool.READ or not self._layout.sizes:
            return False
        hit = self._layout.view_to_page(pos)
        if hit is None:
            return True
        page, x, y = hit
        view = self._view
        if self.tool in (Tool.PEN, Tool.HIGHLIGHT):
            self._drag_page = page
            self._drag = [(x, y, pressure)]
        elif self.tool in (Tool.NOTE, Tool.TEXT):
            # Tapping a note that is already there opens it; a new one would hide it.
            existing = self.note_at(page, x, y)
            if existing is not None:
                view.note_edit_requested.emit(existing)
            else:
                view.note_placed.emit(page, x, y)
        elif self.tool is Tool.ERASER:
            self._drag_page = page
            self._erased = set()
            self._erase_at(page, x, y)
        elif self.tool is Tool.SELECT:
            view.select(annotation_layer.topmost_at(self._by_page.get(page, []), x, y))
        return True

    def move(self, pos: QPointF, pressure: float) -> bool:
        if self.tool is Tool.READ:
            return False
        if self._drag_page < 0:
            return True
        x, y = self._layout.clamp_to_page(self._drag_page, pos)
        if self.tool is Tool.ERASER:
            self._erase_at(self._drag_page, x, y)
        elif self._drag:
            if self.tool is Tool.HIGHLIGHT:
                self._drag = [self._drag[0], (x, y, 0.0)]
            else:
                last = self._drag[-1]
                if abs(last[0] - x) + abs(last[1] - y) >= 0.5 / max(self._layout.zoom, 0.01):
                    self._drag.append((x, y, pressure))
            self._view.viewport().update()
        return True

    def release(self, pos: QPointF, pressure: float) -> bool:
        if self.tool is Tool.READ:
            return False
        page, drag = self._drag_page, self._drag
        if page >= 0 and drag:
            x, y = self._layout.clamp_to_page(page, pos)
            if self.tool is Tool.PEN:
                if (x, y) != drag[-1][:2]:
                    drag.append((x, y, pressure))
                self._view.ink_drawn.emit(
                    page, [(round(a, 2), round(b, 2), round(p, 3)) for a, b, p in drag]
                )
            elif self.tool is Tool.HIGHLIGHT:
                self._view.highlight_dragged.emit(page, drag[0][:2], (x, y))
        self._drag_page = -1
        self._drag = []
        self._view.viewport().update()
        return True

    def _erase_at(self, page: int, x: float, y: float) -> None:
        tolerance = annotation_layer.HIT_TOLERANCE_PT
        for a in self._by_page.get(page, []):
            if a.id not in self._erased and annotation_layer.hits(a, x, y, tolerance):
                self._erased.add(a.id)
                self._view.erase_requested.emit(a)

    # -- painting --------------------------------------------------------
    def paint_page(self, painter: QPainter, index: int) -> None:
        marks = self._by_page.get(index)
        if marks:
            selected = self.selected.id if self.selected is not None else None
            annotation_layer.paint(
                painter,
                functools.partial(self._layout.page_to_view, index),
                self._layout.zoom,
                marks,
                selected,
            )

    def paint_drag(self, painter: QPainter) -> None:
        """The stroke or highlight span being drawn, before it is a mark."""
        if self._drag_page < 0 or not self._drag:
            return
        layout = self._layout
        points = [layout.page_to_view(self._drag_page, x, y) for x, y, _p in self._drag]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.tool is Tool.HIGHLIGHT and len(points) == 2:
            painter.setPen(QPen(QColor(self.ink_color), 3, Qt.PenStyle.DashLine))
            painter.drawLine(points[0], points[1])
        else:
            painter.setPen(QPen(QColor(self.ink_color), max(1.0, 1.6 * layout.zoom)))
            for a, b in itertools.pairwise(points):
                painter.drawLine(a, b)
        painter.restore()
