"""One reader on two tablets, and marks shared with the committee (issue 11, holes 3 and 4).

Real server process on loopback, real SQLCipher vaults, driven through the
``sync.api`` facade and the sync engine only.
"""

# ruff: noqa: F811, PT018 - fixtures are imported from conftest_sync (the test tree has no
# packages) and so shadow their names; compound asserts read as one fact here.

from __future__ import annotations

from pathlib import Path

import pytest
from conftest_sync import (  # noqa: F401 (fixtures)
    Device,
    DeviceFactory,
    SyncServer,
    devices,
    pdf_bytes,
    sync_server,
    write_meeting,
)

from server import admin as admin_ops
from sync import model
from sync.api import only_id
from sync.errors import ErrorKind, FolioError


def _publish(server: SyncServer, tmp_path: Path, committee: str) -> str:
    write_meeting(
        tmp_path / "pack",
        committee,
        [
            {"number": "1", "docs": {"open.pdf": pdf_bytes("open paper for everyone")}},
            {"number": "2", "needs_decision": True, "docs": {"case.pdf": "case paper"}},
            {
                "number": "3",
                "closed": True,
                "docs": {"closed.pdf": pdf_bytes("confidential land price")},
            },
        ],
    )
    return str(server.publish(tmp_path / "pack").meeting_id)


def _synced(*devs: Device) -> None:
    for d in devs:
        result = d.sync()
        assert result.ok, result.error


def _visible(dev: Device, document_id: str) -> dict[str, model.Annotation]:
    return {a.id: a for a in dev.api.list_annotations(document_id) if not a.deleted}


# -- one reader, two tablets -------------------------------------------------------------


def test_a_decision_on_one_tablet_shows_decided_on_the_other_and_is_refused_there(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    anna = sync_server.user()
    _publish(sync_server, tmp_path, sync_server.committee([anna]))
    a1, a2 = devices(2, user=anna)
    _synced(a1, a2)
    (case,) = a1.api.list_cases()
    assert a2.api.get_case(case.id).status is model.CaseStatus.OPEN

    a1.api.decide(case.id, model.Decision.APPROVE, "yes")
    _synced(a1)
    # Confirmed by the server: decided on the tablet that decided, also after the echo.
    mine = a1.api.get_case(case.id)
    assert mine.status is model.CaseStatus.DECIDED
    assert mine.my_decision is model.Decision.APPROVE
    (approval,) = a1.api.list_approvals(case.id)
    assert approval.state is model.OpState.CONFIRMED and not approval.elsewhere

    _synced(a2)
    other = a2.api.get_case(case.id)
    assert other.status is model.CaseStatus.DECIDED
    assert other.my_decision is model.Decision.APPROVE
    (seen,) = a2.api.list_approvals(case.id)
    assert seen.id == approval.id and seen.elsewhere
    assert seen.decision is model.Decision.APPROVE
    assert seen.state is model.OpState.CONFIRMED
    assert seen.receipt_id == approval.receipt_id and seen.receipt_id

    ops_before = len(a2.api.list_ops())
    with pytest.raises(FolioError) as refused:
        a2.api.decide(case.id, model.Decision.REJECT)
    assert refused.value.kind is ErrorKind.ALREADY_DECIDED
    assert len(a2.api.list_ops()) == ops_before  # refused here: nothing goes to the server
    _synced(a2, a1)
    assert a2.api.get_case(case.id).status is model.CaseStatus.DECIDED  # stable on replay
    assert a1.api.get_case(case.id).status is model.CaseStatus.DECIDED


def test_conflicting_offline_decisions_adopt_the_servers_answer_on_both_tablets(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    anna = sync_server.user()
    _publish(sync_server, tmp_path, sync_server.committee([anna]))
    a1, a2 = devices(2, user=anna)
    _synced(a1, a2)
    (case,) = a1.api.list_cases()
    sync_server.stop()
    try:
        a1.api.decide(case.id, model.Decision.APPROVE)
        a2.api.decide(case.id, model.Decision.REJECT, "no")
    finally:
        sync_server.start()
    _synced(a1, a2)

    on_a2 = {a.decision: a for a in a2.api.list_approvals(case.id)}
    refused, adopted = on_a2[model.Decision.REJECT], on_a2[model.Decision.APPROVE]
    assert refused.state is model.OpState.REJECTED and refused.reason == "already_decided"
    assert refused.decided_elsewhere is model.Decision.APPROVE  # the server's truth, named
    assert adopted.elsewhere and adopted.state is model.OpState.CONFIRMED
    assert a2.api.get_case(case.id).my_decision is model.Decision.APPROVE
    assert a2.api.get_case(case.id).status is model.CaseStatus.DECIDED

    (on_a1,) = a1.api.list_approvals(case.id)
    assert on_a1.decision is model.Decision.APPROVE and on_a1.decided_elsewhere is None
    counts = sync_server.op_counts()
    assert all(counts[op.id] == 1 for op in (*a1.api.list_ops(), *a2.api.list_ops()))


# -- shared annotations --------------------------------------------------------------------


def test_committee_marks_reach_members_only_read_only_and_leave_when_unshared(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    anna, bob, carl = sync_server.user(), sync_server.user(), sync_server.user()
    committee = sync_server.committee([anna, bob])
    meeting_id = _publish(sync_server, tmp_path, committee)
    (a1,) = devices(1, user=anna)
    (b1,) = devices(1, user=bob)
    (c1,) = devices(1, user=carl)  # not a member: sees the open items only
    _synced(a1, b1, c1)
    items = a1.api.get_meeting(meeting_id).items
    open_doc, closed_doc = items[0].documents[0].id, items[2].documents[0].id

    shared = model.Visibility.COMMITTEE
    note = model.AnnotationKind.NOTE
    ids = {}
    for name, doc, visibility in (
        ("shared_open", open_doc, shared),
        ("shared_closed", closed_doc, shared),
        ("private", open_doc, model.Visibility.PRIVATE),
        ("secretariat", open_doc, model.Visibility.SECRETARIAT),
    ):
        changes = a1.api.add_annotation(
            doc, 0, note, text=f"anna {name}", visibility=visibility, rects=((1, 1, 5, 5),)
        )
        ids[name] = only_id(changes.annotations)
    _synced(a1, b1, c1)

    on_bob = {**_visible(b1, open_doc), **_visible(b1, closed_doc)}
    assert set(on_bob) == {ids["shared_open"], ids["shared_closed"]}
    assert on_bob[ids["shared_open"]].author == anna  # display name defaults to the user name
    assert on_bob[ids["shared_open"]].text == "anna shared_open"
    assert _visible(c1, open_doc) == {}  # the committee's, not everyone who reads the paper
    # Anna's own devices keep them as hers.
    assert all(a.author is None for a in _visible(a1, open_doc).values())

    # Read-only on Bob's tablet: no edit, no delete, nothing in his outbox, not "his" notes.
    for attempt in (
        lambda: b1.api.update_annotation(ids["shared_open"], text="bob was here"),
        lambda: b1.api.delete_annotation(ids["shared_open"]),
    ):
        with pytest.raises(FolioError) as refused:
            attempt()
        assert refused.value.kind is ErrorKind.NOT_OWNER
    assert not [op for op in b1.api.list_ops() if op.kind.startswith("annotation")]
    assert b1.api.annotations_for_meeting(meeting_id) == []
    assert b1.api.search("anna") == []

    # Unshared (back to private) and deleted: gone from Bob's tablet.
    a1.api.update_annotation(ids["shared_open"], visibility=model.Visibility.PRIVATE)
    a1.api.delete_annotation(ids["shared_closed"])
    _synced(a1, b1)
    assert _visible(b1, open_doc) == {} and _visible(b1, closed_doc) == {}

    # Shared again: back, with the newer text.
    a1.api.update_annotation(ids["shared_open"], visibility=shared, text="anna again")
    _synced(a1, b1)
    assert [a.text for a in _visible(b1, open_doc).values()] == ["anna again"]


def test_membership_brings_and_takes_the_committees_shared_marks(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    anna, dora = sync_server.user(), sync_server.user()
    committee = sync_server.committee([anna])
    meeting_id = _publish(sync_server, tmp_path, committee)
    (a1,) = devices(1, user=anna)
    (d1,) = devices(1, user=dora)
    _synced(a1, d1)
    open_doc = a1.api.get_meeting(meeting_id).items[0].documents[0].id
    changes = a1.api.add_annotation(
        open_doc,
        0,
        model.AnnotationKind.NOTE,
        text="for the committee",
        visibility=model.Visibility.COMMITTEE,
        rects=((1, 1, 5, 5),),
    )
    mark = only_id(changes.annotations)
    _synced(a1, d1)
    assert _visible(d1, open_doc) == {}

    admin_ops.add_member(sync_server.ctx, committee, dora)  # her cursor is past the mark
    _synced(d1)
    assert set(_visible(d1, open_doc)) == {mark}

    admin_ops.remove_member(sync_server.ctx, committee, dora)
    _synced(d1)
    assert _visible(d1, open_doc) == {}  # the open paper stays; the committee's note goes
