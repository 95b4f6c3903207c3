"""Bookmarks sealed like private notes (sync/e2e/bookmarks.py, docs/spec/e2e-notes.md).

The id is the same for the same page on every device of the reader and tells the
server nothing; a set bookmark and its tombstone look alike from outside; the seal
opens only where it was written (reader, bookmark, op), like a private note's.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sync import protocol as p
from sync.e2e import bookmarks, seal
from sync.e2e import wire as w
from sync.errors import ErrorKind, FolioError

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
