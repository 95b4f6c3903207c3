"""Enrollment, token rotation with reuse detection, and who is calling.

Tokens are random and stored only as sha256. A refresh rotates: the successor
pair is derived from the presented token with the server's secret (HMAC), so the
immediately preceding token presented again within GRACE yields the same pair;
any other spent token revokes the whole family (DESIGN.md Security details 8).
"""

from __future__ import annotations

import os
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import access, security
from server.context import ServerContext, audit, new_id, now
from server.errors import ApiError, unauthorized
from server.models import (
    AccessToken,
    AuthFailure,
    Device,
    EnrollmentCode,
    RefreshToken,
    TokenFamily,
    User,
)
from sync import protocol as p

GRACE = timedelta(seconds=30)
FAILURE_WINDOW = timedelta(minutes=5)
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_ADDRESS = int(os.environ.get("FOLIO_SERVER_MAX_FAILURES_PER_ADDRESS", "30"))
ENROLLMENT_CODE_LIFETIME = timedelta(days=7)


def access_ttl() -> timedelta:
    return timedelta(seconds=int(os.environ.get("FOLIO_SERVER_ACCESS_TTL", "3600")))


def _check_rate(session: Session, keys: list[str], limits: list[int]) -> None:
    since = now() - FAILURE_WINDOW
    for key, limit in zip(keys, limits, strict=True):
        count = session.scalar(
            select(func.count()).where(AuthFailure.key == key, AuthFailure.at > since)
        )
        if (count or 0) >= limit:
            raise ApiError(
                429,
                p.ErrorCode.RATE_LIMITED,
                "too many failed attempts",
                retry_after=int(FAILURE_WINDOW.total_seconds()),
            )


def _fail(ctx: ServerContext, keys: list[str]) -> ApiError:
    with ctx.sessions() as session, session.begin():
        t = now()
        for key in keys:
            session.add(AuthFailure(key=key, at=t))
    return ApiError(401, p.ErrorCode.INVALID_CREDENTIALS, "wrong username, password or code")


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
    if req.code is not None:
        keys, limits = [f"ip:{address}", "code"], [MAX_FAILURES_PER_ADDRESS, 1000]
    else:
        keys = [f"user:{(req.username or '').lower()}", f"ip:{address}"]
        limits = [MAX_FAILURES_PER_NAME, MAX_FAILURES_PER_ADDRESS]
    with ctx.sessions() as session, session.begin():
        _check_rate(session, keys, limits)
    with ctx.sessions() as session, session.begin():
        user: User | None
        if req.code is not None:
            code = session.get(
                EnrollmentCode, security.token_hash(security.normalise_code(req.code))
            )
            if code is None or code.used_at is not None or code.expires_at < now():
                user = None
            else:
                code.used_at = now()
                user = session.get(User, code.user_id)
        else:
            user = session.scalars(
                select(User).where(func.lower(User.username) == (req.username or "").lower())
            ).first()
            ok = security.verify_password(
                None if user is None else user.password_hash, req.password or ""
            )
            if not ok:
                user = None
        if user is not None:
            device = Device(id=new_id(), user_id=user.id, name=req.device_name, created_at=now())
            session.add(device)
            family = TokenFamily(id=new_id(), device_id=device.id, created_at=now())
            session.add(family)
            session.flush()
            tokens = _issue(
                session, family.id, device.id, security.new_token(), security.new_token()
            )
            audit(
                session,
                user.username,
                "device.enroll",
                device.id,
                device_id=device.id,
                detail="code" if req.code is not None else "password",
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
    raise _fail(ctx, keys)


def refresh(ctx: ServerContext, token: str) -> p.TokenPair:
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


def authenticate(ctx: ServerContext, session: Session, authorization: str | None) -> Device:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise unauthorized("missing bearer token")
    token = authorization[7:].strip()
    row = session.get(AccessToken, security.token_hash(token))
    if row is None:
        raise unauthorized("unknown access token")
    device = session.get(Device, row.device_id)
    assert device is not None
    if device.revoked_at is not None:
        raise ApiError(401, p.ErrorCode.DEVICE_REVOKED, "this device was revoked")
    family = session.get(TokenFamily, row.family_id)
    if family is None or family.revoked_at is not None:
        raise unauthorized("this sign-in was revoked")
    t = now()
    if row.expires_at < t:
        raise unauthorized("access token expired")
    if device.last_seen_at is None or t - device.last_seen_at > _SEEN_EVERY:
        device.last_seen_at = t
    return device
