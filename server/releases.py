"""Release metadata the server publishes for devices to check (``GET /v1/release``).

The release manager signs the metadata offline (packaging/sign_release.py, the
release key never reaches the server); ``folio-server release publish FILE``
stores the file and the server hands out those exact bytes, so the signature
still verifies on the device. Devices do all of TUF's checks themselves
(sync/device/updates.py); the server refuses only what would certainly be refused
later, so a mistake shows at publish time instead of on hundreds of tablets:
unreadable metadata, no signature by a trusted release key, already expired,
or a metadata ``version`` not above the one already published (devices that
saw the newer one would treat it as a rollback).

Stored in the database (``settings`` row ``release``), not in the data dir: every
worker process and every host behind a load balancer reads the same row, and
publishing is one transaction, so no worker serves a half-written file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from server.context import ServerContext, audit, now
from server.models import Setting
from sync.device import updates
from sync.errors import ErrorKind, FolioError

SETTING_KEY = "release"


@dataclass(frozen=True)
class Published:
    version: int
    app_version: str
    expires: datetime
    sha256: str  # of the stored bytes, to compare with what devices fetched
    published_at: datetime


def _bad(detail: str) -> FolioError:
    return FolioError(ErrorKind.BAD_INPUT, f"release metadata: {detail}")


def _signed_fields(data: bytes) -> tuple[bytes, list[Any], dict[str, Any]]:
    if len(data) > updates.MAX_METADATA_BYTES:
        raise _bad(f"larger than {updates.MAX_METADATA_BYTES} bytes")
    try:
        envelope = json.loads(data)
        signed_raw = base64.b64decode(envelope["signed"], validate=True)
        signatures = envelope["signatures"]
        signed = json.loads(signed_raw)
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise _bad("not a signed release envelope (packaging/sign_release.py writes one)") from exc
    if not isinstance(signatures, list) or not isinstance(signed, dict):
        raise _bad("not a signed release envelope")
    return signed_raw, signatures, signed


def _check_signed_by(signed_raw: bytes, signatures: list[Any], trusted: Sequence[str]) -> None:
    keys = {}
    for hex_key in trusted:
        raw = bytes.fromhex(hex_key)
        keys[updates.key_id(raw)] = Ed25519PublicKey.from_public_bytes(raw)
    good = set()
    for entry in signatures:
        if not isinstance(entry, dict):
            continue
        key = keys.get(str(entry.get("keyid")))
        sig = entry.get("sig")
        if key is None or not isinstance(sig, str):
            continue
        try:
            key.verify(base64.b64decode(sig, validate=True), signed_raw)
        except (InvalidSignature, binascii.Error, ValueError):
            raise _bad("a signature does not match (changed after signing?)") from None
        good.add(entry["keyid"])
    if len(good) < updates.RELEASE_THRESHOLD:
        raise _bad("not signed by a release key the app trusts")


def inspect(
    data: bytes, *, trusted_keys: Sequence[str] = updates.RELEASE_KEYS, at: datetime | None = None
) -> Published:
    """What ``data`` announces, or a one-line BAD_INPUT error saying why devices would refuse it."""
    signed_raw, signatures, signed = _signed_fields(data)
    _check_signed_by(signed_raw, signatures, trusted_keys)
    if signed.get("_type") != updates.METADATA_TYPE:
        raise _bad(f"_type is not '{updates.METADATA_TYPE}'")
    if signed.get("spec_version") != updates.SPEC_VERSION:
        raise _bad(f"spec_version is not {updates.SPEC_VERSION}")
    version = signed.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _bad("version must be a whole number >= 1")
    app_version = signed.get("app_version")
    if not isinstance(app_version, str):
        raise _bad("app_version is missing")
    try:
        expires = datetime.fromisoformat(str(signed.get("expires")).replace("Z", "+00:00"))
    except ValueError as exc:
        raise _bad("expires is not an ISO 8601 time") from exc
    if expires.tzinfo is None:
        raise _bad("expires has no timezone")
    t = at or now()
    if expires <= t:
        raise _bad(f"expired at {expires.isoformat()}; sign it again with a later expiry")
    return Published(version, app_version, expires, hashlib.sha256(data).hexdigest(), t)


def _row_value(data: bytes, info: Published) -> dict[str, Any]:
    return {
        "metadata": base64.b64encode(data).decode("ascii"),
        "version": info.version,
        "app_version": info.app_version,
        "expires": info.expires.isoformat(),
        "sha256": info.sha256,
        "published_at": info.published_at.isoformat(),
    }


def publish(
    ctx: ServerContext, data: bytes, *, trusted_keys: Sequence[str] = updates.RELEASE_KEYS
) -> Published:
    """Check ``data`` and make it what ``GET /v1/release`` serves, in one transaction."""
    info = inspect(data, trusted_keys=trusted_keys)
    with ctx.sessions() as session, session.begin():
        # FOR UPDATE: two publishes at once on PostgreSQL cannot both pass the version check
        row = session.get(Setting, SETTING_KEY, with_for_update=True)
        if row is not None:
            current = int(row.value["version"])
            if info.version <= current and row.value.get("sha256") != info.sha256:
                raise _bad(
                    f"version {info.version} is not above the published version {current} "
                    "(devices would refuse it as a rollback); sign it with a higher --version"
                )
            if row.value.get("sha256") == info.sha256:
                return info  # the same file again: nothing to do
            row.value = _row_value(data, info)
        else:
            session.add(Setting(key=SETTING_KEY, value=_row_value(data, info)))
        audit(
            session,
            "cli",
            "release.publish",
            f"release {info.version}",
            detail=f"app {info.app_version} sha256 {info.sha256}",
        )
    return info


def current(ctx: ServerContext) -> bytes | None:
    """The published metadata's exact bytes, or None when nothing was published."""
    with ctx.sessions() as session:
        row = session.get(Setting, SETTING_KEY)
        if row is None:
            return None
        return base64.b64decode(row.value["metadata"])


def describe_current(ctx: ServerContext) -> dict[str, Any] | None:
    with ctx.sessions() as session:
        row = session.get(Setting, SETTING_KEY)
        if row is None:
            return None
        return {k: v for k, v in row.value.items() if k != "metadata"}
