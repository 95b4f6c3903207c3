"""Reader benchmarks: what a reader waits for, next to raw PyMuPDF in the same run.

- time to first page of a 300-page document, decryption included (sealed blob
  read + ``PdfWorker.open`` + render at the viewer's width, through the worker's
  request dispatch as the render lane runs it) vs raw
  ``pymupdf.open`` + ``get_pixmap`` of the same page at the same pixel size;
- a page turn at 2560 px through the viewer's path (render, QImage, a full page
  cache that evicts its oldest page, paint of a 2560 x 1440 viewport) vs raw
  ``get_pixmap`` alone, and vs a bare reader that also wraps and paints those pixels;
  the same turn as the viewer does it now, timed to what the reader waits for: the
  viewport's band of rows rendered, wrapped, cached and painted sharp (the rest of
  the page is rendered after, into the same buffer, and timed on its own row);
  and a turn to a page the cache already holds;
- peak memory (RSS) of a process with a 500-page document open and its first
  pages rendered, vs a process that only opens it with raw PyMuPDF;
- app start to the lock screen (offscreen) vs a bare Qt window.

Memory and start-up run in child processes so each measures a fresh interpreter.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pymupdf as _pymupdf
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from bench import Row, best_of, register, row
from desktop.viewer.lane_renderer import to_qimage
from desktop.viewer.page_cache import PageCache
from sync.api import Api
from sync.pdf.render import render_scale
from sync.pdf.worker import PdfWorker
from sync.vault.blob import BlobStore
from sync.vault.keys import KdfParams

pymupdf: Any = _pymupdf

FIRST_PAGE_PAGES = 300
MEMORY_PAGES = 500
VIEWER_WIDTH_PX = 1400  # fit-width page of a 1,600-px window, what the viewer asks for
TURN_WIDTH_PX = 2560
TURN_PAGES = 6
TURN_SCREEN_HEIGHT_PX = 1440  # the viewport a 2560-px-wide screen shows
LOREM = (
    "Forvaltningen indstiller, at udvalget godkender forslaget som beskrevet. Den økonomiske "
    "konsekvens fremgår af tabellen nedenfor og holdes inden for den eksisterende ramme. "
)


def make_pdf(pages: int) -> bytes:
    """A text-heavy agenda-like PDF (PyMuPDF writes it; nothing touches disk)."""
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((56, 70), f"Bilag {i + 1}: samlede høringssvar", fontsize=18)
        page.insert_textbox(
            pymupdf.Rect(56, 100, 539, 800), (LOREM * 14) + f"(afsnit {i + 1})", fontsize=10
        )
        page.draw_rect(pymupdf.Rect(56, 700, 539, 790), color=(0.2, 0.3, 0.6), width=1)
    data: bytes = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


class _ThisThread:
    """The bench's thread as the PdfWorker's owner: requests run inline through ``handle``,
    as the viewer's jobs do on the render lane (the worker's thread)."""

    def __init__(self) -> None:
        self.ident: int | None = threading.get_ident()

    def post(self, fn: Any) -> Any:
        raise AssertionError("the bench calls the worker on its own thread only")


def _raw_render(pdf: bytes, page: int, width_px: int) -> int:
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    p = doc.load_page(page)
    scale = render_scale(float(p.rect.width), float(p.rect.height), width_px)
    pix = p.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
    n = int(pix.width)
    doc.close()
    return n


@register("reader.first_page")
def first_page() -> list[Row]:
    pdf = make_pdf(FIRST_PAGE_PAGES)
    with tempfile.TemporaryDirectory() as tmp:
        store = BlobStore(Path(tmp) / "blobs", os.urandom(32))
        ref = store.put(pdf)
        service = PdfWorker(_ThisThread())

        def app_path() -> None:
            pdf_plain = store.read(ref)
            service.open("doc", pdf_plain)
            service.render("doc", 0, VIEWER_WIDTH_PX)
            service.close("doc")

        t_raw = best_of(lambda: _raw_render(pdf, 0, VIEWER_WIDTH_PX), 5)
        t_app = best_of(app_path, 5)
        t_read = best_of(lambda: store.read(ref), 5)
    return [
        row(
            f"raw open+render p1 of {FIRST_PAGE_PAGES}p @{VIEWER_WIDTH_PX}px",
            t_raw * 1000,
            "ms",
        ),
        row(
            f"first page (decrypt+open+render) {FIRST_PAGE_PAGES}p",
            t_app * 1000,
            "ms",
            "raw PyMuPDF open+render (target <= 1.15)",
            t_raw * 1000,
        ),
        row(f"  of which blob read ({len(pdf) / 1e6:.1f} MB)", t_read * 1000, "ms"),
    ]


@register("reader.page_turn")
def page_turn() -> list[Row]:
    pdf = make_pdf(2 * TURN_PAGES + 1)
    raw_doc = pymupdf.open(stream=pdf, filetype="pdf")
    service = PdfWorker(_ThisThread())
    service.open("doc", pdf)
    first = service.render("doc", 0, TURN_WIDTH_PX)
    # A reader paging through: the cache is full (it holds a few pages, as the viewer's
    # budget does at 2560 px) and every turn evicts the oldest, so each page below is a
    # miss. Clearing the whole cache each round, as this bench did, is not a state the
    # viewer is ever in.
    cache = PageCache(4 * first.stride * first.height)
    # What is painted is the viewport: a 2560 x 1440 screen shows the page's top 1440 rows.
    canvas = QImage(TURN_WIDTH_PX, TURN_SCREEN_HEIGHT_PX, QImage.Format.Format_RGB32)
    turns = itertools.count()

    def paint(image: QImage) -> None:
        painter = QPainter(canvas)
        painter.drawImage(QRectF(0, 0, image.width(), image.height()), image)
        painter.end()

    def raw() -> None:
        for i in range(1, TURN_PAGES + 1):
            p = raw_doc.load_page(i)
            scale = render_scale(float(p.rect.width), float(p.rect.height), TURN_WIDTH_PX)
            p.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)

    def raw_shown() -> None:  # a bare PyMuPDF + Qt reader: render, wrap the samples, paint
        for i in range(1, TURN_PAGES + 1):
            p = raw_doc.load_page(i)
            scale = render_scale(float(p.rect.width), float(p.rect.height), TURN_WIDTH_PX)
            pix = p.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
            fmt = QImage.Format.Format_RGB888
            paint(QImage(pix.samples_mv, pix.width, pix.height, pix.stride, fmt))

    def cold() -> None:  # the next page was not rendered ahead: render lane -> cache -> paint
        for _ in range(TURN_PAGES):
            i = next(turns) % (2 * TURN_PAGES) + 1
            key = (i, TURN_WIDTH_PX, False)
            assert cache.get(key) is None
            cache.put(key, to_qimage(service.render("doc", i, TURN_WIDTH_PX)))
            image = cache.get(key)
            assert image is not None
            paint(image)

    band = (0.0, TURN_SCREEN_HEIGHT_PX / first.height)  # the viewport shows the page's top
    rest_seconds: list[float] = []

    def cold_band() -> float:
        """Seconds until the viewport is painted sharp, summed over the turns; the rest of
        each page is then rendered (as the render lane does next) but not counted."""
        waited = 0.0
        for _ in range(TURN_PAGES):
            i = next(turns) % (2 * TURN_PAGES) + 1
            key = (i, TURN_WIDTH_PX, False)
            assert cache.get(key) is None
            start = time.perf_counter()
            partial = service.render("doc", i, TURN_WIDTH_PX, band=band)
            assert partial.rows is not None
            cache.put(key, to_qimage(partial), partial.rows)
            shown = cache.partial(key)
            assert shown is not None
            paint_rows(shown.image, *partial.rows)
            waited += time.perf_counter() - start
            start = time.perf_counter()
            cache.put(key, to_qimage(service.render_rest("doc", partial)))
            rest_seconds.append(time.perf_counter() - start)
        return waited

    def paint_rows(image: QImage, top: int, bottom: int) -> None:
        painter = QPainter(canvas)
        rows = QRectF(0, top, image.width(), bottom - top)
        painter.drawImage(rows, image, rows)
        painter.end()

    def warm() -> None:  # rendered ahead (the usual case): cache hit -> paint
        for i in range(1, TURN_PAGES + 1):
            key = (i, TURN_WIDTH_PX, False)
            image = cache.get(key)
            if image is None:
                cache.put(key, to_qimage(service.render("doc", i, TURN_WIDTH_PX)))
                image = cache.get(key)
            assert image is not None
            paint(image)

    t_raw = best_of(raw) / TURN_PAGES
    t_shown = best_of(raw_shown) / TURN_PAGES
    t_cold = best_of(cold) / TURN_PAGES
    t_band = min(cold_band() for _ in range(3)) / TURN_PAGES
    t_rest = min(rest_seconds)
    cache.budget_bytes = 512 * 1024 * 1024
    warm()  # fill the cache
    t_warm = best_of(warm) / TURN_PAGES
    service.close_all()
    raw_doc.close()
    return [
        row(f"raw get_pixmap @{TURN_WIDTH_PX}px", t_raw * 1000, "ms"),
        row(
            "page turn, not cached: viewport painted sharp",
            t_band * 1000,
            "ms",
            "raw get_pixmap, whole page (target <= 1.2)",
            t_raw * 1000,
        ),
        row(
            f"  (viewport band {TURN_SCREEN_HEIGHT_PX} of {first.height} rows; rest after)",
            t_rest * 1000,
            "ms",
        ),
        row(
            "page turn, not cached, whole page first",
            t_cold * 1000,
            "ms",
            "raw get_pixmap (target <= 1.2)",
            t_raw * 1000,
        ),
        row(
            "  whole page, next to a bare PyMuPDF+Qt reader",
            t_cold * 1000,
            "ms",
            "raw get_pixmap + wrap + paint",
            t_shown * 1000,
        ),
        row(
            "page turn, from the page cache (hit+paint)",
            t_warm * 1000,
            "ms",
            "raw get_pixmap",
            t_raw * 1000,
        ),
    ]


def _child(code: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


# VmHWM is this process's own peak (ru_maxrss would carry the parent's peak over exec).
_HWM = "[int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')][0]"
_MEMORY_APP = """
    from pathlib import Path
    from sync.pdf.render import RenderService
    pdf = Path({path!r}).read_bytes()
    service = RenderService()
    service.open("doc", pdf)
    for page in range(3):  # the first page and the two rendered ahead
        service.render("doc", page, {width})
    print({hwm})
"""
_MEMORY_RAW = """
    from pathlib import Path
    import pymupdf
    doc = pymupdf.open(stream=Path({path!r}).read_bytes(), filetype="pdf")
    for page in range(3):
        doc.load_page(page).get_pixmap(matrix=pymupdf.Matrix(2, 2), alpha=False)
    print({hwm})
"""


@register("reader.memory")
def memory() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        # Synthetic, public text: the only PDF a benchmark may write to disk.
        path = Path(tmp) / "bench.pdf"
        path.write_bytes(make_pdf(MEMORY_PAGES))
        app_kb = int(_child(_MEMORY_APP.format(path=str(path), width=VIEWER_WIDTH_PX, hwm=_HWM)))
        raw_kb = int(_child(_MEMORY_RAW.format(path=str(path), hwm=_HWM)))
    return [
        row(f"peak RSS raw PyMuPDF, {MEMORY_PAGES}p open", raw_kb / 1024, "MiB"),
        row(
            f"peak RSS RenderService, {MEMORY_PAGES}p open",
            app_kb / 1024,
            "MiB",
            "raw PyMuPDF process",
            raw_kb / 1024,
        ),
    ]


_START_APP = """
    import time
    t0 = time.perf_counter()
    import sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from desktop.app import FolioApp
    from desktop.settings import SettingsStore
    app = QApplication(sys.argv[:1])
    folio = FolioApp(app, data_dir=Path({data!r}), store=SettingsStore(Path({config!r})))
    folio.start()
    w = folio.window
    while w.stack.currentWidget() is not w.lock_page:
        app.processEvents()
    app.processEvents()  # the lock screen painted, as the bare window is
    t = time.perf_counter() - t0
    folio.shutdown()
    print(t)
"""
_START_BARE = """
    import time
    t0 = time.perf_counter()
    import sys
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication(sys.argv[:1])
    w = QLabel("hello")
    w.show()
    app.processEvents()
    print(time.perf_counter() - t0)
"""


@register("reader.startup")
def startup() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        # The device secret goes to a file in the sandbox, never the real home or keyring.
        env = {
            "QT_QPA_PLATFORM": "offscreen",
            "FOLIO_SECRET_BACKEND": "file",
            "FOLIO_CONFIG_DIR": str(Path(tmp) / "config"),
        }
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            data = Path(tmp) / "data"
            Api.create(data, "2468", kdf=KdfParams.FAST_FOR_TESTS).lock()
            code = _START_APP.format(data=str(data), config=str(Path(tmp) / "desktop.json"))
            t_app = min(float(_child(code, env)) for _ in range(2))
            t_bare = min(float(_child(_START_BARE, env)) for _ in range(2))
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    return [
        row("bare Qt window shown (offscreen)", t_bare * 1000, "ms"),
        row(
            "app start to lock screen (offscreen)",
            t_app * 1000,
            "ms",
            "bare Qt window",
            t_bare * 1000,
        ),
    ]
