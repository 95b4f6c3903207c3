"""Private notes on a second tablet, in the app (docs/spec/e2e-notes.md, desktop/screens/notes.py).

Each test gives a fresh reader on the session's demo server two tablets: the app
(a real FolioApp, enrolled through the welcome form) and a tablet without a
screen (tests/helpers/devices: a real vault and sync engine) standing for her
other one. The new tablet shows the code, the approving tablet shows the same
code, Approve brings the private note to the new tablet; the recovery key typed
on a new tablet opens her notes (a typo and a wrong key say so and lose
nothing); the wipe sheet names the loss on her last tablet.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.screens.notes import (
    ApproveSheet,
    CodeSheet,
    NoticeKind,
    RecoveryEntrySheet,
    RecoveryKeySheet,
)
from desktop.screens.shell import ReaderShell
from desktop.tasks import OnFailure
from desktop.widgets.sheets import ConfirmSheet
from server import admin
from server.demo import DemoServer
from sync import model
from sync.api import Api
from sync.e2e import recovery
from tests.gui.conftest import PIN, SharedDemoServer
from tests.helpers.devices import Device, enroll_device
from tests.helpers.server import PASSWORD

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

MARKER = "lindetræ"
ROUND = 30000  # ms: one sync round of the app, downloads included, on a loaded machine


def _new_reader(demo: DemoServer) -> str:
    """A reader of her own (no other test's tablets), in the demo's first committee."""
    name = f"reader-{uuid.uuid4().hex[:8]}"
    admin.add_user(demo.ctx, name, PASSWORD, "Notes Reader")
    admin.add_member(demo.ctx, admin.list_meetings(demo.ctx)[0].committee, name)
    return name


def _connect(qtbot: QtBot, folio: FolioApp, demo: DemoServer, user: str) -> ReaderShell:
    """Welcome form -> enroll -> PIN -> the reader, as she sets up a tablet."""
    w = folio.window
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.welcome, timeout=5000)
    qtbot.keyClicks(w.welcome.url, demo.url)
    qtbot.keyClicks(w.welcome.user, user)
    qtbot.keyClicks(w.welcome.password, PASSWORD)
    w.welcome.connect_button.click()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.pin_setup, timeout=20000)
    w.pin_setup.pin.setText(PIN)
    w.pin_setup.repeat.setText(PIN)
    w.pin_setup.ok.click()
    qtbot.waitUntil(lambda: w.reader is not None, timeout=20000)
    assert w.reader is not None
    return w.reader


def _sync_app(qtbot: QtBot, folio: FolioApp, until: Callable[[], bool]) -> None:
    """Wake the app's own sync loop and wait for what its next round brings.

    A round already running when this is called ends first; the wake it leaves
    behind starts another right after (sync/engine/loop.py), so waiting on the
    outcome, not on a round's signal, is what holds.
    """
    folio.sync.sync_now()
    qtbot.waitUntil(until, timeout=ROUND)


def _closed(sheet: QWidget) -> bool:
    """A sheet that answered hides and is deleted soon after."""
    return not shiboken6.isValid(sheet) or not sheet.isVisible()


def _first_document(device: Device) -> str:
    meeting = device.api.list_meetings()[0]
    return next(d.id for i in device.api.get_meeting(meeting.id).items for d in i.documents)


def _private_note(api: Api, document_id: str, text: str) -> None:
    api.add_annotation(document_id, 0, model.AnnotationKind.NOTE, text=text)


def _search_finds(qtbot: QtBot, reader: ReaderShell, word: str) -> bool:
    reader.show_meetings()  # so the wait below sees this search's answer, not an earlier one
    reader.search(word)
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.search_page, timeout=5000)
    results = reader.search_page.results
    shown = [
        results.item(i).data(Qt.ItemDataRole.AccessibleTextRole) for i in range(results.count())
    ]
    return any(word in str(text) for text in shown)


def test_new_tablet_shows_the_code_and_reads_the_note_once_approved(
    qtbot: QtBot, folio: FolioApp, demo_server: SharedDemoServer, tmp_path: Path
) -> None:
    demo = demo_server.get()
    user = _new_reader(demo)
    other = enroll_device(demo, user, tmp_path / "her-first-tablet")  # type: ignore[arg-type]
    try:
        assert other.sync().ok  # her first tablet makes the notes key
        note = f"Ask about the {MARKER} on the school grounds"
        _private_note(other.api, _first_document(other), note)
        assert other.sync().ok

        reader = _connect(qtbot, folio, demo, user)
        notice = reader.notes_notice
        qtbot.waitUntil(lambda: notice.kind is NoticeKind.WAITING, timeout=ROUND)
        assert notice.isVisible()
        assert not _search_finds(qtbot, reader, MARKER)  # sealed: not before approval
        notice.action.click()
        sheet = reader.private_notes.sheet
        assert isinstance(sheet, CodeSheet)
        assert sheet.isVisible()

        assert other.sync().ok  # her other tablet answers the request
        # the new one reveals its part: its code is known
        _sync_app(qtbot, folio, lambda: sheet.code.text() != "··· ···")
        shown = sheet.code.text()
        assert shown in notice.text.text()

        assert other.sync().ok
        (asking,) = other.api.pending_devices()
        assert asking.code is not None
        assert f"{asking.code[:3]} {asking.code[3:]}" == shown  # the same six digits
        other.api.approve_device(asking.device_id)
        assert other.sync().ok  # the notes key, wrapped to the new tablet

        _sync_app(qtbot, folio, lambda: notice.kind is NoticeKind.NONE)
        assert not notice.isVisible()
        assert _closed(sheet)  # approved: the code has done its work
        assert _search_finds(qtbot, reader, MARKER)
    finally:
        other.close()


def test_approving_tablet_shows_the_request_with_the_same_code(
    qtbot: QtBot, folio: FolioApp, demo_server: SharedDemoServer, tmp_path: Path
) -> None:
    demo = demo_server.get()
    user = _new_reader(demo)
    reader = _connect(qtbot, folio, demo, user)  # her first tablet: it makes the key
    notice = reader.notes_notice
    qtbot.waitUntil(lambda: notice.kind is NoticeKind.RECOVERY_KEY, timeout=ROUND)

    # the last tablet, the key not written down: the wipe sheet says what is lost for good
    reader.show_settings()
    page = reader.settings_page
    assert page.notes.show_key.isVisible()
    page.wipe_button.click()
    qtbot.waitUntil(lambda: page.wipe_sheet is not None and page.wipe_sheet.isVisible())
    wipe = page.wipe_sheet
    assert wipe is not None
    assert wipe.warning is not None
    assert "gone for good" in wipe.warning.text()
    wipe.cancel.click()
    assert folio.window.reader is reader  # nothing wiped

    # the recovery key, grouped for writing down, until she says she did
    notice.action.click()
    key_sheet = reader.private_notes.sheet
    assert isinstance(key_sheet, RecoveryKeySheet)
    groups = key_sheet.key.text().split()
    assert len(groups) == 7
    assert all(len(g) == 4 for g in groups)
    recovery.decode("".join(groups))  # a real key: its check symbols hold
    key_sheet.written_button.click()
    qtbot.waitUntil(lambda: notice.kind is NoticeKind.NONE, timeout=5000)
    assert _closed(key_sheet)
    assert not page.notes.show_key.isVisible()  # shown no more, not even in Settings

    note = f"The {MARKER} budget line is twice last year's"
    api = reader.api
    document: list[str] = []
    folio.runner.vault.submit(
        lambda: next(
            d.id for i in api.get_meeting(api.list_meetings()[0].id).items for d in i.documents
        ),
        document.append,
        failure=OnFailure.LOG,
    )
    qtbot.waitUntil(lambda: bool(document), timeout=5000)
    folio.runner.command(
        lambda: api.add_annotation(document[0], 0, model.AnnotationKind.NOTE, text=note),
        failure=OnFailure.LOG,
    )

    new = enroll_device(demo, user, tmp_path / "her-new-tablet")  # type: ignore[arg-type]
    try:
        assert new.sync().ok  # asks (a commitment)
        # the app answers: the request shows, waiting for the new tablet's code
        _sync_app(qtbot, folio, lambda: notice.kind is NoticeKind.REQUEST)
        assert new.sync().ok  # reveals: the new tablet knows its code
        code = new.api.notes_status().code
        assert code is not None
        # checks the commitment and computes the code
        _sync_app(
            qtbot,
            folio,
            lambda: bool(
                reader.private_notes.overview and reader.private_notes.overview.requests[0].code
            ),
        )
        assert "her-new-tablet" in notice.text.text()
        notice.action.click()
        sheet = reader.private_notes.sheet
        assert isinstance(sheet, ApproveSheet)
        assert sheet.title.text() == "Approve “her-new-tablet”?"
        assert sheet.asked.text().startswith("“her-new-tablet” asked at ")  # the server's time
        assert sheet.code.text() == f"{code[:3]} {code[3:]}"
        assert not sheet.no_code.isVisible()
        assert sheet.approve.isEnabled()
        sheet.approve.click()  # records the approval, then a sync wraps the key to it
        qtbot.waitUntil(lambda: _closed(sheet), timeout=5000)
        for _ in range(4):  # until the app's round after the approval has run
            assert new.sync().ok
            if new.api.notes_status().approved:
                break
            with qtbot.waitSignal(folio.sync.round_finished, timeout=ROUND):
                folio.sync.sync_now()
        assert new.api.notes_status().approved
        assert note in [a.text for a in new.api.list_annotations(document[0])]

        # another tablet holds the key now: the wipe sheet no longer warns of a loss
        notes = reader.private_notes
        _sync_app(
            qtbot, folio, lambda: bool(notes.overview and notes.overview.status.others_approved)
        )
        page.wipe_button.click()
        qtbot.waitUntil(lambda: page.wipe_sheet is not wipe and page.wipe_sheet is not None)
        assert page.wipe_sheet.warning is None
        page.wipe_sheet.cancel.click()
    finally:
        new.close()


@pytest.mark.log_expect(r"notes\.recovery_key_wrong")
def test_recovery_key_typed_on_a_new_tablet_opens_the_notes(
    qtbot: QtBot, folio: FolioApp, demo_server: SharedDemoServer, tmp_path: Path
) -> None:
    demo = demo_server.get()
    user = _new_reader(demo)
    lost = enroll_device(demo, user, tmp_path / "lost-tablet")  # type: ignore[arg-type]
    try:
        assert lost.sync().ok
        key = lost.api.notes_status().recovery_key
        assert key is not None
        note = f"Remember the {MARKER} petition"
        _private_note(lost.api, _first_document(lost), note)
        assert lost.sync().ok
    finally:
        lost.close()  # the tablet is lost: nothing of it takes part from here

    reader = _connect(qtbot, folio, demo, user)
    notice = reader.notes_notice
    qtbot.waitUntil(lambda: notice.kind is NoticeKind.WAITING, timeout=ROUND)
    notice.action.click()
    code_sheet = reader.private_notes.sheet
    assert isinstance(code_sheet, CodeSheet)
    code_sheet.no_tablet.click()
    sheet = reader.private_notes.sheet
    assert isinstance(sheet, RecoveryEntrySheet)
    assert _closed(code_sheet)

    # a typo is caught on the tablet, before anything is tried
    sheet.edit.setText(key[:-1])
    sheet.open_button.click()
    qtbot.waitUntil(sheet.message.isVisible, timeout=5000)
    assert "mistyped" in sheet.message.text()
    assert sheet.isVisible()
    assert sheet.edit.isEnabled()

    # a well-formed key that is not hers: the server's wrap does not open with it
    sheet.edit.setText(recovery.encode(bytes(16)))
    sheet.open_button.click()  # recorded, then a sync tries it
    qtbot.waitUntil(lambda: "does not open" in sheet.message.text(), timeout=ROUND)
    assert sheet.edit.isEnabled()
    assert notice.kind is NoticeKind.REFUSED

    sheet.edit.setText(key.lower().replace("-", " "))  # as she may type it
    sheet.open_button.click()
    qtbot.waitUntil(lambda: sheet.done, timeout=ROUND)
    assert "open on this tablet" in sheet.message.text()
    sheet.open_button.click()
    assert _closed(sheet)
    assert notice.kind is NoticeKind.NONE
    assert _search_finds(qtbot, reader, MARKER)


def test_without_a_tablet_or_recovery_key_she_starts_her_notes_over(
    qtbot: QtBot, folio: FolioApp, demo_server: SharedDemoServer, tmp_path: Path
) -> None:
    """Her only tablet is lost and the recovery key was never written down: the new
    tablet offers to start over, says what cannot come back, and then holds a new key
    (with a new recovery key to write down)."""
    demo = demo_server.get()
    user = _new_reader(demo)
    lost = enroll_device(demo, user, tmp_path / "lost-tablet")  # type: ignore[arg-type]
    try:
        assert lost.sync().ok
        _private_note(lost.api, _first_document(lost), f"Old {MARKER} thoughts")
        assert lost.sync().ok
        admin.revoke_device(demo.ctx, lost.device_id)
    finally:
        lost.close()

    reader = _connect(qtbot, folio, demo, user)
    notice = reader.notes_notice
    qtbot.waitUntil(lambda: notice.kind is NoticeKind.WAITING, timeout=ROUND)
    notice.action.click()
    code_sheet = reader.private_notes.sheet
    assert isinstance(code_sheet, CodeSheet)
    code_sheet.no_tablet.click()
    entry = reader.private_notes.sheet
    assert isinstance(entry, RecoveryEntrySheet)
    entry.lost.click()
    confirm = reader.private_notes.sheet
    assert isinstance(confirm, ConfirmSheet)
    assert confirm.warning is not None
    assert "cannot be opened again" in confirm.warning.text()
    assert confirm.first_focus() is confirm.cancel  # the safe choice has the keyboard
    confirm.confirm.click()
    qtbot.waitUntil(lambda: notice.kind is NoticeKind.RECOVERY_KEY, timeout=ROUND)
    assert not _search_finds(qtbot, reader, MARKER)  # the old note stays sealed
