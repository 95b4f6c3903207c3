"""The one document the viewer has open, and the two hops that open it off the UI thread.

Its bytes come from sync.api on the vault lane, then the render lane (the PdfWorker's
thread) opens them under a key of their own. Every answer that comes back later is
checked against the ``generation`` it was asked in, so a document closed or replaced
meanwhile never paints over the one the reader looks at now.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.errors import message_for
from desktop.tasks import OnFailure, TaskRunner
from desktop.viewer.lane_renderer import LaneRenderer, render_tag, thumbnail_tag
from sync.model import Document
from sync.pdf.render import DocInfo

T = TypeVar("T")
_keys = itertools.count(1)


class OpenDocument(QObject):
    """The document, its key on the render lane, its layout, and the zoom each was left at.

    A child of the viewer: once the viewer is deleted, the lanes' answers see this deleted
    too and are not delivered (``desktop.tasks`` checks what a callback holds).
    """

    def __init__(
        self, runner: TaskRunner, document_bytes: Callable[[str], bytes], viewer: QWidget
    ) -> None:
        super().__init__(viewer)
        self._runner = runner
        self._document_bytes = document_bytes
        self.document: Document | None = None
        self.key: str | None = None
        self.info: DocInfo | None = None
        self.generation = 0
        self._layout_pending = False
        # the zoom the reader left each document at (this session only; fit width if none)
        self._zooms: dict[str, float] = {}

    def if_current(self, fn: Callable[[T], None]) -> Callable[[T], None]:
        """``fn`` for an answer that is dropped if the document changed since it was asked."""
        generation = self.generation

        def current(value: T) -> None:
            if generation == self.generation:
                fn(value)

        return current

    def open(
        self,
        document: Document,
        opened: Callable[[DocInfo], None],
        failed: Callable[[str], None],
    ) -> None:
        """Load ``document`` (vault lane), open it (render lane), then ``opened``.

        ``failed`` gets the translated sentence; neither runs once another document
        was opened or this one closed.
        """
        self.generation += 1
        generation = self.generation
        self.document = document
        key = f"doc{next(_keys)}"
        doc_id = document.id
        fetch = self._document_bytes
        service = self._runner.pdf

        def did_open(info: DocInfo) -> None:
            if generation != self.generation:
                self._runner.render.submit(lambda: service.close(key), failure=OnFailure.LOG)
                return
            self.key = key
            self.info = info
            self._layout_pending = not info.exact
            opened(info)

        def did_fail(error: BaseException) -> None:
            if generation == self.generation:
                failed(message_for(error))

        def got_bytes(pdf_plain: bytes) -> None:
            if generation != self.generation:
                return
            self._runner.render.submit(
                lambda: service.open(key, pdf_plain),
                did_open,
                did_fail,
                failure=OnFailure.SHOW,
                front=True,
            )

        self._runner.vault.submit(
            lambda: fetch(doc_id), got_bytes, did_fail, failure=OnFailure.SHOW
        )

    def close(self, zoom: float | None) -> None:
        """Close the open PDF on the render lane and forget every render of it.

        ``zoom``: the zoom the reader leaves it at, None at a fit (it opens at fit
        width next time).
        """
        self.generation += 1
        self._layout_pending = False
        if self.document is not None and self.info is not None:
            if zoom is not None:
                self._zooms[self.document.id] = zoom
            else:
                self._zooms.pop(self.document.id, None)
        if self.key is not None:
            key = self.key
            service = self._runner.pdf
            self._runner.render.cancel(render_tag(key))
            self._runner.render.cancel(thumbnail_tag(key))
            self._runner.render.submit(lambda: service.close(key), failure=OnFailure.LOG)
        self.key = None
        self.info = None
        self.document = None

    def renderer(self) -> LaneRenderer:
        """The page view's renders of this document, on the render lane."""
        assert self.key is not None
        return LaneRenderer(self._runner, self.key)

    def remembered_zoom(self) -> float | None:
        """The zoom the reader left this document at before, if not at a fit."""
        return self._zooms.get(self.document.id) if self.document is not None else None

    def measure(self, laid_out: Callable[[DocInfo], None], failed: Callable[[str], None]) -> None:
        """Measure every page on the render lane, once, if opening only guessed.

        ``open`` laid all pages out at the first page's size so the first page did not
        wait for 300 page loads; ``laid_out`` gets the real sizes.
        """
        if not self._layout_pending or self.key is None:
            return
        self._layout_pending = False
        key = self.key
        service = self._runner.pdf
        generation = self.generation

        def measured(info: DocInfo) -> None:
            if generation != self.generation:
                return
            self.info = info
            laid_out(info)

        def did_fail(error: BaseException) -> None:
            if generation == self.generation:
                failed(message_for(error))

        self._runner.render.submit(
            lambda: service.layout(key), measured, did_fail, failure=OnFailure.SHOW
        )
