"""Op ingestion: each op applied at most once, its answer stored forever and replayed.

One batch is one transaction. Its op records and targets are read in bulk first
(annotations and cases ``FOR UPDATE``, as the ops change them), the ops are judged
in order against that state and what earlier ops of the batch staged, and the
effects, the feed rows and the op records are written in bulk at the end. Only
that last step holds the feed writers' lock, so on PostgreSQL batches judge in
parallel and serialise just for numbering their feed rows and committing.

A handler rejects before it stages anything, so a rejected op leaves only its
answer. On a unique-constraint race (a concurrent twin of an op, or of a comment
or annotation id, committed first) or a deadlock the batch is rolled back and
redone whole; the redo then finds the stored answer or the existing row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import BindParameter, bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from server import access, auth, feed, limits, notes_keys
from server.context import ServerContext, audit, new_id, now
from server.db import lock_feed
from server.models import (
    Annotation,
    Approval,
    Bookmark,
    Case,
    CaseAssignee,
    Comment,
    Device,
    Document,
    FeedRow,
    Item,
    Meeting,
    OpRecord,
    ReadReceipt,
    User,
)
from sync import protocol as p
from sync.e2e import wire as e2e
from sync.errors import FolioError

_ATTEMPTS = 5

# Every request runs these, so they are built once: constructing and cache-keying a
# select costs more CPU than SQLite takes to run it (issue 13). ``ids`` expands to
# the list passed; the answers are read as Core rows, the targets as ORM objects
# (the handlers find them in the identity map).
_IDS: BindParameter[list[str]] = bindparam("ids", expanding=True)
_STORED = select(
    OpRecord.id, OpRecord.payload_hash, OpRecord.kind, OpRecord.user_id, OpRecord.answer
).where(OpRecord.id.in_(_IDS))
_ANNOTATIONS = (
    select(Annotation).where(Annotation.id.in_(_IDS)).order_by(Annotation.id).with_for_update()
)
_BOOKMARKS = (
    select(Bookmark)
    .where(Bookmark.user_id == bindparam("user_id"), Bookmark.id.in_(_IDS))
    .order_by(Bookmark.id)
    .with_for_update()
)
_CASES = select(Case).where(Case.id.in_(_IDS)).order_by(Case.id).with_for_update()
_ASSIGNEES = select(CaseAssignee).where(CaseAssignee.case_id.in_(_IDS))
_DOCUMENTS = select(Document).where(Document.id.in_(_IDS))
# an item with its meeting: every target leads to its meeting, in one round trip
_ITEMS = select(Item, Meeting).join(Meeting, Meeting.id == Item.meeting_id).where(Item.id.in_(_IDS))
_MEETINGS = select(Meeting).where(Meeting.id.in_(_IDS))
_COMMENT_IDS = select(Comment.id).where(Comment.id.in_(_IDS))
_COMMENTS = select(Comment).where(Comment.id.in_(_IDS))
# Inserts of the staged rows, run on the session's connection: plain Core executemany,
# without the ORM's bulk-insert bookkeeping.
_INSERT_COMMENTS = insert(Comment)
_INSERT_RECEIPTS = insert(ReadReceipt)
_INSERT_OP_RECORDS = insert(OpRecord)
_INSERT_FEED = insert(FeedRow).returning(FeedRow.seq, sort_by_parameter_order=True)
# The token lookup reads the pusher's user (comments carry her name) and the feed's
# epoch (every applied answer carries it) in the same round trip.
_WHO_PUSHING = auth.who(User, feed.EPOCH_TEXT).join(User, User.id == Device.user_id)


class _RejectError(Exception):
    def __init__(self, reason: p.Reason) -> None:
        super().__init__(reason.value)
        self.reason = reason


def process_batch(
    ctx: ServerContext, authorization: str | None, ops: tuple[p.Op, ...]
) -> list[p.OpAnswer]:
    """The whole batch in one transaction (one commit, one fsync per batch), the
    caller's authentication (which raises for a bad token) included."""
    return process_prepared(ctx, authorization, Prepared.of(ops))


def process_prepared(
    ctx: ServerContext, authorization: str | None, prepared: Prepared
) -> list[p.OpAnswer]:
    last_exc: Exception | None = None
    for _ in range(_ATTEMPTS):
        try:
            with ctx.sessions() as session, session.begin():
                batch = stage(ctx, session, authorization, prepared)
                lock_feed(session)
                return finish(session, [batch])[0]
        except (IntegrityError, OperationalError) as exc:
            last_exc = exc  # a concurrent twin won, or a deadlock: the redo sees the winner
    assert last_exc is not None
    raise last_exc


@dataclass(frozen=True)
class Prepared:
    """A batch's ops with what every attempt needs of their canonical JSON."""

    ops: tuple[p.Op, ...]
    digests: list[str]
    sizes: list[int]

    @classmethod
    def of(cls, ops: tuple[p.Op, ...]) -> Prepared:
        canonical = [p.canonical_json(op.payload) for op in ops]  # once: hash and size cap
        return cls(ops, [p.payload_hash_of(c) for c in canonical], [len(c) for c in canonical])


def stage(
    ctx: ServerContext, session: Session, authorization: str | None, prepared: Prepared
) -> Batch:
    """Authenticate the pusher and judge and write the batch, up to the feed lock.

    The caller then takes the feed lock (``lock_feed``) and calls ``finish`` with the
    result, in the same transaction: server/group_commit.py does so for several
    batches at once, under one lock and one commit.
    """
    device, who = auth.authenticate_with(session, authorization, _WHO_PUSHING)
    ring = ctx.keyring
    user, epoch = who[4], feed.epoch_from_text(session, who[5])
    batch = Batch(
        session, device, user, epoch.id, signer=ring.current, receipt_keys=ring.receipt_keys
    )
    batch.stage(prepared)
    return batch


Result = tuple[int | None, str | None]
Decoded = tuple[p.OpKind, Any] | p.Reason


@dataclass(frozen=True)
class _Answered:
    """Final before the feed is written: a rejection or a replayed stored answer."""

    answer: p.OpAnswer


@dataclass(frozen=True)
class _Twin:
    """The same op earlier in this very batch: its answer, replayed."""

    first: int


@dataclass(frozen=True)
class _Applied:
    op_id: str
    revision: int | None
    receipt_id: str | None
    applied_at: datetime
    signature: str


Outcome = _Answered | _Twin | _Applied


def _decode(op: p.Op, size: int) -> Decoded:
    if op.kind == e2e.SEALED_OP_KIND:  # a private mark sealed on the device
        return notes_keys.decode_sealed(op)
    if op.kind == e2e.BOOKMARK_OP_KIND:  # a bookmark sealed on the device
        return notes_keys.decode_sealed_bookmark(op)
    try:
        kind = p.OpKind(op.kind)
        payload = p.PAYLOAD_TYPES[kind].from_json(op.payload)
        limits.check_payload(kind, op.payload, payload, size)
    except ValueError:
        return p.Reason.UNKNOWN_KIND
    except FolioError:
        return p.Reason.INVALID_PAYLOAD
    return kind, payload


def _replay(stored: p.OpAnswer) -> p.OpAnswer:
    """A stored answer as a re-sent op gets it: applied turns duplicate, all else verbatim."""
    if stored.status != p.OpStatus.APPLIED:
        return stored
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


class Batch:
    """One batch's transaction: what it read in bulk, and what its ops staged so far.

    Later ops of the batch see earlier ones' effects: annotations through
    ``annotations`` (new rows included), comment ids through ``comment_ids``,
    everything else through the session's identity map and autoflush.
    """

    def __init__(
        self,
        session: Session,
        device: Device,
        user: User,
        epoch: str,
        *,
        signer: Ed25519PrivateKey,
        receipt_keys: tuple[Ed25519PublicKey, ...] = (),
    ) -> None:
        self.session = session
        self.device = device
        self._user = user
        self.epoch = epoch  # read with the token: it changes only by a restore, server stopped
        self.signer = signer
        # Receipts signed before a key rotation still count (server/keys.py).
        self.receipt_keys = receipt_keys or (signer.public_key(),)
        self.annotations: dict[str, Annotation] = {}
        self.bookmarks: dict[str, Bookmark] = {}  # this reader's, by id
        self.comment_ids: set[str] = set()  # taken: stored, or staged by an earlier op here
        self.comments: list[dict[str, Any]] = []
        self.staged_comment_ids: set[str] = set()
        self.receipts: list[dict[str, Any]] = []
        self.feed: list[dict[str, Any]] = []
        self.feed_owner: list[int] = []  # the batch index of the op that staged each feed row
        self.current = 0  # the batch index of the op being judged
        self.judged_at = now()  # the time that op counts as applied (deadlines are judged at it)
        self._committees: set[str] | None = None
        # The session's identity map holds rows weakly: these keep the prefetched ones
        # there, so the handlers' session.get() finds them without a query.
        self._held: list[object] = []
        # items with their meetings, as prefetched: a comment on an item reads both,
        # and two identity-map lookups per op were a tenth of a push's CPU
        self.items: dict[str, tuple[Item, Meeting]] = {}
        self._staged: tuple[Prepared, list[Outcome], list[int]] | None = None

    @property
    def committees(self) -> set[str]:
        if self._committees is None:
            self._committees = access.committees_of(self.session, self.device.user_id)
        return self._committees

    def user(self) -> User:
        return self._user

    def item_and_meeting(self, item_id: str) -> tuple[Item | None, Meeting | None]:
        found = self.items.get(item_id)
        if found is not None:
            return found
        item = self.session.get(Item, item_id)
        return item, None if item is None else self.session.get(Meeting, item.meeting_id)

    def add_feed(
        self,
        kind: p.FeedKind,
        *,
        ref_id: str,
        user_id: str | None = None,
        committee_id: str | None = None,
        closed: bool = False,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.feed.append(
            {
                "kind": kind.value,
                "ref_id": ref_id,
                "user_id": user_id,
                "device_id": None,
                # Every row reaches the device that wrote it too: see _annotation_put.
                # (The column stays for rows older servers wrote; the feed honours it.)
                "exclude_device_id": None,
                "committee_id": committee_id,
                "closed": closed,
                "data": data,
                "created_at": now(),
            }
        )
        self.feed_owner.append(self.current)

    def write_comments(self) -> None:
        if self.comments:
            self.session.flush()  # rows staged as objects go first, as autoflush did
            self.session.connection().execute(_INSERT_COMMENTS, self.comments)
        self.comments = []
        self.staged_comment_ids = set()

    def stage(self, prepared: Prepared) -> None:
        """Judge every op and write its effects: all but the feed rows and op records."""
        ops, digests, sizes = prepared.ops, prepared.digests, prepared.sizes
        session = self.session
        stored = {
            r.id: r
            for r in session.connection().execute(_STORED, {"ids": sorted({op.id for op in ops})})
        }
        decoded = [_decode(op, size) for op, size in zip(ops, sizes, strict=True)]
        self._prefetch([d for d in decoded if not isinstance(d, p.Reason)])
        outcomes: list[Outcome] = []
        first: dict[str, int] = {}  # op id -> the batch index that records it
        for i, (op, digest, dec) in enumerate(zip(ops, digests, decoded, strict=True)):
            record = stored.get(op.id)
            twin = first.get(op.id)
            if record is not None:
                if (
                    record.payload_hash != digest
                    or record.kind != op.kind
                    or record.user_id != self.device.user_id
                ):
                    outcomes.append(_reused(op))
                else:
                    outcomes.append(_Answered(_replay(p.OpAnswer.from_json(record.answer))))
            elif twin is not None:
                same = digests[twin] == digest and ops[twin].kind == op.kind
                outcomes.append(_Twin(twin) if same else _reused(op))
            else:
                first[op.id] = i
                outcomes.append(self._judge(i, op, digest, dec))
        self._write_effects()
        self._staged = (prepared, outcomes, list(first.values()))

    def needs_feed_end(self) -> bool:
        """Whether an applied op comes before the batch's first feed row: its answer's
        seq is one past the feed's end, which ``answer`` then has to be told."""
        assert self._staged is not None, "needs_feed_end() after stage()"
        owners = set(self.feed_owner)
        for out_index, out in enumerate(self._staged[1]):
            if out_index in owners:
                return False
            if isinstance(out, _Applied):
                return True
        return False

    def answer(self, seqs: list[int], feed_end: int) -> list[p.OpAnswer]:
        """Each op's answer, its feed rows numbered ``seqs``; ``feed_end`` is the
        feed's last seq before them (read only when ``needs_feed_end``)."""
        assert self._staged is not None, "answer() after stage()"
        outcomes = self._staged[1]
        top = feed_end  # the feed's end before this op
        last_row = dict(zip(self.feed_owner, seqs, strict=True))  # op -> its last row's seq
        answers: list[p.OpAnswer] = []
        for index, out in enumerate(outcomes):
            if isinstance(out, _Answered):
                answers.append(out.answer)
            elif isinstance(out, _Twin):
                answers.append(_replay(answers[out.first]))
            else:
                # The op's last feed row; one past the feed's end for an op that wrote none.
                # Either way: a backup whose feed reaches this seq holds the op.
                seq = last_row.get(index, top + 1)
                top = max(top, last_row.get(index, top))
                answers.append(
                    p.OpAnswer(
                        out.op_id,
                        p.OpStatus.APPLIED,
                        None,
                        out.revision,
                        out.receipt_id,
                        out.applied_at,
                        seq=seq,
                        epoch=self.epoch,
                        signature=out.signature,
                    )
                )
        return answers

    def op_records(self, answers: list[p.OpAnswer], t: datetime) -> list[dict[str, Any]]:
        """The rows that keep each newly judged op's answer (replayed to a re-send)."""
        assert self._staged is not None, "op_records() after stage()"
        prepared, _outcomes, recorded = self._staged
        return [
            {
                "id": prepared.ops[i].id,
                "user_id": self.device.user_id,
                "device_id": self.device.id,
                "kind": prepared.ops[i].kind,
                "payload_hash": prepared.digests[i],
                "answer": answers[i].to_json(),
                "created_at": t,
            }
            for i in recorded
        ]

    def _prefetch(self, payloads: list[tuple[p.OpKind, Any]]) -> None:
        """Every target the batch names, one query per table (so judging runs no SQL)."""
        item_ids: set[str] = set()
        doc_ids: set[str] = set()
        ann_ids: set[str] = set()
        case_ids: set[str] = set()
        comment_ids: set[str] = set()
        parent_ids: set[str] = set()
        bookmark_ids: set[str] = set()
        for kind, payload in payloads:
            if kind == p.OpKind.COMMENT_ADD:
                comment_ids.add(payload.comment_id)
                if payload.parent_id is not None:
                    parent_ids.add(payload.parent_id)
                if payload.target_kind == p.CommentTarget.ITEM:
                    item_ids.add(payload.target_id)
                elif payload.target_kind == p.CommentTarget.CASE:
                    case_ids.add(payload.target_id)
                else:
                    ann_ids.add(payload.target_id)
            elif kind == p.OpKind.ANNOTATION_PUT:
                doc_ids.add(payload.document_id)
                ann_ids.add(payload.annotation_id)
            elif kind == p.OpKind.ANNOTATION_DELETE:
                ann_ids.add(payload.annotation_id)
            elif kind == p.OpKind.APPROVAL_DECIDE:
                case_ids.add(payload.case_id)
            elif kind == p.OpKind.READ_RECEIPT:
                doc_ids.add(payload.document_id)
            elif kind == p.OpKind.BOOKMARK_SEALED:
                doc_ids.add(payload.document_id)
                bookmark_ids.add(payload.bookmark_id)
        session = self.session
        if bookmark_ids:
            params = {"ids": sorted(bookmark_ids), "user_id": self.device.user_id}
            for bm in session.scalars(_BOOKMARKS, params):
                self.bookmarks[bm.id] = bm
        if ann_ids:
            for ann in session.scalars(_ANNOTATIONS, {"ids": sorted(ann_ids)}):
                self.annotations[ann.id] = ann
                doc_ids.add(ann.document_id)  # a moved mark leaves its old document
        if case_ids:
            ids = sorted(case_ids)
            self._held += session.scalars(_CASES, {"ids": ids}).all()
            self._held += session.scalars(_ASSIGNEES, {"ids": ids}).all()
        meeting_ids: set[str] = set()
        if doc_ids:
            for doc in session.scalars(_DOCUMENTS, {"ids": sorted(doc_ids)}):
                self._held.append(doc)
                item_ids.add(doc.item_id)
                meeting_ids.add(doc.meeting_id)
        if item_ids:
            for item, meeting in session.execute(_ITEMS, {"ids": sorted(item_ids)}):
                self.items[item.id] = (item, meeting)
                meeting_ids.discard(meeting.id)
        if meeting_ids:  # a document's meeting is its item's: in practice never asked
            self._held += session.scalars(_MEETINGS, {"ids": sorted(meeting_ids)}).all()
        if comment_ids:
            found = session.connection().execute(_COMMENT_IDS, {"ids": sorted(comment_ids)})
            self.comment_ids = set(found.scalars())
        if parent_ids:
            self._held += session.scalars(_COMMENTS, {"ids": sorted(parent_ids)}).all()

    def _judge(self, index: int, op: p.Op, digest: str, decoded: Decoded) -> Outcome:
        if isinstance(decoded, p.Reason):
            return _Answered(p.OpAnswer(op.id, p.OpStatus.REJECTED, decoded))
        kind, payload = decoded
        self.current = index
        # now, or the signed time of an op a restore lost
        self.judged_at = _receipt_time(op, digest, self.receipt_keys) or now()
        try:
            revision, receipt = _HANDLERS[kind](self, payload)
        except _RejectError as rej:
            return _Answered(p.OpAnswer(op.id, p.OpStatus.REJECTED, rej.reason))
        message = p.op_receipt_message(op.id, digest, self.judged_at)
        return _Applied(
            op.id, revision, receipt, self.judged_at, p.b64encode(self.signer.sign(message))
        )

    def _write_effects(self) -> None:
        session = self.session
        session.flush()  # annotations, approvals, cases, audit: row locks before the feed lock
        self.write_comments()
        if self.receipts:
            session.connection().execute(_INSERT_RECEIPTS, self.receipts)
        self.receipts = []


def finish(session: Session, batches: list[Batch]) -> list[list[p.OpAnswer]]:
    """Number the staged batches' feed rows, answer their ops and record the answers:
    one insert of feed rows and one of op records, whatever the number of batches.

    The caller took the feed writers' lock (``lock_feed``) and commits right after.
    From the lock to the commit every other feed writer waits, so this is as few
    statements as can be. The wait includes the commit's fsync, and it has to:
    PostgreSQL makes a commit visible only after its WAL flush, and a lock given up
    before that (a session advisory lock unlocked before COMMIT) would let the next
    writer number its rows after ours and, its flush done first, show seq N+1 while
    N is still invisible. A reader whose page reached the end would move its cursor
    past N and never get it. Readers cannot see in-flight seqs to stop short of them,
    so the order of commits is what keeps the feed gapless; many ops and batches to
    one commit is what makes the lock and the fsync cheap per op (issue 13).
    """
    conn = session.connection()
    starts: list[int] = []  # where each batch's rows begin among the call's rows
    rows: list[dict[str, Any]] = []
    for batch in batches:
        starts.append(len(rows))
        rows += batch.feed
    end = 0  # the feed's end before the call's rows: read only if a batch needs it
    if any(
        start == 0 and batch.needs_feed_end() for batch, start in zip(batches, starts, strict=True)
    ):
        end = int(session.scalar(select(func.max(FeedRow.seq))) or 0)
    seqs: list[int] = list(conn.execute(_INSERT_FEED, rows).scalars()) if rows else []
    answers = [
        batch.answer(seqs[start : start + len(batch.feed)], seqs[start - 1] if start else end)
        for batch, start in zip(batches, starts, strict=True)
    ]
    t = now()
    records = [
        rec
        for batch, mine in zip(batches, answers, strict=True)
        for rec in batch.op_records(mine, t)
    ]
    if records:
        conn.execute(_INSERT_OP_RECORDS, records)
    return answers


def _reused(op: p.Op) -> _Answered:
    return _Answered(p.OpAnswer(op.id, p.OpStatus.REJECTED, p.Reason.OP_ID_REUSED))


def _receipt_time(op: p.Op, digest: str, keys: tuple[Ed25519PublicKey, ...]) -> datetime | None:
    """The time this server signed when it first applied this very op, if the op
    carries that proof: a device re-sends confirmed ops a restore from a backup lost,
    and a decision made before its deadline must not turn late by being restored.
    """
    if op.receipt is None:
        return None
    message = p.op_receipt_message(op.id, digest, op.receipt.applied_at)
    for key in keys:  # the signing key, then retired ones that were not compromised
        try:
            key.verify(p.b64decode(op.receipt.signature, "signature"), message)
        except (InvalidSignature, FolioError):
            continue
        return min(op.receipt.applied_at, now())
    return None  # not ours, or not for this payload: judged now, like any new op


def _visible_document(b: Batch, document_id: str) -> Document:
    doc = b.session.get(Document, document_id)
    if doc is None:
        raise _RejectError(p.Reason.UNKNOWN_TARGET)
    visible, _closed = access.document_visibility(b.session, doc, b.committees)
    if not visible:
        raise _RejectError(limits.HIDDEN)
    return doc


def _annotation_put(b: Batch, a: p.AnnotationPayload | e2e.SealedAnnotationPayload) -> Result:
    if isinstance(a, e2e.SealedAnnotationPayload):
        return notes_keys.sealed_put(b, a)  # routing fields only (docs/spec/e2e-notes.md)
    doc = _visible_document(b, a.document_id)
    if reason := limits.page_problem(b.session, a):
        raise _RejectError(reason)
    device = b.device
    row = b.annotations.get(a.annotation_id)
    t = now()
    if row is not None and row.user_id != device.user_id:
        raise _RejectError(limits.not_owner(b.session, row, b.committees))
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
        b.session.add(row)
        b.annotations[row.id] = row
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
    # Every device of hers, the writer too: a withdrawal it pulls after this push
    # purges the mark there, and only this row brings it back (an echo of the
    # revision it holds changes nothing). Found by the model test.
    b.add_feed(
        p.FeedKind.ANNOTATION_PUT,
        ref_id=a.annotation_id,
        user_id=device.user_id,
        data=info.to_json(),
    )
    if was_shared and old_document is not None and old_document != doc.id:
        _share(b, row, old_document)  # moved to another document: gone from the old one
    if was_shared or _shared(a.visibility.value):
        _share(b, row, doc.id)
    return row.revision, None


def _shared(visibility: str) -> bool:
    """Only ``committee`` marks go to colleagues; ``secretariat`` ones stay with the server.

    The secretariat reads on the server (the staff console), not on a member's
    device, so a mark shared with it reaches no other reader.
    """
    return visibility == p.Visibility.COMMITTEE.value


def _share(b: Batch, row: Annotation, document_id: str) -> None:
    """One feed row for the members of the document's committee, rendered when read.

    The row carries no data: server/feed.py renders the annotation's state at read
    time for each reader (the mark, or a tombstone once it is unshared, deleted or
    the document is out of the reader's sight), so an old row never replays stale
    content and closed documents stay with their committee's members.
    """
    doc = b.session.get(Document, document_id)
    meeting = None if doc is None else b.session.get(Meeting, doc.meeting_id)
    if meeting is None:
        return
    b.add_feed(
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


def _annotation_delete(b: Batch, a: p.AnnotationDeletePayload) -> Result:
    device = b.device
    row = b.annotations.get(a.annotation_id)
    if row is None:
        raise _RejectError(p.Reason.UNKNOWN_TARGET)
    if row.user_id != device.user_id:
        raise _RejectError(limits.not_owner(b.session, row, b.committees))
    was_shared = not row.deleted and _shared(row.visibility)
    t = now()
    row.revision += 1
    row.deleted = True
    row.data = None
    row.updated_at = t
    info = p.AnnotationInfo(
        annotation=None, annotation_id=row.id, revision=row.revision, deleted=True, updated_at=t
    )
    b.add_feed(
        p.FeedKind.ANNOTATION_PUT,
        ref_id=row.id,
        user_id=device.user_id,
        data=info.to_json(),
    )
    if was_shared:
        _share(b, row, row.document_id)
    return row.revision, None


def _visible_case(b: Batch, case_id: str) -> Case:
    case = b.session.get(Case, case_id)  # prefetched FOR UPDATE
    if case is None:
        raise _RejectError(p.Reason.UNKNOWN_TARGET)
    if not access.case_visible(b.session, case, b.device.user_id, b.committees):
        raise _RejectError(limits.HIDDEN)
    return case


def _comment_add(b: Batch, c: p.CommentPayload) -> Result:
    session, device = b.session, b.device
    audience: dict[str, Any]
    extra_users: list[str] = []
    if c.target_kind == p.CommentTarget.ITEM:
        item, meeting = b.item_and_meeting(c.target_id)
        if item is None or meeting is None or item.removed:
            raise _RejectError(p.Reason.UNKNOWN_TARGET)
        if item.closed and meeting.committee_id not in b.committees:
            raise _RejectError(limits.HIDDEN)  # before "withdrawn": that would tell it exists
        if meeting.withdrawn_at is not None:
            raise _RejectError(p.Reason.MEETING_CLOSED)
        audience = {"committee_id": meeting.committee_id, "closed": item.closed}
    elif c.target_kind == p.CommentTarget.CASE:
        case = _visible_case(b, c.target_id)
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
        ann = b.annotations.get(c.target_id)
        if ann is None or ann.deleted:
            raise _RejectError(p.Reason.UNKNOWN_TARGET)
        if ann.user_id != device.user_id and not limits.shared_with(session, ann, b.committees):
            raise _RejectError(limits.HIDDEN)
        audience = {"user_id": device.user_id}
        if ann.user_id != device.user_id:
            extra_users = [ann.user_id]
    if c.parent_id is not None and c.parent_id in b.staged_comment_ids:
        b.write_comments()  # a reply to a comment of this batch: parent_problem reads it
    if reason := limits.parent_problem(session, c):
        raise _RejectError(reason)
    if c.comment_id in b.comment_ids:
        raise _RejectError(p.Reason.INVALID_PAYLOAD)  # a comment id is used once
    b.comment_ids.add(c.comment_id)
    b.staged_comment_ids.add(c.comment_id)
    t = now()
    b.comments.append(
        {
            "id": c.comment_id,
            "user_id": device.user_id,
            "target_kind": c.target_kind.value,
            "target_id": c.target_id,
            "body": c.body,
            "parent_id": c.parent_id,
            "created_at": t,
        }
    )
    info = p.CommentInfo(
        id=c.comment_id,
        target_kind=c.target_kind,
        target_id=c.target_id,
        body=c.body,
        author=b.user().display_name,
        created_at=t,
        parent_id=c.parent_id,
    )
    b.add_feed(p.FeedKind.COMMENT_PUT, ref_id=c.comment_id, data=info.to_json(), **audience)
    for uid in extra_users:
        b.add_feed(p.FeedKind.COMMENT_PUT, ref_id=c.comment_id, data=info.to_json(), user_id=uid)
    return None, None


def _approval_decide(b: Batch, d: p.DecisionPayload) -> Result:
    session, device = b.session, b.device
    case = _visible_case(b, d.case_id)
    if case.status == p.CaseState.WITHDRAWN:
        raise _RejectError(p.Reason.CASE_WITHDRAWN)
    mine = session.scalars(
        select(Approval).where(Approval.case_id == case.id, Approval.user_id == device.user_id)
    ).first()
    if mine is not None or case.status == p.CaseState.DECIDED:
        raise _RejectError(p.Reason.ALREADY_DECIDED)
    t = b.judged_at  # now, or the signed time of a decision a restore lost
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
    audit(
        session,
        b.user().username,
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
    b.add_feed(p.FeedKind.CASE_PUT, ref_id=case.id, user_id=device.user_id)
    return None, receipt


def _read_receipt(b: Batch, r: p.ReadReceiptPayload) -> Result:
    _visible_document(b, r.document_id)
    b.receipts.append(
        {
            "user_id": b.device.user_id,
            "document_id": r.document_id,
            "version": r.document_version,
            "at": now(),
        }
    )
    return None, None


_HANDLERS: dict[p.OpKind, Callable[[Batch, Any], Result]] = {
    p.OpKind.ANNOTATION_PUT: _annotation_put,
    p.OpKind.ANNOTATION_DELETE: _annotation_delete,
    p.OpKind.COMMENT_ADD: _comment_add,
    p.OpKind.APPROVAL_DECIDE: _approval_decide,
    p.OpKind.READ_RECEIPT: _read_receipt,
    p.OpKind.BOOKMARK_SEALED: notes_keys.sealed_bookmark,
}
