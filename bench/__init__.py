"""Benchmarks, each measured next to a raw reference in the same run.

A bench module registers functions with ``@register("name")``; each returns
rows ``{name, value, unit, reference, ratio}`` where ``reference`` names what
the value is compared with and ``ratio`` = value / reference value (so 0.9 on a
throughput means 90 % of the reference speed). ``python -m bench [names]`` runs
them, prints a table and writes bench/results.json.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypedDict


class Row(TypedDict):
    name: str
    value: float
    unit: str
    reference: str
    ratio: float | None


BenchFn = Callable[[], list[Row]]
REGISTRY: dict[str, BenchFn] = {}
# Modules the runner imports if they exist; add yours here.
MODULES = (
    "bench.vault",
    "bench.server",
    "bench.server_load",
    "bench.sync",
    "bench.reader",
    "bench.startup",
    "bench.ui_stall",
)


def register(name: str) -> Callable[[BenchFn], BenchFn]:
    def deco(fn: BenchFn) -> BenchFn:
        REGISTRY[name] = fn
        return fn

    return deco


def row(
    name: str, value: float, unit: str, reference: str = "", ref_value: float | None = None
) -> Row:
    ratio = value / ref_value if ref_value else None
    return Row(name=name, value=value, unit=unit, reference=reference, ratio=ratio)


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Fastest of ``repeat`` runs in seconds (the least disturbed by the shared machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best
