"""Ops: applied at most once, answers replayed, safe under 50 concurrent clients."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from server_harness import Api, Server, write_meeting
from sqlalchemy import func, select

from server.models import Comment
from server.publish import publish_folder
from sync import protocol as p


@pytest.fixture(scope="module")
def setup(server: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    member = server.user()
    committee = server.committee([member])
    folder = write_meeting(
        tmp_path_factory.mktemp("m"),
        committee,
        [
            {"number": "1", "docs": {"a.pdf": "open document"}},
            {"number": "2", "needs_decision": True, "docs": {"b.pdf": "decide me"}},
        ],
    )

    publish_folder(server.ctx, folder)
    api = Api(server.url).enroll(member)
    manifests = [e for e in api.feed_all() if e["kind"] == "meeting.put"]
    key = api.enrollment["server_public_key"]
    m = p.verify_manifest(p.SignedManifest.from_json(manifests[-1]["data"]), key)
    api.close()
    return {"member": member, "manifest": m}


def comment_op(item_id: str, body: str = "hello") -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "comment.add",
        "payload": {
            "comment_id": str(uuid.uuid4()),
            "target_kind": "item",
            "target_id": item_id,
            "body": body,
            "parent_id": None,
        },
    }


def test_same_batch_three_times_has_one_effect_and_identical_answers(
    server: Server, setup: dict[str, Any], api_factory: Any
) -> None:
    api = api_factory().enroll(setup["member"])
    m: p.Manifest = setup["manifest"]
    item = m.items[0].id
    doc = m.documents[0]
    case_id = m.items[1].case_id
    assert case_id is not None
    ann_id = str(uuid.uuid4())
    batch = [
        comment_op(item),
        {
            "id": str(uuid.uuid4()),
            "kind": "annotation.put",
            "payload": p.AnnotationPayload(
                annotation_id=ann_id,
                document_id=doc.id,
                document_version=doc.version,
                page=0,
                kind="highlight",
                color="#ffee00",
                visibility=p.Visibility.PRIVATE,
                rects=((1.0, 2.0, 3.0, 4.0),),
            ).to_json(),
        },
        {
            "id": str(uuid.uuid4()),
            "kind": "approval.decide",
            "payload": {
                "approval_id": str(uuid.uuid4()),
                "case_id": case_id,
                "case_version": 1,
                "decision": "approve",
                "remark": "",
            },
        },
        {"id": str(uuid.uuid4()), "kind": "no.such.kind", "payload": {}},
    ]
    first = api.push(batch)
    second = api.push(batch)
    third = api.push(batch)
    assert [a["status"] for a in first] == ["applied", "applied", "applied", "rejected"]
    assert first[3]["reason"] == "unknown_kind"
    assert second == third
    assert [a["status"] for a in second] == ["duplicate", "duplicate", "duplicate", "rejected"]
    for a, b in zip(first, second, strict=True):
        assert {k: v for k, v in a.items() if k != "status"} == {
            k: v for k, v in b.items() if k != "status"
        }
    assert first[1]["revision"] == 1
    assert first[2]["receipt_id"]
    # One effect: one comment and one annotation revision in the other device's feed.
    other = api_factory().enroll(setup["member"])
    entries = other.feed_all()
    bodies = [e for e in entries if e["kind"] == "comment.put" and e["data"]["target_id"] == item]
    assert len(bodies) == 1
    anns = [e for e in entries if e["kind"] == "annotation.put"]
    assert [e["data"]["revision"] for e in anns if e["data"]["annotation_id"] == ann_id] == [1]
    # A second decision on the same case with a new op id is already_decided.
    again = dict(batch[2], id=str(uuid.uuid4()))
    again["payload"] = dict(batch[2]["payload"], approval_id=str(uuid.uuid4()))
    assert api.push([again])[0]["reason"] == "already_decided"


def test_reused_op_id_with_changed_payload_is_rejected(
    setup: dict[str, Any], api_factory: Any
) -> None:
    api = api_factory().enroll(setup["member"])
    op = comment_op(setup["manifest"].items[0].id, "first")
    assert api.push([op])[0]["status"] == "applied"
    changed = dict(op, payload=dict(op["payload"], body="changed"))
    answer = api.push([changed])[0]
    assert answer["status"] == "rejected"
    assert answer["reason"] == "op_id_reused"
    # the original stays answered as before
    assert api.push([op])[0]["status"] == "duplicate"


def test_invalid_payload_is_rejected_not_500(setup: dict[str, Any], api_factory: Any) -> None:
    api = api_factory().enroll(setup["member"])
    answers = api.push(
        [
            {"id": str(uuid.uuid4()), "kind": "comment.add", "payload": {"body": 3}},
            {
                "id": str(uuid.uuid4()),
                "kind": "read.receipt",
                "payload": {"document_id": "x", "document_version": 1},
            },
        ]
    )
    assert [a["reason"] for a in answers] == ["invalid_payload", "unknown_target"]


def test_fifty_concurrent_clients_twenty_ops_each_apply_exactly_1000(
    server: Server, setup: dict[str, Any]
) -> None:
    item = setup["manifest"].items[0].id
    clients = [Api(server.url).enroll(setup["member"]) for _ in range(50)]
    batches = [[comment_op(item, f"c{c}-{i}") for i in range(20)] for c in range(50)]
    start = threading.Barrier(50)
    results: list[list[dict[str, Any]]] = [[] for _ in range(50)]
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            start.wait()
            ops = batches[n]
            for chunk in range(0, 20, 5):
                results[n].extend(clients[n].push(ops[chunk : chunk + 5]))
        except BaseException as exc:  # reported below, with the thread's error
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    statuses = [a["status"] for r in results for a in r]
    assert statuses.count("applied") == 1000
    assert len(statuses) == 1000
    # the same 1,000 again from two racing clients: all duplicates, nothing new
    all_ops = [op for b in batches for op in b]
    again: list[dict[str, Any]] = []
    lock = threading.Lock()

    def replay(api: Api, ops: list[dict[str, Any]]) -> None:
        for chunk in range(0, len(ops), 100):
            got = api.push(ops[chunk : chunk + 100])
            with lock:
                again.extend(got)

    ts = [threading.Thread(target=replay, args=(clients[i], all_ops)) for i in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert {a["status"] for a in again} == {"duplicate"}

    with server.ctx.sessions() as s:
        bodies = {f"c{c}-{i}" for c in range(50) for i in range(20)}
        stored = s.scalar(select(func.count()).where(Comment.body.in_(bodies)))
    assert stored == 1000
    for c in clients:
        c.close()


def _op(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "kind": kind, "payload": payload}


def test_ops_in_one_batch_see_each_other_and_replay_identically(
    server: Server, setup: dict[str, Any], api_factory: Any
) -> None:
    """A batch's targets are read in bulk and its effects written at the end
    (server/ops.py), so these ops depend on one not yet in the database: a reply,
    a comment on a mark, a delete of it, a twin, a comment id used twice."""
    api = api_factory().enroll(setup["member"])
    m: p.Manifest = setup["manifest"]
    doc, item = m.documents[0], m.items[0].id
    mark = str(uuid.uuid4())
    put = _op(
        "annotation.put",
        p.AnnotationPayload(
            annotation_id=mark,
            document_id=doc.id,
            document_version=doc.version,
            page=0,
            kind="highlight",
            color="#ffee00",
            visibility=p.Visibility.COMMITTEE,
            rects=((1.0, 2.0, 3.0, 4.0),),
        ).to_json(),
    )
    on_mark = comment_op(item)
    on_mark["payload"].update(target_kind="annotation", target_id=mark)
    first = comment_op(item)
    reply = comment_op(item)
    reply["payload"]["parent_id"] = first["payload"]["comment_id"]
    twin = dict(first)
    reused = dict(first, payload=dict(first["payload"], body="changed"))
    delete = _op("annotation.delete", {"annotation_id": mark})
    receipt = _op("read.receipt", {"document_id": doc.id, "document_version": doc.version})
    same_comment_id = dict(first, id=str(uuid.uuid4()))
    batch = [put, on_mark, first, reply, twin, reused, delete, receipt, same_comment_id]

    answers = api.push(batch)
    assert [(a["status"], a["reason"]) for a in answers] == [
        ("applied", None),
        ("applied", None),
        ("applied", None),
        ("applied", None),
        ("duplicate", None),
        ("rejected", "op_id_reused"),
        ("applied", None),
        ("applied", None),
        ("rejected", "invalid_payload"),
    ]
    assert {k: v for k, v in answers[4].items() if k != "status"} == {
        k: v for k, v in answers[2].items() if k != "status"
    }
    assert (answers[0]["revision"], answers[6]["revision"]) == (1, 2)
    seqs = [a["seq"] for a in answers if a["status"] == "applied"]
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(seqs)
    assert answers[7]["seq"] == answers[6]["seq"] + 1  # no feed row: one past the feed's end

    again = api.push(batch)  # the answer was lost: the same batch again
    for a, b in zip(answers, again, strict=True):
        assert b["status"] == ("duplicate" if a["status"] == "applied" else a["status"])
        assert {k: v for k, v in a.items() if k != "status"} == {
            k: v for k, v in b.items() if k != "status"
        }
    ours = {c["payload"]["comment_id"] for c in (on_mark, first, reply)}
    with server.ctx.sessions() as s:
        assert s.scalar(select(func.count()).where(Comment.id.in_(ours))) == 3
    other = api_factory().enroll(setup["member"])
    seen = [e["data"]["id"] for e in other.feed_all() if e["kind"] == "comment.put"]
    assert sorted(c for c in seen if c in ours) == sorted(ours)
