"""The sync engine and its loop for one unlocked, enrolled vault, as a device's app drives them.

sync.api re-exports ``SyncSession`` (``Api.sync_session`` builds one); desktop/syncing.py
runs it on the TaskRunner's network lane.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sync.engine.context import EngineConfig, Progress
from sync.engine.loop import SyncLoop
from sync.engine.round import RoundResult, SyncEngine
from sync.errors import ErrorKind, FolioError
from sync.vault import UnlockedVault

if TYPE_CHECKING:
    from sync.config.effective import EffectivePolicy
    from sync.pdf.anchoring import Word


class SyncSession:
    """The sync engine and its loop for one unlocked, enrolled vault, as the UI drives them.

    Built on the Api's thread, ``open()``ed and run (``run_round`` / ``run_loop``)
    on one other thread (the network lane). ``stop``, ``notify_change``,
    ``connectivity_restored`` and ``prioritise`` may be called from any thread,
    also before ``open()`` (a stop then ends the loop before its first round).
    """

    def __init__(
        self,
        vault: UnlockedVault,
        *,
        interval: float,
        progress: Callable[[Progress], None] | None,
        on_round: Callable[[RoundResult], None] | None,
        extract_text: Callable[[bytes], list[str]] | None,
        config: EngineConfig | None,
        reanchor_words: Callable[[bytes], list[list[Word]]] | None = None,
        policy: EffectivePolicy | None = None,
    ) -> None:
        self._vault = vault
        self._policy = policy
        self._reanchor_words = reanchor_words
        self._interval = interval
        self._progress = progress
        self._on_round = on_round
        self._extract_text = extract_text
        self._config = config
        self.cancel = threading.Event()
        self._lock = threading.Lock()
        self._engine: SyncEngine | None = None
        self._loop: SyncLoop | None = None
        self._wanted: list[str] = []

    def open(self) -> None:
        """Build the engine (its connection belongs to the calling thread); NOT_ENROLLED if not."""
        extra: dict[str, Any] = {}
        if self._extract_text is not None:
            extra["extract_text"] = self._extract_text
        if self._reanchor_words is not None:
            extra["reanchor_words"] = self._reanchor_words
        if self._policy is not None:
            extra["policy"] = self._policy
        engine = SyncEngine(
            self._vault, config=self._config, progress=self._progress, cancel=self.cancel, **extra
        )
        loop = SyncLoop(engine, interval=self._interval, on_round=self._on_round)
        with self._lock:
            self._engine, self._loop = engine, loop
            wanted, self._wanted = self._wanted, []
        for document_id in wanted:
            engine.prioritise(document_id)

    def _need(self) -> tuple[SyncEngine, SyncLoop]:
        engine, loop = self._engine, self._loop
        if engine is None or loop is None:
            raise FolioError(ErrorKind.NOT_ENROLLED, "the sync session is not open")
        return engine, loop

    def run_round(self) -> RoundResult:
        engine, _loop = self._need()
        result = engine.run_round()
        if self._on_round is not None:
            self._on_round(result)
        return result

    def run_loop(self) -> None:
        """Rounds until ``stop()`` (or a wipe); returns at once when stopped before."""
        _engine, loop = self._need()
        loop.run()

    def stop(self) -> None:
        self.cancel.set()
        loop = self._loop
        if loop is not None:
            loop.stop()

    def notify_change(self) -> None:
        loop = self._loop
        if loop is not None:
            loop.notify_change()

    def connectivity_restored(self) -> None:
        loop = self._loop
        if loop is not None:
            loop.connectivity_restored()

    def prioritise(self, document_id: str) -> None:
        """The reader opened this document: download it before the others, and soon."""
        with self._lock:
            engine = self._engine
            if engine is None:
                self._wanted.append(document_id)
                return
        engine.prioritise(document_id)
        self.notify_change()

    def close(self) -> None:
        """Let go of the vault (call on the thread that opened it)."""
        with self._lock:
            engine, self._engine, self._loop = self._engine, None, None
        if engine is not None:
            engine.close()
