"""The floating annotation palette: the tools over the page, shown by "Annotate".

Why floating: the annotation bar was a second and third row above every page
(issue 15: "Delete" wrapped alone onto a row of its own). Reading needs none of
it; annotating needs it near the hand. The palette sits at the bottom centre of
the page area, as wide as its tools need (it wraps in portrait), and hides
again when the reader turns "Annotate" off, which also goes back to the Read
tool so a stray touch does not draw.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from desktop.style.tokens import Space


class ToolPalette(QFrame):
    """Holds the annotator's bar over ``host`` (the page area), bottom centre."""

    def __init__(self, host: QWidget, tools: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("Palette")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setAccessibleName(tools.accessibleName() or self.tr("Annotation tools"))
        self._host = host
        self.tools = tools
        layout = QVBoxLayout(self)
        pad = Space.S.value
        layout.setContentsMargins(pad, pad, pad, pad)
        layout.addWidget(tools)
        host.installEventFilter(self)
        self.hide()

    def set_shown(self, on: bool) -> None:
        if on:
            self.place()
            self.show()
            self.raise_()
        else:
            self.hide()

    def place(self) -> None:
        area = self._host.rect()
        margin = Space.L.value
        pad = 2 * Space.S.value
        layout = self.tools.layout()
        items = [layout.itemAt(i) for i in range(layout.count())] if layout is not None else []
        gap = max(layout.spacing() if layout is not None else 0, Space.XS.value)
        # one row if the page is wide enough: every tool side by side, then wrap
        natural = sum(i.sizeHint().width() + gap for i in items if i is not None) + pad
        width = min(natural, area.width() - 2 * margin)
        tools_height = (
            self.tools.heightForWidth(width - pad)
            if self.tools.hasHeightForWidth()
            else self.tools.sizeHint().height()
        )
        height = min(tools_height + pad, area.height() - 2 * margin)
        self.setGeometry(
            (area.width() - width) // 2, area.height() - height - margin, width, height
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 -- Qt override
        if watched is self._host and event.type() == QEvent.Type.Resize and self.isVisible():
            self.place()
        return super().eventFilter(watched, event)
