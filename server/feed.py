"""The change feed: rows with an audience, rendered for one reader's device when read.

A cursor is opaque to clients ("f2." + base64 of "<epoch>:<last sequence number
scanned>"; ``new_epoch`` says why the epoch is in it). Filtering happens in SQL,
so closed material is never even loaded for a reader outside the committee.
meeting.put and case.put are rendered from the current state at read time, so a
reader always gets what they may see *now*.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    Connection,
    String,
    Text,
    bindparam,
    cast,
    func,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from server import access, limits
from server.auth import Caller
from server.context import ServerContext, now
from server.db import lock_feed
from server.errors import ApiError
from server.models import (
    Annotation,
    Case,
    CaseAssignee,
    Document,
    FeedRow,
    Meeting,
    Membership,
    Setting,
    User,
)
from sync import protocol as p

_PREFIX_V1 = "f1."  # before epochs: the seq alone; read as "another epoch"
_PREFIX = "f2."  # "<epoch>:<seq>"
EPOCH_SETTING = "feed_epoch"


@dataclass(frozen=True)
class Epoch:
    """The feed's lineage. Sequence numbers only mean something within one epoch:
    a restored database reuses the numbers the lost rows had."""

    id: str
    restored_from: str | None  # the epoch the restored database was backed up in
    restored_seq: int  # its highest feed seq at the restore


def _epoch_of(value: dict[str, Any]) -> Epoch:
    restored_from = value.get("restored_from")
    return Epoch(
        id=str(value["epoch"]),
        restored_from=None if restored_from is None else str(restored_from),
        restored_seq=int(value.get("restored_seq", 0)),
    )


def current_epoch(session: Session) -> Epoch:
    """The epoch every cursor and op answer carries now (made by migration 0003)."""
    row = session.get(Setting, EPOCH_SETTING)
    if row is None:
        return new_epoch(session)  # a schema made without the migration (tests)
    return _epoch_of(row.value)


def new_epoch(session: Session) -> Epoch:
    """Start a new feed epoch. ``folio-server restore`` calls this, in the restored
    database, right after putting the backup in place (before serving).

    Every device then meets a cursor from another epoch, re-sends the confirmed ops
    the backup may lack (answered in another epoch, or at or above ``restored_seq``)
    and resyncs from zero, so none skips what is published after the restore even
    though the restored feed hands out sequence numbers it handed out before.
    """
    row = session.get(Setting, EPOCH_SETTING, with_for_update=True)
    previous = None if row is None else _epoch_of(row.value).id
    max_seq = session.scalar(select(func.max(FeedRow.seq))) or 0
    value: dict[str, Any] = {
        "epoch": uuid.uuid4().hex,
        "restored_from": previous,
        "restored_seq": int(max_seq),
        "started_at": p.format_time(now()),
    }
    if row is None:
        session.add(Setting(key=EPOCH_SETTING, value=value))
    else:
        row.value = value
    session.flush()
    return _epoch_of(value)


def max_seq(session: Session) -> int:
    """The highest feed seq, exact: it takes the feed writers' lock first, so no row
    with a lower seq can commit after this transaction (ops read it for ``seq``)."""
    lock_feed(session)
    return int(session.scalar(select(func.max(FeedRow.seq))) or 0)


def encode_cursor(epoch: str, seq: int) -> str:
    body = f"{epoch}:{seq}".encode("ascii")
    return _PREFIX + base64.urlsafe_b64encode(body).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[str | None, int]:
    """(epoch, last seq scanned); (None, seq) for a cursor from before epochs."""
    if not cursor:
        return None, 0
    bad = ApiError(400, p.ErrorCode.BAD_REQUEST, "unknown cursor")
    if not cursor.startswith((_PREFIX, _PREFIX_V1)) or len(cursor) > 100:
        raise bad
    body = cursor[len(_PREFIX) :]
    try:
        text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise bad from exc
    epoch: str | None = None
    if cursor.startswith(_PREFIX):
        epoch, sep, text = text.partition(":")
        if not sep or not epoch.isalnum():
            raise bad
    if not text.isdigit() or len(text) > limits.MAX_SEQ_DIGITS:  # a 64-bit column
        raise bad
    return epoch, int(text)


def add(
    session: Session,
    kind: p.FeedKind,
    *,
    ref_id: str | None = None,
    user_id: str | None = None,
    device_id: str | None = None,
    committee_id: str | None = None,
    closed: bool = False,
    data: dict[str, Any] | None = None,
) -> None:
    lock_feed(session)
    session.add(
        FeedRow(
            kind=kind.value,
            ref_id=ref_id,
            user_id=user_id,
            device_id=device_id,
            committee_id=committee_id,
            closed=closed,
            data=data,
            created_at=now(),
        )
    )


def add_case(session: Session, case: Case) -> None:
    """A case.put for everyone who may decide it."""
    if case.committee_id is not None:
        add(
            session,
            p.FeedKind.CASE_PUT,
            ref_id=case.id,
            committee_id=case.committee_id,
            closed=True,
        )
    for user_id in session.scalars(
        select(CaseAssignee.user_id).where(CaseAssignee.case_id == case.id)
    ):
        add(session, p.FeedKind.CASE_PUT, ref_id=case.id, user_id=user_id)


class _Row(NamedTuple):
    """What rendering needs of a feed row (a Core row: no ORM object per entry)."""

    kind: str
    ref_id: str | None
    data: dict[str, Any] | None


def _page_statement() -> Any:
    """The whole read of a feed page, one statement, built once per process.

    The first branch is one row that carries the feed's end (``top``) and the
    epoch's raw JSON; the second is the page itself. One statement means one
    snapshot on both databases, so ``top`` and the rows agree (as the three
    queries it replaces did inside their read transaction), and an up-to-date
    device's poll costs a single round trip. The reader's committees are a
    subquery, and ``data`` comes back as the JSON text it was stored as, so a
    pre-rendered entry (a comment, a tombstone) goes out without being decoded,
    turned into objects and encoded again (about half the CPU of a poll that
    carried 50 comments, issue 13).
    """
    f = FeedRow.__table__.c
    top = select(func.max(f.seq)).scalar_subquery()
    committees = select(Membership.__table__.c.committee_id).where(
        Membership.__table__.c.user_id == bindparam("user_id")
    )
    page = (
        select(
            f.seq.label("seq"),
            f.kind.label("kind"),
            f.ref_id.label("ref_id"),
            cast(f.data, Text).label("data"),
            cast(null(), BigInteger).label("top"),
        )
        .where(f.seq > bindparam("after"), f.seq <= top)
        .where(or_(f.user_id.is_(None), f.user_id == bindparam("user_id")))
        .where(or_(f.device_id.is_(None), f.device_id == bindparam("device_id")))
        .where(or_(f.exclude_device_id.is_(None), f.exclude_device_id != bindparam("device_id")))
        .where(or_(f.closed.is_(False), f.committee_id.in_(committees)))
        .order_by(f.seq)
        .limit(bindparam("limit"))
        .subquery()
    )
    s = Setting.__table__.c
    epoch = select(cast(s.value, Text)).where(s.key == EPOCH_SETTING).scalar_subquery()
    head = select(
        cast(null(), BigInteger).label("seq"),
        cast(null(), String).label("kind"),
        cast(null(), String).label("ref_id"),
        epoch.label("data"),
        top.label("top"),
    )
    return union_all(head, select(page.c.seq, page.c.kind, page.c.ref_id, page.c.data, page.c.top))


_PAGE = _page_statement()
_epoch_texts: dict[str, Epoch] = {}  # the epoch setting's JSON -> parsed (one entry in practice)


def _epoch_from_text(session: Session | None, raw: str | None) -> Epoch:
    if raw is None:
        assert session is not None
        return current_epoch(session)  # a schema made without the migration (tests)
    epoch = _epoch_texts.get(raw)
    if epoch is None:
        epoch = _epoch_of(json.loads(raw))
        _epoch_texts.clear()  # a restore made a new one: the old one is never asked again
        _epoch_texts[raw] = epoch
    return epoch


#: The epoch setting's JSON, as a column another statement can carry (ops.py reads it
#: with the caller's token, saving a push a round trip).
EPOCH_TEXT = (
    select(cast(Setting.__table__.c.value, Text))
    .where(Setting.__table__.c.key == EPOCH_SETTING)
    .scalar_subquery()
)


def epoch_from_text(session: Session, raw: str | None) -> Epoch:
    """The epoch whose setting reads ``raw`` (``EPOCH_TEXT``), parsed once per process."""
    return _epoch_from_text(session, raw)


def _needs_render(kind: str, data: str | None) -> bool:
    """Rows rendered for the reader at read time; all others carry their data."""
    return kind in (p.FeedKind.MEETING_PUT, p.FeedKind.CASE_PUT) or (
        kind == p.FeedKind.ANNOTATION_PUT and data in (None, "null")
    )


def read_page(
    ctx: ServerContext, conn: Connection, caller: Caller, cursor: str | None, limit: int
) -> bytes:
    """One page of the caller's feed, as the JSON body of a ``p.FeedPage``.

    Built as bytes rather than through ``FeedPage.to_json``: entries whose data
    was rendered when they were written are copied into the body as stored. Read
    on a bare connection: a Session (joining its transaction, so the same
    snapshot) is made only for a page with entries rendered at read time.
    """
    cursor_epoch, after = decode_cursor(cursor)
    result = conn.execute(
        _PAGE,
        {
            "after": after,
            "user_id": caller.user_id,
            "device_id": caller.device_id,
            "limit": limit + 1,
        },
    )
    head: Any = None
    rows: list[Any] = []
    for r in result:
        if r.seq is None:
            head = r
        else:
            rows.append(r)
    assert head is not None
    session: Session | None = None
    try:
        if head.data is None:  # a schema made without the migration (tests)
            session = Session(bind=conn)
        epoch = _epoch_from_text(session, head.data)
        if cursor and cursor_epoch != epoch.id:
            # Its numbers are not ours: say so and hand out the start of this epoch.
            restart = p.FeedRestart(epoch.id, epoch.restored_from, epoch.restored_seq)
            page = p.FeedPage(
                entries=(),
                cursor=encode_cursor(epoch.id, 0),
                more=True,
                epoch=epoch.id,
                restart=restart,
            )
            return _dumps(page.to_json())
        # Every row up to ``top`` is committed (feed writers commit in seq order), so a
        # page that reaches the end may move the cursor past the rows this reader cannot
        # see: closed rows behind the cursor would otherwise surface, out of order, the
        # day the reader joins the committee (member add re-sends what they may now see).
        top = int(head.top or 0)
        rows.sort(key=lambda r: int(r.seq))  # a UNION's order is the database's to choose
        more = len(rows) > limit
        rows = rows[:limit]
        committees: set[str] | None = None
        entries: list[str] = []
        for row in rows:
            kind, data = str(row.kind), row.data
            if not _needs_render(kind, data):
                raw = "{}" if data in (None, "null") else data
                entries.append(f'{{"kind":{json.dumps(kind)},"data":{raw}}}')
                continue
            if session is None:
                session = Session(bind=conn)
            if committees is None:
                committees = access.committees_of(session, caller.user_id)
            parsed = None if data is None else json.loads(data)
            entry = _render(
                ctx, session, _Row(kind, row.ref_id, parsed), caller.user_id, committees
            )
            if entry is not None:
                entries.append(_dumps(entry.to_json()).decode())
    finally:
        if session is not None:
            session.close()
    last = int(rows[-1].seq) if more else max(top, after)
    tail = _dumps(
        {
            "cursor": encode_cursor(epoch.id, last),
            "more": more,
            "server_time": p.format_time(now()),
            "epoch": epoch.id,
        }
    )
    return b'{"entries":[' + ",".join(entries).encode() + b"]," + tail[1:]


def _dumps(value: Any) -> bytes:
    """JSON as Starlette's JSONResponse writes it."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def _render(
    ctx: ServerContext, session: Session, row: _Row, user_id: str, committees: set[str]
) -> p.FeedEntry | None:
    kind = row.kind
    if kind == p.FeedKind.MEETING_PUT:
        meeting = session.get(Meeting, row.ref_id)
        if meeting is None:
            return None
        manifest = access.build_manifest(session, meeting, committees)
        if manifest is None:
            return None
        return p.FeedEntry(kind, access.sign_manifest(ctx, manifest).to_json())
    if kind == p.FeedKind.CASE_PUT:
        case = session.get(Case, row.ref_id)
        if case is None or not access.case_visible(session, case, user_id, committees):
            return None
        return p.FeedEntry(kind, access.case_info(session, case, user_id).to_json())
    if kind == p.FeedKind.ANNOTATION_PUT and row.data is None:
        return _render_shared_annotation(session, row, user_id, committees)
    return p.FeedEntry(kind, row.data or {})


def _render_shared_annotation(
    session: Session, row: _Row, user_id: str, committees: set[str]
) -> p.FeedEntry | None:
    """A colleague's mark as it is now: the mark while shared and in sight, else a tombstone.

    Shared with the committee means the members of the committee whose meeting
    holds the document, open or closed item alike; a closed document's marks also
    need the document to be visible to the reader now.
    """
    ann = session.get(Annotation, row.ref_id)
    if ann is None or ann.user_id == user_id:
        return None  # the author's own devices get their own rows
    doc = session.get(Document, ann.document_id)
    meeting = None if doc is None else session.get(Meeting, doc.meeting_id)
    visible = (
        doc is not None
        and meeting is not None
        and meeting.committee_id in committees
        and access.document_visibility(session, doc, committees)[0]
    )
    shown = (
        visible
        and not ann.deleted
        and ann.data is not None
        and ann.visibility == p.Visibility.COMMITTEE.value
    )
    author = session.get(User, ann.user_id)
    info = p.AnnotationInfo(
        annotation=p.AnnotationPayload.from_json(ann.data) if shown and ann.data else None,
        annotation_id=ann.id,
        revision=ann.revision,
        deleted=not shown,
        updated_at=ann.updated_at,
        author=author.display_name if author is not None else "?",
    )
    return p.FeedEntry(row.kind, info.to_json())
