"""The status line in Danish: the sync state shows whole; longer texts give way with "…".

A tablet at 150 % has about 850 logical pixels across, in portrait far fewer; the
words are Danish (the longest of our languages here).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from desktop.app import Translations
from desktop.widgets.status import ElidingLabel, OutboxLink, StatusPanel
from sync.api import Progress
from sync.model import SyncStatus

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def danish(qapp: QApplication) -> Iterator[None]:
    translations = Translations(qapp)
    assert translations.apply("da") == "da"
    yield
    translations.apply("en")


@pytest.mark.parametrize("width", [1280, 853, 520])
def test_syncing_fits_in_danish(qtbot: QtBot, danish: None, width: int) -> None:
    window = QMainWindow()
    window.setCentralWidget(QLabel())
    panel = StatusPanel()
    window.statusBar().addWidget(panel, 1)
    qtbot.addWidget(window)
    window.resize(width, 300)
    window.show()
    qtbot.waitExposed(window)
    panel.show_status(
        SyncStatus(
            enrolled=True,
            server_url="https://folio.example.org",
            last_sync_at=datetime(2031, 3, 4, 17, 0, tzinfo=UTC),
            last_error=None,
            ops_waiting=3,
            ops_rejected=1,
        )
    )
    panel.show_progress(Progress(phase="download", ops_waiting=3, bytes_done=1, bytes_total=10))
    assert panel.connection.text() == "⟳ Synkroniserer…"  # translated

    def laid_out() -> bool:
        label = panel.connection
        return label.width() >= label.fontMetrics().horizontalAdvance(label.text())

    qtbot.waitUntil(laid_out, timeout=5000)
    assert window.width() == width  # the status line did not force the window wider
    right = panel.progress.geometry().right() if panel.progress.isVisible() else 0
    assert right <= panel.width()
    for label in (panel.outbox, panel.last_sync):
        assert isinstance(label, (ElidingLabel, OutboxLink))  # both shorten with "…"
        assert label.toolTip() == label.text()  # the whole text stays reachable
    if width == 1280:
        assert not panel.outbox.is_elided()
        assert not panel.last_sync.is_elided()


def test_zero_counts_are_not_shown(qtbot: QtBot) -> None:
    """Issue 15: "0 changes waiting" always stood in the status line; only news is shown."""
    panel = StatusPanel()
    qtbot.addWidget(panel)

    def status(waiting: int, refused: int) -> SyncStatus:
        return SyncStatus(
            enrolled=True,
            server_url="https://folio.example",
            last_sync_at=None,
            last_error=None,
            ops_waiting=waiting,
            ops_rejected=refused,
        )

    panel.show_status(status(0, 0))
    assert panel.outbox.text() == ""
    panel.show_status(status(2, 0))
    assert panel.outbox.text().startswith("2 change")  # "changes" once the plurals load
    panel.show_status(status(0, 1))
    assert panel.outbox.text().startswith("1 refused")
