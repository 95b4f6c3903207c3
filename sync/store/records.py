"""The one place where SQL over the domain tables lives.

sync.api (the reader's commands and queries) and sync.engine (applying the
server's feed, linking downloads, purging) both call these small functions, so
the schema is spelled out once. Writers take the cursor of a transaction the
caller holds (``with db.transaction() as cur``); readers take anything with a
``query(sql, params)`` method: the vault's Database, or ``CursorReader(cur)``
to read inside a transaction. Everything returned is a sync.model dataclass.

Blob files are not transactional: purge functions NULL the wrapped key inside
the transaction (which alone makes the bytes unreadable: crypto-shredding) and
return the blob ids, which the caller deletes with ``delete_blobs`` after commit.
"""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple, Protocol

from sync import model
from sync.e2e import notes
from sync.errors import ErrorKind, FolioError
from sync.protocol import AnnotationPayload, OpKind, OpPayload, canonical_json

Row = Sequence[Any]

ME = "me"  # author of comments made on this device before enrollment names the member


class Cursor(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Any: ...


class Reader(Protocol):
    def query(self, sql: str, params: Sequence[Any] = ...) -> Sequence[Row]: ...


class BlobDeleter(Protocol):
    def delete(self, blob_id: str) -> None: ...


class CursorReader:
    """Lets the read functions run on a cursor inside a write transaction."""

    def __init__(self, cur: Cursor) -> None:
        self._cur = cur

    def query(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Row]:
        return list(self._cur.execute(sql, tuple(params)).fetchall())


# ---------------------------------------------------------------------------
# small helpers


def now() -> datetime:
    return datetime.now(UTC)


def ts(t: datetime | None) -> str | None:
    if t is None:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.astimezone(UTC).isoformat()


def parse_ts(value: str | None) -> datetime | None:
    if value is None:
        return None
    t = datetime.fromisoformat(value)
    return t if t.tzinfo is not None else t.replace(tzinfo=UTC)


def _req_ts(value: str) -> datetime:
    t = parse_ts(value)
    assert t is not None
    return t


def new_id() -> str:
    return str(uuid.uuid4())


def _one(cur: Cursor, sql: str, params: Sequence[Any] = ()) -> Row | None:
    row: Row | None = cur.execute(sql, tuple(params)).fetchone()
    return row


def delete_blobs(blobs: BlobDeleter, blob_ids: Iterable[str]) -> None:
    """Delete blob files after the purge transaction committed (their keys are already gone)."""
    for blob_id in blob_ids:
        blobs.delete(blob_id)


# ---------------------------------------------------------------------------
# committees, meetings, agenda items, documents


def upsert_committee(cur: Cursor, committee: model.Committee, *, member: bool = True) -> None:
    cur.execute(
        "INSERT INTO committees(id, name, member) VALUES (?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, member = excluded.member",
        (committee.id, committee.name, int(member)),
    )


def upsert_meeting(
    cur: Cursor,
    meeting: model.Meeting,
    *,
    piece_hashes: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """Install a meeting version: committee, meeting row, agenda items and document metadata.

    Items missing from the new version are deleted; documents missing from it are
    marked withdrawn (their bytes are purged by the caller via purge_document).
    Agenda text is (re)indexed for search. Returns the ids of withdrawn documents.
    """
    upsert_committee(cur, meeting.committee)
    cur.execute(
        "INSERT INTO meetings(id, committee_id, title, starts_at, location, language, version,"
        " manifest_version_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET committee_id = excluded.committee_id,"
        " title = excluded.title, starts_at = excluded.starts_at,"
        " location = excluded.location, language = excluded.language,"
        " version = excluded.version, withdrawn = 0,"
        " manifest_version_seen = MAX(manifest_version_seen, excluded.version)",
        (
            meeting.id,
            meeting.committee.id,
            meeting.title,
            ts(meeting.starts_at),
            meeting.location,
            meeting.language,
            meeting.version,
            meeting.version,
        ),
    )
    item_ids = [item.id for item in meeting.items]
    doc_ids = [doc.id for item in meeting.items for doc in item.documents]
    _drop_vanished_items(cur, meeting.id, item_ids)
    withdrawn = [
        r[0]
        for r in cur.execute(
            "SELECT id FROM documents WHERE meeting_id = ? AND withdrawn = 0", (meeting.id,)
        ).fetchall()
        if r[0] not in set(doc_ids)
    ]
    for doc_id in withdrawn:
        cur.execute("UPDATE documents SET withdrawn = 1 WHERE id = ?", (doc_id,))
    _delete_search(cur, "agenda", meeting_id=meeting.id)
    for position, item in enumerate(meeting.items):
        cur.execute(
            "INSERT INTO agenda_items(id, meeting_id, position, number, title, closed, proposal,"
            " needs_decision, decision_deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET meeting_id = excluded.meeting_id,"
            " position = excluded.position, number = excluded.number, title = excluded.title,"
            " closed = excluded.closed, proposal = excluded.proposal,"
            " needs_decision = excluded.needs_decision,"
            " decision_deadline = excluded.decision_deadline",
            (
                item.id,
                meeting.id,
                item.position or position,
                item.number,
                item.title,
                int(item.closed),
                item.proposal,
                int(item.needs_decision),
                ts(item.decision_deadline),
            ),
        )
        _index(
            cur,
            "agenda",
            meeting.id,
            item.id,
            title=f"{item.number} {item.title}",
            body=item.proposal,
        )
        for doc_position, doc in enumerate(item.documents):
            upsert_document(
                cur,
                doc,
                position=doc_position,
                piece_hashes=(piece_hashes or {}).get(doc.id, ()),
            )
    return withdrawn


def _drop_vanished_items(cur: Cursor, meeting_id: str, keep: Sequence[str]) -> None:
    """Items the new manifest no longer lists (removed, or closed to this reader now):
    their comments go with them, not only the item row, so nothing of a closed item
    lingers unattached. Their cases stay, detached (the server withdraws a removed
    item's case; a removal from the committee purges the committee's cases and judges
    a detached one closed). Their documents are the caller's (withdrawn ones are
    purged; one that moved to another item stays).
    """
    for (item_id,) in cur.execute(
        "SELECT id FROM agenda_items WHERE meeting_id = ?", (meeting_id,)
    ).fetchall():
        if item_id in keep:
            continue
        _purge_comments(cur, "item", str(item_id))
        cur.execute("DELETE FROM agenda_items WHERE id = ?", (item_id,))


def upsert_document(
    cur: Cursor,
    doc: model.Document,
    *,
    position: int = 0,
    piece_hashes: Sequence[str] = (),
) -> None:
    """Document identity plus a row for its current version (state 'missing' until linked)."""
    cur.execute(
        "INSERT INTO documents(id, meeting_id, item_id, position, title, filename, closed,"
        " current_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET meeting_id = excluded.meeting_id,"
        " item_id = excluded.item_id, position = excluded.position, title = excluded.title,"
        " filename = excluded.filename, closed = excluded.closed,"
        " current_version = excluded.current_version, withdrawn = 0",
        (
            doc.id,
            doc.meeting_id,
            doc.item_id,
            position,
            doc.title,
            doc.filename,
            int(doc.closed),
            doc.version,
        ),
    )
    existing = _one(
        cur,
        "SELECT sha256 FROM document_versions WHERE document_id = ? AND version = ?",
        (doc.id, doc.version),
    )
    if existing is None:
        cur.execute(
            "INSERT INTO document_versions(document_id, version, sha256, size, piece_hashes,"
            " pages) VALUES (?, ?, ?, ?, ?, ?)",
            (doc.id, doc.version, doc.sha256, doc.size, json.dumps(list(piece_hashes)), doc.pages),
        )
    elif existing[0] != doc.sha256:
        raise FolioError(ErrorKind.PROTOCOL, "a document version changed its hash")
    # Annotations made on an older version wait to be re-anchored.
    cur.execute(
        "UPDATE annotations SET needs_reanchor = 1 WHERE document_id = ? AND document_version < ?",
        (doc.id, doc.version),
    )


def set_document_progress(
    cur: Cursor, document_id: str, version: int, bytes_done: int, *, failed_error: str | None = None
) -> None:
    """Download progress, or FAILED (quarantined, never readable) with a reason without content."""
    state = model.DocumentState.FAILED if failed_error else model.DocumentState.DOWNLOADING
    cur.execute(
        "UPDATE document_versions SET bytes_done = ?, state = ?, error = ?"
        " WHERE document_id = ? AND version = ? AND state != 'verified'",
        (bytes_done, state.value, failed_error, document_id, version),
    )


def link_document_version(
    cur: Cursor, document_id: str, version: int, ref: Any, *, pages: int | None = None
) -> None:
    """Link verified bytes (a vault BlobRef) to a document version: only now is it readable.

    Call only after the bytes were verified against the signed manifest's hash.
    """
    row = _one(
        cur,
        "SELECT size FROM document_versions WHERE document_id = ? AND version = ?",
        (document_id, version),
    )
    if row is None:
        raise FolioError(ErrorKind.NOT_FOUND, "no such document version")
    keep_superseded_pages(cur, document_id, version)  # for re-anchoring (sync/pdf/anchoring.py)
    cur.execute(
        "UPDATE document_versions SET blob_id = ?, blob_key_wrapped = ?, state = 'verified',"
        " error = NULL, bytes_done = size, pages = COALESCE(?, pages)"
        " WHERE document_id = ? AND version = ?",
        (ref.blob_id, bytes(ref.key_wrapped), pages, document_id, version),
    )


class DocumentBlob(NamedTuple):
    """Where a verified, linked document version's encrypted file is, and its wrapped key."""

    blob_id: str
    version: int
    key_wrapped: bytes


def document_blob(
    reader: Reader, document_id: str, version: int | None = None
) -> DocumentBlob | None:
    """The current (or the given) verified, linked version's blob, else None."""
    if version is None:
        rows = reader.query(
            "SELECT v.blob_id, v.blob_key_wrapped, v.version FROM documents d"
            " JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version"
            " WHERE d.id = ? AND v.state = 'verified' AND v.blob_key_wrapped IS NOT NULL",
            (document_id,),
        )
    else:
        rows = reader.query(
            "SELECT blob_id, blob_key_wrapped, version FROM document_versions"
            " WHERE document_id = ? AND version = ? AND state = 'verified'"
            " AND blob_key_wrapped IS NOT NULL",
            (document_id, version),
        )
    if not rows:
        return None
    blob_id, key_wrapped, doc_version = rows[0]
    return DocumentBlob(str(blob_id), int(doc_version), bytes(key_wrapped))


def index_document_text(cur: Cursor, document_id: str, version: int, pages: Sequence[str]) -> None:
    """Replace the search rows of one document version with its text, one row per page."""
    row = _one(cur, "SELECT meeting_id, title FROM documents WHERE id = ?", (document_id,))
    if row is None:
        raise FolioError(ErrorKind.NOT_FOUND, "no such document")
    meeting_id, title = row
    _delete_document_search(cur, document_id, version)
    for page, text in enumerate(pages):
        if text.strip():
            _index(
                cur,
                "document",
                meeting_id,
                f"{document_id}:{version}:{page}",
                title=title,
                body=text,
            )
    cur.execute(
        "UPDATE document_versions SET indexed = 1, pages = COALESCE(pages, ?)"
        " WHERE document_id = ? AND version = ?",
        (len(pages), document_id, version),
    )


def _index(cur: Cursor, kind: str, meeting_id: str, ref: str, *, title: str, body: str) -> None:
    cur.execute(
        "INSERT INTO search_index(kind, meeting_id, ref, title, body) VALUES (?, ?, ?, ?, ?)",
        (kind, meeting_id, ref, title, body),
    )


def _delete_search(
    cur: Cursor, kind: str, *, meeting_id: str | None = None, ref: str | None = None
) -> None:
    if meeting_id is not None:
        cur.execute(
            "DELETE FROM search_index WHERE kind = ? AND meeting_id = ?", (kind, meeting_id)
        )
    if ref is not None:
        cur.execute("DELETE FROM search_index WHERE kind = ? AND ref = ?", (kind, ref))


def _delete_document_search(cur: Cursor, document_id: str, version: int | None) -> None:
    prefix = f"{document_id}:" if version is None else f"{document_id}:{version}:"
    cur.execute(
        "DELETE FROM search_index WHERE kind = 'document' AND substr(ref, 1, ?) = ?",
        (len(prefix), prefix),
    )


# ---------------------------------------------------------------------------
# purge


def purge_document_version(cur: Cursor, document_id: str, version: int) -> list[str]:
    """Crypto-shred one version: NULL its wrapped key, drop its search rows. Returns blob ids."""
    row = _one(
        cur,
        "SELECT blob_id FROM document_versions WHERE document_id = ? AND version = ?",
        (document_id, version),
    )
    if row is None:
        return []
    cur.execute(
        "UPDATE document_versions SET blob_key_wrapped = NULL, blob_id = NULL, state = 'missing',"
        " bytes_done = 0, indexed = 0 WHERE document_id = ? AND version = ?",
        (document_id, version),
    )
    _delete_document_search(cur, document_id, version)
    return [str(row[0])] if row[0] else []


def mark_version_damaged(
    cur: Cursor, document_id: str, version: int, reason: str, *, shred: bool
) -> list[str]:
    """Bytes that no longer authenticate are no longer verified: never readable, fetched again.

    Without ``shred`` the version becomes FAILED with the reason (the download phase
    retries FAILED versions and replaces the blob); with ``shred`` (`folio verify
    --repair`) its key and search rows go now and it is MISSING. Returns blob ids to
    delete after commit.
    """
    blob_ids = purge_document_version(cur, document_id, version) if shred else []
    state = model.DocumentState.MISSING if shred else model.DocumentState.FAILED
    cur.execute(
        "UPDATE document_versions SET state = ?, error = ? WHERE document_id = ? AND version = ?",
        (state.value, f"damaged on this device: {reason}", document_id, version),
    )
    return blob_ids


def purge_document(cur: Cursor, document_id: str) -> list[str]:
    """Remove a document entirely: every version's key, its text, the reader's notes on it."""
    blob_ids: list[str] = []
    for (version,) in cur.execute(
        "SELECT version FROM document_versions WHERE document_id = ?", (document_id,)
    ).fetchall():
        blob_ids += purge_document_version(cur, document_id, int(version))
    _delete_document_search(cur, document_id, None)
    # Answered annotation ops no longer need their content (the server has it);
    # unanswered ones keep it so nothing the reader wrote is lost before it is sent.
    cur.execute(
        "UPDATE ops SET payload = json_object('annotation_id',"
        " json_extract(payload, '$.annotation_id'), 'redacted', json('true'))"
        " WHERE kind IN (?, ?) AND state IN ('confirmed', 'rejected')"
        " AND json_extract(payload, '$.annotation_id') IN"
        " (SELECT id FROM annotations WHERE document_id = ?)",
        (str(OpKind.ANNOTATION_PUT), str(OpKind.ANNOTATION_DELETE), document_id),
    )
    cur.execute(
        "UPDATE ops SET payload = json_object('bookmark_id',"
        " json_extract(payload, '$.bookmark_id'), 'redacted', json('true'))"
        " WHERE kind = ? AND state IN ('confirmed', 'rejected')"
        " AND json_extract(payload, '$.document_id') = ?",
        (str(OpKind.BOOKMARK_SEALED), document_id),
    )
    for (annotation_id,) in cur.execute(
        "SELECT id FROM annotations WHERE document_id = ?", (document_id,)
    ).fetchall():
        _delete_search(cur, "note", ref=annotation_id)
        cur.execute(
            "DELETE FROM comments WHERE target_kind = 'annotation' AND target_id = ?",
            (annotation_id,),
        )
    cur.execute("DELETE FROM annotations WHERE document_id = ?", (document_id,))
    cur.execute("DELETE FROM bookmarks WHERE document_id = ?", (document_id,))
    cur.execute("DELETE FROM document_versions WHERE document_id = ?", (document_id,))
    cur.execute("DELETE FROM documents WHERE id = ?", (document_id,))
    return blob_ids


def purge_old_versions(cur: Cursor, document_id: str) -> list[str]:
    """Shred every linked version older than the current one (after a replacement)."""
    blob_ids: list[str] = []
    for (version,) in cur.execute(
        "SELECT v.version FROM document_versions v JOIN documents d ON d.id = v.document_id"
        " WHERE d.id = ? AND v.version < d.current_version AND v.blob_id IS NOT NULL",
        (document_id,),
    ).fetchall():
        blob_ids += purge_document_version(cur, document_id, int(version))
    return blob_ids


def _purge_item(cur: Cursor, item_id: str) -> list[str]:
    blob_ids: list[str] = []
    for (doc_id,) in cur.execute(
        "SELECT id FROM documents WHERE item_id = ?", (item_id,)
    ).fetchall():
        blob_ids += purge_document(cur, str(doc_id))
    _purge_comments(cur, "item", item_id)
    for (case_id,) in cur.execute("SELECT id FROM cases WHERE item_id = ?", (item_id,)).fetchall():
        # Withdrawal and retention keep the reader's decisions (history); a removal
        # from the committee purged closed cases and their decisions before this.
        _purge_case(cur, str(case_id), closed=False)
    _delete_search(cur, "agenda", ref=item_id)
    cur.execute("DELETE FROM agenda_items WHERE id = ?", (item_id,))
    return blob_ids


def purge_meeting(cur: Cursor, meeting_id: str) -> list[str]:
    """Remove a meeting and everything of it (retention, withdrawal). Ops stay: never silent."""
    blob_ids: list[str] = []
    for (item_id,) in cur.execute(
        "SELECT id FROM agenda_items WHERE meeting_id = ?", (meeting_id,)
    ).fetchall():
        blob_ids += _purge_item(cur, str(item_id))
    for (doc_id,) in cur.execute(
        "SELECT id FROM documents WHERE meeting_id = ?", (meeting_id,)
    ).fetchall():
        blob_ids += purge_document(cur, str(doc_id))
    for (case_id,) in cur.execute(
        "SELECT id FROM cases WHERE meeting_id = ?", (meeting_id,)
    ).fetchall():
        _note_case_scope(cur, str(case_id))
        cur.execute("DELETE FROM comments WHERE target_kind = 'case' AND target_id = ?", (case_id,))
        cur.execute("DELETE FROM cases WHERE id = ?", (case_id,))
    cur.execute("DELETE FROM search_index WHERE meeting_id = ?", (meeting_id,))
    cur.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
    return blob_ids


_OWN_COMMENTS = "SELECT json_extract(payload, '$.comment_id') FROM ops WHERE kind = 'comment.add'"
#: Comments this device did not write (server material).
OTHERS_COMMENTS = f"SELECT id FROM comments WHERE id NOT IN ({_OWN_COMMENTS})"  # noqa: S608


def drop_server_comment(cur: Cursor, comment_id: str) -> None:
    """A restored server no longer serves a colleague's comment: drop it (never one of
    the reader's own: the outbox has those)."""
    cur.execute(
        f"DELETE FROM comments WHERE id = ? AND id NOT IN ({_OWN_COMMENTS})",  # noqa: S608
        (comment_id,),
    )


def drop_server_case(cur: Cursor, case_id: str) -> None:
    """A restored server no longer serves this case: drop it and others' comments on
    it; the reader's own comments and decisions stay (the outbox still has them)."""
    cur.execute(
        "DELETE FROM comments WHERE target_kind = 'case' AND target_id = ?"  # noqa: S608
        f" AND id NOT IN ({_OWN_COMMENTS})",
        (case_id,),
    )
    _note_case_scope(cur, case_id)
    cur.execute("DELETE FROM cases WHERE id = ?", (case_id,))


def drop_server_meeting(cur: Cursor, meeting_id: str) -> list[str]:
    """A restored server no longer serves this meeting (a resync from zero did not put
    it again): drop what the server owns of it, keep what the reader made.

    Unlike ``purge_meeting`` (withdrawal, retention), the reader's annotations,
    bookmarks, own comments and decisions stay: a restore is no reason to lose them,
    and they attach again if the meeting is published once more. Returns blob ids.
    """
    blob_ids: list[str] = []
    for (doc_id,) in cur.execute(
        "SELECT id FROM documents WHERE meeting_id = ?", (meeting_id,)
    ).fetchall():
        for (version,) in cur.execute(
            "SELECT version FROM document_versions WHERE document_id = ?", (doc_id,)
        ).fetchall():
            blob_ids += purge_document_version(cur, str(doc_id), int(version))
        _delete_document_search(cur, str(doc_id), None)
        cur.execute("DELETE FROM document_versions WHERE document_id = ?", (doc_id,))
        cur.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    for (case_id,) in cur.execute(
        "SELECT id FROM cases WHERE meeting_id = ?", (meeting_id,)
    ).fetchall():
        drop_server_case(cur, str(case_id))
    cur.execute(
        "DELETE FROM comments WHERE target_kind = 'item'"  # noqa: S608
        f" AND target_id IN (SELECT id FROM agenda_items WHERE meeting_id = ?)"
        f" AND id NOT IN ({_OWN_COMMENTS})",
        (meeting_id,),
    )
    cur.execute("DELETE FROM search_index WHERE meeting_id = ? AND kind != 'note'", (meeting_id,))
    cur.execute("DELETE FROM agenda_items WHERE meeting_id = ?", (meeting_id,))
    cur.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
    return blob_ids


def purge_closed_of_committee(cur: Cursor, committee_id: str) -> list[str]:
    """The reader left the committee: everything only its members may see goes.

    Closed items with their documents, comments and search rows; closed documents
    with the notes on them and the comments on those notes; every case of the
    committee's meetings (the server shows meeting cases to members only) with
    its comments; the reader's decisions on closed cases, and the content of
    answered ops that carried any of it. Open items, their documents, comments
    and the reader's notes on them stay, as do decisions on open cases (history).
    Unanswered ops stay whole: nothing the reader did is lost before the server
    answers it. Entries parked in the feed quarantine for these meetings go too.
    """
    blob_ids: list[str] = []
    meetings = [
        str(r[0])
        for r in cur.execute(
            "SELECT id FROM meetings WHERE committee_id = ?", (committee_id,)
        ).fetchall()
    ]
    for meeting_id in meetings:
        for (case_id,) in cur.execute(
            "SELECT c.id FROM cases c LEFT JOIN agenda_items i ON i.id = c.item_id"
            " WHERE c.meeting_id = ?",
            (meeting_id,),
        ).fetchall():
            _purge_case(cur, str(case_id), closed=_case_is_closed(cur, str(case_id)))
        for (item_id,) in cur.execute(
            "SELECT id FROM agenda_items WHERE meeting_id = ? AND closed = 1", (meeting_id,)
        ).fetchall():
            blob_ids += _purge_item(cur, str(item_id))
        for (doc_id,) in cur.execute(
            "SELECT id FROM documents WHERE meeting_id = ? AND closed = 1", (meeting_id,)
        ).fetchall():
            blob_ids += purge_document(cur, str(doc_id))
    # The reader's decisions on the committee's cases go with the access (decision 17):
    # those on closed cases name confidential material, and one on an open case would
    # keep its title if the item is closed later, which nothing tells this device any
    # more (found by the model test's long run). The server keeps them; an unanswered
    # one stays until its answer (then _forget_refused_decision).
    _drop_committee_decisions(cur, committee_id)
    _drop_parked_of_meetings(cur, meetings)
    cur.execute("UPDATE committees SET member = 0 WHERE id = ?", (committee_id,))
    return blob_ids


def _drop_committee_decisions(cur: Cursor, committee_id: str) -> None:
    ids = [
        str(r[0])
        for r in cur.execute(
            "SELECT id FROM approvals WHERE committee_id = ? AND id NOT IN"
            " (SELECT id FROM ops WHERE state IN ('waiting', 'sent'))",
            (committee_id,),
        ).fetchall()
    ]
    _redact_answered_ops(cur, OpKind.APPROVAL_DECIDE, "approval_id", ids)
    cur.executemany("DELETE FROM approvals WHERE id = ?", [(i,) for i in ids])


def _forget_refused_decision(cur: Cursor, approval_id: str) -> None:
    """A decision the server refused on a committee the reader has left: it was kept
    only until its answer (nothing lost before it was sent); now it goes like the rest."""
    row = _one(
        cur,
        "SELECT a.committee_id FROM approvals a JOIN committees c ON c.id = a.committee_id"
        " WHERE a.id = ? AND c.member = 0",
        (approval_id,),
    )
    if row is not None:
        _redact_answered_ops(cur, OpKind.APPROVAL_DECIDE, "approval_id", [approval_id])
        cur.execute("DELETE FROM approvals WHERE id = ?", (approval_id,))


def _case_is_closed(cur: Cursor, case_id: str) -> bool:
    """Closed when marked so, when its item is closed, or when its item is not here
    (an item a non-member cannot see is a closed one)."""
    row = _one(
        cur,
        "SELECT c.closed, c.item_id, i.closed FROM cases c"
        " LEFT JOIN agenda_items i ON i.id = c.item_id WHERE c.id = ?",
        (case_id,),
    )
    if row is None:
        return False
    return bool(row[0]) or bool(row[2]) or (row[1] is None or row[2] is None)


def _note_case_scope(cur: Cursor, case_id: str) -> None:
    """Before a case leaves the device, its decisions take its last known committee and
    closed state with them, so a later removal from the committee still finds them."""
    cur.execute(
        "UPDATE approvals SET closed = ?, committee_id = COALESCE((SELECT m.committee_id"
        " FROM cases c JOIN meetings m ON m.id = c.meeting_id WHERE c.id = ?), committee_id)"
        " WHERE case_id = ? AND EXISTS (SELECT 1 FROM cases WHERE id = ? AND meeting_id"
        " IS NOT NULL)",
        (int(_case_is_closed(cur, case_id)), case_id, case_id, case_id),
    )


def _redact_answered_ops(cur: Cursor, kind: OpKind, key: str, ids: Sequence[str]) -> None:
    """Answered ops keep their id and answer but no longer their content (the server
    has it); unanswered ones keep it so nothing is lost before it is sent."""
    for value in ids:
        cur.execute(
            "UPDATE ops SET payload = json_object(?, json_extract(payload, ?),"
            " 'redacted', json('true'))"
            " WHERE kind = ? AND state IN ('confirmed', 'rejected')"
            " AND json_extract(payload, ?) = ?",
            (key, f"$.{key}", str(kind), f"$.{key}", value),
        )


def _purge_comments(cur: Cursor, target_kind: str, target_id: str) -> None:
    ids = [
        str(r[0])
        for r in cur.execute(
            "SELECT id FROM comments WHERE target_kind = ? AND target_id = ?",
            (target_kind, target_id),
        ).fetchall()
    ]
    _redact_answered_ops(cur, OpKind.COMMENT_ADD, "comment_id", ids)
    cur.execute(
        "DELETE FROM comments WHERE target_kind = ? AND target_id = ?", (target_kind, target_id)
    )


def _purge_case(cur: Cursor, case_id: str, *, closed: bool) -> None:
    """A case leaves the device with its comments; the reader's decisions on it too
    when it was closed (their receipts name confidential material)."""
    _note_case_scope(cur, case_id)
    _purge_comments(cur, "case", case_id)
    if closed:
        ids = [
            str(r[0]) for r in cur.execute("SELECT id FROM approvals WHERE case_id = ?", (case_id,))
        ]
        _redact_answered_ops(cur, OpKind.APPROVAL_DECIDE, "approval_id", ids)
        cur.execute(
            "DELETE FROM approvals WHERE case_id = ? AND id NOT IN"
            " (SELECT id FROM ops WHERE state IN ('waiting', 'sent'))",
            (case_id,),
        )
    cur.execute("DELETE FROM cases WHERE id = ?", (case_id,))


def expired_meetings(reader: Reader, before: datetime) -> list[str]:
    return [
        str(r[0])
        for r in reader.query("SELECT id FROM meetings WHERE starts_at < ?", (ts(before),))
    ]


# ---------------------------------------------------------------------------
# queries: meetings, documents


_DOC_COLUMNS = (
    "d.id, d.meeting_id, d.item_id, d.title, d.filename, d.current_version, v.sha256, v.size,"
    " v.state, d.closed, v.pages, v.indexed, d.last_read_version, d.withdrawn, v.bytes_done"
)
_DOC_FROM = (
    " FROM documents d JOIN document_versions v"
    " ON v.document_id = d.id AND v.version = d.current_version"
)


def _document(row: Row) -> model.Document:
    state = model.DocumentState(row[8])
    if row[13]:
        state = model.DocumentState.WITHDRAWN
    return model.Document(
        id=row[0],
        meeting_id=row[1],
        item_id=row[2],
        title=row[3],
        filename=row[4],
        version=int(row[5]),
        sha256=row[6],
        size=int(row[7]),
        state=state,
        closed=bool(row[9]),
        pages=None if row[10] is None else int(row[10]),
        indexed=bool(row[11]),
        changed_since_read=0 < int(row[12]) < int(row[5]),
        unread=int(row[12]) == 0,
    )


def get_document(reader: Reader, document_id: str) -> model.Document:
    rows = reader.query(f"SELECT {_DOC_COLUMNS}{_DOC_FROM} WHERE d.id = ?", (document_id,))
    if not rows:
        raise FolioError(ErrorKind.NOT_FOUND, "no such document")
    return _document(rows[0])


def list_documents(reader: Reader, meeting_id: str | None = None) -> list[model.Document]:
    if meeting_id is None:
        rows = reader.query(f"SELECT {_DOC_COLUMNS}{_DOC_FROM} ORDER BY d.meeting_id, d.position")
    else:
        rows = reader.query(
            f"SELECT {_DOC_COLUMNS}{_DOC_FROM} WHERE d.meeting_id = ? ORDER BY d.position",
            (meeting_id,),
        )
    return [_document(r) for r in rows]


def list_document_versions(reader: Reader, document_id: str) -> list[model.DocumentVersion]:
    return [
        model.DocumentVersion(
            document_id=r[0], version=int(r[1]), sha256=r[2], size=int(r[3]), pages=r[4]
        )
        for r in reader.query(
            "SELECT document_id, version, sha256, size, pages FROM document_versions"
            " WHERE document_id = ? ORDER BY version",
            (document_id,),
        )
    ]


def _pack_state(docs: Sequence[model.Document], bytes_done: int) -> model.PackState:
    live = [d for d in docs if d.state is not model.DocumentState.WITHDRAWN]
    if any(d.state is model.DocumentState.FAILED for d in live):
        return model.PackState.FAILED
    if all(d.state is model.DocumentState.VERIFIED for d in live):
        return model.PackState.READY
    if bytes_done > 0 or any(d.state is model.DocumentState.DOWNLOADING for d in live):
        return model.PackState.DOWNLOADING
    return model.PackState.NOT_DOWNLOADED


_MEETING_COLUMNS = (
    "m.id, m.committee_id, c.name, m.title, m.starts_at, m.location, m.version,"
    " m.last_read_version, m.language"
)


def _meeting(reader: Reader, row: Row, items: tuple[model.AgendaItem, ...] = ()) -> model.Meeting:
    doc_rows = reader.query(
        f"SELECT {_DOC_COLUMNS}{_DOC_FROM} WHERE d.meeting_id = ? AND d.withdrawn = 0",
        (row[0],),
    )
    docs = [_document(r) for r in doc_rows]
    bytes_total = sum(d.size for d in docs)
    bytes_done = sum(
        d.size if d.state is model.DocumentState.VERIFIED else int(r[14])
        for d, r in zip(docs, doc_rows, strict=True)
    )
    version, last_read = int(row[6]), int(row[7])
    # Only a document the reader opened before (last_read_version > 0) can have changed.
    doc_changed = any(0 < int(r[12]) < int(r[5]) for r in doc_rows)
    return model.Meeting(
        id=row[0],
        committee=model.Committee(id=row[1], name=row[2]),
        title=row[3],
        starts_at=_req_ts(row[4]),
        location=row[5],
        version=version,
        pack_state=_pack_state(docs, bytes_done),
        items=items,
        bytes_total=bytes_total,
        bytes_done=bytes_done,
        changed_since_read=(0 < last_read < version) or doc_changed,
        language=row[8],
        unread=last_read == 0,
    )


def list_meetings(reader: Reader, committee_id: str | None = None) -> list[model.Meeting]:
    """Meetings by start time (the UI splits upcoming and past at now), without items."""
    sql = (
        f"SELECT {_MEETING_COLUMNS} FROM meetings m JOIN committees c ON c.id = m.committee_id"  # noqa: S608
        " WHERE m.withdrawn = 0"
    )
    params: tuple[Any, ...] = ()
    if committee_id is not None:
        sql += " AND m.committee_id = ?"
        params = (committee_id,)
    return [_meeting(reader, r) for r in reader.query(sql + " ORDER BY m.starts_at", params)]


def get_meeting(reader: Reader, meeting_id: str) -> model.Meeting:
    rows = reader.query(
        f"SELECT {_MEETING_COLUMNS} FROM meetings m JOIN committees c ON c.id = m.committee_id"  # noqa: S608
        " WHERE m.id = ?",
        (meeting_id,),
    )
    if not rows:
        raise FolioError(ErrorKind.NOT_FOUND, "no such meeting")
    docs = [
        _document(r)
        for r in reader.query(
            f"SELECT {_DOC_COLUMNS}{_DOC_FROM} WHERE d.meeting_id = ? ORDER BY d.position",
            (meeting_id,),
        )
    ]
    items = tuple(
        model.AgendaItem(
            id=r[0],
            meeting_id=meeting_id,
            number=r[1],
            title=r[2],
            closed=bool(r[3]),
            proposal=r[4],
            needs_decision=bool(r[5]),
            decision_deadline=parse_ts(r[6]),
            position=int(r[7]),
            documents=tuple(d for d in docs if d.item_id == r[0]),
        )
        for r in reader.query(
            "SELECT id, number, title, closed, proposal, needs_decision, decision_deadline,"
            " position FROM agenda_items WHERE meeting_id = ? ORDER BY position",
            (meeting_id,),
        )
    )
    return _meeting(reader, rows[0], items)


def list_committees(reader: Reader) -> list[model.Committee]:
    return [
        model.Committee(id=r[0], name=r[1])
        for r in reader.query("SELECT id, name FROM committees ORDER BY name")
    ]


def mark_meeting_read(cur: Cursor, meeting_id: str) -> bool:
    cur.execute("UPDATE meetings SET last_read_version = version WHERE id = ?", (meeting_id,))
    return _one(cur, "SELECT 1 FROM meetings WHERE id = ?", (meeting_id,)) is not None


def mark_document_read(cur: Cursor, document_id: str) -> int | None:
    """Returns the version now marked read, or None for an unknown document."""
    cur.execute(
        "UPDATE documents SET last_read_version = current_version WHERE id = ?", (document_id,)
    )
    row = _one(cur, "SELECT current_version FROM documents WHERE id = ?", (document_id,))
    return None if row is None else int(row[0])


def counts(reader: Reader) -> dict[str, int]:
    def n(sql: str) -> int:
        return int(reader.query(sql)[0][0])

    return {
        "meetings": n("SELECT count(*) FROM meetings WHERE withdrawn = 0"),
        "documents": n("SELECT count(*) FROM documents WHERE withdrawn = 0"),
        "documents_verified": n(
            "SELECT count(*) FROM documents d JOIN document_versions v ON v.document_id = d.id"
            " AND v.version = d.current_version WHERE v.state = 'verified' AND d.withdrawn = 0"
        ),
        "annotations": n("SELECT count(*) FROM annotations WHERE deleted = 0"),
        "comments": n("SELECT count(*) FROM comments"),
        "cases_open": n("SELECT count(*) FROM cases WHERE status = 'open'"),
        "ops_waiting": n("SELECT count(*) FROM ops WHERE state IN ('waiting', 'sent')"),
        "ops_rejected": n("SELECT count(*) FROM ops WHERE state = 'rejected'"),
    }


# ---------------------------------------------------------------------------
# outbox


def add_op(cur: Cursor, payload: OpPayload, *, op_id: str | None = None) -> str:
    """Queue one op. Call inside the transaction that writes the change the op carries.

    The op's kind is the payload's class (``KIND``), and the stored payload is its
    ``to_json()``, checked first by parsing it back with the class's ``from_json`` (the
    server's own check): a payload the server would refuse for good is refused here,
    as BAD_INPUT, before anything is stored. A private annotation is sealed here, as
    its op is made (docs/spec/e2e-notes.md); on a device without the notes key yet it
    waits unsealed and push holds it back.
    """
    kind = type(payload).KIND
    body = payload.to_json()
    try:
        type(payload).from_json(body)
    except FolioError as exc:
        raise FolioError(ErrorKind.BAD_INPUT, f"{kind} payload refused: {exc.detail}") from exc
    op_id = op_id or new_id()
    sealed = notes.seal_op(cur, str(kind), body, op_id)
    cur.execute(
        "INSERT INTO ops(id, kind, payload, created_at) VALUES (?, ?, ?, ?)",
        (op_id, str(kind), canonical_json(sealed).decode("utf-8"), ts(now())),
    )
    return op_id


def _op(row: Row) -> model.Op:
    return model.Op(
        id=row[0],
        kind=row[1],
        payload=json.loads(row[2]),
        created_at=_req_ts(row[3]),
        state=model.OpState(row[4]),
        reason=row[5],
        attempts=int(row[6]),
    )


_OP_COLUMNS = "id, kind, payload, created_at, state, reason, attempts"


def pending_ops(reader: Reader, limit: int = 100) -> list[model.Op]:
    """Ops without an answer, oldest first (waiting, or sent with no answer yet).

    A private annotation not sealed yet (this device has no notes key) stays, and so
    does every later op on the same mark: nothing private leaves in the clear, and
    no delete overtakes the mark it deletes. So does a bookmark not sealed yet
    (sync/store/bookmarks.py); all of them are sealed at once when the key comes.
    """
    return [
        _op(r)
        for r in reader.query(
            f"SELECT {_OP_COLUMNS} FROM ops WHERE state IN ('waiting', 'sent')"  # noqa: S608
            " AND NOT (kind IN (?, ?) AND json_extract(payload, '$.annotation_id') IN"
            " (SELECT json_extract(payload, '$.annotation_id') FROM ops"
            "  WHERE state IN ('waiting', 'sent') AND kind = ?"
            "  AND json_extract(payload, '$.visibility') = 'private'))"
            " AND NOT (kind = ? AND json_extract(payload, '$.sealed') IS NULL)"
            " ORDER BY seq LIMIT ?",
            (
                str(OpKind.ANNOTATION_PUT),
                str(OpKind.ANNOTATION_DELETE),
                str(OpKind.ANNOTATION_PUT),
                str(OpKind.BOOKMARK_SEALED),
                limit,
            ),
        )
    ]


def list_ops(reader: Reader, state: model.OpState | None = None) -> list[model.Op]:
    if state is None:
        rows = reader.query(f"SELECT {_OP_COLUMNS} FROM ops ORDER BY seq")  # noqa: S608
    else:
        rows = reader.query(
            f"SELECT {_OP_COLUMNS} FROM ops WHERE state = ? ORDER BY seq",  # noqa: S608
            (state.value,),
        )
    return [_op(r) for r in rows]


def mark_ops_sent(cur: Cursor, op_ids: Sequence[str]) -> None:
    for op_id in op_ids:
        cur.execute(
            "UPDATE ops SET state = 'sent', attempts = attempts + 1"
            " WHERE id = ? AND state IN ('waiting', 'sent')",
            (op_id,),
        )


def record_answer(
    cur: Cursor,
    op_id: str,
    state: model.OpState,
    answer: Mapping[str, Any],
    *,
    reason: str | None = None,
    receipt_id: str | None = None,
    revision: int | None = None,
    answered_at: datetime | None = None,
) -> None:
    """Store the server's answer to an op verbatim; the op row is kept forever.

    An approval op's receipt and an annotation op's new server revision are
    written to their rows in the same transaction.
    """
    if state not in (model.OpState.CONFIRMED, model.OpState.REJECTED):
        raise ValueError("an answer confirms or rejects")
    when = ts(answered_at or now())
    row = _one(cur, "SELECT kind, payload FROM ops WHERE id = ?", (op_id,))
    if row is None:
        raise FolioError(ErrorKind.NOT_FOUND, "answer for an unknown op")
    cur.execute(
        "UPDATE ops SET state = ?, answer = ?, reason = ?, answered_at = ? WHERE id = ?",
        (state.value, canonical_json(dict(answer)).decode("utf-8"), reason, when, op_id),
    )
    kind, payload = row[0], json.loads(row[1])
    if kind == OpKind.APPROVAL_DECIDE and state is model.OpState.CONFIRMED:
        cur.execute(
            "UPDATE approvals SET confirmed_at = ?, receipt_id = ? WHERE id = ?",
            (when, receipt_id, op_id),
        )
        cur.execute(
            "UPDATE cases SET status = 'decided', my_decision = ?, my_approval_id = ?"
            " WHERE id = ? AND status != 'withdrawn'",
            (payload.get("decision"), op_id, payload.get("case_id")),
        )
    if kind == OpKind.APPROVAL_DECIDE and state is model.OpState.REJECTED:
        _forget_refused_decision(cur, op_id)
    if kind == OpKind.ANNOTATION_PUT and revision is not None:
        cur.execute(
            "UPDATE annotations SET revision = MAX(revision, ?) WHERE id = ?",
            (revision, payload.get("annotation_id")),
        )
    if kind == OpKind.BOOKMARK_SEALED and revision is not None:
        # an older feed entry of this bookmark (another tablet's) no longer applies
        cur.execute(
            "UPDATE bookmarks SET revision = MAX(revision, ?) WHERE bookmark_id = ?",
            (revision, payload.get("bookmark_id")),
        )


# ---------------------------------------------------------------------------
# annotations


def annotation_payload(ann: model.Annotation) -> AnnotationPayload:
    """The annotation.put payload of an annotation as this device holds it."""
    return AnnotationPayload(
        annotation_id=ann.id,
        document_id=ann.document_id,
        document_version=ann.document_version,
        page=ann.page,
        kind=ann.kind.value,
        color=ann.color,
        visibility=ann.visibility,
        rects=tuple(list(r) for r in ann.rects),
        strokes=tuple([list(p) for p in s] for s in ann.strokes),
        text=ann.text,
        quote=None
        if ann.quote is None
        else {"exact": ann.quote.exact, "prefix": ann.quote.prefix, "suffix": ann.quote.suffix},
        base_revision=ann.revision,
    )


def _geometry(ann: model.Annotation) -> str:
    return json.dumps(
        {
            "rects": [list(r) for r in ann.rects],
            "strokes": [[list(p) for p in s] for s in ann.strokes],
        }
    )


def _quote_json(quote: model.Quote | None) -> str | None:
    if quote is None:
        return None
    return json.dumps({"exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix})


def _annotation(row: Row) -> model.Annotation:
    geometry = json.loads(row[6])
    quote = json.loads(row[8]) if row[8] else None
    return model.Annotation(
        id=row[0],
        document_id=row[1],
        document_version=int(row[2]),
        page=int(row[3]),
        kind=model.AnnotationKind(row[4]),
        color=row[5],
        rects=tuple(
            (float(r[0]), float(r[1]), float(r[2]), float(r[3])) for r in geometry.get("rects", [])
        ),
        strokes=tuple(
            tuple((float(p[0]), float(p[1]), float(p[2])) for p in s)
            for s in geometry.get("strokes", [])
        ),
        text=row[7],
        quote=None if quote is None else model.Quote(**quote),
        visibility=model.Visibility(row[9]),
        created_at=parse_ts(row[10]),
        updated_at=parse_ts(row[11]),
        revision=int(row[12]),
        deleted=bool(row[13]),
        needs_review=bool(row[14]),
        needs_reanchor=bool(row[15]),
        author=row[16],
    )


_ANN_COLUMNS = (
    "id, document_id, document_version, page, kind, color, geometry, body, quote, visibility,"
    " created_at, updated_at, revision, deleted, needs_review, needs_reanchor, author"
)


def get_annotation(reader: Reader, annotation_id: str) -> model.Annotation:
    rows = reader.query(f"SELECT {_ANN_COLUMNS} FROM annotations WHERE id = ?", (annotation_id,))  # noqa: S608
    if not rows:
        raise FolioError(ErrorKind.NOT_FOUND, "no such annotation")
    return _annotation(rows[0])


def reseal_private_annotations(cur: Cursor) -> int:
    """The upgrade (docs/spec/e2e-notes.md): the reader's private marks that reached
    the server in the clear (an older app sent them) go up again, sealed by add_op;
    the server then drops their plaintext. Marks with an op still waiting are sealed
    by that op. Returns how many were queued."""
    waiting = {
        str(v)
        for (v,) in cur.execute(
            "SELECT json_extract(payload, '$.annotation_id') FROM ops"
            " WHERE state IN ('waiting', 'sent')"
        ).fetchall()
    }
    rows = cur.execute(
        f"SELECT {_ANN_COLUMNS} FROM annotations"  # noqa: S608
        " WHERE author IS NULL AND deleted = 0 AND visibility = 'private' AND revision > 0"
    ).fetchall()
    queued = 0
    for row in rows:
        ann = _annotation(row)
        if ann.id in waiting:
            continue
        add_op(cur, annotation_payload(ann))
        queued += 1
    return queued


def list_annotations(
    reader: Reader, document_id: str, *, include_deleted: bool = False
) -> list[model.Annotation]:
    sql = f"SELECT {_ANN_COLUMNS} FROM annotations WHERE document_id = ?"  # noqa: S608
    if not include_deleted:
        sql += " AND deleted = 0"
    return [
        _annotation(r) for r in reader.query(sql + " ORDER BY page, created_at", (document_id,))
    ]


def _index_note(cur: Cursor, ann: model.Annotation) -> None:
    _delete_search(cur, "note", ref=ann.id)
    if ann.deleted or not ann.text.strip() or ann.author is not None:
        return  # search finds the reader's own notes; a colleague's stay on the page
    row = _one(cur, "SELECT meeting_id, title FROM documents WHERE id = ?", (ann.document_id,))
    if row is not None:
        _index(cur, "note", row[0], ann.id, title=row[1], body=ann.text)


def save_annotation(cur: Cursor, ann: model.Annotation) -> None:
    """Insert or replace the local row of an annotation (and its note text in search)."""
    cur.execute(
        f"INSERT OR REPLACE INTO annotations({_ANN_COLUMNS})"  # noqa: S608
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ann.id,
            ann.document_id,
            ann.document_version,
            ann.page,
            ann.kind.value,
            ann.color,
            _geometry(ann),
            ann.text,
            _quote_json(ann.quote),
            ann.visibility.value,
            ts(ann.created_at or now()),
            ts(ann.updated_at or now()),
            ann.revision,
            int(ann.deleted),
            int(ann.needs_review),
            int(ann.needs_reanchor),
            ann.author,
        ),
    )
    _index_note(cur, ann)


def upsert_annotation_from_server(cur: Cursor, ann: model.Annotation) -> bool:
    """Merge the reader's annotation from another device, by server revision.

    Applies only when the server's revision is newer than the one merged here, so
    replaying a feed page changes nothing. A deletion arrives as ``deleted=True``
    (a tombstone). Returns whether anything changed.
    """
    row = _one(cur, "SELECT revision FROM annotations WHERE id = ?", (ann.id,))
    if row is not None and int(row[0]) >= ann.revision:
        return False
    if row is None and ann.deleted:
        return False  # a tombstone for something never seen here: nothing to do
    if ann.deleted and row is not None:
        cur.execute(
            "UPDATE annotations SET deleted = 1, body = '', geometry = '{}', quote = NULL,"
            " revision = ?, updated_at = ? WHERE id = ?",
            (ann.revision, ts(ann.updated_at or now()), ann.id),
        )
        _delete_search(cur, "note", ref=ann.id)
        return True
    save_annotation(cur, ann)
    return True


def forget_annotation_revisions(cur: Cursor) -> None:
    """The server was restored: its revisions of the reader's marks start again below
    the ones merged here, so every revision it serves from now on is the newer one.

    Without this a second tablet ignored the restored server's newer state of a mark
    (a lower number) and then re-anchored its stale copy over it (found by tests/model:
    a note unshared on one tablet came back shared from the other).
    """
    cur.execute("UPDATE annotations SET revision = 0 WHERE author IS NULL")


def put_shared_annotation(cur: Cursor, ann: model.Annotation) -> bool:
    """Store a colleague's shared mark as the server rendered it now (``ann.author`` set).

    The server renders these from the mark's current state whenever it serves the
    feed, so the newest entry is always the truth; never over one of the reader's own.
    """
    row = _one(cur, "SELECT author FROM annotations WHERE id = ?", (ann.id,))
    if row is not None and row[0] is None:
        return False
    save_annotation(cur, ann)
    return True


def drop_shared_annotation(cur: Cursor, annotation_id: str) -> None:
    """A colleague's mark left this reader's sight (unshared, deleted, access gone): delete it.

    No tombstone is kept: the mark may come back at the same revision when access
    returns, and nothing of this reader's depends on it.
    """
    cur.execute("DELETE FROM annotations WHERE id = ? AND author IS NOT NULL", (annotation_id,))


def tombstone_annotation(cur: Cursor, annotation_id: str) -> None:
    """Delete locally as a tombstone: the row stays (so the delete syncs) without its content."""
    cur.execute(
        "UPDATE annotations SET deleted = 1, body = '', geometry = '{}', quote = NULL,"
        " updated_at = ? WHERE id = ?",
        (ts(now()), annotation_id),
    )
    _delete_search(cur, "note", ref=annotation_id)


# ---------------------------------------------------------------------------
# comments


def insert_comment(cur: Cursor, comment: model.Comment) -> None:
    cur.execute(
        "INSERT OR IGNORE INTO comments(id, target_kind, target_id, parent_id, body, author,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            comment.id,
            comment.target_kind,
            comment.target_id,
            comment.parent_id,
            comment.body,
            comment.author,
            ts(comment.created_at),
        ),
    )


def list_comments(reader: Reader, target_kind: str, target_id: str) -> list[model.Comment]:
    """Comments on one target, oldest first; the reader's own carry their op's state."""
    return [
        model.Comment(
            id=r[0],
            target_kind=r[1],
            target_id=r[2],
            parent_id=r[3],
            body=r[4],
            author=r[5],
            created_at=_req_ts(r[6]),
            state=model.OpState(r[7]) if r[7] else model.OpState.CONFIRMED,
            reason=r[8],
        )
        for r in reader.query(
            "SELECT c.id, c.target_kind, c.target_id, c.parent_id, c.body, c.author, c.created_at,"
            " o.state, o.reason FROM comments c LEFT JOIN ops o ON o.id = c.id"
            " WHERE c.target_kind = ? AND c.target_id = ? ORDER BY c.created_at, c.id",
            (target_kind, target_id),
        )
    ]


def target_exists(reader: Reader, target_kind: str, target_id: str) -> bool:
    table = {"item": "agenda_items", "case": "cases", "annotation": "annotations"}.get(target_kind)
    if table is None:
        raise FolioError(ErrorKind.BAD_INPUT, "comment target must be item, case or annotation")
    return bool(reader.query(f"SELECT 1 FROM {table} WHERE id = ?", (target_id,)))  # noqa: S608 (table from a fixed map)


# ---------------------------------------------------------------------------
# cases and approvals


def upsert_case(
    cur: Cursor, case: model.Case, *, closed: bool = False, my_approval_id: str | None = None
) -> None:
    """Insert or update a case; ``case.my_decision`` is what the server holds of the reader's."""
    cur.execute(
        "INSERT INTO cases(id, meeting_id, item_id, title, description, deadline, status, version,"
        " closed, my_decision, my_approval_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET"
        " meeting_id = excluded.meeting_id, item_id = excluded.item_id, title = excluded.title,"
        " description = excluded.description, deadline = excluded.deadline,"
        " status = excluded.status, version = excluded.version, closed = excluded.closed,"
        " my_decision = excluded.my_decision, my_approval_id = excluded.my_approval_id",
        (
            case.id,
            case.meeting_id,
            case.item_id,
            case.title,
            case.description,
            ts(case.deadline),
            case.status.value,
            case.version,
            int(closed),
            None if case.my_decision is None else case.my_decision.value,
            my_approval_id,
        ),
    )


def _case(row: Row) -> model.Case:
    return model.Case(
        id=row[0],
        title=row[1],
        description=row[2],
        deadline=parse_ts(row[3]),
        status=model.CaseStatus(row[4]),
        meeting_id=row[5],
        item_id=row[6],
        version=int(row[7]),
        my_decision=None if row[8] is None else model.Decision(row[8]),
    )


_CASE_COLUMNS = (
    "id, title, description, deadline, status, meeting_id, item_id, version, my_decision"
)


def list_cases(reader: Reader, status: model.CaseStatus | None = None) -> list[model.Case]:
    """Cases by deadline (none last)."""
    sql = f"SELECT {_CASE_COLUMNS} FROM cases"  # noqa: S608
    params: tuple[Any, ...] = ()
    if status is not None:
        sql += " WHERE status = ?"
        params = (status.value,)
    sql += " ORDER BY deadline IS NULL, deadline, title"
    return [_case(r) for r in reader.query(sql, params)]


def get_case(reader: Reader, case_id: str) -> model.Case:
    rows = reader.query(f"SELECT {_CASE_COLUMNS} FROM cases WHERE id = ?", (case_id,))  # noqa: S608
    if not rows:
        raise FolioError(ErrorKind.NOT_FOUND, "no such case")
    return _case(rows[0])


def insert_approval(
    cur: Cursor,
    approval_id: str,
    *,
    case: model.Case,
    decision: model.Decision,
    remark: str,
    decided_at: datetime,
) -> None:
    cur.execute(
        "INSERT INTO approvals(id, case_id, decision, remark, decided_at, case_version)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (approval_id, case.id, decision.value, remark, ts(decided_at), case.version),
    )
    _keep_approval_context(cur, approval_id, case)


def _keep_approval_context(cur: Cursor, approval_id: str, case: model.Case) -> None:
    """Copy the case title and its meeting into the decision: the receipt must still say
    what it was given for after withdrawal or retention has purged the case."""
    meeting = (
        _one(cur, "SELECT title, starts_at FROM meetings WHERE id = ?", (case.meeting_id,))
        if case.meeting_id is not None
        else None
    )
    committee = (
        _one(cur, "SELECT committee_id FROM meetings WHERE id = ?", (case.meeting_id,))
        if case.meeting_id is not None
        else None
    )
    cur.execute(
        "UPDATE approvals SET case_title = ?, meeting_id = ?, meeting_title = ?,"
        " meeting_starts_at = ?, committee_id = ?, closed = ? WHERE id = ?",
        (
            case.title,
            case.meeting_id,
            "" if meeting is None else meeting[0],
            None if meeting is None else meeting[1],
            None if committee is None else committee[0],
            # A case outside a meeting (assigned to the reader) is no committee's.
            int(case.meeting_id is not None and _case_is_closed(cur, case.id)),
            approval_id,
        ),
    )


def pending_approval(reader: Reader, case_id: str) -> str | None:
    """The id of a decision on this case that is waiting, sent or confirmed (not rejected)."""
    rows = reader.query(
        "SELECT a.id FROM approvals a JOIN ops o ON o.id = a.id"
        " WHERE a.case_id = ? AND o.state != 'rejected'",
        (case_id,),
    )
    return str(rows[0][0]) if rows else None


def list_approvals(reader: Reader, case_id: str | None = None) -> list[model.Approval]:
    """The reader's decisions, newest first, with op state and receipt: the history."""
    sql = (
        "SELECT a.id, a.case_id, a.decision, a.remark, a.decided_at,"
        " COALESCE(o.state, CASE WHEN a.elsewhere = 1 THEN 'confirmed' ELSE 'waiting' END),"
        " o.reason, a.confirmed_at, a.receipt_id, a.case_title, a.meeting_id, a.meeting_title,"
        " a.meeting_starts_at FROM approvals a LEFT JOIN ops o ON o.id = a.id"
    )
    params: tuple[Any, ...] = ()
    if case_id is not None:
        sql += " WHERE a.case_id = ?"
        params = (case_id,)
    approvals = [
        model.Approval(
            id=r[0],
            case_id=r[1],
            decision=model.Decision(r[2]),
            remark=r[3],
            decided_at=_req_ts(r[4]),
            state=model.OpState(r[5]),
            reason=r[6],
            confirmed_at=parse_ts(r[7]),
            receipt_id=r[8],
            case_title=r[9],
            meeting_id=r[10],
            meeting_title=r[11],
            meeting_starts_at=parse_ts(r[12]),
        )
        for r in reader.query(sql + " ORDER BY a.decided_at DESC, a.id", params)
    ]
    return _with_other_devices(reader, approvals)


def _with_other_devices(reader: Reader, approvals: list[model.Approval]) -> list[model.Approval]:
    """Mark decisions learnt from another device, and rejections that one of them explains.

    A decision the server refused because another tablet of the reader decided the
    case first carries what the server holds (``decided_elsewhere``), so it reads
    "decided on your other tablet: Approved" rather than a reason code.
    """
    elsewhere = {str(r[0]) for r in reader.query("SELECT id FROM approvals WHERE elsewhere = 1")}
    held = {
        str(r[0]): (str(r[1]), model.Decision(r[2]))
        for r in reader.query(
            "SELECT id, my_approval_id, my_decision FROM cases"
            " WHERE my_approval_id IS NOT NULL AND my_decision IS NOT NULL"
        )
    }
    out = []
    for a in approvals:
        other = held.get(a.case_id)
        explained = a.state is model.OpState.REJECTED and other is not None and other[0] != a.id
        out.append(
            dataclasses.replace(
                a,
                elsewhere=a.id in elsewhere,
                decided_elsewhere=other[1] if explained and other is not None else None,
            )
        )
    return out


@dataclass(frozen=True)
class CaseDecision:
    """The reader's decision on a case as the server holds it (from case.put)."""

    approval_id: str
    decision: model.Decision
    receipt_id: str | None
    decided_at: datetime


def adopt_decision(cur: Cursor, case: model.Case, info: CaseDecision) -> None:
    """The server holds this decision of the reader on the case: every device shows it.

    Made here: its receipt is filled in if the answer has not come yet. Made on
    another device: a history row of its own (``elsewhere``, no op), so this
    device shows the case decided with the receipt, and refuses a second decision.
    """
    cur.execute(
        "UPDATE approvals SET receipt_id = COALESCE(receipt_id, ?),"
        " confirmed_at = COALESCE(confirmed_at, ?) WHERE id = ?",
        (info.receipt_id, ts(info.decided_at), info.approval_id),
    )
    if _one(cur, "SELECT 1 FROM approvals WHERE id = ?", (info.approval_id,)) is not None:
        return
    cur.execute(
        "INSERT INTO approvals(id, case_id, decision, remark, decided_at, case_version,"
        " confirmed_at, receipt_id, elsewhere) VALUES (?, ?, ?, '', ?, ?, ?, ?, 1)",
        (
            info.approval_id,
            case.id,
            info.decision.value,
            ts(info.decided_at),
            case.version,
            ts(info.decided_at),
            info.receipt_id,
        ),
    )
    _keep_approval_context(cur, info.approval_id, case)


# ---------------------------------------------------------------------------
# search

_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """The reader's words as an FTS5 query: each word a quoted prefix term, all required.

    Quoting makes FTS syntax characters in the input harmless.
    """
    words = _TOKEN.findall(text)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words[:16])


# Search rows of closed material: closed agenda items, pages of closed documents and
# notes on them (offline expiry hides them; ``search(hide_closed=True)``).
_CLOSED_SEARCH_ROWS = (
    " AND NOT (kind = 'agenda' AND ref IN (SELECT id FROM agenda_items WHERE closed = 1))"
    " AND NOT (kind = 'document' AND substr(ref, 1, instr(ref, ':') - 1) IN"
    " (SELECT id FROM documents WHERE closed = 1))"
    " AND NOT (kind = 'note' AND ref IN (SELECT a.id FROM annotations a"
    " JOIN documents d ON d.id = a.document_id WHERE d.closed = 1))"
)


def search(
    reader: Reader, text: str, limit: int = 50, *, hide_closed: bool = False
) -> list[model.SearchHit]:
    """Best hits first; ``hide_closed`` leaves out closed material (offline expiry)."""
    query = fts_query(text)
    if query is None:
        return []
    closed_rows = _CLOSED_SEARCH_ROWS if hide_closed else ""
    rows = reader.query(
        "SELECT kind, meeting_id, ref, title,"  # noqa: S608 (the condition is a literal of this module)
        " snippet(search_index, 4, char(2), char(3), '…', 12)"
        f" FROM search_index WHERE search_index MATCH ?{closed_rows} ORDER BY rank LIMIT ?",
        (query, limit),
    )
    hits: list[model.SearchHit] = []
    for kind, meeting_id, ref, title, snippet in rows:
        if kind == "document":
            document_id, _version, page = str(ref).rsplit(":", 2)
            hits.append(
                model.SearchHit(
                    kind=kind,
                    meeting_id=meeting_id,
                    title=title,
                    snippet=snippet,
                    document_id=document_id,
                    page=int(page),
                )
            )
        elif kind == "note":
            ann = reader.query("SELECT document_id, page FROM annotations WHERE id = ?", (ref,))
            hits.append(
                model.SearchHit(
                    kind=kind,
                    meeting_id=meeting_id,
                    title=title,
                    snippet=snippet,
                    document_id=ann[0][0] if ann else None,
                    page=int(ann[0][1]) if ann else None,
                    annotation_id=ref,
                )
            )
        else:
            hits.append(
                model.SearchHit(
                    kind=kind, meeting_id=meeting_id, title=title, snippet=snippet, item_id=ref
                )
            )
    return hits


# --- used by the sync engine ---
# (added by the sync engineer; small helpers the engine needs that records lacked)


def mark_stale_annotation(cur: Cursor, annotation_id: str) -> None:
    """An annotation from another device made on an older document version: re-anchor it."""
    cur.execute(
        "UPDATE annotations SET needs_reanchor = 1 WHERE id = ? AND author IS NULL"
        " AND document_version <"
        " (SELECT current_version FROM documents WHERE documents.id = annotations.document_id)",
        (annotation_id,),
    )


def set_document_error(
    cur: Cursor, document_id: str, version: int, error: str, *, quarantine: bool
) -> None:
    """Why a download did not finish, in words without content.

    ``quarantine`` (verification failed) marks the version FAILED; a network
    failure puts it back to MISSING with the reason, to be tried again.
    """
    state = model.DocumentState.FAILED if quarantine else model.DocumentState.MISSING
    cur.execute(
        "UPDATE document_versions SET state = ?, error = ?, bytes_done = 0"
        " WHERE document_id = ? AND version = ? AND state != 'verified'",
        (state.value, error, document_id, version),
    )


class DownloadRow(NamedTuple):
    """A current document version not verified yet, with what checks its bytes."""

    meeting_id: str
    document_id: str
    version: int
    sha256: str
    size: int
    piece_hashes: str  # JSON list of per-piece sha256


def documents_to_download(reader: Reader) -> list[DownloadRow]:
    """Current versions not yet verified, in meeting order (the soonest meeting first)."""
    return [
        DownloadRow(str(r[0]), str(r[1]), int(r[2]), str(r[3]), int(r[4]), str(r[5]))
        for r in reader.query(
            "SELECT d.meeting_id, d.id, v.version, v.sha256, v.size, v.piece_hashes"
            " FROM documents d JOIN document_versions v"
            " ON v.document_id = d.id AND v.version = d.current_version"
            " JOIN meetings m ON m.id = d.meeting_id"
            " WHERE v.state != 'verified' AND d.withdrawn = 0 AND m.withdrawn = 0"
            " ORDER BY m.starts_at, d.meeting_id, d.position"
        )
    ]


class IndexRow(NamedTuple):
    """A verified current version whose text is not in the search index yet."""

    document_id: str
    version: int
    blob_id: str
    key_wrapped: bytes


def documents_to_index(reader: Reader) -> list[IndexRow]:
    """Verified current versions not yet indexed."""
    return [
        IndexRow(str(r[0]), int(r[1]), str(r[2]), bytes(r[3]))
        for r in reader.query(
            "SELECT v.document_id, v.version, v.blob_id, v.blob_key_wrapped"
            " FROM document_versions v JOIN documents d ON d.id = v.document_id"
            " AND d.current_version = v.version"
            " WHERE v.state = 'verified' AND v.indexed = 0 AND v.blob_key_wrapped IS NOT NULL"
        )
    ]


def linked_blob_ids(reader: Reader) -> set[str]:
    return {
        str(r[0])
        for r in reader.query("SELECT blob_id FROM document_versions WHERE blob_id IS NOT NULL")
    }


# --- annotations: re-anchoring (added by the annotations engineer) ---
# The old version's page text, kept from link time until its annotations were
# re-anchored (table superseded_pages, migration 0002), and the last report.


def keep_superseded_pages(cur: Cursor, document_id: str, new_version: int) -> None:
    """Before older versions are shredded, keep the page text of the newest one linked.

    Called from ``link_document_version``; pure SQL (the text comes from the
    search index), so it runs on whichever thread links.
    """
    row = _one(
        cur,
        "SELECT version, pages, indexed FROM document_versions WHERE document_id = ?"
        " AND version < ? AND blob_id IS NOT NULL ORDER BY version DESC LIMIT 1",
        (document_id, new_version),
    )
    if row is None or not row[2]:
        return  # no older linked version, or it was never indexed: nothing to keep
    old_version, pages = int(row[0]), int(row[1] or 0)
    prefix = f"{document_id}:{old_version}:"
    texts: dict[int, str] = {}
    for ref, body in cur.execute(
        "SELECT ref, body FROM search_index WHERE kind = 'document' AND substr(ref, 1, ?) = ?",
        (len(prefix), prefix),
    ).fetchall():
        texts[int(str(ref)[len(prefix) :])] = str(body)
    cur.execute("DELETE FROM superseded_pages WHERE document_id = ?", (document_id,))
    for page in range(max(pages, max(texts, default=-1) + 1)):
        cur.execute(
            "INSERT INTO superseded_pages(document_id, version, page, text) VALUES (?, ?, ?, ?)",
            (document_id, old_version, page, texts.get(page, "")),
        )


def superseded_pages(reader: Reader, document_id: str) -> tuple[int, list[str]] | None:
    """(old version, page texts) kept for re-anchoring, or None."""
    rows = reader.query(
        "SELECT version, text FROM superseded_pages WHERE document_id = ? ORDER BY page",
        (document_id,),
    )
    if not rows:
        return None
    return int(rows[0][0]), [str(r[1]) for r in rows]


def stale_annotations(reader: Reader, document_id: str) -> list[model.Annotation]:
    """Live annotations made on an older version, waiting to be re-anchored."""
    sql = (
        f"SELECT {_ANN_COLUMNS} FROM annotations WHERE document_id = ?"  # noqa: S608
        " AND deleted = 0 AND needs_reanchor = 1 AND author IS NULL ORDER BY page, created_at"
    )
    return [_annotation(r) for r in reader.query(sql, (document_id,))]


def documents_to_reanchor(reader: Reader) -> list[str]:
    """Documents whose current version is readable and that wait for re-anchoring."""
    return [
        str(r[0])
        for r in reader.query(
            "SELECT d.id FROM documents d JOIN document_versions v"
            " ON v.document_id = d.id AND v.version = d.current_version"
            " WHERE v.state = 'verified' AND v.blob_key_wrapped IS NOT NULL AND ("
            " EXISTS (SELECT 1 FROM superseded_pages s WHERE s.document_id = d.id)"
            " OR EXISTS (SELECT 1 FROM annotations a WHERE a.document_id = d.id"
            " AND a.needs_reanchor = 1 AND a.deleted = 0))"
        )
    ]


def finish_reanchor(
    cur: Cursor,
    document_id: str,
    *,
    from_version: int | None,
    to_version: int,
    changed_pages: Sequence[int],
    moved: int,
    needs_review: int,
) -> None:
    """Store the report (no content) and drop the old page text."""
    cur.execute("DELETE FROM superseded_pages WHERE document_id = ?", (document_id,))
    cur.execute(
        "INSERT OR REPLACE INTO reanchor_reports(document_id, from_version, to_version,"
        " changed_pages, moved, needs_review, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            document_id,
            from_version,
            to_version,
            json.dumps(list(changed_pages)),
            moved,
            needs_review,
            ts(now()),
        ),
    )


def reanchor_report(reader: Reader, document_id: str) -> tuple[Any, ...] | None:
    """(from_version, to_version, changed pages, moved, needs_review) of the last re-anchoring."""
    rows = reader.query(
        "SELECT from_version, to_version, changed_pages, moved, needs_review"
        " FROM reanchor_reports WHERE document_id = ?",
        (document_id,),
    )
    if not rows:
        return None
    r = rows[0]
    return (
        None if r[0] is None else int(r[0]),
        int(r[1]),
        [int(p) for p in json.loads(r[2])],
        int(r[3]),
        int(r[4]),
    )


# ---------------------------------------------------------------------------
# feed quarantine: entries that could not apply yet (sync/engine/pull.py)


def park_feed_entry(
    cur: Cursor,
    kind: str,
    ref: str,
    data: Mapping[str, Any],
    *,
    reason: str,
    meeting_id: str | None,
) -> None:
    """Park (or re-park, counting the attempt) an entry that broke a constraint."""
    cur.execute(
        "INSERT INTO feed_quarantine(kind, ref, meeting_id, data, reason, first_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(kind, ref) DO UPDATE SET"
        " data = excluded.data, reason = excluded.reason, meeting_id = excluded.meeting_id,"
        " attempts = attempts + 1",
        (kind, ref, meeting_id, json.dumps(dict(data)), reason, ts(now())),
    )


def drop_parked_entry(cur: Cursor, kind: str, ref: str) -> None:
    cur.execute("DELETE FROM feed_quarantine WHERE kind = ? AND ref = ?", (kind, ref))


def parked_feed_entries(cur: Cursor) -> list[tuple[str, str, dict[str, Any]]]:
    """Parked entries, meetings first (the others refer to them), then oldest first."""
    rows = cur.execute(
        "SELECT kind, ref, data FROM feed_quarantine"
        " ORDER BY kind != 'meeting.put', first_at, rowid"
    ).fetchall()
    return [(str(r[0]), str(r[1]), json.loads(r[2])) for r in rows]


def _drop_parked_of_meetings(cur: Cursor, meeting_ids: Sequence[str]) -> None:
    """Parked entries of purged meetings, and those of meetings this device never got.

    Called when access shrinks: an entry parked while the reader could see it must
    not apply later, and one whose meeting is unknown cannot be told apart.
    """
    for meeting_id in meeting_ids:
        cur.execute("DELETE FROM feed_quarantine WHERE meeting_id = ?", (meeting_id,))
    cur.execute(
        "DELETE FROM feed_quarantine WHERE meeting_id IS NOT NULL"
        " AND meeting_id NOT IN (SELECT id FROM meetings)"
    )


# ---------------------------------------------------------------------------
# offline expiry: what counts as closed material (sync.api hides it while locked)


@dataclass(frozen=True)
class ClosedMaterial:
    """Ids of closed material on the device: what offline expiry hides."""

    items: frozenset[str]
    documents: frozenset[str]
    cases: frozenset[str]
    annotations: frozenset[str]

    def holds(self, target_kind: str, target_id: str) -> bool:
        """Is this comment target closed material?"""
        ids = {"item": self.items, "case": self.cases, "annotation": self.annotations}
        return target_id in ids.get(target_kind, frozenset())


def closed_material(reader: Reader) -> ClosedMaterial:
    def ids(sql: str) -> frozenset[str]:
        return frozenset(str(r[0]) for r in reader.query(sql))

    return ClosedMaterial(
        items=ids("SELECT id FROM agenda_items WHERE closed = 1"),
        documents=ids("SELECT id FROM documents WHERE closed = 1"),
        # A case is closed when marked so or when its item is closed.
        cases=ids(
            "SELECT c.id FROM cases c LEFT JOIN agenda_items i ON i.id = c.item_id"
            " WHERE c.closed = 1 OR i.closed = 1"
        ),
        annotations=ids(
            "SELECT a.id FROM annotations a JOIN documents d ON d.id = a.document_id"
            " WHERE d.closed = 1"
        ),
    )
