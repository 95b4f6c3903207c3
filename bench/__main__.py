"""``python -m bench [names…]``: run registered benchmarks, print a table, write results.json."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

from bench import MODULES, REGISTRY, Row


def _load_modules() -> None:
    for module in MODULES:
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)


def _table(rows: list[Row]) -> str:
    lines = [f"{'benchmark':<44} {'value':>12} {'unit':<8} {'ratio':>7}  reference"]
    for r in rows:
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "-"
        lines.append(
            f"{r['name']:<44} {r['value']:>12.2f} {r['unit']:<8} {ratio:>7}  {r['reference']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    _load_modules()
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "names", nargs="*", help=f"benchmarks to run (default all: {sorted(REGISTRY)})"
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    args = parser.parse_args(argv)
    names = args.names or sorted(REGISTRY)
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(sorted(REGISTRY))}")
        return 2
    rows: list[Row] = []
    started = time.perf_counter()
    for name in names:
        rows.extend(REGISTRY[name]())
    print(_table(rows))
    result = {
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "seconds": round(time.perf_counter() - started, 1),
        "rows": rows,
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"\nwrote {args.out} ({result['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
