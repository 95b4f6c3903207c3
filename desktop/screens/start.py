"""Welcome, PIN setup and lock screens: everything before the vault is open."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.ui import button, heading, touch

MIN_PIN = 4


def _centered(parent: QWidget) -> QVBoxLayout:
    """A narrow column in the middle of the window: readable at any size."""
    outer = QVBoxLayout(parent)
    outer.addStretch(1)
    column = QFrame()
    column.setMaximumWidth(560)
    inner = QVBoxLayout(column)
    inner.setSpacing(12)
    outer.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
    outer.addStretch(2)
    return inner


def _pin_edit(accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
    edit.setMaxLength(32)
    touch(edit)
    return edit


class WelcomePage(QWidget):
    demo_requested = Signal()
    connect_requested = Signal(str, str, str, str)  # url, user, password, code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = _centered(self)
        col.addWidget(heading(self.tr("Welcome to Folio")))
        intro = QLabel(
            self.tr(
                "Folio keeps your meeting material on this device, encrypted, "
                "and readable without a network."
            )
        )
        intro.setWordWrap(True)
        col.addWidget(intro)
        col.addWidget(heading(self.tr("Connect to your organisation"), level=2))
        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://folio.example.org")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.code = QLineEdit()
        for edit, label in (
            (self.url, self.tr("Server address")),
            (self.user, self.tr("User name")),
            (self.password, self.tr("Password")),
            (self.code, self.tr("Or enrollment code")),
        ):
            edit.setAccessibleName(label)
            touch(edit)
            form.addRow(label, edit)
        col.addLayout(form)
        self.connect_button = button(self.tr("Connect"), primary=True)
        self.connect_button.clicked.connect(self._connect)
        col.addWidget(self.connect_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        col.addWidget(self.message)
        col.addSpacing(12)
        col.addWidget(heading(self.tr("Just looking?"), level=2))
        self.demo_button = button(self.tr("Try the demo"))
        self.demo_button.clicked.connect(self.demo_requested)
        col.addWidget(self.demo_button)
        self.setTabOrder(self.url, self.user)
        self.setTabOrder(self.user, self.password)
        self.setTabOrder(self.password, self.code)
        self.setTabOrder(self.code, self.connect_button)
        self.setTabOrder(self.connect_button, self.demo_button)

    def _connect(self) -> None:
        url = self.url.text().strip()
        if not url:
            self.show_message(self.tr("Enter your organisation's server address."))
            self.url.setFocus()
            return
        if not self.code.text().strip() and not (self.user.text().strip() and self.password.text()):
            self.show_message(self.tr("Enter a user name and password, or an enrollment code."))
            return
        self.connect_requested.emit(
            url, self.user.text().strip(), self.password.text(), self.code.text().strip()
        )

    def show_message(self, text: str) -> None:
        self.message.setText(text)


class PinSetupPage(QWidget):
    pin_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = _centered(self)
        col.addWidget(heading(self.tr("Choose a PIN")))
        intro = QLabel(
            self.tr(
                "Your PIN unlocks Folio on this device. Use at least %1 digits. "
                "Folio cannot recover a forgotten PIN."
            ).replace("%1", str(MIN_PIN))
        )
        intro.setWordWrap(True)
        col.addWidget(intro)
        form = QFormLayout()
        self.pin = _pin_edit(self.tr("New PIN"))
        self.repeat = _pin_edit(self.tr("Repeat the PIN"))
        form.addRow(self.tr("New PIN"), self.pin)
        form.addRow(self.tr("Repeat the PIN"), self.repeat)
        col.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        col.addWidget(self.message)
        self.ok = button(self.tr("Set PIN"), primary=True)
        self.ok.clicked.connect(self._submit)
        self.repeat.returnPressed.connect(self._submit)
        self.pin.returnPressed.connect(self.repeat.setFocus)
        col.addWidget(self.ok)

    def _submit(self) -> None:
        pin = self.pin.text()
        if len(pin) < MIN_PIN or not pin.isdigit():
            self.message.setText(self.tr("Use at least %1 digits.").replace("%1", str(MIN_PIN)))
            self.pin.setFocus()
            return
        if pin != self.repeat.text():
            self.message.setText(self.tr("The two PINs are not the same."))
            self.repeat.clear()
            self.repeat.setFocus()
            return
        self.message.setText("")
        self.ok.setEnabled(False)
        self.pin_chosen.emit(pin)

    def reset(self) -> None:
        self.pin.clear()
        self.repeat.clear()
        self.ok.setEnabled(True)
        self.pin.setFocus()


class LockPage(QWidget):
    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = _centered(self)
        col.addWidget(heading(self.tr("Folio is locked")))
        hint = QLabel(self.tr("Enter your PIN to open your meeting material."))
        hint.setWordWrap(True)
        col.addWidget(hint)
        self.pin = _pin_edit(self.tr("PIN"))
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.pin.returnPressed.connect(self._submit)
        col.addWidget(self.pin)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        col.addWidget(self.message)
        self.ok = button(self.tr("Unlock"), primary=True)
        self.ok.clicked.connect(self._submit)
        col.addWidget(self.ok)

    def _submit(self) -> None:
        pin = self.pin.text()
        if not pin:
            self.pin.setFocus()
            return
        self.ok.setEnabled(False)
        self.message.setText(self.tr("Unlocking…"))
        self.unlock_requested.emit(pin)

    def failed(self, text: str) -> None:
        self.message.setText(text)
        self.ok.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()

    def reset(self) -> None:
        self.message.setText("")
        self.ok.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()


class BusyPage(QWidget):
    """Shown while something long runs off the UI thread (preparing the demo)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = _centered(self)
        self.title = heading("")
        col.addWidget(self.title)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.setRange(0, 0)
        col.addWidget(self.progress)

    def show_task(self, text: str) -> None:
        self.title.setText(text)
        self.title.setAccessibleName(text)
        self.progress.setRange(0, 0)

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
