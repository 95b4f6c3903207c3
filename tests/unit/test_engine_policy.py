"""Offline expiry and retention follow the merged settings, not the server's policy alone.

sync/config/policy.py lets machine policy set ``offline_grace_days`` and
``retention_days_after_meeting`` (sources: server, policy, env); a locked
machine-policy value beats the server's and an environment variable.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from folio_packs import make_pack

from sync import model
from sync import protocol as p
from sync.api import Api
from sync.client import FolioClient, HttpConfig, HttpTransport, Session
from sync.device.enrollment import Enrollment, offline_locked, rules
from sync.engine import EngineConfig, purge
from sync.engine.context import Context
from sync.errors import ErrorKind, FolioError
from sync.store import records
from sync.store.state import STATE_LAST_CHECKIN, STATE_POLICY
from sync.vault import KdfParams

MEETING_START = datetime(2031, 3, 4, 17, 0, tzinfo=UTC)  # make_pack's default start


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return 0.0

    def wait(self, event: threading.Event, timeout: float) -> bool:
        return event.is_set()


@pytest.fixture
def api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Api:
    monkeypatch.setenv("FOLIO_POLICY", str(tmp_path / "policy.toml"))  # none yet
    make_pack(tmp_path / "pack", documents=2)  # the last document is closed
    api = Api.create(tmp_path / "data", "1357", kdf=KdfParams.FAST_FOR_TESTS)
    api.import_pack(tmp_path / "pack")
    return api


def _server_says(
    api: Api, *, retention_days: int, offline_grace_days: int, checkin: datetime
) -> None:
    server = p.Policy(retention_days=retention_days, offline_grace_days=offline_grace_days)
    db = api.vault.db
    with db.transaction() as cur:
        db.set_state(cur, STATE_POLICY, json.dumps(server.to_json()))
        db.set_state(cur, STATE_LAST_CHECKIN, p.format_time(checkin))


def _machine_policy(tmp_path: Path, text: str) -> None:
    (tmp_path / "policy.toml").write_text(text, encoding="utf-8")


def _closed_document(api: Api) -> model.Document:
    docs = [d for d in api.list_documents() if d.closed]
    assert docs
    return docs[0]


def test_locked_machine_grace_beats_server_and_env(
    api: Api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    _server_says(api, retention_days=0, offline_grace_days=30, checkin=two_days_ago)
    api.reload_policy()  # the Api loads policy once: a change reaches it by an explicit event
    closed = _closed_document(api)
    # The server alone (30 days): two days offline still opens closed material.
    assert rules(api.vault.db, api.data_dir).offline_grace_days == 30
    assert api.document_bytes(closed.id)

    _machine_policy(tmp_path, 'offline_grace_days = 1\nlocked = ["offline_grace_days"]\n')
    monkeypatch.setenv("FOLIO_OFFLINE_GRACE_DAYS", "30")  # locked: cannot undo it
    assert api.document_bytes(closed.id)  # not re-read from disk per call any more
    api.reload_policy()
    assert rules(api.vault.db, api.data_dir).offline_grace_days == 1
    assert offline_locked(api.vault.db, datetime.now(UTC), api.data_dir)
    with pytest.raises(FolioError) as err:
        api.document_bytes(closed.id)
    assert err.value.kind is ErrorKind.EXPIRED
    assert err.value.reason == "offline_grace"
    # Open material is not affected by offline expiry.
    open_doc = next(d for d in api.list_documents() if not d.closed)
    assert api.document_bytes(open_doc.id)


def _purge_at(api: Api, now: datetime) -> purge.PurgeResult:
    db = api.vault.db
    enrollment = Enrollment("http://127.0.0.1:9", "dev-1", "u-1", "reader", "", "unused")
    client = FolioClient(HttpTransport(enrollment.server_url, HttpConfig()), Session("dev-1", ""))
    ctx = Context(
        vault=api.vault,
        db=db,
        client=client,  # purge never calls the server
        enrollment=enrollment,
        clock=FixedClock(now),
        config=EngineConfig(),
        cancel=threading.Event(),
    )
    try:
        return purge.run(ctx)
    finally:
        client.close()


def test_retention_purge_follows_the_merged_value(api: Api, tmp_path: Path) -> None:
    ten_days_later = MEETING_START + timedelta(days=10)
    _server_says(api, retention_days=90, offline_grace_days=14, checkin=ten_days_later)
    (meeting,) = api.list_meetings()
    # The server keeps packs 90 days: ten days after the meeting nothing goes.
    assert _purge_at(api, ten_days_later).meetings == ()
    assert api.list_meetings()

    _machine_policy(
        tmp_path, 'retention_days_after_meeting = 3\nlocked = ["retention_days_after_meeting"]\n'
    )
    assert rules(api.vault.db, api.data_dir).retention_days == 3
    result = _purge_at(api, ten_days_later)
    assert result.meetings == (meeting.id,)
    assert result.blobs > 0
    assert records.expired_meetings(api.vault.db, ten_days_later) == []


def test_zero_retention_keeps_packs(api: Api, tmp_path: Path) -> None:
    later = MEETING_START + timedelta(days=4000)
    _server_says(api, retention_days=90, offline_grace_days=14, checkin=later)
    _machine_policy(tmp_path, "retention_days_after_meeting = 0\n")
    assert rules(api.vault.db, api.data_dir).retention_days == 0
    assert _purge_at(api, later).meetings == ()
    assert api.list_meetings()
