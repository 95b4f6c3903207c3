"""The parts of reading mode on their own: the slim bar, go-to-page, drawer, popover, palette."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.style.palette import ThemeChoice
from desktop.style.theme import AppStyle
from desktop.viewer.reading_bar import GoToPageSheet, ReadingBar
from desktop.viewer.tool_palette import ToolPalette
from desktop.widgets.flow_layout import wrapping_row
from desktop.widgets.overlay import Drawer, Popover

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[AppStyle]:
    old_sheet, old_palette, old_style = qapp.styleSheet(), qapp.palette(), qapp.style().name()
    style = AppStyle(qapp, ThemeChoice.LIGHT)
    style.apply()
    yield style
    qapp.setStyleSheet(old_sheet)
    qapp.setStyle(old_style)
    qapp.setPalette(old_palette)


def host(qtbot: QtBot, width: int, height: int) -> tuple[QWidget, ReadingBar, QLabel]:
    root = QWidget()
    layout = QVBoxLayout(root)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    bar = ReadingBar()
    page = QLabel("page")
    layout.addWidget(bar)
    layout.addWidget(page, 1)
    qtbot.addWidget(root)
    root.resize(width, height)
    with qtbot.waitActive(root):
        root.show()
        root.activateWindow()
    return root, bar, page


@pytest.mark.parametrize("size", [(1280, 800), (800, 1280)])
def test_bar_is_one_slim_row_of_touch_targets(
    qtbot: QtBot, styled: AppStyle, size: tuple[int, int]
) -> None:
    root, bar, page = host(qtbot, *size)
    bar.set_title("Budget 2027 with appendices")
    bar.set_position(11, 300)
    QApplication.processEvents()
    assert bar.height() <= 40
    assert bar.position.text() == "Page 12 of 300"
    buttons = (bar.back, bar.agenda, bar.position, bar.find_button, bar.annotate, bar.more)
    for b in buttons:
        assert b.height() >= 34, b.accessibleName()
        assert b.width() >= 34, b.accessibleName()
        assert b.width() >= b.sizeHint().width(), f"{b.text()} is cut"
        assert b.accessibleName()
    ys = {b.geometry().center().y() for b in buttons}
    assert len(ys) == 1  # one row
    assert page.height() * page.width() >= 0.9 * root.width() * root.height() - 1
    root.close()


def test_title_shows_only_when_it_fits_whole(qtbot: QtBot, styled: AppStyle) -> None:
    root, bar, _page = host(qtbot, 1280, 800)
    bar.set_title("Budget")
    assert bar.title.text() == "Budget"
    long = "A very long document title " * 8
    bar.set_title(long)
    assert bar.title.text() == ""  # never "A very long docu…"
    assert bar.title.toolTip() == long
    assert bar.title.accessibleName() == long
    root.close()


def test_annotate_toggle_says_its_state(qtbot: QtBot, styled: AppStyle) -> None:
    root, bar, _page = host(qtbot, 1280, 800)
    with qtbot.waitSignal(bar.annotate_toggled) as on:
        bar.annotate.click()
    assert on.args == [True]
    assert bar.annotate.text() == "Annotating"
    assert bar.annotate.accessibleName() == "Annotating"
    bar.annotate.click()
    assert bar.annotate.text() == "Annotate"
    root.close()


def test_go_to_page_sheet(qtbot: QtBot, styled: AppStyle) -> None:
    root, bar, _page = host(qtbot, 1280, 800)
    bar.set_position(11, 300)
    sheet = GoToPageSheet(root, 11, 300)
    sheet.open()
    assert sheet.page.value() == 12
    assert sheet.page.hasFocus()
    sheet.page.lineEdit().selectAll()
    qtbot.keyClicks(sheet.page.lineEdit(), "250")
    with qtbot.waitSignal(sheet.finished) as done:
        qtbot.keyClick(sheet.page.lineEdit(), Qt.Key.Key_Return)
    assert done.args == [True]
    assert sheet.chosen() == 249
    root.close()


def test_drawer_opens_over_the_page_and_closes_by_tap_or_escape(
    qtbot: QtBot, styled: AppStyle
) -> None:
    root, bar, _page = host(qtbot, 1280, 800)
    drawer = Drawer(root, "Agenda")
    item = QPushButton("1. Minutes")
    item.setAccessibleName("1. Minutes")
    drawer.content.addWidget(item)
    drawer.open_panel(return_focus=bar.agenda)
    assert drawer.isVisible()
    assert drawer.geometry().left() == 0
    assert drawer.height() == root.height()
    assert drawer.width() <= 0.85 * root.width()
    assert item.hasFocus()
    qtbot.mouseClick(root.childAt(QPoint(1200, 400)), Qt.MouseButton.LeftButton)
    assert not drawer.isVisible()
    drawer.open_panel(return_focus=bar.agenda)
    qtbot.keyClick(item, Qt.Key.Key_Escape)
    assert not drawer.isVisible()
    assert bar.agenda.hasFocus()
    root.resize(800, 1280)  # rotation: a drawer that is open follows
    drawer.open_panel()
    qtbot.waitUntil(lambda: drawer.height() == 1280)
    root.close()


def test_popover_sits_under_its_button(qtbot: QtBot, styled: AppStyle) -> None:
    root, bar, _page = host(qtbot, 1280, 800)
    more = Popover(root, "More")
    for text in ("Fit width", "Fit page", "Bookmark this page"):
        b = QPushButton(text)
        b.setAccessibleName(text)
        more.content.addWidget(b)
    more.open_under(bar.more)
    anchor = bar.more.mapTo(root, QPoint(0, bar.more.height()))
    assert more.geometry().top() >= anchor.y()
    assert root.rect().contains(more.geometry())
    assert all(b.height() >= 34 for b in more.findChildren(QPushButton))
    more.close_panel()
    root.close()


@pytest.mark.parametrize("width", [1280, 800])
def test_tool_palette_floats_at_the_bottom_and_wraps(
    qtbot: QtBot, styled: AppStyle, width: int
) -> None:
    root, _bar, page = host(qtbot, width, 800)
    tools, row = wrapping_row(page)
    for text in ("Read", "Highlighter", "Pen", "Sticky note", "Text note", "Eraser", "Select",
                 "Yellow", "Private", "Undo", "Redo", "Edit note", "Delete"):  # fmt: skip
        b = QPushButton(text)
        row.addWidget(b)
    palette = ToolPalette(page, tools)
    palette.set_shown(True)
    geometry = palette.geometry()
    assert page.rect().contains(geometry)
    assert geometry.bottom() > page.height() * 0.7
    assert all(b.width() >= b.sizeHint().width() for b in tools.findChildren(QPushButton))
    palette.set_shown(False)
    assert not palette.isVisible()
    root.close()
