"""Re-anchoring by hand (packs imported without a server) and what it reports.

The sync engine re-anchors after every round (sync/engine/reanchor.py); these run
the same on the Api's thread, with PyMuPDF's word reading handed to a PdfWorker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from sync import model
from sync.store import records

if TYPE_CHECKING:
    from sync.pdf.anchoring import ReanchorReport, ReanchorSummary, Word
    from sync.vault import UnlockedVault
    from sync.vault.db import Database

    WordsOf = Callable[[bytes], list[list[Word]]]


def reanchor_document(
    vault: UnlockedVault, document_id: str, words: WordsOf
) -> tuple[model.Changes, ReanchorReport]:
    from sync.engine import reanchor  # noqa: PLC0415 (the engine loads when first needed)

    return reanchor.reanchor_document(vault.db, vault.blobs, document_id, words)


def reanchor_pending(
    vault: UnlockedVault, document_ids: Iterable[str] | None, words: WordsOf
) -> tuple[model.Changes, list[ReanchorReport]]:
    waiting = records.documents_to_reanchor(vault.db)
    if document_ids is not None:
        wanted = set(document_ids)
        waiting = [d for d in waiting if d in wanted]
    changes, reports = model.Changes(), []
    for document_id in waiting:
        c, report = reanchor_document(vault, document_id, words)
        changes = changes.merge(c)
        reports.append(report)
    return changes, reports


def reanchor_summary(db: Database, document_id: str) -> ReanchorSummary | None:
    from sync.pdf.anchoring import ReanchorSummary  # noqa: PLC0415

    row = records.reanchor_report(db, document_id)
    if row is None:
        return None
    return ReanchorSummary(document_id, row[0], row[1], tuple(row[2]), row[3], row[4])


def changed_pages(db: Database, document_id: str) -> list[int]:
    summary = reanchor_summary(db, document_id)
    if summary is None or summary.to_version != records.get_document(db, document_id).version:
        return []
    return list(summary.changed_pages)


def extract_page_texts(pdf_plain: bytes) -> list[str]:
    """Page texts for the search index, read on the process's shared PdfWorker."""
    from sync.pdf.worker import shared_worker  # noqa: PLC0415

    return shared_worker().page_texts(pdf_plain)


def document_words(pdf_plain: bytes) -> list[list[Word]]:
    """Every page's words for re-anchoring, read on the process's shared PdfWorker."""
    from sync.pdf.worker import shared_worker  # noqa: PLC0415

    return shared_worker().document_words(pdf_plain)
