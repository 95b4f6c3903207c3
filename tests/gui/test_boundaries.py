"""desktop/ never imports storage, network, crypto or PyMuPDF directly."""

from __future__ import annotations

import ast
from pathlib import Path

FORBIDDEN = {"sqlcipher3", "sqlite3", "requests", "socket", "cryptography", "fitz", "pymupdf"}
DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


def test_desktop_imports_stay_in_their_layer() -> None:
    offenders = []
    for path in DESKTOP.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.name}: {name}")
    assert not offenders
