"""The "one place" promises of docs/architecture.md, checked on the source with ast.

Beside test_layers.py (which checks the arrows between layers), these check that a
thing lives in its one room: SQL in sync/store (and the vault's own bookkeeping in
sync/vault/db.py), PyMuPDF in sync/pdf, the reference server reachable from desktop/
only through the demo. A rule only in a doc is a wish (CONVENTIONS.md).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.unit.test_layers import imported_modules

REPO = Path(__file__).resolve().parents[2]

#: A string literal that is an SQL statement over a table. Keywords are matched in
#: capitals, as every statement here is written, so prose ("select a meeting from
#: the list") is not taken for SQL.
SQL = re.compile(
    r"\b(SELECT\b[\s\S]*?\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b"
)

SQL_HOMES = ("sync/store/", "sync/vault/db.py")

#: Files written before sync/store existed whose SQL has yet to move there. Each entry
#: must still hold SQL (the test says when one can go), so the list only shrinks.
SQL_NOT_YET_MOVED: dict[str, str] = {}


def _sync_sources() -> list[tuple[str, ast.AST]]:
    return [
        (path.relative_to(REPO).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted((REPO / "sync").rglob("*.py"))
    ]


def sql_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, first words) of every string constant that is an SQL statement."""
    return [
        (node.lineno, " ".join(node.value.split())[:60])
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value)
    ]


def test_sql_lives_in_sync_store_only() -> None:
    found = [
        f"{rel}:{line}: {text}"
        for rel, tree in _sync_sources()
        if not rel.startswith(SQL_HOMES) and rel not in SQL_NOT_YET_MOVED
        for line, text in sql_literals(tree)
    ]
    assert found == [], "SQL outside sync/store (move it into a sync/store module):"


def test_the_not_yet_moved_list_only_shrinks() -> None:
    sources = dict(_sync_sources())
    done = [
        rel for rel in SQL_NOT_YET_MOVED if rel not in sources or not sql_literals(sources[rel])
    ]
    assert done == [], "no SQL left here: take these off SQL_NOT_YET_MOVED"


def test_the_sql_scanner_sees_statements_not_prose() -> None:
    source = (
        'A = "SELECT id FROM meetings WHERE id = ?"\n'
        'B = "INSERT OR IGNORE INTO ops(id) VALUES (?)"\n'
        'C = "UPDATE ops SET state = ?"\n'
        'D = "DELETE FROM vault_state WHERE key = ?"\n'
        'E = "select a meeting from the list, then update the view"\n'
        "def f():\n"
        '    return "  SELECT value\\n  FROM vault_state"\n'
    )
    lines = [line for line, _text in sql_literals(ast.parse(source))]
    assert lines == [1, 2, 3, 4, 7]


def _imports_under(package: str) -> list[tuple[str, set[str]]]:
    return [
        (
            path.relative_to(REPO).as_posix(),
            imported_modules(ast.parse(path.read_text(encoding="utf-8"))),
        )
        for path in sorted((REPO / package).rglob("*.py"))
    ]


def _names(modules: set[str], banned: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m in banned or m.startswith(tuple(b + "." for b in banned)))


def test_pymupdf_is_imported_in_sync_pdf_only() -> None:
    """MuPDF is not thread-safe: one room, one owner thread (docs/architecture.md)."""
    found = [
        f"{rel} imports {', '.join(bad)}"
        for package in ("sync", "desktop", "server")
        for rel, modules in _imports_under(package)
        if not rel.startswith("sync/pdf/")
        for bad in [_names(modules, ("fitz", "pymupdf"))]
        if bad
    ]
    assert found == []


def test_desktop_imports_the_server_only_for_the_demo() -> None:
    found = [
        f"{rel} imports {', '.join(bad)}"
        for rel, modules in _imports_under("desktop")
        if rel != "desktop/demo.py"
        for bad in [_names(modules, ("server",))]
        if bad
    ]
    assert found == []
