"""The ``folio`` command end to end, as a user runs it: real vault, real parser and exit codes.

Most tests call ``sync.cli.main(argv)`` in this process (a fresh interpreter per call
cost a second or more each); test_real_process_version_and_json_logs runs the real
``python -m sync`` once, the command family's smoke test.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from folio_packs import make_pack

from sync.cli import main as folio_main
from sync.device.logging_setup import release_log_files

REPO = Path(__file__).resolve().parents[2]
PIN = "482916"

# The commands here fail on purpose (wrong PIN, no vault, damaged files): the CLI logs
# each such failure as a warning before its one line on stderr.
pytestmark = pytest.mark.log_expect(r"^folio\.cli: cli\.(failed|os_error)$")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def _env(tmp_path: Path, pin: str | None) -> dict[str, str | None]:
    return {
        "FOLIO_SECRET_BACKEND": "file",
        "FOLIO_CONFIG_DIR": str(tmp_path / "config"),
        "FOLIO_FAST_KDF_FOR_TESTS": "1",
        "FOLIO_DATA_DIR": None,
        "FOLIO_PIN": pin,
    }


def folio(tmp_path: Path, *args: str, pin: str | None = PIN, stdin: str | None = None) -> Result:
    """``folio --data-dir tmp/data ARGS`` in-process: env, stdin and output as a process
    would have them; the log handlers it set up are let go afterwards."""
    env = _env(tmp_path, pin)
    saved = {k: os.environ.get(k) for k in env}
    saved_stdin = sys.stdin
    root = logging.getLogger()
    level = root.level
    out, err = io.StringIO(), io.StringIO()
    try:
        for k, v in env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        sys.stdin = io.StringIO(stdin or "")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = folio_main(["--data-dir", str(tmp_path / "data"), *args])
            except SystemExit as exc:  # argparse's --version
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = saved_stdin
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        release_log_files(tmp_path)
        for handler in list(root.handlers):
            if getattr(handler, "_folio_handler", False):
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
    return Result(code, out.getvalue(), err.getvalue())


def folio_process(
    tmp_path: Path, *args: str, pin: str | None = PIN, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The real entry point in its own process (``python -m sync``)."""
    env = {k: v for k, v in {**os.environ, **_env(tmp_path, pin)}.items() if v is not None}
    env["TMPDIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "-m", "sync", "--data-dir", str(tmp_path / "data"), *args],
        env=env,
        cwd=REPO,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line_error(result: Result | subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word.lower() in lines[0].lower(), lines[0]
    return lines[0]


def test_init_import_status_verify_wipe(tmp_path: Path) -> None:
    init = folio(tmp_path, "init", pin=None, stdin=PIN + "\n")
    assert init.returncode == 0, init.stderr
    assert json.loads(init.stdout)["secret_backend"] == "file"
    make_pack(tmp_path / "pack", documents=2)
    imported = folio(tmp_path, "import", str(tmp_path / "pack"))
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["documents"] == 2
    status = folio(tmp_path, "status")
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["meetings"] == 1
    assert report["documents"] == 2
    assert report["pending_ops"] == 0
    assert report["rejected_ops"] == 0
    assert report["vault_size_bytes"] > 0
    assert report["secret_backend"] == "file"
    verify = folio(tmp_path, "verify", pin=None, stdin=PIN + "\n")
    assert verify.returncode == 0, verify.stderr
    assert "ok" in verify.stdout
    refused = folio(tmp_path, "wipe")
    assert_one_line_error(refused, "--yes")
    wiped = folio(tmp_path, "wipe", "--yes", pin=None)
    assert wiped.returncode == 0, wiped.stderr
    assert not (tmp_path / "data").exists()
    assert_one_line_error(folio(tmp_path, "status"), "no vault", "folio init")


def test_real_process_version_and_json_logs(tmp_path: Path) -> None:
    """The command family's smoke test as a real process: entry point, --version, a
    vault created and read, JSON log lines on stderr, a one-line error and its exit code."""
    version = folio_process(tmp_path, "--version")
    assert version.returncode == 0
    assert version.stdout.startswith("folio ")
    assert_one_line_error(folio_process(tmp_path, "status"), "no vault")
    folio_process(tmp_path, "init")
    status = folio_process(tmp_path, "--log-format", "json", "status")
    assert status.returncode == 0
    events = [json.loads(line)["event"] for line in status.stderr.splitlines()]
    assert "vault.unlocked" in events
    assert any((tmp_path / "data" / "logs").iterdir())


def test_no_vault(tmp_path: Path) -> None:
    for args in (("status",), ("verify",), ("import", str(tmp_path)), ("wipe", "--yes")):
        assert_one_line_error(folio(tmp_path, *args), "no vault")


def test_wrong_pin_says_attempts_left(tmp_path: Path) -> None:
    folio(tmp_path, "init", "--max-pin-attempts", "3")
    line = assert_one_line_error(folio(tmp_path, "status", pin="000000"), "wrong pin")
    assert "2 attempts left" in line
    line = assert_one_line_error(folio(tmp_path, "status", pin="000001"), "wrong pin")
    assert "1 attempt left" in line
    assert_one_line_error(folio(tmp_path, "status", pin="000002"), "wiped")
    assert_one_line_error(folio(tmp_path, "status"), "no vault")


def test_init_takes_max_pin_attempts_from_policy_and_a_locked_value_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Headless `folio init` (docs/admin.md's CLI enrollment) applies the policy's
    ``max_pin_attempts`` to the new vault, as the app's PIN setup does."""
    machine = tmp_path / "policy.toml"
    machine.write_text('max_pin_attempts = 4\nlocked = ["max_pin_attempts"]\n', "utf-8")
    machine.chmod(0o644)
    monkeypatch.setenv("FOLIO_POLICY", str(machine))  # a development run's machine policy
    refused = folio(tmp_path, "init", "--max-pin-attempts", "50")
    assert refused.returncode == 2
    assert "organisation's policy (4)" in refused.stderr
    assert not (tmp_path / "data" / "vault.key.json").exists()
    made = folio(tmp_path, "init")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["max_pin_attempts"] == 4
    line = assert_one_line_error(folio(tmp_path, "status", pin="000000"), "wrong pin")
    assert "3 attempts left" in line


def test_init_flag_overrides_an_unlocked_policy_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine = tmp_path / "policy.toml"
    machine.write_text("max_pin_attempts = 4\n", "utf-8")
    machine.chmod(0o644)
    monkeypatch.setenv("FOLIO_POLICY", str(machine))
    made = folio(tmp_path, "init", "--max-pin-attempts", "6")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["max_pin_attempts"] == 6


def test_enroll_keeps_to_a_locked_server_and_needs_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`folio enroll` takes the server from ``--server`` or the policy's ``server_url``;
    a locked one cannot be swapped on the command line (refused before any call)."""
    machine = tmp_path / "policy.toml"
    machine.write_text("", "utf-8")
    machine.chmod(0o644)
    monkeypatch.setenv("FOLIO_POLICY", str(machine))
    folio(tmp_path, "init")
    none = folio(tmp_path, "enroll", "--user", "alice", stdin="pw\n")
    assert none.returncode == 2
    assert "give --server" in none.stderr
    machine.write_text(
        'server_url = "https://folio.example.org"\nlocked = ["server_url"]\n', "utf-8"
    )
    other = folio(
        tmp_path, "enroll", "--server", "https://elsewhere.example", "--user", "alice", stdin="pw\n"
    )
    assert other.returncode == 2
    assert "organisation's policy (https://folio.example.org)" in other.stderr
    assert not (tmp_path / "data" / "device.json").exists()


def test_no_pin(tmp_path: Path) -> None:
    folio(tmp_path, "init")
    assert_one_line_error(folio(tmp_path, "status", pin=None, stdin=""), "no pin")


def test_not_a_sqlcipher_file(tmp_path: Path) -> None:
    folio(tmp_path, "init")
    db = tmp_path / "data" / "vault.db"
    for name in ("vault.db", "vault.db-wal", "vault.db-shm"):
        (tmp_path / "data" / name).unlink(missing_ok=True)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    assert_one_line_error(folio(tmp_path, "status"), "not hold a folio vault", "folio wipe")


def test_garbage_database(tmp_path: Path) -> None:
    folio(tmp_path, "init")
    for name in ("vault.db-wal", "vault.db-shm"):
        (tmp_path / "data" / name).unlink(missing_ok=True)
    (tmp_path / "data" / "vault.db").write_bytes(os.urandom(8192))
    assert_one_line_error(folio(tmp_path, "status"), "folio wipe")


def test_secret_gone(tmp_path: Path) -> None:
    folio(tmp_path, "init")
    secrets = [
        p for p in (tmp_path / "config").rglob("*") if p.is_file() and "device-secret" in p.name
    ]
    assert secrets
    for p in secrets:
        p.unlink()
    assert_one_line_error(folio(tmp_path, "status"), "credential store", "folio wipe")
    wiped = folio(tmp_path, "wipe", "--yes", pin=None)  # the way out works without the secret
    assert wiped.returncode == 0, wiped.stderr


def test_bad_pack_folder(tmp_path: Path) -> None:
    folio(tmp_path, "init")
    make_pack(tmp_path / "pack", documents=2)
    (tmp_path / "pack" / "doc1.pdf").write_bytes(b"this is not a pdf at all")
    line = assert_one_line_error(folio(tmp_path, "import", str(tmp_path / "pack")), "doc1.pdf")
    assert "invalid input" in line.lower()
    assert_one_line_error(folio(tmp_path, "import", str(tmp_path / "missing")), "not a folder")
    status = json.loads(folio(tmp_path, "status").stdout)
    assert status["documents"] == 0  # nothing half-imported


def test_init_twice_and_bad_usage(tmp_path: Path) -> None:
    folio(tmp_path, "init")
    assert_one_line_error(folio(tmp_path, "init"), "already exists")
    usage = folio(tmp_path, "frobnicate")
    assert_one_line_error(usage, "invalid choice")
    assert usage.returncode == 2
