"""Helpers for integration tests against the real server (imported by conftest.py)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from server import admin as admin_ops
from server.context import ServerContext

ADMIN_PASSWORD = "admin-password-1"
PASSWORD = "member-password-1"
_BIN = Path(sys.executable).parent


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    hits = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not hits:
        raise RuntimeError(f"PostgreSQL binary '{name}' not found (./dev setup installs it)")
    return hits[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgCluster:
    host: str
    port: int
    user: str

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg  # noqa: PLC0415 (only PostgreSQL runs need it)

        name = f"folio_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@dataclass
class Server:
    url: str
    data_dir: Path
    db_url: str
    process: subprocess.Popen[str]
    ctx: ServerContext
    _names: list[str] = field(default_factory=list)

    @property
    def admin(self) -> Any:
        """server.admin, bound to this server's context: ``server.admin.add_user(ctx, ...)``."""
        return admin_ops

    def cli(
        self, *args: str, stdin: str = "", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                str(_BIN / "folio-server"),
                "--data-dir",
                str(self.data_dir),
                "--db",
                self.db_url,
                *args,
            ],
            check=False,
            input=stdin,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            timeout=60,
        )

    def unique(self, prefix: str) -> str:
        return f"{prefix}-{uuid.uuid4().hex[:8]}"

    def user(self, name: str | None = None, password: str = PASSWORD) -> str:
        """Add a user; returns the user name."""
        name = name or self.unique("user")
        admin_ops.add_user(self.ctx, name, password)
        return name

    def committee(self, members: tuple[str, ...] | list[str] = ()) -> str:
        name = self.unique("committee")
        admin_ops.add_committee(self.ctx, name)
        for m in members:
            admin_ops.add_member(self.ctx, name, m)
        return name


def _start(
    data_dir: Path,
    db_url: str,
    *,
    env: dict[str, str] | None = None,
    init: bool = True,
    port: int = 0,
    workers: int = 1,
) -> Server:
    """Init (unless ``init=False``: a restart on the same data) and serve on ``port``
    (0: a free one).

    ``env`` is added to the server process's environment (tests/model runs it under
    libfaketime this way).
    """
    ctx = ServerContext.open(data_dir, db_url)
    if init:
        admin_ops.init(ctx, "admin", ADMIN_PASSWORD)
    log = (data_dir / "server.log").open("a")
    proc = subprocess.Popen(
        [
            str(_BIN / "folio-server"),
            "--data-dir",
            str(data_dir),
            "--db",
            db_url,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *(["--workers", str(workers)] if workers > 1 else []),
        ],
        stdout=subprocess.PIPE,
        # a file, not a pipe: nobody drains stderr while tests run, and a full pipe
        # would block the server
        stderr=log,
        text=True,
        env={**os.environ, **(env or {})},
    )
    log.close()
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()  # blocks until the socket is bound (or it exits)
    if not line.startswith("listening on "):
        proc.kill()
        err = (data_dir / "server.log").read_text()
        raise RuntimeError(f"folio-server did not start: {line!r} {err}")
    return Server(
        url=line.removeprefix("listening on "),
        data_dir=data_dir,
        db_url=db_url,
        process=proc,
        ctx=ctx,
    )


class Api:
    """One device talking to the server over real HTTP."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self.device_id = ""
        self.access = ""
        self.refresh_token = ""
        self.enrollment: dict[str, Any] = {}

    def close(self) -> None:
        self.http.close()

    def enroll(self, username: str, password: str = PASSWORD) -> Api:
        r = self.http.post(
            "/v1/enroll",
            json={"device_name": "test", "username": username, "password": password},
        )
        assert r.status_code == 200, r.text
        self._take(r.json())
        return self

    def enroll_code(self, code: str) -> httpx.Response:
        r = self.http.post("/v1/enroll", json={"device_name": "test", "code": code})
        if r.status_code == 200:
            self._take(r.json())
        return r

    def _take(self, body: dict[str, Any]) -> None:
        self.enrollment = body
        self.device_id = body["device_id"]
        self.access = body["tokens"]["access_token"]
        self.refresh_token = body["tokens"]["refresh_token"]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}"}

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.get(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def post(self, path: str, body: Any) -> httpx.Response:
        return self.http.post(path, json=body, headers=self.headers)

    def feed_all(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        cursor = None
        while True:
            params = {"limit": 50} | ({"cursor": cursor} if cursor else {})
            r = self.get("/v1/feed", params=params)
            assert r.status_code == 200, r.text
            page = r.json()
            entries.extend(page["entries"])
            cursor = page["cursor"]
            if not page["more"]:
                return entries

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        r = self.post("/v1/ops", {"ops": ops})
        assert r.status_code == 200, r.text
        answers: list[dict[str, Any]] = r.json()["answers"]
        return answers


def pdf_bytes(text: str, pages: int = 1) -> bytes:
    import pymupdf  # noqa: PLC0415

    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page()
        page.insert_text((72, 72), f"{text} (page {n + 1})")
    data: bytes = doc.tobytes()
    doc.close()
    return data


def write_meeting(
    folder: Path,
    committee: str,
    items: list[dict[str, Any]],
    *,
    key: str | None = None,
    title: str = "Test meeting",
) -> Path:
    """A publishing folder. Each item: number, title, closed, needs_decision, deadline,
    docs = {file: text or bytes}."""
    import json  # noqa: PLC0415

    folder.mkdir(parents=True, exist_ok=True)
    desc: dict[str, Any] = {
        "id": key or f"meeting-{uuid.uuid4().hex[:8]}",
        "committee": committee,
        "title": title,
        "start": "2030-01-01T17:00:00+01:00",
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
        entry = {
            "number": it["number"],
            "title": it.get("title", f"Item {it['number']}"),
            "closed": it.get("closed", False),
            "needs_decision": it.get("needs_decision", False),
            "proposal": it.get("proposal", ""),
            "documents": docs,
        }
        if it.get("deadline"):
            entry["decision_deadline"] = it["deadline"]
        desc["items"].append(entry)
    (folder / "meeting.json").write_text(json.dumps(desc))
    return folder
