"""Meetings: upcoming and past, by date, each saying what in it waits for the reader.

A row is a card: a date tile, the title, time and place, the committee as a chip
and badges for what needs the reader (new documents, decisions due, colleagues'
comments; a zero is not shown). The pack's state shows only when it is not ready
for an upcoming meeting: "Ready" on every row said nothing (issue 15). On a wide
screen the cards flow into columns, so 1920 px is used rather than stretched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import (
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
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

from desktop.style.fonts import font_for
from desktop.style.icons import palette_of
from desktop.style.palette import Palette
from desktop.style.tokens import Radius, Space, TextRole
from desktop.widgets.ui import heading, mm_to_px, touch
from sync.model import Committee, Meeting, MeetingAttention, PackState


def format_when(when: datetime, locale: QLocale | None = None) -> str:
    """The meeting's local start time in the reader's locale."""
    locale = locale or QLocale()
    local = when.astimezone()
    day = QDate(local.year, local.month, local.day)
    date_text = locale.toString(day, QLocale.FormatType.LongFormat)
    time_text = locale.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    return f"{date_text} {time_text}"


def format_time(when: datetime, locale: QLocale | None = None) -> str:
    local = when.astimezone()
    return (locale or QLocale()).toString(
        QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat
    )


HEADER_ROLE = Qt.ItemDataRole.UserRole + 3  # "Upcoming" / "Past"
CARD_ROLE = Qt.ItemDataRole.UserRole + 4  # the row's Card
POSITION_ROLE = Qt.ItemDataRole.UserRole + 5  # the card's place in its section (0, 1 …)
#: A card is never narrower than this many average characters: below it one column.
CARD_MIN_CHARS = 80
MAX_COLUMNS = 3


class ChipKind:
    """How a chip is drawn: by what it says, never by colour alone (the words are there)."""

    COMMITTEE = "committee"  # outlined, neutral
    BADGE = "badge"  # filled with the accent: something waits for the reader
    NOTICE = "notice"  # outlined in the warning colour: the pack is not ready
    PROBLEM = "problem"  # outlined in the danger colour: downloads failed


@dataclass(frozen=True)
class Chip:
    text: str
    kind: str


@dataclass(frozen=True)
class Card:
    """What one meeting row shows, in the reader's language, computed once per refresh."""

    meeting_id: str
    weekday: str
    day: str
    month: str
    title: str
    meta: str  # time and place
    chips: tuple[Chip, ...]
    past: bool

    @property
    def lines(self) -> list[str]:
        return [self.title, f"{self.weekday} {self.day}. {self.month} · {self.meta}"] + [
            c.text for c in self.chips
        ]


class MeetingDelegate(QStyledItemDelegate):
    """Draws a meeting as a card: date tile, title, time and place, chips that wrap.

    Section headers are rows the reader cannot select; Qt would paint them greyed
    out as disabled, so they are drawn here in the normal text colour instead.
    Every height is measured at the width the card really gets, so nothing is cut.
    """

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    # -- geometry ---------------------------------------------------------
    def _pad(self) -> int:
        return mm_to_px(self._view, 3)

    def columns(self) -> int:
        width = self._view.viewport().width()
        card_min = QFontMetrics(self._view.font()).averageCharWidth() * CARD_MIN_CHARS
        return max(1, min(MAX_COLUMNS, width // max(1, card_min)))

    def _full_width(self) -> int:
        # One pixel to spare: a row exactly as wide as the viewport would wrap alone.
        return max(120, self._view.viewport().width() - 2 * self._view.spacing() - 1)

    def card_width(self) -> int:
        """Each column's width: the view puts the spacing on both sides of every card, and
        a wrapping QListView keeps room for a vertical scroll bar it may need."""
        n = self.columns()
        bar = self._view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        free = self._view.viewport().width() - bar - (2 * n + 2) * self._view.spacing() - 2
        return max(120, free // n)

    def _card_height(self, card: Card, base: QFont) -> int:
        size = self._layout(card, base, self.card_width())["size"]
        assert isinstance(size, QRect)
        return size.height()

    def _row_height(self, index: QModelIndex | QPersistentModelIndex, base: QFont) -> int:
        """The tallest card of the line this card is on: cards side by side line up."""
        model = index.model()
        n = self.columns()
        position = int(index.data(POSITION_ROLE) or 0)
        first = index.row() - position % n
        heights = []
        for row in range(first, min(model.rowCount(), first + n)):
            sibling = model.index(row, 0)
            card = sibling.data(CARD_ROLE)
            same_section = int(sibling.data(POSITION_ROLE) or 0) // n == position // n
            if isinstance(card, Card) and same_section:
                heights.append(self._card_height(card, base))
        return max(heights)

    def _fonts(self, base: QFont) -> dict[str, QFont]:
        return {
            "header": font_for(TextRole.TITLE, base),
            "title": font_for(TextRole.SUBTITLE, base),
            "body": QFont(base),
            "caption": font_for(TextRole.CAPTION, base),
            "day": font_for(TextRole.HEADLINE, base),
        }

    def _tile(self, fonts: dict[str, QFont]) -> QSize:
        caption = QFontMetrics(fonts["caption"])
        day = QFontMetrics(fonts["day"])
        side = max(
            mm_to_px(self._view, 16),
            2 * caption.height() + day.height() + 2 * self._pad() // 2,
            caption.horizontalAdvance("WWWW.") + self._pad(),
        )
        return QSize(side, side)

    def _chip_size(self, chip: Chip, font: QFont, width: int) -> QSize:
        fm = QFontMetrics(font)
        pad_x = mm_to_px(self._view, 2)
        text = fm.boundingRect(
            QRect(0, 0, max(20, width - 2 * pad_x), 10_000),
            int(Qt.TextFlag.TextWordWrap),
            chip.text,
        )
        return QSize(
            min(width, text.width() + 2 * pad_x), text.height() + mm_to_px(self._view, 1.6)
        )

    def _chip_rects(self, card: Card, font: QFont, left: int, top: int, width: int) -> list[QRect]:
        """Chips flow left to right and wrap onto a new line when the next one does not fit."""
        gap = mm_to_px(self._view, 1.5)
        x, y, line = left, top, 0
        rects = []
        for chip in card.chips:
            size = self._chip_size(chip, font, width)
            if x > left and x + size.width() > left + width:
                x, y, line = left, y + line + gap, 0
            rects.append(QRect(x, y, size.width(), size.height()))
            x += size.width() + gap
            line = max(line, size.height())
        return rects

    def _text_height(self, font: QFont, text: str, width: int) -> int:
        flags = int(Qt.TextFlag.TextWordWrap)
        return QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000), flags, text).height()

    def _layout(self, card: Card, base: QFont, width: int) -> dict[str, QRect | list[QRect]]:
        fonts = self._fonts(base)
        pad = self._pad()
        tile = self._tile(fonts)
        text_left = pad + tile.width() + pad
        text_width = max(60, width - text_left - pad)
        y = pad
        title_h = self._text_height(fonts["title"], card.title, text_width)
        title = QRect(text_left, y, text_width, title_h)
        y += title_h + mm_to_px(self._view, 0.5)
        meta_h = self._text_height(fonts["body"], card.meta, text_width)
        meta = QRect(text_left, y, text_width, meta_h)
        y += meta_h + mm_to_px(self._view, 1.5)
        chips = self._chip_rects(card, fonts["caption"], text_left, y, text_width)
        bottom = max([r.bottom() + 1 for r in chips] + [meta.bottom() + 1, pad + tile.height()])
        return {
            "tile": QRect(pad, pad, tile.width(), tile.height()),
            "title": title,
            "meta": meta,
            "chips": chips,
            "size": QRect(0, 0, width, bottom + pad),
        }

    def sizeHint(  # noqa: N802 -- Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        if index.data(HEADER_ROLE):
            font = self._fonts(option.font)["header"]
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            h = self._text_height(font, text, self._full_width() - 2 * self._pad())
            return QSize(self._full_width(), h + 2 * self._pad())
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            return super().sizeHint(option, index)
        return QSize(self.card_width(), self._row_height(index, option.font))

    # -- painting ---------------------------------------------------------
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        p = palette_of(self._view)
        fonts = self._fonts(option.font)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect
        if index.data(HEADER_ROLE):
            painter.setPen(p.color("text"))
            painter.setFont(fonts["header"])
            pad = self._pad()
            painter.drawText(
                rect.adjusted(pad, pad, -pad, 0),
                int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignBottom),
                str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            )
            painter.restore()
            return
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        radius = Radius.M.value
        body = QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(p.color("focus" if focused else "border"), 2 if focused else 1))
        painter.setBrush(p.color("selection" if selected else "surface"))
        painter.drawRoundedRect(body, radius, radius)
        text_role = "on_selection" if selected else "text"
        muted_role = "on_selection" if selected else "text_muted"
        parts = self._layout(card, option.font, rect.width())
        origin = rect.topLeft()

        tile = parts["tile"]
        assert isinstance(tile, QRect)
        tile = tile.translated(origin)
        self._paint_tile(painter, p, fonts, card, tile, selected=selected)

        for key, font, role, text in (
            ("title", fonts["title"], text_role, card.title),
            ("meta", fonts["body"], muted_role, card.meta),
        ):
            r = parts[key]
            assert isinstance(r, QRect)
            painter.setPen(p.color(role))
            painter.setFont(font)
            painter.drawText(r.translated(origin), int(Qt.TextFlag.TextWordWrap), text)

        chip_rects = parts["chips"]
        assert isinstance(chip_rects, list)
        painter.setFont(fonts["caption"])
        for chip, r in zip(card.chips, chip_rects, strict=True):
            self._paint_chip(painter, p, chip, r.translated(origin), selected)
        painter.restore()

    def _paint_tile(
        self,
        painter: QPainter,
        p: Palette,
        fonts: dict[str, QFont],
        card: Card,
        tile: QRect,
        *,
        selected: bool,
    ) -> None:
        fill, ink = ("surface_alt", "text") if card.past else ("accent", "on_accent")
        painter.setPen(QPen(p.color("on_selection"), 1) if selected else Qt.PenStyle.NoPen)
        painter.setBrush(p.color(fill))
        painter.drawRoundedRect(QRectF(tile), Radius.M.value, Radius.M.value)
        painter.setPen(p.color(ink))
        caption = QFontMetrics(fonts["caption"]).height()
        day = QFontMetrics(fonts["day"]).height()
        top = tile.top() + (tile.height() - 2 * caption - day) // 2
        center = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        painter.setFont(fonts["caption"])
        painter.drawText(QRect(tile.left(), top, tile.width(), caption), center, card.weekday)
        painter.setFont(fonts["day"])
        painter.drawText(QRect(tile.left(), top + caption, tile.width(), day), center, card.day)
        painter.setFont(fonts["caption"])
        painter.drawText(
            QRect(tile.left(), top + caption + day, tile.width(), caption), center, card.month
        )

    def _paint_chip(
        self, painter: QPainter, p: Palette, chip: Chip, r: QRect, selected: bool
    ) -> None:
        radius = r.height() / 2
        body = QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5)
        # On a selected card the outline takes the selection's ink: where the selection
        # and the accent are one colour (high contrast), the chip keeps its shape.
        if chip.kind == ChipKind.BADGE:
            painter.setPen(QPen(p.color("on_selection"), 1) if selected else Qt.PenStyle.NoPen)
            painter.setBrush(p.color("accent"))
            ink = p.color("on_accent")
        else:
            role = {ChipKind.NOTICE: "warning", ChipKind.PROBLEM: "danger"}.get(chip.kind, "text")
            if selected:
                role = "on_selection"
            outline = role if chip.kind != ChipKind.COMMITTEE or selected else "border"
            painter.setPen(QPen(p.color(outline), 1))
            painter.setBrush(QColor(p.surface if not selected else p.selection))
            ink = p.color(role)
        painter.drawRoundedRect(body, radius, radius)
        painter.setPen(ink)
        pad_x = mm_to_px(self._view, 2)
        painter.drawText(
            r.adjusted(pad_x, 0, -pad_x, 0),
            int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter),
            chip.text,
        )


class MeetingList(QListWidget):
    """The cards in one or more columns; a new width lays them out again."""

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802 -- Qt override
        super().resizeEvent(e)
        self.scheduleDelayedItemsLayout()  # sizeHint depends on the width: measure again


class MeetingsPage(QWidget):
    meeting_activated = Signal(str)
    committee_changed = Signal(object)  # committee id or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._meetings: list[Meeting] = []
        self._attention: dict[str, MeetingAttention] = {}
        self._now: datetime | None = None
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
        self.list = MeetingList()
        self.list.setAccessibleName(self.tr("Meetings"))
        self.list.setWordWrap(True)
        self.list.setSpacing(Space.XS.value)
        # Cards flow left to right and wrap: one column in portrait, two or three when wide.
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setFrameShape(QListView.Shape.NoFrame)
        self.delegate = MeetingDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
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

    def set_meetings(
        self,
        meetings: list[Meeting],
        now: datetime | None = None,
        attention: dict[str, MeetingAttention] | None = None,
    ) -> None:
        """Show ``meetings``; ``attention`` (by meeting id) gives the badges, none when absent."""
        now = now or datetime.now(UTC)
        current = self.list.currentItem()
        kept_id = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self._meetings, self._now = list(meetings), now
        self._attention = dict(attention or {})
        self.list.clear()
        upcoming = sorted((m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at)
        past = sorted(
            (m for m in meetings if m.starts_at < now), key=lambda m: m.starts_at, reverse=True
        )
        kept = -1
        for title, group in ((self.tr("Upcoming"), upcoming), (self.tr("Past"), past)):
            if not group:
                continue
            header = QListWidgetItem(title)
            header.setData(HEADER_ROLE, True)
            header.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            # Not selectable nor enabled, so arrow keys pass over it; the delegate
            # still draws it in the normal text colour.
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(header)
            for position, m in enumerate(group):
                if m.id == kept_id:
                    kept = self.list.count()
                item = self._item(m, past=m.starts_at < now)
                item.setData(POSITION_ROLE, position)
                self.list.addItem(item)
        self.empty.setVisible(not meetings)
        first = next(
            (
                i
                for i in range(self.list.count())
                if self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled
            ),
            -1,
        )
        # A refresh (a sync round, a badge that went down) keeps the reader's row.
        row = kept if kept >= 0 else first
        if row >= 0:
            self.list.setCurrentRow(row)

    def set_attention(self, attention: dict[str, MeetingAttention]) -> None:
        """New badges for the meetings already shown."""
        self.set_meetings(self._meetings, self._now, attention)

    def pack_text(self, m: Meeting) -> str:
        """The pack's state in words, or "" when it is ready: only what needs a look is said."""
        if m.pack_state is PackState.READY:
            return ""
        if m.pack_state is PackState.DOWNLOADING:
            percent = int(100 * m.bytes_done / m.bytes_total) if m.bytes_total else 0
            return self.tr("Downloading: %1%").replace("%1", str(percent))
        if m.pack_state is PackState.FAILED:
            return self.tr("Some documents failed to download")
        return self.tr("Not downloaded yet")

    def badges(self, attention: MeetingAttention | None) -> list[str]:
        """What waits for the reader, each count in words; a zero says nothing."""
        if attention is None:
            return []
        out = []
        if attention.new_documents:
            out.append(self.tr("%n new document(s)", "", attention.new_documents))
        if attention.decisions_due:
            out.append(self.tr("%n decision(s) due", "", attention.decisions_due))
        if attention.comments:
            out.append(self.tr("%n comment(s)", "", attention.comments))
        return out

    def card(self, m: Meeting, *, past: bool) -> Card:
        locale = QLocale()
        local = m.starts_at.astimezone()
        day = QDate(local.year, local.month, local.day)
        month = locale.toString(day, "MMM")
        if local.year != datetime.now(UTC).astimezone().year:
            month += f" {local.year}"
        meta = format_time(m.starts_at, locale)
        if m.location:
            meta += " · " + m.location
        chips = [Chip(m.committee.name, ChipKind.COMMITTEE)]
        chips += [Chip(t, ChipKind.BADGE) for t in self.badges(self._attention.get(m.id))]
        if m.changed_since_read:
            chips.append(Chip(self.tr("Changed since you read it"), ChipKind.NOTICE))
        pack = "" if past else self.pack_text(m)
        if pack:
            kind = ChipKind.PROBLEM if m.pack_state is PackState.FAILED else ChipKind.NOTICE
            chips.append(Chip(pack, kind))
        return Card(
            meeting_id=m.id,
            weekday=locale.toString(day, "ddd"),
            day=str(local.day),
            month=month,
            title=m.title,
            meta=meta,
            chips=tuple(chips),
            past=past,
        )

    def _item(self, m: Meeting, *, past: bool) -> QListWidgetItem:
        card = self.card(m, past=past)
        lines = card.lines
        item = QListWidgetItem("\n".join(lines))
        item.setData(Qt.ItemDataRole.UserRole, m.id)
        item.setData(CARD_ROLE, card)
        spoken = [m.title, format_when(m.starts_at), m.location, *[c.text for c in card.chips]]
        item.setData(Qt.ItemDataRole.AccessibleTextRole, ", ".join(t for t in spoken if t))
        return item

    def _activated(self, item: QListWidgetItem) -> None:
        meeting_id = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(meeting_id, str):
            self.meeting_activated.emit(meeting_id)
