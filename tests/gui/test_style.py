"""The style sheet on real widgets: every interactive kind measures at least 9 mm.

Issue 15 measured tab bars at 26 px, spin arrows at 13 px, outline rows at 14 px,
splitter handles at 5 px, dialog buttons at 24 px and field clear buttons at
22x18; each is built here under the app style and measured as laid out.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyle,
    QStyleOptionSpinBox,
    QTabBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.style.icons import Icon
from desktop.style.palette import DARK, HIGH_CONTRAST, LIGHT, ThemeChoice
from desktop.style.theme import AppStyle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def app_style(qapp: QApplication) -> Iterator[AppStyle]:
    """The design system applied for one test; the session's app gets its old look back."""
    old_sheet, old_palette, old_style = qapp.styleSheet(), qapp.palette(), qapp.style().name()
    style = AppStyle(qapp, ThemeChoice.LIGHT)
    style.apply()
    yield style
    qapp.setStyleSheet(old_sheet)
    qapp.setStyle(old_style)
    qapp.setPalette(old_palette)


def laid_out(qtbot: QtBot, *widgets: QWidget) -> QWidget:
    root = QWidget()
    layout = QVBoxLayout(root)
    for w in widgets:
        layout.addWidget(w)
    qtbot.addWidget(root)
    root.resize(480, 900)
    with qtbot.waitExposed(root):
        root.show()
    return root


def test_every_interactive_kind_is_at_least_9_mm(qtbot: QtBot, app_style: AppStyle) -> None:
    t = app_style.metrics.touch
    assert t == 34
    button, tool = QPushButton("Approve"), QToolButton()
    tool.setText("Find")
    field = QLineEdit("Budget")
    field.setClearButtonEnabled(True)
    spin = QSpinBox()
    spin.setRange(1, 300)
    spin.setValue(12)
    tabs = QTabBar()
    tabs.addTab("Thumbnails")
    tabs.addTab("Outline")
    rows = QListWidget()
    rows.addItems(["Budget 2027", "School extension"])
    outline = QTreeWidget()
    top = QTreeWidgetItem(["1. Minutes"])
    top.addChild(QTreeWidgetItem(["1.1 Approval"]))
    outline.addTopLevelItem(top)
    top.setExpanded(True)
    splitter = QSplitter()
    splitter.addWidget(QLabel("agenda"))
    splitter.addWidget(QLabel("page"))
    vertical = QSplitter(Qt.Orientation.Vertical)
    vertical.addWidget(QLabel("top"))
    vertical.addWidget(QLabel("bottom"))
    dialog_buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    combo = QComboBox()
    combo.addItems(["Danish", "English"])
    check = QCheckBox("Night mode")
    root = laid_out(
        qtbot, button, tool, field, spin, tabs, rows, outline, splitter, vertical,
        dialog_buttons, combo, check,
    )  # fmt: skip

    sizes: dict[str, QSize] = {
        "button": button.size(),
        "tool button": tool.size(),
        "field": field.size(),
        "combo": combo.size(),
        "check box": check.size(),
        "splitter handle": splitter.handle(1).size(),
        "vertical splitter handle": vertical.handle(1).size(),
        "list row": rows.visualItemRect(rows.item(0)).size(),
        "outline row": outline.visualItemRect(top).size(),
        "outline child row": outline.visualItemRect(top.child(0)).size(),
    }
    for i in range(tabs.count()):
        sizes[f"tab {i}"] = tabs.tabRect(i).size()
    for b in dialog_buttons.buttons():
        sizes[f"dialog button {b.text()}"] = b.size()
    clear = [b for b in field.findChildren(QToolButton) if b.isVisible()]
    assert clear, "the field's clear button is shown"
    sizes["clear button"] = clear[0].size()
    option = QStyleOptionSpinBox()
    option.initFrom(spin)
    option.rect = spin.rect()
    for label, sub in (
        ("plus", QStyle.SubControl.SC_SpinBoxUp),
        ("minus", QStyle.SubControl.SC_SpinBoxDown),
    ):
        r = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, sub, spin)
        sizes[f"spin {label}"] = r.size()

    small = {name: s for name, s in sizes.items() if s.height() < t}
    assert not small, f"under 9 mm tall: {small}"
    square = ("tool button", "clear button", "spin plus", "spin minus")
    assert set(square) <= set(sizes)
    narrow = {n: sizes[n] for n in (*square, "splitter handle") if sizes[n].width() < t}
    assert not narrow, f"under 9 mm wide: {narrow}"
    assert sizes["vertical splitter handle"].height() >= t
    root.close()


def test_menu_items_are_touch_sized(qtbot: QtBot, app_style: AppStyle) -> None:
    menu = QMenu()
    qtbot.addWidget(menu)
    actions = [menu.addAction("Export"), menu.addAction("Bookmarks")]
    menu.sizeHint()  # lays the actions out, as showing the menu would
    assert all(menu.actionGeometry(a).height() >= app_style.metrics.touch for a in actions)


def test_palette_reaches_plain_widgets(qapp: QApplication, app_style: AppStyle) -> None:
    assert qapp.palette().window().color().name() == LIGHT.window
    app_style.set_choice(ThemeChoice.DARK)
    assert qapp.palette().window().color().name() == DARK.window
    assert qapp.palette().text().color().name() == DARK.text
    assert DARK.surface in qapp.styleSheet()


class _Contrast(QObject):
    contrastPreferenceChanged = Signal(object)  # noqa: N815 - Qt's name

    def __init__(self) -> None:
        super().__init__()
        self.pref = Qt.ContrastPreference.NoPreference

    def contrastPreference(self) -> Qt.ContrastPreference:
        return self.pref


class _PlatformHints(QObject):
    """A platform that reports its scheme: offscreen Qt reports none and never changes."""

    colorSchemeChanged = Signal(object)  # noqa: N815 - Qt's name

    def __init__(self) -> None:
        super().__init__()
        self.scheme = Qt.ColorScheme.Light
        self.contrast = _Contrast()

    def colorScheme(self) -> Qt.ColorScheme:
        return self.scheme

    def accessibility(self) -> _Contrast:
        return self.contrast


def test_follows_the_system_when_it_changes(qapp: QApplication, qtbot: QtBot) -> None:
    old_sheet, old_palette, old_style = qapp.styleSheet(), qapp.palette(), qapp.style().name()
    hints = _PlatformHints()
    style = AppStyle(qapp, ThemeChoice.SYSTEM, hints=hints)
    try:
        style.apply()
        assert style.palette is LIGHT
        hints.scheme = Qt.ColorScheme.Dark
        with qtbot.waitSignal(style.theme_did_change) as seen:
            hints.colorSchemeChanged.emit(hints.scheme)
        assert seen.args == [DARK]
        assert qapp.palette().window().color().name() == DARK.window
        hints.contrast.pref = Qt.ContrastPreference.HighContrast
        with qtbot.waitSignal(style.theme_did_change):
            hints.contrast.contrastPreferenceChanged.emit(hints.contrast.pref)
        assert style.palette is HIGH_CONTRAST
        style.set_choice(ThemeChoice.LIGHT)  # the reader's own choice wins over the system
        hints.scheme = Qt.ColorScheme.Dark
        hints.colorSchemeChanged.emit(hints.scheme)
        assert style.palette is LIGHT
    finally:
        qapp.setStyleSheet(old_sheet)
        qapp.setStyle(old_style)
        qapp.setPalette(old_palette)


def test_icons_are_tinted_per_mode(app_style: AppStyle) -> None:
    icon = app_style.icons.get(Icon.LOCK)
    for mode, expected in (
        (QIcon.Mode.Normal, LIGHT.text),
        (QIcon.Mode.Disabled, LIGHT.text_disabled),
    ):
        image = icon.pixmap(QSize(48, 48), mode).toImage()
        opaque = {
            image.pixelColor(x, y).name()
            for x in range(48)
            for y in range(48)
            if image.pixelColor(x, y).alpha() == 255
        }
        assert opaque == {expected}
    danger = app_style.icons.get(Icon.ERROR, "danger").pixmap(QSize(24, 24)).toImage()
    colours = {danger.pixelColor(x, y).name() for x in range(24) for y in range(24)}
    assert LIGHT.danger in colours


def test_field_clear_button_uses_our_icon(qtbot: QtBot, app_style: AppStyle) -> None:
    field = QLineEdit("x")
    field.setClearButtonEnabled(True)
    root = laid_out(qtbot, field)
    clear = field.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton)
    image = clear.pixmap(QSize(24, 24)).toImage()
    colours = {image.pixelColor(x, y).name() for x in range(24) for y in range(24)}
    assert LIGHT.text_muted in colours
    root.close()


def test_icon_buttons_take_the_text_colour_whatever_their_own_background(
    qtbot: QtBot, app_style: AppStyle
) -> None:
    """A style sheet rewrites a button's own palette (a transparent background reads as
    black); the icon must still come from the app's palette, not turn white on white."""
    from desktop.widgets.buttons import IconButton  # noqa: PLC0415 - a widget under test

    button = IconButton("Find", Icon.SEARCH)
    button.setStyleSheet("background: transparent;")
    root = laid_out(qtbot, button)
    image = button.icon().pixmap(QSize(20, 20)).toImage()
    opaque = {
        image.pixelColor(x, y).name()
        for x in range(20)
        for y in range(20)
        if image.pixelColor(x, y).alpha() == 255
    }
    assert LIGHT.text in opaque
    root.close()
