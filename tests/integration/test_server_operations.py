"""Running the server (docs/admin.md, "Running the server"), as an operator would.

- packaging/server/: the systemd unit passes ``systemd-analyze verify`` and scores
  as sandboxed in ``systemd-analyze security`` (both read unit files offline, no
  running systemd needed); the nginx example passes ``nginx -t``; the Caddy example
  is the very file the TLS test below runs.
- ``folio-server migrate``, ``check``, ``user import`` and ``db copy`` through the
  command's own entry point (``server.cli.main``, in-process: a subprocess costs
  seconds each, and ``serve`` runs as a real process where it matters).
- ``serve --forwarded-allow-ips`` (here as ``FOLIO_SERVER_FORWARDED_ALLOW_IPS``, the
  harness's way in): rate limits key on the reader's address behind a trusted
  proxy, and on the peer's when the peer is not a listed proxy.
- The "done when": the server behind Caddy with Caddy's own CA (``tls internal``),
  a device (the real ``folio`` command) that trusts that CA enrolls over https and
  syncs a meeting, and one that does not trust it is refused before sending anything.
"""

from __future__ import annotations

import base64
import csv
import json
import os
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from server_harness import (
    ADMIN_PASSWORD,
    Api,
    PgCluster,
    Server,
    _free_port,
    _start,
    write_meeting,
)
from sqlalchemy import delete, func, select

from server import admin as admin_ops
from server import cli as server_cli
from server import releases
from server.context import ServerContext
from server.models import AuditEntry, Committee, FeedRow, Item, Membership, User
from server.publish import publish_folder
from sync import protocol as p
from sync.device import updates
from sync.device.enrollment import read_device_file

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging" / "server"
_BIN = Path(sys.executable).parent
PIN = "531864"


def _cli(data_dir: Path, db_url: str, *args: str) -> int:
    return server_cli.main(["--data-dir", str(data_dir), "--db", db_url, *args])


def _stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    server.ctx.close()


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        return cluster.create_database()
    return f"sqlite:///{tmp_path / 'folio-server.db'}"


# --- packaging ------------------------------------------------------------------------


def test_systemd_unit_verifies_and_is_sandboxed(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze missing: ./dev setup installs systemd"
    unit = tmp_path / "folio-server.service"
    # verify checks that ExecStart exists: point it at this checkout's command
    # instead of the /opt/folio-server virtualenv of an installed server.
    text = (PACKAGING / "folio-server.service").read_text()
    assert "/opt/folio-server/bin/folio-server" in text
    unit.write_text(text.replace("/opt/folio-server/bin/folio-server", str(_BIN / "folio-server")))
    verified = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, check=False
    )
    # any warning (a misspelt key, a bad value) is a failure too
    assert verified.returncode == 0, verified.stderr
    assert not verified.stderr.strip(), verified.stderr
    # --threshold=20: exit non-zero above an exposure of 2.0 ("OK"; 10 is "UNSAFE")
    security = subprocess.run(
        [analyze, "security", "--offline=true", "--threshold=20", str(unit)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert security.returncode == 0, security.stdout[-3000:] + security.stderr
    for sandboxed in ("ProtectSystem=", "PrivateTmp=", "NoNewPrivileges=", "UMask="):
        assert f"✓ {sandboxed}" in security.stdout, sandboxed
    # a dedicated user, and the data dir the only writable path
    assert "User=folio-server" in text
    assert "ReadWritePaths=/var/lib/folio-server" in text
    assert "u folio-server " in (PACKAGING / "folio-server.sysusers").read_text()


def test_nginx_example_passes_nginx_t(tmp_path: Path) -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx missing: ./dev setup installs it"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=t",
        ],
        check=True,
        capture_output=True,
    )
    site = (PACKAGING / "nginx.conf").read_text()
    site = site.replace("/etc/ssl/folio/fullchain.pem", str(cert))
    site = site.replace("/etc/ssl/folio/privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    tested = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert tested.returncode == 0, tested.stderr
    assert "[warn]" not in tested.stderr, tested.stderr


# --- migrate ------------------------------------------------------------------------


@pytest.mark.postgres
def test_migrate_creates_upgrades_and_is_idempotent(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from alembic import command  # noqa: PLC0415

    from server.db import alembic_config  # noqa: PLC0415

    assert _cli(tmp_path, database, "migrate") == 0
    first = capsys.readouterr().out
    assert "upgraded from empty to" in first, first
    assert _cli(tmp_path, database, "migrate") == 0
    assert "already the newest, nothing to do" in capsys.readouterr().out
    # a server one release behind: one step down, and migrate brings it back
    command.downgrade(alembic_config(database), "-1")
    assert _cli(tmp_path, database, "migrate") == 0
    again = capsys.readouterr().out
    assert "upgraded from 0" in again, again
    head = first.rsplit(" ", 1)[-1].strip()
    assert again.rstrip().endswith(head)


# --- check ----------------------------------------------------------------------------


def test_check_names_each_problem_and_passes_a_sound_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    db = f"sqlite:///{data_dir / 'folio-server.db'}"
    ctx = ServerContext.open(data_dir, db)
    try:
        admin_ops.init(ctx, "admin", ADMIN_PASSWORD)
    finally:
        ctx.close()
    data_dir.chmod(0o755)
    (data_dir / "folio-server.db").chmod(0o644)
    # a file check.py does not name (what a copy by hand or a later version leaves)
    stray = data_dir / "signing_key.pem.replaced-2027"
    stray.write_text("old key")
    stray.chmod(0o644)
    assert _cli(data_dir, db, "check") == 1
    out = capsys.readouterr().out
    assert f"FAIL  data dir: {data_dir} is mode 0755" in out, out
    assert f"FAIL  database file: {data_dir / 'folio-server.db'} is mode 0644" in out, out
    assert f"FAIL  {stray.name}: {stray} is mode 0644" in out, out
    assert "ok    signing key: Ed25519" in out
    assert "schema" in out
    assert "(newest)" in out

    data_dir.chmod(0o700)
    (data_dir / "folio-server.db").chmod(0o600)
    stray.chmod(0o600)
    # release metadata that runs out in three days: a warning, not a failure
    release_key = Ed25519PrivateKey.generate()
    signed = updates.sign_release(
        release_key,
        version=1,
        app_version="9.0.0",
        targets={"linux-x86_64": updates.Target("https://d.example.org/f.deb", "ab" * 32, 1)},
        valid_for=timedelta(days=3),
    )
    ctx = ServerContext.open(data_dir, db)
    try:
        releases.publish(ctx, signed, trusted_keys=(_hex(release_key),))
    finally:
        ctx.close()
    assert _cli(data_dir, db, "check") == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out, out
    assert "warn  release metadata: version 1 expires" in out, out

    (data_dir / "signing_key.pem").unlink()
    assert _cli(data_dir, db, "check") == 1
    out = capsys.readouterr().out
    assert f"FAIL  signing key file: {data_dir / 'signing_key.pem'} is missing" in out, out


def _hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


# --- user import ----------------------------------------------------------------------


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


@pytest.mark.postgres
def test_user_import_is_all_or_nothing_with_a_line_per_bad_row(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = ServerContext.open(tmp_path, database)
    try:
        admin_ops.init(ctx, "admin", ADMIN_PASSWORD)
        admin_ops.add_committee(ctx, "Board")
        admin_ops.add_committee(ctx, "Finance")
        admin_ops.add_user(ctx, "Existing", None)

        def users() -> int:
            with ctx.sessions() as s:
                return int(s.scalar(select(func.count()).select_from(User)) or 0)

        before = users()
        header = ["Name", "Display name", "Committees", "Roles"]
        members = [[f"member{n:03}", f"Member {n}", "Board;Finance", "member"] for n in range(60)]
        bad = _write_csv(
            tmp_path / "bad.csv",
            [
                header,
                *members[:3],
                ["existing", "Taken, other case", "Board", ""],  # line 5
                ["newbie", "", "board", ""],  # line 6: committee name's case
                ["", "No Name", "Board", ""],  # line 7
                ["chair", "Chair", "Board", "superuser"],  # line 8
                ["member001", "Twice", "", ""],  # line 9
            ],
        )
        assert _cli(tmp_path, database, "user", "import", str(bad)) == 2
        err = capsys.readouterr().err
        assert f"{bad}: line 5: user 'existing' already exists" in err, err
        assert f"{bad}: line 6: no committee named 'board' (did you mean 'Board'?)" in err
        assert f"{bad}: line 7: no name" in err
        assert f"{bad}: line 8: unknown role 'superuser'" in err
        assert f"{bad}: line 9: 'member001' is also on line 3" in err
        assert "nothing imported: 5 bad rows" in err
        assert users() == before

        good = _write_csv(
            tmp_path / "members.csv",
            [header, *members, ["chair", "The Chair", "Board", "admin;member"]],
        )
        # the real command, the file on stdin (as docs/admin.md runs it)
        dry = subprocess.run(
            [
                str(_BIN / "folio-server"),
                "--data-dir",
                str(tmp_path),
                "--db",
                database,
                "user",
                "import",
                "-",
                "--dry-run",
            ],
            input=good.read_text(),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert dry.returncode == 0, dry.stderr
        out = dry.stdout
        assert "would add 61 users (1 admins) and 121 memberships" in out, out
        assert users() == before

        assert _cli(tmp_path, database, "user", "import", str(good)) == 0
        assert "added 61 users (1 admins) and 121 memberships" in capsys.readouterr().out
        assert users() == before + 61
        with ctx.sessions() as s:
            chair = s.scalars(select(User).where(User.username == "chair")).one()
            assert chair.is_admin
            assert chair.display_name == "The Chair"
            assert chair.password_hash is None  # enrolls with a one-time code
            board = s.scalars(select(Committee).where(Committee.name == "Board")).one()
            in_board = s.scalar(
                select(func.count())
                .select_from(Membership)
                .where(Membership.committee_id == board.id)
            )
            assert in_board == 61
        # a second run of the same file changes nothing
        assert _cli(tmp_path, database, "user", "import", str(good)) == 2
        assert "nothing imported: 61 bad rows" in capsys.readouterr().err
    finally:
        ctx.close()


# --- serve --forwarded-allow-ips ------------------------------------------------------


def _bad_codes(url: str, source: str, forwarded_for: str, n: int) -> list[int]:
    """``n`` enrollments with a wrong code, sent from the loopback address ``source``."""
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(base_url=url, timeout=30, transport=transport) as http:
        return [
            http.post(
                "/v1/enroll",
                json={"device_name": "t", "code": "AAAA-BBBB-CCCC"},
                headers={"X-Forwarded-For": forwarded_for},
            ).status_code
            for _ in range(n)
        ]


@pytest.mark.postgres
def test_rate_limits_and_audit_see_the_address_a_trusted_proxy_forwards(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The proxy is 127.0.0.2: behind it each reader has her own limit and the audit
    log names her address; a peer that is not a listed proxy (127.0.0.1) cannot pick
    an address by header. The failure counts live in the database: both kinds."""
    server = _start(
        tmp_path,
        database,
        env={
            "FOLIO_SERVER_FORWARDED_ALLOW_IPS": "127.0.0.2",
            "FOLIO_SERVER_MAX_FAILURES_PER_ADDRESS": "3",
        },
    )
    try:
        proxy, other = "127.0.0.2", "127.0.0.1"
        assert _bad_codes(server.url, proxy, "198.51.100.7", 4) == [401, 401, 401, 429]
        # another reader behind the same proxy: her own address, her own limit
        assert _bad_codes(server.url, proxy, "198.51.100.8", 1) == [401]
        # not a proxy: its header is not believed, so it is not the locked-out reader,
        # and naming a fresh address does not reset its own limit either
        assert _bad_codes(server.url, other, "198.51.100.7", 3) == [401, 401, 401]
        assert _bad_codes(server.url, other, "203.0.113.9", 1) == [429]

        code = admin_ops.create_enrollment_code(server.ctx, server.user())
        with httpx.Client(
            base_url=server.url, transport=httpx.HTTPTransport(local_address=proxy)
        ) as http:
            enrolled = http.post(
                "/v1/enroll",
                json={"device_name": "t", "code": code},
                headers={"X-Forwarded-For": "198.51.100.9"},
            )
        assert enrolled.status_code == 200, enrolled.text
        assert _cli(server.data_dir, server.db_url, "audit") == 0
        enrolls = [line for line in capsys.readouterr().out.splitlines() if "device.enroll" in line]
        assert len(enrolls) == 1
        assert enrolls[0].endswith("code from 198.51.100.9"), enrolls
    finally:
        _stop(server)


# --- db copy --------------------------------------------------------------------------


@pytest.mark.postgres
def test_db_copy_moves_a_live_server_to_postgres_and_devices_carry_on(
    pg_cluster: PgCluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    sqlite_url = f"sqlite:///{data_dir / 'folio-server.db'}"
    server = _start(data_dir, sqlite_url)
    device = Api(server.url)
    try:
        reader = server.user()
        committee = server.committee([reader])
        meeting = write_meeting(
            tmp_path / "meeting",
            committee,
            [{"number": "1", "docs": {"a.pdf": "agenda"}}, {"number": "2", "closed": True}],
        )
        published = publish_folder(server.ctx, meeting)
        device.enroll(reader)
        seen = device.feed_all()
        cursor = device.get("/v1/feed", params={"limit": 500}).json()["cursor"]
        with server.ctx.sessions() as s:
            item_id = s.scalars(
                select(Item.id).where(Item.meeting_id == published.meeting_id)
            ).first()
            top_before = s.scalar(select(func.max(FeedRow.seq)))
        assert seen
        assert item_id
        assert top_before
    finally:
        device.close()
        _stop(server)

    pg_url = pg_cluster.create_database()
    assert _cli(data_dir, sqlite_url, "db", "copy", "--to", pg_url) == 0
    out = capsys.readouterr().out
    assert "(same count in source and target)" in out, out
    assert "  users: 2 rows" in out, out

    server = _start(data_dir, pg_url, init=False)
    device.http = httpx.Client(base_url=server.url, timeout=60)
    try:
        # the device's cursor from the SQLite server means the same on PostgreSQL:
        # nothing new, nothing again, no resync
        page = device.get("/v1/feed", params={"cursor": cursor, "limit": 50})
        assert page.status_code == 200, page.text
        assert page.json()["entries"] == []
        assert _stable(device.feed_all()) == _stable(seen)
        # its tokens were copied too, and new rows get ids past the copied ones
        answers = device.push([comment_op(item_id)])
        assert answers[0]["status"] == "applied", answers
        after = device.get("/v1/feed", params={"cursor": cursor, "limit": 50}).json()["entries"]
        assert [e["kind"] for e in after] == [p.FeedKind.COMMENT_PUT.value]
        with server.ctx.sessions() as s:
            assert (s.scalar(select(func.max(FeedRow.seq))) or 0) > top_before
    finally:
        device.close()
        _stop(server)


@pytest.mark.postgres
def test_db_copy_refuses_rows_postgres_cannot_hold_and_a_target_in_use(
    pg_cluster: PgCluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'folio-server.db'}"
    ctx = ServerContext.open(tmp_path, sqlite_url)
    try:
        admin_ops.init(ctx, "admin", ADMIN_PASSWORD)
        admin_ops.add_committee(ctx, "Board\x00")  # SQLite keeps a NUL, PostgreSQL cannot
    finally:
        ctx.close()
    pg_url = pg_cluster.create_database()
    assert _cli(tmp_path, sqlite_url, "db", "copy", "--to", pg_url) == 2
    err = capsys.readouterr().err
    assert "PostgreSQL refused a row (PostgreSQL text fields cannot contain NUL" in err, err
    assert "nothing was copied" in err
    # nothing was: the same target takes a clean copy afterwards ...
    ctx = ServerContext.open(tmp_path, sqlite_url)
    try:
        with ctx.sessions() as s, s.begin():
            s.execute(delete(Committee))
            s.execute(delete(AuditEntry).where(AuditEntry.action == "committee.add"))
    finally:
        ctx.close()
    assert _cli(tmp_path, sqlite_url, "db", "copy", "--to", pg_url) == 0
    capsys.readouterr()
    # ... and refuses a second one on top of it
    assert _cli(tmp_path, sqlite_url, "db", "copy", "--to", pg_url) == 2
    assert "already holds users" in capsys.readouterr().err


def _stable(entries: list[dict[str, Any]]) -> list[Any]:
    """Feed entries without what is made per request (a manifest's issue time and
    expiry, and so its signature)."""
    out: list[Any] = []
    for e in entries:
        data = dict(e.get("data") or {})
        if "manifest" in data:
            manifest = json.loads(base64.b64decode(data.pop("manifest")))
            data.pop("signature", None)
            manifest.pop("issued_at")
            manifest.pop("expires_at")
            data["manifest"] = manifest
        out.append((e["kind"], data))
    return out


def comment_op(item_id: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "comment.add",
        "payload": {
            "comment_id": str(uuid.uuid4()),
            "target_kind": "item",
            "target_id": item_id,
            "body": "after the move",
            "parent_id": None,
        },
    }


# --- behind Caddy with its own CA: the "done when" -------------------------------------


def _run_caddy(
    caddy: str, caddy_home: Path, port: int, upstream: str
) -> tuple[subprocess.Popen[str], list[str]]:
    """Caddy with the shipped Caddyfile on ``port``: running once its site's
    certificate is made, or exited (its log says why)."""
    # The test's global options (no admin API, no trust-store install, no port 80),
    # then the shipped file itself.
    (caddy_home / "Caddyfile").write_text(
        "{\n\tadmin off\n\tskip_install_trust\n\tauto_https disable_redirects\n"
        f"\thttps_port {port}\n}}\n"
        f"import {PACKAGING / 'Caddyfile'}\n"
    )
    proc = subprocess.Popen(
        [caddy, "run", "--adapter", "caddyfile", "--config", str(caddy_home / "Caddyfile")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={
            **os.environ,
            "HOME": str(caddy_home),
            "XDG_DATA_HOME": str(caddy_home / "data"),
            "XDG_CONFIG_HOME": str(caddy_home / "config"),
            "FOLIO_SITE": "localhost",
            "FOLIO_TLS": "internal",
            "FOLIO_UPSTREAM": upstream,
        },
    )
    assert proc.stderr is not None
    log: list[str] = []
    # Caddy logs one JSON line per event: ready once the site's certificate is made.
    for line in proc.stderr:
        log.append(line)
        if "certificate obtained successfully" in line:
            return proc, log
    proc.wait(timeout=10)
    return proc, log


@pytest.fixture
def caddy_in_front(tmp_path: Path) -> Iterator[tuple[Server, str, Path]]:
    """folio-server on loopback, Caddy with the shipped Caddyfile in front of it."""
    caddy = shutil.which("caddy")
    assert caddy, "caddy missing: ./dev setup installs it"
    data_dir = tmp_path / "server"
    data_dir.mkdir(mode=0o700)
    server = _start(data_dir, f"sqlite:///{data_dir / 'folio-server.db'}")
    caddy_home = tmp_path / "caddy"
    caddy_home.mkdir()
    upstream = server.url.removeprefix("http://")
    # A free port can be taken by another test's server between the look and Caddy's
    # bind: then again on another one.
    proc: subprocess.Popen[str] | None = None
    try:
        for _attempt in range(5):
            port = _free_port()
            proc, log = _run_caddy(caddy, caddy_home, port, upstream)
            if proc.returncode is None or "address already in use" not in "".join(log):
                break
        assert proc is not None
        if proc.returncode is not None:
            pytest.fail("caddy exited: " + "".join(log[-20:]))
        threading.Thread(target=lambda: [None for _ in proc.stderr or ()], daemon=True).start()
        root = caddy_home / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
        yield server, f"https://localhost:{port}", root
    finally:
        if proc is not None:
            proc.kill()  # a test proxy: nothing to shut down gracefully
            proc.wait(timeout=10)
        _stop(server)


def _folio(data_dir: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(_BIN / "folio"), "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_device_enrolls_and_syncs_over_https_behind_caddy(
    caddy_in_front: tuple[Server, str, Path], tmp_path: Path
) -> None:
    server, https_url, ca_root = caddy_in_front
    reader = server.user()
    committee = server.committee([reader])
    publish_folder(
        server.ctx,
        write_meeting(tmp_path / "meeting", committee, [{"number": "1", "docs": {"a.pdf": "x"}}]),
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SSL_CERT", "REQUESTS_CA"))},
        "FOLIO_PIN": PIN,
        "FOLIO_FAST_KDF_FOR_TESTS": "1",
        "FOLIO_POLICY": str(tmp_path / "no-policy.toml"),
    }
    device = tmp_path / "device"
    assert _folio(device, env, "init").returncode == 0

    # A device that does not trust the CA refuses the server: nothing enrolled, and
    # the code is not spent (it works below), so nothing reached the server.
    code = admin_ops.create_enrollment_code(server.ctx, reader)
    refused = _folio(device, env, "enroll", "--server", https_url, "--code", code)
    assert refused.returncode != 0, refused.stdout
    assert "certificate is not trusted on this device, so nothing was sent" in refused.stderr
    assert read_device_file(device) is None

    # Trusting it (IT installs the CA in the OS store; here the OpenSSL variable
    # the OS store is read through), the same code enrolls and the meeting arrives.
    trusted = {**env, "SSL_CERT_FILE": str(ca_root)}
    # Trusted CA, but the certificate's key is not the one pinned: refused the same way.
    wrong_pin = base64.b64encode(bytes(32)).decode()
    pinned = _folio(
        device, trusted, "enroll", "--server", https_url, "--code", code, "--pin-spki", wrong_pin
    )
    assert pinned.returncode != 0, pinned.stdout
    assert "certificate is not trusted on this device" in pinned.stderr, pinned.stderr
    assert read_device_file(device) is None
    enrolled = _folio(device, trusted, "enroll", "--server", https_url, "--code", code)
    assert enrolled.returncode == 0, enrolled.stderr
    assert json.loads(enrolled.stdout)["server_url"] == https_url
    synced = _folio(device, trusted, "sync")
    assert synced.returncode == 0, synced.stderr
    summary = json.loads(synced.stdout.splitlines()[-1])
    assert summary["ok"], summary
    assert summary["documents"] == 1, summary
