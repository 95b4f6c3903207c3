"""The only place an error becomes a sentence the reader sees (translated).

Kinds come from sync.errors.ErrorKind; the render service adds a ``reason`` to
CORRUPT so a password-protected PDF and a damaged one read differently.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from sync.errors import ErrorKind, FolioError, WrongPin

log = logging.getLogger(__name__)


def _kind_text(kind: ErrorKind) -> str:
    texts = {
        ErrorKind.WRONG_PIN: QCoreApplication.translate("errors", "That PIN is not right."),
        ErrorKind.VAULT_WIPED: QCoreApplication.translate(
            "errors", "This device was wiped. Its meeting material is gone."
        ),
        ErrorKind.VAULT_LOCKED: QCoreApplication.translate(
            "errors", "Folio is locked. Enter your PIN to continue."
        ),
        ErrorKind.VAULT_MISSING: QCoreApplication.translate(
            "errors", "There is no Folio data on this device yet."
        ),
        ErrorKind.VAULT_EXISTS: QCoreApplication.translate(
            "errors", "Folio is already set up on this device."
        ),
        ErrorKind.NOT_A_VAULT: QCoreApplication.translate(
            "errors", "The data folder does not hold Folio data."
        ),
        ErrorKind.SECRET_MISSING: QCoreApplication.translate(
            "errors",
            "The device key is missing from this computer's key store, "
            "so the data cannot be opened.",
        ),
        ErrorKind.ROLLBACK: QCoreApplication.translate(
            "errors", "The stored data is older than expected and was not opened."
        ),
        ErrorKind.CORRUPT: QCoreApplication.translate(
            "errors", "This document is damaged and cannot be shown."
        ),
        ErrorKind.TAMPERED: QCoreApplication.translate(
            "errors", "This document failed its integrity check and was not shown."
        ),
        ErrorKind.DISK_FULL: QCoreApplication.translate(
            "errors", "The disk is full. Free some space and try again."
        ),
        ErrorKind.BAD_INPUT: QCoreApplication.translate("errors", "That input was not accepted."),
        ErrorKind.NOT_FOUND: QCoreApplication.translate(
            "errors", "That is no longer on this device."
        ),
        ErrorKind.ALREADY_DECIDED: QCoreApplication.translate(
            "errors", "You have already decided this case."
        ),
        ErrorKind.NOT_OWNER: QCoreApplication.translate(
            "errors", "A colleague shared this mark. Only they can change it."
        ),
        ErrorKind.OFFLINE: QCoreApplication.translate(
            "errors", "You are offline. Changes wait and are sent when you are online."
        ),
        ErrorKind.TIMEOUT: QCoreApplication.translate(
            "errors", "The server did not answer in time. Folio will try again."
        ),
        ErrorKind.SERVER: QCoreApplication.translate(
            "errors", "The server had a problem. Folio will try again."
        ),
        ErrorKind.RETRY_AFTER: QCoreApplication.translate(
            "errors", "The server is busy. Folio will try again shortly."
        ),
        ErrorKind.AUTH: QCoreApplication.translate(
            "errors", "The user name, password or code was not accepted."
        ),
        ErrorKind.REVOKED: QCoreApplication.translate(
            "errors", "This device was removed by your organisation."
        ),
        ErrorKind.REJECTED: QCoreApplication.translate("errors", "The server refused this change."),
        ErrorKind.CLIENT_TOO_OLD: QCoreApplication.translate(
            "errors", "This version of Folio is too old. Please update it."
        ),
        ErrorKind.NOT_ENROLLED: QCoreApplication.translate(
            "errors", "This device is not connected to a server."
        ),
        ErrorKind.PROTOCOL: QCoreApplication.translate(
            "errors", "The server sent an answer Folio does not understand."
        ),
        ErrorKind.INSECURE_SERVER: QCoreApplication.translate(
            "errors",
            "This server address starts with http:// and is not secure. "
            "Use the address that starts with https://.",
        ),
        ErrorKind.UNTRUSTED_SERVER: QCoreApplication.translate(
            "errors",
            "This device does not trust the server's certificate, so nothing was sent. "
            "Check the server address, or ask IT to install your organisation's "
            "certificate authority.",
        ),
        ErrorKind.EXPIRED: QCoreApplication.translate("errors", "This has expired."),
        ErrorKind.CANCELLED: QCoreApplication.translate("errors", "Cancelled."),
        ErrorKind.POLICY: QCoreApplication.translate(
            "errors", "Your organisation's policy does not allow this."
        ),
    }
    return texts[kind]


def _document_reason(reason: str | None) -> str | None:
    texts = {
        "empty": QCoreApplication.translate("errors", "This document is empty."),
        "not_pdf": QCoreApplication.translate(
            "errors", "This file is not a PDF document Folio can read."
        ),
        "password": QCoreApplication.translate(
            "errors",
            "This document is protected by a password. Ask the secretariat for an open copy.",
        ),
        "no_pages": QCoreApplication.translate("errors", "This document has no pages."),
        "damaged": QCoreApplication.translate(
            "errors", "This document is damaged and cannot be shown."
        ),
    }
    return texts.get(reason or "")


def _token_refusals() -> dict[str, str]:
    """The organisation enrollment token was refused after the reader's sign-in was accepted.

    Keyed by the server's error code (sync.protocol.ErrorCode, which desktop/ does not
    import), the reason a FolioError of kind AUTH carries.
    """
    return {
        "enrollment_token_unknown": QCoreApplication.translate(
            "errors",
            "The server does not know your organisation's enrollment token. Nothing was "
            "enrolled; ask IT.",
        ),
        "enrollment_token_expired": QCoreApplication.translate(
            "errors",
            "Your organisation's enrollment token has expired. Nothing was enrolled; ask IT "
            "for a current one.",
        ),
        "enrollment_token_revoked": QCoreApplication.translate(
            "errors",
            "IT has revoked your organisation's enrollment token. Nothing was enrolled; ask "
            "IT for a current one.",
        ),
        "enrollment_token_full": QCoreApplication.translate(
            "errors",
            "Your organisation's enrollment token has enrolled as many devices as IT allowed. "
            "Nothing was enrolled; ask IT.",
        ),
        "enrollment_token_scope": QCoreApplication.translate(
            "errors",
            "This device's enrollment token is for another committee's members. Nothing was "
            "enrolled; ask IT.",
        ),
    }


def message_for(error: BaseException) -> str:
    """One clear, translated line for ``error``; unexpected errors are logged, not shown raw."""
    if isinstance(error, WrongPin):
        left = error.attempts_left
        return QCoreApplication.translate(
            "errors",
            "That PIN is not right. %n attempt(s) left before this device is wiped.",
            "",
            left,
        )
    if isinstance(error, FolioError):
        if error.kind is ErrorKind.CORRUPT:
            text = _document_reason(error.reason)
            if text:
                return text
        if error.kind is ErrorKind.EXPIRED and error.reason == "offline_grace":
            return QCoreApplication.translate(
                "errors",
                "Closed material is locked because this device has been offline too long. "
                "Connect to the network and sync to open it again.",
            )
        if error.kind is ErrorKind.AUTH and error.reason in _token_refusals():
            return _token_refusals()[error.reason or ""]
        if error.kind is ErrorKind.REJECTED and error.reason:
            return QCoreApplication.translate(
                "errors", "The server refused this change: %1"
            ).replace("%1", error.reason)
        return _kind_text(error.kind)
    log.error("unexpected error", exc_info=error)
    return QCoreApplication.translate("errors", "Something went wrong. Please try again.")
