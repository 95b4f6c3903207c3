"""TaskRunner delivers results to the UI thread, and never into a deleted widget."""

from __future__ import annotations

import logging
import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.tasks import OnFailure, TaskRunner
from sync.errors import ErrorKind, FolioError


def test_results_arrive_on_the_ui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[tuple[str, bool]] = []
    ui_thread = threading.current_thread()
    runner.vault.submit(
        lambda: threading.current_thread().name,
        lambda name: seen.append((name, threading.current_thread() is ui_thread)),
        failure=OnFailure.LOG,
    )
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("folio-vault", True)]
    runner.shutdown()


def test_a_lambda_capturing_a_deleted_widget_is_not_called(qtbot: QtBot) -> None:
    """A view closed (e.g. by locking) while its job ran must not be touched."""
    runner = TaskRunner()
    label = QLabel()
    release = threading.Event()
    finished = threading.Event()
    calls: list[str] = []

    def job() -> str:
        release.wait(5)
        finished.set()
        return "done"

    def on_error(exc: BaseException) -> None:
        calls.append("error")
        label.setText(str(exc))

    runner.vault.submit(
        job,
        lambda value: (calls.append(value), label.setText(value)),
        on_error,
        failure=OnFailure.SHOW,
    )
    runner.vault.submit(
        lambda: (_ for _ in ()).throw(FolioError(ErrorKind.CORRUPT, "x")),
        lambda _v: calls.append("unexpected"),
        on_error,
        failure=OnFailure.SHOW,
    )
    shiboken6.delete(label)
    release.set()
    assert finished.wait(5)
    assert runner.vault.wait_idle(5)
    # A marker job proves both earlier deliveries were processed (FIFO) before we look.
    marker: list[bool] = []
    runner.vault.submit(lambda: True, marker.append, failure=OnFailure.LOG)
    qtbot.waitUntil(lambda: bool(marker))
    assert calls == []
    runner.shutdown()


def test_every_job_names_its_failure_policy(qtbot: QtBot) -> None:
    """SHOW needs someone to show the sentence; DROP_IF_STALE takes no handler."""
    runner = TaskRunner()
    with pytest.raises(ValueError, match="SHOW"):
        runner.vault.submit(lambda: None, failure=OnFailure.SHOW)
    with pytest.raises(ValueError, match="DROP_IF_STALE"):
        runner.vault.submit(lambda: None, None, lambda _e: None, failure=OnFailure.DROP_IF_STALE)
    runner.shutdown()


def test_a_logged_failure_is_logged_then_its_fallback_runs(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    """The warning is provoked on purpose: it is kept to this logger and checked here."""
    tasks_log = logging.getLogger("desktop.tasks")
    tasks_log.addHandler(caplog.handler)
    tasks_log.propagate = False  # not a warning of the test run: the one under test
    try:
        _logged_failure(qtbot, caplog)
    finally:
        tasks_log.propagate = True
        tasks_log.removeHandler(caplog.handler)


def _logged_failure(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    runner = TaskRunner()
    fallback: list[BaseException] = []
    stale: list[object] = []

    def fail() -> None:
        raise FolioError(ErrorKind.OFFLINE, "no route")

    with caplog.at_level(logging.DEBUG, logger="desktop.tasks"):
        runner.vault.submit(fail, None, fallback.append, failure=OnFailure.LOG)
        runner.vault.submit(fail, stale.append, failure=OnFailure.DROP_IF_STALE)
        marker: list[bool] = []
        runner.vault.submit(lambda: True, marker.append, failure=OnFailure.LOG)
        qtbot.waitUntil(lambda: bool(marker))
    assert [type(e) for e in fallback] == [FolioError]
    assert stale == []
    logged = [(r.levelno, r.getMessage(), getattr(r, "fields", {})) for r in caplog.records]
    assert (logging.WARNING, "task.failed", {"lane": "vault", "kind": "offline"}) in logged
    assert (logging.DEBUG, "task.dropped", {"lane": "vault", "kind": "offline"}) in logged
    assert "no route" not in caplog.text  # the detail stays out of the log line
    runner.shutdown()
