"""Sync benchmarks: pack download vs raw requests, pushing 1,000 ops, first full sync of the demo.

Everything runs against a real ``folio-server`` on loopback started here. The pack
is board-sized (20 documents of 100 pages, about 26 MB): with a few megabytes the
round's fixed costs (token, feed, signed manifest) swamp the transfer. Each
repetition enrols a fresh device and measures its first round and, right after, a
raw ``requests`` download of the same bytes, so both see the same machine; the
medians of three are reported. The download phase alone (first document started
to last one linked) is read from the engine's own log events, and one repetition
set runs with a single download worker: on this 2-core box the loopback server
competes with parallel workers for the same cores.
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pymupdf
import requests

from bench import Row, register, row
from server import admin
from server.context import ServerContext
from server.publish import publish_folder
from sync import protocol as p
from sync.api import Api
from sync.client import FolioClient, HttpTransport
from sync.device import save_enrollment
from sync.engine import EngineConfig, SyncEngine, events
from sync.vault import KdfParams

PASSWORD = "bench-password-1"
PIN = "246810"
PACK_PAGES = 100  # per document; 20 documents
REPEATS = 3


def _pdf(n: int, pages: int) -> bytes:
    doc = pymupdf.open()  # type: ignore[no-untyped-call]  # pymupdf ships no types
    for page_no in range(pages):
        page = doc.new_page()
        for line in range(60):
            page.insert_text(
                (40, 40 + line * 12), f"doc {n} page {page_no} line {line} {uuid.uuid4()}"
            )
    data = bytes(doc.tobytes())  # type: ignore[no-untyped-call]  # pymupdf ships no types
    doc.close()  # type: ignore[no-untyped-call]
    return data


def _server(root: Path) -> tuple[ServerContext, subprocess.Popen[str], str]:
    os.environ.setdefault("FOLIO_SECRET_BACKEND", "file")
    os.environ.setdefault("FOLIO_CONFIG_DIR", str(root / "config"))
    ctx = ServerContext.open(root / "server", f"sqlite:///{root / 'server.db'}")
    admin.init(ctx, "admin", PASSWORD)
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "folio-server"),
            "--data-dir",
            str(root / "server"),
            "--db",
            f"sqlite:///{root / 'server.db'}",
            "serve",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip().removeprefix("listening on ")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/v1/health", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.05)
    return ctx, proc, url


def _device(root: Path, url: str, user: str, config: EngineConfig) -> tuple[Api, SyncEngine]:
    api = Api.create(root / f"device-{uuid.uuid4().hex[:6]}", PIN, kdf=KdfParams.FAST_FOR_TESTS)
    client = FolioClient(HttpTransport(url))
    answer = client.enroll(p.EnrollRequest(device_name="bench", username=user, password=PASSWORD))
    client.close()
    db = api.vault.open_database()
    save_enrollment(db, api.data_dir, url, answer)
    db.close()
    return api, SyncEngine(api.vault, config=config)


@register("sync")
def sync_bench() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ctx, proc, url = _server(root)
        try:
            admin.add_user(ctx, "reader", PASSWORD)
            admin.add_committee(ctx, "Board")
            admin.add_member(ctx, "Board", "reader")
            folder = root / "pack"
            folder.mkdir()
            items = []
            for n in range(20):
                (folder / f"d{n}.pdf").write_bytes(_pdf(n, PACK_PAGES))
                items.append(
                    {
                        "number": str(n + 1),
                        "title": f"Item {n + 1}",
                        "documents": [{"file": f"d{n}.pdf", "title": f"Doc {n}"}],
                    }
                )
            (folder / "meeting.json").write_text(
                json.dumps(
                    {
                        "id": "bench",
                        "committee": "Board",
                        "title": "Bench",
                        "start": "2030-01-01T17:00:00+01:00",
                        "location": "",
                        "language": "en",
                        "items": items,
                    }
                )
            )
            publish_folder(ctx, folder)
            rows += _pack_rows(root, url)
            api, engine = _device(root, url, "reader", EngineConfig(index_documents=False))
            assert engine.run_round().ok
            # 1,000 ops
            item_id = api.get_meeting(api.list_meetings()[0].id).items[0].id
            for k in range(1000):
                api.add_comment("item", item_id, f"bench comment {k}")
            start = time.perf_counter()
            pushed = engine.run_round()
            push_s = time.perf_counter() - start
            assert pushed.ok, pushed.error
            assert pushed.pushed == 1000
            rows.append(row("sync.push_1000_ops", push_s, "s"))
            engine.close()
            api.lock()
            demo = Path(__file__).resolve().parents[1] / "resources" / "demo"
            if (demo / "meeting.toml").exists() or (demo / "meeting.json").exists():
                admin.add_committee(ctx, "Demo")
                publish_folder(ctx, demo)
                rows.append(row("sync.first_full_sync_demo", _first_sync(root, url, ctx), "s"))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            ctx.close()
    return rows


class _PhaseClock(logging.Handler):
    """First ``download.started`` to last ``download.linked``, from the engine's events."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.first: float | None = None
        self.last: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        now = time.perf_counter()
        if record.msg == events.DOWNLOAD_STARTED and self.first is None:
            self.first = now
        elif record.msg == events.DOWNLOAD_LINKED:
            self.last = now

    @property
    def seconds(self) -> float:
        assert self.first is not None
        assert self.last is not None
        return self.last - self.first


def _raw_download(url: str, token: str, shas: list[str]) -> tuple[int, float]:
    session = requests.Session()
    start = time.perf_counter()
    raw = 0
    for sha in shas:
        r = session.get(
            f"{url}/v1/documents/{sha}", headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        r.raise_for_status()
        raw += len(r.content)
    elapsed = time.perf_counter() - start
    session.close()
    return raw, elapsed


def _pack_rows(root: Path, url: str) -> list[Row]:
    """Median MiB/s of the first round, its download phase, and raw GETs, per worker count."""
    logger = logging.getLogger("folio.sync")
    rows: list[Row] = []
    for workers in (EngineConfig().download_workers, 1):
        rounds, phases, raws = [], [], []
        for _ in range(REPEATS):
            config = EngineConfig(index_documents=False, download_workers=workers)
            api, engine = _device(root, url, "reader", config)
            clock = _PhaseClock()
            logger.addHandler(clock)
            level = logger.level
            logger.setLevel(logging.INFO)
            try:
                start = time.perf_counter()
                result = engine.run_round()
                round_s = time.perf_counter() - start
            finally:
                logger.removeHandler(clock)
                logger.setLevel(level)
            assert result.ok, result.error
            mib = result.bytes / 2**20
            shas = [str(r[0]) for r in api.vault.db.query("SELECT sha256 FROM document_versions")]
            raw, raw_s = _raw_download(url, engine.client._access_token(), shas)
            assert raw == result.bytes
            rounds.append(mib / round_s)
            phases.append(mib / clock.seconds)
            raws.append(mib / raw_s)
            engine.close()
            api.lock()
        raw_mib_s = statistics.median(raws)
        size = f"{mib:.0f} MiB"
        ref = f"raw sequential requests GET of the same bytes ({raw_mib_s:.0f} MiB/s)"
        label = f"{workers} download worker{'s' if workers > 1 else ''}"
        rows.append(
            row(
                f"sync.pack_first_round ({size}, {label})",
                statistics.median(rounds),
                "MiB/s",
                ref,
                raw_mib_s,
            )
        )
        rows.append(
            row(
                f"sync.pack_download_phase ({size}, {label})",
                statistics.median(phases),
                "MiB/s",
                ref,
                raw_mib_s,
            )
        )
    return rows


def _first_sync(root: Path, url: str, ctx: ServerContext) -> float:
    admin.add_user(ctx, "demo-reader", PASSWORD)
    for (name,) in ctx.engine.connect().exec_driver_sql("SELECT name FROM committees").all():
        admin.add_member(ctx, str(name), "demo-reader")
    api, engine = _device(root, url, "demo-reader", EngineConfig())
    start = time.perf_counter()
    result = engine.run_round()
    elapsed = time.perf_counter() - start
    engine.close()
    api.lock()
    assert result.ok, result.error
    return elapsed
