"""The sync service: runs the SyncLoop on the TaskRunner's network lane, reports by Qt signals.

The engine calls back on the network thread; every callback is re-emitted as a
signal, which Qt queues to the UI thread, so the UI thread only paints. The
loop wakes early when a vault command wrote an op (``TaskRunner.vault_did_change``
with ``changes.outbox``), when the reader clicks "Sync now", and when the
reader opens a document that is not downloaded yet (``want_document``: the
engine downloads it first, and ``document_ready`` fires once it is verified).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal

from desktop.errors import message_for
from desktop.ops import sync as sync_ops
from desktop.tasks import TaskRunner
from sync.api import Api
from sync.engine import EngineConfig, Progress, RoundResult, SyncEngine, SyncLoop
from sync.errors import ErrorKind, FolioError
from sync.model import Changes, DocumentState

if TYPE_CHECKING:
    from desktop.views.reader import ReaderPage
    from desktop.views.status import StatusPanel

log = logging.getLogger(__name__)


class SyncService(QObject):
    """One per window; attached to an unlocked, enrolled Api, detached before lock or wipe."""

    progress_changed = Signal(object)  # sync.engine.Progress
    round_finished = Signal(object)  # sync.engine.RoundResult
    document_ready = Signal(str)  # a wanted document is verified and can be opened
    device_wiped = Signal()  # the server revoked this device; the vault is gone
    running_changed = Signal(bool)

    def __init__(
        self,
        runner: TaskRunner,
        *,
        interval: float = 300.0,
        config: EngineConfig | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.interval = interval
        self.config = config
        self.api: Api | None = None
        self._loop: SyncLoop | None = None
        self._engine: SyncEngine | None = None
        self._engine_ready = threading.Event()
        self._wanted: set[str] = set()
        self._running = False
        self._after_stop: list[Callable[[], object]] = []
        runner.vault_did_change.connect(self._vault_did_change)
        self.round_finished.connect(self._round_done)
        self.progress_changed.connect(self._progress)

    @property
    def running(self) -> bool:
        return self._running

    # -- lifecycle ---------------------------------------------------------------------
    def attach(self, api: Api) -> None:
        """Start the loop for ``api`` when this device is enrolled; otherwise stay idle."""
        if self._running:
            return
        self.api = api
        self.runner.vault.submit(
            lambda: api.vault if api.sync_status().enrolled else None,
            self._start_loop,
            lambda e: log.warning("sync.not_started", extra={"fields": {"kind": _kind(e)}}),
        )

    def _start_loop(self, vault: object) -> None:
        if vault is None or self._running:
            return
        self._running = True
        self._engine_ready.clear()
        self.running_changed.emit(True)
        self.runner.network.submit(
            lambda: self._run(vault), lambda _r: self._stopped(), self._failed, tag="sync"
        )

    def _run(self, vault: object) -> None:
        """On the network lane: build the engine here (its connection belongs to this thread)."""
        from sync.vault import UnlockedVault  # noqa: PLC0415 (typing of the lane hand-over)

        assert isinstance(vault, UnlockedVault)
        engine = sync_ops.make_engine(
            vault, progress=self.progress_changed.emit, config=self.config
        )
        loop = SyncLoop(engine, interval=self.interval, on_round=self.round_finished.emit)
        self._engine, self._loop = engine, loop
        self._engine_ready.set()
        try:
            loop.run()
        finally:
            self._engine = self._loop = None
            engine.close()

    def _stopped(self) -> None:
        self._running = False
        self.running_changed.emit(False)
        callbacks, self._after_stop = self._after_stop, []
        for then in callbacks:
            then()

    def _failed(self, error: BaseException) -> None:
        log.warning("sync.loop_failed", extra={"fields": {"kind": _kind(error)}})
        self._stopped()

    def stop(self, then: Callable[[], object] | None = None) -> None:
        """End the loop; ``then`` runs on the UI thread once the engine has let go of the vault."""
        if not self._running:
            if then is not None:
                then()
            return
        if then is not None:
            self._after_stop.append(then)
        loop = self._loop
        if loop is not None:
            loop.stop()
        else:
            # The engine is still being built: cancel as soon as it exists.
            def cancel_when_ready() -> None:
                self._engine_ready.wait(10.0)
                if self._loop is not None:
                    self._loop.stop()

            threading.Thread(target=cancel_when_ready, name="folio-sync-stop", daemon=True).start()
        self.api = None
        self._wanted.clear()

    def shutdown(self) -> None:
        """Ask the loop to end; TaskRunner.shutdown joins the network lane after this."""
        self._after_stop.clear()
        loop = self._loop
        if loop is not None:
            loop.stop()

    # -- triggers ----------------------------------------------------------------------
    def sync_now(self) -> None:
        loop = self._loop
        if loop is not None:
            loop.connectivity_restored()

    def want_document(self, document_id: str) -> None:
        """The reader opened a document that is not here yet: fetch it first, then say so."""
        engine = self._engine
        if engine is None:
            return
        self._wanted.add(document_id)
        engine.prioritise(document_id)
        loop = self._loop
        if loop is not None:
            loop.notify_change()

    def _vault_did_change(self, changes: Changes) -> None:
        loop = self._loop
        if changes.outbox and loop is not None:
            loop.notify_change()

    # -- results -----------------------------------------------------------------------
    def _round_done(self, result: RoundResult) -> None:
        if result.wiped:
            self.device_wiped.emit()
            return
        self._check_wanted()

    def _progress(self, progress: Progress) -> None:
        if progress.phase in ("download", "idle"):
            self._check_wanted()

    def _check_wanted(self) -> None:
        api, wanted = self.api, list(self._wanted)
        if api is None or not wanted:
            return

        def verified() -> list[str]:
            return [d for d in wanted if api.get_document(d).state is DocumentState.VERIFIED]

        self.runner.vault.submit(verified, self._ready, lambda _e: None)

    def _ready(self, ids: list[str]) -> None:
        for document_id in ids:
            if document_id in self._wanted:
                self._wanted.discard(document_id)
                self.document_ready.emit(document_id)


def _kind(error: BaseException) -> str:
    return error.kind.value if isinstance(error, FolioError) else type(error).__name__


def connect_reader(sync: SyncService, reader: ReaderPage, status: StatusPanel) -> None:
    """Wire a freshly built reader to the running sync: status, meetings, Sync now, documents."""
    page = reader.settings_page

    def round_done(result: RoundResult) -> None:
        if not (shiboken6.isValid(reader) and shiboken6.isValid(status)):
            return  # locked or rebuilt meanwhile
        status.show_round(result)
        if result.entries or result.documents or result.pushed:
            reader.refresh_meetings()
        reader.refresh_status()
        if result.ok:
            page.show_message(reader.tr("Sync finished."))
        elif result.error is not None and result.error.kind is not ErrorKind.CANCELLED:
            page.show_message(message_for(result.error))

    def sync_now() -> None:
        if not sync.running:
            reader.sync_now()  # not connected: says so in one line
            return
        page.show_message(reader.tr("Syncing…"))
        sync.sync_now()

    def document_failed(document_id: str, _message: str) -> None:
        sync.want_document(document_id)

    def document_ready(document_id: str) -> None:
        if not shiboken6.isValid(reader):
            return
        current = reader.meeting.meeting
        if current is not None and any(
            d.id == document_id for item in current.items for d in item.documents
        ):
            reader.meeting.open_document_id(document_id)

    page.sync_requested.disconnect(reader.sync_now)
    page.sync_requested.connect(sync_now)
    sync.round_finished.connect(round_done)
    sync.progress_changed.connect(status.show_progress)
    reader.viewer.document_did_fail.connect(document_failed)
    sync.document_ready.connect(document_ready)

    def disconnect() -> None:
        for signal, slot in (
            (sync.round_finished, round_done),
            (sync.progress_changed, status.show_progress),
            (sync.document_ready, document_ready),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

    reader.destroyed.connect(disconnect)
