"""Find in the open document: the bar under the reading bar, and stepping through its hits.

The search runs on the render lane (PyMuPDF's thread); the page view paints the hits
and scrolls to the current one.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.errors import message_for
from desktop.tasks import OnFailure, TaskRunner
from desktop.viewer.open_document import OpenDocument
from desktop.viewer.page_view import PageView
from desktop.widgets.ui import button, clearable, touch
from sync.pdf.render import SearchRect


class FindBar(QWidget):
    find_did_finish = Signal(int)  # number of hits

    def __init__(
        self,
        runner: TaskRunner,
        opened: OpenDocument,
        page_view: PageView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._opened = opened
        self._page_view = page_view
        self._hits: list[SearchRect] = []
        self._hit_index = -1
        self._last_query: str | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Find in document"))
        self.edit.setAccessibleName(self.tr("Find in document"))
        clearable(self.edit)
        self.edit.returnPressed.connect(self._find_return)
        touch(self.edit)
        self.previous_button = button(self.tr("Previous"), self.tr("Previous match"))
        self.next_button = button(self.tr("Next"), self.tr("Next match"))
        self.previous_button.clicked.connect(lambda: self.step_hit(-1))
        self.next_button.clicked.connect(lambda: self.step_hit(1))
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Matches"))
        self.close_button = button(self.tr("Close find"))
        self.close_button.clicked.connect(self.hide_find)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 4)
        parts: tuple[QWidget, ...] = (
            self.edit,
            self.previous_button,
            self.next_button,
            self.status,
            self.close_button,
        )
        for part in parts:
            row.addWidget(part)
        self.hide()

    @property
    def hits(self) -> list[SearchRect]:
        return list(self._hits)

    @property
    def hit_index(self) -> int:
        return self._hit_index

    def show_find(self) -> None:
        if self._opened.key is None:
            return
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def hide_find(self) -> None:
        self.hide()
        self._hits = []
        self._hit_index = -1
        self._page_view.set_hits([])
        self.status.setText("")
        self._page_view.setFocus()

    def forget_hits(self) -> None:
        """The document closed: its hits mean nothing any more."""
        self._hits = []
        self._hit_index = -1

    def _find_return(self) -> None:
        text = self.edit.text().strip()
        if self._hits and text == self._last_query:
            self.step_hit(1)
        else:
            self.find_text(text)

    def find_text(self, query: str, start_page: int | None = None) -> None:
        key = self._opened.key
        if key is None:
            return
        self._last_query = query.strip()
        service = self._runner.pdf
        start = self._page_view.current_page if start_page is None else start_page
        self.status.setText(self.tr("Searching…"))

        def job() -> list[SearchRect]:
            hits = service.search(key, query)
            if not hits and " " in query.strip():
                # A multi-word search from "search everywhere": fall back to its longest word.
                word = max(query.split(), key=len)
                hits = service.search(key, word)
            return hits

        def done(hits: list[SearchRect]) -> None:
            self._hits = hits
            self._page_view.set_hits(hits)
            if hits:
                first = next((i for i, h in enumerate(hits) if h.page >= start), 0)
                self._go_hit(first)
            else:
                self._hit_index = -1
                self.status.setText(self.tr("No matches"))
            self.find_did_finish.emit(len(hits))

        self._runner.render.submit(
            job,
            self._opened.if_current(done),
            lambda e: self.status.setText(message_for(e)),
            failure=OnFailure.SHOW,
        )

    def step_hit(self, step: int) -> None:
        if not self._hits:
            return
        self._go_hit((self._hit_index + step) % len(self._hits))

    def _go_hit(self, index: int) -> None:
        self._hit_index = index
        self._page_view.set_hits(self._hits, index)
        self._page_view.show_hit(self._hits[index], index)
        self.status.setText(
            self.tr("%1 of %2").replace("%1", str(index + 1)).replace("%2", str(len(self._hits)))
        )
