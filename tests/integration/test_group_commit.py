"""Group commit: several devices' pushes applied in one transaction, each answered
as if it had been alone (server/group_commit.py).

The groups here are put together by hand (``apply``) so a test knows what shares a
transaction; the last test goes through ``submit`` from many threads at once, as
the server's requests do. Real databases, SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from server_harness import ADMIN_PASSWORD, PASSWORD, write_meeting
from sqlalchemy import event, func, select

from server import admin, auth, ops
from server.context import ServerContext, now
from server.errors import ApiError
from server.group_commit import GroupCommitter, Push
from server.models import Comment, FeedRow, Item, OpRecord
from server.publish import publish_folder
from sync import protocol as p
from tests.helpers.fixtures import database_url


@dataclass
class World:
    ctx: ServerContext
    item_id: str
    tokens: list[str]  # "Bearer ..." of three devices (two readers)
    begins: list[int]  # transactions begun on the engine, counted


def _world(
    kind: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    data = tmp_path_factory.mktemp("group")
    ctx = ServerContext.open(data, database_url(kind, request, data))
    admin.init(ctx, "admin", ADMIN_PASSWORD)
    admin.add_committee(ctx, "Board")
    for name in ("anna", "bo"):
        admin.add_user(ctx, name, PASSWORD)
        admin.add_member(ctx, "Board", name)
    publish_folder(
        ctx, write_meeting(data / "m", "Board", [{"number": "1", "docs": {"a.pdf": "a"}}])
    )
    with ctx.sessions() as session:
        item_id = session.scalars(select(Item.id)).one()
    tokens = []
    for name in ("anna", "anna", "bo"):
        req = p.EnrollRequest(device_name=f"{name}'s", username=name, password=PASSWORD)
        tokens.append("Bearer " + auth.enroll(ctx, req, "127.0.0.1").tokens.access_token)
    begins = [0]

    def count(_conn: Any) -> None:
        begins[0] += 1

    event.listen(ctx.engine, "begin", count)
    yield World(ctx, str(item_id), tokens, begins)
    ctx.close()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    yield from _world(request.param, request, tmp_path_factory)


@pytest.fixture(scope="module")
def pg_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """PostgreSQL only: there another transaction can commit while a group is staged
    (SQLite holds one writer at a time, so the race below cannot happen there)."""
    yield from _world("postgres", request, tmp_path_factory)


def _comment(item_id: str, comment_id: str | None = None) -> p.Op:
    payload = p.CommentPayload(
        comment_id or str(uuid.uuid4()), p.CommentTarget.ITEM, item_id, "in a group"
    )
    return p.Op(str(uuid.uuid4()), p.OpKind.COMMENT_ADD, payload.to_json())


def _push(token: str, *batch: p.Op) -> Push:
    return Push(token, ops.Prepared.of(batch))


def _stored(ctx: ServerContext, comment_ids: list[str]) -> int:
    with ctx.sessions() as session:
        return (
            session.scalar(
                select(func.count()).select_from(Comment).where(Comment.id.in_(comment_ids))
            )
            or 0
        )


def test_a_group_is_one_transaction_and_each_push_gets_its_own_answers(world: World) -> None:
    ctx, item = world.ctx, world.item_id
    resent = _comment(item)
    first = ops.process_batch(ctx, world.tokens[0], (resent,))[0]  # stored before the group
    assert first.status == p.OpStatus.APPLIED
    a, b = _comment(item), _comment(item)
    pushes = [
        _push(world.tokens[0], a),
        _push("Bearer nobody-issued-this", _comment(item)),
        _push(world.tokens[2], b, resent),  # another reader re-sends anna's op id
        _push(world.tokens[1], resent),  # anna's other tablet re-sends it: duplicate
    ]
    before = world.begins[0]
    GroupCommitter(ctx).apply(pushes)
    assert world.begins[0] - before == 1  # one transaction, one commit for the group
    [got_a] = pushes[0].future.result(timeout=0)
    with pytest.raises(ApiError):
        pushes[1].future.result(timeout=0)
    got_b, reused = pushes[2].future.result(timeout=0)
    [again] = pushes[3].future.result(timeout=0)
    assert got_a.status == got_b.status == p.OpStatus.APPLIED
    assert reused.status == p.OpStatus.REJECTED
    assert reused.reason == p.Reason.OP_ID_REUSED
    assert again.status == p.OpStatus.DUPLICATE
    assert again.seq == first.seq
    # numbered in the order the group holds them, after what was there before
    assert first.seq is not None
    assert got_a.seq is not None
    assert got_b.seq is not None
    assert first.seq < got_a.seq < got_b.seq
    # stored once each, and each answer kept for a re-send
    ids = [str(a.payload["comment_id"]), str(b.payload["comment_id"])]
    assert _stored(ctx, ids) == 2
    assert ops.process_batch(ctx, world.tokens[0], (a,))[0].status == p.OpStatus.DUPLICATE
    with ctx.sessions() as session:
        rows = session.scalars(select(FeedRow.seq).where(FeedRow.ref_id.in_(ids))).all()
        assert sorted(rows) == [got_a.seq, got_b.seq]


def test_a_comment_id_taken_earlier_in_the_group_is_refused_as_if_pushed_after(
    world: World,
) -> None:
    ctx, item = world.ctx, world.item_id
    shared = str(uuid.uuid4())
    pushes = [
        _push(world.tokens[0], _comment(item, shared)),
        _push(world.tokens[2], _comment(item, shared)),
    ]
    GroupCommitter(ctx).apply(pushes)
    [won] = pushes[0].future.result(timeout=0)
    [lost] = pushes[1].future.result(timeout=0)
    assert won.status == p.OpStatus.APPLIED
    assert lost.status == p.OpStatus.REJECTED
    assert _stored(ctx, [shared]) == 1


def test_a_group_that_loses_a_race_at_its_commit_is_redone_push_by_push(
    pg_world: World, request: pytest.FixtureRequest
) -> None:
    """Another transaction commits a record of one of the group's op ids while the
    group is staged: the group's op-record insert fails, nothing of it stays, and each
    push is applied again alone (the raced op answered as a re-use of its id)."""
    world = pg_world
    ctx, item = world.ctx, world.item_id
    raced, calm = _comment(item), _comment(item)
    fired: list[bool] = []

    def twin_commits_first(conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if fired or "pg_advisory_xact_lock" not in sql:
            return
        fired.append(True)
        with ctx.engine.connect() as other:  # its own connection and transaction
            other.execute(
                OpRecord.__table__.insert(),
                {
                    "id": raced.id,
                    "user_id": "somebody",
                    "device_id": "somewhere",
                    "kind": raced.kind,
                    "payload_hash": "somebody-else",
                    "answer": {},
                    "created_at": now(),
                },
            )
            other.commit()

    event.listen(ctx.engine, "before_cursor_execute", twin_commits_first)
    request.addfinalizer(
        lambda: event.remove(ctx.engine, "before_cursor_execute", twin_commits_first)
    )
    pushes = [_push(world.tokens[0], calm), _push(world.tokens[2], raced)]
    GroupCommitter(ctx).apply(pushes)
    assert fired
    [got_calm] = pushes[0].future.result(timeout=0)
    [got_raced] = pushes[1].future.result(timeout=0)
    assert got_calm.status == p.OpStatus.APPLIED
    assert got_raced.status == p.OpStatus.REJECTED
    assert got_raced.reason == p.Reason.OP_ID_REUSED
    assert _stored(ctx, [str(calm.payload["comment_id"])]) == 1
    assert _stored(ctx, [str(raced.payload["comment_id"])]) == 0


def test_pushes_submitted_at_once_from_many_threads_are_each_applied_once(
    world: World,
) -> None:
    ctx, item = world.ctx, world.item_id
    committer = GroupCommitter(ctx)
    batches = [tuple(_comment(item) for _ in range(1 + n % 3)) for n in range(60)]
    start = threading.Barrier(12)

    def send(n: int) -> list[p.OpAnswer]:
        if n < 12:
            start.wait()
        token = world.tokens[n % len(world.tokens)]
        answers = committer.submit(token, batches[n]).result(timeout=120)
        # sent again at once, as a device whose answer was lost: applied only once
        assert all(
            a.status == p.OpStatus.DUPLICATE
            for a in committer.submit(token, batches[n]).result(timeout=120)
        )
        return answers

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(send, range(len(batches))))
    assert all(a.status == p.OpStatus.APPLIED for batch in answers for a in batch)
    seqs = [a.seq for batch in answers for a in batch]
    assert len(seqs) == len(set(seqs))  # each op its own feed row
    ids = [str(op.payload["comment_id"]) for batch in batches for op in batch]
    assert _stored(ctx, ids) == len(ids)
    with ctx.sessions() as session:
        in_feed = session.scalar(
            select(func.count()).select_from(FeedRow).where(FeedRow.ref_id.in_(ids))
        )
        assert in_feed == len(ids)
