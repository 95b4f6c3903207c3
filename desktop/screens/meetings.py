"""Meetings: upcoming and past, by date, with a committee filter and each pack's state."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import (
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.ui import heading, touch
from sync.model import Committee, Meeting, PackState


def format_when(when: datetime, locale: QLocale | None = None) -> str:
    """The meeting's local start time in the reader's locale."""
    locale = locale or QLocale()
    local = when.astimezone()
    day = QDate(local.year, local.month, local.day)
    date_text = locale.toString(day, QLocale.FormatType.LongFormat)
    time_text = locale.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    return f"{date_text} {time_text}"


TITLE_ROLE = Qt.ItemDataRole.UserRole + 1  # a meeting's bold first line
DETAILS_ROLE = Qt.ItemDataRole.UserRole + 2  # its regular lines below
HEADER_ROLE = Qt.ItemDataRole.UserRole + 3  # "Upcoming" / "Past"
PAD_X = 10
PAD_Y = 8
LINE_GAP = 2


class MeetingDelegate(QStyledItemDelegate):
    """Draws a meeting as a bold title over regular detail lines, with room around it.

    Section headers are rows the reader cannot select; Qt would paint them greyed
    out as disabled, so they are drawn here in the normal text colour instead.
    """

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        regular = QFont(option.font)
        bold = QFont(regular)
        bold.setBold(True)
        header = QFont(bold)
        header.setPointSizeF(header.pointSizeF() * 1.15)
        return header, bold, regular

    def _width(self) -> int:
        return max(80, self._view.viewport().width() - 2 * PAD_X - 2 * self._view.spacing())

    def _blocks(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> list[tuple[QFont, str, int]]:
        """Each text block with its font and wrapped height at the current width."""
        header, bold, regular = self._fonts(option)
        width = self._width()
        if index.data(HEADER_ROLE):
            parts = [(header, str(index.data(Qt.ItemDataRole.DisplayRole) or ""))]
        else:
            parts = [(bold, str(index.data(TITLE_ROLE) or ""))]
            parts += [(regular, str(line)) for line in index.data(DETAILS_ROLE) or []]
        flags = int(Qt.TextFlag.TextWordWrap)
        return [
            (
                font,
                text,
                QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000), flags, text).height(),
            )
            for font, text in parts
        ]

    def sizeHint(  # noqa: N802 -- Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        blocks = self._blocks(option, index)
        height = sum(h for _f, _t, h in blocks) + LINE_GAP * (len(blocks) - 1) + 2 * PAD_Y
        if index.data(HEADER_ROLE):
            height += PAD_Y  # more room above a section than inside it
        return QSize(self._width() + 2 * PAD_X, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        is_header = bool(index.data(HEADER_ROLE))
        if not is_header:
            opt.text = ""
            style = opt.widget.style() if opt.widget is not None else QApplication.style()
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected) and not is_header
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = opt.palette.color(QPalette.ColorGroup.Active, role)
        painter.save()
        painter.setPen(color)
        rect = opt.rect
        y = rect.top() + PAD_Y + (PAD_Y if is_header else 0)
        width = rect.width() - 2 * PAD_X
        for font, text, height in self._blocks(option, index):
            painter.setFont(font)
            painter.drawText(
                QRect(rect.left() + PAD_X, y, width, height), int(Qt.TextFlag.TextWordWrap), text
            )
            y += height + LINE_GAP
        painter.restore()


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
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap rows on resize
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setItemDelegate(MeetingDelegate(self.list))
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
            header.setData(HEADER_ROLE, True)
            # Not selectable nor enabled, so arrow keys pass over it; the delegate
            # still draws it in the normal text colour.
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

    def read_text(self, m: Meeting) -> str:
        """New (never opened) or changed since the reader opened it, in words."""
        if m.changed_since_read:
            return self.tr("● Changed since you read it")
        if m.unread:
            return self.tr("● New")
        return ""

    def _item(self, m: Meeting) -> QListWidgetItem:
        details = [f"{format_when(m.starts_at)} · {m.committee.name}"]
        state = self.pack_text(m)
        read = self.read_text(m)
        if read:
            state += " · " + read
        details.append(state)
        lines = [m.title, *details]
        item = QListWidgetItem("\n".join(lines))
        item.setData(Qt.ItemDataRole.UserRole, m.id)
        item.setData(TITLE_ROLE, m.title)
        item.setData(DETAILS_ROLE, details)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, ", ".join(lines))
        return item

    def _activated(self, item: QListWidgetItem) -> None:
        meeting_id = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(meeting_id, str):
            self.meeting_activated.emit(meeting_id)
