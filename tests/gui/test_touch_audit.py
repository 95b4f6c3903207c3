"""The 9 mm rule and emoji glyphs on the private-notes screens, and the reading bar's Tab order.

The walk over every screen in every size, language and theme, with all of the
audit's rules, is tests/gui/test_audit.py (rules in tests/gui/audit.py). Here: the
private-notes notice and sheets in en/da/sv with their screenshots, and the reading
bar's Tab order checked control by control. Scroll bars are left out: on a tablet
one scrolls the content (kinetic scrolling); the bars only show where one is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QSplitterHandle,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.ops.notes import NotesOverview
from desktop.screens.shell import ReaderShell
from desktop.tasks import OnFailure
from desktop.widgets.sheets import Sheet
from sync.api import NotesStatus, PendingDevice
from sync.model import OpState, OutboxEntry, SyncStatus
from tests.gui.conftest import start_demo

TOUCH = 34
# Qt's own parts inside a control that is measured whole: the spin box's text field
# (the spin box is 9 mm and so are its minus and plus buttons).
QT_PARTS_SIZED_BY_THEIR_OWNER = frozenset({"qt_spinbox_lineedit"})

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _needs_emoji_font(text: str) -> bool:
    return any(ord(c) >= 0x1F000 for c in text)


def _name(w: QWidget) -> str:
    text = w.accessibleName() or getattr(w, "text", lambda: "")() or w.objectName()
    return f"{type(w).__name__} '{text}' in {type(w.parent()).__name__}"


def audit(root: QWidget) -> list[str]:
    """What is under 9 mm or needs an emoji font, among the visible widgets under ``root``."""
    problems: list[str] = []
    for w in root.findChildren(QWidget):
        if not w.isVisible() or w.objectName() in QT_PARTS_SIZED_BY_THEIR_OWNER:
            continue
        text = w.text() if isinstance(w, (QLabel, QAbstractButton)) else ""
        if _needs_emoji_font(text):
            problems.append(f"emoji in {_name(w)}: {text!r}")
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.tabRect(i).height() < TOUCH:
                    problems.append(f"tab '{w.tabText(i)}' {w.tabRect(i).height()} px")
            continue
        if isinstance(w.parent(), QTabBar):
            continue  # the tab bar's own scroll buttons, sized by the style's metric
        if isinstance(w, (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)):
            if w.height() < TOUCH:
                problems.append(f"{_name(w)}: {w.width()}x{w.height()}")
        elif isinstance(w, QAbstractItemView):
            model = w.model()
            rows = min(model.rowCount() if model is not None else 0, 12)
            for r in range(rows):
                index = model.index(r, 0)
                rect = w.visualRect(index)
                if rect.isValid() and 0 < rect.height() < TOUCH:
                    problems.append(f"row {r} of {_name(w)}: {rect.height()} px")
        elif isinstance(w, QSplitterHandle):
            side = w.width() if w.orientation() == Qt.Orientation.Horizontal else w.height()
            if side < TOUCH:
                problems.append(f"splitter handle in {_name(w)}: {side} px")
    return problems


def check(folio: FolioApp, screen: str, failures: dict[str, list[str]]) -> None:
    QApplication.processEvents()
    found = audit(folio.window)
    if found:
        failures[screen] = found


def open_reading(qtbot: QtBot, reader: ReaderShell) -> None:
    lst = reader.meetings.list
    row = next(i for i in range(lst.count()) if "Børne" in lst.item(i).text())
    lst.itemActivated.emit(lst.item(row))
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.meeting, timeout=5000)


def test_reading_bar_tab_order_follows_what_the_eye_sees(qtbot: QtBot, folio: FolioApp) -> None:
    start_demo(qtbot, folio)
    reader = folio.window.reader
    assert reader is not None
    open_reading(qtbot, reader)
    agenda = reader.meeting.agenda
    agenda.itemActivated.emit(agenda.topLevelItem(2).child(1), 0)
    qtbot.waitUntil(lambda: reader.reading, timeout=10000)
    bar = reader.viewer.reading_bar
    shown = [
        b
        for b in (bar.back, bar.agenda, bar.position, bar.find_button, bar.annotate, bar.more)
        if b.isVisible()
    ]
    order: list[QWidget] = []
    w: QWidget = shown[0]
    for _ in range(60):
        if w in shown and w not in order:
            order.append(w)
        w = w.nextInFocusChain()
    assert order == sorted(shown, key=lambda b: b.mapTo(bar, b.rect().topLeft()).x())
    # the page comes right after the bar: the reader's next Tab is the document
    after = bar.more.nextInFocusChain()
    while after is not reader.viewer.page_view and not (
        after.isVisible() and after.focusPolicy() & Qt.FocusPolicy.TabFocus
    ):
        after = after.nextInFocusChain()
    assert after is reader.viewer.page_view


NOTES_SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "notes"


def _notes_screens(reader: ReaderShell) -> list[tuple[str, Callable[[], Sheet | None]]]:
    """Each private-notes screen (desktop/screens/notes.py) with the data it shows: the
    notice and a sheet, built from what the facade answers (no server round needed)."""
    notes = reader.private_notes
    asked = datetime(2026, 12, 7, 9, 41, tzinfo=UTC)
    tablet = PendingDevice("dev-2", "Tablet 2", "ap-1", "482913", "", requested_at=asked)
    key = "7K2M-Q9XD-4FHT-W3RA-8NCE-P6VJ-1BYG"
    waiting = NotesOverview(NotesStatus(False, True, "482913", None), ())
    request = NotesOverview(NotesStatus(True, False, None, None, others_approved=1), (tablet,))
    unwritten = NotesOverview(NotesStatus(True, False, None, key, others_approved=0), ())

    def show(overview: NotesOverview, sheet: Callable[[], Sheet | None]) -> Sheet | None:
        notes._show(overview)
        return sheet()

    return [
        ("code", lambda: show(waiting, notes.show_code)),
        ("recovery-entry", lambda: show(waiting, notes.type_recovery_key)),
        ("approval-request", lambda: show(request, notes.review_request)),
        ("recovery-key", lambda: show(unwritten, notes.show_recovery_key)),
        ("wipe-last-tablet", lambda: reader.settings_page.confirm_wipe(unwritten)),
    ]


def test_private_notes_screens_are_9_mm_in_every_language(qtbot: QtBot, folio: FolioApp) -> None:
    """The notice and every private-notes sheet pass the audit in English, Danish and
    Swedish; their screenshots land in artifacts/screenshots/notes/ to be looked at."""
    folio.window.resize(1280, 800)
    start_demo(qtbot, folio)
    NOTES_SHOTS.mkdir(parents=True, exist_ok=True)
    failures: dict[str, list[str]] = {}
    for language in ("en", "da", "sv"):
        folio.set_language(language)
        reader = folio.window.reader
        assert reader is not None
        reader.show_meetings()
        # the page's own reading of the vault first, so it does not replace the shown data
        notes = reader.private_notes
        qtbot.waitUntil(lambda n=notes: n.overview is not None, timeout=5000)
        for name, open_screen in _notes_screens(reader):
            sheet = open_screen()
            assert sheet is not None
            assert reader.notes_notice.isVisible() or name.startswith("wipe")
            QApplication.processEvents()
            check(folio, f"{name} ({language})", failures)
            folio.window.grab().save(str(NOTES_SHOTS / f"{name}-{language}.png"))
            sheet.reject()
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())


GUIDE_SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "guide"


def _idle_vault(qtbot: QtBot, folio: FolioApp) -> None:
    """Wait until the vault lane ran what was queued before (it runs jobs in order)."""
    done: list[bool] = []
    folio.runner.vault.submit(lambda: True, done.append, failure=OnFailure.LOG)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)


@pytest.mark.first_run
@pytest.mark.parametrize("size", [(1280, 800), (800, 1280)], ids=["landscape", "portrait"])
def test_guide_and_outbox_are_9_mm_in_danish(
    qtbot: QtBot, folio: FolioApp, size: tuple[int, int]
) -> None:
    """Each card of the first-run guide, and the outbox view with a waiting and a refused
    change (and the status line's counts that open it), in Danish; screenshots land in
    artifacts/screenshots/guide/ to be looked at."""
    folio.window.resize(*size)
    folio.set_language("da")
    start_demo(qtbot, folio)
    w = folio.window
    reader = w.reader
    assert reader is not None
    guide = reader.guide
    assert guide is not None
    GUIDE_SHOTS.mkdir(parents=True, exist_ok=True)
    orientation = "landscape" if size[0] > size[1] else "portrait"
    failures: dict[str, list[str]] = {}
    heights = set()
    for step in range(len(guide.steps)):
        guide.show_step(step)
        QApplication.processEvents()
        heights.add(guide.card.height())
        check(folio, f"guide card {step + 1}", failures)
        w.grab().save(str(GUIDE_SHOTS / f"guide-{step + 1}-{orientation}-da.png"))
    assert len(heights) == 1  # the buttons stay where the finger is from card to card
    guide.reject()

    reader.show_outbox()
    _idle_vault(qtbot, folio)  # the page's own reading of the vault first
    made = datetime(2026, 12, 7, 9, 41, tzinfo=UTC)
    reader.outbox_page.show_entries(
        [
            OutboxEntry(
                "op-1",
                "comment.add",
                OpState.WAITING,
                made,
                subject="Ny skolebygning",
                meeting_title="Børne- og skoleudvalget",
            ),
            OutboxEntry(
                "op-2",
                "annotation.put",
                OpState.SENT,
                made,
                subject="Budget 2027",
                page=11,
                meeting_title="Børne- og skoleudvalget",
                detail="highlight",
            ),
            OutboxEntry(
                "op-3",
                "approval.decide",
                OpState.REJECTED,
                made,
                reason="deadline_passed",
                subject="4. Nyt tag på skolen",
                meeting_title="Økonomiudvalget",
                detail="approve",
            ),
        ]
    )
    w.status.show_status(
        SyncStatus(True, "https://folio.example", made, None, ops_waiting=2, ops_rejected=1)
    )
    QApplication.processEvents()
    assert w.status.outbox.isVisible()
    check(folio, "outbox", failures)
    w.grab().save(str(GUIDE_SHOTS / f"outbox-{orientation}-da.png"))
    # the counts open the view from any screen
    reader.show_meetings()
    w.status.outbox.click()
    assert reader.stack.currentWidget() is reader.outbox_page
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())
