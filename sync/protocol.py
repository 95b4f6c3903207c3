"""Folio's wire format, defined once: the server and the sync engine both import it.

Everything that crosses HTTP is a frozen dataclass here with ``to_json()`` (a
plain JSON-able dict) and ``from_json(obj)`` that validates and raises
``FolioError(ErrorKind.PROTOCOL)`` on anything malformed, so garbage from a
proxy or a buggy peer never reaches storage. docs/protocol.md explains the
endpoints; docs/spec/ explains the manifest, change feed and enrollment.

No Qt, no HTTP library, no database here. Signature checks use ``cryptography``
only (``verify_manifest``).
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sync.errors import ErrorKind, FolioError

PROTOCOL_VERSION = 1
#: Oldest client protocol the server still talks to; older ones get 426 client_too_old.
MIN_CLIENT_PROTOCOL = 1
API_PREFIX = "/v1"
#: Request header a client sends with its protocol version; responses carry it too.
PROTOCOL_HEADER = "Folio-Protocol"
#: Manifest piece size: each document carries a sha256 per piece of this many bytes.
PIECE_SIZE = 1024 * 1024
MAX_OPS_PER_BATCH = 100
# Annotation geometry the server accepts in one op (server/limits.py checks them; the
# device fits what it sends within them, sync/api.py).
MAX_ANNOTATION_RECTS = 500
MAX_ANNOTATION_STROKES = 200
MAX_ANNOTATION_POINTS = 10_000  # in one annotation, all strokes together
DEFAULT_FEED_LIMIT = 100
MAX_FEED_LIMIT = 500
MANIFEST_FORMAT = 1

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


class OpKind(enum.StrEnum):
    ANNOTATION_PUT = "annotation.put"
    ANNOTATION_DELETE = "annotation.delete"
    COMMENT_ADD = "comment.add"
    APPROVAL_DECIDE = "approval.decide"
    READ_RECEIPT = "read.receipt"


class OpStatus(enum.StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"  # already applied earlier; the stored answer is replayed
    REJECTED = "rejected"


class Reason(enum.StrEnum):
    """Why an op was rejected. The client shows it; it never retries a rejection."""

    ALREADY_DECIDED = "already_decided"
    CASE_WITHDRAWN = "case_withdrawn"
    CASE_CHANGED = "case_changed"  # the case has a newer version than the one decided on
    DEADLINE_PASSED = "deadline_passed"
    NO_ACCESS = "no_access"
    MEETING_CLOSED = "meeting_closed"
    INVALID_PAYLOAD = "invalid_payload"
    OP_ID_REUSED = "op_id_reused"
    UNKNOWN_TARGET = "unknown_target"
    UNKNOWN_KIND = "unknown_kind"
    NOT_OWNER = "not_owner"  # annotation id belongs to another reader


class FeedKind(enum.StrEnum):
    MEETING_PUT = "meeting.put"  # data: SignedManifest (items + documents the reader may see)
    MEETING_WITHDRAW = "meeting.withdraw"  # data: {"meeting_id"}
    CASE_PUT = "case.put"  # data: CaseInfo
    ANNOTATION_PUT = "annotation.put"  # data: AnnotationInfo (the reader's other devices)
    COMMENT_PUT = "comment.put"  # data: CommentInfo
    MEMBERSHIP_REMOVED = "membership.removed"  # data: {"committee_id"}: purge closed material
    DEVICE_WIPE = "device.wipe"  # data: {"device_id"}: wipe, then POST /v1/device/wiped
    POLICY_PUT = "policy.put"  # data: Policy


class ErrorCode(enum.StrEnum):
    """``code`` in an HTTP error body ``{"code": ..., "detail": ...}``."""

    UNAUTHORIZED = "unauthorized"  # 401: missing, unknown or expired access token
    DEVICE_REVOKED = "device_revoked"  # 401: wipe yourself
    TOKEN_REUSED = "token_reused"  # noqa: S105 (an error code, not a secret)
    # 401: refresh token reuse; the whole family is revoked
    INVALID_CREDENTIALS = "invalid_credentials"  # 401: enroll with a wrong password or code
    RATE_LIMITED = "rate_limited"  # 429 with Retry-After (seconds)
    NOT_FOUND = "not_found"  # 404 (also: exists, but not for you)
    BAD_REQUEST = "bad_request"  # 400/422: malformed body, cursor or parameter
    CLIENT_TOO_OLD = "client_too_old"  # 426
    SERVER_ERROR = "server_error"  # 500
    # 403 on enroll with an organisation token (docs/spec/enrollment.md), after the
    # reader's own sign-in was accepted: which of these it is, so she can tell IT.
    ENROLLMENT_TOKEN_UNKNOWN = "enrollment_token_unknown"  # noqa: S105 (an error code)
    ENROLLMENT_TOKEN_EXPIRED = "enrollment_token_expired"  # noqa: S105 (an error code)
    ENROLLMENT_TOKEN_REVOKED = "enrollment_token_revoked"  # noqa: S105 (an error code)
    ENROLLMENT_TOKEN_FULL = "enrollment_token_full"  # noqa: S105 (an error code) limit reached
    # the reader is not a member of the committee the token is for
    ENROLLMENT_TOKEN_SCOPE = "enrollment_token_scope"  # noqa: S105 (an error code)


class Visibility(enum.StrEnum):
    PRIVATE = "private"
    COMMITTEE = "committee"
    SECRETARIAT = "secretariat"


class DecisionValue(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class CaseState(enum.StrEnum):
    OPEN = "open"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


class CommentTarget(enum.StrEnum):
    ITEM = "item"
    CASE = "case"
    ANNOTATION = "annotation"


# ---------------------------------------------------------------------------
# helpers


def canonical_json(obj: Any) -> bytes:
    """The one byte form of a JSON value: sorted keys, no spaces, UTF-8.

    Op payloads are compared by the sha256 of this form, so the same payload
    sent again with keys in another order is still the same payload.
    """
    try:
        return json.dumps(
            obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise FolioError(ErrorKind.PROTOCOL, f"not canonical JSON: {exc}") from exc


def payload_hash(payload: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def format_time(t: datetime) -> str:
    if t.tzinfo is None:
        raise FolioError(ErrorKind.PROTOCOL, "naive datetime on the wire")
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_time(value: Any, name: str = "time") -> datetime:
    if not isinstance(value, str):
        raise FolioError(ErrorKind.PROTOCOL, f"{name}: expected an ISO 8601 string")
    try:
        t = datetime.fromisoformat(value)
    except ValueError as exc:
        raise FolioError(ErrorKind.PROTOCOL, f"{name}: not an ISO 8601 time") from exc
    if t.tzinfo is None:
        raise FolioError(ErrorKind.PROTOCOL, f"{name}: time without a timezone")
    try:
        return t.astimezone(UTC)
    except OverflowError as exc:  # 0001-01-01T00:00+01:00 is valid, but not in UTC
        raise FolioError(ErrorKind.PROTOCOL, f"{name}: time out of range") from exc


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(value: Any, name: str = "base64") -> bytes:
    if not isinstance(value, str):
        raise FolioError(ErrorKind.PROTOCOL, f"{name}: expected a base64 string")
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise FolioError(ErrorKind.PROTOCOL, f"{name}: not base64") from exc


def _obj(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise FolioError(ErrorKind.PROTOCOL, f"{name}: expected an object")
    return value


def _str(o: Mapping[str, Any], key: str, *, empty: bool = False, max_len: int = 100_000) -> str:
    v = o.get(key)
    if not isinstance(v, str) or (not empty and not v) or len(v) > max_len:
        raise FolioError(ErrorKind.PROTOCOL, f"{key}: expected a string")
    return v


def _opt_str(o: Mapping[str, Any], key: str) -> str | None:
    v = o.get(key)
    if v is None:
        return None
    if not isinstance(v, str):
        raise FolioError(ErrorKind.PROTOCOL, f"{key}: expected a string or null")
    return v


def _int(o: Mapping[str, Any], key: str, *, minimum: int = 0) -> int:
    v = o.get(key)
    if not isinstance(v, int) or isinstance(v, bool) or v < minimum:
        raise FolioError(ErrorKind.PROTOCOL, f"{key}: expected an integer >= {minimum}")
    return v


def _opt_int(o: Mapping[str, Any], key: str) -> int | None:
    if o.get(key) is None:
        return None
    return _int(o, key)


def _bool(o: Mapping[str, Any], key: str, default: bool | None = None) -> bool:
    v = o.get(key, default)
    if not isinstance(v, bool):
        raise FolioError(ErrorKind.PROTOCOL, f"{key}: expected a boolean")
    return v


def _list(o: Mapping[str, Any], key: str) -> Sequence[Any]:
    v = o.get(key)
    if not isinstance(v, list):
        raise FolioError(ErrorKind.PROTOCOL, f"{key}: expected a list")
    return v


def _time(o: Mapping[str, Any], key: str) -> datetime:
    return parse_time(o.get(key), key)


def _opt_time(o: Mapping[str, Any], key: str) -> datetime | None:
    v = o.get(key)
    return None if v is None else parse_time(v, key)


def _opt_time_json(t: datetime | None) -> str | None:
    return None if t is None else format_time(t)


E = TypeVar("E", bound=enum.Enum)


def _enum(cls: type[E], o: Mapping[str, Any], key: str) -> E:
    try:
        return cls(o.get(key))
    except ValueError as exc:
        raise FolioError(ErrorKind.PROTOCOL, f"{key}: unknown value") from exc


def _sha256(o: Mapping[str, Any], key: str) -> str:
    v = o.get(key)
    if not isinstance(v, str) or not _SHA256_RE.match(v):
        raise FolioError(ErrorKind.PROTOCOL, f"{key}: expected a lowercase hex sha256")
    return v


def loads(data: bytes | str) -> Any:
    """Parse a JSON body, turning every failure into a PROTOCOL error."""
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FolioError(ErrorKind.PROTOCOL, "body is not JSON") from exc


# ---------------------------------------------------------------------------
# errors, health, policy


@dataclass(frozen=True)
class ErrorBody:
    code: str
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "detail": self.detail}

    @classmethod
    def from_json(cls, obj: Any) -> ErrorBody:
        o = _obj(obj, "error")
        return cls(code=_str(o, "code"), detail=_opt_str(o, "detail") or "")


def error_kind_for(status: int, code: str | None) -> ErrorKind:
    """How a client maps an HTTP error answer to an error kind (retry is decided from it)."""
    if code == ErrorCode.DEVICE_REVOKED:
        return ErrorKind.REVOKED
    if code == ErrorCode.CLIENT_TOO_OLD or status == 426:
        return ErrorKind.CLIENT_TOO_OLD
    if status == 429 or code == ErrorCode.RATE_LIMITED:
        return ErrorKind.RETRY_AFTER
    if status in (401, 403):
        return ErrorKind.AUTH
    if status == 404:
        return ErrorKind.NOT_FOUND
    if status >= 500:
        return ErrorKind.SERVER
    if 400 <= status < 500:
        return ErrorKind.BAD_INPUT
    return ErrorKind.PROTOCOL


@dataclass(frozen=True)
class Policy:
    """What the server decides for every device; arrives at enrollment and as policy.put."""

    retention_days: int = 90  # a pack stays this long after its meeting, then is purged
    offline_grace_days: int = 14  # past this without a check-in, closed material locks
    #: Below this app version a device only checks in (docs/sync.md, "Update required");
    #: "0" requires nothing. Absent in a policy stored before it existed.
    min_app_version: str = "0"

    def to_json(self) -> dict[str, Any]:
        return {
            "retention_days": self.retention_days,
            "offline_grace_days": self.offline_grace_days,
            "min_app_version": self.min_app_version,
        }

    @classmethod
    def from_json(cls, obj: Any) -> Policy:
        o = _obj(obj, "policy")
        return cls(
            retention_days=_int(o, "retention_days"),
            offline_grace_days=_int(o, "offline_grace_days"),
            min_app_version=_opt_str(o, "min_app_version") or "0",
        )


@dataclass(frozen=True)
class CheckIn:
    """GET /v1/checkin: what reaches a device even when it may not sync (too old).

    A revoked device gets 401 device_revoked instead, as on every authenticated call.
    """

    policy: Policy
    wipe: bool  # IT ordered this device wiped
    server_time: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy.to_json(),
            "wipe": self.wipe,
            "server_time": format_time(self.server_time),
        }

    @classmethod
    def from_json(cls, obj: Any) -> CheckIn:
        o = _obj(obj, "checkin")
        wipe = o.get("wipe")
        if not isinstance(wipe, bool):
            raise FolioError(ErrorKind.PROTOCOL, "wipe: expected true or false")
        return cls(
            policy=Policy.from_json(o.get("policy")),
            wipe=wipe,
            server_time=parse_time(o.get("server_time"), "server_time"),
        )


@dataclass(frozen=True)
class Health:
    status: str
    protocol_version: int
    server_time: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "protocol_version": self.protocol_version,
            "server_time": format_time(self.server_time),
        }

    @classmethod
    def from_json(cls, obj: Any) -> Health:
        o = _obj(obj, "health")
        return cls(
            status=_str(o, "status"),
            protocol_version=_int(o, "protocol_version"),
            server_time=_time(o, "server_time"),
        )


# ---------------------------------------------------------------------------
# enrollment and tokens


@dataclass(frozen=True)
class EnrollRequest:
    """Either ``username`` + ``password`` or a one-time ``code`` from IT."""

    device_name: str
    username: str | None = None
    password: str | None = None
    code: str | None = None
    # The device's identity (docs/spec/enrollment.md); optional on the wire so an
    # older app still enrolls (it registers keys later with POST /v1/device/keys).
    keys: DeviceKeys | None = None
    # An organisation enrollment token (not a secret): the enrollment counts against
    # its device limit and the reader must be in its scope. Absent: no token.
    org_token: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "device_name": self.device_name,
            "username": self.username,
            "password": self.password,
            "code": self.code,
        }
        if self.keys is not None:
            out.update(self.keys.to_json())
        if self.org_token is not None:
            out["org_token"] = self.org_token
        return out

    @classmethod
    def from_json(cls, obj: Any) -> EnrollRequest:
        o = _obj(obj, "enroll")
        has_keys = any(o.get(k) is not None for k in ("signing_public_key", "exchange_public_key"))
        req = cls(
            device_name=_str(o, "device_name", max_len=200),
            username=_opt_str(o, "username"),
            password=_opt_str(o, "password"),
            code=_opt_str(o, "code"),
            keys=DeviceKeys.from_json(o) if has_keys else None,
            org_token=_opt_str(o, "org_token"),
        )
        by_password = req.username is not None and req.password is not None
        if by_password == (req.code is not None):
            raise FolioError(ErrorKind.PROTOCOL, "enroll: username+password or code, not both")
        return req


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    access_expires_in: int  # seconds
    server_time: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "access_expires_in": self.access_expires_in,
            "server_time": format_time(self.server_time),
        }

    @classmethod
    def from_json(cls, obj: Any) -> TokenPair:
        o = _obj(obj, "tokens")
        return cls(
            access_token=_str(o, "access_token"),
            refresh_token=_str(o, "refresh_token"),
            access_expires_in=_int(o, "access_expires_in"),
            server_time=_time(o, "server_time"),
        )


@dataclass(frozen=True)
class EnrollResponse:
    device_id: str
    user_id: str
    username: str
    tokens: TokenPair
    server_public_key: str  # base64 of the raw 32-byte Ed25519 public key; pin it
    policy: Policy
    protocol_version: int = PROTOCOL_VERSION
    # The member's name as people know it ("Jane Doe"), for the page watermark;
    # optional so an older server's answer still reads ("" = use ``username``).
    display_name: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "user_id": self.user_id,
            "username": self.username,
            "display_name": self.display_name,
            "tokens": self.tokens.to_json(),
            "server_public_key": self.server_public_key,
            "policy": self.policy.to_json(),
            "protocol_version": self.protocol_version,
        }

    @classmethod
    def from_json(cls, obj: Any) -> EnrollResponse:
        o = _obj(obj, "enrollment")
        key = _str(o, "server_public_key")
        if len(b64decode(key, "server_public_key")) != 32:
            raise FolioError(ErrorKind.PROTOCOL, "server_public_key: not an Ed25519 key")
        return cls(
            device_id=_str(o, "device_id"),
            user_id=_str(o, "user_id"),
            username=_str(o, "username"),
            tokens=TokenPair.from_json(o.get("tokens")),
            server_public_key=key,
            policy=Policy.from_json(o.get("policy")),
            protocol_version=_int(o, "protocol_version"),
            display_name=(_opt_str(o, "display_name") or "")[:200],
        )


@dataclass(frozen=True)
class RefreshRequest:
    refresh_token: str

    def to_json(self) -> dict[str, Any]:
        return {"refresh_token": self.refresh_token}

    @classmethod
    def from_json(cls, obj: Any) -> RefreshRequest:
        return cls(refresh_token=_str(_obj(obj, "refresh"), "refresh_token", max_len=200))


# ---------------------------------------------------------------------------
# device identity and re-authentication (docs/spec/enrollment.md)

#: What a device signs to get a new token family: domain-separated so the signature
#: can never be mistaken for one over anything else the device's key signs later.
REAUTH_CONTEXT = b"folio reauth v1\n"


def _public_key(o: Mapping[str, Any], key: str) -> str:
    value = _str(o, key, max_len=64)
    if len(b64decode(value, key)) != 32:
        raise FolioError(ErrorKind.PROTOCOL, f"{key}: not a 32-byte public key")
    return value


@dataclass(frozen=True)
class DeviceKeys:
    """The public halves of a device's identity: base64 of the raw 32-byte keys.

    ``signing_public_key`` is Ed25519 (the device proves who it is: re-authentication
    after a server restore); ``exchange_public_key`` is X25519 (keys are wrapped to
    the device: private notes). Also the body of POST /v1/device/keys.
    """

    signing_public_key: str
    exchange_public_key: str

    def to_json(self) -> dict[str, Any]:
        return {
            "signing_public_key": self.signing_public_key,
            "exchange_public_key": self.exchange_public_key,
        }

    @classmethod
    def from_json(cls, obj: Any) -> DeviceKeys:
        o = _obj(obj, "device keys")
        return cls(
            signing_public_key=_public_key(o, "signing_public_key"),
            exchange_public_key=_public_key(o, "exchange_public_key"),
        )


@dataclass(frozen=True)
class ChallengeRequest:
    """POST /v1/device/challenge: no token (the device has none the server knows)."""

    device_id: str

    def to_json(self) -> dict[str, Any]:
        return {"device_id": self.device_id}

    @classmethod
    def from_json(cls, obj: Any) -> ChallengeRequest:
        return cls(device_id=_str(_obj(obj, "challenge request"), "device_id", max_len=100))


@dataclass(frozen=True)
class Challenge:
    """A one-time random challenge (base64 of 32 bytes), valid ``expires_in`` seconds."""

    challenge: str
    expires_in: int

    def to_json(self) -> dict[str, Any]:
        return {"challenge": self.challenge, "expires_in": self.expires_in}

    @classmethod
    def from_json(cls, obj: Any) -> Challenge:
        o = _obj(obj, "challenge")
        value = _str(o, "challenge", max_len=100)
        if len(b64decode(value, "challenge")) != 32:
            raise FolioError(ErrorKind.PROTOCOL, "challenge: not 32 bytes")
        return cls(challenge=value, expires_in=_int(o, "expires_in"))


def reauth_message(device_id: str, challenge: str) -> bytes:
    """The exact bytes a device signs with its Ed25519 key to answer ``challenge``."""
    return REAUTH_CONTEXT + device_id.encode("utf-8") + b"\n" + challenge.encode("ascii")


@dataclass(frozen=True)
class ReauthRequest:
    """POST /v1/device/reauth: the challenge signed with the device's enrollment key."""

    device_id: str
    challenge: str
    signature: str  # base64 of the 64-byte Ed25519 signature over reauth_message()

    def to_json(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "challenge": self.challenge,
            "signature": self.signature,
        }

    @classmethod
    def from_json(cls, obj: Any) -> ReauthRequest:
        o = _obj(obj, "reauth")
        signature = _str(o, "signature", max_len=100)
        if len(b64decode(signature, "signature")) != 64:
            raise FolioError(ErrorKind.PROTOCOL, "signature: not an Ed25519 signature")
        return cls(
            device_id=_str(o, "device_id", max_len=100),
            challenge=_str(o, "challenge", max_len=100),
            signature=signature,
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


def verify_manifest(signed: SignedManifest, public_key_b64: str) -> Manifest:
    """Check the signature with the pinned key, then parse. Raises TAMPERED when it fails."""
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


# ---------------------------------------------------------------------------
# ops


#: Domain separation for the server's signature over an op's receipt time.
_RECEIPT_DOMAIN = b"folio-op-receipt/1\n"


def op_receipt_message(op_id: str, payload_digest: str, applied_at: datetime) -> bytes:
    """The bytes the server signs when it applies an op (``OpAnswer.signature``).

    After a restore from a backup the device re-sends the op with this proof, so
    the server judges deadlines at the time it first applied the op, not at the
    time the restore made it apply the op again.
    """
    body = {"op_id": op_id, "payload_hash": payload_digest, "applied_at": format_time(applied_at)}
    return _RECEIPT_DOMAIN + canonical_json(body)


@dataclass(frozen=True)
class OpReceipt:
    """The signed receipt time of an earlier answer, sent along when an op is re-sent."""

    applied_at: datetime
    signature: str  # base64 Ed25519 over op_receipt_message(...)

    def to_json(self) -> dict[str, Any]:
        return {"applied_at": format_time(self.applied_at), "signature": self.signature}

    @classmethod
    def from_json(cls, obj: Any) -> OpReceipt:
        o = _obj(obj, "receipt")
        return cls(applied_at=_time(o, "applied_at"), signature=_str(o, "signature", max_len=200))


@dataclass(frozen=True)
class Op:
    id: str  # client-made UUID; kept by the server forever
    kind: str  # an OpKind value; an unknown kind is answered rejected/unknown_kind
    payload: Mapping[str, Any]
    created_at: datetime | None = None  # device clock, informational only
    # Only on an op re-sent after a server restore: the signed time it was first applied.
    receipt: OpReceipt | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "payload": dict(self.payload),
            "created_at": _opt_time_json(self.created_at),
        }
        if self.receipt is not None:
            out["receipt"] = self.receipt.to_json()
        return out

    @classmethod
    def from_json(cls, obj: Any) -> Op:
        o = _obj(obj, "op")
        return cls(
            id=_str(o, "id", max_len=100),
            kind=_str(o, "kind", max_len=100),
            payload=_obj(o.get("payload"), "payload"),
            created_at=_opt_time(o, "created_at"),
            receipt=None if o.get("receipt") is None else OpReceipt.from_json(o["receipt"]),
        )


@dataclass(frozen=True)
class OpsRequest:
    ops: tuple[Op, ...]

    def to_json(self) -> dict[str, Any]:
        return {"ops": [op.to_json() for op in self.ops]}

    @classmethod
    def from_json(cls, obj: Any) -> OpsRequest:
        ops = _list(_obj(obj, "ops request"), "ops")
        if len(ops) > MAX_OPS_PER_BATCH:
            raise FolioError(ErrorKind.PROTOCOL, f"more than {MAX_OPS_PER_BATCH} ops in a batch")
        return cls(ops=tuple(Op.from_json(op) for op in ops))


@dataclass(frozen=True)
class OpAnswer:
    op_id: str
    status: OpStatus
    reason: str | None = None  # a Reason value when rejected
    revision: int | None = None  # annotation ops: the server revision now stored
    receipt_id: str | None = None  # approval.decide: the decision's receipt
    applied_at: datetime | None = None
    # Where the op's effect sits in the feed: the highest feed seq when it was applied,
    # and the epoch that seq belongs to. A device keeps them with the confirmed op and
    # re-sends it if a restored server's feed ends before it (docs/spec/outbox.md).
    seq: int | None = None
    epoch: str | None = None
    signature: str | None = None  # base64 Ed25519 over op_receipt_message(...)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "op_id": self.op_id,
            "status": self.status.value,
            "reason": self.reason,
            "revision": self.revision,
            "receipt_id": self.receipt_id,
            "applied_at": _opt_time_json(self.applied_at),
        }
        if self.seq is not None:
            out["seq"] = self.seq
        if self.epoch is not None:
            out["epoch"] = self.epoch
        if self.signature is not None:
            out["signature"] = self.signature
        return out

    @classmethod
    def from_json(cls, obj: Any) -> OpAnswer:
        o = _obj(obj, "answer")
        return cls(
            op_id=_str(o, "op_id"),
            status=_enum(OpStatus, o, "status"),
            reason=_opt_str(o, "reason"),
            revision=_opt_int(o, "revision"),
            receipt_id=_opt_str(o, "receipt_id"),
            applied_at=_opt_time(o, "applied_at"),
            seq=_opt_int(o, "seq"),
            epoch=_opt_str(o, "epoch"),
            signature=_opt_str(o, "signature"),
        )

    def receipt(self) -> OpReceipt | None:
        """The signed receipt time to send along if this op must be re-sent."""
        if self.applied_at is None or self.signature is None:
            return None
        return OpReceipt(self.applied_at, self.signature)


@dataclass(frozen=True)
class OpsResponse:
    answers: tuple[OpAnswer, ...]

    def to_json(self) -> dict[str, Any]:
        return {"answers": [a.to_json() for a in self.answers]}

    @classmethod
    def from_json(cls, obj: Any) -> OpsResponse:
        return cls(
            answers=tuple(
                OpAnswer.from_json(a) for a in _list(_obj(obj, "ops response"), "answers")
            )
        )


# -- op payloads (validated by the server; built by the sync engine) ---------


@dataclass(frozen=True)
class AnnotationPayload:
    """annotation.put. Geometry is opaque to the server but must be JSON lists."""

    annotation_id: str
    document_id: str
    document_version: int
    page: int
    kind: str  # highlight | ink | note | text
    color: str
    visibility: Visibility
    rects: tuple[Any, ...] = ()
    strokes: tuple[Any, ...] = ()
    text: str = ""
    quote: Mapping[str, str] | None = None  # {"exact", "prefix", "suffix"}
    base_revision: int = 0  # the server revision this edit starts from (0 = new)

    def to_json(self) -> dict[str, Any]:
        return {
            "annotation_id": self.annotation_id,
            "document_id": self.document_id,
            "document_version": self.document_version,
            "page": self.page,
            "kind": self.kind,
            "color": self.color,
            "visibility": self.visibility.value,
            "rects": list(self.rects),
            "strokes": list(self.strokes),
            "text": self.text,
            "quote": None if self.quote is None else dict(self.quote),
            "base_revision": self.base_revision,
        }

    @classmethod
    def from_json(cls, obj: Any) -> AnnotationPayload:
        o = _obj(obj, "annotation")
        kind = _str(o, "kind")
        if kind not in ("highlight", "ink", "note", "text"):
            raise FolioError(ErrorKind.PROTOCOL, "kind: unknown annotation kind")
        quote = o.get("quote")
        if quote is not None:
            q = _obj(quote, "quote")
            quote = {k: _str(q, k, empty=True) for k in ("exact", "prefix", "suffix")}
        return cls(
            annotation_id=_str(o, "annotation_id", max_len=100),
            document_id=_str(o, "document_id", max_len=100),
            document_version=_int(o, "document_version", minimum=1),
            page=_int(o, "page"),
            kind=kind,
            color=_str(o, "color", max_len=20),
            visibility=_enum(Visibility, o, "visibility"),
            rects=tuple(_list(o, "rects")),
            strokes=tuple(_list(o, "strokes")),
            text=_str(o, "text", empty=True),
            quote=quote,
            base_revision=_int(o, "base_revision"),
        )


@dataclass(frozen=True)
class AnnotationDeletePayload:
    annotation_id: str

    def to_json(self) -> dict[str, Any]:
        return {"annotation_id": self.annotation_id}

    @classmethod
    def from_json(cls, obj: Any) -> AnnotationDeletePayload:
        return cls(annotation_id=_str(_obj(obj, "payload"), "annotation_id", max_len=100))


@dataclass(frozen=True)
class CommentPayload:
    """comment.add: append-only; ``comment_id`` is made on the device."""

    comment_id: str
    target_kind: CommentTarget
    target_id: str
    body: str
    parent_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "comment_id": self.comment_id,
            "target_kind": self.target_kind.value,
            "target_id": self.target_id,
            "body": self.body,
            "parent_id": self.parent_id,
        }

    @classmethod
    def from_json(cls, obj: Any) -> CommentPayload:
        o = _obj(obj, "payload")
        return cls(
            comment_id=_str(o, "comment_id", max_len=100),
            target_kind=_enum(CommentTarget, o, "target_kind"),
            target_id=_str(o, "target_id", max_len=100),
            body=_str(o, "body", max_len=20_000),
            parent_id=_opt_str(o, "parent_id"),
        )


@dataclass(frozen=True)
class DecisionPayload:
    """approval.decide: a command against the case version the reader saw."""

    approval_id: str
    case_id: str
    case_version: int
    decision: DecisionValue
    remark: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "approval_id": self.approval_id,
            "case_id": self.case_id,
            "case_version": self.case_version,
            "decision": self.decision.value,
            "remark": self.remark,
        }

    @classmethod
    def from_json(cls, obj: Any) -> DecisionPayload:
        o = _obj(obj, "payload")
        return cls(
            approval_id=_str(o, "approval_id", max_len=100),
            case_id=_str(o, "case_id", max_len=100),
            case_version=_int(o, "case_version", minimum=1),
            decision=_enum(DecisionValue, o, "decision"),
            remark=_str(o, "remark", empty=True, max_len=20_000),
        )


@dataclass(frozen=True)
class ReadReceiptPayload:
    document_id: str
    document_version: int

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "document_version": self.document_version}

    @classmethod
    def from_json(cls, obj: Any) -> ReadReceiptPayload:
        o = _obj(obj, "payload")
        return cls(
            document_id=_str(o, "document_id", max_len=100),
            document_version=_int(o, "document_version", minimum=1),
        )


PAYLOAD_TYPES: dict[OpKind, Any] = {
    OpKind.ANNOTATION_PUT: AnnotationPayload,
    OpKind.ANNOTATION_DELETE: AnnotationDeletePayload,
    OpKind.COMMENT_ADD: CommentPayload,
    OpKind.APPROVAL_DECIDE: DecisionPayload,
    OpKind.READ_RECEIPT: ReadReceiptPayload,
}


# ---------------------------------------------------------------------------
# change feed


@dataclass(frozen=True)
class CaseInfo:
    id: str
    title: str
    description: str
    deadline: datetime | None
    status: CaseState
    version: int
    meeting_id: str | None = None
    item_id: str | None = None
    my_decision: DecisionValue | None = None  # what this reader decided, if anything
    my_receipt_id: str | None = None
    # Which of the reader's approvals the server holds and when it was applied, so
    # each of the reader's devices adopts the same decision (optional on the wire).
    my_approval_id: str | None = None
    my_decided_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "deadline": _opt_time_json(self.deadline),
            "status": self.status.value,
            "version": self.version,
            "meeting_id": self.meeting_id,
            "item_id": self.item_id,
            "my_decision": None if self.my_decision is None else self.my_decision.value,
            "my_receipt_id": self.my_receipt_id,
            "my_approval_id": self.my_approval_id,
            "my_decided_at": _opt_time_json(self.my_decided_at),
        }

    @classmethod
    def from_json(cls, obj: Any) -> CaseInfo:
        o = _obj(obj, "case")
        return cls(
            id=_str(o, "id"),
            title=_str(o, "title", empty=True),
            description=_str(o, "description", empty=True),
            deadline=_opt_time(o, "deadline"),
            status=_enum(CaseState, o, "status"),
            version=_int(o, "version", minimum=1),
            meeting_id=_opt_str(o, "meeting_id"),
            item_id=_opt_str(o, "item_id"),
            my_decision=None
            if o.get("my_decision") is None
            else _enum(DecisionValue, o, "my_decision"),
            my_receipt_id=_opt_str(o, "my_receipt_id"),
            my_approval_id=_opt_str(o, "my_approval_id"),
            my_decided_at=_opt_time(o, "my_decided_at"),
        )


@dataclass(frozen=True)
class AnnotationInfo:
    """An annotation of this reader from another of their devices, or a colleague's shared one.

    ``author`` is None for the reader's own annotations and the colleague's display
    name for one shared with the committee: the device keeps that one read-only.
    """

    annotation: AnnotationPayload | None  # None when deleted (tombstone) or unshared
    annotation_id: str
    revision: int
    deleted: bool
    updated_at: datetime
    author: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "annotation_id": self.annotation_id,
            "annotation": None if self.annotation is None else self.annotation.to_json(),
            "revision": self.revision,
            "deleted": self.deleted,
            "updated_at": format_time(self.updated_at),
        }
        if self.author is not None:
            out["author"] = self.author
        return out

    @classmethod
    def from_json(cls, obj: Any) -> AnnotationInfo:
        o = _obj(obj, "annotation info")
        ann = o.get("annotation")
        return cls(
            annotation_id=_str(o, "annotation_id"),
            annotation=None if ann is None else AnnotationPayload.from_json(ann),
            revision=_int(o, "revision", minimum=1),
            deleted=_bool(o, "deleted"),
            updated_at=_time(o, "updated_at"),
            author=_opt_str(o, "author"),
        )


@dataclass(frozen=True)
class CommentInfo:
    id: str
    target_kind: CommentTarget
    target_id: str
    body: str
    author: str  # display name of the author
    created_at: datetime
    parent_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "target_kind": self.target_kind.value,
            "target_id": self.target_id,
            "body": self.body,
            "author": self.author,
            "created_at": format_time(self.created_at),
            "parent_id": self.parent_id,
        }

    @classmethod
    def from_json(cls, obj: Any) -> CommentInfo:
        o = _obj(obj, "comment")
        return cls(
            id=_str(o, "id"),
            target_kind=_enum(CommentTarget, o, "target_kind"),
            target_id=_str(o, "target_id"),
            body=_str(o, "body", empty=True),
            author=_str(o, "author", empty=True),
            created_at=_time(o, "created_at"),
            parent_id=_opt_str(o, "parent_id"),
        )


@dataclass(frozen=True)
class FeedEntry:
    """One change. ``data``'s shape depends on ``kind`` (see FeedKind); unknown kinds
    from a newer server are kept as plain dicts so an old client can skip them."""

    kind: str
    data: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "data": dict(self.data)}

    @classmethod
    def from_json(cls, obj: Any) -> FeedEntry:
        o = _obj(obj, "feed entry")
        entry = cls(kind=_str(o, "kind"), data=_obj(o.get("data"), "data"))
        entry.parsed()  # validate known kinds now, not when applied
        return entry

    def parsed(self) -> Any:
        """The typed data for a known kind; the raw mapping for an unknown one."""
        d = self.data
        match self.kind:
            case FeedKind.MEETING_PUT:
                return SignedManifest.from_json(d)
            case FeedKind.MEETING_WITHDRAW:
                return _str(d, "meeting_id")
            case FeedKind.CASE_PUT:
                return CaseInfo.from_json(d)
            case FeedKind.ANNOTATION_PUT:
                return AnnotationInfo.from_json(d)
            case FeedKind.COMMENT_PUT:
                return CommentInfo.from_json(d)
            case FeedKind.MEMBERSHIP_REMOVED:
                return _str(d, "committee_id")
            case FeedKind.DEVICE_WIPE:
                return _str(d, "device_id")
            case FeedKind.POLICY_PUT:
                return Policy.from_json(d)
            case _:
                return d


@dataclass(frozen=True)
class FeedRestart:
    """The cursor a device sent belongs to another server epoch: the server was
    restored from a backup (or initialised afresh) since that cursor was issued.

    ``restored_from`` is the epoch the restored database was in when it was backed
    up and ``restored_seq`` its highest feed seq: a confirmed op answered in that
    epoch with a lower seq is in the restored database, any other may be lost.
    """

    epoch: str
    restored_from: str | None
    restored_seq: int

    def to_json(self) -> dict[str, Any]:
        return {
            "epoch": self.epoch,
            "restored_from": self.restored_from,
            "restored_seq": self.restored_seq,
        }

    @classmethod
    def from_json(cls, obj: Any) -> FeedRestart:
        o = _obj(obj, "restart")
        return cls(
            epoch=_str(o, "epoch", max_len=64),
            restored_from=_opt_str(o, "restored_from"),
            restored_seq=_int(o, "restored_seq", minimum=0),
        )


@dataclass(frozen=True)
class FeedPage:
    entries: tuple[FeedEntry, ...]
    cursor: str  # opaque; send it back as ?cursor= to continue after this page
    more: bool  # true: another page is ready now
    server_time: datetime = field(default_factory=lambda: datetime.now(UTC))
    epoch: str | None = None  # the server's epoch (informational; the cursor carries it)
    # Set (with no entries and a cursor at the start of the new epoch) when the
    # cursor sent was from another epoch: re-send what the restore lost, then resync.
    restart: FeedRestart | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entries": [e.to_json() for e in self.entries],
            "cursor": self.cursor,
            "more": self.more,
            "server_time": format_time(self.server_time),
        }
        if self.epoch is not None:
            out["epoch"] = self.epoch
        if self.restart is not None:
            out["restart"] = self.restart.to_json()
        return out

    @classmethod
    def from_json(cls, obj: Any) -> FeedPage:
        o = _obj(obj, "feed page")
        return cls(
            entries=tuple(FeedEntry.from_json(e) for e in _list(o, "entries")),
            cursor=_str(o, "cursor"),
            more=_bool(o, "more"),
            server_time=_time(o, "server_time"),
            epoch=_opt_str(o, "epoch"),
            restart=None if o.get("restart") is None else FeedRestart.from_json(o["restart"]),
        )


@dataclass(frozen=True)
class WipedRequest:
    """POST /v1/device/wiped: the device confirms it wiped itself."""

    device_id: str

    def to_json(self) -> dict[str, Any]:
        return {"device_id": self.device_id}

    @classmethod
    def from_json(cls, obj: Any) -> WipedRequest:
        return cls(device_id=_str(_obj(obj, "wiped"), "device_id"))
