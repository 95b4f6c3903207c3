"""What the server accepts: body sizes, clean text, and a cap on every op field.

Everything here answers before storage sees the input, for two reasons the
issue-13 probe measured: unbounded input costs every other user (a 20 MB
``parent_id`` went into every feed, a 1M-point stroke held the SQLite write lock
for 15 s, a 100 MB password to an unauthenticated route cost 440 MB of memory),
and some input broke a database driver into a 500 (NUL and lone surrogates on
PostgreSQL, a 27-digit cursor on SQLite).

Three layers, from the outside in:

1. ``BodyLimit``: an ASGI middleware that answers 413 before anything parses the
   body (declared Content-Length or bytes counted as they arrive, chunked too),
   and reads the one large body (an ops batch) only for a token the server issued.
2. ``clean_strings``: request-level text that becomes a key or a database value
   (device names, user names, codes, op ids, meeting ids) must hold no NUL and
   no lone surrogate; a 400 for the whole request.
3. ``check_payload``: per op kind, the routing fields (the ids the server files
   the op under) and the content; a breach rejects that one op as
   ``invalid_payload`` and the batch goes on. Each kind has a ``Shape``; a kind
   whose content arrives sealed end to end (private notes, later) gets a shape
   with ``content=None``: only its size and routing fields are checked, since
   the server cannot and must not look inside.

The numbers are stated in docs/security.md (V5 / V13 rows).
"""

from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import access, security
from server.errors import ApiError
from server.models import AccessToken, Annotation, Comment, Document, DocumentVersion
from sync import protocol as p
from sync.errors import ErrorKind, FolioError

# -- sizes --------------------------------------------------------------------

#: ids an op carries (op id, annotation, document, comment, case, parent ids).
MAX_ID_CHARS = 100
#: canonical JSON of one op payload (sync.protocol.canonical_json).
MAX_PAYLOAD_BYTES = 256 * 1024
MAX_RECTS = p.MAX_ANNOTATION_RECTS
MAX_STROKES = p.MAX_ANNOTATION_STROKES
#: the desktop's pen makes one stroke per annotation, points 0.5 pt apart at least,
#: rounded to 0.01 pt (about 22 bytes each): 10,000 of them fit the byte cap.
MAX_POINTS_PER_STROKE = 10_000
MAX_POINTS = p.MAX_ANNOTATION_POINTS
#: the sync client's JSON of one op on the wire: ASCII escapes and spacing make it
#: up to about twice the canonical size, plus the op's own envelope.
MAX_OP_WIRE_BYTES = 2 * MAX_PAYLOAD_BYTES + 2048
#: POST /v1/ops: a full batch of maximum-size ops still fits.
OPS_BODY_BYTES = p.MAX_OPS_PER_BATCH * MAX_OP_WIRE_BYTES + 2048
#: every other route: enrollment, tokens, device keys; GETs carry no body at all.
SMALL_BODY_BYTES = 16 * 1024
#: a feed cursor's sequence number fits a signed 64-bit column.
MAX_SEQ_DIGITS = 18
#: integers in a payload (page, versions, revisions, coordinates) fit a 32-bit
#: column on PostgreSQL; larger ones were a 500 from the driver.
MAX_PAYLOAD_INT = 2**31 - 1

_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def body_limit(path: str) -> int:
    return OPS_BODY_BYTES if path == f"{p.API_PREFIX}/ops" else SMALL_BODY_BYTES


def _error_body(status: int, detail: str, code: p.ErrorCode) -> tuple[dict[str, Any], bytes]:
    body = p.canonical_json({"code": code.value, "detail": detail})
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode("ascii")),
            (p.PROTOCOL_HEADER.lower().encode("ascii"), str(p.PROTOCOL_VERSION).encode("ascii")),
            (b"connection", b"close"),
        ],
    }
    return start, body


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


#: the one question asked before a large body is read: is this Authorization
#: header a token the server issued? (run in a worker thread: it reads the database)
Gate = Callable[[str | None], bool]


class BodyLimit:
    """413 before the body is parsed, whatever the route.

    The body is read here, counted as it arrives and handed on only once it is
    whole and within the limit: FastAPI turns any error raised while it reads a
    body into a 400, so the limit cannot be enforced from inside it. Memory per
    request is therefore bounded by the route's limit, never by what a client
    sends. A route whose limit is larger than the small one (the ops batch) also
    asks ``gate`` first: an unknown token gets its 401 before a byte of the body
    is read, so only enrolled devices can make the server hold a large body.
    """

    def __init__(
        self, app: ASGIApp, gate: Gate | None = None, remembered: Gate | None = None
    ) -> None:
        self.app = app
        self.gate = gate
        # Asked first, on the event loop: a token already found in the database (an
        # in-memory answer) spares a push the trip to a worker thread and back.
        self.remembered = remembered

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(str(scope.get("path", "")))
        declared = _content_length(scope)
        if declared == -1:
            await _answer(send, 400, "bad Content-Length")
            return
        if declared is not None and declared > limit:
            await _answer(send, 413, f"body larger than {limit} bytes")
            return
        if limit > SMALL_BODY_BYTES and self.gate is not None:
            authorization = header(scope, b"authorization")
            if not (
                self.remembered is not None and self.remembered(authorization)
            ) and not await anyio.to_thread.run_sync(self.gate, authorization):
                await _answer(send, 401, "unknown access token", p.ErrorCode.UNAUTHORIZED)
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before sending its body
            chunk = bytes(message.get("body", b""))
            size += len(chunk)
            if size > limit:
                await _answer(send, 413, f"body larger than {limit} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect

        await self.app(scope, replay, send)


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _content_length(scope: Scope) -> int | None:
    """The declared length; None when absent, -1 when it is not a plain number."""
    text = header(scope, b"content-length")
    if text is None:
        return None
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return -1
    return int(text)


async def _answer(
    send: Send, status: int, detail: str, code: p.ErrorCode = p.ErrorCode.BAD_REQUEST
) -> None:
    start, body = _error_body(status, detail, code)
    await send(start)
    await send({"type": "http.response.body", "body": body, "more_body": False})


# -- text ---------------------------------------------------------------------


def is_clean(text: str) -> bool:
    """No NUL (PostgreSQL text refuses it) and no lone surrogate (not UTF-8 at all)."""
    return _BAD_TEXT.search(text) is None


def clean_strings(value: Any, where: str = "body") -> None:
    """400 for the first string (key or value, at any depth) that is not clean."""
    stack: list[Any] = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if not is_clean(v):
                raise ApiError(
                    400, p.ErrorCode.BAD_REQUEST, f"{where}: NUL or lone surrogate in text"
                )
        elif isinstance(v, Mapping):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list | tuple):
            stack.extend(v)


def clean_ops(req: p.OpsRequest) -> None:
    """The fields of a batch that key the op record: a bad one fails the whole request.

    Payload text is judged per op by ``check_payload`` (a rejection, stored under
    the op's id), so one bad op does not hold up the rest of a device's outbox.
    """
    for op in req.ops:
        clean_strings([op.id, op.kind], "op")
        if op.receipt is not None:
            clean_strings(op.receipt.signature, "op receipt")


# -- op payloads --------------------------------------------------------------


def _bad(detail: str) -> FolioError:
    return FolioError(ErrorKind.PROTOCOL, detail)


def _number(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return abs(v) < 2**53
    return isinstance(v, float) and math.isfinite(v)


def _annotation_content(a: p.AnnotationPayload) -> None:
    if len(a.rects) > MAX_RECTS:
        raise _bad(f"rects: more than {MAX_RECTS}")
    for r in a.rects:
        if not isinstance(r, list) or len(r) != 4 or not all(_number(x) for x in r):
            raise _bad("rects: each one four numbers")
    if len(a.strokes) > MAX_STROKES:
        raise _bad(f"strokes: more than {MAX_STROKES}")
    total = 0
    for s in a.strokes:
        if not isinstance(s, list) or len(s) > MAX_POINTS_PER_STROKE:
            raise _bad(f"strokes: each a list of at most {MAX_POINTS_PER_STROKE} points")
        total += len(s)
        for pt in s:
            if not isinstance(pt, list) or len(pt) not in (2, 3) or not all(_number(x) for x in pt):
                raise _bad("strokes: each point two or three numbers")
    if total > MAX_POINTS:
        raise _bad(f"strokes: more than {MAX_POINTS} points")


def _scan_payload(value: Any) -> int:
    """The largest magnitude of any integer in a JSON value (0 if there is none),
    after refusing any text in it (key or value) that is not clean; one walk, as
    every op of every push passes here (issue 13's ingestion)."""
    largest = 0
    stack: list[Any] = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if not is_clean(v):
                raise _bad("payload: NUL or lone surrogate in text")
        elif isinstance(v, int):
            if not isinstance(v, bool):
                largest = max(largest, abs(v))
        elif isinstance(v, Mapping):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list | tuple):
            stack.extend(v)
    return largest


def _no_content(_payload: Any) -> None:
    """Kinds whose content is all routing fields and protocol-checked scalars."""


@dataclass(frozen=True)
class Shape:
    """What the server may check of one op kind.

    ``routing``: the payload's ids the server files the op under; always checked.
    ``content``: checks the rest, or None for a payload sealed end to end, whose
    content the server only carries (its size still counts).
    """

    routing: tuple[str, ...]
    content: Callable[[Any], None] | None
    max_bytes: int = MAX_PAYLOAD_BYTES


SHAPES: dict[p.OpKind, Shape] = {
    p.OpKind.ANNOTATION_PUT: Shape(("annotation_id", "document_id"), _annotation_content),
    p.OpKind.ANNOTATION_DELETE: Shape(("annotation_id",), _no_content),
    p.OpKind.COMMENT_ADD: Shape(("comment_id", "target_id", "parent_id"), _no_content),
    p.OpKind.APPROVAL_DECIDE: Shape(("approval_id", "case_id"), _no_content),
    p.OpKind.READ_RECEIPT: Shape(("document_id",), _no_content),
}


def check_payload(kind: p.OpKind, raw: Mapping[str, Any], parsed: Any, size: int) -> None:
    """FolioError(PROTOCOL) when one op breaks a cap: the op is ``invalid_payload``.

    ``raw`` is the payload as sent (its size and text are judged as a whole);
    ``parsed`` is the protocol's dataclass of it; ``size`` the length of its
    ``canonical_json``, which the caller made for the payload's hash anyway.
    """
    shape = SHAPES[kind]
    if size > shape.max_bytes:
        raise _bad(f"payload larger than {shape.max_bytes} bytes")
    for name in shape.routing:
        value = raw.get(name)
        if value is None:
            continue  # optional routing field (parent_id); required ones the protocol checked
        if not isinstance(value, str) or not value or len(value) > MAX_ID_CHARS:
            raise _bad(f"{name}: an id of 1 to {MAX_ID_CHARS} characters")
    if _scan_payload(raw) > MAX_PAYLOAD_INT:
        raise _bad(f"a number beyond {MAX_PAYLOAD_INT}")
    if shape.content is not None:
        shape.content(parsed)


# -- checks that need the database (return a reason; ops.py raises it) --------

#: a target the device may not see is answered exactly like one that does not
#: exist, so op answers tell no more than GETs (which answer 404 for both).
HIDDEN = p.Reason.UNKNOWN_TARGET


def page_problem(session: Session, a: p.AnnotationPayload) -> p.Reason | None:
    """The page must exist in the document version the annotation was made on.

    A version below the document's current one that the server does not hold was
    handed out and then lost by a restore from a backup (backup.raise_versions moves
    the document past it): the device's mark on it is the reader's change and is
    taken as it is (found by tests/model: an unshare made on such a mark was refused
    for good, and the note stayed shared). A version above the current one was never
    handed out."""
    pages = session.scalar(
        select(DocumentVersion.pages).where(
            DocumentVersion.document_id == a.document_id,
            DocumentVersion.version == a.document_version,
        )
    )
    if pages is None:
        current = session.scalar(select(Document.version).where(Document.id == a.document_id))
        if current is not None and a.document_version < current:
            return None
        return p.Reason.INVALID_PAYLOAD
    if a.page >= pages:
        return p.Reason.INVALID_PAYLOAD
    return None


def parent_problem(session: Session, c: p.CommentPayload) -> p.Reason | None:
    """A reply's parent must be a comment on the same target (so as visible as it).

    Called after the target's visibility was checked; a parent elsewhere is
    answered like a missing one, as it may sit on a target this reader cannot see.
    """
    if c.parent_id is None:
        return None
    parent = session.get(Comment, c.parent_id)
    if (
        parent is None
        or parent.target_kind != c.target_kind.value
        or parent.target_id != c.target_id
    ):
        return HIDDEN
    return None


def shared_with(session: Session, ann: Annotation, committees: set[str]) -> bool:
    """Another reader's annotation is visible only as a committee mark on a document
    this reader sees (the feed's rule), so only then may a comment name it."""
    if ann.deleted or ann.visibility != p.Visibility.COMMITTEE.value:
        return False
    doc = session.get(Document, ann.document_id)
    return doc is not None and access.document_visibility(session, doc, committees)[0]


def bearer_hash(authorization: str | None) -> str | None:
    """The stored hash of a bearer token; None when the header carries none."""
    if not authorization or not authorization.lower().startswith("bearer "):
        return None
    return security.token_hash(authorization[7:].strip())


def token_known(session: Session, authorization: str | None) -> bool:
    """The gate before a large body: a bearer token this server issued (expired or
    revoked ones pass here; the endpoint answers those with their own codes)."""
    hashed = bearer_hash(authorization)
    return hashed is not None and session.get(AccessToken, hashed) is not None


def not_owner(session: Session, ann: Annotation, committees: set[str]) -> p.Reason:
    """Another reader's annotation: ``not_owner`` only if this reader can see it;
    otherwise it is answered like an id that does not exist."""
    return p.Reason.NOT_OWNER if shared_with(session, ann, committees) else HIDDEN
