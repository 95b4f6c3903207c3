"""PdfWorker: the one owner of PyMuPDF in a process (MuPDF is not thread-safe).

Every PyMuPDF call the app makes goes through ``PdfWorker.handle``: the viewer's
renders, layout, search, outline and word boxes (on documents the worker keeps
open), the search index's page texts, re-anchoring's words, the publishing check
of a PDF, and export (annotations written in, summaries, sheets, the watermark).
``handle`` runs on the worker's one owner thread only and refuses any other, so
two PyMuPDF calls can never run at once; callers on other threads ``call`` (post
the request to the owner thread and wait) and get a plain answer or the
FolioError the request raised.

Requests and answers are plain frozen dataclasses (sync/pdf/messages.py), so the
worker can later move into a separate process with nothing else changed.

Whose thread it is: the desktop builds its worker on its render lane
(desktop/tasks.py owns every thread of the app, and the render lane is this
worker's thread) and installs it as the process's worker; the CLI, the server
and tests get ``shared_worker()``, which starts one daemon thread (``folio-pdf``)
the first time something needs PyMuPDF. One process, one worker: MuPDF's context
is process-wide, so the worker is a per-process resource like the process itself.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from sync import model
from sync.errors import ErrorKind, FolioError
from sync.pdf import messages as m

if TYPE_CHECKING:
    from sync.pdf.anchoring import Word
    from sync.pdf.export import SheetItem
    from sync.pdf.render import (
        DocInfo,
        OutlineEntry,
        RenderedPage,
        RenderService,
        SearchRect,
        WordBox,
    )

log = logging.getLogger(__name__)

T = TypeVar("T")

_POLL_SECONDS = 0.25  # how often a waiting caller checks that its request was not dropped


class Posted(Protocol):
    """What posting a job to the owner thread returns: whether it was dropped unrun."""

    cancelled: bool


class OwnerThread(Protocol):
    """The thread the worker runs on: the desktop's render lane, or ``_OwnThread``."""

    @property
    def ident(self) -> int | None: ...

    def post(self, fn: Callable[[], Any]) -> Posted: ...


class _Job:
    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn = fn
        self.cancelled = False


class _OwnThread:
    """One daemon thread with a FIFO queue, for processes without a desktop render lane."""

    def __init__(self, name: str = "folio-pdf") -> None:
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._stopped = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def ident(self) -> int | None:
        return self._thread.ident

    def post(self, fn: Callable[[], Any]) -> Posted:
        job = _Job(fn)
        with self._lock:
            if self._stopped:
                job.cancelled = True
            else:
                self._queue.put(job)
        return job

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
        self._queue.put(None)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            job.fn()  # a job never raises: ``PdfWorker.call`` hands exceptions to its Future


class PdfWorker:
    """Owns every open PDF document and is the only caller of PyMuPDF.

    ``handle`` runs on the owner thread only; ``call`` works from any thread.
    The typed methods (``render``, ``page_texts``, ``annotated_pdf`` …) are
    ``call`` with the request built for you.
    """

    def __init__(self, owner: OwnerThread | None = None) -> None:
        self._own: _OwnThread | None = None
        if owner is None:
            self._own = _OwnThread()
            owner = self._own
        self._owner = owner
        self._service: RenderService | None = None  # built on the owner thread, on first use

    # -- the boundary ----------------------------------------------------------------------

    def on_owner_thread(self) -> bool:
        return threading.get_ident() == self._owner.ident

    def call(self, request: m.Request) -> Any:
        """``handle(request)`` on the owner thread; blocks the caller until it answered.

        Never call this on the UI thread with a slow request. When the owner thread
        stops before the request ran (shutdown), the caller gets CANCELLED.
        """
        if self.on_owner_thread():
            return self.handle(request)
        future: Future[Any] = Future()

        def job() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(self.handle(request))
            except BaseException as exc:  # handed to the waiting caller, which raises it
                future.set_exception(exc)

        posted = self._owner.post(job)
        while True:
            try:
                return future.result(timeout=_POLL_SECONDS)
            except FutureTimeout:
                if posted.cancelled and not future.running():
                    future.cancel()
                    raise FolioError(ErrorKind.CANCELLED, "the PDF worker stopped") from None

    def handle(self, request: m.Request) -> Any:
        """Answer one request. The single entry to PyMuPDF; owner thread only."""
        if not self.on_owner_thread():
            raise RuntimeError(
                f"PyMuPDF called on {threading.current_thread().name}, not the PDF worker's thread"
            )
        service = self._render_service()
        match request:
            case m.OpenDocument(key, pdf_plain):
                return service.open(key, pdf_plain)
            case m.LayoutDocument(key):
                return service.layout(key)
            case m.CloseDocument(key):
                service.close(key)
                return None
            case m.CloseAll():
                service.close_all()
                return None
            case m.RenderPage(key, page, width_px, max_pixels, invert, band):
                return service.render(
                    key, page, width_px, max_pixels=max_pixels, invert=invert, band=band
                )
            case m.RenderRest(key, partial):
                return service.render_rest(key, cast("RenderedPage", partial))
            case m.SearchDocument(key, query, max_hits):
                return service.search(key, query, max_hits=max_hits)
            case m.SearchPage(key, page, query):
                return service.search_page(key, page, query)
            case m.GetOutline(key):
                return service.outline(key)
            case m.PageWordBoxes(key, page):
                return service.words(key, page)
            case m.PageText(key, page):
                return service.page_text(key, page)
            case m.PageTexts(pdf_plain):
                from sync.pdf import textindex  # noqa: PLC0415 (PyMuPDF on first use)

                return textindex.page_texts(pdf_plain)
            case m.DocumentWords(pdf_plain):
                from sync.pdf import anchoring  # noqa: PLC0415

                return anchoring.document_words(pdf_plain)
            case m.CheckPdf(name, data):
                from sync.pdf import check  # noqa: PLC0415

                return check.check_pdf(name, data)
            case m.AnnotatedPdf(pdf_plain, annotations, watermark):
                from sync.pdf import export  # noqa: PLC0415

                return export.watermarked(export.annotated_pdf(pdf_plain, annotations), watermark)
            case m.NotesSummaryPdf(meeting, documents, labels, watermark):
                from sync.pdf import export  # noqa: PLC0415

                data = export.notes_summary_pdf(
                    meeting, documents, labels=labels or export.DEFAULT_LABELS
                )
                return export.watermarked(data, watermark)
            case m.MeetingSheetPdf(meeting, items, labels, watermark):
                from sync.pdf import export  # noqa: PLC0415

                data = export.meeting_sheet_pdf(
                    meeting,
                    cast("Sequence[SheetItem]", items),
                    labels=labels or export.DEFAULT_LABELS,
                )
                return export.watermarked(data, watermark)
        raise FolioError(ErrorKind.BAD_INPUT, f"not a PDF worker request: {type(request).__name__}")

    def _render_service(self) -> RenderService:
        if self._service is None:
            from sync.pdf.render import RenderService  # noqa: PLC0415 (PyMuPDF on first use)

            self._service = RenderService()
        return self._service

    def stop(self) -> None:
        """End the worker's own thread (a worker on a desktop lane is stopped with the lane)."""
        if self._own is not None:
            self._own.stop()

    # -- typed requests ----------------------------------------------------------------------

    def open(self, key: str, pdf_plain: bytes) -> DocInfo:
        return cast("DocInfo", self.call(m.OpenDocument(key, pdf_plain)))

    def layout(self, key: str) -> DocInfo:
        return cast("DocInfo", self.call(m.LayoutDocument(key)))

    def close(self, key: str) -> None:
        self.call(m.CloseDocument(key))

    def close_all(self) -> None:
        self.call(m.CloseAll())

    def render(
        self,
        key: str,
        page: int,
        width_px: int,
        *,
        max_pixels: int = m.MAX_PIXELS,
        invert: bool = False,
        band: tuple[float, float] | None = None,
    ) -> RenderedPage:
        request = m.RenderPage(key, page, width_px, max_pixels, invert, band)
        return cast("RenderedPage", self.call(request))

    def render_rest(self, key: str, partial: RenderedPage) -> RenderedPage:
        return cast("RenderedPage", self.call(m.RenderRest(key, partial)))

    def search(
        self, key: str, query: str, *, max_hits: int = m.MAX_SEARCH_HITS
    ) -> list[SearchRect]:
        return cast("list[SearchRect]", self.call(m.SearchDocument(key, query, max_hits)))

    def search_page(self, key: str, page: int, query: str) -> list[SearchRect]:
        return cast("list[SearchRect]", self.call(m.SearchPage(key, page, query)))

    def outline(self, key: str) -> list[OutlineEntry]:
        return cast("list[OutlineEntry]", self.call(m.GetOutline(key)))

    def words(self, key: str, page: int) -> list[WordBox]:
        return cast("list[WordBox]", self.call(m.PageWordBoxes(key, page)))

    def page_text(self, key: str, page: int) -> str:
        return cast("str", self.call(m.PageText(key, page)))

    def page_texts(self, pdf_plain: bytes) -> list[str]:
        return cast("list[str]", self.call(m.PageTexts(pdf_plain)))

    def document_words(self, pdf_plain: bytes) -> list[list[Word]]:
        return cast("list[list[Word]]", self.call(m.DocumentWords(pdf_plain)))

    def check_pdf(self, name: str, data: bytes) -> m.CheckedPdf:
        return cast("m.CheckedPdf", self.call(m.CheckPdf(name, data)))

    def annotated_pdf(
        self, pdf_plain: bytes, annotations: Sequence[model.Annotation], *, watermark: str = ""
    ) -> bytes:
        return cast("bytes", self.call(m.AnnotatedPdf(pdf_plain, tuple(annotations), watermark)))

    def notes_summary_pdf(
        self,
        meeting: model.Meeting,
        documents: Sequence[tuple[model.Document, Sequence[model.Annotation]]],
        *,
        labels: Mapping[str, str] | None = None,
        watermark: str = "",
    ) -> bytes:
        docs = tuple((doc, tuple(anns)) for doc, anns in documents)
        request = m.NotesSummaryPdf(meeting, docs, dict(labels or {}), watermark)
        return cast("bytes", self.call(request))

    def meeting_sheet_pdf(
        self,
        meeting: model.Meeting,
        items: Sequence[SheetItem],
        *,
        labels: Mapping[str, str] | None = None,
        watermark: str = "",
    ) -> bytes:
        request = m.MeetingSheetPdf(meeting, tuple(items), dict(labels or {}), watermark)
        return cast("bytes", self.call(request))


_shared: PdfWorker | None = None
_shared_lock = threading.Lock()


def shared_worker() -> PdfWorker:
    """The process's one PdfWorker.

    The desktop installs its render lane's worker (``install_shared_worker``) where
    it composes the app, so an Api, the engine and the publishing check all reach
    that one; a process that installed none (the CLI, the server, tests) gets a
    worker with its own thread, started the first time something needs PyMuPDF.
    """
    global _shared  # noqa: PLW0603 (one PyMuPDF owner per process: MuPDF's context is global)
    with _shared_lock:
        if _shared is None:
            _shared = PdfWorker()
        return _shared


def install_shared_worker(worker: PdfWorker) -> None:
    """Make ``worker`` the process's PdfWorker (the desktop's TaskRunner does, at start)."""
    global _shared  # noqa: PLW0603
    with _shared_lock:
        _shared = worker


def uninstall_shared_worker(worker: PdfWorker) -> None:
    """Forget ``worker`` as the process's PdfWorker (its thread is stopping)."""
    global _shared  # noqa: PLW0603
    with _shared_lock:
        if _shared is worker:
            _shared = None
