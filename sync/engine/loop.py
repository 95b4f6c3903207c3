"""The sync loop: rounds on change, on a timer, and when connectivity returns.

After a failed round the next one waits an exponential backoff with full
jitter (AWS's "full jitter": uniform(0, min(cap, base * 2**n))), and at least
the server's Retry-After. Any trigger (``notify_change``,
``connectivity_restored``) wakes it early, except that a Retry-After is always
honoured. ``stop()`` (or the cancel event) ends it between or inside rounds.
No thread of its own: the caller runs ``run()`` on its network lane.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

from sync.engine import events
from sync.engine.round import RoundResult, SyncEngine
from sync.errors import ErrorKind


class SyncLoop:
    def __init__(
        self,
        engine: SyncEngine,
        *,
        interval: float = 300.0,
        backoff_base: float = 2.0,
        backoff_cap: float = 600.0,
        rng: random.Random | None = None,
        on_round: Callable[[RoundResult], None] | None = None,
    ) -> None:
        self.engine = engine
        self.interval = interval
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._rng = rng or random.Random()  # noqa: S311 (jitter, not security)
        self._on_round = on_round
        self._wake = threading.Event()
        self.failures = 0
        self.rounds = 0

    @property
    def cancel(self) -> threading.Event:
        return self.engine.cancel

    def notify_change(self) -> None:
        """An op was written to the outbox (or the reader asked for a document)."""
        self._wake.set()

    def connectivity_restored(self) -> None:
        self.failures = 0
        self._wake.set()

    def stop(self) -> None:
        self.cancel.set()
        self._wake.set()

    def delay_after(self, result: RoundResult) -> tuple[float, bool]:
        """Seconds to wait after ``result`` and whether a trigger may cut the wait short."""
        if result.ok:
            self.failures = 0
            return self.interval, True
        self.failures += 1
        error = result.error
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** min(self.failures - 1, 30))
        delay = self._rng.uniform(0, ceiling)
        if error is not None and error.kind is ErrorKind.RETRY_AFTER and error.retry_after:
            return max(delay, error.retry_after), False
        if error is not None and not error.retryable:
            # auth, client too old, expired manifest...: not cured by hammering
            return max(delay, min(self.interval, self.backoff_cap)), True
        return delay, True

    def run(self, *, max_rounds: int | None = None) -> None:
        clock = self.engine.clock
        while not self.cancel.is_set():
            self._wake.clear()
            result = self.engine.run_round()
            self.rounds += 1
            if self._on_round is not None:
                self._on_round(result)
            if result.wiped or (max_rounds is not None and self.rounds >= max_rounds):
                return
            if result.error is not None and result.error.kind is ErrorKind.CANCELLED:
                return
            delay, wakeable = self.delay_after(result)
            events.emit(events.LOOP_WAITING, seconds=round(delay, 3), failures=self.failures)
            if wakeable:
                clock.wait(self._wake, delay)
            else:
                clock.wait(self.cancel, delay)
