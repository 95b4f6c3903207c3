"""Lucide icons (ISC, resources/icons/ui/LICENSE) tinted to the palette.

Why SVG and not emoji or Qt's standard icons: emoji render as boxes on a tablet
without an emoji font, and Qt's standard pixmaps say the wrong thing (a
close-window X for Lock, a warning triangle for a closed item). Each icon is
drawn from its SVG at the size asked for, in the palette's colour for each mode
(normal, disabled, selected), so it is sharp at any scale and right in dark and
high-contrast themes. Only the icons named in :class:`Icon` ship; a test checks
the folder holds exactly those.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

from desktop.style.palette import LIGHT, PALETTES, Palette, Theme

ICON_DIR = Path(__file__).resolve().parents[2] / "resources" / "icons" / "ui"


class Icon(Enum):
    """Every icon the app uses, by what it means here; the value is Lucide's file name."""

    AGENDA = "list-tree"
    ANNOTATE = "pencil"
    BACK = "arrow-left"
    BOOKMARK = "bookmark"
    CALENDAR = "calendar"
    CHECK = "check"
    CHEVRON_DOWN = "chevron-down"
    CHEVRON_LEFT = "chevron-left"
    CHEVRON_RIGHT = "chevron-right"
    CHEVRON_UP = "chevron-up"
    CLEAR = "x"
    CLOCK = "clock"
    CLOSED_ITEM = "shield"
    COMMENT = "message-square"
    DECISIONS = "gavel"
    DELETE = "delete"
    DOCUMENT = "file-text"
    DOWNLOAD = "download"
    DRAWER = "panel-left"
    ERASER = "eraser"
    ERROR = "circle-x"
    EXPORT = "share"
    FIT_PAGE = "maximize-2"
    FIT_WIDTH = "move-horizontal"
    HIGHLIGHTER = "highlighter"
    HISTORY = "history"
    INFO = "info"
    KEYBOARD = "keyboard"
    LOCK = "lock"
    MEETINGS = "house"
    MORE = "ellipsis"
    NIGHT = "moon"
    DAY = "sun"
    NOTE = "sticky-note"
    OUTBOX = "inbox"
    PEN = "pen-line"
    PLUS = "plus"
    MINUS = "minus"
    PRINT = "printer"
    READ = "book-open"
    READY = "circle-check"
    REDO = "redo-2"
    SEARCH = "search"
    SETTINGS = "settings"
    SHOW = "eye"
    HIDE = "eye-off"
    SYNC = "refresh-cw"
    TEXT = "type"
    THUMBNAILS = "layout-grid"
    UNDO = "undo-2"
    WARNING = "triangle-alert"
    ATTENTION = "circle-alert"
    ONLINE = "wifi"
    OFFLINE = "wifi-off"
    ZOOM_IN = "zoom-in"
    ZOOM_OUT = "zoom-out"


def svg_source(icon: Icon) -> str:
    return (ICON_DIR / f"{icon.value}.svg").read_text(encoding="utf-8")


def tinted_svg(icon: Icon, color: str) -> bytes:
    """The icon's SVG with Lucide's ``currentColor`` stroke replaced by ``color`` (#rrggbb)."""
    return svg_source(icon).replace("currentColor", color).encode("utf-8")


def render(icon: Icon, color: str, size: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """A square pixmap of the icon, drawn at the device's own pixels (sharp when scaled)."""
    pixels = max(1, round(size * device_pixel_ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(tinted_svg(icon, color)))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixels, pixels))
    painter.end()
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


class _TintedEngine(QIconEngine):
    """Draws the SVG on demand for every size and mode, so icons stay sharp on any screen."""

    def __init__(self, icon: Icon, colors: dict[QIcon.Mode, str], checked: str) -> None:
        super().__init__()
        self._icon = icon
        self._colors = colors
        self._checked = checked
        self._cache: dict[tuple[int, int, int, int], QPixmap] = {}

    def _color(self, mode: QIcon.Mode, state: QIcon.State) -> str:
        if state == QIcon.State.On and mode == QIcon.Mode.Normal:
            return self._checked
        return self._colors.get(mode, self._colors[QIcon.Mode.Normal])

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(  # noqa: N802 -- Qt override
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        side = min(size.width(), size.height())
        key = (side, round(scale * 100), int(mode.value), int(state.value))
        cached = self._cache.get(key)
        if cached is None:
            cached = render(self._icon, self._color(mode, state), side, scale)
            self._cache[key] = cached
        return cached

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        side = min(rect.width(), rect.height())
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        pixmap = self.scaledPixmap(QSize(side, side), mode, state, ratio)
        x = rect.x() + (rect.width() - side) // 2
        y = rect.y() + (rect.height() - side) // 2
        painter.drawPixmap(x, y, pixmap)

    def clone(self) -> QIconEngine:
        return _TintedEngine(self._icon, dict(self._colors), self._checked)

    def key(self) -> str:
        return "folio-tinted-svg"


class Icons:
    """The icon set for one palette; screens ask it by meaning (``icons.get(Icon.LOCK)``).

    Passed to screens by constructor (no global): a theme change makes a new
    ``Icons`` and each screen re-applies its icons from the style's signal.
    """

    def __init__(self, palette: Palette) -> None:
        self.palette = palette
        self._cache: dict[tuple[Icon, str], QIcon] = {}

    def get(self, icon: Icon, role: str = "text") -> QIcon:
        """The icon tinted with the palette's ``role`` (``text``, ``accent``, ``danger`` …)."""
        key = (icon, role)
        found = self._cache.get(key)
        if found is None:
            p = self.palette
            colors = {
                QIcon.Mode.Normal: getattr(p, role),
                QIcon.Mode.Active: getattr(p, role),
                QIcon.Mode.Disabled: p.text_disabled,
                QIcon.Mode.Selected: p.on_selection,
            }
            found = QIcon(_TintedEngine(icon, colors, p.on_selection))
            self._cache[key] = found
        return found


_SETS: dict[str, Icons] = {}


def palette_of(widget: QWidget) -> Palette:
    """The design-system palette in effect for ``widget``, read from its QPalette.

    AppStyle installs the palette's colours as the application QPalette, so the
    window colour names the theme; a widget under some other palette (a test
    without AppStyle) gets light or dark icons by the window's lightness.
    """
    # The application's palette, not the widget's: a style sheet rule such as
    # ``background: transparent`` rewrites a widget's own Window colour.
    app_palette = QGuiApplication.palette() if widget is not None else QPalette()
    window, text = app_palette.window().color(), app_palette.windowText().color()
    for candidate in PALETTES.values():
        if window.name() == candidate.window and text.name() == candidate.text:
            return candidate
    return LIGHT if window.lightness() >= 128 else PALETTES[Theme.DARK]


def icons_for(widget: QWidget) -> Icons:
    """The icon set matching ``widget``'s palette (cached per palette, built on first use)."""
    palette = palette_of(widget)
    found = _SETS.get(palette.theme.value)
    if found is None or found.palette != palette:
        found = Icons(palette)
        _SETS[palette.theme.value] = found
    return found
