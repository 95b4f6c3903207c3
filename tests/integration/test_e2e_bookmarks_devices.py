"""Bookmarks travel sealed between the reader's own tablets (docs/spec/e2e-notes.md).

Real vaults, the real engine, the real server. A bookmark set on the first tablet
reaches the second only once the reader approved it; one the second set while
pending waits in its outbox and goes up sealed after the approval; a removal on the
second removes it on the first. No server file (database, WAL, journal, the server's
log) holds a bookmark's page or whether it is set; a shared note's page, which the
server may read, is found by the same scan (the negative control). Replaying the
whole feed, with the older entries of a removed bookmark, changes nothing.
"""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test tree has no
# packages) and so shadow their names.

from __future__ import annotations

import re
from pathlib import Path

from conftest_sync import (  # noqa: F401 (fixtures)
    DeviceFactory,
    SyncServer,
    devices,
    pdf_bytes,
    sync_server,
    write_meeting,
)
from sqlalchemy import select

from server.models import Bookmark, FeedRow
from sync import model
from sync import protocol as p
from sync.engine import pull
from tests.helpers.notes_approval import approve_notes

#: the page the shared note is on (the server reads it: the negative control)
SHARED_PAGE = 1
#: the bookmarked page the server must never learn
SECRET_PAGE = 2


def _server_bytes(server: SyncServer) -> bytes:
    return b"".join(f.read_bytes() for f in sorted(server.data_dir.rglob("*")) if f.is_file())


def _page_field(page: int) -> re.Pattern[bytes]:
    """``"page": N`` as any JSON writer spells it (canonical or with a space)."""
    return re.compile(rb'"page"\s*:\s*' + str(page).encode() + rb"\b")


def test_a_bookmark_reaches_the_other_tablet_after_approval_and_its_removal_comes_back(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    write_meeting(
        tmp_path / "pack",
        committee,
        [{"number": "1", "docs": {"a.pdf": pdf_bytes("bookmarked text", pages=3)}}],
    )
    meeting_id = str(sync_server.publish(tmp_path / "pack").meeting_id)
    first, second = devices(2, user=reader)
    assert first.sync().ok  # makes the reader's notes key
    doc = first.api.get_meeting(meeting_id).items[0].documents[0]
    first.api.add_annotation(
        doc.id,
        SHARED_PAGE,
        model.AnnotationKind.NOTE,
        text="Shared with the committee: the harbour again.",
        visibility=model.Visibility.COMMITTEE,
    )
    assert first.api.add_bookmark(doc.id, SECRET_PAGE).outbox
    assert first.sync().ok

    # the second tablet, not approved yet: the bookmark's entry is parked, and one it
    # sets itself waits in its outbox, unsealed and unsent
    assert second.sync().ok
    assert second.api.notes_status().pending
    assert second.api.list_bookmarks(doc.id) == []
    assert second.api.add_bookmark(doc.id, 0).outbox
    assert second.sync().ok
    assert second.api.sync_status().ops_waiting == 1
    with sync_server.ctx.sessions() as session:
        assert len(session.scalars(select(Bookmark)).all()) == 1  # only the first tablet's

    approve_notes(second, by=first)
    assert second.sync().ok
    assert second.api.list_bookmarks(doc.id) == [0, SECRET_PAGE]
    assert second.api.sync_status().ops_waiting == 0
    assert first.sync().ok
    assert first.api.list_bookmarks(doc.id) == [0, SECRET_PAGE]

    # removed on the second tablet: gone on the first too
    assert second.api.remove_bookmark(doc.id, SECRET_PAGE).outbox
    assert second.sync().ok
    assert first.sync().ok
    assert first.api.list_bookmarks(doc.id) == [0]
    assert second.api.list_bookmarks(doc.id) == [0]

    # the first tablet removes page 0 and sets it again; the second, not synced since,
    # removes it: the server orders that last (revision 4), and the second, pulling
    # the first tablet's two older writes after its own answer, keeps it removed
    first.api.remove_bookmark(doc.id, 0)
    assert first.sync().ok
    first.api.add_bookmark(doc.id, 0)
    assert first.sync().ok
    second.api.remove_bookmark(doc.id, 0)
    assert second.sync().ok
    assert second.api.list_bookmarks(doc.id) == []
    assert first.sync().ok
    assert first.api.list_bookmarks(doc.id) == []

    # the second tablet's whole feed again: it holds the first tablet's older entries
    # (set, revision 1, of the secret page; removed and set, revisions 2 and 3, of
    # page 0) of bookmarks the second removed since, and the echoes of its own three
    # writes (set page 0, remove the secret page, remove page 0): applied twice,
    # nothing comes back
    page = second.engine.client.feed(None, 500)
    kinds = [e.kind for e in page.entries]
    assert kinds.count(p.FeedKind.BOOKMARK_SEALED) == 6
    pull.apply_page(second.engine._ctx, page)
    pull.apply_page(second.engine._ctx, page)
    assert second.api.list_bookmarks(doc.id) == []

    # the server files ciphertext: the page and the set/removed flag are nowhere
    held = _server_bytes(sync_server)
    assert _page_field(SHARED_PAGE).search(held)  # negative control: the scan finds a page
    assert not _page_field(SECRET_PAGE).search(held)
    assert b"bookmarked" not in held
    with sync_server.ctx.sessions() as session:
        rows = session.scalars(select(Bookmark).where(Bookmark.document_id == doc.id)).all()
        assert sorted(r.revision for r in rows) == [2, 4]  # the secret page twice; page 0 4x
        for row in rows:
            assert set(row.data) == {"bookmark_id", "document_id", "op_id", "sealed"}
        feed_rows = session.scalars(
            select(FeedRow).where(FeedRow.kind == p.FeedKind.BOOKMARK_SEALED.value)
        ).all()
        assert {r.ref_id for r in feed_rows} == {r.id for r in rows}


def test_bookmarks_on_a_closed_document_go_with_the_committee_and_come_back_with_it(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    """Leaving the committee purges its closed documents and her bookmarks on them;
    rejoining sends the documents again and, from the server's sealed rows, the
    bookmarks too."""
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    write_meeting(
        tmp_path / "pack",
        committee,
        [{"number": "1", "closed": True, "docs": {"c.pdf": pdf_bytes("closed", pages=3)}}],
    )
    meeting_id = str(sync_server.publish(tmp_path / "pack").meeting_id)
    (tablet,) = devices(1, user=reader)
    assert tablet.sync().ok
    doc = tablet.api.get_meeting(meeting_id).items[0].documents[0]
    tablet.api.add_bookmark(doc.id, 1)
    assert tablet.sync().ok
    sync_server.admin.remove_member(sync_server.ctx, committee, reader)
    assert tablet.sync().ok
    assert tablet.api.list_bookmarks(doc.id) == []
    sync_server.admin.add_member(sync_server.ctx, committee, reader)
    assert tablet.sync().ok
    assert tablet.api.list_bookmarks(doc.id) == [1]
