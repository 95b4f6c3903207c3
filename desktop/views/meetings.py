"""Meetings: upcoming and past, by date, with a committee filter and each pack's state."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDate, QLocale, Qt, QTime, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.views.ui import heading, touch
from sync.model import Committee, Meeting, PackState


def format_when(when: datetime, locale: QLocale | None = None) -> str:
    """The meeting's local start time in the reader's locale."""
    locale = locale or QLocale()
    local = when.astimezone()
    day = QDate(local.year, local.month, local.day)
    date_text = locale.toString(day, QLocale.FormatType.LongFormat)
    time_text = locale.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    return f"{date_text} {time_text}"


class MeetingsPage(QWidget):
    meeting_activated = Signal(str)
    committee_changed = Signal(object)  # committee id or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Meetings")), 1)
        self.filter_label = QLabel(self.tr("Committee"))
        self.committee = QComboBox()
        self.committee.setAccessibleName(self.tr("Committee filter"))
        self.filter_label.setBuddy(self.committee)
        self.committee.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        touch(self.committee)
        self.committee.currentIndexChanged.connect(
            lambda _i: self.committee_changed.emit(self.committee.currentData())
        )
        top.addWidget(self.filter_label)
        top.addWidget(self.committee)
        layout.addLayout(top)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Meetings"))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        layout.addWidget(self.list, 1)
        self.empty = QLabel(self.tr("No meetings on this device yet."))
        self.empty.setAccessibleName(self.tr("No meetings"))
        self.empty.hide()
        layout.addWidget(self.empty)

    def set_committees(self, committees: list[Committee]) -> None:
        current = self.committee.currentData()
        self.committee.blockSignals(True)
        self.committee.clear()
        self.committee.addItem(self.tr("All committees"), None)
        for c in committees:
            self.committee.addItem(c.name, c.id)
        index = self.committee.findData(current)
        self.committee.setCurrentIndex(max(0, index))
        self.committee.blockSignals(False)

    def set_meetings(self, meetings: list[Meeting], now: datetime | None = None) -> None:
        now = now or datetime.now(UTC)
        self.list.clear()
        upcoming = sorted((m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at)
        past = sorted(
            (m for m in meetings if m.starts_at < now), key=lambda m: m.starts_at, reverse=True
        )
        for title, group in ((self.tr("Upcoming"), upcoming), (self.tr("Past"), past)):
            if not group:
                continue
            header = QListWidgetItem(title)
            font = QFont(self.font())
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.15)
            header.setFont(font)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(header)
            for m in group:
                self.list.addItem(self._item(m))
        self.empty.setVisible(not meetings)
        first = next(
            (
                i
                for i in range(self.list.count())
                if self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled
            ),
            -1,
        )
        if first >= 0:
            self.list.setCurrentRow(first)

    def pack_text(self, m: Meeting) -> str:
        if m.pack_state is PackState.READY:
            return self.tr("✓ Ready for the meeting")
        if m.pack_state is PackState.DOWNLOADING:
            percent = int(100 * m.bytes_done / m.bytes_total) if m.bytes_total else 0
            return self.tr("Downloading: %1%").replace("%1", str(percent))
        if m.pack_state is PackState.FAILED:
            return self.tr("⚠ Some documents failed to download")
        return self.tr("Not downloaded yet")

    def _item(self, m: Meeting) -> QListWidgetItem:
        lines = [
            f"{format_when(m.starts_at)} · {m.committee.name}",
            m.title,
        ]
        state = self.pack_text(m)
        if m.changed_since_read:
            state += " · " + self.tr("● Changed since you read it")
        lines.append(state)
        item = QListWidgetItem("\n".join(lines))
        item.setData(Qt.ItemDataRole.UserRole, m.id)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, ", ".join(lines))
        font = QFont(self.font())
        if m.changed_since_read:
            font.setBold(True)
        item.setFont(font)
        return item

    def _activated(self, item: QListWidgetItem) -> None:
        meeting_id = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(meeting_id, str):
            self.meeting_activated.emit(meeting_id)
