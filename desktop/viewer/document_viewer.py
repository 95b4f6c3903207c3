"""The document viewer: toolbar, find bar, thumbnails/outline/bookmarks, page view.

Opening a document is two hops off the UI thread: its bytes come from sync.api
on the vault lane, then the render lane (the PdfWorker's thread) opens them. A document
that cannot be opened shows a readable message in the viewer's place.
"""

from __future__ import annotations

import functools
import itertools
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import message_for
from desktop.ops.annotate import AnnotationOps
from desktop.style.icons import Icon
from desktop.tasks import OnFailure, TaskRunner
from desktop.viewer.annotation_layer import Tool
from desktop.viewer.annotator import Annotator
from desktop.viewer.page_cache import PageImage
from desktop.viewer.page_view import PageView
from desktop.viewer.reading_bar import GoToPageSheet, ReadingBar
from desktop.viewer.render_scheduler import RenderRequest
from desktop.viewer.tool_palette import ToolPalette
from desktop.widgets.buttons import IconButton
from desktop.widgets.overlay import Popover
from desktop.widgets.ui import button, clearable, mm_to_px, set_checked_text, touch
from sync.model import Document
from sync.pdf.render import DocInfo, OutlineEntry, RenderedPage, SearchRect
from sync.pdf.worker import PdfWorker

THUMB_WIDTH = 110
THUMB_CACHE_ENTRIES = 400
_keys = itertools.count(1)


_FORMATS = {"bgra": QImage.Format.Format_RGB32, "rgba": QImage.Format.Format_RGBX8888}


def to_qimage(page: RenderedPage) -> QImage:
    """Wrap the render's buffer without copying, in a format Qt blits as is.

    PySide keeps ``page.samples`` alive for as long as any QImage shares its pixels,
    so the wrapper may outlive ``page``; nothing writes to the buffer meanwhile
    (the render service reuses a buffer only once nothing refers to it).
    """
    return QImage(page.samples, page.width, page.height, page.stride, _FORMATS[page.pixel_format])


class ThumbnailModel(QAbstractListModel):
    """One row per page; thumbnails are requested only for rows the list asks about."""

    def __init__(self, request: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._request = request
        self._count = 0
        self._thumbs: OrderedDict[int, QImage] = OrderedDict()
        self._asked: set[int] = set()
        self._changed: set[int] = set()
        self._placeholder = QImage(THUMB_WIDTH, int(THUMB_WIDTH * 1.41), QImage.Format.Format_RGB32)
        self._placeholder.fill(QColor("#dddddd"))

    def reset(self, count: int) -> None:
        self.beginResetModel()
        self._count = count
        self._thumbs.clear()
        self._asked.clear()
        self._changed = set()
        self.endResetModel()

    def set_changed(self, pages: set[int]) -> None:
        """Pages changed in the newest version: marked in words and colour."""
        self._changed = set(pages)
        if self._count:
            self.dataChanged.emit(self.index(0), self.index(self._count - 1))

    @property
    def changed(self) -> set[int]:
        return set(self._changed)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 -- Qt override
        return 0 if parent.isValid() else self._count

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        page = index.row()
        changed = page in self._changed
        if role == Qt.ItemDataRole.DisplayRole:
            if changed:
                return self.tr("%1 · changed").replace("%1", str(page + 1))
            return str(page + 1)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if changed:
                return self.tr("Page %1, changed in this version").replace("%1", str(page + 1))
            return self.tr("Page %1").replace("%1", str(page + 1))
        if role == Qt.ItemDataRole.BackgroundRole and changed:
            return QColor("#ffe08a")
        if role == Qt.ItemDataRole.DecorationRole:
            image = self._thumbs.get(page)
            if image is not None:
                self._thumbs.move_to_end(page)
                return image
            if page not in self._asked:
                self._asked.add(page)
                self._request(page)
            return self._placeholder
        return None

    def set_thumbnail(self, page: int, image: QImage) -> None:
        self._thumbs[page] = image
        while len(self._thumbs) > THUMB_CACHE_ENTRIES:
            evicted, _ = self._thumbs.popitem(last=False)
            self._asked.discard(evicted)
        idx = self.index(page)
        self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])


class _LaneRenderer:
    """Binds a PageView to one open document on the render lane."""

    def __init__(self, runner: TaskRunner, key: str) -> None:
        self._runner = runner
        self._key = key
        self.tag = f"render:{key}"

    def render_pages(self, requests: Sequence[RenderRequest]) -> None:
        """Queue at the front, in this order: every band, the rest of those pages, the others.

        A page's band and its rest share one buffer, handed from the band's job to the
        rest's job (both on the render lane, so in that order) through ``drawn``.
        """
        service: PdfWorker = self._runner.pdf
        key = self._key
        bands: list[tuple[Callable[[], PageImage], Callable[[PageImage], None]]] = []
        rests: list[tuple[Callable[[], PageImage], Callable[[PageImage], None]]] = []
        wholes: list[tuple[Callable[[], PageImage], Callable[[PageImage], None]]] = []
        for r in requests:
            if r.band is None:
                wholes.append((functools.partial(_render_whole, service, key, r), r.on_done))
                continue
            drawn: list[RenderedPage] = []
            bands.append((functools.partial(_render_band, service, key, r, drawn), r.on_done))
            rests.append((functools.partial(_render_rest, service, key, r, drawn), r.on_done))
        lane = self._runner.render
        for job, on_done in reversed([*bands, *rests, *wholes]):
            # a render for a page, zoom or document nobody looks at any more
            lane.submit(job, on_done, failure=OnFailure.DROP_IF_STALE, tag=self.tag, front=True)

    def cancel_renders(self) -> None:
        self._runner.render.cancel(self.tag)


def _render_whole(service: PdfWorker, key: str, r: RenderRequest) -> PageImage:
    return PageImage(to_qimage(service.render(key, r.page, r.width_px, invert=r.night)), None)


def _render_band(
    service: PdfWorker, key: str, r: RenderRequest, drawn: list[RenderedPage]
) -> PageImage:
    band = service.render(key, r.page, r.width_px, invert=r.night, band=r.band)
    drawn.append(band)
    return PageImage(to_qimage(band), band.rows)


def _render_rest(
    service: PdfWorker, key: str, r: RenderRequest, drawn: list[RenderedPage]
) -> PageImage:
    if not drawn:  # the band's job failed: draw the page whole
        return _render_whole(service, key, r)
    return PageImage(to_qimage(service.render_rest(key, drawn.pop())), None)


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
        self._annotation_ops = annotations
        self._runner = runner
        self._document_bytes = document_bytes
        self._bookmarks = bookmarks  # desktop.ops.reading bookmark functions bound to the Api
        self._document: Document | None = None
        self._key: str | None = None
        self._info: DocInfo | None = None
        self._hits: list[SearchRect] = []
        self._hit_index = -1
        self._generation = 0
        self._pending_find: tuple[str, int] | None = None
        self._layout_pending = False
        # the zoom the reader left each document at (this session only; fit width if none)
        self._zooms: dict[str, float] = {}
        self._build(night)

    # -- layout ----------------------------------------------------------
    def _build(self, night: bool) -> None:
        self.page_view = PageView()
        self.page_view.page_changed.connect(self._page_changed)
        self.page_view.zoom_changed.connect(self._zoom_changed)
        self.page_view.page_rendered.connect(self._page_rendered)

        # Reading mode's one slim bar; everything else waits in "…" (issue 15).
        self.reading_bar = ReadingBar(self)
        self.reading_bar.back.hide()  # shown by a screen that has somewhere to go back to
        self.reading_bar.agenda.hide()
        self.reading_bar.back_requested.connect(self.reading_closed)
        self.reading_bar.drawer_requested.connect(self.drawer_requested)
        self.reading_bar.go_to_page_requested.connect(self.show_go_to_page)
        self.reading_bar.more_requested.connect(self.show_more)
        self.page_label = self.reading_bar.position  # "Page 12 of 300"; a tap opens go-to-page
        self.find_button = self.reading_bar.find_button
        self.find_button.clicked.connect(self.show_find)

        self.prev_item = IconButton(self.tr("Previous item"), Icon.CHEVRON_UP)
        self.next_item = IconButton(self.tr("Next item"), Icon.CHEVRON_DOWN)
        self.prev_item.clicked.connect(self.previous_item_requested)
        self.next_item.clicked.connect(self.next_item_requested)
        self.fit_width = IconButton(self.tr("Fit width"), Icon.FIT_WIDTH, checkable=True)
        self.fit_page = IconButton(self.tr("Fit page"), Icon.FIT_PAGE, checkable=True)
        self.fit_width.setChecked(True)
        self.fit_width.clicked.connect(lambda: self._set_fit("width"))
        self.fit_page.clicked.connect(lambda: self._set_fit("page"))
        self.zoom_out = IconButton(self.tr("Zoom out"), Icon.ZOOM_OUT)
        self.zoom_in = IconButton(self.tr("Zoom in"), Icon.ZOOM_IN)
        self.zoom_out.clicked.connect(lambda: self.page_view.zoom_by(1 / 1.25))
        self.zoom_in.clicked.connect(lambda: self.page_view.zoom_by(1.25))
        self.panel_button = IconButton(self.tr("Pages"), Icon.THUMBNAILS, checkable=True)
        self.panel_button.setChecked(False)
        self.panel_button.toggled.connect(self._toggle_panel)
        self.bookmark_button = IconButton(self.tr("Bookmark"), Icon.BOOKMARK, checkable=True)
        self.bookmark_button.clicked.connect(self._toggle_bookmark)
        self.night_button = IconButton(self.tr("Night mode"), Icon.NIGHT, checkable=True)
        self.night_button.setChecked(night)
        self.night_button.toggled.connect(self._toggle_night)
        self.page_view.set_night(night)

        self.more = Popover(self, self.tr("More"))
        for row in (
            (self.fit_width, self.fit_page),
            (self.zoom_out, self.zoom_in),
            (self.panel_button, self.bookmark_button),
            (self.prev_item, self.next_item),
            (self.night_button,),
        ):
            self.add_to_more(*row)

        # Annotation bar (only with an annotation store behind it)
        self.annotator: Annotator | None = None
        if self._annotation_ops is not None:
            self.annotator = Annotator(
                self._runner, self._annotation_ops, self.page_view, lambda: self._key, self
            )
        self.changed_banner = QLabel()
        self.changed_banner.setWordWrap(True)
        self.changed_banner.setAccessibleName(self.tr("What changed"))
        self.changed_banner.setStyleSheet(
            "QLabel { background: #fff3c4; color: #3a2a00; padding: 6px;"
            " border: 1px solid #c9a227; }"
        )
        self.changed_banner.hide()

        # Find bar
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText(self.tr("Find in document"))
        self.find_edit.setAccessibleName(self.tr("Find in document"))
        clearable(self.find_edit)
        self.find_edit.returnPressed.connect(self._find_return)
        touch(self.find_edit)
        self.find_prev = button(self.tr("Previous"), self.tr("Previous match"))
        self.find_next = button(self.tr("Next"), self.tr("Next match"))
        self.find_prev.clicked.connect(lambda: self.step_hit(-1))
        self.find_next.clicked.connect(lambda: self.step_hit(1))
        self.find_status = QLabel()
        self.find_status.setAccessibleName(self.tr("Matches"))
        self.find_close = button(self.tr("Close find"))
        self.find_close.clicked.connect(self.hide_find)
        self.find_bar = QWidget()
        fl = QHBoxLayout(self.find_bar)
        fl.setContentsMargins(4, 0, 4, 4)
        find_widgets: tuple[QWidget, ...] = (
            self.find_edit,
            self.find_prev,
            self.find_next,
            self.find_status,
            self.find_close,
        )
        for fw in find_widgets:
            fl.addWidget(fw)
        self.find_bar.hide()

        # Side panel: thumbnails, outline, bookmarks
        self.thumb_model = ThumbnailModel(self._request_thumbnail, self)
        self.thumbnails = QListView()
        self.thumbnails.setModel(self.thumb_model)
        self.thumbnails.setUniformItemSizes(True)
        self.thumbnails.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.41)))
        self.thumbnails.setSpacing(4)
        self.thumbnails.setAccessibleName(self.tr("Page thumbnails"))
        self.thumbnails.activated.connect(lambda idx: self.page_view.go_to_page(idx.row()))
        self.thumbnails.clicked.connect(lambda idx: self.page_view.go_to_page(idx.row()))
        self.outline = QTreeWidget()
        self.outline.setHeaderHidden(True)
        self.outline.setAccessibleName(self.tr("Outline"))
        self.outline.itemActivated.connect(self._outline_activated)
        self.outline.itemClicked.connect(self._outline_activated)
        self.bookmark_list = QListWidget()
        self.bookmark_list.setAccessibleName(self.tr("Bookmarks"))
        self.bookmark_list.itemActivated.connect(self._bookmark_activated)
        self.bookmark_list.itemClicked.connect(self._bookmark_activated)
        self.side = QTabWidget()
        self.side.setAccessibleName(self.tr("Navigation panel"))
        self.side.addTab(self.thumbnails, self.tr("Pages"))
        self.side.addTab(self.outline, self.tr("Outline"))
        self.side.addTab(self.bookmark_list, self.tr("Bookmarks"))
        self.side.setMinimumWidth(mm_to_px(self, 40))
        self.side.hide()

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
        split.addWidget(self.side)
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
        for w in (
            self.fit_width,
            self.fit_page,
            self.zoom_in,
            self.zoom_out,
            self.find_button,
            self.bookmark_button,
            self.panel_button,
            self.reading_bar.annotate,
        ):
            w.setEnabled(enabled)
        if self.annotator is not None:
            self.annotator.bar.setEnabled(enabled)
        if not enabled:
            self.reading_bar.annotate.setChecked(False)
            self.reading_bar.set_position(None, 0)

    # -- public ----------------------------------------------------------
    @property
    def document(self) -> Document | None:
        return self._document

    @property
    def info(self) -> DocInfo | None:
        return self._info

    @property
    def hits(self) -> list[SearchRect]:
        return list(self._hits)

    @property
    def hit_index(self) -> int:
        return self._hit_index

    def open_document(self, document: Document, page: int = 0, find: str | None = None) -> None:
        """Load ``document`` (vault lane), open it (render lane), then show ``page``."""
        self.close_document()
        self._generation += 1
        generation = self._generation
        self._document = document
        self.reading_bar.set_title(document.title)
        self._pending_find = (find, page) if find else None
        self.show_message(self.tr("Opening “%1”…").replace("%1", document.title))
        key = f"doc{next(_keys)}"
        doc_id = document.id
        fetch = self._document_bytes
        service = self._runner.pdf

        def opened(info: DocInfo) -> None:
            if generation != self._generation:
                self._runner.render.submit(lambda: service.close(key), failure=OnFailure.LOG)
                return
            self._key = key
            self._info = info
            self._layout_pending = not info.exact
            self._show_document(info, page)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                text = message_for(error)
                self.show_message(text)
                self.document_did_fail.emit(doc_id, text)

        def got_bytes(pdf_plain: bytes) -> None:
            if generation != self._generation:
                return
            self._runner.render.submit(
                lambda: service.open(key, pdf_plain),
                opened,
                failed,
                failure=OnFailure.SHOW,
                front=True,
            )

        self._runner.vault.submit(lambda: fetch(doc_id), got_bytes, failed, failure=OnFailure.SHOW)

    def close_document(self) -> None:
        """Close the open PDF on the render lane and forget every render of it."""
        self._generation += 1
        self._layout_pending = False
        if self._document is not None and self._info is not None:
            if self.page_view.fit is None:
                self._zooms[self._document.id] = self.page_view.zoom
            else:
                self._zooms.pop(self._document.id, None)
        if self._key is not None:
            key = self._key
            service = self._runner.pdf
            self._runner.render.cancel(f"render:{key}")
            self._runner.render.cancel(f"thumb:{key}")
            self._runner.render.submit(lambda: service.close(key), failure=OnFailure.LOG)
        self._key = None
        self._info = None
        self._document = None
        self.reading_bar.set_title("")
        self.changed_banner.hide()
        if self.annotator is not None:
            self.annotator.set_document(None)
        self._hits = []
        self._hit_index = -1
        self.page_view.clear()
        self.thumb_model.reset(0)
        self.outline.clear()
        self.bookmark_list.clear()
        self._set_controls_enabled(False)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def go_to_page(self, page: int) -> None:
        self.page_view.go_to_page(page)

    def set_night(self, night: bool) -> None:
        self.night_button.setChecked(night)

    def add_to_more(self, *widgets: QWidget) -> None:
        """Put buttons into the "…" panel, side by side in one row, full width."""
        row = QHBoxLayout()
        row.setSpacing(self.more.content.spacing())
        for w in widgets:
            w.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            row.addWidget(w)
        self.more.content.addLayout(row)

    def show_more(self) -> None:
        self.more.open_under(self.reading_bar.more)

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

    def _annotate_toggled(self, on: bool) -> None:
        if self.tool_palette is not None:
            self.tool_palette.set_shown(on)
        if not on and self.annotator is not None:
            self.annotator.set_tool(Tool.READ)  # a stray touch after annotating must not draw

    # -- opening ---------------------------------------------------------
    def _show_document(self, info: DocInfo, page: int) -> None:
        assert self._key is not None
        self.stack.setCurrentWidget(self.page_view)
        remembered = self._zooms.get(self._document.id) if self._document is not None else None
        self.page_view.set_document(
            info.page_sizes,
            _LaneRenderer(self._runner, self._key),
            info.page_rotations,
            zoom=remembered,
        )
        self._zoom_changed(self.page_view.zoom)
        self._set_controls_enabled(True)
        self.thumb_model.reset(info.page_count)
        self._page_changed(0)
        if page:
            self.page_view.go_to_page(page)
        self._load_outline()
        self._load_bookmarks()
        if self.annotator is not None and self._document is not None:
            self.annotator.set_document(self._document.id)
            self._load_changed_pages()
        if self._pending_find is not None:
            query, start = self._pending_find
            self._pending_find = None
            self.show_find()
            self.find_edit.setText(query)
            self.find_text(query, start_page=start)
        assert self._document is not None
        self.document_did_open.emit(self._document.id)

    def _page_rendered(self, _page: int) -> None:
        """The first page is on screen: now measure every page on the render lane.

        ``open`` laid all pages out at the first page's size so the first page did not
        wait for 300 page loads; this corrects the layout without moving the reader.
        """
        if not self._layout_pending or self._key is None:
            return
        self._layout_pending = False
        key = self._key
        service = self._runner.pdf
        generation = self._generation

        def laid_out(info: DocInfo) -> None:
            if generation != self._generation:
                return
            self._info = info
            self.page_view.set_layout(info.page_sizes, info.page_rotations)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                text = message_for(error)
                self.show_message(text)
                assert self._document is not None
                self.document_did_fail.emit(self._document.id, text)

        self._runner.render.submit(
            lambda: service.layout(key), laid_out, failed, failure=OnFailure.SHOW
        )

    # -- what changed ----------------------------------------------------
    def _load_changed_pages(self) -> None:
        ops, doc = self._annotation_ops, self._document
        if ops is None or doc is None or doc.version <= 1:
            return
        generation = self._generation

        def job() -> tuple[list[int], tuple[int, int] | None]:
            return ops.changed_pages(doc.id), ops.reanchor_summary(doc.id)

        def show(result: tuple[list[int], tuple[int, int] | None]) -> None:
            if generation != self._generation:
                return
            pages, summary = result
            self.thumb_model.set_changed(set(pages))
            self.show_changed_report(pages, summary)

        self._runner.vault.submit(job, show, failure=OnFailure.LOG)  # no report: logged

    def show_changed_report(self, pages: list[int], summary: tuple[int, int] | None) -> None:
        """After a new version: which pages changed, and "12 notes moved, 1 needs you"."""
        parts: list[str] = []
        if pages:
            shown = ", ".join(str(p + 1) for p in pages[:12])
            parts.append(self.tr("New version: page(s) %1 changed.").replace("%1", shown))
        if summary is not None and (summary[0] or summary[1]):
            moved, need = summary
            parts.append(
                self.tr("%n note(s) moved", "", moved) + ", " + self.tr("%n need(s) you", "", need)
            )
        self.changed_banner.setText(" ".join(parts))
        self.changed_banner.setVisible(bool(parts))

    def _load_outline(self) -> None:
        key = self._key
        if key is None:
            return
        service = self._runner.pdf
        generation = self._generation
        self._runner.render.submit(
            lambda: service.outline(key),
            lambda entries: self._show_outline(entries) if generation == self._generation else None,
            failure=OnFailure.LOG,  # no outline to show: the pages still are
        )

    def _show_outline(self, entries: list[OutlineEntry]) -> None:
        self.outline.clear()
        parents: list[QTreeWidgetItem] = []
        for entry in entries:
            item = QTreeWidgetItem([entry.title])
            item.setData(0, Qt.ItemDataRole.UserRole, entry.page)
            level = max(1, entry.level)
            while len(parents) >= level:
                parents.pop()
            if parents:
                parents[-1].addChild(item)
            else:
                self.outline.addTopLevelItem(item)
            parents.append(item)
        if not entries:
            empty = QTreeWidgetItem([self.tr("This document has no outline.")])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.outline.addTopLevelItem(empty)
        self.outline.expandToDepth(0)

    def _outline_activated(self, item: QTreeWidgetItem) -> None:
        page = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(page, int) and page >= 0:
            self.page_view.go_to_page(page)

    def _request_thumbnail(self, page: int) -> None:
        key = self._key
        if key is None:
            return
        service = self._runner.pdf
        width = round(THUMB_WIDTH * self.devicePixelRatioF())
        generation = self._generation

        def job() -> QImage:
            return to_qimage(service.render(key, page, width))

        def done(image: QImage) -> None:
            if generation == self._generation:
                self.thumb_model.set_thumbnail(page, image)

        self._runner.render.submit(job, done, failure=OnFailure.DROP_IF_STALE, tag=f"thumb:{key}")

    # -- bookmarks -------------------------------------------------------
    def reload_bookmarks(self) -> None:
        """Bookmarks changed underneath (set on another of the reader's devices)."""
        self._load_bookmarks()

    def _load_bookmarks(self) -> None:
        doc = self._document
        if doc is None:
            return
        generation = self._generation
        list_pages = self._bookmarks.list_pages
        self._runner.vault.submit(
            lambda: list_pages(doc.id),
            lambda pages: self._show_bookmarks(pages) if generation == self._generation else None,
            failure=OnFailure.LOG,
        )

    def _show_bookmarks(self, pages: list[int]) -> None:
        self.bookmark_list.clear()
        for page in sorted(pages):
            item = QListWidgetItem(self.tr("Page %1").replace("%1", str(page + 1)))
            item.setData(Qt.ItemDataRole.UserRole, page)
            self.bookmark_list.addItem(item)
        self._bookmarked = set(pages)
        self._sync_bookmark_button()

    def _sync_bookmark_button(self) -> None:
        marked = self.page_view.current_page in getattr(self, "_bookmarked", set())
        self.bookmark_button.setChecked(marked)
        set_checked_text(self.bookmark_button, self.tr("Bookmarked"), self.tr("Bookmark"))

    def _toggle_bookmark(self) -> None:
        doc = self._document
        if doc is None:
            return
        page = self.page_view.current_page
        on = self.bookmark_button.isChecked()
        toggle = self._bookmarks.set_bookmark
        self._runner.command(
            lambda: toggle(doc.id, page, on),
            lambda _c: self._load_bookmarks(),
            failure=OnFailure.LOG,  # the list shows what was saved
        )

    def _bookmark_activated(self, item: QListWidgetItem) -> None:
        page = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(page, int):
            self.page_view.go_to_page(page)

    # -- find ------------------------------------------------------------
    def show_find(self) -> None:
        if self._key is None:
            return
        self.find_bar.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def hide_find(self) -> None:
        self.find_bar.hide()
        self._hits = []
        self._hit_index = -1
        self.page_view.set_hits([])
        self.find_status.setText("")
        self.page_view.setFocus()

    def _find_return(self) -> None:
        text = self.find_edit.text().strip()
        if self._hits and text == getattr(self, "_last_query", None):
            self.step_hit(1)
        else:
            self.find_text(text)

    def find_text(self, query: str, start_page: int | None = None) -> None:
        key = self._key
        if key is None:
            return
        self._last_query = query.strip()
        service = self._runner.pdf
        generation = self._generation
        start = self.page_view.current_page if start_page is None else start_page
        self.find_status.setText(self.tr("Searching…"))

        def job() -> list[SearchRect]:
            hits = service.search(key, query)
            if not hits and " " in query.strip():
                # A multi-word search from "search everywhere": fall back to its longest word.
                word = max(query.split(), key=len)
                hits = service.search(key, word)
            return hits

        def done(hits: list[SearchRect]) -> None:
            if generation != self._generation:
                return
            self._hits = hits
            self.page_view.set_hits(hits)
            if hits:
                first = next((i for i, h in enumerate(hits) if h.page >= start), 0)
                self._go_hit(first)
            else:
                self._hit_index = -1
                self.find_status.setText(self.tr("No matches"))
            self.find_did_finish.emit(len(hits))

        self._runner.render.submit(
            job,
            done,
            lambda e: self.find_status.setText(message_for(e)),
            failure=OnFailure.SHOW,
        )

    def step_hit(self, step: int) -> None:
        if not self._hits:
            return
        self._go_hit((self._hit_index + step) % len(self._hits))

    def _go_hit(self, index: int) -> None:
        self._hit_index = index
        self.page_view.set_hits(self._hits, index)
        self.page_view.show_hit(self._hits[index], index)
        self.find_status.setText(
            self.tr("%1 of %2").replace("%1", str(index + 1)).replace("%2", str(len(self._hits)))
        )

    # -- misc ------------------------------------------------------------
    def _page_changed(self, page: int) -> None:
        self.reading_bar.set_position(page, self.page_view.page_count)
        self._sync_bookmark_button()

    def _set_fit(self, fit: str) -> None:
        self.fit_width.setChecked(fit == "width")
        self.fit_page.setChecked(fit == "page")
        self.page_view.set_fit(fit)

    def _zoom_changed(self, _zoom: float) -> None:
        fit = self.page_view.fit
        self.fit_width.setChecked(fit == "width")
        self.fit_page.setChecked(fit == "page")

    def _toggle_panel(self, on: bool) -> None:
        self.side.setVisible(on)

    def set_watermark(self, name: str | None) -> None:
        """Policy ``watermark``: the reader's name (and the date) over every page; None: off."""
        self.page_view.set_watermark(name)

    def _toggle_night(self, on: bool) -> None:
        self.page_view.set_night(on)
        set_checked_text(self.night_button, self.tr("Night mode on"), self.tr("Night mode"))
