"""Access matrix: member / non-member / revoked / removed member, open and closed material."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pytest
from server_harness import Api, Server, pdf_bytes, write_meeting

from server import admin
from server.publish import publish_folder
from sync import protocol as p

OPEN_PDF = pdf_bytes("open agenda material", pages=3)
CLOSED_PDF = pdf_bytes("confidential land purchase")


@pytest.fixture(scope="module")
def world(server: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    member, outsider, leaver = server.user(), server.user(), server.user()
    committee = server.committee([member, leaver])
    folder = write_meeting(
        tmp_path_factory.mktemp("m"),
        committee,
        [
            {"number": "1", "docs": {"open.pdf": OPEN_PDF}},
            {
                "number": "2",
                "closed": True,
                "needs_decision": True,
                "docs": {"closed.pdf": CLOSED_PDF},
            },
        ],
    )
    result = publish_folder(server.ctx, folder)
    revoked = server.user()
    admin.add_member(server.ctx, committee, revoked)
    return {
        "member": member,
        "outsider": outsider,
        "leaver": leaver,
        "revoked": revoked,
        "committee": committee,
        "meeting_id": result.meeting_id,
    }


def manifest_of(api: Api, meeting_id: str) -> p.Manifest:
    r = api.get(f"/v1/meetings/{meeting_id}/manifest")
    assert r.status_code == 200, r.text
    return p.verify_manifest(
        p.SignedManifest.from_json(r.json()), api.enrollment["server_public_key"]
    )


def comment(target: str, kind: str = "item") -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "comment.add",
        "payload": {
            "comment_id": str(uuid.uuid4()),
            "target_kind": kind,
            "target_id": target,
            "body": "b",
            "parent_id": None,
        },
    }


OPEN_SHA = hashlib.sha256(OPEN_PDF).hexdigest()
CLOSED_SHA = hashlib.sha256(CLOSED_PDF).hexdigest()


def test_member_sees_open_and_closed(server: Server, world: dict[str, Any], api_factory) -> None:
    api = api_factory().enroll(world["member"])
    m = manifest_of(api, world["meeting_id"])
    assert [i.closed for i in m.items] == [False, True]
    assert {d.sha256 for d in m.documents} == {OPEN_SHA, CLOSED_SHA}
    closed_item = m.items[1]
    assert closed_item.case_id
    r = api.get(f"/v1/documents/{CLOSED_SHA}")
    assert r.status_code == 200
    assert r.content == CLOSED_PDF
    assert r.headers["etag"] == f'"{CLOSED_SHA}"'
    log = admin.audit_log(server.ctx)
    assert any(
        e.action == "document.download" and e.detail == CLOSED_SHA and e.device_id == api.device_id
        for e in log
    )
    answers = api.push([comment(closed_item.id), comment(closed_item.case_id, "case")])
    assert [a["status"] for a in answers] == ["applied", "applied"]
    kinds = {e["kind"] for e in api.feed_all()}
    assert {"meeting.put", "case.put"} <= kinds


def test_non_member_sees_only_open(world: dict[str, Any], api_factory) -> None:
    api = api_factory().enroll(world["outsider"])
    m = manifest_of(api, world["meeting_id"])
    assert [i.closed for i in m.items] == [False]
    assert {d.sha256 for d in m.documents} == {OPEN_SHA}
    assert api.get(f"/v1/documents/{OPEN_SHA}").status_code == 200
    r = api.get(f"/v1/documents/{CLOSED_SHA}")
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"
    entries = api.feed_all()
    assert not [e for e in entries if e["kind"] == "case.put"]
    assert CLOSED_SHA not in str(entries)
    member = api_factory().enroll(world["member"])
    closed_item = manifest_of(member, world["meeting_id"]).items[1]
    answers = api.push([comment(closed_item.id), comment(closed_item.case_id or "", "case")])
    assert [a["reason"] for a in answers] == ["unknown_target", "unknown_target"]
    # comments on closed items never reach a non-member's feed
    member.push([comment(closed_item.id)])
    assert not [
        e
        for e in api.feed_all()
        if e["kind"] == "comment.put" and e["data"]["target_id"] == closed_item.id
    ]


def test_revoked_device_gets_nothing(server: Server, world: dict[str, Any], api_factory) -> None:
    api = api_factory().enroll(world["revoked"])
    assert api.get(f"/v1/documents/{CLOSED_SHA}").status_code == 200
    admin.revoke_device(server.ctx, api.device_id)
    for r in (
        api.get(f"/v1/meetings/{world['meeting_id']}/manifest"),
        api.get(f"/v1/documents/{OPEN_SHA}"),
        api.get(f"/v1/documents/{CLOSED_SHA}"),
        api.get("/v1/feed"),
        api.post("/v1/ops", {"ops": [comment("x")]}),
    ):
        assert r.status_code == 401
        assert r.json()["code"] == "device_revoked"


def test_removed_member_is_told_to_purge_and_loses_closed(
    server: Server, world: dict[str, Any], api_factory
) -> None:
    api = api_factory().enroll(world["leaver"])
    m = manifest_of(api, world["meeting_id"])
    closed_item = m.items[1]
    first = api.get("/v1/feed", params={"limit": 500}).json()
    admin.remove_member(server.ctx, world["committee"], world["leaver"])
    later = api.get("/v1/feed", params={"cursor": first["cursor"]}).json()["entries"]
    committee_id = m.committee_id
    assert {"kind": "membership.removed", "data": {"committee_id": committee_id}} in later
    m2 = manifest_of(api, world["meeting_id"])
    assert [i.closed for i in m2.items] == [False]
    assert api.get(f"/v1/documents/{CLOSED_SHA}").status_code == 404
    assert api.get(f"/v1/documents/{OPEN_SHA}").status_code == 200
    answers = api.push([comment(closed_item.id), comment(m.items[0].id)])
    assert [a["status"] for a in answers] == ["rejected", "applied"]
    assert answers[0]["reason"] == "unknown_target"
    assert "case.put" not in {e["kind"] for e in api.feed_all()}


def test_download_range_etag_if_range(world: dict[str, Any], api_factory) -> None:
    api = api_factory().enroll(world["member"])
    url = f"/v1/documents/{OPEN_SHA}"
    part = api.get(url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206
    assert part.content == OPEN_PDF[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(OPEN_PDF)}"
    same = api.get(url, headers={"Range": "bytes=10-", "If-Range": f'"{OPEN_SHA}"'})
    assert same.status_code == 206
    assert same.content == OPEN_PDF[10:]
    changed = api.get(url, headers={"Range": "bytes=10-", "If-Range": '"other"'})
    assert changed.status_code == 200
    assert changed.content == OPEN_PDF
    beyond = api.get(url, headers={"Range": f"bytes={len(OPEN_PDF) + 5}-"})
    assert beyond.status_code == 416
    assert api.get("/v1/documents/" + "a" * 64).status_code == 404
    assert api.get("/v1/documents/not-a-hash").status_code == 404


def test_feed_pages_are_bounded_and_cursor_is_opaque(world: dict[str, Any], api_factory) -> None:
    api = api_factory().enroll(world["member"])
    item = manifest_of(api, world["meeting_id"]).items[0].id
    api.push([comment(item) for _ in range(12)])
    seen = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 5} | ({"cursor": cursor} if cursor else {})
        page = api.get("/v1/feed", params=params).json()
        assert len(page["entries"]) <= 5
        seen.extend(page["entries"])
        cursor = page["cursor"]
        pages += 1
        if not page["more"]:
            break
    assert pages >= 3
    assert api.get("/v1/feed", params={"cursor": cursor}).json()["entries"] == []
    bad = api.get("/v1/feed", params={"cursor": "garbage"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "bad_request"
    assert api.get("/v1/feed", params={"limit": 100000}).status_code == 422
