"""``folio-server db copy --to URL``: move a server from SQLite to PostgreSQL.

A server outgrows SQLite (several workers, a database on its own host); its
devices must not notice. So the copy keeps every value as it is, sequence numbers
included: the feed's epoch and sequence numbers are the devices' cursors, and a
copy that renumbered them would make every device resync (or, worse, skip). After
the copy each table's row count is compared with the source's, and the
PostgreSQL sequences are moved past the copied ids so new rows do not collide.

The target must be empty (a fresh database): ``db copy`` migrates it to the newest
schema itself, copies in one transaction and refuses a target that already holds
users. Stop the server first (``systemctl stop folio-server``) so nothing is
written to the source mid-copy; the source is read inside one transaction anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, Table, func, inspect, select, text
from sqlalchemy.exc import DataError, IntegrityError

from server.db import make_engine, migrate, normalise_url
from server.models import Base
from sync.errors import ErrorKind, FolioError

BATCH = 2000


@dataclass(frozen=True)
class CopyResult:
    target: str  # the URL with its password hidden
    rows: dict[str, int]  # table -> rows copied (equal in source and target)


def _bad(detail: str) -> FolioError:
    return FolioError(ErrorKind.BAD_INPUT, detail)


def _schema_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415 (slow import)

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _head(url: str) -> str | None:
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    from server.db import alembic_config  # noqa: PLC0415

    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def _tables(engine: Engine) -> list[Table]:
    """The model's tables in foreign-key order; refuses a source with tables the code
    does not know (their rows would silently stay behind)."""
    known = {t.name for t in Base.metadata.sorted_tables} | {"alembic_version"}
    unknown = sorted(set(inspect(engine).get_table_names()) - known)
    if unknown:
        raise _bad(f"the source has tables this Folio does not know: {', '.join(unknown)}")
    return list(Base.metadata.sorted_tables)


def copy(source_url: str, target_url: str) -> CopyResult:
    target_url = normalise_url(target_url)
    if not target_url.startswith("postgresql"):
        raise _bad("--to: a PostgreSQL URL (postgresql://user@host/database)")
    source = make_engine(source_url)
    target = make_engine(target_url)
    try:
        head = _head(source_url)
        if _schema_revision(source) != head:
            raise _bad("the source schema is not the newest: run 'folio-server migrate' first")
        migrate(target_url)
        tables = _tables(source)
        rows: dict[str, int] = {}
        # One transaction on the source (on SQLite a write lock, so no writer can slip
        # in): every table comes from the same snapshot.
        with source.begin() as src, target.begin() as dst:
            users = Base.metadata.tables["users"]
            if dst.scalar(select(func.count()).select_from(users)):
                raise _bad("the target database already holds users: copy into an empty one")
            for table in tables:
                dst.execute(table.delete())  # rows a migration may have seeded
                copied = 0
                result = src.execution_options(yield_per=BATCH).execute(select(table))
                for chunk in result.mappings().partitions(BATCH):
                    try:
                        dst.execute(table.insert(), [dict(r) for r in chunk])
                    except (DataError, IntegrityError) as exc:
                        # SQLite stores what PostgreSQL refuses (a NUL in a text,
                        # a dangling reference): name the table, copy nothing.
                        first = str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__
                        raise _bad(
                            f"table {table.name}: PostgreSQL refused a row ({first}); "
                            "nothing was copied"
                        ) from exc
                    copied += len(chunk)
                rows[table.name] = copied
            for table in tables:
                expected = src.scalar(select(func.count()).select_from(table))
                got = dst.scalar(select(func.count()).select_from(table))
                if not expected == rows[table.name] == got:
                    raise FolioError(
                        ErrorKind.CORRUPT,
                        f"table {table.name}: {expected} rows in the source, "
                        f"{rows[table.name]} copied, {got} in the target",
                    )
                for column in table.primary_key.columns:
                    if column.autoincrement is True and expected:
                        top = dst.scalar(select(func.max(column)))
                        dst.execute(
                            text("SELECT setval(pg_get_serial_sequence(:t, :c), :v)"),
                            {"t": table.name, "c": column.name, "v": top},
                        )
        return CopyResult(target.url.render_as_string(hide_password=True), rows)
    finally:
        source.dispose()
        target.dispose()
