"""What a sync round changed reaches the open screen by one signal, with no timer.

A real server on loopback (the demo server) publishes a new document into the
meeting the reader has open, and a colleague, on her own enrolled device,
comments on the agenda item the reader is looking at. After the app's next
round the meeting screen lists the document and the item's thread shows the
comment: the round's ``RoundResult.changes`` went out on
``TaskRunner.vault_did_change`` and the shell refreshed what it names. Nothing
polls: the shell has no timer left (checked below).

This test changes the server's material, so it runs its own demo server.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.tasks import OnFailure
from resources.demo import build as demo_build
from server import admin
from sync import model
from tests.gui.conftest import SharedDemoServer, start_demo
from tests.gui.test_discuss import _comment_nodes
from tests.integration.conftest_sync import PASSWORD, enroll_device, pdf_bytes

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LATE_TITLE = "Late addendum (published after the pack)"


@pytest.fixture
def demo_server() -> Iterator[SharedDemoServer]:
    """This test's own demo server (it publishes and comments)."""
    server = SharedDemoServer()
    yield server
    server.stop()


def _on_vault(qtbot: QtBot, folio: FolioApp, fn: Any) -> Any:
    box: list[Any] = []
    errors: list[BaseException] = []
    folio.runner.vault.submit(fn, box.append, errors.append, failure=OnFailure.SHOW)
    qtbot.waitUntil(lambda: bool(box or errors), timeout=20000)
    if errors:
        raise errors[0]
    return box[0]


def _shown_titles(meeting: model.Meeting | None) -> set[str]:
    return {d.title for i in (meeting.items if meeting else ()) for d in i.documents}


def test_a_new_document_and_a_colleagues_comment_show_without_polling(
    qtbot: QtBot, folio: FolioApp, demo_server: SharedDemoServer, tmp_path: Path
) -> None:
    start_demo(qtbot, folio)
    w = folio.window
    api, reader = w.api, w.reader
    assert api is not None
    assert reader is not None
    qtbot.waitUntil(lambda: w.sync.running, timeout=10000)
    # No poll: no repeating timer of seconds runs anywhere in the reader's screens.
    polls = [
        t
        for t in reader.findChildren(QTimer)
        if t.isActive() and not t.isSingleShot() and t.interval() >= 1000
    ]
    assert polls == []

    # The reader opens a meeting with an open agenda item and reads that item.
    def an_open_item() -> tuple[model.Meeting, model.AgendaItem]:
        for meeting in api.list_meetings():
            full = api.get_meeting(meeting.id)
            for item in full.items:
                if not item.closed and item.documents:
                    return full, item
        raise AssertionError("no demo meeting with an open item")

    meeting, item = _on_vault(qtbot, folio, an_open_item)
    reader.open_meeting(meeting.id)
    qtbot.waitUntil(lambda: reader.meeting.meeting is not None, timeout=10000)
    index = next(n for n, it in enumerate(reader.meeting.meeting.items) if it.id == item.id)  # type: ignore[union-attr]
    reader.meeting.select_item(index, open_document=False)
    thread = reader.item_thread
    qtbot.waitUntil(lambda: thread._target == ("item", item.id), timeout=10000)
    before = _comment_nodes(thread)
    assert LATE_TITLE not in _shown_titles(reader.meeting.meeting)

    # The secretariat publishes one more document in that meeting (same folder, same
    # bytes for the others: only the new one is new).
    server = demo_server.get()
    folders = demo_build.build(tmp_path / "folders", date.today())
    folder = next(f for f in folders if _toml(f)["title"] == meeting.title)
    toml = (folder / "meeting.toml").read_text(encoding="utf-8")
    first = f'documents = [{{file = "{item.documents[0].filename}"'
    assert toml.count(first) == 1
    toml = toml.replace(
        first, f'documents = [{{file = "late.pdf", title = "{LATE_TITLE}"}}, ' + first[13:]
    )
    (folder / "meeting.toml").write_text(toml, encoding="utf-8")
    (folder / "late.pdf").write_bytes(pdf_bytes("late addendum", pages=2))
    server.publish(folder)

    # A colleague in the same committee comments on the item from her own device.
    colleague = "colleague-" + meeting.id[:8]
    admin.add_user(server.ctx, colleague, PASSWORD, "A. Colleague")
    admin.add_member(server.ctx, str(_toml(folder)["committee"]), colleague)
    device = enroll_device(server, colleague, tmp_path / "colleague")  # type: ignore[arg-type]
    try:
        assert device.sync().ok
        device.api.add_comment("item", item.id, "A colleague's remark on the late addendum")
        assert device.sync().ok
    finally:
        device.close()

    # The reader's app syncs (as the loop or live events would make it): both show up.
    w.sync.sync_now()
    qtbot.waitUntil(lambda: LATE_TITLE in _shown_titles(reader.meeting.meeting), timeout=60000)
    qtbot.waitUntil(lambda: _comment_nodes(thread) == before + 1, timeout=30000)
    assert thread._target == ("item", item.id)


def _toml(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "meeting.toml").read_text(encoding="utf-8"))
