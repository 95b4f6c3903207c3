"""Everything a request or a CLI command needs, built once from --data-dir and --db."""

from __future__ import annotations

import os
import stat
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from server.db import make_engine, make_sessionmaker, sqlite_path
from server.models import AuditEntry
from sync.errors import ErrorKind, FolioError

if TYPE_CHECKING:
    # The keys (cryptography, the protocol's key announcements) and the token secret load
    # on first use: most admin verbs never sign, and each verb is a fresh process that
    # pays for every import (bench/startup.py, target under 0.5 s).
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from server import keys

ENV_DATA_DIR = "FOLIO_SERVER_DATA"
#: What the server's files may allow: the server's own user only. The data dir
#: holds the SQLite database (closed items, comments, password hashes), the
#: signing key, the journal and the document blobs.
PRIVATE_UMASK = 0o077


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    import platformdirs  # noqa: PLC0415 (only without --data-dir and $FOLIO_SERVER_DATA)

    return Path(platformdirs.user_data_dir("folio-server", appauthor=False))


def default_db_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'folio-server.db'}"


def make_private_dir(path: Path) -> None:
    """Create the data dir 0700, and tighten it if it was there already (init owns it)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def refuse_readable_by_others(data_dir: Path, db_url: str) -> None:
    """``serve`` starts only on a data dir (and SQLite file) no other user can read.

    The umask makes every new file 0600, but a folder made by hand, or a
    database from an older version, may be open to every local user.
    """
    checked = [data_dir]
    db_file = sqlite_path(db_url)
    if db_file is not None:
        checked.append(db_file)
    for path in checked:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            raise FolioError(
                ErrorKind.BAD_INPUT,
                f"{path} can be read by other users (mode {mode:04o}): "
                f"run 'chmod {'700' if path.is_dir() else '600'} {path}' and start again",
            )


def now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


class BlobStore:
    """Document bytes on disk, named by their sha256 (content-addressed)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, sha256: str, data: bytes) -> bool:
        """Store the bytes; True when they were new (the caller may undo it)."""
        target = self.path(sha256)
        if target.is_file():
            return False
        # 0700 whatever the umask: an in-process caller (tests, tools) may not have set it
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        target.parent.mkdir(mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return True

    def remove(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)


@dataclass
class ServerContext:
    data_dir: Path
    db_url: str
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore
    _keyring: keys.KeyRing | None = None
    _keyring_stamp: tuple[tuple[int, int, int] | None, ...] = ()
    _token_secret: bytes | None = None

    @classmethod
    def open(cls, data_dir: Path, db_url: str | None = None) -> ServerContext:
        url = db_url or default_db_url(data_dir)
        engine = make_engine(url)
        return cls(
            data_dir=data_dir,
            db_url=url,
            engine=engine,
            sessions=make_sessionmaker(engine),
            blobs=BlobStore(data_dir / "blobs"),
        )

    @property
    def keyring(self) -> keys.KeyRing:
        """Loaded again whenever a key file changed: ``key rotate`` reaches running workers."""
        from server import keys  # noqa: PLC0415 (only what signs pays for cryptography)

        stamp = keys.stamp(self.data_dir)
        if self._keyring is None or stamp != self._keyring_stamp:
            self._keyring = keys.load(self.data_dir)
            self._keyring_stamp = stamp
        return self._keyring

    @property
    def signing_key(self) -> Ed25519PrivateKey:
        return self.keyring.current

    def forget_keys(self) -> None:
        """Load the keys from disk on next use (a restore just put others back)."""
        self._keyring = None
        self._token_secret = None

    @property
    def token_secret(self) -> bytes:
        if self._token_secret is None:
            from server import security  # noqa: PLC0415 (argon2 and cryptography: on first use)

            self._token_secret = security.load_token_secret(self.data_dir)
        return self._token_secret

    def close(self) -> None:
        self.engine.dispose()


def audit(
    session: Session,
    actor: str,
    action: str,
    target: str,
    *,
    device_id: str | None = None,
    detail: str = "",
) -> None:
    session.add(
        AuditEntry(
            at=now(), actor=actor, device_id=device_id, action=action, target=target, detail=detail
        )
    )
