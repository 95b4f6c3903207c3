"""Constants, enums and the JSON helpers every part of the wire format uses.

Part of the wire format (sync/protocol/__init__.py re-exports every public name)."""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

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
# device fits what it sends within them, sync/commands/annotating.py).
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
    #: a private mark sealed on the device (payload: sync.e2e.wire.SealedAnnotationPayload)
    ANNOTATION_SEALED = "annotation.sealed"
    #: a bookmark set or removed, sealed on the device (sync.e2e.wire.SealedBookmarkPayload)
    BOOKMARK_SEALED = "bookmark.sealed"
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
    ANNOTATION_PUT = "annotation.put"  # data: AnnotationInfo (the reader's devices, the writer too)
    # data: sync.e2e.wire.SealedAnnotationInfo (the reader's private mark, sealed)
    ANNOTATION_SEALED = "annotation.sealed"
    # data: sync.e2e.wire.SealedBookmarkInfo (the reader's bookmark or its tombstone, sealed)
    BOOKMARK_SEALED = "bookmark.sealed"
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
    return payload_hash_of(canonical_json(payload))


def payload_hash_of(canonical: bytes) -> str:
    """``payload_hash`` of a payload's ``canonical_json`` bytes: the server needs both
    the hash and the size of each op's canonical form, so it makes the bytes once."""
    return hashlib.sha256(canonical).hexdigest()


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
