"""device identity keys, removed users, re-authentication challenges

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: devices enrolled before identity keys register theirs on their next sync.
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("signing_public_key", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("exchange_public_key", sa.String(length=64), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "auth_challenges",
        sa.Column("challenge_hash", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.PrimaryKeyConstraint("challenge_hash"),
    )
    op.create_index("ix_auth_challenges_device_id", "auth_challenges", ["device_id"])


def downgrade() -> None:
    op.drop_index("ix_auth_challenges_device_id", table_name="auth_challenges")
    op.drop_table("auth_challenges")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("removed_at")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("exchange_public_key")
        batch.drop_column("signing_public_key")
