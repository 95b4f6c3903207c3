"""The Decisions page after one reader decided a case differently on two offline tablets.

Real server on loopback, two real vaults of one reader, the real DecisionsPage on a
real TaskRunner: the refused decision reads "Decided on your other tablet: Approved"
(in English and Danish), never the reason code, and the server's answer is the one
the page shows as the reader's decision.
"""

# ruff: noqa: F811 - fixtures are imported from the integration helpers and shadow their names

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Translations
from desktop.ops.annotate import CommentOps, DecisionOps
from desktop.screens.decisions import DecisionsPage
from desktop.tasks import TaskRunner
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
