"""Machine policy against a real server: the round's purge and the CLI's log level.

- A locked ``retention_days_after_meeting`` in machine policy purges a meeting in
  the next round even though the server keeps packs 90 days.
- ``folio sync`` (a real process) logs at the policy's ``log_level``.
"""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test tree has
# no packages) and so shadow their names.

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest_sync import (  # noqa: F401 (fixtures)
    DeviceFactory,
    SyncServer,
    devices,
    sync_server,
    write_meeting,
)

from server import admin as admin_ops
from sync import protocol as p
from sync.config.paths import logs_dir
from sync.device.enrollment import rules

FOLIO = Path(sys.executable).parent / "folio"
PIN = "739146"


def _publish_past_meeting(server: SyncServer, tmp_path: Path, reader: str) -> str:
    committee = server.committee([reader])
    write_meeting(
        tmp_path / "pack",
        committee,
        [{"number": "1", "docs": {"a.pdf": "an old document"}}],
        start="2020-01-01T17:00:00+01:00",
    )
    return str(server.publish(tmp_path / "pack").meeting_id)


def test_locked_machine_retention_purges_in_the_round(
    sync_server: SyncServer,
    devices: DeviceFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    policy_file = tmp_path / "policy.toml"
    monkeypatch.setenv("FOLIO_POLICY", str(policy_file))
    admin_ops.set_policy(sync_server.ctx, p.Policy(retention_days=3650, offline_grace_days=14))
    reader = sync_server.user()
    meeting_id = _publish_past_meeting(sync_server, tmp_path, reader)
    (dev,) = devices(1, user=reader)
    first = dev.sync()
    assert first.ok
    assert first.documents == 1
    # The server keeps packs ten years: the 2020 meeting stays.
    assert [m.id for m in dev.api.list_meetings()] == [meeting_id]
    assert first.purged == 0

    policy_file.write_text(
        'retention_days_after_meeting = 30\nlocked = ["retention_days_after_meeting"]\n'
    )
    assert rules(dev.api.vault.db, dev.data_dir).retention_days == 30
    second = dev.sync()
    assert second.ok
    assert second.purged == 1
    assert dev.api.list_meetings() == []


def _folio(
    args: list[str], data_dir: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(FOLIO), "--data-dir", str(data_dir), "--log-format", "json", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"folio {args[0]}: {done.stderr}"
    return done


def _events(text: str) -> list[tuple[str, str]]:
    out = []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "event" in record:
            out.append((str(record.get("level")), str(record["event"])))
    return out


def test_folio_sync_logs_at_the_policy_level(sync_server: SyncServer, tmp_path: Path) -> None:
    reader = sync_server.user()
    _publish_past_meeting(sync_server, tmp_path, reader)
    code = admin_ops.create_enrollment_code(sync_server.ctx, reader)
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text('log_level = "warning"\nlocked = ["log_level"]\n')
    data_dir = tmp_path / "device"
    env = {
        **os.environ,
        "FOLIO_PIN": PIN,
        "FOLIO_FAST_KDF_FOR_TESTS": "1",
        "FOLIO_POLICY": str(policy_file),
        "FOLIO_LOG_LEVEL": "debug",  # locked by policy: has no say
    }
    _folio(["init"], data_dir, env)
    _folio(["enroll", "--server", sync_server.url, "--code", code], data_dir, env)
    quiet = _folio(["sync"], data_dir, env)
    log_file = logs_dir(data_dir) / "folio.log"
    logged = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
    assert not [e for e in _events(quiet.stderr + logged) if e[0] in ("debug", "info")]

    policy_file.write_text('log_level = "info"\n')
    loud = _folio(["sync"], data_dir, env={**env, "FOLIO_LOG_LEVEL": "info"})
    assert ("info", "round.completed") in _events(loud.stderr)
    assert "round.completed" in log_file.read_text(encoding="utf-8")
