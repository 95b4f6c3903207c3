"""Below the server's min_app_version the status line says, in the reader's language,
that Folio must be updated and that what is on the device still opens (issue 16).

The state comes from a round the engine stopped (CLIENT_TOO_OLD) and, after a
restart or while offline, from the vault (SyncStatus.update_required); a later
good round clears it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Translations
from desktop.widgets.status import StatusPanel
from sync.api import RoundResult
from sync.errors import ErrorKind, FolioError
from sync.model import SyncStatus

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TOO_OLD = FolioError(ErrorKind.CLIENT_TOO_OLD, "Folio 1.2.0 is below 1.3.0", reason="x")


@pytest.fixture(params=["da", "sv"])
def language(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[str]:
    translations = Translations(qapp)
    assert translations.apply(request.param) == request.param
    yield str(request.param)
    translations.apply("en")


def _status(last_error: str | None, *, update_required: bool) -> SyncStatus:
    return SyncStatus(
        enrolled=True,
        server_url="https://folio.example.org",
        last_sync_at=None,
        last_error=last_error,
        ops_waiting=2,
        ops_rejected=0,
        update_required=update_required,
    )


WORDS = {
    "da": ("Opdatering påkrævet", "Folio skal opdateres", "kan stadig åbnes"),
    "sv": ("Uppdatering krävs", "Folio måste uppdateras", "går fortfarande att öppna"),
}


def test_update_required_is_said_in_the_readers_language(qtbot: QtBot, language: str) -> None:
    state, must, still_opens = WORDS[language]
    panel = StatusPanel()
    qtbot.addWidget(panel)
    panel.show()

    panel.show_round(RoundResult(ok=False, error=TOO_OLD))
    assert panel.connection.text() == "⚠ " + state
    assert panel.update_required.isVisible()
    assert must in panel.update_required.text()
    assert still_opens in panel.update_required.text()

    # after a restart, and offline, the vault's state still says so
    panel.show_locked()
    assert not panel.update_required.isVisible()
    panel.show_status(_status("offline: feed: server not reachable", update_required=True))
    assert panel.connection.text() == "⚠ " + state
    assert panel.update_required.isVisible()
    assert "2" in panel.outbox.text()  # the changes are kept, waiting
    offline = FolioError(ErrorKind.OFFLINE, "checkin: server not reachable")
    panel.show_round(RoundResult(ok=False, error=offline))
    assert panel.update_required.isVisible()

    # IT lowered the minimum or updated Folio: a good round clears it
    panel.show_round(RoundResult(ok=True))
    assert not panel.update_required.isVisible()
    panel.show_status(_status(None, update_required=False))
    assert not panel.update_required.isVisible()
    assert state not in panel.connection.text()
