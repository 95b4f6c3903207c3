"""Where a device's enrollment lives.

Secrets (refresh token, pinned server signing key, device id) live only inside
the encrypted vault, in ``vault_state``. One non-secret file,
``data_dir/device.json``, holds the server URL so the app can tell "enrolled"
(and show where to) before the vault is unlocked.

The sync engine's bookkeeping lives in ``vault_state`` too: the feed cursor, the
policy, the last successful check-in (offline expiry), the last signed server
time seen (clock and freeze checks).
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sync import policy as settings
from sync import protocol as p
from sync import records
from sync.errors import ErrorKind, FolioError

DEVICE_FILE = "device.json"
DEVICE_FILE_FORMAT = 1

# vault_state keys (records.py owns server_url, device_id, last_sync_at, last_error)
STATE_SERVER_KEY = "server_public_key"
STATE_REFRESH_TOKEN = "refresh_token"  # noqa: S105 (a key name, not a secret)
STATE_USER_ID = "user_id"
STATE_POLICY = "policy"
STATE_FEED_CURSOR = "feed_cursor"
STATE_LAST_CHECKIN = "last_checkin_at"
STATE_SERVER_TIME = "last_server_time"
STATE_SPKI_PIN = "tls_spki_pin"


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


def save_enrollment(db: StateDb, data_dir: Path, server_url: str, answer: p.EnrollResponse) -> None:
    """Store what enrollment returned, in one transaction, then the marker file."""
    with db.transaction() as cur:
        db.set_state(cur, records.STATE_SERVER_URL, server_url)
        db.set_state(cur, records.STATE_DEVICE_ID, answer.device_id)
        db.set_state(cur, records.STATE_MEMBER_NAME, answer.username)
        db.set_state(cur, records.STATE_MEMBER_DISPLAY_NAME, answer.display_name.strip())
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
        server_url=need(records.STATE_SERVER_URL),
        device_id=need(records.STATE_DEVICE_ID),
        user_id=db.get_state(STATE_USER_ID) or "",
        username=db.get_state(records.STATE_MEMBER_NAME) or "",
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


def rules(db: StateDb, data_dir: Path | None) -> Rules:
    """The server's policy (as stored at enrollment / policy.put) under sync/policy.py's rule.

    The registry lets machine policy set both keys too; IT's locked value wins over
    the server's (default < server < machine policy < env < locked).
    """
    merged = settings.load(data_dir, server=settings.server_values(policy(db).to_json()))
    return Rules(
        retention_days=merged.number("retention_days_after_meeting"),
        offline_grace_days=merged.number("offline_grace_days"),
    )


def last_checkin(db: StateDb) -> datetime | None:
    raw = db.get_state(STATE_LAST_CHECKIN)
    return p.parse_time(raw) if raw else None


def offline_locked(db: StateDb, now: datetime, data_dir: Path | None = None) -> bool:
    """True when closed material must stay locked: too long without a check-in.

    DESIGN.md: past ``offline_grace_days`` without a successful check-in, closed
    material stays locked until the device reaches the server again. A device
    that was never enrolled has nothing closed to lock. ``data_dir`` is where the
    reader's settings live (merged by ``rules``).
    """
    last = last_checkin(db)
    if last is None:
        return False
    return now - last > timedelta(days=rules(db, data_dir).offline_grace_days)
