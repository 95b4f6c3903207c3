"""Publishing a folder as a meeting, or as a new version of one: all or nothing.

The folder is parsed and every PDF checked (sync.publishing.pack_folder) before anything
is stored. Bytes go to the content-addressed blob store first; if the database
transaction then fails, the blobs this publish added are removed again. A PDF
MuPDF had to repair is published as its clean rewrite (``DocSpec.read``), so the
sha256 devices verify is the rewrite's. A dry run reads the database only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from server import feed, journal, notes_keys
from server.context import ServerContext, audit, new_id, now
from server.models import (
    Annotation,
    Case,
    Comment,
    Committee,
    Document,
    DocumentVersion,
    FeedRow,
    Item,
    Meeting,
)
from sync import protocol as p
from sync.errors import ErrorKind, FolioError
from sync.publishing.pack_folder import MeetingSpec, read_folder


@dataclass(frozen=True)
class PublishResult:
    meeting_id: str
    version: int
    documents: int
    new_versions: int  # documents that are new or changed in this publish
    withdrawn: int
    repaired: tuple[str, ...] = ()  # files published as MuPDF's repaired rewrite
    dry_run: bool = False  # nothing was stored; meeting_id is "" for a new meeting
    new_committee: bool = False
    spec: MeetingSpec | None = field(default=None, repr=False, compare=False)


def publish_folder(
    ctx: ServerContext, folder: str | Path, actor: str = "cli", *, dry_run: bool = False
) -> PublishResult:
    spec = read_folder(folder)
    repaired = tuple(d.file for it in spec.items for d in it.documents if d.repaired)
    if dry_run:
        return _preview(ctx, spec, repaired)
    added: list[str] = []
    try:
        for item in spec.items:
            for doc in item.documents:
                if ctx.blobs.put(doc.sha256, doc.read()):
                    added.append(doc.sha256)
        return _store(ctx, spec, actor, repaired)
    except BaseException:
        for sha in added:
            ctx.blobs.remove(sha)
        raise


def report(r: PublishResult) -> list[str]:
    """The lines ``folio-server publish`` prints; the first names the meeting and counts."""
    counts = f"{r.documents} documents, {r.new_versions} new versions, {r.withdrawn} withdrawn"
    lines: list[str] = []
    if not r.dry_run:
        lines.append(f"published meeting {r.meeting_id} version {r.version}: {counts}")
        if r.new_committee and r.spec is not None:
            lines.append(f"created committee '{r.spec.committee}'")
    else:
        which = r.meeting_id or "(new)"
        lines.append(f"dry run, nothing stored: meeting {which} version {r.version}: {counts}")
        if r.spec is not None:
            lines.extend(_outline(r.spec, r.new_committee))
    lines.extend(
        f"{file}: repaired (MuPDF had to rebuild it); the repaired copy is "
        + ("what would be published" if r.dry_run else "what was published")
        for file in r.repaired
    )
    return lines


def _outline(spec: MeetingSpec, new_committee: bool) -> list[str]:
    lines = [
        f"committee: {spec.committee}" + (" (would be created)" if new_committee else ""),
        f"title: {spec.title}",
        f"start: {spec.start.isoformat(timespec='minutes')}",
    ]
    if spec.location:
        lines.append(f"location: {spec.location}")
    lines.append(f"language: {spec.language}")
    for item in spec.items:
        notes = ["closed"] if item.closed else []
        if item.needs_decision:
            by = item.decision_deadline
            notes.append("needs a decision" + (f" by {by.isoformat()}" if by else ""))
        extra = f" ({', '.join(notes)})" if notes else ""
        lines.append(f"item {item.number}: {item.title}{extra}")
        for d in item.documents:
            fixed = ", repaired" if d.repaired else ""
            lines.append(
                f"  {d.file}: '{d.title}', {d.pages} pages, {d.size} bytes, "
                f"sha256 {d.sha256[:12]}{fixed}"
            )
    return lines


def _preview(ctx: ServerContext, spec: MeetingSpec, repaired: tuple[str, ...]) -> PublishResult:
    """What ``_store`` would do, from reads alone: no lock, no write, no blob."""
    files = [d for it in spec.items for d in it.documents]
    with ctx.sessions() as session:
        committee = session.scalars(
            select(Committee).where(Committee.name == spec.committee)
        ).first()
        meeting = session.scalars(select(Meeting).where(Meeting.source_key == spec.key)).first()
        if meeting is None:
            return PublishResult(
                meeting_id="",
                version=1,
                documents=len(files),
                new_versions=len(files),
                withdrawn=0,
                repaired=repaired,
                dry_run=True,
                new_committee=committee is None,
                spec=spec,
            )
        if committee is None or meeting.committee_id != committee.id:
            raise FolioError(ErrorKind.BAD_INPUT, "meeting: the committee cannot change")
        old_docs = {
            d.file: d
            for d in session.scalars(select(Document).where(Document.meeting_id == meeting.id))
        }
        new_versions = 0
        for ds in files:
            doc = old_docs.get(ds.file)
            current = None
            if doc is not None:
                current = session.scalars(
                    select(DocumentVersion.sha256).where(
                        DocumentVersion.document_id == doc.id,
                        DocumentVersion.version == doc.version,
                    )
                ).first()
            if current != ds.sha256:
                new_versions += 1
        listed = {d.file for d in files}
        withdrawn = sum(1 for f, d in old_docs.items() if f not in listed and not d.withdrawn)
        return PublishResult(
            meeting_id=meeting.id,
            version=meeting.version + 1,
            documents=len(files),
            new_versions=new_versions,
            withdrawn=withdrawn,
            repaired=repaired,
            dry_run=True,
            spec=spec,
        )


def _store(
    ctx: ServerContext, spec: MeetingSpec, actor: str, repaired: tuple[str, ...]
) -> PublishResult:
    new_committee = False
    with ctx.sessions() as session, session.begin():
        committee = session.scalars(
            select(Committee).where(Committee.name == spec.committee)
        ).first()
        if committee is None:
            new_committee = True
            # The first publish for a committee creates it; members are added separately.
            committee = Committee(id=new_id(), name=spec.committee)
            session.add(committee)
            session.flush()
            audit(session, actor, "committee.add", spec.committee, detail="by publish")
        t = now()
        meeting = session.scalars(select(Meeting).where(Meeting.source_key == spec.key)).first()
        reopened = False
        if meeting is None:
            meeting = Meeting(
                id=new_id(),
                source_key=spec.key,
                committee_id=committee.id,
                title=spec.title,
                starts_at=spec.start,
                location=spec.location,
                language=spec.language,
                version=1,
                published_at=t,
            )
            session.add(meeting)
        else:
            if meeting.committee_id != committee.id:
                raise FolioError(ErrorKind.BAD_INPUT, "meeting: the committee cannot change")
            reopened = meeting.withdrawn_at is not None
            meeting.version += 1
            meeting.title = spec.title
            meeting.starts_at = spec.start
            meeting.location = spec.location
            meeting.language = spec.language
            meeting.published_at = t
            meeting.withdrawn_at = None
        session.flush()

        old_items = {
            i.number: i for i in session.scalars(select(Item).where(Item.meeting_id == meeting.id))
        }
        old_docs = {
            d.file: d
            for d in session.scalars(select(Document).where(Document.meeting_id == meeting.id))
        }
        seen_items: set[str] = set()
        seen_docs: set[str] = set()
        new_versions = 0
        doc_position = 0
        changed_cases: list[Case] = []
        opened: list[Item] = []
        for position, it in enumerate(spec.items):
            item = old_items.get(it.number)
            if item is None:
                item = Item(id=new_id(), meeting_id=meeting.id, number=it.number)
                session.add(item)
            if not item.removed and item.closed and not it.closed:
                opened.append(item)  # closed before, open now: its comments reach everyone
            elif item.removed and item.id is not None:
                opened.append(item)  # back on the agenda: its comments come back
            item.title = it.title
            item.closed = it.closed
            item.proposal = it.proposal
            item.needs_decision = it.needs_decision
            item.deadline = it.decision_deadline
            item.position = position
            item.removed = False
            seen_items.add(it.number)
            session.flush()
            case = _sync_case(session, meeting, committee.id, item)
            if case is not None:
                changed_cases.append(case)
            for ds in it.documents:
                doc_position += 1
                seen_docs.add(ds.file)
                doc = old_docs.get(ds.file)
                if doc is None:
                    doc = Document(
                        id=new_id(),
                        meeting_id=meeting.id,
                        item_id=item.id,
                        file=ds.file,
                        title=ds.title,
                        version=0,
                        position=doc_position,
                    )
                    session.add(doc)
                    session.flush()
                current = session.scalars(
                    select(DocumentVersion).where(
                        DocumentVersion.document_id == doc.id,
                        DocumentVersion.version == doc.version,
                    )
                ).first()
                doc.item_id = item.id
                doc.title = ds.title
                doc.position = doc_position
                doc.withdrawn = False
                if current is None or current.sha256 != ds.sha256:
                    doc.version += 1
                    new_versions += 1
                    data = ds.read()
                    session.add(
                        DocumentVersion(
                            document_id=doc.id,
                            version=doc.version,
                            sha256=ds.sha256,
                            size=ds.size,
                            pages=ds.pages,
                            pieces={"sha256": list(p.piece_hashes(data))},
                            created_at=t,
                        )
                    )
        withdrawn = 0
        for number, item in old_items.items():
            if number not in seen_items and not item.removed:
                item.removed = True
                case = _sync_case(session, meeting, committee.id, item)
                if case is not None:
                    changed_cases.append(case)
        for file, doc in old_docs.items():
            if file not in seen_docs and not doc.withdrawn:
                doc.withdrawn = True
                withdrawn += 1
        session.flush()
        feed.add(session, p.FeedKind.MEETING_PUT, ref_id=meeting.id)
        if reopened:
            _resend_reopened(session, meeting)
        _resend_opened_items(session, opened)
        journal_versions(ctx, session, meeting)
        for case in changed_cases:
            feed.add_case(session, case)
        audit(
            session,
            actor,
            "meeting.publish",
            meeting.id,
            detail=f"version {meeting.version}: {new_versions} new document versions, "
            f"{withdrawn} withdrawn" + (f", repaired: {', '.join(repaired)}" if repaired else ""),
        )
        return PublishResult(
            meeting_id=meeting.id,
            version=meeting.version,
            documents=len(seen_docs),
            new_versions=new_versions,
            withdrawn=withdrawn,
            repaired=repaired,
            new_committee=new_committee,
            spec=spec,
        )


def _resend_opened_items(session: Session, items: list[Item]) -> None:
    """An item opened (or back on the agenda) in this version: its comments' feed rows
    were written for the committee only (closed) or were purged from the devices with
    the item, and cursors are past them. Send each again as the item now is (found by
    the model test: a non-member never saw a comment made while the item was closed)."""
    if not items:
        return
    closed = {item.id: item.closed for item in items}
    for comment_id, target_id in session.execute(
        select(Comment.id, Comment.target_id)
        .where(Comment.target_kind == "item", Comment.target_id.in_(list(closed)))
        .order_by(Comment.created_at)
    ):
        row = session.scalars(
            select(FeedRow)
            .where(FeedRow.kind == p.FeedKind.COMMENT_PUT.value, FeedRow.ref_id == comment_id)
            .order_by(FeedRow.seq.desc())
            .limit(1)
        ).first()
        if row is not None:
            feed.add(
                session,
                p.FeedKind.COMMENT_PUT,
                ref_id=row.ref_id,
                user_id=row.user_id,
                committee_id=row.committee_id,
                closed=closed[str(target_id)],
                data=row.data,
            )


def _resend_reopened(session: Session, meeting: Meeting) -> None:
    """A withdrawn meeting published again: the devices purged its comments and
    annotations with it, and their cursors are past the rows that brought them. Send
    them again (after the meeting.put): each comment's row as it was, each reader's
    own marks and bookmarks to all her devices, shared marks to the committee (rendered
    when read)."""
    items = select(Item.id).where(Item.meeting_id == meeting.id)
    docs = select(Document.id).where(Document.meeting_id == meeting.id)
    comments = select(Comment.id).where(Comment.target_kind == "item", Comment.target_id.in_(items))
    marks = list(
        session.scalars(
            select(Annotation).where(
                Annotation.document_id.in_(docs), Annotation.deleted.is_(False)
            )
        )
    )
    latest: dict[tuple[str, str | None], FeedRow] = {}
    for row in session.scalars(
        select(FeedRow)
        .where(
            or_(
                and_(FeedRow.kind == p.FeedKind.COMMENT_PUT.value, FeedRow.ref_id.in_(comments)),
                and_(
                    FeedRow.kind.in_(
                        (p.FeedKind.ANNOTATION_PUT.value, p.FeedKind.ANNOTATION_SEALED.value)
                    ),
                    FeedRow.ref_id.in_([a.id for a in marks]),
                    FeedRow.data.is_not(None),  # the author's own rows (shared: below)
                ),
            )
        )
        .order_by(FeedRow.seq)
    ):
        latest[(str(row.ref_id), row.user_id)] = row  # the last one holds the current revision
    for row in latest.values():
        feed.add(
            session,
            p.FeedKind(row.kind),
            ref_id=row.ref_id,
            user_id=row.user_id,
            committee_id=row.committee_id,
            closed=row.closed,
            data=row.data,
        )
    for mark in marks:
        if mark.visibility == p.Visibility.COMMITTEE.value:
            feed.add(
                session,
                p.FeedKind.ANNOTATION_PUT,
                ref_id=mark.id,
                committee_id=meeting.committee_id,
                closed=True,  # only the committee's members, rendered when read
            )
    notes_keys.resend_bookmarks(session, docs)  # each reader's own, sealed as filed


def journal_versions(ctx: ServerContext, session: Session, meeting: Meeting) -> None:
    """Journal the meeting's version and its documents' (before the commit, like every
    journal line): a restore hands none of these numbers out again."""
    docs = session.scalars(select(Document).where(Document.meeting_id == meeting.id))
    journal.append(
        ctx.data_dir,
        journal.Event.MEETING_PUBLISHED,
        now(),
        meeting_id=meeting.id,
        version=str(meeting.version),
        documents=json.dumps({d.id: d.version for d in docs}, sort_keys=True),
    )


def _sync_case(session: Session, meeting: Meeting, committee_id: str, item: Item) -> Case | None:
    """An item that needs a decision has a case; returns the case when it changed."""
    case = session.scalars(select(Case).where(Case.item_id == item.id)).first()
    wanted = item.needs_decision and not item.removed
    if case is None:
        if not wanted:
            return None
        case = Case(
            id=new_id(),
            title=f"{item.number}. {item.title}",
            description=item.proposal,
            deadline=item.deadline,
            status=p.CaseState.OPEN.value,
            version=1,
            meeting_id=meeting.id,
            item_id=item.id,
            committee_id=committee_id,
            closed=item.closed,
            created_at=now(),
        )
        session.add(case)
        session.flush()
        return case
    if not wanted:
        if case.status == p.CaseState.WITHDRAWN:
            return None
        case.status = p.CaseState.WITHDRAWN.value
        case.version += 1
        return case
    fields = (f"{item.number}. {item.title}", item.proposal, item.deadline)
    if (case.title, case.description, case.deadline) != fields or case.status == "withdrawn":
        case.title, case.description, case.deadline = fields
        if case.status == p.CaseState.WITHDRAWN:
            case.status = p.CaseState.OPEN.value
        case.version += 1
        return case
    return None
