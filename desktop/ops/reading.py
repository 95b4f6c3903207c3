"""Reading: meetings, documents, bookmarks, search, status. All run on the vault lane."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.ops.annotate import CaseRow, DecisionOps
from sync.api import Api
from sync.model import Changes, Committee, Meeting, MeetingAttention, SearchHit, SyncStatus


def list_meetings(api: Api, committee_id: str | None = None) -> list[Meeting]:
    return api.list_meetings(committee_id)


def meeting_attention(api: Api) -> dict[str, MeetingAttention]:
    return api.meeting_attention()


def meeting_cases(api: Api, meeting_id: str) -> dict[str, CaseRow]:
    """The meeting's cases by agenda item id, each with the reader's latest decision on it,
    as the decisions overview judges it (one definition of "latest")."""
    return {
        row.case.item_id: row
        for row in DecisionOps(api).overview()
        if row.case.meeting_id == meeting_id and row.case.item_id is not None
    }


def list_committees(api: Api) -> list[Committee]:
    return api.list_committees()


def get_meeting(api: Api, meeting_id: str) -> Meeting:
    return api.get_meeting(meeting_id)


def mark_meeting_read(api: Api, meeting_id: str) -> Changes:
    return api.mark_read(meeting_id=meeting_id)


def mark_document_read(api: Api, document_id: str) -> Changes:
    return api.mark_read(document_id=document_id)


def load_document_bytes(api: Api, document_id: str) -> bytes:
    """Decrypted in memory only; handed straight to the render lane."""
    return api.document_bytes(document_id)


#: At most this many hits come back; the search screen says when the list was cut.
SEARCH_LIMIT = 100


def search_everywhere(api: Api, query: str) -> list[SearchHit]:
    if not query.strip():
        return []
    return api.search(query, limit=SEARCH_LIMIT)


@dataclass(frozen=True)
class StatusSnapshot:
    sync: SyncStatus
    storage_bytes: int


def read_status(api: Api) -> StatusSnapshot:
    return StatusSnapshot(sync=api.sync_status(), storage_bytes=api.storage_used())


class BookmarkOps:
    """Bookmark verbs bound to one Api, for the viewer (called on the vault lane)."""

    def __init__(self, api: Api) -> None:
        self._api = api

    def list_pages(self, document_id: str) -> list[int]:
        return self._api.list_bookmarks(document_id)

    def set_bookmark(self, document_id: str, page: int, on: bool) -> Changes:
        if on:
            return self._api.add_bookmark(document_id, page)
        return self._api.remove_bookmark(document_id, page)
