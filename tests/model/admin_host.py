"""The model test's ``folio-server`` commands, without a new interpreter for each.

Run as ``python tests/model/admin_host.py`` under libfaketime (the same LD_PRELOAD
and FAKETIME_TIMESTAMP_FILE as the server and the devices). It reads one JSON list
of arguments per line on stdin, runs ``server.cli.main(argv)`` (the very function
the ``folio-server`` script calls: argument parsing, a fresh ServerContext, the
command, its exit code) and answers one JSON line ``{"rc", "out", "err"}``.

Starting an interpreter per command costs more than a second of imports, and the
model test runs hundreds of commands; ``restore`` still runs as a real
``folio-server`` process (tests/model/test_whole_system.py), the server stopped.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from server import cli


def run(argv: list[str]) -> dict[str, object]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc: object = cli.main(argv)
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else 1
        except Exception as exc:  # a traceback where the command promises one line
            rc = 99
            err.write(f"crash: {type(exc).__name__}: {exc}")
    return {"rc": rc, "out": out.getvalue(), "err": err.getvalue()}


def main() -> None:
    for line in sys.stdin:
        sys.stdout.write(json.dumps(run(json.loads(line))) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
