"""The feed epoch and signed receipt times over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from server_harness import Api, Server, write_meeting

from server import feed, security
from server.models import Case
from server.publish import publish_folder
from sync import protocol as p


def _case(server: Server, tmp_path: Path, api: Api) -> tuple[str, str]:
    member = server.user()
    committee = server.committee([member])
    folder = write_meeting(
        tmp_path / "m", committee, [{"number": "1", "needs_decision": True, "docs": {}}]
    )
    meeting_id = publish_folder(server.ctx, folder).meeting_id
    api.enroll(member)
    with server.ctx.sessions() as session:
        (case_id,) = [c.id for c in session.query(Case).filter(Case.meeting_id == meeting_id).all()]
    return member, case_id


def _decide(case_id: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "approval.decide",
        "payload": {
            "approval_id": str(uuid.uuid4()),
            "case_id": case_id,
            "case_version": 1,
            "decision": "approve",
            "remark": "",
        },
    }


def test_resent_decision_is_judged_at_its_signed_time_and_only_a_valid_signature_counts(
    server: Server, api_factory: Any, tmp_path: Path
) -> None:
    api = api_factory()
    _member, case_id = _case(server, tmp_path, api)
    deadline = datetime.now(UTC) - timedelta(hours=1)
    with server.ctx.sessions() as session, session.begin():
        row = session.get(Case, case_id)
        assert row is not None
        row.deadline = deadline
    before = deadline - timedelta(hours=1)

    forged = _decide(case_id)
    forged["receipt"] = {
        "applied_at": p.format_time(before),
        "signature": base64.b64encode(b"\0" * 64).decode(),
    }
    (answer,) = api.push([forged])
    assert (answer["status"], answer["reason"]) == ("rejected", "deadline_passed")

    lost = _decide(case_id)
    key = security.load_signing_key(server.data_dir)
    message = p.op_receipt_message(lost["id"], p.payload_hash(lost["payload"]), before)
    lost["receipt"] = {
        "applied_at": p.format_time(before),
        "signature": base64.b64encode(key.sign(message)).decode(),
    }
    (answer,) = api.push([lost])
    assert answer["status"] == "applied"
    assert p.parse_time(answer["applied_at"]) == before
    with server.ctx.sessions() as session:
        epoch = feed.current_epoch(session)
        assert answer["epoch"] == epoch.id
        assert answer["seq"] == feed.max_seq(session)  # its case.put row
    # The new answer is signed again, for the same time.
    public = key.public_key()
    public.verify(
        base64.b64decode(answer["signature"]),
        p.op_receipt_message(lost["id"], p.payload_hash(lost["payload"]), before),
    )


def test_cursor_from_another_epoch_gets_a_restart_page(server: Server, api_factory: Any) -> None:
    api = api_factory().enroll(server.user())
    first = api.get("/v1/feed").json()
    with server.ctx.sessions() as session:
        epoch = feed.current_epoch(session)
    assert first["epoch"] == epoch.id
    assert "restart" not in first
    # Same epoch: no restart.
    again = api.get("/v1/feed", params={"cursor": first["cursor"]}).json()
    assert "restart" not in again

    old_style = "f1." + base64.urlsafe_b64encode(b"999999").decode().rstrip("=")
    stranger = feed.encode_cursor(uuid.uuid4().hex, 999999)
    for cursor in (old_style, stranger):
        page = api.get("/v1/feed", params={"cursor": cursor}).json()
        assert page["entries"] == []
        assert page["more"] is True
        assert page["restart"] == {
            "epoch": epoch.id,
            "restored_from": epoch.restored_from,
            "restored_seq": epoch.restored_seq,
        }
        # The cursor given starts the current epoch from zero: no restart again.
        fresh = api.get("/v1/feed", params={"cursor": page["cursor"]}).json()
        assert "restart" not in fresh
    assert api.get("/v1/feed", params={"cursor": "f2.garbage!"}).status_code == 400
