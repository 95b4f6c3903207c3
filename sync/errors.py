"""The closed set of error kinds Folio can report.

Every failure that reaches a user or the sync loop is a ``FolioError`` with a
``kind``. Whether to retry is decided from the kind alone (``retryable``), and
desktop/errors.py is the only place a kind becomes a translated sentence. The
``detail`` is for logs and must never carry meeting content, tokens or PINs.
"""

from __future__ import annotations

import enum


class ErrorKind(enum.Enum):
    # vault
    WRONG_PIN = "wrong_pin"
    VAULT_WIPED = "vault_wiped"
    VAULT_LOCKED = "vault_locked"
    VAULT_MISSING = "vault_missing"
    VAULT_EXISTS = "vault_exists"
    NOT_A_VAULT = "not_a_vault"
    SECRET_MISSING = "secret_missing"  # noqa: S105 - an error kind, not a secret
    ROLLBACK = "rollback"
    CORRUPT = "corrupt"
    TAMPERED = "tampered"
    DISK_FULL = "disk_full"
    BAD_INPUT = "bad_input"
    NOT_FOUND = "not_found"
    ALREADY_DECIDED = "already_decided"  # this reader's decision on the case is known here
    NOT_OWNER = "not_owner"  # a colleague's shared annotation: read-only on this device
    # network / server
    OFFLINE = "offline"
    TIMEOUT = "timeout"
    SERVER = "server"
    RETRY_AFTER = "retry_after"
    AUTH = "auth"
    REVOKED = "revoked"
    REJECTED = "rejected"
    CLIENT_TOO_OLD = "client_too_old"
    NOT_ENROLLED = "not_enrolled"
    PROTOCOL = "protocol"
    INSECURE_SERVER = "insecure_server"  # plain http:// to a host that is not this machine
    UNTRUSTED_SERVER = "untrusted_server"  # its TLS certificate did not verify (CA, name, pin)
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    POLICY = "policy"


_RETRYABLE = frozenset(
    {
        ErrorKind.OFFLINE,
        ErrorKind.TIMEOUT,
        ErrorKind.SERVER,
        ErrorKind.RETRY_AFTER,
        ErrorKind.PROTOCOL,  # a garbled answer from a proxy is usually transient
        ErrorKind.UNTRUSTED_SERVER,  # a Wi-Fi login page intercepting https goes away
        ErrorKind.TAMPERED,  # a bad download is retried; it is never installed
    }
)


class FolioError(Exception):
    """One failure, with a kind the UI can translate and the engine can act on."""

    def __init__(
        self,
        kind: ErrorKind,
        detail: str = "",
        *,
        reason: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail
        self.reason = reason
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.kind in _RETRYABLE


class WrongPin(FolioError):
    def __init__(self, attempts_left: int) -> None:
        super().__init__(ErrorKind.WRONG_PIN, f"{attempts_left} attempts left")
        self.attempts_left = attempts_left


class Tampered(FolioError):
    """Authenticated decryption or a hash check failed: bytes changed, cut, moved or swapped."""

    def __init__(self, detail: str) -> None:
        super().__init__(ErrorKind.TAMPERED, detail)


class Corrupt(FolioError):
    def __init__(self, detail: str) -> None:
        super().__init__(ErrorKind.CORRUPT, detail)
