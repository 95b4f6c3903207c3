"""A numeric keypad for the PIN fields, with a switch to the keyboard for a passphrase.

Why a keypad of our own: on a tablet the system's on-screen keyboard opens with
letters, covers half the screen and puts the digits on a second layer; a PIN is
digits, and ten 9 mm keys in the window are quicker and steadier for a hesitant
finger. The keys never take the keyboard focus, so they type into the field the
reader last chose (the new PIN or its repeat) and a hardware keyboard keeps
working as before. A reader who prefers a passphrase switches to the keyboard;
the keys then go away and the field accepts any text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from desktop.style.fonts import font_for
from desktop.style.icons import Icon
from desktop.style.sheet import KEY_SCALE
from desktop.style.tokens import Space, TextRole, touch_px
from desktop.widgets.buttons import IconButton

DIGIT_HINTS = Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
TEXT_HINTS = Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText


def pin_edit(accessible: str) -> QLineEdit:
    """A PIN field: hidden text, digits on the system's keyboard, never remembered."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible)
    edit.setInputMethodHints(DIGIT_HINTS)
    edit.setMaxLength(128)  # room for a passphrase
    edit.setMinimumHeight(touch_px())
    return edit


class PinPad(QWidget):
    """Digits 0-9, delete and clear for ``fields``; a switch to the keyboard; show/hide."""

    # True when the reader switched to the keyboard (a passphrase), False for the keypad
    mode_changed = Signal(bool)

    def __init__(self, fields: Sequence[QLineEdit], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fields = list(fields)
        self._target = self._fields[0]
        self.passphrase = False
        for field in self._fields:
            field.installEventFilter(self)

        self.keys = QWidget()
        grid = QGridLayout(self.keys)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(Space.S.value)
        height = round(touch_px() * KEY_SCALE)  # the style sheet's [role="key"] size
        self.digits: dict[str, QPushButton] = {}
        for n, digit in enumerate("1234567890"):
            key = QPushButton(digit)
            key.setAccessibleName(digit)
            key.setFont(font_for(TextRole.TITLE, key.font()))
            key.setProperty("role", "key")
            key.setMinimumSize(height, height)
            key.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
            key.clicked.connect(lambda _c=False, d=digit: self.press(d))
            row, col = (3, 1) if digit == "0" else divmod(n, 3)
            grid.addWidget(key, row, col)
            self.digits[digit] = key
        self.clear = IconButton(self.tr("Clear"), Icon.CLEAR)
        self.delete = IconButton(self.tr("Delete"), Icon.DELETE)
        for b, col in ((self.clear, 0), (self.delete, 2)):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setProperty("role", "key")
            b.setFixedHeight(height)  # as tall as the digits beside them
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            b.setSizePolicy(key.sizePolicy())
            grid.addWidget(b, 3, col)
        self.clear.clicked.connect(self._clear_target)
        self.delete.clicked.connect(self._delete_last)

        self.show_text = IconButton(self.tr("Show PIN"), Icon.SHOW, checkable=True)
        self.show_text.toggled.connect(self._show_text)
        self.switch = IconButton(self.tr("Use a passphrase"), Icon.KEYBOARD)
        self.switch.clicked.connect(lambda: self.set_passphrase(not self.passphrase))
        self._show_text(False)

    # typing ------------------------------------------------------------------
    def press(self, digit: str) -> None:
        """One key: the digit goes where the reader's cursor is, in the field she chose."""
        self._target.insert(digit)
        if not self._target.hasFocus() and self.window().isActiveWindow():
            self._target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_target(self) -> None:
        self._target.clear()

    def _delete_last(self) -> None:
        self._target.backspace()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 -- Qt override
        if event.type() == QEvent.Type.FocusIn and watched in self._fields:
            assert isinstance(watched, QLineEdit)
            self._target = watched
        return False

    def set_target(self, field: QLineEdit) -> None:
        self._target = field

    # modes -------------------------------------------------------------------
    def set_passphrase(self, on: bool) -> None:
        """The keyboard (any text) instead of the keys (digits), or back."""
        self.passphrase = on
        self.keys.setVisible(not on)
        for field in self._fields:
            field.setInputMethodHints(TEXT_HINTS if on else DIGIT_HINTS)
        self.switch.set_label(self.tr("Use the number keys") if on else self.tr("Use a passphrase"))
        self._show_text(self.show_text.isChecked())
        if on:
            self._target.setFocus(Qt.FocusReason.OtherFocusReason)  # the system keyboard opens
        self.mode_changed.emit(on)

    def _show_text(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in self._fields:
            field.setEchoMode(mode)
        what = self.tr("passphrase") if self.passphrase else self.tr("PIN")
        self.show_text.set_label(
            (self.tr("Hide %1") if shown else self.tr("Show %1")).replace("%1", what)
        )
        self.show_text.set_icon(Icon.HIDE if shown else Icon.SHOW)
