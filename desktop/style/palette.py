"""Light, dark and high-contrast palettes, and which one the system asks for.

Why our own colours and not only the platform's: the reader's screens need a
few roles the platform has no name for (a closed item, a deadline's colour, the
backdrop around a page), and their contrast has to be measured, not hoped for.
Every text colour meets WCAG AA (4.5:1) on the surfaces it is drawn on, and
borders of controls 3:1 (WCAG 1.4.11); the high-contrast palette meets AAA (7:1).
tests/unit/test_style_tokens.py computes each pair.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import Enum
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette


class Theme(Enum):
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"


class ThemeChoice(Enum):
    """What the reader chose in Settings: follow the system (the default) or one theme."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"


@dataclass(frozen=True)
class Palette:
    """Colour roles as ``#rrggbb``; the names say where a colour is used, not what it looks like."""

    theme: Theme
    window: str  # the window behind everything
    surface: str  # cards, fields, lists, sheets
    surface_alt: str  # buttons, bars, alternate rows
    page_backdrop: str  # around the pages of a document
    text: str
    text_muted: str  # secondary lines, captions
    text_disabled: str
    border: str  # outlines of controls (3:1 against surface)
    accent: str  # primary buttons, links, the current item
    on_accent: str  # text and icons on accent
    selection: str  # a selected row
    on_selection: str
    focus: str  # the keyboard focus ring
    danger: str  # destructive actions, refusals (as text on surface)
    warning: str  # deadlines close, attention (as text on surface)
    success: str  # confirmed, ready (as text on surface)
    closed: str  # closed (confidential) items (as text on surface)
    scrim: str  # the dimming behind a sheet, #aarrggbb

    def color(self, role: str) -> QColor:
        return QColor(getattr(self, role))

    def roles(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "theme"}


LIGHT = Palette(
    theme=Theme.LIGHT,
    window="#f4f4f1",
    surface="#ffffff",
    surface_alt="#e9eae6",
    page_backdrop="#d5d7d2",
    text="#1b1d1f",
    text_muted="#4d5359",
    text_disabled="#80868c",
    border="#7c838a",
    accent="#1d5aa6",
    on_accent="#ffffff",
    selection="#cfe0f5",
    on_selection="#10243d",
    focus="#1d5aa6",
    danger="#a8221b",
    warning="#7f4c00",
    success="#1c6631",
    closed="#6e3592",
    scrim="#66000000",
)

DARK = Palette(
    theme=Theme.DARK,
    window="#15171a",
    surface="#1e2125",
    surface_alt="#2a2e33",
    page_backdrop="#0e1012",
    text="#e8eaed",
    text_muted="#b3b9bf",
    text_disabled="#80868d",
    border="#7b828a",
    accent="#82b6f2",
    on_accent="#0a1a2c",
    selection="#284a70",
    on_selection="#f2f6fb",
    focus="#82b6f2",
    danger="#f49a93",
    warning="#e9b860",
    success="#80cc94",
    closed="#cfa9ec",
    scrim="#99000000",
)

HIGH_CONTRAST = Palette(
    theme=Theme.HIGH_CONTRAST,
    window="#000000",
    surface="#000000",
    surface_alt="#101010",
    page_backdrop="#000000",
    text="#ffffff",
    text_muted="#e6e6e6",
    text_disabled="#bdbdbd",
    border="#ffffff",
    accent="#ffd400",
    on_accent="#000000",
    selection="#ffd400",
    on_selection="#000000",
    focus="#00e5ff",
    danger="#ff9e97",
    warning="#ffd400",
    success="#8cf5a8",
    closed="#e0c2ff",
    scrim="#cc000000",
)

PALETTES: dict[Theme, Palette] = {p.theme: p for p in (LIGHT, DARK, HIGH_CONTRAST)}


class ContrastHints(Protocol):
    """The part of QAccessibilityHints Folio reads."""

    def contrastPreference(self) -> Qt.ContrastPreference: ...  # noqa: N802 -- Qt's name


class SystemHints(Protocol):
    """The part of QStyleHints Folio reads (a protocol so tests can stand in for a platform
    that reports a dark or high-contrast scheme; the offscreen platform reports neither)."""

    def colorScheme(self) -> Qt.ColorScheme: ...  # noqa: N802 -- Qt's name

    def accessibility(self) -> ContrastHints: ...


def system_theme(hints: SystemHints) -> Theme:
    """The theme the platform asks for: high contrast wins, then dark, else light.

    Qt reports an unknown scheme on platforms that do not say (offscreen, older
    Linux desktops): light is the safe default there.
    """
    if hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast:
        return Theme.HIGH_CONTRAST
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return Theme.DARK
    return Theme.LIGHT


def resolve(choice: ThemeChoice, hints: SystemHints) -> Palette:
    """The palette for the reader's choice, asking the system when the choice is to follow it."""
    if choice is ThemeChoice.SYSTEM:
        return PALETTES[system_theme(hints)]
    return PALETTES[Theme(choice.value)]


def qpalette(p: Palette) -> QPalette:
    """A QPalette with the same colours, so widgets the style sheet does not reach match too."""
    pal = QPalette()
    group_all = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
    roles: dict[QPalette.ColorRole, str] = {
        QPalette.ColorRole.Window: p.window,
        QPalette.ColorRole.WindowText: p.text,
        QPalette.ColorRole.Base: p.surface,
        QPalette.ColorRole.AlternateBase: p.surface_alt,
        QPalette.ColorRole.Text: p.text,
        QPalette.ColorRole.PlaceholderText: p.text_muted,
        QPalette.ColorRole.Button: p.surface_alt,
        QPalette.ColorRole.ButtonText: p.text,
        QPalette.ColorRole.BrightText: p.on_accent,
        QPalette.ColorRole.Highlight: p.selection,
        QPalette.ColorRole.HighlightedText: p.on_selection,
        QPalette.ColorRole.Link: p.accent,
        QPalette.ColorRole.LinkVisited: p.accent,
        QPalette.ColorRole.ToolTipBase: p.surface,
        QPalette.ColorRole.ToolTipText: p.text,
        QPalette.ColorRole.Accent: p.accent,
        QPalette.ColorRole.Light: p.surface,
        QPalette.ColorRole.Midlight: p.surface_alt,
        QPalette.ColorRole.Mid: p.border,
        QPalette.ColorRole.Dark: p.border,
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, value in roles.items():
        for group in group_all:
            pal.setColor(group, role, QColor(value))
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(value))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(p.text_disabled))
    return pal


def relative_luminance(color: QColor) -> float:
    """WCAG 2.x relative luminance of an opaque colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(foreground: str | QColor, background: str | QColor) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21)."""
    a = relative_luminance(QColor(foreground))
    b = relative_luminance(QColor(background))
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)
