"""IT's one-time enrollment code (machine policy): pre-filled once, consumed by enrolling.

A real code is created on the session's demo server; the policy file names the
server and the code. The welcome screen pre-fills both, the reader only presses
Connect and chooses a PIN; afterwards the code is used up: the policy still
holds it, yet neither a wiped device nor a second app start offers it again.
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
from server import admin
from server.demo import DEMO_USER
from sync.api import KdfParams
from sync.config import policy
from sync.device.enrollment import is_enrolled
from tests.gui.conftest import PIN, SharedDemoServer, SharedDemoSession

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

AppFactory = Callable[[], FolioApp]


@pytest.fixture
def policy_file(tmp_path: Path, demo_server: SharedDemoServer) -> Path:
    server = demo_server.get()
    code = admin.create_enrollment_code(server.ctx, DEMO_USER)
    path = tmp_path / "policy.toml"
    path.write_text(f'server_url = "{server.url}"\nenrollment_code = "{code}"\n', "utf-8")
    return path


@pytest.fixture
def start_app(
    qtbot: QtBot,
    tmp_path: Path,
    qapp: QApplication,
    demo_server: SharedDemoServer,
    policy_file: Path,
) -> Iterator[AppFactory]:
    started: list[FolioApp] = []

    def start() -> FolioApp:
        app = FolioApp(
            qapp,
            data_dir=tmp_path / "data",
            kdf=KdfParams.FAST_FOR_TESTS,
            store=SettingsStore(tmp_path / "data", environ={"FOLIO_POLICY": str(policy_file)}),
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


def _config(data_dir: Path, policy_file: Path) -> policy.Config:
    return policy.load(data_dir, environ={"FOLIO_POLICY": str(policy_file)})


def test_policy_code_prefills_enrolls_and_is_consumed(
    qtbot: QtBot,
    start_app: AppFactory,
    demo_server: SharedDemoServer,
    policy_file: Path,
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    code = _config(data_dir, policy_file).text("enrollment_code")
    assert policy.pending_enrollment_code(data_dir, _config(data_dir, policy_file)) == code

    folio = start_app()
    w = folio.window
    _settled(qtbot, folio)
    assert w.stack.currentWidget() is w.welcome
    assert w.welcome.url.text() == demo_server.get().url
    assert w.welcome.code.text() == code
    assert w.welcome.user.text() == ""
    assert w.welcome.message.text() != ""  # "Your organisation has prepared this device"

    w.welcome.connect_button.click()  # the reader only presses Connect
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.pin_setup, timeout=20000)
    w.pin_setup.pin.setText(PIN)
    w.pin_setup.repeat.setText(PIN)
    w.pin_setup.ok.click()
    qtbot.waitUntil(lambda: w.reader is not None, timeout=20000)
    assert is_enrolled(data_dir)
    assert policy.pending_enrollment_code(data_dir, _config(data_dir, policy_file)) is None
    assert w.welcome.code.text() == ""  # not left behind in the form

    # Wiping the device brings back the welcome screen: the used code is not offered.
    w.wipe()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.welcome, timeout=20000)
    qtbot.waitUntil(lambda: not is_enrolled(data_dir), timeout=10000)
    assert w.welcome.code.text() == ""

    # A second start of the app (same data dir, same policy): nothing pre-filled.
    folio.shutdown()
    again = start_app()
    w2 = again.window
    _settled(qtbot, again)
    assert w2.stack.currentWidget() is w2.welcome
    assert w2.welcome.code.text() == ""
    assert policy.pending_enrollment_code(data_dir, _config(data_dir, policy_file)) is None
