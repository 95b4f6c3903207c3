"""What support may see: a diagnostics zip, and the install self-test.

``folio diagnostics`` collects what IT needs to help a reader without seeing
what the reader reads: the log files (which hold event names and ids only;
lines are passed through ``redact_line`` once more on the way out), the
effective configuration with secrets replaced, versions of Folio and its
libraries, and the vault's health as numbers (sizes, counters, whether it is
enrolled). Nothing is decrypted unless the PIN is given, and even then only
counts and the number of integrity problems leave the vault.

``folio --self-test`` proves an installed bundle works end to end: it creates
a vault in a temporary folder (with its own file-backed secret store, so the
OS keyring is untouched), imports the example meeting, decrypts a document,
renders its first page with PyMuPDF (offscreen; no window), verifies and wipes
the vault, and loads the desktop app's modules when they are in the build, then
the Qt platform plugins the session needs (a missing system library is named)
and draws the app icon offscreen (desktop/platform_check.py).
"""

from __future__ import annotations

import importlib
import io
import json
import platform
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sync.config import policy
from sync.config.paths import logs_dir

#: Distributions whose versions go into the zip (a missing one is reported as absent),
#: with the module whose ``__version__`` says the same where package metadata is gone:
#: a frozen build carries no dist-info, so ``importlib.metadata`` finds nothing there.
DISTRIBUTIONS: dict[str, str | None] = {
    "folio-meetings": None,
    "PySide6-Essentials": "PySide6",
    "shiboken6": "shiboken6",
    "PyMuPDF": "pymupdf",
    "sqlcipher3": None,  # no __version__; the SQLCipher library's own version is reported
    "cryptography": "cryptography",
    "requests": "requests",
    "urllib3": "urllib3",
    "truststore": "truststore",
    "keyring": None,
    "argon2-cffi": None,  # argon2.__version__ is deprecated: the build table has it
    "certifi": "certifi",
}

#: Written next to this module by the build (build.spec calls ``write_version_table``):
#: the versions the bundle was built from, for what has no ``__version__``.
VERSION_TABLE = Path(__file__).with_name("build-versions.json")

# Defense in depth: what no log line should hold, replaced if one ever does.
_REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1<redacted>"),
    (
        re.compile(
            r"(?i)\b((?:[a-z_]*token|password|secret|pin|enrollment_code|code|authorization)"
            r"[\"']?\s*[=:]\s*[\"']?)[^\s\"',}]+"
        ),
        r"\1<redacted>",
    ),
)


def redact_line(line: str) -> str:
    for pattern, replacement in _REDACTIONS:
        line = pattern.sub(replacement, line)
    return line


def _metadata_versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in DISTRIBUTIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def write_version_table(path: Path = VERSION_TABLE) -> Path:
    """At build time: record every distribution's version for the frozen build to report."""
    path.write_text(json.dumps(_metadata_versions(), indent=2, sort_keys=True) + "\n", "utf-8")
    return path


def _version_table() -> dict[str, str | None]:
    try:
        table = json.loads(VERSION_TABLE.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in table.items() if isinstance(v, str)} if isinstance(table, dict) else {}


def _module_version(module_name: str) -> str | None:
    module = sys.modules.get(module_name)
    if module is None:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return None
    version = getattr(module, "__version__", None)
    return version if isinstance(version, str) else None


def _sqlcipher_version() -> str | None:
    try:
        import sqlcipher3  # noqa: PLC0415

        conn = sqlcipher3.connect(":memory:")
        try:
            row = conn.execute("PRAGMA cipher_version").fetchone()
        finally:
            conn.close()
    except Exception:
        return None
    return str(row[0]) if row and row[0] else None


def package_versions() -> dict[str, str | None]:
    """Each library's version: package metadata, else the build's table, else the module."""
    found = _metadata_versions()
    table = _version_table()
    for name, module_name in DISTRIBUTIONS.items():
        if found[name] is None:
            found[name] = table.get(name) or (_module_version(module_name) if module_name else None)
    found["sqlcipher"] = _sqlcipher_version()
    return found


def folio_version() -> str:
    """Folio's own version, also in a frozen build (where package metadata is absent)."""
    try:
        return metadata.version("folio-meetings")
    except metadata.PackageNotFoundError:
        return _version_table().get("folio-meetings") or "0+unknown"


def versions() -> dict[str, Any]:
    found = package_versions()
    return {
        "folio": found["folio-meetings"] or "0+unknown",
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "machine": platform.machine(),
        "frozen": bool(getattr(sys, "frozen", False)),
        "packages": found,
    }


def device_summary(data_dir: Path) -> dict[str, Any]:
    """Which device this is, from the unencrypted enrollment marker (no PIN needed)."""
    from sync.device.enrollment import read_device_file  # noqa: PLC0415

    marker = read_device_file(data_dir) or {}
    device_id, server = marker.get("device_id"), marker.get("server_url")
    return {
        "enrolled": bool(marker),
        "device_id": device_id if isinstance(device_id, str) else None,
        "server_url": server if isinstance(server, str) else None,
    }


def _tree_summary(data_dir: Path) -> dict[str, Any]:
    """Sizes per top-level entry; names of our own files only, never of blobs."""
    if not data_dir.is_dir():
        return {"exists": False}
    entries: dict[str, dict[str, int]] = {}
    for entry in sorted(data_dir.iterdir()):
        if entry.is_dir():
            files = [f for f in entry.rglob("*") if f.is_file()]
            entries[entry.name + "/"] = {
                "files": len(files),
                "bytes": sum(f.stat().st_size for f in files),
            }
        elif entry.is_file():
            entries[entry.name] = {"files": 1, "bytes": entry.stat().st_size}
    return {"exists": True, "entries": entries}


def vault_health(data_dir: Path, pin: str | None = None) -> dict[str, Any]:
    """Numbers about the vault, never its content. With ``pin``: counts and integrity too."""
    from sync.api import Api  # noqa: PLC0415 (SQLCipher loads only when asked)
    from sync.errors import FolioError  # noqa: PLC0415

    health: dict[str, Any] = {"data_dir": _tree_summary(data_dir), "vault": Api.exists(data_dir)}
    if not health["vault"]:
        return health
    try:
        from sync.vault import Vault  # noqa: PLC0415

        locked = Vault.open(data_dir)
        health.update(
            {
                "vault_id": locked.vault_id,
                "secret_backend": locked.secret_backend,
                "failed_pin_attempts": locked.failed_attempts,
                "max_pin_attempts": locked.max_pin_attempts,
            }
        )
    except FolioError as exc:
        health["open_error"] = exc.kind.value
        return health
    if pin is None:
        health["unlocked"] = False
        return health
    api = Api.open(data_dir)
    try:
        api.unlock(pin)
        try:
            status = api.sync_status()
            health.update(
                {
                    "unlocked": True,
                    "counts": api.counts(),
                    "integrity_problems": len(api.verify()),
                    "enrolled": status.enrolled,
                    "last_sync_at": None
                    if status.last_sync_at is None
                    else status.last_sync_at.isoformat(),
                    "has_last_error": status.last_error is not None,
                }
            )
        finally:
            api.lock()
    except FolioError as exc:
        health["unlock_error"] = exc.kind.value
    return health


def write_zip(out: Path, data_dir: Path, *, pin: str | None = None) -> Path:
    """The diagnostics zip for support; returns its path."""
    config = policy.load(data_dir)
    report = {
        "created_at": datetime.now(UTC).isoformat(),
        "versions": versions(),
        "device": device_summary(data_dir),
        "config": config.redacted(),
        "config_warnings": [str(w) for w in config.warnings],
        "policy_file": str(policy.policy_file_path()),
        "policy_state": config.policy_state.value,
        "policy_problem": config.policy_problem,
        "vault_health": vault_health(data_dir, pin),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("report.json", json.dumps(report, indent=2, sort_keys=True, default=str))
        directory = logs_dir(data_dir)
        if directory.is_dir():
            for log_file in sorted(directory.iterdir()):
                if not log_file.is_file():
                    continue
                text = log_file.read_text(encoding="utf-8", errors="replace")
                cleaned = "".join(redact_line(line) for line in io.StringIO(text))
                zf.writestr(f"logs/{log_file.name}", cleaned)
    tmp.replace(out)
    return out


def default_zip_name() -> str:
    return datetime.now(UTC).strftime("folio-diagnostics-%Y%m%dT%H%M%SZ.zip")


# ---------------------------------------------------------------------------
# self-test


SELF_TEST_PIN = "self-test-2468"


def example_meeting_folder() -> Path:
    """The bundled example publishing folder (resources/example-meeting)."""
    resources = importlib.import_module("resources")
    return Path(str(resources.__file__)).parent / "example-meeting"


def run_self_test(say: Callable[[str], None], *, with_desktop: bool = True) -> None:
    """Each step says ``ok: ...``; the first failure raises (the CLI turns it into one line)."""
    from sync.api import Api  # noqa: PLC0415
    from sync.vault.secret_store import FileSecretStore  # noqa: PLC0415

    scratch = Path(tempfile.mkdtemp(prefix="folio-self-test-"))
    try:
        store = FileSecretStore(scratch / "secrets")
        data_dir = scratch / "vault"
        api = Api.create(data_dir, SELF_TEST_PIN, secret_store=store)
        say(f"ok: vault created ({api.vault_info().secret_backend} secret store)")
        try:
            api.import_pack(example_meeting_folder())
            documents = api.list_documents()
            say(f"ok: example meeting imported ({len(documents)} documents)")
            if not documents:
                raise RuntimeError("the example meeting has no documents")
            pdf_plain = api.document_bytes(documents[0].id)
            renderer = api.pdf  # the process's PdfWorker: PyMuPDF on its one thread
            info = renderer.open("self-test", pdf_plain)
            page = renderer.render("self-test", 0, 600)
            renderer.close("self-test")
            inked = sum(1 for b in page.samples[::97] if b < 128)
            if page.width != 600 or inked == 0:
                raise RuntimeError("the rendered page is blank")
            say(f"ok: page 1 of {info.page_count} rendered offscreen ({page.width}x{page.height})")
            problems = api.verify()
            if problems:
                raise RuntimeError(f"vault verification found {len(problems)} problem(s)")
            say("ok: vault verified")
        finally:
            api.lock()
        Api.open(data_dir, secret_store=store).wipe()
        say("ok: vault wiped")
        if with_desktop:
            try:
                importlib.import_module("desktop.app")
            except ModuleNotFoundError as exc:
                if exc.name not in ("desktop", "desktop.app"):
                    raise
                say("skip: the desktop app is not in this build")
            else:
                say("ok: desktop app modules load")
                # The session's Qt platform plugins and drawing (desktop/platform_check.py).
                importlib.import_module("desktop.platform_check").run(say)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
