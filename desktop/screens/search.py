"""Search everywhere: agenda text, document text and notes of every pack on the device."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
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

    def show_results(self, query: str, hits: list[SearchHit], titles: dict[str, str]) -> None:
        self.query = query
        self._hits = hits
        self.results.clear()
        self.title.setText(self.tr("Search: %1").replace("%1", query))
        if not hits:
            self.summary.setText(self.tr("Nothing found for “%1”.").replace("%1", query))
        else:
            self.summary.setText(self.tr("%n result(s)", "", len(hits)))
        kinds = {
            "agenda": self.tr("Agenda"),
            "document": self.tr("Document"),
            "note": self.tr("My note"),
        }
        for index, hit in enumerate(hits):
            where = kinds.get(hit.kind, hit.kind)
            if hit.page is not None:
                where += " · " + self.tr("page %1").replace("%1", str(hit.page + 1))
            meeting = titles.get(hit.meeting_id, "")
            head = f"{hit.title} — {where}" + (f" · {meeting}" if meeting else "")
            text = f"{head}\n{snippet_plain(hit.snippet)}"
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            label = QLabel(f"<b>{html.escape(head)}</b><br>{snippet_html(hit.snippet)}")
            label.setWordWrap(True)
            label.setContentsMargins(6, 6, 6, 6)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            item.setSizeHint(label.sizeHint())
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
        if hits:
            self.results.setCurrentRow(0)

    def _activated(self, item: QListWidgetItem) -> None:
        index = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(index, int) and 0 <= index < len(self._hits):
            self.hit_activated.emit(self._hits[index])
