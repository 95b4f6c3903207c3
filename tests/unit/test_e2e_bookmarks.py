"""Bookmarks sealed like private notes (sync/e2e/bookmarks.py, docs/spec/e2e-notes.md).

The id is the same for the same page on every device of the reader and tells the
server nothing; a set bookmark and its tombstone look alike from outside; the seal
opens only where it was written (reader, bookmark, op), like a private note's.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sync import protocol as p
from sync.e2e import bookmarks, notes, seal
from sync.e2e import wire as w
from sync.errors import ErrorKind, FolioError
from sync.store import bookmarks as store_bookmarks
from sync.store import records
from sync.vault import Database
from sync.vault import db as dbmod

USER = "user-1"
DOC = "doc-1"


def _info(payload: w.SealedBookmarkPayload, **change: str) -> w.SealedBookmarkInfo:
    fields = {**payload.to_json(), **change}
    return w.SealedBookmarkInfo(
        bookmark_id=fields["bookmark_id"],
        document_id=fields["document_id"],
        op_id=fields["op_id"],
        sealed=fields["sealed"],
        revision=1,
        updated_at=datetime(2026, 12, 7, tzinfo=UTC),
    )


def test_one_page_has_one_id_on_every_device_and_across_rotations() -> None:
    ring = seal.NotesKeyring.create()
    copy = seal.NotesKeyring.from_bytes(ring.to_bytes())  # the second tablet's keyring
    first = bookmarks.bookmark_id(ring, USER, DOC, 7)
    assert first == bookmarks.bookmark_id(copy, USER, DOC, 7)
    assert first == bookmarks.bookmark_id(ring.rotated(), USER, DOC, 7)
    others = {
        bookmarks.bookmark_id(ring, USER, DOC, 8),
        bookmarks.bookmark_id(ring, USER, "doc-2", 7),
        bookmarks.bookmark_id(ring, "user-2", DOC, 7),
        bookmarks.bookmark_id(seal.NotesKeyring.create(), USER, DOC, 7),  # another reader
    }
    assert first not in others
    assert len(others) == 4
    assert first.startswith("bm-")
    assert len(first) <= 100


def test_a_bookmark_and_its_tombstone_open_on_the_other_device_and_look_alike_outside() -> None:
    ring = seal.NotesKeyring.create()
    other = seal.NotesKeyring.from_bytes(ring.to_bytes())
    on = bookmarks.sealed_payload(ring, USER, "op-1", DOC, 12, on=True)
    off = bookmarks.sealed_payload(ring, USER, "op-2", DOC, 12, on=False)
    assert on.bookmark_id == off.bookmark_id
    assert len(on.sealed) == len(off.sealed)  # padded: the server cannot tell them apart
    assert set(on.to_json()) == {"bookmark_id", "document_id", "op_id", "sealed"}
    assert "12" not in on.bookmark_id
    opened = bookmarks.open_info(other, USER, _info(on))
    assert (opened.document_id, opened.page, opened.bookmarked) == (DOC, 12, True)
    assert bookmarks.open_info(other, USER, _info(off)).bookmarked is False


@pytest.mark.parametrize(
    "change",
    [
        {"op_id": "op-other"},  # presented as another write
        {"bookmark_id": "bm-" + "0" * 32},  # moved to another bookmark
        {"document_id": "doc-2"},  # moved to another document
    ],
)
def test_a_sealed_bookmark_moved_by_the_server_does_not_open(change: dict[str, str]) -> None:
    ring = seal.NotesKeyring.create()
    payload = bookmarks.sealed_payload(ring, USER, "op-1", DOC, 3, on=True)
    with pytest.raises(FolioError) as err:
        bookmarks.open_info(ring, USER, _info(payload, **change))
    assert err.value.kind is ErrorKind.TAMPERED


def test_another_readers_keyring_or_user_id_opens_nothing() -> None:
    ring = seal.NotesKeyring.create()
    payload = bookmarks.sealed_payload(ring, USER, "op-1", DOC, 3, on=True)
    with pytest.raises(FolioError):
        bookmarks.open_info(seal.NotesKeyring.create(), USER, _info(payload))
    with pytest.raises(FolioError):
        bookmarks.open_info(ring, "user-2", _info(payload))


def test_a_device_knows_whether_it_holds_the_generation_a_bookmark_was_sealed_with() -> None:
    ring = seal.NotesKeyring.create()
    newer = ring.rotated()
    payload = bookmarks.sealed_payload(newer, USER, "op-1", DOC, 3, on=True)
    assert seal.sealed_generation(p.b64decode(payload.sealed)) == 2
    assert bookmarks.can_open(newer, USER, payload.sealed)
    assert not bookmarks.can_open(ring, USER, payload.sealed)  # parked until the key comes
    assert not bookmarks.can_open(None, USER, payload.sealed)
    assert bookmarks.open_info(newer, USER, _info(payload)).page == 3


def test_the_wire_forms_parse_back_and_refuse_extras() -> None:
    ring = seal.NotesKeyring.create()
    payload = bookmarks.sealed_payload(ring, USER, "op-1", DOC, 3, on=True)
    assert w.SealedBookmarkPayload.from_json(payload.to_json()) == payload
    info = _info(payload)
    assert w.SealedBookmarkInfo.from_json(info.to_json()) == info
    with pytest.raises(FolioError):
        w.SealedBookmarkPayload.from_json({**payload.to_json(), "sealed": "x" * 5000})


def test_bookmarks_of_an_older_vault_are_queued_held_back_and_sealed_once_the_key_comes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Vault migration 0007: bookmarks made when they stayed on the device become ops,
    which push skips until this tablet holds the notes key and then sends sealed."""
    older = tmp_path / "migrations"
    older.mkdir()
    for _number, path in dbmod.migrations()[:6]:
        shutil.copy(path, older / path.name)
    monkeypatch.setattr(dbmod, "MIGRATIONS_DIR", older)
    db = Database(tmp_path / "v.db", b"k" * 32)
    assert db.migrate() == 6
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO bookmarks(document_id, page, created_at) VALUES (?, 4, ?)",
            (DOC, "2026-12-01T10:00:00+00:00"),
        )
    monkeypatch.undo()  # this version's migrations
    assert db.migrate() == len(dbmod.migrations())
    assert store_bookmarks.list_pages(db, DOC) == [4]
    (op,) = records.list_ops(db)
    assert op.kind == w.BOOKMARK_OP_KIND
    assert op.payload == {"bookmarked": True, "document_id": DOC, "page": 4}
    assert records.pending_ops(db) == []  # held back: not sealed, no key here yet

    ring = seal.NotesKeyring.create()
    with db.transaction() as cur:
        notes.set_cur(cur, notes.USER_ID, USER)
        notes.store_keyring(cur, ring)
        assert store_bookmarks.seal_waiting(cur) == 1
        assert store_bookmarks.seal_waiting(cur) == 0  # sealed once
    (sent,) = records.pending_ops(db)
    assert sent.id == op.id
    payload = w.SealedBookmarkPayload.from_json(sent.payload)
    assert payload.op_id == op.id
    assert payload.bookmark_id == bookmarks.bookmark_id(ring, USER, DOC, 4)
    assert "page" not in sent.payload
    db.close()
