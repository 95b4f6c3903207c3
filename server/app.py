"""The HTTP API v1 (FastAPI). Thin: each endpoint parses with sync.protocol and calls a service."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import anyio
import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from server import access, auth, feed, journal, limits, notes_api, releases, schemas
from server.context import ServerContext, audit, now
from server.db import READ_ONLY, read_connection, read_transaction, transaction
from server.errors import ApiError, not_found, unauthorized
from server.group_commit import GroupCommitter
from server.metrics import CONTENT_TYPE, Instrument, Metrics
from server.models import Device, Meeting, User
from sync import protocol as p
from sync.errors import FolioError

_bearer = HTTPBearer(auto_error=False, description="the access token from enroll or refresh")
Authorization = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": schemas.ErrorOut} for code in (400, 401, 404, 413, 422, 426, 429)
}
_AUTH_ERRORS: dict[int | str, dict[str, Any]] = _ERRORS


def _error(status: int, code: str, detail: str, retry_after: int | None = None) -> JSONResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return JSONResponse({"code": code, "detail": detail}, status_code=status, headers=headers)


#: token hashes the ops body gate remembers per process (about 100 bytes each)
_KNOWN_TOKENS_KEPT = 100_000
#: On SQLite, where groups of pushes are applied on the event loop, a group holds at
#: most this many ops (about 60 ms of the loop): four devices' 100-op batches.
LOOP_GROUP_OPS = 400
_PROTOCOL_HEADER = p.PROTOCOL_HEADER.lower().encode("ascii")
_PROTOCOL_VALUE = str(p.PROTOCOL_VERSION).encode("ascii")


class ProtocolVersion:
    """Refuse a client protocol below ``p.MIN_CLIENT_PROTOCOL`` (426) or a header that
    is no number (400), and name the server's protocol on every answer."""

    def __init__(self, app: limits.ASGIApp) -> None:
        self.app = app

    async def __call__(
        self, scope: limits.Scope, receive: limits.Receive, send: limits.Send
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = limits.header(scope, _PROTOCOL_HEADER)
        if sent is not None:
            # ASCII only: "²" is a digit to str.isdigit() and a ValueError to int()
            if not (sent.strip().isascii() and sent.strip().isdigit() and len(sent) < 10):
                refusal = _error(400, p.ErrorCode.BAD_REQUEST.value, "bad protocol header")
                await refusal(scope, receive, send)
                return
            if int(sent) < p.MIN_CLIENT_PROTOCOL:
                refusal = _error(426, p.ErrorCode.CLIENT_TOO_OLD.value, "update Folio")
                await refusal(scope, receive, send)
                return

        async def send_with_version(message: limits.Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", ()) if h[0] != _PROTOCOL_HEADER]
                message["headers"] = [*headers, (_PROTOCOL_HEADER, _PROTOCOL_VALUE)]
            await send(message)

        await self.app(scope, receive, send_with_version)


_CURSOR_CHARS = 100
#: GET /v1/feed's query as FastAPI documented it when it parsed it itself.
_FEED_PARAMETERS: list[dict[str, Any]] = [
    {
        "in": "query",
        "name": "cursor",
        "required": False,
        "schema": {
            "anyOf": [{"maxLength": _CURSOR_CHARS, "type": "string"}, {"type": "null"}],
            "title": "Cursor",
        },
    },
    {
        "in": "query",
        "name": "limit",
        "required": False,
        "schema": {
            "default": p.DEFAULT_FEED_LIMIT,
            "maximum": p.MAX_FEED_LIMIT,
            "minimum": 1,
            "title": "Limit",
            "type": "integer",
        },
    },
]


def _feed_query(request: Request) -> tuple[str | None, int]:
    """``cursor`` and ``limit``, refused (422) where FastAPI's own parsing refused them."""
    query = request.query_params
    cursor = query.get("cursor")
    if cursor is not None and len(cursor) > _CURSOR_CHARS:
        raise _invalid("cursor", f"String should have at most {_CURSOR_CHARS} characters")
    raw = query.get("limit")
    if raw is None:
        return cursor, p.DEFAULT_FEED_LIMIT
    text = raw.strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not (digits.isascii() and digits.isdigit() and len(digits) < 10):
        raise _invalid("limit", "Input should be a valid integer")
    limit = int(text)
    if not 1 <= limit <= p.MAX_FEED_LIMIT:
        raise _invalid("limit", f"Input should be between 1 and {p.MAX_FEED_LIMIT}")
    return cursor, limit


def _invalid(name: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("query", name), "msg": message, "type": "value_error"}])


class _Pollers:
    """The threads PostgreSQL feed polls may use at once, per process.

    A small pool, not the 40 threads every other endpoint shares: with 200 devices
    polling, 40 poll threads took the interpreter from the few threads that apply
    pushes (server/group_commit.py), and a push waited over a second while a poll
    took a tenth of that. With a few threads polls queue too, first come first
    served, and both answer within a second (issue 13's load bench; decisions.md 25).
    """

    THREADS = 4

    def __init__(self) -> None:
        self._limiter: anyio.CapacityLimiter | None = None

    def get(self) -> anyio.CapacityLimiter:
        if self._limiter is None:  # made on the event loop, at the first poll
            self._limiter = anyio.CapacityLimiter(self.THREADS)
        return self._limiter


def create_app(ctx: ServerContext) -> FastAPI:
    app = FastAPI(
        title="Folio sync API",
        version=str(p.PROTOCOL_VERSION),
        description="See docs/protocol.md. Every message is defined in sync/protocol/.",
    )

    metrics = Metrics(ctx)

    @app.exception_handler(ApiError)
    async def _api_error(_req: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code.value, exc.detail, exc.retry_after)

    @app.exception_handler(FolioError)
    async def _folio_error(_req: Request, exc: FolioError) -> JSONResponse:
        return _error(400, p.ErrorCode.BAD_REQUEST.value, exc.detail or exc.kind.value)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI's own refusals (a body it cannot parse, an unknown path or method)
        # answer in the API's one error shape too
        code = p.ErrorCode.NOT_FOUND if exc.status_code == 404 else p.ErrorCode.BAD_REQUEST
        if exc.status_code >= 500:
            code = p.ErrorCode.SERVER_ERROR
        return JSONResponse(
            {"code": code.value, "detail": str(exc.detail)},
            status_code=exc.status_code,
            headers=exc.headers,  # 405 keeps its Allow
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_req: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return _error(422, p.ErrorCode.BAD_REQUEST.value, f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(Exception)
    async def _unexpected(_req: Request, _exc: Exception) -> JSONResponse:
        return _error(500, p.ErrorCode.SERVER_ERROR.value, "internal error")

    # Pure ASGI, not @app.middleware("http"): Starlette's BaseHTTPMiddleware runs each
    # request through a task group and a memory stream, measurable CPU on every poll.
    app.add_middleware(ProtocolVersion)

    # Outside _protocol: it also counts what _protocol refuses (400, 426).
    app.add_middleware(Instrument, metrics=metrics)

    # Token hashes this process already found in the database. Tokens are never
    # deleted and the gate lets expired and revoked ones through anyway (the endpoint
    # answers those), so a hit here is the answer the database would give, and a
    # device's pushes after its first skip a read transaction of their own.
    known_tokens: set[str] = set()

    def _token_known(authorization: str | None) -> bool:
        hashed = limits.bearer_hash(authorization)
        if hashed is None:
            return False
        if hashed in known_tokens:
            return True
        with read_transaction(ctx.sessions) as session:
            known = limits.token_known(session, authorization)
        if known:
            _remember(hashed)
        return known

    def _remember(hashed: str) -> None:
        if len(known_tokens) >= _KNOWN_TOKENS_KEPT:
            known_tokens.clear()  # bounded; refilled from the database as devices call
        known_tokens.add(hashed)

    def _token_remembered(authorization: str | None) -> bool:
        hashed = limits.bearer_hash(authorization)
        return hashed is not None and hashed in known_tokens

    # outermost: a body over the route's limit is refused before anything reads it,
    # and a large one (an ops batch) is read only for a token this server issued
    app.add_middleware(limits.BodyLimit, gate=_token_known, remembered=_token_remembered)

    def device_of(session: Session, credentials: HTTPAuthorizationCredentials | None) -> Device:
        token = None if credentials is None else f"Bearer {credentials.credentials}"
        return auth.authenticate(ctx, session, token)

    @contextmanager
    def reading_as_device(
        credentials: HTTPAuthorizationCredentials | None,
    ) -> Iterator[tuple[Session, Device]]:
        """A read-only request: its device and a transaction that takes no write lock
        (SQLite readers then never queue behind ops commits). The once-a-minute
        last-seen write follows in its own short transaction."""
        token = None if credentials is None else f"Bearer {credentials.credentials}"
        with read_transaction(ctx.sessions) as session:
            device = auth.authenticate(ctx, session, token, touch=False)
            yield session, device
        if auth.seen_due(device):
            _touch(device.id)

    def _touch(device_id: str) -> None:
        with transaction(ctx.sessions) as session:
            auth.touch(session, device_id)

    @app.get(
        "/v1/health",
        response_model=schemas.HealthOut,
        responses={503: {"model": schemas.ErrorOut}},
    )
    def health() -> JSONResponse:
        try:
            with ctx.engine.connect().execution_options(**{READ_ONLY: True}) as conn:
                conn.execute(text("SELECT 1"))  # no write lock: a probe must not queue
        except SQLAlchemyError:
            return _error(503, p.ErrorCode.SERVER_ERROR.value, "database unavailable")
        return JSONResponse(p.Health("ok", p.PROTOCOL_VERSION, now()).to_json())

    @app.get(
        "/v1/release",
        response_class=Response,
        responses={
            200: {
                "description": "signed release metadata, the bytes the release manager signed",
                "content": {"application/json": {}},
            },
            404: {"model": schemas.ErrorOut},
        },
    )
    def release() -> Response:
        # No token: devices check before enrolling, and the metadata is public and
        # signed (the device verifies it against its pinned release key).
        data = releases.current(ctx)
        if data is None:
            raise not_found("no release published")
        return Response(data, media_type="application/json", headers={"Cache-Control": "no-cache"})

    @app.get("/metrics", include_in_schema=False)
    def get_metrics(request: Request) -> Response:
        # Operators' Prometheus, not devices: outside the device API and its schema.
        if not metrics.allowed(request.scope):
            raise unauthorized("metrics: send the metrics token, or scrape from this machine")
        return Response(
            metrics.render(), media_type=CONTENT_TYPE, headers={"Cache-Control": "no-store"}
        )

    @app.post("/v1/enroll", response_model=schemas.EnrollOut, responses=_ERRORS)
    def enroll(body: schemas.EnrollIn, request: Request) -> JSONResponse:
        limits.clean_strings(body.model_dump(), "enroll")
        req = p.EnrollRequest.from_json(body.model_dump())
        address = request.client.host if request.client else "unknown"
        return JSONResponse(auth.enroll(ctx, req, address).to_json(), headers=auth.NO_STORE)

    @app.post("/v1/token/refresh", response_model=schemas.TokenPairOut, responses=_ERRORS)
    def refresh(body: schemas.RefreshIn, request: Request) -> JSONResponse:
        limits.clean_strings(body.model_dump(), "refresh")
        req = p.RefreshRequest.from_json(body.model_dump())
        address = request.client.host if request.client else None
        pair = auth.refresh(ctx, req.refresh_token, address)
        return JSONResponse(pair.to_json(), headers=auth.NO_STORE)

    poll_inline = ctx.engine.dialect.name == "sqlite"
    pollers = _Pollers()

    def _poll(
        authorization: str | None, cursor: str | None, limit: int
    ) -> tuple[bytes, auth.Caller]:
        with read_connection(ctx.engine) as conn:
            caller = auth.identify(conn, authorization)
            page = feed.read_page(ctx, conn, caller, cursor, limit)
        _remember(caller.token_hash)  # the device's next push passes the body gate unasked
        return page, caller

    @app.get(
        "/v1/feed",
        response_model=schemas.FeedPageOut,
        responses=_AUTH_ERRORS,
        openapi_extra={"parameters": _FEED_PARAMETERS, "security": [{"HTTPBearer": []}]},
    )
    async def get_feed(request: Request) -> Response:
        # Most of a fleet's requests are this poll. On SQLite it runs on the event
        # loop: a read there takes no lock and waits on nothing but the page cache,
        # and handing it to a worker thread and back cost about a fifth of its CPU
        # (issue 13). On PostgreSQL each statement waits on a socket, which on the loop
        # would stall every other request of the worker (at 200 devices requests/s
        # fell by a third), so there it runs in a thread like the other endpoints.
        # The query and the token are read by hand (FastAPI's per-request parameter
        # machinery cost as much as the poll's SQL); openapi_extra documents them as
        # FastAPI did.
        cursor, limit = _feed_query(request)
        authorization = request.headers.get("authorization")
        if poll_inline:
            body, caller = _poll(authorization, cursor, limit)
        else:
            body, caller = await anyio.to_thread.run_sync(
                _poll, authorization, cursor, limit, limiter=pollers.get()
            )
        if auth.seen_due(caller):  # the once-a-minute write may wait for SQLite's lock
            await run_in_threadpool(_touch, caller.device_id)
        return Response(body, media_type="application/json")

    @app.get("/v1/checkin", response_model=schemas.CheckInOut, responses=_AUTH_ERRORS)
    def checkin(authorization: Authorization = None) -> JSONResponse:
        # Reached by devices below the policy's min_app_version, which neither pull
        # nor push: revocation (401 above), a wipe order and the policy still arrive.
        with reading_as_device(authorization) as (session, device):
            answer = access.checkin(session, device)
        return JSONResponse(answer.to_json())

    @app.get(
        "/v1/meetings/{meeting_id}/manifest",
        response_model=schemas.SignedManifestOut,
        responses=_AUTH_ERRORS,
    )
    def manifest(meeting_id: str, authorization: Authorization = None) -> JSONResponse:
        limits.clean_strings(meeting_id, "meeting id")
        with reading_as_device(authorization) as (session, device):
            meeting = session.get(Meeting, meeting_id)
            if meeting is None:
                raise not_found("no such meeting")
            m = access.build_manifest(
                session, meeting, access.committees_of(session, device.user_id)
            )
            if m is None:
                raise not_found("no such meeting")
        return JSONResponse(access.sign_manifest(ctx, m).to_json())

    @app.get(
        "/v1/documents/{sha256}",
        responses={
            **_AUTH_ERRORS,
            200: {"content": {"application/pdf": {}}},
            206: {"description": "Partial content", "content": {"application/pdf": {}}},
            416: {"description": "Range not satisfiable"},
        },
        response_class=Response,
    )
    def document(sha256: str, authorization: Authorization = None) -> Response:
        with ctx.sessions() as session, session.begin():
            device = device_of(session, authorization)
            if not _SHA_RE.match(sha256):
                raise not_found("no such document")
            visible, closed_docs = access.blob_access(
                session, sha256, access.committees_of(session, device.user_id)
            )
            if not visible or not ctx.blobs.has(sha256):
                raise not_found("no such document")
            if closed_docs:
                user = session.get(User, device.user_id)
                audit(
                    session,
                    user.username if user else "?",
                    "document.download",
                    closed_docs[0],
                    device_id=device.id,
                    detail=sha256,
                )
        path: Path = ctx.blobs.path(sha256)
        return FileResponse(
            path,
            media_type="application/pdf",
            headers={"ETag": f'"{sha256}"', "Cache-Control": "private, no-transform"},
        )

    # Pushes: where each runs (issue 13's load runs chose it; docs/decisions.md 25).
    # Either way the pushes that queue up together are applied in one transaction,
    # under one feed lock and one commit (server/group_commit.py). On SQLite the
    # group runs on the event loop, like the feed poll: SQLite takes one writer at a
    # time anyway, and on the loop a push waits its turn with the polls instead of
    # making four trips through a loop they keep busy (ops p50 was 0.5 s beside a
    # feed p50 of 60 ms), and without the interpreter lock passing between a writer
    # thread and the loop in the middle of every transaction (ingestion ran 20-30 %
    # faster). The group is what arrived in one turn of the loop. On PostgreSQL a few
    # writer threads per process take the groups.
    pushes_inline = poll_inline
    committer = (
        GroupCommitter(ctx, writers=0, max_ops=LOOP_GROUP_OPS)
        if pushes_inline
        else GroupCommitter(ctx)
    )
    flush_due = False

    def _flush() -> None:
        nonlocal flush_due
        flush_due = False
        committer.apply_queued()

    def _push_request(body: schemas.OpsIn) -> tuple[p.Op, ...]:
        req = p.OpsRequest.from_json(body.model_dump(exclude_unset=False))
        limits.clean_ops(req)
        return req.ops

    def _refuse_batch(authorization: Authorization) -> None:
        # Who is asking is answered first (401 before 400), as when the batch was
        # only parsed after authenticating; the happy path authenticates once, in the
        # batch's own transaction.
        with reading_as_device(authorization):
            pass

    @app.post("/v1/ops", response_model=schemas.OpsOut, responses=_AUTH_ERRORS)
    async def post_ops(body: schemas.OpsIn, authorization: Authorization = None) -> JSONResponse:
        nonlocal flush_due
        try:
            batch = _push_request(body)
        except (FolioError, ApiError):
            await run_in_threadpool(_refuse_batch, authorization)
            raise
        token = None if authorization is None else f"Bearer {authorization.credentials}"
        pending = committer.submit(token, batch)
        if pushes_inline and not flush_due:
            # after the callbacks ready now: the other pushes of this turn join in
            flush_due = True
            asyncio.get_running_loop().call_soon(_flush)
        answers = await asyncio.wrap_future(pending)
        metrics.count_ops(answers)
        return JSONResponse(p.OpsResponse(tuple(answers)).to_json())

    @app.post("/v1/device/wiped", status_code=204, response_class=Response, responses=_AUTH_ERRORS)
    def device_wiped(body: schemas.WipedIn, authorization: Authorization = None) -> Response:
        limits.clean_strings(body.model_dump(), "wiped")
        req = p.WipedRequest.from_json(body.model_dump())
        with ctx.sessions() as session, session.begin():
            device = device_of(session, authorization)
            if req.device_id != device.id:
                raise not_found("no such device")
            t = now()
            journal.append(ctx.data_dir, journal.Event.DEVICE_REVOKED, t, device_id=device.id)
            device.wiped_at = t
            device.revoked_at = t
            user = session.get(User, device.user_id)
            audit(
                session,
                user.username if user else "?",
                "device.wiped",
                device.id,
                device_id=device.id,
            )
        return Response(status_code=204)

    @app.post("/v1/device/keys", status_code=204, response_class=Response, responses=_ERRORS)
    def device_keys(body: schemas.DeviceKeysIn, authorization: Authorization = None) -> Response:
        limits.clean_strings(body.model_dump(), "device keys")
        keys = p.DeviceKeys.from_json(body.model_dump())
        with ctx.sessions() as session, session.begin():
            auth.register_keys(ctx, session, device_of(session, authorization), keys)
        return Response(status_code=204)

    @app.post("/v1/device/challenge", response_model=schemas.ChallengeOut, responses=_ERRORS)
    def device_challenge(body: schemas.ChallengeIn) -> JSONResponse:
        limits.clean_strings(body.model_dump(), "challenge")
        req = p.ChallengeRequest.from_json(body.model_dump())
        return JSONResponse(auth.challenge(ctx, req).to_json(), headers=auth.NO_STORE)

    @app.post("/v1/device/reauth", response_model=schemas.TokenPairOut, responses=_ERRORS)
    def device_reauth(body: schemas.ReauthIn, request: Request) -> JSONResponse:
        limits.clean_strings(body.model_dump(), "reauth")
        req = p.ReauthRequest.from_json(body.model_dump())
        address = request.client.host if request.client else "unknown"
        return JSONResponse(auth.reauth(ctx, req, address).to_json(), headers=auth.NO_STORE)

    app.include_router(notes_api.router(ctx))  # private notes' keys (docs/spec/e2e-notes.md)
    return app
