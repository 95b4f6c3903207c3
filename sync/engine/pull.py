"""Pull: apply the change feed page by page, the cursor in the same transaction.

States per page: fetch (network) -> APPLIED+CURSOR (one transaction) -> blob
files of purged documents deleted (after commit; their keys are already gone).
A crash before the commit leaves the old cursor: the page comes again and
applying it twice changes nothing (upserts keyed by id and version/revision).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sync import model, records
from sync import protocol as p
from sync.device import STATE_FEED_CURSOR, STATE_POLICY
from sync.engine import events, manifest, outbox
from sync.engine.context import Context
from sync.records import Cursor, CursorReader

log = logging.getLogger("folio.sync")


class WipeRequestedError(Exception):
    """The feed told this device to wipe itself (device.wipe for our id)."""


@dataclass(frozen=True)
class PullResult:
    pages: int = 0
    entries: int = 0
    meetings: frozenset[str] = frozenset()


def run(ctx: Context) -> PullResult:
    pages = entries = 0
    touched: set[str] = set()
    while True:
        ctx.check_cancelled()
        cursor = ctx.db.get_state(STATE_FEED_CURSOR) or None
        page = ctx.client.feed(cursor, ctx.config.feed_limit)
        blob_ids, meetings = apply_page(ctx, page)
        records.delete_blobs(ctx.vault.blobs, blob_ids)
        pages += 1
        entries += len(page.entries)
        touched |= meetings
        events.emit(events.PULL_PAGE_COMMITTED, entries=len(page.entries), page=pages)
        if not page.more or page.cursor == cursor:
            return PullResult(pages, entries, frozenset(touched))


def apply_page(ctx: Context, page: p.FeedPage) -> tuple[list[str], set[str]]:
    """Apply every entry and store the cursor, in one transaction."""
    pending = outbox.pending_annotation_ids(ctx.db)
    now = ctx.clock.now()
    blob_ids: list[str] = []
    meetings: set[str] = set()
    wipe = False
    with ctx.db_lock, ctx.db.transaction() as cur:
        for entry in page.entries:
            kind = entry.kind
            data = entry.parsed()
            if kind == p.FeedKind.MEETING_PUT:
                purged, meeting_id = _meeting_put(ctx, cur, data, now)
                blob_ids += purged
                if meeting_id is not None:
                    meetings.add(meeting_id)
            elif kind == p.FeedKind.MEETING_WITHDRAW:
                blob_ids += records.purge_meeting(cur, data)
                meetings.add(data)
            elif kind == p.FeedKind.CASE_PUT:
                _case_put(cur, data)
            elif kind == p.FeedKind.ANNOTATION_PUT:
                if data.annotation_id in pending:
                    # Our own edit is on its way; the server will order it after this one.
                    events.emit(events.PULL_ENTRY_SKIPPED, why="local_edit_pending")
                    continue
                _annotation_put(cur, data)
            elif kind == p.FeedKind.COMMENT_PUT:
                records.insert_comment(cur, _comment(data))
            elif kind == p.FeedKind.MEMBERSHIP_REMOVED:
                blob_ids += records.purge_closed_of_committee(cur, data)
            elif kind == p.FeedKind.DEVICE_WIPE:
                if data == ctx.enrollment.device_id:
                    wipe = True
                    break
            elif kind == p.FeedKind.POLICY_PUT:
                ctx.db.set_state(cur, STATE_POLICY, p.canonical_json(data.to_json()).decode())
            else:
                events.emit(events.PULL_ENTRY_SKIPPED, why="unknown_kind")
        if not wipe:
            ctx.db.set_state(cur, STATE_FEED_CURSOR, page.cursor)
            manifest.note_server_time(cur, page.server_time)
    if wipe:
        raise WipeRequestedError()
    return blob_ids, meetings


def _meeting_put(
    ctx: Context, cur: Cursor, signed: p.SignedManifest, now: datetime
) -> tuple[list[str], str | None]:
    reader = CursorReader(cur)
    try:
        m = manifest.check(
            signed,
            public_key=ctx.enrollment.server_public_key,
            reader=reader,
            now=now,
            # Old feed entries may carry manifests that expired since; the download
            # phase fetches a current one before anything is linked.
            check_expiry=False,
        )
    except manifest.StaleManifestError:
        events.emit(events.PULL_ENTRY_SKIPPED, why="superseded_manifest")
        return [], None
    return manifest.install(cur, m), m.meeting_id


def _case_put(cur: Cursor, c: p.CaseInfo) -> None:
    closed = False
    if c.item_id is not None:
        row = cur.execute("SELECT closed FROM agenda_items WHERE id = ?", (c.item_id,)).fetchone()
        closed = bool(row[0]) if row is not None else False
    records.upsert_case(
        cur,
        model.Case(
            id=c.id,
            title=c.title,
            description=c.description,
            deadline=c.deadline,
            status=model.CaseStatus(c.status.value),
            meeting_id=c.meeting_id,
            item_id=c.item_id,
            version=c.version,
        ),
        closed=closed,
    )


def _annotation_put(cur: Cursor, info: p.AnnotationInfo) -> None:
    a = info.annotation
    if info.deleted or a is None:
        ann = model.Annotation(
            id=info.annotation_id,
            document_id="",
            document_version=1,
            page=0,
            kind=model.AnnotationKind.NOTE,
            color="#000000",
            revision=info.revision,
            deleted=True,
            updated_at=info.updated_at,
        )
        records.upsert_annotation_from_server(cur, ann)
        return
    quote = None if a.quote is None else model.Quote(**dict(a.quote))
    ann = model.Annotation(
        id=info.annotation_id,
        document_id=a.document_id,
        document_version=a.document_version,
        page=a.page,
        kind=model.AnnotationKind(a.kind),
        color=a.color,
        rects=tuple(tuple(float(x) for x in r) for r in a.rects),  # type: ignore[misc]
        strokes=tuple(tuple(tuple(float(x) for x in pt) for pt in s) for s in a.strokes),  # type: ignore[misc]
        text=a.text,
        quote=quote,
        visibility=model.Visibility(a.visibility.value),
        updated_at=info.updated_at,
        created_at=info.updated_at,
        revision=info.revision,
    )
    if records.upsert_annotation_from_server(cur, ann):
        records.mark_stale_annotation(cur, ann.id)


def _comment(c: p.CommentInfo) -> model.Comment:
    return model.Comment(
        id=c.id,
        target_kind=c.target_kind.value,
        target_id=c.target_id,
        body=c.body,
        author=c.author,
        created_at=c.created_at,
        parent_id=c.parent_id,
    )
