"""The renders a page view keeps: least recently used evicted first, within a byte budget.

A page whose visible band landed before the rest of it is held as a partial entry,
so a scaled stand-in never shows rows the render lane has not drawn yet.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

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


def paint_band(painter: QPainter, page: QRectF, band: PageImage) -> None:
    """Only the drawn rows of a partial render: the others are being drawn right now."""
    assert band.rows is not None
    first, last = band.rows
    image = band.image
    if image.height() <= 0:
        return
    per_row = page.height() / image.height()
    target = QRectF(page.x(), page.y() + first * per_row, page.width(), (last - first) * per_row)
    painter.drawImage(target, image, QRectF(0, first, image.width(), last - first))
