"""Enrollment at scale (issue 16): organisation tokens and bulk one-time codes.

Against the real server on SQLite and PostgreSQL, through the wire, `folio` and
`folio-server`. The token is not a secret: every test shows that what a device
gets still follows the reader's own sign-in, and that the device limit holds under
20 enrollments at once (each from its own loopback address, as tablets would be).
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import stat
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from server_harness import PASSWORD, Api, Server, pdf_bytes, write_meeting

from server import admin
from server import enrollment_tokens as et
from server.context import now
from server.models import AuditEntry, Device, EnrollmentToken, User
from server.publish import publish_folder
from sync import protocol as p
from sync.api import check_enrollment
from sync.errors import ErrorKind, FolioError

_BIN = Path(sys.executable).parent
PIN = "482916"
PARALLEL = 20


#: The device, CLI and CSV paths do not depend on the database: they run on SQLite only,
#: to keep the suite short. What does depend on it (the limit under parallel enrollments,
#: scope and expiry, the refusals) runs on both.
sqlite_only = pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True, scope="module")


def _folio(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    return subprocess.run(
        [str(_BIN / "folio"), "--data-dir", str(data_dir), *args],
        env={
            **os.environ,
            "FOLIO_PIN": PIN,
            "FOLIO_FAST_KDF_FOR_TESTS": "1",
            "FOLIO_SECRET_BACKEND": "file",
            "FOLIO_CONFIG_DIR": str(data_dir.parent / f"{data_dir.name}-config"),
            # no machine policy of this host's: only what a test puts here
            "FOLIO_POLICY": str(data_dir.parent / f"{data_dir.name}-policy.toml"),
            **(env or {}),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _new_device(tmp_path: Path, name: str, policy_toml: str = "") -> Path:
    data_dir = tmp_path / name
    (tmp_path / f"{name}-policy.toml").write_text(policy_toml, encoding="utf-8")
    init = _folio(data_dir, "init")
    assert init.returncode == 0, init.stderr
    return data_dir


def _enroll_http(
    server: Server, body: dict[str, Any], address: str = "127.0.0.1"
) -> httpx.Response:
    with httpx.Client(
        base_url=server.url, timeout=60, transport=httpx.HTTPTransport(local_address=address)
    ) as c:
        return c.post("/v1/enroll", json={"device_name": "tablet", **body})


def _token_devices(server: Server, token_id: str) -> int:
    with server.ctx.sessions() as s:
        details = s.scalars(
            sa.select(AuditEntry.detail).where(AuditEntry.action == "device.enroll")
        ).all()
    return sum(d.endswith(f"with enrollment token {token_id}") for d in details)


def _token_row(server: Server, shown: str) -> EnrollmentToken:
    with server.ctx.sessions() as s:
        row = s.scalars(
            sa.select(EnrollmentToken).where(EnrollmentToken.token == et.normalise(shown))
        ).one()
        s.expunge(row)
        return row


def _closed_meeting(server: Server, folder: Path, committee: str, text: str) -> str:
    """A meeting whose one item is closed: only the committee's members get its document."""
    data = pdf_bytes(text)
    publish_folder(
        server.ctx,
        write_meeting(
            folder, committee, [{"number": "1", "closed": True, "docs": {"c.pdf": data}}]
        ),
    )
    import hashlib  # noqa: PLC0415

    return hashlib.sha256(data).hexdigest()


def _seen(api: Api) -> str:
    """Everything the reader's feed tells her, manifests opened."""
    parts = []
    for entry in api.feed_all():
        parts.append(str(entry))
        if entry["kind"] == "meeting.put":
            parts.append(base64.b64decode(entry["data"]["manifest"]).decode("utf-8"))
    return "\n".join(parts)


# --- one token, three readers, three devices -------------------------------------------


@sqlite_only
def test_one_token_enrolls_three_readers_and_each_gets_only_her_own_material(
    server: Server, tmp_path: Path
) -> None:
    anna, bo, cai = server.user(), server.user(), server.user()
    board = server.committee([anna, bo, cai])
    anna_sha = _closed_meeting(server, tmp_path / "m1", server.committee([anna]), "audit only")
    bo_sha = _closed_meeting(server, tmp_path / "m2", server.committee([bo]), "finance only")
    made = server.cli(
        "enrollment-token", "create", "--committee", board, "--limit", "3", "--label", "Board"
    )
    assert made.returncode == 0, made.stderr
    token = made.stdout.split()[0]
    assert token.startswith("ORG-")

    revoked = server.cli(
        "enrollment-token",
        "revoke",
        et.create(server.ctx, label="", committee=None, device_limit=9, days=1).token,
    )
    assert revoked.returncode == 0, revoked.stderr
    assert " revoked " in revoked.stdout

    # Anna's tablet: the server and the token arrive by machine policy (as from the MSI,
    # GPO or /etc/folio/policy.toml), her password proves who she is. A revoked token on
    # the command line is said plainly.
    anna_policy = f'server_url = "{server.url}"\nenrollment_token = "{token}"\n'
    anna_dir = _new_device(tmp_path, "anna", anna_policy + 'locked = ["server_url"]\n')
    refused = _folio(
        anna_dir,
        *("enroll", "--server", server.url, "--user", anna),
        *("--org-token", revoked.stdout.split()[0]),
        env={"FOLIO_PASSWORD": PASSWORD},
    )
    assert refused.returncode != 0
    assert "IT has revoked" in refused.stderr, refused.stderr
    assert "nothing was enrolled" in refused.stderr
    enrolled = _folio(anna_dir, "enroll", "--user", anna, env={"FOLIO_PASSWORD": PASSWORD})
    assert enrolled.returncode == 0, enrolled.stderr
    with server.ctx.sessions() as s:
        device = s.get(Device, json.loads(enrolled.stdout)["device_id"])
        assert device is not None
        assert device.signing_public_key is not None  # her tablet's identity, as ever
        owner = s.get(User, device.user_id)
        assert owner is not None
        assert owner.username == anna

    # Bo's, through the facade the desktop app uses; Cai's with her one-time code.
    pending = check_enrollment(server.url, user=bo, password=PASSWORD, org_token=token.lower())
    bo_api = Api(server.url)
    bo_api.access = pending.answer.tokens.access_token
    code = admin.create_enrollment_code(server.ctx, cai)
    r = _enroll_http(server, {"code": code, "org_token": token})
    assert r.status_code == 200, r.text
    cai_api = Api(server.url)
    cai_api.access = r.json()["tokens"]["access_token"]
    try:
        bo_feed, cai_feed = _seen(bo_api), _seen(cai_api)
        assert bo_sha in bo_feed
        assert anna_sha not in bo_feed
        assert anna_sha not in cai_feed
        assert bo_sha not in cai_feed
        assert bo_api.get(f"/v1/documents/{anna_sha}").status_code == 404
    finally:
        bo_api.close()
        cai_api.close()
    assert r.json()["username"] == cai
    assert pending.answer.username == bo

    row = _token_row(server, token)
    assert (row.devices_enrolled, _token_devices(server, row.id)) == (3, 3)
    listed = server.cli("enrollment-token", "list")
    assert f"{token}  full  committee {board}  3/3 devices" in listed.stdout
    # A fourth device: refused, and said so, though her password is right.
    again = _enroll_http(server, {"username": anna, "password": PASSWORD, "org_token": token})
    assert (again.status_code, again.json()["code"]) == (403, "enrollment_token_full")


# --- the limit holds under 20 enrollments at once ---------------------------------------


def _all_at_once(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], httpx.Response]) -> httpx.Response:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_twenty_enrollments_at_once_against_a_limit_of_five_make_exactly_five_devices(
    server: Server,
) -> None:
    names = [server.unique("fleet") for _ in range(PARALLEL)]
    for name in names:
        admin.add_user(server.ctx, name, None)  # by code only: no Argon2 in the race
    codes = et.bulk_codes(server.ctx, usernames=names)
    token = et.create(server.ctx, label="", committee=None, device_limit=5, days=1).token

    def call(i: int) -> Callable[[], httpx.Response]:
        body = {"code": codes[i].code, "org_token": token}
        return lambda: _enroll_http(server, body, f"127.0.2.{i + 1}")

    answers = _all_at_once([call(i) for i in range(PARALLEL)])
    assert Counter(r.status_code for r in answers) == Counter({200: 5, 403: PARALLEL - 5})
    assert {r.json()["code"] for r in answers if r.status_code == 403} == {"enrollment_token_full"}
    with server.ctx.sessions() as s:
        devices = s.scalar(
            sa.select(sa.func.count())
            .select_from(Device)
            .join(User, User.id == Device.user_id)
            .where(User.username.in_(names))
        )
    row = _token_row(server, token)
    assert (devices, row.devices_enrolled, _token_devices(server, row.id)) == (5, 5, 5)
    # A refused enrollment spent nothing: that reader's code still enrolls (without the token).
    refused = next(i for i, r in enumerate(answers) if r.status_code == 403)
    assert _enroll_http(server, {"code": codes[refused].code}).status_code == 200


# --- expired, revoked, unknown, out of scope --------------------------------------------


def test_expired_revoked_unknown_and_out_of_scope_tokens_are_refused_clearly(
    server: Server,
) -> None:
    reader, outsider = server.user(), server.user()
    committee = server.committee([reader])
    expired = et.create(server.ctx, label="", committee=committee, device_limit=9, days=1).token
    with server.ctx.sessions() as s, s.begin():
        s.execute(
            sa.update(EnrollmentToken)
            .where(EnrollmentToken.token == et.normalise(expired))
            .values(expires_at=now() - timedelta(minutes=1))
        )
    revoked = et.revoke(
        server.ctx,
        et.create(server.ctx, label="", committee=committee, device_limit=9, days=1).token,
    ).token
    code = admin.create_enrollment_code(server.ctx, reader)
    for body, expected in (
        ({"code": code, "org_token": revoked}, "revoked"),
        ({"code": code, "org_token": expired}, "expired"),
        ({"username": reader, "password": PASSWORD, "org_token": "ORG-NOPE"}, "unknown"),
        ({"username": outsider, "password": PASSWORD, "org_token": expired}, "expired"),
    ):
        r = _enroll_http(server, body)
        assert (r.status_code, r.json()["code"]) == (403, f"enrollment_token_{expected}")
    in_scope = et.create(server.ctx, label="", committee=committee, device_limit=9, days=1).token
    r = _enroll_http(server, {"username": outsider, "password": PASSWORD, "org_token": in_scope})
    assert (r.status_code, r.json()["code"]) == (403, "enrollment_token_scope")
    # A wrong password with a good token is still just a wrong password.
    r = _enroll_http(server, {"username": reader, "password": "wrong", "org_token": in_scope})
    assert (r.status_code, r.json()["code"]) == (401, "invalid_credentials")
    assert _token_row(server, in_scope).devices_enrolled == 0
    # Each refusal is in the audit log under the reader who met it (nothing else is kept).
    with server.ctx.sessions() as s:
        met = s.scalars(
            sa.select(AuditEntry.detail).where(
                AuditEntry.action == "enrollment_token.refused", AuditEntry.actor == outsider
            )
        ).all()
    assert sorted(d.split()[0] for d in met) == [
        "enrollment_token_expired",
        "enrollment_token_scope",
    ]
    # The refusals spent nothing: the same code still enrolls her through a good token.
    r = _enroll_http(server, {"code": code, "org_token": in_scope})
    assert (r.status_code, r.json()["username"]) == (200, reader)
    assert _token_row(server, in_scope).devices_enrolled == 1


@sqlite_only
def test_revoked_and_expired_tokens_are_a_clear_error_kind_on_the_device(server: Server) -> None:
    reader = server.user()
    revoked = et.revoke(
        server.ctx, et.create(server.ctx, label="", committee=None, device_limit=1, days=1).token
    )
    with pytest.raises(FolioError) as caught:
        check_enrollment(server.url, user=reader, password=PASSWORD, org_token=revoked.token)
    assert caught.value.kind is ErrorKind.AUTH
    assert caught.value.reason == p.ErrorCode.ENROLLMENT_TOKEN_REVOKED
    assert not caught.value.retryable
    # Expiry compares times in the database: a minute past is expired on either kind.
    token = et.create(server.ctx, label="", committee=None, device_limit=1, days=1).token
    with server.ctx.sessions() as s, s.begin():
        s.execute(
            sa.update(EnrollmentToken)
            .where(EnrollmentToken.token == et.normalise(token))
            .values(expires_at=now() - timedelta(minutes=1))
        )
    r = _enroll_http(server, {"username": reader, "password": PASSWORD, "org_token": token})
    assert (r.status_code, r.json()["code"]) == (403, "enrollment_token_expired")


# --- bulk one-time codes for mail merge --------------------------------------------------


@sqlite_only
def test_bulk_codes_for_a_committee_are_a_private_csv_whose_codes_enroll_their_readers(
    server: Server, tmp_path: Path
) -> None:
    members = [server.user(), server.user(), server.user()]
    committee = server.committee(members)
    out = tmp_path / "codes.csv"
    done = server.cli("code", "bulk", "--committee", committee, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # the codes are secrets
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sorted(r["username"] for r in rows) == sorted(members)
    assert set(rows[0]) == {"username", "display_name", "code", "expires_at"}
    for row in rows[:2]:
        r = _enroll_http(server, {"code": row["code"]})
        assert (r.status_code, r.json()["username"]) == (200, row["username"])
    # All or none: a names file with an unknown name makes no code and no file.
    names = tmp_path / "names.txt"
    names.write_text(f"name\n{members[0]}\n# a comment\nno-such-reader\n", encoding="utf-8")
    bad = server.cli("code", "bulk", "--users", str(names), "--out", str(tmp_path / "x.csv"))
    assert bad.returncode != 0
    assert "no-such-reader" in bad.stderr
    assert not (tmp_path / "x.csv").exists()
    with pytest.raises(FolioError):  # the generator a web console would call
        et.bulk_codes(server.ctx, usernames=et.read_usernames(names.read_text()))
    assert et.read_usernames(names.read_text())[0] == members[0]


def test_a_display_name_cannot_become_a_spreadsheet_formula() -> None:
    rows = [et.IssuedCode("anna", "=HYPERLINK(1)", "ABCD-EFGH-JKLM-NPQR", now())]
    assert "'=HYPERLINK(1)" in et.codes_csv(rows)


def test_the_enroll_request_carries_the_token_only_when_there_is_one() -> None:
    with_token = p.EnrollRequest(device_name="t", code="C", org_token="ORG-1")
    assert p.EnrollRequest.from_json(with_token.to_json()) == with_token
    assert "org_token" not in p.EnrollRequest(device_name="t", code="C").to_json()


def test_a_restored_backup_keeps_a_token_revoked_since_it_revoked(tmp_path: Path) -> None:
    """Its own stopped server (a restore needs one): the revocation comes back from the
    security journal, as a revoked device does."""
    from server import backup  # noqa: PLC0415
    from server.context import ServerContext  # noqa: PLC0415

    ctx = ServerContext.open(tmp_path / "data", f"sqlite:///{tmp_path / 'data' / 'db.sqlite'}")
    try:
        admin.init(ctx, "admin", "admin-password-1")
        token = et.create(ctx, label="", committee=None, device_limit=3, days=1).token
        backup.backup(ctx, tmp_path / "backup", blobs=False)
        et.revoke(ctx, token)
        restored = backup.restore(ctx, tmp_path / "backup")
        assert "enrollment_token.revoked" in restored.replayed
        (after,) = et.list_tokens(ctx)
        assert after.token == token
        assert after.revoked_at is not None
    finally:
        ctx.close()
