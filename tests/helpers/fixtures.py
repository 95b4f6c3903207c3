"""The server and device fixtures every suite shares (a pytest plugin: tests/conftest.py
loads it, so integration, faults, gui and model tests all get the same ones).

- ``pg_cluster`` (session): initdb + pg_ctl in a temp dir, listening on 127.0.0.1
  only; one cluster per test session, a fresh database per server.
- ``db_kind`` (module, parametrised "sqlite" / "postgres") and ``server`` (module):
  a real ``folio-server serve`` on that database (tests/helpers/server.py).
- ``sync_server`` (module): the same on SQLite only, for the sync engine's tests.
- ``devices``: ``devices(n, user=None, via=None)``, n enrolled vaults of one reader
  (tests/helpers/devices.py), closed after the test.
- ``api_factory``: small httpx clients (``tests.helpers.server.Api``), closed after.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.helpers.server import Api, PgCluster, Server, free_port, pg_bin, start_server

if TYPE_CHECKING:
    from tests.helpers.devices import Device

DeviceFactory = Callable[..., list["Device"]]


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
            pg_bin("initdb"),
            *("-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"),
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    opts = f"-h 127.0.0.1 -p {port} -k {sock} -F -c max_connections=200 -c fsync=off"
    subprocess.run(
        [
            *as_user,
            pg_bin("pg_ctl"),
            *("-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "start"),
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield PgCluster("127.0.0.1", port, "postgres")
    finally:
        subprocess.run(
            [*as_user, pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def db_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def database_url(db_kind: str, request: pytest.FixtureRequest, folder: Path) -> str:
    """A fresh database of that kind: a new one in the session's PostgreSQL cluster,
    or a SQLite file in ``folder``."""
    if db_kind == "postgres":
        return str(request.getfixturevalue("pg_cluster").create_database())
    return f"sqlite:///{folder / 'server.db'}"


@pytest.fixture(scope="module")
def server(
    db_kind: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A module's own server (and database) per database kind."""
    data_dir = tmp_path_factory.mktemp("server")
    srv = start_server(data_dir, database_url(db_kind, request, data_dir))
    try:
        yield srv
    finally:
        srv.close()


@pytest.fixture(scope="module")
def sync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A module's server on SQLite, stoppable: ``stop()`` / ``start()`` on the same port."""
    data_dir = tmp_path_factory.mktemp("sync-server")
    srv = start_server(data_dir, f"sqlite:///{data_dir / 'server.db'}")
    try:
        yield srv
    finally:
        srv.close()


@pytest.fixture
def devices(sync_server: Server, tmp_path: Path) -> Iterator[DeviceFactory]:
    """``devices(n, user=None, via=None)``: n vaults of one reader, enrolled against the server."""
    from tests.helpers.devices import enroll_device  # noqa: PLC0415 (the sync engine)

    made: list[Device] = []

    def make(
        n: int = 1, user: str | None = None, via: str | None = None, **kw: Any
    ) -> list[Device]:
        reader = user or sync_server.user(sync_server.unique("reader"))
        out = []
        for _ in range(n):
            d = enroll_device(sync_server, reader, tmp_path / f"device-{len(made)}", via=via, **kw)
            made.append(d)
            out.append(d)
        return out

    yield make
    for d in made:
        d.close()


@pytest.fixture
def api_factory(server: Server) -> Iterator[Callable[[], Api]]:
    made: list[Api] = []

    def make() -> Api:
        api = Api(server.url)
        made.append(api)
        return api

    yield make
    for api in made:
        api.close()
