"""Overdue cases against a real server: closed on the tablet unless policy allows, then warned.

Two meetings of one committee both have a case "4." (one overdue, one not) on a
real server on loopback; a real vault syncs them, and the real DecisionsPage on a
real TaskRunner shows them. "Overdue" is the device's last signed server time
past the deadline: the server's clock, not the test machine's, says so.
"""

# ruff: noqa: F811 - fixtures are imported from the integration helpers and shadow their names

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Translations
from desktop.errors import deadline_refusal, message_for, reason_text
from desktop.ops.annotate import CommentOps, DecisionOps
from desktop.screens.decisions import DecisionsPage
from desktop.tasks import OnFailure, TaskRunner
from desktop.widgets.sheets import ConfirmSheet, TextSheet
from sync import model
from sync.errors import ErrorKind, FolioError
from tests.integration.conftest_sync import (  # noqa: F401 (fixtures)
    Device,
    DeviceFactory,
    SyncServer,
    devices,
    sync_server,
    write_meeting,
)

# The offscreen platform cannot propagate size hints of top-level windows; harmless there.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

T = TypeVar("T")
LATE_TITLE = "Finance committee, March"
OPEN_TITLE = "Finance committee, April"


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


def _two_cases_numbered_4(server: SyncServer, devices: DeviceFactory, tmp_path: Path) -> Device:
    reader = server.user()
    committee = server.committee([reader])
    now = datetime.now(UTC)
    for folder, title, deadline in (
        ("late", LATE_TITLE, now - timedelta(days=1)),
        ("open", OPEN_TITLE, now + timedelta(days=3)),
    ):
        write_meeting(
            tmp_path / folder,
            committee,
            [
                {
                    "number": "4",
                    "title": "New school roof",
                    "needs_decision": True,
                    "deadline": deadline.isoformat(),
                    "docs": {"roof.pdf": "Roof survey"},
                }
            ],
            title=title,
        )
        server.publish(tmp_path / folder)
    (device,) = devices(1, user=reader)
    assert device.sync().ok
    return device


def on_vault(qtbot: QtBot, runner: TaskRunner, fn: Callable[[], T]) -> T:
    """``fn`` on the vault lane, the one thread the Api and its connection belong to."""
    done: list[tuple[T | None, BaseException | None]] = []
    runner.vault.submit(
        fn,
        lambda r: done.append((r, None)),
        lambda e: done.append((None, e)),
        failure=OnFailure.SHOW,
    )
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    ((result, error),) = done
    if error is not None:
        raise error
    return result  # type: ignore[return-value]  # None only with an error, raised above


def _select(page: DecisionsPage, meeting_title: str) -> model.Case:
    for i in range(page.cases.topLevelItemCount()):
        node = page.cases.topLevelItem(i)
        if meeting_title in node.text(1):
            page.cases.setCurrentItem(node)
            row = page.current_row()
            assert row is not None
            return row.case
    raise AssertionError(f"no case of {meeting_title}")


def _loaded(qtbot: QtBot, page: DecisionsPage) -> None:
    with qtbot.waitSignal(page.cases_did_load, timeout=10_000):
        page.reload()
    assert page.cases.topLevelItemCount() == 2


def test_an_overdue_case_is_refused_unless_policy_allows_it_after_a_warning(
    qtbot: QtBot,
    qapp: QApplication,
    runner: TaskRunner,
    sync_server: SyncServer,
    devices: DeviceFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    device = _two_cases_numbered_4(sync_server, devices, tmp_path)
    api = device.api
    server_time = on_vault(qtbot, runner, api.server_time)
    assert server_time is not None
    page = DecisionsPage(runner, DecisionOps(api), CommentOps(api))
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    _loaded(qtbot, page)

    # Two cases numbered 4, told apart by their meeting.
    texts = [page.cases.topLevelItem(i).text(1) for i in range(2)]
    assert all(t.startswith("4. New school roof") for t in texts)
    assert sorted(t.split("\n")[1].split(",")[0] for t in texts) == ["Finance committee"] * 2
    assert any(LATE_TITLE in t for t in texts)
    assert any(OPEN_TITLE in t for t in texts)

    # Policy off: the overdue case cannot be decided, and the page says why and what to do.
    late = _select(page, LATE_TITLE)
    assert late.deadline is not None
    assert late.deadline < server_time
    assert not page.approve.isEnabled()
    assert not page.reject.isEnabled()
    assert page.message.text() == deadline_refusal()
    page.decide(model.Decision.APPROVE, with_remark=False)
    assert page.sheet is None
    assert "deadline_passed" not in page.message.text()
    # The rule is the Api's, not only the buttons': a direct call is refused the same way.
    with pytest.raises(FolioError) as refused:
        on_vault(qtbot, runner, lambda: api.decide(late.id, model.Decision.APPROVE))
    assert refused.value.kind is ErrorKind.POLICY
    assert message_for(refused.value) == deadline_refusal()
    # The case that is not overdue is open, with no warning.
    _select(page, OPEN_TITLE)
    assert page.approve.isEnabled()
    page.approve.click()
    sheet = page.sheet
    assert isinstance(sheet, ConfirmSheet)
    assert sheet.warning is None
    sheet.cancel.click()
    assert page.sheet is None

    # Policy on: the overdue case can be decided, but only after a warning on the sheet.
    monkeypatch.setenv("FOLIO_DECIDE_AFTER_DEADLINE", "true")
    on_vault(qtbot, runner, api.reload_policy)
    _loaded(qtbot, page)
    _select(page, LATE_TITLE)
    assert page.approve.isEnabled()
    page.reject.click()
    sheet = page.sheet
    assert isinstance(sheet, ConfirmSheet)
    assert sheet.warning is not None
    assert sheet.warning.isVisible()
    assert sheet.title.text() == "Reject case 4: New school roof?"
    assert sheet.confirm.text() == "Reject case 4"
    assert LATE_TITLE in sheet.message.text()
    assert sheet.focusWidget() is sheet.cancel  # Return on the sheet never decides by accident
    with qtbot.waitSignal(page.cases_did_load, timeout=10_000):  # saved, then shown again
        sheet.confirm.click()
    row = page.current_row()
    assert row is not None
    assert row.approval is not None
    assert row.approval.state is model.OpState.WAITING

    # The server refuses it as late: the page says so in the sentence, never the code.
    assert on_vault(qtbot, runner, device.sync).ok
    _loaded(qtbot, page)
    _select(page, LATE_TITLE)
    row = page.current_row()
    assert row is not None
    assert row.approval is not None
    assert row.approval.state is model.OpState.REJECTED
    assert page.message.text() == reason_text("deadline_passed")
    assert "deadline_passed" not in page.cases.currentItem().text(2)

    translations = Translations(qapp)
    try:
        english = deadline_refusal()
        translations.apply("da")
        assert deadline_refusal() != english
    finally:
        translations.apply("en")


def test_the_remark_is_written_on_a_sheet_and_named_on_the_confirmation(
    qtbot: QtBot,
    runner: TaskRunner,
    sync_server: SyncServer,
    devices: DeviceFactory,
    tmp_path: Path,
) -> None:
    device = _two_cases_numbered_4(sync_server, devices, tmp_path)
    page = DecisionsPage(runner, DecisionOps(device.api), CommentOps(device.api))
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    _loaded(qtbot, page)
    _select(page, OPEN_TITLE)
    page.approve_remark.click()
    remark = page.sheet
    assert isinstance(remark, TextSheet)
    assert not remark.save.isEnabled()  # an empty remark is not a remark
    qtbot.keyClicks(remark.edit, "With the amended budget")
    remark.save.click()
    sheet = page.sheet
    assert isinstance(sheet, ConfirmSheet)
    assert sheet.title.text() == "Approve case 4: New school roof?"
    assert "With the amended budget" in sheet.message.text()
    sheet.confirm.click()
    qtbot.waitUntil(lambda: page.history.topLevelItemCount() == 1, timeout=10_000)
    assert "With the amended budget" in page.history.topLevelItem(0).text(1)
