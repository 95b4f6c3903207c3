"""A new version arrives by sync: the reader's highlight moves with its page, and says so.

The reader highlights a phrase on page 2 of a demo document; the server then
publishes a new version of that document with a page inserted at the front.
After the app's next sync round the highlight sits on the new version's page 3
(sync.api re-anchored it, on the vault lane, with PyMuPDF work on the render
lane), and opening the document shows the "what changed" report.

This test changes the server's material, so it runs its own demo server rather
than the session's shared one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.tasks import OnFailure
from resources.demo import build as demo_build
from sync import model
from sync.api import Api, document_words
from sync.pdf import highlight
from tests.gui.conftest import SharedDemoServer, start_demo

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def demo_server() -> Iterator[SharedDemoServer]:
    """This test's own demo server (it publishes a new version of a document)."""
    server = SharedDemoServer()
    yield server
    server.stop()


def _on(qtbot: QtBot, submit: Callable[..., Any], fn: Callable[[], Any]) -> Any:
    box: list[Any] = []
    errors: list[BaseException] = []
    submit(fn, box.append, errors.append, failure=OnFailure.SHOW)
    qtbot.waitUntil(lambda: bool(box or errors), timeout=20000)
    if errors:
        raise errors[0]
    return box[0]


def _with_front_page(pdf: bytes) -> bytes:
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    page = doc.new_page(0, width=595, height=842)
    page.insert_text((56, 80), "Inserted cover page", fontsize=22, fontname="helv")
    out = bytes(doc.tobytes())
    doc.close()
    return out


def test_highlight_moves_to_the_shifted_page_after_sync(
    qtbot: QtBot, folio: FolioApp, demo_server: SharedDemoServer, tmp_path: Path
) -> None:
    start_demo(qtbot, folio)
    w = folio.window
    api = w.api
    reader = w.reader
    assert api is not None
    assert reader is not None
    runner = folio.runner
    qtbot.waitUntil(lambda: w.sync.running, timeout=10000)

    def a_document() -> model.Document:
        for meeting in api.list_meetings():
            for item in api.get_meeting(meeting.id).items:
                for doc in item.documents:
                    if (
                        not doc.closed
                        and doc.state is model.DocumentState.VERIFIED
                        and doc.pages >= 3
                    ):
                        return doc
        raise AssertionError("no open, downloaded demo document with 3 pages")

    doc: model.Document = _on(qtbot, runner.vault.submit, a_document)
    meeting_id = doc.meeting_id
    pdf: bytes = _on(qtbot, runner.vault.submit, lambda: api.document_bytes(doc.id))
    words = _on(qtbot, runner.render.submit, lambda: document_words(pdf))
    page_words = words[1]
    phrase = " ".join(w_.text for w_ in page_words[2:6])
    snap = highlight.snap_phrase(page_words, phrase)
    assert snap is not None

    def add(a: Api) -> model.Changes:
        return a.add_annotation(
            doc.id,
            1,
            model.AnnotationKind.HIGHLIGHT,
            rects=snap.rects,
            quote=snap.quote,
            text=snap.text,
        )

    changes: model.Changes = _on(qtbot, runner.command, lambda: add(api))
    (annotation_id,) = changes.annotations

    # The server publishes a new version: one page inserted at the front.
    folders = demo_build.build(tmp_path / "folders", date.today())
    folder = next(f for f in folders if (f / doc.filename).is_file() and _holds(f, doc, pdf))
    (folder / doc.filename).write_bytes(_with_front_page(pdf))
    demo_server.get().publish(folder)

    w.sync.sync_now()

    def moved() -> model.Annotation:
        return api.get_annotation(annotation_id)

    def is_moved() -> bool:
        ann = _on(qtbot, runner.vault.submit, moved)
        return bool(ann.document_version > doc.version)

    qtbot.waitUntil(is_moved, timeout=60000)
    listed = _on(qtbot, runner.vault.submit, lambda: api.list_annotations(doc.id))
    (ann,) = [a for a in listed if a.id == annotation_id]
    assert ann.document_version == doc.version + 1
    assert ann.page == 2  # was page index 1; one page came before it
    assert ann.quote is not None
    assert ann.quote.exact == snap.quote.exact

    # Opening the document shows what changed and that the note moved.
    reader.open_meeting(meeting_id)
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.meeting, timeout=10000)
    reader.meeting.open_document_id(doc.id)
    banner = reader.viewer.changed_banner
    qtbot.waitUntil(lambda: banner.isVisible() and banner.text() != "", timeout=20000)
    assert "1 note(s) moved" in banner.text() or "1 note moved" in banner.text()


def _holds(folder: Path, doc: model.Document, pdf: bytes) -> bool:
    """The rebuilt folder's file is the very document the device holds (same bytes)."""
    return (folder / doc.filename).read_bytes() == pdf
