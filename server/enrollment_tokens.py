"""Enrollment at scale: organisation enrollment tokens and bulk one-time codes.

An MSI property or a GPO value reaches every tablet of a fleet, so what it carries
cannot be a per-user secret: one-time codes spread that way let only the first
tablet enroll. An organisation token is therefore *not* a secret (HKLM and
Registry.pol are readable by every local user). It names a scope (one committee,
or the whole organisation), an expiry and a device limit, and nothing more: the
reader still signs in with her own password or her own one-time code, and her
device gets exactly her own access. The token only decides whether this
enrollment may happen at all and counts it.

The limit is enforced by one conditional UPDATE (``devices_enrolled <
device_limit``) inside the enrollment's transaction, like a one-time code's
spend: of any number of parallel enrollments exactly ``device_limit`` succeed,
and an enrollment that fails afterwards rolls its count back.

Bulk codes (``bulk_codes``) are the generator for mail merge: one call makes a
code for each reader, all in one transaction, and a web console can call it the
same way the CLI does (``folio-server enrollment-code bulk``).
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import journal, security
from server.context import ServerContext, audit, new_id, now
from server.errors import ApiError
from server.models import Committee, EnrollmentCode, EnrollmentToken, Membership, User
from sync import protocol as p
from sync.errors import ErrorKind, FolioError

PREFIX = "ORG"
_SYMBOLS = 12  # log2(31**12) = 59 bits: not a secret, but never guessed by accident
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # as one-time codes: no 0/O, 1/I/L
MAX_DEVICE_LIMIT = 100_000
MAX_DAYS = 3660


@dataclass(frozen=True)
class TokenInfo:
    token: str  # as given out: ORG-XXXX-XXXX-XXXX
    label: str
    committee: str | None  # None: the whole organisation
    device_limit: int
    devices_enrolled: int
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def state(self, at: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at < at:
            return "expired"
        if self.devices_enrolled >= self.device_limit:
            return "full"
        return "active"


@dataclass(frozen=True)
class IssuedCode:
    """One reader's one-time code, as a mail-merge row."""

    username: str
    display_name: str
    code: str
    expires_at: datetime


def _bad(detail: str) -> FolioError:
    return FolioError(ErrorKind.BAD_INPUT, detail)


def normalise(token: str) -> str:
    """Case and dashes ignored, as a typed or pasted token arrives."""
    return "".join(ch for ch in token.upper() if ch.isalnum())


def display(stored: str) -> str:
    body = stored.removeprefix(PREFIX)
    return "-".join([PREFIX, *(body[i : i + 4] for i in range(0, len(body), 4))])


def _info(session: Session, row: EnrollmentToken) -> TokenInfo:
    committee = None
    if row.committee_id is not None:
        c = session.get(Committee, row.committee_id)
        committee = c.name if c is not None else row.committee_id
    return TokenInfo(
        token=display(row.token),
        label=row.label,
        committee=committee,
        device_limit=row.device_limit,
        devices_enrolled=row.devices_enrolled,
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
    )


def create(
    ctx: ServerContext, *, label: str, committee: str | None, device_limit: int, days: int
) -> TokenInfo:
    """A new token for ``committee`` (None: every member of the organisation)."""
    if not 1 <= device_limit <= MAX_DEVICE_LIMIT:
        raise _bad(f"device limit must be 1 to {MAX_DEVICE_LIMIT}")
    if not 1 <= days <= MAX_DAYS:
        raise _bad(f"a token lives 1 to {MAX_DAYS} days")
    if len(label) > 200:
        raise _bad("label: at most 200 characters")
    stored = PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(_SYMBOLS))
    with ctx.sessions() as session, session.begin():
        committee_id = None
        if committee is not None:
            c = session.scalars(select(Committee).where(Committee.name == committee)).first()
            if c is None:
                raise _bad(f"no committee '{committee}'")
            committee_id = c.id
        t = now()
        row = EnrollmentToken(
            id=new_id(),
            token=stored,
            label=label,
            committee_id=committee_id,
            device_limit=device_limit,
            devices_enrolled=0,
            created_at=t,
            expires_at=t + timedelta(days=days),
        )
        session.add(row)
        session.flush()
        audit(
            session,
            "cli",
            "enrollment_token.create",
            display(stored),
            detail=f"scope {committee or 'organisation'}, limit {device_limit}, {days} days",
        )
        return _info(session, row)


def list_tokens(ctx: ServerContext) -> list[TokenInfo]:
    with ctx.sessions() as session:
        rows = session.scalars(select(EnrollmentToken).order_by(EnrollmentToken.created_at))
        return [_info(session, row) for row in rows]


def revoke(ctx: ServerContext, token: str) -> TokenInfo:
    """No enrollment with ``token`` from now on; devices already enrolled keep working
    (revoke those one by one with ``device revoke``)."""
    with ctx.sessions() as session, session.begin():
        row = session.scalars(
            select(EnrollmentToken).where(EnrollmentToken.token == normalise(token))
        ).first()
        if row is None:
            raise _bad(f"no enrollment token '{token}'")
        if row.revoked_at is None:
            t = now()
            # Journaled before the commit: a restore never makes a revoked token valid again.
            journal.append(ctx.data_dir, journal.Event.ENROLLMENT_TOKEN_REVOKED, t, token_id=row.id)
            row.revoked_at = t
            audit(session, "cli", "enrollment_token.revoke", display(row.token))
        return _info(session, row)


class TokenRefused(ApiError):
    """403: the reader signed in right, the token said no. Carries who and which token,
    for the audit line the enrollment writes after rolling back (server/auth.py)."""

    def __init__(self, code: p.ErrorCode, detail: str, username: str, token: str) -> None:
        super().__init__(403, code, detail)
        self.username = username
        self.token = token


def _refuse(user: User, token: str) -> Callable[[p.ErrorCode, str], TokenRefused]:
    def refused(code: p.ErrorCode, detail: str) -> TokenRefused:
        return TokenRefused(code, detail, user.username, display(normalise(token)))

    return refused


def claim(session: Session, token: str, user: User) -> str:
    """Count one enrollment of ``user`` against ``token``; returns the token's id.

    Runs inside the enrollment's transaction, after the reader's own sign-in was
    accepted: the count commits with the new device or not at all. The scope is
    checked first (a read), the limit by one conditional UPDATE: under PostgreSQL's
    row lock, and SQLite's one writer, N parallel claims each see the others' counts.
    """
    stored = normalise(token)
    refuse = _refuse(user, token)
    row = session.scalars(select(EnrollmentToken).where(EnrollmentToken.token == stored)).first()
    if row is None:
        raise refuse(p.ErrorCode.ENROLLMENT_TOKEN_UNKNOWN, "no such enrollment token")
    t = now()
    if row.revoked_at is not None:
        raise refuse(p.ErrorCode.ENROLLMENT_TOKEN_REVOKED, "this enrollment token was revoked")
    if row.expires_at < t:
        raise refuse(p.ErrorCode.ENROLLMENT_TOKEN_EXPIRED, "this enrollment token has expired")
    if row.committee_id is not None and (
        session.get(Membership, {"committee_id": row.committee_id, "user_id": user.id}) is None
    ):
        raise refuse(
            p.ErrorCode.ENROLLMENT_TOKEN_SCOPE,
            "this enrollment token is for another committee's members",
        )
    counted = session.execute(
        update(EnrollmentToken)
        .where(
            EnrollmentToken.id == row.id,
            EnrollmentToken.revoked_at.is_(None),
            EnrollmentToken.expires_at >= t,
            EnrollmentToken.devices_enrolled < EnrollmentToken.device_limit,
        )
        .values(devices_enrolled=EnrollmentToken.devices_enrolled + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(counted, "rowcount", 0) != 1:
        # Revoked or expired while we waited for the row, or the limit is reached.
        revoked_at, expires_at = session.execute(
            select(EnrollmentToken.revoked_at, EnrollmentToken.expires_at).where(
                EnrollmentToken.id == row.id
            )
        ).one()
        if revoked_at is not None:
            raise refuse(p.ErrorCode.ENROLLMENT_TOKEN_REVOKED, "this enrollment token was revoked")
        if expires_at < t:
            raise refuse(p.ErrorCode.ENROLLMENT_TOKEN_EXPIRED, "this enrollment token has expired")
        raise refuse(
            p.ErrorCode.ENROLLMENT_TOKEN_FULL, "this enrollment token's device limit is reached"
        )
    return row.id


# --- bulk one-time codes ---------------------------------------------------------------


def bulk_codes(
    ctx: ServerContext,
    *,
    usernames: Iterable[str] | None = None,
    committee: str | None = None,
) -> list[IssuedCode]:
    """A one-time code for each named reader, or each member of ``committee``.

    All or none: an unknown or removed name makes nothing. Only hashes are stored;
    the codes exist in the returned rows alone (the caller writes them once).
    """
    from server.admin import user_by_name  # noqa: PLC0415 (admin imports this module's peers)
    from server.auth import ENROLLMENT_CODE_LIFETIME  # noqa: PLC0415

    if (usernames is None) == (committee is None):
        raise _bad("give the users or a committee, not both")
    out: list[IssuedCode] = []
    with ctx.sessions() as session, session.begin():
        users: list[User]
        if committee is not None:
            c = session.scalars(select(Committee).where(Committee.name == committee)).first()
            if c is None:
                raise _bad(f"no committee '{committee}'")
            users = list(
                session.scalars(
                    select(User)
                    .join(Membership, Membership.user_id == User.id)
                    .where(Membership.committee_id == c.id, User.removed_at.is_(None))
                    .order_by(User.username)
                )
            )
        else:
            seen: set[str] = set()
            users = []
            for name in usernames or ():
                u = user_by_name(session, name)
                if u.removed_at is not None:
                    raise _bad(f"user '{name}' was removed")
                if u.id not in seen:
                    seen.add(u.id)
                    users.append(u)
        if not users:
            raise _bad("no readers to make codes for")
        t = now()
        for u in users:
            code = security.new_enrollment_code()
            session.add(
                EnrollmentCode(
                    code_hash=security.token_hash(security.normalise_code(code)),
                    user_id=u.id,
                    created_at=t,
                    expires_at=t + ENROLLMENT_CODE_LIFETIME,
                )
            )
            out.append(IssuedCode(u.username, u.display_name, code, t + ENROLLMENT_CODE_LIFETIME))
            audit(session, "cli", "enrollment_code.create", u.username)
    return out


def read_usernames(text: str) -> list[str]:
    """User names from a file: one a line, or the first column of a CSV with a header
    (``folio-server user import``'s file works); blank lines and ``#`` comments skipped."""
    names: list[str] = []
    for i, fields in enumerate(csv.reader(io.StringIO(text))):
        if not fields or not fields[0].strip() or fields[0].lstrip().startswith("#"):
            continue
        first = fields[0].strip()
        if i == 0 and first.lower() in ("name", "username", "user"):
            continue
        names.append(first)
    return names


def _cell(value: str) -> str:
    # A spreadsheet opening the file must not run a display name as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def codes_csv(rows: list[IssuedCode]) -> str:
    """The mail-merge file: username, display_name, code, expires_at (ISO 8601)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["username", "display_name", "code", "expires_at"])
    for r in rows:
        w.writerow([_cell(r.username), _cell(r.display_name), r.code, p.format_time(r.expires_at)])
    return buf.getvalue()
