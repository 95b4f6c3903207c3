"""Bookmarks: the bookmark and its sealed op in one transaction (docs/spec/e2e-notes.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync import model
from sync.errors import ErrorKind, FolioError
from sync.store import bookmarks as store_bookmarks

if TYPE_CHECKING:
    from sync.vault.db import Database


def list_pages(db: Database, document_id: str) -> list[int]:
    return store_bookmarks.list_pages(db, document_id)


def set_bookmark(db: Database, document_id: str, page: int, *, on: bool) -> model.Changes:
    """Durable when this returns, and on its way to the reader's other devices."""
    if page < 0:
        raise FolioError(ErrorKind.BAD_INPUT, "a page number is never negative")
    with db.transaction() as cur:
        queued = store_bookmarks.set_bookmark(cur, document_id, page, on)
    return model.Changes(bookmarks=frozenset({document_id}), outbox=queued)
