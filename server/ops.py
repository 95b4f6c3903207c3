"""Op ingestion: each op applied at most once, its answer stored forever and replayed.

Each op runs in its own transaction: the op row is inserted first (so a
concurrent twin blocks on, then fails at, the primary key) and the effect and
the answer are written in the same transaction. On a unique-constraint race the
transaction is retried and then finds the stored answer or the existing decision.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from server import access, feed
from server.context import ServerContext, audit, new_id, now
from server.models import (
    Annotation,
    Approval,
    Case,
    CaseAssignee,
    Comment,
    Device,
    Document,
    Item,
    Meeting,
    OpRecord,
    ReadReceipt,
    User,
)
from sync import protocol as p
from sync.errors import FolioError

_ATTEMPTS = 5


class _RejectError(Exception):
    def __init__(self, reason: p.Reason) -> None:
        super().__init__(reason.value)
        self.reason = reason


class _RetryError(Exception):
    """A concurrent twin of an op in this batch won a unique constraint."""


def process_batch(ctx: ServerContext, device: Device, ops: tuple[p.Op, ...]) -> list[p.OpAnswer]:
    """The whole batch in one transaction, each op in its own savepoint (one commit per batch).

    If any op meets a unique-constraint race, the batch is rolled back entirely and
    redone op by op, one transaction each, where the race resolves to the winner's
    stored answer.
    """
    digests = [p.payload_hash(op.payload) for op in ops]
    try:
        with ctx.sessions() as session, session.begin():
            answers = []
            for op, digest in zip(ops, digests, strict=True):
                savepoint = session.begin_nested()
                try:
                    answers.append(_apply(session, device, op, digest, ctx.signing_key))
                except IntegrityError as exc:
                    savepoint.rollback()
                    raise _RetryError from exc
                savepoint.commit()
            return answers
    except (_RetryError, IntegrityError, OperationalError):
        return [_process_one(ctx, device, op) for op in ops]


def _process_one(ctx: ServerContext, device: Device, op: p.Op) -> p.OpAnswer:
    digest = p.payload_hash(op.payload)
    last_exc: Exception | None = None
    for _ in range(_ATTEMPTS):
        try:
            with ctx.sessions() as session, session.begin():
                return _apply(session, device, op, digest, ctx.signing_key)
        except (IntegrityError, OperationalError) as exc:
            last_exc = exc  # a concurrent twin won; the next attempt sees its result
    assert last_exc is not None
    raise last_exc


def _apply(
    session: Session, device: Device, op: p.Op, digest: str, signer: Ed25519PrivateKey
) -> p.OpAnswer:
    existing = session.get(OpRecord, op.id)
    if existing is not None:
        if (
            existing.payload_hash != digest
            or existing.kind != op.kind
            or existing.user_id != device.user_id
        ):
            return p.OpAnswer(op.id, p.OpStatus.REJECTED, p.Reason.OP_ID_REUSED)
        stored = p.OpAnswer.from_json(existing.answer)
        if stored.status == p.OpStatus.APPLIED:
            return p.OpAnswer(
                stored.op_id,
                p.OpStatus.DUPLICATE,
                stored.reason,
                stored.revision,
                stored.receipt_id,
                stored.applied_at,
                stored.seq,
                stored.epoch,
                stored.signature,
            )
        return stored
    record = OpRecord(
        id=op.id,
        user_id=device.user_id,
        device_id=device.id,
        kind=op.kind,
        payload_hash=digest,
        answer={},
        created_at=now(),
    )
    session.add(record)
    session.flush()
    try:
        kind = p.OpKind(op.kind)
        payload = p.PAYLOAD_TYPES[kind].from_json(op.payload)
    except ValueError:
        answer = p.OpAnswer(op.id, p.OpStatus.REJECTED, p.Reason.UNKNOWN_KIND)
    except FolioError:
        answer = p.OpAnswer(op.id, p.OpStatus.REJECTED, p.Reason.INVALID_PAYLOAD)
    else:
        # A savepoint: nothing of a rejected op may stay, only its answer does.
        effect = session.begin_nested()
        applied_at = _receipt_time(op, digest, signer) or now()
        session.info[_JUDGED_AT] = applied_at
        feed_before = feed.max_seq(session)
        try:
            revision, receipt = _HANDLERS[kind](session, device, payload)
        except _RejectError as rej:
            effect.rollback()
            answer = p.OpAnswer(op.id, p.OpStatus.REJECTED, rej.reason)
        else:
            effect.commit()
            signature = p.b64encode(signer.sign(p.op_receipt_message(op.id, digest, applied_at)))
            # The op's last feed row; one past the feed's end for an op that wrote none.
            # Either way: a backup whose feed reaches this seq holds the op.
            feed_after = feed.max_seq(session)
            answer = p.OpAnswer(
                op.id,
                p.OpStatus.APPLIED,
                None,
                revision,
                receipt,
                applied_at,
                seq=feed_after if feed_after > feed_before else feed_before + 1,
                epoch=feed.current_epoch(session).id,
                signature=signature,
            )
        finally:
            session.info.pop(_JUDGED_AT, None)
    record.answer = answer.to_json()
    return answer


Result = tuple[int | None, str | None]

#: session.info key: the time an op counts as applied (deadlines are judged at it).
_JUDGED_AT = "folio.judged_at"


def _receipt_time(op: p.Op, digest: str, signer: Ed25519PrivateKey) -> datetime | None:
    """The time this server signed when it first applied this very op, if the op
    carries that proof: a device re-sends confirmed ops a restore from a backup lost,
    and a decision made before its deadline must not turn late by being restored.
    """
    if op.receipt is None:
        return None
    try:
        signer.public_key().verify(
            p.b64decode(op.receipt.signature, "signature"),
            p.op_receipt_message(op.id, digest, op.receipt.applied_at),
        )
    except (InvalidSignature, FolioError):
        return None  # not ours, or not for this payload: judged now, like any new op
    return min(op.receipt.applied_at, now())


def _judged_at(session: Session) -> datetime:
    value = session.info.get(_JUDGED_AT)
    return value if isinstance(value, datetime) else now()


def _visible_document(session: Session, device: Device, document_id: str) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise _RejectError(p.Reason.UNKNOWN_TARGET)
    committees = access.committees_of(session, device.user_id)
    visible, _closed = access.document_visibility(session, doc, committees)
    if not visible:
        raise _RejectError(p.Reason.NO_ACCESS)
    return doc


def _annotation_put(session: Session, device: Device, a: p.AnnotationPayload) -> Result:
    doc = _visible_document(session, device, a.document_id)
    row = session.get(Annotation, a.annotation_id, with_for_update=True)
    t = now()
    if row is not None and row.user_id != device.user_id:
        raise _RejectError(p.Reason.NOT_OWNER)
    was_shared = row is not None and not row.deleted and _shared(row.visibility)
    old_document = None if row is None else row.document_id
    if row is None:
        row = Annotation(
            id=a.annotation_id,
            user_id=device.user_id,
            document_id=a.document_id,
            revision=1,
            deleted=False,
            visibility=a.visibility.value,
            data=a.to_json(),
            updated_at=t,
        )
        session.add(row)
    else:
        row.revision += 1
        row.deleted = False
        row.document_id = a.document_id
        row.visibility = a.visibility.value
        row.data = a.to_json()
        row.updated_at = t
    info = p.AnnotationInfo(
        annotation=a,
        annotation_id=a.annotation_id,
        revision=row.revision,
        deleted=False,
        updated_at=t,
    )
    feed.add(
        session,
        p.FeedKind.ANNOTATION_PUT,
        ref_id=a.annotation_id,
        user_id=device.user_id,
        exclude_device_id=device.id,
        data=info.to_json(),
    )
    if was_shared and old_document is not None and old_document != doc.id:
        _share(session, row, old_document)  # moved to another document: gone from the old one
    if was_shared or _shared(a.visibility.value):
        _share(session, row, doc.id)
    return row.revision, None


def _shared(visibility: str) -> bool:
    """Only ``committee`` marks go to colleagues; ``secretariat`` ones stay with the server.

    The secretariat reads on the server (the staff console), not on a member's
    device, so a mark shared with it reaches no other reader.
    """
    return visibility == p.Visibility.COMMITTEE.value


def _share(session: Session, row: Annotation, document_id: str) -> None:
    """One feed row for the members of the document's committee, rendered when read.

    The row carries no data: server/feed.py renders the annotation's state at read
    time for each reader (the mark, or a tombstone once it is unshared, deleted or
    the document is out of the reader's sight), so an old row never replays stale
    content and closed documents stay with their committee's members.
    """
    doc = session.get(Document, document_id)
    meeting = None if doc is None else session.get(Meeting, doc.meeting_id)
    if meeting is None:
        return
    feed.add(
        session,
        p.FeedKind.ANNOTATION_PUT,
        ref_id=row.id,
        committee_id=meeting.committee_id,
        closed=True,  # "closed" in the feed's filter: only the committee's members
    )


def resend_shared_annotations(session: Session, committee_id: str, user_id: str) -> None:
    """After a membership change: the committee's shared marks again, for one reader.

    Rendered when read like every shared row: a new member gets the marks, a
    removed one gets tombstones, so colleagues' notes leave the device with access.
    """
    shared = session.scalars(
        select(Annotation.id)
        .join(Document, Document.id == Annotation.document_id)
        .join(Meeting, Meeting.id == Document.meeting_id)
        .where(
            Meeting.committee_id == committee_id,
            Annotation.user_id != user_id,
            Annotation.deleted.is_(False),
            Annotation.visibility == p.Visibility.COMMITTEE.value,
        )
    )
    for annotation_id in shared:
        feed.add(session, p.FeedKind.ANNOTATION_PUT, ref_id=annotation_id, user_id=user_id)


def _annotation_delete(session: Session, device: Device, a: p.AnnotationDeletePayload) -> Result:
    row = session.get(Annotation, a.annotation_id, with_for_update=True)
    if row is None:
        raise _RejectError(p.Reason.UNKNOWN_TARGET)
    if row.user_id != device.user_id:
        raise _RejectError(p.Reason.NOT_OWNER)
    was_shared = not row.deleted and _shared(row.visibility)
    t = now()
    row.revision += 1
    row.deleted = True
    row.data = None
    row.updated_at = t
    info = p.AnnotationInfo(
        annotation=None, annotation_id=row.id, revision=row.revision, deleted=True, updated_at=t
    )
    feed.add(
        session,
        p.FeedKind.ANNOTATION_PUT,
        ref_id=row.id,
        user_id=device.user_id,
        exclude_device_id=device.id,
        data=info.to_json(),
    )
    if was_shared:
        _share(session, row, row.document_id)
    return row.revision, None


def _visible_case(session: Session, device: Device, case_id: str) -> Case:
    case = session.get(Case, case_id, with_for_update=True)
    if case is None:
        raise _RejectError(p.Reason.UNKNOWN_TARGET)
    committees = access.committees_of(session, device.user_id)
    if not access.case_visible(session, case, device.user_id, committees):
        raise _RejectError(p.Reason.NO_ACCESS)
    return case


def _comment_add(session: Session, device: Device, c: p.CommentPayload) -> Result:
    committees = access.committees_of(session, device.user_id)
    audience: dict[str, Any]
    extra_users: list[str] = []
    if c.target_kind == p.CommentTarget.ITEM:
        item = session.get(Item, c.target_id)
        meeting = None if item is None else session.get(Meeting, item.meeting_id)
        if item is None or meeting is None or item.removed:
            raise _RejectError(p.Reason.UNKNOWN_TARGET)
        if meeting.withdrawn_at is not None:
            raise _RejectError(p.Reason.MEETING_CLOSED)
        if not access.item_visible(item, meeting, committees):
            raise _RejectError(p.Reason.NO_ACCESS)
        audience = {"committee_id": meeting.committee_id, "closed": item.closed}
    elif c.target_kind == p.CommentTarget.CASE:
        case = _visible_case(session, device, c.target_id)
        if case.status == p.CaseState.WITHDRAWN:
            raise _RejectError(p.Reason.CASE_WITHDRAWN)
        if case.committee_id is not None:
            audience = {"committee_id": case.committee_id, "closed": True}
        else:
            audience = {"user_id": device.user_id}
            extra_users = [
                u
                for u in session.scalars(
                    select(CaseAssignee.user_id).where(CaseAssignee.case_id == case.id)
                )
                if u != device.user_id
            ]
    else:
        ann = session.get(Annotation, c.target_id)
        if ann is None or ann.deleted:
            raise _RejectError(p.Reason.UNKNOWN_TARGET)
        if ann.user_id != device.user_id and ann.visibility == p.Visibility.PRIVATE:
            raise _RejectError(p.Reason.NO_ACCESS)
        audience = {"user_id": device.user_id}
        if ann.user_id != device.user_id:
            extra_users = [ann.user_id]
    if session.get(Comment, c.comment_id) is not None:
        raise _RejectError(p.Reason.INVALID_PAYLOAD)  # a comment id is used once
    t = now()
    session.add(
        Comment(
            id=c.comment_id,
            user_id=device.user_id,
            target_kind=c.target_kind.value,
            target_id=c.target_id,
            body=c.body,
            parent_id=c.parent_id,
            created_at=t,
        )
    )
    user = session.get(User, device.user_id)
    assert user is not None
    info = p.CommentInfo(
        id=c.comment_id,
        target_kind=c.target_kind,
        target_id=c.target_id,
        body=c.body,
        author=user.display_name,
        created_at=t,
        parent_id=c.parent_id,
    )
    feed.add(session, p.FeedKind.COMMENT_PUT, ref_id=c.comment_id, data=info.to_json(), **audience)
    for uid in extra_users:
        feed.add(
            session, p.FeedKind.COMMENT_PUT, ref_id=c.comment_id, data=info.to_json(), user_id=uid
        )
    return None, None


def _approval_decide(session: Session, device: Device, d: p.DecisionPayload) -> Result:
    case = _visible_case(session, device, d.case_id)
    if case.status == p.CaseState.WITHDRAWN:
        raise _RejectError(p.Reason.CASE_WITHDRAWN)
    mine = session.scalars(
        select(Approval).where(Approval.case_id == case.id, Approval.user_id == device.user_id)
    ).first()
    if mine is not None or case.status == p.CaseState.DECIDED:
        raise _RejectError(p.Reason.ALREADY_DECIDED)
    t = _judged_at(session)  # now, or the signed time of a decision a restore lost
    if case.deadline is not None and t > case.deadline:
        raise _RejectError(p.Reason.DEADLINE_PASSED)
    if d.case_version != case.version:
        raise _RejectError(p.Reason.CASE_CHANGED)
    receipt = new_id()
    session.add(
        Approval(
            id=d.approval_id,
            case_id=case.id,
            user_id=device.user_id,
            device_id=device.id,
            decision=d.decision.value,
            remark=d.remark,
            case_version=case.version,
            receipt_id=receipt,
            decided_at=t,
        )
    )
    session.flush()
    user = session.get(User, device.user_id)
    audit(
        session,
        user.username if user else "?",
        "case.decide",
        case.id,
        device_id=device.id,
        detail=f"{d.decision.value} receipt {receipt}",
    )
    if case.committee_id is None:
        assignees = set(
            session.scalars(select(CaseAssignee.user_id).where(CaseAssignee.case_id == case.id))
        )
        decided = set(session.scalars(select(Approval.user_id).where(Approval.case_id == case.id)))
        if assignees and assignees <= decided:
            case.status = p.CaseState.DECIDED.value
    feed.add(session, p.FeedKind.CASE_PUT, ref_id=case.id, user_id=device.user_id)
    return None, receipt


def _read_receipt(session: Session, device: Device, r: p.ReadReceiptPayload) -> Result:
    _visible_document(session, device, r.document_id)
    session.add(
        ReadReceipt(
            user_id=device.user_id, document_id=r.document_id, version=r.document_version, at=now()
        )
    )
    return None, None


_HANDLERS: dict[p.OpKind, Callable[[Session, Device, Any], Result]] = {
    p.OpKind.ANNOTATION_PUT: _annotation_put,
    p.OpKind.ANNOTATION_DELETE: _annotation_delete,
    p.OpKind.COMMENT_ADD: _comment_add,
    p.OpKind.APPROVAL_DECIDE: _approval_decide,
    p.OpKind.READ_RECEIPT: _read_receipt,
}
