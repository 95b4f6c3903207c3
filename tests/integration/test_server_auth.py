"""Enrollment, refresh rotation with reuse detection, rate limits, revocation."""

from __future__ import annotations

import pytest
from server_harness import Api, Server

from server import admin
from sync import protocol as p


def test_refresh_rotates_and_grace_returns_the_same_pair(server: Server, api_factory) -> None:
    api = api_factory().enroll(server.user())
    old = api.refresh_token
    r1 = api.http.post("/v1/token/refresh", json={"refresh_token": old})
    assert r1.status_code == 200, r1.text
    pair = r1.json()
    assert pair["refresh_token"] != old
    # the answer was lost: the immediately preceding token again -> the same new pair
    r2 = api.http.post("/v1/token/refresh", json={"refresh_token": old})
    assert r2.status_code == 200
    assert r2.json()["refresh_token"] == pair["refresh_token"]
    assert r2.json()["access_token"] == pair["access_token"]
    api.access = pair["access_token"]
    assert api.get("/v1/feed").status_code == 200
    # rotate once more; the old pair is no longer accessible via the grace
    r3 = api.http.post("/v1/token/refresh", json={"refresh_token": pair["refresh_token"]})
    assert r3.status_code == 200


def test_refresh_token_reused_outside_grace_revokes_the_family(server: Server, api_factory) -> None:
    api = api_factory().enroll(server.user())
    t0 = api.refresh_token
    t1 = api.http.post("/v1/token/refresh", json={"refresh_token": t0}).json()
    t2 = api.http.post("/v1/token/refresh", json={"refresh_token": t1["refresh_token"]}).json()
    # t0 is now two rotations old: not the immediately preceding token -> theft
    r = api.http.post("/v1/token/refresh", json={"refresh_token": t0})
    assert r.status_code == 401
    assert r.json()["code"] == "token_reused"
    # the whole family is dead: the newest refresh and access tokens too
    r = api.http.post("/v1/token/refresh", json={"refresh_token": t2["refresh_token"]})
    assert r.status_code == 401
    assert r.json()["code"] == "token_reused"
    api.access = t2["access_token"]
    assert api.get("/v1/feed").status_code == 401
    assert any(e.action == "token.reuse" for e in admin.audit_log(server.ctx))


def test_enrollment_code_is_single_use(server: Server, api_factory) -> None:
    name = server.user()
    code = admin.create_enrollment_code(server.ctx, name)
    assert len(code.replace("-", "")) == 16
    first = api_factory().enroll_code(code.lower())  # case and dashes do not matter
    assert first.status_code == 200, first.text
    assert first.json()["username"] == name
    second = api_factory().enroll_code(code)
    assert second.status_code == 401
    assert second.json()["code"] == "invalid_credentials"


def test_wrong_passwords_are_rate_limited(server: Server, api_factory) -> None:
    name = server.user()
    api = api_factory()
    codes = []
    for _ in range(6):
        r = api.http.post(
            "/v1/enroll", json={"device_name": "x", "username": name, "password": "wrong-one"}
        )
        codes.append(r.status_code)
    assert codes[:5] == [401] * 5
    assert codes[5] == 429
    r = api.http.post(
        "/v1/enroll", json={"device_name": "x", "username": name, "password": "member-password-1"}
    )
    assert r.status_code == 429  # even the right password waits now
    assert int(r.headers["Retry-After"]) > 0


def test_revoked_device_gets_device_revoked_on_every_call(server: Server, api_factory) -> None:
    api = api_factory().enroll(server.user())
    other = Api(server.url).enroll(api.enrollment["username"])
    admin.revoke_device(server.ctx, api.device_id)
    for r in (
        api.get("/v1/feed"),
        api.get("/v1/meetings/x/manifest"),
        api.get("/v1/documents/" + "0" * 64),
        api.post("/v1/ops", {"ops": []}),
        api.post("/v1/device/wiped", {"device_id": api.device_id}),
        api.http.post("/v1/token/refresh", json={"refresh_token": api.refresh_token}),
    ):
        assert r.status_code == 401
        assert r.json()["code"] == "device_revoked"
    assert other.get("/v1/feed").status_code == 200  # the reader's other device is fine
    other.close()


def test_remote_wipe_then_ack_revokes(server: Server, api_factory) -> None:
    api = api_factory().enroll(server.user())
    admin.revoke_device(server.ctx, api.device_id, wipe=True)
    kinds = [(e["kind"], e["data"]) for e in api.feed_all()]
    assert ("device.wipe", {"device_id": api.device_id}) in kinds
    assert api.post("/v1/device/wiped", {"device_id": api.device_id}).status_code == 204
    assert api.get("/v1/feed").json()["code"] == "device_revoked"


@pytest.mark.parametrize(
    "body",
    [{}, {"device_name": "x"}, {"device_name": "x", "code": "A", "username": "u", "password": "p"}],
)
def test_bad_enroll_bodies_are_400s(server: Server, body: dict[str, str]) -> None:
    api = Api(server.url)
    r = api.http.post("/v1/enroll", json=body)
    assert r.status_code in (400, 422)
    assert r.json()["code"] == "bad_request"
    api.close()


def test_policy_change_reaches_devices_and_new_enrollments(server: Server, api_factory) -> None:
    api = api_factory().enroll(server.user())
    start = api.get("/v1/feed", params={"limit": 500}).json()["cursor"]
    admin.set_policy(server.ctx, p.Policy(retention_days=45, offline_grace_days=3))
    later = api.get("/v1/feed", params={"cursor": start}).json()["entries"]
    sent = {"retention_days": 45, "offline_grace_days": 3, "min_app_version": "0"}
    assert {"kind": "policy.put", "data": sent} in later
    fresh = api_factory().enroll(server.user())
    assert fresh.enrollment["policy"] == sent
