"""TaskRunner: the one owner of every thread the app uses.

Three lanes, each one Python thread with its own queue:

- the **vault lane** runs every sync.api call (one SQLCipher connection, one thread);
- the **network lane** runs the sync engine (later);
- the **render lane** is the thread of the process's one ``sync.pdf.worker.PdfWorker``,
  which owns every open PyMuPDF document and makes every PyMuPDF call (PyMuPDF is
  not thread-safe): the viewer's renders run on it, and the vault and network lanes
  post their PDF work (export, import, search text, re-anchoring) to it and wait.

Results come back to the UI thread only by a queued Qt signal, so the UI thread
only paints. Jobs carry an optional tag; queued jobs with a tag can be dropped
(a render for a zoom level nobody looks at any more) and may jump the queue.

Every job says what happens when it fails (``OnFailure``, no default): a dropped
error is a decision, so it is written at the call site where a reviewer sees it.
"""

from __future__ import annotations

import enum
import logging
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from sync.errors import ErrorKind, FolioError
from sync.model import Changes
from sync.pdf.worker import PdfWorker, install_shared_worker, uninstall_shared_worker

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


class OnFailure(enum.Enum):
    """What a failed background job does; every submit names one.

    An error that is not a ``FolioError`` is a bug, not a condition Folio knows:
    under SHOW the caller's ``on_error`` gets it (message_for logs it and says
    "Something went wrong"), under LOG it is logged as an error with its
    traceback before the fallback runs, under DROP_IF_STALE it goes to
    ``sys.excepthook`` like any uncaught error.
    """

    #: The reader asked for this: ``on_error`` (required) puts the translated
    #: sentence (desktop.errors.message_for) where the reader is looking.
    SHOW = "show"
    #: Nobody waits for the answer (a read receipt, a background lookup): the
    #: failure is logged by kind and lane, never with content; ``on_error`` may
    #: still run a fallback (the watermark falls back to "Folio").
    LOG = "log"
    #: A refresh of something shown: a later refresh replaces it, and the view it
    #: was for may be gone (locked, navigated away). Dropped, logged at debug.
    DROP_IF_STALE = "drop_if_stale"


@dataclass
class _Job:
    fn: Callable[[], Any]
    on_done: OnDone | None
    on_error: OnError | None
    failure: OnFailure = OnFailure.SHOW
    lane: str = ""
    tag: str | None = None
    cancelled: bool = field(default=False)


def _alive(callback: Callable[..., Any] | None) -> bool:
    """False when a QObject the callback belongs to was deleted while its job ran.

    Views pass bound slots as well as lambdas and nested functions that capture
    ``self``; both are checked, so no call site has to remember a guard.
    """
    captured: list[object] = [getattr(callback, "__self__", None)]
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            captured.append(cell.cell_contents)
        except ValueError:  # an empty cell: the name was never bound
            continue
    return not any(isinstance(obj, QObject) and not shiboken6.isValid(obj) for obj in captured)


class _Bridge(QObject):
    """Lives in the UI thread; worker threads emit, Qt queues to the UI thread."""

    job_finished = Signal(object, object, bool)  # job, value or exception, ok

    def __init__(self) -> None:
        super().__init__()
        self.job_finished.connect(self._deliver)

    @Slot(object, object, bool)
    def _deliver(self, job: _Job, value: Any, ok: bool) -> None:
        if job.cancelled:
            return
        if ok:
            if job.on_done is not None and _alive(job.on_done):
                job.on_done(value)
            return
        if job.failure is OnFailure.SHOW:
            if job.on_error is not None and _alive(job.on_error):
                job.on_error(value)  # message_for logs what Folio does not know
            return
        if not isinstance(value, FolioError):
            if job.failure is OnFailure.DROP_IF_STALE:
                # A bug, not a condition Folio knows: surface it like any uncaught error.
                sys.excepthook(type(value), value, value.__traceback__)
                return
            log.error("task.failed", extra={"fields": {"lane": job.lane}}, exc_info=value)
        else:
            fields = {"lane": job.lane, "kind": value.kind.value}
            if value.kind is ErrorKind.VAULT_LOCKED or job.failure is OnFailure.DROP_IF_STALE:
                # Asked for a view just as the app locked, or a refresh a newer one
                # replaces: the view it was for is gone or will be redrawn.
                log.debug("task.dropped", extra={"fields": fields})
                return
            log.warning("task.failed", extra={"fields": fields})
        if job.on_error is not None and _alive(job.on_error):
            job.on_error(value)  # the caller's fallback


class Lane:
    """One worker thread with a FIFO queue; ``front=True`` jobs jump it."""

    def __init__(self, name: str, bridge: _Bridge) -> None:
        self.name = name
        self._bridge = bridge
        self._queue: deque[_Job] = deque()
        self._cond = threading.Condition()
        self._stopping = False
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name=f"folio-{name}", daemon=True)
        self._thread.start()

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        failure: OnFailure,
        tag: str | None = None,
        front: bool = False,
    ) -> _Job:
        """Queue ``fn``; ``failure`` says what its error does (see OnFailure)."""
        if failure is OnFailure.SHOW and on_error is None:
            raise ValueError("OnFailure.SHOW needs an on_error that shows the sentence")
        if failure is OnFailure.DROP_IF_STALE and on_error is not None:
            raise ValueError("OnFailure.DROP_IF_STALE drops the error: pass no on_error")
        job = _Job(fn, on_done, on_error, failure, self.name, tag)
        with self._cond:
            if self._stopping:
                job.cancelled = True
                return job
            self._idle.clear()
            if front:
                self._queue.appendleft(job)
            else:
                self._queue.append(job)
            self._cond.notify()
        return job

    def cancel(self, tag: str) -> int:
        """Drop queued jobs carrying ``tag`` (a running job finishes, its result is ignored)."""
        dropped = 0
        with self._cond:
            keep: deque[_Job] = deque()
            for job in self._queue:
                if job.tag == tag:
                    job.cancelled = True
                    dropped += 1
                else:
                    keep.append(job)
            self._queue = keep
        return dropped

    @property
    def ident(self) -> int | None:
        """The lane's thread id (the PdfWorker runs requests inline when already on it)."""
        return self._thread.ident

    def post(self, fn: Callable[[], Any]) -> _Job:
        """Queue a PdfWorker request job: it never raises (the waiting caller gets the error)."""
        return self.submit(fn, failure=OnFailure.LOG)

    def pending(self) -> int:
        with self._cond:
            return len(self._queue)

    def wait_idle(self, timeout: float) -> bool:
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._stopping:
                    self._idle.set()
                    self._cond.wait()
                if self._stopping and not self._queue:
                    self._idle.set()
                    return
                job = self._queue.popleft()
            if job.cancelled:
                continue
            try:
                value = job.fn()
            except Exception as exc:  # delivered to the job's on_error on the UI thread
                if not job.cancelled:
                    self._bridge.job_finished.emit(job, exc, False)
                continue
            if not job.cancelled:
                self._bridge.job_finished.emit(job, value, True)

    def stop(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._stopping = True
            for job in self._queue:
                job.cancelled = True
            self._queue.clear()
            self._cond.notify_all()
        self._thread.join(timeout)


class TaskRunner(QObject):
    """Owns the vault, network, fetch and render lanes; re-emits what commands changed.

    ``network`` belongs to the sync loop, which holds it for as long as it runs;
    ``fetch`` takes short one-off requests (update checks) that must not queue
    behind it.
    """

    #: The one signal every screen refreshes from: (sync.model.Changes, initiator).
    #: Vault commands emit it with initiator None; the sync service re-emits each
    #: round's RoundResult.changes with itself as initiator (desktop/syncing.py).
    vault_did_change = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self._bridge = _Bridge()
        self.vault = Lane("vault", self._bridge)
        self.network = Lane("network", self._bridge)
        self.fetch = Lane("fetch", self._bridge)
        self.render = Lane("render", self._bridge)
        # The one PyMuPDF owner: its requests run on the render lane. Jobs on that lane
        # call it directly; other lanes (and the Api opened with it) post and wait.
        self.pdf = PdfWorker(self.render)
        # ... and the process's: every Api, the engine and the publishing check use it.
        install_shared_worker(self.pdf)

    def command(
        self,
        fn: Callable[[], Changes],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        failure: OnFailure,
    ) -> None:
        """Run a sync.api command on the vault lane and announce its ``Changes``."""

        def done(changes: Changes) -> None:
            if on_done is not None and _alive(on_done):
                on_done(changes)
            if changes:
                self.vault_did_change.emit(changes, None)

        self.vault.submit(fn, done, on_error, failure=failure)

    def close_documents(self) -> None:
        """Close every open PDF (on the render lane, after any render already queued)."""
        service = self.pdf
        # closing cannot fail in a way anyone could act on; a bug still surfaces
        self.render.submit(service.close_all, failure=OnFailure.LOG, front=False)

    def shutdown(self) -> None:
        self.fetch.stop()
        self.network.stop()
        self.render.submit(self.pdf.close_all, failure=OnFailure.LOG)
        self.render.wait_idle(5.0)
        self.render.stop()
        uninstall_shared_worker(self.pdf)
        self.vault.wait_idle(5.0)
        self.vault.stop()
