"""Start-up cost as a rule: the command lines import their heavy parts only per command.

`folio --version` and `--help` should cost about a bare Python start (bench/startup.py
measures it against `python -c "import requests"`); they did not while every command
imported PyMuPDF, the engine and the HTTP stack at module level. Each check runs in a
fresh interpreter, because this test process has long imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: What a `folio` parser must not pull in: PyMuPDF, the HTTP stack, the sync engine and
#: the facade over them (and SQLCipher, which only a command that opens the vault needs).
HEAVY_FOR_FOLIO = ("fitz", "pymupdf", "requests", "sync.engine", "sync.api", "sqlcipher3")
#: What `folio-server --help` must not pull in: the ORM and the web stack.
HEAVY_FOR_SERVER = ("sqlalchemy", "fastapi", "uvicorn", "pymupdf", "sync.protocol")


def _loaded_after(code: str, names: tuple[str, ...]) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps([n for n in {list(names)!r} if n in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


#: What importing the facade must not pull in: each command family, and what the families
#: use, load when a method first needs them (the app imports sync.api before its window).
HEAVY_FOR_FACADE = (
    "fitz",
    "pymupdf",
    "requests",
    "truststore",
    "cryptography",
    "sqlcipher3",
    "sync.engine",
    "sync.client",
    "sync.commands",
    "sync.store",
    "sync.vault",
)


def test_import_sync_api_loads_nothing_heavy() -> None:
    assert _loaded_after("import sync.api", HEAVY_FOR_FACADE) == []


def test_the_facade_re_exports_load_on_first_use() -> None:
    """A name sync.api re-exports is the very object of its home module, loaded when asked."""
    code = (
        "import sync.api\nfrom sync.api import KdfParams, check_for_update\n"
        "from sync.vault.keys import KdfParams as home\nassert KdfParams is home"
    )
    assert _loaded_after(code, ("sync.vault.keys", "sync.commands.updates")) == [
        "sync.vault.keys",
        "sync.commands.updates",
    ]


def test_import_sync_cli_loads_nothing_heavy() -> None:
    assert _loaded_after("import sync.cli, sync.cli.core", HEAVY_FOR_FOLIO) == []


@pytest.mark.parametrize("argv", [["--help"], ["sync", "--help"], ["enroll", "--help"]])
def test_folio_parser_with_every_command_loads_nothing_heavy(argv: list[str]) -> None:
    """--help registers every command family (sync_commands, admin_commands) and still
    loads none of their machinery."""
    code = f"from sync.cli.core import build_parser\nbuild_parser({argv!r})"
    assert _loaded_after(code, HEAVY_FOR_FOLIO) == []


def test_folio_server_parser_loads_nothing_heavy() -> None:
    code = "from server.cli import build_parser\nbuild_parser()"
    assert _loaded_after(code, HEAVY_FOR_SERVER) == []


def test_folio_version_runs_without_the_heavy_modules() -> None:
    """The real entry point, end to end: `--version` exits before anything heavy loads."""
    code = (
        "import sys\nfrom sync.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    )
    assert _loaded_after(code, HEAVY_FOR_FOLIO) == []
