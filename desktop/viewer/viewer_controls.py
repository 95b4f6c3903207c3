"""The viewer's buttons that wait in the reading bar's "…" panel (issue 15), and their state.

Reading mode has one slim bar; fit, zoom, the side panel, bookmarking, the agenda's
previous and next item and night mode sit in a popover under its "…". The buttons
follow the page view (a pinch ends a fit, a page turn changes "Bookmarked").
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from desktop.style.icons import Icon
from desktop.viewer.page_view import PageView
from desktop.viewer.reading_bar import ReadingBar
from desktop.widgets.buttons import IconButton
from desktop.widgets.overlay import Popover
from desktop.widgets.ui import set_checked_text


class ViewerControls(QObject):
    """Owned by the viewer (``viewer``: the popover's parent)."""

    def __init__(
        self, viewer: QWidget, page_view: PageView, reading_bar: ReadingBar, *, night: bool
    ) -> None:
        super().__init__(viewer)
        self._page_view = page_view
        self._reading_bar = reading_bar
        self.prev_item = IconButton(self.tr("Previous item"), Icon.CHEVRON_UP)
        self.next_item = IconButton(self.tr("Next item"), Icon.CHEVRON_DOWN)
        self.fit_width = IconButton(self.tr("Fit width"), Icon.FIT_WIDTH, checkable=True)
        self.fit_page = IconButton(self.tr("Fit page"), Icon.FIT_PAGE, checkable=True)
        self.fit_width.setChecked(True)
        self.fit_width.clicked.connect(lambda: self._set_fit("width"))
        self.fit_page.clicked.connect(lambda: self._set_fit("page"))
        self.zoom_out = IconButton(self.tr("Zoom out"), Icon.ZOOM_OUT)
        self.zoom_in = IconButton(self.tr("Zoom in"), Icon.ZOOM_IN)
        self.zoom_out.clicked.connect(lambda: page_view.zoom_by(1 / 1.25))
        self.zoom_in.clicked.connect(lambda: page_view.zoom_by(1.25))
        self.panel_button = IconButton(self.tr("Pages"), Icon.THUMBNAILS, checkable=True)
        self.panel_button.setChecked(False)
        self.bookmark_button = IconButton(self.tr("Bookmark"), Icon.BOOKMARK, checkable=True)
        self.night_button = IconButton(self.tr("Night mode"), Icon.NIGHT, checkable=True)
        self.night_button.setChecked(night)
        self.night_button.toggled.connect(self._toggle_night)
        page_view.set_night(night)
        page_view.zoom_changed.connect(self.sync_fit)

        self.more = Popover(viewer, self.tr("More"))
        for row in (
            (self.fit_width, self.fit_page),
            (self.zoom_out, self.zoom_in),
            (self.panel_button, self.bookmark_button),
            (self.prev_item, self.next_item),
            (self.night_button,),
        ):
            self.add_to_more(*row)
        reading_bar.more_requested.connect(self.show_more)

    def add_to_more(self, *widgets: QWidget) -> None:
        """Put buttons into the "…" panel, side by side in one row, full width."""
        row = QHBoxLayout()
        row.setSpacing(self.more.content.spacing())
        for w in widgets:
            w.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            row.addWidget(w)
        self.more.content.addLayout(row)

    def show_more(self) -> None:
        self.more.open_under(self._reading_bar.more)

    def set_enabled(self, enabled: bool) -> None:
        """Off while no document is open: nothing to fit, zoom, find, bookmark or annotate."""
        bar = self._reading_bar
        for w in (
            self.fit_width,
            self.fit_page,
            self.zoom_in,
            self.zoom_out,
            bar.find_button,
            self.bookmark_button,
            self.panel_button,
            bar.annotate,
        ):
            w.setEnabled(enabled)
        if not enabled:
            bar.annotate.setChecked(False)
            bar.set_position(None, 0)

    def show_bookmarked(self, marked: bool) -> None:
        self.bookmark_button.setChecked(marked)
        set_checked_text(self.bookmark_button, self.tr("Bookmarked"), self.tr("Bookmark"))

    def sync_fit(self, _zoom: float | None = None) -> None:
        """The fit buttons show the page view's fit (a zoom by hand ends it)."""
        fit = self._page_view.fit
        self.fit_width.setChecked(fit == "width")
        self.fit_page.setChecked(fit == "page")

    def _set_fit(self, fit: str) -> None:
        self.fit_width.setChecked(fit == "width")
        self.fit_page.setChecked(fit == "page")
        self._page_view.set_fit(fit)

    def _toggle_night(self, on: bool) -> None:
        self._page_view.set_night(on)
        set_checked_text(self.night_button, self.tr("Night mode on"), self.tr("Night mode"))
