"""The one application style sheet, built from the tokens and a palette.

Why one generated sheet: sizes that live in each widget's constructor drift
(issue 15 measured tab bars at 26 px, spin arrows at 13 px, outline rows at
14 px, splitter handles at 5 px). Here every interactive kind gets its minimum
from :attr:`Metrics.touch` in one place, and tests/gui/test_style.py measures the
result on real widgets. Colours come from the palette only: no literal colour
below this line.

Object names and dynamic properties the sheet knows (use them, do not add colours
in screens): ``QPushButton[role="primary"]`` (the one main action of a screen or
sheet), ``QPushButton[role="danger"]`` (a destructive choice), ``[role="key"]`` (a keypad
key, 1.5 touch targets), ``QLabel[text-role=
"caption"|"muted"|"danger"|"warning"|"success"|"closed"]``, ``QWidget#Sheet`` (the
card of a sheet), ``QWidget#Bar`` (a slim tool bar), ``QToolButton#Quiet`` (a tool
button without a frame, for bars over the page).
"""

from __future__ import annotations

from desktop.style.palette import Palette
from desktop.style.tokens import Metrics, Radius, Space

# A keypad key is this many touch targets across: phone keypads are bigger than the floor.
KEY_SCALE = 1.5


def style_sheet(p: Palette, m: Metrics) -> str:
    """The whole sheet for one palette and screen; QSS parse errors fail tests (Qt warnings)."""
    t = m.touch
    # Sizes below are the content box: Qt's style sheet box model adds padding and
    # border around min-height, so the content minimum is the touch size minus both.
    border = 1
    focus = 2
    s, xs, md, lg = m.space(Space.S), m.space(Space.XS), m.space(Space.M), m.space(Space.L)
    r, rl = m.radius(Radius.M), m.radius(Radius.L)
    button_content = t - 2 * border
    key_content = round(t * KEY_SCALE) - 2 * border  # a keypad key: bigger, as on a phone
    return f"""
QMainWindow, QDialog, QStackedWidget {{ background: {p.window}; }}
QToolTip {{ background: {p.surface}; color: {p.text}; border: 1px solid {p.border};
    padding: {xs}px {s}px; }}

QPushButton {{
    min-height: {button_content}px; min-width: {t}px; padding: 0 {md}px;
    border: {border}px solid {p.border}; border-radius: {r}px;
    background: {p.surface_alt}; color: {p.text};
}}
QPushButton:hover {{ background: {p.surface}; }}
QPushButton:pressed, QPushButton:checked {{ background: {p.selection}; color: {p.on_selection}; }}
QPushButton:disabled {{ color: {p.text_disabled}; border-color: {p.surface_alt}; }}
QPushButton:focus {{ border: {focus}px solid {p.focus}; padding: 0 {md - 1}px; }}
QPushButton[role="primary"] {{ background: {p.accent}; color: {p.on_accent};
    border-color: {p.accent}; }}
QPushButton[role="primary"]:focus {{ border: {focus}px solid {p.focus}; }}
QPushButton[role="primary"]:disabled {{ background: {p.surface_alt}; color: {p.text_disabled}; }}
QPushButton[role="danger"] {{ background: {p.surface}; color: {p.danger};
    border-color: {p.danger}; }}
QPushButton[role="key"], QToolButton[role="key"] {{
    min-height: {key_content}px; min-width: {key_content}px; }}

QToolButton {{
    min-height: {button_content}px; min-width: {button_content}px; padding: 0 {s}px;
    border: {border}px solid {p.border}; border-radius: {r}px;
    background: {p.surface_alt}; color: {p.text};
}}
QToolButton:hover {{ background: {p.surface}; }}
QToolButton:pressed, QToolButton:checked {{ background: {p.selection}; color: {p.on_selection}; }}
QToolButton:disabled {{ color: {p.text_disabled}; }}
QToolButton:focus {{ border: {focus}px solid {p.focus}; }}
QToolButton::menu-indicator {{ image: none; width: 0; }}
QToolButton[popupMode="1"], QToolButton[popupMode="2"] {{ padding-right: {s}px; }}

QLineEdit, QComboBox {{
    min-height: {button_content}px; padding: 0 {s}px;
    border: {border}px solid {p.border}; border-radius: {r}px;
    background: {p.surface}; color: {p.text};
    selection-background-color: {p.selection}; selection-color: {p.on_selection};
}}
QLineEdit:focus, QComboBox:focus {{ border: {focus}px solid {p.focus}; }}
QLineEdit:disabled, QComboBox:disabled {{ color: {p.text_disabled}; }}
QPlainTextEdit, QTextEdit {{
    border: {border}px solid {p.border}; border-radius: {r}px; padding: {xs}px;
    background: {p.surface}; color: {p.text};
    selection-background-color: {p.selection}; selection-color: {p.on_selection};
}}
QPlainTextEdit:focus, QTextEdit:focus {{ border: {focus}px solid {p.focus}; }}

QComboBox {{ padding-right: {t}px; }}
QComboBox::drop-down {{ subcontrol-origin: border; subcontrol-position: center right;
    width: {t}px; border: none; }}
QComboBox QAbstractItemView::item {{ min-height: {t}px; padding: 0 {s}px; }}

QCheckBox, QRadioButton {{ min-height: {t}px; spacing: {s}px; color: {p.text}; }}
QCheckBox:disabled, QRadioButton:disabled {{ color: {p.text_disabled}; }}

QTabBar::tab {{
    min-height: {button_content}px; min-width: {t}px; padding: 0 {lg}px;
    border: {border}px solid transparent; border-bottom: {focus}px solid transparent;
    background: transparent; color: {p.text_muted};
}}
QTabBar::tab:selected {{ color: {p.text}; border-bottom: {focus}px solid {p.accent}; }}
QTabBar::tab:focus {{ border: {border}px solid {p.focus}; }}
QTabBar QToolButton {{ min-width: {t}px; background: {p.surface_alt}; }}
QTabWidget::pane {{ border: none; }}

QAbstractItemView {{
    background: {p.surface}; color: {p.text}; border: {border}px solid {p.surface_alt};
    alternate-background-color: {p.surface_alt};
    selection-background-color: {p.selection}; selection-color: {p.on_selection};
    outline: 0;
}}
QAbstractItemView:focus {{ border: {border}px solid {p.focus}; }}
QListView::item:selected, QTreeView::item:selected {{
    background: {p.selection}; color: {p.on_selection}; }}
QHeaderView::section {{ min-height: {t}px; padding: 0 {s}px; background: {p.surface_alt};
    color: {p.text}; border: none; }}

QMenu {{ background: {p.surface}; color: {p.text}; border: {border}px solid {p.border};
    padding: {xs}px 0; }}
QMenu::item {{ min-height: {t}px; padding: 0 {lg}px; }}
QMenu::item:selected {{ background: {p.selection}; color: {p.on_selection}; }}
QMenu::item:disabled {{ color: {p.text_disabled}; }}
QMenu::separator {{ height: {border}px; background: {p.surface_alt}; margin: {xs}px 0; }}

QScrollBar:vertical {{ width: {md}px; background: transparent; margin: 0; }}
QScrollBar:horizontal {{ height: {md}px; background: transparent; margin: 0; }}
QScrollBar::handle {{ background: {p.border}; border-radius: {md // 2}px; min-height: {t}px;
    min-width: {t}px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}

QProgressBar {{ min-height: {s}px; max-height: {s}px; border: none; border-radius: {xs}px;
    background: {p.surface_alt}; color: transparent; }}
QProgressBar::chunk {{ background: {p.accent}; border-radius: {xs}px; }}

QLabel {{ color: {p.text}; }}
QLabel[text-role="caption"], QLabel[text-role="muted"] {{ color: {p.text_muted}; }}
QLabel[text-role="danger"] {{ color: {p.danger}; }}
QLabel[text-role="warning"] {{ color: {p.warning}; }}
QLabel[text-role="success"] {{ color: {p.success}; }}
QLabel[text-role="closed"] {{ color: {p.closed}; }}

QWidget#Bar {{ background: {p.surface}; border-bottom: {border}px solid {p.surface_alt}; }}
QToolButton#Quiet {{ border-color: transparent; background: transparent; }}
QWidget#Scrim {{ background: {p.scrim}; }}
QFrame#Sheet {{ background: {p.surface}; border: {border}px solid {p.border};
    border-radius: {rl}px; }}
QFrame#Sheet QStackedWidget {{ background: transparent; }}
QWidget#Palette {{ background: {p.surface}; border: {border}px solid {p.border};
    border-radius: {rl}px; }}
"""
