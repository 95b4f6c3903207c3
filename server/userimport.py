"""``folio-server user import FILE.csv``: onboard a whole board in one command.

Adding members one CLI call at a time cost two process starts (about 2 s each) per
member; 200 members took 7 minutes. Here the file is read, every row checked, and
all users and memberships written in one transaction: either the whole file is
imported or nothing is, so a file fixed after a bad row can simply be run again.

The file is CSV (UTF-8, a BOM from Excel is fine) with a header naming the columns
``name``, ``display name``, ``committees`` and ``roles`` (case, spaces and
underscores in header names do not matter; only ``name`` is required).
``committees`` and ``roles`` hold several values separated by ``;``. Roles are
``member`` (the default) and ``admin``. Users get no password: they enroll with a
one-time code (``folio-server enrollment-code create NAME``). ``-`` as the file
reads stdin, so the service user need not be able to read the admin's files.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from server import admin
from server.context import ServerContext, audit, new_id
from server.models import Committee, User
from sync.errors import ErrorKind, FolioError

ROLES = frozenset({"member", "admin"})
_COLUMNS = {"name": "name", "displayname": "display_name", "committees": "committees"}
_COLUMNS |= {"roles": "roles", "role": "roles", "committee": "committees"}
_MAX_NAME = 200  # the users.username column


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    display_name: str
    committees: tuple[str, ...]
    admin: bool


@dataclass
class ImportResult:
    users: list[Row] = field(default_factory=list)
    memberships: int = 0
    problems: list[str] = field(default_factory=list)  # "LINE: what is wrong"
    committees_created: list[str] = field(default_factory=list)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


def parse(path: Path) -> tuple[list[Row], list[str]]:
    """The rows and one problem line per row that cannot be imported as written."""
    try:
        if str(path) == "-":
            # stdin: the service user need not be able to read the admin's files
            text = sys.stdin.buffer.read().decode("utf-8-sig")
        else:
            text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise FolioError(ErrorKind.BAD_INPUT, f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise FolioError(ErrorKind.BAD_INPUT, f"{path}: not UTF-8 text") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise FolioError(ErrorKind.BAD_INPUT, f"{path}: empty file")
    columns: list[str | None] = []
    for raw in header:
        key = "".join(ch for ch in raw.lower() if ch.isalnum())
        if key not in _COLUMNS:
            raise FolioError(
                ErrorKind.BAD_INPUT,
                f"{path}: unknown column '{raw}' (known: name, display name, committees, roles)",
            )
        columns.append(_COLUMNS[key])
    if "name" not in columns:
        raise FolioError(ErrorKind.BAD_INPUT, f"{path}: no 'name' column in the header")
    rows: list[Row] = []
    problems: list[str] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(columns):
            problems.append(f"line {line}: {len(values)} fields, the header has {len(columns)}")
            continue
        cell = {c: v.strip() for c, v in zip(columns, values, strict=False) if c is not None}
        name = cell.get("name", "")
        roles = _split(cell.get("roles", "")) or ("member",)
        unknown = [r for r in roles if r.lower() not in ROLES]
        if not name:
            problems.append(f"line {line}: no name")
        elif len(name) > _MAX_NAME or any(not ch.isprintable() for ch in name):
            problems.append(
                f"line {line}: name '{name[:40]}' is too long or has control characters"
            )
        elif unknown:
            problems.append(
                f"line {line}: unknown role '{unknown[0]}' for '{name}' (roles: admin, member)"
            )
        else:
            rows.append(
                Row(
                    line=line,
                    name=name,
                    display_name=cell.get("display_name", "") or name,
                    committees=_split(cell.get("committees", "")),
                    admin=any(r.lower() == "admin" for r in roles),
                )
            )
    return rows, problems


def import_users(
    ctx: ServerContext, path: Path, *, dry_run: bool = False, create_committees: bool = False
) -> ImportResult:
    """Check every row against the database and import all of them, or none.

    Returns the result with ``problems`` filled and nothing written when any row is
    bad; ``dry_run`` checks the same way and always rolls back.
    """
    rows, problems = parse(path)
    result = ImportResult(problems=problems)
    with ctx.sessions() as session:
        taken = {n.lower() for n in session.scalars(select(func.lower(User.username)))}
        committees = {c.name: c for c in session.scalars(select(Committee))}
        by_lower = {name.lower(): name for name in committees}
        seen: dict[str, int] = {}
        for row in rows:
            key = row.name.lower()
            if key in taken:
                problems.append(f"line {row.line}: user '{row.name}' already exists")
                continue
            if key in seen:
                problems.append(f"line {row.line}: '{row.name}' is also on line {seen[key]}")
                continue
            seen[key] = row.line
            for name in row.committees:
                if name in committees or create_committees:
                    continue
                hint = by_lower.get(name.lower())
                also = f" (did you mean '{hint}'?)" if hint else ""
                problems.append(f"line {row.line}: no committee named '{name}'{also}")
        if problems:
            session.rollback()
            return result
        for row in rows:
            for name in row.committees:
                if name not in committees:
                    committees[name] = Committee(id=new_id(), name=name)
                    session.add(committees[name])
                    audit(session, "cli", "committee.add", name)
                    result.committees_created.append(name)
        # No flush before every query (the rows were checked above, and a flush per
        # query was two thirds of the time): two flushes, users first because the
        # memberships refer to them.
        with session.no_autoflush:
            users = []
            for row in rows:
                user = admin.add_user_in(session, row.name, None, is_admin=row.admin)
                user.display_name = row.display_name
                users.append(user)
        session.flush()
        with session.no_autoflush:
            for row, user in zip(rows, users, strict=True):
                for name in row.committees:
                    admin.add_membership(session, committees[name], user)
                    result.memberships += 1
                result.users.append(row)
        session.flush()
        if dry_run:
            session.rollback()
        else:
            session.commit()
    return result
