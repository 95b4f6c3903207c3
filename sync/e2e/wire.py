"""The e2e part of the wire format (docs/spec/e2e-notes.md): sealed notes, wraps, approvals.

Kept beside the crypto while sync/protocol.py is being moved (issue 12); the server
imports it as it imports sync.protocol, and the same rules hold: frozen dataclasses,
``to_json`` / ``from_json``, ``FolioError(PROTOCOL)`` on anything malformed.

A sealed note travels as op kind ``annotation.sealed`` and comes back to the
reader's devices (the writer too) as feed kind ``annotation.sealed``; deletion stays
``annotation.delete`` (a tombstone carries no content). Both kinds are unknown to
an older app, which skips the feed entry (FeedEntry keeps unknown kinds as plain
data) and never makes the op.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from sync import protocol as p
from sync.errors import ErrorKind, FolioError

#: op kind and feed kind of a sealed private annotation
SEALED_OP_KIND = "annotation.sealed"
SEALED_FEED_KIND = "annotation.sealed"
#: op kind and feed kind of a bookmark (set or removed: the seal says which)
BOOKMARK_OP_KIND = "bookmark.sealed"
BOOKMARK_FEED_KIND = "bookmark.sealed"


class NotesErrorCode(enum.StrEnum):
    """``code`` of an HTTP error body from the notes-key endpoints (beside protocol.ErrorCode)."""

    #: 409: not the current generation, or another device created / rotated the key first
    NOTES_KEY_CONFLICT = "notes_key_conflict"


#: base64 of a sealed bookmark: a few ids and a page, padded to the 256-byte minimum
MAX_SEALED_BOOKMARK_CHARS = 2 * 1024
#: base64 of a sealed note: the largest plaintext annotation the server takes (its
#: canonical JSON cap), padded (Padmé: +12 % at most) and sealed, then base64 (4/3)
MAX_SEALED_CHARS = 400 * 1024
MAX_WRAP_CHARS = 8 * 1024
MAX_DEVICES_PER_WRAP = 50


def _obj(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise FolioError(ErrorKind.PROTOCOL, f"{name}: expected an object")
    return value


def _id(o: Mapping[str, Any], key: str) -> str:
    v = o.get(key)
    if not isinstance(v, str) or not v or len(v) > 100:
        raise FolioError(ErrorKind.PROTOCOL, f"{key}: expected an id")
    return v


def _int(o: Mapping[str, Any], key: str, minimum: int = 0) -> int:
    v = o.get(key)
    if not isinstance(v, int) or isinstance(v, bool) or v < minimum or v > 2**31 - 1:
        raise FolioError(ErrorKind.PROTOCOL, f"{key}: expected an integer >= {minimum}")
    return v


def _b64(o: Mapping[str, Any], key: str, max_chars: int, size: int | None = None) -> str:
    v = o.get(key)
    if not isinstance(v, str) or not v or len(v) > max_chars:
        raise FolioError(ErrorKind.PROTOCOL, f"{key}: expected base64")
    raw = p.b64decode(v, key)
    if size is not None and len(raw) != size:
        raise FolioError(ErrorKind.PROTOCOL, f"{key}: expected {size} bytes")
    return v


def _opt(o: Mapping[str, Any], key: str, fn: Any, *args: Any) -> Any:
    return None if o.get(key) is None else fn(o, key, *args)


# -- sealed notes ---------------------------------------------------------------


@dataclass(frozen=True)
class SealedAnnotationPayload:
    """op ``annotation.sealed``: a private annotation the server only files and relays.

    Routing fields in the clear: ``annotation_id`` (the row, its owner, the merge by
    revision), ``document_id`` (a reader may annotate only documents she may see;
    purges and re-sends follow the document), ``base_revision`` (as annotation.put)
    and ``op_id``, which must be the op's own id (the seal's associated data names it).
    Everything else (page, kind, colour, geometry, text, quote, version) is in
    ``sealed``: base64 of sync.e2e.seal's output over the annotation.put payload.

    On the device the op keeps kind annotation.put (records.add_op seals it in
    place); ``KIND`` is the kind it travels as (sync.e2e.notes.wire_kind).
    """

    KIND: ClassVar[p.OpKind] = p.OpKind.ANNOTATION_SEALED

    annotation_id: str
    document_id: str
    op_id: str
    sealed: str
    base_revision: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "annotation_id": self.annotation_id,
            "document_id": self.document_id,
            "op_id": self.op_id,
            "sealed": self.sealed,
            "base_revision": self.base_revision,
        }

    @classmethod
    def from_json(cls, obj: Any) -> SealedAnnotationPayload:
        o = _obj(obj, "sealed annotation")
        return cls(
            annotation_id=_id(o, "annotation_id"),
            document_id=_id(o, "document_id"),
            op_id=_id(o, "op_id"),
            sealed=_b64(o, "sealed", MAX_SEALED_CHARS),
            base_revision=_int(o, "base_revision"),
        )

    def sealed_bytes(self) -> bytes:
        return p.b64decode(self.sealed, "sealed")


@dataclass(frozen=True)
class SealedAnnotationInfo:
    """feed ``annotation.sealed``: the reader's sealed note for her devices (the writer too).

    ``op_id`` names the write the seal belongs to (its associated data); the device
    opens ``sealed`` with the notes keyring, checks the annotation id inside, and
    applies it as it applies an ``annotation.put`` of that revision.
    """

    annotation_id: str
    document_id: str
    op_id: str
    sealed: str
    revision: int
    updated_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "annotation_id": self.annotation_id,
            "document_id": self.document_id,
            "op_id": self.op_id,
            "sealed": self.sealed,
            "revision": self.revision,
            "updated_at": p.format_time(self.updated_at),
        }

    @classmethod
    def from_json(cls, obj: Any) -> SealedAnnotationInfo:
        o = _obj(obj, "sealed annotation info")
        return cls(
            annotation_id=_id(o, "annotation_id"),
            document_id=_id(o, "document_id"),
            op_id=_id(o, "op_id"),
            sealed=_b64(o, "sealed", MAX_SEALED_CHARS),
            revision=_int(o, "revision", 1),
            updated_at=p.parse_time(o.get("updated_at"), "updated_at"),
        )


# -- sealed bookmarks -------------------------------------------------------------


@dataclass(frozen=True)
class SealedBookmarkPayload:
    """op ``bookmark.sealed``: one bookmark set or removed, for the reader's own devices.

    Routing fields in the clear: ``bookmark_id`` (the row, keyed per reader; a keyed
    hash of document and page, so the server cannot tell the page), ``document_id``
    (a reader may bookmark only documents she may see; a republish re-sends per
    document) and ``op_id`` (the seal's associated data names it). Whether the
    bookmark is set or removed and on which page is only in ``sealed``: a removal is
    a sealed tombstone the server cannot tell from a bookmark.
    """

    KIND: ClassVar[p.OpKind] = p.OpKind.BOOKMARK_SEALED

    bookmark_id: str
    document_id: str
    op_id: str
    sealed: str

    def to_json(self) -> dict[str, Any]:
        return {
            "bookmark_id": self.bookmark_id,
            "document_id": self.document_id,
            "op_id": self.op_id,
            "sealed": self.sealed,
        }

    @classmethod
    def from_json(cls, obj: Any) -> SealedBookmarkPayload:
        o = _obj(obj, "sealed bookmark")
        return cls(
            bookmark_id=_id(o, "bookmark_id"),
            document_id=_id(o, "document_id"),
            op_id=_id(o, "op_id"),
            sealed=_b64(o, "sealed", MAX_SEALED_BOOKMARK_CHARS),
        )


@dataclass(frozen=True)
class SealedBookmarkInfo:
    """feed ``bookmark.sealed``: the newest write of one bookmark, for her devices.

    ``revision`` is the server's count of writes to the bookmark: a device applies an
    entry only over an older revision, so a replayed or late entry changes nothing.
    """

    bookmark_id: str
    document_id: str
    op_id: str
    sealed: str
    revision: int
    updated_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "bookmark_id": self.bookmark_id,
            "document_id": self.document_id,
            "op_id": self.op_id,
            "sealed": self.sealed,
            "revision": self.revision,
            "updated_at": p.format_time(self.updated_at),
        }

    @classmethod
    def from_json(cls, obj: Any) -> SealedBookmarkInfo:
        o = _obj(obj, "sealed bookmark info")
        return cls(
            bookmark_id=_id(o, "bookmark_id"),
            document_id=_id(o, "document_id"),
            op_id=_id(o, "op_id"),
            sealed=_b64(o, "sealed", MAX_SEALED_BOOKMARK_CHARS),
            revision=_int(o, "revision", 1),
            updated_at=p.parse_time(o.get("updated_at"), "updated_at"),
        )


# -- notes keys -------------------------------------------------------------------


@dataclass(frozen=True)
class NotesDevice:
    """One of the reader's devices as the server lists it for notes keys."""

    device_id: str
    name: str
    exchange_public_key: str | None  # base64 X25519 from enrollment; None: not registered
    approved: bool  # holds a wrap of the current generation
    this_device: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "name": self.name,
            "exchange_public_key": self.exchange_public_key,
            "approved": self.approved,
            "this_device": self.this_device,
        }

    @classmethod
    def from_json(cls, obj: Any) -> NotesDevice:
        o = _obj(obj, "notes device")
        name = o.get("name")
        if not isinstance(name, str):
            raise FolioError(ErrorKind.PROTOCOL, "name: expected a string")
        approved, this = o.get("approved"), o.get("this_device", False)
        if not isinstance(approved, bool) or not isinstance(this, bool):
            raise FolioError(ErrorKind.PROTOCOL, "approved: expected a boolean")
        return cls(
            device_id=_id(o, "device_id"),
            name=name,
            exchange_public_key=_opt(o, "exchange_public_key", _b64, 64, 32),
            approved=approved,
            this_device=this,
        )


@dataclass(frozen=True)
class NotesKeyState:
    """GET /v1/notes/keys: where this reader's notes key stands, for this device.

    ``generation`` None: the reader has no notes key yet (this device may create
    it). ``wrapped`` is this device's wrap of the newest generation it was given
    (``wrapped_generation``); None while the device is pending. ``rotation_due``: a
    device that held the current generation was revoked, so the next approved
    device to sync rotates. ``recovery_generation``: the newest generation wrapped
    to the recovery key (None: no recovery key was set up).
    """

    generation: int | None
    wrapped: str | None
    wrapped_generation: int | None
    rotation_due: bool
    recovery_generation: int | None
    devices: tuple[NotesDevice, ...]
    #: requests of the reader's other devices waiting for an approver (0: nothing to ask)
    open_approvals: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "generation": self.generation,
            "wrapped": self.wrapped,
            "wrapped_generation": self.wrapped_generation,
            "rotation_due": self.rotation_due,
            "recovery_generation": self.recovery_generation,
            "devices": [d.to_json() for d in self.devices],
            "open_approvals": self.open_approvals,
        }

    @classmethod
    def from_json(cls, obj: Any) -> NotesKeyState:
        o = _obj(obj, "notes key state")
        devices = o.get("devices")
        due = o.get("rotation_due")
        if not isinstance(devices, list) or not isinstance(due, bool):
            raise FolioError(ErrorKind.PROTOCOL, "notes key state: devices / rotation_due")
        return cls(
            generation=_opt(o, "generation", _int, 1),
            wrapped=_opt(o, "wrapped", _b64, MAX_WRAP_CHARS),
            wrapped_generation=_opt(o, "wrapped_generation", _int, 1),
            rotation_due=due,
            recovery_generation=_opt(o, "recovery_generation", _int, 1),
            devices=tuple(NotesDevice.from_json(d) for d in devices),
            open_approvals=_int(o, "open_approvals") if "open_approvals" in o else 0,
        )


@dataclass(frozen=True)
class DeviceWrap:
    device_id: str
    wrapped: str  # base64 of sync.e2e.wrap.wrap_keyring(...)

    def to_json(self) -> dict[str, Any]:
        return {"device_id": self.device_id, "wrapped": self.wrapped}

    @classmethod
    def from_json(cls, obj: Any) -> DeviceWrap:
        o = _obj(obj, "device wrap")
        return cls(device_id=_id(o, "device_id"), wrapped=_b64(o, "wrapped", MAX_WRAP_CHARS))


@dataclass(frozen=True)
class WrapsRequest:
    """POST /v1/notes/keys: wraps of ``generation`` for some of the reader's devices.

    ``start``: this request starts ``generation``, which must be current + 1 (1 when
    there is none): the reader's first key, or a rotation. It must come from a
    device that holds the current generation (any device when there is none) and is
    refused with 409 ``notes_key_conflict`` when another device got there first.
    Without ``start``, ``generation`` must be the current one: an approval, or a
    device wrapping to itself after opening the recovery wrap.
    ``recovery``: the keyring wrapped to the recovery key's public half.
    """

    generation: int
    wraps: tuple[DeviceWrap, ...]
    recovery: str | None = None
    start: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "generation": self.generation,
            "wraps": [w.to_json() for w in self.wraps],
            "recovery": self.recovery,
            "start": self.start,
        }

    @classmethod
    def from_json(cls, obj: Any) -> WrapsRequest:
        o = _obj(obj, "wraps")
        wraps = o.get("wraps")
        if not isinstance(wraps, list) or len(wraps) > MAX_DEVICES_PER_WRAP:
            raise FolioError(ErrorKind.PROTOCOL, "wraps: expected a short list")
        start = o.get("start", False)
        if not isinstance(start, bool):
            raise FolioError(ErrorKind.PROTOCOL, "start: expected a boolean")
        return cls(
            generation=_int(o, "generation", 1),
            wraps=tuple(DeviceWrap.from_json(w) for w in wraps),
            recovery=_opt(o, "recovery", _b64, MAX_WRAP_CHARS),
            start=start,
        )


@dataclass(frozen=True)
class RecoveryWrap:
    """GET /v1/notes/recovery: the keyring wrapped to the recovery key."""

    generation: int
    wrapped: str

    def to_json(self) -> dict[str, Any]:
        return {"generation": self.generation, "wrapped": self.wrapped}

    @classmethod
    def from_json(cls, obj: Any) -> RecoveryWrap:
        o = _obj(obj, "recovery wrap")
        return cls(generation=_int(o, "generation", 1), wrapped=_b64(o, "wrapped", MAX_WRAP_CHARS))


# -- approvals ---------------------------------------------------------------------

APPROVAL_COMMITTED = "committed"  # the new device sent its commitment
APPROVAL_ANSWERED = "answered"  # an approving device sent its nonce
APPROVAL_REVEALED = "revealed"  # the new device revealed its nonce: both show the code
APPROVAL_APPROVED = "approved"  # the notes key was wrapped to the new device
APPROVAL_STATES = (APPROVAL_COMMITTED, APPROVAL_ANSWERED, APPROVAL_REVEALED, APPROVAL_APPROVED)


@dataclass(frozen=True)
class ApprovalCommit:
    """POST /v1/notes/approvals (new device): SHA-256 commitment to its key and nonce."""

    commitment: str

    def to_json(self) -> dict[str, Any]:
        return {"commitment": self.commitment}

    @classmethod
    def from_json(cls, obj: Any) -> ApprovalCommit:
        return cls(commitment=_b64(_obj(obj, "approval commit"), "commitment", 64, 32))


@dataclass(frozen=True)
class ApprovalNonce:
    """POST .../answer (approving device) and .../reveal (new device): a 32-byte nonce."""

    nonce: str

    def to_json(self) -> dict[str, Any]:
        return {"nonce": self.nonce}

    @classmethod
    def from_json(cls, obj: Any) -> ApprovalNonce:
        return cls(nonce=_b64(_obj(obj, "approval nonce"), "nonce", 64, 32))


@dataclass(frozen=True)
class Approval:
    """One request of a new device to get the notes key, as the server relays it.

    The public keys are what the *server* says they are: the devices check them
    through the short code, never trust them as given.
    """

    approval_id: str
    device_id: str  # the new device
    device_name: str
    device_public_key: str | None  # its X25519 enrollment key (server's claim)
    commitment: str
    state: str
    created_at: datetime
    approver_device_id: str | None = None
    approver_public_key: str | None = None
    approver_nonce: str | None = None
    device_nonce: str | None = None  # revealed

    def to_json(self) -> dict[str, Any]:
        return {
            "approval_id": self.approval_id,
            "device_id": self.device_id,
            "device_name": self.device_name,
            "device_public_key": self.device_public_key,
            "commitment": self.commitment,
            "state": self.state,
            "created_at": p.format_time(self.created_at),
            "approver_device_id": self.approver_device_id,
            "approver_public_key": self.approver_public_key,
            "approver_nonce": self.approver_nonce,
            "device_nonce": self.device_nonce,
        }

    @classmethod
    def from_json(cls, obj: Any) -> Approval:
        o = _obj(obj, "approval")
        state = o.get("state")
        if state not in APPROVAL_STATES:
            raise FolioError(ErrorKind.PROTOCOL, "state: unknown approval state")
        name = o.get("device_name")
        if not isinstance(name, str):
            raise FolioError(ErrorKind.PROTOCOL, "device_name: expected a string")
        return cls(
            approval_id=_id(o, "approval_id"),
            device_id=_id(o, "device_id"),
            device_name=name,
            device_public_key=_opt(o, "device_public_key", _b64, 64, 32),
            commitment=_b64(o, "commitment", 64, 32),
            state=str(state),
            created_at=p.parse_time(o.get("created_at"), "created_at"),
            approver_device_id=_opt(o, "approver_device_id", _id),
            approver_public_key=_opt(o, "approver_public_key", _b64, 64, 32),
            approver_nonce=_opt(o, "approver_nonce", _b64, 64, 32),
            device_nonce=_opt(o, "device_nonce", _b64, 64, 32),
        )


def approvals_from_json(obj: Any) -> tuple[Approval, ...]:
    items = _obj(obj, "approvals").get("approvals")
    if not isinstance(items, Sequence) or isinstance(items, str):
        raise FolioError(ErrorKind.PROTOCOL, "approvals: expected a list")
    return tuple(Approval.from_json(a) for a in items)
