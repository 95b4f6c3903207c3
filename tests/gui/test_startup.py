"""The start to the first screen: what it loads, and a PIN typed before the vault is open.

The lock screen needs the start screens, the style and the lanes; the unlocked shell,
every other screen and the viewer load at unlock (desktop/main_window.py). bench
``reader.startup`` measures the time; these tests hold the rule that makes it, without
measuring time. The import checks run in a fresh interpreter, because this test process
has long imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.settings import SettingsStore
from desktop.tasks import OnFailure
from sync.api import Api, KdfParams

# The offscreen platform cannot propagate size hints of top-level windows; harmless there.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PIN = "2468"

#: Builds the app as ``folio`` does and notes sys.modules the moment the first screen
#: becomes current (in the stack's own signal, before the vault lane is asked to open
#: the vault, so nothing runs beside it and the answer is the same every run).
_CHILD = """
import json, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from desktop.app import FolioApp
from desktop.settings import SettingsStore

app = QApplication(sys.argv[:1])
folio = FolioApp(app, data_dir=Path(sys.argv[1]), store=SettingsStore(Path(sys.argv[2])))
w = folio.window
seen = {}

def changed(_index):
    page = w.stack.currentWidget()
    if not seen and page in (w.lock_page, w.welcome):
        seen["page"] = "lock" if page is w.lock_page else "welcome"
        seen["modules"] = sorted(sys.modules)

w.stack.currentChanged.connect(changed)
folio.start()
deadline = time.monotonic() + 60
while not seen and time.monotonic() < deadline:
    app.processEvents()
folio.shutdown()
print(json.dumps(seen))
"""

#: What no first screen needs: PyMuPDF (the viewer's renders), the HTTP stack, the sync
#: engine and the vault itself (SQLCipher, cryptography, the keyring), which opens behind
#: the lock screen: whether a vault exists is a file check (sync.config.paths).
HEAVY = (
    "pymupdf",
    "fitz",
    "requests",
    "urllib3",
    "sync.engine",
    "sync.vault",
    "sqlcipher3",
    "cryptography",
    "keyring",
)


def _modules_of(code: str, *argv: str, env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, **env},
    )
    seen: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


@pytest.fixture(scope="module")
def facade_modules() -> set[str]:
    """What ``import sync.api`` loads by itself: the facade's own cost, not the app's."""
    seen = _modules_of(
        "import json, sys\nimport sync.api\nprint(json.dumps({'modules': sorted(sys.modules)}))",
        env={},
    )
    modules = seen["modules"]
    assert isinstance(modules, list)
    return set(modules)


@pytest.mark.parametrize("vault", ["existing", "none"])
def test_first_screen_loads_no_shell_no_viewer_no_pdf_engine(
    tmp_path: Path, vault: str, facade_modules: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "FOLIO_SECRET_BACKEND": "file",
        "FOLIO_CONFIG_DIR": str(tmp_path / "config"),
    }
    data = tmp_path / "data"
    if vault == "existing":
        for key, value in env.items():  # the device secret goes to the sandbox, as in the child
            monkeypatch.setenv(key, value)
        Api.create(data, PIN, kdf=KdfParams.FAST_FOR_TESTS).lock()
    seen = _modules_of(_CHILD, str(data), str(tmp_path / "desktop.json"), env=env)
    assert seen["page"] == ("lock" if vault == "existing" else "welcome")
    modules = seen["modules"]
    assert isinstance(modules, list)
    loaded = set(modules)
    # The start screens are the only screen module; the viewer loads with the shell.
    screens = sorted(m for m in loaded if m.startswith("desktop.screens."))
    assert screens == ["desktop.screens.start"]
    assert not [m for m in loaded if m.startswith("desktop.viewer")]
    # These come in only as far as `import sync.api` itself imports them (the facade's
    # own import cost, issue 12): nothing on the app's side pulls them in.
    assert sorted(m for m in HEAVY if m in loaded and m not in facade_modules) == []
    assert "pymupdf" not in loaded
    assert "fitz" not in loaded


@pytest.fixture
def returning(
    qtbot: QtBot, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FolioApp]:
    """An app started on a device whose vault already exists (a returning reader)."""
    monkeypatch.setenv("FOLIO_SECRET_BACKEND", "file")
    monkeypatch.setenv("FOLIO_CONFIG_DIR", str(tmp_path / "config"))
    data = tmp_path / "data"
    Api.create(data, PIN, kdf=KdfParams.FAST_FOR_TESTS).lock()
    app = FolioApp(qapp, data_dir=data, kdf=KdfParams.FAST_FOR_TESTS, store=SettingsStore(data))
    qtbot.addWidget(app.window)
    yield app
    app.shutdown()


def _lock_screen_before_the_open(qtbot: QtBot, folio: FolioApp) -> threading.Event:
    """Starts the app and holds the vault lane ahead of the open that the lock screen asks
    for, so the lock screen stays up with the vault not yet open until the event is set."""
    w = folio.window
    release = threading.Event()

    def hold_the_lane(_index: int) -> None:
        if w.stack.currentWidget() is w.lock_page and w.api is None:
            w.runner.vault.submit(lambda: release.wait(30), failure=OnFailure.LOG)

    w.stack.currentChanged.connect(hold_the_lane)
    folio.start()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.lock_page, timeout=10000)
    w.stack.currentChanged.disconnect(hold_the_lane)
    return release


def test_pin_typed_before_the_vault_is_open_unlocks_once_it_is(
    qtbot: QtBot, returning: FolioApp
) -> None:
    """The lock screen shows as soon as a vault is found; opening it runs behind it, and a
    PIN entered meanwhile waits for the open vault instead of being dropped."""
    w = returning.window
    release = _lock_screen_before_the_open(qtbot, returning)
    assert w.api is None  # still opening
    assert not w.lock_page.rule.isVisible()  # the wipe rule comes with the open vault
    w.lock_page.pin.setText(PIN)
    w.lock_page.ok.click()
    assert w.lock_page.message.text() == "Unlocking…"
    assert not w.lock_page.ok.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: w.reader is not None, timeout=20000)
    assert w.stack.currentWidget() is w.reader


def test_wrong_pin_typed_before_the_vault_is_open_is_refused_once_it_is(
    qtbot: QtBot, returning: FolioApp
) -> None:
    w = returning.window
    release = _lock_screen_before_the_open(qtbot, returning)
    w.lock_page.pin.setText("0000")
    w.lock_page.ok.click()
    release.set()
    qtbot.waitUntil(lambda: "not right" in w.lock_page.message.text(), timeout=20000)
    assert w.reader is None
    assert w.lock_page.ok.isEnabled()
    qtbot.waitUntil(w.lock_page.rule.isVisible, timeout=5000)
