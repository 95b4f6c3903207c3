"""Re-anchor: the reader's marks follow a replaced document onto its new version.

A phase of the round, after download and index, so `folio sync` and the app
leave a device in the same state: a new version that was linked this round (or
one an earlier round linked but could not re-anchor) gets its stale annotations
placed by quote or page (sync/pdf/anchoring.py), moved ones queued as annotation.put
ops, and the "what changed" report stored. ``Api.reanchor_document`` (a pack
imported by hand) runs the same ``reanchor_document``.

PyMuPDF is not thread-safe: the words of the new version come from an injected
reader, like the index phase's text extractor. The desktop hands in one that
runs on its render lane; the CLI reads them on the round's own thread (no other
PyMuPDF user in that process).

The reader may edit an annotation on the vault lane while this runs on its own
connection: an annotation that changed between the read and the write is left
for the next round, never overwritten with the stale copy.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sync import model
from sync.engine import events
from sync.engine.context import Context
from sync.errors import ErrorKind, FolioError, Tampered
from sync.pdf import anchoring
from sync.pdf.anchoring import ReanchorReport, Word
from sync.store import records
from sync.store.records import CursorReader
from sync.vault import BlobRef, BlobStore
from sync.vault.db import Database

log = logging.getLogger("folio.sync")

WordsOf = Callable[[bytes], list[list[Word]]]


@dataclass
class ReanchorResult:
    reports: list[ReanchorReport] = field(default_factory=list)
    changes: model.Changes = field(default_factory=model.Changes)


def reanchor_document(
    db: Database,
    blobs: BlobStore,
    document_id: str,
    words: WordsOf,
    *,
    lock: contextlib.AbstractContextManager[object] | None = None,
) -> tuple[model.Changes, ReanchorReport]:
    """Place one document's stale annotations on its current version, in one transaction.

    Raises NOT_FOUND when the current version is not readable here, and Tampered
    (after marking the version damaged) when its blob fails authentication.
    """
    guard = lock if lock is not None else contextlib.nullcontext()
    doc = records.get_document(db, document_id)
    found = records.document_blob(db, document_id)
    if found is None:
        raise FolioError(ErrorKind.NOT_FOUND, "the document is not on this device")
    blob_id, version, key_wrapped = found
    kept = records.superseded_pages(db, document_id)
    old_version, old_texts = kept if kept is not None else (None, None)
    stale = records.stale_annotations(db, document_id)
    try:
        pdf_plain = blobs.read(BlobRef(blob_id, version, key_wrapped))
    except Tampered as exc:
        with guard, db.transaction() as cur:
            records.mark_version_damaged(cur, document_id, version, exc.detail, shred=False)
        raise
    try:
        pages = words(pdf_plain)
    finally:
        del pdf_plain
    placed, report = anchoring.reanchor(
        stale,
        pages,
        doc.version,
        old_texts=old_texts,
        old_version=old_version,
        document_id=document_id,
    )
    previous = records.reanchor_report(db, document_id)
    if old_texts is None and previous is not None and previous[1] == doc.version:
        report = dataclasses.replace(
            report, changed_pages=tuple(previous[2])
        )  # keep "what changed"
    outbox = False
    with guard, db.transaction() as cur:
        reader = CursorReader(cur)
        for old, new in zip(stale, placed, strict=True):
            if _current(reader, old.id) != old:
                continue  # edited or deleted meanwhile: the next round places what is there
            records.save_annotation(cur, new)
            # A colleague's shared mark is placed for display only; its author's device
            # moves it on the server.
            if new.document_version != old.document_version and new.author is None:
                try:
                    records.add_op(cur, records.annotation_payload(new))
                except FolioError as exc:
                    if exc.kind is not ErrorKind.BAD_INPUT:
                        raise
                    # A mark stored before add_op checked payloads (an imported colour or
                    # id the server refuses): its first op was refused for good already;
                    # it moves here, and a second refused op must not stop the round.
                    log.warning("reanchor.op_refused", extra={"fields": {"annotation_id": new.id}})
                    continue
                outbox = True
        records.finish_reanchor(
            cur,
            document_id,
            from_version=old_version,
            to_version=doc.version,
            changed_pages=report.changed_pages,
            moved=report.moved,
            needs_review=report.needs_review,
        )
    log.info(
        "annotations.reanchored",
        extra={"fields": {"moved": report.moved, "needs_review": report.needs_review}},
    )
    changes = model.Changes(
        annotations=frozenset(a.id for a in stale),
        documents=frozenset({document_id}),
        outbox=outbox,
    )
    return changes, report


def _current(reader: CursorReader, annotation_id: str) -> model.Annotation | None:
    try:
        return records.get_annotation(reader, annotation_id)
    except FolioError as exc:
        if exc.kind is not ErrorKind.NOT_FOUND:
            raise
        return None


def run(ctx: Context, words: WordsOf) -> ReanchorResult:
    """Every document waiting for re-anchoring; one that cannot be read waits for its bytes."""
    result = ReanchorResult()
    lock: threading.Lock = ctx.db_lock
    for document_id in records.documents_to_reanchor(ctx.db):
        ctx.check_cancelled()
        try:
            changes, report = reanchor_document(
                ctx.db, ctx.vault.blobs, document_id, words, lock=lock
            )
        except FolioError as exc:
            if exc.kind not in (ErrorKind.TAMPERED, ErrorKind.NOT_FOUND, ErrorKind.BAD_INPUT):
                raise
            # Damaged (downloaded again next round), gone, or no readable PDF: the
            # annotations keep their place and flag until there is something to read.
            events.emit(events.REANCHOR_SKIPPED, document_id=document_id, kind=exc.kind.value)
            continue
        result.reports.append(report)
        result.changes = result.changes.merge(changes)
        events.emit(
            events.REANCHOR_DONE,
            document_id=document_id,
            moved=report.moved,
            needs_review=report.needs_review,
        )
    return result
