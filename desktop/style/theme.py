"""Applies the design system to the application and follows the system's theme.

Why a proxy style beside the style sheet: a few sizes are pixel metrics the
style sheet cannot reach (the clear button inside a field, the splitter's
handle, tab scroll buttons, icon sizes), and Qt's standard icons are replaced
by ours where Qt draws them itself (the clear button). The proxy wraps Fusion,
the one style that looks the same on Windows, macOS and Linux tablets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionComplex,
    QStyleOptionSpinBox,
    QWidget,
)

from desktop.style.icons import Icon, Icons
from desktop.style.palette import LIGHT, ContrastHints, Palette, ThemeChoice, qpalette, resolve
from desktop.style.sheet import style_sheet
from desktop.style.tokens import Metrics, Radius


class FolioStyle(QProxyStyle):
    """Fusion with touch-sized metrics and Folio's icons where Qt would use its own."""

    def __init__(self, metrics: Metrics, icons: Icons, palette: Palette = LIGHT) -> None:
        base = QStyleFactory.create("Fusion")
        super().__init__(base)
        self.metrics = metrics
        self.icons = icons
        self.palette_tokens = palette

    def sizeFromContents(  # noqa: N802 -- Qt override
        self,
        contents: QStyle.ContentsType,
        option: QStyleOption,
        size: QSize,
        widget: QWidget | None = None,
    ) -> QSize:
        found = super().sizeFromContents(contents, option, size, widget)  # type: ignore[arg-type]  # Qt accepts a null widget; the stubs say otherwise
        if contents == QStyle.ContentsType.CT_SpinBox:
            # room for a minus and a plus button, each a full touch target
            return QSize(
                size.width() + 2 * self.metrics.touch + 8, max(size.height(), self.metrics.touch)
            )
        if contents == QStyle.ContentsType.CT_ItemViewItem:
            # list rows, outline rows, agenda rows: one tap each (issue 15: 14 px before)
            found.setHeight(max(found.height(), self.metrics.touch))
        return found

    def subControlRect(  # noqa: N802 -- Qt override
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        sub: QStyle.SubControl,
        widget: QWidget | None = None,
    ) -> QRect:
        if control != QStyle.ComplexControl.CC_SpinBox:
            return super().subControlRect(control, option, sub, widget)  # type: ignore[arg-type]  # Qt accepts a null widget
        # Spin buttons side by side, minus on the left and plus on the right, each
        # 9 mm wide and the field's full height (issue 15: 13 px arrows before).
        r: QRect = option.rect
        t = min(self.metrics.touch, max(1, r.width() // 3))
        SC = QStyle.SubControl  # noqa: N806 - Qt's own name
        if sub == SC.SC_SpinBoxDown:
            return QRect(r.left(), r.top(), t, r.height())
        if sub == SC.SC_SpinBoxUp:
            return QRect(r.right() - t + 1, r.top(), t, r.height())
        if sub == SC.SC_SpinBoxEditField:
            return r.adjusted(t + 4, 2, -t - 4, -2)
        return QRect(r)

    def drawComplexControl(  # noqa: N802 -- Qt override
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if control != QStyle.ComplexControl.CC_SpinBox or not isinstance(
            option, QStyleOptionSpinBox
        ):
            super().drawComplexControl(control, option, painter, widget)
            return
        p = self.palette_tokens
        SC = QStyle.SubControl  # noqa: N806 - Qt's own name
        r: QRect = option.rect
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(p.focus if focused else p.border), 2 if focused else 1)
        painter.setPen(pen)
        painter.setBrush(QColor(p.surface))
        radius = self.metrics.radius(Radius.M)
        painter.drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        steps = option.stepEnabled
        for sub, glyph, flag in (
            (SC.SC_SpinBoxDown, Icon.MINUS, QAbstractSpinBox.StepEnabledFlag.StepDownEnabled),
            (SC.SC_SpinBoxUp, Icon.PLUS, QAbstractSpinBox.StepEnabledFlag.StepUpEnabled),
        ):
            rect = self.subControlRect(control, option, sub, widget).adjusted(2, 2, -2, -2)
            pressed = bool(option.activeSubControls & sub) and bool(
                option.state & QStyle.StateFlag.State_Sunken
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(p.selection if pressed else p.surface_alt))
            painter.drawRoundedRect(QRectF(rect), radius - 2, radius - 2)
            enabled = bool(steps & flag) and bool(option.state & QStyle.StateFlag.State_Enabled)
            side = self.metrics.icon
            icon_rect = QRect(0, 0, side, side)
            icon_rect.moveCenter(rect.center())
            mode = QIcon.Mode.Normal if enabled else QIcon.Mode.Disabled
            self.icons.get(glyph).paint(painter, icon_rect, mode=mode)
        painter.restore()

    def drawControl(  # noqa: N802 -- Qt override
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.ControlElement.CE_Splitter:
            # A touch-wide handle drawn as a thin centred line: the target is 9 mm,
            # the ink stays quiet.
            rect: QRect = option.rect
            grip = self.metrics.splitter_grip
            color = QColor(self.palette_tokens.border)
            if not option.state & QStyle.StateFlag.State_Horizontal:
                line = QRect(rect.left(), rect.center().y() - grip // 2, rect.width(), grip)
            else:
                line = QRect(rect.center().x() - grip // 2, rect.top(), grip, rect.height())
            painter.fillRect(line, color)
            return
        super().drawControl(element, option, painter, widget)

    def pixelMetric(  # noqa: N802 -- Qt override
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        m = self.metrics
        PM = QStyle.PixelMetric  # noqa: N806 - Qt's own name, for short lines
        if metric == PM.PM_LineEditIconSize:
            # Qt sizes the clear button as (icon + 6) x (icon + 2): a 32 px icon slot
            # gives a 38 x 34 target; the glyph inside stays icon-sized.
            return m.touch - 2
        if metric == PM.PM_LineEditIconMargin:
            return 0
        if metric == PM.PM_SplitterWidth:
            return m.touch
        if metric == PM.PM_TabBarScrollButtonWidth:
            return m.touch
        if metric in (PM.PM_ButtonIconSize, PM.PM_ToolBarIconSize, PM.PM_TabBarIconSize):
            return m.icon
        if metric in (PM.PM_SmallIconSize, PM.PM_ListViewIconSize):
            return m.icon
        if metric in (PM.PM_IndicatorWidth, PM.PM_IndicatorHeight):
            return m.icon
        if metric in (PM.PM_ExclusiveIndicatorWidth, PM.PM_ExclusiveIndicatorHeight):
            return m.icon
        return super().pixelMetric(metric, option, widget)

    def standardIcon(  # noqa: N802 -- Qt override
        self,
        standard_icon: QStyle.StandardPixmap,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> QIcon:
        SP = QStyle.StandardPixmap  # noqa: N806 - Qt's own name
        ours = {
            SP.SP_LineEditClearButton: Icon.CLEAR,
            SP.SP_DialogCloseButton: Icon.CLEAR,
            SP.SP_DialogCancelButton: Icon.CLEAR,
            SP.SP_DialogOkButton: Icon.CHECK,
            SP.SP_DialogApplyButton: Icon.CHECK,
            SP.SP_ArrowBack: Icon.BACK,
            SP.SP_ArrowUp: Icon.CHEVRON_UP,
            SP.SP_ArrowDown: Icon.CHEVRON_DOWN,
            SP.SP_ArrowLeft: Icon.CHEVRON_LEFT,
            SP.SP_ArrowRight: Icon.CHEVRON_RIGHT,
            SP.SP_MessageBoxWarning: Icon.WARNING,
            SP.SP_MessageBoxInformation: Icon.INFO,
            SP.SP_MessageBoxCritical: Icon.ERROR,
        }.get(standard_icon)
        if ours is not None:
            return self.icons.get(ours, "text_muted" if ours is Icon.CLEAR else "text")
        return super().standardIcon(standard_icon, option, widget)


class _Connectable(Protocol):
    def connect(self, slot: Callable[..., object]) -> object: ...


class WatchableContrast(ContrastHints, Protocol):
    @property
    def contrastPreferenceChanged(self) -> _Connectable: ...  # noqa: N802 -- Qt's name


class WatchableHints(Protocol):
    """QStyleHints as AppStyle uses it: read the scheme, and hear when it changes."""

    def colorScheme(self) -> Qt.ColorScheme: ...  # noqa: N802 -- Qt's name

    def accessibility(self) -> WatchableContrast: ...

    @property
    def colorSchemeChanged(self) -> _Connectable: ...  # noqa: N802 -- Qt's name


class AppStyle(QObject):
    """The design system in force: palette, metrics, icons; re-applied when the system changes.

    Created once by app.py and passed to screens (no global). Screens read
    ``palette``/``metrics``/``icons`` and connect ``theme_did_change`` to
    re-apply anything they draw themselves (icons, painted pages).
    """

    theme_did_change = Signal(object)  # the new Palette

    def __init__(
        self,
        app: QApplication,
        choice: ThemeChoice = ThemeChoice.SYSTEM,
        hints: WatchableHints | None = None,
    ) -> None:
        super().__init__(app)
        self._app = app
        self._choice = choice
        self._hints: WatchableHints = hints if hints is not None else app.styleHints()
        screen = app.primaryScreen()
        self.metrics = Metrics(screen.logicalDotsPerInch() if screen is not None else 96.0)
        self.palette: Palette = resolve(choice, self._hints)
        self.icons = Icons(self.palette)
        self._hints.colorSchemeChanged.connect(self._system_changed)
        self._hints.accessibility().contrastPreferenceChanged.connect(self._system_changed)

    @property
    def choice(self) -> ThemeChoice:
        return self._choice

    def apply(self) -> None:
        """Install style, palette and sheet on the application (every window follows)."""
        style = FolioStyle(self.metrics, self.icons, self.palette)
        self._app.setStyle(style)
        self._app.setPalette(qpalette(self.palette))
        self._app.setStyleSheet(style_sheet(self.palette, self.metrics))

    def set_choice(self, choice: ThemeChoice) -> None:
        """The reader's choice in Settings: a fixed theme, or follow the system again."""
        self._choice = choice
        self._refresh()

    def _system_changed(self, *_args: object) -> None:
        if self._choice is ThemeChoice.SYSTEM:
            self._refresh()

    def _refresh(self) -> None:
        palette = resolve(self._choice, self._hints)
        if palette == self.palette:
            return
        self.palette = palette
        self.icons = Icons(palette)
        self.apply()
        self.theme_did_change.emit(palette)
