"""Search everywhere: agenda text, document text and notes of every pack on the device."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.widgets.ui import heading
from sync.model import SearchHit


def snippet_html(snippet: str) -> str:
    """The api marks hits with \\x02 ... \\x03; show them bold (not colour alone)."""
    escaped = html.escape(snippet)
    return escaped.replace("\x02", "<b><u>").replace("\x03", "</u></b>")


def snippet_plain(snippet: str) -> str:
    return snippet.replace("\x02", "").replace("\x03", "")


class SearchPage(QWidget):
    hit_activated = Signal(object)  # SearchHit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = heading(self.tr("Search"))
        layout.addWidget(self.title)
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Search summary"))
        layout.addWidget(self.summary)
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)
        layout.addWidget(self.results, 1)
        self._hits: list[SearchHit] = []
        self.query = ""

    def show_results(
        self, query: str, hits: list[SearchHit], titles: dict[str, str], *, limit: int = 0
    ) -> None:
        """Hits grouped by what they are in (a document, an agenda, a note), each group
        with its count, in the order of its best hit, its hits in page order;
        ``limit``: the most the search returns, so a full list says it was cut."""
        self.query = query
        self._hits = hits
        self.results.clear()
        self.title.setText(self.tr("Search: %1").replace("%1", query))
        if not hits:
            self.summary.setText(self.tr("Nothing found for “%1”.").replace("%1", query))
        elif limit and len(hits) >= limit:
            self.summary.setText(
                self.tr("The first %1 results: add a word to find fewer.").replace(
                    "%1", str(len(hits))
                )
            )
        else:
            self.summary.setText(self.tr("%n result(s)", "", len(hits)))
        kinds = {
            "agenda": self.tr("Agenda"),
            "document": self.tr("Document"),
            "note": self.tr("My note"),
        }
        groups: dict[tuple[str, str, str], list[int]] = {}
        for index, hit in enumerate(hits):
            groups.setdefault((hit.kind, hit.meeting_id, hit.title), []).append(index)
        first_hit_row = -1
        for (kind, meeting_id, title), indexes in groups.items():
            meeting = titles.get(meeting_id, "")
            where = kinds.get(kind, kind) + (f" · {meeting}" if meeting else "")
            count = self.tr("%n hit(s)", "", len(indexes))
            head = f"{title} — {where} · {count}"
            self._add_row(f"<b>{html.escape(title)}</b><br>{html.escape(where)} · {count}", head)
            # within a group, in page order: the reader leafs through them
            by_page = sorted(indexes, key=lambda i: (hits[i].page is None, hits[i].page or 0))
            for index in by_page:
                hit = hits[index]
                place = kinds.get(hit.kind, hit.kind)
                if hit.page is not None:
                    place = self.tr("page %1").replace("%1", str(hit.page + 1))
                text = f"{title} — {place}\n{snippet_plain(hit.snippet)}"
                row = self._add_row(
                    f"<b>{html.escape(place)}</b>: {snippet_html(hit.snippet)}", text, index
                )
                if first_hit_row < 0:
                    first_hit_row = row
        if first_hit_row >= 0:
            self.results.setCurrentRow(first_hit_row)

    def _add_row(self, rich: str, accessible: str, index: int | None = None) -> int:
        """One row: a group's heading (``index`` None: not selectable) or one hit."""
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.AccessibleTextRole, accessible)
        if index is None:
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        else:
            item.setData(Qt.ItemDataRole.UserRole, index)
        label = QLabel(rich)
        label.setWordWrap(True)
        label.setContentsMargins(6 if index is None else 24, 6, 6, 6)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        width = max(240, self.results.viewport().width() - 8)
        height = max(label.heightForWidth(width), label.minimumSizeHint().height())
        item.setSizeHint(QSize(width, max(height, 40)))  # at least a touch target
        self.results.addItem(item)
        self.results.setItemWidget(item, label)
        return self.results.count() - 1

    def _activated(self, item: QListWidgetItem) -> None:
        index = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(index, int) and 0 <= index < len(self._hits):
            self.hit_activated.emit(self._hits[index])
