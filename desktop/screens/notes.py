"""Private notes on more than one tablet: approval, the code to compare, the recovery key.

A reader's private notes are sealed with a key only her approved tablets hold
(docs/spec/e2e-notes.md). Three moments need her, and each gets a line in the
``NotesNotice`` under the top bar (so she sees it wherever she is, and it never
blocks her reading) leading to a sheet, and a row in Settings › Private notes:

- a **new tablet** waits for approval: it shows the six-digit code she compares
  with her other tablet, or lets her type her recovery key when she has none;
- an **approved tablet** sees her new tablet ask: name, time, the same code,
  Approve or Not mine;
- the **first tablet** made her recovery key: shown grouped until she says she
  wrote it down (then the vault forgets it).

The facade only records her choices; each is followed by a sync, and what the
round changed comes back on ``vault_did_change``, which refreshes all of this.
Nothing polls.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QObject, Qt, QTime, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import message_for
from desktop.ops import notes as notes_ops
from desktop.ops.notes import NotesOverview
from desktop.style.fonts import font_for
from desktop.style.icons import Icon, icons_for
from desktop.style.tokens import TextRole, touch_px
from desktop.tasks import OnFailure, TaskRunner
from desktop.widgets.sheets import ConfirmSheet, Sheet, sheet_button
from desktop.widgets.ui import button, heading, touch
from sync.api import Api, PendingDevice
from sync.errors import ErrorKind, FolioError
from sync.model import Changes


def grouped_code(code: str) -> str:
    """Six digits as people read them aloud and compare them: ``123 456``."""
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code


def grouped_key(key: str) -> str:
    """The recovery key's groups with spaces, so a line break falls between groups."""
    return " ".join(part for part in key.replace(" ", "-").split("-") if part)


def _when(t: datetime) -> str:
    local = t.astimezone()
    when = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return str(QLocale().toString(when, QLocale.FormatType.ShortFormat))


class NoticeKind(enum.Enum):
    NONE = "none"
    REQUEST = "request"  # another tablet of hers asks (this one holds the key)
    RECOVERY_KEY = "recovery_key"  # write it down
    WAITING = "waiting"  # this tablet waits for approval
    RECOVERING = "recovering"  # her recovery key is tried at the next sync
    REFUSED = "refused"  # the recovery key she typed did not open her notes


def notice_kind(overview: NotesOverview | None) -> NoticeKind:
    """The one thing to tell her, most urgent first (a request expires in 15 minutes)."""
    if overview is None:
        return NoticeKind.NONE
    status = overview.status
    if status.approved:
        if overview.requests:
            return NoticeKind.REQUEST
        if status.recovery_key:
            return NoticeKind.RECOVERY_KEY
        return NoticeKind.NONE
    if status.recovery_waiting:
        return NoticeKind.RECOVERING
    if status.recovery_refused:
        return NoticeKind.REFUSED
    if status.pending:
        return NoticeKind.WAITING
    return NoticeKind.NONE


def wipe_warning(overview: NotesOverview | None) -> str | None:
    """What a wipe costs her private notes, said before she confirms (None: nothing)."""
    if overview is None:  # could not be read: say what might be at stake
        return QCoreApplication.translate(
            "PrivateNotes",
            "If this is the last tablet that opens your private notes, only your recovery "
            "key can bring them back after the wipe.",
        )
    if not overview.last_device:
        return None
    if overview.status.recovery_key:
        return QCoreApplication.translate(
            "PrivateNotes",
            "This is the last tablet that can open your private notes, and you have not "
            "written down your recovery key. After the wipe your private notes are gone for "
            "good: nobody can bring them back, not even IT. Write the key down first: "
            "Show recovery key, under Private notes in Settings.",
        )
    return QCoreApplication.translate(
        "PrivateNotes",
        "This is the last tablet that can open your private notes. After the wipe only "
        "your recovery key can bring them back: keep it at hand.",
    )


# -- the line under the top bar -----------------------------------------------------------


class NotesNotice(QWidget):
    """One line with what her private notes need from her, and the button that does it."""

    action_chosen = Signal(object)  # NoticeKind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Bar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.kind = NoticeKind.NONE
        self.icon = QLabel()
        self.icon.setFixedSize(touch_px(), touch_px())
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.action = button("")
        self.action.setProperty("role", "primary")
        self.action.clicked.connect(lambda: self.action_chosen.emit(self.kind))
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)
        row.addWidget(self.action)
        self._quiet = False
        self.hide()

    def set_quiet(self, quiet: bool) -> None:
        """Reading mode gives the page the window: the notice waits until it ends."""
        self._quiet = quiet
        self.setVisible(not quiet and self.kind is not NoticeKind.NONE)

    def show_overview(self, overview: NotesOverview | None) -> None:
        self.kind = kind = notice_kind(overview)
        if kind is NoticeKind.NONE or overview is None:
            self.hide()
            return
        action: str | None
        if kind is NoticeKind.REQUEST:
            first = overview.requests[0]
            text = QCoreApplication.translate(
                "PrivateNotes", "“{name}” asks to open your private notes."
            ).format(name=first.name)
            action = QCoreApplication.translate("PrivateNotes", "Review request")
        elif kind is NoticeKind.RECOVERY_KEY:
            text = QCoreApplication.translate(
                "PrivateNotes",
                "Write down your recovery key: it is the only way back to your private notes "
                "if you lose your tablets.",
            )
            action = QCoreApplication.translate("PrivateNotes", "Show recovery key")
        elif kind is NoticeKind.WAITING:
            code = overview.status.code
            if code:
                text = QCoreApplication.translate(
                    "PrivateNotes",
                    "Your private notes wait for approval on your other tablet. Code: {code}",
                ).format(code=grouped_code(code))
            else:
                text = QCoreApplication.translate(
                    "PrivateNotes", "Your private notes wait for approval on your other tablet."
                )
            action = QCoreApplication.translate("PrivateNotes", "Approve this tablet")
        elif kind is NoticeKind.RECOVERING:
            text = QCoreApplication.translate(
                "PrivateNotes", "Your recovery key is checked at the next sync."
            )
            action = None
        else:
            text = QCoreApplication.translate(
                "PrivateNotes", "That recovery key did not open your private notes."
            )
            action = QCoreApplication.translate("PrivateNotes", "Type it again")
        self.text.setText(text)
        self.text.setAccessibleName(text)
        role = "danger" if kind is NoticeKind.REFUSED else "accent"
        icon = Icon.ATTENTION if kind is not NoticeKind.REQUEST else Icon.INFO
        self.icon.setPixmap(icons_for(self).get(icon, role).pixmap(touch_px() * 2 // 3))
        self.action.setVisible(action is not None)
        if action is not None:
            self.action.setText(action)
            self.action.setAccessibleName(action)
        self.setVisible(not self._quiet)


# -- sheets ---------------------------------------------------------------------------------


def _big(text: str, accessible: str, *, fixed: bool = False) -> QLabel:
    """A code or key to read and copy: large, centred, selectable."""
    label = QLabel(text)
    base = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont) if fixed else label.font()
    label.setFont(font_for(TextRole.DISPLAY if not fixed else TextRole.HEADLINE, base))
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setAccessibleName(accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CodeSheet(Sheet):
    """On the new tablet: the code to compare with the one her other tablet shows."""

    recovery_chosen = Signal()

    def __init__(self, host: QWidget) -> None:
        super().__init__(host, QCoreApplication.translate("PrivateNotes", "Approve this tablet"))
        self.add_text(
            QCoreApplication.translate(
                "PrivateNotes",
                "Your private notes open on this tablet once you approve it on a tablet you "
                "already use. Open Folio there: it asks about this tablet. Approve it only if "
                "it shows the same code as here.",
            )
        )
        self.code = _big("…", QCoreApplication.translate("PrivateNotes", "Code"))
        self.body.addWidget(self.code)
        self.hint = self.add_text("", TextRole.CAPTION)
        self.hint.setProperty("text-role", "muted")
        self.close_button = sheet_button(
            QCoreApplication.translate("PrivateNotes", "Close"), role="primary"
        )
        self.no_tablet = sheet_button(
            QCoreApplication.translate("PrivateNotes", "I have no other tablet")
        )
        self.set_choices(self.close_button, self.no_tablet)
        self.close_button.clicked.connect(self.accept)
        self.no_tablet.clicked.connect(self._no_tablet)
        self.show_code(None)

    def show_code(self, code: str | None) -> None:
        if code:
            self.code.setText(grouped_code(code))
            self.code.setAccessibleName(
                QCoreApplication.translate("PrivateNotes", "Code {code}").format(
                    code=grouped_code(code)
                )
            )
            self.hint.setText(
                QCoreApplication.translate("PrivateNotes", "Both tablets must show this code.")
            )
        else:
            self.code.setText("··· ···")
            self.code.setAccessibleName(QCoreApplication.translate("PrivateNotes", "No code yet"))
            self.hint.setText(
                QCoreApplication.translate(
                    "PrivateNotes",
                    "The code appears once your other tablet has seen the request: sync "
                    "there, then here.",
                )
            )
        self.hint.setAccessibleName(self.hint.text())
        if self.isVisible():
            self._fit()  # the card's height follows what it now says

    def first_focus(self) -> QWidget:
        return self.close_button

    def _no_tablet(self) -> None:
        self.recovery_chosen.emit()
        self.reject()


class RecoveryEntrySheet(Sheet):
    """On a new tablet with no other left: type the recovery key she wrote down."""

    submitted = Signal(str)
    key_lost = Signal()

    def __init__(self, host: QWidget) -> None:
        super().__init__(host, QCoreApplication.translate("PrivateNotes", "Type your recovery key"))
        prompt = self.add_text(
            QCoreApplication.translate(
                "PrivateNotes",
                "The recovery key you wrote down when you set up your first tablet: seven "
                "groups of four letters and digits. Capitals and dashes do not matter.",
            )
        )
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.edit.setAccessibleName(QCoreApplication.translate("PrivateNotes", "Recovery key"))
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        touch(self.edit)
        prompt.setBuddy(self.edit)
        self.body.addWidget(self.edit)
        self.message = self.add_text("")
        self.message.hide()
        self.open_button = sheet_button(
            QCoreApplication.translate("PrivateNotes", "Open my private notes"), role="primary"
        )
        self.cancel = sheet_button(QCoreApplication.translate("PrivateNotes", "Cancel"))
        self.lost = sheet_button(QCoreApplication.translate("PrivateNotes", "I have lost it too"))
        self.set_choices(self.open_button, self.lost, self.cancel)
        self.lost.clicked.connect(self._lost)
        self.open_button.clicked.connect(self._open)
        self.cancel.clicked.connect(self.reject)
        self.edit.returnPressed.connect(self._open)
        self.edit.textChanged.connect(self._typed)
        self.done = False
        self._typed()

    def first_focus(self) -> QWidget:
        return self.edit

    def _lost(self) -> None:
        self.key_lost.emit()
        self.reject()

    def _typed(self) -> None:
        self.open_button.setEnabled(self.done or bool(self.edit.text().strip()))

    def _open(self) -> None:
        if self.done:
            self.accept()
            return
        if not self.edit.text().strip():
            return
        self.submitted.emit(self.edit.text())

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setProperty("text-role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
        self._fit()

    def show_error(self, text: str) -> None:
        self.edit.setEnabled(True)
        self._typed()
        self._say(text, "danger")
        self.edit.setFocus()

    def show_checking(self) -> None:
        self.edit.setEnabled(False)
        self.open_button.setEnabled(False)
        self.cancel.setText(QCoreApplication.translate("PrivateNotes", "Close"))
        self.cancel.setAccessibleName(QCoreApplication.translate("PrivateNotes", "Close"))
        self._say(
            QCoreApplication.translate(
                "PrivateNotes", "Checking your recovery key with the server…"
            ),
            "muted",
        )

    def show_opened(self) -> None:
        self.done = True
        self.edit.setEnabled(False)
        self.open_button.setText(QCoreApplication.translate("PrivateNotes", "Close"))
        self.open_button.setAccessibleName(QCoreApplication.translate("PrivateNotes", "Close"))
        self.open_button.setEnabled(True)
        self.cancel.hide()
        self._say(
            QCoreApplication.translate("PrivateNotes", "Your private notes open on this tablet."),
            "success",
        )
        self.open_button.setFocus()


class ApproveSheet(Sheet):
    """On a tablet she has: another of hers asks for her private notes."""

    approved = Signal(str)  # device id
    declined = Signal(str)  # approval id

    def __init__(self, host: QWidget, device: PendingDevice) -> None:
        super().__init__(
            host,
            QCoreApplication.translate("PrivateNotes", "Approve “{name}”?").format(
                name=device.name
            ),
        )
        self.device = device
        if device.requested_at is not None:
            asked = QCoreApplication.translate(
                "PrivateNotes", "“{name}” asked at {time} to open your private notes."
            ).format(name=device.name, time=_when(device.requested_at))
        else:
            asked = QCoreApplication.translate(
                "PrivateNotes", "“{name}” asks to open your private notes."
            ).format(name=device.name)
        self.asked = self.add_text(asked)
        self.add_text(
            QCoreApplication.translate(
                "PrivateNotes", "Approve only if it is your tablet and it shows this code:"
            )
        )
        self.code = _big("", "")
        self.body.addWidget(self.code)
        self.no_code = self.add_text(
            QCoreApplication.translate(
                "PrivateNotes",
                "The code appears here once the new tablet has synced again.",
            ),
            TextRole.CAPTION,
        )
        self.no_code.setProperty("text-role", "muted")
        self.warning = self.add_text(
            QCoreApplication.translate(
                "PrivateNotes",
                "If the codes differ, or you did not just set up a tablet, choose Not mine: "
                "it gets nothing. Then tell IT, as someone may know your password.",
            )
        )
        self.warning.setProperty("text-role", "warning")
        self.approve = sheet_button(
            QCoreApplication.translate("PrivateNotes", "Approve"), role="primary"
        )
        self.not_mine = sheet_button(QCoreApplication.translate("PrivateNotes", "Not mine"))
        self.set_choices(self.approve, self.not_mine)
        self.approve.clicked.connect(lambda: self.approved.emit(self.device.device_id))
        self.not_mine.clicked.connect(self._not_mine)
        self.show_device(device)

    def show_device(self, device: PendingDevice) -> None:
        self.device = device
        if device.code:
            code = grouped_code(device.code)
            self.code.setText(code)
            self.code.setAccessibleName(
                QCoreApplication.translate("PrivateNotes", "Code {code}").format(code=code)
            )
        else:
            self.code.setText("··· ···")
            self.code.setAccessibleName(QCoreApplication.translate("PrivateNotes", "No code yet"))
        self.no_code.setVisible(not device.code)
        self.approve.setEnabled(bool(device.code))
        if self.isVisible():
            self._fit()  # the card's height follows what it now says

    def first_focus(self) -> QWidget:
        return self.not_mine  # the safe choice has the keyboard

    def _not_mine(self) -> None:
        self.declined.emit(self.device.approval_id)
        self.reject()


class RecoveryKeySheet(Sheet):
    """The recovery key, grouped for writing down, until she says she did."""

    written = Signal()

    def __init__(self, host: QWidget, key: str) -> None:
        super().__init__(host, QCoreApplication.translate("PrivateNotes", "Your recovery key"))
        self.add_text(
            QCoreApplication.translate(
                "PrivateNotes",
                "Write this key on paper and keep it somewhere safe, away from your tablet. "
                "If you lose every tablet you use Folio on, it is the only way back to your "
                "private notes: nobody else can open them, not even IT.",
            )
        )
        self.key = _big(
            grouped_key(key), QCoreApplication.translate("PrivateNotes", "Recovery key"), fixed=True
        )
        self.body.addWidget(self.key)
        self.later_hint = self.add_text(
            QCoreApplication.translate(
                "PrivateNotes", "Folio shows it until you confirm, in Settings under Private notes."
            ),
            TextRole.CAPTION,
        )
        self.later_hint.setProperty("text-role", "muted")
        self.message = self.add_text("")
        self.message.setProperty("text-role", "danger")
        self.message.hide()
        self.written_button = sheet_button(
            QCoreApplication.translate("PrivateNotes", "I have written it down"), role="primary"
        )
        self.later = sheet_button(QCoreApplication.translate("PrivateNotes", "Later"))
        self.set_choices(self.written_button, self.later)
        self.written_button.clicked.connect(self._written)
        self.later.clicked.connect(self.reject)

    def first_focus(self) -> QWidget:
        return self.later  # "written" forgets the key: never by a stray Return

    def _written(self) -> None:
        self.written_button.setEnabled(False)
        self.written.emit()

    def show_error(self, text: str) -> None:
        self.written_button.setEnabled(True)
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.show()
        self._fit()


# -- Settings › Private notes ---------------------------------------------------------------


class NotesSection(QWidget):
    """Settings › Private notes: where this tablet stands, and each action while it applies."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            heading(QCoreApplication.translate("PrivateNotes", "Private notes"), level=2)
        )
        self.state = QLabel(
            QCoreApplication.translate("PrivateNotes", "Not set up on this device.")
        )
        self.state.setWordWrap(True)
        self.state.setAccessibleName(QCoreApplication.translate("PrivateNotes", "Private notes"))
        layout.addWidget(self.state)
        row = QHBoxLayout()
        self.show_key = button(QCoreApplication.translate("PrivateNotes", "Show recovery key"))
        self.review = button(QCoreApplication.translate("PrivateNotes", "Review request"))
        self.show_code = button(QCoreApplication.translate("PrivateNotes", "Approve this tablet"))
        self.type_key = button(QCoreApplication.translate("PrivateNotes", "Type recovery key"))
        for b in (self.show_key, self.review, self.show_code, self.type_key):
            b.hide()
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)

    def show_overview(self, overview: NotesOverview | None) -> None:
        status = None if overview is None else overview.status
        if status is None:
            text = QCoreApplication.translate("PrivateNotes", "Not set up on this device.")
        elif status.approved:
            text = QCoreApplication.translate(
                "PrivateNotes",
                "Your private notes are sealed: only your approved tablets can read them.",
            )
            if overview is not None and overview.last_device:
                text += " " + QCoreApplication.translate(
                    "PrivateNotes", "This is the only tablet that holds the key."
                )
        elif status.pending or status.recovery_waiting or status.recovery_refused:
            text = QCoreApplication.translate(
                "PrivateNotes",
                "This tablet waits for approval before it can open your private notes.",
            )
        else:
            text = QCoreApplication.translate("PrivateNotes", "Not set up on this device.")
        self.state.setText(text)
        self.state.setAccessibleName(text)
        waiting = (
            status is not None
            and not status.approved
            and (status.pending or status.recovery_refused)
        )
        self.show_key.setVisible(status is not None and bool(status.recovery_key))
        self.review.setVisible(overview is not None and bool(overview.requests))
        self.show_code.setVisible(waiting and status is not None and status.pending)
        self.type_key.setVisible(waiting)


# -- the controller -------------------------------------------------------------------------


class PrivateNotes(QObject):
    """Reads where her notes stand (vault lane) and opens the sheets; one per reader shell."""

    sync_wanted = Signal()  # a choice was recorded: the next round carries it out

    def __init__(
        self,
        api: Api,
        runner: TaskRunner,
        host: QWidget,
        notice: NotesNotice,
        section: NotesSection,
    ) -> None:
        super().__init__(host)
        self.api = api
        self.runner = runner
        self.host = host
        self.notice = notice
        self.section = section
        self.overview: NotesOverview | None = None
        self._declined: set[str] = set()  # approval ids she said are not hers (this session)
        self.sheet: Sheet | None = None
        notice.action_chosen.connect(self.act)
        section.show_key.clicked.connect(self.show_recovery_key)
        section.review.clicked.connect(self.review_request)
        section.show_code.clicked.connect(self.show_code)
        section.type_key.clicked.connect(self.type_recovery_key)

    # data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        api = self.api
        self.runner.vault.submit(
            lambda: notes_ops.notes_overview(api),
            self._show,
            failure=OnFailure.DROP_IF_STALE,  # the next change asks again
        )

    def vault_did_change(self, changes: Changes) -> None:
        if changes.sync_state:  # a round ended, or a choice was recorded
            self.refresh()

    def _show(self, overview: NotesOverview) -> None:
        requests = tuple(d for d in overview.requests if d.approval_id not in self._declined)
        self.overview = overview = NotesOverview(overview.status, requests)
        self.notice.show_overview(overview)
        self.section.show_overview(overview)
        sheet = self._open_sheet()
        if isinstance(sheet, CodeSheet):
            if overview.status.approved:
                sheet.accept()
            else:
                sheet.show_code(overview.status.code)
        elif isinstance(sheet, RecoveryEntrySheet) and not sheet.done:
            status = overview.status
            if status.approved:
                sheet.show_opened()
            elif status.recovery_refused:
                sheet.show_error(
                    QCoreApplication.translate(
                        "PrivateNotes",
                        "This recovery key does not open your private notes. Check it against "
                        "what you wrote down and type it again. Nothing was changed.",
                    )
                )
        elif isinstance(sheet, ApproveSheet):
            same = [d for d in requests if d.device_id == sheet.device.device_id]
            if same:
                sheet.show_device(same[0])
            else:  # approved elsewhere, or it expired
                sheet.reject()

    def _open_sheet(self) -> Sheet | None:
        sheet = self.sheet
        if sheet is None or not shiboken6.isValid(sheet) or not sheet.isVisible():
            return None
        return sheet

    def _present(self, sheet: Sheet) -> None:
        current = self._open_sheet()
        if current is not None:
            current.reject()
        self.sheet = sheet
        sheet.open()

    # actions ---------------------------------------------------------------------------
    def act(self, kind: NoticeKind) -> None:
        if kind is NoticeKind.REQUEST:
            self.review_request()
        elif kind is NoticeKind.RECOVERY_KEY:
            self.show_recovery_key()
        elif kind is NoticeKind.WAITING:
            self.show_code()
        elif kind is NoticeKind.REFUSED:
            self.type_recovery_key()

    def show_code(self) -> CodeSheet:
        sheet = CodeSheet(self.host)
        if self.overview is not None:
            sheet.show_code(self.overview.status.code)
        sheet.recovery_chosen.connect(self.type_recovery_key)
        self._present(sheet)
        return sheet

    def type_recovery_key(self) -> RecoveryEntrySheet:
        sheet = RecoveryEntrySheet(self.host)
        sheet.submitted.connect(lambda key: self._recover(sheet, key))
        sheet.key_lost.connect(self.confirm_start_over)
        self._present(sheet)
        return sheet

    def confirm_start_over(self) -> ConfirmSheet:
        """No tablet with her key and no recovery key: start her private notes over,
        after saying plainly what cannot come back (docs/spec/e2e-notes.md)."""
        sheet = ConfirmSheet(
            self.host,
            QCoreApplication.translate("PrivateNotes", "Start your private notes over?"),
            QCoreApplication.translate(
                "PrivateNotes",
                "This tablet makes a new key for your private notes, with a new recovery key "
                "to write down. The notes you write here are kept and reach your other "
                "tablets once you approve them.",
            ),
            QCoreApplication.translate("PrivateNotes", "Start over"),
            cancel=QCoreApplication.translate("PrivateNotes", "Go back"),
            warning=QCoreApplication.translate(
                "PrivateNotes",
                "Private notes written on your earlier tablets cannot be opened again. If "
                "another tablet of yours still has them, approve this one there instead.",
            ),
            destructive=True,
        )
        sheet.finished.connect(lambda accepted: self._start_over() if accepted else None)
        self._present(sheet)
        return sheet

    def _start_over(self) -> None:
        api = self.api
        self.runner.command(
            lambda: notes_ops.start_notes_over(api),
            lambda _changes: self.sync_wanted.emit(),
            lambda _error: None,
            failure=OnFailure.SHOW,
        )

    def _recover(self, sheet: RecoveryEntrySheet, key: str) -> None:
        api = self.api

        def done(_changes: Changes) -> None:
            sheet.show_checking()
            self.sync_wanted.emit()

        def failed(error: BaseException) -> None:
            if isinstance(error, FolioError) and error.kind is ErrorKind.BAD_INPUT:
                sheet.show_error(
                    QCoreApplication.translate(
                        "PrivateNotes",
                        "That is not a recovery key: one of its groups is mistyped. Check "
                        "each group and type it again. Nothing was changed.",
                    )
                )
            else:
                sheet.show_error(message_for(error))

        self.runner.command(
            lambda: notes_ops.recover_notes(api, key), done, failed, failure=OnFailure.SHOW
        )

    def review_request(self) -> ApproveSheet | None:
        if self.overview is None or not self.overview.requests:
            return None
        sheet = ApproveSheet(self.host, self.overview.requests[0])
        sheet.approved.connect(lambda device_id: self._approve(sheet, device_id))
        sheet.declined.connect(self._decline)
        self._present(sheet)
        return sheet

    def _approve(self, sheet: ApproveSheet, device_id: str) -> None:
        api = self.api
        sheet.approve.setEnabled(False)

        def done(_changes: Changes) -> None:
            sheet.accept()
            self.sync_wanted.emit()

        def failed(error: BaseException) -> None:
            sheet.approve.setEnabled(True)
            sheet.asked.setText(message_for(error))

        self.runner.command(
            lambda: notes_ops.approve_device(api, device_id), done, failed, failure=OnFailure.SHOW
        )

    def _decline(self, approval_id: str) -> None:
        self._declined.add(approval_id)
        if self.overview is not None:
            self._show(self.overview)

    def show_recovery_key(self) -> RecoveryKeySheet | None:
        key = None if self.overview is None else self.overview.status.recovery_key
        if not key:
            return None
        sheet = RecoveryKeySheet(self.host, key)
        api = self.api

        def done(_changes: Changes) -> None:
            sheet.accept()

        sheet.written.connect(
            lambda: self.runner.command(
                lambda: notes_ops.recovery_key_written(api),
                done,
                lambda e: sheet.show_error(message_for(e)),
                failure=OnFailure.SHOW,
            )
        )
        self._present(sheet)
        return sheet

    def ask_wipe(self, then: Callable[[NotesOverview | None], object]) -> None:
        """Read where her notes stand just before the wipe sheet, so its warning is true now."""
        api = self.api

        def read(overview: NotesOverview) -> None:
            then(overview)

        def unreadable(_error: BaseException) -> None:
            then(None)  # the sheet says what might be at stake

        self.runner.vault.submit(
            lambda: notes_ops.notes_overview(api), read, unreadable, failure=OnFailure.LOG
        )
