"""Decisions: cases assigned to the reader by deadline, deciding with a confirmation, receipts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import message_for, reason_text
from desktop.ops.annotate import CaseRow, CommentOps, DecisionOps
from desktop.tasks import OnFailure, TaskRunner
from desktop.widgets.discussion import (
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
from desktop.widgets.ui import button, heading, touch
from desktop.widgets.wrapping import touch_rows
from sync.model import (
    Approval,
    Decision,
    OpState,
)


class DecisionsPage(QWidget):
    """Cases assigned to the reader by deadline, deciding with a confirmation, and receipts."""

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
        # Replaced by tests: modal dialogs would block them.
        self.confirm: Callable[[str], bool] = self._confirm_dialog
        self.ask_remark: Callable[[], str | None] = self._remark_dialog

        self.title = heading(self.tr("Decisions"))
        self.cases = QTreeWidget()
        self.cases.setAccessibleName(self.tr("Cases to decide"))
        self.cases.setHeaderLabels([self.tr("Deadline"), self.tr("Case"), self.tr("Your decision")])
        self.cases.setRootIsDecorated(False)
        touch_rows(self.cases)
        self.cases.setWordWrap(True)
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
        actions = QHBoxLayout()
        for b in (self.approve, self.reject, self.approve_remark):
            actions.addWidget(b)
        actions.addStretch(1)
        todo = QWidget()
        tl = QVBoxLayout(todo)
        tl.addWidget(self.cases, 2)
        tl.addWidget(self.description)
        tl.addLayout(actions)
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
            lambda: (ops.overview(), ops.history()),
            self._show,
            lambda e: self.message.setText(message_for(e)),
            failure=OnFailure.SHOW,
        )

    def _show(self, result: tuple[list[CaseRow], list[tuple[Approval, str]]]) -> None:
        rows, history = result
        current = self.current_row()
        keep = current.case.id if current is not None else None
        self._rows = rows
        self.cases.clear()
        for index, row in enumerate(rows):
            colour, words = deadline_band(row.case.deadline, bands=self.bands)
            if row.approval is not None:
                decided = f"{decision_label(row.approval.decision)} · " + decision_state_text(
                    row.approval
                )
            elif row.case.my_decision is not None:  # known from the server, no receipt yet
                decided = decided_on_other_tablet(row.case.my_decision)
            else:
                decided = self.tr("Not decided yet")
            node = QTreeWidgetItem(["● " + words, row.case.title, decided])
            node.setForeground(0, QColor(colour))
            node.setData(0, ROLE_ID, index)
            node.setData(
                0, Qt.ItemDataRole.AccessibleTextRole, f"{words}. {row.case.title}. {decided}"
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

    def current_row(self) -> CaseRow | None:
        node = self.cases.currentItem()
        index = node.data(0, ROLE_ID) if node is not None else None
        return self._rows[index] if isinstance(index, int) and index < len(self._rows) else None

    def _selected(self) -> None:
        row = self.current_row()
        self.description.setText(row.case.description if row is not None else "")
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
            else:
                self.message.setText("")
        self._sync_actions()

    def _sync_actions(self) -> None:
        row = self.current_row()
        open_case = (
            row is not None
            and row.case.my_decision is None
            and (row.approval is None or row.approval.state is OpState.REJECTED)
        )
        for b in (self.approve, self.reject, self.approve_remark):
            b.setEnabled(open_case)

    def decide(self, decision: Decision, *, with_remark: bool) -> None:
        row = self.current_row()
        if row is None:
            return
        remark = ""
        if with_remark:
            asked = self.ask_remark()
            if asked is None:
                return
            remark = asked.strip()
        question = (
            self.tr("Approve “%1”?") if decision is Decision.APPROVE else self.tr("Reject “%1”?")
        ).replace("%1", row.case.title)
        if not self.confirm(question):
            return
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

    def _confirm_dialog(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Confirm decision"), question)
        return answer == QMessageBox.StandardButton.Yes

    def _remark_dialog(self) -> str | None:
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Approve with a remark"), self.tr("Your remark:")
        )
        return text if ok else None
