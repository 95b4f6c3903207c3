"""Holes the model test (tests/model) found beyond issue 11's nine.

1. Version numbers handed out again. A meeting republished after the backup went
   to version 2 on the devices; the restored server is back at version 1 and its
   next publish makes a *different* version 2. Devices refused the restored
   manifest as a replay (kept the lost version 2: closed items, old texts) and then
   failed every sync on "a document version changed its hash". Now the publish
   journals its version numbers and ``folio-server restore`` puts the restored
   content out as a version above every number journaled since the backup.
2. Colleagues' comments the restored server no longer has (lost, or refused when
   re-sent) stayed on the other devices after the resync. Now the resync drops
   them, like meetings and cases it does not put again.

3. A withdrawn meeting published again came back without its comments and
   annotations: the devices purged them with the withdrawal and their cursors were
   past the rows that brought them. Now the publish sends them again.
4. After a restore, an unshare made offline was undone by the older edit the device
   sent again after it (outbox.requeue_lost skips an op a later one on the mark
   supersedes).
5. A mark on a document version a restore lost was refused for good (the page
   check now takes a version below the document's current one as it is).
6. The reader's other tablet ignored the restored server's lower revisions of a mark
   and re-anchored its stale copy over the newer state (a new epoch resets the
   merged revisions).
7. A comment made while its item was closed never reached a non-member once the
   item opened in a new version (the publish now sends its row again).
8. A tablet approved for private notes after the backup: the restored server no
   longer knew it held the notes key, so it could neither answer a new tablet's
   request nor rotate the key once her other tablet was revoked, and the new tablet
   never got a code (the tablet now gives the restored server its wrap again).
9. A mark made offline on a withdrawn meeting's document, pushed after the meeting
   was published again: the push was accepted, then the same round pulled the
   withdrawal and purged the mark, and the feed row that would have brought it back
   skipped the device that wrote it. Every one of the reader's devices, the writer
   too, now gets the row (an echo of the revision it holds changes nothing).

Through the real ``server.backup.backup`` / ``restore``, publish and the real engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest_sync import (
    ADMIN_PASSWORD,
    Device,
    SyncServer,
    enroll_device,
    pdf_bytes,
    write_meeting,
)

from server import admin as admin_ops
from server import backup
from server.context import ServerContext
from sync import model
from tests.helpers.notes_approval import approve_notes


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SyncServer]:
    data_dir = tmp_path / "server"
    db_url = f"sqlite:///{data_dir / 'server.db'}"
    ctx = ServerContext.open(data_dir, db_url)
    admin_ops.init(ctx, "admin", ADMIN_PASSWORD)
    srv = SyncServer(data_dir, db_url, ctx)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()
        srv.ctx.close()


def _restore(srv: SyncServer, dest: Path) -> None:
    srv.stop()
    srv.ctx.engine.dispose()
    backup.restore(srv.ctx, dest)
    srv.start()


def _publish(srv: SyncServer, folder: Path, committee: str, data: bytes, *, closed: bool) -> None:
    write_meeting(
        folder,
        committee,
        [
            {"number": "1", "docs": {"a.pdf": data}},
            {"number": "2", "closed": closed, "title": "Item secret"},
        ],
        key="board-1",
    )
    srv.publish(folder)


def test_restore_never_hands_out_a_version_number_again(server: SyncServer, tmp_path: Path) -> None:
    member, outsider = server.user(), server.user()
    committee = server.committee([member])
    v1, v3 = pdf_bytes("first text"), pdf_bytes("third text")
    _publish(server, tmp_path / "p1", committee, v1, closed=False)
    a = enroll_device(server, member, tmp_path / "member")
    n = enroll_device(server, outsider, tmp_path / "outsider")
    try:
        assert a.sync().ok
        assert n.sync().ok
        backup.backup(server.ctx, tmp_path / "backup")
        # After the backup: version 2, the document changed and item 2 closed.
        _publish(server, tmp_path / "p2", committee, pdf_bytes("second text"), closed=True)
        assert a.sync().ok
        assert n.sync().ok
        (m,) = n.api.list_meetings()
        assert [i.number for i in n.api.get_meeting(m.id).items] == ["1"]

        _restore(server, tmp_path / "backup")
        for dev in (a, n, a, n):
            result = dev.sync()
            assert result.ok, result.error
        for dev in (a, n):
            meeting = dev.api.get_meeting(m.id)
            # The restored agenda: item 2 open again, for the outsider too.
            assert [(i.number, i.closed) for i in meeting.items] == [("1", False), ("2", False)]
            (doc,) = meeting.items[0].documents
            assert doc.version == 3  # above the lost version 2, with the restored bytes
            assert dev.api.document_bytes(doc.id) == v1

        # The restored server's next publish: a new number again, never stuck.
        _publish(server, tmp_path / "p3", committee, v3, closed=False)
        for dev in (a, n, a, n):
            result = dev.sync()
            assert result.ok, result.error
        (doc,) = a.api.get_meeting(m.id).items[0].documents
        assert doc.version == 4
        assert a.api.document_bytes(doc.id) == v3
    finally:
        a.close()
        n.close()


def test_resync_drops_colleagues_comments_the_restored_server_lacks(
    server: SyncServer, tmp_path: Path
) -> None:
    reader, colleague = server.user(), server.user()
    committee = server.committee([reader, colleague])
    _publish(server, tmp_path / "p1", committee, pdf_bytes("text"), closed=False)
    a = enroll_device(server, reader, tmp_path / "reader")
    c = enroll_device(server, colleague, tmp_path / "colleague")
    try:
        assert a.sync().ok
        assert c.sync().ok
        backup.backup(server.ctx, tmp_path / "backup")
        (m,) = c.api.list_meetings()
        item = c.api.get_meeting(m.id).items[0]
        c.api.add_comment("item", item.id, "the colleague's comment")
        a.api.add_comment("item", item.id, "my own comment")
        assert c.sync().ok
        assert a.sync().ok
        assert {x.body for x in a.api.list_comments("item", item.id)} == {
            "the colleague's comment",
            "my own comment",
        }
        c.close()  # the colleague's tablet never comes back to send it again

        _restore(server, tmp_path / "backup")
        for _ in range(2):
            result = a.sync()
            assert result.ok, result.error
        # The server lost the colleague's comment: gone here too; the reader's own
        # was sent again and stays.
        assert [x.body for x in a.api.list_comments("item", item.id)] == ["my own comment"]
    finally:
        a.close()


def test_republished_after_withdrawal_brings_back_comments_and_annotations(
    server: SyncServer, tmp_path: Path
) -> None:
    reader, colleague = server.user(), server.user()
    committee = server.committee([reader, colleague])
    folder = tmp_path / "p1"
    _publish(server, folder, committee, pdf_bytes("text"), closed=True)
    a1 = enroll_device(server, reader, tmp_path / "a1")
    a2 = enroll_device(server, reader, tmp_path / "a2")
    c = enroll_device(server, colleague, tmp_path / "colleague")
    devices = (a1, a2, c)
    try:
        for dev in devices:
            assert dev.sync().ok
        approve_notes(a2, by=a1)  # her private notes reach a2 only once she approved it
        (m,) = a1.api.list_meetings()
        item = a1.api.get_meeting(m.id).items[0]
        (doc,) = item.documents
        for text, vis in (("mine", model.Visibility.PRIVATE), ("ours", model.Visibility.COMMITTEE)):
            a1.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text=text, visibility=vis)
        c.api.add_comment("item", item.id, "the colleague's comment")
        for dev in (*devices, *devices):
            assert dev.sync().ok
        admin_ops.withdraw_meeting(server.ctx, m.id)
        for dev in devices:
            assert dev.sync().ok
            assert dev.api.list_meetings() == []

        server.publish(folder)  # the same meeting again
        for dev in (*devices, *devices):
            result = dev.sync()
            assert result.ok, result.error
        for dev in (a1, a2):
            notes = {n.text for n in dev.api.list_annotations(doc.id) if not n.deleted}
            assert notes == {"mine", "ours"}, dev.name
        assert {n.text for n in c.api.list_annotations(doc.id)} == {"ours"}
        for dev in devices:
            comments = [x.body for x in dev.api.list_comments("item", item.id)]
            assert comments == ["the colleague's comment"], dev.name
    finally:
        for dev in devices:
            dev.close()


def _shared_note(
    server: SyncServer, tmp_path: Path
) -> tuple[tuple[Device, Device, Device], str, str, str]:
    """Anna's two tablets and a colleague's, all synced, with Anna's note shared.
    Returns the devices, the committee, the document and the note."""
    reader, colleague = server.user(), server.user()
    committee = server.committee([reader, colleague])
    _publish(server, tmp_path / "p1", committee, pdf_bytes("first text"), closed=False)
    devices = (
        enroll_device(server, reader, tmp_path / "a1"),
        enroll_device(server, reader, tmp_path / "a2"),
        enroll_device(server, colleague, tmp_path / "colleague"),
    )
    a1, a2, c = devices
    for dev in devices:
        assert dev.sync().ok
    approve_notes(a2, by=a1)  # the unshare seals the note: a2 must open it
    (m,) = a1.api.list_meetings()
    (doc,) = a1.api.get_meeting(m.id).items[0].documents
    changes = a1.api.add_annotation(
        doc.id, 0, model.AnnotationKind.NOTE, text="ours", visibility=model.Visibility.COMMITTEE
    )
    (note,) = changes.annotations
    for dev in (*devices, *devices):
        assert dev.sync().ok
    assert [n.text for n in c.api.list_annotations(doc.id)] == ["ours"]
    return devices, committee, doc.id, note


def _assert_unshared(devices: tuple[Device, Device, Device], doc_id: str, note: str) -> None:
    a1, a2, c = devices
    for dev in (*devices, *devices):
        result = dev.sync()
        assert result.ok, result.error
    for dev in (a1, a2):
        got = dev.api.get_annotation(note)
        assert got.visibility is model.Visibility.PRIVATE, dev.name
    assert c.api.list_annotations(doc_id) == []
    for dev in devices:
        assert [op for op in dev.api.list_ops() if op.state is model.OpState.REJECTED] == []


def test_unshare_after_a_restore_is_not_undone_by_the_edit_sent_again(
    server: SyncServer, tmp_path: Path
) -> None:
    """4. An edit made after the backup (lost by the restore) and an unshare made
    offline: the round sends the unshare to the restored server, then meets the new
    epoch and sent the older edit again, which the server took as the newer write."""
    devices, _, doc_id, note = _shared_note(server, tmp_path)
    a1 = devices[0]
    try:
        backup.backup(server.ctx, tmp_path / "backup")
        a1.api.update_annotation(note, text="ours, edited")
        assert a1.sync().ok
        a1.api.update_annotation(note, visibility=model.Visibility.PRIVATE)  # offline
        _restore(server, tmp_path / "backup")
        _assert_unshared(devices, doc_id, note)
    finally:
        for dev in devices:
            dev.close()


def test_unshare_after_a_restore_survives_the_other_tablets_stale_copy(
    server: SyncServer, tmp_path: Path
) -> None:
    """5-6. The note re-anchored to a version the restore then lost, and edited so the
    other tablet merged higher revisions than the restored server hands out. The
    server refused the unshare made on the lost version (a page check); the other
    tablet ignored the restored server's lower revisions and re-anchored its stale,
    shared copy over the unshare."""
    devices, committee, doc_id, note = _shared_note(server, tmp_path)
    a1, a2, _ = devices
    try:
        backup.backup(server.ctx, tmp_path / "backup")
        for n in range(4):
            a1.api.update_annotation(note, text=f"ours, edit {n}")
            assert a1.sync().ok
            assert a2.sync().ok
        _publish(server, tmp_path / "p2", committee, pdf_bytes("second text"), closed=False)
        for dev in (*devices, *devices):
            assert dev.sync().ok
        assert a1.api.get_annotation(note).document_version == 2  # re-anchored
        a1.api.update_annotation(note, visibility=model.Visibility.PRIVATE)  # offline
        _restore(server, tmp_path / "backup")
        _assert_unshared(devices, doc_id, note)
    finally:
        for dev in devices:
            dev.close()


def test_a_comment_made_while_the_item_was_closed_reaches_everyone_once_it_opens(
    server: SyncServer, tmp_path: Path
) -> None:
    """7. Found by the model test's long run: the comment's feed row was written for the
    committee only, and opening the item in a new version did not send it again, so a
    non-member (already synced, or enrolled later) never saw it."""
    member, outsider = server.user(), server.user()
    committee = server.committee([member])
    _publish(server, tmp_path / "p1", committee, pdf_bytes("text"), closed=True)
    a = enroll_device(server, member, tmp_path / "member")
    n = enroll_device(server, outsider, tmp_path / "outsider")
    late = None
    try:
        assert a.sync().ok
        assert n.sync().ok
        (m,) = a.api.list_meetings()
        closed_item = next(i for i in a.api.get_meeting(m.id).items if i.number == "2")
        a.api.add_comment("item", closed_item.id, "said while closed")
        assert a.sync().ok
        assert n.sync().ok
        assert [i.number for i in n.api.get_meeting(m.id).items] == ["1"]

        _publish(server, tmp_path / "p2", committee, pdf_bytes("text"), closed=False)
        late = enroll_device(server, server.user(), tmp_path / "late")
        for dev in (n, late, n, late):
            result = dev.sync()
            assert result.ok, result.error
        for dev in (n, late):
            bodies = [c.body for c in dev.api.list_comments("item", closed_item.id)]
            assert bodies == ["said while closed"], dev.name
    finally:
        for dev in (a, n, late):
            if dev is not None:
                dev.close()


def test_a_tablet_approved_after_the_backup_still_approves_a_new_one_after_the_restore(
    server: SyncServer, tmp_path: Path
) -> None:
    """8. Found by the model test's long run (the notes-approval check)."""
    reader = server.user()
    committee = server.committee([reader])
    _publish(server, tmp_path / "p1", committee, pdf_bytes("text"), closed=False)
    first = enroll_device(server, reader, tmp_path / "first")
    second = enroll_device(server, reader, tmp_path / "second")
    third = None
    try:
        assert first.sync().ok  # makes the notes key
        (m,) = first.api.list_meetings()
        doc = first.api.get_meeting(m.id).items[0].documents[0]
        first.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text="before the backup")
        assert first.sync().ok
        assert second.sync().ok  # pending when the backup is taken
        backup.backup(server.ctx, tmp_path / "backup")
        approve_notes(second, first)
        _restore(server, tmp_path / "backup")
        server.revoke(first.device_id, wipe=True)
        assert first.sync().wiped
        third = enroll_device(server, reader, tmp_path / "third")
        approve_notes(third, second)  # never showed a code before the fix
        assert [a.text for a in third.api.list_annotations(doc.id)] == ["before the backup"]
        third.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text="after the restore")
        assert third.sync().ok
        assert second.sync().ok
        texts = sorted(a.text for a in second.api.list_annotations(doc.id))
        assert texts == ["after the restore", "before the backup"]
    finally:
        for dev in (first, second, third):
            if dev is not None:
                dev.close()


@pytest.mark.parametrize("visibility", list(model.Visibility))
def test_a_mark_made_on_a_withdrawn_meeting_survives_its_republication(
    server: SyncServer, tmp_path: Path, visibility: model.Visibility
) -> None:
    reader = server.user()
    committee = server.committee([reader])
    folder = tmp_path / "p1"
    _publish(server, folder, committee, pdf_bytes("text"), closed=False)
    a1 = enroll_device(server, reader, tmp_path / "a1")
    try:
        assert a1.sync().ok
        (m,) = a1.api.list_meetings()
        (doc,) = a1.api.get_meeting(m.id).items[0].documents
        admin_ops.withdraw_meeting(server.ctx, m.id)  # a1 has not heard of it yet
        changes = a1.api.add_annotation(
            doc.id, 0, model.AnnotationKind.NOTE, text="kept", visibility=visibility
        )
        (note,) = changes.annotations
        server.publish(folder)  # the same meeting again, before a1 syncs
        for _ in range(2):
            result = a1.sync()
            assert result.ok, result.error
        assert [op.state for op in a1.api.list_ops()] == [model.OpState.CONFIRMED]
        got = a1.api.get_annotation(note)
        assert (got.text, got.visibility, got.deleted) == ("kept", visibility, False)
    finally:
        a1.close()
