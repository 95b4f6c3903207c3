"""auth hardening: case-insensitive unique user names, known addresses, failure pruning

Revision ID: 0004
Revises: 0003

User names become unique whatever their case (``users.username_key``, the
NFKC-casefolded name; server/models.py ``username_key``). A database that already
holds names equal but for case keeps the oldest account under its name; every
later one is renamed ``<name>-dup<n>``, keeps its devices, memberships and
material, and gets a ``user.rename`` audit entry naming the old name, so the
secretariat can tell that member her new login name (docs/admin.md). Before this
migration such a login was ambiguous anyway: the server took whichever account
the database returned first.
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

_users = sa.table(
    "users",
    sa.column("id", sa.String(36)),
    sa.column("username", sa.String(200)),
    sa.column("username_key", sa.String(200)),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
_audit = sa.table(
    "audit",
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String(200)),
    sa.column("device_id", sa.String(36)),
    sa.column("action", sa.String(50)),
    sa.column("target", sa.String(300)),
    sa.column("detail", sa.Text()),
)


def _key(name: str) -> str:
    # A copy of server.models.username_key as of this revision: migrations never
    # import code that may change after them.
    return unicodedata.normalize("NFKC", name).casefold()


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("username_key", sa.String(length=200), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_users.c.id, _users.c.username).order_by(_users.c.created_at, _users.c.id)
    ).all()
    taken = {_key(name) for _id, name in rows}
    seen: set[str] = set()
    at = datetime.now(UTC)
    if bind.dialect.name == "sqlite":
        at = at.replace(tzinfo=None)  # the models' UtcDateTime stores naive UTC on SQLite
    for user_id, name in rows:
        key = _key(name)
        new_name = name
        if key in seen:
            n = 2
            while _key(f"{name}-dup{n}") in taken:
                n += 1
            new_name = f"{name}-dup{n}"
            key = _key(new_name)
            taken.add(key)
            log.warning("user name %r differs from another only by case: renamed", name)
            bind.execute(
                _audit.insert().values(
                    at=at,
                    actor="migration",
                    device_id=None,
                    action="user.rename",
                    target=new_name,
                    detail=f"was '{name}': names are unique whatever their case",
                )
            )
        seen.add(key)
        bind.execute(
            _users.update()
            .where(_users.c.id == user_id)
            .values(username=new_name, username_key=key)
        )
    with op.batch_alter_table("users") as batch:
        batch.alter_column("username_key", existing_type=sa.String(length=200), nullable=False)
        batch.create_index("ix_users_username_key", ["username_key"], unique=True)
    op.create_index("ix_auth_failures_at", "auth_failures", ["at"])
    op.create_table(
        "known_addresses",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("address", sa.String(length=100), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("user_id", "address"),
    )


def downgrade() -> None:
    op.drop_table("known_addresses")
    op.drop_index("ix_auth_failures_at", table_name="auth_failures")
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_username_key")
        batch.drop_column("username_key")
