"""An admin verb imports the ORM and the models, not the sync server around them.

Each `folio-server` verb is a fresh process that pays for every import; bench/startup.py
measures the time (target under 0.5 s), this holds the rule that makes it: `device list`,
`audit` and `committee add` never sign, hash a password or build a feed entry, so they
load neither cryptography, argon2, the wire protocol, nor the feed and op machinery.
Each check runs in a fresh interpreter, because this test process has long imported
everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: What a verb that only reads or adds a row must not pull in.
HEAVY_FOR_ADMIN_VERB = (
    "cryptography",
    "argon2",
    "sync.protocol",
    "sync.e2e",
    "server.feed",
    "server.ops",
    "server.notes_keys",
    "server.keys",
    "alembic",
    "fastapi",
    "uvicorn",
    "pymupdf",
)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("server") / "data"
    subprocess.run(
        [sys.executable, "-m", "server.cli", "--data-dir", str(data), "--db", "", "init"],
        input="admin-password-for-tests\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return data


@pytest.mark.parametrize(
    "verb", [["device", "list"], ["audit", "--limit", "5"], ["committee", "add", "Finance"]]
)
def test_admin_verb_loads_only_the_orm_and_models(data_dir: Path, verb: list[str]) -> None:
    argv = ["--data-dir", str(data_dir), "--db", "", *verb]
    probe = (
        "import contextlib, io, json, sys\n"
        "from server.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({argv!r})\n"
        f"heavy = {list(HEAVY_FOR_ADMIN_VERB)!r}\n"
        "loaded = [h for h in heavy if any(m == h or m.startswith(h + '.') for m in sys.modules)]\n"
        "print(json.dumps({'code': code, 'loaded': loaded, 'orm': 'server.models' in sys.modules}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0
    assert seen["orm"]  # the verb did reach the database through the models
    assert seen["loaded"] == []
