"""Nothing that should stay secret reaches a log file or the diagnostics zip.

An end-to-end run against the real loopback server -- ``folio init``, ``folio
enroll --code`` and ``folio sync`` as real processes, then annotate, comment,
decide and search in-process at DEBUG level, sync again, a wrong PIN, lock,
``folio diagnostics --with-pin`` -- and then every log file, every captured
stderr log stream and every member of the zip (decompressed) is scanned for the
marker put into the meeting's titles, documents, closed item, annotation,
comment and remark, for the enrollment code, the refresh tokens and the PIN.

First the scanner proves it finds a marker planted through the same logging
pipeline and the same zip writer (negative control), so a silent scanner means
a clean run and not a blind one.
"""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test tree has
# no packages) and so shadow their names.

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest_sync import (  # noqa: F401 (fixtures)
    SyncServer,
    pdf_bytes,
    sync_server,
    write_meeting,
)

from server import admin as admin_ops
from sync import model
from sync.api import Api
from sync.config.paths import logs_dir
from sync.device import diagnostics
from sync.device.logging_setup import setup_logging
from sync.store.state import STATE_REFRESH_TOKEN

FOLIO = Path(sys.executable).parent / "folio"
PIN = "739146"
WRONG_PIN = "000017"


@dataclass(frozen=True)
class Hit:
    where: str
    needle: str


def scan(paths: Iterable[Path], needles: dict[str, str], texts: dict[str, str]) -> list[Hit]:
    """Every needle found in the files (zip members decompressed) and extra texts."""
    sources: dict[str, str] = dict(texts)
    for path in paths:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    sources[f"{path.name}:{name}"] = zf.read(name).decode("utf-8", "replace")
        else:
            sources[str(path)] = path.read_bytes().decode("utf-8", "replace")
    hits: list[Hit] = []
    for where, text in sources.items():
        for label, needle in needles.items():
            pattern = re.escape(needle)
            if needle.isdigit():  # a PIN: not as part of a longer number
                pattern = rf"(?<!\d){pattern}(?!\d)"
            if re.search(pattern, text, flags=re.IGNORECASE):
                hits.append(Hit(where, label))
    return hits


def _log_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in logs_dir(data_dir).rglob("*") if p.is_file())


@pytest.fixture
def debug_logging() -> Iterator[None]:
    yield
    setup_logging(None)


def test_scanner_finds_a_planted_marker_in_logs_and_zip(
    tmp_path: Path, debug_logging: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLIO_POLICY", str(tmp_path / "none.toml"))
    planted = f"PLANTED{uuid.uuid4().hex[:12]}"
    data_dir = tmp_path / "control"
    data_dir.mkdir()
    setup_logging(data_dir, level=logging.DEBUG)
    logging.getLogger("folio.control").debug("control.planted", extra={"fields": {"n": planted}})
    for handler in logging.getLogger().handlers:
        handler.flush()
    zip_path = diagnostics.write_zip(tmp_path / "control.zip", data_dir)
    hits = scan([*_log_files(data_dir), zip_path], {"marker": planted}, {})
    assert {h.where for h in hits} == {
        str(logs_dir(data_dir) / "folio.log"),
        "control.zip:logs/folio.log",
    }
    # a PIN is found on its own, not inside a longer number
    assert scan([], {"pin": PIN}, {"a": f"pin {PIN}.", "b": f"n=1{PIN}2"}) == [Hit("a", "pin")]


def _cli(
    args: list[str], data_dir: Path, env: dict[str, str], *, ok: bool = True
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(FOLIO), "--data-dir", str(data_dir), "--log-format", "json", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if ok:
        assert done.returncode == 0, f"folio {args[0]}: {done.stderr}"
    else:
        assert done.returncode != 0
    return done


def _refresh_token(data_dir: Path) -> str:
    api = Api.open(data_dir)
    api.unlock(PIN)
    try:
        token = api.vault.db.get_state(STATE_REFRESH_TOKEN)
    finally:
        api.lock()
    assert token
    return token


def test_no_content_token_or_pin_in_logs_or_diagnostics_after_a_full_run(
    sync_server: SyncServer, tmp_path: Path, debug_logging: None
) -> None:
    marker = f"MARKER{uuid.uuid4().hex[:12]}"
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    write_meeting(
        tmp_path / "pack",
        committee,
        [
            {
                "number": "1",
                "title": f"Open item {marker}",
                "proposal": f"Proposal {marker}",
                "docs": {"a.pdf": pdf_bytes(f"open document {marker}", pages=2)},
            },
            {
                "number": "2",
                "title": f"Decision {marker}",
                "needs_decision": True,
                "docs": {"b.pdf": f"decision document {marker}"},
            },
            {
                "number": "3",
                "title": f"Closed land deal {marker}",
                "closed": True,
                "docs": {"c.pdf": f"closed document {marker}"},
            },
        ],
    )
    meeting_id = str(sync_server.publish(tmp_path / "pack").meeting_id)
    code = admin_ops.create_enrollment_code(sync_server.ctx, reader)

    data_dir = tmp_path / "device"
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text(f'enrollment_code = "{code}"\n')
    env = {
        **os.environ,
        "FOLIO_PIN": PIN,
        "FOLIO_FAST_KDF_FOR_TESTS": "1",
        "FOLIO_POLICY": str(policy_file),
    }
    os.environ["FOLIO_POLICY"] = str(policy_file)
    stderr: dict[str, str] = {}
    try:
        stderr["init"] = _cli(["init"], data_dir, env).stderr
        stderr["enroll"] = _cli(
            ["enroll", "--server", sync_server.url, "--code", code], data_dir, env
        ).stderr
        stderr["sync1"] = _cli(["sync"], data_dir, env).stderr
        tokens = {"refresh_token_1": _refresh_token(data_dir)}

        # The reader's work, in-process, logged at DEBUG into the same log file.
        setup_logging(data_dir, level=logging.DEBUG)
        api = Api.open(data_dir)
        api.unlock(PIN)
        try:
            meeting = api.get_meeting(meeting_id)
            item = meeting.items[0]
            doc = item.documents[0]
            api.document_bytes(doc.id)
            api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text=f"note {marker}")
            api.add_comment("item", item.id, f"comment {marker}")
            case = api.list_cases()[0]
            api.decide(case.id, model.Decision.APPROVE, f"remark {marker}")
            assert api.search(marker)  # content is there, and searchable
        finally:
            api.lock()
        setup_logging(None)

        stderr["sync2"] = _cli(["sync"], data_dir, env).stderr
        stderr["wrong_pin"] = _cli(
            ["status"], data_dir, {**env, "FOLIO_PIN": WRONG_PIN}, ok=False
        ).stderr
        stderr["status"] = _cli(["status"], data_dir, env).stderr
        tokens["refresh_token_2"] = _refresh_token(data_dir)
        zip_path = tmp_path / "diagnostics.zip"
        stderr["diagnostics"] = _cli(
            ["diagnostics", "--with-pin", "--out", str(zip_path)], data_dir, env
        ).stderr
    finally:
        os.environ.pop("FOLIO_POLICY", None)

    logs = _log_files(data_dir)
    assert logs, "the run wrote no log file"
    all_logs = "".join(p.read_text() for p in logs)
    for event in ("cli.init", "round.completed", "cli.failed"):
        assert event in all_logs, f"{event} missing: the scan would prove nothing"
    with zipfile.ZipFile(zip_path) as zf:
        assert "logs/folio.log" in zf.namelist()
        assert b'"unlocked": true' in zf.read("report.json")

    needles = {"marker": marker, "enrollment_code": code, "pin": PIN, "wrong_pin": WRONG_PIN}
    needles.update(tokens)
    texts = {f"stderr of folio {k}": v for k, v in stderr.items()}
    assert scan([*logs, zip_path], needles, texts) == []
