"""``min_app_version`` from the server's policy, enforced on the device (issue 16).

A device below the minimum keeps what it has, pushes and pulls nothing (its
changes wait in the outbox) but still checks in: a policy change, a revocation
and a wipe order reach it, and it syncs again once the server lowers the minimum.
The minimum is raised and lowered with the real ``folio-server policy set``
against the running server's database (other changes through the same admin
function, sparing a process start); the device runs real rounds over loopback HTTP.
"""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test tree has
# no packages) and so shadow their names.

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest_sync import (  # noqa: F401 (fixtures)
    FAST_ENGINE,
    DeviceFactory,
    SyncServer,
    devices,
    sync_server,
    write_meeting,
)

from server import admin as admin_ops
from sync.device import enrollment as device
from sync.engine.round import UPDATE_REQUIRED
from sync.errors import ErrorKind

FOLIO_SERVER = Path(sys.executable).parent / "folio-server"
OLD_APP = dataclasses.replace(FAST_ENGINE, app_version="1.2.0")


def _policy_set(server: SyncServer, *args: str) -> str:
    done = subprocess.run(
        [
            str(FOLIO_SERVER),
            "--data-dir",
            str(server.data_dir),
            "--db",
            server.db_url,
            "policy",
            "set",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _set(server: SyncServer, **changes: Any) -> None:
    """The same change as ``policy set`` without a process start (~2 s each)."""
    admin_ops.set_policy(
        server.ctx, dataclasses.replace(admin_ops.get_policy(server.ctx), **changes)
    )


def _publish(server: SyncServer, tmp_path: Path, committee: str, name: str) -> str:
    write_meeting(tmp_path / name, committee, [{"number": "1", "docs": {"a.pdf": name}}])
    return str(server.publish(tmp_path / name).meeting_id)


def test_below_the_minimum_only_check_ins_until_the_server_lowers_it(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    first_meeting = _publish(sync_server, tmp_path, committee, "first")
    (dev,) = devices(1, user=reader, config=OLD_APP)
    assert dev.sync().ok

    out = _policy_set(sync_server, "--min-app-version", "1.3.0")
    assert "min_app_version=1.3.0" in out
    # The round that brings the new policy stops after the pull: nothing downloads.
    learnt = dev.sync()
    assert learnt.error is not None
    assert (learnt.error.kind, learnt.error.reason) == (ErrorKind.CLIENT_TOO_OLD, UPDATE_REQUIRED)

    # What is on the device still opens; a change waits in the outbox.
    item = dev.api.get_meeting(first_meeting).items[0]
    dev.api.add_comment("item", item.id, "written while too old")
    assert dev.api.document_bytes(dev.api.list_documents(first_meeting)[0].id)
    second_meeting = _publish(sync_server, tmp_path, committee, "second")
    _set(sync_server, offline_grace_days=3)

    checked_in = dev.sync()
    assert checked_in.error is not None
    assert checked_in.error.reason == UPDATE_REQUIRED
    assert (checked_in.pushed, checked_in.entries) == (0, 0)
    assert dev.api.sync_status().ops_waiting == 1
    (op,) = dev.api.list_ops()
    assert op.id not in sync_server.op_counts()
    assert [m.id for m in dev.api.list_meetings()] == [first_meeting]
    # ...but the policy change reached it through the check-in
    stored = device.policy(dev.api.vault.db)
    assert (stored.offline_grace_days, stored.min_app_version) == (3, "1.3.0")
    assert "1.3.0" in (dev.api.sync_status().last_error or "")
    assert dev.api.sync_status().update_required  # what the status line shows

    out = _policy_set(sync_server, "--min-app-version", "1.2.0")
    assert "min_app_version=1.2.0" in out
    resumed = dev.sync()
    assert resumed.ok, resumed.error
    assert resumed.pushed == 1
    assert sync_server.op_counts()[op.id] == 1
    assert dev.api.sync_status().ops_waiting == 0
    assert not dev.api.sync_status().update_required
    assert {m.id for m in dev.api.list_meetings()} == {first_meeting, second_meeting}
    _set(sync_server, min_app_version="0")


def test_a_revocation_and_a_wipe_still_reach_a_device_below_the_minimum(
    sync_server: SyncServer, devices: DeviceFactory
) -> None:
    revoked, ordered = devices(2, config=OLD_APP)
    assert revoked.sync().ok
    assert ordered.sync().ok
    _set(sync_server, min_app_version="9.0")
    for dev in (revoked, ordered):
        for _ in range(2):  # learns the minimum, then only checks in
            error = dev.sync().error
            assert error is not None
            assert error.reason == UPDATE_REQUIRED

    sync_server.revoke(revoked.device_id)
    sync_server.revoke(ordered.device_id, wipe=True)
    try:
        for dev in (revoked, ordered):
            result = dev.sync()
            assert result.wiped
            assert not (dev.data_dir / device.DEVICE_FILE).exists()
    finally:
        _set(sync_server, min_app_version="0")
