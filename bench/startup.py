"""Start-up of the command lines, each beside a raw reference measured in the same run.

- ``folio --version`` / ``folio --help`` against ``python -c "import requests"`` (target:
  no slower): a command that only prints must not pay for PyMuPDF, the engine and the
  HTTP stack (tests/unit/test_cli_imports.py holds the import rule, this the time);
- ``folio-server --help`` and admin verbs against ``python -c "import sqlalchemy.orm"``
  (target: an admin verb under 0.5 s): the ORM is the floor of any verb that touches
  the database.

The app's start to the lock screen against a bare Qt window is ``reader.startup``
(bench/reader.py). Each value is the best of several runs: the least disturbed by
the shared machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import Row, register, row

REPEAT = 5
_BIN = Path(sys.executable).parent


def _best(argv: list[str], env: dict[str, str] | None = None) -> float:
    """Fastest wall time of ``REPEAT`` runs of a fresh process, in seconds."""
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        subprocess.run(
            argv,
            check=True,
            capture_output=True,
            timeout=120,
            env={**os.environ, **(env or {})},
        )
        best = min(best, time.perf_counter() - start)
    return best


@register("startup.folio")
def folio_startup() -> list[Row]:
    ref = _best([sys.executable, "-c", "import requests"])
    version = _best([str(_BIN / "folio"), "--version"])
    helped = _best([str(_BIN / "folio"), "--help"])
    reference = 'python -c "import requests" (target <= 1.0)'
    return [
        row('python -c "import requests"', ref * 1000, "ms"),
        row("folio --version", version * 1000, "ms", reference, ref * 1000),
        row("folio --help", helped * 1000, "ms", reference, ref * 1000),
    ]


@register("startup.server")
def server_startup() -> list[Row]:
    ref = _best([sys.executable, "-c", "import sqlalchemy.orm"])
    reference = 'python -c "import sqlalchemy.orm" (admin verbs: target < 500 ms)'
    exe = str(_BIN / "folio-server")
    with tempfile.TemporaryDirectory() as tmp:
        data = str(Path(tmp) / "server")
        env = {"FOLIO_ADMIN_PASSWORD": "bench-admin-password", "FOLIO_SERVER_DB": ""}
        subprocess.run(
            [exe, "--data-dir", data, "init"],
            check=True,
            capture_output=True,
            env={**os.environ, **env},
        )
        helped = _best([exe, "--help"])
        listed = _best([exe, "--data-dir", data, "device", "list"], env)
        audited = _best([exe, "--data-dir", data, "audit", "--limit", "5"], env)
        counter = iter(range(REPEAT))
        start_best = float("inf")
        for _ in range(REPEAT):  # a write verb: a new committee each run
            name = f"bench-committee-{next(counter)}"
            start = time.perf_counter()
            subprocess.run(
                [exe, "--data-dir", data, "committee", "add", name],
                check=True,
                capture_output=True,
                env={**os.environ, **env},
            )
            start_best = min(start_best, time.perf_counter() - start)
    return [
        row('python -c "import sqlalchemy.orm"', ref * 1000, "ms"),
        row("folio-server --help", helped * 1000, "ms", reference, ref * 1000),
        row("folio-server device list", listed * 1000, "ms", reference, ref * 1000),
        row("folio-server audit --limit 5", audited * 1000, "ms", reference, ref * 1000),
        row("folio-server committee add", start_best * 1000, "ms", reference, ref * 1000),
    ]
