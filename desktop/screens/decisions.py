"""Decisions: cases assigned to the reader by deadline, deciding with a confirmation, receipts.

Each case says which meeting it belongs to (two committees can both have a case
"4.") and opens its documents in the reader. Deciding goes through touch-sized
sheets that name the choice; a case past its deadline by the last signed server
time is closed on the tablet unless policy ``decide_after_deadline`` allows it,
and then only after a warning. The Api enforces the same rule; the buttons only
say it early.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import deadline_refusal, message_for, reason_text
from desktop.ops.annotate import CaseRow, CommentOps, DecisionOps, DecisionsView
from desktop.style.icons import Icon
from desktop.tasks import OnFailure, TaskRunner
from desktop.widgets.buttons import IconButton
from desktop.widgets.discussion import (
    OVERDUE,
    ROLE_ID,
    CommentThread,
    DeadlineBands,
    deadline_band,
    decided_on_other_tablet,
    decision_label,
    decision_state_text,
    format_short,
    with_meeting,
)
from desktop.widgets.flow_layout import wrapping_row
from desktop.widgets.sheets import ConfirmSheet, Sheet, TextSheet
from desktop.widgets.ui import button, heading, touch
from desktop.widgets.wrapping import touch_rows, wrap_rows
from sync.model import (
    Decision,
    OpState,
)


def case_meeting(row: CaseRow) -> str:
    """ "Finance committee, 12.12.2026 17:00": what tells two cases numbered 4 apart."""
    if not row.meeting_title:
        return ""
    when = row.meeting_starts_at
    return row.meeting_title + (f", {format_short(when)}" if when else "")


class DecisionsPage(QWidget):
    """Cases assigned to the reader by deadline, deciding with a confirmation, and receipts."""

    # meeting id, document id: the reader wants the case's documents in the reader
    documents_requested = Signal(str, str)
    # a reload has reached the screen (what a test or another screen waits for)
    cases_did_load = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        ops: DecisionOps,
        comments: CommentOps,
        parent: QWidget | None = None,
        bands: DeadlineBands | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._ops = ops
        self.bands = bands or DeadlineBands()
        self._rows: list[CaseRow] = []
        self._late_allowed = False
        # the sheet open over the window while the reader decides (None when none is)
        self.sheet: Sheet | None = None

        self.title = heading(self.tr("Decisions"))
        self.cases = QTreeWidget()
        self.cases.setAccessibleName(self.tr("Cases to decide"))
        self.cases.setHeaderLabels([self.tr("Deadline"), self.tr("Case"), self.tr("Your decision")])
        self.cases.setRootIsDecorated(False)
        wrap_rows(self.cases)  # the case and its meeting on two lines, never cut
        header = self.cases.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.cases.currentItemChanged.connect(lambda _c, _p: self._selected())
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setAccessibleName(self.tr("Case description"))
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meeting_line = QLabel()
        self.meeting_line.setWordWrap(True)
        self.meeting_line.setProperty("text-role", "muted")
        self.meeting_line.setAccessibleName(self.tr("Meeting of this case"))
        self.open_documents = IconButton(self.tr("Open documents"), Icon.DOCUMENT)
        self.open_documents.clicked.connect(self._open_documents)
        self.approve = button(self.tr("Approve"))
        self.reject = button(self.tr("Reject"))
        self.approve_remark = button(self.tr("Approve with a remark…"))
        self.approve.clicked.connect(lambda: self.decide(Decision.APPROVE, with_remark=False))
        self.reject.clicked.connect(lambda: self.decide(Decision.REJECT, with_remark=False))
        self.approve_remark.clicked.connect(lambda: self.decide(Decision.APPROVE, with_remark=True))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Decision status"))
        self.case_thread = CommentThread(runner, comments)
        actions, flow = wrapping_row(self)  # wraps in portrait instead of eliding
        for b in (self.open_documents, self.approve, self.reject, self.approve_remark):
            flow.addWidget(b)
        todo = QWidget()
        tl = QVBoxLayout(todo)
        tl.addWidget(self.cases, 2)
        tl.addWidget(self.meeting_line)
        tl.addWidget(self.description)
        tl.addWidget(actions)
        tl.addWidget(self.message)
        tl.addWidget(QLabel(self.tr("Comments on this case")))
        tl.addWidget(self.case_thread, 1)

        self.history = QTreeWidget()
        self.history.setAccessibleName(self.tr("Past decisions"))
        self.history.setRootIsDecorated(False)
        touch_rows(self.history)
        self.history.setHeaderLabels(
            [
                self.tr("Case"),
                self.tr("Decision"),
                self.tr("Made"),
                self.tr("Confirmed"),
                self.tr("Receipt"),
            ]
        )
        header = self.history.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Decisions"))
        self.tabs.addTab(todo, self.tr("To decide"))
        self.tabs.addTab(self.history, self.tr("History and receipts"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        for w in (self.cases, self.history):
            touch(w)
        self._sync_actions()

    def reload(self) -> None:
        ops = self._ops
        self._runner.vault.submit(
            ops.view,
            self._show,
            lambda e: self.message.setText(message_for(e)),
            failure=OnFailure.SHOW,
        )

    def _show(self, view: DecisionsView) -> None:
        rows, history = view.rows, view.history
        current = self.current_row()
        keep = current.case.id if current is not None else None
        self._rows = rows
        self._late_allowed = view.late_allowed
        self.cases.clear()
        for index, row in enumerate(rows):
            colour, words = deadline_band(row.case.deadline, bands=self.bands)
            if row.overdue and colour != OVERDUE and row.case.deadline is not None:
                # The server's own time says overdue, whatever this tablet's clock shows.
                after = row.case.deadline + timedelta(minutes=1)
                colour, words = deadline_band(row.case.deadline, after, self.bands)
            if row.approval is not None:
                decided = f"{decision_label(row.approval.decision)} · " + decision_state_text(
                    row.approval
                )
            elif row.case.my_decision is not None:  # known from the server, no receipt yet
                decided = decided_on_other_tablet(row.case.my_decision)
            else:
                decided = self.tr("Not decided yet")
            where = case_meeting(row)
            case_text = row.case.title + (f"\n{where}" if where else "")
            node = QTreeWidgetItem(["● " + words, case_text, decided])
            node.setForeground(0, QColor(colour))
            node.setData(0, ROLE_ID, index)
            node.setData(
                0,
                Qt.ItemDataRole.AccessibleTextRole,
                f"{words}. {row.case.title}. {where}. {decided}",
            )
            self.cases.addTopLevelItem(node)
            if row.case.id == keep:
                self.cases.setCurrentItem(node)
        first = self.cases.topLevelItem(0)
        if self.cases.currentItem() is None and first is not None:
            self.cases.setCurrentItem(first)
        self.history.clear()
        for approval, title in history:
            confirmed = (
                format_short(approval.confirmed_at)
                if approval.confirmed_at
                else decision_state_text(approval)
            )
            self.history.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        with_meeting(title, approval),
                        decision_label(approval.decision)
                        + (f" · “{approval.remark}”" if approval.remark else ""),
                        format_short(approval.decided_at),
                        confirmed,
                        approval.receipt_id or "—",
                    ]
                )
            )
        self._sync_actions()
        self.cases_did_load.emit()

    def current_row(self) -> CaseRow | None:
        node = self.cases.currentItem()
        index = node.data(0, ROLE_ID) if node is not None else None
        return self._rows[index] if isinstance(index, int) and index < len(self._rows) else None

    def _selected(self) -> None:
        row = self.current_row()
        self.description.setText(row.case.description if row is not None else "")
        self.meeting_line.setText(self._meeting_text(row) if row is not None else "")
        self.meeting_line.setVisible(bool(self.meeting_line.text()))
        if row is not None:
            self.case_thread.set_target("case", row.case.id)
            if row.approval is not None and row.approval.decided_elsewhere is not None:
                self.message.setText(decided_on_other_tablet(row.approval.decided_elsewhere))
            elif row.approval is not None and row.approval.elsewhere:
                self.message.setText(decided_on_other_tablet(row.approval.decision))
            elif row.approval is not None and row.approval.state is OpState.REJECTED:
                # what the refusal means and what to do, never the reason code
                self.message.setText(reason_text(row.approval.reason))
            elif row.approval is not None:
                self.message.setText(
                    self.tr("You have decided this case; the history tab keeps the receipt.")
                )
            elif row.overdue and not self._late_allowed:
                self.message.setText(deadline_refusal())
            elif row.overdue:
                self.message.setText(self._late_warning(row))
            else:
                self.message.setText("")
        self._sync_actions()

    def _meeting_text(self, row: CaseRow) -> str:
        where = case_meeting(row)
        if not where:
            return ""
        if row.item_number:
            return (
                self.tr("Meeting: %1 · agenda item %2")
                .replace("%1", where)
                .replace("%2", row.item_number)
            )
        return self.tr("Meeting: %1").replace("%1", where)

    def _late_warning(self, row: CaseRow) -> str:
        when = format_short(row.case.deadline) if row.case.deadline else ""
        return self.tr(
            "The deadline passed on %1. Your organisation still lets you decide, but the "
            "server normally refuses a decision that arrives after the deadline; Folio "
            "then shows it as refused."
        ).replace("%1", when)

    def _open_case(self, row: CaseRow | None) -> bool:
        return (
            row is not None
            and row.case.my_decision is None
            and (row.approval is None or row.approval.state is OpState.REJECTED)
        )

    def _sync_actions(self) -> None:
        row = self.current_row()
        # An overdue case is closed here unless policy says otherwise; the message says why.
        can_decide = (
            self._open_case(row) and row is not None and (not row.overdue or self._late_allowed)
        )
        for b in (self.approve, self.reject, self.approve_remark):
            b.setEnabled(can_decide)
        self.open_documents.setVisible(row is not None and bool(row.document_ids))

    def _open_documents(self) -> None:
        row = self.current_row()
        if row is None or not row.document_ids or row.case.meeting_id is None:
            return
        self.documents_requested.emit(row.case.meeting_id, row.document_ids[0])

    def decide(self, decision: Decision, *, with_remark: bool) -> None:
        """Ask for the remark (if any), then confirm the named choice on a sheet, then save."""
        row = self.current_row()
        if row is None or not self._open_case(row):
            return
        if row.overdue and not self._late_allowed:
            self.message.setText(deadline_refusal())
            return
        if not with_remark:
            self._confirm(row, decision, "")
            return
        sheet = TextSheet(
            self,
            self.tr("Approve with a remark"),
            self.tr("Your remark, sent with your approval of %1:").replace(
                "%1", self._case_name(row)
            ),
            action=self.tr("Next"),
            required=True,
        )

        def written(ok: bool) -> None:
            self.sheet = None
            if ok:
                self._confirm(row, decision, sheet.text().strip())

        sheet.finished.connect(written)
        self._show_sheet(sheet)

    def _case_name(self, row: CaseRow) -> str:
        if row.item_number:
            return (
                self.tr("case %1: %2")
                .replace("%1", row.item_number)
                .replace("%2", row.item_title or row.case.title)
            )
        return f"“{row.case.title}”"

    def _confirm(self, row: CaseRow, decision: Decision, remark: str) -> None:
        name = self._case_name(row)
        approve = decision is Decision.APPROVE
        title = (self.tr("Approve %1?") if approve else self.tr("Reject %1?")).replace("%1", name)
        lines = [case_meeting(row)] if case_meeting(row) else []
        if remark:
            lines.append(self.tr("Your remark: “%1”").replace("%1", remark))
        lines.append(
            self.tr(
                "Your decision is sent when this device is online. It cannot be changed "
                "once it is made."
            )
        )
        warning = None
        if row.overdue:
            warning = self._late_warning(row)
        elif row.case.deadline is not None and row.case.deadline < datetime.now(UTC):
            # by this tablet's clock only: the server has the last word when it arrives
            warning = self.tr(
                "By this device's clock the deadline has passed. If your decision reaches "
                "the server after the deadline, it is refused."
            )
        number = row.item_number or ""
        if approve:
            label = (
                self.tr("Approve case %1").replace("%1", number) if number else self.tr("Approve")
            )
        else:
            label = self.tr("Reject case %1").replace("%1", number) if number else self.tr("Reject")
        sheet = ConfirmSheet(self, title, "\n\n".join(lines), label, warning=warning)

        def answered(ok: bool) -> None:
            self.sheet = None
            if ok:
                self._send(row, decision, remark)

        sheet.finished.connect(answered)
        self._show_sheet(sheet)

    def _show_sheet(self, sheet: Sheet) -> None:
        self.sheet = sheet
        sheet.open()

    def _send(self, row: CaseRow, decision: Decision, remark: str) -> None:
        ops, case_id = self._ops, row.case.id

        def done(_changes: object) -> None:
            self.message.setText(self.tr("Decision saved. It is sent when you are online."))
            self.reload()

        self._runner.command(
            lambda: ops.decide(case_id, decision, remark),
            done,
            lambda e: self.message.setText(message_for(e)),
            failure=OnFailure.SHOW,
        )
