"""The viewer's side panel: page thumbnails, the document's outline, the reader's bookmarks.

Thumbnails and the outline come from the render lane, bookmarks from the vault lane;
each answer is dropped if the document changed meanwhile.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QListView,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from desktop.tasks import OnFailure, TaskRunner
from desktop.viewer.lane_renderer import thumbnail_tag, to_qimage
from desktop.viewer.open_document import OpenDocument
from desktop.widgets.ui import mm_to_px
from sync.pdf.render import OutlineEntry

THUMB_WIDTH = 110
THUMB_CACHE_ENTRIES = 400


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


class NavigationPanel(QTabWidget):
    """Tabs: Pages, Outline, Bookmarks. Emits the page the reader chose in any of them."""

    page_chosen = Signal(int)
    bookmarks_did_load = Signal()  # ``bookmarked`` holds what the vault has now

    def __init__(
        self,
        runner: TaskRunner,
        opened: OpenDocument,
        bookmarks: Any,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._opened = opened
        self._bookmarks = bookmarks  # desktop.ops.reading bookmark functions bound to the Api
        self.bookmarked: set[int] = set()
        self.thumb_model = ThumbnailModel(self._request_thumbnail, self)
        self.thumbnails = QListView()
        self.thumbnails.setModel(self.thumb_model)
        self.thumbnails.setUniformItemSizes(True)
        self.thumbnails.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.41)))
        self.thumbnails.setSpacing(4)
        self.thumbnails.setAccessibleName(self.tr("Page thumbnails"))
        self.thumbnails.activated.connect(lambda idx: self.page_chosen.emit(idx.row()))
        self.thumbnails.clicked.connect(lambda idx: self.page_chosen.emit(idx.row()))
        self.outline = QTreeWidget()
        self.outline.setHeaderHidden(True)
        self.outline.setAccessibleName(self.tr("Outline"))
        self.outline.itemActivated.connect(self._outline_activated)
        self.outline.itemClicked.connect(self._outline_activated)
        self.bookmark_list = QListWidget()
        self.bookmark_list.setAccessibleName(self.tr("Bookmarks"))
        self.bookmark_list.itemActivated.connect(self._bookmark_activated)
        self.bookmark_list.itemClicked.connect(self._bookmark_activated)
        self.setAccessibleName(self.tr("Navigation panel"))
        self.addTab(self.thumbnails, self.tr("Pages"))
        self.addTab(self.outline, self.tr("Outline"))
        self.addTab(self.bookmark_list, self.tr("Bookmarks"))
        self.setMinimumWidth(mm_to_px(self, 40))

    def show_document(self, page_count: int) -> None:
        self.thumb_model.reset(page_count)
        self._load_outline()
        self.load_bookmarks()

    def clear(self) -> None:
        self.thumb_model.reset(0)
        self.outline.clear()
        self.bookmark_list.clear()

    # -- thumbnails ------------------------------------------------------
    def _request_thumbnail(self, page: int) -> None:
        key = self._opened.key
        if key is None:
            return
        service = self._runner.pdf
        width = round(THUMB_WIDTH * self.devicePixelRatioF())

        def job() -> QImage:
            return to_qimage(service.render(key, page, width))

        def done(image: QImage) -> None:
            self.thumb_model.set_thumbnail(page, image)

        self._runner.render.submit(
            job,
            self._opened.if_current(done),
            failure=OnFailure.DROP_IF_STALE,
            tag=thumbnail_tag(key),
        )

    # -- outline ---------------------------------------------------------
    def _load_outline(self) -> None:
        key = self._opened.key
        if key is None:
            return
        service = self._runner.pdf
        self._runner.render.submit(
            lambda: service.outline(key),
            self._opened.if_current(self._show_outline),
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
            self.page_chosen.emit(page)

    # -- bookmarks -------------------------------------------------------
    def load_bookmarks(self) -> None:
        doc = self._opened.document
        if doc is None:
            return
        list_pages = self._bookmarks.list_pages
        self._runner.vault.submit(
            lambda: list_pages(doc.id),
            self._opened.if_current(self._show_bookmarks),
            failure=OnFailure.LOG,
        )

    def _show_bookmarks(self, pages: list[int]) -> None:
        self.bookmark_list.clear()
        for page in sorted(pages):
            item = QListWidgetItem(self.tr("Page %1").replace("%1", str(page + 1)))
            item.setData(Qt.ItemDataRole.UserRole, page)
            self.bookmark_list.addItem(item)
        self.bookmarked = set(pages)
        self.bookmarks_did_load.emit()

    def set_bookmark(self, page: int, on: bool) -> None:
        doc = self._opened.document
        if doc is None:
            return
        toggle = self._bookmarks.set_bookmark
        self._runner.command(
            lambda: toggle(doc.id, page, on),
            lambda _c: self.load_bookmarks(),
            failure=OnFailure.LOG,  # the list shows what was saved
        )

    def _bookmark_activated(self, item: QListWidgetItem) -> None:
        page = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(page, int):
            self.page_chosen.emit(page)
