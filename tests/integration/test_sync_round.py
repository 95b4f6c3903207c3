"""A sync round end to end against the real server: enroll, pull, verified downloads, push."""

# ruff: noqa: F811, PT018, PLC0415 - fixtures are imported from conftest_sync (the test
# tree has no packages) and so shadow their names; compound asserts read as one fact here.

from __future__ import annotations

from pathlib import Path

from conftest_sync import (  # noqa: F401 (fixtures)
    PASSWORD,
    DeviceFactory,
    SyncServer,
    devices,
    pdf_bytes,
    sync_server,
    write_meeting,
)

from server import admin as admin_ops
from sync import model
from sync import protocol as p
from sync.device.enrollment import offline_locked
from sync.store import records


def _publish(server: SyncServer, tmp_path: Path, reader: str, **kw: object) -> str:
    committee = server.committee([reader])
    write_meeting(
        tmp_path / "pack",
        committee,
        [
            {"number": "1", "docs": {"a.pdf": pdf_bytes("alpha document", pages=3)}},
            {"number": "2", "needs_decision": True, "docs": {"b.pdf": "beta"}},
            {"number": "3", "closed": True, "docs": {"c.pdf": "gamma closed"}},
        ],
        **kw,  # type: ignore[arg-type]
    )
    return str(server.publish(tmp_path / "pack").meeting_id)


def test_first_round_installs_every_document_verified_and_indexed(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    meeting_id = _publish(sync_server, tmp_path, reader)
    (dev,) = devices(1, user=reader)
    seen: list[object] = []
    dev.engine._ctx.progress = seen.append
    result = dev.sync()
    assert result.ok, result.error
    assert result.documents == 3
    docs = dev.api.list_documents(meeting_id)
    assert {d.state for d in docs} == {model.DocumentState.VERIFIED}
    assert dev.api.document_bytes(docs[0].id).startswith(b"%PDF")
    assert any(h.document_id for h in dev.api.search("alpha"))
    assert dev.api.get_meeting(meeting_id).pack_state is model.PackState.READY
    assert any(getattr(s, "phase", "") == "download" for s in seen)
    # a second round has nothing to do and changes nothing
    again = dev.sync()
    assert again.ok and again.documents == 0
    status = dev.api.sync_status()
    assert status.last_sync_at is not None and not status.last_error


def test_replaying_a_feed_page_changes_nothing(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    from sync.engine import pull

    reader = sync_server.user()
    meeting_id = _publish(sync_server, tmp_path, reader)
    (dev,) = devices(1, user=reader)
    assert dev.sync().ok
    before = dev.api.get_meeting(meeting_id)
    page = dev.engine.client.feed(None, 500)
    pull.apply_page(dev.engine._ctx, page)
    pull.apply_page(dev.engine._ctx, page)
    after = dev.api.get_meeting(meeting_id)
    assert after == before


def test_ops_go_up_once_with_answers_stored(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    meeting_id = _publish(sync_server, tmp_path, reader)
    (dev,) = devices(1, user=reader)
    assert dev.sync().ok
    meeting = dev.api.get_meeting(meeting_id)
    item = meeting.items[0]
    dev.api.add_comment("item", item.id, "first comment")
    case = next(c for c in dev.api.list_cases())
    dev.api.decide(case.id, model.Decision.APPROVE, "ok")
    assert dev.api.sync_status().ops_waiting == 2
    result = dev.sync()
    assert result.ok and result.pushed == 2
    assert dev.api.sync_status().ops_waiting == 0
    approvals = dev.api.list_approvals(case.id)
    assert approvals[0].state is model.OpState.CONFIRMED and approvals[0].receipt_id
    counts = sync_server.op_counts()
    assert all(counts[op.id] == 1 for op in dev.api.list_ops())


def test_the_members_display_name_signs_comments_and_the_watermark(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    """Comments and the watermark use the name the server knows the member by."""
    reader = sync_server.unique("reader")
    admin_ops.add_user(sync_server.ctx, reader, PASSWORD, display_name="Karen Lund")
    meeting_id = _publish(sync_server, tmp_path, reader)
    first, second = devices(2, user=reader)
    assert first.api.reader_name() == "Karen Lund"
    assert first.sync().ok
    item = first.api.get_meeting(meeting_id).items[0]
    first.api.add_comment("item", item.id, "a comment from the first tablet")
    (mine,) = first.api.list_comments("item", item.id)
    assert mine.author == "Karen Lund"
    assert first.sync().ok

    # The other device of the same member gets it back from the server: still theirs.
    assert second.sync().ok
    (echoed,) = second.api.list_comments("item", item.id)
    assert echoed.id == mine.id
    assert echoed.author == "Karen Lund"
    sheet = {s.item.id: s for s in second.api.meeting_sheet(meeting_id)}
    assert [c.body for c in sheet[item.id].comments] == ["a comment from the first tablet"]


def test_offline_expiry_locks_after_grace(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    from datetime import timedelta

    reader = sync_server.user()
    _publish(sync_server, tmp_path, reader)
    (dev,) = devices(1, user=reader)
    assert dev.sync().ok
    db = dev.api.vault.db
    now = dev.engine.clock.now()
    assert not offline_locked(db, now)
    assert offline_locked(db, now + timedelta(days=400))


def test_a_long_pen_mark_is_thinned_to_what_the_server_accepts(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    meeting_id = _publish(sync_server, tmp_path, reader)
    (dev,) = devices(1, user=reader)
    assert dev.sync().ok
    doc = dev.api.list_documents(meeting_id)[0]
    stroke = [(10 + i * 0.001, 20.0, 0.5) for i in range(30_000)]
    changes = dev.api.add_annotation(doc.id, 0, model.AnnotationKind.INK, strokes=[stroke])
    (ann_id,) = changes.annotations
    result = dev.sync()
    assert result.ok and result.pushed == 1
    (op,) = dev.api.list_ops()
    assert op.state is model.OpState.CONFIRMED, op.reason
    kept = dev.api.get_annotation(ann_id).strokes[0]
    assert len(kept) <= p.MAX_ANNOTATION_POINTS
    assert kept[0] == stroke[0] and kept[-1] == stroke[-1]


def test_a_batch_over_the_body_limit_is_split_and_one_op_over_it_refused_here(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    """An op bigger than the server's whole ops body (one an older app could write)
    must not block the outbox: the batch is split, the rest goes up, and that op is
    answered here as the server answers an op over its caps."""
    reader = sync_server.user()
    meeting_id = _publish(sync_server, tmp_path, reader)
    (dev,) = devices(1, user=reader)
    assert dev.sync().ok
    item = dev.api.get_meeting(meeting_id).items[0]
    db = dev.api.vault.db
    # add_op refuses such a payload now, so the older app's row is written as it wrote it.
    giant = records.new_id()
    body = {"annotation_id": records.new_id(), "text": "x" * (60 * 1024 * 1024)}
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO ops(id, kind, payload, created_at) VALUES (?, ?, ?, ?)",
            (giant, "annotation.put", p.canonical_json(body).decode(), records.ts(records.now())),
        )
    dev.api.add_comment("item", item.id, "after the giant")
    result = dev.sync()
    assert result.ok, result.error
    states = {op.id: (op.state, op.reason) for op in dev.api.list_ops()}
    assert states.pop(giant) == (model.OpState.REJECTED, p.Reason.INVALID_PAYLOAD.value)
    assert [s for s, _ in states.values()] == [model.OpState.CONFIRMED]
    assert dev.api.sync_status().ops_waiting == 0
    assert dev.sync().ok
