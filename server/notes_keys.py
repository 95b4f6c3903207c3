"""Private notes on the server: wraps, approvals and sealed marks it can file but not read.

docs/spec/e2e-notes.md is the design. The server holds, per reader, the current
generation of her notes key (never the key), the keyring wrapped to each approved
device's X25519 enrollment key and to her recovery key, and the relayed
commit / answer / reveal of a new device's approval. A sealed mark (op
``annotation.sealed``) is stored and relayed opaque: only its routing fields are
read (annotation id, document id, the writer's op id, base revision), and the rules
of ``annotation.put`` hold unchanged: a document the reader may not see is
answered like a missing one, another reader's mark likewise unless it is shared
with her.

What the server enforces here is bookkeeping, not secrecy: a device's wrap is only
as good as the device that made it, and the devices check each other through the
short code (sync/e2e/approval.py), never through this server's word.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server import feed, limits
from server.context import audit, new_id, now
from server.errors import ApiError, not_found
from server.models import (
    Annotation,
    Bookmark,
    Device,
    FeedRow,
    NotesApproval,
    NotesKey,
    NotesKeyWrap,
    User,
)
from sync import protocol as p
from sync.e2e import wire as w
from sync.errors import FolioError

if TYPE_CHECKING:
    from server.ops import Batch, Result

#: a pending approval lives this long; then the new device asks again
APPROVAL_TTL = timedelta(minutes=15)
#: open requests per reader at one time (each is a row until it expires)
MAX_OPEN_APPROVALS = 5


def _conflict(detail: str) -> ApiError:
    # a code of the e2e part of the wire (sync/e2e/wire.py), not of protocol.ErrorCode
    return ApiError(409, w.NotesErrorCode.NOTES_KEY_CONFLICT, detail)  # type: ignore[arg-type]


def _actor(session: Session, device: Device) -> str:
    user = session.get(User, device.user_id)
    return user.username if user is not None else "?"


# -- keys ------------------------------------------------------------------------


def _live_devices(session: Session, user_id: str) -> list[Device]:
    return list(
        session.scalars(
            select(Device)
            .where(Device.user_id == user_id, Device.revoked_at.is_(None))
            .order_by(Device.created_at, Device.id)
        )
    )


def _holders(session: Session, user_id: str, generation: int) -> set[str]:
    return set(
        session.scalars(
            select(NotesKeyWrap.device_id).where(
                NotesKeyWrap.user_id == user_id, NotesKeyWrap.generation == generation
            )
        )
    )


def state(session: Session, device: Device) -> w.NotesKeyState:
    """GET /v1/notes/keys for one device."""
    key = session.get(NotesKey, device.user_id)
    generation = None if key is None else key.generation
    holders = set() if generation is None else _holders(session, device.user_id, generation)
    mine = session.scalars(
        select(NotesKeyWrap)
        .where(NotesKeyWrap.device_id == device.id)
        .order_by(NotesKeyWrap.generation.desc())
        .limit(1)
    ).first()
    revoked_holder = False
    if generation is not None:
        revoked_holder = (
            session.scalar(
                select(func.count())
                .select_from(NotesKeyWrap)
                .join(Device, Device.id == NotesKeyWrap.device_id)
                .where(
                    NotesKeyWrap.user_id == device.user_id,
                    NotesKeyWrap.generation == generation,
                    Device.revoked_at.is_not(None),
                )
            )
            or 0
        ) > 0
    open_approvals = session.scalar(
        select(func.count())
        .select_from(NotesApproval)
        .where(
            NotesApproval.user_id == device.user_id,
            NotesApproval.device_id != device.id,
            NotesApproval.state != w.APPROVAL_APPROVED,
            NotesApproval.expires_at >= now(),
        )
    )
    return w.NotesKeyState(
        open_approvals=int(open_approvals or 0),
        generation=generation,
        wrapped=None if mine is None else mine.wrapped,
        wrapped_generation=None if mine is None else mine.generation,
        rotation_due=revoked_holder,
        recovery_generation=None if key is None else key.recovery_generation,
        devices=tuple(
            w.NotesDevice(
                device_id=d.id,
                name=d.name,
                exchange_public_key=d.exchange_public_key,
                approved=d.id in holders,
                this_device=d.id == device.id,
            )
            for d in _live_devices(session, device.user_id)
        ),
    )


def put_wraps(session: Session, device: Device, req: w.WrapsRequest) -> None:
    """POST /v1/notes/keys: start a generation (first key, rotation) or add wraps of the current.

    409 ``notes_key_conflict`` when the generation does not fit the request (another
    device created or rotated the key first): the device reloads the state and, if it
    is now pending, asks for approval.
    """
    user_id = device.user_id
    live = {d.id: d for d in _live_devices(session, user_id)}
    for wrap in req.wraps:
        target = live.get(wrap.device_id)
        if target is None or target.exchange_public_key is None:
            raise not_found("no such device")  # not hers, revoked, or without keys
    if len({wr.device_id for wr in req.wraps}) != len(req.wraps):
        raise ApiError(400, p.ErrorCode.BAD_REQUEST, "one wrap per device")
    key = session.get(NotesKey, user_id, with_for_update=True)
    current = 0 if key is None else key.generation
    t = now()
    if req.start:
        # current + 1 as a rule; further ahead when a server restored from a backup
        # older than the reader's newest generation hears of it again from a device
        if req.generation <= current:
            raise _conflict(f"the current generation is {current}")
        holders = _holders(session, user_id, current) if current else set()
        live_holders = holders & set(live)
        if current and device.id not in holders and live_holders:
            # with no live device holding it, the reader starts over (her recovery key
            # lost too): notes sealed before stay unreadable (docs/spec/e2e-notes.md)
            raise _conflict("only a device holding the notes key starts a new generation")
        if device.id not in {wr.device_id for wr in req.wraps}:
            raise ApiError(400, p.ErrorCode.BAD_REQUEST, "a new generation includes its maker")
        if key is None:
            session.add(NotesKey(user_id=user_id, generation=req.generation, updated_at=t))
            try:
                session.flush()
            except IntegrityError as exc:  # a parallel first device won
                raise _conflict("another device created the notes key") from exc
        else:
            moved = session.execute(
                update(NotesKey)
                .where(NotesKey.user_id == user_id, NotesKey.generation == current)
                .values(generation=req.generation, updated_at=t)
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult
                raise _conflict("another device rotated the notes key")
            # the wraps of revoked devices go: they are not to be handed out again
            revoked = select(Device.id).where(
                Device.user_id == user_id, Device.revoked_at.is_not(None)
            )
            session.execute(delete(NotesKeyWrap).where(NotesKeyWrap.device_id.in_(revoked)))
        if current == 0:
            action = "notes_key.created"
        elif device.id in holders:
            action = "notes_key.rotated"
        else:
            action = "notes_key.started_over"
        audit(session, _actor(session, device), action, user_id, device_id=device.id)
    else:
        if current == 0 or req.generation != current:
            raise _conflict(f"the current generation is {current}")
        holders = _holders(session, user_id, current)
        others = {wr.device_id for wr in req.wraps} - {device.id}
        if others and device.id not in holders:
            raise _conflict("only a device holding the notes key wraps it to another")
        if req.recovery is not None and device.id not in holders:
            raise _conflict("only a device holding the notes key sets the recovery key")
    for wrap in req.wraps:
        session.merge(
            NotesKeyWrap(
                device_id=wrap.device_id,
                generation=req.generation,
                user_id=user_id,
                wrapped=wrap.wrapped,
                created_by=device.id,
                created_at=t,
            )
        )
        # a device's request is answered by any wrap to it, its own too (a tablet that
        # holds the key tells a restored server so: its old request is moot)
        session.execute(
            update(NotesApproval)
            .where(
                NotesApproval.device_id == wrap.device_id,
                NotesApproval.state != w.APPROVAL_APPROVED,
            )
            .values(state=w.APPROVAL_APPROVED)
        )
        if wrap.device_id != device.id:
            audit(
                session,
                _actor(session, device),
                "notes_key.approved",
                wrap.device_id,
                device_id=device.id,
            )
    if req.recovery is not None:
        key = session.get(NotesKey, user_id)
        assert key is not None
        key.recovery_generation = req.generation
        key.recovery_wrapped = req.recovery


def recovery(session: Session, device: Device) -> w.RecoveryWrap:
    key = session.get(NotesKey, device.user_id)
    if key is None or key.recovery_wrapped is None or key.recovery_generation is None:
        raise not_found("no recovery key")
    return w.RecoveryWrap(key.recovery_generation, key.recovery_wrapped)


# -- approvals -------------------------------------------------------------------


def _approval_json(session: Session, row: NotesApproval) -> w.Approval:
    new = session.get(Device, row.device_id)
    approver = (
        None if row.approver_device_id is None else session.get(Device, row.approver_device_id)
    )
    return w.Approval(
        approval_id=row.id,
        device_id=row.device_id,
        device_name="" if new is None else new.name,
        device_public_key=None if new is None else new.exchange_public_key,
        commitment=row.commitment,
        state=row.state,
        created_at=row.created_at,
        approver_device_id=row.approver_device_id,
        approver_public_key=None if approver is None else approver.exchange_public_key,
        approver_nonce=row.approver_nonce,
        device_nonce=row.device_nonce,
    )


def request_approval(session: Session, device: Device, req: w.ApprovalCommit) -> w.Approval:
    """A device without the current notes key asks for it (its commitment first)."""
    if device.exchange_public_key is None:
        raise ApiError(400, p.ErrorCode.BAD_REQUEST, "register the device's keys first")
    key = session.get(NotesKey, device.user_id)
    if key is None:
        raise _conflict("there is no notes key yet: this device creates it")
    if device.id in _holders(session, device.user_id, key.generation):
        raise _conflict("this device already holds the notes key")
    t = now()
    session.execute(
        delete(NotesApproval).where(
            NotesApproval.user_id == device.user_id,
            (NotesApproval.expires_at < t) | (NotesApproval.device_id == device.id),
        )
    )
    open_count = session.scalar(
        select(func.count())
        .select_from(NotesApproval)
        .where(NotesApproval.user_id == device.user_id)
    )
    if (open_count or 0) >= MAX_OPEN_APPROVALS:
        raise ApiError(429, p.ErrorCode.RATE_LIMITED, "too many open approvals", retry_after=60)
    row = NotesApproval(
        id=new_id(),
        user_id=device.user_id,
        device_id=device.id,
        commitment=req.commitment,
        state=w.APPROVAL_COMMITTED,
        created_at=t,
        expires_at=t + APPROVAL_TTL,
    )
    session.add(row)
    session.flush()
    audit(session, _actor(session, device), "notes_key.requested", device.id, device_id=device.id)
    return _approval_json(session, row)


def approvals(session: Session, device: Device) -> tuple[w.Approval, ...]:
    """The reader's open approvals (any of her devices may see them; none is secret)."""
    rows = session.scalars(
        select(NotesApproval)
        .join(Device, Device.id == NotesApproval.device_id)
        .where(
            NotesApproval.user_id == device.user_id,
            NotesApproval.expires_at >= now(),
            Device.revoked_at.is_(None),
        )
        .order_by(NotesApproval.created_at, NotesApproval.id)
    )
    return tuple(_approval_json(session, r) for r in rows)


def _open_approval(session: Session, device: Device, approval_id: str) -> NotesApproval:
    row = session.get(NotesApproval, approval_id, with_for_update=True)
    if row is None or row.user_id != device.user_id or row.expires_at < now():
        raise not_found("no such approval")
    return row


def answer_approval(
    session: Session, device: Device, approval_id: str, req: w.ApprovalNonce
) -> w.Approval:
    """An approving device (one holding the current key) sends its nonce."""
    row = _open_approval(session, device, approval_id)
    key = session.get(NotesKey, device.user_id)
    if key is None or device.id not in _holders(session, device.user_id, key.generation):
        raise _conflict("only a device holding the notes key approves")
    if row.device_id == device.id:
        raise _conflict("a device does not approve itself")
    if row.state == w.APPROVAL_COMMITTED:
        row.state = w.APPROVAL_ANSWERED
        row.approver_device_id = device.id
        row.approver_nonce = req.nonce
    elif row.approver_device_id != device.id or row.approver_nonce != req.nonce:
        raise _conflict("another answer came first")  # the same answer again is fine
    session.flush()
    return _approval_json(session, row)


def reveal_approval(
    session: Session, device: Device, approval_id: str, req: w.ApprovalNonce
) -> w.Approval:
    """The new device reveals its nonce, only after an approver's nonce reached it."""
    row = _open_approval(session, device, approval_id)
    if row.device_id != device.id:
        raise not_found("no such approval")
    if row.state == w.APPROVAL_COMMITTED:
        raise _conflict("no device has answered yet")
    if row.state == w.APPROVAL_ANSWERED:
        row.state = w.APPROVAL_REVEALED
        row.device_nonce = req.nonce
    elif row.device_nonce != req.nonce:
        raise _conflict("the nonce was revealed already")
    session.flush()
    return _approval_json(session, row)


# -- sealed marks (op annotation.sealed) ------------------------------------------

#: what the server checks of a sealed mark: its routing fields and its size
SEALED_MAX_BYTES = w.MAX_SEALED_CHARS + 2048


def decode_sealed(op: p.Op) -> tuple[p.OpKind, Any] | p.Reason:
    """The op's payload as a sealed mark, or the reason it is refused (invalid_payload).

    It is judged as an ``annotation.put`` (prefetch, owner and visibility checks),
    so it is returned under that kind with its own payload type.
    """
    raw = op.payload
    try:
        if len(p.canonical_json(dict(raw))) > SEALED_MAX_BYTES:
            return p.Reason.INVALID_PAYLOAD
        limits.clean_strings(raw, "payload")
        payload = w.SealedAnnotationPayload.from_json(raw)
    except (FolioError, ApiError):
        return p.Reason.INVALID_PAYLOAD
    if payload.op_id != op.id or set(raw) != set(payload.to_json()):
        return p.Reason.INVALID_PAYLOAD  # the seal names this op; no unsealed extras
    return p.OpKind.ANNOTATION_PUT, payload


def sealed_put(b: Batch, a: w.SealedAnnotationPayload) -> Result:
    """Store and relay a sealed mark to all the author's devices (the writer too) only."""
    from server import ops  # noqa: PLC0415 (ops imports this module; judged from inside ops)

    ops._visible_document(b, a.document_id)
    device = b.device
    row = b.annotations.get(a.annotation_id)
    if row is not None and row.user_id != device.user_id:
        raise ops._RejectError(limits.not_owner(b.session, row, b.committees))
    was_shared = row is not None and not row.deleted and ops._shared(row.visibility)
    was_plain = row is not None and row.data is not None and "sealed" not in row.data
    old_document = None if row is None else row.document_id
    t = now()
    data = a.to_json()
    if row is None:
        row = Annotation(
            id=a.annotation_id,
            user_id=device.user_id,
            document_id=a.document_id,
            revision=1,
            deleted=False,
            visibility=p.Visibility.PRIVATE.value,
            data=data,
            updated_at=t,
        )
        b.session.add(row)
        b.annotations[row.id] = row
    else:
        row.revision += 1
        row.deleted = False
        row.document_id = a.document_id
        row.visibility = p.Visibility.PRIVATE.value
        row.data = data
        row.updated_at = t
    info = w.SealedAnnotationInfo(
        annotation_id=a.annotation_id,
        document_id=a.document_id,
        op_id=a.op_id,
        sealed=a.sealed,
        revision=row.revision,
        updated_at=t,
    )
    b.add_feed(  # the writer too (server/ops.py says why)
        p.FeedKind.ANNOTATION_SEALED,
        ref_id=a.annotation_id,
        user_id=device.user_id,
        data=info.to_json(),
    )
    if was_shared and old_document is not None:
        ops._share(b, row, old_document)
    if was_plain:
        drop_plaintext_rows(b.session, device.user_id, a.annotation_id)
    return row.revision, None


def drop_plaintext_rows(session: Session, user_id: str, annotation_id: str) -> None:
    """The upgrade: once a mark is sealed, the feed rows that carried it in the clear go.

    Only the author's own rows carry data (shared rows are rendered when read), and
    every one of them is older than the sealed row just staged, which supersedes it
    on every device.
    """
    session.execute(
        delete(FeedRow).where(
            FeedRow.kind == p.FeedKind.ANNOTATION_PUT.value,
            FeedRow.ref_id == annotation_id,
            FeedRow.user_id == user_id,
            FeedRow.data.is_not(None),
        )
    )


# -- sealed bookmarks (op bookmark.sealed) ----------------------------------------

SEALED_BOOKMARK_MAX_BYTES = w.MAX_SEALED_BOOKMARK_CHARS + 1024


def decode_sealed_bookmark(op: p.Op) -> tuple[p.OpKind, Any] | p.Reason:
    """The op's payload as a sealed bookmark, or invalid_payload: only its routing
    fields and the seal, and the seal naming this very op."""
    raw = op.payload
    try:
        if len(p.canonical_json(dict(raw))) > SEALED_BOOKMARK_MAX_BYTES:
            return p.Reason.INVALID_PAYLOAD
        limits.clean_strings(raw, "payload")
        payload = w.SealedBookmarkPayload.from_json(raw)
    except (FolioError, ApiError):
        return p.Reason.INVALID_PAYLOAD
    if payload.op_id != op.id or set(raw) != set(payload.to_json()):
        return p.Reason.INVALID_PAYLOAD
    return p.OpKind.BOOKMARK_SEALED, payload


def sealed_bookmark(b: Batch, a: w.SealedBookmarkPayload) -> Result:
    """File the newest write of a bookmark and relay it to the author's devices (the writer too).

    Last write to reach the server wins (its revision orders the devices' copies).
    Rows are keyed per reader, so no id of hers can touch another reader's; the
    document must be one she may see (hidden == missing, as for annotation.put).
    """
    from server import ops  # noqa: PLC0415 (ops imports this module; judged from inside ops)

    ops._visible_document(b, a.document_id)
    device = b.device
    row = b.bookmarks.get(a.bookmark_id)
    t = now()
    if row is None:
        row = Bookmark(
            user_id=device.user_id,
            id=a.bookmark_id,
            document_id=a.document_id,
            revision=1,
            data=a.to_json(),
            updated_at=t,
        )
        b.session.add(row)
        b.bookmarks[row.id] = row
    else:
        row.revision += 1
        row.document_id = a.document_id
        row.data = a.to_json()
        row.updated_at = t
    info = w.SealedBookmarkInfo(
        bookmark_id=a.bookmark_id,
        document_id=a.document_id,
        op_id=a.op_id,
        sealed=a.sealed,
        revision=row.revision,
        updated_at=t,
    )
    b.add_feed(
        p.FeedKind.BOOKMARK_SEALED,
        ref_id=a.bookmark_id,
        user_id=device.user_id,  # the writer too (server/ops.py says why)
        data=info.to_json(),
    )
    return row.revision, None


def resend_bookmarks(session: Session, documents: Any, user_id: str | None = None) -> None:
    """Each reader's bookmarks on these documents (a select of document ids) again, as
    filed, to all her devices: they purged them with the documents (a withdrawn
    meeting published again, a committee she rejoined) and their cursors are past
    the rows that brought them. A device holding the same revision changes nothing."""
    query = select(Bookmark).where(Bookmark.document_id.in_(documents))
    if user_id is not None:
        query = query.where(Bookmark.user_id == user_id)
    for bm in session.scalars(query):
        info = w.SealedBookmarkInfo(
            bookmark_id=bm.id,
            document_id=bm.document_id,
            op_id=str(bm.data["op_id"]),
            sealed=str(bm.data["sealed"]),
            revision=bm.revision,
            updated_at=bm.updated_at,
        )
        feed.add(
            session,
            p.FeedKind.BOOKMARK_SEALED,
            ref_id=bm.id,
            user_id=bm.user_id,
            data=info.to_json(),
        )
