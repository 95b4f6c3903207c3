"""The server's tables (SQLAlchemy 2). Alembic migrations in server/migrations own the schema."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates
from sqlalchemy.types import TypeDecorator

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, also on SQLite (which drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime(), dict[str, Any]: JSON}


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)


def username_key(name: str) -> str:
    """The form two user names are compared in: ``Anna`` and ``anna`` are one user.

    Folded in Python rather than by SQL ``lower()``, which on SQLite folds ASCII
    only (``Åsa`` and ``åsa`` would stay two users there and one on PostgreSQL).
    """
    return unicodedata.normalize("NFKC", name).casefold()


def _username_key_default(context: DefaultExecutionContext) -> str:
    # For inserts that bypass the ORM attribute events (bulk and Core inserts).
    params = context.get_current_parameters()  # type: ignore[no-untyped-call]  # untyped in SQLAlchemy
    return username_key(str(params["username"]))


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    # Unique: the one login name, whatever its case (migration 0004).
    username_key: Mapped[str] = mapped_column(String(200), default=_username_key_default)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]  # `folio-server user remove`: no device, no sign-in
    __table_args__ = (Index("ix_users_username_key", "username_key", unique=True),)

    @validates("username")
    def _keep_username_key(self, _attr: str, value: str) -> str:
        self.username_key = username_key(value)
        return value


class Committee(Base):
    __tablename__ = "committees"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Membership(Base):
    __tablename__ = "memberships"
    committee_id: Mapped[str] = mapped_column(ForeignKey("committees.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    wipe_requested_at: Mapped[datetime | None]
    wiped_at: Mapped[datetime | None]
    # The device's identity (docs/spec/enrollment.md): base64 raw public keys, set at
    # enrollment or, for a device enrolled before they existed, on its next sync.
    signing_public_key: Mapped[str | None] = mapped_column(String(64))  # Ed25519
    exchange_public_key: Mapped[str | None] = mapped_column(String(64))  # X25519


class TokenFamily(Base):
    __tablename__ = "token_families"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class RefreshToken(Base):
    __tablename__ = "refresh_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    family_id: Mapped[str] = mapped_column(ForeignKey("token_families.id"), index=True)
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    replaced_by: Mapped[str | None] = mapped_column(String(64))


class AccessToken(Base):
    __tablename__ = "access_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    family_id: Mapped[str] = mapped_column(ForeignKey("token_families.id"), index=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    expires_at: Mapped[datetime]


class AuthChallenge(Base):
    """A one-time challenge a device signs with its enrollment key to get a new token family."""

    __tablename__ = "auth_challenges"
    challenge_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class EnrollmentCode(Base):
    __tablename__ = "enrollment_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class EnrollmentToken(Base):
    """An organisation enrollment token (server/enrollment_tokens.py): reusable, not a secret.

    ``token`` is stored as given out (normalised): it only names the scope and the
    limit, the reader's own sign-in proves who enrolls. ``committee_id`` NULL is the
    whole organisation.
    """

    __tablename__ = "enrollment_tokens"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    committee_id: Mapped[str | None] = mapped_column(ForeignKey("committees.id"))
    device_limit: Mapped[int] = mapped_column(Integer)
    devices_enrolled: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class AuthFailure(Base):
    __tablename__ = "auth_failures"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime]
    __table_args__ = (
        Index("ix_auth_failures_key_at", "key", "at"),
        Index("ix_auth_failures_at", "at"),  # pruning past the longest window
    )


class KnownAddress(Base):
    """An address a user proved herself from (enrollment, reauth, refresh).

    A right password from here is never held back by the per-user backoff that
    guesses from elsewhere build up (docs/security.md, Server authentication).
    """

    __tablename__ = "known_addresses"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    address: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_seen_at: Mapped[datetime]


class Meeting(Base):
    __tablename__ = "meetings"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source_key: Mapped[str] = mapped_column(String(500), unique=True)
    committee_id: Mapped[str] = mapped_column(ForeignKey("committees.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime]
    location: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]


class Item(Base):
    __tablename__ = "items"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    number: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(Text)
    closed: Mapped[bool] = mapped_column(Boolean)
    proposal: Mapped[str] = mapped_column(Text)
    needs_decision: Mapped[bool] = mapped_column(Boolean)
    deadline: Mapped[datetime | None]
    position: Mapped[int] = mapped_column(Integer)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    file: Mapped[str] = mapped_column(String(500))
    title: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (UniqueConstraint("meeting_id", "file"),)


class DocumentVersion(Base):
    __tablename__ = "document_versions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"))
    version: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    pages: Mapped[int] = mapped_column(Integer)
    pieces: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"sha256": [...]}
    created_at: Mapped[datetime]
    __table_args__ = (UniqueConstraint("document_id", "version"),)


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    deadline: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meetings.id"))
    item_id: Mapped[str | None] = mapped_column(ForeignKey("items.id"), unique=True)
    committee_id: Mapped[str | None] = mapped_column(ForeignKey("committees.id"))
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class CaseAssignee(Base):
    __tablename__ = "case_assignees"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)


class Approval(Base):
    __tablename__ = "approvals"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[str] = mapped_column(String(36))
    decision: Mapped[str] = mapped_column(String(20))
    remark: Mapped[str] = mapped_column(Text)
    case_version: Mapped[int] = mapped_column(Integer)
    receipt_id: Mapped[str] = mapped_column(String(36))
    decided_at: Mapped[datetime]
    __table_args__ = (UniqueConstraint("case_id", "user_id"),)


class Annotation(Base):
    __tablename__ = "annotations"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    document_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    visibility: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class Bookmark(Base):
    """A reader's bookmark, sealed on her device: the server files and relays it unread.

    Keyed per reader, so one reader's ids never meet another's. ``data`` is the last
    ``bookmark.sealed`` payload (ids and ciphertext); whether it sets or removes the
    bookmark, and the page, are inside the seal (docs/spec/e2e-notes.md).
    """

    __tablename__ = "bookmarks"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    target_kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]


class ReadReceipt(Base):
    __tablename__ = "read_receipts"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    document_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]


class OpRecord(Base):
    """Every op id ever answered, with its answer: kept forever (replayed verbatim)."""

    __tablename__ = "ops"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(100))
    payload_hash: Mapped[str] = mapped_column(String(64))
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]


class FeedRow(Base):
    """One change-feed entry with its audience; data is rendered per reader when served."""

    __tablename__ = "feed"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(50))
    ref_id: Mapped[str | None] = mapped_column(String(100))
    user_id: Mapped[str | None] = mapped_column(String(36))
    device_id: Mapped[str | None] = mapped_column(String(36))
    exclude_device_id: Mapped[str | None] = mapped_column(String(36))
    committee_id: Mapped[str | None] = mapped_column(String(36))
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime]


class AuditEntry(Base):
    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))  # username, or "cli"
    device_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")


# -- private notes' keys (docs/spec/e2e-notes.md): the server keeps wraps, never a key --


class NotesKey(Base):
    """A reader's notes key as the server sees it: which generation is current."""

    __tablename__ = "notes_keys"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    generation: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime]
    # the keyring wrapped to the reader's recovery key (None: none set up)
    recovery_generation: Mapped[int | None] = mapped_column(Integer)
    recovery_wrapped: Mapped[str | None] = mapped_column(Text)


class NotesKeyWrap(Base):
    """The keyring of one generation wrapped to one device's X25519 enrollment key."""

    __tablename__ = "notes_key_wraps"
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    wrapped: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(36))  # the device that wrapped it
    created_at: Mapped[datetime]


class NotesApproval(Base):
    """A new device asking for the notes key: the relayed commit / answer / reveal."""

    __tablename__ = "notes_approvals"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    commitment: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20))
    approver_device_id: Mapped[str | None] = mapped_column(String(36))
    approver_nonce: Mapped[str | None] = mapped_column(String(64))
    device_nonce: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
