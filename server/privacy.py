"""A member's personal data: what the server holds about her, and erasing it (docs/privacy.md).

``folio-server user export NAME`` answers an access request: every row that is
about the person, as one JSON document. ``folio-server user erase NAME`` is for
a member who has left: her access goes (as ``user remove``), her devices wipe
themselves on their next contact, and what she wrote is removed or anonymised
by one rule:

- private and shared notes (annotations): content deleted; the row stays as a
  tombstone without content, so colleagues' devices that hold a shared mark
  drop it on their next sync;
- bookmarks (sealed on her devices, unreadable here): deleted;
- read receipts, enrollment codes, the addresses she signed in from, open case
  assignments: deleted;
- comments: removed, unless a colleague replied to one; that comment stays
  (the thread would not read without it) with its author shown as "Former
  member";
- decisions (approvals) and their receipts: kept, and so is her user name
  (the one login name, never reused), as the body's record of who decided what
  (a legal obligation, not consent); her display name is blanked;
- op ids and answers: kept without content (exactly-once needs them forever);
- audit log lines naming her: kept until the audit retention removes them.

The erase is journaled (server/journal.py) before it commits, so restoring a
backup taken before it erases her again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from server import admin, feed, journal
from server.context import ServerContext, audit, now
from server.models import (
    Annotation,
    Approval,
    AuditEntry,
    Bookmark,
    Case,
    CaseAssignee,
    Comment,
    Committee,
    Device,
    Document,
    EnrollmentCode,
    FeedRow,
    KnownAddress,
    Meeting,
    Membership,
    OpRecord,
    ReadReceipt,
    Setting,
    TokenFamily,
    User,
)
from sync import protocol as p
from sync.errors import ErrorKind, FolioError

EXPORT_FORMAT = 1
FORMER_MEMBER = "Former member"


def _t(value: datetime | None) -> str | None:
    return None if value is None else p.format_time(value)


def export_user(ctx: ServerContext, username: str) -> dict[str, Any]:
    """Everything the database and the security journal hold about one person."""
    with ctx.sessions() as session:
        u = admin.user_by_name(session, username)
        device_ids = list(session.scalars(select(Device.id).where(Device.user_id == u.id)))
        committees = session.execute(
            select(Committee.id, Committee.name)
            .join(Membership, Membership.committee_id == Committee.id)
            .where(Membership.user_id == u.id)
        ).all()
        out: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "exported_at": p.format_time(now()),
            "user": {
                "id": u.id,
                "username": u.username,
                "display_name": u.display_name,
                "is_admin": u.is_admin,
                "created_at": _t(u.created_at),
                "removed_at": _t(u.removed_at),
                # The hash is a secret of the server's, not information about her.
                "has_password": u.password_hash is not None,
            },
            "committees": [{"id": c, "name": n} for c, n in committees],
            "devices": [_device(session, d) for d in _all(session, Device, Device.user_id, u.id)],
            # Addresses she signed in from (the rate limit spares them; pruned after 90 days).
            "known_addresses": [
                {"address": k.address, "last_seen_at": _t(k.last_seen_at)}
                for k in _all(session, KnownAddress, KnownAddress.user_id, u.id)
            ],
            "enrollment_codes": [
                {
                    "created_at": _t(c.created_at),
                    "expires_at": _t(c.expires_at),
                    "used_at": _t(c.used_at),
                }
                for c in _all(session, EnrollmentCode, EnrollmentCode.user_id, u.id)
            ],
            "case_assignments": [
                {"case_id": c.id, "title": c.title}
                for c in session.scalars(
                    select(Case)
                    .join(CaseAssignee, CaseAssignee.case_id == Case.id)
                    .where(CaseAssignee.user_id == u.id)
                )
            ],
            "decisions": [
                {
                    "id": a.id,
                    "case_id": a.case_id,
                    "device_id": a.device_id,
                    "decision": a.decision,
                    "remark": a.remark,
                    "case_version": a.case_version,
                    "receipt_id": a.receipt_id,
                    "decided_at": _t(a.decided_at),
                }
                for a in _all(session, Approval, Approval.user_id, u.id)
            ],
            "annotations": [
                {
                    "id": a.id,
                    "document_id": a.document_id,
                    "revision": a.revision,
                    "deleted": a.deleted,
                    "visibility": a.visibility,
                    "data": a.data,  # private notes sealed on the device stay sealed here
                    "updated_at": _t(a.updated_at),
                }
                for a in _all(session, Annotation, Annotation.user_id, u.id)
            ],
            "bookmarks": [
                {
                    "id": b.id,
                    "document_id": b.document_id,
                    "revision": b.revision,
                    "data": b.data,  # sealed on her device: the page is not readable here
                    "updated_at": _t(b.updated_at),
                }
                for b in _all(session, Bookmark, Bookmark.user_id, u.id)
            ],
            "comments": [
                {
                    "id": c.id,
                    "target_kind": c.target_kind,
                    "target_id": c.target_id,
                    "parent_id": c.parent_id,
                    "body": c.body,
                    "created_at": _t(c.created_at),
                }
                for c in _all(session, Comment, Comment.user_id, u.id)
            ],
            "read_receipts": [
                {"document_id": r.document_id, "version": r.version, "at": _t(r.at)}
                for r in _all(session, ReadReceipt, ReadReceipt.user_id, u.id)
            ],
            "ops": [
                {
                    "id": o.id,
                    "kind": o.kind,
                    "device_id": o.device_id,
                    "created_at": _t(o.created_at),
                    "answer": o.answer,
                }
                for o in _all(session, OpRecord, OpRecord.user_id, u.id)
            ],
            "audit": [
                {
                    "at": _t(e.at),
                    "actor": e.actor,
                    "action": e.action,
                    "target": e.target,
                    "device_id": e.device_id,
                    "detail": e.detail,
                }
                for e in session.scalars(
                    select(AuditEntry)
                    .where(
                        or_(
                            AuditEntry.actor == u.username,
                            AuditEntry.target == u.username,
                            AuditEntry.target.like(f"%/{_like(u.username)}", escape="\\"),
                            AuditEntry.target == u.id,
                            AuditEntry.device_id.in_(device_ids),
                        )
                    )
                    .order_by(AuditEntry.id)
                )
            ],
        }
    mine = {u.id, *device_ids}
    out["security_journal"] = [
        {"event": e.event.value, "at": p.format_time(e.at), **_public_fields(e.fields)}
        for e in journal.read_from(ctx.data_dir, 0)
        if mine & {e.fields.get("user_id"), e.fields.get("device_id")}
    ]
    return out


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _public_fields(fields: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in fields.items() if k != "password_hash"}


def _all(session: Session, model: Any, column: Any, value: str) -> list[Any]:
    return list(session.scalars(select(model).where(column == value)))


def _device(session: Session, d: Device) -> dict[str, Any]:
    families = _all(session, TokenFamily, TokenFamily.device_id, d.id)
    return {
        "id": d.id,
        "name": d.name,
        "created_at": _t(d.created_at),
        "last_seen_at": _t(d.last_seen_at),
        "revoked_at": _t(d.revoked_at),
        "wipe_requested_at": _t(d.wipe_requested_at),
        "wiped_at": _t(d.wiped_at),
        "signing_public_key": d.signing_public_key,
        "exchange_public_key": d.exchange_public_key,
        "sign_ins": [
            {"created_at": _t(f.created_at), "revoked_at": _t(f.revoked_at)} for f in families
        ],
    }


@dataclass(frozen=True)
class Erased:
    user_id: str
    devices: int
    comments_removed: int
    comments_anonymised: int
    annotations: int
    read_receipts: int


def erase_user(ctx: ServerContext, username: str) -> Erased:
    with ctx.sessions() as session:
        u = admin.user_by_name(session, username)
        user_id, removed = u.id, u.removed_at is not None
    if not removed:
        admin.remove_user(ctx, username)
    return erase_by_id(ctx, user_id)


def erase_by_id(ctx: ServerContext, user_id: str, *, replay: bool = False) -> Erased:
    """The erase itself (see the module docstring); ``replay``: a restore re-applying it."""
    t = now()
    if not replay:  # before the commit: a restore must erase her again
        journal.append(ctx.data_dir, journal.Event.USER_ERASED, t, user_id=user_id)
    with ctx.sessions() as session, session.begin():
        u = session.get(User, user_id)
        if u is None:
            raise FolioError(ErrorKind.NOT_FOUND, f"no user with id '{user_id}'")
        if u.removed_at is None:  # replay of an erase whose removal the backup predates
            u.removed_at = t
        u.password_hash = None
        u.display_name = ""
        devices = _all(session, Device, Device.user_id, u.id)
        for d in devices:
            d.name = ""
            if d.revoked_at is None:  # a revoked device wipes itself on its next contact
                d.revoked_at = t
        removed, anonymised = _erase_comments(session, u.id)
        annotations = _erase_annotations(session, u.id, t)
        receipts = session.execute(delete(ReadReceipt).where(ReadReceipt.user_id == u.id))
        session.execute(delete(Bookmark).where(Bookmark.user_id == u.id))
        session.execute(delete(EnrollmentCode).where(EnrollmentCode.user_id == u.id))
        session.execute(delete(KnownAddress).where(KnownAddress.user_id == u.id))
        open_cases = select(Case.id).where(Case.status == p.CaseState.OPEN.value)
        session.execute(
            delete(CaseAssignee).where(
                CaseAssignee.user_id == u.id, CaseAssignee.case_id.in_(open_cases)
            )
        )
        # Her own devices' feed rows (copies of her marks, her decisions): they wipe.
        session.execute(delete(FeedRow).where(FeedRow.user_id == u.id))
        audit(session, "cli", "user.erase", u.username)
        return Erased(
            u.id,
            len(devices),
            removed,
            anonymised,
            annotations,
            int(getattr(receipts, "rowcount", 0) or 0),
        )


def _erase_comments(session: Session, user_id: str) -> tuple[int, int]:
    removed = anonymised = 0
    for c in _all(session, Comment, Comment.user_id, user_id):
        replied = session.scalar(
            select(Comment.id).where(Comment.parent_id == c.id, Comment.user_id != user_id).limit(1)
        )
        rows = list(
            session.scalars(
                select(FeedRow).where(
                    FeedRow.kind == p.FeedKind.COMMENT_PUT.value, FeedRow.ref_id == c.id
                )
            )
        )
        if replied is None:
            for row in rows:
                session.delete(row)
            session.delete(c)
            removed += 1
            continue
        for row in rows:  # the copies the feed serves carry the author's name
            if row.data is not None:
                row.data = {**row.data, "author": FORMER_MEMBER}
        anonymised += 1
    return removed, anonymised


def _erase_annotations(session: Session, user_id: str, t: datetime) -> int:
    n = 0
    for a in _all(session, Annotation, Annotation.user_id, user_id):
        shared = not a.deleted and a.visibility == p.Visibility.COMMITTEE.value
        if a.deleted and a.data is None:
            continue
        a.revision += 1
        a.deleted = True
        a.data = None
        a.updated_at = t
        n += 1
        if shared:  # rendered when read: colleagues' devices get a tombstone
            doc = session.get(Document, a.document_id)
            meeting = None if doc is None else session.get(Meeting, doc.meeting_id)
            if meeting is not None:
                feed.add(
                    session,
                    p.FeedKind.ANNOTATION_PUT,
                    ref_id=a.id,
                    committee_id=meeting.committee_id,
                    closed=True,
                )
    return n


AUDIT_RETENTION_SETTING = "audit_retention_days"
DEFAULT_AUDIT_RETENTION_DAYS = 365


def audit_retention(ctx: ServerContext) -> int:
    with ctx.sessions() as session:
        row = session.get(Setting, AUDIT_RETENTION_SETTING)
        if row is None:
            return DEFAULT_AUDIT_RETENTION_DAYS
        return int(row.value.get("days", DEFAULT_AUDIT_RETENTION_DAYS))


def set_audit_retention(ctx: ServerContext, days: int) -> None:
    """In the database, so every worker and host prunes alike and a backup keeps it."""
    if days < 1:
        raise FolioError(ErrorKind.BAD_INPUT, "audit retention: at least 1 day")
    with ctx.sessions() as session, session.begin():
        row = session.get(Setting, AUDIT_RETENTION_SETTING)
        if row is None:
            session.add(Setting(key=AUDIT_RETENTION_SETTING, value={"days": days}))
        else:
            row.value = {"days": days}
        audit(session, "cli", "audit.retention", f"{days} days")


def prune_audit(ctx: ServerContext, days: int | None = None) -> int:
    """Delete audit lines older than the retention; the prune itself is the newest line."""
    days = audit_retention(ctx) if days is None else days
    if days < 1:
        raise FolioError(ErrorKind.BAD_INPUT, "audit retention: at least 1 day")
    cutoff = now() - timedelta(days=days)
    with ctx.sessions() as session, session.begin():
        result = session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff))
        n = int(getattr(result, "rowcount", 0) or 0)
        audit(session, "cli", "audit.prune", f"{days} days", detail=f"{n} lines")
        return n
