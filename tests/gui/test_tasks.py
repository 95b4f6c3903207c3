"""TaskRunner delivers results to the UI thread, and never into a deleted widget."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.tasks import TaskRunner
from sync.errors import ErrorKind, FolioError


def test_results_arrive_on_the_ui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[tuple[str, bool]] = []
    ui_thread = threading.current_thread()
    runner.vault.submit(
        lambda: threading.current_thread().name,
        lambda name: seen.append((name, threading.current_thread() is ui_thread)),
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

    runner.vault.submit(job, lambda value: (calls.append(value), label.setText(value)), on_error)
    runner.vault.submit(
        lambda: (_ for _ in ()).throw(FolioError(ErrorKind.CORRUPT, "x")),
        lambda _v: calls.append("unexpected"),
        on_error,
    )
    shiboken6.delete(label)
    release.set()
    assert finished.wait(5)
    assert runner.vault.wait_idle(5)
    # A marker job proves both earlier deliveries were processed (FIFO) before we look.
    marker: list[bool] = []
    runner.vault.submit(lambda: True, marker.append)
    qtbot.waitUntil(lambda: bool(marker))
    assert calls == []
    runner.shutdown()
