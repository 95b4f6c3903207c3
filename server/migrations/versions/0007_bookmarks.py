"""bookmarks: a reader's bookmarks, sealed on her device, filed per reader

Revision ID: 0007
Revises: 0006

One table (server/notes_keys.py, docs/spec/e2e-notes.md). A bookmark travels
between the reader's own devices as op ``bookmark.sealed``; the server keeps the
last sealed write per bookmark (ids, document, revision, ciphertext) and never the
page or whether the bookmark is set or removed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bookmarks",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("user_id", "id"),
    )


def downgrade() -> None:
    op.drop_table("bookmarks")
