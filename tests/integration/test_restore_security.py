"""A restore never brings back access, and devices keep syncing through one (issue 11).

Everything runs against the real server process on loopback and real vaults:
`folio-server backup` / `restore` as subprocesses, the server stopped for the
restore like docs/admin.md says, devices syncing through their engines.
"""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test tree has no
# packages) and so shadow their names.

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
from conftest_sync import (  # noqa: F401 (fixtures)
    FAST_ENGINE,
    FAST_HTTP,
    PASSWORD,
    PIN,
    DeviceFactory,
    SyncServer,
    devices,
    pdf_bytes,
    sync_server,
    write_meeting,
)
from conftest_sync import Device as SyncDevice
from server_harness import Server
from sqlalchemy import select

from server import admin as admin_ops
from server.models import Device, Membership, TokenFamily, User
from sync import protocol as p
from sync.api import Api, check_enrollment
from sync.client import FolioClient, HttpTransport
from sync.device.enrollment import DeviceIdentity, load_identity, save_enrollment
from sync.engine import SyncEngine
from sync.errors import ErrorKind
from sync.store.state import STATE_REFRESH_TOKEN
from sync.vault import KdfParams

_BIN = Path(sys.executable).parent


def _cli(server: SyncServer, *args: str, stdin: str = "") -> str:
    r = subprocess.run(
        [
            str(_BIN / "folio-server"),
            "--data-dir",
            str(server.data_dir),
            "--db",
            server.db_url,
            *list(args),
        ],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return r.stdout


def _restore(server: SyncServer, backup: Path) -> str:
    """What docs/admin.md says: stop the server, restore, start it again."""
    server.stop()
    server.ctx.engine.dispose()  # the in-process admin's pool points at the old file
    out = _cli(server, "restore", str(backup))
    server.ctx.engine.dispose()
    server.start()
    return out


def _restart(dev: SyncDevice, server: SyncServer) -> None:
    """The app started again: a new engine, whose first call refreshes the tokens."""
    dev.engine.close()
    dev.engine = SyncEngine(
        dev.api.vault, transport=HttpTransport(server.url, FAST_HTTP), config=FAST_ENGINE
    )


def _device_row(server: SyncServer, device_id: str) -> Device:
    with server.ctx.sessions() as session:
        row = session.get(Device, device_id)
        assert row is not None
        return row


def _closed_meeting(server: SyncServer, tmp_path: Path, members: list[str]) -> tuple[str, str]:
    committee = server.committee(members)
    folder = write_meeting(
        tmp_path / "pack",
        committee,
        [
            {"number": "1", "docs": {"open.pdf": pdf_bytes("open text")}},
            {"number": "2", "closed": True, "docs": {"closed.pdf": pdf_bytes("secret text")}},
        ],
    )
    return committee, str(server.publish(folder).meeting_id)


def test_enrollment_registers_both_public_keys(sync_server: SyncServer, tmp_path: Path) -> None:
    reader = sync_server.user()
    pending = check_enrollment(sync_server.url, user=reader, password=PASSWORD)
    api = Api.create(tmp_path / "vault", PIN, kdf=KdfParams.FAST_FOR_TESTS)
    try:
        api.complete_enrollment(pending)
        identity = load_identity(api.vault.db)
        assert identity is not None
        keys = identity.public()
    finally:
        api.lock()
    row = _device_row(sync_server, pending.device_id)
    assert row.signing_public_key == keys.signing_public_key
    assert row.exchange_public_key == keys.exchange_public_key
    assert keys.signing_public_key != keys.exchange_public_key


def test_device_enrolled_before_identities_registers_its_keys_on_next_sync(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    # An older app: no keys in the enrollment request, none in the vault.
    api = Api.create(tmp_path / "old", PIN, kdf=KdfParams.FAST_FOR_TESTS)
    client = FolioClient(HttpTransport(sync_server.url))
    answer = client.enroll(p.EnrollRequest(device_name="old", username=reader, password=PASSWORD))
    client.close()
    db = api.vault.open_database()
    save_enrollment(db, tmp_path / "old", sync_server.url, answer)
    db.close()
    assert _device_row(sync_server, answer.device_id).signing_public_key is None
    api.lock()
    # Its next sync registers them.
    api = Api.open(tmp_path / "old")
    api.unlock(PIN)
    dev = SyncDevice("old", tmp_path / "old", api, SyncEngine(api.vault, config=FAST_ENGINE), "")
    try:
        assert dev.sync().ok
        identity = load_identity(api.vault.db)
        assert identity is not None
        row = _device_row(sync_server, answer.device_id)
        assert row.signing_public_key == identity.public().signing_public_key
        assert row.exchange_public_key == identity.public().exchange_public_key
        assert dev.sync().ok  # registered once; the next round does not ask again
    finally:
        dev.close()


def test_restore_keeps_a_revoked_device_revoked_and_a_removed_member_removed(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    leaver, stayer = sync_server.user(), sync_server.user()
    committee, meeting_id = _closed_meeting(sync_server, tmp_path, [leaver, stayer])
    (lost,) = devices(1, user=stayer)
    (tablet,) = devices(1, user=leaver)
    assert lost.sync().ok
    assert tablet.sync().ok
    assert any(i.closed for i in tablet.api.get_meeting(meeting_id).items)

    backup = tmp_path / "backup"
    _cli(sync_server, "backup", str(backup))
    _cli(sync_server, "device", "revoke", lost.device_id)
    _cli(sync_server, "member", "remove", committee, leaver)
    out = _restore(sync_server, backup)
    assert "2 events replayed" in out

    assert _device_row(sync_server, lost.device_id).revoked_at is not None
    with sync_server.ctx.sessions() as session:
        leaver_id = session.scalars(select(User.id).where(User.username == leaver)).one()
        rows = session.scalars(select(Membership).where(Membership.user_id == leaver_id)).all()
        assert rows == []
    result = lost.sync()
    assert result.wiped
    assert result.error is not None
    assert result.error.kind is ErrorKind.REVOKED
    assert tablet.sync().ok
    assert tablet.sync().ok
    items = tablet.api.get_meeting(meeting_id).items
    assert [i.number for i in items] == ["1"]  # the closed item is gone from her tablet
    assert tablet.api.search("secret") == []


def test_device_that_refreshed_after_the_backup_gets_a_new_family_by_challenge(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    (dev,) = devices(1, user=reader)
    assert dev.sync().ok
    backup = tmp_path / "backup"
    _cli(sync_server, "backup", str(backup))
    _restart(dev, sync_server)
    assert dev.sync().ok  # refreshed: its tokens now are unknown to the backup
    spent_after_backup = dev.api.vault.db.get_state(STATE_REFRESH_TOKEN)
    _restore(sync_server, backup)

    # The restored database does not know the token, and it is not taken on its
    # HMAC derivation alone.
    r = httpx.post(
        f"{sync_server.url}/v1/token/refresh", json={"refresh_token": spent_after_backup}
    )
    assert r.status_code == 401
    assert r.json()["code"] == "unauthorized"

    _restart(dev, sync_server)
    first = dev.sync()
    assert first.ok, first.error
    assert dev.sync().ok
    with sync_server.ctx.sessions() as session:
        families = session.scalars(
            select(TokenFamily).where(TokenFamily.device_id == dev.device_id)
        ).all()
    live = [f for f in families if f.revoked_at is None]
    assert len(families) == 2
    assert len(live) == 1
    assert any(e.action == "device.reauth" for e in admin_ops.audit_log(sync_server.ctx))


def test_a_challenge_signed_with_another_key_gets_no_tokens(
    sync_server: SyncServer, devices: DeviceFactory
) -> None:
    (dev,) = devices(1)
    impostor = DeviceIdentity.generate()
    with httpx.Client(base_url=sync_server.url) as http:
        challenge = http.post("/v1/device/challenge", json={"device_id": dev.device_id}).json()
        signature = impostor.sign_challenge(dev.device_id, challenge["challenge"])
        r = http.post(
            "/v1/device/reauth",
            json={
                "device_id": dev.device_id,
                "challenge": challenge["challenge"],
                "signature": signature,
            },
        )
        assert r.status_code == 401
        assert "access_token" not in r.json()
        # The right key answers it once; the same challenge again is refused.
        identity = load_identity(dev.api.vault.db)
        assert identity is not None
        good = identity.sign_challenge(dev.device_id, challenge["challenge"])
        body = {"device_id": dev.device_id, "challenge": challenge["challenge"], "signature": good}
        assert http.post("/v1/device/reauth", json=body).status_code == 200
        assert http.post("/v1/device/reauth", json=body).status_code == 401


def test_restore_keeps_spent_codes_spent_old_passwords_dead_and_removed_users_out(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    changer, coder, leaver = sync_server.user(), sync_server.user(), sync_server.user()
    (leaver_dev,) = devices(1, user=leaver)
    code = admin_ops.create_enrollment_code(sync_server.ctx, coder)
    backup = tmp_path / "backup"
    _cli(sync_server, "backup", str(backup))
    with httpx.Client(base_url=sync_server.url) as http:
        assert http.post("/v1/enroll", json={"device_name": "t", "code": code}).status_code == 200
    _cli(sync_server, "user", "password", changer, stdin="a-new-password-2\n")
    _cli(sync_server, "user", "remove", leaver)
    out = _restore(sync_server, backup)
    assert "3 events replayed" in out

    def enroll(body: dict[str, str]) -> int:
        with httpx.Client(base_url=sync_server.url) as http:
            return http.post("/v1/enroll", json={"device_name": "t", **body}).status_code

    assert enroll({"code": code}) == 401
    assert enroll({"username": changer, "password": PASSWORD}) == 401
    assert enroll({"username": changer, "password": "a-new-password-2"}) == 200
    assert enroll({"username": leaver, "password": PASSWORD}) == 401
    result = leaver_dev.sync()
    assert result.wiped
    assert result.error is not None
    assert result.error.kind is ErrorKind.REVOKED


def _start_serving(server: Server) -> str:
    """``folio-server serve`` again on the restored database; its URL (a new port)."""
    proc = subprocess.Popen(
        [
            str(_BIN / "folio-server"),
            *("--data-dir", str(server.data_dir), "--db", server.db_url),
            *("serve", "--host", "127.0.0.1", "--port", "0"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    server.process = proc
    assert line.startswith("listening on "), line
    return line.removeprefix("listening on ")


def test_backup_and_restore_over_http_on_both_databases(server: Server, tmp_path: Path) -> None:
    """The same promise on SQLite and PostgreSQL (pg_dump / pg_restore)."""
    reader = server.user()

    def enroll(identity: DeviceIdentity) -> dict[str, object]:
        body = {"device_name": "t", "username": reader, "password": PASSWORD}
        r = httpx.post(f"{server.url}/v1/enroll", json={**body, **identity.public().to_json()})
        assert r.status_code == 200, r.text
        answer: dict[str, object] = r.json()
        return answer

    revoked_key, kept_key = DeviceIdentity.generate(), DeviceIdentity.generate()
    revoked, kept = enroll(revoked_key), enroll(kept_key)
    backup = tmp_path / "backup"
    r = server.cli("backup", str(backup))
    assert r.returncode == 0, r.stderr
    server.admin.revoke_device(server.ctx, revoked["device_id"])
    tokens = kept["tokens"]
    assert isinstance(tokens, dict)
    refreshed = httpx.post(
        f"{server.url}/v1/token/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.status_code == 200
    after_backup = refreshed.json()["refresh_token"]

    server.process.terminate()
    server.process.wait(timeout=30)
    server.ctx.engine.dispose()
    r = server.cli("restore", str(backup))
    assert r.returncode == 0, r.stderr
    assert "1 events replayed" in r.stdout
    server.ctx.engine.dispose()
    fresh = _start_serving(server)
    try:
        with httpx.Client(base_url=fresh) as http:

            def reauth(device: dict[str, object], key: DeviceIdentity) -> httpx.Response:
                device_id = str(device["device_id"])
                c = http.post("/v1/device/challenge", json={"device_id": device_id}).json()
                sig = key.sign_challenge(device_id, c["challenge"])
                return http.post(
                    "/v1/device/reauth",
                    json={"device_id": device_id, "challenge": c["challenge"], "signature": sig},
                )

            r = http.post("/v1/token/refresh", json={"refresh_token": after_backup})
            assert r.status_code == 401
            assert r.json()["code"] == "unauthorized"
            r = reauth(kept, kept_key)
            assert r.status_code == 200, r.text
            feed = http.get(
                "/v1/feed", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
            )
            assert feed.status_code == 200
            r = reauth(revoked, revoked_key)
            assert r.status_code == 401
            assert r.json()["code"] == "device_revoked"
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)
