"""The SQLCipher database: the open contract and forward-only migrations.

Open contract (DESIGN.md Security details 5): raw 256-bit key (no PBKDF2 on
open), cipher_compatibility = 4, temp_store = MEMORY (FILE writes plaintext
sort rows to a temp file), secure_delete = ON, synchronous = FULL, WAL,
foreign_keys = ON, extensions never loaded. A cheap read right after keying
turns a wrong key or a foreign file into one clear FolioError.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3

from sync.errors import ErrorKind, FolioError

DB_FILE_NAME = "vault.db"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_SQLITE_MAGIC = b"SQLite format 3\x00"
WAY_OUT = "wipe the vault (`folio wipe`) and re-enroll this device"

Row = Any  # sqlcipher3.Row: indexable by position and column name
Cursor = Any  # sqlcipher3.Cursor (the package ships no type information)


def _map_db_error(exc: Exception, path: Path) -> FolioError:
    text = str(exc).lower()
    if "full" in text:
        return FolioError(ErrorKind.DISK_FULL, f"no space left for the vault database {path}")
    return FolioError(ErrorKind.CORRUPT, f"vault database {path}: {exc}; {WAY_OUT}")


def migrations() -> list[tuple[int, Path]]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        m = _MIGRATION_RE.match(path.name)
        if m:
            found.append((int(m.group(1)), path))
    numbers = [n for n, _ in found]
    assert numbers == list(range(1, len(numbers) + 1)), "migrations must be numbered 0001.."
    return found


def schema_version_known() -> int:
    return len(migrations())


class Database:
    """One SQLCipher connection under the open contract. Autocommit; we manage transactions.

    A connection belongs to the thread that uses it (the vault lane or the sync
    engine); ``UnlockedVault.open_database`` hands out a second one.
    """

    def __init__(self, path: Path, raw_key: bytes | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        except sqlcipher3.Error as exc:
            raise _map_db_error(exc, path) from exc
        self.conn = conn
        try:
            if raw_key is not None:
                conn.execute(f"PRAGMA key = \"x'{raw_key.hex()}'\"")
                conn.execute("PRAGMA cipher_compatibility = 4")
            conn.execute("PRAGMA temp_store = MEMORY")
            self._check_readable()
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA synchronous = FULL")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise FolioError(ErrorKind.CORRUPT, f"vault database {path}: cannot use WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.row_factory = sqlcipher3.Row
        except BaseException:
            conn.close()
            raise

    def _check_readable(self) -> None:
        try:
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            if "not a database" not in str(exc) and "encrypted" not in str(exc):
                raise _map_db_error(exc, self.path) from exc
            head = b""
            try:
                with open(self.path, "rb") as f:
                    head = f.read(16)
            except OSError:
                pass
            if head == _SQLITE_MAGIC:
                raise FolioError(
                    ErrorKind.NOT_A_VAULT,
                    f"{self.path} is an unencrypted SQLite file, not a Folio vault; {WAY_OUT}",
                ) from exc
            raise FolioError(
                ErrorKind.CORRUPT,
                f"{self.path} cannot be opened with this vault's key (not a Folio vault "
                f"database, damaged, or from another vault); {WAY_OUT}",
            ) from exc

    # -- queries ----------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlcipher3.OperationalError as exc:
            if "full" in str(exc).lower():
                raise _map_db_error(exc, self.path) from exc
            raise

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        return list(self.execute(sql, params).fetchall())

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """BEGIN IMMEDIATE … COMMIT; ROLLBACK and re-raise on any exception. Not nestable."""
        if self.conn.in_transaction:
            raise FolioError(ErrorKind.BAD_INPUT, "nested vault transaction")
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlcipher3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise _map_db_error(exc, self.path) from exc

    def get_state(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM vault_state WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_state(self, cur: Cursor, key: str, value: str) -> None:
        cur.execute(
            "INSERT INTO vault_state(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def close(self) -> None:
        self.conn.close()

    # -- schema -------------------------------------------------------------------------

    def user_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> int:
        """Run every migration newer than the database, each in its own transaction."""
        current = self.user_version()
        known = migrations()
        if current > len(known):
            raise FolioError(
                ErrorKind.CLIENT_TOO_OLD,
                f"the vault's schema is version {current} but this Folio knows only "
                f"{len(known)}: update Folio (downgrades are not supported)",
            )
        for number, path in known[current:]:
            sql = path.read_text("utf-8")
            try:
                self.conn.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;"
                )
            except sqlcipher3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise FolioError(
                    ErrorKind.CORRUPT, f"schema migration {path.name} failed: {exc}"
                ) from exc
        return self.user_version()
