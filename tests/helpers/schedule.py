"""How ``pytest -n 2 --dist loadfile`` (``./dev test``) shares the suite between workers.

A pytest plugin (tests/conftest.py loads it). xdist's own ``loadfile`` sends a whole
file to one worker and starts with the files that have the most tests. Here the time
goes elsewhere: one model test runs for minutes, and a server module costs a server
start (seconds) per database kind. So, under ``--dist loadfile`` only:

- A unit of work is a file, split by database kind: ``test_x.py[sqlite]`` and
  ``test_x.py[postgres]`` each start their own module server anyway, so the halves
  can run on different workers at no extra cost. Tests keep their order inside a unit.
- The longest unit goes first (longest-processing-time scheduling): a long unit started
  last would leave the other worker idle at the end. Lengths are what the last run
  measured (pytest's cache, ``folio/unit-seconds``); a unit never measured counts its
  tests, and the model test (minutes each, by its own budget) counts as the longest.

Every test still runs exactly once, with the same fixtures it would have alone; only
where and when changes. Without xdist, or with another ``--dist``, nothing here acts
except that the durations are recorded for the next run.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest

CACHE_KEY = "folio/unit-seconds"
#: The model test's CI budget is minutes per database: start it before anything else.
MODEL_DIR = "tests/model/"
MODEL_SECONDS = 600.0
#: "sqlite" / "postgres" as a parameter id (``[sqlite]``, ``[postgres-empty.pdf]``) or as
#: the end of a test's name (``test_whole_system_postgres``).
_DB_KIND = re.compile(r"(?:\[|-|_)(sqlite|postgres)(?:\]|-|$)")


def unit_of(nodeid: str) -> str:
    """The unit of work a test belongs to: its file, and its database kind if it has one."""
    path, _, rest = nodeid.partition("::")
    found = _DB_KIND.search(rest)
    return f"{path}[{found.group(1)}]" if found else path


def _is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")


class _Durations:
    """Seconds per unit of work in this run (setup, call and teardown of every test)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[unit_of(report.nodeid)] += report.duration

    @pytest.hookimpl
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        cache = getattr(session.config, "cache", None)  # absent under -p no:cacheprovider
        if cache is None or not self.seconds:
            return
        known: dict[str, float] = dict(cache.get(CACHE_KEY, {}))
        known.update({unit: round(s, 2) for unit, s in self.seconds.items()})
        cache.set(CACHE_KEY, known)


def pytest_configure(config: pytest.Config) -> None:
    if _is_controller(config):
        config.pluginmanager.register(_Durations(), "folio-unit-durations")


def _make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadFileScheduling  # noqa: PLC0415 (only under xdist)

    cache = getattr(config, "cache", None)
    measured: dict[str, float] = dict(cache.get(CACHE_KEY, {})) if cache is not None else {}

    class LongestFirst(LoadFileScheduling):  # type: ignore[misc]
        """xdist's file scheduling, by database kind, the longest unit first."""

        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

        def _weight(self, unit: str) -> float:
            if unit.startswith(MODEL_DIR):
                return MODEL_SECONDS + measured.get(unit, 0.0)
            if unit in measured:
                return measured[unit]
            return float(len(self.workqueue[unit]))  # never measured: one second a test

        def _assign_work_unit(self, node: Any) -> None:
            longest = max(self.workqueue, key=self._weight)
            self.workqueue.move_to_end(longest, last=False)
            super()._assign_work_unit(node)

    return LongestFirst(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadfile":
        return None
    return _make_scheduler(config, log)
