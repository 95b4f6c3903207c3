"""Panels over the page: a drawer from the left edge and a popover under a button.

Why overlays and not docks or popup windows: in reading mode the document keeps
the whole window, and the agenda or the "…" menu appear over it only while the
reader needs them. They live inside the window (a popup window cannot be seen
in a screenshot of the main window and lands oddly on tablets); a tap beside the
panel or Esc closes it, and the keyboard focus goes into the panel and back to
the button that opened it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from desktop.style.tokens import Metrics, Space


def _metrics(widget: QWidget) -> Metrics:
    screen = widget.screen()
    return Metrics(screen.logicalDotsPerInch() if screen is not None else 96.0)


class _Catcher(QWidget):
    """Catches taps beside the panel (and dims the page behind a drawer)."""

    tapped = Signal()

    def __init__(self, host: QWidget, *, dim: bool) -> None:
        super().__init__(host)
        if dim:
            self.setObjectName("Scrim")
            self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.hide()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 -- Qt override
        self.tapped.emit()
        event.accept()


class Overlay(QFrame):
    """A panel over ``host``; subclasses say where it sits (``place``)."""

    did_open = Signal()
    did_close = Signal()

    def __init__(self, host: QWidget, name: str, *, dim: bool) -> None:
        super().__init__(host)
        self.setObjectName("Palette")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._host = host
        self._catcher = _Catcher(host, dim=dim)
        self._catcher.tapped.connect(self.close_panel)
        self._return_focus: QWidget | None = None
        self.content = QVBoxLayout(self)
        m = _metrics(host)
        self.metrics = m
        pad = m.space(Space.S)
        self.content.setContentsMargins(pad, pad, pad, pad)
        self.content.setSpacing(m.space(Space.XS))
        host.installEventFilter(self)
        self.hide()

    @property
    def is_open(self) -> bool:
        return self.isVisible()

    def open_panel(self, return_focus: QWidget | None = None) -> None:
        self._return_focus = return_focus
        self._catcher.setGeometry(self._host.rect())
        self._catcher.show()
        self._catcher.raise_()
        self.place()
        self.show()
        self.raise_()
        first = self.first_focus()
        if first is not None:
            first.setFocus(Qt.FocusReason.PopupFocusReason)
        self.did_open.emit()

    def close_panel(self) -> None:
        if not self.isVisible():
            return
        self.hide()
        self._catcher.hide()
        if self._return_focus is not None and self._return_focus.isVisible():
            self._return_focus.setFocus(Qt.FocusReason.PopupFocusReason)
        self.did_close.emit()

    def toggle(self, return_focus: QWidget | None = None) -> None:
        if self.isVisible():
            self.close_panel()
        else:
            self.open_panel(return_focus)

    def first_focus(self) -> QWidget | None:
        for w in self.findChildren(QWidget):
            if w.isVisibleTo(self) and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
                return w
        return None

    def place(self) -> None:
        raise NotImplementedError

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 -- Qt override
        if watched is self._host and event.type() == QEvent.Type.Resize and self.isVisible():
            self._catcher.setGeometry(self._host.rect())
            self.place()
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 -- Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.close_panel()
            event.accept()
            return
        super().keyPressEvent(event)


class Drawer(Overlay):
    """The agenda (or another list) sliding over the left of the page, full height."""

    #: widest drawer in logical px at 96 dpi; never more than 85 % of the host
    WIDTH = 420

    def __init__(self, host: QWidget, name: str) -> None:
        super().__init__(host, name, dim=True)

    def place(self) -> None:
        area = self._host.rect()
        width = min(round(self.WIDTH * self.metrics.scale), round(area.width() * 0.85))
        self.setGeometry(0, 0, width, area.height())


class Popover(Overlay):
    """A small panel of touch-sized buttons under the button that opened it."""

    def __init__(self, host: QWidget, name: str) -> None:
        super().__init__(host, name, dim=False)
        self._anchor: QWidget | None = None

    def open_under(self, anchor: QWidget) -> None:
        self._anchor = anchor
        self.open_panel(return_focus=anchor)

    def place(self) -> None:
        self.adjustSize()
        area = self._host.rect()
        size = self.sizeHint().boundedTo(area.size())
        x, y = area.width() - size.width(), 0
        if self._anchor is not None:
            corner = self._anchor.mapTo(self._host, QPoint(self._anchor.width(), 0))
            x = corner.x() - size.width()
            y = corner.y() + self._anchor.height()
        x = max(0, min(x, area.width() - size.width()))
        y = max(0, min(y, area.height() - size.height()))
        self.setGeometry(x, y, size.width(), size.height())
