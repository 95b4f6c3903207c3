"""Errors, health, policy and check-in: GET /v1/health, POST /v1/checkin, error bodies.

Part of the wire format (sync/protocol/__init__.py re-exports every public name)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sync.errors import ErrorKind, FolioError
from sync.protocol.common import (
    ErrorCode,
    _int,
    _obj,
    _opt_str,
    _str,
    _time,
    format_time,
    parse_time,
)

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
