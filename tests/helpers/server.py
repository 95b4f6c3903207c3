"""The one server harness: ``folio-server serve`` as a real process on loopback.

Every suite that needs a server uses this (integration, faults, gui, model); the
fixtures over it are in tests/helpers/fixtures.py. A ``Server`` is a real
subprocess on SQLite or on a database of the throwaway PostgreSQL cluster; its admin
helpers run the same code as the CLI in-process against the same database (fast),
``cli(...)`` runs the command line in-process through ``server.cli.main`` and
``cli_process(...)`` as a real process (the one smoke test per command family).
``stop()`` / ``start()`` take it down and bring it back on the same port: how
"offline" is tested, without monkeypatching.
"""

from __future__ import annotations

import contextlib
import glob
import io
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
BIN = Path(sys.executable).parent


def pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    hits = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not hits:
        raise RuntimeError(f"PostgreSQL binary '{name}' not found (./dev setup installs it)")
    return hits[-1]


def free_port() -> int:
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
class CliResult:
    """What ``subprocess.run`` gives, for a command run in-process."""

    returncode: int
    stdout: str
    stderr: str


@dataclass
class Server:
    data_dir: Path
    db_url: str
    ctx: ServerContext
    port: int = 0
    env: dict[str, str] = field(default_factory=dict)
    workers: int = 1
    process: subprocess.Popen[str] | Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def admin(self) -> Any:
        """server.admin, bound to this server's context: ``server.admin.add_user(ctx, ...)``."""
        return admin_ops

    # -- the process ---------------------------------------------------------------

    def start(self) -> None:
        """Serve on ``port`` (0 the first time: a free one; later the same one again)."""
        assert self.process is None, "already serving"
        log = (self.data_dir / "server.log").open("a")
        proc = subprocess.Popen(
            [
                str(BIN / "folio-server"),
                *("--data-dir", str(self.data_dir), "--db", self.db_url),
                *("serve", "--host", "127.0.0.1", "--port", str(self.port)),
                *(["--workers", str(self.workers)] if self.workers > 1 else []),
            ],
            stdout=subprocess.PIPE,
            # a file, not a pipe: nobody drains stderr while tests run, and a full pipe
            # would block the server
            stderr=log,
            text=True,
            env={**os.environ, **self.env},
        )
        log.close()
        assert proc.stdout is not None
        # Printed once the socket is bound and listening: connections queue from then on.
        line = proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            proc.kill()
            err = (self.data_dir / "server.log").read_text()
            raise RuntimeError(f"folio-server did not start: {line!r} {err}")
        self.port = int(line.rsplit(":", 1)[1])
        self.process = proc
        # Connections queue from "listening" on, but the app is built after it: wait for
        # its first answer (one blocking request), so a test's first call with a short
        # timeout does not pay for the start on a loaded machine.
        try:
            httpx.get(f"{self.url}/v1/health", timeout=60).raise_for_status()
        except httpx.HTTPError:
            self.stop()
            err = (self.data_dir / "server.log").read_text()
            raise RuntimeError(f"folio-server never answered: {err}") from None

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

    def close(self) -> None:
        self.stop()
        self.ctx.close()

    # -- the command line ----------------------------------------------------------

    def cli(self, *args: str, stdin: str = "", env: dict[str, str] | None = None) -> CliResult:
        """``folio-server --data-dir … --db … ARGS`` in this process (``server.cli.main``):
        the same parser, code and exit codes without a second of interpreter start.
        ``serve`` runs as a process: it sets process-wide state (metrics files)."""
        if "serve" in args:
            done = self.cli_process(*args, stdin=stdin, env=env)
            return CliResult(done.returncode, done.stdout, done.stderr)
        from server.cli import main  # noqa: PLC0415

        out, err = io.StringIO(), io.StringIO()
        saved_env = {k: os.environ.get(k) for k in (env or {})}
        saved_stdin = sys.stdin
        os.environ.update(env or {})
        sys.stdin = io.StringIO(stdin)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(["--data-dir", str(self.data_dir), "--db", self.db_url, *args])
                except SystemExit as exc:  # argparse: usage errors and --help
                    code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdin = saved_stdin
            for k, v in saved_env.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        return CliResult(code, out.getvalue(), err.getvalue())

    def cli_process(
        self, *args: str, stdin: str = "", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """The same as a real ``folio-server`` process (entry point, umask, exit status)."""
        return subprocess.run(
            [
                str(BIN / "folio-server"),
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

    # -- admin shortcuts (in-process, same database) ---------------------------------

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

    def publish(self, folder: Path) -> Any:
        from server.publish import publish_folder  # noqa: PLC0415 (PyMuPDF)

        return publish_folder(self.ctx, folder)

    def revoke(self, device_id: str, *, wipe: bool = False) -> None:
        admin_ops.revoke_device(self.ctx, device_id, wipe=wipe)

    def op_counts(self) -> dict[str, int]:
        """Server side: how many rows each op id has (exactly once means 1)."""
        from sqlalchemy import text  # noqa: PLC0415

        with self.ctx.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, count(*) FROM ops GROUP BY id")).all()
        return {str(r[0]): int(r[1]) for r in rows}


def start_server(
    data_dir: Path,
    db_url: str,
    *,
    env: dict[str, str] | None = None,
    init: bool = True,
    port: int = 0,
    workers: int = 1,
) -> Server:
    """Init (unless ``init=False``: a restart on the same data) and serve on ``port``
    (0: a free one). ``env`` is added to the server process's environment (tests/model
    runs it under libfaketime this way)."""
    ctx = ServerContext.open(data_dir, db_url)
    if init:
        admin_ops.init(ctx, "admin", ADMIN_PASSWORD)
    server = Server(data_dir, db_url, ctx, port=port, env=dict(env or {}), workers=workers)
    try:
        server.start()
    except BaseException:
        ctx.close()
        raise
    return server


class Api:
    """One device talking to the server over real HTTP (httpx, no sync engine)."""

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
