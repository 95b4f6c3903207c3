"""Tree rows that wrap their text to the column width instead of eliding it.

QTreeView sizes a row once, from a width it does not know yet, and then cuts the
text with "…": a comment body or a long agenda title disappears. This delegate
measures each row at the width it really gets, and the tree lays its rows out
again whenever that width changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from desktop.widgets.ui import TOUCH_MM, mm_to_px

PADDING_PX = 8


class TouchRowDelegate(QStyledItemDelegate):
    """Rows at least one touch target (9 mm) high, so a finger can pick one."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(  # noqa: N802 -- Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        return QSize(base.width(), max(base.height(), mm_to_px(self._tree, TOUCH_MM)))


def touch_rows(tree: QTreeView) -> None:
    tree.setItemDelegate(TouchRowDelegate(tree))


class WrappingDelegate(TouchRowDelegate):
    def _text_width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        indent = self._tree.indentation() * (depth + (1 if self._tree.rootIsDecorated() else 0))
        width = self._tree.columnWidth(index.column())
        if index.column() == 0:
            width = min(width, self._tree.viewport().width()) - indent
        icon = 0 if index.data(Qt.ItemDataRole.DecorationRole) is None else 24
        return max(40, width - icon - PADDING_PX)

    def sizeHint(  # noqa: N802 -- Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        width = self._text_width(index)
        bound = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(base.width(), max(base.height(), bound.height() + PADDING_PX))

    def initStyleOption(  # noqa: N802 -- Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideNone


class _Relayout(QObject):
    """Re-measures every row when the tree's width changes."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self._tree = tree
        self._width = -1

    def column_resized(self, _index: int, old: int, new: int) -> None:
        if old != new:
            self._tree.doItemsLayout()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 -- Qt override
        if event.type() == QEvent.Type.Resize:
            width = self._tree.viewport().width()
            if width != self._width:
                self._width = width
                self._tree.doItemsLayout()
        return False


def wrap_rows(tree: QTreeView) -> None:
    """Make ``tree`` show every row's whole text, wrapped to its width."""
    tree.setWordWrap(True)
    tree.setTextElideMode(Qt.TextElideMode.ElideNone)
    tree.setUniformRowHeights(False)
    tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    tree.setItemDelegate(WrappingDelegate(tree))
    relayout = _Relayout(tree)
    tree.viewport().installEventFilter(relayout)
    # A stretched column takes its new width after the viewport's resize: rows measured
    # at the old width would cut a line off, so they are measured again then too.
    tree.header().sectionResized.connect(relayout.column_resized)
