"""Cases and the reader's decisions on them, judged against the server's signed time."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sync import model
from sync import protocol as p
from sync.commands import offline_expiry
from sync.commands.comments import MAX_COMMENT_CHARS
from sync.errors import ErrorKind, FolioError
from sync.store import records
from sync.store import state as vault_state
from sync.store.records import CursorReader
from sync.store.state import STATE_SERVER_TIME

if TYPE_CHECKING:
    from sync.config.policy import Config
    from sync.vault.db import Database


def list_cases(db: Database, config: Config, status: model.CaseStatus | None) -> list[model.Case]:
    cases = records.list_cases(db, status)
    hidden = offline_expiry.hidden_closed(db, config)
    if hidden is None:
        return cases
    return [offline_expiry.without_description(c) if c.id in hidden.cases else c for c in cases]


def get_case(db: Database, config: Config, case_id: str) -> model.Case:
    case = records.get_case(db, case_id)
    hidden = offline_expiry.hidden_closed(db, config)
    if hidden and case_id in hidden.cases:
        return offline_expiry.without_description(case)
    return case


def server_time(db: Database) -> datetime | None:
    seen = db.get_state(STATE_SERVER_TIME)
    return p.parse_time(seen, STATE_SERVER_TIME) if seen else None


def decide(
    db: Database,
    case_id: str,
    decision: model.Decision,
    remark: str,
    *,
    late_allowed: bool,
) -> model.Changes:
    """The approval and its op in one transaction; the rules the UI only greys out.

    The op carries the case version the reader saw, so the server judges the
    command against its current state (and may reject it with a reason). A case
    overdue by the last signed server time is refused here (POLICY, reason
    ``deadline_passed``) unless ``late_allowed`` (policy ``decide_after_deadline``).
    """
    if len(remark) > MAX_COMMENT_CHARS:
        raise FolioError(ErrorKind.BAD_INPUT, "the remark is too long")
    with db.transaction() as cur:
        reader = CursorReader(cur)
        case = records.get_case(reader, case_id)
        # Refused here, with no op written, once this device knows of a decision:
        # its own, or one the server holds from another of the reader's devices.
        if case.my_decision is not None or case.status is model.CaseStatus.DECIDED:
            raise FolioError(
                ErrorKind.ALREADY_DECIDED,
                "this case is already decided",
                reason=None if case.my_decision is None else case.my_decision.value,
            )
        if case.status is not model.CaseStatus.OPEN:
            raise FolioError(ErrorKind.REJECTED, "the case is not open", reason=case.status.value)
        if case.deadline is not None and not late_allowed:
            seen = vault_state.read_in(cur, STATE_SERVER_TIME)
            if seen and p.parse_time(seen) > case.deadline:
                raise FolioError(
                    ErrorKind.POLICY,
                    "the deadline has passed by the server's last signed time",
                    reason=p.Reason.DEADLINE_PASSED.value,
                )
        if records.pending_approval(reader, case_id) is not None:
            raise FolioError(ErrorKind.ALREADY_DECIDED, "this case was already decided here")
        approval_id = records.new_id()
        records.insert_approval(
            cur,
            approval_id,
            case=case,
            decision=decision,
            remark=remark,
            decided_at=records.now(),
        )
        records.add_op(
            cur,
            p.DecisionPayload(approval_id, case.id, case.version, decision, remark),
            op_id=approval_id,
        )
    return model.Changes(
        approvals=frozenset({approval_id}), cases=frozenset({case_id}), outbox=True
    )


def list_approvals(db: Database, config: Config, case_id: str | None) -> list[model.Approval]:
    approvals = records.list_approvals(db, case_id)
    hidden = offline_expiry.hidden_closed(db, config)
    if hidden is None:
        return approvals
    return [a for a in approvals if a.case_id not in hidden.cases]
