"""A bookmark set on the reader's other tablet shows in the open document's list.

A sync round that brought bookmarks names their documents in
``Changes.bookmarks`` and goes out on ``TaskRunner.vault_did_change``; the shell
reloads the open viewer's bookmark list when its document is named, and leaves it
alone otherwise. Here the bookmark is written on the vault lane without announcing
it (as the pull phase writes it), then the round's change is announced as the sync
service announces it.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.tasks import OnFailure
from sync import model
from tests.gui.conftest import start_demo

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _on_vault(qtbot: QtBot, folio: FolioApp, fn: Any) -> Any:
    box: list[Any] = []
    errors: list[BaseException] = []
    folio.runner.vault.submit(fn, box.append, errors.append, failure=OnFailure.SHOW)
    qtbot.waitUntil(lambda: bool(box or errors), timeout=20000)
    if errors:
        raise errors[0]
    return box[0]


def _pages_listed(folio: FolioApp) -> list[str]:
    reader = folio.window.reader
    assert reader is not None
    lst = reader.viewer.panel.bookmark_list
    return [lst.item(i).text() for i in range(lst.count())]


def test_bookmarks_from_a_sync_round_reach_the_open_document(qtbot: QtBot, folio: FolioApp) -> None:
    start_demo(qtbot, folio)
    w = folio.window
    api, reader = w.api, w.reader
    assert api is not None
    assert reader is not None

    def a_document() -> model.Document:
        for meeting in api.list_meetings():
            for item in api.get_meeting(meeting.id).items:
                for doc in item.documents:
                    if doc.state is model.DocumentState.VERIFIED and (doc.pages or 0) >= 3:
                        return doc
        raise AssertionError("no downloaded demo document with 3 pages")

    doc: model.Document = _on_vault(qtbot, folio, a_document)
    reader.open_meeting(doc.meeting_id)
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.meeting, timeout=10000)
    viewer = reader.viewer
    with qtbot.waitSignal(viewer.document_did_open, timeout=20000):
        reader.meeting.open_document_id(doc.id)
    _on_vault(qtbot, folio, lambda: None)  # the opening's own bookmark load has answered
    assert _pages_listed(folio) == []

    _on_vault(qtbot, folio, lambda: api.add_bookmark(doc.id, 2))  # not announced
    # a round that changed another document's bookmarks: this list stays as it is
    folio.runner.vault_did_change.emit(model.Changes(bookmarks=frozenset({"elsewhere"})), w.sync)
    # a fence: the vault lane runs in order, so a reload queued by that signal would
    # have run and answered before this job answers
    _on_vault(qtbot, folio, lambda: None)
    assert _pages_listed(folio) == []
    folio.runner.vault_did_change.emit(model.Changes(bookmarks=frozenset({doc.id})), w.sync)
    qtbot.waitUntil(lambda: _pages_listed(folio) == ["Page 3"], timeout=10000)
    assert viewer.panel.bookmark_list.count() == 1
