"""Connect to your organisation: the welcome form against a real server on loopback.

Fill the form -> enroll (network lane) -> choose a PIN -> the first sync brings the
meetings; a wrong password says so in one line and leaves no vault behind. Then
the offline grace: past it, a closed document is refused with a translated line.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.errors import message_for
from desktop.tasks import OnFailure
from server.demo import DemoServer, start_demo_server
from sync import protocol as p
from sync.device.enrollment import is_enrolled
from sync.errors import ErrorKind, FolioError
from sync.store.state import STATE_LAST_CHECKIN
from tests.gui.conftest import PIN

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def org_server() -> Iterator[DemoServer]:
    server = start_demo_server()
    try:
        yield server
    finally:
        server.stop()


def _on_vault(qtbot: QtBot, folio: FolioApp, fn: Any) -> Any:
    box: list[Any] = []
    errors: list[BaseException] = []
    folio.runner.vault.submit(fn, box.append, errors.append, failure=OnFailure.SHOW)
    qtbot.waitUntil(lambda: bool(box or errors), timeout=10000)
    return box[0] if box else errors[0]


def _fill(qtbot: QtBot, folio: FolioApp, url: str, user: str, password: str) -> None:
    w = folio.window
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.welcome, timeout=5000)
    qtbot.keyClicks(w.welcome.url, url)
    qtbot.keyClicks(w.welcome.user, user)
    qtbot.keyClicks(w.welcome.password, password)
    w.welcome.connect_button.click()


def test_wrong_password_is_one_line_on_the_welcome_screen(
    qtbot: QtBot, folio: FolioApp, org_server: DemoServer
) -> None:
    w = folio.window
    _fill(qtbot, folio, org_server.url, org_server.credentials.username, "not-the-password")
    qtbot.waitUntil(lambda: w.welcome.message.text() != "", timeout=20000)
    assert w.stack.currentWidget() is w.welcome
    assert w.welcome.message.text() == message_for(FolioError(ErrorKind.AUTH))
    assert not is_enrolled(w.data_dir)


def test_connect_enroll_set_pin_then_meetings_arrive(
    qtbot: QtBot, folio: FolioApp, org_server: DemoServer
) -> None:
    w = folio.window
    creds = org_server.credentials
    _fill(qtbot, folio, org_server.url + "/", creds.username, creds.password)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.pin_setup, timeout=20000)
    w.pin_setup.pin.setText(PIN)
    w.pin_setup.repeat.setText(PIN)
    w.pin_setup.ok.click()
    qtbot.waitUntil(lambda: w.reader is not None, timeout=20000)
    reader = w.reader
    assert reader is not None
    assert is_enrolled(w.data_dir)
    qtbot.waitUntil(lambda: w.sync.running, timeout=10000)
    # The first round pulls the feed and downloads the packs: the meetings appear.
    qtbot.waitUntil(lambda: reader.meetings.list.count() >= 4, timeout=40000)
    qtbot.waitUntil(lambda: "Online" in w.status.connection.text(), timeout=40000)
    qtbot.waitUntil(lambda: w.status.outbox.text() == "", timeout=10000)  # zero: not shown
    reader.show_settings()
    qtbot.waitUntil(lambda: org_server.url in reader.settings_page.server.text(), timeout=10000)

    # Past the offline grace, closed material stays locked (open material does not).
    api = w.api
    assert api is not None
    docs = _on_vault(qtbot, folio, api.list_documents)
    closed = next(d for d in docs if d.closed)
    opened = next(d for d in docs if not d.closed)
    assert isinstance(_on_vault(qtbot, folio, lambda: api.document_bytes(closed.id)), bytes)
    long_ago = p.format_time(datetime.now(UTC) - timedelta(days=400))

    def backdate() -> None:
        db = api.vault.db
        with db.transaction() as cur:
            db.set_state(cur, STATE_LAST_CHECKIN, long_ago)

    _on_vault(qtbot, folio, backdate)
    refused = _on_vault(qtbot, folio, lambda: api.document_bytes(closed.id))
    assert isinstance(refused, FolioError)
    assert refused.kind is ErrorKind.EXPIRED
    assert "offline too long" in message_for(refused)
    assert isinstance(_on_vault(qtbot, folio, lambda: api.document_bytes(opened.id)), bytes)
