"""The notes-key endpoints (/v1/notes, docs/spec/e2e-notes.md) over the device's client.

Uses the FolioClient's authenticated request (token refresh and re-authentication
included), so these calls behave like every other call of the engine.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sync.client import FolioClient
from sync.client.http import error_code, error_for_status
from sync.e2e import wire as w
from sync.errors import ErrorKind, FolioError

API = "/v1/notes"
#: FolioError.reason when the server answers 409 notes_key_conflict
CONFLICT = "notes_key_conflict"


def _checked(r: Any, what: str) -> Any:
    if r.status_code == 409 and error_code(r) == w.NotesErrorCode.NOTES_KEY_CONFLICT:
        raise FolioError(ErrorKind.REJECTED, f"{what}: conflict", reason=CONFLICT)
    if not 200 <= r.status_code < 300:
        raise error_for_status(r, what)
    return r


def _json(client: FolioClient, r: Any, what: str) -> Any:
    return client._json(_checked(r, what), what)


def state(client: FolioClient) -> w.NotesKeyState:
    r = client._authed("GET", f"{API}/keys", what="notes keys")
    return w.NotesKeyState.from_json(_json(client, r, "notes keys"))


def post_wraps(client: FolioClient, req: w.WrapsRequest) -> None:
    r = client._authed("POST", f"{API}/keys", what="notes keys", json_body=req.to_json())
    _checked(r, "notes keys")


def recovery(client: FolioClient) -> w.RecoveryWrap | None:
    r = client._authed("GET", f"{API}/recovery", what="notes recovery")
    if r.status_code == 404:
        return None
    return w.RecoveryWrap.from_json(_json(client, r, "notes recovery"))


def approvals(client: FolioClient) -> tuple[w.Approval, ...]:
    r = client._authed("GET", f"{API}/approvals", what="notes approvals")
    return w.approvals_from_json(_json(client, r, "notes approvals"))


def request_approval(client: FolioClient, commitment: str) -> w.Approval:
    body = w.ApprovalCommit(commitment).to_json()
    r = client._authed("POST", f"{API}/approvals", what="notes approval", json_body=body)
    return w.Approval.from_json(_json(client, r, "notes approval"))


def _nonce(client: FolioClient, approval_id: str, step: str, nonce: str) -> w.Approval:
    path = f"{API}/approvals/{quote(approval_id, safe='')}/{step}"
    body = w.ApprovalNonce(nonce).to_json()
    r = client._authed("POST", path, what="notes approval", json_body=body)
    return w.Approval.from_json(_json(client, r, "notes approval"))


def answer(client: FolioClient, approval_id: str, nonce: str) -> w.Approval:
    return _nonce(client, approval_id, "answer", nonce)


def reveal(client: FolioClient, approval_id: str, nonce: str) -> w.Approval:
    return _nonce(client, approval_id, "reveal", nonce)
