"""Purge is crypto-shredding plus forgetting: the key, the blob and every indexed word go."""

from __future__ import annotations

from pathlib import Path

import pytest
from folio_packs import make_pack, make_pdf

from sync import model
from sync.api import Api
from sync.errors import ErrorKind, FolioError
from sync.store import records
from sync.vault import KdfParams
from tests.helpers.plain_vault import export_database

MARKER = "Wombatique"


@pytest.fixture
def api(tmp_path: Path) -> Api:
    make_pack(tmp_path / "pack", marker=MARKER, documents=3)
    api = Api.create(tmp_path / "data", "1357", kdf=KdfParams.FAST_FOR_TESTS)
    api.import_pack(tmp_path / "pack")
    return api


def _export(api: Api, dest: Path) -> bytes:
    export_database(api.vault, dest)
    return dest.read_bytes()


def _first_doc(api: Api) -> model.Document:
    meeting = api.get_meeting(api.list_meetings()[0].id)
    return meeting.items[0].documents[0]


def test_purged_document_leaves_no_key_no_blob_no_words(api: Api, tmp_path: Path) -> None:
    doc = _first_doc(api)
    solo = f"solo0{MARKER}".encode()  # a word only in document 0's text
    note = f"notetext{MARKER}"
    api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text=note)
    pending = api.add_annotation(doc.id, 1, model.AnnotationKind.NOTE, text="unsent words")
    (op,) = [o for o in api.list_ops() if o.payload.get("text") == note]
    with api.vault.db.transaction() as cur:
        records.record_answer(cur, op.id, model.OpState.CONFIRMED, {"status": "applied"})
    blob_id = api.vault.db.query(
        "SELECT blob_id FROM document_versions WHERE document_id = ?", (doc.id,)
    )[0][0]
    blob_path = api.vault.blobs.path_for(blob_id)
    assert blob_path.exists()
    # Control: before the purge the decrypted database does hold the words.
    before = _export(api, tmp_path / "before.db")
    assert solo in before
    assert note.encode() in before
    assert api.search(f"solo0{MARKER}")

    changes = api.purge_document(doc.id)

    assert doc.id in changes.documents
    assert not blob_path.exists()
    assert (
        api.vault.db.query(
            "SELECT count(*) FROM document_versions WHERE document_id = ?", (doc.id,)
        )[0][0]
        == 0
    )
    with pytest.raises(FolioError) as err:
        api.document_bytes(doc.id)
    assert err.value.kind is ErrorKind.NOT_FOUND
    assert api.search(f"solo0{MARKER}") == []
    assert api.search(f"notetext{MARKER}") == []
    after = _export(api, tmp_path / "after.db")
    assert solo not in after
    assert note.encode() not in after
    # An op not yet answered keeps what the reader wrote: nothing is lost unsent.
    (pending_id,) = pending.annotations
    assert any(o.payload.get("annotation_id") == pending_id for o in api.list_ops())
    assert b"unsent words" in after
    # The answered op's content is redacted, the op itself is kept.
    assert api.list_ops()[0].payload.get("redacted") is True
    # The other documents are untouched.
    assert api.search(f"solo1{MARKER}")


def test_purged_version_has_null_key_and_no_blob(api: Api, tmp_path: Path) -> None:
    doc = _first_doc(api)
    db = api.vault.db
    with db.transaction() as cur:
        blob_ids = records.purge_document_version(cur, doc.id, doc.version)
    records.delete_blobs(api.vault.blobs, blob_ids)
    row = db.query(
        "SELECT blob_key_wrapped, blob_id, state FROM document_versions"
        " WHERE document_id = ? AND version = ?",
        (doc.id, doc.version),
    )[0]
    assert row[0] is None
    assert row[1] is None
    assert row[2] == "missing"
    assert blob_ids
    assert not api.vault.blobs.path_for(blob_ids[0]).exists()
    assert api.get_document(doc.id).state is model.DocumentState.MISSING
    after = _export(api, tmp_path / "after.db")
    assert f"solo0{MARKER}".encode() not in after


def test_replaced_document_shreds_the_old_version(api: Api, tmp_path: Path) -> None:
    doc = _first_doc(api)
    ann_changes = api.add_annotation(
        doc.id, 0, model.AnnotationKind.HIGHLIGHT, rects=[(1, 2, 3, 4)]
    )
    assert doc.unread
    assert not doc.changed_since_read  # never opened: nothing it "changed" from
    api.mark_read(document_id=doc.id)
    (tmp_path / "pack" / "doc0.pdf").write_bytes(make_pdf(["a brand new version", "newword"]))
    changes = api.import_pack(tmp_path / "pack")
    assert doc.id in changes.documents
    new = api.get_document(doc.id)
    assert new.version == doc.version + 1
    assert new.changed_since_read
    assert not new.unread
    assert api.search("newword")
    assert api.search(f"solo0{MARKER}") == []
    old = api.vault.db.query(
        "SELECT blob_key_wrapped FROM document_versions WHERE document_id = ? AND version = ?",
        (doc.id, doc.version),
    )[0]
    assert old[0] is None
    (ann_id,) = ann_changes.annotations
    # Re-anchored at import (sync/pdf/anchoring.py): a quote-less highlight whose page text
    # is gone cannot be placed, so it is kept and flagged for review, never deleted.
    kept = api.get_annotation(ann_id)
    assert not kept.deleted
    assert kept.needs_review


def test_purge_meeting_and_closed_material(api: Api, tmp_path: Path) -> None:
    meeting = api.get_meeting(api.list_meetings()[0].id)
    closed = [i for i in meeting.items if i.closed]
    assert closed
    with api.vault.db.transaction() as cur:
        blob_ids = records.purge_closed_of_committee(cur, meeting.committee.id)
    records.delete_blobs(api.vault.blobs, blob_ids)
    left = api.get_meeting(meeting.id)
    assert all(not i.closed for i in left.items)
    assert len(blob_ids) == len(closed)
    api.purge_meeting(meeting.id)
    assert api.list_meetings() == []
    assert api.search(MARKER) == []
    assert not list(api.vault.blobs.blob_ids())
