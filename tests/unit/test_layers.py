"""The arrows only point down (DESIGN.md Layers), checked on the source with ast.

sync/ and server/ never import Qt; desktop/ never opens the database, touches a
socket, decrypts or parses PDFs itself; server/ never reaches into the vault.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

FORBIDDEN: dict[str, frozenset[str]] = {
    # sync/cli/core.py starts the app with a lazy import of desktop.app: that is the
    # entry point handing over, not the core depending on the UI.
    "sync": frozenset({"PySide6", "shiboken6"}),
    "server": frozenset({"PySide6", "shiboken6", "desktop", "sync.vault", "sync.api"}),
    "desktop": frozenset(
        {
            "sqlcipher3",
            "sqlite3",
            "requests",
            "urllib3",
            "socket",
            "cryptography",
            "fitz",
            "pymupdf",
        }
    ),
}

# desktop/ talks to the core through sync.api only; these sync modules are the
# exceptions, each plain data or a helper with no storage, network or keys.
DESKTOP_MAY_IMPORT_FROM_SYNC: frozenset[str] = frozenset(
    {
        "sync.api",  # the facade (re-exports KdfParams, Progress, RoundResult, sessions)
        "sync.model",  # the plain dataclasses sync.api returns
        "sync.errors",  # the closed set of error kinds desktop/errors.py translates
        "sync.pdf.render",  # the data a render answers with (DocInfo, RenderedPage, ...)
        "sync.pdf.worker",  # the PdfWorker: the render lane is its thread (desktop/tasks.py)
        "sync.pdf.highlight",  # pure geometry for highlights (no PDF, no storage)
        "sync.config.policy",  # the settings/policy registry the app reads and writes through
        "sync.config.paths",  # where the data dir is (app.py's --data-dir default)
        "sync.device.logging_setup",  # app.py configures the same log files as the CLI
    }
)


def imported_modules(tree: ast.AST) -> set[str]:
    """Every module an ``import`` or ``from … import`` names, also inside functions."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def violations(package: str) -> list[str]:
    bad: list[str] = []
    for path in sorted((REPO / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for module in imported_modules(tree):
            for banned in FORBIDDEN[package]:
                if module == banned or module.startswith(banned + "."):
                    bad.append(f"{path.relative_to(REPO)} imports {module}")
            if package == "desktop" and not desktop_may_import(module):
                bad.append(f"{path.relative_to(REPO)} imports {module} (not through sync.api)")
    return bad


def desktop_may_import(module: str) -> bool:
    if module != "sync" and not module.startswith("sync."):
        return True
    if any(allowed.startswith(module + ".") for allowed in DESKTOP_MAY_IMPORT_FROM_SYNC):
        # ``from sync.config import policy`` is seen as "sync.config" plus "sync.config.policy":
        # a package on the way to an allowed module is judged by the module it names.
        return True
    return any(
        module == allowed or module.startswith(allowed + ".")
        for allowed in DESKTOP_MAY_IMPORT_FROM_SYNC
    )


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_boundaries(package: str) -> None:
    assert (REPO / package).is_dir()
    assert violations(package) == []


def test_the_scanner_sees_imports_anywhere() -> None:
    source = (
        "import os\n"
        "def f():\n"
        "    import sqlcipher3\n"
        "    from PySide6.QtCore import QObject\n"
        "    importlib.import_module('fitz')\n"
    )
    found = imported_modules(ast.parse(source))
    assert {"sqlcipher3", "PySide6.QtCore", "fitz"} <= found


def test_desktop_reaches_the_core_through_sync_api_only() -> None:
    assert desktop_may_import("sync.api")
    assert desktop_may_import("sync.api.Api")
    assert desktop_may_import("PySide6.QtCore")
    assert not desktop_may_import("sync.engine")
    assert not desktop_may_import("sync.client.HttpConfig")
    assert not desktop_may_import("sync.vault.keys")
    assert not desktop_may_import("sync.apiary")
    assert desktop_may_import("sync.config.policy")
    assert not desktop_may_import("sync.pdf.export")
    assert not desktop_may_import("sync.store.records")
    assert not desktop_may_import("sync.commands.reading")


def test_only_the_facade_calls_the_commands() -> None:
    """sync.commands sits under sync.api: the facade is its one caller, and a command
    never reaches back up to the facade or the command line."""
    callers, upward = [], []
    for path in sorted((REPO / "sync").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        modules = imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        in_commands = rel.startswith("sync/commands/")
        if not in_commands and rel != "sync/api.py":
            callers += [f"{rel} imports {m}" for m in modules if m.startswith("sync.commands")]
        if in_commands:
            upward += [
                f"{rel} imports {m}"
                for m in modules
                if m in ("sync.api", "sync.cli") or m.startswith(("sync.api.", "sync.cli."))
            ]
    assert callers == []
    assert upward == []
