"""Enrollment, tokens and the device identity (docs/spec/enrollment.md).

Part of the wire format (sync/protocol/__init__.py re-exports every public name)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sync.errors import ErrorKind, FolioError
from sync.protocol.checkin import Policy
from sync.protocol.common import (
    PROTOCOL_VERSION,
    _int,
    _obj,
    _opt_str,
    _str,
    _time,
    b64decode,
    format_time,
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
