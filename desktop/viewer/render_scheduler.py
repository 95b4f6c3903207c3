"""Which pages the page view asks the render lane for, at what width, and what lands.

The view never renders: this asks a ``Renderer`` (the render lane) for the pages on
screen and a few around them, at the pixel width they are shown at, and keeps what
comes back in a ``PageCache``. A page on screen that is not cached is asked for with
its visible band, so the rows the reader sees arrive first. A zoom cancels what was
asked at the old width; a band whose page is no longer wanted is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractScrollArea

from desktop.viewer.page_cache import CacheKey, PageCache, PageImage, Rows
from desktop.viewer.page_layout import PageLayout

AHEAD = 2  # pages rendered ahead below the view
BEHIND = 1
DEFAULT_CACHE_MB = 256


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


class RenderScheduler(QObject):
    """Asks for what the view shows and keeps what lands; ``landed`` hears of each arrival.

    Requests go out from a single-shot timer, so a burst of scrolls or paints asks once.
    A child of the view: once the view is deleted, the render lane's answers see this
    deleted too and are not delivered (``desktop.tasks`` checks what a callback holds).
    """

    def __init__(
        self,
        area: QAbstractScrollArea,
        layout: PageLayout,
        landed: Callable[[int, Rows | None], None],
    ) -> None:
        super().__init__(area)
        self._area = area
        self._layout = layout
        self._landed = landed
        self.cache = PageCache(DEFAULT_CACHE_MB * 1024 * 1024)
        self._renderer: Renderer | None = None
        self._pending: set[CacheKey] = set()
        self.night = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._request_visible)

    def start(self, renderer: Renderer | None) -> None:
        """A new document (or none): every render of the one before is forgotten."""
        self._renderer = renderer
        self.cache.clear()
        self._pending.clear()

    @property
    def pending(self) -> int:
        return len(self._pending)

    def schedule(self, delay_ms: int) -> None:
        if delay_ms == 0 and self._timer.isActive():
            return
        self._timer.start(delay_ms)

    def zoom_did_change(self) -> None:
        """Renders queued for the old size are useless now; paint scaled until new ones land."""
        if self._renderer is not None:
            self._renderer.cancel_renders()
        self._pending.clear()
        self.schedule(120)

    def key(self, page: int) -> CacheKey:
        return (page, self._layout.target_width(page), self.night)

    def images(self, page: int) -> tuple[QImage | None, PageImage | None]:
        """What to paint for ``page``: the sharp render or else the widest scaled one, and
        the band of a partial sharp render (only its drawn rows may show)."""
        key = self.key(page)
        image = self.cache.get(key)
        band = None if image is not None else self.cache.partial(key)
        if image is None:
            image = self.cache.best(page, self.night)
        return image, band

    def is_sharp(self) -> bool:
        """Every page on screen has a whole render at its current size (nothing scaled, no gap)."""
        return bool(self._layout.sizes) and all(
            self.cache.get(self.key(page)) is not None for page in self._layout.visible_pages()
        )

    def _request_visible(self) -> None:
        layout = self._layout
        if self._renderer is None or not layout.sizes:
            return
        visible = layout.visible_pages()
        if not visible:
            return
        last = visible[-1]
        ahead = [p for p in range(last + 1, last + 1 + AHEAD) if p < len(layout.sizes)]
        behind = [p for p in range(visible[0] - BEHIND, visible[0]) if p >= 0]
        requests: list[RenderRequest] = []
        for page in [*visible, *ahead, *behind]:
            key = self.key(page)
            if key in self._pending or self.cache.get(key) is not None:
                continue
            self._pending.add(key)
            band = self._visible_band(page) if page in visible else None
            requests.append(RenderRequest(page, key[1], self.night, band, self._on_rendered(key)))
        if requests:
            self._renderer.render_pages(requests)

    def _visible_band(self, page: int) -> tuple[float, float] | None:
        """The part of ``page`` on screen (fractions of its height); None if all of it is."""
        rect = self._layout.page_rect(page)
        height = rect.height()
        if height <= 0:
            return None
        top = max(0.0, -rect.top())
        bottom = min(height, self._area.viewport().height() - rect.top())
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
        self._landed(key[0], landed.rows)
