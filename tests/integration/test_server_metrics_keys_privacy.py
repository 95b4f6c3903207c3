"""Issue 13, operations: /metrics, signing-key rotation, personal data (export, erase, retention).

Everything goes through the wire or the ``folio-server`` command: Prometheus
scrapes the real server, devices are real vaults with the real sync engine, and
export / erase / key / audit verbs run through the command's main() against the served data.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest_sync import FAST_ENGINE, PASSWORD, PIN
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from prometheus_client.parser import text_string_to_metric_families
from server_harness import ADMIN_PASSWORD, Api, Server, _start, write_meeting
from sqlalchemy import select

from server import admin, keys, security
from server import cli as server_cli
from server.admin import init
from server.context import ServerContext, now
from server.models import (
    AuditEntry,
    Case,
)
from server.publish import publish_folder
from sync import protocol as p
from sync.api import Api as DeviceApi
from sync.client import FolioClient, HttpTransport
from sync.device.enrollment import DeviceIdentity, save_enrollment
from sync.engine import SyncEngine
from sync.errors import ErrorKind
from sync.vault import KdfParams

# -- helpers -----------------------------------------------------------------------------


class Cli:
    """``folio-server`` run in this process (main() with argv, output captured): the real
    command without a second of interpreter start per call."""

    def __init__(self, capsys: pytest.CaptureFixture[str], data_dir: Path, db_url: str) -> None:
        self._capsys = capsys
        self._base = ["--data-dir", str(data_dir), "--db", db_url]

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self._capsys.readouterr()
        code = server_cli.main([*self._base, *args])
        out = self._capsys.readouterr()
        return code, out.out, out.err


@pytest.fixture
def cli(server: Server, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys, server.data_dir, server.db_url)


def scrape(url: str, **headers: str) -> httpx.Response:
    return httpx.get(f"{url}/metrics", headers=headers, timeout=30)


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(
    found: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def comment_op(
    target_kind: str, target_id: str, body: str, parent: str | None = None
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "comment.add",
        "payload": {
            "comment_id": str(uuid.uuid4()),
            "target_kind": target_kind,
            "target_id": target_id,
            "body": body,
            "parent_id": parent,
        },
    }


def publish(server: Server, committee: str, folder: Path, *, docs: bool = True) -> str:
    write_meeting(
        folder,
        committee,
        [{"number": "1", "needs_decision": True, "docs": {"a.pdf": "text"} if docs else {}}],
    )
    return publish_folder(server.ctx, folder).meeting_id


def manifest_of(api: Api, meeting_id: str) -> p.Manifest:
    r = api.get(f"/v1/meetings/{meeting_id}/manifest")
    assert r.status_code == 200, r.text
    signed = p.SignedManifest.from_json(r.json())
    return p.verify_manifest(signed, api.enrollment["server_public_key"])


class Tablet:
    """A real device: SQLCipher vault, enrollment with identity keys, the sync engine."""

    def __init__(self, server: Server, user: str, data_dir: Path) -> None:
        self.api = DeviceApi.create(data_dir, PIN, kdf=KdfParams.FAST_FOR_TESTS)
        client = FolioClient(HttpTransport(server.url, FAST_ENGINE.http))
        identity = DeviceIdentity.generate()
        answer = client.enroll(
            p.EnrollRequest(
                device_name="tablet", username=user, password=PASSWORD, keys=identity.public()
            )
        )
        client.close()
        self.enrolled_key = answer.server_public_key
        db = self.api.vault.open_database()
        save_enrollment(db, data_dir, server.url, answer, identity)
        db.close()
        self.engine = SyncEngine(
            self.api.vault,
            transport=HttpTransport(server.url, FAST_ENGINE.http),
            config=FAST_ENGINE,
        )

    def meetings(self) -> set[str]:
        return {m.id for m in self.api.list_meetings()}

    def close(self) -> None:
        self.engine.close()
        self.api.lock()


@pytest.fixture
def tablets(server: Server, tmp_path: Path) -> Iterator[Any]:
    made: list[Tablet] = []

    def make(user: str) -> Tablet:
        t = Tablet(server, user, tmp_path / f"tablet-{len(made)}")
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()


# -- /metrics ----------------------------------------------------------------------------


def test_metrics_count_requests_ops_by_reason_and_devices_from_loopback_only(
    server: Server, tmp_path: Path
) -> None:
    member = server.user()
    committee = server.committee([member])
    meeting = publish(server, committee, tmp_path / "m")
    before = samples(scrape(server.url).text)
    api = Api(server.url).enroll(member)
    try:
        assert api.feed_all()
        m = manifest_of(api, meeting)
        applied = comment_op("item", m.items[0].id, "metrics comment")
        answers = api.push([applied, comment_op("item", "no-such-item", "x")])
        assert [a["status"] for a in answers] == ["applied", "rejected"]
        assert api.push([applied])[0]["status"] == "duplicate"
        r = scrape(server.url)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("text/plain")
        after = samples(r.text)

        def delta(name: str, **labels: str) -> float:
            return value(after, name, **labels) - value(before, name, **labels)

        assert delta("folio_http_requests_total", route="/v1/ops", method="POST", status="200") == 2
        assert (
            delta("folio_http_requests_total", route="/v1/enroll", method="POST", status="200") == 1
        )
        assert delta("folio_ops_total", status="applied", reason="") == 1
        assert delta("folio_ops_total", status="duplicate", reason="") == 1
        assert delta("folio_ops_total", status="rejected", reason=answers[1]["reason"]) == 1
        assert value(after, "folio_http_request_duration_seconds_count", route="/v1/feed") >= 1
        assert value(after, "folio_active_devices", within="1d") >= 1
        assert value(after, "folio_devices", state="active") >= 1
        assert value(after, "folio_feed_head_seq") >= 1
        assert ("folio_feed_lag_seconds", ()) in after
        # Counts only: no names, titles or ids of what was counted.
        for secret in (member, committee, meeting, "metrics comment", api.device_id):
            assert secret not in r.text
        # A request through a reverse proxy on this machine is not "local".
        proxied = scrape(server.url, **{"X-Forwarded-For": "203.0.113.7"})
        assert proxied.status_code == 401
    finally:
        api.close()


def test_metrics_need_the_configured_token_and_add_up_every_worker(tmp_path: Path) -> None:
    token = "t" * 40
    srv = _start(
        tmp_path / "srv",
        f"sqlite:///{tmp_path / 'srv.db'}",
        env={"FOLIO_SERVER_METRICS_TOKEN": token},
        workers=2,
    )
    bearer = {"Authorization": f"Bearer {token}"}
    try:
        assert scrape(srv.url).status_code == 401  # even from loopback
        assert scrape(srv.url, Authorization="Bearer " + "x" * 40).status_code == 401
        before = value(
            samples(scrape(srv.url, **bearer).text),
            "folio_http_requests_total",
            route="/v1/health",
            method="GET",
            status="200",
        )  # the harness's own readiness checks
        for _ in range(12):  # a new connection each: the kernel hands them to either worker
            assert httpx.get(f"{srv.url}/v1/health", timeout=30).status_code == 200
        for _ in range(3):  # whichever worker answers, it counts every worker's requests
            r = scrape(srv.url, **bearer)
            assert r.status_code == 200
            found = samples(r.text)
            assert (
                value(
                    found,
                    "folio_http_requests_total",
                    route="/v1/health",
                    method="GET",
                    status="200",
                )
                == before + 12
            )
            assert ("folio_devices", (("state", "active"),)) in found
    finally:
        srv.process.terminate()
        srv.process.wait(timeout=10)
        srv.ctx.close()


# -- the signing key -----------------------------------------------------------------------


def test_devices_follow_an_announced_rotation_and_refuse_a_key_nobody_vouched_for(
    server: Server, cli: Cli, tablets: Any, tmp_path: Path
) -> None:
    member = server.user()
    committee = server.committee([member])
    early, late, missed = tablets(member), tablets(member), tablets(member)
    meetings = [publish(server, committee, tmp_path / "m0", docs=False)]

    def round_installs(tablet: Tablet, meeting: str) -> None:
        result = tablet.engine.run_round()
        assert result.ok, result.error
        assert meeting in tablet.meetings()

    for tablet in (early, late, missed):
        round_installs(tablet, meetings[0])

    assert cli("key", "announce")[0] == 0
    meetings.append(publish(server, committee, tmp_path / "m1", docs=False))
    round_installs(early, meetings[1])  # sees the announcement: pins the next key too

    code, out, err = cli("key", "rotate")
    assert code == 0, err
    assert out.split("signing with ")[1].split()[0] != early.enrolled_key
    meetings.append(publish(server, committee, tmp_path / "m2", docs=False))
    # Missed the announcement, still pins the old key: the old key vouches for the new one.
    round_installs(late, meetings[2])

    code, out, err = cli("key", "rotate")  # a second rotation, announced and done at once
    assert code == 0, err
    newest = out.split("signing with ")[1].split()[0]
    meetings.append(publish(server, committee, tmp_path / "m3", docs=False))
    # Only the key that signed before vouches for the newest now. `early` pinned it from
    # the announcement, `late` by following the first rotation; `missed`, two rotations
    # behind, has nothing that vouches for it and must enroll again.
    round_installs(early, meetings[3])
    round_installs(late, meetings[3])
    result = missed.engine.run_round()
    assert meetings[3] not in missed.meetings()
    assert result.error is not None
    assert result.error.kind is ErrorKind.TAMPERED
    fresh = Api(server.url).enroll(member)
    assert fresh.enrollment["server_public_key"] == newest
    fresh.close()

    code, out, err = cli("key", "rotate", "--compromised")
    assert code == 0, err
    assert "enroll again" in out
    meetings.append(publish(server, committee, tmp_path / "m4", docs=False))
    result = early.engine.run_round()
    assert meetings[4] not in early.meetings()
    assert result.error is not None
    assert result.error.kind is ErrorKind.TAMPERED


def test_receipts_signed_before_a_rotation_count_and_a_compromised_keys_do_not(
    server: Server, cli: Cli, tmp_path: Path
) -> None:
    member = server.user()
    committee = server.committee([member])
    meeting = publish(server, committee, tmp_path / "m", docs=False)
    api = Api(server.url).enroll(member)
    try:
        case_id = manifest_of(api, meeting).items[0].case_id
        assert case_id is not None
        deadline = now() - timedelta(hours=1)
        with server.ctx.sessions() as session, session.begin():
            row = session.get(Case, case_id)
            assert row is not None
            row.deadline = deadline
        before = deadline - timedelta(hours=1)

        def resent(signer: Ed25519PrivateKey) -> dict[str, Any]:
            """A decision a restore lost, re-sent with the receipt the server signed."""
            payload = p.DecisionPayload(str(uuid.uuid4()), case_id, 1, p.DecisionValue.APPROVE)
            op = {"id": str(uuid.uuid4()), "kind": "approval.decide", "payload": payload.to_json()}
            message = p.op_receipt_message(op["id"], p.payload_hash(op["payload"]), before)
            op["receipt"] = p.OpReceipt(before, p.b64encode(signer.sign(message))).to_json()
            return op

        old = security.load_signing_key(server.data_dir)
        assert cli("key", "rotate")[0] == 0
        (answer,) = api.push([resent(old)])
        assert answer["status"] == "applied"  # judged at its signed time, before the deadline
        assert p.parse_time(answer["applied_at"]) == before

        leaked = security.load_signing_key(server.data_dir)
        assert cli("key", "rotate", "--compromised")[0] == 0
        # A second reader's lost decision, "signed" with the leaked key: judged now.
        other = server.user()
        server.admin.add_member(server.ctx, committee, other)
        second = Api(server.url).enroll(other)
        (answer,) = second.push([resent(leaked)])
        second.close()
        assert (answer["status"], answer["reason"]) == ("rejected", "deadline_passed")
    finally:
        api.close()


def test_backup_keeps_the_rotation_and_restore_never_brings_an_old_key_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    db_url = f"sqlite:///{data / 'folio-server.db'}"
    ctx = ServerContext.open(data, db_url)
    init(ctx, "admin", ADMIN_PASSWORD)
    ctx.close()
    cli = Cli(capsys, data, db_url)
    assert cli("key", "announce")[0] == 0
    code, _, err = cli("backup", str(tmp_path / "b1"))
    assert code == 0, err
    assert (tmp_path / "b1" / keys.NEXT_KEY_FILE).exists()
    assert (tmp_path / "b1" / keys.KEYRING_FILE).exists()
    code, out, err = cli("key", "rotate")
    assert code == 0, err
    new_key = out.split("signing with ")[1].split()[0]
    code, out, err = cli("restore", str(tmp_path / "b1"))
    assert code == 0, err
    assert "rotated since the backup" in out
    assert f"signing key: {new_key}" in cli("key", "show")[1]


# -- personal data --------------------------------------------------------------------------


def test_restoring_a_backup_from_before_an_erase_erases_her_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    db_url = f"sqlite:///{data / 'folio-server.db'}"
    ctx = ServerContext.open(data, db_url)
    init(ctx, "admin", ADMIN_PASSWORD)
    admin.add_user(ctx, "leaver", PASSWORD, "Lea Ver")
    admin.create_enrollment_code(ctx, "leaver")
    ctx.close()
    cli = Cli(capsys, data, db_url)
    assert cli("backup", str(tmp_path / "b"))[0] == 0
    assert cli("user", "erase", "leaver", "--yes")[0] == 0
    code, out, err = cli("restore", str(tmp_path / "b"))
    assert code == 0, err
    code, out, err = cli("user", "export", "leaver")
    assert code == 0, err
    left = json.loads(out)
    assert left["user"]["display_name"] == ""
    assert left["user"]["has_password"] is False
    assert left["enrollment_codes"] == []
    assert "user.erased" in [e["event"] for e in left["security_journal"]]


def test_export_then_erase_a_departed_member(server: Server, cli: Cli, tmp_path: Path) -> None:
    anna, bob = server.user(), server.user()
    committee = server.committee([anna, bob])
    meeting = publish(server, committee, tmp_path / "m")
    a, b = Api(server.url).enroll(anna), Api(server.url).enroll(bob)
    try:
        m = manifest_of(a, meeting)
        it, doc, case_id = m.items[0].id, m.documents[0], m.items[0].case_id
        assert case_id is not None
        lonely = comment_op("item", it, "anna-lonely-marker")
        answered = comment_op("item", it, "anna-answered-marker")
        note = str(uuid.uuid4())
        shared = str(uuid.uuid4())

        def annotation(ann_id: str, visibility: p.Visibility, text: str) -> dict[str, Any]:
            payload = p.AnnotationPayload(
                annotation_id=ann_id,
                document_id=doc.id,
                document_version=doc.version,
                page=0,
                kind="note",
                color="#ffee00",
                visibility=visibility,
                rects=((1.0, 2.0, 3.0, 4.0),),
                text=text,
            )
            return {"id": str(uuid.uuid4()), "kind": "annotation.put", "payload": payload.to_json()}

        ops = [
            lonely,
            answered,
            annotation(note, p.Visibility.PRIVATE, "anna-note-marker"),
            annotation(shared, p.Visibility.COMMITTEE, "anna-shared-marker"),
            {
                "id": str(uuid.uuid4()),
                "kind": "read.receipt",
                "payload": p.ReadReceiptPayload(doc.id, doc.version).to_json(),
            },
            {
                "id": str(uuid.uuid4()),
                "kind": "approval.decide",
                "payload": p.DecisionPayload(
                    str(uuid.uuid4()), case_id, 1, p.DecisionValue.APPROVE
                ).to_json(),
            },
        ]
        pushed = a.push(ops)
        assert [x["status"] for x in pushed] == ["applied"] * len(ops), pushed
        reply = comment_op("item", it, "bob-reply", parent=answered["payload"]["comment_id"])
        assert b.push([reply])[0]["status"] == "applied"

        code, out, err = cli("user", "export", anna)
        assert code == 0, err
        export = json.loads(out)
        assert export["user"]["username"] == anna
        assert [c["name"] for c in export["committees"]] == [committee]
        assert [d["id"] for d in export["devices"]] == [a.device_id]
        assert [k["address"] for k in export["known_addresses"]] == ["127.0.0.1"]
        assert {c["body"] for c in export["comments"]} == {
            "anna-lonely-marker",
            "anna-answered-marker",
        }
        assert {x["id"] for x in export["annotations"]} == {note, shared}
        assert len(export["read_receipts"]) == 1
        assert len(export["decisions"]) == 1
        assert {o["id"] for o in export["ops"]} == {o["id"] for o in ops}
        assert any(e["action"] == "device.enroll" for e in export["audit"])
        assert "password_hash" not in out
        assert "bob-reply" not in out

        code, _, err = cli("user", "erase", anna)
        assert code == 2
        assert "--yes" in err
        code, _, err = cli("user", "erase", anna, "--yes")
        assert code == 0, err

        # Her tablet is told to wipe itself.
        gone = a.get("/v1/feed")
        assert gone.status_code == 401
        assert gone.json()["code"] == "device_revoked"
        # What is left of her: the decision (the body's record) and the comment a
        # colleague answered; no notes, receipts, addresses or device names.
        code, out, err = cli("user", "export", anna)
        assert code == 0, err
        left = json.loads(out)
        assert left["user"]["display_name"] == ""
        assert [c["body"] for c in left["comments"]] == ["anna-answered-marker"]
        assert all(x["deleted"] and x["data"] is None for x in left["annotations"])
        assert left["read_receipts"] == []
        assert left["known_addresses"] == []
        assert len(left["decisions"]) == 1
        assert [d["name"] for d in left["devices"]] == [""]
        for marker in ("anna-lonely-marker", "anna-note-marker", "anna-shared-marker"):
            assert marker not in out
        # A colleague's device from scratch: the lonely comment is gone, the answered one
        # is anonymised, the shared note is a tombstone.
        fresh = Api(server.url).enroll(bob)
        seen = fresh.feed_all()
        fresh.close()
        dump = json.dumps(seen)
        for marker in ("anna-lonely-marker", "anna-note-marker", "anna-shared-marker", anna):
            assert marker not in dump
        comments = {e["data"]["id"]: e["data"] for e in seen if e["kind"] == "comment.put"}
        kept = comments[answered["payload"]["comment_id"]]
        assert kept["author"] == "Former member"
        assert kept["body"] == "anna-answered-marker"
        assert lonely["payload"]["comment_id"] not in comments
        marks = [e["data"] for e in seen if e["kind"] == "annotation.put"]
        assert [x["deleted"] for x in marks if x["annotation_id"] == shared][-1] is True
    finally:
        a.close()
        b.close()


def test_audit_retention_is_configurable_and_prune_keeps_recent_lines(
    server: Server, cli: Cli
) -> None:
    ctx: ServerContext = server.ctx
    marker = f"old-{uuid.uuid4().hex[:8]}"
    with ctx.sessions() as session, session.begin():
        session.add(
            AuditEntry(
                at=now() - timedelta(days=40),
                actor="cli",
                action="test.old",
                target=marker,
                detail="",
            )
        )
        session.add(
            AuditEntry(
                at=now() - timedelta(days=10),
                actor="cli",
                action="test.new",
                target=marker,
                detail="",
            )
        )
    code, out, _ = cli("audit", "retention", "30")
    assert code == 0
    assert "30 days" in out
    code, _, err = cli("audit", "prune")
    assert code == 0, err
    with ctx.sessions() as session:
        left = session.scalars(select(AuditEntry.action).where(AuditEntry.target == marker)).all()
    assert left == ["test.new"]
    assert "audit.prune" in cli("audit", "--limit", "5")[1]
