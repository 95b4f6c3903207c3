"""History keeps what each decision was given for, after the case is gone (issue 11, hole 9).

On 280f8da the history row knew only its case id: once a withdrawal (or the
retention purge, the same records.purge_meeting) removed the case from the
device, the app's "History and receipts" tab showed a UUID. The reader decides
on a device enrolled against the real server, the server withdraws the meeting,
and after the next sync the receipt still names its case and meeting.
"""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test tree has no
# packages) and so shadow their names.

from __future__ import annotations

from pathlib import Path

from conftest_sync import (  # noqa: F401 (fixtures)
    DeviceFactory,
    SyncServer,
    devices,
    sync_server,
    write_meeting,
)

from desktop.ops.annotate import DecisionOps
from server import admin as admin_ops
from sync import model


def test_a_receipt_keeps_its_case_title_and_meeting_after_withdrawal(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    write_meeting(
        tmp_path / "pack",
        committee,
        [{"number": "4", "title": "Road budget", "needs_decision": True, "docs": {"r.pdf": "r"}}],
    )
    meeting_id = str(sync_server.publish(tmp_path / "pack").meeting_id)
    (dev,) = devices(1, user=reader)
    assert dev.sync().ok
    meeting = dev.api.get_meeting(meeting_id)
    (case,) = [c for c in dev.api.list_cases() if c.meeting_id == meeting_id]
    assert "Road budget" in case.title
    dev.api.decide(case.id, model.Decision.APPROVE, "agreed")
    assert dev.sync().ok
    (decided,) = dev.api.list_approvals(case.id)
    assert decided.receipt_id is not None

    admin_ops.withdraw_meeting(sync_server.ctx, meeting_id)
    assert dev.sync().ok
    assert meeting_id not in {m.id for m in dev.api.list_meetings()}
    assert case.id not in {c.id for c in dev.api.list_cases()}

    (kept,) = [a for a in dev.api.list_approvals() if a.case_id == case.id]
    assert kept.receipt_id == decided.receipt_id
    assert kept.case_title == case.title
    assert kept.meeting_id == meeting_id
    assert kept.meeting_title == meeting.title
    assert kept.meeting_starts_at == meeting.starts_at
    # the app's history tab shows the title, not the case id
    shown = {a.id: title for a, title in DecisionOps(dev.api).history()}
    assert shown[kept.id] == case.title
