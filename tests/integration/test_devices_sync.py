"""Offline work, two devices of one reader, revocation: the stories of issue 4."""

# ruff: noqa: F811, PT018 - fixtures are imported from conftest_sync (the test tree has no
# packages) and so shadow their names; compound asserts read as one fact here.

from __future__ import annotations

from pathlib import Path

from conftest_sync import (  # noqa: F401 (fixtures)
    DeviceFactory,
    SyncServer,
    devices,
    pdf_bytes,
    sync_server,
    write_meeting,
)

from sync import model
from sync.errors import ErrorKind
from sync.vault import Vault
from tests.helpers.notes_approval import approve_notes


def _meeting(server: SyncServer, tmp_path: Path, reader: str, key: str | None = None) -> str:
    committee = server.committee([reader])
    write_meeting(
        tmp_path / "pack",
        committee,
        [
            {"number": "1", "docs": {"a.pdf": pdf_bytes("alpha text for notes", pages=2)}},
            {"number": "2", "needs_decision": True, "docs": {"b.pdf": "beta"}},
        ],
        key=key,
    )
    return str(server.publish(tmp_path / "pack").meeting_id)


def test_offline_work_waits_then_one_round_delivers(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    meeting_id = _meeting(sync_server, tmp_path, reader)
    (dev,) = devices(1, user=reader)
    assert dev.sync().ok
    meeting = dev.api.get_meeting(meeting_id)
    doc = meeting.items[0].documents[0]
    case = dev.api.list_cases()[0]
    sync_server.stop()
    try:
        dev.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text="offline note")
        dev.api.add_comment("item", meeting.items[0].id, "offline comment")
        dev.api.decide(case.id, model.Decision.APPROVE, "offline yes")
        offline = dev.sync()
        assert not offline.ok and offline.error is not None
        assert offline.error.kind is ErrorKind.OFFLINE
        status = dev.api.sync_status()
        assert status.ops_waiting == 3
        assert "reach" in (status.last_error or "")
        assert dev.api.list_approvals(case.id)[0].state in (
            model.OpState.WAITING,
            model.OpState.SENT,
        )
    finally:
        sync_server.start()
    back = dev.sync()
    assert back.ok, back.error
    assert back.pushed == 3
    assert dev.api.sync_status().ops_waiting == 0
    assert dev.api.list_approvals(case.id)[0].state is model.OpState.CONFIRMED
    counts = sync_server.op_counts()
    assert all(counts[op.id] == 1 for op in dev.api.list_ops())


def test_two_devices_conflicting_offline_edits_merge_the_same_on_both(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    meeting_id = _meeting(sync_server, tmp_path, reader)
    a, b = devices(2, user=reader)
    assert a.sync().ok and b.sync().ok
    approve_notes(b, by=a)  # her private notes reach b only once she approved it
    doc = a.api.get_meeting(meeting_id).items[0].documents[0]
    a.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text="v0", annotation_id="ann-1")
    a.api.add_annotation(doc.id, 1, model.AnnotationKind.NOTE, text="gone", annotation_id="ann-2")
    assert a.sync().ok and b.sync().ok
    assert b.api.get_annotation("ann-1").text == "v0"
    # both offline: A edits ann-1 and deletes ann-2, B edits ann-1 and ann-2
    a.api.update_annotation("ann-1", text="from A")
    a.api.delete_annotation("ann-2")
    b.api.update_annotation("ann-1", text="from B")
    b.api.update_annotation("ann-2", text="B kept it")
    # A reaches the server first, then B: the later write wins, per annotation
    assert a.sync().ok
    assert b.sync().ok
    assert a.sync().ok
    for dev in (a, b):
        one = dev.api.get_annotation("ann-1")
        two = dev.api.get_annotation("ann-2")
        assert one.text == "from B"
        assert two.text == "B kept it" and not two.deleted
    assert a.api.get_annotation("ann-1").revision == b.api.get_annotation("ann-1").revision
    # a delete that reaches the server last is a tombstone on both
    b.api.delete_annotation("ann-2")
    assert b.sync().ok and a.sync().ok
    for dev in (a, b):
        assert all(x.id != "ann-2" for x in dev.api.list_annotations(doc.id))


def test_new_document_version_keeps_annotations_and_the_round_reanchors_them(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    meeting_id = _meeting(sync_server, tmp_path, reader, key=f"versions-{reader}")
    (dev,) = devices(1, user=reader)
    assert dev.sync().ok
    doc = dev.api.get_meeting(meeting_id).items[0].documents[0]
    dev.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text="keep", annotation_id="k1")
    assert dev.sync().ok
    (tmp_path / "pack" / "a.pdf").write_bytes(pdf_bytes("alpha text revised", pages=2))
    sync_server.publish(tmp_path / "pack")
    assert dev.sync().ok
    after = dev.api.get_document(doc.id)
    assert after.version == 2 and after.state is model.DocumentState.VERIFIED
    kept = dev.api.get_annotation("k1")
    assert kept.text == "keep"
    # the round's re-anchor phase moved it along its page (docs/sync.md)
    assert not kept.needs_reanchor
    assert kept.document_version == 2


def test_revoked_device_wipes_on_next_sync(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    _meeting(sync_server, tmp_path, reader)
    keep, lost = devices(2, user=reader)
    assert lost.sync().ok
    sync_server.revoke(lost.device_id)
    result = lost.sync()
    assert result.wiped
    assert not Vault.exists(lost.data_dir)
    assert not (lost.data_dir / "device.json").exists()
    assert keep.sync().ok


def test_wipe_order_wipes_and_acknowledges(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    _meeting(sync_server, tmp_path, reader)
    (dev,) = devices(1, user=reader)
    assert dev.sync().ok
    sync_server.revoke(dev.device_id, wipe=True)
    result = dev.sync()
    assert result.wiped
    assert not Vault.exists(dev.data_dir)
