"""Meeting a new server epoch: the server was restored from a backup since our cursor.

A restored server lost everything after its backup and hands out feed sequence
numbers again that it handed out before, so our cursor means nothing there. The
feed says so with a ``restart`` page (docs/spec/change-feed.md). Then, in order:

1. ``begin`` (one transaction): confirmed ops the backup may lack go back to
   ``waiting`` (they keep their signed answer: deadlines are judged at the time the
   server first applied them), the cursor moves to the start of the new epoch, and
   the meetings and cases held now are noted as "not yet seen again".
2. The round pushes the outbox (the re-sent ops first: they are the oldest), then
   pulls the whole feed from zero. Each page crosses off what it puts again
   (``note_page``, in the page's transaction).
3. After the last page, whatever the restored server did not put again is dropped
   with ``records.drop_server_meeting`` / ``drop_server_case`` /
   ``drop_server_comment`` / ``drop_shared_annotation``: server material only
   (colleagues' comments and shared marks included); the reader's own annotations,
   comments and decisions are never dropped.

A crash anywhere resumes: re-queued ops are in the outbox, the cursor and the
"not yet seen" lists are in the vault.
"""

from __future__ import annotations

import json
import logging

from sync import protocol as p
from sync.engine import events, outbox
from sync.engine.context import Context
from sync.errors import FolioError
from sync.store import bookmarks as store_bookmarks
from sync.store import meetings as store_meetings
from sync.store import records
from sync.store import state as vault_state
from sync.store.records import Cursor
from sync.store.state import STATE_FEED_CURSOR, STATE_RESYNC

log = logging.getLogger("folio.sync")


class EpochChangedError(Exception):
    """The feed answered with a restart: push what the restore lost, then pull from zero."""

    def __init__(self, requeued: int) -> None:
        super().__init__(f"server epoch changed; {requeued} op(s) to send again")
        self.requeued = requeued


def begin(ctx: Context, page: p.FeedPage) -> int:
    """Store the restart durably. Returns how many confirmed ops go out again."""
    restart = page.restart
    assert restart is not None
    with ctx.db_lock, ctx.db.transaction() as cur:
        requeued = outbox.requeue_lost(cur, restart)
        records.forget_annotation_revisions(cur)
        store_bookmarks.forget_revisions(cur)
        held = {
            "epoch": restart.epoch,
            "meetings": store_meetings.meeting_ids(cur),
            "cases": store_meetings.case_ids(cur),
            # Colleagues' comments and shared marks: server material too (the restored
            # server may have lost them, or refused them when their author re-sent).
            "comments": sorted(str(r[0]) for r in cur.execute(records.OTHERS_COMMENTS)),
            "annotations": store_meetings.others_annotation_ids(cur),
        }
        ctx.db.set_state(cur, STATE_RESYNC, json.dumps(held))
        ctx.db.set_state(cur, STATE_FEED_CURSOR, page.cursor)
    events.emit(
        events.PULL_EPOCH_CHANGED,
        epoch=restart.epoch,
        restored_seq=restart.restored_seq,
        requeued=requeued,
    )
    return requeued


def note_page(ctx: Context, cur: Cursor, page: p.FeedPage) -> list[str]:
    """Inside a page's transaction during a resync: cross off what the page puts
    again; after the last page, drop what was never put again. Returns blob ids to
    delete after the commit."""
    stored = vault_state.read_in(cur, STATE_RESYNC)
    if stored is None:
        return []
    held = json.loads(stored)
    meetings, cases = set(held["meetings"]), set(held["cases"])
    comments, annotations = set(held.get("comments", ())), set(held.get("annotations", ()))
    for entry in page.entries:
        try:
            if entry.kind == p.FeedKind.MEETING_PUT:
                meetings.discard(p.Manifest.from_bytes(entry.parsed().raw()).meeting_id)
            elif entry.kind == p.FeedKind.CASE_PUT:
                cases.discard(entry.parsed().id)
            elif entry.kind == p.FeedKind.COMMENT_PUT:
                comments.discard(entry.parsed().id)
            elif entry.kind == p.FeedKind.ANNOTATION_PUT:
                annotations.discard(entry.parsed().annotation_id)
        except FolioError:
            log.warning("resync.entry_unreadable")  # pull quarantines or skips it itself
    if page.more:
        held["meetings"], held["cases"] = sorted(meetings), sorted(cases)
        held["comments"], held["annotations"] = sorted(comments), sorted(annotations)
        ctx.db.set_state(cur, STATE_RESYNC, json.dumps(held))
        return []
    blob_ids: list[str] = []
    for meeting_id in sorted(meetings):
        blob_ids += records.drop_server_meeting(cur, meeting_id)
    for case_id in sorted(cases):
        records.drop_server_case(cur, case_id)
    for comment_id in sorted(comments):
        records.drop_server_comment(cur, comment_id)
    for annotation_id in sorted(annotations):
        records.drop_shared_annotation(cur, annotation_id)
    vault_state.delete(cur, STATE_RESYNC)
    events.emit(
        events.PULL_RESYNC_DONE,
        meetings_dropped=len(meetings),
        cases_dropped=len(cases),
        comments_dropped=len(comments),
        annotations_dropped=len(annotations),
    )
    return blob_ids
