"""The real server on loopback, against SQLite and a throwaway PostgreSQL cluster.

Fixtures for every integration test that needs a server:

- ``pg_cluster`` (session): initdb + pg_ctl in a temp dir, listening on 127.0.0.1
  only; one cluster per test session, a fresh database per server.
- ``db_kind`` (module, parametrised "sqlite" / "postgres") and ``server``
  (module): ``folio-server serve --port 0`` as a real subprocess; the bound URL is
  read from its first stdout line. ``server.admin`` runs the same admin code as
  the CLI against the same database (in-process, to keep tests fast);
  ``server.cli(...)`` runs the real CLI as a subprocess.
- ``Api``: a small httpx client over real HTTP (enroll, refresh, feed, ops).

A test module gets its own server (and database) per database kind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdf_corpus
import pytest
from server_harness import Api, PgCluster, Server, _free_port, _pg_bin, _start


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start fetching the real-world PDF corpus now: it downloads while other tests run."""
    if any("test_publish_real_pdfs" in item.nodeid for item in session.items):
        pdf_corpus.start(pdf_corpus.cache_dir(session.config))


def pytest_sessionfinish(session: pytest.Session) -> None:
    pdf_corpus.stop()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    root = Path(tempfile.mkdtemp(prefix="folio-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
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
            "-E",
            "UTF8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    opts = f"-h 127.0.0.1 -p {port} -k {sock} -F -c max_connections=200 -c fsync=off"
    subprocess.run(
        [
            *as_user,
            _pg_bin("pg_ctl"),
            "-D",
            str(data),
            "-o",
            opts,
            "-l",
            str(root / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield PgCluster("127.0.0.1", port, "postgres")
    finally:
        subprocess.run(
            [*as_user, _pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def db_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def server(
    db_kind: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("server")
    if db_kind == "postgres":
        db_url = request.getfixturevalue("pg_cluster").create_database()
    else:
        db_url = f"sqlite:///{data_dir / 'server.db'}"
    srv = _start(data_dir, db_url)
    try:
        yield srv
    finally:
        srv.process.terminate()
        try:
            srv.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            srv.process.kill()
            srv.process.wait()
        srv.ctx.close()


@pytest.fixture
def api_factory(server: Server) -> Iterator[Any]:
    made: list[Api] = []

    def make() -> Api:
        api = Api(server.url)
        made.append(api)
        return api

    yield make
    for api in made:
        api.close()
