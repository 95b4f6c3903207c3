"""The always-visible status line: online/offline, ops waiting, last sync, progress.

The connection state ("⟳ Synkroniserer…") always shows whole, in any language and
scaling: it takes its full width first. The longer texts (changes waiting, last
sync, one-line errors) give way instead: they shrink with an ellipsis and keep
their whole text as tooltip and accessible text, so the status line never forces
the window wider and never cuts a word in the middle.

"N changes waiting · N refused by the server" is a button (``outbox_requested``):
a count the reader cannot open explains nothing (issue 15). It shows only when a
count is not zero; messages (an export done, an error) have a label of their own
so they never read as something to open.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QLocale, QSize, Qt, QTime, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QStyle,
    QStyleOptionToolButton,
    QStylePainter,
    QWidget,
)

from desktop.style.icons import Icon
from desktop.style.tokens import Space, touch_px
from desktop.widgets.buttons import IconButton
from sync.errors import ErrorKind
from sync.model import SyncStatus

if TYPE_CHECKING:
    from sync.api import Progress, RoundResult

_OFFLINE_KINDS = frozenset({ErrorKind.OFFLINE, ErrorKind.TIMEOUT})


def _when(t: datetime) -> str:
    local = t.astimezone()
    when = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return str(QLocale().toString(when, QLocale.FormatType.ShortFormat))


class ElidingLabel(QLabel):
    """A one-line label that may be narrower than its text: it then ends in "…"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 -- Qt override
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 -- Qt override
        hint = super().minimumSizeHint()
        if not self.text():
            return hint
        m = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance("…") * 4 + m.left() + m.right()
        return QSize(min(width, hint.width()), hint.height())

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 -- Qt override
        if not self.is_elided():
            super().paintEvent(event)
            return
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown
        )
        painter.end()


class OutboxLink(IconButton):
    """The counts as a frameless 9 mm button that may be narrower than its text ("…").

    ``text()`` is the whole text (tooltip and accessible name too); only the painting
    is shortened, like ``ElidingLabel``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", Icon.OUTBOX, parent=parent)
        self.setObjectName("Quiet")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._full = ""
        self.hide()

    def text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 -- Qt override
        self._full = text
        super().setText(text)
        self.setToolTip(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 -- Qt override
        hint = super().minimumSizeHint()
        width = self.iconSize().width() + self.fontMetrics().horizontalAdvance("…") * 4
        return QSize(min(width + 2 * Space.S.value, hint.width()), max(hint.height(), touch_px()))

    def _text_width(self) -> int:
        """Room for the text: the width less what the style adds around it at full size."""
        chrome = super().sizeHint().width() - self.fontMetrics().horizontalAdvance(self._full)
        return max(0, self.width() - chrome)

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self._full) > self._text_width()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 -- Qt override
        if not self.is_elided():
            super().paintEvent(event)
            return
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        option.text = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, self._text_width()
        )
        painter = QStylePainter(self)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option)
        painter.end()


class StatusPanel(QWidget):
    #: the reader tapped the counts: show what waits and what was refused
    outbox_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        self.connection = QLabel()
        # The state always shows whole; the others give way (ElidingLabel).
        self.connection.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.outbox = OutboxLink()
        self.outbox.clicked.connect(self.outbox_requested)
        # what a command just did or why it failed: said here, never in the counts' button
        self.message = ElidingLabel()
        self.message.setAccessibleName(self.tr("Message"))
        self.last_sync = ElidingLabel()
        # Below min_app_version: the one thing the reader must act on, so it is said
        # in words next to the state, not left to a symbol or a tooltip.
        self.update_required = ElidingLabel()
        self.update_required.setAccessibleName(self.tr("Update required"))
        self.update_required.hide()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.setAccessibleName(self.tr("Download progress"))
        self.progress.hide()
        self.connection.setAccessibleName(self.tr("Connection"))
        self.last_sync.setAccessibleName(self.tr("Last sync"))
        for w in (self.connection, self.outbox, self.message, self.last_sync):
            layout.addWidget(w)
        layout.addWidget(self.update_required)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        self.show_locked()

    def show_locked(self) -> None:
        self.connection.setText(self.tr("Locked"))
        self.outbox.setText("")
        self.message.setText("")
        self.last_sync.setText("")
        self.update_required.hide()
        self.progress.hide()

    def _show_update_required(self, required: bool) -> None:
        """Folio is below the version the organisation requires: it keeps opening what
        is on the device but sends and fetches nothing until IT updates it."""
        if not required:
            self.update_required.hide()
            return
        self.connection.setText(self.tr("⚠ Update required"))
        self.update_required.setText(
            self.tr(
                "This Folio must be updated: your organisation requires a newer version. "
                "What is on this device still opens; changes wait here until IT updates Folio."
            )
        )
        self.update_required.show()

    def show_message(self, text: str) -> None:
        """A one-line message (an export done, an error's sentence) beside the counts."""
        self.message.setText(text)

    def show_status(self, status: SyncStatus) -> None:
        too_old = status.update_required  # kept in the vault: holds offline and after a restart
        if not status.enrolled:
            self.connection.setText(self.tr("○ Offline copy: no server connected"))
        elif too_old:
            pass  # said below, with what still works
        elif status.last_error:
            self.connection.setText(self.tr("○ Offline"))
        else:
            self.connection.setText(self.tr("● Online"))
        # Zero is not news (issue 15: "0 changes waiting" stood there always): only counts
        # that ask something of the reader are shown.
        parts = []
        if status.ops_waiting:
            parts.append(self.tr("%n change(s) waiting to send", "", status.ops_waiting))
        if status.ops_rejected:
            parts.append(self.tr("%n refused by the server", "", status.ops_rejected))
        self.outbox.setText(" · ".join(parts))
        if status.last_sync_at is not None:
            self.last_sync.setText(
                self.tr("Last sync: %1").replace("%1", _when(status.last_sync_at))
            )
        else:
            self.last_sync.setText(self.tr("Last sync: never"))
        self._show_update_required(status.enrolled and too_old)
        if status.bytes_total and status.bytes_done < status.bytes_total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * status.bytes_done / status.bytes_total))
            self.progress.setFormat(self.tr("Downloading %p%"))
            self.progress.show()
        else:
            self.progress.hide()

    def show_progress(self, progress: Progress) -> None:
        """From the sync engine's progress callback, while a round runs.

        The counts stay as the facade last said (``show_status``): the engine counts
        every op, read receipts too, which are not the reader's changes; each round
        ends with a fresh status.
        """
        if progress.phase == "idle":
            self.progress.hide()
            return
        self.connection.setText(self.tr("⟳ Syncing…"))
        if progress.bytes_total and progress.bytes_done < progress.bytes_total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * progress.bytes_done / progress.bytes_total))
            self.progress.setFormat(self.tr("Downloading %p%"))
            self.progress.show()
        else:
            self.progress.hide()

    def show_round(self, result: RoundResult) -> None:
        """A round ended: online when the server answered, offline when it could not be reached."""
        self.progress.hide()
        too_old = result.error is not None and result.error.kind is ErrorKind.CLIENT_TOO_OLD
        if too_old or result.ok:  # an offline round leaves the last word standing
            self._show_update_required(too_old)
        if too_old:
            return
        if result.ok:
            self.connection.setText(self.tr("● Online"))
        elif result.error is not None and result.error.kind in _OFFLINE_KINDS:
            self.connection.setText(self.tr("○ Offline"))
