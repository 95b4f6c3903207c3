"""The change feed: rows with an audience, rendered for one reader's device when read.

A cursor is opaque to clients ("f1." + base64 of the last sequence number
scanned). Filtering happens in SQL, so closed material is never even loaded for a
reader outside the committee. meeting.put and case.put are rendered from the
current state at read time, so a reader always gets what they may see *now*.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server import access
from server.context import ServerContext, now
from server.db import lock_feed
from server.errors import ApiError
from server.models import Case, CaseAssignee, Device, FeedRow, Meeting
from sync import protocol as p

_PREFIX = "f1."


def encode_cursor(seq: int) -> str:
    return _PREFIX + base64.urlsafe_b64encode(str(seq).encode()).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    bad = ApiError(400, p.ErrorCode.BAD_REQUEST, "unknown cursor")
    if not cursor.startswith(_PREFIX) or len(cursor) > 40:
        raise bad
    body = cursor[len(_PREFIX) :]
    try:
        text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise bad from exc
    if not text.isdigit():
        raise bad
    return int(text)


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
    after = decode_cursor(cursor)
    committees = access.committees_of(session, device.user_id)
    q = (
        select(FeedRow)
        .where(FeedRow.seq > after)
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
    last = rows[-1].seq if rows else after
    return p.FeedPage(entries=tuple(entries), cursor=encode_cursor(last), more=more)


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
    return p.FeedEntry(kind, row.data or {})
