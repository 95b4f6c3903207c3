"""The meetings list and the meeting screen of issue 15, on the real demo in Danish.

The list: each meeting's badges say what the vault holds (new documents, decisions
due, comments) and a zero says nothing; the pack's state shows only when a pack is
not ready, never on a past meeting. The meeting screen: the chosen item's
proposal, documents, decision and comments in the panel beside the agenda, the
first document previewed on opening (a preview is not a read: no receipt), nothing
of the last meeting left behind, and in portrait the agenda above the panel. Both
pass the touch audit and are photographed at 1280x800, 1920x1200 and 800x1280.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.screens.meetings import CARD_ROLE, Card, ChipKind
from desktop.screens.shell import ReaderShell
from desktop.tasks import OnFailure
from sync import model
from tests.gui.conftest import start_demo
from tests.gui.test_touch_audit import audit

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
SIZES = [(1280, 800), (1920, 1200), (800, 1280)]


def _on_vault(qtbot: QtBot, folio: FolioApp, fn: Any) -> Any:
    box: list[Any] = []
    errors: list[BaseException] = []
    folio.runner.vault.submit(fn, box.append, errors.append, failure=OnFailure.SHOW)
    qtbot.waitUntil(lambda: bool(box or errors), timeout=20000)
    if errors:
        raise errors[0]
    return box[0]


def _cards(reader: ReaderShell) -> dict[str, Card]:
    lst = reader.meetings.list
    cards = [lst.item(i).data(CARD_ROLE) for i in range(lst.count())]
    return {c.meeting_id: c for c in cards if isinstance(c, Card)}


def _all_ready(qtbot: QtBot, folio: FolioApp) -> list[model.Meeting]:
    api = folio.window.api
    assert api is not None

    def ready() -> bool:
        meetings = _on_vault(qtbot, folio, api.list_meetings)
        return all(m.pack_state is model.PackState.READY for m in meetings)

    qtbot.waitUntil(ready, timeout=60000)
    return list(_on_vault(qtbot, folio, api.list_meetings))


def _cut_labels(root: Any) -> list[str]:
    """Visible wrapping labels shorter than their text needs at their width."""
    return [
        label.text()
        for label in root.findChildren(QLabel)
        if label.isVisible()
        and label.wordWrap()
        and label.text()
        and label.height() < label.heightForWidth(label.width())
    ]


def _shoot(folio: FolioApp, name: str, size: tuple[int, int]) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    folio.window.grab().save(str(SHOTS / f"{name}-{size[0]}x{size[1]}-{folio.language}.png"))


def test_meetings_list_badges_and_pack_state(qtbot: QtBot, folio: FolioApp) -> None:
    folio.set_language("da")
    start_demo(qtbot, folio)
    reader = folio.window.reader
    api = folio.window.api
    assert reader is not None
    assert api is not None
    meetings = _all_ready(qtbot, folio)
    reader.refresh_meetings()
    attention = _on_vault(qtbot, folio, api.meeting_attention)
    qtbot.waitUntil(lambda: reader.meetings._attention == attention, timeout=10000)

    # Each card's badges are the vault's counts, in words; a zero count says nothing.
    cards = _cards(reader)
    assert set(cards) == {m.id for m in meetings}
    for m in meetings:
        counts = attention.get(m.id, model.MeetingAttention())
        badges = [c.text for c in cards[m.id].chips if c.kind == ChipKind.BADGE]
        assert badges == reader.meetings.badges(counts)
        assert len(badges) == sum(1 for n in dataclasses.astuple(counts) if n)
        assert not any(c.kind in (ChipKind.PROBLEM,) for c in cards[m.id].chips)
        assert all("Klar" not in t for t in cards[m.id].lines)  # ready: nothing said
    boerne = next(m for m in meetings if "Børne" in m.title)
    full = _on_vault(qtbot, folio, lambda: api.get_meeting(boerne.id))
    docs = [d for i in full.items for d in i.documents]
    assert attention[boerne.id].new_documents == len(docs)
    assert attention[boerne.id].comments == 0
    assert "4 nye dokumenter" in cards[boerne.id].lines
    assert not any("kommentar" in t for t in cards[boerne.id].lines)

    # Reading a document takes it off the count, through the one change signal.
    reader.open_meeting(boerne.id)
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.meeting, timeout=5000)
    reader.meeting.open_document_id(docs[0].id)
    qtbot.waitUntil(lambda: reader.reading, timeout=10000)
    qtbot.waitUntil(lambda: "3 nye dokumenter" in _cards(reader)[boerne.id].lines, timeout=10000)

    # The pack's state only while it is not ready, and never on a past meeting.
    page = reader.meetings
    busy = dataclasses.replace(
        boerne, pack_state=model.PackState.DOWNLOADING, bytes_total=10, bytes_done=0
    )
    assert "Henter: 0%" in [c.text for c in page.card(busy, past=False).chips]
    assert page.pack_text(busy) not in [c.text for c in page.card(busy, past=True).chips]
    assert page.pack_text(boerne) == ""

    reader.show_meetings()
    for size in SIZES:
        folio.window.resize(*size)
        QApplication.processEvents()
        assert audit(folio.window) == [], size
        _shoot(folio, "meetings", size)
        # Landscape: the upcoming meetings side by side; portrait: one above the other.
        lst = reader.meetings.list
        first, second = [lst.visualItemRect(lst.item(i)) for i in (1, 2)]
        assert (first.top() == second.top()) == (size[0] > size[1]), size
        assert second.right() <= lst.viewport().width(), size


def test_meeting_screen_panel_preview_and_portrait(qtbot: QtBot, folio: FolioApp) -> None:
    folio.set_language("da")
    start_demo(qtbot, folio)
    w = folio.window
    reader, api = w.reader, w.api
    assert reader is not None
    assert api is not None
    meetings = _all_ready(qtbot, folio)
    boerne = next(m for m in meetings if "Børne" in m.title)
    finance = next(m for m in meetings if m.title.startswith("Finance"))
    page = reader.meeting
    viewer = reader.viewer

    # Opening a meeting previews its first document beside the panel: not reading it.
    reader.open_meeting(boerne.id)
    qtbot.waitUntil(lambda: page.meeting is not None and viewer.info is not None, timeout=10000)
    full = page.meeting
    assert full is not None
    first_item = next(i for i in full.items if i.documents)
    assert viewer.document is not None
    assert viewer.document.id == first_item.documents[0].id
    assert not reader.reading
    assert page.current_item == first_item
    receipts = _on_vault(qtbot, folio, api.list_ops)
    assert not [o for o in receipts if o.kind == "read.receipt"]

    # The panel shows the chosen item: proposal, documents, decision and comments.
    decided = next(n for n, i in enumerate(full.items) if i.needs_decision)
    item = full.items[decided]
    page.select_item(decided, open_document=False)
    assert page.proposal.text() == item.proposal
    assert [b.document.id for b in page.document_buttons] == [d.id for d in item.documents]
    qtbot.waitUntil(page.decide_button.isVisible, timeout=10000)  # its case loaded
    assert "Venter på din beslutning" in page.decision.text()
    page.decide_button.click()  # the decisions screen, on this item's case
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.decisions, timeout=5000)
    qtbot.waitUntil(
        lambda: (row := reader.decisions.current_row()) is not None and row.case.item_id == item.id,
        timeout=10000,
    )
    reader.stack.setCurrentWidget(page)
    thread = reader.item_thread
    qtbot.waitUntil(lambda: thread.target == ("item", item.id), timeout=10000)
    assert thread.isVisibleTo(page)
    thread.edit.setPlainText("Spørgsmål til høringssvarene")
    thread.send.click()
    qtbot.waitUntil(lambda: thread.message.text() != "", timeout=10000)
    qtbot.waitUntil(
        lambda: any(
            "Spørgsmål til høringssvarene" in thread.tree.topLevelItem(i).text(0)
            for i in range(thread.tree.topLevelItemCount())
        ),
        timeout=10000,
    )
    # A document button opens it to read; the reader goes deep into the annex.
    annex = max(item.documents, key=lambda d: d.pages or 0)
    next(b for b in page.document_buttons if b.document.id == annex.id).click()
    qtbot.waitUntil(lambda: reader.reading and viewer.document is not None, timeout=10000)
    qtbot.waitUntil(lambda: viewer.info is not None and viewer.document.id == annex.id)  # type: ignore[union-attr]
    viewer.go_to_page(193)
    qtbot.waitUntil(lambda: "194" in viewer.reading_bar.position.text(), timeout=5000)

    # Another meeting: nothing of this one stays (page position, "Saved.", its document).
    viewer.reading_bar.back.click()
    reader.open_meeting(finance.id)
    qtbot.waitUntil(
        lambda: page.meeting is not None and page.meeting.id == finance.id, timeout=10000
    )
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=10000)
    assert "194" not in viewer.reading_bar.position.text()
    assert viewer.document is not None
    assert viewer.document.id != annex.id
    assert thread.message.text() == ""
    assert not reader.reading

    # The title: at most two lines; a tap shows it whole (the name is always whole).
    long_title = " ".join(["Ekstraordinært møde om budgettet for de kommende år"] * 4)
    page.title.set_title(long_title)
    QApplication.processEvents()
    assert page.title.clamped
    assert page.title.text().endswith("…")
    assert page.title.accessibleName() == long_title
    page.title.toggle()
    assert page.title.text() == long_title
    page.title.set_title(finance.title)

    # Every size: the audit, nothing cut; portrait stacks the agenda above the panel.
    reader.open_meeting(boerne.id)
    qtbot.waitUntil(lambda: page.meeting is not None and page.meeting.id == boerne.id)
    for size in SIZES:
        w.resize(*size)
        w.grab()  # painted once: the preview asks for its pages
        qtbot.waitUntil(
            lambda: viewer.page_view.pending_renders == 0 and len(viewer.page_view.cache) > 0,
            timeout=10000,
        )
        assert audit(w) == [], size
        assert _cut_labels(page) == [], size
        assert not page.title.clamped
        agenda, panel = page.agenda, page.detail
        top_of_panel = panel.mapTo(page, panel.rect().topLeft())
        bottom_of_agenda = agenda.mapTo(page, agenda.rect().bottomLeft())
        if size[1] > size[0]:
            assert page.portrait
            assert bottom_of_agenda.y() < top_of_panel.y()  # agenda list, then the panel
        else:
            assert not page.portrait
            assert agenda.mapTo(page, agenda.rect().topRight()).x() < top_of_panel.x()
        _shoot(folio, "meeting", size)
