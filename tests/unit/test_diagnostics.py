"""sync/device/diagnostics.py and sync/cli/admin_commands.py: the support zip holds logs,
redacted config, versions and vault health but no secrets; the self-test; secret log fields
are redacted."""

from __future__ import annotations

import json
import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.cli import core as cli
from sync.config.paths import logs_dir
from sync.device import diagnostics
from sync.device.logging_setup import setup_logging
from sync.vault import KdfParams, UnlockedVault, Vault

# The policy tests show how a bad key is warned about.
pytestmark = pytest.mark.log_expect(r"^folio\.policy: policy\.warning$")

CODE = "ENROLL-7H3K-9QQX"
TEST_PIN = "864213"


@pytest.fixture
def vault(data_dir: Path) -> Iterator[UnlockedVault]:
    """Our own vault (not tests/unit/conftest's), so this module imports no conftest."""
    unlocked = Vault.create(data_dir, TEST_PIN, kdf=KdfParams.FAST_FOR_TESTS)
    yield unlocked
    if not unlocked.locked and Vault.exists(data_dir):
        unlocked.lock()


@pytest.fixture
def logging_into(data_dir: Path) -> Iterator[Path]:
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_logging(data_dir)
    yield logs_dir(data_dir) / "folio.log"
    setup_logging(None)


def _policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        f'server_url = "https://folio.example.org"\nenrollment_code = "{CODE}"\n'
        'allow_export = false\nlocked = ["allow_export"]\nbogus = 1\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("FOLIO_POLICY", str(path))


def test_secret_fields_never_reach_the_log_file(logging_into: Path) -> None:
    log = logging.getLogger("folio.test")
    log.info(
        "test.event",
        extra={"fields": {"access_token": "tok-SECRET", "pin": "135790", "documents": 3}},
    )
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = logging_into.read_text()
    assert "test.event" in text
    assert "documents=3" in text
    assert "tok-SECRET" not in text
    assert "135790" not in text


def test_redact_line_catches_tokens_pins_and_codes() -> None:
    line = 'x Authorization: Bearer abc.def-123 pin=1234 refresh_token="zzz" code: C-1 n=2'
    cleaned = diagnostics.redact_line(line)
    for secret in ("abc.def-123", "1234", "zzz", "C-1"):
        assert secret not in cleaned
    assert "n=2" in cleaned


def test_the_zip_holds_logs_config_versions_and_health_without_secrets(
    tmp_path: Path,
    vault: UnlockedVault,
    data_dir: Path,
    logging_into: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vault.lock()
    _policy(tmp_path, monkeypatch)
    logging.getLogger("folio.test").info("test.planted", extra={"fields": {"token": "tok-XYZ"}})
    out = tmp_path / "out" / "diag.zip"
    monkeypatch.setenv("FOLIO_PIN", TEST_PIN)
    assert cli.main(["--data-dir", str(data_dir), "diagnostics", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        report = json.loads(zf.read("report.json"))
        blob = b"".join(zf.read(n) for n in names).decode()
    assert "logs/folio.log" in names
    assert "test.planted" in blob
    assert "tok-XYZ" not in blob
    assert CODE not in blob
    assert TEST_PIN not in blob
    assert report["config"]["enrollment_code"] == {
        "value": "<set>",
        "source": "policy",
        "locked": False,
    }
    assert report["config"]["allow_export"]["locked"] is True
    assert any("bogus" in w for w in report["config_warnings"])
    assert report["versions"]["packages"]["PyMuPDF"]
    health = report["vault_health"]
    assert health["vault"] is True
    assert health["max_pin_attempts"] == 10
    assert health["failed_pin_attempts"] == 0
    assert "counts" not in health  # no --with-pin: nothing decrypted
    assert health["data_dir"]["exists"] is True


def test_with_pin_adds_counts_and_integrity_but_no_content(
    tmp_path: Path, vault: UnlockedVault, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.lock()
    monkeypatch.setenv("FOLIO_POLICY", str(tmp_path / "none.toml"))
    monkeypatch.setenv("FOLIO_PIN", TEST_PIN)
    out = tmp_path / "d.zip"
    args = ["--data-dir", str(data_dir), "diagnostics", "--with-pin", "--out", str(out)]
    assert cli.main(args) == 0
    with zipfile.ZipFile(out) as zf:
        health = json.loads(zf.read("report.json"))["vault_health"]
    assert health["unlocked"] is True
    assert health["integrity_problems"] == 0
    assert health["counts"]["meetings"] == 0


def test_diagnostics_without_a_vault_still_writes_a_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLIO_POLICY", str(tmp_path / "none.toml"))
    out = diagnostics.write_zip(tmp_path / "z.zip", tmp_path / "nothing")
    with zipfile.ZipFile(out) as zf:
        report = json.loads(zf.read("report.json"))
    assert report["vault_health"] == {"data_dir": {"exists": False}, "vault": False}


def test_self_test_flag_runs_the_self_test(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(tmp_path / "unused"), "--self-test"]
    assert cli.main([*args, "--no-desktop"]) == 0
    out = capsys.readouterr().out
    assert "ok: example meeting imported (4 documents)" in out
    assert "rendered offscreen" in out
    assert out.strip().endswith("self-test passed")


def test_policy_command_shows_sources_and_warns_by_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _policy(tmp_path, monkeypatch)
    assert cli.main(["--data-dir", str(tmp_path / "d"), "policy"]) == 0
    captured = capsys.readouterr()
    shown = json.loads(captured.out)
    assert shown["server_url"]["source"] == "policy"
    assert CODE not in captured.out
    assert "bogus" in captured.err
