"""Touch-sized sheets over the window: a text editor for notes and remarks, a confirmation.

Why not QInputDialog and QMessageBox: they open a separate small window with
24 px buttons and "OK"/"Yes" labels that do not say what happens, they land
wherever the platform puts them (behind the on-screen keyboard on a tablet), and
a screenshot of the main window cannot show them. A sheet is a card inside the
window over a dimmed backdrop; its buttons are 9 mm and name the choice
("Approve", "Save note"), and it only closes by a choice (Esc or the cancel
button), never by a stray tap beside it, so typed text is not lost.

Each sheet works two ways: ``open()`` and the ``finished(bool)`` signal, or
``run()``, which waits in a local event loop and returns the answer, for the
screens' synchronous ``ask_text``/``confirm`` hooks.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from desktop.style.fonts import set_role
from desktop.style.tokens import Metrics, Space, TextRole, touch_px


def _metrics(widget: QWidget) -> Metrics:
    screen = widget.screen()
    return Metrics(screen.logicalDotsPerInch() if screen is not None else 96.0)


def sheet_button(text: str, *, role: str = "") -> QPushButton:
    """A 9 mm button whose text is its accessible name; ``role`` is primary or danger."""
    b = QPushButton(text)
    b.setAccessibleName(text.replace("&", ""))
    b.setMinimumHeight(touch_px())
    b.setMinimumWidth(touch_px() * 2)
    b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    if role:
        b.setProperty("role", role)
    return b


class Sheet(QWidget):
    """A card over a dimmed window; it answers by ``finished(accepted)`` or by ``run()``."""

    finished = Signal(bool)

    #: the card's widest and narrowest widths in logical pixels at 96 dpi
    MAX_WIDTH = 600
    MIN_WIDTH = 320

    def __init__(self, host: QWidget, title: str) -> None:
        window = host.window()
        super().__init__(window)
        self.setObjectName("Scrim")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName(title)
        self._window = window
        self._result: bool | None = None
        m = _metrics(window)
        self._metrics = m
        self.card = QFrame(self)
        self.card.setObjectName("Sheet")
        self.card.setAccessibleName(title)
        self.card.setAutoFillBackground(True)
        self.body = QVBoxLayout(self.card)
        pad = m.space(Space.XL)
        self.body.setContentsMargins(pad, pad, pad, pad)
        self.body.setSpacing(m.space(Space.M))
        self.title = set_role(QLabel(title), TextRole.TITLE)
        self.title.setAccessibleName(title)
        self.body.addWidget(self.title)
        self.buttons = QBoxLayout(QBoxLayout.Direction.RightToLeft)
        self.buttons.setSpacing(m.space(Space.S))
        self._choice_buttons: list[QPushButton] = []
        self._stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.hide()

    # building ---------------------------------------------------------------
    def add_text(self, text: str, role: TextRole = TextRole.BODY) -> QLabel:
        label = set_role(QLabel(text), role)
        label.setAccessibleName(text)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(label)
        return label

    def set_choices(self, primary: QPushButton, *others: QPushButton) -> None:
        """The button row, last under the content: the main choice on the right (or on top),
        the others to its left (or below) in the order given."""
        self._choice_buttons = [primary, *others]
        for b in self._choice_buttons:
            self.buttons.addWidget(b)
        self.buttons.addItem(self._stretch)
        self.body.addLayout(self.buttons)

    # showing ----------------------------------------------------------------
    def open(self) -> None:
        self._result = None
        self._window.installEventFilter(self)
        self._fit()
        self.show()
        self.raise_()
        self.first_focus().setFocus(Qt.FocusReason.PopupFocusReason)

    def first_focus(self) -> QWidget:
        """The widget that has the keyboard when the sheet opens."""
        return self.card

    def run(self) -> bool:
        """Open and wait for the reader's answer (a local event loop; the UI keeps painting)."""
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        self.open()
        if self._result is None:
            loop.exec()
        return bool(self._result)

    def accept(self) -> None:
        self._close(accepted=True)

    def reject(self) -> None:
        self._close(accepted=False)

    def _close(self, *, accepted: bool) -> None:
        if self._result is not None:
            return
        self._result = accepted
        self._window.removeEventFilter(self)
        self.hide()
        self.finished.emit(accepted)
        self.deleteLater()

    # geometry ---------------------------------------------------------------
    def _fit(self) -> None:
        area = self._window.rect()
        self.setGeometry(area)
        m = self._metrics
        margin = m.space(Space.L)
        width = min(round(self.MAX_WIDTH * m.scale), area.width() - 2 * margin)
        width = max(width, min(round(self.MIN_WIDTH * m.scale), area.width()))
        self.card.setFixedWidth(width)
        self._arrange_buttons(width - 2 * m.space(Space.XL))
        height = min(self.card.heightForWidth(width), area.height() - 2 * margin)
        if height <= 0:
            height = min(self.card.sizeHint().height(), area.height() - 2 * margin)
        self.card.setFixedHeight(max(height, self.card.minimumSizeHint().height()))
        x = (area.width() - width) // 2
        # a little above the middle: the on-screen keyboard rises from the bottom
        y = max(margin, (area.height() - self.card.height()) // 3)
        self.card.move(x, y)

    def _arrange_buttons(self, width: int) -> None:
        """Side by side when they fit at their natural width, else stacked full width."""
        spacing = self.buttons.spacing()
        widgets = [w for w in self._choice_buttons if not w.isHidden()]
        needed = sum(w.sizeHint().width() for w in widgets) + spacing * max(0, len(widgets) - 1)
        stacked = needed > width
        self.buttons.setDirection(
            QBoxLayout.Direction.BottomToTop if stacked else QBoxLayout.Direction.RightToLeft
        )
        policy = QSizePolicy.Policy.Minimum if stacked else QSizePolicy.Policy.Expanding
        self._stretch.changeSize(0, 0, policy, QSizePolicy.Policy.Minimum)
        self.buttons.invalidate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 -- Qt override
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self._fit()
        return super().eventFilter(watched, event)

    # keyboard ---------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 -- Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        focused = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(
            focused, QPushButton
        ):
            # outside a QDialog a button ignores Return; on a sheet it presses the focused one
            focused.click()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 -- Qt override
        """Tab stays inside the card while the sheet is open (a modal's focus trap)."""
        chain = [
            w
            for w in self.card.findChildren(QWidget)
            if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        if not chain:
            return True
        chain.sort(key=lambda w: (w.mapTo(self.card, w.rect().topLeft()).y(), w.x()))
        current = self.focusWidget()
        index = chain.index(current) if current in chain else -1
        step = 1 if next else -1
        chain[(index + step) % len(chain)].setFocus(
            Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        )
        return True


class _NoteEdit(QPlainTextEdit):
    """Tab moves on (it is a form field, not a code editor); Ctrl+Return saves."""

    submitted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 -- Qt override
        if event.matches(QKeySequence.StandardKey.InsertLineSeparator) or (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class TextSheet(Sheet):
    """Write or edit a note or a remark: a title, what to write, the text, Cancel and the action."""

    def __init__(
        self,
        host: QWidget,
        title: str,
        prompt: str,
        text: str = "",
        *,
        action: str | None = None,
        required: bool = False,
    ) -> None:
        super().__init__(host, title)
        self.prompt = self.add_text(prompt, TextRole.BODY)
        self.edit = _NoteEdit()
        self.edit.setPlainText(text)
        self.edit.setAccessibleName(prompt)
        lines = 5
        self.edit.setMinimumHeight(
            self.edit.fontMetrics().lineSpacing() * lines + 2 * self._metrics.space(Space.S)
        )
        self.prompt.setBuddy(self.edit)
        self.body.addWidget(self.edit)
        self.save = sheet_button(
            action or QCoreApplication.translate("Sheet", "Save"), role="primary"
        )
        self.cancel = sheet_button(QCoreApplication.translate("Sheet", "Cancel"))
        self.set_choices(self.save, self.cancel)
        self._required = required
        self._saved: str | None = None
        self.save.clicked.connect(self.accept)
        self.cancel.clicked.connect(self.reject)
        self.edit.submitted.connect(self._submit)
        self.edit.textChanged.connect(self._update)
        self._update()

    def first_focus(self) -> QWidget:
        return self.edit

    def text(self) -> str:
        if self._saved is not None:
            return self._saved
        return self.edit.toPlainText()

    def accept(self) -> None:
        self._saved = self.edit.toPlainText()  # kept: the widgets go once the sheet closes
        super().accept()

    def _update(self) -> None:
        self.save.setEnabled(not self._required or bool(self.text().strip()))

    def _submit(self) -> None:
        if self.save.isEnabled():
            self.accept()

    def open(self) -> None:
        super().open()
        cursor = self.edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)


class ConfirmSheet(Sheet):
    """A decision to confirm: what will happen, in words, and a button naming the choice."""

    def __init__(
        self,
        host: QWidget,
        title: str,
        message: str,
        confirm: str,
        *,
        cancel: str | None = None,
        warning: str | None = None,
        destructive: bool = False,
    ) -> None:
        super().__init__(host, title)
        self.message = self.add_text(message)
        self.warning: QLabel | None = None
        if warning:
            self.warning = self.add_text(warning)
            self.warning.setProperty("text-role", "warning")
        self.confirm = sheet_button(confirm, role="danger" if destructive else "primary")
        self.cancel = sheet_button(cancel or QCoreApplication.translate("Sheet", "Go back"))
        self.set_choices(self.confirm, self.cancel)
        self.confirm.clicked.connect(self.accept)
        self.cancel.clicked.connect(self.reject)

    def first_focus(self) -> QWidget:
        # The safe choice has the keyboard: Return on a sheet never decides by accident.
        return self.cancel


def ask_text(
    host: QWidget,
    title: str,
    prompt: str,
    text: str = "",
    *,
    action: str | None = None,
    required: bool = False,
) -> str | None:
    """The text the reader saved, or None if she cancelled (a drop-in for QInputDialog)."""
    sheet = TextSheet(host, title, prompt, text, action=action, required=required)
    return sheet.text() if sheet.run() else None


def ask_confirm(
    host: QWidget,
    title: str,
    message: str,
    confirm: str,
    *,
    cancel: str | None = None,
    warning: str | None = None,
    destructive: bool = False,
) -> bool:
    """True when the reader chose ``confirm`` (a drop-in for QMessageBox.question)."""
    sheet = ConfirmSheet(
        host, title, message, confirm, cancel=cancel, warning=warning, destructive=destructive
    )
    return sheet.run()
