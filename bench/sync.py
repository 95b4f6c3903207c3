"""Sync benchmarks: a board pack's first round vs raw GETs, 1,000 ops pushed, the demo sync.

Everything runs against a real ``folio-server`` on loopback started here. The pack
is board-sized (20 documents of 100 pages, about 26 MiB; each page carries text
and a small incompressible image, as scans and figures do): with a few megabytes
the round's fixed costs (token, feed, signed manifest) swamp the transfer.

Noise is the enemy on a shared 2-core box, so every repetition enrols fresh
devices and measures, back to back, a first round with the default download
workers, a first round with one worker (the order alternates), and right after
each round a raw sequential ``requests`` GET of the same bytes: a round and its
reference see the same machine. One unmeasured repetition warms the server up.
Rows are medians; each reference names the raw median and the range of the
per-repetition ratios, so the spread is visible in the table.

The download phase alone (first ``download.started`` to last ``download.linked``:
transfer, piece hashes, encryption, linking) is read from the engine's own log
events, without touching the engine. The one-worker rows show what parallel
downloads buy here, where the loopback server competes for the same two cores.
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
import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymupdf as _pymupdf
import requests

from bench import Row, register, row
from resources.demo import build as demo_build
from server import admin
from server.context import ServerContext
from server.publish import publish_folder
from sync import protocol as p
from sync.api import Api
from sync.client import FolioClient, HttpTransport
from sync.device.enrollment import save_enrollment
from sync.engine import EngineConfig, SyncEngine, events
from sync.vault import KdfParams

# PyMuPDF ships partial annotations (many calls untyped).
pymupdf: Any = _pymupdf

PASSWORD = "bench-password-1"
PIN = "246810"
PACK_DOCUMENTS = 20
PACK_PAGES = 100  # per document
IMAGE_SIDE = 60  # pixels; random RGB, so about 11 KB per page that no filter shrinks
REPEATS = 5
WORKERS = (EngineConfig().download_workers, 1)


def _pdf(n: int, pages: int) -> bytes:
    doc = pymupdf.open()
    for page_no in range(pages):
        page = doc.new_page()
        text = "\n".join(f"doc {n} page {page_no} line {line} {uuid.uuid4()}" for line in range(50))
        page.insert_text((40, 40), text, fontsize=11)
        noise = os.urandom(IMAGE_SIDE * IMAGE_SIDE * 3)
        pixmap = pymupdf.Pixmap(pymupdf.csRGB, IMAGE_SIDE, IMAGE_SIDE, noise, False)
        page.insert_image(pymupdf.Rect(40, 640, 240, 800), pixmap=pixmap)
    data = bytes(doc.tobytes())
    doc.close()
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


def _enroll(url: str, user: str) -> p.EnrollResponse:
    client = FolioClient(HttpTransport(url))
    try:
        return client.enroll(p.EnrollRequest(device_name="bench", username=user, password=PASSWORD))
    finally:
        client.close()


def _device(root: Path, url: str, user: str, config: EngineConfig) -> tuple[Api, SyncEngine]:
    api = Api.create(root / f"device-{uuid.uuid4().hex[:6]}", PIN, kdf=KdfParams.FAST_FOR_TESTS)
    answer = _enroll(url, user)
    db = api.vault.open_database()
    save_enrollment(db, api.data_dir, url, answer)
    db.close()
    return api, SyncEngine(api.vault, config=config)


def _publish_pack(ctx: ServerContext, folder: Path) -> None:
    folder.mkdir()
    items = []
    for n in range(PACK_DOCUMENTS):
        (folder / f"d{n}.pdf").write_bytes(_pdf(n, PACK_PAGES))
        items.append(
            {
                "number": str(n + 1),
                "title": f"Item {n + 1}",
                "documents": [{"file": f"d{n}.pdf", "title": f"Doc {n}"}],
            }
        )
    meeting = {
        "id": "bench",
        "committee": "Board",
        "title": "Bench",
        "start": "2030-01-01T17:00:00+01:00",
        "location": "",
        "language": "en",
        "items": items,
    }
    (folder / "meeting.json").write_text(json.dumps(meeting))
    publish_folder(ctx, folder)


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
            _publish_pack(ctx, root / "pack")
            rows += _pack_rows(root, url)
            rows.append(row("sync.push_1000_ops", _push_1000(root, url), "s"))
            rows.append(row("sync.first_full_sync_demo", _first_sync_demo(root, url, ctx), "s"))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            ctx.close()
    return rows


# -- the pack ------------------------------------------------------------------------


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


@dataclass
class _Samples:
    """MiB/s per repetition: the whole round, its download phase, the raw GET after it."""

    rounds: list[float] = field(default_factory=list)
    phases: list[float] = field(default_factory=list)
    raws: list[float] = field(default_factory=list)


def _raw_download(url: str, token: str, shas: list[str]) -> tuple[int, float]:
    """The same documents, one after another, over one keep-alive connection."""
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


def _measure(root: Path, url: str, token: str, workers: int, into: _Samples) -> float:
    """One fresh device's first round, then the raw reference; returns the pack's MiB."""
    config = EngineConfig(index_documents=False, download_workers=workers)
    api, engine = _device(root, url, "reader", config)
    logger = logging.getLogger("folio.sync")
    clock = _PhaseClock()
    level = logger.level
    logger.addHandler(clock)
    logger.setLevel(logging.INFO)
    try:
        start = time.perf_counter()
        result = engine.run_round()
        round_s = time.perf_counter() - start
    finally:
        logger.removeHandler(clock)
        logger.setLevel(level)
    assert result.ok, result.error
    shas = [str(r[0]) for r in api.vault.db.query("SELECT sha256 FROM document_versions")]
    engine.close()
    api.lock()
    raw, raw_s = _raw_download(url, token, shas)
    assert raw == result.bytes
    mib = result.bytes / 2**20
    into.rounds.append(mib / round_s)
    into.phases.append(mib / clock.seconds)
    into.raws.append(mib / raw_s)
    return mib


def _pack_rows(root: Path, url: str) -> list[Row]:
    token = _enroll(url, "reader").tokens.access_token  # the raw reference's own device
    _measure(root, url, token, WORKERS[0], _Samples())  # warm-up, not counted
    samples = {w: _Samples() for w in WORKERS}
    mib = 0.0
    for rep in range(REPEATS):
        for workers in WORKERS if rep % 2 == 0 else WORKERS[::-1]:
            mib = _measure(root, url, token, workers, samples[workers])
    rows: list[Row] = []
    for workers, s in samples.items():
        raw = statistics.median(s.raws)
        label = f"{mib:.0f} MiB, {workers} download worker{'s' if workers > 1 else ''}"
        for name, values in (("pack_first_round", s.rounds), ("pack_download_phase", s.phases)):
            ratios = [v / r for v, r in zip(values, s.raws, strict=True)]
            ref = (
                f"raw sequential requests GET of the same bytes, median {raw:.0f} MiB/s"
                f" (per-repetition ratios {min(ratios):.2f}-{max(ratios):.2f})"
            )
            rows.append(row(f"sync.{name} ({label})", statistics.median(values), "MiB/s", ref, raw))
    return rows


# -- ops and the demo ------------------------------------------------------------------


def _push_1000(root: Path, url: str) -> float:
    api, engine = _device(root, url, "reader", EngineConfig(index_documents=False))
    try:
        assert engine.run_round().ok
        item_id = api.get_meeting(api.list_meetings()[0].id).items[0].id
        for k in range(1000):
            api.add_comment("item", item_id, f"bench comment {k}")
        start = time.perf_counter()
        pushed = engine.run_round()
        elapsed = time.perf_counter() - start
    finally:
        engine.close()
        api.lock()
    assert pushed.ok, pushed.error
    assert pushed.pushed == 1000
    return elapsed


def _first_sync_demo(root: Path, url: str, ctx: ServerContext) -> float:
    """The demo organisation's meetings (resources/demo), first round with indexing."""
    folders = demo_build.build(root / "demo")
    admin.add_user(ctx, "demo-reader", PASSWORD)
    committees: list[str] = []
    for folder in folders:
        with (folder / "meeting.toml").open("rb") as f:
            committee = str(tomllib.load(f)["committee"])
        if committee not in committees:
            committees.append(committee)
            admin.add_committee(ctx, committee)
            admin.add_member(ctx, committee, "demo-reader")
        publish_folder(ctx, folder)
    api, engine = _device(root, url, "demo-reader", EngineConfig())
    try:
        start = time.perf_counter()
        result = engine.run_round()
        elapsed = time.perf_counter() - start
    finally:
        engine.close()
        api.lock()
    assert result.ok, result.error
    return elapsed
