"""The only place an error becomes a sentence the reader sees (translated).

Kinds come from sync.errors.ErrorKind; the render service adds a ``reason`` to
CORRUPT so a password-protected PDF and a damaged one read differently. Every
kind (``kind_texts``) and every reason the server gives for refusing an op
(``reason_texts``, sync.protocol.Reason) has one sentence saying what happened
and what to do; a raw code never reaches the reader's screen.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from sync.errors import ErrorKind, FolioError, WrongPin

log = logging.getLogger(__name__)


def kind_texts() -> dict[ErrorKind, str]:
    """One sentence per error kind: what happened and what the reader can do."""
    return {
        ErrorKind.WRONG_PIN: QCoreApplication.translate(
            "errors",
            "That PIN is not right. Try again.",
        ),
        ErrorKind.VAULT_WIPED: QCoreApplication.translate(
            "errors",
            "This device was wiped and its meeting material is gone. Connect it to your "
            "organisation again to fetch your meetings.",
        ),
        ErrorKind.VAULT_LOCKED: QCoreApplication.translate(
            "errors",
            "Folio is locked. Enter your PIN to continue.",
        ),
        ErrorKind.VAULT_MISSING: QCoreApplication.translate(
            "errors",
            "There is no Folio data on this device yet. Connect to your organisation, or "
            "try the demo.",
        ),
        ErrorKind.VAULT_EXISTS: QCoreApplication.translate(
            "errors",
            "Folio is already set up on this device. Unlock it with your PIN.",
        ),
        ErrorKind.NOT_A_VAULT: QCoreApplication.translate(
            "errors",
            "The data folder does not hold Folio data. Check the folder, or ask IT.",
        ),
        ErrorKind.SECRET_MISSING: QCoreApplication.translate(
            "errors",
            "The device key is missing from this computer's key store, so the data cannot "
            "be opened.",
        ),
        ErrorKind.ROLLBACK: QCoreApplication.translate(
            "errors",
            "The stored data is older than expected and was not opened, to protect it. "
            "Ask IT for help.",
        ),
        ErrorKind.CORRUPT: QCoreApplication.translate(
            "errors",
            "This document is damaged and cannot be shown. Ask the secretariat for a new copy.",
        ),
        ErrorKind.TAMPERED: QCoreApplication.translate(
            "errors",
            "This document failed its integrity check and was not shown. Folio fetches it "
            "again at the next sync.",
        ),
        ErrorKind.DISK_FULL: QCoreApplication.translate(
            "errors",
            "The disk is full. Free some space and try again.",
        ),
        ErrorKind.BAD_INPUT: QCoreApplication.translate(
            "errors",
            "That input was not accepted. Check it and try again.",
        ),
        ErrorKind.NOT_FOUND: QCoreApplication.translate(
            "errors",
            "That is no longer on this device: it was withdrawn or removed after the meeting.",
        ),
        ErrorKind.ALREADY_DECIDED: QCoreApplication.translate(
            "errors",
            "You have already decided this case. Your receipt is under History and receipts.",
        ),
        ErrorKind.NOT_OWNER: QCoreApplication.translate(
            "errors",
            "A colleague shared this mark. Only they can change it.",
        ),
        ErrorKind.OFFLINE: QCoreApplication.translate(
            "errors",
            "You are offline. Changes wait and are sent when you are online.",
        ),
        ErrorKind.TIMEOUT: QCoreApplication.translate(
            "errors",
            "The server did not answer in time. Folio will try again.",
        ),
        ErrorKind.SERVER: QCoreApplication.translate(
            "errors",
            "The server had a problem. Folio will try again.",
        ),
        ErrorKind.RETRY_AFTER: QCoreApplication.translate(
            "errors",
            "The server is busy. Folio will try again shortly.",
        ),
        ErrorKind.AUTH: QCoreApplication.translate(
            "errors",
            "The user name, password or code was not accepted. Check them and try again.",
        ),
        ErrorKind.REVOKED: QCoreApplication.translate(
            "errors",
            "This device was removed by your organisation. Ask IT if you should still have access.",
        ),
        ErrorKind.REJECTED: QCoreApplication.translate(
            "errors",
            "The server refused this change. Ask the secretariat if it still matters.",
        ),
        ErrorKind.CLIENT_TOO_OLD: QCoreApplication.translate(
            "errors",
            "This version of Folio is too old for the server. Ask IT to update it.",
        ),
        ErrorKind.NOT_ENROLLED: QCoreApplication.translate(
            "errors",
            "This device is not connected to a server, so nothing is sent or fetched. Ask "
            "IT how to connect it.",
        ),
        ErrorKind.PROTOCOL: QCoreApplication.translate(
            "errors",
            "The server sent an answer Folio does not understand. Folio will try again; "
            "if it keeps happening, tell IT.",
        ),
        ErrorKind.INSECURE_SERVER: QCoreApplication.translate(
            "errors",
            "This server address starts with http:// and is not secure. Use the address "
            "that starts with https://.",
        ),
        ErrorKind.UNTRUSTED_SERVER: QCoreApplication.translate(
            "errors",
            "This device does not trust the server's certificate, so nothing was sent. "
            "Check the server address, or ask IT to install your organisation's "
            "certificate authority.",
        ),
        ErrorKind.EXPIRED: QCoreApplication.translate(
            "errors",
            "This has expired. Ask for a current one.",
        ),
        ErrorKind.CANCELLED: QCoreApplication.translate(
            "errors",
            "Cancelled before it finished. Try again when you are ready.",
        ),
        ErrorKind.POLICY: QCoreApplication.translate(
            "errors",
            "Your organisation's policy does not allow this. Ask IT if you need it.",
        ),
    }


def reason_texts() -> dict[str, str]:
    """One sentence per op rejection reason (sync.protocol.Reason, by value).

    Keyed by the code the server answered, which the vault keeps with the op
    (Approval.reason, Comment.reason); desktop/ does not import the protocol.
    tests/gui/test_error_texts.py checks that this covers every Reason.
    """
    return {
        "already_decided": QCoreApplication.translate(
            "errors",
            "Your decision on this case had already reached the server from another of "
            "your devices. Nothing more is needed.",
        ),
        "case_withdrawn": QCoreApplication.translate(
            "errors",
            "The case was withdrawn before your decision arrived, so no decision is "
            "needed. Ask the secretariat if you have questions.",
        ),
        "case_changed": QCoreApplication.translate(
            "errors",
            "The case was changed after you decided. Read the new version and decide again.",
        ),
        "deadline_passed": QCoreApplication.translate(
            "errors",
            "The deadline had passed when your decision reached the server, so it was not "
            "counted. Contact the secretariat if it must still be considered.",
        ),
        "no_access": QCoreApplication.translate(
            "errors",
            "You no longer have access to this material, so the server did not accept the "
            "change. Ask the secretariat if you think this is wrong.",
        ),
        "meeting_closed": QCoreApplication.translate(
            "errors",
            "The meeting is closed for changes, so the server did not accept this one. "
            "Contact the secretariat if it still matters.",
        ),
        "invalid_payload": QCoreApplication.translate(
            "errors",
            "The server could not read this change, so it was not saved there. Write it "
            "again; if that fails too, tell IT.",
        ),
        "op_id_reused": QCoreApplication.translate(
            "errors",
            "The server already held a different change under the same number, so this "
            "one was not saved. Write it again; if that fails too, tell IT.",
        ),
        "unknown_target": QCoreApplication.translate(
            "errors",
            "What this change was about no longer exists on the server: it was removed or "
            "replaced. Nothing more is needed.",
        ),
        "unknown_kind": QCoreApplication.translate(
            "errors",
            "The server does not know this kind of change; it may be older than this "
            "Folio. Tell IT.",
        ),
        "not_owner": QCoreApplication.translate(
            "errors",
            "This mark belongs to a colleague, so only they can change it. Add a note of "
            "your own instead.",
        ),
    }


def reason_text(reason: str | None) -> str:
    """What a refusal means for the reader, never the raw code (an unknown code: generic)."""
    return reason_texts().get(reason or "") or kind_texts()[ErrorKind.REJECTED]


def deadline_refusal() -> str:
    """Why an overdue case cannot be decided on this device (policy ``decide_after_deadline``
    off), and what to do instead."""
    return QCoreApplication.translate(
        "errors",
        "The deadline for this case has passed, so it can no longer be decided here. "
        "Contact the secretariat if your decision must still be considered.",
    )


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
        "damaged": kind_texts()[ErrorKind.CORRUPT],
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
        if error.kind is ErrorKind.POLICY and error.reason == "deadline_passed":
            return deadline_refusal()
        if error.kind is ErrorKind.AUTH and error.reason in _token_refusals():
            return _token_refusals()[error.reason or ""]
        if error.kind is ErrorKind.REJECTED:
            return reason_text(error.reason)
        return kind_texts()[error.kind]
    log.error("unexpected error", exc_info=error)
    return QCoreApplication.translate("errors", "Something went wrong. Please try again.")
