"""The annotation tools the ``ToolPalette`` floats over the page: only the widgets.

Tools, colour, who sees new marks, undo and redo, edit and delete, and a status
line. The ``Annotator`` connects them to what they do and tells the bar what it can
offer now.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QButtonGroup, QComboBox, QLabel, QSizePolicy, QWidget

from desktop.viewer.annotation_layer import Tool
from desktop.widgets.flow_layout import FlowLayout
from desktop.widgets.ui import tool_button, touch
from sync.model import Visibility

PALETTE: tuple[tuple[str, str], ...] = (
    ("#ffd54f", "Yellow"),
    ("#81c784", "Green"),
    ("#64b5f6", "Blue"),
    ("#f06292", "Pink"),
    ("#d32f2f", "Red"),
    ("#212121", "Black"),
)
HIGHLIGHT_DEFAULT = "#ffd54f"
PEN_DEFAULT = "#d32f2f"


def _swatch(color: str) -> QIcon:
    pix = QPixmap(QSize(18, 18))
    pix.fill(QColor(color))
    return QIcon(pix)


class AnnotationBar(QWidget):
    """A row of touch-sized controls that wraps; its height follows its width."""

    tool_chosen = Signal(object)  # Tool

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        layout = FlowLayout(self)
        self.setAccessibleName(self.tr("Annotation tools"))
        layout.setContentsMargins(4, 0, 4, 4)
        self.tool_group = QButtonGroup(self)
        self.tool_group.setExclusive(True)
        self.tool_buttons: dict[Tool, Any] = {}
        names = {
            Tool.READ: self.tr("Read"),
            Tool.HIGHLIGHT: self.tr("Highlighter"),
            Tool.PEN: self.tr("Pen"),
            Tool.NOTE: self.tr("Sticky note"),
            Tool.TEXT: self.tr("Text note"),
            Tool.ERASER: self.tr("Eraser"),
            Tool.SELECT: self.tr("Select"),
        }
        for tool, text in names.items():
            b = tool_button(text, checkable=True)
            self.tool_group.addButton(b)
            self.tool_buttons[tool] = b
            b.clicked.connect(lambda _c=False, t=tool: self.tool_chosen.emit(t))
            layout.addWidget(b)
        self.tool_buttons[Tool.READ].setChecked(True)
        self.color = QComboBox()
        self.color.setAccessibleName(self.tr("Colour"))
        self.color.setToolTip(self.tr("Colour"))
        colour_names = {
            "Yellow": self.tr("Yellow"),
            "Green": self.tr("Green"),
            "Blue": self.tr("Blue"),
            "Pink": self.tr("Pink"),
            "Red": self.tr("Red"),
            "Black": self.tr("Black"),
        }
        for code, english in PALETTE:
            self.color.addItem(_swatch(code), colour_names[english], code)
        touch(self.color)
        self.visibility = QComboBox()
        self.visibility.setAccessibleName(self.tr("Who sees new marks"))
        self.visibility.setToolTip(self.tr("Who sees new marks"))
        self.visibility.addItem(self.tr("Private"), Visibility.PRIVATE)
        self.visibility.addItem(self.tr("Share with committee"), Visibility.COMMITTEE)
        self.visibility.addItem(self.tr("Share with secretariat"), Visibility.SECRETARIAT)
        touch(self.visibility)
        self.undo_button = tool_button(self.tr("Undo"))
        self.redo_button = tool_button(self.tr("Redo"))
        self.delete_button = tool_button(self.tr("Delete"))
        self.edit_button = tool_button(self.tr("Edit note"))
        self.edit_button.setToolTip(self.tr("Read and change the selected note's text"))
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Annotation status"))
        for w in (
            self.color,
            self.visibility,
            self.undo_button,
            self.redo_button,
            self.edit_button,
            self.delete_button,
        ):
            layout.addWidget(w)
        layout.addWidget(self.status)

    @property
    def current_color(self) -> str:
        return str(self.color.currentData())

    @property
    def current_visibility(self) -> Visibility:
        # Qt keeps a str-valued enum as its plain value: it comes back as "committee".
        try:
            return Visibility(self.visibility.currentData())
        except ValueError:
            return Visibility.PRIVATE

    def choose_color(self, code: str) -> None:
        index = self.color.findData(code)
        if index >= 0:
            self.color.setCurrentIndex(index)

    def show_visibility(self, visibility: Visibility) -> None:
        """The selected mark's audience, so changing it changes that mark's."""
        index = self.visibility.findData(visibility)
        if index >= 0:
            self.visibility.setCurrentIndex(index)

    def sync_buttons(
        self, *, can_undo: bool, can_redo: bool, selected: bool, note_selected: bool
    ) -> None:
        self.undo_button.setEnabled(can_undo)
        self.redo_button.setEnabled(can_redo)
        self.delete_button.setEnabled(selected)
        self.edit_button.setEnabled(note_selected)
