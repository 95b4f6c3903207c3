"""A sync round says exactly what it changed (RoundResult.changes), against the real server.

The screens refresh from this value alone (desktop/syncing.py re-emits it as
TaskRunner.vault_did_change), so it must name what the pull, push, download and
purge phases actually changed: nothing more (a screen would reload for nothing)
and nothing less (a screen would show stale material).
"""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test tree has no
# packages) and so shadow their names.

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

NOTHING_BUT_THE_ROUND = model.Changes(sync_state=True)


def test_a_quiet_round_changes_only_the_sync_state(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    write_meeting(tmp_path / "pack", committee, [{"number": "1", "docs": {"a.pdf": "alpha"}}])
    meeting_id = str(sync_server.publish(tmp_path / "pack").meeting_id)
    (dev,) = devices(1, user=reader)
    first = dev.sync()
    assert first.ok, first.error
    (doc,) = dev.api.list_documents(meeting_id)
    assert first.changes == model.Changes(
        meetings=frozenset({meeting_id}), documents=frozenset({doc.id}), sync_state=True
    )
    again = dev.sync()
    assert again.ok, again.error
    assert again.changes == NOTHING_BUT_THE_ROUND


def test_a_new_document_and_a_colleagues_comment_are_named_exactly(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    me, colleague = sync_server.user(), sync_server.user()
    committee = sync_server.committee([me, colleague])
    key = "meeting-changes-1"
    alpha = pdf_bytes("alpha")  # the same bytes in both publications: not a new version
    write_meeting(
        tmp_path / "v1",
        committee,
        [{"number": "1", "docs": {"a.pdf": alpha}}],
        key=key,
    )
    meeting_id = str(sync_server.publish(tmp_path / "v1").meeting_id)
    (mine,) = devices(1, user=me)
    (theirs,) = devices(1, user=colleague)
    assert mine.sync().ok
    assert theirs.sync().ok
    (item,) = mine.api.get_meeting(meeting_id).items
    (first_doc,) = mine.api.list_documents(meeting_id)

    # The secretariat publishes a second document in the same meeting.
    write_meeting(
        tmp_path / "v2",
        committee,
        [{"number": "1", "docs": {"a.pdf": alpha, "b.pdf": pdf_bytes("beta, new", pages=2)}}],
        key=key,
    )
    sync_server.publish(tmp_path / "v2")
    published = mine.sync()
    assert published.ok, published.error
    new_doc = next(d for d in mine.api.list_documents(meeting_id) if d.id != first_doc.id)
    assert published.changes == model.Changes(
        meetings=frozenset({meeting_id}), documents=frozenset({new_doc.id}), sync_state=True
    )

    # A colleague comments on the item from her own device.
    comment_changes = theirs.api.add_comment("item", item.id, "A colleague's remark")
    (comment_id,) = comment_changes.comments
    sent = theirs.sync()
    assert sent.ok, sent.error
    # Her round names her comment: its chip went from "waiting" to "confirmed".
    assert comment_id in sent.changes.comments
    assert sent.changes.outbox
    arrived = mine.sync()
    assert arrived.ok, arrived.error
    assert arrived.changes == model.Changes(comments=frozenset({comment_id}), sync_state=True)


def test_a_decision_sent_names_the_case_and_the_approval(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    write_meeting(
        tmp_path / "pack",
        committee,
        [{"number": "1", "needs_decision": True, "docs": {"a.pdf": "alpha"}}],
    )
    sync_server.publish(tmp_path / "pack")
    (dev,) = devices(1, user=reader)
    assert dev.sync().ok
    (case,) = dev.api.list_cases()
    decided = dev.api.decide(case.id, model.Decision.APPROVE)
    (approval_id,) = decided.approvals
    result = dev.sync()
    assert result.ok, result.error
    assert approval_id in result.changes.approvals
    assert case.id in result.changes.cases
    assert result.changes.outbox
    assert not result.changes.meetings
    assert not result.changes.documents
    assert not result.changes.comments
    assert not result.changes.annotations
