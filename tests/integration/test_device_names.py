"""Devices IT can tell apart, and a remote wipe IT can see acknowledged (issue 16).

Two tablets of one reader, enrolled by real ``folio enroll`` processes against the
real server: one named with ``--device-name``, one left to its default name
(reader, asset tag from machine policy, model, enrollment date: never the bare
host name, which a fleet's tablets often share). ``folio-server device list``
tells them apart. IT then revokes the second with ``--wipe``; its next ``folio
sync`` wipes it, which removes the same traces as ``folio wipe`` (logs, settings,
update state, enrollment marker), and the list shows the wipe asked for and
acknowledged, with times.
"""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test tree has
# no packages) and so shadow their names.

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest_sync import (  # noqa: F401 (fixtures)
    PASSWORD,
    PIN,
    SyncServer,
    sync_server,
)

from server import cli as server_cli
from sync.api import Api
from sync.config import policy
from sync.config.paths import logs_dir
from sync.device import updates
from sync.device.enrollment import hardware_model, read_device_file
from sync.vault import KdfParams

FOLIO = Path(sys.executable).parent / "folio"
EXIT_ERROR = 1  # `folio sync` on a device the server wiped


def _folio(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    environ = {**os.environ, "FOLIO_PIN": PIN, "FOLIO_PASSWORD": PASSWORD, **(env or {})}
    environ.pop("FOLIO_DATA_DIR", None)
    return subprocess.Popen(
        [str(FOLIO), "--data-dir", str(data_dir), *args],
        env=environ,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out + err


def _device_list(server: SyncServer, user: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    argv = ["--data-dir", str(server.data_dir), "--db", server.db_url, "device", "list"]
    assert server_cli.main([*argv, "--user", user]) == 0
    return capsys.readouterr().out.splitlines()


def _line_of(lines: list[str], device_id: str) -> str:
    (line,) = [line for line in lines if line.startswith(device_id)]
    return line


def test_two_tablets_of_one_reader_are_told_apart_and_a_wipe_is_acknowledged(
    sync_server: SyncServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reader = sync_server.user()
    named, tagged = tmp_path / "named", tmp_path / "tagged"
    for data_dir in (named, tagged):
        Api.create(data_dir, PIN, kdf=KdfParams.FAST_FOR_TESTS).lock()
    enroll = ["enroll", "--server", sync_server.url, "--user", reader]
    first = _folio(named, *enroll, "--device-name", "Board tablet 1")
    second = _folio(tagged, *enroll, env={"FOLIO_ASSET_TAG": "FOL-0042"})
    for proc in (first, second):
        code, output = _finish(proc)
        assert code == 0, output
    named_id = str((read_device_file(named) or {})["device_id"])
    tagged_id = str((read_device_file(tagged) or {})["device_id"])

    lines = _device_list(sync_server, reader, capsys)
    today = datetime.now(UTC).date().isoformat()
    named_line = _line_of(lines, named_id)
    assert named_line.endswith("  Board tablet 1")
    assert f"  {reader}  active  enrolled {today}T" in named_line
    tagged_line = _line_of(lines, tagged_id)
    default_name = f"{reader}, asset FOL-0042, {hardware_model()}, enrolled {today}"
    assert tagged_line.endswith(f"  {default_name}")
    assert not tagged_line.endswith(f"  {platform.node()}")
    assert "wipe asked -  wipe acknowledged -" in tagged_line

    # What a used tablet holds besides the vault, as `folio wipe` would remove it.
    policy.save_user_setting(tagged, "night_mode", True, policy.load(tagged))
    (tagged / updates.STATE_FILE).write_text('{"format": 1}\n', "utf-8")
    assert (logs_dir(tagged) / "folio.log").is_file()  # written by `folio enroll`

    capsys.readouterr()
    argv = ["--data-dir", str(sync_server.data_dir), "--db", sync_server.db_url]
    assert server_cli.main([*argv, "device", "revoke", tagged_id, "--wipe"]) == 0
    asked = _line_of(_device_list(sync_server, reader, capsys), tagged_id)
    assert "  wipe pending  " in asked
    assert re.search(r"wipe asked \d{4}-\d\d-\d\dT[\d:]+\+00:00  wipe acknowledged -", asked)

    code, output = _finish(_folio(tagged, "sync"))
    assert code == EXIT_ERROR, output
    assert not tagged.exists(), sorted(p.name for p in tagged.iterdir())

    lines = _device_list(sync_server, reader, capsys)
    wiped = _line_of(lines, tagged_id)
    assert "  wiped  " in wiped
    times = re.search(r"wipe asked (\S+)  wipe acknowledged (\S+)", wiped)
    assert times is not None
    assert times.group(2) != "-"
    assert times.group(1) <= times.group(2)
    assert "  active  " in _line_of(lines, named_id)
