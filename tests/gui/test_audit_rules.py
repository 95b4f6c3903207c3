"""The audit's rules each catch what they name, on small made-up screens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.gui.audit import audit, contrast_ratio

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def screen(qtbot: QtBot, *widgets: QWidget, vertical: bool = False) -> QWidget:
    root = QWidget()
    layout = QVBoxLayout(root) if vertical else QHBoxLayout(root)
    for w in widgets:
        layout.addWidget(w)
    qtbot.addWidget(root)
    root.resize(600, 300)
    root.show()
    qtbot.waitExposed(root)
    return root


def big(b: QPushButton) -> QPushButton:
    b.setMinimumHeight(40)
    return b


def test_a_label_too_narrow_for_its_text_is_cut_off(qtbot: QtBot) -> None:
    label = QLabel("A heading far too long for the room it was given")
    label.setFixedWidth(60)
    found = audit(screen(qtbot, label), "en")
    assert any("text cut off" in f for f in found), found


def test_a_wrapping_label_too_short_for_its_lines_is_cut_off(qtbot: QtBot) -> None:
    label = QLabel("word " * 60)
    label.setWordWrap(True)
    label.setFixedSize(120, 20)
    found = audit(screen(qtbot, label), "en")
    assert any("text cut off" in f for f in found), found


def test_a_button_too_narrow_for_its_text_is_cut_off(qtbot: QtBot) -> None:
    b = big(QPushButton("Approve the proposal as presented"))
    b.setFixedWidth(50)
    found = audit(screen(qtbot, b), "en")
    assert any("text cut off" in f for f in found), found


def test_a_small_button_and_an_unnamed_one_are_found(qtbot: QtBot) -> None:
    small = QPushButton("Go")
    small.setStyleSheet("min-height: 20px; max-height: 20px;")  # over the app's 9 mm
    icon_only = big(QPushButton())
    found = audit(screen(qtbot, small, icon_only), "en")
    assert any(f.startswith("QPushButton 'Go'") for f in found), found
    assert any("no accessible name: QPushButton" in f for f in found), found


def test_tab_order_against_reading_order_is_found(qtbot: QtBot) -> None:
    a, b, c = big(QPushButton("One")), big(QPushButton("Two")), big(QPushButton("Three"))
    root = screen(qtbot, a, b, c)
    assert not [f for f in audit(root, "en") if "Tab" in f]
    QWidget.setTabOrder(a, c)
    QWidget.setTabOrder(c, b)
    found = [f for f in audit(root, "en") if "Tab goes back" in f]
    assert found


def test_english_source_text_in_danish_is_found(qtbot: QtBot) -> None:
    shown = QLabel("Try the demo")  # a source text folio_da.ts translates
    name = QLabel("Mette Frederiksen")  # a name: data, not UI text
    found = audit(screen(qtbot, shown, name), "da")
    assert any("English in da" in f and "Try the demo" in f for f in found), found
    assert not any("Mette" in f for f in found), found
    assert not any("English" in f for f in audit(screen(qtbot, QLabel("Try the demo")), "en"))


def test_low_contrast_text_is_found(qtbot: QtBot) -> None:
    """Colours given by a style sheet, as the app gives them: the audit reads them
    back from the palettes the style sheet writes."""
    label = QLabel("Pale grey on white")
    root = screen(qtbot, label)
    root.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    root.setStyleSheet("QWidget { background: #ffffff; } QLabel { color: #bbbbbb; }")
    found = audit(root, "en")
    assert any("contrast" in f and "#bbbbbb on #ffffff" in f for f in found), found
    root.setStyleSheet("QWidget { background: #ffffff; } QLabel { color: #595959; }")
    assert not any("contrast" in f for f in audit(root, "en"))


def test_contrast_ratio_is_wcag_s() -> None:
    assert round(contrast_ratio(QColor("black"), QColor("white")), 1) == 21.0
    assert round(contrast_ratio(QColor("#767676"), QColor("white")), 2) == 4.54


def test_a_cut_off_row_and_a_pale_row_are_found(qtbot: QtBot) -> None:
    tree = QTreeWidget()
    tree.setHeaderLabels(["Case", "Deadline"])
    long = QTreeWidgetItem(["A case whose title needs far more room than it gets", "soon"])
    pale = QTreeWidgetItem(["Short", "later"])
    pale.setForeground(1, QColor("#f0c040"))
    tree.addTopLevelItems([long, pale])
    tree.setColumnWidth(0, 80)
    found = audit(screen(qtbot, tree), "en")
    assert any("text cut off in row 0 column 0" in f for f in found), found
    assert any("contrast" in f and "row 1 column 1" in f for f in found), found
