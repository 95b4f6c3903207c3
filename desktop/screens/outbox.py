"""What waits to be sent and what the server refused: the status line's counts, opened.

Why a screen of its own: "3 changes waiting · 1 refused by the server" asks the
reader to trust a number (issue 15). Here each change says what it is (a note, a
comment, a decision …), what it is about, when she made it, and, when refused,
why and what to do, in the sentence desktop/errors.py gives the server's reason.
Read receipts are not her changes and are not listed (the facade leaves them out).
The list is read on the vault lane (``Api.outbox_entries``) and read again when a
command or a round changes the outbox; nothing polls.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import reason_text
from desktop.style.fonts import set_role
from desktop.style.icons import Icon, icons_for
from desktop.style.tokens import Space, TextRole, touch_px
from desktop.widgets.ui import button, heading
from sync.model import OpState, OutboxEntry

_KIND_ICONS = {
    "annotation.put": Icon.ANNOTATE,
    "annotation.delete": Icon.DELETE,
    "comment.add": Icon.COMMENT,
    "approval.decide": Icon.DECISIONS,
    "bookmark.sealed": Icon.BOOKMARK,
}


def _when(t: datetime) -> str:
    local = t.astimezone()
    when = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return str(QLocale().toString(when, QLocale.FormatType.ShortFormat))


def kind_words(entry: OutboxEntry) -> str:
    """What the change is, in the reader's words (never the op kind)."""
    detail = entry.detail
    if entry.kind == "annotation.put":
        return {
            "highlight": QCoreApplication.translate("Outbox", "Highlight"),
            "ink": QCoreApplication.translate("Outbox", "Drawing"),
            "note": QCoreApplication.translate("Outbox", "Note"),
            "text": QCoreApplication.translate("Outbox", "Text on the page"),
        }.get(detail or "", QCoreApplication.translate("Outbox", "Mark"))
    if entry.kind == "annotation.delete":
        return QCoreApplication.translate("Outbox", "Mark removed")
    if entry.kind == "comment.add":
        return QCoreApplication.translate("Outbox", "Comment")
    if entry.kind == "approval.decide":
        return {
            "approve": QCoreApplication.translate("Outbox", "Decision: approve"),
            "reject": QCoreApplication.translate("Outbox", "Decision: reject"),
        }.get(detail or "", QCoreApplication.translate("Outbox", "Decision"))
    if entry.kind == "bookmark.sealed":
        return {
            "1": QCoreApplication.translate("Outbox", "Bookmark set"),
            "0": QCoreApplication.translate("Outbox", "Bookmark removed"),
        }.get(detail or "", QCoreApplication.translate("Outbox", "Bookmark"))
    return QCoreApplication.translate("Outbox", "Change")


def about_words(entry: OutboxEntry) -> str:
    """What it is about: “title”, page N (1-based), in meeting; empty when that is unknown."""
    if entry.subject is None:
        return ""
    if entry.page is not None:
        return QCoreApplication.translate("Outbox", "“{title}”, page {page}").format(
            title=entry.subject, page=entry.page + 1
        )
    return QCoreApplication.translate("Outbox", "“{title}”").format(title=entry.subject)


class EntryRow(QFrame):
    """One change: icon, what and what about, when (and meeting), and a refusal's sentence."""

    def __init__(self, entry: OutboxEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, Space.S.value, 0, Space.S.value)
        layout.setSpacing(Space.M.value)
        icon = QLabel()
        role = "danger" if entry.state is OpState.REJECTED else "text"
        icon.setPixmap(
            icons_for(self).get(_KIND_ICONS.get(entry.kind, Icon.OUTBOX), role).pixmap(touch_px())
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(icon)
        text = QVBoxLayout()
        text.setSpacing(Space.XS.value)
        about = about_words(entry)
        what = kind_words(entry)
        self.title = set_role(
            QLabel(
                QCoreApplication.translate("Outbox", "{what} on {about}").format(
                    what=what, about=about
                )
                if about
                else what
            ),
            TextRole.SUBTITLE,
        )
        made = QCoreApplication.translate("Outbox", "Made {when}").format(
            when=_when(entry.created_at)
        )
        if entry.meeting_title:
            made = QCoreApplication.translate("Outbox", "{made} · {meeting}").format(
                made=made, meeting=entry.meeting_title
            )
        self.when = set_role(QLabel(made), TextRole.CAPTION)
        self.when.setProperty("text-role", "muted")
        labels = [self.title, self.when]
        self.reason: QLabel | None = None
        if entry.state is OpState.REJECTED:
            self.reason = set_role(QLabel(reason_text(entry.reason)), TextRole.BODY)
            self.reason.setProperty("text-role", "danger")
            labels.append(self.reason)
        for label in labels:
            label.setAccessibleName(label.text())
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.addWidget(label)
        layout.addLayout(text, 1)


class OutboxPage(QWidget):
    """The reader's changes the server has not confirmed: waiting, then refused."""

    sync_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(Space.M.value)
        layout.addWidget(heading(self.tr("Your changes")))
        self.summary = set_role(QLabel(), TextRole.BODY)
        layout.addWidget(self.summary)
        self.sync_button = button(self.tr("Sync now"))
        self.sync_button.clicked.connect(self.sync_requested)
        self.message = set_role(QLabel(), TextRole.BODY)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.hide()
        row = QHBoxLayout()
        row.addWidget(self.sync_button)
        row.addWidget(self.message, 1)
        row.addStretch(1)  # the button keeps its own width when no message shows
        layout.addLayout(row)
        self.list = QWidget()
        self.rows = QVBoxLayout(self.list)
        self.rows.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.list)
        layout.addWidget(scroll, 1)
        self.entries: list[OutboxEntry] = []
        self.waiting_heading = set_role(QLabel(), TextRole.TITLE)
        self.refused_heading = set_role(QLabel(), TextRole.TITLE)
        self.show_entries([])

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setVisible(bool(text))

    def show_entries(self, entries: list[OutboxEntry]) -> None:
        self.entries = entries
        while self.rows.count():
            taken = self.rows.takeAt(0)
            w = taken.widget() if taken is not None else None
            if w is not None and w not in (self.waiting_heading, self.refused_heading):
                w.hide()
                w.deleteLater()
        waiting = [e for e in entries if e.state is not OpState.REJECTED]
        refused = [e for e in entries if e.state is OpState.REJECTED]
        if not entries:
            summary = self.tr("Everything you changed on this tablet has reached the server.")
        else:
            summary = self.tr(
                "What you change on this tablet is kept here until the server confirms it: "
                "nothing is lost while you are offline."
            )
        self.summary.setText(summary)
        self.summary.setAccessibleName(summary)
        self.sync_button.setVisible(bool(waiting))
        for head, group, text in (
            (self.waiting_heading, waiting, self.tr("Waiting to be sent (%n)", "", len(waiting))),
            (
                self.refused_heading,
                refused,
                self.tr("Refused by the server (%n)", "", len(refused)),
            ),
        ):
            head.setText(text)
            head.setAccessibleName(text)
            head.setVisible(bool(group))
            self.rows.addWidget(head)
            for entry in group:
                self.rows.addWidget(EntryRow(entry))
        self.rows.addStretch(1)

    def rows_shown(self) -> list[EntryRow]:
        return [w for w in self.list.findChildren(EntryRow) if not w.isHidden()]
