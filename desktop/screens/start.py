"""Welcome, PIN setup and lock screens: everything before the vault is open.

The PIN screens have a keypad (desktop/widgets/pinpad.py) and say, before the
reader types, how many wrong PINs wipe the device and what to do after a
forgotten PIN: a hesitant reader should not learn the rule from the wipe.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop.style.fonts import set_role
from desktop.style.tokens import TextRole
from desktop.widgets.pinpad import PinPad, pin_edit
from desktop.widgets.ui import button, heading, touch
from sync.model import PinAttempts

MIN_PIN = 4
# A passphrase typed on the keyboard: letters make each character worth more than a digit.
MIN_PASSPHRASE = 8


COLUMN_WIDTH = 560


class _Column(QFrame):
    """The narrow column: as wide as it may be (an aligned widget gets its hint's width)."""

    def sizeHint(self) -> QSize:  # noqa: N802 -- Qt override
        return QSize(self.maximumWidth(), super().sizeHint().height())


class _ColumnLayout(QVBoxLayout):
    """Measures wrapped text at the column's width, not the window's.

    The outer layout asks the column's height for the window's full width, where
    wrapped text needs fewer lines; the column then got too little height and
    squeezed the PIN keypad's keys onto each other.
    """

    def heightForWidth(self, width: int) -> int:  # noqa: N802 -- Qt override
        return super().heightForWidth(min(width, COLUMN_WIDTH))


def _centered(parent: QWidget) -> QVBoxLayout:
    """A narrow column in the middle of the window: readable at any size."""
    outer = QVBoxLayout(parent)
    outer.addStretch(1)
    column = _Column()
    column.setMaximumWidth(COLUMN_WIDTH)
    inner = _ColumnLayout(column)
    inner.setSpacing(12)
    outer.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
    outer.addStretch(2)
    return inner


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


def _note(text: str = "") -> QLabel:
    label = set_role(QLabel(text), TextRole.BODY)
    label.setAccessibleName(text)
    return label


def wipe_rule(allowed: int) -> str:
    """The wipe rule in words, said before the reader types (DESIGN.md: wrong PINs wipe)."""
    return QCoreApplication.translate(
        "PinScreens",
        "After %n wrong PIN(s) in a row, this device's meeting material is wiped.",
        "",
        allowed,
    )


def forgotten_pin() -> str:
    """What to do after a forgotten PIN, said up front rather than after the wipe."""
    return QCoreApplication.translate(
        "PinScreens",
        "Forgot your PIN? Nobody can recover it, not even IT. Once the device is wiped, "
        "connect it to your organisation again and your meetings download again; changes "
        "not yet sent are lost.",
    )


def _pad_row(pad: PinPad) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(pad.show_text)
    row.addWidget(pad.switch)
    row.addStretch(1)
    return row


class PinSetupPage(QWidget):
    pin_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, max_attempts: int = 10) -> None:
        super().__init__(parent)
        col = _centered(self)
        col.addWidget(heading(self.tr("Choose a PIN")))
        intro = QLabel(
            self.tr(
                "Your PIN unlocks Folio on this device. Use at least %1 digits, or switch "
                "to the keyboard for a passphrase of at least %2 characters."
            )
            .replace("%1", str(MIN_PIN))
            .replace("%2", str(MIN_PASSPHRASE))
        )
        intro.setWordWrap(True)
        col.addWidget(intro)
        self.rule = _note(wipe_rule(max_attempts))
        self.forgotten = _note(forgotten_pin())
        col.addWidget(self.rule)
        col.addWidget(self.forgotten)
        form = QFormLayout()
        self.pin = pin_edit(self.tr("New PIN"))
        self.repeat = pin_edit(self.tr("Repeat the PIN"))
        form.addRow(self.tr("New PIN"), self.pin)
        form.addRow(self.tr("Repeat the PIN"), self.repeat)
        col.addLayout(form)
        self.pad = PinPad([self.pin, self.repeat])
        col.addLayout(_pad_row(self.pad))
        col.addWidget(self.pad.keys, 0, Qt.AlignmentFlag.AlignHCenter)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        col.addWidget(self.message)
        self.ok = button(self.tr("Set PIN"), primary=True)
        self.ok.setProperty("role", "primary")  # the screen's one main action
        self.ok.clicked.connect(self._submit)
        self.repeat.returnPressed.connect(self._submit)
        self.pin.returnPressed.connect(self.repeat.setFocus)
        col.addWidget(self.ok)
        self.setTabOrder(self.pin, self.repeat)
        self.setTabOrder(self.repeat, self.pad.show_text)
        self.setTabOrder(self.pad.show_text, self.pad.switch)
        self.setTabOrder(self.pad.switch, self.ok)

    def _submit(self) -> None:
        pin = self.pin.text()
        if self.pad.passphrase:
            if len(pin) < MIN_PASSPHRASE:
                self.message.setText(
                    self.tr("Use at least %1 characters.").replace("%1", str(MIN_PASSPHRASE))
                )
                self.pin.setFocus()
                return
        elif len(pin) < MIN_PIN or not pin.isdigit():
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
        # Filled in from the vault's own rule (set when it was made) once it is read.
        self.rule = _note()
        self.rule.hide()
        self.forgotten = _note(forgotten_pin())
        col.addWidget(self.rule)
        col.addWidget(self.forgotten)
        self.pin = pin_edit(self.tr("PIN"))
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.pin.returnPressed.connect(self._submit)
        col.addWidget(self.pin)
        self.pad = PinPad([self.pin])
        col.addLayout(_pad_row(self.pad))
        col.addWidget(self.pad.keys, 0, Qt.AlignmentFlag.AlignHCenter)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        col.addWidget(self.message)
        self.ok = button(self.tr("Unlock"), primary=True)
        self.ok.setProperty("role", "primary")  # the screen's one main action
        self.ok.clicked.connect(self._submit)
        col.addWidget(self.ok)
        self.setTabOrder(self.pin, self.pad.show_text)
        self.setTabOrder(self.pad.show_text, self.pad.switch)
        self.setTabOrder(self.pad.switch, self.ok)

    def set_attempts(self, attempts: PinAttempts) -> None:
        """The wipe rule of this vault, and how many tries are left after wrong ones."""
        text = wipe_rule(attempts.allowed)
        if attempts.failed:
            text += " " + self.tr("%n attempt(s) left.", "", attempts.left)
        self.rule.setText(text)
        self.rule.setAccessibleName(text)
        self.rule.show()

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
