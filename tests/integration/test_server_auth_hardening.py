"""Sign-in under attack (issue 13): real parallel requests against the real server.

Every test runs on SQLite and on PostgreSQL. Different client addresses are real:
each httpx client binds its own loopback source address (127.0.0.0/8 is all this
machine), so the server sees them as it would see members and attackers.
The concurrency tests send at least 20 requests at once, split over two server
processes on one database where the point is that workers share the counters.
"""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from server_harness import PASSWORD, PgCluster, Server, _start

from server import admin
from server.db import alembic_config, make_engine, migrate
from server.models import Device, User
from sync import protocol as p
from sync.api import check_enrollment
from sync.client import FolioClient, HttpTransport
from sync.client.http import require_secure_url
from sync.device.enrollment import DeviceIdentity
from sync.errors import ErrorKind, FolioError
from tests.helpers.network import outside_address

PARALLEL = 20
_BIN = Path(sys.executable).parent


def _client(url: str, address: str) -> httpx.Client:
    """An HTTP client whose requests come from ``address`` (a loopback source address)."""
    return httpx.Client(
        base_url=url, timeout=60, transport=httpx.HTTPTransport(local_address=address)
    )


def _enroll_body(username: str, password: str) -> dict[str, str]:
    return {"device_name": "t", "username": username, "password": password}


def _post(client: httpx.Client, path: str, body: dict[str, str]) -> Callable[[], int]:
    def call() -> int:
        return client.post(path, json=body).status_code

    return call


def _all_at_once(calls: list[Callable[[], int]]) -> Counter[int]:
    """Run every call at the same moment (a barrier) and count the status codes."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], int]) -> int:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return Counter(pool.map(run, calls))


@pytest.fixture(scope="module")
def second_worker(server: Server) -> Iterator[Server]:
    """A second server process on the same data dir and database, like `serve --workers 2`."""
    srv = _start(server.data_dir, server.db_url, init=False)
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


def _devices_of(server: Server, username: str) -> int:
    with server.ctx.sessions() as session:
        user = session.scalars(sa.select(User).where(User.username == username)).one()
        return len(session.scalars(sa.select(Device).where(Device.user_id == user.id)).all())


# --- enrollment codes ----------------------------------------------------------------


@pytest.mark.postgres
def test_one_code_redeemed_in_parallel_on_two_workers_makes_one_device(
    server: Server, second_worker: Server
) -> None:
    name = server.user()
    code = admin.create_enrollment_code(server.ctx, name)
    clients = [
        _client((server, second_worker)[i % 2].url, f"127.0.1.{i + 1}") for i in range(PARALLEL)
    ]
    try:
        calls = [_post(c, "/v1/enroll", {"device_name": "t", "code": code}) for c in clients]
        statuses = _all_at_once(calls)
    finally:
        for c in clients:
            c.close()
    assert statuses == Counter({200: 1, 401: PARALLEL - 1})
    assert _devices_of(server, name) == 1


# --- the failure count and the limit are one step ------------------------------------


@pytest.mark.postgres
def test_parallel_wrong_passwords_on_two_workers_get_at_most_the_limit_of_401s(
    server: Server, second_worker: Server
) -> None:
    name = server.user()
    clients = [_client((server, second_worker)[i % 2].url, "127.0.2.1") for i in range(PARALLEL)]
    try:
        calls = [_post(c, "/v1/enroll", _enroll_body(name, "wrong-guess")) for c in clients]
        statuses = _all_at_once(calls)
    finally:
        for c in clients:
            c.close()
    limit = 5  # MAX_FAILURES_PER_NAME: per user and address
    assert statuses == Counter({401: limit, 429: PARALLEL - limit})


# --- someone else's guesses never lock a member out ----------------------------------


@pytest.mark.postgres
def test_guesses_from_elsewhere_lock_neither_her_known_addresses_nor_a_valid_code(
    server: Server,
) -> None:
    name = server.user()
    office = _client(server.url, "127.0.3.1")
    home = _client(server.url, "127.0.3.2")
    new_place = _client(server.url, "127.0.3.3")
    attackers = [_client(server.url, f"127.0.3.{10 + i}") for i in range(4)]
    try:
        enrolled = office.post("/v1/enroll", json=_enroll_body(name, PASSWORD))
        assert enrolled.status_code == 200, enrolled.text
        # the laptop enrolled at the office syncs from home: home is hers too now
        r = home.post(
            "/v1/token/refresh", json={"refresh_token": enrolled.json()["tokens"]["refresh_token"]}
        )
        assert r.status_code == 200, r.text
        # 4 addresses x 5 guesses at once: each (user, address) at its limit, and the
        # user's slower backoff (20 per hour from anywhere) reached
        calls = [
            _post(a, "/v1/enroll", _enroll_body(name, "guess-1"))
            for a in attackers
            for _ in range(5)
        ]
        assert _all_at_once(calls) == Counter({401: 20})
        for a in attackers:  # each attacker's address is locked for this user
            assert a.post("/v1/enroll", json=_enroll_body(name, PASSWORD)).status_code == 429
        # where she enrolled and where her device syncs: her right password gets in
        for known in (office, home):
            r = known.post("/v1/enroll", json=_enroll_body(name, PASSWORD))
            assert r.status_code == 200, r.text
        # an address she never proved herself from waits out the backoff ...
        r = new_place.post("/v1/enroll", json=_enroll_body(name, PASSWORD))
        assert r.status_code == 429
        assert int(r.headers["Retry-After"]) > 0
        # ... unless she brings a valid code from the secretariat
        code = admin.create_enrollment_code(server.ctx, name)
        r = new_place.post("/v1/enroll", json={"device_name": "t", "code": code})
        assert r.status_code == 200, r.text
    finally:
        for c in (office, home, new_place, *attackers):
            c.close()


# --- token answers are never cached ---------------------------------------------------


@pytest.mark.postgres
def test_every_token_answer_says_no_store(server: Server) -> None:
    name = server.user()
    with _client(server.url, "127.0.5.1") as http:
        by_password = http.post("/v1/enroll", json=_enroll_body(name, PASSWORD))
        code = admin.create_enrollment_code(server.ctx, name)
        by_code = http.post("/v1/enroll", json={"device_name": "t", "code": code})
        refreshed = http.post(
            "/v1/token/refresh",
            json={"refresh_token": by_password.json()["tokens"]["refresh_token"]},
        )
        # enrollment and refresh first: the token answers 280f8da had, sent without it
        for answer in (by_password, by_code, refreshed):
            assert answer.status_code == 200, answer.text
            assert answer.headers.get("Cache-Control") == "no-store", answer.url
        identity = DeviceIdentity.generate()
        body = {**_enroll_body(name, PASSWORD), **identity.public().to_json()}
        enrolled = http.post("/v1/enroll", json=body)
        assert enrolled.status_code == 200, enrolled.text
        device_id = enrolled.json()["device_id"]
        challenge = http.post("/v1/device/challenge", json={"device_id": device_id})
        value = challenge.json()["challenge"]
        reauth = http.post(
            "/v1/device/reauth",
            json={
                "device_id": device_id,
                "challenge": value,
                "signature": identity.sign_challenge(device_id, value),
            },
        )
    for answer in (enrolled, challenge, reauth):
        assert answer.status_code == 200, answer.text
        assert answer.headers.get("Cache-Control") == "no-store", answer.url


# --- user names are unique whatever their case ----------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize("first", ["Anna", "Åsa"])
def test_user_names_differing_only_by_case_are_one_user(server: Server, first: str) -> None:
    name = server.unique(first)
    server.user(name)
    with pytest.raises(FolioError) as refused:
        server.user(name.upper() if first == "Anna" else name.lower())
    assert refused.value.kind is ErrorKind.BAD_INPUT
    with _client(server.url, "127.0.6.1") as http:
        r = http.post("/v1/enroll", json=_enroll_body(name.swapcase(), PASSWORD))
    assert r.status_code == 200, r.text
    assert r.json()["username"] == name


@pytest.mark.postgres
# The migration warns about each renamed account on purpose: the operator must hear of it.
@pytest.mark.log_expect(
    r"^alembic\.runtime\.migration: user name .* differs from another only by case"
)
def test_upgrading_a_database_with_names_equal_but_for_case_keeps_every_account(
    db_kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if db_kind == "postgres":
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        url = cluster.create_database()
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0003")  # the schema before names were folded
    users = sa.table(
        "users",
        sa.column("id", sa.String),
        sa.column("username", sa.String),
        sa.column("display_name", sa.String),
        sa.column("password_hash", sa.String),
        sa.column("is_admin", sa.Boolean),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for n, name in enumerate(["Anna", "anna", "ANNA", "bo"]):
                conn.execute(
                    users.insert().values(
                        id=f"u{n}",
                        username=name,
                        display_name=name,
                        password_hash=None,
                        is_admin=False,
                        created_at=datetime(2026, 1, 1 + n, tzinfo=UTC),
                    )
                )
        migrate(url)
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT id, username FROM users")).all()
            names = {str(row[0]): str(row[1]) for row in rows}
            renames = conn.execute(
                sa.text("SELECT target, detail FROM audit WHERE action = 'user.rename'")
            ).all()
    finally:
        engine.dispose()
    # the oldest keeps the name; the later ones (same ids: devices, memberships and
    # material stay theirs) get a new one, each noted in the audit log
    assert names == {"u0": "Anna", "u1": "anna-dup2", "u2": "ANNA-dup3", "u3": "bo"}
    assert sorted(target for target, _ in renames) == ["ANNA-dup3", "anna-dup2"]


# --- devices refuse plain http to anything but this machine ----------------------------


@dataclass
class Listener:
    """A server elsewhere that nothing may reach: what reached it, one entry per connection."""

    url: str
    received: list[bytes]


@pytest.fixture
def outside_listener() -> Iterator[Listener]:
    """Listens on a non-loopback address, records what each connection sends and hangs
    up: a client that sends anything fails at once, and the test sees what it sent."""
    sock = socket.socket()
    sock.bind((outside_address(), 0))
    sock.listen(8)
    sock.settimeout(0.1)  # the accept loop checks ``done`` this often
    host, port = sock.getsockname()[:2]
    received: list[bytes] = []
    done = threading.Event()

    def serve() -> None:
        while not done.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    received.append(conn.recv(65536))
                except OSError:
                    received.append(b"")  # it connected, and that is already too much

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield Listener(f"http://{host}:{port}", received)
    finally:
        done.set()
        thread.join()
        sock.close()


def test_enrolling_over_plain_http_elsewhere_is_refused_before_anything_is_sent(
    outside_listener: Listener, tmp_path: Path
) -> None:
    url = outside_listener.url
    # the command first, on a real vault: the finding's own case (280f8da sent the
    # password in clear)
    folio = [str(_BIN / "folio"), "--data-dir", str(tmp_path / "dev")]
    env = {
        **os.environ,
        "FOLIO_PIN": "531864",
        "FOLIO_FAST_KDF_FOR_TESTS": "1",
        "FOLIO_POLICY": str(tmp_path / "no-policy.toml"),
    }
    made = subprocess.run(
        [*folio, "init"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert made.returncode == 0, made.stderr
    cli = subprocess.run(
        [*folio, "enroll", "--server", url, "--user", "anna"],
        input=f"{PASSWORD}\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert outside_listener.received == []
    assert cli.returncode == 1, cli.stderr
    assert "plain http://" in cli.stderr
    with pytest.raises(FolioError) as refused:
        check_enrollment(url, user="anna", password=PASSWORD)
    assert refused.value.kind is ErrorKind.INSECURE_SERVER
    with pytest.raises(FolioError) as refused:
        FolioClient.for_url(url)
    assert refused.value.kind is ErrorKind.INSECURE_SERVER
    assert outside_listener.received == []


def test_a_redirect_to_plain_http_elsewhere_is_not_followed(outside_listener: Listener) -> None:
    url = outside_listener.url

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(307)  # 307: the client would resend the body as it is
            self.send_header("Location", f"{url}/v1/enroll")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            pass

    local = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=local.serve_forever, daemon=True)
    thread.start()
    client = FolioClient(HttpTransport(f"http://127.0.0.1:{local.server_address[1]}"))
    try:
        request = p.EnrollRequest(device_name="t", username="anna", password=PASSWORD)
        with pytest.raises(FolioError) as refused:
            client.enroll(request)
    finally:
        client.close()
        local.shutdown()
        local.server_close()
        thread.join()
    assert outside_listener.received == []
    assert refused.value.kind is ErrorKind.INSECURE_SERVER


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://folio.example.org", True),
        ("http://127.0.0.1:8000", True),
        ("http://127.9.8.7", True),
        ("http://[::1]:8000", True),
        ("http://localhost:8000", True),
        ("http://LOCALHOST.", True),
        ("http://folio.example.org", False),
        ("http://localhost.folio.example.org", False),
        ("http://127.0.0.1.nip.io", False),
        ("http://10.0.0.1", False),
        ("http://[fe80::1]", False),
    ],
)
def test_plain_http_is_for_this_machine_only(url: str, allowed: bool) -> None:
    if allowed:
        assert require_secure_url(url) == url
    else:
        with pytest.raises(FolioError) as refused:
            require_secure_url(url)
        assert refused.value.kind is ErrorKind.INSECURE_SERVER
