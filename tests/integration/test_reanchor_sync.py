"""`folio sync` moves the reader's highlight onto a republished document (issue 11, hole 8).

On 280f8da only the desktop app re-anchored, after a round, on its vault lane;
a device synced with `folio sync` kept its highlights on the old version for
good (flagged, and on the wrong page once pages shifted). Now re-anchoring is a
phase of the engine's round: the same `folio sync` process re-anchors, queues
the moved mark and sends it to the server in the same round.
"""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test tree has no
# packages) and so shadow their names.

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pymupdf
from conftest_sync import (  # noqa: F401 (fixtures)
    PIN,
    SyncServer,
    enroll_device,
    sync_server,
    write_meeting,
)
from sqlalchemy import select

from server.models import Annotation as ServerAnnotation
from sync import model
from sync import protocol as p
from sync.api import Api
from sync.e2e import notes as e2e_notes
from sync.e2e import seal
from sync.pdf import highlight
from sync.pdf.anchoring import document_words

PAGES = ("Cover of the report", "The budget proposal for new roads in the north", "Appendix")


def _pdf(pages: tuple[str, ...]) -> bytes:
    doc = pymupdf.open()
    for text in pages:
        doc.new_page().insert_text((72, 100), text, fontsize=12)
    data = bytes(doc.tobytes())
    doc.close()
    return data


def _folio_sync(data_dir: Path) -> dict[str, object]:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "folio"), "--data-dir", str(data_dir), "sync"],
        env={**os.environ, "FOLIO_PIN": PIN},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(json.loads(result.stdout))


def test_folio_sync_reanchors_a_highlight_on_the_new_version_and_sends_it(
    sync_server: SyncServer, tmp_path: Path
) -> None:
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    key = sync_server.unique("meeting")
    items = [{"number": "1", "docs": {"report.pdf": _pdf(PAGES)}}]
    write_meeting(tmp_path / "v1", committee, items, key=key)
    meeting_id = str(sync_server.publish(tmp_path / "v1").meeting_id)

    dev = enroll_device(sync_server, reader, tmp_path / "device")
    try:
        assert dev.sync().ok
        (doc,) = dev.api.list_documents(meeting_id)
        words = document_words(dev.api.document_bytes(doc.id))
        snap = highlight.snap_phrase(words[1], "budget proposal for new roads")
        assert snap is not None
        changes = dev.api.add_annotation(
            doc.id,
            1,
            model.AnnotationKind.HIGHLIGHT,
            rects=snap.rects,
            quote=snap.quote,
            text=snap.text,
        )
        (annotation_id,) = changes.annotations
        assert dev.sync().ok  # the highlight is on the server, on version 1
    finally:
        dev.close()

    # Republished: a page inserted at the front shifts the highlighted page.
    moved_items = [{"number": "1", "docs": {"report.pdf": _pdf(("Errata", *PAGES))}}]
    write_meeting(tmp_path / "v2", committee, moved_items, key=key)
    sync_server.publish(tmp_path / "v2")

    summary = _folio_sync(dev.data_dir)
    assert summary["documents"] == 1
    assert summary["documents_reanchored"] == 1

    api = Api.open(dev.data_dir)
    api.unlock(PIN)
    try:
        ann = api.get_annotation(annotation_id)
        assert ann.document_version == doc.version + 1
        assert ann.page == 2
        assert not ann.needs_reanchor
        assert not ann.needs_review
        assert ann.quote is not None
        assert ann.quote.exact == snap.quote.exact
        report = api.reanchor_summary(doc.id)
        assert report is not None
        assert (report.moved, report.needs_review) == (1, 0)
        assert api.list_ops(model.OpState.WAITING) == []  # sent in the same round
        ring = e2e_notes.keyring(api.vault.db)  # the highlight is private: sealed
        user_id = api.vault.db.get_state(e2e_notes.USER_ID)
    finally:
        api.lock()
    assert ring is not None
    assert user_id is not None

    with sync_server.ctx.sessions() as session:
        held = session.scalars(
            select(ServerAnnotation).where(ServerAnnotation.id == annotation_id)
        ).one()
        assert held.data is not None
        sealed = p.b64decode(held.data["sealed"])
        opened = seal.open_json(ring, user_id, annotation_id, held.data["op_id"], sealed)
        assert opened["document_version"] == doc.version + 1
        assert opened["page"] == 2

    # A second sync finds nothing left to re-anchor and changes nothing.
    assert _folio_sync(dev.data_dir)["documents_reanchored"] == 0
