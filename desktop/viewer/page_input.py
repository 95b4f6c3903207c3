"""What the reader's hands do to the page view: taps, stylus, pinch, wheel, keys, hover.

With the reading tool a short tap on the outer edge turns the page (as on an
e-reader) and a drag scrolls; with any other tool the press, drag and release go to
the page's marks. Each handler answers whether it used the event, so the view hands
the rest to Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QTabletEvent, QWheelEvent
from PySide6.QtWidgets import QGestureEvent, QPinchGesture, QToolTip

from desktop.viewer.annotation_layer import Tool
from desktop.viewer.page_marks import PageMarks

if TYPE_CHECKING:
    from desktop.viewer.page_view import PageView

# A tap on the outer 12 % of the view (at least 48 px, about 13 mm) turns the page, as
# on an e-reader; a press that moved more than the slop was a scroll, not a tap.
EDGE_TAP_SHARE = 0.12
EDGE_TAP_MIN_PX = 48
EDGE_TAP_SLOP_PX = 12
NOTE_TOOLTIP_CHARS = 600


class PageInput:
    """Owned by a ``PageView``, which forwards its input events here."""

    def __init__(self, view: PageView, marks: PageMarks) -> None:
        self._view = view
        self._marks = marks
        self._tablet_down = False
        self._tap_from: QPointF | None = None

    # -- mouse and touch -------------------------------------------------
    def mouse_press(self, event: QMouseEvent) -> bool:
        left = event.button() == Qt.MouseButton.LeftButton
        if left and self._marks.press(event.position(), 0.5):
            return True
        if left and self._marks.tool is Tool.READ:
            self._tap_from = event.position()
        return False

    def mouse_move(self, event: QMouseEvent) -> bool:
        return self._marks.move(event.position(), 0.5)

    def mouse_release(self, event: QMouseEvent) -> bool:
        left = event.button() == Qt.MouseButton.LeftButton
        if left and self._marks.release(event.position(), 0.5):
            return True
        start, self._tap_from = self._tap_from, None
        if (
            left
            and self._marks.tool is Tool.READ
            and start is not None
            and (event.position() - start).manhattanLength() < EDGE_TAP_SLOP_PX
        ):
            step = self._edge_step(event.position())
            if step:
                self._view.turn_page(step)
                return True
        return False

    def mouse_double_click(self, event: QMouseEvent) -> bool:
        """Double-click (double-tap) a note to read and edit it, with the reading or select tool."""
        if event.button() == Qt.MouseButton.LeftButton and self._marks.tool in (
            Tool.READ,
            Tool.SELECT,
        ):
            note = self._view.note_under(event.position())
            if note is not None:
                self._view.note_edit_requested.emit(note)
                return True
        return False

    def _edge_step(self, pos: QPointF) -> int:
        """-1 or 1 for a tap on the outer edge of the view (an e-reader's page turn), else 0."""
        width = self._view.viewport().width()
        edge = max(EDGE_TAP_MIN_PX, width * EDGE_TAP_SHARE)
        if pos.x() <= edge:
            return -1
        if pos.x() >= width - edge:
            return 1
        return 0

    def tablet(self, event: QTabletEvent) -> bool:
        """A stylus draws with its pressure; accepting stops Qt faking mouse events from it."""
        pos, pressure = event.position(), float(event.pressure())
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._tablet_down = self._marks.press(pos, pressure)
            handled = self._tablet_down
        elif kind == QEvent.Type.TabletMove:
            handled = self._tablet_down and self._marks.move(pos, pressure)
        else:
            handled = self._tablet_down and self._marks.release(pos, pressure)
            self._tablet_down = False
        if handled:
            event.accept()
        return handled

    # -- the viewport's other events: stylus, pinch, a note's tooltip -----
    def viewport_event(self, event: QEvent) -> bool:
        if isinstance(event, QTabletEvent) and self.tablet(event):
            return True
        if event.type() == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                flags = pinch.changeFlags()
                if flags & QPinchGesture.ChangeFlag.ScaleFactorChanged:
                    viewport = self._view.viewport()
                    center = viewport.mapFromGlobal(pinch.centerPoint().toPoint())
                    self._view.zoom_by(pinch.scaleFactor(), QPointF(center))
                event.accept(pinch)
                return True
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            note = self._view.note_under(QPointF(event.pos()))
            if note is not None and note.text:
                text = note.text
                if len(text) > NOTE_TOOLTIP_CHARS:
                    text = text[:NOTE_TOOLTIP_CHARS] + "…"
                QToolTip.showText(event.globalPos(), text, self._view.viewport())
                return True
            QToolTip.hideText()
        return False

    def wheel(self, event: QWheelEvent) -> bool:
        """Ctrl + wheel zooms around the pointer; a plain wheel scrolls (Qt's)."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        steps = event.angleDelta().y()
        if steps:
            self._view.zoom_by(1.0015**steps, event.position())
        event.accept()
        return True

    # -- keys ------------------------------------------------------------
    def key_press(self, event: QKeyEvent) -> bool:
        view = self._view
        vbar = view.verticalScrollBar()
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._marks.selected is not None:
            view.delete_requested.emit(self._marks.selected)
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            # a page at a time, snapped to the page's top (a scroll by a screenful left
            # the reader with half of two pages)
            view.turn_page(1 if key == Qt.Key.Key_PageDown else -1)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Left) and not self._wider_than_view():
            view.turn_page(1 if key == Qt.Key.Key_Right else -1)
        elif key == Qt.Key.Key_Home:
            view.go_to_page(0)
        elif key == Qt.Key.Key_End:
            vbar.setValue(vbar.maximum())
        elif key == Qt.Key.Key_Space:
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            vbar.setValue(vbar.value() + (-vbar.pageStep() if shift else vbar.pageStep()))
        else:
            return False
        event.accept()
        return True

    def _wider_than_view(self) -> bool:
        """Zoomed past the width: Left/Right scroll sideways instead of turning."""
        return self._view.horizontalScrollBar().maximum() > 0
