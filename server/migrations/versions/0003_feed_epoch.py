"""feed epoch: a random id that every feed cursor carries

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_settings = sa.table("settings", sa.column("key", sa.String(100)), sa.column("value", sa.JSON()))


def upgrade() -> None:
    # A database that predates epochs gets one now; cursors issued before ("f1.")
    # carry none, so those devices take the new-epoch path once (safe: the server
    # deduplicates re-sent ops by id and the resync keeps the reader's own material).
    bind = op.get_bind()
    max_seq = bind.execute(sa.text("SELECT coalesce(max(seq), 0) FROM feed")).scalar() or 0
    op.bulk_insert(
        _settings,
        [
            {
                "key": "feed_epoch",
                "value": {
                    "epoch": uuid.uuid4().hex,
                    "restored_seq": int(max_seq),
                    "started_at": datetime.now(UTC).isoformat(),
                },
            }
        ],
    )


def downgrade() -> None:
    op.execute(_settings.delete().where(_settings.c.key == "feed_epoch"))
