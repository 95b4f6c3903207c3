"""Reading mode's one slim bar, and the go-to-page sheet its page position opens.

Why one bar: issue 15 measured three or four rows of chrome above the page
(55-70 % of the screen left for the document). In reading mode there is one
row: back to the meeting, the agenda drawer, the page position (a tap opens
go-to-page), find, an "Annotate" toggle that shows the floating tool palette,
and "…" for everything else. The document's title shows only when it fits
whole; it is never cut to "Budg…".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSpinBox, QWidget

from desktop.style.fonts import set_role
from desktop.style.icons import Icon
from desktop.style.tokens import Space, TextRole, touch_px
from desktop.widgets.buttons import IconButton
from desktop.widgets.sheets import Sheet, sheet_button


class ReadingBar(QWidget):
    """Back, agenda, title, page position, find, annotate, more: one row of 9 mm targets."""

    back_requested = Signal()
    drawer_requested = Signal()
    go_to_page_requested = Signal()
    find_requested = Signal()
    annotate_toggled = Signal(bool)
    more_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Bar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName(self.tr("Reading bar"))
        self.back = IconButton(self.tr("Meeting"), Icon.BACK)
        self.back.setToolTip(self.tr("Back to the meeting"))
        self.agenda = IconButton(self.tr("Agenda"), Icon.DRAWER)
        self.agenda.setToolTip(self.tr("Show the agenda"))
        self.title = set_role(QLabel(), TextRole.SUBTITLE)
        self.title.setWordWrap(False)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setAccessibleName(self.tr("Document"))
        # The bar's own resize comes before its layout gives the title its new width;
        # the title's resize is when its width is known.
        self.title.installEventFilter(self)
        self._title = ""
        self.position = IconButton(self.tr("Page"), Icon.READ)
        self.position.setToolTip(self.tr("Go to a page"))
        self.find_button = IconButton(self.tr("Find"), Icon.SEARCH)
        self.find_button.setToolTip(self.tr("Find in document"))
        self.annotate = IconButton(self.tr("Annotate"), Icon.ANNOTATE, checkable=True)
        self.annotate.setToolTip(self.tr("Show the annotation tools"))
        self.more = IconButton(self.tr("More"), Icon.MORE, text_beside=False)
        self.more.setToolTip(self.tr("More: pages, zoom, bookmarks, export"))

        row = QHBoxLayout(self)
        edge = Space.XXS.value
        row.setContentsMargins(Space.S.value, edge, Space.S.value, edge)
        row.setSpacing(Space.XS.value)
        row.addWidget(self.back)
        row.addWidget(self.agenda)
        row.addSpacing(Space.S.value)
        row.addWidget(self.title, 1)
        for w in (self.position, self.find_button, self.annotate, self.more):
            row.addWidget(w)
        self.setFixedHeight(touch_px() + 2 * edge)

        self.back.clicked.connect(self.back_requested)
        self.agenda.clicked.connect(self.drawer_requested)
        self.position.clicked.connect(self.go_to_page_requested)
        self.find_button.clicked.connect(self.find_requested)
        self.annotate.toggled.connect(self._annotate_toggled)
        self.more.clicked.connect(self.more_requested)
        self.set_position(None, 0)

    def set_title(self, title: str) -> None:
        self._title = title
        self.title.setAccessibleName(title or self.tr("Document"))
        self._fit_title()

    def set_position(self, page: int | None, count: int) -> None:
        """``page`` is 0-based; None while no document is open."""
        if page is None or count <= 0:
            self.position.set_label(self.tr("Page"))
            self.position.setEnabled(False)
            return
        text = self.tr("Page %1 of %2").replace("%1", str(page + 1)).replace("%2", str(count))
        self.position.set_label(text)
        self.position.setToolTip(self.tr("Go to a page"))
        self.position.setEnabled(True)

    def _annotate_toggled(self, on: bool) -> None:
        self.annotate.set_label(self.tr("Annotating") if on else self.tr("Annotate"))
        self.annotate.setToolTip(
            self.tr("Hide the annotation tools") if on else self.tr("Show the annotation tools")
        )
        self.annotate_toggled.emit(on)

    def _fit_title(self) -> None:
        fits = bool(self._title) and (
            self.title.fontMetrics().horizontalAdvance(self._title)
            <= self.title.contentsRect().width()
        )
        self.title.setText(self._title if fits else "")
        self.title.setToolTip(self._title)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 -- Qt override
        if watched is self.title and event.type() == QEvent.Type.Resize:
            self._fit_title()
        return super().eventFilter(watched, event)


class GoToPageSheet(Sheet):
    """ "Page 12 of 300" opens this: type or step to a page, then Go."""

    def __init__(self, host: QWidget, current: int, count: int) -> None:
        super().__init__(host, QCoreApplication.translate("GoToPageSheet", "Go to page"))
        self.add_text(
            QCoreApplication.translate("GoToPageSheet", "This document has %1 pages.").replace(
                "%1", str(count)
            )
        )
        self.page = QSpinBox()
        self.page.setRange(1, max(1, count))
        self.page.setValue(current + 1)
        self.page.setAccessibleName(QCoreApplication.translate("GoToPageSheet", "Page number"))
        self.page.setMinimumWidth(
            touch_px() * 2 + self.page.fontMetrics().horizontalAdvance("0" * (len(str(count)) + 3))
        )
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.page, 0, Qt.AlignmentFlag.AlignLeft)
        self.go = sheet_button(QCoreApplication.translate("GoToPageSheet", "Go"), role="primary")
        self.cancel = sheet_button(QCoreApplication.translate("GoToPageSheet", "Cancel"))
        self.set_choices(self.go, self.cancel)
        self.go.clicked.connect(self.accept)
        self.cancel.clicked.connect(self.reject)
        self.page.lineEdit().returnPressed.connect(self.accept)
        self._chosen = current

    def first_focus(self) -> QWidget:
        return self.page

    def open(self) -> None:
        super().open()
        self.page.selectAll()

    def accept(self) -> None:
        self._chosen = self.page.value() - 1  # kept: the widgets go once the sheet closes
        super().accept()

    def chosen(self) -> int:
        """The page chosen, 0-based."""
        return self._chosen
