"""Logs and support (issue 16): what IT gets from a device, and what a wipe leaves.

- ``%s`` templates are filled (libraries log that way; the secret-store warning did).
- The log file is one format (text) whatever ``--log-format`` says; JSON goes to
  stderr only when asked.
- Each ``folio`` process logs ``app.started`` (version, platform, device id) and
  ``app.stopped``.
- Diagnostics carry the device id, and library versions resolve without package
  metadata (a frozen build has none).
- Every local wipe path (``folio wipe``, too many wrong PINs, "Sign out and wipe")
  removes the same traces; the server-ordered wipe is in
  tests/integration/test_device_names.py.
"""

from __future__ import annotations

import ast
import json
import logging
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from sync.api import Api
from sync.config import policy
from sync.config.paths import logs_dir
from sync.device import diagnostics, traces, updates
from sync.device.enrollment import DEVICE_FILE, write_device_file
from sync.device.logging_setup import setup_logging
from sync.errors import ErrorKind, FolioError, WrongPin
from sync.vault import KdfParams
from sync.vault.secret_store import FileSecretStore, default_secret_store

# The file secret store is the sandbox's fallback, and one test logs a warning with
# template arguments to see them filled in.
pytestmark = pytest.mark.log_expect(
    r"^sync\.vault\.secret_store: vault\.secret_store_fallback$", r"^some\.library: retrying "
)

REPO = Path(__file__).resolve().parents[2]
PIN = "482916"
DEVICE_ID = "3f6c2a9e-1b7d-4c55-9a0e-7d2b1c4e8f10"


def folio(
    tmp_path: Path, *args: str, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **(extra_env or {}),
        "FOLIO_SECRET_BACKEND": "file",  # FOLIO_CONFIG_DIR: the test's, from tests/conftest.py
        "FOLIO_FAST_KDF_FOR_TESTS": "1",
        "FOLIO_PIN": PIN,
        "TMPDIR": str(tmp_path),
    }
    env.pop("FOLIO_DATA_DIR", None)
    env.pop("FOLIO_LOG_LEVEL", None)
    return subprocess.run(
        [sys.executable, "-m", "sync", "--data-dir", str(tmp_path / "data"), *args],
        env=env,
        cwd=REPO,
        input="",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def restore_logging() -> Iterator[None]:
    yield
    setup_logging(None)


def test_template_arguments_are_filled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_logging: None
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    setup_logging(data_dir)
    # The real fallback: no OS keyring here, so the file store and its warning.
    monkeypatch.delenv("FOLIO_SECRET_BACKEND")
    store = default_secret_store()
    assert isinstance(store, FileSecretStore)
    logging.getLogger("some.library").warning("retrying %s after %d s", "GET /v1/feed", 3)
    text = (logs_dir(data_dir) / "folio.log").read_text(encoding="utf-8")
    fallback = next(line for line in text.splitlines() if "vault.secret_store_fallback" in line)
    assert f"directory={store.directory}" in fallback
    assert "retrying GET /v1/feed after 3 s" in text
    assert "%s" not in text


_LOG_METHODS = frozenset({"debug", "info", "warning", "error", "exception", "critical"})
_BUILT_TEXT = (ast.JoinedStr, ast.BinOp, ast.Call)  # an f-string, "%" or .format(): not a name


def test_folio_logs_event_names_with_fields_not_templates() -> None:
    """Folio's own calls: a stable event name, values in ``fields`` (which the JSON
    lines carry as keys and redaction sees by name), never ``%s`` arguments."""
    offenders = []
    for package in ("sync", "desktop", "server"):
        for source in (REPO / package).rglob("*.py"):
            if "migrations" in source.parts:
                continue
            for node in ast.walk(ast.parse(source.read_text("utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in _LOG_METHODS
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in ("log", "logger", "_log", "_app_log")
                    and (len(node.args) != 1 or isinstance(node.args[0], _BUILT_TEXT))
                ):
                    offenders.append(f"{source.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


def test_one_file_format_json_on_stderr_only_when_asked_and_started_stopped(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    Api.create(data_dir, PIN, kdf=KdfParams.FAST_FOR_TESTS).lock()
    write_device_file(data_dir, "https://folio.example.org", DEVICE_ID)
    quiet = folio(tmp_path, "status")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    loud = folio(tmp_path, "--log-format", "json", "status")
    assert loud.returncode == 0, loud.stderr
    records = _json_lines(loud.stderr)
    assert "vault.unlocked" in [r["event"] for r in records]
    started = next(r for r in records if r["event"] == "app.started")
    assert started["version"] == diagnostics.folio_version() != "0+unknown"
    assert started["device_id"] == DEVICE_ID
    assert started["command"] == "status"
    assert str(started["platform"]).startswith(("Linux", "Windows", "macOS"))
    assert records[-1]["event"] == "app.stopped"
    assert records[-1]["exit_code"] == 0
    lines = (logs_dir(data_dir) / "folio.log").read_text("utf-8").splitlines()
    assert sum("vault.unlocked" in line for line in lines) == 2  # both runs, one format
    assert not [line for line in lines if line.lstrip().startswith("{")]
    assert sum(f"device_id={DEVICE_ID}" in line for line in lines) == 2
    assert sum("app.stopped" in line for line in lines) == 2


def test_a_policy_warning_reaches_the_log_file_not_stderr_as_a_bare_event_name(
    tmp_path: Path,
) -> None:
    """Found trying docs/admin.md on an installed .deb: `folio policy` printed
    ``policy.warning`` alone on stderr (the policy was read for its log level before
    any handler existed) ahead of its own sentence."""
    (tmp_path / "data").mkdir()
    done = folio(tmp_path, "policy", extra_env={"FOLIO_OFFLINE_GRACE_DAYS": "365"})
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "folio: warning: environment: offline_grace_days: would loosen the server, ignored"
    ]
    text = (logs_dir(tmp_path / "data") / "folio.log").read_text("utf-8")
    assert "policy.warning setting=offline_grace_days source=environment" in text


def test_diagnostics_name_the_device(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    Api.create(data_dir, PIN, kdf=KdfParams.FAST_FOR_TESTS).lock()
    write_device_file(data_dir, "https://folio.example.org", DEVICE_ID)
    out = diagnostics.write_zip(tmp_path / "diag.zip", data_dir)
    with zipfile.ZipFile(out) as zf:
        report = json.loads(zf.read("report.json"))
    assert report["device"] == {
        "enrolled": True,
        "device_id": DEVICE_ID,
        "server_url": "https://folio.example.org",
    }


def test_library_versions_resolve_without_package_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frozen build has no dist-info: the build's table, else the modules, answer."""
    real = diagnostics.package_versions()
    table = diagnostics.write_version_table(tmp_path / "build-versions.json")
    monkeypatch.setattr(diagnostics, "VERSION_TABLE", table)

    def frozen(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", frozen)
    assert diagnostics.package_versions() == real
    assert diagnostics.folio_version() == real["folio-meetings"]
    assert real["sqlcipher"]  # SQLCipher's own version, from the library
    table.unlink()  # no table either: the modules' own __version__
    bare = diagnostics.package_versions()
    for name in ("PySide6-Essentials", "PyMuPDF", "cryptography", "requests", "certifi"):
        assert bare[name] == real[name], name
    assert diagnostics.folio_version() == "0+unknown"


def _plant_traces(data_dir: Path) -> None:
    """What a used device holds besides the vault: logs, settings, update state, marker."""
    setup_logging(data_dir)
    logging.getLogger("folio.test").info("test.event")
    policy.save_user_setting(data_dir, "night_mode", True, policy.load(data_dir))
    (data_dir / updates.STATE_FILE).write_text('{"format": 1}\n', "utf-8")
    write_device_file(data_dir, "https://folio.example.org", DEVICE_ID)
    assert (logs_dir(data_dir) / "folio.log").is_file()


def _wipe_by_wrong_pins(data_dir: Path) -> None:
    for _ in range(2):
        with pytest.raises(WrongPin):
            Api.open(data_dir).unlock("000000")
    with pytest.raises(FolioError) as third:
        Api.open(data_dir).unlock("000000")
    assert third.value.kind is ErrorKind.VAULT_WIPED


def _wipe_by_sign_out(data_dir: Path) -> None:
    api = Api.open(data_dir)
    api.unlock(PIN)
    api.sign_out_and_wipe()


@pytest.mark.parametrize("path", ["folio wipe", "wrong PINs", "sign out and wipe"])
def test_every_wipe_path_removes_the_same_traces(
    tmp_path: Path, path: str, restore_logging: None
) -> None:
    data_dir = tmp_path / "data"
    Api.create(data_dir, PIN, kdf=KdfParams.FAST_FOR_TESTS, max_pin_attempts=3).lock()
    _plant_traces(data_dir)
    if path == "folio wipe":
        setup_logging(None)  # the CLI process below owns the files now
        done = folio(tmp_path, "wipe", "--yes")
        assert done.returncode == 0, done.stderr
    elif path == "wrong PINs":
        _wipe_by_wrong_pins(data_dir)
    else:
        _wipe_by_sign_out(data_dir)
    assert not data_dir.exists(), sorted(p.name for p in data_dir.iterdir())


def test_the_trace_names_are_the_owners_names() -> None:
    assert traces.DEVICE_FILE == DEVICE_FILE
    assert traces.UPDATE_STATE_FILE == updates.STATE_FILE
