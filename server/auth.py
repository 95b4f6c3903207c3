"""Enrollment, token rotation with reuse detection, and who is calling.

Tokens are random and stored only as sha256. A refresh rotates: the successor
pair is derived from the presented token with the server's secret (HMAC), so the
immediately preceding token presented again within GRACE yields the same pair;
any other spent token revokes the whole family (DESIGN.md Security details 8).

A token is accepted only when the database holds its hash: never because it is
HMAC-derivable from one it holds. After a restore from a backup, tokens issued
since are therefore unknown, and the device gets a new family by signing a
one-time challenge with the Ed25519 key it registered at enrollment
(``challenge`` / ``reauth``; docs/spec/enrollment.md). Whatever takes access away
is also written to the security journal (server/journal.py) before it commits.

Failed sign-ins are counted in the database (``auth_failures``), so every worker
process sees the same counts; counting and checking are one locked step, and an
attempt is counted *before* its password is checked and uncounted when it
succeeds, so parallel guesses cannot all slip under the limit together. Which
counters exist, and why a right password from a known address is never locked
out by someone else's guesses, is docs/security.md "Server authentication".
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, Select, bindparam, delete, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server import access, enrollment_tokens, journal, security
from server.context import ServerContext, audit, new_id, now
from server.db import is_postgres
from server.errors import ApiError, unauthorized
from server.models import (
    AccessToken,
    AuthChallenge,
    AuthFailure,
    Device,
    EnrollmentCode,
    KnownAddress,
    RefreshToken,
    TokenFamily,
    User,
    username_key,
)
from sync import protocol as p

GRACE = timedelta(seconds=30)
FAILURE_WINDOW = timedelta(minutes=5)
#: wrong passwords for one user from one address, per FAILURE_WINDOW
MAX_FAILURES_PER_NAME = 5
#: failed attempts of any kind from one address, per FAILURE_WINDOW
MAX_FAILURES_PER_ADDRESS = int(os.environ.get("FOLIO_SERVER_MAX_FAILURES_PER_ADDRESS", "30"))
#: the slower per-user backoff: wrong passwords for one user from anywhere, per
#: USER_BACKOFF_WINDOW; it holds back only addresses the user has not proved herself from
USER_BACKOFF_WINDOW = timedelta(hours=1)
MAX_FAILURES_PER_USER = int(os.environ.get("FOLIO_SERVER_MAX_FAILURES_PER_USER", "20"))
#: an address counts as the user's own this long after she last proved herself from it
KNOWN_ADDRESS_TTL = timedelta(days=90)
_KNOWN_ADDRESS_REFRESH = timedelta(days=1)
_LONGEST_WINDOW = max(FAILURE_WINDOW, USER_BACKOFF_WINDOW)
ENROLLMENT_CODE_LIFETIME = timedelta(days=7)
CHALLENGE_LIFETIME = timedelta(minutes=2)
MAX_REAUTH_FAILURES_PER_DEVICE = 5
#: Headers of every answer that carries a token or a challenge: no cache, proxy or
#: browser may keep a copy.
NO_STORE = {"Cache-Control": "no-store"}
# pg_advisory_xact_lock(class, key): a class of its own, apart from server.db.lock_feed
_PG_LOCK_CLASS_AUTH = 7243


def access_ttl() -> timedelta:
    return timedelta(seconds=int(os.environ.get("FOLIO_SERVER_ACCESS_TTL", "3600")))


@dataclass(frozen=True)
class _Limit:
    """One failure counter: at most ``limit`` failures under ``key`` per ``window``.

    With ``spare_known`` = (user name, address), the limit still counts (the
    failure happened) but refuses nobody at an address that user has proved
    herself from: the per-user backoff.
    """

    key: str
    limit: int
    window: timedelta = FAILURE_WINDOW
    spare_known: tuple[str, str] | None = None


def _hashed(value: str) -> str:
    # Counter keys hold no typed user name (it may be a mistyped password).
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _reserve(ctx: ServerContext, limits: list[_Limit]) -> list[int]:
    """Count this attempt as a failure now, unless a limit is reached (then 429).

    Check and count are one transaction holding a lock per key (PostgreSQL: an
    advisory lock; SQLite: BEGIN IMMEDIATE already serialises writers), so N
    parallel attempts see each other's counts. The caller deletes the returned
    rows when the attempt succeeds.
    """
    with ctx.sessions() as session, session.begin():
        t = now()
        keys = sorted({lim.key for lim in limits})
        if is_postgres(session):
            for key in keys:  # sorted: two attempts never wait on each other's second lock
                session.execute(
                    text("SELECT pg_advisory_xact_lock(:cls, hashtext(:key))"),
                    {"cls": _PG_LOCK_CLASS_AUTH, "key": key},
                )
        # Nothing older than the longest window counts any more: keep the table small
        # however many names a guesser sprays (an indexed range, empty most times;
        # rows another attempt is pruning are skipped, never waited for).
        stale = (
            select(AuthFailure.id)
            .where(AuthFailure.at <= t - _LONGEST_WINDOW)
            .limit(1000)
            .with_for_update(skip_locked=True)
        )
        session.execute(delete(AuthFailure).where(AuthFailure.id.in_(stale.scalar_subquery())))
        for lim in limits:
            if lim.spare_known is not None and _known_address(session, *lim.spare_known):
                continue
            count = session.scalar(
                select(func.count()).where(
                    AuthFailure.key == lim.key, AuthFailure.at > t - lim.window
                )
            )
            if (count or 0) >= lim.limit:
                raise ApiError(
                    429,
                    p.ErrorCode.RATE_LIMITED,
                    "too many failed attempts",
                    retry_after=int(lim.window.total_seconds()),
                )
        rows = [AuthFailure(key=lim.key, at=t) for lim in limits]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def _succeeded(session: Session, reserved: list[int]) -> None:
    session.execute(delete(AuthFailure).where(AuthFailure.id.in_(reserved)))


def _fail() -> ApiError:
    # The failure was counted by _reserve before the check; nothing to write here.
    return ApiError(401, p.ErrorCode.INVALID_CREDENTIALS, "wrong username, password or code")


def _known_address(session: Session, username: str, address: str) -> bool:
    user_id = session.scalar(select(User.id).where(User.username_key == username_key(username)))
    if user_id is None:
        return False
    row = session.get(KnownAddress, {"user_id": user_id, "address": address})
    return row is not None and row.last_seen_at > now() - KNOWN_ADDRESS_TTL


def remember_address(session: Session, user_id: str, address: str | None) -> None:
    """Note that the user proved herself from ``address`` (an upsert: parallel
    enrollments from one address must not collide on the primary key)."""
    if not address:
        return
    t = now()
    row = session.get(KnownAddress, {"user_id": user_id, "address": address})
    if row is not None and t - row.last_seen_at < _KNOWN_ADDRESS_REFRESH:
        return
    values = {"user_id": user_id, "address": address, "last_seen_at": t}
    stmt: postgresql.Insert | sqlite.Insert
    if is_postgres(session):
        pg = postgresql.insert(KnownAddress).values(values)
        stmt = pg.on_conflict_do_update(
            index_elements=["user_id", "address"], set_={"last_seen_at": pg.excluded.last_seen_at}
        )
    else:
        lite = sqlite.insert(KnownAddress).values(values)
        stmt = lite.on_conflict_do_update(
            index_elements=["user_id", "address"],
            set_={"last_seen_at": lite.excluded.last_seen_at},
        )
    session.execute(stmt)
    session.execute(
        delete(KnownAddress).where(
            KnownAddress.user_id == user_id, KnownAddress.last_seen_at < t - KNOWN_ADDRESS_TTL
        )
    )


def _password_limits(username: str, address: str) -> list[_Limit]:
    name = _hashed(username_key(username))
    return [
        _Limit(f"user-ip:{name}:{address}", MAX_FAILURES_PER_NAME),
        _Limit(f"ip:{address}", MAX_FAILURES_PER_ADDRESS),
        _Limit(f"user:{name}", MAX_FAILURES_PER_USER, USER_BACKOFF_WINDOW, (username, address)),
    ]


def _code_holder(session: Session, code: str) -> User | None:
    """Whose the code is, if it is unspent and current (a read: nothing is spent yet)."""
    code_hash = security.token_hash(security.normalise_code(code))
    user_id = session.scalar(
        select(EnrollmentCode.user_id).where(
            EnrollmentCode.code_hash == code_hash,
            EnrollmentCode.used_at.is_(None),
            EnrollmentCode.expires_at >= now(),
        )
    )
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or user.removed_at is not None:
        return None
    return user


def _redeem_code(ctx: ServerContext, session: Session, code: str) -> User | None:
    """Spend the code, if it is unspent and current, in one conditional UPDATE.

    Of N parallel redemptions exactly one UPDATE matches: the others wait for its
    row lock and then find ``used_at`` set.
    """
    code_hash = security.token_hash(security.normalise_code(code))
    t = now()
    spent = session.execute(
        update(EnrollmentCode)
        .where(
            EnrollmentCode.code_hash == code_hash,
            EnrollmentCode.used_at.is_(None),
            EnrollmentCode.expires_at >= t,
        )
        .values(used_at=t)
        .execution_options(synchronize_session=False)
    )
    if getattr(spent, "rowcount", 0) != 1:
        return None
    # Journaled before the commit: a restore never makes a spent code valid again.
    journal.append(ctx.data_dir, journal.Event.CODE_SPENT, t, code_hash=code_hash)
    user_id = session.scalar(
        select(EnrollmentCode.user_id).where(EnrollmentCode.code_hash == code_hash)
    )
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or user.removed_at is not None:
        return None
    return user


def _issue(
    session: Session, family_id: str, device_id: str, refresh: str, access_tok: str
) -> p.TokenPair:
    t = now()
    session.add(
        RefreshToken(token_hash=security.token_hash(refresh), family_id=family_id, created_at=t)
    )
    session.add(
        AccessToken(
            token_hash=security.token_hash(access_tok),
            family_id=family_id,
            device_id=device_id,
            expires_at=t + access_ttl(),
        )
    )
    return p.TokenPair(
        access_token=access_tok,
        refresh_token=refresh,
        access_expires_in=int(access_ttl().total_seconds()),
        server_time=t,
    )


def enroll(ctx: ServerContext, req: p.EnrollRequest, address: str) -> p.EnrollResponse:
    # A code is 79 random bits: guessing is held back per address only. No counter
    # shared by all addresses, which anyone could fill to lock everyone out.
    limits = (
        [_Limit(f"ip:{address}", MAX_FAILURES_PER_ADDRESS)]
        if req.code is not None
        else _password_limits(req.username or "", address)
    )
    reserved = _reserve(ctx, limits)
    try:
        return _enroll(ctx, req, address, reserved)
    except enrollment_tokens.TokenRefused as exc:
        # Her own sign-in was right (the token is checked only after it): a refused
        # token is not a guess, so it does not count towards holding her address back.
        # The refusal is audited, so IT sees who met a full or expired token (and a
        # password confirmed this way leaves a line, as an enrollment would).
        with ctx.sessions() as session, session.begin():
            _succeeded(session, reserved)
            audit(
                session,
                exc.username,
                "enrollment_token.refused",
                exc.token,
                detail=f"{exc.code.value} from {address}",
            )
        raise


def _enroll(
    ctx: ServerContext, req: p.EnrollRequest, address: str, reserved: list[int]
) -> p.EnrollResponse:
    """One transaction: whatever fails raises inside it, so an organisation token's
    count and a spent code commit together with the new device, or not at all."""
    with ctx.sessions() as session, session.begin():
        user: User | None
        token_id: str | None = None
        if req.code is not None:
            user = _code_holder(session, req.code)
            if user is not None and req.org_token is not None:
                # Before the code is spent (and journaled as spent): a refused token
                # leaves the reader's code usable.
                token_id = enrollment_tokens.claim(session, req.org_token, user)
            if user is not None:
                user = _redeem_code(ctx, session, req.code)
        else:
            user = session.scalars(
                select(User).where(User.username_key == username_key(req.username or ""))
            ).first()
            ok = security.verify_password(
                None if user is None else user.password_hash, req.password or ""
            )
            if not ok or (user is not None and user.removed_at is not None):
                user = None
            if user is not None and req.org_token is not None:
                token_id = enrollment_tokens.claim(session, req.org_token, user)
        if user is None:
            raise _fail()
        _succeeded(session, reserved)
        remember_address(session, user.id, address)
        device = Device(id=new_id(), user_id=user.id, name=req.device_name, created_at=now())
        if req.keys is not None:
            device.signing_public_key = req.keys.signing_public_key
            device.exchange_public_key = req.keys.exchange_public_key
        session.add(device)
        family = TokenFamily(id=new_id(), device_id=device.id, created_at=now())
        session.add(family)
        session.flush()
        tokens = _issue(session, family.id, device.id, security.new_token(), security.new_token())
        audit(
            session,
            user.username,
            "device.enroll",
            device.id,
            device_id=device.id,
            # the reader's address (through a trusted proxy: the one it forwarded)
            detail=f"{'code' if req.code is not None else 'password'} from {address}"
            + (f" with enrollment token {token_id}" if token_id is not None else ""),
        )
        return p.EnrollResponse(
            device_id=device.id,
            user_id=user.id,
            username=user.username,
            display_name=user.display_name,
            tokens=tokens,
            server_public_key=security.public_key_b64(ctx.signing_key),
            policy=access.policy(session),
        )


def refresh(ctx: ServerContext, token: str, address: str | None = None) -> p.TokenPair:
    """The next token pair; ``address`` (the caller's) becomes one the user is known at."""
    reused = False
    with ctx.sessions() as session, session.begin():
        row = session.get(RefreshToken, security.token_hash(token), with_for_update=True)
        if row is None:
            raise unauthorized("unknown refresh token")
        family = session.get(TokenFamily, row.family_id, with_for_update=True)
        assert family is not None
        device = session.get(Device, family.device_id)
        assert device is not None
        if device.revoked_at is not None:
            raise ApiError(401, p.ErrorCode.DEVICE_REVOKED, "this device was revoked")
        if family.revoked_at is not None:
            raise ApiError(401, p.ErrorCode.TOKEN_REUSED, "this sign-in was revoked")
        new_refresh = security.derived_token(ctx.token_secret, "refresh", token)
        new_access = security.derived_token(ctx.token_secret, "access", token)
        t = now()
        if row.used_at is None:
            row.used_at = t
            row.replaced_by = security.token_hash(new_refresh)
            remember_address(session, device.user_id, address)
            return _issue(session, family.id, device.id, new_refresh, new_access)
        successor = session.get(RefreshToken, row.replaced_by) if row.replaced_by else None
        if successor is not None and successor.used_at is None and t - row.used_at <= GRACE:
            acc = session.get(AccessToken, security.token_hash(new_access))
            assert acc is not None
            return p.TokenPair(
                access_token=new_access,
                refresh_token=new_refresh,
                access_expires_in=max(0, int((acc.expires_at - t).total_seconds())),
                server_time=t,
            )
        journal.append(
            ctx.data_dir,
            journal.Event.TOKEN_FAMILY_REVOKED,
            t,
            family_id=family.id,
            device_id=device.id,
        )
        family.revoked_at = t
        user = session.get(User, device.user_id)
        audit(
            session,
            user.username if user else "?",
            "token.reuse",
            device.id,
            device_id=device.id,
            detail="refresh token family revoked",
        )
        reused = True
    assert reused
    raise ApiError(401, p.ErrorCode.TOKEN_REUSED, "refresh token reused; sign in again")


_SEEN_EVERY = timedelta(minutes=1)


def who(*extra: Any) -> Select[Any]:
    """The token lookup (the token, its device and its sign-in), with whatever else
    a caller wants read in the same round trip (``authenticate_with``). It runs on
    every request, so each caller builds it once: building and cache-keying a
    select costs more than running it."""
    return (
        select(AccessToken.expires_at, Device, TokenFamily.id, TokenFamily.revoked_at, *extra)
        .join(Device, Device.id == AccessToken.device_id)
        .outerjoin(TokenFamily, TokenFamily.id == AccessToken.family_id)
        .where(AccessToken.token_hash == bindparam("token_hash"))
    )


_WHO = who()
#: The same question as plain columns, for ``identify``.
_WHO_COLUMNS = (
    select(
        AccessToken.expires_at,
        Device.revoked_at,
        TokenFamily.id,
        TokenFamily.revoked_at,
        Device.id,
        Device.user_id,
        Device.last_seen_at,
    )
    .join(Device, Device.id == AccessToken.device_id)
    .outerjoin(TokenFamily, TokenFamily.id == AccessToken.family_id)
    .where(AccessToken.token_hash == bindparam("token_hash"))
)


@dataclass(frozen=True)
class Caller:
    """The device a read-only request speaks for, as the few columns a feed poll
    needs: most of a fleet's requests are polls, and an ORM object per poll costs
    more CPU than the poll's own query (issue 13)."""

    device_id: str
    user_id: str
    last_seen_at: datetime | None
    token_hash: str  # found in the database: the body gate may remember it


def _bearer_hash(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise unauthorized("missing bearer token")
    return security.token_hash(authorization[7:].strip())


def _refuse_unless_valid(
    expires_at: datetime,
    device_revoked_at: datetime | None,
    family_id: str | None,
    family_revoked_at: datetime | None,
) -> None:
    if device_revoked_at is not None:
        raise ApiError(401, p.ErrorCode.DEVICE_REVOKED, "this device was revoked")
    if family_id is None or family_revoked_at is not None:
        raise unauthorized("this sign-in was revoked")
    if expires_at < now():
        raise unauthorized("access token expired")


def authenticate(
    ctx: ServerContext, session: Session, authorization: str | None, *, touch: bool = True
) -> Device:
    """The device a bearer token speaks for. ``touch=False`` in a read-only
    transaction: the caller then records the sighting itself (``seen_due``/``touch``)."""
    return authenticate_with(session, authorization, _WHO, touch=touch)[0]


def authenticate_with(
    session: Session, authorization: str | None, statement: Select[Any], *, touch: bool = True
) -> tuple[Device, tuple[Any, ...]]:
    """``authenticate`` with a ``who(...)`` statement: the device and the whole row,
    whose columns after the fourth are the caller's extras."""
    found = session.execute(statement, {"token_hash": _bearer_hash(authorization)}).first()
    if found is None:
        raise unauthorized("unknown access token")
    expires_at, device, family_id, family_revoked_at = found[:4]
    _refuse_unless_valid(expires_at, device.revoked_at, family_id, family_revoked_at)
    t = now()
    if touch and seen_due(device, t):
        device.last_seen_at = t
    return device, tuple(found)


def identify(conn: Connection, authorization: str | None) -> Caller:
    """``authenticate`` for a read on a bare connection: the same refusals, no session."""
    hashed = _bearer_hash(authorization)
    found = conn.execute(_WHO_COLUMNS, {"token_hash": hashed}).first()
    if found is None:
        raise unauthorized("unknown access token")
    expires_at, device_revoked_at, family_id, family_revoked_at, device_id, user_id, seen = found
    _refuse_unless_valid(expires_at, device_revoked_at, family_id, family_revoked_at)
    return Caller(device_id, user_id, seen, hashed)


def seen_due(device: Device | Caller, t: datetime | None = None) -> bool:
    """Whether this request should record the device as seen: at most once a minute,
    so polling is not a database write per request."""
    t = t or now()
    return device.last_seen_at is None or t - device.last_seen_at > _SEEN_EVERY


def touch(session: Session, device_id: str) -> None:
    """Record a sighting after a read-only request (its own short write transaction)."""
    device = session.get(Device, device_id)
    if device is not None and seen_due(device):
        device.last_seen_at = now()


def register_keys(ctx: ServerContext, session: Session, device: Device, keys: p.DeviceKeys) -> None:
    """A device enrolled before identity keys existed registers them, once.

    The keys are the device's identity from then on, so they never change: the same
    keys again are a no-op (a lost answer retried), different ones are refused.
    """
    if device.signing_public_key is None:
        device.signing_public_key = keys.signing_public_key
        device.exchange_public_key = keys.exchange_public_key
        user = session.get(User, device.user_id)
        audit(
            session, user.username if user else "?", "device.keys", device.id, device_id=device.id
        )
        return
    if (device.signing_public_key, device.exchange_public_key) != (
        keys.signing_public_key,
        keys.exchange_public_key,
    ):
        raise ApiError(400, p.ErrorCode.BAD_REQUEST, "this device's keys are already registered")


def challenge(ctx: ServerContext, req: p.ChallengeRequest) -> p.Challenge:
    """A one-time challenge for ``req.device_id``.

    Every request gets an answer of the same shape, so the endpoint tells nobody
    whether a device id exists, is revoked or has keys; only a challenge issued to a
    device with a registered key is stored, and only that one can be answered.
    """
    value = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
    t = now()
    with ctx.sessions() as session, session.begin():
        session.execute(delete(AuthChallenge).where(AuthChallenge.expires_at < t))
        device = session.get(Device, req.device_id)
        if device is not None and device.signing_public_key is not None:
            session.add(
                AuthChallenge(
                    challenge_hash=security.token_hash(value),
                    device_id=device.id,
                    expires_at=t + CHALLENGE_LIFETIME,
                )
            )
    return p.Challenge(challenge=value, expires_in=int(CHALLENGE_LIFETIME.total_seconds()))


def _signature_ok(public_key_b64: str, signature_b64: str, message: bytes) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64))
        key.verify(base64.b64decode(signature_b64), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def reauth(ctx: ServerContext, req: p.ReauthRequest, address: str) -> p.TokenPair:
    """A new token family for a device that signed its challenge with its enrollment key.

    Every other family of the device is revoked: whatever tokens the restored
    database still knows for it belong to a past the device has left behind. A
    revoked device (or one of a removed user) learns so only after proving who it
    is, and then wipes itself.
    """
    # Per (device, address): a signature cannot be guessed, so a counter per device
    # alone would only let anyone lock the device out by sending bad ones.
    reserved = _reserve(
        ctx,
        [
            _Limit(f"reauth:{_hashed(req.device_id)}:{address}", MAX_REAUTH_FAILURES_PER_DEVICE),
            _Limit(f"ip:{address}", MAX_FAILURES_PER_ADDRESS),
        ],
    )
    with ctx.sessions() as session, session.begin():
        t = now()
        row = session.get(AuthChallenge, security.token_hash(req.challenge), with_for_update=True)
        device = session.get(Device, req.device_id)
        ok = (
            row is not None
            and row.device_id == req.device_id
            and row.used_at is None
            and row.expires_at >= t
            and device is not None
            and device.signing_public_key is not None
            and _signature_ok(
                device.signing_public_key,
                req.signature,
                p.reauth_message(req.device_id, req.challenge),
            )
        )
        if ok and row is not None and device is not None:
            row.used_at = t
            user = session.get(User, device.user_id)
            if device.revoked_at is not None or user is None or user.removed_at is not None:
                raise ApiError(401, p.ErrorCode.DEVICE_REVOKED, "this device was revoked")
            _succeeded(session, reserved)
            remember_address(session, user.id, address)
            for family in session.scalars(
                select(TokenFamily).where(
                    TokenFamily.device_id == device.id, TokenFamily.revoked_at.is_(None)
                )
            ):
                family.revoked_at = t
            family = TokenFamily(id=new_id(), device_id=device.id, created_at=t)
            session.add(family)
            session.flush()
            tokens = _issue(
                session, family.id, device.id, security.new_token(), security.new_token()
            )
            audit(
                session,
                user.username,
                "device.reauth",
                device.id,
                device_id=device.id,
                detail=f"from {address}",
            )
            return tokens
    raise _fail()
