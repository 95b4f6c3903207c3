"""``folio-server check``: what an operator should know before (re)starting the server.

Each finding is ok, warn or fail; the command exits 1 when anything fails, so it
can gate a deployment (``ExecStartPre``, a CI job, a monitoring probe). It reads
and never changes anything. Checks: the data dir and the files in it (present,
not readable by other users), the signing key and token secret (loadable), the
database (reachable, schema at the newest migration) and the published release
metadata (not expired, not about to).
"""

from __future__ import annotations

import enum
import os
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from server import releases, security
from server.context import ServerContext, now
from sync.errors import FolioError

RELEASE_WARN_BEFORE = timedelta(days=7)  # time left to sign and publish the next metadata


class Status(enum.Enum):
    OK = "ok"
    WARN = "warn"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Finding:
    status: Status
    subject: str
    detail: str

    def line(self) -> str:
        return f"{self.status.value:<4}  {self.subject}: {self.detail}"


def _mode_finding(path: Path, subject: str, *, required: bool) -> Finding:
    try:
        st = path.stat()
    except FileNotFoundError:
        if required:
            return Finding(Status.FAIL, subject, f"{path} is missing")
        return Finding(Status.OK, subject, f"{path} not present")
    except OSError as exc:
        return Finding(Status.FAIL, subject, f"{path}: {exc.strerror}")
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o077:
        return Finding(
            Status.FAIL,
            subject,
            f"{path} is mode {mode:04o}: other users can read it (chmod go-rwx)",
        )
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return Finding(Status.WARN, subject, f"{path} is owned by uid {st.st_uid}, not by me")
    return Finding(Status.OK, subject, f"{path} mode {mode:04o}")


def _files(ctx: ServerContext) -> list[Finding]:
    d = ctx.data_dir
    if not d.is_dir():
        return [Finding(Status.FAIL, "data dir", f"{d} does not exist: run 'folio-server init'")]
    found = [
        _mode_finding(d, "data dir", required=True),
        _mode_finding(d / security.SIGNING_KEY_FILE, "signing key file", required=True),
        _mode_finding(d / security.TOKEN_SECRET_FILE, "token secret file", required=True),
    ]
    named = {d / security.SIGNING_KEY_FILE, d / security.TOKEN_SECRET_FILE}
    if ctx.engine.dialect.name == "sqlite" and ctx.engine.url.database:
        db = Path(ctx.engine.url.database)
        found.append(_mode_finding(db, "database file", required=True))
        named.add(db)
    # Everything else in the data dir, whatever made it (the journal, the next signing
    # key, SQLite's -wal and -shm, blobs/, metrics): a file a later version adds is
    # checked without this list knowing it.
    for entry in sorted(d.iterdir()):
        if entry not in named and not entry.is_symlink():
            found.append(_mode_finding(entry, entry.name, required=False))
    return found


def _keys(ctx: ServerContext) -> list[Finding]:
    found: list[Finding] = []
    try:
        key = security.load_signing_key(ctx.data_dir)
        found.append(
            Finding(Status.OK, "signing key", f"Ed25519, public {security.public_key_b64(key)}")
        )
    except (FolioError, ValueError, OSError) as exc:
        detail = exc.detail if isinstance(exc, FolioError) else str(exc)
        found.append(Finding(Status.FAIL, "signing key", detail or "cannot be loaded"))
    try:
        secret = security.load_token_secret(ctx.data_dir)
        if len(secret) < 32:
            found.append(Finding(Status.FAIL, "token secret", f"{len(secret)} bytes, need 32"))
        else:
            found.append(Finding(Status.OK, "token secret", f"{len(secret)} bytes"))
    except (FolioError, OSError) as exc:
        detail = exc.detail if isinstance(exc, FolioError) else str(exc)
        found.append(Finding(Status.FAIL, "token secret", detail or "cannot be read"))
    return found


def _database(ctx: ServerContext) -> list[Finding]:
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415 (slow import)
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    from server.db import alembic_config  # noqa: PLC0415

    head = ScriptDirectory.from_config(alembic_config(ctx.db_url)).get_current_head()
    shown = ctx.engine.url.render_as_string(hide_password=True)
    try:
        with ctx.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return [Finding(Status.FAIL, "database", f"{shown}: {first}")]
    if current is None:
        return [Finding(Status.FAIL, "database", f"{shown}: no schema: run 'folio-server init'")]
    if current != head:
        return [
            Finding(
                Status.FAIL,
                "database",
                f"{shown}: schema {current}, code expects {head}: run 'folio-server migrate'",
            )
        ]
    return [Finding(Status.OK, "database", f"{shown}: schema {current} (newest)")]


def _release(ctx: ServerContext, at: datetime) -> list[Finding]:
    try:
        shown = releases.describe_current(ctx)
    except SQLAlchemyError:
        return []  # the database finding already says why
    if shown is None:
        return [Finding(Status.OK, "release metadata", "none published (devices skip the check)")]
    expires = datetime.fromisoformat(str(shown["expires"]))
    version = shown.get("version", "?")
    if expires <= at:
        return [
            Finding(
                Status.FAIL,
                "release metadata",
                f"version {version} expired {expires.isoformat()}: devices refuse it; "
                "sign and publish the next version",
            )
        ]
    if expires - at < RELEASE_WARN_BEFORE:
        return [
            Finding(
                Status.WARN,
                "release metadata",
                f"version {version} expires {expires.isoformat()}: sign and publish the next one",
            )
        ]
    return [
        Finding(Status.OK, "release metadata", f"version {version}, expires {expires.isoformat()}")
    ]


def run(ctx: ServerContext) -> list[Finding]:
    found = _files(ctx)
    if ctx.data_dir.is_dir():
        found += _keys(ctx)
    database = _database(ctx)
    found += database
    if database[0].status is Status.OK:
        found += _release(ctx, now())
    return found
