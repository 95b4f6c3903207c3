"""organisation enrollment tokens: reusable, scoped, expiring, revocable, with a device limit

Revision ID: 0005
Revises: 0004

One table, ``enrollment_tokens`` (server/enrollment_tokens.py). ``devices_enrolled``
is raised by one conditional UPDATE per enrollment, so the limit holds however
many tablets enroll at once (docs/spec/enrollment.md, *Organisation tokens*).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enrollment_tokens",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("committee_id", sa.String(length=36), nullable=True),
        sa.Column("device_limit", sa.Integer(), nullable=False),
        sa.Column("devices_enrolled", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["committee_id"], ["committees.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token"),
    )


def downgrade() -> None:
    op.drop_table("enrollment_tokens")
