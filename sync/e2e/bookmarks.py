"""Bookmarks sealed like private notes, so they travel between the reader's own devices.

A bookmark says "page N of this document matters to me": no colleague and no
operator needs to know it. It is sealed with the notes keyring exactly as a private
note is (sync.e2e.seal: AES-256-GCM, Padmé padding, associated data = format
version ‖ user id ‖ the bookmark's id ‖ the writer's op id), and the server files
only ciphertext beside the routing fields of ``wire.SealedBookmarkPayload``.

Two choices keep the page from the server (docs/spec/e2e-notes.md, *Bookmarks*):

- the bookmark's id is a keyed hash of document and page (HMAC-SHA256 under a key
  derived from the keyring's first generation), so the same page bookmarked on two
  tablets is one row on the server without the server learning the page: an unkeyed
  hash of a page number would be guessed in a few hundred tries;
- a removal is a sealed tombstone, the same op with ``bookmarked: false`` inside the
  seal, so the server cannot tell setting a bookmark from removing it.

Pure functions over a keyring; the vault side is sync/store/bookmarks.py.
"""

from __future__ import annotations

import hmac
import struct
from dataclasses import dataclass
from typing import Any, ClassVar

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync import protocol as p
from sync.e2e import seal
from sync.e2e import wire as w
from sync.errors import ErrorKind, FolioError

_ID_INFO = b"folio-bookmark-id/1"
_ID_PREFIX = "bm-"
#: the sealed plaintext's own format (inside the seal, beside the seal's format byte)
BOOKMARK_FORMAT = 1


@dataclass(frozen=True)
class WaitingBookmarkPayload:
    """A bookmark op written before this device holds the notes key: in the clear.

    Never sent: push holds it back and ``seal_waiting`` (sync/store/bookmarks.py)
    replaces it, same op id, with a ``wire.SealedBookmarkPayload`` once the key has
    come. It is a device-only form of op kind bookmark.sealed, not a wire payload,
    so it lives here rather than in sync.protocol; its JSON is what vaults in the
    field already hold (migration 0007 writes the same), so it must not change.
    """

    KIND: ClassVar[p.OpKind] = p.OpKind.BOOKMARK_SEALED

    document_id: str
    page: int
    bookmarked: bool

    def to_json(self) -> dict[str, Any]:
        return {"bookmarked": self.bookmarked, "document_id": self.document_id, "page": self.page}

    @classmethod
    def from_json(cls, obj: Any) -> WaitingBookmarkPayload:
        if not isinstance(obj, dict):
            raise FolioError(ErrorKind.PROTOCOL, "waiting bookmark: expected an object")
        doc, page, marked = obj.get("document_id"), obj.get("page"), obj.get("bookmarked")
        if (
            not isinstance(doc, str)
            or not doc
            or not isinstance(page, int)
            or isinstance(page, bool)
            or page < 0
            or not isinstance(marked, bool)
        ):
            raise FolioError(ErrorKind.PROTOCOL, "waiting bookmark: bad fields")
        return cls(doc, page, marked)


@dataclass(frozen=True)
class BookmarkState:
    """What one sealed bookmark says: this page of this document is (or is no longer) marked."""

    bookmark_id: str
    document_id: str
    page: int
    bookmarked: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "format": BOOKMARK_FORMAT,
            "bookmark_id": self.bookmark_id,
            "document_id": self.document_id,
            "page": self.page,
            "bookmarked": self.bookmarked,
        }

    @classmethod
    def from_json(cls, obj: Any) -> BookmarkState:
        if not isinstance(obj, dict) or obj.get("format") != BOOKMARK_FORMAT:
            raise FolioError(ErrorKind.TAMPERED, "sealed bookmark: unknown format")
        page, marked = obj.get("page"), obj.get("bookmarked")
        bid, doc = obj.get("bookmark_id"), obj.get("document_id")
        if (
            not isinstance(page, int)
            or isinstance(page, bool)
            or page < 0
            or not isinstance(marked, bool)
            or not isinstance(bid, str)
            or not isinstance(doc, str)
        ):
            raise FolioError(ErrorKind.TAMPERED, "sealed bookmark: bad fields")
        return cls(bid, doc, page, marked)


def _id_key(ring: seal.NotesKeyring) -> bytes:
    """From the oldest generation, which every keyring of the reader holds (rotation
    adds generations and drops none), so a bookmark keeps its id across rotations."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_ID_INFO).derive(
        ring.key(min(ring.keys))
    )


def bookmark_id(ring: seal.NotesKeyring, user_id: str, document_id: str, page: int) -> str:
    """The same id for the same page on each of the reader's devices; opaque to the server."""
    message = b"".join(
        struct.pack(">I", len(part)) + part
        for part in (user_id.encode(), document_id.encode(), str(page).encode())
    )
    digest = hmac.new(_id_key(ring), message, "sha256").digest()[:16]
    return _ID_PREFIX + digest.hex()


def sealed_payload(
    ring: seal.NotesKeyring, user_id: str, op_id: str, document_id: str, page: int, *, on: bool
) -> w.SealedBookmarkPayload:
    """The op's payload: set (``on``) or tombstone, sealed under the current generation."""
    state = BookmarkState(bookmark_id(ring, user_id, document_id, page), document_id, page, on)
    sealed = seal.seal_json(ring, user_id, state.bookmark_id, op_id, state.to_json())
    return w.SealedBookmarkPayload(
        bookmark_id=state.bookmark_id,
        document_id=document_id,
        op_id=op_id,
        sealed=p.b64encode(sealed),
    )


def open_info(ring: seal.NotesKeyring, user_id: str, info: w.SealedBookmarkInfo) -> BookmarkState:
    """The state inside a feed entry, or TAMPERED: it does not open, or what is inside
    does not belong to the bookmark and document the entry names (the server moved it)."""
    state = BookmarkState.from_json(
        seal.open_json(ring, user_id, info.bookmark_id, info.op_id, p.b64decode(info.sealed))
    )
    if state.bookmark_id != info.bookmark_id or state.document_id != info.document_id:
        raise FolioError(ErrorKind.TAMPERED, "sealed bookmark does not belong to its entry")
    if bookmark_id(ring, user_id, state.document_id, state.page) != state.bookmark_id:
        raise FolioError(ErrorKind.TAMPERED, "sealed bookmark names another page's id")
    return state


def can_open(ring: seal.NotesKeyring | None, user_id: str | None, sealed_b64: str) -> bool:
    """Does this device hold the generation the entry was sealed with?"""
    if ring is None or not user_id:
        return False
    return seal.sealed_generation(p.b64decode(sealed_b64, "sealed")) in ring.keys
