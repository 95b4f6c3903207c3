"""Sync benchmarks: pack download vs raw requests, pushing 1,000 ops, first full sync of the demo.

Everything runs against a real ``folio-server`` on loopback started here.
"""

from __future__ import annotations

import json
import os
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
from sync.engine import EngineConfig, SyncEngine
from sync.vault import KdfParams

PASSWORD = "bench-password-1"
PIN = "246810"


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
                (folder / f"d{n}.pdf").write_bytes(_pdf(n, 15))
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
            api, engine = _device(root, url, "reader", EngineConfig(index_documents=False))
            start = time.perf_counter()
            result = engine.run_round()
            engine_s = time.perf_counter() - start
            assert result.ok, result.error
            total = result.bytes
            shas = [str(r[0]) for r in api.vault.db.query("SELECT sha256 FROM document_versions")]
            token = engine.client._access_token()
            session = requests.Session()
            start = time.perf_counter()
            raw = 0
            for sha in shas:
                r = session.get(
                    f"{url}/v1/documents/{sha}",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=30,
                )
                raw += len(r.content)
            raw_s = time.perf_counter() - start
            mib = total / 2**20
            rows.append(
                row(
                    "sync.pack_download (20 docs, 300 pages)",
                    mib / engine_s,
                    "MiB/s",
                    "raw requests GET of the same bytes",
                    (raw / 2**20) / raw_s,
                )
            )
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
