"""Comments, "My notes" and deadline bands: the reader's own material around a meeting.

Every state a comment or decision can be in is shown as a chip with a symbol and
words (waiting to send, sent, confirmed, rejected: reason), never by colour alone.
The meeting screen and the decisions screen (desktop/screens/decisions.py) both use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, QTime, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import message_for, reason_text
from desktop.ops.annotate import CommentOps, NoteRow
from desktop.tasks import OnFailure, TaskRunner
from desktop.viewer.annotation_layer import visibility_label
from desktop.widgets.ui import button
from desktop.widgets.wrapping import wrap_rows
from sync.model import (
    Annotation,
    AnnotationKind,
    Approval,
    Comment,
    Decision,
    OpState,
    Visibility,
)

GREEN, AMBER, RED, OVERDUE = "#2e7d32", "#b26a00", "#c62828", "#6a1b9a"


def with_meeting(title: str, approval: Approval) -> str:
    """A receipt names the meeting it was given in, as stored with it (the meeting may be gone)."""
    if not approval.meeting_title:
        return title
    when = approval.meeting_starts_at
    return f"{title} · {approval.meeting_title}" + (f", {format_short(when)}" if when else "")


@dataclass(frozen=True)
class DeadlineBands:
    """How close a deadline turns amber and red (policy ``deadline_*_hours``)."""

    amber_hours: int = 72
    red_hours: int = 24


def _within(hours: int) -> str:
    """ "3 days" when the hours are whole days, else "36 hours"."""
    if hours % 24 == 0:
        return QCoreApplication.translate("discuss", "Due within %n day(s): %1", "", hours // 24)
    return QCoreApplication.translate("discuss", "Due within %n hour(s): %1", "", hours)


ROLE_ID = Qt.ItemDataRole.UserRole


def format_short(when: datetime, locale: QLocale | None = None) -> str:
    """A compact local date and time ("23.11.2026 11.32") for rows and columns."""
    locale = locale or QLocale()
    local = when.astimezone()
    day = locale.toString(QDate(local.year, local.month, local.day), QLocale.FormatType.ShortFormat)
    time = locale.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    return f"{day} {time}"


def state_text(state: OpState, reason: str | None = None) -> str:
    # Symbols from fonts every platform has (an hourglass shows as an empty box on some).
    if state is OpState.WAITING:
        return "○ " + QCoreApplication.translate("discuss", "Waiting to send")
    if state is OpState.SENT:
        return "↑ " + QCoreApplication.translate("discuss", "Sent")
    if state is OpState.CONFIRMED:
        return "✓ " + QCoreApplication.translate("discuss", "Confirmed")
    text = "✕ " + QCoreApplication.translate("discuss", "Rejected")
    return f"{text}: {reason_text(reason)}"  # the sentence, never the server's code


def decision_state_text(approval: Approval) -> str:
    """A decision's chip; a refusal explained by the reader's other tablet says so in words.

    The server's answer is the truth: when another of the reader's devices decided
    the case first, this device's refused decision reads "Decided on your other
    tablet: Approved", never the reason code.
    """
    if approval.state is OpState.REJECTED and approval.decided_elsewhere is not None:
        return "✕ " + decided_on_other_tablet(approval.decided_elsewhere)
    text = state_text(approval.state, approval.reason)
    if approval.elsewhere:
        text += " · " + QCoreApplication.translate("discuss", "on your other tablet")
    return text


def decided_on_other_tablet(decision: Decision) -> str:
    return QCoreApplication.translate("discuss", "Decided on your other tablet: %1").replace(
        "%1", decision_label(decision)
    )


def deadline_band(
    deadline: datetime | None,
    now: datetime | None = None,
    bands: DeadlineBands = DeadlineBands(),
) -> tuple[str, str]:
    """(colour, words) for a deadline: green, amber, red when close (``bands``), overdue."""
    if deadline is None:
        return GREEN, QCoreApplication.translate("discuss", "No deadline")
    now = now or datetime.now(UTC)
    left = deadline - now
    when = format_short(deadline)
    if left < timedelta(0):
        return OVERDUE, QCoreApplication.translate("discuss", "Overdue since %1").replace(
            "%1", when
        )
    if left <= timedelta(hours=bands.red_hours):
        return RED, _within(bands.red_hours).replace("%1", when)
    if left <= timedelta(hours=bands.amber_hours):
        return AMBER, _within(bands.amber_hours).replace("%1", when)
    return GREEN, QCoreApplication.translate("discuss", "Due %1").replace("%1", when)


def _kind_label(kind: AnnotationKind) -> str:
    return {
        AnnotationKind.HIGHLIGHT: QCoreApplication.translate("discuss", "Highlight"),
        AnnotationKind.INK: QCoreApplication.translate("discuss", "Drawing"),
        AnnotationKind.NOTE: QCoreApplication.translate("discuss", "Sticky note"),
        AnnotationKind.TEXT: QCoreApplication.translate("discuss", "Text note"),
    }[kind]


class MyNotesPanel(QWidget):
    """Every mark of the meeting with its page and text; activating one jumps there."""

    note_activated = Signal(str, int)  # document id, page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("My notes"))
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        self.empty = QLabel(self.tr("No notes yet. Use the pen or highlighter on a document."))
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)

    def set_rows(self, rows: list[NoteRow]) -> None:
        self.list.clear()
        for row in rows:
            a = row.annotation
            text = a.text or (a.quote.exact if a.quote else "")
            parts = [
                f"{_kind_label(a.kind)} · {row.document_title} · "
                + self.tr("page %1").replace("%1", str(a.page + 1))
            ]
            if text:
                parts.append(f"“{text[:160]}”")
            if a.visibility is not Visibility.PRIVATE:
                parts.append(visibility_label(a.visibility))
            if a.needs_review:
                parts.append("⚠ " + self.tr("Needs review: could not be placed on the new version"))
            item = QListWidgetItem("\n".join(parts))
            item.setData(ROLE_ID, (a.document_id, a.page))
            self.list.addItem(item)
        self.empty.setVisible(not rows)

    def _activated(self, item: QListWidgetItem) -> None:
        target = item.data(ROLE_ID)
        if isinstance(target, tuple):
            self.note_activated.emit(str(target[0]), int(target[1]))


def _your_mark(kind: AnnotationKind, page: int) -> str:
    """Which mark a thread is on, in words ("your highlight on page 3")."""
    text = {
        AnnotationKind.HIGHLIGHT: QCoreApplication.translate(
            "discuss", "Comments on your highlight on page %1"
        ),
        AnnotationKind.INK: QCoreApplication.translate(
            "discuss", "Comments on your drawing on page %1"
        ),
        AnnotationKind.NOTE: QCoreApplication.translate(
            "discuss", "Comments on your sticky note on page %1"
        ),
        AnnotationKind.TEXT: QCoreApplication.translate(
            "discuss", "Comments on your text note on page %1"
        ),
    }[kind]
    return text.replace("%1", str(page + 1))


class CommentThread(QWidget):
    """A thread on an agenda item, case or shared annotation: comments, replies, chips."""

    comments_shown = Signal(int)  # how many comments the thread now shows

    def __init__(self, runner: TaskRunner, ops: CommentOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._ops = ops
        self._target: tuple[str, str] | None = None
        self._base: tuple[str, str] | None = None  # the agenda item or case under a mark
        self._generation = 0
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setAccessibleName(self.tr("What these comments are on"))
        self.header.hide()
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        wrap_rows(self.tree)  # the whole comment, never cut off with "…"
        self.tree.setAccessibleName(self.tr("Comments"))
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName(self.tr("Write a comment"))
        self.edit.setPlaceholderText(self.tr("Write a comment. It is sent when you are online."))
        self.edit.setTabChangesFocus(True)
        self.edit.setMaximumHeight(90)
        self.send = button(self.tr("Send comment"))
        self.reply = button(self.tr("Reply to selected"))
        self.send.clicked.connect(lambda: self.submit(None))
        self.reply.clicked.connect(self._reply)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Comment status"))
        row = QHBoxLayout()
        row.addWidget(self.send)
        row.addWidget(self.reply)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.edit)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.setEnabled(False)

    @property
    def target(self) -> tuple[str, str] | None:
        """(kind, id) the thread is on: "item", "case" or "annotation"; None for a private mark."""
        return self._target

    def set_target(self, kind: str, target_id: str) -> None:
        if self._base != (kind, target_id):
            self.message.clear()  # "Saved." belongs to the thread it was said in
        self._base = (kind, target_id)
        self._point_at(kind, target_id, "")

    def show_annotation(self, annotation: Annotation | None) -> None:
        """Follow the mark selected in the viewer; with none, back to the item or case.

        Only shared marks have a thread: a private one is the reader's alone, so the
        thread says to share it first instead of offering to write.
        """
        if annotation is None:
            if self._base is not None:
                self._point_at(*self._base, "")
            return
        if annotation.visibility is Visibility.PRIVATE:
            self._generation += 1
            self._target = None
            self.tree.clear()
            self.header.setText(
                self.tr(
                    "This mark is private. Share it with the committee or secretariat"
                    " to comment on it."
                )
            )
            self.header.show()
            self._set_writable(False)
            self.setEnabled(True)
            return
        header = (
            _your_mark(annotation.kind, annotation.page)
            if annotation.author is None
            else self.tr("Comments on %1's mark on page %2")
            .replace("%1", annotation.author)
            .replace("%2", str(annotation.page + 1))
        )
        self._point_at("annotation", annotation.id, header)

    def _point_at(self, kind: str, target_id: str, header: str) -> None:
        self._target = (kind, target_id)
        self.header.setText(header)
        self.header.setVisible(bool(header))
        self._set_writable(True)
        self.setEnabled(True)
        self.reload()

    def _set_writable(self, writable: bool) -> None:
        for w in (self.edit, self.send, self.reply):
            w.setEnabled(writable)

    def reload(self) -> None:
        if self._target is None:
            return
        self._generation += 1
        generation = self._generation
        kind, target_id = self._target
        ops = self._ops
        self._runner.vault.submit(
            lambda: ops.list(kind, target_id),
            lambda comments: self._show(comments) if generation == self._generation else None,
            lambda e: self.message.setText(message_for(e)),
            failure=OnFailure.SHOW,
        )

    def _show(self, comments: list[Comment]) -> None:
        # Every sync round reloads the thread: the comment the reader chose to reply to
        # stays chosen, or "Reply to selected" would find nothing and store no reply.
        current = self.tree.currentItem()
        chosen = current.data(0, ROLE_ID) if current is not None else None
        self.tree.clear()
        nodes: dict[str, QTreeWidgetItem] = {}
        ordered = sorted(comments, key=lambda c: c.created_at)
        for c in ordered:
            text = (
                f"{c.author} · {format_short(c.created_at)} · {state_text(c.state, c.reason)}\n"
                f"{c.body}"
            )
            node = QTreeWidgetItem([text])
            node.setData(0, ROLE_ID, c.id)
            node.setData(0, Qt.ItemDataRole.AccessibleTextRole, text)
            if c.state is OpState.REJECTED:
                node.setForeground(0, QColor(RED))
            nodes[c.id] = node
        for c in ordered:  # replies may share their parent's timestamp: attach after all exist
            parent = nodes.get(c.parent_id or "")
            if parent is not None:
                parent.addChild(nodes[c.id])
            else:
                self.tree.addTopLevelItem(nodes[c.id])
        self.tree.expandAll()
        if isinstance(chosen, str) and chosen in nodes:
            self.tree.setCurrentItem(nodes[chosen])
        if not comments:
            empty = QTreeWidgetItem([self.tr("No comments yet.")])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(empty)
        self.comments_shown.emit(len(comments))

    def _reply(self) -> None:
        current = self.tree.currentItem()
        parent_id = current.data(0, ROLE_ID) if current is not None else None
        if not isinstance(parent_id, str):
            self.message.setText(self.tr("Choose the comment to reply to first."))
            return
        self.submit(parent_id)

    def submit(self, parent_id: str | None) -> None:
        body = self.edit.toPlainText().strip()
        if not body or self._target is None:
            return
        kind, target_id = self._target
        ops = self._ops

        def done(_changes: object) -> None:
            self.edit.clear()
            self.message.setText(self.tr("Saved. It is sent when you are online."))
            self.reload()

        self._runner.command(
            lambda: ops.add(kind, target_id, body, parent_id),
            done,
            lambda e: self.message.setText(message_for(e)),
            failure=OnFailure.SHOW,
        )


def decision_label(decision: Decision) -> str:
    """The decision in the reader's language (a receipt and a case row say it the same way)."""
    return (
        QCoreApplication.translate("discuss", "Approved")
        if decision is Decision.APPROVE
        else QCoreApplication.translate("discuss", "Rejected")
    )
