"""Buttons with Folio's icons that follow the theme, and say what they do in words.

Why a subclass: an icon is drawn in the palette's colours, so when the theme
changes (the system turns dark, the reader picks high contrast) every button
must take its icon again; ``changeEvent`` hears the palette change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QToolButton, QWidget

from desktop.style.icons import Icon, icons_for
from desktop.style.tokens import touch_px


class IconButton(QToolButton):
    """A 9 mm tool button with an icon and (unless ``text_beside`` is off) its label beside it.

    Without the label the text still names the button for screen readers and the
    tooltip; use that only where the icon is universally known (close, more …).
    """

    def __init__(
        self,
        text: str,
        icon: Icon,
        *,
        checkable: bool = False,
        text_beside: bool = True,
        role: str = "text",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._icon = icon
        self._role = role
        self.setText(text)
        self.setAccessibleName(text.replace("&", ""))
        self.setToolTip(text.replace("&", ""))
        self.setCheckable(checkable)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if text_beside
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        self.setMinimumSize(touch_px(), touch_px())
        self._apply_icon()

    def set_icon(self, icon: Icon) -> None:
        self._icon = icon
        self._apply_icon()

    def set_label(self, text: str) -> None:
        """New words for the button (its state in words), for eyes and screen readers alike."""
        self.setText(text)
        self.setAccessibleName(text.replace("&", ""))
        self.setToolTip(text.replace("&", ""))

    def _apply_icon(self) -> None:
        self.setIcon(icons_for(self).get(self._icon, self._role))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 -- Qt override
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._apply_icon()
        super().changeEvent(event)
