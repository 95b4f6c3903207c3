"""The Decisions page after one reader decided a case differently on two offline tablets.

Real server on loopback, two real vaults of one reader, the real DecisionsPage on a
real TaskRunner: the refused decision reads "Decided on your other tablet: Approved"
(in English and Danish), never the reason code, and the server's answer is the one
the page shows as the reader's decision. The same refusal, with a comment still
waiting and a read receipt, reads in the outbox view (issue 15: "1 refused by the
server" could not be opened, and a read receipt counted as "1 change waiting").
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
from desktop.ops.annotate import CommentOps, DecisionOps
from desktop.screens.decisions import DecisionsPage
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


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


def _conflict(server: SyncServer, devices: DeviceFactory, tmp_path: Path) -> Device:
    """Approved on A1 and rejected on A2, both offline; A1 reached the server first."""
    anna = server.user()
    write_meeting(
        tmp_path / "pack",
        server.committee([anna]),
        [{"number": "1", "title": "New school roof", "needs_decision": True, "docs": {}}],
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
    return a2


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Decided on your other tablet: Approved"),
        ("da", "Besluttet på din anden tablet: Godkendt"),
    ],
)
def test_refused_decision_reads_decided_on_your_other_tablet(
    qtbot: QtBot,
    qapp: QApplication,
    runner: TaskRunner,
    sync_server: SyncServer,
    devices: DeviceFactory,
    tmp_path: Path,
    language: str,
    sentence: str,
) -> None:
    a2 = _conflict(sync_server, devices, tmp_path)
    translations = Translations(qapp)
    assert translations.apply(language) == language
    try:
        page = DecisionsPage(runner, DecisionOps(a2.api), CommentOps(a2.api))
        qtbot.addWidget(page)
        page.reload()
        qtbot.waitUntil(lambda: page.history.topLevelItemCount() == 2, timeout=10_000)

        row = page.current_row()
        assert row is not None
        # The server's answer is the reader's decision here too, and the case is closed to her.
        assert row.approval is not None
        assert row.approval.decision is model.Decision.APPROVE
        assert not page.approve.isEnabled()
        assert not page.reject.isEnabled()
        assert page.message.text() == sentence
        nodes = [page.history.topLevelItem(i) for i in range(2)]
        history = [
            " | ".join(node.text(c) for c in range(node.columnCount()))
            for node in nodes
            if node is not None
        ]
        refused = [line for line in history if sentence in line]
        assert len(refused) == 1, history
        assert "already_decided" not in " ".join(history)
    finally:
        translations.apply("en")  # as every fixture leaves the app


T = TypeVar("T")
ITEM = "New school roof"


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
