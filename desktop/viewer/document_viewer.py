"""The document viewer: reading bar, find bar, side panel and page view, around one document.

The viewer wires its parts together and owns none of their work:

- ``OpenDocument`` (open_document.py): opening is two hops off the UI thread (the
  bytes from sync.api on the vault lane, then the render lane opens them), and every
  late answer is dropped once another document is open;
- ``PageView`` (page_view.py) with a ``LaneRenderer`` (lane_renderer.py) for its renders;
- ``ViewerControls`` (viewer_controls.py): the buttons in the reading bar's "…";
- ``FindBar`` (find_bar.py), ``NavigationPanel`` (navigation_panel.py: thumbnails,
  outline, bookmarks), ``ChangedBanner`` (changed_banner.py);
- ``Annotator`` (annotator.py) and its ``ToolPalette``, when annotations can be stored.

A document that cannot be opened shows a readable message in the viewer's place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from desktop.ops.annotate import AnnotationOps
from desktop.tasks import TaskRunner
from desktop.viewer.annotation_layer import Tool
from desktop.viewer.annotator import Annotator
from desktop.viewer.changed_banner import ChangedBanner
from desktop.viewer.find_bar import FindBar
from desktop.viewer.navigation_panel import NavigationPanel
from desktop.viewer.open_document import OpenDocument
from desktop.viewer.page_view import PageView
from desktop.viewer.reading_bar import GoToPageSheet, ReadingBar
from desktop.viewer.tool_palette import ToolPalette
from desktop.viewer.viewer_controls import ViewerControls
from sync.model import Document
from sync.pdf.render import DocInfo, SearchRect


class DocumentViewer(QWidget):
    """Shows one document at a time. Emits next/previous agenda item requests."""

    document_did_open = Signal(str)  # document id
    document_did_fail = Signal(str, str)  # document id, message
    find_did_finish = Signal(int)  # number of hits
    previous_item_requested = Signal()
    next_item_requested = Signal()
    reading_closed = Signal()  # "Meeting" in the reading bar: back to the meeting screen
    drawer_requested = Signal()  # "Agenda" in the reading bar

    def __init__(
        self,
        runner: TaskRunner,
        document_bytes: Callable[[str], bytes],
        bookmarks: Any,
        parent: QWidget | None = None,
        *,
        night: bool = False,
        annotations: AnnotationOps | None = None,
    ) -> None:
        super().__init__(parent)
        self._opened = OpenDocument(runner, document_bytes, self)
        self.page_view = PageView()
        self.page_view.page_changed.connect(self._page_changed)
        self.page_view.page_rendered.connect(self._page_rendered)

        # Reading mode's one slim bar; everything else waits in "…" (issue 15).
        self.reading_bar = ReadingBar(self)
        self.reading_bar.back.hide()  # shown by a screen that has somewhere to go back to
        self.reading_bar.agenda.hide()
        self.reading_bar.back_requested.connect(self.reading_closed)
        self.reading_bar.drawer_requested.connect(self.drawer_requested)
        self.reading_bar.go_to_page_requested.connect(self.show_go_to_page)
        self.reading_bar.find_button.clicked.connect(self.show_find)
        self.controls = ViewerControls(self, self.page_view, self.reading_bar, night=night)
        self.controls.prev_item.clicked.connect(self.previous_item_requested)
        self.controls.next_item.clicked.connect(self.next_item_requested)
        self.controls.panel_button.toggled.connect(self._toggle_panel)
        self.controls.bookmark_button.clicked.connect(self._toggle_bookmark)

        # Annotation bar (only with an annotation store behind it)
        self.annotator: Annotator | None = None
        if annotations is not None:
            opened = self._opened
            self.annotator = Annotator(
                runner, annotations, self.page_view, lambda: opened.key, self
            )
        self.changed_banner = ChangedBanner(runner, self._opened, annotations)
        self.find_bar = FindBar(runner, self._opened, self.page_view)
        self.find_bar.find_did_finish.connect(self.find_did_finish)
        self.panel = NavigationPanel(runner, self._opened, bookmarks)
        self.panel.page_chosen.connect(self.page_view.go_to_page)
        self.panel.bookmarks_did_load.connect(self._sync_bookmark_button)
        self.panel.hide()
        self.changed_banner.pages_did_load.connect(self.panel.thumb_model.set_changed)
        self._build()

    def _build(self) -> None:
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName(self.tr("Document message"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.message.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.message.setFont(font)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.page_view)
        self.stack.addWidget(self.message)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.panel)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.reading_bar)
        # The annotation tools float over the page, shown by "Annotate" in the bar.
        self.tool_palette: ToolPalette | None = None
        if self.annotator is not None:
            self.tool_palette = ToolPalette(self.stack, self.annotator.bar)
            self.reading_bar.annotate_toggled.connect(self._annotate_toggled)
        else:
            self.reading_bar.annotate.hide()
        layout.addWidget(self.changed_banner)
        layout.addWidget(self.find_bar)
        layout.addWidget(split, 1)

        QShortcut(QKeySequence.StandardKey.Find, self, self.show_find)
        QShortcut(QKeySequence.StandardKey.FindNext, self, lambda: self.step_hit(1))
        QShortcut(QKeySequence.StandardKey.FindPrevious, self, lambda: self.step_hit(-1))
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.page_view.zoom_by(1.25))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.page_view.zoom_by(0.8))
        self._set_controls_enabled(False)
        self.show_message(self.tr("Choose a document from the agenda."))

    def _set_controls_enabled(self, enabled: bool) -> None:
        self.controls.set_enabled(enabled)
        if self.annotator is not None:
            self.annotator.bar.setEnabled(enabled)

    # -- public ----------------------------------------------------------
    @property
    def document(self) -> Document | None:
        return self._opened.document

    @property
    def info(self) -> DocInfo | None:
        return self._opened.info

    @property
    def render_key(self) -> str | None:
        """The open document's key on the render lane (``PdfWorker``), None while none is."""
        return self._opened.key

    @property
    def hits(self) -> list[SearchRect]:
        return self.find_bar.hits

    @property
    def hit_index(self) -> int:
        return self.find_bar.hit_index

    def open_document(self, document: Document, page: int = 0, find: str | None = None) -> None:
        """Load ``document`` (vault lane), open it (render lane), then show ``page``."""
        self.close_document()
        self.reading_bar.set_title(document.title)
        self.show_message(self.tr("Opening “%1”…").replace("%1", document.title))
        doc_id = document.id

        def failed(text: str) -> None:
            self.show_message(text)
            self.document_did_fail.emit(doc_id, text)

        self._opened.open(document, lambda info: self._show_document(info, page, find), failed)

    def close_document(self) -> None:
        """Close the open PDF on the render lane and forget every render of it."""
        view = self.page_view
        self._opened.close(view.zoom if view.fit is None else None)
        self.reading_bar.set_title("")
        self.changed_banner.hide()
        if self.annotator is not None:
            self.annotator.set_document(None)
        self.find_bar.forget_hits()
        view.clear()
        self.panel.clear()
        self._set_controls_enabled(False)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def go_to_page(self, page: int) -> None:
        self.page_view.go_to_page(page)

    def set_night(self, night: bool) -> None:
        self.controls.night_button.setChecked(night)

    def add_to_more(self, *widgets: QWidget) -> None:
        """Put a screen's buttons into the "…" panel, side by side in one row, full width."""
        self.controls.add_to_more(*widgets)

    def show_go_to_page(self) -> None:
        """ "Page 12 of 300" was tapped: a sheet to type or step to a page."""
        count = self.page_view.page_count
        if not count:
            return
        sheet = GoToPageSheet(self, self.page_view.current_page, count)

        def chosen(ok: bool) -> None:
            if ok:
                self.page_view.go_to_page(sheet.chosen())
            self.page_view.setFocus()

        sheet.finished.connect(chosen)
        sheet.open()

    def set_watermark(self, name: str | None) -> None:
        """Policy ``watermark``: the reader's name (and the date) over every page; None: off."""
        self.page_view.set_watermark(name)

    def reload_bookmarks(self) -> None:
        """Bookmarks changed underneath (set on another of the reader's devices)."""
        self.panel.load_bookmarks()

    # -- find ------------------------------------------------------------
    def show_find(self) -> None:
        self.find_bar.show_find()

    def hide_find(self) -> None:
        self.find_bar.hide_find()

    def find_text(self, query: str, start_page: int | None = None) -> None:
        self.find_bar.find_text(query, start_page)

    def step_hit(self, step: int) -> None:
        self.find_bar.step_hit(step)

    # -- opening ---------------------------------------------------------
    def _show_document(self, info: DocInfo, page: int, find: str | None) -> None:
        document = self._opened.document
        assert document is not None
        self.stack.setCurrentWidget(self.page_view)
        self.page_view.set_document(
            info.page_sizes,
            self._opened.renderer(),
            info.page_rotations,
            zoom=self._opened.remembered_zoom(),
        )
        self.controls.sync_fit()
        self._set_controls_enabled(True)
        self.panel.show_document(info.page_count)
        self._page_changed(0)
        if page:
            self.page_view.go_to_page(page)
        if self.annotator is not None:
            self.annotator.set_document(document.id)
            self.changed_banner.load()
        if find:
            self.show_find()
            self.find_bar.edit.setText(find)
            self.find_text(find, start_page=page)
        self.document_did_open.emit(document.id)

    def _page_rendered(self, _page: int) -> None:
        """The first page is on screen: now measure every page (once, if opening guessed)."""

        def failed(text: str) -> None:
            self.show_message(text)
            document = self._opened.document
            assert document is not None
            self.document_did_fail.emit(document.id, text)

        self._opened.measure(
            lambda info: self.page_view.set_layout(info.page_sizes, info.page_rotations), failed
        )

    # -- the reading bar and the "…" panel -------------------------------
    def _page_changed(self, page: int) -> None:
        self.reading_bar.set_position(page, self.page_view.page_count)
        self._sync_bookmark_button()

    def _sync_bookmark_button(self) -> None:
        self.controls.show_bookmarked(self.page_view.current_page in self.panel.bookmarked)

    def _toggle_bookmark(self) -> None:
        self.panel.set_bookmark(
            self.page_view.current_page, self.controls.bookmark_button.isChecked()
        )

    def _toggle_panel(self, on: bool) -> None:
        self.panel.setVisible(on)

    def _annotate_toggled(self, on: bool) -> None:
        if self.tool_palette is not None:
            self.tool_palette.set_shown(on)
        if not on and self.annotator is not None:
            self.annotator.set_tool(Tool.READ)  # a stray touch after annotating must not draw
