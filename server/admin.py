"""What the secretariat and IT do from the command line: users, committees, devices, cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.context import ServerContext, audit, make_private_dir, new_id, now
from server.db import migrate
from server.models import (
    AuditEntry,
    Case,
    CaseAssignee,
    Committee,
    Device,
    Document,
    EnrollmentCode,
    FeedRow,
    Meeting,
    Membership,
    Setting,
    User,
    username_key,
)
from sync.errors import ErrorKind, FolioError

if TYPE_CHECKING:
    from sync import protocol as p

# Each verb is a fresh process that pays for every import (bench/startup.py: an admin verb
# under 0.5 s). The feed, the op and notes machinery, the journal, password hashing and the
# protocol's dataclasses load inside the functions that use them, so `device list`, `audit` and
# `committee add` import the ORM and the models, not the sync server.


def _bad(detail: str) -> FolioError:
    return FolioError(ErrorKind.BAD_INPUT, detail)


def init(ctx: ServerContext, admin: str, password: str) -> None:
    from server import security  # noqa: PLC0415
    from sync import protocol as p  # noqa: PLC0415

    make_private_dir(ctx.data_dir)
    security.create_keys(ctx.data_dir)
    migrate(ctx.db_url)
    with ctx.sessions() as session, session.begin():
        if session.get(Setting, "policy") is None:
            session.add(Setting(key="policy", value=p.Policy().to_json()))
        if session.scalars(select(User).where(User.username == admin)).first() is None:
            _add_user(session, admin, password, is_admin=True)


def _add_user(session: Session, name: str, password: str | None, *, is_admin: bool) -> User:
    from server import security  # noqa: PLC0415

    if not name.strip():
        raise _bad("user name is empty")
    # Names are unique whatever their case (migration 0004): "anna" is taken by "Anna".
    clash = session.scalars(select(User).where(User.username_key == username_key(name))).first()
    if clash is not None:
        raise _bad(f"user '{clash.username}' already exists")
    if password is not None and len(password) < 8:
        raise _bad("password: at least 8 characters")
    user = User(
        id=new_id(),
        username=name,
        display_name=name,
        password_hash=None if password is None else security.hash_password(password),
        is_admin=is_admin,
        created_at=now(),
    )
    session.add(user)
    audit(session, "cli", "user.add", name)
    return user


def add_user_in(session: Session, name: str, password: str | None, *, is_admin: bool) -> User:
    """Inside the caller's transaction, so ``user import`` adds hundreds in one."""
    return _add_user(session, name, password, is_admin=is_admin)


def add_user(ctx: ServerContext, name: str, password: str | None, display_name: str = "") -> str:
    with ctx.sessions() as session, session.begin():
        user = _add_user(session, name, password, is_admin=False)
        if display_name:
            user.display_name = display_name
        return user.id


def user_by_name(session: Session, name: str) -> User:
    user = session.scalars(select(User).where(User.username == name)).first()
    if user is None:
        raise FolioError(ErrorKind.NOT_FOUND, f"no user named '{name}'")
    return user


def committee_by_name(session: Session, name: str) -> Committee:
    c = session.scalars(select(Committee).where(Committee.name == name)).first()
    if c is None:
        raise FolioError(ErrorKind.NOT_FOUND, f"no committee named '{name}'")
    return c


def add_committee(ctx: ServerContext, name: str) -> str:
    with ctx.sessions() as session, session.begin():
        if not name.strip():
            raise _bad("committee name is empty")
        if session.scalars(select(Committee).where(Committee.name == name)).first():
            raise _bad(f"committee '{name}' already exists")
        c = Committee(id=new_id(), name=name)
        session.add(c)
        audit(session, "cli", "committee.add", name)
        return c.id


def add_member(ctx: ServerContext, committee: str, username: str) -> None:
    with ctx.sessions() as session, session.begin():
        c = committee_by_name(session, committee)
        u = user_by_name(session, username)
        if session.get(Membership, {"committee_id": c.id, "user_id": u.id}) is not None:
            raise _bad(f"'{username}' is already a member of '{committee}'")
        add_membership(session, c, u)


def add_membership(session: Session, c: Committee, u: User) -> None:
    """Inside the caller's transaction, so ``user import`` adds hundreds in one."""
    from server import feed, notes_keys, ops  # noqa: PLC0415
    from sync import protocol as p  # noqa: PLC0415

    session.add(Membership(committee_id=c.id, user_id=u.id))
    audit(session, "cli", "member.add", f"{c.name}/{u.username}")
    # The new member's devices may be past the feed entries of this committee's
    # closed material: send them the meetings and cases again.
    for m in session.scalars(select(Meeting).where(Meeting.committee_id == c.id)):
        feed.add(session, p.FeedKind.MEETING_PUT, ref_id=m.id, user_id=u.id)
    for case in session.scalars(select(Case).where(Case.committee_id == c.id)):
        feed.add(session, p.FeedKind.CASE_PUT, ref_id=case.id, user_id=u.id)
    # ... and the comments only members saw (closed items, the committee's cases),
    # after the meetings and cases they are on.
    for row in session.scalars(
        select(FeedRow)
        .where(
            FeedRow.kind == p.FeedKind.COMMENT_PUT.value,
            FeedRow.committee_id == c.id,
            FeedRow.closed.is_(True),
        )
        .order_by(FeedRow.seq)
    ).all():
        feed.add(session, p.FeedKind.COMMENT_PUT, ref_id=row.ref_id, user_id=u.id, data=row.data)
    ops.resend_shared_annotations(session, c.id, u.id)
    # her own bookmarks on the committee's documents: her devices purged those on
    # closed documents when she left (a device holding them changes nothing)
    meetings = select(Meeting.id).where(Meeting.committee_id == c.id)
    notes_keys.resend_bookmarks(
        session, select(Document.id).where(Document.meeting_id.in_(meetings)), u.id
    )


def remove_member(
    ctx: ServerContext, committee: str, username: str, *, replay: bool = False
) -> None:
    """``replay``: a restore re-applying the journal (server/backup.py), which must not
    journal the event a second time."""
    from server import feed, journal, ops  # noqa: PLC0415
    from sync import protocol as p  # noqa: PLC0415

    with ctx.sessions() as session, session.begin():
        c = committee_by_name(session, committee)
        u = user_by_name(session, username)
        row = session.get(Membership, {"committee_id": c.id, "user_id": u.id})
        if row is None:
            raise _bad(f"'{username}' is not a member of '{committee}'")
        if not replay:  # before the commit: a restore must never give the access back
            journal.append(
                ctx.data_dir, journal.Event.MEMBER_REMOVED, now(), committee_id=c.id, user_id=u.id
            )
        session.delete(row)
        audit(session, "cli", "member.remove", f"{committee}/{username}")
        feed.add(
            session,
            p.FeedKind.MEMBERSHIP_REMOVED,
            ref_id=c.id,
            user_id=u.id,
            data={"committee_id": c.id},
        )
        ops.resend_shared_annotations(session, c.id, u.id)  # tombstones now: out of sight


@dataclass(frozen=True)
class DeviceRow:
    id: str
    user: str
    name: str
    created_at: datetime
    last_seen_at: datetime | None
    state: str
    wipe_requested_at: datetime | None = None
    wiped_at: datetime | None = None  # the device's acknowledgement: its vault is gone


def list_devices(ctx: ServerContext, username: str | None = None) -> list[DeviceRow]:
    with ctx.sessions() as session:
        q = select(Device, User).join(User, User.id == Device.user_id).order_by(Device.created_at)
        if username:
            q = q.where(User.username == username)
        out = []
        for d, u in session.execute(q):
            state = (
                "wiped"
                if d.wiped_at
                else "revoked"
                if d.revoked_at
                else "wipe pending"
                if d.wipe_requested_at
                else "active"
            )
            out.append(
                DeviceRow(
                    d.id,
                    u.username,
                    d.name,
                    d.created_at,
                    d.last_seen_at,
                    state,
                    wipe_requested_at=d.wipe_requested_at,
                    wiped_at=d.wiped_at,
                )
            )
        return out


def revoke_device(
    ctx: ServerContext, device_id: str, *, wipe: bool = False, replay: bool = False
) -> None:
    """Revoke now (401 device_revoked from here on), or first ask the device to wipe itself.

    ``replay``: a restore re-applying the journal, which must not journal it again.
    """
    from server import feed, journal  # noqa: PLC0415
    from sync import protocol as p  # noqa: PLC0415

    with ctx.sessions() as session, session.begin():
        d = session.get(Device, device_id)
        if d is None:
            raise FolioError(ErrorKind.NOT_FOUND, f"no device with id '{device_id}'")
        if d.revoked_at is not None:
            raise _bad(f"device '{device_id}' is already revoked")
        if not replay:  # before the commit: a restore must never give the access back
            event = journal.Event.DEVICE_WIPE_REQUESTED if wipe else journal.Event.DEVICE_REVOKED
            journal.append(ctx.data_dir, event, now(), device_id=d.id)
        if wipe:
            d.wipe_requested_at = now()
            feed.add(
                session,
                p.FeedKind.DEVICE_WIPE,
                ref_id=d.id,
                device_id=d.id,
                data={"device_id": d.id},
            )
            audit(session, "cli", "device.wipe_requested", d.id, device_id=d.id)
        else:
            d.revoked_at = now()
            audit(session, "cli", "device.revoke", d.id, device_id=d.id)


def remove_user(ctx: ServerContext, username: str, *, replay: bool = False) -> None:
    """Take every access away: devices revoked, memberships ended, no password, no codes.

    The user row stays (approvals, comments and the audit log name it); the name
    cannot be reused. ``replay``: a restore re-applying the journal.
    """
    from server import feed, journal  # noqa: PLC0415
    from sync import protocol as p  # noqa: PLC0415

    with ctx.sessions() as session, session.begin():
        u = user_by_name(session, username)
        if u.removed_at is not None:
            raise _bad(f"user '{username}' is already removed")
        t = now()
        if not replay:  # before the commit: a restore must never give the access back
            journal.append(ctx.data_dir, journal.Event.USER_REMOVED, t, user_id=u.id)
        u.removed_at = t
        u.password_hash = None
        for d in session.scalars(select(Device).where(Device.user_id == u.id)):
            if d.revoked_at is None:
                d.revoked_at = t
        for code in session.scalars(select(EnrollmentCode).where(EnrollmentCode.user_id == u.id)):
            if code.used_at is None:
                code.used_at = t
        for m in session.scalars(select(Membership).where(Membership.user_id == u.id)):
            session.delete(m)
            feed.add(
                session,
                p.FeedKind.MEMBERSHIP_REMOVED,
                ref_id=m.committee_id,
                user_id=u.id,
                data={"committee_id": m.committee_id},
            )
        audit(session, "cli", "user.remove", username)


def set_password(
    ctx: ServerContext, username: str, password: str, *, replay_hash: str | None = None
) -> None:
    """A new sign-in password. ``replay_hash``: a restore putting back the journaled hash."""
    from server import journal, security  # noqa: PLC0415

    if replay_hash is None and len(password) < 8:
        raise _bad("password: at least 8 characters")
    hashed = replay_hash or security.hash_password(password)
    with ctx.sessions() as session, session.begin():
        u = user_by_name(session, username)
        if u.removed_at is not None:
            raise _bad(f"user '{username}' was removed")
        if replay_hash is None:  # before the commit: the old password never comes back
            journal.append(
                ctx.data_dir,
                journal.Event.PASSWORD_CHANGED,
                now(),
                user_id=u.id,
                password_hash=hashed,
            )
        u.password_hash = hashed
        audit(session, "cli", "user.password", username)


def create_enrollment_code(ctx: ServerContext, username: str) -> str:
    """One reader's one-time code: the bulk generator with one name (one code path)."""
    from server.enrollment_tokens import bulk_codes  # noqa: PLC0415 (it imports this module)

    return bulk_codes(ctx, usernames=[username])[0].code


def add_case(
    ctx: ServerContext,
    title: str,
    assignees: list[str],
    *,
    description: str = "",
    deadline: datetime | None = None,
) -> str:
    from server import feed  # noqa: PLC0415
    from sync import protocol as p  # noqa: PLC0415

    if not title.strip():
        raise _bad("case title is empty")
    if not assignees:
        raise _bad("a case needs at least one assignee (--assignee NAME)")
    with ctx.sessions() as session, session.begin():
        users = [user_by_name(session, a) for a in assignees]
        case = Case(
            id=new_id(),
            title=title,
            description=description,
            deadline=deadline,
            status=p.CaseState.OPEN.value,
            version=1,
            created_at=now(),
            closed=False,
        )
        session.add(case)
        session.flush()
        for u in {u.id: u for u in users}.values():
            session.add(CaseAssignee(case_id=case.id, user_id=u.id))
        session.flush()
        feed.add_case(session, case)
        audit(session, "cli", "case.add", case.id, detail=f"{len(users)} assignees")
        return case.id


def get_policy(ctx: ServerContext) -> p.Policy:
    from sync import protocol as p  # noqa: PLC0415

    with ctx.sessions() as session:
        row = session.get(Setting, "policy")
        return p.Policy() if row is None else p.Policy.from_json(row.value)


@dataclass(frozen=True)
class MeetingRow:
    id: str
    committee: str
    title: str
    starts_at: datetime
    version: int
    withdrawn: bool


def list_meetings(ctx: ServerContext) -> list[MeetingRow]:
    with ctx.sessions() as session:
        q = (
            select(Meeting, Committee)
            .join(Committee, Committee.id == Meeting.committee_id)
            .order_by(Meeting.starts_at)
        )
        return [
            MeetingRow(m.id, c.name, m.title, m.starts_at, m.version, m.withdrawn_at is not None)
            for m, c in session.execute(q)
        ]


def withdraw_meeting(ctx: ServerContext, meeting_id: str) -> None:
    """Take a meeting back: devices remove it and its documents; its cases are withdrawn."""
    from server import feed  # noqa: PLC0415
    from sync import protocol as p  # noqa: PLC0415

    with ctx.sessions() as session, session.begin():
        m = session.get(Meeting, meeting_id)
        if m is None:
            raise FolioError(ErrorKind.NOT_FOUND, f"no meeting with id '{meeting_id}'")
        if m.withdrawn_at is not None:
            raise _bad(f"meeting '{meeting_id}' is already withdrawn")
        m.withdrawn_at = now()
        for case in session.scalars(select(Case).where(Case.meeting_id == m.id)):
            if case.status != p.CaseState.WITHDRAWN:
                case.status = p.CaseState.WITHDRAWN.value
                case.version += 1
                feed.add_case(session, case)
        feed.add(session, p.FeedKind.MEETING_WITHDRAW, ref_id=m.id, data={"meeting_id": m.id})
        audit(session, "cli", "meeting.withdraw", m.id)


def set_policy(ctx: ServerContext, policy: p.Policy) -> None:
    from server import feed  # noqa: PLC0415
    from sync import protocol as p  # noqa: PLC0415

    with ctx.sessions() as session, session.begin():
        row = session.get(Setting, "policy")
        if row is None:
            session.add(Setting(key="policy", value=policy.to_json()))
        else:
            row.value = policy.to_json()
        feed.add(session, p.FeedKind.POLICY_PUT, data=policy.to_json())
        audit(session, "cli", "policy.set", "policy")


def audit_log(ctx: ServerContext, limit: int = 1000) -> list[AuditEntry]:
    with ctx.sessions() as session:
        q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        return list(reversed(session.scalars(q).all()))
