"""Every ``vault_state`` key, in one place: what the device keeps beside the domain tables.

``vault_state`` is a key/value table inside the SQLCipher database (so secrets
such as the refresh token and the identity keys are encrypted at rest with
everything else). Keeping every key here means a new key cannot silently reuse
an old name, and a reader can see at one look what the device remembers.
The functions below are the one way to read and write a key inside a
transaction (``Database.get_state`` / ``set_state`` do the same outside one).
"""

from __future__ import annotations

from sync.store import kv
from sync.store.records import Cursor, CursorReader, Reader

# Domain layer and enrollment (sync/store/records.py, sync/device/enrollment.py).
STATE_SERVER_URL = "server_url"
STATE_DEVICE_ID = "device_id"
STATE_MEMBER_NAME = "member_name"
STATE_MEMBER_DISPLAY_NAME = "member_display_name"
STATE_LAST_SYNC_AT = "last_sync_at"
STATE_LAST_ERROR = "last_error"

# Enrollment, policy and the sync engine's bookkeeping (sync/device/enrollment.py).
STATE_SERVER_KEY = "server_public_key"
STATE_REFRESH_TOKEN = "refresh_token"  # noqa: S105 (a key name, not a secret)
STATE_USER_ID = "user_id"
STATE_POLICY = "policy"
STATE_FEED_CURSOR = "feed_cursor"
STATE_LAST_CHECKIN = "last_checkin_at"
#: The min_app_version this app is below (the engine only checks in); "" when none.
STATE_UPDATE_REQUIRED = "update_required"
STATE_SERVER_TIME = "last_server_time"
STATE_SPKI_PIN = "tls_spki_pin"
STATE_SIGNING_KEY = "identity_signing_key"  # base64 raw Ed25519 private key
STATE_EXCHANGE_KEY = "identity_exchange_key"  # base64 raw X25519 private key
STATE_KEYS_REGISTERED = "identity_registered"  # "1" once the server holds the public halves

# The sync engine (sync/engine/epoch.py, sync/engine/manifest.py).
#: vault_state key: {"epoch", "meetings": [...], "cases": [...]} not yet put again.
STATE_RESYNC = "feed_resync"
#: vault_state key beside STATE_SERVER_KEY: the server's announced next key.
STATE_SERVER_NEXT_KEY = "server_next_public_key"


def read(reader: Reader, key: str) -> str | None:
    """The value stored under ``key``; None when there is none (an empty value is "")."""
    rows = reader.query("SELECT value FROM vault_state WHERE key = ?", (key,))
    return str(rows[0][0]) if rows and rows[0][0] is not None else None


def read_in(cur: Cursor, key: str) -> str | None:
    """``read`` inside the caller's write transaction."""
    return read(CursorReader(cur), key)


def write(cur: Cursor, key: str, value: str) -> None:
    """Set ``key`` (insert or replace) in the caller's transaction."""
    kv.put(cur, key, value)


def delete(cur: Cursor, key: str) -> None:
    """Forget ``key`` in the caller's transaction (nothing happens when it is not set)."""
    kv.delete(cur, key)
