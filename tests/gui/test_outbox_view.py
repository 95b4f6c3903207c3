"""The outbox view against a real server: a waiting change, a refused one with its sentence.

Issue 15: "1 refused by the server" could not be opened or explained, and opening a
document counted as "1 change waiting" (its read receipt). One reader decided a case
on two offline tablets; the second tablet's decision is refused (already decided),
it then writes a comment (waiting) and reads a document (a read receipt). The
status line counts one waiting and one refused and opens the outbox view, which
lists both, the refusal in the sentence desktop/errors.py gives its reason.
"""

# ruff: noqa: F811 - fixtures are imported from the integration helpers and shadow their names

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Translations
from desktop.errors import reason_text
from desktop.screens.outbox import OutboxPage
from desktop.tasks import OnFailure, TaskRunner
from desktop.widgets.status import StatusPanel
from sync import model
from tests.integration.conftest_sync import (  # noqa: F401 (fixtures)
    Device,
    DeviceFactory,
    SyncServer,
    devices,
    sync_server,
    write_meeting,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

T = TypeVar("T")
ITEM = "New school roof"


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


def _on_vault(qtbot: QtBot, runner: TaskRunner, fn: Callable[[], T]) -> T:
    box: list[T] = []
    runner.vault.submit(fn, box.append, failure=OnFailure.LOG)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


def _refused_then_waiting(server: SyncServer, devices: DeviceFactory, tmp_path: Path) -> Device:
    """A2's rejection refused (A1 approved first, both offline); then a comment waits on A2
    and A2 reads the document (a read receipt waits too)."""
    anna = server.user()
    write_meeting(
        tmp_path / "pack",
        server.committee([anna]),
        [{"number": "1", "title": ITEM, "needs_decision": True, "docs": {"roof.pdf": "Roof"}}],
    )
    server.publish(tmp_path / "pack")
    a1, a2 = devices(2, user=anna)
    for d in (a1, a2):
        assert d.sync().ok
    (case,) = a1.api.list_cases()
    server.stop()
    try:
        a1.api.decide(case.id, model.Decision.APPROVE)
        a2.api.decide(case.id, model.Decision.REJECT)
    finally:
        server.start()
    for d in (a1, a2):
        assert d.sync().ok
    meeting = a2.api.get_meeting(case.meeting_id or "")
    item = meeting.items[0]
    a2.api.add_comment("item", item.id, "Can the roof wait a year?")
    assert a2.api.mark_read(document_id=item.documents[0].id).outbox  # the receipt
    return a2


def test_the_outbox_lists_a_waiting_change_and_a_refused_one_with_its_sentence(
    qtbot: QtBot,
    qapp: QApplication,
    runner: TaskRunner,
    sync_server: SyncServer,
    devices: DeviceFactory,
    tmp_path: Path,
) -> None:
    a2 = _refused_then_waiting(sync_server, devices, tmp_path)
    assert len(a2.api.list_ops(model.OpState.WAITING)) == 2  # the comment and the receipt

    translations = Translations(qapp)
    assert translations.apply("en") == "en"  # English plurals ("1 change") come from a .qm
    panel = StatusPanel()
    qtbot.addWidget(panel)
    panel.show_status(_on_vault(qtbot, runner, a2.api.sync_status))
    # the read receipt is not counted: one change waits, one was refused
    assert panel.outbox.text() == "1 change waiting to send · 1 refused by the server"
    assert panel.outbox.isVisibleTo(panel)
    with qtbot.waitSignal(panel.outbox_requested):
        panel.outbox.click()  # the counts open the outbox view

    page = OutboxPage()
    qtbot.addWidget(page)
    page.show_entries(_on_vault(qtbot, runner, a2.api.outbox_entries))
    rows = page.rows_shown()
    # what waits first, then what was refused; the read receipt is not listed
    assert [r.title.text() for r in rows] == [
        f"Comment on “{ITEM}”",
        f"Decision: reject on “1. {ITEM}”",  # the case is titled with its number
    ]
    waiting, refused = rows
    assert waiting.reason is None
    assert waiting.when.text().startswith("Made ")
    assert "Test meeting" in waiting.when.text()
    assert refused.reason is not None
    assert refused.reason.text() == reason_text("already_decided")
    assert "already reached the server from another of your devices" in refused.reason.text()
    assert page.waiting_heading.text() == "Waiting to be sent (1)"
    assert page.refused_heading.text() == "Refused by the server (1)"
    assert page.sync_button.isVisibleTo(page)  # the next step for what waits

    # in Danish: the reason's sentence, never the code
    assert translations.apply("da") == "da"
    try:
        danish = OutboxPage()
        qtbot.addWidget(danish)
        danish.show_entries(page.entries)
        texts = " ".join(
            label.text()
            for row in danish.rows_shown()
            for label in (row.title, row.when, row.reason)
            if label is not None
        )
        assert reason_text("already_decided") in texts
        assert "already_decided" not in texts
        assert "Kommentar" in texts
    finally:
        translations.apply("en")
