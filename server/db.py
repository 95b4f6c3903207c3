"""Engine, sessions and migrations: one place that knows SQLite from PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
#: execution option a read-only transaction's connection carries (see read_transaction)
READ_ONLY = "folio_read_only"
_HOLDS_WRITERS = "folio_holds_writers"
_WRITER_WAIT = 60.0  # seconds, as SQLite's busy_timeout
_PG_RECYCLE_SECONDS = 1800


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (the only PostgreSQL driver installed)."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://") :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": 60, "check_same_thread": False},
            pool_size=20,
            pool_timeout=120,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
            # Autocommit at the driver level; SQLAlchemy's begin below emits
            # BEGIN IMMEDIATE so concurrent writers queue instead of failing
            # to upgrade a read lock ("database is locked").
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit is on disk before the answer leaves (an "applied" op
            # survives a power cut; NORMAL in WAL mode may lose the last commits).
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        # This process's writers queue here, woken in turn, rather than in SQLite's
        # busy handler, which sleeps and polls (up to 100 ms a try) so that under
        # load newcomers overtake waiters: ops p99 was 6-9 s with 50 devices.
        writers = threading.Lock()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # A reader takes no lock up front: in WAL mode it reads one snapshot
            # while writers commit, instead of queueing behind them for the write
            # lock (under load the feed polls starved behind every ops commit).
            if conn.get_execution_options().get(READ_ONLY, False):
                conn.exec_driver_sql("BEGIN")
                return
            if conn.info.get(_HOLDS_WRITERS):  # its previous transaction ended, still out
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            if not writers.acquire(timeout=_WRITER_WAIT):
                raise sqlite3.OperationalError("database is locked (writers' queue)")
            conn.info[_HOLDS_WRITERS] = True
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                _release(conn.info)
                raise

        def _release(info: dict[str, Any]) -> None:
            if info.pop(_HOLDS_WRITERS, False):
                writers.release()

        # Released when the connection goes back to the pool: after its commit or
        # rollback has finished, so the next writer's BEGIN IMMEDIATE finds the
        # database free instead of entering the busy handler.
        @event.listens_for(engine, "checkin")
        def _sqlite_checkin(_dbapi_conn: Any, record: Any) -> None:
            _release(record.info)

        @event.listens_for(engine, "invalidate")
        def _sqlite_invalidate(_dbapi_conn: Any, record: Any, _exc: Any) -> None:
            _release(record.info)

        return engine
    # No pre-ping: it is a round trip to PostgreSQL before every request's first
    # statement (a third of /v1/health's CPU here). Connections are recycled after
    # half an hour instead, before a firewall or pgbouncer drops them idle, and one
    # a database restart broke fails its request once: SQLAlchemy then sees the
    # disconnect, discards the whole pool and the next request connects afresh.
    return create_engine(
        url, pool_size=20, max_overflow=40, pool_timeout=120, pool_recycle=_PG_RECYCLE_SECONDS
    )


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as session, session.begin():
        yield session


@contextmanager
def read_transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A transaction that only reads: on SQLite a deferred BEGIN, one consistent
    snapshot without the write lock. Nothing in it may write: a write there would
    have to upgrade the snapshot's lock and fails if a writer committed meanwhile
    (so a stray write surfaces as an error in tests rather than as a wait).
    """
    with factory() as session, session.begin():
        session.connection(execution_options={READ_ONLY: True})
        yield session
        if session.dirty or session.new or session.deleted:
            raise RuntimeError("a read transaction was asked to write")


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """``read_transaction`` without a Session, for the feed poll: the same snapshot
    and no write lock, minus the ORM's per-transaction bookkeeping (a fifth of an
    empty poll's CPU, issue 13). A Session for rendering can join it
    (``Session(bind=conn)``)."""
    with engine.connect().execution_options(**{READ_ONLY: True}) as conn, conn.begin():
        yield conn


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock_feed(session: Session) -> None:
    """Serialise feed writers so feed sequence numbers commit in order.

    A reader's cursor is "everything up to seq N"; on PostgreSQL two transactions
    could otherwise commit seq 8 after a reader already saw seq 9. SQLite writers
    are already serialised by BEGIN IMMEDIATE.
    """
    if is_postgres(session):
        session.execute(text("SELECT pg_advisory_xact_lock(7242)"))


def alembic_config(url: str) -> Config:
    from alembic.config import Config  # noqa: PLC0415 (alembic is slow to import; init only)

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def migrate(url: str) -> None:
    from alembic import command  # noqa: PLC0415

    _create_sqlite_private(url)
    command.upgrade(alembic_config(url), "head")


def sqlite_path(url: str) -> Path | None:
    """The SQLite database file a URL names; None for PostgreSQL or an in-memory one."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix or ":memory:" in url:
        return None
    return Path(url[len(prefix) :].split("?", 1)[0])


def _create_sqlite_private(url: str) -> None:
    """A new SQLite database starts as an empty 0600 file, whatever the caller's umask.

    SQLite gives its -wal and -shm files the database file's mode, so this one
    open decides all three (an empty file is a valid empty database).
    """
    path = sqlite_path(url)
    if path is None or not path.parent.is_dir():
        return  # SQLite will say so, in its own words
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)
