"""Start-up of the command lines, each beside a raw reference measured in the same run.

- ``folio --version`` / ``folio --help`` against ``python -c "import requests"`` (target:
  no slower): a command that only prints must not pay for PyMuPDF, the engine and the
  HTTP stack (tests/unit/test_cli_imports.py holds the import rule, this the time);
- ``folio-server --help`` and admin verbs against ``python -c "import sqlalchemy.orm"``
  (target: an admin verb under 0.5 s): the ORM is the floor of any verb that touches
  the database. The verbs are measured twice: wall time, and the process's own CPU
  time (user + system), which another helper's tests on the same 2 cores inflate far
  less than the wall time (tests/unit/test_server_verb_imports.py holds the imports).

The app's start to the lock screen against a bare Qt window is ``reader.startup``
(bench/reader.py). Each value is the best of several runs: the least disturbed by
the shared machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import Row, register, row

REPEAT = 5
_BIN = Path(sys.executable).parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _once(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time and the child's own CPU time (user + system) of one fresh process."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        argv,
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def _best_both(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Fastest wall time and least CPU time of ``REPEAT`` runs, in seconds."""
    runs = [_once(argv, env) for _ in range(REPEAT)]
    return min(wall for wall, _ in runs), min(cpu for _, cpu in runs)


def _best(argv: list[str], env: dict[str, str] | None = None) -> float:
    """Fastest wall time of ``REPEAT`` runs of a fresh process, in seconds."""
    return _best_both(argv, env)[0]


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
    ref, ref_cpu = _best_both([sys.executable, "-c", "import sqlalchemy.orm"])
    reference = 'python -c "import sqlalchemy.orm" (admin verbs: target < 500 ms)'
    reference_cpu = 'python -c "import sqlalchemy.orm", CPU'
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
        listed = _best_both([exe, "--data-dir", data, "device", "list"], env)
        audited = _best_both([exe, "--data-dir", data, "audit", "--limit", "5"], env)
        # a write verb: a new committee each run
        added = [
            _once([exe, "--data-dir", data, "committee", "add", f"bench-committee-{n}"], env)
            for n in range(REPEAT)
        ]
        add_best = (min(wall for wall, _ in added), min(cpu for _, cpu in added))
    rows = [
        row('python -c "import sqlalchemy.orm"', ref * 1000, "ms"),
        row('python -c "import sqlalchemy.orm", CPU', ref_cpu * 1000, "ms"),
        row("folio-server --help", helped * 1000, "ms", reference, ref * 1000),
    ]
    for name, (wall, cpu) in (
        ("folio-server device list", listed),
        ("folio-server audit --limit 5", audited),
        ("folio-server committee add", add_best),
    ):
        rows.append(row(name, wall * 1000, "ms", reference, ref * 1000))
        rows.append(row(f"{name}, CPU", cpu * 1000, "ms", reference_cpu, ref_cpu * 1000))
    return rows
