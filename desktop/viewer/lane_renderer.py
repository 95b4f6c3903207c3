"""The page view's renders, run on the render lane (the PdfWorker's thread).

A ``LaneRenderer`` binds a ``PageView`` to one open document: each request becomes
a job at the front of the render lane, tagged so a zoom or a closed document can
cancel what nobody will look at.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from PySide6.QtGui import QImage

from desktop.tasks import OnFailure, TaskRunner
from desktop.viewer.page_cache import PageImage
from desktop.viewer.render_scheduler import RenderRequest
from sync.pdf.render import RenderedPage
from sync.pdf.worker import PdfWorker

_FORMATS = {"bgra": QImage.Format.Format_RGB32, "rgba": QImage.Format.Format_RGBX8888}


def to_qimage(page: RenderedPage) -> QImage:
    """Wrap the render's buffer without copying, in a format Qt blits as is.

    PySide keeps ``page.samples`` alive for as long as any QImage shares its pixels,
    so the wrapper may outlive ``page``; nothing writes to the buffer meanwhile
    (the render service reuses a buffer only once nothing refers to it).
    """
    return QImage(page.samples, page.width, page.height, page.stride, _FORMATS[page.pixel_format])


def render_tag(key: str) -> str:
    """The tag of the page view's renders of the document open under ``key``."""
    return f"render:{key}"


def thumbnail_tag(key: str) -> str:
    """The tag of the thumbnails of the document open under ``key``."""
    return f"thumb:{key}"


class LaneRenderer:
    """Binds a PageView to one open document on the render lane."""

    def __init__(self, runner: TaskRunner, key: str) -> None:
        self._runner = runner
        self._key = key
        self.tag = render_tag(key)

    def render_pages(self, requests: Sequence[RenderRequest]) -> None:
        """Queue at the front, in this order: every band, the rest of those pages, the others.

        A page's band and its rest share one buffer, handed from the band's job to the
        rest's job (both on the render lane, so in that order) through ``drawn``.
        """
        service: PdfWorker = self._runner.pdf
        key = self._key
        bands: list[tuple[Callable[[], PageImage], Callable[[PageImage], None]]] = []
        rests: list[tuple[Callable[[], PageImage], Callable[[PageImage], None]]] = []
        wholes: list[tuple[Callable[[], PageImage], Callable[[PageImage], None]]] = []
        for r in requests:
            if r.band is None:
                wholes.append((functools.partial(_render_whole, service, key, r), r.on_done))
                continue
            drawn: list[RenderedPage] = []
            bands.append((functools.partial(_render_band, service, key, r, drawn), r.on_done))
            rests.append((functools.partial(_render_rest, service, key, r, drawn), r.on_done))
        lane = self._runner.render
        for job, on_done in reversed([*bands, *rests, *wholes]):
            # a render for a page, zoom or document nobody looks at any more
            lane.submit(job, on_done, failure=OnFailure.DROP_IF_STALE, tag=self.tag, front=True)

    def cancel_renders(self) -> None:
        self._runner.render.cancel(self.tag)


def _render_whole(service: PdfWorker, key: str, r: RenderRequest) -> PageImage:
    return PageImage(to_qimage(service.render(key, r.page, r.width_px, invert=r.night)), None)


def _render_band(
    service: PdfWorker, key: str, r: RenderRequest, drawn: list[RenderedPage]
) -> PageImage:
    band = service.render(key, r.page, r.width_px, invert=r.night, band=r.band)
    drawn.append(band)
    return PageImage(to_qimage(band), band.rows)


def _render_rest(
    service: PdfWorker, key: str, r: RenderRequest, drawn: list[RenderedPage]
) -> PageImage:
    if not drawn:  # the band's job failed: draw the page whole
        return _render_whole(service, key, r)
    return PageImage(to_qimage(service.render_rest(key, drawn.pop())), None)
