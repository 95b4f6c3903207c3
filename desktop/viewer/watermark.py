"""The reader's name and today's date over every page (policy ``watermark``).

Painted over the displayed page at paint time, so screenshots carry it and no
render is ever redone for it.
"""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter


def watermark_text(name: str) -> str:
    """The text drawn over each page for the reader ``name``; "" when the watermark is off."""
    if not name:
        return ""
    return f"{name} · {date.today().isoformat()}"


def paint_watermark(
    painter: QPainter, page: QRectF, text: str, *, seen_rect: QRectF, font: QFont, night: bool
) -> None:
    """``text`` in diagonal rows across the page, faint but legible on either paper.

    Rows repeat over the whole page so any part of it on screen (or in a screenshot)
    carries the name; only the rows that meet ``seen_rect`` (the viewport) are drawn.
    """
    w, h = page.width(), page.height()
    if w < 8 or h < 8:
        return
    painter.save()
    painter.setClipRect(page, Qt.ClipOperation.IntersectClip)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    font = QFont(font)
    font.setBold(True)
    size = max(10, min(120, round(w / 20)))
    font.setPixelSize(size)
    painter.setFont(font)
    # Light paper: dark ink; night paper: light ink. Both faint, both readable.
    painter.setPen(QColor(255, 255, 255, 80) if night else QColor(40, 40, 40, 64))
    painter.translate(page.center())
    painter.rotate(-math.degrees(math.atan2(h, w)))
    inverse, _ok = painter.transform().inverted()
    seen = inverse.mapRect(seen_rect.intersected(page))
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
