"""``folio-server backup DEST`` and ``folio-server restore SRC`` (docs/admin.md).

A backup is a folder: a consistent copy of the database (SQLite's online backup
API, or ``pg_dump --format=custom``), the signing key and token secret, the
document blobs (content-addressed, so copying them is safe while the server
runs), and ``backup.json`` with the security journal's position.

The position is taken *before* the database copy starts. An event journaled
just before that moment may or may not be inside the copy; replaying it again is
harmless, because every replayed step is idempotent and only ever takes access
away. Restore then puts the copy back, starts a new feed epoch (so devices resync
instead of skipping what the restored feed numbers again) and replays the
journal from the position: a restore never brings back a revoked device, a
removed member or user, an old password or a spent enrollment code.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from server import admin, feed, journal, keys, security
from server.context import ServerContext, audit, now
from server.db import migrate, normalise_url
from server.models import (
    Committee,
    Device,
    Document,
    DocumentVersion,
    EnrollmentCode,
    EnrollmentToken,
    Meeting,
    TokenFamily,
    User,
)
from sync import protocol as p
from sync.errors import ErrorKind, FolioError

MANIFEST = "backup.json"
FORMAT = 1
SQLITE_FILE = "folio-server.db"
PG_FILE = "folio-server.dump"
BLOB_DIR = "blobs"
KEY_FILES = (security.SIGNING_KEY_FILE, security.TOKEN_SECRET_FILE)
# Present only once a key was announced or rotated (server/keys.py).
ROTATION_FILES = (keys.NEXT_KEY_FILE, keys.KEYRING_FILE)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime
    database: str  # "sqlite" | "postgresql"
    journal_offset: int
    blobs: int | None  # None: blobs left to the operator (--no-blobs)


def _pg_bin(name: str) -> str:
    override = os.environ.get("FOLIO_SERVER_PG_BIN")
    if override:
        return str(Path(override) / name)
    found = shutil.which(name)
    if found:
        return found
    hits = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not hits:
        raise FolioError(
            ErrorKind.NOT_FOUND, f"'{name}' not found: install the PostgreSQL client tools"
        )
    return hits[-1]


def _libpq_url(db_url: str) -> str:
    """The URL pg_dump understands: no SQLAlchemy driver suffix."""
    url = make_url(normalise_url(db_url)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _sqlite_path(db_url: str) -> Path:
    database = make_url(db_url).database
    if not database:
        raise FolioError(ErrorKind.BAD_INPUT, "backup: an in-memory SQLite database has no file")
    return Path(database)


def _is_sqlite(db_url: str) -> bool:
    return normalise_url(db_url).startswith("sqlite")


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent snapshot even while the server writes."""
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _run(args: list[str], what: str) -> None:
    r = subprocess.run(args, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        first = (r.stderr.strip().splitlines() or ["failed"])[0]
        raise FolioError(ErrorKind.SERVER, f"{what}: {first}")


def _copy_secret(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(source.read_bytes())
        f.flush()
        os.fsync(f.fileno())


def _copy_blobs(source: Path, target: Path) -> int:
    """Copy the blobs ``target`` lacks (content-addressed: a present name is the same bytes)."""
    copied = 0
    if not source.is_dir():
        return 0
    for path in sorted(source.glob("*/*")):
        if path.name.startswith(".tmp-") or not path.is_file():
            continue
        dest = target / path.parent.name / path.name
        if dest.exists():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
        copied += 1
    return copied


def backup(ctx: ServerContext, dest: Path, *, blobs: bool = True) -> BackupInfo:
    if dest.exists() and any(dest.iterdir()):
        raise FolioError(ErrorKind.BAD_INPUT, f"backup: {dest} exists and is not empty")
    dest.mkdir(parents=True, exist_ok=True, mode=0o700)
    offset = journal.position(ctx.data_dir)  # before the copy: see the module docstring
    created = now()
    if _is_sqlite(ctx.db_url):
        kind, db_file = "sqlite", SQLITE_FILE
        _sqlite_copy(_sqlite_path(ctx.db_url), dest / db_file)
        os.chmod(dest / db_file, 0o600)
    else:
        kind, db_file = "postgresql", PG_FILE
        _run(
            [
                _pg_bin("pg_dump"),
                "--format=custom",
                "--no-owner",
                f"--file={dest / db_file}",
                f"--dbname={_libpq_url(ctx.db_url)}",
            ],
            "pg_dump",
        )
    for name in KEY_FILES:
        _copy_secret(ctx.data_dir / name, dest / name)
    for name in ROTATION_FILES:
        if (ctx.data_dir / name).exists():
            _copy_secret(ctx.data_dir / name, dest / name)
    copied = _copy_blobs(ctx.blobs.root, dest / BLOB_DIR) if blobs else None
    manifest = {
        "format": FORMAT,
        "created_at": p.format_time(created),
        "database": kind,
        "database_file": db_file,
        "journal_offset": offset,
        "blobs": blobs,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    with ctx.sessions() as session, session.begin():
        audit(session, "cli", "server.backup", str(dest), detail=f"journal offset {offset}")
    return BackupInfo(dest, created, kind, offset, copied)


def _read_manifest(src: Path) -> dict[str, object]:
    try:
        data = json.loads((src / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise FolioError(ErrorKind.BAD_INPUT, f"restore: {src} is not a Folio backup") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FolioError(ErrorKind.BAD_INPUT, f"restore: {src}: unknown backup format")
    return data


def _put_keys_back(src: Path, data_dir: Path) -> list[str]:
    """The backup's keys win: devices pinned that signing key when they enrolled."""
    notes: list[str] = []
    stamp = now().strftime("%Y%m%dT%H%M%SZ")
    names = list(KEY_FILES)
    if keys.supersedes(data_dir, src / security.SIGNING_KEY_FILE):
        # Rotated since the backup: devices that followed no longer trust its key.
        names.remove(security.SIGNING_KEY_FILE)
        notes.append("signing key: rotated since the backup; the data dir's keys were kept")
    else:
        for name in ROTATION_FILES:
            if (src / name).exists() and not (data_dir / name).exists():
                _copy_secret(src / name, data_dir / name)
    for name in names:
        ours, theirs = data_dir / name, src / name
        if ours.exists() and ours.read_bytes() == theirs.read_bytes():
            continue
        if ours.exists():
            ours.rename(data_dir / f"{name}.replaced-{stamp}")
            notes.append(f"{name}: the data dir's differed; kept as {name}.replaced-{stamp}")
        _copy_secret(theirs, ours)
    return notes


def _put_database_back(ctx: ServerContext, src: Path, manifest: dict[str, object]) -> None:
    kind = manifest.get("database")
    db_file = src / str(manifest.get("database_file"))
    if (kind == "sqlite") != _is_sqlite(ctx.db_url):
        raise FolioError(
            ErrorKind.BAD_INPUT, f"restore: the backup holds a {kind} database, --db is not one"
        )
    ctx.engine.dispose()
    if kind == "sqlite":
        target = _sqlite_path(ctx.db_url)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        _sqlite_copy(db_file, target)
        os.chmod(target, 0o600)
    else:
        # Everything goes, also tables a newer migration made: the dump is the truth,
        # and the migrations below bring it up to this version again.
        with ctx.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        ctx.engine.dispose()
        _run(
            [
                _pg_bin("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                f"--dbname={_libpq_url(ctx.db_url)}",
                str(db_file),
            ],
            "pg_restore",
        )
    migrate(ctx.db_url)


def _replay(ctx: ServerContext, entries: list[journal.Entry]) -> list[str]:
    """Apply each journaled event to the restored database; each step is idempotent."""
    done: list[str] = []
    for entry in entries:
        f = entry.fields
        try:
            if entry.event in (journal.Event.DEVICE_REVOKED, journal.Event.DEVICE_WIPE_REQUESTED):
                wipe = entry.event is journal.Event.DEVICE_WIPE_REQUESTED
                with ctx.sessions() as session:
                    d = session.get(Device, f["device_id"])
                    if d is None or d.revoked_at is not None or (wipe and d.wipe_requested_at):
                        continue
                admin.revoke_device(ctx, f["device_id"], wipe=wipe, replay=True)
            elif entry.event is journal.Event.TOKEN_FAMILY_REVOKED:
                with ctx.sessions() as session, session.begin():
                    fam = session.get(TokenFamily, f["family_id"])
                    if fam is None or fam.revoked_at is not None:
                        continue
                    fam.revoked_at = entry.at
            elif entry.event is journal.Event.MEMBER_REMOVED:
                with ctx.sessions() as session:
                    c = session.get(Committee, f["committee_id"])
                    u = session.get(User, f["user_id"])
                    names = None if c is None or u is None else (c.name, u.username)
                if names is None:
                    continue
                admin.remove_member(ctx, names[0], names[1], replay=True)
            elif entry.event is journal.Event.USER_REMOVED:
                with ctx.sessions() as session:
                    u = session.get(User, f["user_id"])
                    if u is None or u.removed_at is not None:
                        continue
                    name = u.username
                admin.remove_user(ctx, name, replay=True)
            elif entry.event is journal.Event.USER_ERASED:
                from server import privacy  # noqa: PLC0415 (privacy imports admin, as we do)

                with ctx.sessions() as session:
                    if session.get(User, f["user_id"]) is None:
                        continue
                privacy.erase_by_id(ctx, f["user_id"], replay=True)
            elif entry.event is journal.Event.PASSWORD_CHANGED:
                with ctx.sessions() as session:
                    u = session.get(User, f["user_id"])
                    if u is None or u.removed_at is not None:
                        continue
                    name = u.username
                admin.set_password(ctx, name, "", replay_hash=f["password_hash"])
            elif entry.event is journal.Event.CODE_SPENT:
                with ctx.sessions() as session, session.begin():
                    code = session.get(EnrollmentCode, f["code_hash"])
                    if code is None or code.used_at is not None:
                        continue
                    code.used_at = entry.at
            elif entry.event is journal.Event.ENROLLMENT_TOKEN_REVOKED:
                with ctx.sessions() as session, session.begin():
                    tok = session.get(EnrollmentToken, f["token_id"])
                    if tok is None or tok.revoked_at is not None:
                        continue
                    tok.revoked_at = entry.at
            else:
                continue
        except FolioError as exc:
            if exc.kind is not ErrorKind.BAD_INPUT:  # "not a member" etc.: already so
                raise
            continue
        done.append(entry.event.value)
    return done


def raise_versions(ctx: ServerContext, entries: list[journal.Entry]) -> int:
    """Meetings published again after the backup: devices may hold a later version
    than the restored one (and other content under the restored numbers), and they
    rightly refuse an older manifest. So each such meeting, and each of its documents
    whose version went past the restored one, becomes a version above every number
    journaled since the backup, with the restored content. Returns how many."""
    from server.publish import journal_versions  # noqa: PLC0415 (publish imports sync.pack)

    meetings: dict[str, int] = {}
    documents: dict[str, int] = {}
    for entry in entries:
        if entry.event is not journal.Event.MEETING_PUBLISHED:
            continue
        f = entry.fields
        meetings[f["meeting_id"]] = max(meetings.get(f["meeting_id"], 0), int(f["version"]))
        for doc_id, version in json.loads(f.get("documents", "{}")).items():
            documents[doc_id] = max(documents.get(doc_id, 0), int(version))
    raised = 0
    for meeting_id, seen in sorted(meetings.items()):
        with ctx.sessions() as session, session.begin():
            meeting = session.get(Meeting, meeting_id)
            if meeting is None or meeting.version >= seen:
                continue  # published first after the backup (gone), or nothing newer seen
            meeting.version = seen + 1
            docs = session.scalars(select(Document).where(Document.meeting_id == meeting_id))
            for doc in docs:
                doc_seen = documents.get(doc.id, 0)
                if doc.version >= doc_seen:
                    continue
                current = session.scalars(
                    select(DocumentVersion).where(
                        DocumentVersion.document_id == doc.id,
                        DocumentVersion.version == doc.version,
                    )
                ).one()
                doc.version = doc_seen + 1
                session.add(
                    DocumentVersion(
                        document_id=doc.id,
                        version=doc.version,
                        sha256=current.sha256,
                        size=current.size,
                        pages=current.pages,
                        pieces=current.pieces,
                        created_at=now(),
                    )
                )
            session.flush()
            feed.add(session, p.FeedKind.MEETING_PUT, ref_id=meeting.id)
            journal_versions(ctx, session, meeting)
            raised += 1
    return raised


@dataclass(frozen=True)
class RestoreResult:
    backup_created_at: str
    replayed: list[str]
    notes: list[str]
    epoch: str


def restore(ctx: ServerContext, src: Path) -> RestoreResult:
    """Put a backup back (the server must be stopped), then replay the journal."""
    manifest = _read_manifest(src)
    offset = manifest.get("journal_offset")
    if not isinstance(offset, int) or offset < 0:
        raise FolioError(ErrorKind.BAD_INPUT, f"restore: {src}: no journal position")
    notes: list[str] = []
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    if journal.position(ctx.data_dir) < offset:
        notes.append(
            "the security journal is shorter than when the backup was taken: it is not the "
            "journal this backup belongs to, so nothing was replayed; revoke again by hand "
            "what was revoked since the backup"
        )
        offset = journal.position(ctx.data_dir)
    notes += _put_keys_back(src, ctx.data_dir)
    ctx.forget_keys()  # reload the keys just put back
    _put_database_back(ctx, src, manifest)
    copied = _copy_blobs(src / BLOB_DIR, ctx.blobs.root)
    if copied:
        notes.append(f"{copied} document blobs copied back")
    if not manifest.get("blobs"):
        notes.append("the backup holds no blobs: copy the blob folder back yourself")
    with ctx.sessions() as session, session.begin():
        # Before the replay: the rows it adds belong to the new epoch, after restored_seq.
        epoch = feed.new_epoch(session).id
    entries = journal.read_from(ctx.data_dir, offset)
    replayed = _replay(ctx, entries)
    raised = raise_versions(ctx, entries)
    if raised:
        notes.append(f"{raised} meetings published since the backup: put out as a new version")
    created = str(manifest.get("created_at"))
    journal.append(
        ctx.data_dir,
        journal.Event.RESTORED,
        now(),
        backup_created_at=created,
        replayed=str(len(replayed)),
    )
    with ctx.sessions() as session, session.begin():
        audit(
            session,
            "cli",
            "server.restore",
            str(src),
            detail=f"backup of {created}; {len(replayed)} journal events replayed",
        )
    return RestoreResult(created, replayed, notes, epoch)
