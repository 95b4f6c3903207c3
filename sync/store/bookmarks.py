"""SQL over the reader's bookmarks, which travel sealed between her devices.

A bookmark is a row per (document, page); a removal keeps the row with
``removed = 1`` and the server revision that removed it, so a late or replayed
feed entry of an older revision changes nothing (docs/spec/e2e-notes.md,
*Bookmarks*). Setting or removing one writes its op ``bookmark.sealed`` in the same
transaction: sealed at once when this device holds the notes key, otherwise kept
unsealed in the outbox, held back from push (``records.pending_ops``) and sealed by
``seal_waiting`` once the key has come.
"""

from __future__ import annotations

from sync import protocol as p
from sync.e2e import bookmarks as e2e_bookmarks
from sync.e2e import notes
from sync.e2e import wire as w
from sync.protocol import canonical_json
from sync.store.records import Cursor, Reader, add_op, new_id, now, ts

KIND = p.OpKind.BOOKMARK_SEALED.value


def list_pages(reader: Reader, document_id: str) -> list[int]:
    return [
        int(r[0])
        for r in reader.query(
            "SELECT page FROM bookmarks WHERE document_id = ? AND removed = 0 ORDER BY page",
            (document_id,),
        )
    ]


def set_bookmark(cur: Cursor, document_id: str, page: int, on: bool) -> bool:
    """Set or remove one bookmark and queue its op. False: it already was so (no op)."""
    row = cur.execute(
        "SELECT removed FROM bookmarks WHERE document_id = ? AND page = ?", (document_id, page)
    ).fetchone()
    if (row is not None and not row[0]) == on:
        return False
    if row is None:
        cur.execute(
            "INSERT INTO bookmarks(document_id, page, created_at) VALUES (?, ?, ?)",
            (document_id, page, ts(now())),
        )
    else:
        cur.execute(
            "UPDATE bookmarks SET removed = ?, created_at = CASE WHEN ? THEN ? ELSE created_at"
            " END WHERE document_id = ? AND page = ?",
            (int(not on), int(on), ts(now()), document_id, page),
        )
    op_id = new_id()
    sealed = _sealed(cur, op_id, document_id, page, on)
    payload: p.OpPayload = (
        e2e_bookmarks.WaitingBookmarkPayload(document_id, page, on) if sealed is None else sealed
    )
    add_op(cur, payload, op_id=op_id)
    return True


def _sealed(
    cur: Cursor, op_id: str, document_id: str, page: int, on: bool
) -> w.SealedBookmarkPayload | None:
    """The sealed payload, or None on a device without the notes key yet."""
    ring = notes.keyring_in(cur)
    user_id = notes.get_cur(cur, notes.USER_ID)
    if ring is None or not user_id:
        return None
    sealed = e2e_bookmarks.sealed_payload(ring, user_id, op_id, document_id, page, on=on)
    cur.execute(
        "UPDATE bookmarks SET bookmark_id = ? WHERE document_id = ? AND page = ?",
        (sealed.bookmark_id, document_id, page),
    )
    return sealed


def seal_waiting(cur: Cursor) -> int:
    """Seal the bookmark ops written before this device had the notes key, oldest
    first, in place (same op id, so the seal names the op that carries it)."""
    if notes.keyring_in(cur) is None:
        return 0
    rows = cur.execute(
        "SELECT id, payload FROM ops WHERE state IN ('waiting', 'sent') AND kind = ?"
        " AND json_extract(payload, '$.sealed') IS NULL ORDER BY seq",
        (KIND,),
    ).fetchall()
    n = 0
    for op_id, raw in rows:
        plain = e2e_bookmarks.WaitingBookmarkPayload.from_json(p.loads(raw))
        sealed = _sealed(cur, str(op_id), plain.document_id, plain.page, plain.bookmarked)
        if sealed is None:
            return n
        cur.execute(
            "UPDATE ops SET payload = ? WHERE id = ?",
            (canonical_json(sealed.to_json()).decode("utf-8"), op_id),
        )
        n += 1
    return n


def has_pending_op(cur: Cursor, state: e2e_bookmarks.BookmarkState) -> bool:
    """Is a local edit of this bookmark on its way up? The feed must not overwrite it:
    the server orders our op after the entry, and its answer brings the revision."""
    row = cur.execute(
        "SELECT 1 FROM ops WHERE state IN ('waiting', 'sent') AND kind = ? AND ("
        " json_extract(payload, '$.bookmark_id') = ?"
        " OR (json_extract(payload, '$.document_id') = ? AND json_extract(payload, '$.page') = ?)"
        ") LIMIT 1",
        (KIND, state.bookmark_id, state.document_id, state.page),
    ).fetchone()
    return row is not None


def apply_remote(cur: Cursor, state: e2e_bookmarks.BookmarkState, revision: int) -> bool:
    """A feed entry of one of the reader's bookmarks, applied over an older revision
    only (a replay or a late entry changes nothing). True if the page's mark changed."""
    row = cur.execute(
        "SELECT revision, removed FROM bookmarks WHERE document_id = ? AND page = ?",
        (state.document_id, state.page),
    ).fetchone()
    if row is not None and int(row[0]) >= revision:
        return False
    if row is None:
        cur.execute(
            "INSERT INTO bookmarks(document_id, page, created_at, bookmark_id, revision, removed)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                state.document_id,
                state.page,
                ts(now()),
                state.bookmark_id,
                revision,
                int(not state.bookmarked),
            ),
        )
        return state.bookmarked
    cur.execute(
        "UPDATE bookmarks SET bookmark_id = ?, revision = ?, removed = ?"
        " WHERE document_id = ? AND page = ?",
        (state.bookmark_id, revision, int(not state.bookmarked), state.document_id, state.page),
    )
    return bool(row[1]) == state.bookmarked


def forget_revisions(cur: Cursor) -> None:
    """A restored server numbers its writes again from its backup's: the revisions
    held here would make its newer writes look old (as for annotations)."""
    cur.execute("UPDATE bookmarks SET revision = 0")
