"""Annotations, comments and decisions over sync.api. Every method runs on the vault lane.

The optional verbs (annotations_for_meeting, export_*, changed_pages) come from a
newer sync.api; when the running core does not offer them the UI hides what
needs them instead of failing.
"""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sync.api import Api
from sync.errors import ErrorKind, FolioError
from sync.model import (
    Annotation,
    AnnotationKind,
    Approval,
    Case,
    CaseStatus,
    Changes,
    Comment,
    Decision,
    Meeting,
    OpState,
    Quote,
    Visibility,
)

Rect4 = tuple[float, float, float, float]
Stroke = Sequence[tuple[float, float, float]]


def new_annotation_id() -> str:
    """Made on the UI thread so an undo queued right after an add knows what to delete."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class NoteRow:
    """One line of "My notes": an annotation with the document it sits in."""

    annotation: Annotation
    document_title: str


class AnnotationOps:
    """Annotation verbs bound to one Api, for the viewer and the "My notes" panel."""

    def __init__(self, api: Api) -> None:
        self._api = api

    def list(self, document_id: str) -> builtins.list[Annotation]:
        return [a for a in self._api.list_annotations(document_id) if not a.deleted]

    def add(
        self,
        annotation_id: str,
        document_id: str,
        page: int,
        kind: AnnotationKind,
        *,
        color: str,
        rects: Sequence[Rect4] = (),
        strokes: Sequence[Stroke] = (),
        text: str = "",
        quote: Quote | None = None,
        visibility: Visibility = Visibility.PRIVATE,
    ) -> Changes:
        return self._api.add_annotation(
            document_id,
            page,
            kind,
            color=color,
            rects=rects,
            strokes=strokes,
            text=text,
            quote=quote,
            visibility=visibility,
            annotation_id=annotation_id,
        )

    def restore(self, annotation: Annotation, new_id: str) -> Changes:
        """Undo of a delete: the same content under a fresh id (the old id is a tombstone)."""
        return self.add(
            new_id,
            annotation.document_id,
            annotation.page,
            annotation.kind,
            color=annotation.color,
            rects=annotation.rects,
            strokes=annotation.strokes,
            text=annotation.text,
            quote=annotation.quote,
            visibility=annotation.visibility,
        )

    def delete(self, annotation_id: str) -> Changes:
        return self._api.delete_annotation(annotation_id)

    def update(self, annotation_id: str, **fields: Any) -> Changes:
        return self._api.update_annotation(annotation_id, **fields)

    def for_meeting(self, meeting_id: str) -> builtins.list[NoteRow]:
        return [
            NoteRow(ann, doc.title)
            for doc, ann in self._api.annotations_for_meeting(meeting_id)
            if not ann.deleted
        ]

    def changed_pages(self, document_id: str) -> builtins.list[int]:
        """Pages changed by the newest version (empty when nothing is known)."""
        return self._api.changed_pages(document_id)

    def reanchor_summary(self, document_id: str) -> tuple[int, int] | None:
        """(moved, needs review) of the last re-anchoring, for "12 notes moved, 1 needs you"."""
        summary = self._api.reanchor_summary(document_id)
        if summary is None:
            return None
        return summary.moved, summary.needs_review

    def export_allowed(self) -> bool:
        """Whether to show the export buttons (effective policy ``allow_export``).

        Only a hint for the UI: the Api refuses a forbidden export itself.
        """
        return self._api.export_allowed()

    def export_annotated_pdf(self, document_id: str, target: Path) -> Path:
        """Policy ``watermark`` marks the export as well as the screen (the Api decides)."""
        return self._api.export_annotated_pdf(document_id, target)

    def export_meeting_sheet(self, meeting_id: str, target: Path) -> Path:
        return self._api.export_meeting_sheet(meeting_id, target)


class CommentOps:
    def __init__(self, api: Api) -> None:
        self._api = api

    def list(self, target_kind: str, target_id: str) -> list[Comment]:
        return self._api.list_comments(target_kind, target_id)

    def add(self, target_kind: str, target_id: str, body: str, parent_id: str | None) -> Changes:
        return self._api.add_comment(target_kind, target_id, body, parent_id)


@dataclass(frozen=True)
class CaseRow:
    case: Case
    approval: Approval | None  # the reader's latest decision on it
    # Where the case comes from: two committees both have a case "4." on their agendas.
    meeting_title: str = ""
    meeting_starts_at: datetime | None = None
    item_number: str = ""
    item_title: str = ""
    document_ids: tuple[str, ...] = ()
    # Past its deadline by the last signed server time this device holds (not its clock).
    overdue: bool = False


@dataclass(frozen=True)
class DecisionsView:
    """Everything the decisions screen shows, read in one trip to the vault lane."""

    rows: list[CaseRow]
    history: list[tuple[Approval, str]]
    # Policy ``decide_after_deadline``: an overdue case may still be decided, after a warning.
    late_allowed: bool = False


class DecisionOps:
    def __init__(self, api: Api) -> None:
        self._api = api

    def overview(self) -> list[CaseRow]:
        """Open cases and the ones the reader decided, soonest deadline first."""
        latest: dict[str, Approval] = {}
        for approval in self._api.list_approvals():  # newest first
            held = latest.get(approval.case_id)
            # The decision the server holds beats a later one it refused (another tablet).
            if held is None or (
                held.state is OpState.REJECTED and approval.state is not OpState.REJECTED
            ):
                latest[approval.case_id] = approval
        server_time = self._api.server_time()
        meetings: dict[str, Meeting | None] = {}
        rows = []
        for case in self._api.list_cases():
            if case.status is not CaseStatus.OPEN and case.id not in latest:
                continue
            overdue = (
                case.deadline is not None
                and server_time is not None
                and server_time > case.deadline
            )
            rows.append(self._placed(CaseRow(case, latest.get(case.id), overdue=overdue), meetings))
        far = 1e18
        rows.sort(key=lambda r: r.case.deadline.timestamp() if r.case.deadline else far)
        return rows

    def _placed(self, row: CaseRow, meetings: dict[str, Meeting | None]) -> CaseRow:
        """The row with its meeting, agenda item and documents (when still on the device)."""
        meeting_id = row.case.meeting_id
        if meeting_id is None:
            return row
        if meeting_id not in meetings:
            try:
                meetings[meeting_id] = self._api.get_meeting(meeting_id)
            except FolioError as e:
                if e.kind is not ErrorKind.NOT_FOUND:
                    raise
                meetings[meeting_id] = None  # purged after the meeting: the case stands alone
        meeting = meetings[meeting_id]
        if meeting is None:
            return row
        item = next((i for i in meeting.items if i.id == row.case.item_id), None)
        return replace(
            row,
            meeting_title=meeting.title,
            meeting_starts_at=meeting.starts_at,
            item_number=item.number if item is not None else "",
            item_title=item.title if item is not None else "",
            document_ids=tuple(d.id for d in item.documents) if item is not None else (),
        )

    def view(self) -> DecisionsView:
        return DecisionsView(self.overview(), self.history(), self._api.late_decisions_allowed())

    def history(self) -> list[tuple[Approval, str]]:
        """Every past decision (newest first) with the case title it was given for.

        The title is the one stored with the decision, so it stays after withdrawal or
        retention purged the case; only decisions older than that store fall back.
        """
        titles = {c.id: c.title for c in self._api.list_cases()}
        return [
            (a, a.case_title or titles.get(a.case_id, a.case_id))
            for a in self._api.list_approvals()
        ]

    def decide(self, case_id: str, decision: Decision, remark: str) -> Changes:
        return self._api.decide(case_id, decision, remark)
