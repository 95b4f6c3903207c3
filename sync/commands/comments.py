"""Comments on items, cases and annotations: the comment and its op in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync import model
from sync import protocol as p
from sync.commands import offline_expiry
from sync.errors import ErrorKind, FolioError
from sync.store import records
from sync.store.records import CursorReader
from sync.store.state import STATE_MEMBER_DISPLAY_NAME, STATE_MEMBER_NAME

if TYPE_CHECKING:
    from sync.config.policy import Config
    from sync.vault.db import Database

MAX_COMMENT_CHARS = 20_000


def list_comments(
    db: Database, config: Config, target_kind: str, target_id: str
) -> list[model.Comment]:
    hidden = offline_expiry.hidden_closed(db, config)
    if hidden is not None and hidden.holds(target_kind, target_id):
        return []
    return records.list_comments(db, target_kind, target_id)


def add_comment(
    db: Database, target_kind: str, target_id: str, body: str, parent_id: str | None
) -> model.Changes:
    """The comment id is its op id, so the comment shows its op's state."""
    body = body.strip()
    if not body or len(body) > MAX_COMMENT_CHARS:
        raise FolioError(ErrorKind.BAD_INPUT, "a comment needs 1 to 20000 characters")
    with db.transaction() as cur:
        reader = CursorReader(cur)
        if not records.target_exists(reader, target_kind, target_id):
            raise FolioError(ErrorKind.NOT_FOUND, f"no such {target_kind} to comment on")
        # As the server names authors (display name), so a thread reads the same
        # before and after the server echoes the comment back.
        author = (
            db.get_state(STATE_MEMBER_DISPLAY_NAME) or db.get_state(STATE_MEMBER_NAME) or records.ME
        )
        comment = model.Comment(
            id=records.new_id(),
            target_kind=target_kind,
            target_id=target_id,
            body=body,
            author=author,
            created_at=records.now(),
            parent_id=parent_id,
        )
        records.insert_comment(cur, comment)
        records.add_op(
            cur,
            p.CommentPayload(comment.id, p.CommentTarget(target_kind), target_id, body, parent_id),
            op_id=comment.id,
        )
    return model.Changes(comments=frozenset({comment.id}), outbox=True)
