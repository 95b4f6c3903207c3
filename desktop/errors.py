"""The only place an error becomes a sentence the reader sees (translated).

Kinds come from sync.errors.ErrorKind; the render service adds a ``reason`` to
CORRUPT so a password-protected PDF and a damaged one read differently.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from sync.errors import ErrorKind, FolioError, WrongPin

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def _kind_text(kind: ErrorKind) -> str:
    texts = {
        ErrorKind.WRONG_PIN: _t("That PIN is not right."),
        ErrorKind.VAULT_WIPED: _t("This device was wiped. Its meeting material is gone."),
        ErrorKind.VAULT_LOCKED: _t("Folio is locked. Enter your PIN to continue."),
        ErrorKind.VAULT_MISSING: _t("There is no Folio data on this device yet."),
        ErrorKind.VAULT_EXISTS: _t("Folio is already set up on this device."),
        ErrorKind.NOT_A_VAULT: _t("The data folder does not hold Folio data."),
        ErrorKind.SECRET_MISSING: _t(
            "The device key is missing from this computer's key store, "
            "so the data cannot be opened."
        ),
        ErrorKind.ROLLBACK: _t("The stored data is older than expected and was not opened."),
        ErrorKind.CORRUPT: _t("This document is damaged and cannot be shown."),
        ErrorKind.TAMPERED: _t("This document failed its integrity check and was not shown."),
        ErrorKind.DISK_FULL: _t("The disk is full. Free some space and try again."),
        ErrorKind.BAD_INPUT: _t("That input was not accepted."),
        ErrorKind.NOT_FOUND: _t("That is no longer on this device."),
        ErrorKind.OFFLINE: _t("You are offline. Changes wait and are sent when you are online."),
        ErrorKind.TIMEOUT: _t("The server did not answer in time. Folio will try again."),
        ErrorKind.SERVER: _t("The server had a problem. Folio will try again."),
        ErrorKind.RETRY_AFTER: _t("The server is busy. Folio will try again shortly."),
        ErrorKind.AUTH: _t("The user name, password or code was not accepted."),
        ErrorKind.REVOKED: _t("This device was removed by your organisation."),
        ErrorKind.REJECTED: _t("The server refused this change."),
        ErrorKind.CLIENT_TOO_OLD: _t("This version of Folio is too old. Please update it."),
        ErrorKind.NOT_ENROLLED: _t("This device is not connected to a server."),
        ErrorKind.PROTOCOL: _t("The server sent an answer Folio does not understand."),
        ErrorKind.EXPIRED: _t("This has expired."),
        ErrorKind.CANCELLED: _t("Cancelled."),
        ErrorKind.POLICY: _t("Your organisation's policy does not allow this."),
    }
    return texts[kind]


def _document_reason(reason: str | None) -> str | None:
    texts = {
        "empty": _t("This document is empty."),
        "not_pdf": _t("This file is not a PDF document Folio can read."),
        "password": _t(
            "This document is protected by a password. Ask the secretariat for an open copy."
        ),
        "no_pages": _t("This document has no pages."),
        "damaged": _t("This document is damaged and cannot be shown."),
    }
    return texts.get(reason or "")


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
        if error.kind is ErrorKind.REJECTED and error.reason:
            return _t("The server refused this change: %1").replace("%1", error.reason)
        return _kind_text(error.kind)
    log.error("unexpected error", exc_info=error)
    return _t("Something went wrong. Please try again.")
