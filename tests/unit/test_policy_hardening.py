"""Issue 16: machine policy a reader cannot undo.

- ``FOLIO_POLICY`` is a development override: a frozen build ignores it (checked
  in a subprocess with ``sys.frozen`` set, through the real ``folio policy``);
- a policy file that is invalid keeps the last good policy (HMAC'd in the data
  dir) and, with none kept, locks every lockable key at its strictest; `folio
  policy` exits non-zero and says so, diagnostics carry the state;
- keys the server decides cannot be loosened by the environment;
- a policy file writable by group or others is refused, not obeyed.

Each of these passed silently on 280f8da (the override worked in frozen builds, a
broken file dropped all locks with exit 0, ``FOLIO_OFFLINE_GRACE_DAYS=365`` beat
the server's 7, a world-writable file was read).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sync.cli import core as cli
from sync.config import policy
from sync.config.policy import PolicyLayer, PolicyState, Source
from sync.device import diagnostics

# These tests feed broken, forged and conflicting policies on purpose; each is logged
# as a warning naming the key (what IT sees in the log).
pytestmark = pytest.mark.log_expect(
    "^folio\\.policy: policy\\.(warning|fallback|last_good_rejected)$"
)

ROOT = Path(__file__).resolve().parents[2]

LOCKED_EXPORT_ON = 'allow_export = true\nallow_print = true\nlocked = ["allow_export"]\n'
LOCKED_COPY_OFF = 'allow_copy_text = false\nauto_lock_minutes = 30\nlocked = ["allow_copy_text"]\n'
BROKEN = 'allow_copy_text = "no\nlocked = ['


def _no_registry() -> PolicyLayer:
    return PolicyLayer()


def _write(path: Path, text: str, mode: int = 0o644) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A private folder for the dev policy file (as IT's /etc/folio would be) and a data dir."""
    etc = tmp_path / "etc"
    etc.mkdir(mode=0o755)
    data = tmp_path / "data"
    data.mkdir()
    return etc, data


def _folio_policy(
    env: dict[str, str], data: Path, *, frozen: bool
) -> subprocess.CompletedProcess[str]:
    script = (
        "import sys\n"
        f"sys.frozen = {frozen!r}\n"
        "from sync.cli import core as cli\n"
        "raise SystemExit(cli.main(sys.argv[1:]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, "--data-dir", str(data), "policy"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_frozen_build_ignores_folio_policy(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    etc, data = folders
    planted = _write(etc / "policy.toml", LOCKED_EXPORT_ON)
    monkeypatch.setenv("FOLIO_POLICY", str(planted))
    # A development run (this process is not frozen) obeys the override...
    assert cli.main(["--data-dir", str(data), "policy"]) == 0
    dev = json.loads(capsys.readouterr().out)
    assert dev["allow_export"] == {"value": True, "source": "policy", "locked": True}
    # ... the installed build does not: the reader's file is not a machine policy.
    installed = _folio_policy(dict(os.environ), data, frozen=True)
    assert installed.returncode == 0, installed.stderr
    shown = json.loads(installed.stdout)
    assert shown["allow_export"] == {"value": False, "source": "default", "locked": False}
    assert shown["allow_print"]["source"] == "default"
    assert "FOLIO_POLICY: ignored in an installed build" in installed.stderr


def test_folio_policy_is_ignored_while_a_machine_policy_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine = _write(tmp_path / "machine.toml", LOCKED_COPY_OFF)
    monkeypatch.setattr(policy, "LINUX_POLICY_FILE", machine)  # stands in for /etc/folio
    planted = _write(
        tmp_path / "mine.toml", 'allow_copy_text = true\nlocked = ["allow_copy_text"]\n'
    )
    config = policy.load(None, environ={"FOLIO_POLICY": str(planted)}, registry=_no_registry)
    assert ("FOLIO_POLICY", "ignored: a machine policy exists") in {
        (w.key, w.reason) for w in config.warnings
    }
    assert policy.policy_file_path({"FOLIO_POLICY": str(planted)}) == machine


def test_an_invalid_file_keeps_the_last_good_policy_and_folio_policy_fails(
    folders: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    etc, data = folders
    path = _write(etc / "policy.toml", LOCKED_COPY_OFF)
    monkeypatch.setenv("FOLIO_POLICY", str(path))
    assert cli.main(["--data-dir", str(data), "policy"]) == 0
    capsys.readouterr()
    kept = data / policy.LAST_GOOD_FILE
    assert kept.is_file()
    assert kept.stat().st_mode & 0o077 == 0

    _write(path, BROKEN)
    assert cli.main(["--data-dir", str(data), "policy"]) == 1
    out = capsys.readouterr()
    shown = json.loads(out.out)
    assert shown["allow_copy_text"] == {"value": False, "source": "policy", "locked": True}
    assert shown["auto_lock_minutes"]["value"] == 30  # the last good value, not the strictest 1
    assert "not valid TOML" in out.err
    assert "the last good policy applies" in out.err

    zip_path = diagnostics.write_zip(data.parent / "diag.zip", data)
    with zipfile.ZipFile(zip_path) as zf:
        report = json.loads(zf.read("report.json"))
    assert report["policy_state"] == "last_good"
    assert "not valid TOML" in report["policy_problem"]


def test_a_forged_last_good_policy_is_not_trusted(folders: tuple[Path, Path]) -> None:
    etc, data = folders
    path = _write(etc / "policy.toml", LOCKED_COPY_OFF)
    env = {"FOLIO_POLICY": str(path)}
    policy.load(data, environ=env, registry=_no_registry)
    kept = data / policy.LAST_GOOD_FILE
    record = json.loads(kept.read_text(encoding="utf-8"))
    record["payload"]["values"]["allow_copy_text"] = True  # the reader edits it, keeps the MAC
    kept.write_text(json.dumps(record), encoding="utf-8")
    _write(path, BROKEN)
    config = policy.load(data, environ=env, registry=_no_registry)
    assert config.policy_state is PolicyState.STRICTEST
    assert config.flag("allow_copy_text") is False


def test_an_invalid_file_with_nothing_kept_locks_everything_at_its_strictest(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    etc, data = folders
    monkeypatch.setenv("FOLIO_POLICY", str(_write(etc / "policy.toml", BROKEN)))
    (data / "settings.json").write_text(
        json.dumps({"version": 1, "settings": {"auto_lock_minutes": 60, "allow_export": True}}),
        encoding="utf-8",
    )
    monkeypatch.setenv("FOLIO_ALLOW_PRINT", "true")
    assert cli.main(["--data-dir", str(data), "policy"]) == 1
    out = capsys.readouterr()
    shown = json.loads(out.out)
    for name, strict in {
        "allow_copy_text": False,
        "allow_export": False,
        "allow_print": False,
        "watermark": True,
        "auto_lock_minutes": 1,
        "max_pin_attempts": 3,
        "offline_grace_days": 1,
    }.items():
        assert shown[name] == {"value": strict, "source": "policy", "locked": True}, name
    for key in policy.KEYS:
        if key.lockable and key.name not in policy.NOT_FORCED_WHEN_STRICTEST:
            assert shown[key.name]["locked"], key.name
    # Retention is the server's: a purge cannot be undone when the file is repaired.
    assert not shown["retention_days_after_meeting"]["locked"]
    assert "strictest" in out.err


def test_withdrawing_the_policy_forgets_the_last_good_one(folders: tuple[Path, Path]) -> None:
    etc, data = folders
    path = _write(etc / "policy.toml", LOCKED_COPY_OFF)
    env = {"FOLIO_POLICY": str(path)}
    policy.load(data, environ=env, registry=_no_registry)
    path.unlink()
    config = policy.load(data, environ=env, registry=_no_registry)
    assert config.policy_state is PolicyState.NONE
    assert not (data / policy.LAST_GOOD_FILE).exists()
    assert config.flag("allow_copy_text") is True


def test_a_locked_key_given_a_bad_value_keeps_its_last_good_value(
    folders: tuple[Path, Path],
) -> None:
    etc, data = folders
    path = _write(etc / "policy.toml", LOCKED_COPY_OFF)
    env = {"FOLIO_POLICY": str(path)}
    policy.load(data, environ=env, registry=_no_registry)
    _write(path, 'allow_copy_text = "no"\nlocked = ["allow_copy_text"]\n')
    config = policy.load(data, environ=env, registry=_no_registry)
    assert config.flag("allow_copy_text") is False
    assert config.is_locked("allow_copy_text")
    assert config.policy_state is PolicyState.LAST_GOOD


def test_the_environment_cannot_loosen_what_the_server_decides(tmp_path: Path) -> None:
    server = {"offline_grace_days": 7, "retention_days": 30, "min_app_version": "2.0"}
    loosen = {
        "FOLIO_POLICY": str(tmp_path / "absent.toml"),
        "FOLIO_OFFLINE_GRACE_DAYS": "365",
        "FOLIO_RETENTION_DAYS_AFTER_MEETING": "0",
        "FOLIO_MIN_APP_VERSION": "1.0",
    }
    config = policy.load(
        None, environ=loosen, registry=_no_registry, server=policy.server_values(server)
    )
    assert config.number("offline_grace_days") == 7
    assert config.number("retention_days_after_meeting") == 30
    assert config.text("min_app_version") == "2.0"
    assert {w.key for w in config.warnings if w.source == "environment"} == {
        "offline_grace_days",
        "retention_days_after_meeting",
        "min_app_version",
    }
    tighten = {
        **loosen,
        "FOLIO_OFFLINE_GRACE_DAYS": "2",
        "FOLIO_RETENTION_DAYS_AFTER_MEETING": "10",
    }
    config = policy.load(
        None, environ=tighten, registry=_no_registry, server=policy.server_values(server)
    )
    assert config.number("offline_grace_days") == 2
    assert config.values["offline_grace_days"].source is Source.ENV
    assert config.number("retention_days_after_meeting") == 10


@pytest.mark.parametrize("mode", [0o666, 0o664, 0o646])
def test_a_policy_file_others_can_write_is_refused(
    folders: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    mode: int,
) -> None:
    etc, data = folders
    path = _write(etc / "policy.toml", LOCKED_COPY_OFF)
    monkeypatch.setenv("FOLIO_POLICY", str(path))
    assert cli.main(["--data-dir", str(data), "policy"]) == 0
    capsys.readouterr()
    # A reader who could write the file turns copying back on: it is not obeyed.
    _write(path, 'allow_copy_text = true\nlocked = ["allow_copy_text"]\n', mode)
    assert cli.main(["--data-dir", str(data), "policy"]) == 1
    out = capsys.readouterr()
    assert json.loads(out.out)["allow_copy_text"]["value"] is False
    assert "writable by group or others" in out.err


def test_a_policy_folder_others_can_write_is_refused(folders: tuple[Path, Path]) -> None:
    etc, data = folders
    path = _write(etc / "policy.toml", LOCKED_COPY_OFF)
    etc.chmod(0o777)
    config = policy.load(data, environ={"FOLIO_POLICY": str(path)}, registry=_no_registry)
    assert config.policy_state is PolicyState.STRICTEST
    assert config.policy_problem is not None
    assert "writable by group or others" in config.policy_problem


def test_a_symlink_in_a_folder_others_can_write_is_refused(tmp_path: Path) -> None:
    safe = tmp_path / "safe"
    safe.mkdir(mode=0o755)
    target = _write(safe / "policy.toml", LOCKED_COPY_OFF)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    (shared / "policy.toml").symlink_to(target)
    problem = policy.admin_only_problem(shared / "policy.toml", dev_file=True)
    assert problem is not None
    assert str(shared) in problem
    assert policy.admin_only_problem(target, dev_file=True) is None


def test_the_machine_policy_file_must_be_roots(tmp_path: Path) -> None:
    """IT's own file (not a development override) is trusted only when root owns it."""
    path = _write(tmp_path / "policy.toml", LOCKED_COPY_OFF)
    if os.getuid() == 0:
        os.chown(path, 65534, -1)  # hand it to "nobody", as a reader's planted file would be
    problem = policy.admin_only_problem(path, dev_file=False)
    assert problem is not None
    assert "not root" in problem
