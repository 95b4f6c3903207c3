"""Fixtures for the sync engine's tests: a stoppable loopback server and enrolled devices.

- ``sync_server`` (module): ``folio-server serve`` as a real subprocess on SQLite;
  ``stop()`` / ``start()`` bring it down and back on the same port (how "offline"
  is tested: no monkeypatching), admin helpers run in-process on the same DB.
- ``devices``: a factory of N enrolled vaults (real SQLCipher, real crypto) with a
  SyncEngine each, optionally talking through another URL (the fault proxy).

Imported by test modules (``from conftest_sync import ...``) and by
tests/faults/conftest.py; the test tree has no packages, so this is a plain module.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from server import admin as admin_ops
from server.context import ServerContext
from server.publish import publish_folder
from sync import protocol as p
from sync.api import Api
from sync.client import FolioClient, HttpConfig, HttpTransport
from sync.device.enrollment import DeviceIdentity, save_enrollment
from sync.engine import EngineConfig, RoundResult, SyncEngine
from sync.vault import KdfParams

ADMIN_PASSWORD = "admin-password-1"
PASSWORD = "member-password-1"
PIN = "482910"
_BIN = Path(sys.executable).parent

#: Small numbers so faults show within a test's patience (the watchdog fires in ~0.5 s).
FAST_HTTP = HttpConfig(
    connect_timeout=2.0,
    read_timeout=1.5,
    retries=1,
    backoff_factor=0.01,
    backoff_max=0.05,
    inline_retry_after_max=0.2,
    min_bytes_per_second=5000.0,
    watchdog_window=0.5,
    download_deadline=20.0,
)
FAST_ENGINE = EngineConfig(download_attempts=2, http=FAST_HTTP)


def pdf_bytes(text: str, pages: int = 1, filler: int = 0) -> bytes:
    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page()
        y = 72.0
        for line in [
            f"{text} (page {n + 1})",
            *(f"filler {n}-{i} {i * 7919}" for i in range(filler)),
        ]:
            page.insert_text((72, y), line, fontsize=9)
            y += 11
            if y > 780:
                break
    data = bytes(doc.tobytes())
    doc.close()
    return data


def write_meeting(
    folder: Path,
    committee: str,
    items: list[dict[str, Any]],
    *,
    key: str | None = None,
    start: str = "2030-01-01T17:00:00+01:00",
) -> Path:
    """A publishing folder; each item: number, closed, needs_decision, docs={file: bytes|text}."""
    folder.mkdir(parents=True, exist_ok=True)
    desc: dict[str, Any] = {
        "id": key or f"meeting-{uuid.uuid4().hex[:8]}",
        "committee": committee,
        "title": "Test meeting",
        "start": start,
        "location": "Room 1",
        "language": "en",
        "items": [],
    }
    for it in items:
        docs = []
        for file, content in it.get("docs", {}).items():
            data = content if isinstance(content, bytes) else pdf_bytes(content)
            (folder / file).write_bytes(data)
            docs.append({"file": file, "title": file})
        desc["items"].append(
            {
                "number": it["number"],
                "title": it.get("title", f"Item {it['number']}"),
                "closed": it.get("closed", False),
                "needs_decision": it.get("needs_decision", False),
                "proposal": it.get("proposal", ""),
                "documents": docs,
            }
        )
    (folder / "meeting.json").write_text(json.dumps(desc))
    return folder


@dataclass
class SyncServer:
    data_dir: Path
    db_url: str
    ctx: ServerContext
    port: int = 0
    process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self.process is None
        proc = subprocess.Popen(
            [
                str(_BIN / "folio-server"),
                "--data-dir",
                str(self.data_dir),
                "--db",
                self.db_url,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            proc.kill()
            raise RuntimeError(f"folio-server did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1])
        self.process = proc
        # "listening" is printed once the socket is bound; uvicorn listens a moment later.
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("folio-server never accepted connections") from None
                threading.Event().wait(0.02)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def unique(self, prefix: str) -> str:
        return f"{prefix}-{uuid.uuid4().hex[:8]}"

    def user(self) -> str:
        name = self.unique("reader")
        admin_ops.add_user(self.ctx, name, PASSWORD)
        return name

    def committee(self, members: list[str]) -> str:
        name = self.unique("committee")
        admin_ops.add_committee(self.ctx, name)
        for m in members:
            admin_ops.add_member(self.ctx, name, m)
        return name

    def publish(self, folder: Path) -> Any:
        return publish_folder(self.ctx, folder)

    def revoke(self, device_id: str, *, wipe: bool = False) -> None:
        admin_ops.revoke_device(self.ctx, device_id, wipe=wipe)

    def op_counts(self) -> dict[str, int]:
        """Server side: how many rows each op id has (exactly once means 1)."""
        from sqlalchemy import text  # noqa: PLC0415

        with self.ctx.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, count(*) FROM ops GROUP BY id")).all()
        return {str(r[0]): int(r[1]) for r in rows}


@pytest.fixture(scope="module")
def sync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SyncServer]:
    data_dir = tmp_path_factory.mktemp("sync-server")
    db_url = f"sqlite:///{data_dir / 'server.db'}"
    ctx = ServerContext.open(data_dir, db_url)
    admin_ops.init(ctx, "admin", ADMIN_PASSWORD)
    srv = SyncServer(data_dir, db_url, ctx)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()
        ctx.close()


@dataclass
class Device:
    name: str
    data_dir: Path
    api: Api
    engine: SyncEngine
    device_id: str
    closed: bool = field(default=False)

    def sync(self) -> RoundResult:
        return self.engine.run_round()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.engine.close()
        if not self.engine.wiped:
            self.api.lock()


def enroll_device(
    server: SyncServer,
    user: str,
    data_dir: Path,
    *,
    via: str | None = None,
    config: EngineConfig = FAST_ENGINE,
    **engine_kwargs: Any,
) -> Device:
    api = Api.create(data_dir, PIN, kdf=KdfParams.FAST_FOR_TESTS)
    client = FolioClient(HttpTransport(server.url, config.http))
    identity = DeviceIdentity.generate()
    answer = client.enroll(
        p.EnrollRequest(
            device_name=data_dir.name, username=user, password=PASSWORD, keys=identity.public()
        )
    )
    client.close()
    db = api.vault.open_database()
    save_enrollment(db, data_dir, server.url, answer, identity)
    db.close()
    engine = SyncEngine(
        api.vault,
        transport=HttpTransport(via or server.url, config.http),
        config=config,
        **engine_kwargs,
    )
    return Device(data_dir.name, data_dir, api, engine, answer.device_id)


DeviceFactory = Callable[..., list[Device]]


@pytest.fixture
def devices(sync_server: SyncServer, tmp_path: Path) -> Iterator[DeviceFactory]:
    """``devices(n, user=None, via=None)``: n vaults of one reader, enrolled against the server."""
    made: list[Device] = []

    def make(
        n: int = 1, user: str | None = None, via: str | None = None, **kw: Any
    ) -> list[Device]:
        reader = user or sync_server.user()
        out = []
        for _ in range(n):
            d = enroll_device(sync_server, reader, tmp_path / f"device-{len(made)}", via=via, **kw)
            made.append(d)
            out.append(d)
        return out

    yield make
    for d in made:
        d.close()
