"""Reading mode in the real app (issue 15): the document gets the window.

Opening a document from the agenda hides the shell's bar and the agenda column;
one slim bar stays (back, agenda drawer, page position, find, Annotate, "…").
The page widget's share of the window is measured at 1280x800 and in portrait
800x1280 (at least 90 %). Screenshots of every state at the issue's three sizes,
in Danish and English, go to artifacts/screenshots/reading/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.screens.shell import ReaderShell
from desktop.viewer.reading_bar import GoToPageSheet
from tests.gui.conftest import start_demo

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots" / "reading"
SIZES = [(1280, 800), (1920, 1200), (800, 1280)]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def open_document(qtbot: QtBot, folio: FolioApp) -> ReaderShell:
    start_demo(qtbot, folio)
    reader = folio.window.reader
    assert reader is not None
    lst = reader.meetings.list
    row = next(i for i in range(lst.count()) if "Børne" in lst.item(i).text())
    lst.itemActivated.emit(lst.item(row))
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.meeting, timeout=5000)
    assert not reader.reading  # the meeting screen first: agenda beside the preview
    agenda = reader.meeting.agenda
    agenda.itemActivated.emit(agenda.topLevelItem(2).child(1), 0)
    qtbot.waitUntil(lambda: reader.viewer.info is not None, timeout=10000)
    qtbot.waitUntil(lambda: reader.reading, timeout=5000)
    return reader


def settle(qtbot: QtBot, reader: ReaderShell) -> None:
    QApplication.processEvents()
    view = reader.viewer.page_view
    qtbot.waitUntil(lambda: view.pending_renders == 0 and view.is_sharp(), timeout=10000)


def page_share(folio: FolioApp, reader: ReaderShell) -> float:
    view = reader.viewer.page_view
    window = folio.window
    return (view.width() * view.height()) / (window.width() * window.height())


def shoot(folio: FolioApp, name: str, size: tuple[int, int]) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    folio.window.grab().save(str(SHOTS / f"{name}-{size[0]}x{size[1]}-{folio.language}.png"))


@pytest.mark.parametrize("size", [(1280, 800), (800, 1280)], ids=["landscape", "portrait"])
def test_the_page_gets_90_percent_of_the_window(
    qtbot: QtBot, folio: FolioApp, size: tuple[int, int]
) -> None:
    folio.window.resize(*size)
    reader = open_document(qtbot, folio)
    qtbot.waitUntil(lambda: folio.window.size().width() == size[0])
    settle(qtbot, reader)
    assert not reader.top_bar.isVisible()
    assert not reader.meeting.agenda.isVisible()  # in the drawer, closed
    share = page_share(folio, reader)
    assert share >= 0.90, f"the page has {share:.0%} of the window at {size}"
    bar = reader.viewer.reading_bar
    assert bar.height() <= 40
    for b in (bar.back, bar.agenda, bar.position, bar.find_button, bar.annotate, bar.more):
        assert b.isVisible(), b.accessibleName()
        assert b.width() >= b.sizeHint().width(), f"{b.text()} is cut"


def test_drawer_palette_more_and_back(qtbot: QtBot, folio: FolioApp) -> None:
    reader = open_document(qtbot, folio)
    viewer, meeting = reader.viewer, reader.meeting
    bar = viewer.reading_bar
    first = viewer.document
    assert first is not None
    # the agenda drawer: over the page, and choosing a document closes it
    bar.agenda.click()
    assert meeting.drawer.is_open
    assert meeting.agenda.isVisible()
    node = meeting.agenda.topLevelItem(2).child(0)
    with qtbot.waitSignal(viewer.document_did_open, timeout=10000):
        meeting.agenda.itemActivated.emit(node, 0)
    assert viewer.document is not None
    assert viewer.document.id != first.id
    assert not meeting.drawer.is_open
    assert reader.reading
    # Annotate shows the floating palette; off again goes back to reading
    palette = viewer.tool_palette
    assert palette is not None
    bar.annotate.click()
    assert palette.isVisible()
    assert viewer.stack.rect().contains(palette.geometry())
    assert viewer.annotator is not None
    bar.annotate.click()
    assert not palette.isVisible()
    # "…" holds zoom, pages, bookmarks, export and Lock, each 9 mm
    bar.more.click()
    assert viewer.controls.more.is_open
    for b in (viewer.controls.fit_width, reader.export_pdf, reader.reading_lock):
        assert b.isVisible()
        assert b.height() >= 34
    qtbot.keyClick(viewer.controls.fit_width, Qt.Key.Key_Escape)
    assert not viewer.controls.more.is_open
    # "Page 1 of N" opens go-to-page
    bar.position.click()
    sheet = viewer.window().findChild(GoToPageSheet)
    assert sheet is not None
    sheet.page.setValue(3)
    sheet.go.click()
    qtbot.waitUntil(lambda: viewer.page_view.current_page == 2)
    # Meeting: back beside the agenda, the shell's bar returns
    bar.back.click()
    assert not reader.reading
    assert reader.top_bar.isVisible()
    assert meeting.agenda.isVisible()


def test_escape_closes_the_drawer_then_leaves_reading(qtbot: QtBot, folio: FolioApp) -> None:
    reader = open_document(qtbot, folio)
    reader.viewer.reading_bar.agenda.click()
    assert reader.meeting.drawer.is_open
    qtbot.keyClick(reader, Qt.Key.Key_Escape)
    assert not reader.meeting.drawer.is_open
    assert reader.reading
    qtbot.keyClick(reader, Qt.Key.Key_Escape)
    assert not reader.reading


@pytest.mark.parametrize("language", ["en", "da"])
def test_screenshots(qtbot: QtBot, folio: FolioApp, language: str) -> None:
    folio.set_language(language)
    reader = open_document(qtbot, folio)
    viewer = reader.viewer
    for size in SIZES:
        folio.window.resize(*size)
        qtbot.waitUntil(lambda s=size: folio.window.size().width() == s[0])
        settle(qtbot, reader)
        shoot(folio, "1-reading", size)
        viewer.reading_bar.agenda.click()
        shoot(folio, "2-drawer", size)
        reader.meeting.drawer.close_panel()
        viewer.reading_bar.annotate.click()
        shoot(folio, "3-annotate", size)
        viewer.reading_bar.annotate.click()
        viewer.reading_bar.more.click()
        shoot(folio, "4-more", size)
        viewer.controls.more.close_panel()
        viewer.reading_bar.position.click()
        shoot(folio, "5-go-to-page", size)
        sheet = viewer.window().findChild(GoToPageSheet)
        assert sheet is not None
        sheet.reject()
        viewer.reading_bar.back.click()
        shoot(folio, "6-meeting", size)
        agenda = reader.meeting.agenda
        agenda.itemActivated.emit(agenda.topLevelItem(2).child(1), 0)
        qtbot.waitUntil(lambda: reader.reading, timeout=5000)
