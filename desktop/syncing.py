"""The sync service: runs the SyncLoop on the TaskRunner's network lane, reports by Qt signals.

The engine calls back on the network thread; every callback is re-emitted as a
signal, which Qt queues to the UI thread, so the UI thread only paints. What a
round changed (``RoundResult.changes``, built by the engine from what each phase
actually wrote) goes out on the one signal the screens refresh from,
``TaskRunner.vault_did_change``, with this service as initiator; nothing polls.
The loop wakes early when a vault command wrote an op (``vault_did_change``
with ``changes.outbox`` from a command), when the reader clicks "Sync now", and
when the reader opens a document that is not downloaded yet (``want_document``:
the engine downloads it first, and ``document_ready`` fires once it is verified).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from desktop.errors import message_for
from desktop.tasks import OnFailure, TaskRunner
from sync.api import Api
from sync.errors import ErrorKind
from sync.model import Changes, DocumentState

if TYPE_CHECKING:
    from desktop.screens.shell import ReaderShell
    from desktop.widgets.status import StatusPanel
    from sync.api import EngineConfig, Progress, RoundResult, SyncSession

log = logging.getLogger(__name__)

T = TypeVar("T")


class SyncService(QObject):
    """One per window; attached to an unlocked, enrolled Api, detached before lock or wipe."""

    progress_changed = Signal(object)  # sync.api.Progress
    round_finished = Signal(object)  # sync.api.RoundResult
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
        self._session: SyncSession | None = None
        self._wanted: set[str] = set()
        self._running = False
        self._after_stop: list[Callable[[], object]] = []
        # PyMuPDF work of the engine (network lane) goes to the one PdfWorker (render lane).
        self.extract_text = runner.pdf.page_texts
        self.document_words = runner.pdf.document_words
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
        interval, config = self.interval, self.config
        progress, on_round = self.progress_changed.emit, self.round_finished.emit
        extract, words = self.extract_text, self.document_words

        def session() -> SyncSession | None:
            if not api.sync_status().enrolled:
                return None
            return api.sync_session(
                interval=interval,
                progress=progress,
                on_round=on_round,
                extract_text=extract,
                reanchor_words=words,
                config=config,
            )

        # Nobody waits on the loop's start: the status line keeps "Offline copy"
        self.runner.vault.submit(session, self._start_loop, failure=OnFailure.LOG)

    def _start_loop(self, session: SyncSession | None) -> None:
        if session is None or self._running or self.api is None:
            return
        self._running = True
        self._session = session
        self.running_changed.emit(True)
        for document_id in self._wanted:
            session.prioritise(document_id)
        self.runner.network.submit(
            lambda: _run(session),
            lambda _r: self._stopped(),
            self._failed,
            failure=OnFailure.LOG,  # the loop ended on an error: logged, then stopped
            tag="sync",
        )

    def _stopped(self) -> None:
        self._running = False
        self._session = None
        self.running_changed.emit(False)
        callbacks, self._after_stop = self._after_stop, []
        for then in callbacks:
            then()

    def _failed(self, _error: BaseException) -> None:
        self._stopped()  # the lane logged the error (OnFailure.LOG)

    def stop(self, then: Callable[[], object] | None = None) -> None:
        """End the loop; ``then`` runs on the UI thread once the engine has let go of the vault."""
        if not self._running:
            self.api = None  # a session still being built for it is dropped on arrival
            self._wanted.clear()
            if then is not None:
                then()
            return
        if then is not None:
            self._after_stop.append(then)
        if self._session is not None:
            self._session.stop()  # also before the engine exists: it then never starts
        self.api = None
        self._wanted.clear()

    def shutdown(self) -> None:
        """Ask the loop to end; TaskRunner.shutdown joins the network lane after this."""
        self._after_stop.clear()
        if self._session is not None:
            self._session.stop()

    # -- triggers ----------------------------------------------------------------------
    def sync_now(self) -> None:
        if self._session is not None:
            self._session.connectivity_restored()

    def want_document(self, document_id: str) -> None:
        """The reader opened a document that is not here yet: fetch it first, then say so."""
        session = self._session
        if session is None:
            return
        self._wanted.add(document_id)
        session.prioritise(document_id)

    def _vault_did_change(self, changes: Changes, initiator: object) -> None:
        # A command wrote an op: send it now. A round's own outbox changes do not
        # wake the loop again (it announced them itself).
        if changes.outbox and initiator is not self and self._session is not None:
            self._session.notify_change()

    # -- results -----------------------------------------------------------------------
    def _round_done(self, result: RoundResult) -> None:
        if result.wiped:
            self.device_wiped.emit()
            return
        if result.changes:
            # What the round wrote (new meetings, documents, comments, cases, marks
            # re-anchored onto new versions, op answers, the sync state): every
            # screen refreshes from this one signal.
            self.runner.vault_did_change.emit(result.changes, self)
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

        # asked again after the next download progress or round
        self.runner.vault.submit(verified, self._ready, failure=OnFailure.DROP_IF_STALE)

    def _ready(self, ids: list[str]) -> None:
        for document_id in ids:
            if document_id in self._wanted:
                self._wanted.discard(document_id)
                self.document_ready.emit(document_id)


def _run(session: SyncSession) -> None:
    """On the network lane: open the engine here (its connection belongs to this thread)."""
    session.open()
    try:
        session.run_loop()
    finally:
        session.close()


def connect_reader(sync: SyncService, reader: ReaderShell, status: StatusPanel) -> None:
    """Wire a freshly built reader to the running sync: status, meetings, Sync now, documents."""
    page = reader.settings_page
    # Settings' one line answers what the reader asked there: a round she did not
    # ask for must not overwrite an update check's answer with "Sync finished."
    asked = [False]

    def round_done(result: RoundResult) -> None:
        if not (shiboken6.isValid(reader) and shiboken6.isValid(status)):
            return  # locked or rebuilt meanwhile
        # What the round changed reaches the screens by vault_did_change; here only
        # the round's outcome: online or offline, and its one line in settings.
        status.show_round(result)
        answer_due, asked[0] = asked[0], False
        if result.ok:
            if answer_due:
                page.show_message(reader.tr("Sync finished."))
        elif result.error is not None and result.error.kind is not ErrorKind.CANCELLED:
            page.show_message(message_for(result.error))

    def sync_now() -> None:
        if not sync.running:
            reader.sync_now()  # not connected: says so in one line
            return
        page.show_message(reader.tr("Syncing…"))
        asked[0] = True
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
    # an approval or a recovery key recorded: the round after it carries it out
    reader.private_notes.sync_wanted.connect(sync.sync_now)
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
            # a slot whose object Qt already deleted (language rebuild): nothing to undo
            with contextlib.suppress(RuntimeError, TypeError, SystemError):
                signal.disconnect(slot)

    reader.destroyed.connect(disconnect)
