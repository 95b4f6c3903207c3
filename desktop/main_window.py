"""The main window: the start flow (welcome, PIN, lock) and the unlocked reader."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from desktop import demo, syncing
from desktop.errors import message_for
from desktop.ops import enroll as enroll_ops
from desktop.ops import vault as vault_ops
from desktop.screens.start import BusyPage, LockPage, PinSetupPage, WelcomePage
from desktop.settings import Settings, SettingsStore
from desktop.startup import finish_gc_pause
from desktop.tasks import OnFailure, TaskRunner
from desktop.widgets.status import StatusPanel
from sync.api import Api
from sync.errors import ErrorKind, FolioError

if TYPE_CHECKING:
    # Annotations only, so the lock screen pays for none of them (tests/gui/test_startup.py):
    # the unlocked shell pulls in every screen and the viewer and is imported at unlock;
    # sync.api loads these two from the vault and the enrollment client on first use.
    from desktop.screens.shell import ReaderShell
    from sync.api import KdfParams, PendingEnrollment

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Locks after ``minutes`` without keyboard, mouse, touch or pen input."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 -- Qt override
        if event.type() in _INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False


class MainWindow(QMainWindow):
    """Owns the flow between screens; every vault call goes through the runner's lanes."""

    language_chosen = Signal(str)
    did_lock = Signal()
    did_unlock = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        store: SettingsStore,
        settings: Settings,
        data_dir: Path,
        *,
        demo_mode: bool = False,
        kdf: KdfParams | None = None,
        sync: syncing.SyncService | None = None,
        demo_session: demo.DemoSession | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Folio"))
        self.runner = runner
        self.store = store
        self.settings = settings
        self.data_dir = data_dir
        self.demo_mode = demo_mode
        self.kdf = kdf
        self.api: Api | None = None
        self.reader: ReaderShell | None = None
        self._demo_dir: Path | None = None
        self._enrollment: PendingEnrollment | None = None  # kept until the PIN is set
        self._enrollment_code = ""  # consumed (policy) once the device is enrolled with it
        self._opening = False  # the lock screen shows while the vault is still being opened
        self._pending_pin: str | None = None  # a PIN typed before the vault was open
        self.sync = sync or syncing.SyncService(runner, parent=self)
        self.sync.device_wiped.connect(self._remote_wiped)
        self.demo_session = demo_session or demo.DemoSession()

        self.welcome = WelcomePage()
        self.pin_setup = PinSetupPage(max_attempts=self.settings.max_pin_attempts)
        self.lock_page = LockPage()
        self.busy = BusyPage()
        self.stack = QStackedWidget()
        # Shown until the vault lane says which screen is first: a returning reader never sees
        # the welcome screen flash before the lock screen, and nobody paints it for nothing.
        self.stack.addWidget(QWidget())
        for page in (self.welcome, self.pin_setup, self.lock_page, self.busy):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        self.status = StatusPanel()
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().setSizeGripEnabled(False)

        self.welcome.demo_requested.connect(self._demo_chosen)
        self.welcome.connect_requested.connect(self._connect_chosen)
        self.pin_setup.pin_chosen.connect(self._pin_chosen)
        self.lock_page.unlock_requested.connect(self._unlock)

        self.idle = IdleWatcher(settings.auto_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.resize(1280, 820)

    # -- start -----------------------------------------------------------
    def start(self) -> None:
        if self.demo_mode:
            finish_gc_pause()
            self._demo_chosen()
            return
        data_dir = self.data_dir
        # Two steps on the vault lane: whether a vault exists (a file check) decides the first
        # screen; opening it (SQLCipher, keys, policy) runs while the lock screen already shows.
        self.runner.vault.submit(
            lambda: vault_ops.vault_exists(data_dir),
            self._found,
            self._open_failed,
            failure=OnFailure.SHOW,
        )

    def _found(self, exists: bool) -> None:
        finish_gc_pause()  # the first screen is decided: start-up is over (desktop/startup.py)
        if not exists:
            self._prefill_enrollment()
            self.show_page(self.welcome)
            return
        self._opening = True
        self.show_lock()
        data_dir = self.data_dir
        self.runner.vault.submit(
            lambda: vault_ops.open_vault(data_dir),
            self._opened,
            self._open_failed,
            failure=OnFailure.SHOW,
        )

    def _opened(self, api: Api) -> None:
        self._opening = False
        self.api = api
        self._read_pin_attempts()
        pin, self._pending_pin = self._pending_pin, None
        if pin is not None:
            self._unlock(pin)

    def _open_failed(self, error: BaseException) -> None:
        finish_gc_pause()
        self._opening = False
        self._pending_pin = None
        self.welcome.show_message(message_for(error))
        self.show_page(self.welcome)

    def _prefill_enrollment(self) -> None:
        """IT's one-time enrollment code (machine policy): the reader only presses Connect."""
        code = self.store.pending_enrollment_code()
        if code is None:
            if self.store.enrollment_token():
                # An organisation token (MSI / GPO): the reader still signs in herself.
                self.welcome.url.setText(self.store.server_url())
                self.welcome.show_message(
                    self.tr(
                        "Your organisation has prepared this device: sign in with your user "
                        "name and password, or your enrollment code."
                    )
                )
            return
        self.welcome.url.setText(self.store.server_url())
        self.welcome.code.setText(code)
        self.welcome.show_message(self.tr("Your organisation has prepared this device: connect."))

    def show_page(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        page.setFocus()
        focus = page.focusNextPrevChild(True)
        del focus

    def _demo_chosen(self) -> None:
        self.demo_mode = True
        self._enrollment = None
        self.pin_setup.reset()
        self.show_page(self.pin_setup)
        self.pin_setup.pin.setFocus()

    def _connect_chosen(self, url: str, user: str, password: str, code: str) -> None:
        self.demo_mode = False
        self._enrollment = None
        self._enrollment_code = code
        self.busy.show_task(self.tr("Connecting to your organisation…"))
        self.show_page(self.busy)
        token = self.store.enrollment_token()
        self.runner.network.submit(
            lambda: enroll_ops.request_enrollment(
                url, user=user, password=password, code=code, org_token=token
            ),
            self._enrolled,
            self._setup_failed,
            failure=OnFailure.SHOW,
        )

    def _enrolled(self, pending: PendingEnrollment) -> None:
        self._enrollment = pending
        self.pin_setup.reset()
        self.show_page(self.pin_setup)
        self.pin_setup.pin.setFocus()

    def _pin_chosen(self, pin: str) -> None:
        kdf = self.kdf
        if self.demo_mode:
            self.busy.show_task(self.tr("Preparing the demo meetings…"))
            self.show_page(self.busy)
            self._demo_dir = Path(tempfile.mkdtemp(prefix="folio-demo-vault-"))
            target = self._demo_dir / "vault"
            session = self.demo_session
            self.runner.vault.submit(
                lambda: demo.prepare_demo(target, pin, kdf=kdf, session=session),
                self._unlocked,
                self._setup_failed,
                failure=OnFailure.SHOW,
            )
            return
        assert self._enrollment is not None
        pending = self._enrollment
        self._enrollment = None
        data_dir = self.data_dir
        self.busy.show_task(self.tr("Connecting to your organisation…"))
        self.show_page(self.busy)

        attempts = self.settings.max_pin_attempts

        def create_and_enroll() -> Api:
            return enroll_ops.create_enrolled_vault(
                data_dir, pin, pending, kdf=kdf, max_pin_attempts=attempts
            )

        self.runner.vault.submit(
            create_and_enroll, self._enrolled_vault, self._setup_failed, failure=OnFailure.SHOW
        )

    def _enrolled_vault(self, api: Api) -> None:
        code, self._enrollment_code = self._enrollment_code, ""
        if code and code == self.store.pending_enrollment_code():
            self.store.consume_enrollment_code(code)  # never sent again
        # Used up: a later welcome screen (after a wipe) must not offer the code or password.
        self.welcome.code.clear()
        self.welcome.password.clear()
        self._unlocked(api)

    def _setup_failed(self, error: BaseException) -> None:
        self.welcome.show_message(message_for(error))
        self.show_page(self.welcome)

    # -- lock / unlock ---------------------------------------------------
    def show_lock(self) -> None:
        self.status.show_locked()
        self.lock_page.reset()
        self.show_page(self.lock_page)
        self.lock_page.pin.setFocus()
        self._read_pin_attempts()

    def _read_pin_attempts(self) -> None:
        api = self.api
        if api is not None:
            # the vault's own rule, set when it was made; unread, the page just does not say it
            self.runner.vault.submit(
                lambda: vault_ops.pin_attempts(api),
                self.lock_page.set_attempts,
                failure=OnFailure.LOG,
            )

    def _unlock(self, pin: str) -> None:
        api = self.api
        if api is None:
            if self._opening:  # the lock page says "Unlocking…"; the PIN waits for the vault
                self._pending_pin = pin
            return
        # After a lock that is still waiting for the sync engine to let go.
        self.sync.stop(
            lambda: self.runner.vault.submit(
                lambda: vault_ops.unlock_vault(api, pin),
                lambda _c: self._unlocked(api),
                self._unlock_failed,
                failure=OnFailure.SHOW,
            )
        )

    def _unlock_failed(self, error: BaseException) -> None:
        if isinstance(error, FolioError) and error.kind is ErrorKind.VAULT_WIPED:
            self.api = None
            self.welcome.show_message(message_for(error))
            self.show_page(self.welcome)
            return
        self.lock_page.failed(message_for(error))
        self._read_pin_attempts()

    def _unlocked(self, api: Api) -> None:
        from desktop.screens.shell import ReaderShell  # noqa: PLC0415 (only once unlocked)

        self.api = api
        self.reader = ReaderShell(
            api, self.runner, settings=self.settings, store=self.store, status=self.status
        )
        self.reader.lock_requested.connect(self.lock)
        self.reader.wipe_requested.connect(self.wipe)
        self.reader.language_chosen.connect(self.language_chosen)
        self.reader.settings_did_change.connect(self._settings_changed)
        self.stack.addWidget(self.reader)
        self.stack.setCurrentWidget(self.reader)
        self.reader.show_meetings()
        syncing.connect_reader(self.sync, self.reader, self.status)
        self.sync.attach(api)
        self.idle.set_minutes(self.settings.auto_lock_minutes)
        self.idle.timer.start()
        if not self.settings.guide_seen:  # the first unlock on this install
            self.reader.show_guide()
        self.did_unlock.emit()

    def _settings_changed(self, settings: Settings) -> None:
        self.settings = self.store.load()  # locked keys stay what IT set
        self.idle.set_minutes(settings.auto_lock_minutes)
        if self.idle.timer.isActive():
            self.idle.timer.start()

    def set_language_setting(self, language: str) -> None:
        self.settings = self.store.save(replace(self.settings, language=language))

    def _drop_reader(self) -> None:
        if self.reader is not None:
            self.reader.shutdown()
            self.stack.removeWidget(self.reader)
            self.reader.deleteLater()
            self.reader = None
        self.runner.close_documents()

    def lock(self) -> None:
        """Close documents, drop every screen holding meeting content, drop the keys."""
        self.idle.timer.stop()
        api = self.api
        if api is None or self.reader is None:
            return
        self._drop_reader()
        # The engine lets go of the vault first; then the keys go.
        self.sync.stop(
            lambda: self.runner.vault.submit(
                lambda: vault_ops.lock_vault(api), None, self._error, failure=OnFailure.SHOW
            )
        )
        self.show_lock()
        self.did_lock.emit()

    def wipe(self) -> None:
        api = self.api
        if api is None:
            return
        self.idle.timer.stop()
        self._drop_reader()
        self.api = None
        self.sync.stop(
            lambda: self.runner.command(
                lambda: enroll_ops.sign_out_and_wipe(api),
                lambda _c: self._wiped(),
                self._error,
                failure=OnFailure.SHOW,
            )
        )

    def _remote_wiped(self) -> None:
        """The server revoked this device; the engine already destroyed the vault."""
        self.idle.timer.stop()
        self._drop_reader()
        self.api = None
        self.status.show_locked()
        self.welcome.show_message(message_for(FolioError(ErrorKind.REVOKED)))
        self.show_page(self.welcome)
        self._cleanup_demo()

    def _wiped(self) -> None:
        self.status.show_locked()
        self.welcome.show_message(self.tr("This device was wiped."))
        self.show_page(self.welcome)
        self._cleanup_demo()

    def _error(self, error: BaseException) -> None:
        self.welcome.show_message(message_for(error))

    def rebuild_for_language(self) -> None:
        """Screens re-created in the new language; the reader shell keeps its Api."""
        api = self.api
        was_reader = self.reader is not None
        for page in (self.welcome, self.pin_setup, self.lock_page, self.busy):
            self.stack.removeWidget(page)
            page.deleteLater()
        self.welcome = WelcomePage()
        self.pin_setup = PinSetupPage(max_attempts=self.settings.max_pin_attempts)
        self.lock_page = LockPage()
        self.busy = BusyPage()
        for page in (self.welcome, self.pin_setup, self.lock_page, self.busy):
            self.stack.addWidget(page)
        self.welcome.demo_requested.connect(self._demo_chosen)
        self.welcome.connect_requested.connect(self._connect_chosen)
        self.pin_setup.pin_chosen.connect(self._pin_chosen)
        self.lock_page.unlock_requested.connect(self._unlock)
        if api is None:
            self._prefill_enrollment()
        self.setWindowTitle(self.tr("Folio"))
        old_status = self.status
        self.status = StatusPanel()
        self.statusBar().removeWidget(old_status)
        old_status.deleteLater()
        self.statusBar().addWidget(self.status, 1)
        self.status.show()
        if was_reader and api is not None:
            self._drop_reader()
            self._unlocked(api)
            if self.reader is not None:
                self.reader.show_settings()
        elif api is not None or self._opening:
            self.show_lock()
        else:
            self.show_page(self.welcome)

    def _cleanup_demo(self) -> None:
        self.demo_session.stop()
        if self._demo_dir is not None:
            shutil.rmtree(self._demo_dir, ignore_errors=True)
            self._demo_dir = None

    def shutdown(self) -> None:
        """Lock (drop keys) and stop the lanes; the demo vault is deleted."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.idle.timer.stop()
        self._drop_reader()
        self.sync.shutdown()
        # The engine's own connection must be closed before the vault locks or the
        # demo vault is deleted; a round stops at its next cancellation point.
        self.runner.network.wait_idle(15.0)
        api = self.api
        if api is not None:
            # closing: nobody is left to tell; the log says whether the keys went
            self.runner.vault.submit(lambda: vault_ops.lock_vault(api), failure=OnFailure.LOG)
        self.runner.shutdown()
        self._cleanup_demo()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 -- Qt override
        self.shutdown()
        super().closeEvent(event)
