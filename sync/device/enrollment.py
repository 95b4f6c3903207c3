"""Where a device's enrollment lives.

Secrets (refresh token, pinned server signing key, device id) live only inside
the encrypted vault, in ``vault_state``. One non-secret file,
``data_dir/device.json``, holds the server URL so the app can tell "enrolled"
(and show where to) before the vault is unlocked.

The sync engine's bookkeeping lives in ``vault_state`` too: the feed cursor, the
policy, the last successful check-in (offline expiry), the last signed server
time seen (clock and freeze checks).

The device's identity (docs/spec/enrollment.md) is made here too: an Ed25519
signing key pair and an X25519 key pair, made at enrollment, private halves kept
only in ``vault_state`` (inside the SQLCipher database, like the refresh token),
public halves registered with the server. Later work (private notes, organisation
tokens) uses these keys and adds no other device identity.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sync import protocol as p
from sync.config import policy as settings
from sync.errors import ErrorKind, FolioError
from sync.store.state import (
    STATE_DEVICE_ID,
    STATE_EXCHANGE_KEY,
    STATE_FEED_CURSOR,
    STATE_KEYS_REGISTERED,
    STATE_LAST_CHECKIN,
    STATE_MEMBER_DISPLAY_NAME,
    STATE_MEMBER_NAME,
    STATE_POLICY,
    STATE_REFRESH_TOKEN,
    STATE_SERVER_KEY,
    STATE_SERVER_TIME,
    STATE_SERVER_URL,
    STATE_SIGNING_KEY,
    STATE_SPKI_PIN,
    STATE_USER_ID,
)

DEVICE_FILE = "device.json"
DEVICE_FILE_FORMAT = 1


class StateDb(Protocol):
    def get_state(self, key: str) -> str | None: ...
    def set_state(self, cur: Any, key: str, value: str) -> None: ...
    def transaction(self) -> Any: ...


@dataclass(frozen=True)
class Enrollment:
    server_url: str
    device_id: str
    user_id: str
    username: str
    server_public_key: str  # base64 raw Ed25519 key, pinned at enrollment
    refresh_token: str
    spki_pin: str | None = None


def device_file(data_dir: Path) -> Path:
    return data_dir / DEVICE_FILE


def write_device_file(data_dir: Path, server_url: str, device_id: str) -> None:
    """Atomically write the non-secret marker (server URL, device id)."""
    body = json.dumps(
        {"format": DEVICE_FILE_FORMAT, "server_url": server_url, "device_id": device_id},
        indent=2,
    ).encode("utf-8")
    path = device_file(data_dir)
    tmp = path.with_name(f".tmp-{DEVICE_FILE}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, body)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def read_device_file(data_dir: Path) -> dict[str, Any] | None:
    """The marker, or None when this data dir is not enrolled (or the file is unreadable)."""
    try:
        data = json.loads(device_file(data_dir).read_text("utf-8"))
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def enrolled_server(data_dir: Path) -> str:
    """The server this device enrolled with, or "" (read with the vault locked)."""
    marker = read_device_file(data_dir)
    url = marker.get("server_url") if marker else None
    return url if isinstance(url, str) and url.startswith(settings.URL_SCHEMES) else ""


def remove_device_file(data_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        device_file(data_dir).unlink()


def is_enrolled(data_dir: Path) -> bool:
    return read_device_file(data_dir) is not None


#: Where Linux firmware names the machine (DMI on PCs, the device tree on ARM tablets).
_LINUX_MODEL_FILES = (
    ("/sys/class/dmi/id/sys_vendor", "/sys/class/dmi/id/product_name"),
    ("/proc/device-tree/model",),
)
_NAME_MAX = 200  # p.EnrollRequest's limit


def _windows_model() -> str:  # pragma: no cover - Windows only
    import winreg  # noqa: PLC0415

    try:
        with winreg.OpenKey(  # type: ignore[attr-defined,unused-ignore]
            winreg.HKEY_LOCAL_MACHINE,  # type: ignore[attr-defined,unused-ignore]
            r"HARDWARE\DESCRIPTION\System\BIOS",
        ) as key:
            parts = [
                str(winreg.QueryValueEx(key, name)[0])  # type: ignore[attr-defined,unused-ignore]
                for name in ("SystemManufacturer", "SystemProductName")
            ]
    except OSError:
        return ""
    return " ".join(p.strip() for p in parts if p.strip())


def hardware_model() -> str:
    """Maker and model as the firmware reports them ("LENOVO 20XW"), else OS and CPU kind.

    Part of a device's default name: the host name of a fleet's tablets is often
    the same on all of them (or says nothing), the model tells IT which one is which.
    """
    if sys.platform == "win32":
        model = _windows_model()
    else:
        model = ""
        for paths in _LINUX_MODEL_FILES:
            parts = []
            for path in paths:
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    parts.append(Path(path).read_text("utf-8").strip("\x00 \n"))
            model = " ".join(p for p in parts if p)
            if model:
                break
    return model or f"{platform.system()} {platform.machine()}".strip()


def default_device_name(
    reader: str = "",
    *,
    today: date | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """How the server lists a device nobody named (``folio enroll --device-name`` names it):
    the reader when known, the asset tag from machine policy, the model, the enrollment date,
    e.g. "alice, asset FOL-0042, LENOVO 20XW, enrolled 2026-12-07"."""
    tag = settings.load(None, environ=environ).text("asset_tag").strip()
    day = today or datetime.now(UTC).date()
    parts = [reader.strip(), f"asset {tag}" if tag else "", hardware_model(), f"enrolled {day}"]
    return ", ".join(p for p in parts if p)[:_NAME_MAX]


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _raw_public(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return p.b64encode(raw)


@dataclass(frozen=True)
class DeviceIdentity:
    """The device's two key pairs: who it is to the server, and what keys are wrapped to."""

    signing_key: Ed25519PrivateKey
    exchange_key: X25519PrivateKey

    @classmethod
    def generate(cls) -> DeviceIdentity:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    def public(self) -> p.DeviceKeys:
        return p.DeviceKeys(
            signing_public_key=_raw_public(self.signing_key),
            exchange_public_key=_raw_public(self.exchange_key),
        )

    def sign_challenge(self, device_id: str, challenge: str) -> str:
        """The answer to a server challenge (POST /v1/device/reauth), base64."""
        return p.b64encode(self.signing_key.sign(p.reauth_message(device_id, challenge)))


def save_identity(db: StateDb, cur: Any, identity: DeviceIdentity, *, registered: bool) -> None:
    db.set_state(cur, STATE_SIGNING_KEY, p.b64encode(_raw_private(identity.signing_key)))
    db.set_state(cur, STATE_EXCHANGE_KEY, p.b64encode(_raw_private(identity.exchange_key)))
    db.set_state(cur, STATE_KEYS_REGISTERED, "1" if registered else "")


def load_identity(db: StateDb) -> DeviceIdentity | None:
    """The identity kept in this vault, or None (a device enrolled before identities)."""
    signing, exchange = db.get_state(STATE_SIGNING_KEY), db.get_state(STATE_EXCHANGE_KEY)
    if not signing or not exchange:
        return None
    try:
        return DeviceIdentity(
            Ed25519PrivateKey.from_private_bytes(p.b64decode(signing)),
            X25519PrivateKey.from_private_bytes(p.b64decode(exchange)),
        )
    except (ValueError, FolioError) as exc:
        raise FolioError(ErrorKind.CORRUPT, "the device's identity keys are damaged") from exc


def identity_registered(db: StateDb) -> bool:
    return db.get_state(STATE_KEYS_REGISTERED) == "1"


def mark_identity_registered(db: StateDb) -> None:
    with db.transaction() as cur:
        db.set_state(cur, STATE_KEYS_REGISTERED, "1")


def save_enrollment(
    db: StateDb,
    data_dir: Path,
    server_url: str,
    answer: p.EnrollResponse,
    identity: DeviceIdentity | None = None,
) -> None:
    """Store what enrollment returned, in one transaction, then the marker file.

    ``identity`` is the key pair whose public halves went with the enrollment
    request; without one (an older caller) the engine makes and registers keys on
    the next sync.
    """
    with db.transaction() as cur:
        if identity is not None:
            save_identity(db, cur, identity, registered=True)
        db.set_state(cur, STATE_SERVER_URL, server_url)
        db.set_state(cur, STATE_DEVICE_ID, answer.device_id)
        db.set_state(cur, STATE_MEMBER_NAME, answer.username)
        db.set_state(cur, STATE_MEMBER_DISPLAY_NAME, answer.display_name.strip())
        db.set_state(cur, STATE_USER_ID, answer.user_id)
        db.set_state(cur, STATE_SERVER_KEY, answer.server_public_key)
        db.set_state(cur, STATE_REFRESH_TOKEN, answer.tokens.refresh_token)
        db.set_state(cur, STATE_POLICY, json.dumps(answer.policy.to_json()))
        db.set_state(cur, STATE_SERVER_TIME, p.format_time(answer.tokens.server_time))
        db.set_state(cur, STATE_LAST_CHECKIN, p.format_time(answer.tokens.server_time))
        db.set_state(cur, STATE_FEED_CURSOR, "")
    write_device_file(data_dir, server_url, answer.device_id)


def load_enrollment(db: StateDb) -> Enrollment:
    def need(key: str) -> str:
        value = db.get_state(key)
        if not value:
            raise FolioError(ErrorKind.NOT_ENROLLED, "this device is not enrolled with a server")
        return value

    return Enrollment(
        server_url=need(STATE_SERVER_URL),
        device_id=need(STATE_DEVICE_ID),
        user_id=db.get_state(STATE_USER_ID) or "",
        username=db.get_state(STATE_MEMBER_NAME) or "",
        server_public_key=need(STATE_SERVER_KEY),
        refresh_token=need(STATE_REFRESH_TOKEN),
        spki_pin=db.get_state(STATE_SPKI_PIN) or None,
    )


def save_refresh_token(db: StateDb, token: str) -> None:
    with db.transaction() as cur:
        db.set_state(cur, STATE_REFRESH_TOKEN, token)


def policy(db: StateDb) -> p.Policy:
    raw = db.get_state(STATE_POLICY)
    if not raw:
        return p.Policy()
    try:
        return p.Policy.from_json(json.loads(raw))
    except (ValueError, FolioError):
        return p.Policy()


@dataclass(frozen=True)
class Rules:
    """What the device enforces: the server's policy merged with machine policy."""

    retention_days: int  # 0 keeps packs
    offline_grace_days: int


def rules(db: StateDb, data_dir: Path | None, *, config: settings.Config | None = None) -> Rules:
    """The server's policy (as stored at enrollment / policy.put) under sync/config/policy.py.

    The registry lets machine policy set both keys too; IT's locked value wins over
    the server's (default < server < machine policy < env < locked). ``config`` is
    the effective policy already loaded (sync/config/effective.py): the app passes
    it; without it the policy is read from disk here (scripts and tests).
    """
    merged = config or settings.load(data_dir, server=settings.server_values(policy(db).to_json()))
    return Rules(
        retention_days=merged.number("retention_days_after_meeting"),
        offline_grace_days=merged.number("offline_grace_days"),
    )


def last_checkin(db: StateDb) -> datetime | None:
    raw = db.get_state(STATE_LAST_CHECKIN)
    return p.parse_time(raw) if raw else None


def offline_locked(
    db: StateDb,
    now: datetime,
    data_dir: Path | None = None,
    *,
    config: settings.Config | None = None,
) -> bool:
    """True when closed material must stay locked: too long without a check-in.

    DESIGN.md: past ``offline_grace_days`` without a successful check-in, closed
    material stays locked until the device reaches the server again. A device
    that was never enrolled has nothing closed to lock. ``config`` is the
    effective policy the caller holds; without it, ``rules`` reads it from disk.
    """
    last = last_checkin(db)
    if last is None:
        return False
    return now - last > timedelta(days=rules(db, data_dir, config=config).offline_grace_days)
