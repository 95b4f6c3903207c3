"""Small helpers every screen uses: touch-sized controls, accessible names, icons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QWidget,
)

TOUCH_MM = 9.0


def mm_to_px(widget: QWidget | None, mm: float) -> int:
    """Logical pixels for ``mm`` millimetres on the widget's screen (>= 9 mm touch targets)."""
    screen = widget.screen() if widget is not None else QApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    return max(1, round(mm / 25.4 * max(dpi, 96.0)))


def touch(widget: QWidget, *, square: bool = False) -> QWidget:
    """Give ``widget`` a touch target of at least 9 mm."""
    size = mm_to_px(widget, TOUCH_MM)
    widget.setMinimumHeight(size)
    if square or isinstance(widget, QToolButton):
        widget.setMinimumWidth(size)
    return widget


def name(widget: QWidget, accessible: str, tip: str | None = None) -> QWidget:
    widget.setAccessibleName(accessible)
    if tip is not None:
        widget.setToolTip(tip)
    return widget


def button(text: str, accessible: str | None = None, *, primary: bool = False) -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(accessible or text.replace("&", ""))
    touch(b)
    if primary:
        b.setDefault(True)
        b.setAutoDefault(True)
    return b


def tool_button(
    text: str, icon: QStyle.StandardPixmap | None = None, *, checkable: bool = False
) -> QToolButton:
    """A tool button that always shows its text beside the icon: never an icon alone."""
    b = QToolButton()
    b.setText(text)
    b.setAccessibleName(text.replace("&", ""))
    b.setToolTip(text.replace("&", ""))
    if icon is not None:
        b.setIcon(standard_icon(icon))
        b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    b.setCheckable(checkable)
    b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    b.setAutoRaise(False)
    touch(b)
    return b


def standard_icon(which: QStyle.StandardPixmap) -> QIcon:
    style = QApplication.style()
    return style.standardIcon(which)


def heading(text: str, *, level: int = 1) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * (1.6 if level == 1 else 1.25))
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def set_checked_text(b: QAbstractButton, on_text: str, off_text: str) -> None:
    """Toggle buttons say their state in words, not only by looking pressed."""
    b.setText(on_text if b.isChecked() else off_text)
    b.setAccessibleName((on_text if b.isChecked() else off_text).replace("&", ""))


def clearable(edit: QLineEdit) -> None:
    """A clear button inside the field, with a name screen readers can say."""
    edit.setClearButtonEnabled(True)
    for b in edit.findChildren(QToolButton):
        b.setAccessibleName(QApplication.translate("ui", "Clear"))
        b.setToolTip(QApplication.translate("ui", "Clear"))
