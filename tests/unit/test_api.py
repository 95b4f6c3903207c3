"""sync.api: queries return dataclasses; each command writes its change and its op atomically."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlcipher3
from folio_packs import make_pack

from sync import model
from sync.api import Api, only_id
from sync.errors import ErrorKind, FolioError, WrongPin
from sync.protocol import OpKind
from sync.store import records
from sync.vault import KdfParams

PIN = "1357"


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    make_pack(tmp_path / "pack", marker="Pelicanus", documents=3)
    api = Api.create(tmp_path / "data", PIN, kdf=KdfParams.FAST_FOR_TESTS)
    api.import_pack(tmp_path / "pack")
    yield api
    if not api.is_locked:
        api.lock()


def _meeting(api: Api) -> model.Meeting:
    return api.get_meeting(api.list_meetings()[0].id)


def _doc(api: Api) -> model.Document:
    return _meeting(api).items[0].documents[0]


def _state(api: Api) -> tuple[object, ...]:
    db = api.vault.db
    return tuple(
        tuple(tuple(r) for r in db.query(f"SELECT * FROM {t} ORDER BY 1"))
        for t in ("annotations", "comments", "approvals", "ops", "documents")
    )


def test_queries_return_dataclasses(api: Api) -> None:
    meetings = api.list_meetings()
    assert len(meetings) == 1
    m = meetings[0]
    assert isinstance(m, model.Meeting)
    assert m.pack_state is model.PackState.READY
    assert m.bytes_total == m.bytes_done > 0
    assert m.unread
    assert not m.changed_since_read
    full = api.get_meeting(m.id)
    assert [i.number for i in full.items] == ["1", "2", "3"]
    assert full.items[2].closed
    assert full.items[2].documents[0].closed
    for item in full.items:
        assert isinstance(item, model.AgendaItem)
        for doc in item.documents:
            assert isinstance(doc, model.Document)
            assert doc.state is model.DocumentState.VERIFIED
            assert doc.indexed
            assert doc.pages == 2
    for value in (
        *api.list_committees(),
        *api.list_cases(),
        *api.search("Pelicanus"),
        api.sync_status(),
        api.vault_info(),
    ):
        assert dataclasses.is_dataclass(value)
    kinds = {h.kind for h in api.search("Pelicanus")}
    assert kinds == {"agenda", "document"}
    assert all("\x02" in h.snippet for h in api.search("Pelicanus"))
    assert api.search('"unbalanced (( OR') == []  # FTS syntax in input is harmless


def test_meeting_new_then_read_then_changed(api: Api) -> None:
    m = api.list_meetings()[0]
    assert m.unread
    assert not m.changed_since_read
    api.mark_read(meeting_id=m.id)
    read = api.list_meetings()[0]
    assert not read.unread
    assert not read.changed_since_read
    with api.vault.db.transaction() as cur:
        cur.execute("UPDATE meetings SET version = version + 1 WHERE id = ?", (m.id,))
    changed = api.list_meetings()[0]
    assert changed.changed_since_read
    assert not changed.unread


def test_document_bytes_only_for_verified_versions(api: Api, tmp_path: Path) -> None:
    doc = _doc(api)
    assert api.document_bytes(doc.id) == (tmp_path / "pack" / "doc0.pdf").read_bytes()
    for bad in (lambda: api.document_bytes("nope"), lambda: api.document_bytes(doc.id, 7)):
        with pytest.raises(FolioError) as err:
            bad()
        assert err.value.kind is ErrorKind.NOT_FOUND
    with api.vault.db.transaction() as cur:
        records.set_document_progress(cur, doc.id, doc.version, 10, failed_error="hash")
        cur.execute(
            "UPDATE document_versions SET state = 'failed' WHERE document_id = ?", (doc.id,)
        )
    with pytest.raises(FolioError):
        api.document_bytes(doc.id)
    assert api.list_meetings()[0].pack_state is model.PackState.FAILED


def _commands(api: Api) -> dict[str, Callable[[], model.Changes]]:
    doc = _doc(api)
    item = _meeting(api).items[0]
    case = api.list_cases()[0]
    existing = only_id(
        api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text="x").annotations
    )
    return {
        "add_annotation": lambda: api.add_annotation(
            doc.id, 1, model.AnnotationKind.HIGHLIGHT, rects=[(1, 2, 3, 4)]
        ),
        "update_annotation": lambda: api.update_annotation(existing, text="changed"),
        "delete_annotation": lambda: api.delete_annotation(existing),
        "add_comment": lambda: api.add_comment("item", item.id, "a comment"),
        "decide": lambda: api.decide(case.id, model.Decision.REJECT, "no"),
        "mark_read_document": lambda: api.mark_read(document_id=doc.id),
    }


@pytest.mark.parametrize(
    "command",
    [
        "add_annotation",
        "update_annotation",
        "delete_annotation",
        "add_comment",
        "decide",
        "mark_read_document",
    ],
)
def test_change_and_op_in_one_transaction(api: Api, command: str) -> None:
    run = _commands(api)[command]
    before = _state(api)
    api.vault.db.execute(
        "CREATE TEMP TRIGGER fail_ops BEFORE INSERT ON ops BEGIN"
        " SELECT RAISE(ABORT, 'injected failure'); END"
    )
    with pytest.raises(sqlcipher3.IntegrityError, match="injected"):
        run()
    assert _state(api) == before  # neither the change nor the op
    api.vault.db.execute("DROP TRIGGER fail_ops")
    changes = run()
    assert changes.outbox
    after = _state(api)
    assert after != before
    assert len(api.list_ops()) == len(before[3]) + 1


def test_changes_and_ops(api: Api) -> None:
    doc = _doc(api)
    item = _meeting(api).items[0]
    case = api.list_cases()[0]
    changes = api.add_annotation(
        doc.id,
        0,
        model.AnnotationKind.HIGHLIGHT,
        rects=[(10.0, 20.0, 30.0, 40.0)],
        quote=model.Quote("exact", "pre", "post"),
        visibility=model.Visibility.COMMITTEE,
    )
    ann_id = only_id(changes.annotations)
    assert changes == model.Changes(annotations=frozenset({ann_id}), outbox=True)
    (ann,) = api.list_annotations(doc.id)
    assert ann.rects == ((10.0, 20.0, 30.0, 40.0),)
    assert ann.quote == model.Quote("exact", "pre", "post")
    assert ann.document_version == doc.version
    op = api.list_ops()[-1]
    assert op.kind == OpKind.ANNOTATION_PUT
    assert op.payload["annotation_id"] == ann_id
    assert op.payload["visibility"] == "committee"
    assert op.state is model.OpState.WAITING

    deleted = api.delete_annotation(ann_id)
    assert deleted.annotations == {ann_id}
    assert api.list_annotations(doc.id) == []
    assert api.get_annotation(ann_id).deleted
    assert api.list_ops()[-1].kind == OpKind.ANNOTATION_DELETE
    assert api.delete_annotation(ann_id) == model.Changes()  # no second op

    c = api.add_comment("item", item.id, "  first  ")
    comment_id = only_id(c.comments)
    (comment,) = api.list_comments("item", item.id)
    assert comment.body == "first"
    assert comment.state is model.OpState.WAITING
    with pytest.raises(FolioError) as err:
        api.add_comment("item", "no-such-item", "x")
    assert err.value.kind is ErrorKind.NOT_FOUND
    with pytest.raises(FolioError):
        api.add_comment("item", item.id, "   ")

    d = api.decide(case.id, model.Decision.APPROVE, "fine")
    approval_id = only_id(d.approvals)
    assert d.cases == {case.id}
    with pytest.raises(FolioError) as err:
        api.decide(case.id, model.Decision.REJECT)
    assert err.value.kind is ErrorKind.ALREADY_DECIDED  # refused here, no second op
    with api.vault.db.transaction() as cur:
        records.mark_ops_sent(cur, [approval_id, comment_id])
    assert api.list_approvals()[0].state is model.OpState.SENT
    with api.vault.db.transaction() as cur:
        records.record_answer(
            cur, approval_id, model.OpState.CONFIRMED, {"status": "applied"}, receipt_id="R-1"
        )
        records.record_answer(
            cur, comment_id, model.OpState.REJECTED, {"status": "rejected"}, reason="meeting_closed"
        )
    (approval,) = api.list_approvals()
    assert approval.state is model.OpState.CONFIRMED
    assert approval.receipt_id == "R-1"
    assert approval.confirmed_at is not None
    assert api.get_case(case.id).status is model.CaseStatus.DECIDED
    (comment,) = api.list_comments("item", item.id)
    assert comment.state is model.OpState.REJECTED
    assert comment.reason == "meeting_closed"
    assert api.outbox_status()[model.OpState.REJECTED] == 1
    assert api.sync_status().ops_rejected == 1
    assert [o.id for o in api.list_ops(model.OpState.REJECTED)] == [comment_id]

    read = api.mark_read(document_id=doc.id)
    assert read.outbox
    assert not api.get_document(doc.id).changed_since_read
    assert api.mark_read(document_id=doc.id).outbox is False  # no second receipt
    api.mark_read(meeting_id=_meeting(api).id)

    added = api.add_bookmark(doc.id, 3)
    assert added.bookmarks == {doc.id}
    assert added.outbox  # on its way to her other tablets
    assert api.list_bookmarks(doc.id) == [3]
    assert not api.add_bookmark(doc.id, 3).outbox  # already set: no second op
    api.remove_bookmark(doc.id, 3)
    assert api.list_bookmarks(doc.id) == []
    assert not api.remove_bookmark(doc.id, 3).outbox


def test_lock_unlock_and_wrong_pin(api: Api) -> None:
    api.lock()
    assert api.is_locked
    with pytest.raises(FolioError) as err:
        api.list_meetings()
    assert err.value.kind is ErrorKind.VAULT_LOCKED
    with pytest.raises(WrongPin):
        api.unlock("0000")
    api.unlock(PIN)
    assert len(api.list_meetings()) == 1
    api.change_pin(PIN, "8642")
    api.lock()
    with pytest.raises(WrongPin):
        api.unlock(PIN)
    api.unlock("8642")
    assert api.storage_used() > 0
    assert api.verify() == []
    assert api.wipe().wiped
    assert not Api.exists(api.data_dir)


def test_feed_style_annotation_merge_is_idempotent(api: Api) -> None:
    doc = _doc(api)
    ann = model.Annotation(
        id="remote-1",
        document_id=doc.id,
        document_version=doc.version,
        page=0,
        kind=model.AnnotationKind.NOTE,
        color="#ff0000",
        text="from my other tablet",
        revision=3,
    )
    db = api.vault.db
    with db.transaction() as cur:
        assert records.upsert_annotation_from_server(cur, ann)
    with db.transaction() as cur:
        assert not records.upsert_annotation_from_server(cur, ann)  # replay: no change
        assert not records.upsert_annotation_from_server(cur, dataclasses.replace(ann, revision=2))
    assert api.search("tablet")[0].annotation_id == "remote-1"
    with db.transaction() as cur:
        assert records.upsert_annotation_from_server(
            cur, dataclasses.replace(ann, revision=4, deleted=True, text="")
        )
    assert api.list_annotations(doc.id) == []
    assert api.search("tablet") == []
    assert api.list_ops() == []  # merging from the server queues nothing
