"""Index: the text of every newly verified document into the encrypted search index.

Runs after the downloads, on the round's own thread, reading each blob back
through the vault (decrypt + authenticate), so search only ever sees verified
bytes. Text extraction is injected: PyMuPDF is not thread-safe, so the extractor
is a PdfWorker's (the desktop's render lane, or the process's shared worker).
"""

from __future__ import annotations

from collections.abc import Callable

from sync.engine import events
from sync.engine.context import Context
from sync.errors import ErrorKind, FolioError, Tampered
from sync.store import records
from sync.vault import BlobRef

TextExtractor = Callable[[bytes], list[str]]


def run(ctx: Context, extract: TextExtractor) -> int:
    done = 0
    for document_id, version, blob_id, key_wrapped in records.documents_to_index(ctx.db):
        ctx.check_cancelled()
        try:
            pdf_plain = ctx.vault.blobs.read(BlobRef(blob_id, version, key_wrapped))
        except Tampered as exc:
            # Damaged on this device: unreadable from now on, downloaded again next round
            # (one bad blob must not fail every round).
            with ctx.db_lock, ctx.db.transaction() as cur:
                records.mark_version_damaged(cur, document_id, version, exc.detail, shred=False)
            events.emit(events.DOWNLOAD_QUARANTINED, document_id=document_id, kind=exc.kind.value)
            continue
        try:
            pages = extract(pdf_plain)
        except FolioError as exc:
            if exc.kind is not ErrorKind.BAD_INPUT:
                raise
            pages = []  # verified bytes that are no readable PDF: nothing to search
        finally:
            del pdf_plain
        with ctx.db_lock, ctx.db.transaction() as cur:
            records.index_document_text(cur, document_id, version, pages)
        events.emit(events.INDEX_DONE, document_id=document_id, pages=len(pages))
        done += 1
    return done
