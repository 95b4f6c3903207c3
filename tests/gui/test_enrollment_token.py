"""IT's organisation enrollment token (machine policy) on the welcome screen.

The policy names the server and a token, not anyone's code: the welcome screen
pre-fills the server and asks the reader to sign in herself; her password and the
token go together, and the token's count on the real server goes up. A revoked
token is one translated sentence, and the reader stays on the welcome screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.settings import SettingsStore
from desktop.tasks import OnFailure
from server import enrollment_tokens as et
from sync.api import KdfParams
from sync.device.enrollment import is_enrolled
from tests.gui.conftest import PIN, SharedDemoServer, SharedDemoSession

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

AppFactory = Callable[[str], FolioApp]


@pytest.fixture
def start_app(
    qtbot: QtBot, tmp_path: Path, qapp: QApplication, demo_server: SharedDemoServer
) -> Iterator[AppFactory]:
    started: list[FolioApp] = []

    def start(token: str) -> FolioApp:
        path = tmp_path / "policy.toml"
        url = demo_server.get().url
        path.write_text(f'server_url = "{url}"\nenrollment_token = "{token}"\n', "utf-8")
        app = FolioApp(
            qapp,
            data_dir=tmp_path / "data",
            kdf=KdfParams.FAST_FOR_TESTS,
            store=SettingsStore(tmp_path / "data", environ={"FOLIO_POLICY": str(path)}),
            demo_session=SharedDemoSession(demo_server),
        )
        qtbot.addWidget(app.window)
        app.start()
        started.append(app)
        return app

    yield start
    for app in started:
        app.shutdown()
    demo_server.after_test()


def _settled(qtbot: QtBot, folio: FolioApp) -> None:
    """The start's vault-lane job and its delivery are done (the lane is first in, first out)."""
    done: list[bool] = []
    folio.runner.vault.submit(lambda: True, done.append, failure=OnFailure.LOG)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)


def _sign_in(folio: FolioApp, demo_server: SharedDemoServer) -> None:
    w = folio.window
    credentials = demo_server.get().credentials
    w.welcome.user.setText(credentials.username)
    w.welcome.password.setText(credentials.password)
    w.welcome.connect_button.click()


def test_policy_token_prefills_the_server_and_enrolls_with_her_own_password(
    qtbot: QtBot, start_app: AppFactory, demo_server: SharedDemoServer, tmp_path: Path
) -> None:
    server = demo_server.get()
    token = et.create(server.ctx, label="gui", committee=None, device_limit=5, days=1).token
    folio = start_app(token)
    w = folio.window
    _settled(qtbot, folio)
    assert w.stack.currentWidget() is w.welcome
    assert w.welcome.url.text() == server.url
    assert w.welcome.code.text() == ""  # a token is nobody's code
    assert "sign in" in w.welcome.message.text()

    _sign_in(folio, demo_server)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.pin_setup, timeout=20000)
    w.pin_setup.pin.setText(PIN)
    w.pin_setup.repeat.setText(PIN)
    w.pin_setup.ok.click()
    qtbot.waitUntil(lambda: w.reader is not None, timeout=20000)
    assert is_enrolled(tmp_path / "data")
    (row,) = [t for t in et.list_tokens(server.ctx) if t.token == token]
    assert row.devices_enrolled == 1


def test_a_revoked_policy_token_is_one_clear_sentence_and_nothing_is_enrolled(
    qtbot: QtBot, start_app: AppFactory, demo_server: SharedDemoServer, tmp_path: Path
) -> None:
    server = demo_server.get()
    token = et.create(server.ctx, label="gui", committee=None, device_limit=5, days=1).token
    et.revoke(server.ctx, token)
    folio = start_app(token)
    w = folio.window
    _settled(qtbot, folio)
    _sign_in(folio, demo_server)
    qtbot.waitUntil(lambda: "revoked" in w.welcome.message.text(), timeout=20000)
    assert w.stack.currentWidget() is w.welcome
    assert not is_enrolled(tmp_path / "data")
