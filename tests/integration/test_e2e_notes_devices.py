"""Private notes sealed on the tablet: real vaults, the real engine, the real server.

A private note with a marker word, synced: no server file (database, WAL, blob
store, journal, anything in its data directory) holds the marker or any 16-byte
run of the note's plaintext. The reader's second tablet is pending until she
approves it on the first one, comparing the six-digit code both show; before that
it holds the sealed entry parked and shows nothing, after it shows the note.
docs/spec/e2e-notes.md.
"""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test tree has no
# packages) and so shadow their names.

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from conftest_sync import (  # noqa: F401 (fixtures)
    DeviceFactory,
    SyncServer,
    devices,
    pdf_bytes,
    sync_server,
    write_meeting,
)
from sqlalchemy import select

from server.models import Annotation, Document, FeedRow, NotesKey
from sync import model
from sync import protocol as p
from sync.e2e import notes, recovery, seal
from sync.errors import FolioError
from tests.helpers.notes_approval import approve_notes

MARKER = "kvistlygte"


def _server_bytes(server: SyncServer) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(server.data_dir.rglob("*")) if p.is_file())


def _assert_nothing_of(text: str, held: bytes) -> None:
    plain = text.encode("utf-8")
    assert MARKER.encode() not in held
    runs = [plain[i : i + 16] for i in range(len(plain) - 15)]
    leaked = [r for r in runs if r in held]
    assert leaked == []


def test_a_private_note_is_sealed_and_reaches_the_second_tablet_only_after_approval(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    write_meeting(
        tmp_path / "pack",
        committee,
        [{"number": "1", "docs": {"a.pdf": pdf_bytes("alpha text for private notes")}}],
    )
    meeting_id = str(sync_server.publish(tmp_path / "pack").meeting_id)
    first, second = devices(2, user=reader)
    assert first.sync().ok  # the reader's first tablet makes the notes key
    status = first.api.notes_status()
    assert status.approved
    assert status.recovery_key is not None
    recovery.decode(status.recovery_key)  # 28 symbols with a check: written down once
    first.api.recovery_key_written()
    assert first.api.notes_status().recovery_key is None
    doc = first.api.get_meeting(meeting_id).items[0].documents[0]
    # negative control: a note shared with the committee is readable by the server,
    # and the scan finds it there
    shared = f"Shared with the committee: {MARKER.upper()} is on the agenda twice."
    first.api.add_annotation(
        doc.id, 0, model.AnnotationKind.NOTE, text=shared, visibility=model.Visibility.COMMITTEE
    )
    text = (
        f"Before the vote: {MARKER}. The budget line for the harbour looks padded; "
        "ask the director where the 2.4 million for consultants went."
    )
    first.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text=text)
    assert first.sync().ok
    held = _server_bytes(sync_server)
    assert MARKER.upper().encode() in held
    _assert_nothing_of(text, held)

    # the second tablet: pending, with the note's entry parked and nothing shown
    assert second.sync().ok
    st = second.api.notes_status()
    assert st.pending
    assert not st.approved
    assert [a.text for a in second.api.list_annotations(doc.id)] == [shared]  # not the private one
    assert first.sync().ok  # answers the request
    assert second.sync().ok  # reveals its nonce: its code is known
    code = second.api.notes_status().code
    assert code is not None
    assert first.api.pending_devices()[0].code is None  # not yet synced since the reveal
    assert first.sync().ok
    (asking,) = first.api.pending_devices()
    assert asking.device_id == second.device_id
    assert asking.code == code  # the reader sees the same six digits on both
    assert [a.text for a in second.api.list_annotations(doc.id)] == [shared]  # not the private one
    first.api.approve_device(second.device_id)
    assert first.sync().ok  # wraps the notes key to the second tablet
    assert first.api.pending_devices() == []
    assert second.sync().ok
    assert second.api.notes_status().approved
    assert sorted(a.text for a in second.api.list_annotations(doc.id)) == sorted([shared, text])

    # the second tablet's own private note goes up sealed and reaches the first
    reply = f"Second thoughts on {MARKER}: talk to the harbour master before Thursday's meeting."
    second.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text=reply)
    assert second.sync().ok
    assert first.sync().ok
    assert sorted(a.text for a in first.api.list_annotations(doc.id)) == sorted(
        [shared, text, reply]
    )
    held = _server_bytes(sync_server)
    _assert_nothing_of(text, held)
    _assert_nothing_of(reply, held)


def test_the_recovery_key_restores_notes_on_a_new_tablet_and_a_revoked_one_reads_nothing_after(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    write_meeting(
        tmp_path / "pack", committee, [{"number": "1", "docs": {"a.pdf": pdf_bytes("beta")}}]
    )
    meeting_id = str(sync_server.publish(tmp_path / "pack").meeting_id)
    (lost,) = devices(1, user=reader)
    assert lost.sync().ok
    written_down = lost.api.notes_status().recovery_key
    assert written_down is not None
    doc = lost.api.get_meeting(meeting_id).items[0].documents[0]
    before = f"Written on the tablet that is lost: {MARKER}."
    lost.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text=before)
    assert lost.sync().ok
    old_ring = notes.keyring(lost.api.vault.db)
    assert old_ring is not None
    sync_server.revoke(lost.device_id)  # stolen: no device of hers is left

    (new,) = devices(1, user=reader)
    assert new.sync().ok
    assert new.api.notes_status().pending  # nobody left to approve it
    with pytest.raises(FolioError):
        new.api.recover_notes(written_down.replace(written_down[0], "U", 1))  # a typo
    new.api.recover_notes(written_down.lower())
    assert new.sync().ok  # opens the recovery wrap; the parked note opens too
    assert [a.text for a in new.api.list_annotations(doc.id)] == [before]
    assert new.sync().ok  # the lost tablet held the key: rotation
    ring = notes.keyring(new.api.vault.db)
    assert ring is not None
    assert ring.current == 2
    after = f"Written after the theft: {MARKER} again."
    new.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text=after)
    assert new.sync().ok
    with sync_server.ctx.sessions() as session:
        rows = session.scalars(select(Annotation).where(Annotation.document_id == doc.id)).all()
        key_row = session.get(NotesKey, rows[0].user_id)
        assert key_row is not None
        assert key_row.recovery_generation == 2  # the recovery key still opens everything
    sealed_rows = {r.id: r.data for r in rows if r.data is not None}
    assert len(sealed_rows) == 2
    user_id = new.api.vault.db.get_state(notes.USER_ID)
    assert user_id is not None
    for annotation_id, data in sealed_rows.items():
        sealed = p.b64decode(data["sealed"])
        if seal.sealed_generation(sealed) == 2:
            with pytest.raises(FolioError):  # the stolen tablet's keyring stops at 1
                seal.open_json(old_ring, user_id, annotation_id, data["op_id"], sealed)
            assert (
                seal.open_json(ring, user_id, annotation_id, data["op_id"], sealed)["text"] == after
            )
    assert sorted(a.text for a in new.api.list_annotations(doc.id)) == sorted([before, after])


def test_a_private_note_an_older_app_sent_in_the_clear_is_resealed_and_its_plaintext_rows_go(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    write_meeting(
        tmp_path / "pack", committee, [{"number": "1", "docs": {"a.pdf": pdf_bytes("gamma")}}]
    )
    meeting_id = str(sync_server.publish(tmp_path / "pack").meeting_id)
    with sync_server.ctx.sessions() as session:
        doc_id = session.scalars(select(Document.id).where(Document.meeting_id == meeting_id)).one()
    older, newer = devices(2, user=reader)
    words = f"Noted with last year's app: {MARKER} and the ferry contract."
    annotation_id = str(uuid.uuid4())
    clear = p.AnnotationPayload(
        annotation_id=annotation_id,
        document_id=doc_id,
        document_version=1,
        page=0,
        kind="note",
        color="#ffee00",
        visibility=p.Visibility.PRIVATE,
        text=words,
    )
    op = p.Op(id=str(uuid.uuid4()), kind=p.OpKind.ANNOTATION_PUT.value, payload=clear.to_json())
    (answer,) = older.engine.client.push_ops([op]).answers  # what an app before sealing sent
    assert answer.status is p.OpStatus.APPLIED

    assert newer.sync().ok  # makes the notes key, pulls the note, re-seals it
    assert [a.text for a in newer.api.list_annotations(doc_id)] == [words]
    with sync_server.ctx.sessions() as session:
        row = session.get(Annotation, annotation_id)
        assert row is not None
        assert row.data is not None
        assert set(row.data) == {"annotation_id", "document_id", "op_id", "sealed", "base_revision"}
        feed = session.scalars(
            select(FeedRow.data).where(FeedRow.ref_id == annotation_id, FeedRow.data.is_not(None))
        ).all()
    assert feed  # the sealed row for her other tablets
    assert all(MARKER not in str(data) for data in feed)


def test_a_refused_approval_request_does_not_stop_the_rest_of_the_round(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    """Found by the GUI suite (every demo tablet is another tablet of one reader): once
    the server refused more open approval requests (429), the notes step failed the
    whole round, so a new tablet never got its meetings. Now private notes wait and the
    rest syncs."""
    from server.notes_keys import MAX_OPEN_APPROVALS  # noqa: PLC0415 (the server's limit)

    reader = sync_server.user()
    committee = sync_server.committee([reader])
    write_meeting(
        tmp_path / "pack", committee, [{"number": "1", "docs": {"a.pdf": pdf_bytes("text")}}]
    )
    meeting_id = str(sync_server.publish(tmp_path / "pack").meeting_id)
    first, *pending = devices(MAX_OPEN_APPROVALS + 2, user=reader)
    assert first.sync().ok  # makes the notes key
    results = [dev.sync() for dev in pending]
    assert all(r.ok for r in results), [r.error for r in results]
    for dev in pending:
        assert meeting_id in [m.id for m in dev.api.list_meetings()]  # the server is shared
        assert not dev.api.notes_status().approved


@pytest.mark.log_expect(r"folio\.sync: notes\.start_over_refused")  # the refusal is the point
def test_with_no_tablet_and_no_recovery_key_the_reader_starts_her_notes_over(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    """Found by the model test: she lost her only tablet before writing the recovery key
    down. Without a way to start over, every later tablet stayed pending for good and
    her new private notes never left it."""
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    write_meeting(
        tmp_path / "pack", committee, [{"number": "1", "docs": {"a.pdf": pdf_bytes("gamma")}}]
    )
    meeting_id = str(sync_server.publish(tmp_path / "pack").meeting_id)
    (lost,) = devices(1, user=reader)
    assert lost.sync().ok
    doc = lost.api.get_meeting(meeting_id).items[0].documents[0]
    lost.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text=f"lost {MARKER}")
    assert lost.sync().ok
    sync_server.revoke(lost.device_id)  # and the recovery key was never written down

    new, other = devices(2, user=reader)
    assert new.sync().ok
    held = "written while pending"
    new.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text=held)
    assert new.sync().ok
    assert new.api.notes_status().pending
    new.api.start_notes_over()
    assert new.sync().ok  # a new notes key here, with a new recovery key to write down
    status = new.api.notes_status()
    assert status.approved
    assert status.recovery_key is not None
    assert new.sync().ok  # the held note goes up, sealed with the new key
    assert [a.text for a in new.api.list_annotations(doc.id)] == [held]  # the old one is gone

    # while a tablet of hers holds the key, another cannot start over: it asks instead
    assert other.sync().ok
    other.api.start_notes_over()
    assert other.sync().ok
    assert other.api.notes_status().pending
    approve_notes(other, new)
    assert [a.text for a in other.api.list_annotations(doc.id)] == [held]
