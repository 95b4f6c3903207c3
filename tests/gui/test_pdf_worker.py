"""One owner of PyMuPDF: an export on the vault lane while the render lane renders pages.

A probe wraps the PdfWorker's one entry (``handle``) and records, for every
PyMuPDF request, which thread ran it and whether another was running at the
same moment. Real rendering, a real export through sync.api, no mocks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pymupdf  # the test oracle for the exported file
import pytest
from pytestqt.qtbot import QtBot

from desktop.tasks import TaskRunner
from sync import model
from sync.api import Api
from sync.config.effective import EffectivePolicy
from sync.pdf import messages as m
from sync.pdf.worker import shared_worker
from sync.vault import KdfParams
from tests.unit.folio_packs import make_pack

RENDERS_AFTER_EXPORT = 3


class OverlapProbe:
    """Wraps ``handle``: counts requests running at once and the threads they ran on."""

    def __init__(self, handle: Callable[[m.Request], Any]) -> None:
        self._handle = handle
        self._lock = threading.Lock()
        self.running = 0
        self.overlaps = 0
        self.threads: set[int] = set()
        self.kinds: list[str] = []

    def __call__(self, request: m.Request) -> Any:
        with self._lock:
            self.running += 1
            if self.running > 1:
                self.overlaps += 1
            self.threads.add(threading.get_ident())
            self.kinds.append(type(request).__name__)
        try:
            return self._handle(request)
        finally:
            with self._lock:
                self.running -= 1


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def api(tmp_path: Path, runner: TaskRunner) -> Iterator[Api]:
    make_pack(tmp_path / "pack", marker="Owner", documents=2, pages=6, filler=60)
    data = tmp_path / "data"
    env = {"FOLIO_ALLOW_EXPORT": "true", "FOLIO_WATERMARK": "true"}
    policy = EffectivePolicy(data, environ=env)
    api = Api.create(data, "1357", policy=policy, kdf=KdfParams.FAST_FOR_TESTS)
    yield api
    if not api.is_locked:
        api.lock()


def test_export_while_rendering_never_runs_two_pymupdf_calls_at_once(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner, api: Api
) -> None:
    assert api.pdf is runner.pdf  # the app's Api reaches the render lane's worker
    probe = OverlapProbe(runner.pdf.handle)
    runner.pdf.handle = probe  # type: ignore[method-assign]  # the probe around the one entry
    api.import_pack(tmp_path / "pack")  # the publishing check and page texts: the worker too
    doc = api.list_documents()[0]
    api.add_annotation(
        doc.id, 0, model.AnnotationKind.NOTE, rects=[(400.0, 300.0, 420.0, 320.0)], text="Quay"
    )
    pdf_plain = api.document_bytes(doc.id)
    runner.pdf.open("doc", pdf_plain)
    pages = runner.pdf.layout("doc").page_count

    export_done = threading.Event()
    finished = threading.Event()
    rendered: list[int] = []
    after_export = [0]
    exported: list[Path] = []

    def render_next() -> None:
        # A stream of renders: each queues the next behind whatever else arrived.
        page = len(rendered) % pages
        runner.pdf.render("doc", page, 1200)
        rendered.append(page)
        if export_done.is_set():
            after_export[0] += 1
        if after_export[0] >= RENDERS_AFTER_EXPORT:
            finished.set()
            return
        runner.render.post(render_next)

    def export() -> None:
        try:
            exported.append(api.export_annotated_pdf(doc.id, tmp_path / "out.pdf"))
        finally:
            export_done.set()

    runner.render.post(render_next)
    qtbot.waitUntil(lambda: len(rendered) >= 2, timeout=30_000)
    runner.vault.post(export)  # the vault lane, where every sync.api call runs in the app
    qtbot.waitUntil(finished.is_set, timeout=60_000)

    assert exported, "the export failed"
    assert probe.overlaps == 0
    assert probe.threads == {runner.render.ident}
    # The export ran between renders: some before it, some after it.
    first_export = probe.kinds.index("AnnotatedPdf")
    assert "RenderPage" in probe.kinds[:first_export]
    assert "RenderPage" in probe.kinds[first_export + 1 :]
    assert {"CheckPdf", "PageTexts", "OpenDocument"} <= set(probe.kinds)
    with pymupdf.open(exported[0]) as out:
        assert out.page_count == pages
        assert [a.type[1] for a in out.load_page(0).annots()] == ["Text"]


def test_handle_refuses_every_thread_but_the_owner(runner: TaskRunner) -> None:
    """The negative control: PyMuPDF off the owner thread is an error, not a race."""
    with pytest.raises(RuntimeError, match="not the PDF worker's thread"):
        runner.pdf.handle(m.CloseAll())
    runner.pdf.close_all()  # the same request through ``call`` runs on the render lane


def test_the_process_worker_is_the_render_lanes_while_the_app_runs(runner: TaskRunner) -> None:
    assert shared_worker() is runner.pdf
