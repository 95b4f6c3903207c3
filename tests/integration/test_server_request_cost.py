"""What one request costs the database: statements and transactions, counted in-process.

Most of a fleet's requests are feed polls that find nothing new, and a device pushes
a few ops at a time; issue 13's load bench found the server spending its CPU on the
queries around them (seven for an empty poll, three transactions per push). These
counts are the shape that fixed it, held by a test rather than by a timing (timings
live in bench/): an empty poll is the token lookup and one page statement; a push is
one transaction of seven statements, its authentication included; a revoked device's
malformed batch still gets its 401 before the batch's 400.
"""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from server_harness import ADMIN_PASSWORD, PASSWORD, write_meeting
from sqlalchemy import event, select

from server import admin, auth
from server.app import create_app
from server.context import ServerContext
from server.models import Item
from server.publish import publish_folder
from sync import protocol as p


class _Counter:
    """Statements (SELECT/INSERT/UPDATE/DELETE) and transactions begun on an engine."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.transactions = 0

    def statement(self, _conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if sql.lstrip().split(None, 1)[0].upper() in {"SELECT", "INSERT", "UPDATE", "DELETE"}:
            self.statements.append(sql)

    def begin(self, _conn: Any) -> None:
        self.transactions += 1

    def reset(self) -> None:
        self.statements = []
        self.transactions = 0


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def setup(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[httpx.Client, str, ServerContext, _Counter]]:
    data = tmp_path_factory.mktemp("cost")
    if request.param == "postgres":
        db_url = request.getfixturevalue("pg_cluster").create_database()
    else:
        db_url = f"sqlite:///{Path(data) / 'c.db'}"
    ctx = ServerContext.open(data, db_url)
    admin.init(ctx, "admin", ADMIN_PASSWORD)
    admin.add_user(ctx, "reader", PASSWORD)
    admin.add_committee(ctx, "Board")
    admin.add_member(ctx, "Board", "reader")
    publish_folder(
        ctx, write_meeting(data / "m", "Board", [{"number": "1", "docs": {"a.pdf": "a"}}])
    )
    with ctx.sessions() as session:
        item_id = session.scalars(select(Item.id)).first()
    assert item_id is not None
    req = p.EnrollRequest(device_name="cost", username="reader", password=PASSWORD)
    token = auth.enroll(ctx, req, "127.0.0.1").tokens.access_token
    counter = _Counter()
    event.listen(ctx.engine, "before_cursor_execute", counter.statement)
    event.listen(ctx.engine, "begin", counter.begin)
    # the app on loopback in this process, so the engine's events see every statement
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    server = uvicorn.Server(uvicorn.Config(create_app(ctx), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            yield client, str(item_id), ctx, counter
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
    ctx.close()


def _caught_up(client: httpx.Client) -> str:
    cursor = ""
    while True:
        page = client.get("/v1/feed", params={"cursor": cursor}).json()
        cursor = str(page["cursor"])
        if not page["more"]:
            return cursor


def _comment_op(item_id: str) -> dict[str, Any]:
    payload = p.CommentPayload(str(uuid.uuid4()), p.CommentTarget.ITEM, item_id, "hello")
    return p.Op(str(uuid.uuid4()), p.OpKind.COMMENT_ADD, payload.to_json()).to_json()


def test_an_empty_poll_is_the_token_lookup_and_one_page_statement(
    setup: tuple[httpx.Client, str, ServerContext, _Counter],
) -> None:
    client, _item, _token, counter = setup
    cursor = _caught_up(client)  # also records the device as seen (once a minute)
    counter.reset()
    page = client.get("/v1/feed", params={"cursor": cursor})
    assert page.status_code == 200
    assert page.json()["entries"] == []
    assert page.json()["cursor"] == cursor
    assert len(counter.statements) == 2, counter.statements
    assert counter.transactions == 1


def test_a_push_is_one_transaction_and_its_comment_comes_back_in_the_feed(
    setup: tuple[httpx.Client, str, ServerContext, _Counter],
) -> None:
    client, item_id, ctx, counter = setup
    cursor = _caught_up(client)
    client.post("/v1/ops", json={"ops": [_comment_op(item_id)]}).raise_for_status()
    counter.reset()
    op = _comment_op(item_id)
    answer = client.post("/v1/ops", json={"ops": [op]})
    assert answer.status_code == 200
    assert answer.json()["answers"][0]["status"] == "applied"
    assert counter.transactions == 1
    # the token with its user and the feed's epoch; the op records; the item with its
    # meeting; the comment id; then the comment, the feed row and the op record
    # (PostgreSQL also takes the feed writers' lock)
    postgres = ctx.engine.dialect.name == "postgresql"
    assert len(counter.statements) == (8 if postgres else 7), counter.statements
    # sent again: the stored answer, still one transaction
    counter.reset()
    again = client.post("/v1/ops", json={"ops": [op]}).json()["answers"][0]
    assert again["status"] == "duplicate"
    assert counter.transactions == 1
    # both comments pushed since the cursor, each once, in the order they were applied
    entries = client.get("/v1/feed", params={"cursor": cursor}).json()["entries"]
    ids = [e["data"]["id"] for e in entries if e["kind"] == "comment.put"]
    assert ids[-1] == op["payload"]["comment_id"]
    assert len(ids) == len(set(ids)) == 2
    entry = p.FeedEntry.from_json(entries[-1])  # the stored JSON, as the protocol reads it
    assert entry.parsed().body == "hello"


def test_who_is_asking_is_answered_before_what_they_sent(
    setup: tuple[httpx.Client, str, ServerContext, _Counter],
) -> None:
    client, item_id, ctx, _counter = setup
    bad_batch = {"ops": [{"id": "x\u0000", "kind": "comment.add", "payload": {}}]}
    assert client.post("/v1/ops", json=bad_batch).status_code == 400
    # a revoked device's token passes the body gate (the server issued it) and is
    # answered for what it is, even with a batch that would be refused
    req = p.EnrollRequest(device_name="lost", username="reader", password=PASSWORD)
    enrolled = auth.enroll(ctx, req, "127.0.0.1")
    lost = {"Authorization": f"Bearer {enrolled.tokens.access_token}"}
    good_batch = {"ops": [_comment_op(item_id)]}
    assert client.post("/v1/ops", json=good_batch, headers=lost).status_code == 200
    admin.revoke_device(ctx, enrolled.device_id)
    for batch in (good_batch, bad_batch):
        refused = client.post("/v1/ops", json=batch, headers=lost)
        assert refused.status_code == 401
        assert refused.json()["code"] == p.ErrorCode.DEVICE_REVOKED.value
    # a token the server never issued: 401 at the body gate, before the body is read
    stranger = client.post("/v1/ops", json=bad_batch, headers={"Authorization": "Bearer no"})
    assert stranger.status_code == 401


def test_a_device_that_polled_pushes_without_a_token_check_of_its_own(
    setup: tuple[httpx.Client, str, ServerContext, _Counter],
) -> None:
    """The body gate reads a pusher's token from the database once per process; a
    poll that found the token already did, so the device's first push (every
    device's at once, when a committee starts its day) is its one transaction."""
    client, item_id, ctx, counter = setup
    req = p.EnrollRequest(device_name="fresh", username="reader", password=PASSWORD)
    token = auth.enroll(ctx, req, "127.0.0.1").tokens.access_token
    fresh = {"Authorization": f"Bearer {token}"}
    assert client.get("/v1/feed", headers=fresh).status_code == 200
    counter.reset()
    pushed = client.post("/v1/ops", json={"ops": [_comment_op(item_id)]}, headers=fresh)
    assert pushed.json()["answers"][0]["status"] == "applied"
    assert counter.transactions == 1
