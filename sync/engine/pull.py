"""Pull: apply the change feed page by page, the cursor in the same transaction.

States per page: fetch (network) -> APPLIED+CURSOR (one transaction) -> blob
files of purged documents deleted (after commit; their keys are already gone).
A crash before the commit leaves the old cursor: the page comes again and
applying it twice changes nothing (upserts keyed by id and version/revision).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from logging import WARNING
from typing import Any, NamedTuple

from sqlcipher3 import IntegrityError

from sync import model
from sync import protocol as p
from sync.e2e import bookmarks as e2e_bookmarks
from sync.e2e import notes
from sync.e2e import wire as e2e
from sync.engine import epoch, events, manifest, outbox
from sync.engine.context import Context
from sync.store import bookmarks as store_bookmarks
from sync.store import meetings as store_meetings
from sync.store import records
from sync.store.records import Cursor, CursorReader
from sync.store.state import STATE_FEED_CURSOR, STATE_POLICY

log = logging.getLogger("folio.sync")


class WipeRequestedError(Exception):
    """The feed told this device to wipe itself (device.wipe for our id)."""


@dataclass(frozen=True)
class PullResult:
    pages: int = 0
    entries: int = 0
    meetings: frozenset[str] = frozenset()
    #: What the applied entries changed (parked and skipped entries change nothing).
    changes: model.Changes = dataclasses.field(default_factory=model.Changes)


def run(ctx: Context) -> PullResult:
    pages = entries = 0
    touched: set[str] = set()
    changes = model.Changes()
    while True:
        ctx.check_cancelled()
        cursor = ctx.db.get_state(STATE_FEED_CURSOR) or None
        page = ctx.client.feed(cursor, ctx.config.feed_limit)
        if page.restart is not None:
            raise epoch.EpochChangedError(epoch.begin(ctx, page))
        blob_ids, meetings, applied = apply_page(ctx, page)
        changes = changes.merge(applied)
        records.delete_blobs(ctx.vault.blobs, blob_ids)
        pages += 1
        entries += len(page.entries)
        touched |= meetings
        events.emit(events.PULL_PAGE_COMMITTED, entries=len(page.entries), page=pages)
        if not page.more or page.cursor == cursor:
            return PullResult(pages, entries, frozenset(touched), changes)


class AppliedPage(NamedTuple):
    blob_ids: list[str]  # blob files to delete once the page's transaction committed
    meetings: set[str]
    changes: model.Changes


def apply_page(ctx: Context, page: p.FeedPage) -> AppliedPage:
    """Apply every entry and store the cursor, in one transaction.

    Each entry applies in its own savepoint. One that breaks a constraint of the
    vault (a case.put whose meeting has not arrived yet, say) is parked in the
    quarantine with its reason instead of rolling the page back, and the parked
    entries are tried again after the page, so a page that lists a case before
    its meeting still lands whole, and one that cannot land yet is retried on
    every later page: the device never sticks on one entry.
    """
    applier = _Applier(ctx, outbox.pending_annotation_ids(ctx.db), ctx.clock.now())
    wipe = False
    with ctx.db_lock, ctx.db.transaction() as cur:
        for entry in page.entries:
            if entry.kind == p.FeedKind.DEVICE_WIPE:
                if entry.parsed() == ctx.enrollment.device_id:
                    wipe = True
                    break
                continue
            applier.guarded(cur, entry.kind, entry.data)
        if not wipe:
            applier.retry_parked(cur)
            applier.blob_ids += epoch.note_page(ctx, cur, page)
            ctx.db.set_state(cur, STATE_FEED_CURSOR, page.cursor)
            manifest.note_server_time(cur, page.server_time)
    if wipe:
        raise WipeRequestedError()
    return AppliedPage(applier.blob_ids, applier.meetings, applier.changes)


class _Applier:
    """Applies feed entries inside one page transaction, parking what cannot apply yet."""

    def __init__(self, ctx: Context, pending: set[str], now: datetime) -> None:
        self.ctx = ctx
        self.pending = pending
        self.now = now
        self.blob_ids: list[str] = []
        self.meetings: set[str] = set()
        self.changes = model.Changes()

    def guarded(self, cur: Cursor, kind: str, raw: Mapping[str, Any]) -> bool:
        """Apply one entry in a savepoint; park it on a constraint failure. True if applied."""
        ref = _ref(kind, raw)
        cur.execute("SAVEPOINT feed_entry")
        try:
            data = p.FeedEntry(kind, raw).parsed()
            before = frozenset(self.meetings)
            self.apply(cur, kind, data)
        except (IntegrityError, notes.NotesKeyMissingError) as exc:
            # a sealed note before this device has the notes key waits here too
            cur.execute("ROLLBACK TO feed_entry")
            cur.execute("RELEASE feed_entry")
            reason = (
                "notes_key_missing" if isinstance(exc, notes.NotesKeyMissingError) else _reason(exc)
            )
            records.park_feed_entry(
                cur, kind, ref, raw, reason=reason, meeting_id=_meeting_of(kind, raw)
            )
            # a pending tablet parking its reader's sealed notes is expected: info
            level = logging.INFO if reason == "notes_key_missing" else WARNING
            events.emit(events.PULL_ENTRY_QUARANTINED, kind=kind, why=reason, level=level)
            return False
        cur.execute("RELEASE feed_entry")
        self.changes = self.changes.merge(self._changed(kind, data, self.meetings - before))
        if ref:
            # A newer entry for the same thing landed: an older parked one is stale.
            records.drop_parked_entry(cur, kind, ref)
        return True

    def _changed(self, kind: str, data: Any, meetings: set[str]) -> model.Changes:
        """What one applied entry changed, for the screens (sync.model.Changes)."""
        if kind in (p.FeedKind.MEETING_PUT, p.FeedKind.MEETING_WITHDRAW):
            return model.Changes(meetings=frozenset(meetings))
        if kind == p.FeedKind.CASE_PUT:
            mine = data.my_approval_id is not None and data.my_decision is not None
            return model.Changes(
                cases=frozenset({data.id}),
                approvals=frozenset({data.my_approval_id}) if mine else frozenset(),
            )
        if kind == p.FeedKind.ANNOTATION_PUT and data.annotation_id not in self.pending:
            return model.Changes(annotations=frozenset({data.annotation_id}))
        if kind == p.FeedKind.BOOKMARK_SEALED:
            return model.Changes(bookmarks=frozenset({str(data["document_id"])}))
        if kind == p.FeedKind.COMMENT_PUT:
            return model.Changes(comments=frozenset({data.id}))
        if kind == p.FeedKind.MEMBERSHIP_REMOVED:
            return model.Changes(committees=frozenset({data}))
        if kind == p.FeedKind.POLICY_PUT:
            return model.Changes(sync_state=True)
        return model.Changes()

    def retry_parked(self, cur: Cursor) -> None:
        """Try every parked entry again, meetings first (what the others refer to)."""
        for kind, _ref_id, raw in records.parked_feed_entries(cur):
            if self.guarded(cur, kind, raw):
                events.emit(events.PULL_ENTRY_RELEASED, kind=kind)

    def apply(self, cur: Cursor, kind: str, data: Any) -> None:
        if kind == p.FeedKind.MEETING_PUT:
            purged, meeting_id = _meeting_put(self.ctx, cur, data, self.now)
            self.blob_ids += purged
            if meeting_id is not None:
                self.meetings.add(meeting_id)
        elif kind == p.FeedKind.MEETING_WITHDRAW:
            self.blob_ids += records.purge_meeting(cur, data)
            self.meetings.add(data)
        elif kind == p.FeedKind.CASE_PUT:
            # The item of a withdrawn case is usually gone from the agenda for good:
            # keep the case without it rather than wait for it forever.
            if (
                data.status is p.CaseState.WITHDRAWN
                and data.item_id is not None
                and not store_meetings.agenda_item_exists(cur, data.item_id)
            ):
                data = dataclasses.replace(data, item_id=None)
            _case_put(cur, data)
        elif kind in (p.FeedKind.ANNOTATION_PUT, e2e.SEALED_FEED_KIND):
            if kind == e2e.SEALED_FEED_KIND:  # the reader's private mark, opened here
                data = notes.open_entry(cur, data)
            if data.annotation_id in self.pending:
                # Our own edit is on its way; the server will order it after this one.
                events.emit(events.PULL_ENTRY_SKIPPED, why="local_edit_pending")
                return
            _annotation_put(cur, data)
        elif kind == p.FeedKind.BOOKMARK_SEALED:
            _bookmark(cur, data)
        elif kind == p.FeedKind.COMMENT_PUT:
            records.insert_comment(cur, _comment(data))
        elif kind == p.FeedKind.MEMBERSHIP_REMOVED:
            self.blob_ids += records.purge_closed_of_committee(cur, data)
        elif kind == p.FeedKind.POLICY_PUT:
            self.ctx.db.set_state(cur, STATE_POLICY, p.canonical_json(data.to_json()).decode())
        else:
            events.emit(events.PULL_ENTRY_SKIPPED, why="unknown_kind")


def _ref(kind: str, raw: Mapping[str, Any]) -> str:
    """The id of what an entry carries, so a newer entry supersedes a parked one."""
    if kind == p.FeedKind.MEETING_PUT:
        # Signed bytes, unverified while parked: keyed by their digest, not a claimed id.
        return hashlib.sha256(str(raw.get("manifest", "")).encode()).hexdigest()[:32]
    for key in ("id", "annotation_id", "bookmark_id", "meeting_id", "committee_id"):
        value = raw.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _meeting_of(kind: str, raw: Mapping[str, Any]) -> str | None:
    value = raw.get("meeting_id")
    if kind == p.FeedKind.CASE_PUT and isinstance(value, str):
        return value
    return None


def _reason(exc: IntegrityError) -> str:
    """A reason without content: which kind of constraint failed."""
    text = str(exc).lower()
    if "foreign key" in text:
        return "foreign_key"
    if "unique" in text:
        return "unique"
    return "constraint"


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
            cur=cur,
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
        closed = store_meetings.agenda_item_closed(cur, c.item_id)
    mine = None if c.my_decision is None else model.Decision(c.my_decision.value)
    status = model.CaseStatus(c.status.value)
    if mine is not None and status is model.CaseStatus.OPEN:
        # The server's state is the committee's (others may still decide); for this
        # reader the case is decided once the server holds her decision.
        status = model.CaseStatus.DECIDED
    case = model.Case(
        id=c.id,
        title=c.title,
        description=c.description,
        deadline=c.deadline,
        status=status,
        meeting_id=c.meeting_id,
        item_id=c.item_id,
        version=c.version,
        my_decision=mine,
    )
    records.upsert_case(cur, case, closed=closed, my_approval_id=c.my_approval_id)
    if mine is not None and c.my_approval_id is not None and c.my_decided_at is not None:
        records.adopt_decision(
            cur,
            case,
            records.CaseDecision(c.my_approval_id, mine, c.my_receipt_id, c.my_decided_at),
        )


def _annotation_put(cur: Cursor, info: p.AnnotationInfo) -> None:
    a = info.annotation
    if info.author is not None and (info.deleted or a is None):
        records.drop_shared_annotation(cur, info.annotation_id)
        return
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
        author=info.author,  # a colleague's shared mark: kept read-only, never sent back
    )
    if info.author is not None:
        records.put_shared_annotation(cur, ann)
        return
    if records.upsert_annotation_from_server(cur, ann):
        records.mark_stale_annotation(cur, ann.id)


def _bookmark(cur: Cursor, raw: Mapping[str, Any]) -> None:
    """One of the reader's bookmarks from another of her devices, opened here.

    NotesKeyMissingError (parked until the key comes) on a device still pending;
    skipped while our own edit of the same bookmark is on its way up."""
    info = e2e.SealedBookmarkInfo.from_json(raw)
    ring = notes.keyring_in(cur)
    user_id = notes.get_cur(cur, notes.USER_ID)
    if ring is None or not user_id or not e2e_bookmarks.can_open(ring, user_id, info.sealed):
        raise notes.NotesKeyMissingError(info.bookmark_id)
    state = e2e_bookmarks.open_info(ring, user_id, info)
    if store_bookmarks.has_pending_op(cur, state):
        events.emit(events.PULL_ENTRY_SKIPPED, why="local_edit_pending")
        return
    store_bookmarks.apply_remote(cur, state, info.revision)


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
