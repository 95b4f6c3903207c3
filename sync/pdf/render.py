"""Open documents from bytes, measure, render, search: the viewer's half of PyMuPDF.

PyMuPDF is not thread-safe, so exactly one thread may call into a
``RenderService``: the PdfWorker's (sync/pdf/worker.py), which holds the one
instance and every open document. Nothing here touches disk: documents are
opened from bytes that sync.api decrypted in memory, and renders come back as
raw pixel buffers.

A render is drawn straight into a 32-bit buffer in the byte order Qt paints
without converting (``PIXEL_FORMAT``), and that buffer is the one the desktop
wraps: no copy out of MuPDF, no copy into Qt. Large buffers come from a small
pool of buffers nobody references any more, because on this kind of machine
faulting in 30-40 MB of fresh memory costs several times the render itself.

A page can be drawn in two steps into the same buffer: the band of rows the
reader sees first (``render(..., band=...)``), then the rest (``render_rest``),
so a reader turning to a page nobody rendered ahead waits for the rows on the
screen, not for the whole page. The pixels are the same as one full render.

Renders are sized in pixels from the widget that will show them, never "at a
DPI": a 200-inch page rendered to a 1,200-pixel-wide viewport costs the same as
an A4 page, and every render is capped at ``MAX_PIXELS`` so no page can make the
process allocate gigabytes.
"""

from __future__ import annotations

import dataclasses
import math
import sys
from dataclasses import dataclass
from typing import Any

import pymupdf as _pymupdf

from sync.errors import ErrorKind, FolioError
from sync.pdf.messages import MAX_PIXELS, MAX_SEARCH_HITS

# PyMuPDF ships partial annotations (many calls untyped); the boundary is this module.
pymupdf: Any = _pymupdf
mupdf: Any = _pymupdf.mupdf

pymupdf.TOOLS.mupdf_display_errors(False)  # broken PDFs are reported as FolioError, not stderr
pymupdf.TOOLS.mupdf_display_warnings(False)

MAX_WIDTH_PX = 6000

# FolioError(ErrorKind.CORRUPT, reason=...) reasons the UI turns into sentences.
REASON_EMPTY = "empty"
REASON_NOT_PDF = "not_pdf"
REASON_PASSWORD = "password"  # noqa: S105 -- a reason code, not a secret
REASON_NO_PAGES = "no_pages"
REASON_DAMAGED = "damaged"

# Pixel layouts of ``RenderedPage.samples``: 4 bytes a pixel, alpha always 255.
# "bgra" is a native-endian 0xAARRGGBB word on little-endian machines (Qt's RGB32);
# "rgba" is byte order R, G, B, A (Qt's RGBX8888), used where words are big-endian.
PIXEL_FORMAT = "bgra" if sys.byteorder == "little" else "rgba"
POOL_MIN_BYTES = 4 * 1024 * 1024  # smaller buffers are cheap to allocate fresh
POOL_FREE_BYTES = 96 * 1024 * 1024  # idle buffers kept for reuse at most


@dataclass(frozen=True)
class DocInfo:
    page_count: int
    page_sizes: tuple[tuple[float, float], ...]  # (width, height) in points, as displayed
    title: str
    # Each page's /Rotate (0, 90, 180 or 270). Word boxes, search hits and annotations
    # are in unrotated page points; the viewer maps them onto the displayed page.
    page_rotations: tuple[int, ...] = ()
    # False right after ``open``: every page is laid out at the first page's size until
    # ``layout`` has measured them all (one page load each, ~25 us a page).
    exact: bool = True

    def rotation(self, page: int) -> int:
        return self.page_rotations[page] if 0 <= page < len(self.page_rotations) else 0


@dataclass(frozen=True)
class RenderedPage:
    """Opaque 32-bit pixels in ``pixel_format`` order, rows ``stride`` bytes apart.

    ``samples`` is the buffer MuPDF drew into; whoever wraps it (a QImage) shares it
    rather than copying, and the buffer goes back to the pool once nothing holds it.
    """

    page: int
    width: int
    height: int
    stride: int
    samples: bytearray
    scale: float  # pixels per point actually used (after capping)
    pixel_format: str = PIXEL_FORMAT
    # Rows [first, last) drawn so far when only a band is; None once every row is.
    # Rows outside the band hold whatever the buffer held before: never show them.
    rows: tuple[int, int] | None = None
    inverted: bool = False

    @property
    def complete(self) -> bool:
        return self.rows is None


class BufferPool:
    """Reuses large pixel buffers once nothing outside the pool references them.

    A buffer handed out stays listed here; when its last user (the page cache's
    QImage, which holds the bytearray itself) lets go, only this list refers to it
    and it can be drawn into again. One thread takes buffers (the render lane);
    others only drop references, so the reference count check cannot race.
    """

    def __init__(self, free_bytes: int = POOL_FREE_BYTES) -> None:
        self._buffers: list[bytearray] = []
        self._free_bytes = free_bytes

    def take(self, size: int) -> bytearray:
        if size < POOL_MIN_BYTES:
            return bytearray(size)
        found: bytearray | None = None
        keep: list[bytearray] = []
        idle = 0
        for i in range(len(self._buffers)):
            # Only this list and getrefcount's argument refer to an idle buffer.
            if sys.getrefcount(self._buffers[i]) > 2:
                keep.append(self._buffers[i])  # still shown or cached somewhere
            elif found is None and len(self._buffers[i]) == size:
                found = self._buffers[i]
            elif idle + len(self._buffers[i]) <= self._free_bytes:
                idle += len(self._buffers[i])
                keep.append(self._buffers[i])
        if found is None:
            found = bytearray(size)
        keep.append(found)
        self._buffers = keep
        return found

    def clear(self) -> None:
        self._buffers = []


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class SearchRect:
    page: int
    rect: Rect  # unrotated page coordinates in points (like word boxes and annotations)


@dataclass(frozen=True)
class OutlineEntry:
    level: int  # 1 = top level
    title: str
    page: int  # 0-based; -1 when the entry points nowhere in this document


@dataclass(frozen=True)
class WordBox:
    rect: Rect
    text: str
    block: int
    line: int
    word: int


def _band_rows(band: tuple[float, float] | None, height: int) -> tuple[int, int] | None:
    """Whole pixel rows covering ``band`` (fractions of the height); None for the whole page."""
    if band is None:
        return None
    first = max(0, min(height, int(band[0] * height)))
    last = max(0, min(height, math.ceil(band[1] * height)))
    if last <= first:
        last = min(height, first + 1)
        first = last - 1
    if first == 0 and last == height:
        return None
    return first, last


def render_scale(
    page_width_pt: float,
    page_height_pt: float,
    width_px: int,
    max_pixels: int = MAX_PIXELS,
) -> float:
    """Pixels per point for a render ``width_px`` wide, shrunk until it fits ``max_pixels``."""
    if page_width_pt <= 0 or page_height_pt <= 0:
        raise FolioError(ErrorKind.CORRUPT, "page has no area", reason=REASON_DAMAGED)
    width_px = max(1, min(int(width_px), MAX_WIDTH_PX))
    scale = width_px / page_width_pt
    pixels = (page_width_pt * scale) * (page_height_pt * scale)
    if pixels > max_pixels:
        scale *= (max_pixels / pixels) ** 0.5
    return scale


class RenderService:
    """Open PDF documents by key. Call from one thread only."""

    def __init__(self) -> None:
        self._docs: dict[str, Any] = {}
        self._pool = BufferPool()

    # -- documents -------------------------------------------------------
    def open(self, key: str, pdf_plain: bytes) -> DocInfo:
        """Open ``pdf_plain`` under ``key`` (replacing any document open under it)."""
        self.close(key)
        if not pdf_plain:
            raise FolioError(ErrorKind.CORRUPT, "document is empty", reason=REASON_EMPTY)
        try:
            doc = pymupdf.open(stream=pdf_plain, filetype="pdf")
        except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
            raise FolioError(
                ErrorKind.CORRUPT, f"cannot open: {type(exc).__name__}", reason=REASON_NOT_PDF
            ) from exc
        try:
            if doc.needs_pass:
                raise FolioError(
                    ErrorKind.CORRUPT, "document needs a password", reason=REASON_PASSWORD
                )
            if not doc.is_pdf:
                raise FolioError(ErrorKind.CORRUPT, "not a PDF", reason=REASON_NOT_PDF)
            count = doc.page_count
            if count <= 0:
                raise FolioError(ErrorKind.CORRUPT, "document has no pages", reason=REASON_NO_PAGES)
            size, rotation = self._page_geometry(doc, 0)
            title = str((doc.metadata or {}).get("title") or "")
        except FolioError:
            doc.close()
            raise
        except (RuntimeError, ValueError, IndexError) as exc:
            doc.close()
            raise FolioError(
                ErrorKind.CORRUPT, f"cannot read pages: {type(exc).__name__}", reason=REASON_DAMAGED
            ) from exc
        self._docs[key] = doc
        # Reading every page's size would load every page: the first page is shown first,
        # and ``layout`` corrects the others right after.
        return DocInfo(
            page_count=count,
            page_sizes=(size,) * count,
            title=title,
            page_rotations=(rotation,) * count,
            exact=count == 1,
        )

    def layout(self, key: str) -> DocInfo:
        """Every page's displayed size and rotation (``open`` only measured the first)."""
        doc = self._doc(key)
        try:
            geometry = [self._page_geometry(doc, i) for i in range(doc.page_count)]
            title = str((doc.metadata or {}).get("title") or "")
        except (RuntimeError, ValueError, IndexError) as exc:
            raise FolioError(
                ErrorKind.CORRUPT, f"cannot read pages: {type(exc).__name__}", reason=REASON_DAMAGED
            ) from exc
        return DocInfo(
            page_count=len(geometry),
            page_sizes=tuple(size for size, _rotation in geometry),
            title=title,
            page_rotations=tuple(rotation for _size, rotation in geometry),
        )

    @staticmethod
    def _page_geometry(doc: Any, index: int) -> tuple[tuple[float, float], int]:
        """(displayed size, rotation) of one page, from one page load."""
        page = doc.load_page(index)
        rect = page.rect  # rotation applied: what the reader sees
        width, height = float(rect.width), float(rect.height)
        rotation = int(page.rotation) % 360
        if width <= 0 or height <= 0:
            return (612.0, 792.0), 0  # a page with no area is shown as a blank letter page
        return (width, height), rotation

    def close(self, key: str) -> None:
        doc = self._docs.pop(key, None)
        if doc is not None:
            doc.close()

    def close_all(self) -> None:
        for key in list(self._docs):
            self.close(key)
        self._pool.clear()

    def is_open(self, key: str) -> bool:
        return key in self._docs

    def _doc(self, key: str) -> Any:
        try:
            return self._docs[key]
        except KeyError:
            raise FolioError(ErrorKind.NOT_FOUND, "document is not open") from None

    def page_count(self, key: str) -> int:
        return int(self._doc(key).page_count)

    # -- rendering -------------------------------------------------------
    def render(
        self,
        key: str,
        page: int,
        width_px: int,
        *,
        max_pixels: int = MAX_PIXELS,
        invert: bool = False,
        band: tuple[float, float] | None = None,
    ) -> RenderedPage:
        """Render ``page`` ``width_px`` pixels wide (capped by ``max_pixels``).

        With ``band`` (top and bottom as fractions of the displayed page's height),
        only those rows are drawn; ``render_rest`` draws the others into the same buffer.
        """
        doc = self._doc(key)
        if not 0 <= page < doc.page_count:
            raise FolioError(ErrorKind.BAD_INPUT, "page out of range")
        try:
            pdf_page = doc.load_page(page)
            rect = pdf_page.rect
            scale = render_scale(float(rect.width), float(rect.height), width_px, max_pixels)
            ctm, width, height = self._placement(pdf_page.this, scale)
            samples = self._pool.take(width * height * 4)
            rows = _band_rows(band, height)
            self._draw(pdf_page.this, ctm, width, samples, rows=rows or (0, height), invert=invert)
        except (RuntimeError, ValueError, mupdf.FzErrorBase) as exc:
            raise FolioError(
                ErrorKind.CORRUPT, f"cannot render: {type(exc).__name__}", reason=REASON_DAMAGED
            ) from exc
        return RenderedPage(
            page=page,
            width=width,
            height=height,
            stride=width * 4,
            samples=samples,
            scale=scale,
            rows=rows,
            inverted=invert,
        )

    def render_rest(self, key: str, partial: RenderedPage) -> RenderedPage:
        """Draw the rows ``partial`` lacks into its own buffer: the whole page, as one render.

        Whoever shows ``partial`` keeps showing only its band meanwhile; those rows are
        not written again, so painting them while this runs is safe.
        """
        if partial.rows is None:
            return partial
        doc = self._doc(key)
        if not 0 <= partial.page < doc.page_count:
            raise FolioError(ErrorKind.BAD_INPUT, "page out of range")
        try:
            fz_page = doc.load_page(partial.page).this
            ctm, width, height = self._placement(fz_page, partial.scale)
            if (width, height) != (partial.width, partial.height):
                raise ValueError("page size changed")
            first, last = partial.rows
            for rows in ((0, first), (last, height)):
                if rows[1] > rows[0]:
                    self._draw(
                        fz_page, ctm, width, partial.samples, rows=rows, invert=partial.inverted
                    )
        except (RuntimeError, ValueError, mupdf.FzErrorBase) as exc:
            raise FolioError(
                ErrorKind.CORRUPT, f"cannot render: {type(exc).__name__}", reason=REASON_DAMAGED
            ) from exc
        return dataclasses.replace(partial, rows=None)

    @staticmethod
    def _placement(fz_page: Any, scale: float) -> tuple[Any, int, int]:
        """The matrix that maps the page onto pixels from (0, 0), and the render's size."""
        ctm = mupdf.fz_scale(scale, scale)
        bbox = mupdf.fz_round_rect(mupdf.fz_transform_rect(mupdf.fz_bound_page(fz_page), ctm))
        width, height = int(bbox.x1 - bbox.x0), int(bbox.y1 - bbox.y0)
        if width <= 0 or height <= 0:
            raise ValueError("empty render")
        return mupdf.fz_concat(ctm, mupdf.fz_translate(-bbox.x0, -bbox.y0)), width, height

    @staticmethod
    def _draw(
        fz_page: Any,
        ctm: Any,
        width: int,
        samples: bytearray,
        *,
        rows: tuple[int, int],
        invert: bool,
    ) -> None:
        """Draw rows [first, last) of the page into ``samples`` (same pixels as get_pixmap).

        The pixmap covers only those rows of the buffer, so MuPDF cannot touch any other;
        the page is shifted up by ``first`` whole pixels, which rasterises identically.
        """
        first, last = rows
        stride = width * 4
        view = memoryview(samples)[first * stride : last * stride]
        colorspace = mupdf.fz_device_bgr() if PIXEL_FORMAT == "bgra" else mupdf.fz_device_rgb()
        pixmap = mupdf.fz_new_pixmap_with_data(
            colorspace,
            width,
            last - first,
            mupdf.FzSeparations(),
            1,
            stride,
            mupdf.python_mutable_buffer_data(view),
        )
        try:
            mupdf.fz_clear_pixmap_with_value(pixmap, 255)  # opaque white paper
            device = mupdf.fz_new_draw_device(mupdf.FzMatrix(), pixmap)
            try:
                shifted = mupdf.fz_concat(ctm, mupdf.fz_translate(0, -first))
                mupdf.fz_run_page(fz_page, device, shifted, mupdf.FzCookie())
                mupdf.fz_close_device(device)
            finally:
                del device
            if invert:
                mupdf.fz_invert_pixmap(pixmap)
        finally:
            del pixmap  # the pixmap only borrowed ``samples``
            view.release()

    # -- text ------------------------------------------------------------
    def search(self, key: str, query: str, *, max_hits: int = MAX_SEARCH_HITS) -> list[SearchRect]:
        """Every place ``query`` occurs (case-insensitive), in page order."""
        doc = self._doc(key)
        query = query.strip()
        hits: list[SearchRect] = []
        if not query:
            return hits
        for index in range(doc.page_count):
            try:
                quads = doc.load_page(index).search_for(query)
            except (RuntimeError, ValueError):
                continue  # an unreadable page has no hits; the others still do
            for r in quads:
                hits.append(SearchRect(index, Rect(r.x0, r.y0, r.x1, r.y1)))
                if len(hits) >= max_hits:
                    return hits
        return hits

    def search_page(self, key: str, page: int, query: str) -> list[SearchRect]:
        doc = self._doc(key)
        if not 0 <= page < doc.page_count or not query.strip():
            return []
        quads = doc.load_page(page).search_for(query.strip())
        return [SearchRect(page, Rect(r.x0, r.y0, r.x1, r.y1)) for r in quads]

    def outline(self, key: str) -> list[OutlineEntry]:
        doc = self._doc(key)
        try:
            toc = doc.get_toc(simple=True)
        except (RuntimeError, ValueError):
            return []
        return [
            OutlineEntry(level=int(level), title=str(title), page=int(page) - 1)
            for level, title, page in toc
        ]

    def words(self, key: str, page: int) -> list[WordBox]:
        doc = self._doc(key)
        if not 0 <= page < doc.page_count:
            raise FolioError(ErrorKind.BAD_INPUT, "page out of range")
        return [
            WordBox(Rect(w[0], w[1], w[2], w[3]), str(w[4]), int(w[5]), int(w[6]), int(w[7]))
            for w in doc.load_page(page).get_text("words")
        ]

    def page_text(self, key: str, page: int) -> str:
        doc = self._doc(key)
        if not 0 <= page < doc.page_count:
            raise FolioError(ErrorKind.BAD_INPUT, "page out of range")
        return str(doc.load_page(page).get_text("text"))
