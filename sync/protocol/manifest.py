"""The signed manifest and the server's key announcements (docs/spec/manifest.md).

Part of the wire format (sync/protocol/__init__.py re-exports every public name)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sync.errors import ErrorKind, FolioError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sync.protocol.common import (
    _SHA256_RE,
    MANIFEST_FORMAT,
    PIECE_SIZE,
    _bool,
    _int,
    _list,
    _obj,
    _opt_str,
    _opt_time,
    _opt_time_json,
    _sha256,
    _str,
    _time,
    b64decode,
    canonical_json,
    format_time,
    loads,
)

# ---------------------------------------------------------------------------
# manifest


@dataclass(frozen=True)
class ManifestItem:
    id: str
    number: str
    title: str
    closed: bool
    proposal: str
    needs_decision: bool
    deadline: datetime | None
    position: int
    case_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "title": self.title,
            "closed": self.closed,
            "proposal": self.proposal,
            "needs_decision": self.needs_decision,
            "deadline": _opt_time_json(self.deadline),
            "position": self.position,
            "case_id": self.case_id,
        }

    @classmethod
    def from_json(cls, obj: Any) -> ManifestItem:
        o = _obj(obj, "item")
        return cls(
            id=_str(o, "id"),
            number=_str(o, "number", empty=True),
            title=_str(o, "title", empty=True),
            closed=_bool(o, "closed"),
            proposal=_str(o, "proposal", empty=True),
            needs_decision=_bool(o, "needs_decision"),
            deadline=_opt_time(o, "deadline"),
            position=_int(o, "position"),
            case_id=_opt_str(o, "case_id"),
        )


@dataclass(frozen=True)
class ManifestDocument:
    id: str
    item_id: str | None
    title: str
    filename: str
    version: int
    size: int
    sha256: str
    pieces: tuple[str, ...]  # sha256 of each PIECE_SIZE piece, in order
    closed: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "item_id": self.item_id,
            "title": self.title,
            "filename": self.filename,
            "version": self.version,
            "size": self.size,
            "sha256": self.sha256,
            "pieces": list(self.pieces),
            "closed": self.closed,
        }

    @classmethod
    def from_json(cls, obj: Any) -> ManifestDocument:
        o = _obj(obj, "document")
        pieces = _list(o, "pieces")
        for p in pieces:
            if not isinstance(p, str) or not _SHA256_RE.match(p):
                raise FolioError(ErrorKind.PROTOCOL, "pieces: expected sha256 strings")
        size = _int(o, "size")
        expected = max(1, -(-size // PIECE_SIZE))
        if len(pieces) != expected:
            raise FolioError(ErrorKind.PROTOCOL, "pieces: count does not match size")
        return cls(
            id=_str(o, "id"),
            item_id=_opt_str(o, "item_id"),
            title=_str(o, "title", empty=True),
            filename=_str(o, "filename"),
            version=_int(o, "version", minimum=1),
            size=size,
            sha256=_sha256(o, "sha256"),
            pieces=tuple(pieces),
            closed=_bool(o, "closed"),
        )


@dataclass(frozen=True)
class Manifest:
    """What one device may see of one meeting version. Signed over its exact bytes."""

    meeting_id: str
    version: int  # monotonic per meeting; a client never installs a lower one
    issued_at: datetime
    expires_at: datetime
    committee_id: str
    committee_name: str
    title: str
    starts_at: datetime
    location: str
    language: str
    items: tuple[ManifestItem, ...]
    documents: tuple[ManifestDocument, ...]
    withdrawn_documents: tuple[str, ...] = ()  # document ids no longer in the meeting
    format: int = MANIFEST_FORMAT

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "meeting_id": self.meeting_id,
            "version": self.version,
            "issued_at": format_time(self.issued_at),
            "expires_at": format_time(self.expires_at),
            "committee_id": self.committee_id,
            "committee_name": self.committee_name,
            "title": self.title,
            "starts_at": format_time(self.starts_at),
            "location": self.location,
            "language": self.language,
            "items": [i.to_json() for i in self.items],
            "documents": [d.to_json() for d in self.documents],
            "withdrawn_documents": list(self.withdrawn_documents),
        }

    def to_bytes(self) -> bytes:
        return canonical_json(self.to_json())

    @classmethod
    def from_json(cls, obj: Any) -> Manifest:
        o = _obj(obj, "manifest")
        fmt = _int(o, "format")
        if fmt != MANIFEST_FORMAT:
            raise FolioError(ErrorKind.PROTOCOL, f"manifest format {fmt} not supported")
        withdrawn = _list(o, "withdrawn_documents")
        if not all(isinstance(w, str) for w in withdrawn):
            raise FolioError(ErrorKind.PROTOCOL, "withdrawn_documents: expected strings")
        return cls(
            format=fmt,
            meeting_id=_str(o, "meeting_id"),
            version=_int(o, "version", minimum=1),
            issued_at=_time(o, "issued_at"),
            expires_at=_time(o, "expires_at"),
            committee_id=_str(o, "committee_id"),
            committee_name=_str(o, "committee_name", empty=True),
            title=_str(o, "title", empty=True),
            starts_at=_time(o, "starts_at"),
            location=_str(o, "location", empty=True),
            language=_str(o, "language", empty=True),
            items=tuple(ManifestItem.from_json(i) for i in _list(o, "items")),
            documents=tuple(ManifestDocument.from_json(d) for d in _list(o, "documents")),
            withdrawn_documents=tuple(withdrawn),
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        return cls.from_json(loads(data))


#: Domain separation for a server key vouching for the key after it (key rotation).
_KEY_ANNOUNCEMENT_DOMAIN = b"folio-server-key-announcement/1\n"
MAX_KEY_ANNOUNCEMENTS = 4


def key_announcement_message(key_b64: str) -> bytes:
    """The bytes a server key signs to announce its successor (docs/spec/manifest.md)."""
    return _KEY_ANNOUNCEMENT_DOMAIN + b64decode(key_b64, "key")


@dataclass(frozen=True)
class KeyAnnouncement:
    """A server signing key (``key``) vouched for by the key before it (``signature``)."""

    key: str  # base64 raw Ed25519 public key
    signature: str  # base64 Ed25519 by the previous key over key_announcement_message(key)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "signature": self.signature}

    @classmethod
    def from_json(cls, obj: Any) -> KeyAnnouncement:
        o = _obj(obj, "key announcement")
        key, signature = _str(o, "key", max_len=100), _str(o, "signature", max_len=200)
        if len(b64decode(key, "key")) != 32 or len(b64decode(signature, "signature")) != 64:
            raise FolioError(ErrorKind.PROTOCOL, "key announcement: not an Ed25519 key")
        return cls(key=key, signature=signature)

    def signed_by(self, public_key_b64: str) -> bool:
        from cryptography.exceptions import InvalidSignature  # noqa: PLC0415 (see _ed25519)

        Ed25519PublicKey = _ed25519()  # noqa: N806 (the class, under its own name)
        try:
            signer = Ed25519PublicKey.from_public_bytes(b64decode(public_key_b64, "public key"))
            message = key_announcement_message(self.key)
            signer.verify(b64decode(self.signature, "signature"), message)
        except (InvalidSignature, ValueError, FolioError):
            return False
        return True


@dataclass(frozen=True)
class SignedManifest:
    """``manifest`` = base64 of the exact signed bytes; ``signature`` = base64 Ed25519.

    ``key_announcements`` (optional, outside the signed bytes: each carries its own
    signature) let a device follow a key rotation: the key that signs now, vouched
    for by the one before it, and the next key, vouched for by the one signing now.
    """

    manifest: str
    signature: str
    key_announcements: tuple[KeyAnnouncement, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"manifest": self.manifest, "signature": self.signature}
        if self.key_announcements:
            out["key_announcements"] = [a.to_json() for a in self.key_announcements]
        return out

    @classmethod
    def from_json(cls, obj: Any) -> SignedManifest:
        o = _obj(obj, "signed manifest")
        raw = o.get("key_announcements") or []
        if not isinstance(raw, list) or len(raw) > MAX_KEY_ANNOUNCEMENTS:
            raise FolioError(ErrorKind.PROTOCOL, "key_announcements: expected a short list")
        return cls(
            manifest=_str(o, "manifest"),
            signature=_str(o, "signature"),
            key_announcements=tuple(KeyAnnouncement.from_json(a) for a in raw),
        )

    def raw(self) -> bytes:
        return b64decode(self.manifest, "manifest")


def _ed25519() -> type[Ed25519PublicKey]:
    """cryptography loads when a signature is checked, not with the wire format: sync.model
    imports the protocol's enums, and every process that only shows a window imports it."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (  # noqa: PLC0415
        Ed25519PublicKey,
    )

    return Ed25519PublicKey


def verify_manifest(signed: SignedManifest, public_key_b64: str) -> Manifest:
    """Check the signature with the pinned key, then parse. Raises TAMPERED when it fails."""
    from cryptography.exceptions import InvalidSignature  # noqa: PLC0415 (see _ed25519)

    Ed25519PublicKey = _ed25519()  # noqa: N806 (the class, under its own name)
    raw = signed.raw()
    sig = b64decode(signed.signature, "signature")
    try:
        key = Ed25519PublicKey.from_public_bytes(b64decode(public_key_b64, "public key"))
        key.verify(sig, raw)
    except (InvalidSignature, ValueError) as exc:
        raise FolioError(ErrorKind.TAMPERED, "manifest signature does not verify") from exc
    return Manifest.from_bytes(raw)


def piece_hashes(data: bytes) -> tuple[str, ...]:
    """sha256 of each PIECE_SIZE piece (one piece for an empty input)."""
    if not data:
        return (hashlib.sha256(b"").hexdigest(),)
    return tuple(
        hashlib.sha256(data[i : i + PIECE_SIZE]).hexdigest()
        for i in range(0, len(data), PIECE_SIZE)
    )
