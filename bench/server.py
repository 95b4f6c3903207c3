"""Server benchmarks: op ingestion and change-feed latency at 1k / 10k / 100k / 1M stored
ops on SQLite and PostgreSQL side by side, a device pushing 1,000 ops, and document
download next to a static file.

References measured in the same run: ingestion next to raw one-row commits into the
same kind of database, measured right before it (SQLite: plain sqlite3, WAL,
synchronous=FULL, a file beside the server's; PostgreSQL: plain psycopg into the
same cluster), the rate a server committing each op alone could not beat; feed
latency next to ``/v1/health`` over the same HTTP stack; document download next to
Starlette's StaticFiles serving the same bytes from the same uvicorn. Stored ops are
made with one INSERT ... SELECT per table, not through the API.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pymupdf as _pymupdf
import requests
import uvicorn
from sqlalchemy import func, select, text

from bench import Row, register, row
from server import admin
from server.app import create_app
from server.context import ServerContext
from server.feed import current_epoch, encode_cursor
from server.models import FeedRow, Item, User
from server.publish import publish_folder
from sync import protocol as p

pymupdf: Any = _pymupdf  # PyMuPDF's annotations are partial
PASSWORD = "bench-password-1"
LEVELS = (1_000, 10_000, 100_000, 1_000_000)
INGEST_OPS = 2_000  # 4 clients x 500 ops, in batches of 50
RAW_COMMITS = 1_000


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise RuntimeError(f"PostgreSQL's {name} is not installed")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _postgres() -> Iterator[str]:
    """A throwaway cluster on loopback; yields a database URL."""
    root = Path(tempfile.mkdtemp(prefix="folio-bench-pg-"))
    data, sock = root / "pg", root / "pgsock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [
            *as_user,
            _pg_bin("initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    # fsync on, as in production: the raw commits the server is compared with are durable
    opts = f"-h 127.0.0.1 -p {port} -k {sock} -c max_connections=300"
    subprocess.run(
        [
            *as_user,
            _pg_bin("pg_ctl"),
            "-D",
            str(data),
            "-o",
            opts,
            "-l",
            str(root / "pg.log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_user, _pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def _pdf(text: str, payload: bytes = b"") -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text)
    if payload:
        doc.embfile_add("payload.bin", payload)
    data = bytes(doc.tobytes())
    doc.close()
    return data


def _meeting(root: Path, committee: str, big: bytes | None = None) -> Path:
    import json  # noqa: PLC0415

    folder = root / f"meeting-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(big or _pdf("bench"))
    desc = {
        "committee": committee,
        "title": "Bench",
        "start": "2030-01-01T17:00:00+01:00",
        "items": [{"number": "1", "title": "One", "documents": [{"file": "a.pdf"}]}],
    }
    (folder / "meeting.json").write_text(json.dumps(desc))
    return folder


@contextmanager
def _serve(ctx: ServerContext, workers: int = 1) -> Iterator[str]:
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "folio-server"),
            "--data-dir",
            str(ctx.data_dir),
            "--db",
            ctx.db_url,
            "serve",
            "--port",
            "0",
            "--workers",
            str(workers),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip().removeprefix("listening on ")
    try:
        deadline = time.monotonic() + 60
        while True:  # the socket listens at once; workers take a moment to import
            try:
                requests.get(url + "/v1/health", timeout=5).raise_for_status()
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _enroll(url: str, user: str) -> requests.Session:
    s = requests.Session()
    r = s.post(
        url + "/v1/enroll", json={"device_name": "bench", "username": user, "password": PASSWORD}
    )
    r.raise_for_status()
    s.headers["Authorization"] = "Bearer " + r.json()["tokens"]["access_token"]
    return s


def _seed(ctx: ServerContext, item_id: str, user_id: str, committee_id: str, count: int) -> None:
    """Stored ops with their comments and feed rows (as if pushed earlier): one
    INSERT ... SELECT per table over a generated series, so 1M rows take seconds."""
    t = datetime.now(UTC)
    pg = ctx.engine.dialect.name == "postgresql"
    if pg:
        head, source, as_json = "", "generate_series(1, :count) AS n(i)", "::json"
        stamp: Any = t
    else:
        head = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) "
        source, as_json = "n", ""
        stamp = t.replace(tzinfo=None).isoformat(sep=" ")  # SQLAlchemy's SQLite format
    params = {
        "count": count,
        "tag": uuid.uuid4().hex[:8],
        "user": user_id,
        "item": item_id,
        "committee": committee_id,
        "t": stamp,
        "when": p.format_time(t),
    }
    op_id = "'op-' || :tag || '-' || i"
    comment_id = "'c-' || :tag || '-' || i"
    answer = f"""('{{"op_id": "' || {op_id} || '", "status": "applied", "reason": null, "revision": null, "receipt_id": null, "applied_at": "' || :when || '"}}'){as_json}"""  # noqa: E501
    info = f"""('{{"id": "' || {comment_id} || '", "target_kind": "item", "target_id": "' || :item || '", "body": "seeded", "author": "bench", "created_at": "' || :when || '", "parent_id": null}}'){as_json}"""  # noqa: E501
    statements = (
        "INSERT INTO ops (id, user_id, device_id, kind, payload_hash, answer, created_at) "
        f"SELECT {op_id}, :user, 'seed', 'comment.add', '{'0' * 64}', {answer}, :t FROM {source}",
        "INSERT INTO comments (id, user_id, target_kind, target_id, body, parent_id, created_at) "
        f"SELECT {comment_id}, :user, 'item', :item, 'seeded', NULL, :t FROM {source}",
        "INSERT INTO feed (kind, ref_id, user_id, device_id, exclude_device_id, committee_id, "
        "closed, data, created_at) "
        f"SELECT 'comment.put', {comment_id}, NULL, NULL, NULL, :committee, false, {info}, :t "
        f"FROM {source} ORDER BY i",
    )
    with ctx.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(head + statement), params)
        if pg:
            conn.execute(text("ANALYZE"))  # as autovacuum would after a bulk load


def _ingest(url: str, user: str, item_id: str) -> float:
    clients = [_enroll(url, user) for _ in range(4)]
    per = INGEST_OPS // len(clients)

    def push(s: requests.Session) -> None:
        ops = [
            p.Op(
                str(uuid.uuid4()),
                p.OpKind.COMMENT_ADD,
                p.CommentPayload(
                    str(uuid.uuid4()), p.CommentTarget.ITEM, item_id, "bench"
                ).to_json(),
            ).to_json()
            for _ in range(per)
        ]
        for start in range(0, per, 50):
            r = s.post(url + "/v1/ops", json={"ops": ops[start : start + 50]})
            r.raise_for_status()

    started = time.perf_counter()
    with ThreadPoolExecutor(len(clients)) as pool:
        list(pool.map(push, clients))
    return (per * len(clients)) / (time.perf_counter() - started)


def _raw_commits(ctx: ServerContext, root: Path) -> float:
    """One-row commits/s with nothing in between: the plain driver, one INSERT and one
    COMMIT each (SQLite: WAL, synchronous=FULL, like the server's own database)."""
    rows = [(str(uuid.uuid4()), n) for n in range(RAW_COMMITS)]
    if ctx.engine.dialect.name == "postgresql":
        import psycopg  # noqa: PLC0415 (only PostgreSQL runs need it)

        with psycopg.connect(ctx.db_url) as pg:
            pg.execute("CREATE TABLE IF NOT EXISTS bench_raw (id text PRIMARY KEY, n integer)")
            pg.commit()
            started = time.perf_counter()
            for row_ in rows:
                pg.execute("INSERT INTO bench_raw VALUES (%s, %s)", row_)
                pg.commit()
            return RAW_COMMITS / (time.perf_counter() - started)
    db = sqlite3.connect(root / f"raw-{uuid.uuid4().hex[:6]}.db", isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE bench_raw (id text PRIMARY KEY, n integer)")
        started = time.perf_counter()
        for row_ in rows:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO bench_raw VALUES (?, ?)", row_)
            db.execute("COMMIT")
        return RAW_COMMITS / (time.perf_counter() - started)
    finally:
        db.close()


def _latency_ms(session: requests.Session, url: str, params: dict[str, Any], n: int = 15) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        r = session.get(url, params=params)
        r.raise_for_status()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _db_rows(label: str, root: Path, db_url: str) -> list[Row]:
    ctx = ServerContext.open(root / f"data-{label}", db_url)
    admin.init(ctx, "admin", PASSWORD)
    admin.add_user(ctx, "reader", PASSWORD)
    admin.add_committee(ctx, "Board")
    admin.add_member(ctx, "Board", "reader")
    publish_folder(ctx, _meeting(root, "Board"))
    with ctx.sessions() as s:
        item_id = s.scalars(select(Item.id)).one()
        user_id = s.scalars(select(User.id).where(User.username == "reader")).one()
        committee_id = s.scalars(select(FeedRow.committee_id)).first() or ""
    rows: list[Row] = []
    stored = 0
    with _serve(ctx) as url:
        # first, while the feed is short: the device's first round pulls all of it
        rows.append(_push_row(label, root, url, runs=1))
        reader = _enroll(url, "reader")
        for level in LEVELS:
            at = f"{level // 1_000_000}M" if level >= 1_000_000 else f"{level // 1000}k"
            _seed(ctx, item_id, user_id, committee_id, level - stored)
            stored = level
            raw = _raw_commits(ctx, root)
            rate = _ingest(url, "reader", item_id)
            stored += INGEST_OPS
            kind = "SQLite WAL FULL" if label == "sqlite" else "PostgreSQL"
            rows.append(
                row(
                    f"server.{label}.ops_ingested@{at}",
                    rate,
                    "ops/s",
                    f"raw 1-row {kind} commits/s, same run ({raw:.0f})",
                    raw,
                )
            )
            # the newest 100 entries: what a device that synced a moment ago asks for
            with ctx.sessions() as s:
                last = s.scalar(select(func.max(FeedRow.seq))) or 0
                epoch = current_epoch(s).id
            head = _latency_ms(
                reader,
                url + "/v1/feed",
                {"cursor": encode_cursor(epoch, last - 100), "limit": 100},
            )
            health = _latency_ms(reader, url + "/v1/health", {})
            rows.append(
                row(
                    f"server.{label}.feed_page@{at}",
                    head,
                    "ms",
                    f"GET /v1/health ms, same moment ({health:.1f}; target <= 3)",
                    health,
                )
            )
    ctx.close()
    return rows


def _push_1000(root: Path, url: str) -> float:
    """A real device (vault, outbox, sync engine) pushing 1,000 comments in one round."""
    from bench import sync as sync_bench  # noqa: PLC0415 (PyMuPDF, Qt-free but heavy)

    os.environ.setdefault("FOLIO_SECRET_BACKEND", "file")
    os.environ.setdefault("FOLIO_CONFIG_DIR", str(root / "config"))
    return sync_bench._push_1000(root, url)


def _push_row(label: str, root: Path, url: str, runs: int) -> Row:
    """The median of ``runs`` pushes of 1,000 ops, each by a fresh device, with the
    server's share: CPU its processes used over each run, the device's enrolment and
    first pull included (the rest of the timed round is the device's own work on the
    same two cores: vault, outbox, pulling its comments back)."""
    times: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        cpu_before = server_cpu()
        times.append(_push_1000(root, url))
        cpu_after = server_cpu()
        if cpu_before is not None and cpu_after is not None:
            cpus.append(cpu_after - cpu_before)
    spread = f"runs {min(times):.2f}-{max(times):.2f} s; " if runs > 1 else ""
    # the whole call: the device's enrolment and first pull as well as the timed round
    share = f"server CPU per run, setup included, {statistics.median(cpus):.2f} s; " if cpus else ""
    return row(
        f"server.{label}.push_1000_ops",
        statistics.median(times),
        "s",
        f"median of {runs}; {spread}{share}load {_loadavg()}; target < 1",
    )


def _loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def server_cpu() -> float | None:
    """CPU seconds used so far by this process's live descendants (the server's
    workers; PostgreSQL detaches from pg_ctl, so not it), from /proc; None elsewhere.

    Requests/s mostly measures how much of the two shared cores the server got;
    CPU per request is what the code costs, whatever else the machine runs.
    """
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    parent: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited meanwhile
        parent[int(entry.name)] = int(fields[1])
        ticks[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime + stime
    ours = {os.getpid()}
    grew = True
    while grew:
        found = {pid for pid, ppid in parent.items() if ppid in ours} - ours
        grew = bool(found)
        ours |= found
    ours.discard(os.getpid())
    return sum(ticks[pid] for pid in ours) / os.sysconf("SC_CLK_TCK")


PUSH_RUNS = 5
#: requests per kind for the CPU-per-request rows (after 20 unmeasured)
CPU_REQUESTS = 300


def _cpu_rows(label: str, url: str, item_id: str) -> list[Row]:
    """CPU of the server per request, one kind at a time over one keep-alive
    connection: the load-independent cost behind the load rows (an empty poll is
    what most of a fleet's requests are), beside ``/v1/health`` on the same stack."""
    s = _enroll(url, "reader")
    cursor = ""
    while True:
        caught_up = s.get(url + "/v1/feed", params={"cursor": cursor}).json()
        cursor = str(caught_up["cursor"])
        if not caught_up["more"]:
            break

    def health() -> None:
        s.get(url + "/v1/health").raise_for_status()

    def poll() -> None:
        r = s.get(f"{url}/v1/feed?limit=100&cursor={quote(cursor)}")
        r.raise_for_status()
        assert not r.json()["entries"]

    def push() -> None:
        op = p.Op(
            str(uuid.uuid4()),
            p.OpKind.COMMENT_ADD,
            p.CommentPayload(str(uuid.uuid4()), p.CommentTarget.ITEM, item_id, "x").to_json(),
        )
        r = s.post(url + "/v1/ops", json={"ops": [op.to_json()]})
        r.raise_for_status()
        assert r.json()["answers"][0]["status"] == "applied"

    def page() -> None:  # 100 of the comments push() made, as a device catching up reads them
        r = s.get(f"{url}/v1/feed?limit=100&cursor={quote(cursor)}")
        r.raise_for_status()
        assert len(r.json()["entries"]) == 100

    measured: dict[str, float] = {}
    for name, fn in (("health", health), ("poll", poll), ("push", push), ("page", page)):
        for _ in range(20):
            fn()
        before = server_cpu()
        for _ in range(CPU_REQUESTS):
            fn()
        after = server_cpu()
        if before is None or after is None:
            return []
        measured[name] = (after - before) * 1000 / CPU_REQUESTS
    s.close()
    load = f"load {_loadavg()}"
    what = {
        "poll": "GET /v1/feed, nothing new",
        "push": "POST /v1/ops, one comment",
        "page": "GET /v1/feed, 100 comments",
    }
    rows = [row(f"server.{label}.cpu_per_request.health", measured["health"], "ms", load)]
    rows += [
        row(
            f"server.{label}.cpu_per_request.{name}",
            measured[name],
            "ms",
            f"{what[name]}; /v1/health's CPU ({measured['health']:.2f} ms); {load}",
            measured["health"],
        )
        for name in ("poll", "push", "page")
    ]
    return rows


def _push_rows(label: str, root: Path, db_url: str) -> list[Row]:
    ctx = ServerContext.open(root / f"data-push-{label}", db_url)
    admin.init(ctx, "admin", PASSWORD)
    admin.add_user(ctx, "reader", PASSWORD)
    admin.add_committee(ctx, "Board")
    admin.add_member(ctx, "Board", "reader")
    publish_folder(ctx, _meeting(root, "Board"))
    with ctx.sessions() as s:
        item_id = s.scalars(select(Item.id)).one()
    with _serve(ctx) as url:
        rows = [_push_row(label, root, url, runs=PUSH_RUNS)]
        rows += _cpu_rows(label, url, item_id)
    ctx.close()
    return rows


@register("server_push")
def server_push_bench() -> list[Row]:
    """The quick server rows: a device pushing 1,000 ops (median of five) and the
    server's CPU per request kind, on SQLite and PostgreSQL (a minute or two each)."""
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rows += _push_rows("sqlite", root, f"sqlite:///{root / 'push.db'}")
        with _postgres() as pg_url:
            rows += _push_rows("postgres", root, pg_url)
    return rows


def _download_rows(root: Path) -> list[Row]:
    from starlette.staticfiles import StaticFiles  # noqa: PLC0415

    ctx = ServerContext.open(root / "data-dl", f"sqlite:///{root / 'dl.db'}")
    admin.init(ctx, "admin", PASSWORD)
    admin.add_user(ctx, "reader", PASSWORD)
    admin.add_committee(ctx, "Board")
    big = _pdf("big", os.urandom(32 * 1024 * 1024))
    publish_folder(ctx, _meeting(root, "Board", big))
    import hashlib  # noqa: PLC0415

    sha = hashlib.sha256(big).hexdigest()
    static_dir = root / "static"
    static_dir.mkdir()
    (static_dir / "big.pdf").write_bytes(big)
    app = create_app(ctx)
    app.mount("/static", StaticFiles(directory=static_dir))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP_NODELAY
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        session = _enroll(url, "reader")

        def fetch(path: str) -> float:
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                got = 0
                with session.get(url + path, stream=True) as r:
                    r.raise_for_status()
                    for chunk in r.iter_content(1024 * 1024):
                        got += len(chunk)
                assert got == len(big)
                best = min(best, time.perf_counter() - started)
            return len(big) / best / (1024 * 1024)

        static = fetch("/static/big.pdf")
        doc = fetch(f"/v1/documents/{sha}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        ctx.close()
    return [row("server.document_download", doc, "MiB/s", "StaticFiles MiB/s", static)]


@register("server")
def server_bench() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rows += _db_rows("sqlite", root, f"sqlite:///{root / 'bench.db'}")
        with _postgres() as pg_url:
            rows += _db_rows("postgres", root, pg_url)
        rows += _download_rows(root)
    return rows
