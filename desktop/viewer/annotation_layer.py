"""Painting and hit-testing annotations over a rendered page.

Annotations are stored in unrotated PDF page coordinates (points); the page view
hands ``paint`` a mapper from those points to the screen (zoom, the page's place
and its rotation), so zooming or a turned page never moves a mark off its text.
Boxes are mapped corner to corner; text stays upright for the reader.
"""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen

from sync.model import Annotation, AnnotationKind, Visibility

NOTE_SIZE_PT = 18.0
TEXT_BOX_PT = (160.0, 48.0)
PEN_WIDTH_PT = 1.6
HIT_TOLERANCE_PT = 6.0


class Tool(enum.Enum):
    READ = "read"
    HIGHLIGHT = "highlight"
    PEN = "pen"
    NOTE = "note"
    TEXT = "text"
    ERASER = "eraser"
    SELECT = "select"


def visibility_label(visibility: Visibility) -> str:
    if visibility is Visibility.COMMITTEE:
        return QCoreApplication.translate("annotations", "Shared: committee")
    if visibility is Visibility.SECRETARIAT:
        return QCoreApplication.translate("annotations", "Shared: secretariat")
    return QCoreApplication.translate("annotations", "Private")


def bounds(a: Annotation) -> tuple[float, float, float, float]:
    """The annotation's box in page points."""
    if a.kind is AnnotationKind.HIGHLIGHT and a.rects:
        return (
            min(r[0] for r in a.rects),
            min(r[1] for r in a.rects),
            max(r[2] for r in a.rects),
            max(r[3] for r in a.rects),
        )
    if a.kind is AnnotationKind.INK and a.strokes:
        xs = [p[0] for s in a.strokes for p in s]
        ys = [p[1] for s in a.strokes for p in s]
        return (min(xs), min(ys), max(xs), max(ys))
    x, y = _anchor(a)
    if a.kind is AnnotationKind.TEXT:
        return (x, y, x + TEXT_BOX_PT[0], y + TEXT_BOX_PT[1])
    return (x, y, x + NOTE_SIZE_PT, y + NOTE_SIZE_PT)


def _anchor(a: Annotation) -> tuple[float, float]:
    if a.rects:
        return (a.rects[0][0], a.rects[0][1])
    if a.strokes and a.strokes[0]:
        return (a.strokes[0][0][0], a.strokes[0][0][1])
    return (0.0, 0.0)


def _segment_distance(px: float, py: float, a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ax, ay, bx, by = a[0], a[1], b[0], b[1]
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def hits(a: Annotation, x: float, y: float, tolerance: float = HIT_TOLERANCE_PT) -> bool:
    if a.kind is AnnotationKind.INK:
        for stroke in a.strokes:
            if len(stroke) == 1 and math.hypot(x - stroke[0][0], y - stroke[0][1]) <= tolerance:
                return True
            for p, q in itertools.pairwise(stroke):
                if _segment_distance(x, y, p, q) <= tolerance:
                    return True
        return False
    if a.kind is AnnotationKind.HIGHLIGHT:
        return any(r[0] <= x <= r[2] and r[1] <= y <= r[3] for r in a.rects)
    x0, y0, x1, y1 = bounds(a)
    return x0 - tolerance <= x <= x1 + tolerance and y0 - tolerance <= y <= y1 + tolerance


def topmost_at(annotations: Sequence[Annotation], x: float, y: float) -> Annotation | None:
    for a in reversed(annotations):  # drawn last = on top
        if hits(a, x, y):
            return a
    return None


PageToView = Callable[[float, float], QPointF]


def paint(
    painter: QPainter,
    pt: PageToView,
    zoom: float,
    annotations: Sequence[Annotation],
    selected: str | None,
) -> None:
    """Draw ``annotations``; ``pt`` maps unrotated page points to view pixels."""

    def box_of(x0: float, y0: float, x1: float, y1: float) -> QRectF:
        return QRectF(pt(x0, y0), pt(x1, y1)).normalized()

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for a in annotations:
        color = QColor(a.color)
        if a.kind is AnnotationKind.HIGHLIGHT:
            fill = QColor(color)
            fill.setAlpha(110)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
            for r in a.rects:
                painter.fillRect(box_of(r[0], r[1], r[2], r[3]), fill)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        elif a.kind is AnnotationKind.INK:
            for stroke in a.strokes:
                _paint_stroke(painter, [pt(p[0], p[1]) for p in stroke], stroke, color, zoom)
        elif a.kind is AnnotationKind.NOTE:
            x, y = _anchor(a)
            box = box_of(x, y, x + NOTE_SIZE_PT, y + NOTE_SIZE_PT)
            painter.setPen(QPen(color.darker(170), 1.5))
            painter.setBrush(QBrush(color))
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QPen(QColor("#202020"), 1.2))
            for i in (0.35, 0.55, 0.75):
                yy = box.top() + box.height() * i
                painter.drawLine(
                    QPointF(box.left() + box.width() * 0.2, yy),
                    QPointF(box.right() - box.width() * 0.2, yy),
                )
        elif a.kind is AnnotationKind.TEXT:
            x, y = _anchor(a)
            box = box_of(x, y, x + TEXT_BOX_PT[0], y + TEXT_BOX_PT[1])
            painter.setPen(QPen(color.darker(150), 1.5))
            painter.setBrush(QBrush(QColor(255, 255, 255, 235)))
            painter.drawRect(box)
            font = QFont(painter.font())
            font.setPixelSize(max(6, round(10 * zoom)))
            painter.setFont(font)
            painter.setPen(QColor("#101010"))
            painter.drawText(
                box.adjusted(3, 2, -3, -2), int(Qt.TextFlag.TextWordWrap), a.text or "…"
            )
        if a.visibility is not Visibility.PRIVATE:
            _paint_shared_tag(painter, a, box_of(*bounds(a)))
        if a.id == selected:
            x0, y0, x1, y1 = bounds(a)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor("#0050c8"), 2, Qt.PenStyle.DashLine))
            painter.drawRect(box_of(x0, y0, x1, y1).adjusted(-4, -4, 4, 4))
    painter.restore()


def _paint_stroke(
    painter: QPainter,
    points: list[QPointF],
    stroke: Sequence[tuple[float, float, float]],
    color: QColor,
    zoom: float,
) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if len(points) == 1:
        painter.setPen(
            QPen(color, PEN_WIDTH_PT * zoom * 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        )
        painter.drawPoint(points[0])
        return
    pressures = {round(p[2], 2) for p in stroke}
    if len(pressures) <= 1:
        path = QPainterPath(points[0])
        for p in points[1:]:
            path.lineTo(p)
        width = PEN_WIDTH_PT * zoom * (2 * stroke[0][2] if stroke[0][2] > 0 else 1.0)
        painter.setPen(
            QPen(
                color,
                width,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        painter.drawPath(path)
        return
    for i in range(1, len(points)):
        pressure = max(0.1, (stroke[i - 1][2] + stroke[i][2]) / 2)
        painter.setPen(
            QPen(
                color,
                PEN_WIDTH_PT * zoom * 2 * pressure,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
            )
        )
        painter.drawLine(points[i - 1], points[i])


def _paint_shared_tag(painter: QPainter, a: Annotation, shown: QRectF) -> None:
    """Shared marks carry a small tag in words, so sharing is never told by colour alone."""
    origin = shown.topLeft()  # above the mark as the reader sees it
    text = visibility_label(a.visibility)
    font = QFont(painter.font())
    font.setPixelSize(11)
    painter.setFont(font)
    width = painter.fontMetrics().horizontalAdvance(text) + 8
    box = QRectF(origin.x(), origin.y() - 16, width, 15)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1f4e8c"))
    painter.drawRoundedRect(box, 3, 3)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
