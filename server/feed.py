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
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from server import access, limits
from server.context import ServerContext, now
from server.db import lock_feed
from server.errors import ApiError
from server.models import (
    Annotation,
    Case,
    CaseAssignee,
    Device,
    Document,
    FeedRow,
    Meeting,
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
    exclude_device_id: str | None = None,
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
            exclude_device_id=exclude_device_id,
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


def read_page(
    ctx: ServerContext, session: Session, device: Device, cursor: str | None, limit: int
) -> p.FeedPage:
    cursor_epoch, after = decode_cursor(cursor)
    epoch = current_epoch(session)
    if cursor and cursor_epoch != epoch.id:
        # Its numbers are not ours: say so and hand out the start of this epoch.
        restart = p.FeedRestart(epoch.id, epoch.restored_from, epoch.restored_seq)
        return p.FeedPage(
            entries=(),
            cursor=encode_cursor(epoch.id, 0),
            more=True,
            epoch=epoch.id,
            restart=restart,
        )
    committees = access.committees_of(session, device.user_id)
    # Every row up to here is committed (feed writers commit in seq order), so a page
    # that reaches the end may move the cursor past the rows this reader cannot see:
    # closed rows behind the cursor would otherwise surface, out of order, the day
    # the reader joins the committee (member add re-sends what they may now see).
    top = session.scalar(select(func.max(FeedRow.seq))) or 0
    q = (
        select(FeedRow)
        .where(FeedRow.seq > after, FeedRow.seq <= top)
        .where(or_(FeedRow.user_id.is_(None), FeedRow.user_id == device.user_id))
        .where(or_(FeedRow.device_id.is_(None), FeedRow.device_id == device.id))
        .where(or_(FeedRow.exclude_device_id.is_(None), FeedRow.exclude_device_id != device.id))
        .where(or_(FeedRow.closed.is_(False), FeedRow.committee_id.in_(committees)))
        .order_by(FeedRow.seq)
        .limit(limit + 1)
    )
    rows = list(session.scalars(q))
    more = len(rows) > limit
    rows = rows[:limit]
    entries: list[p.FeedEntry] = []
    for row in rows:
        entry = _render(ctx, session, row, device.user_id, committees)
        if entry is not None:
            entries.append(entry)
    last = rows[-1].seq if more else max(top, after)
    return p.FeedPage(
        entries=tuple(entries), cursor=encode_cursor(epoch.id, last), more=more, epoch=epoch.id
    )


def _render(
    ctx: ServerContext, session: Session, row: FeedRow, user_id: str, committees: set[str]
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
    session: Session, row: FeedRow, user_id: str, committees: set[str]
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
