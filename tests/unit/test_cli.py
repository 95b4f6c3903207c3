"""The ``folio`` command end to end, as a user runs it: a real process, real vault."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from folio_packs import make_pack

REPO = Path(__file__).resolve().parents[2]
PIN = "482916"


def folio(
    tmp_path: Path, *args: str, pin: str | None = PIN, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "FOLIO_SECRET_BACKEND": "file",
        "FOLIO_CONFIG_DIR": str(tmp_path / "config"),
        "FOLIO_FAST_KDF_FOR_TESTS": "1",
        "TMPDIR": str(tmp_path),
    }
    env.pop("FOLIO_PIN", None)
    env.pop("FOLIO_DATA_DIR", None)
    if pin is not None:
        env["FOLIO_PIN"] = pin
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


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> str:
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


def test_version_and_json_logs(tmp_path: Path) -> None:
    version = folio(tmp_path, "--version")
    assert version.returncode == 0
    assert version.stdout.startswith("folio ")
    folio(tmp_path, "init")
    status = folio(tmp_path, "--log-format", "json", "status")
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
