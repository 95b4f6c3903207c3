"""The security journal: every event that takes access away, outside the database.

A database backup is a moment in the past. Restoring it must not bring back a
revoked device, a removed member or user, an old password or a spent enrollment
code, so each of those events is also appended here, one JSON line each, and
``folio-server restore`` replays the lines written since the backup was taken.

The line is written and fsync'ed *before* the database transaction commits: a
crash between the two leaves a journal line for an event the database never saw,
and replaying it takes away access that was about to be taken away anyway (the
safe direction). The journal lives in the data dir beside the signing key; it is
append-only and never rewritten, so a backup's position (a byte offset) stays
valid for as long as the file exists.
"""

from __future__ import annotations

import contextlib
import enum
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sync import protocol as p

JOURNAL_FILE = "security-journal.jsonl"
FORMAT = 1


class Event(enum.StrEnum):
    DEVICE_REVOKED = "device.revoked"  # device_id
    DEVICE_WIPE_REQUESTED = "device.wipe_requested"  # device_id
    TOKEN_FAMILY_REVOKED = "token_family.revoked"  # noqa: S105 (an event name) family_id, device_id
    MEMBER_REMOVED = "member.removed"  # committee_id, user_id
    USER_REMOVED = "user.removed"  # user_id
    USER_ERASED = "user.erased"  # user_id: server/privacy.py erases her data again
    PASSWORD_CHANGED = "password.changed"  # noqa: S105 (an event name) user_id, password_hash
    CODE_SPENT = "enrollment_code.spent"  # code_hash
    ENROLLMENT_TOKEN_REVOKED = "enrollment_token.revoked"  # noqa: S105 (an event name) token_id
    RESTORED = "server.restored"  # backup_created_at, replayed: bookkeeping only
    # Not access, but the same kind of promise: a version number a device has seen is
    # never handed out again for other content (devices refuse an older manifest and a
    # document version whose hash changed). A restore raises what the backup holds
    # above every version journaled since (backup.raise_versions).
    MEETING_PUBLISHED = "meeting.published"  # meeting_id, version, documents (JSON id: version)


@dataclass(frozen=True)
class Entry:
    event: Event
    at: datetime
    fields: dict[str, str]


def path(data_dir: Path) -> Path:
    return data_dir / JOURNAL_FILE


@contextlib.contextmanager
def _locked(data_dir: Path, mode: int) -> Iterator[int]:
    """The journal open and flock'ed: writers from several workers queue, never interleave."""
    fd = os.open(path(data_dir), os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        fcntl.flock(fd, mode)
        yield fd
    finally:
        os.close(fd)  # closing drops the lock


def append(data_dir: Path, event: Event, at: datetime, **fields: str) -> None:
    """Append one line and fsync it; returns only when the line is on disk."""
    created = not path(data_dir).exists()
    line = {"v": FORMAT, "event": event.value, "at": p.format_time(at), **fields}
    data = json.dumps(line, sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n"
    with _locked(data_dir, fcntl.LOCK_EX) as fd:
        os.write(fd, data)
        os.fsync(fd)
    if created:
        dir_fd = os.open(data_dir, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def position(data_dir: Path) -> int:
    """Where the journal ends now: a backup records it, a restore replays from it."""
    if not path(data_dir).exists():
        return 0
    with _locked(data_dir, fcntl.LOCK_SH) as fd:
        return os.fstat(fd).st_size


def read_from(data_dir: Path, offset: int) -> list[Entry]:
    """Every complete line from ``offset`` on (a torn last line from a crash is skipped)."""
    if not path(data_dir).exists():
        return []
    with _locked(data_dir, fcntl.LOCK_SH), path(data_dir).open("rb") as f:
        f.seek(offset)
        raw = f.read()
    out: list[Entry] = []
    for chunk in raw.split(b"\n"):
        if not chunk.strip():
            continue
        try:
            obj: dict[str, Any] = json.loads(chunk)
            event = Event(obj.pop("event"))
            at = p.parse_time(obj.pop("at"))
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a crash before its fsync: the event never committed
        obj.pop("v", None)
        out.append(Entry(event, at, {k: str(v) for k, v in obj.items()}))
    return out
