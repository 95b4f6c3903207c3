"""Reads take no write lock (issue 13, load): on SQLite every GET used to BEGIN
IMMEDIATE, so under load feed polls queued behind each ops commit's fsync.

A writer holds the database's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the
feed writers' lock) while a device reads over real HTTP. The reads must answer
while the writer still holds it; before, on SQLite, they waited for the lock
(busy_timeout 60 s), so the client's timeout below is what fails them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from server_harness import Server

from server import feed
from server.context import now
from server.db import transaction
from server.models import Device
from sync import protocol as p

# Far below the server's busy_timeout (60 s), far above any honest answer.
_CLIENT_TIMEOUT = 20.0


def test_feed_health_and_checkin_answer_while_a_writer_holds_the_lock(
    server: Server, api_factory: Any
) -> None:
    api = api_factory().enroll(server.user())
    first = api.get("/v1/feed")
    assert first.status_code == 200, first.text
    with server.ctx.sessions() as writer:
        writer.begin()
        # an uncommitted feed row: the writer holds the write lock until its rollback
        feed.add(writer, p.FeedKind.COMMENT_PUT, device_id=api.device_id, data={})
        writer.flush()
        try:
            page = api.get(
                "/v1/feed", params={"cursor": first.json()["cursor"]}, timeout=_CLIENT_TIMEOUT
            )
            health = api.http.get("/v1/health", timeout=_CLIENT_TIMEOUT)
            checkin = api.get("/v1/checkin", timeout=_CLIENT_TIMEOUT)
        finally:
            writer.rollback()
    assert page.status_code == 200, page.text
    assert page.json()["entries"] == []  # the uncommitted row is not seen
    assert health.status_code == 200
    assert checkin.status_code == 200, checkin.text


def test_a_read_still_records_the_device_as_seen(server: Server, api_factory: Any) -> None:
    api = api_factory().enroll(server.user())
    long_ago = now() - timedelta(hours=1)
    with transaction(server.ctx.sessions) as session:
        device = session.get(Device, api.device_id)
        assert device is not None
        device.last_seen_at = long_ago
    assert api.get("/v1/feed").status_code == 200
    with server.ctx.sessions() as session:
        device = session.get(Device, api.device_id)
        assert device is not None
        assert device.last_seen_at is not None
        assert device.last_seen_at > long_ago
