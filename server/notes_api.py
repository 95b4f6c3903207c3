"""HTTP endpoints for private notes' keys and device approvals (docs/spec/e2e-notes.md).

A router of its own beside server/app.py's endpoints; every route takes the
device's bearer token and parses with sync/e2e/wire.py. Writes run in one
transaction each; the reads take no write lock.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from server import auth, limits, notes_keys, schemas
from server.context import ServerContext
from server.db import read_transaction, transaction
from sync.e2e import wire as w

_bearer = HTTPBearer(auto_error=False, description="the access token from enroll or refresh")
Authorization = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": schemas.ErrorOut} for code in (400, 401, 404, 409, 413, 422, 426, 429)
}
_ID = Path(min_length=1, max_length=100)


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class NotesDeviceOut(_Model):
    device_id: str
    name: str
    exchange_public_key: str | None
    approved: bool
    this_device: bool


class NotesKeyStateOut(_Model):
    generation: int | None
    wrapped: str | None
    wrapped_generation: int | None
    rotation_due: bool
    recovery_generation: int | None
    devices: list[NotesDeviceOut]
    open_approvals: int = 0


class DeviceWrapIn(_Model):
    device_id: str = Field(min_length=1, max_length=100)
    wrapped: str = Field(min_length=1, max_length=w.MAX_WRAP_CHARS)


class WrapsIn(_Model):
    generation: int = Field(ge=1, le=2**31 - 1)
    wraps: list[DeviceWrapIn] = Field(max_length=w.MAX_DEVICES_PER_WRAP)
    recovery: str | None = Field(default=None, max_length=w.MAX_WRAP_CHARS)
    start: bool = False


class RecoveryOut(_Model):
    generation: int
    wrapped: str


class ApprovalCommitIn(_Model):
    commitment: str = Field(min_length=1, max_length=64)


class ApprovalNonceIn(_Model):
    nonce: str = Field(min_length=1, max_length=64)


class ApprovalOut(_Model):
    approval_id: str
    device_id: str
    device_name: str
    device_public_key: str | None
    commitment: str
    state: str
    created_at: str
    approver_device_id: str | None
    approver_public_key: str | None
    approver_nonce: str | None
    device_nonce: str | None


class ApprovalsOut(_Model):
    approvals: list[ApprovalOut]


def router(ctx: ServerContext) -> APIRouter:
    """The routes under /v1/notes, bound to one server context."""
    r = APIRouter(prefix="/v1/notes")

    def _token(credentials: HTTPAuthorizationCredentials | None) -> str | None:
        return None if credentials is None else f"Bearer {credentials.credentials}"

    @r.get("/keys", response_model=NotesKeyStateOut, responses=_ERRORS)
    def get_keys(authorization: Authorization = None) -> JSONResponse:
        with read_transaction(ctx.sessions) as session:
            device = auth.authenticate(ctx, session, _token(authorization), touch=False)
            out = notes_keys.state(session, device)
        return JSONResponse(out.to_json(), headers=auth.NO_STORE)

    @r.post("/keys", status_code=204, response_class=Response, responses=_ERRORS)
    def post_keys(body: WrapsIn, authorization: Authorization = None) -> Response:
        raw = body.model_dump()
        limits.clean_strings(raw, "wraps")
        req = w.WrapsRequest.from_json(raw)
        with transaction(ctx.sessions) as session:
            device = auth.authenticate(ctx, session, _token(authorization))
            notes_keys.put_wraps(session, device, req)
        return Response(status_code=204)

    @r.get("/recovery", response_model=RecoveryOut, responses=_ERRORS)
    def get_recovery(authorization: Authorization = None) -> JSONResponse:
        with read_transaction(ctx.sessions) as session:
            device = auth.authenticate(ctx, session, _token(authorization), touch=False)
            out = notes_keys.recovery(session, device)
        return JSONResponse(out.to_json(), headers=auth.NO_STORE)

    @r.get("/approvals", response_model=ApprovalsOut, responses=_ERRORS)
    def get_approvals(authorization: Authorization = None) -> JSONResponse:
        with read_transaction(ctx.sessions) as session:
            device = auth.authenticate(ctx, session, _token(authorization), touch=False)
            out = notes_keys.approvals(session, device)
        return JSONResponse({"approvals": [a.to_json() for a in out]}, headers=auth.NO_STORE)

    @r.post("/approvals", response_model=ApprovalOut, responses=_ERRORS)
    def post_approval(body: ApprovalCommitIn, authorization: Authorization = None) -> JSONResponse:
        raw = body.model_dump()
        limits.clean_strings(raw, "approval")
        req = w.ApprovalCommit.from_json(raw)
        with transaction(ctx.sessions) as session:
            device = auth.authenticate(ctx, session, _token(authorization))
            out = notes_keys.request_approval(session, device, req)
        return JSONResponse(out.to_json(), headers=auth.NO_STORE)

    @r.post("/approvals/{approval_id}/answer", response_model=ApprovalOut, responses=_ERRORS)
    def answer_approval(
        body: ApprovalNonceIn,
        approval_id: Annotated[str, _ID],
        authorization: Authorization = None,
    ) -> JSONResponse:
        raw = body.model_dump()
        limits.clean_strings([raw, approval_id], "approval")
        req = w.ApprovalNonce.from_json(raw)
        with transaction(ctx.sessions) as session:
            device = auth.authenticate(ctx, session, _token(authorization))
            out = notes_keys.answer_approval(session, device, approval_id, req)
        return JSONResponse(out.to_json(), headers=auth.NO_STORE)

    @r.post("/approvals/{approval_id}/reveal", response_model=ApprovalOut, responses=_ERRORS)
    def reveal_approval(
        body: ApprovalNonceIn,
        approval_id: Annotated[str, _ID],
        authorization: Authorization = None,
    ) -> JSONResponse:
        raw = body.model_dump()
        limits.clean_strings([raw, approval_id], "approval")
        req = w.ApprovalNonce.from_json(raw)
        with transaction(ctx.sessions) as session:
            device = auth.authenticate(ctx, session, _token(authorization))
            out = notes_keys.reveal_approval(session, device, approval_id, req)
        return JSONResponse(out.to_json(), headers=auth.NO_STORE)

    return r
