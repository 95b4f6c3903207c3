"""private notes' keys: generations, wraps per device, the recovery wrap, approvals

Revision ID: 0006
Revises: 0005

Three tables (server/notes_keys.py, docs/spec/e2e-notes.md). The server stores
the notes keyring only wrapped to a device's X25519 key or to the recovery key,
and relays the commit-then-reveal approval of a new device; sealed notes
themselves live in ``annotations.data`` like any other mark, so nothing changes
there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notes_keys",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recovery_generation", sa.Integer(), nullable=True),
        sa.Column("recovery_wrapped", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "notes_key_wraps",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("wrapped", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("device_id", "generation"),
    )
    with op.batch_alter_table("notes_key_wraps") as batch:
        batch.create_index("ix_notes_key_wraps_user_id", ["user_id"], unique=False)
    op.create_table(
        "notes_approvals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("commitment", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("approver_device_id", sa.String(length=36), nullable=True),
        sa.Column("approver_nonce", sa.String(length=64), nullable=True),
        sa.Column("device_nonce", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("notes_approvals") as batch:
        batch.create_index("ix_notes_approvals_user_id", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("notes_approvals")
    op.drop_table("notes_key_wraps")
    op.drop_table("notes_keys")
