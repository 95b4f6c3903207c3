"""Ops are built from the protocol's payload classes: the kind comes from the class, the
stored payload is the class's JSON, and a payload the server would refuse is refused
before it is stored. The stored form is the one vaults in the field already hold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from folio_packs import make_pack

from sync import model
from sync import protocol as p
from sync.api import Api, only_id
from sync.e2e import bookmarks as e2e_bookmarks
from sync.e2e import wire as w
from sync.errors import ErrorKind, FolioError
from sync.store import records
from sync.vault import KdfParams

PIN = "1357"


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    make_pack(tmp_path / "pack", marker="Pelicanus", documents=2)
    api = Api.create(tmp_path / "data", PIN, kdf=KdfParams.FAST_FOR_TESTS)
    api.import_pack(tmp_path / "pack")
    yield api
    if not api.is_locked:
        api.lock()


def _stored(api: Api) -> list[tuple[str, str]]:
    """(kind, payload text) of every op, oldest first, exactly as the outbox holds it."""
    return [
        (str(r[0]), str(r[1]))
        for r in api.vault.db.query("SELECT kind, payload FROM ops ORDER BY seq")
    ]


def _canonical(payload: dict[str, Any]) -> str:
    return p.canonical_json(payload).decode("utf-8")


def test_every_op_kind_has_exactly_one_payload_class() -> None:
    classes = [
        *p.PAYLOAD_TYPES.values(),
        w.SealedAnnotationPayload,
        w.SealedBookmarkPayload,
    ]
    kinds = [cls.KIND for cls in classes]
    assert sorted(kinds) == sorted(p.OpKind)
    assert all(p.PAYLOAD_TYPES[kind].KIND is kind for kind in p.PAYLOAD_TYPES)
    # The one device-only form (a bookmark waiting for the notes key) names a real kind.
    assert e2e_bookmarks.WaitingBookmarkPayload.KIND is p.OpKind.BOOKMARK_SEALED


def test_a_misspelt_payload_key_cannot_be_built() -> None:
    with pytest.raises(TypeError):
        p.ReadReceiptPayload(document_id="d-1", documnet_version=1)  # type: ignore[call-arg]


def test_a_payload_the_server_would_refuse_is_refused_before_it_is_stored(api: Api) -> None:
    doc = api.get_meeting(api.list_meetings()[0].id).items[0].documents[0]
    before = _stored(api)
    refused = [
        p.ReadReceiptPayload(doc.id, 0),  # versions start at 1
        p.AnnotationDeletePayload(""),  # an empty id
        p.CommentPayload("c-1", p.CommentTarget.ITEM, "i-1", "x" * 20_001),  # over the cap
    ]
    for payload in refused:
        with api.vault.db.transaction() as cur, pytest.raises(FolioError) as caught:
            records.add_op(cur, payload)
        assert caught.value.kind is ErrorKind.BAD_INPUT
    with pytest.raises(FolioError) as caught:
        api.add_annotation(doc.id, 0, model.AnnotationKind.HIGHLIGHT, color="#" + "f" * 30)
    assert caught.value.kind is ErrorKind.BAD_INPUT
    assert _stored(api) == before
    assert api.list_annotations(doc.id) == []  # the change went with its refused op


def test_the_stored_payloads_are_byte_for_byte_what_older_vaults_hold(api: Api) -> None:
    """The dicts below are those the device built by hand before the payload classes:
    an older vault's queued ops and a new one's must read and send the same."""
    meeting = api.get_meeting(api.list_meetings()[0].id)
    item = meeting.items[0]
    doc = item.documents[0]
    case = next(c for c in api.list_cases() if c.item_id is not None)

    api.mark_read(document_id=doc.id)
    ann_id = only_id(
        api.add_annotation(
            doc.id,
            1,
            model.AnnotationKind.INK,
            color="#123456",
            rects=[(1.0, 2.0, 3.0, 4.0)],
            strokes=[[(1.0, 2.0, 0.5), (3.0, 4.0, 0.5)]],
            text="a note",
            quote=model.Quote("exact", "pre", "post"),
            visibility=model.Visibility.COMMITTEE,
        ).annotations
    )
    api.delete_annotation(ann_id)
    comment_id = only_id(api.add_comment("item", item.id, " a comment ").comments)
    approval_id = only_id(api.decide(case.id, model.Decision.APPROVE, "yes").approvals)
    api.add_bookmark(doc.id, 1)

    assert _stored(api) == [
        (
            "read.receipt",
            _canonical({"document_id": doc.id, "document_version": doc.version}),
        ),
        (
            "annotation.put",
            _canonical(
                {
                    "annotation_id": ann_id,
                    "document_id": doc.id,
                    "document_version": doc.version,
                    "page": 1,
                    "kind": "ink",
                    "color": "#123456",
                    "visibility": "committee",
                    "rects": [[1.0, 2.0, 3.0, 4.0]],
                    "strokes": [[[1.0, 2.0, 0.5], [3.0, 4.0, 0.5]]],
                    "text": "a note",
                    "quote": {"exact": "exact", "prefix": "pre", "suffix": "post"},
                    "base_revision": 0,
                }
            ),
        ),
        ("annotation.delete", _canonical({"annotation_id": ann_id})),
        (
            "comment.add",
            _canonical(
                {
                    "comment_id": comment_id,
                    "target_kind": "item",
                    "target_id": item.id,
                    "body": "a comment",
                    "parent_id": None,
                }
            ),
        ),
        (
            "approval.decide",
            _canonical(
                {
                    "approval_id": approval_id,
                    "case_id": case.id,
                    "case_version": case.version,
                    "decision": "approve",
                    "remark": "yes",
                }
            ),
        ),
        (
            "bookmark.sealed",  # no notes key on this device yet: it waits in the clear
            _canonical({"bookmarked": True, "document_id": doc.id, "page": 1}),
        ),
    ]
