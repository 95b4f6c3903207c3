"""The screen audit (issue 15's proof): one walk over a screen's visible QWidgets.

``audit(root, language)`` fails on what a reader on a tablet would trip over: an
interactive widget under 9 mm, text that does not fit its widget (elided or clipped),
an interactive widget a screen reader cannot name, Tab order against reading order,
English source text shown while the language is Danish or Swedish, and text under
WCAG AA contrast (4.5:1) against what is really behind it. ``contact_sheet`` builds the
grid of screenshots a person looks at. tests/gui/test_audit.py walks every screen.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitterHandle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabBar,
    QToolButton,
    QTreeView,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
TOUCH = 34  # 9 mm at 96 dpi
AA = 4.5
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
# Qt's own parts inside a control that is measured whole: the spin box's text field
# (the spin box is 9 mm and so are its minus and plus buttons).
QT_PARTS_SIZED_BY_THEIR_OWNER = frozenset({"qt_spinbox_lineedit"})

# Reviewed: text that reads the same in every language or is data, not UI text. A
# widget whose text is one of these is never "untranslated".
SAME_IN_EVERY_LANGUAGE = frozenset(
    {
        "Folio",  # the product's name
        "PDF",
        "OK",
        "PIN",
        "…",
    }
)


def _needs_emoji_font(text: str) -> bool:
    return any(ord(c) >= 0x1F000 for c in text)


def describe(w: QWidget) -> str:
    text = w.accessibleName() or _shown_text(w) or w.objectName()
    return f"{type(w).__name__} '{text[:40]}' in {type(w.parent()).__name__}"


def _shown_text(w: QWidget) -> str:
    if isinstance(w, (QLabel, QAbstractButton)):
        return w.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return ""


def _plain(text: str) -> str:
    if GuiQt.mightBeRichText(text):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def _shown(w: QWidget) -> bool:
    return w.isVisible() and w.width() > 0 and w.height() > 0


# --- 9 mm ----------------------------------------------------------------------------


def small_targets(w: QWidget) -> list[str]:
    if isinstance(w, QTabBar):
        return [
            f"tab '{w.tabText(i)}' {w.tabRect(i).height()} px"
            for i in range(w.count())
            if w.tabRect(i).height() < TOUCH
        ]
    if isinstance(w.parent(), QTabBar):
        return []  # the tab bar's own scroll buttons, sized by the style's metric
    if isinstance(w, (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)):
        return [f"{describe(w)}: {w.width()}x{w.height()}"] if w.height() < TOUCH else []
    if isinstance(w, QAbstractItemView):
        model = w.model()
        rows = min(model.rowCount() if model is not None else 0, 12)
        found = []
        for r in range(rows):
            rect = w.visualRect(model.index(r, 0))
            if rect.isValid() and 0 < rect.height() < TOUCH:
                found.append(f"row {r} of {describe(w)}: {rect.height()} px")
        return found
    if isinstance(w, QSplitterHandle):
        side = w.width() if w.orientation() == Qt.Orientation.Horizontal else w.height()
        return [f"splitter handle in {describe(w)}: {side} px"] if side < TOUCH else []
    return []


# --- text that does not fit ------------------------------------------------------------


def _label_clipped(label: QLabel) -> bool:
    text = label.text()
    if not text.strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return False
    rect = label.contentsRect()
    inset = max(label.margin(), 0) * 2 + max(label.indent(), 0)
    width, height = rect.width() - inset, rect.height() - max(label.margin(), 0) * 2
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    if rich:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(label.font())
        doc.setHtml(text)
        if label.wordWrap():
            doc.setTextWidth(width)
            return doc.size().height() > height + 1 or doc.idealWidth() > width + 1
        return doc.idealWidth() > width + 1 or doc.size().height() > height + 1
    fm = label.fontMetrics()
    if label.wordWrap():
        needed = fm.boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, text)
        return needed.height() > height + 1 or needed.width() > width + 1
    lines = text.split("\n")
    return (
        max(fm.horizontalAdvance(line) for line in lines) > width + 1
        or fm.height() * len(lines) > height + 2
    )


def _button_clipped(b: QAbstractButton) -> bool:
    if not _shown_text(b).strip():
        return False
    if b.hasHeightForWidth():
        return b.heightForWidth(b.width()) > b.height() + 1
    if isinstance(b, QToolButton) and b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return False
    fm = QFontMetrics(b.font())
    text_width = max(fm.horizontalAdvance(line) for line in _shown_text(b).split("\n"))
    icon = b.iconSize().width() + 4 if not b.icon().isNull() else 0
    if isinstance(b, (QCheckBox, QRadioButton)):
        icon = b.style().pixelMetric(b.style().PixelMetric.PM_IndicatorWidth, None, b) + 4
    return text_width + icon > b.contentsRect().width()


def _cells(w: QAbstractItemView) -> Iterable[tuple[int, int]]:
    model = w.model()
    if model is None:
        return
    columns = w.header().count() if isinstance(w, QTreeView) else 1
    for r in range(min(model.rowCount(), 12)):
        for c in range(columns):
            if not (isinstance(w, QTreeView) and w.header().isSectionHidden(c)):
                yield r, c


def _draws_like_qt(delegate: object) -> bool:
    """Qt's own item delegate, or a subclass that leaves painting to it (sizes only)."""
    return isinstance(delegate, QStyledItemDelegate) and (
        type(delegate).paint is QStyledItemDelegate.paint
    )


def clipped_cells(w: QAbstractItemView) -> list[str]:
    """Rows of a tree or list drawn by Qt's own delegate whose text is cut off (elided
    with "…", or wrapped past the row's height); custom painters lay out their own text."""
    delegate = w.itemDelegate()
    if not _draws_like_qt(delegate):
        return []
    model = w.model()
    found = []
    for r, c in _cells(w):
        index = model.index(r, c)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        rect = w.visualRect(index)
        if not isinstance(text, str) or not text.strip() or not rect.isValid():
            continue
        option = QStyleOptionViewItem()
        option.initFrom(w)
        delegate.initStyleOption(option, index)  # type: ignore[attr-defined]
        wraps = bool(option.features & QStyleOptionViewItem.ViewItemFeature.WrapText)
        fm = QFontMetrics(option.font)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        room = rect.width() - 2 * 6 - (w.iconSize().width() + 4 if icon is not None else 0)
        if isinstance(w, QTreeView) and c == w.header().count() - 1:
            room = min(room, w.viewport().width() - rect.left() - 2 * 6)
        if wraps:
            needed = fm.boundingRect(
                QRect(0, 0, max(room, 1), 100000), Qt.TextFlag.TextWordWrap, text
            )
            cut = needed.height() > rect.height() or needed.width() > room
        else:
            cut = max(fm.horizontalAdvance(line) for line in text.split("\n")) > room
        if cut:
            found.append(f"text cut off in row {r} column {c} of {describe(w)}: {text[:40]!r}")
    return found


def clipped_text(w: QWidget) -> list[str]:
    if isinstance(w, QHeaderView):
        return []  # its model is the view's: the view's cells are judged there
    if isinstance(w, QAbstractItemView):
        return clipped_cells(w)
    if isinstance(w, QLabel) and _label_clipped(w):
        return [f"text cut off in {describe(w)} ({w.width()}x{w.height()})"]
    if isinstance(w, (QPushButton, QToolButton, QCheckBox, QRadioButton)) and _button_clipped(w):
        return [f"text cut off in {describe(w)} ({w.width()}x{w.height()})"]
    return []


# --- accessible names ------------------------------------------------------------------


def unnamed(w: QWidget) -> list[str]:
    if not isinstance(w, INTERACTIVE) or isinstance(w, QTabBar):
        return []
    if w.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(w, QAbstractButton):
        return []
    if w.objectName().startswith("qt_"):  # Qt's own internals (the spin box's line edit)
        return []
    if w.accessibleName().strip() or _shown_text(w).strip():
        return []
    return [f"no accessible name: {type(w).__name__} in {type(w.parent()).__name__}"]


# --- Tab order against reading order ---------------------------------------------------


def _tab_stop(w: QWidget) -> bool:
    return (
        w.isVisible()
        and w.isEnabled()
        and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and w.focusProxy() is None
        and not w.objectName().startswith("qt_")
    )


def _backwards(a: QRect, b: QRect) -> bool:
    """Tabbing from ``a`` to ``b`` goes back against reading order: ``b`` is on an
    earlier line of the same column, or left of ``a`` on the same line."""
    same_line = b.top() < a.bottom() and a.top() < b.bottom()
    same_column = b.left() < a.right() and a.left() < b.right()
    if same_line and not same_column:
        return b.right() <= a.left()
    return same_column and b.bottom() <= a.top()


def tab_order(root: QWidget) -> list[str]:
    """Walk the focus chain from the first Tab stop under ``root``; in reading order a
    chain jumps back only once (from the last stop to the first)."""
    stops = [w for w in root.findChildren(QWidget) if _tab_stop(w)]
    if len(stops) < 3:
        return []
    members = set(stops)
    first = stops[0]
    chain: list[QWidget] = []
    w = first
    for _ in range(4 * len(root.findChildren(QWidget)) + 10):
        if w in members and w not in chain:
            chain.append(w)
        w = w.nextInFocusChain()
        if w is first:
            break
    rects = [QRect(s.mapTo(root.window(), s.rect().topLeft()), s.size()) for s in chain]
    jumps = [
        f"Tab goes back from {describe(chain[i])} to {describe(chain[(i + 1) % len(chain)])}"
        for i in range(len(chain))
        if _backwards(rects[i], rects[(i + 1) % len(chain)])
    ]
    return jumps if len(jumps) > 1 else []


# --- untranslated ----------------------------------------------------------------------


@cache
def _english_pattern(language: str) -> re.Pattern[str] | None:
    """English source texts that ``language`` translates differently, as one pattern
    (a %1 or %n in a source matches whatever was put there)."""
    path = ROOT / "resources" / "i18n" / f"folio_{language}.ts"
    if not path.exists():
        return None
    parts = []
    for msg in ET.parse(path).getroot().iter("message"):
        source = msg.findtext("source") or ""
        tr = msg.find("translation")
        if tr is None or msg.get("numerus") == "yes":
            continue
        if (tr.text or "").strip() == source.strip() or source in SAME_IN_EVERY_LANGUAGE:
            continue
        literal = re.sub(r"%(\d+|n)", "", source)
        if len(re.sub(r"[^A-Za-z]", "", literal)) < 4:
            continue  # "%1 (%2)": nothing English in it to find
        pieces = re.split(r"%(?:\d+|n)", source)
        parts.append(".*".join(re.escape(p) for p in pieces))
    return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None


def texts_shown(w: QWidget) -> Iterable[str]:
    if isinstance(w, (QLabel, QAbstractButton)):
        yield _plain(_shown_text(w))
    if isinstance(w, QLineEdit):
        yield w.placeholderText()
    if isinstance(w, QTabBar):
        yield from (w.tabText(i) for i in range(w.count()))
    if isinstance(w, QAbstractItemView) and w.model() is not None:
        model = w.model()
        for r in range(min(model.rowCount(), 12)):
            for c in range(w.header().count() if isinstance(w, QTreeView) else 1):
                value = model.index(r, c).data(Qt.ItemDataRole.DisplayRole)
                if isinstance(value, str):
                    yield value
    if isinstance(w, INTERACTIVE):
        yield w.accessibleName()


def untranslated(w: QWidget, language: str) -> list[str]:
    if language not in ("da", "sv"):
        return []
    pattern = _english_pattern(language)
    if pattern is None:
        return []
    found = []
    for shown in texts_shown(w):
        text = shown.strip()
        if text and text not in SAME_IN_EVERY_LANGUAGE and pattern.fullmatch(text):
            found.append(f"English in {language}: {describe(w)}: {text!r}")
    return found


# --- contrast --------------------------------------------------------------------------


def _luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _paints_own_background(w: QWidget) -> bool:
    return (
        w.isWindow()
        or w.autoFillBackground()
        or w.testAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        or isinstance(w, QAbstractButton)
        or (isinstance(w.parent(), QAbstractScrollArea) and w is w.parent().viewport())  # type: ignore[attr-defined]
    )


def background_behind(w: QWidget) -> QColor:
    """The colour the style paints behind ``w``'s text: its own background role if it
    paints one (opaque), else its nearest ancestor's that does."""
    node: QWidget | None = w
    while node is not None:
        if _paints_own_background(node):
            color = node.palette().color(QPalette.ColorGroup.Active, node.backgroundRole())
            if color.alpha() == 255:
                return color
        node = node.parentWidget()
    return w.palette().color(QPalette.ColorRole.Window)


def low_contrast_cells(w: QAbstractItemView) -> list[str]:
    """Rows given their own text colour (a deadline in the warning colour) against the
    view's base; a selected row is drawn in the selection colours the palette tests."""
    model = w.model()
    if model is None or not w.isEnabled():
        return []
    base = w.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
    found = []
    for r, c in _cells(w):
        index = model.index(r, c)
        fg = index.data(Qt.ItemDataRole.ForegroundRole)
        if fg is None or not index.data(Qt.ItemDataRole.DisplayRole):
            continue
        color = fg.color() if isinstance(fg, QBrush) else QColor(fg)
        bg = index.data(Qt.ItemDataRole.BackgroundRole)
        behind = (bg.color() if isinstance(bg, QBrush) else QColor(bg)) if bg else base
        ratio = contrast_ratio(color, behind)
        if ratio < AA:
            found.append(
                f"contrast {ratio:.2f}:1 ({color.name()} on {behind.name()}) in row {r} "
                f"column {c} of {describe(w)}"
            )
    return found


def low_contrast(w: QWidget) -> list[str]:
    if isinstance(w, QHeaderView):
        return []
    if isinstance(w, QAbstractItemView):
        return low_contrast_cells(w)
    if not isinstance(w, (QLabel, QAbstractButton)) or not w.isEnabled():
        return []
    if not _shown_text(w).strip():
        return []
    fg = w.palette().color(QPalette.ColorGroup.Active, w.foregroundRole())
    bg = background_behind(w)
    ratio = contrast_ratio(fg, bg)
    if ratio < AA:
        return [f"contrast {ratio:.2f}:1 ({fg.name()} on {bg.name()}) in {describe(w)}"]
    return []


# --- the audit -------------------------------------------------------------------------


def audit(root: QWidget, language: str, focus_root: QWidget | None = None) -> list[str]:
    """What fails among the visible widgets under ``root``; Tab order is judged under
    ``focus_root`` (a sheet, when one is open) or ``root``."""
    problems: list[str] = []
    for w in root.findChildren(QWidget):
        if not _shown(w) or w.objectName() in QT_PARTS_SIZED_BY_THEIR_OWNER:
            continue
        if _needs_emoji_font(_shown_text(w)):
            problems.append(f"emoji in {describe(w)}")
        problems += small_targets(w)
        problems += clipped_text(w)
        problems += unnamed(w)
        problems += untranslated(w, language)
        problems += low_contrast(w)
    problems += tab_order(focus_root or root)
    return problems


def contact_sheet(shots: list[tuple[str, Path]], out: Path, columns: int = 6) -> None:
    """A grid of the screenshots, each with its caption, for a person to look over."""
    cell_w, cell_h, caption = 320, 240, 34
    rows = (len(shots) + columns - 1) // columns
    sheet = QImage(columns * cell_w, max(rows, 1) * (cell_h + caption), QImage.Format.Format_RGB32)
    sheet.fill(QColor("white"))
    painter = QPainter(sheet)
    font = QFont()
    font.setPixelSize(12)
    painter.setFont(font)
    for i, (title, path) in enumerate(shots):
        x, y = (i % columns) * cell_w, (i // columns) * (cell_h + caption)
        image = QImage(str(path))
        if not image.isNull():
            scaled = image.scaled(
                cell_w - 8,
                cell_h - 8,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            painter.drawImage(x + (cell_w - scaled.width()) // 2, y + 4, scaled)
        painter.setPen(QColor("black"))
        painter.drawText(
            QRect(x + 4, y + cell_h, cell_w - 8, caption),
            Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
            title,
        )
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(str(out))
