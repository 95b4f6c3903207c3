"""Who may see what. Closed items and their documents exist only for committee members."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.context import ServerContext, now
from server.models import (
    Approval,
    Case,
    CaseAssignee,
    Committee,
    Device,
    Document,
    DocumentVersion,
    Item,
    Meeting,
    Membership,
    Setting,
)
from sync import protocol as p

MANIFEST_LIFETIME = timedelta(days=7)


def committees_of(session: Session, user_id: str) -> set[str]:
    rows = session.scalars(select(Membership.committee_id).where(Membership.user_id == user_id))
    return set(rows)


def policy(session: Session) -> p.Policy:
    row = session.get(Setting, "policy")
    return p.Policy() if row is None else p.Policy.from_json(row.value)


def checkin(session: Session, device: Device) -> p.CheckIn:
    """What a device too old to sync still gets: the policy (a lowered
    min_app_version lets it sync again) and a pending wipe. A revoked device never
    gets here: authentication already answered 401 device_revoked."""
    return p.CheckIn(policy(session), device.wipe_requested_at is not None, now())


def item_visible(item: Item, meeting: Meeting, committees: set[str]) -> bool:
    if item.removed or meeting.withdrawn_at is not None:
        return False
    return not item.closed or meeting.committee_id in committees


def build_manifest(session: Session, meeting: Meeting, committees: set[str]) -> p.Manifest | None:
    if meeting.withdrawn_at is not None:
        return None
    committee = session.get(Committee, meeting.committee_id)
    assert committee is not None
    items = session.scalars(
        select(Item).where(Item.meeting_id == meeting.id).order_by(Item.position)
    ).all()
    visible = {i.id: i for i in items if item_visible(i, meeting, committees)}
    cases = {
        c.item_id: c.id
        for c in session.scalars(select(Case).where(Case.meeting_id == meeting.id))
        if c.status != p.CaseState.WITHDRAWN
    }
    docs = session.scalars(
        select(Document).where(Document.meeting_id == meeting.id).order_by(Document.position)
    ).all()
    m_docs: list[p.ManifestDocument] = []
    withdrawn: list[str] = []
    for d in docs:
        if d.item_id not in visible:
            continue
        if d.withdrawn:
            withdrawn.append(d.id)
            continue
        v = session.scalars(
            select(DocumentVersion).where(
                DocumentVersion.document_id == d.id, DocumentVersion.version == d.version
            )
        ).one()
        m_docs.append(
            p.ManifestDocument(
                id=d.id,
                item_id=d.item_id,
                title=d.title,
                filename=d.file.rsplit("/", 1)[-1],
                version=d.version,
                size=v.size,
                sha256=v.sha256,
                pieces=tuple(v.pieces["sha256"]),
                closed=visible[d.item_id].closed,
            )
        )
    issued = now()
    return p.Manifest(
        meeting_id=meeting.id,
        version=meeting.version,
        issued_at=issued,
        expires_at=issued + MANIFEST_LIFETIME,
        committee_id=committee.id,
        committee_name=committee.name,
        title=meeting.title,
        starts_at=meeting.starts_at,
        location=meeting.location,
        language=meeting.language,
        items=tuple(
            p.ManifestItem(
                id=i.id,
                number=i.number,
                title=i.title,
                closed=i.closed,
                proposal=i.proposal,
                needs_decision=i.needs_decision,
                deadline=i.deadline,
                position=i.position,
                case_id=cases.get(i.id),
            )
            for i in visible.values()
        ),
        documents=tuple(m_docs),
        withdrawn_documents=tuple(withdrawn),
    )


def sign_manifest(ctx: ServerContext, manifest: p.Manifest) -> p.SignedManifest:
    raw = manifest.to_bytes()
    ring = ctx.keyring  # one load: the key and its announcements belong together
    return p.SignedManifest(
        manifest=p.b64encode(raw),
        signature=p.b64encode(ring.current.sign(raw)),
        key_announcements=ring.announcements,
    )


def case_visible(session: Session, case: Case, user_id: str, committees: set[str]) -> bool:
    """Meeting cases: the committee's members decide them. Other cases: their assignees."""
    if case.committee_id is not None and case.committee_id in committees:
        return True
    return session.get(CaseAssignee, {"case_id": case.id, "user_id": user_id}) is not None


def case_info(session: Session, case: Case, user_id: str) -> p.CaseInfo:
    mine = session.scalars(
        select(Approval).where(Approval.case_id == case.id, Approval.user_id == user_id)
    ).first()
    return p.CaseInfo(
        id=case.id,
        title=case.title,
        description=case.description,
        deadline=case.deadline,
        status=p.CaseState(case.status),
        version=case.version,
        meeting_id=case.meeting_id,
        item_id=case.item_id,
        my_decision=None if mine is None else p.DecisionValue(mine.decision),
        my_receipt_id=None if mine is None else mine.receipt_id,
        my_approval_id=None if mine is None else mine.id,
        my_decided_at=None if mine is None else mine.decided_at,
    )


def document_visibility(
    session: Session, document: Document, committees: set[str]
) -> tuple[bool, bool]:
    """(visible, closed) for one document."""
    item = session.get(Item, document.item_id)
    meeting = session.get(Meeting, document.meeting_id)
    if item is None or meeting is None:
        return False, False
    return item_visible(item, meeting, committees), item.closed


def blob_access(session: Session, sha256: str, committees: set[str]) -> tuple[bool, list[str]]:
    """May this reader download these bytes? And which closed documents do they carry."""
    rows = session.execute(
        select(Document, DocumentVersion)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(DocumentVersion.sha256 == sha256)
    ).all()
    visible_open = False
    closed_docs: list[str] = []
    for doc, _v in rows:
        ok, closed = document_visibility(session, doc, committees)
        if not ok:
            continue
        if closed:
            closed_docs.append(doc.id)
        else:
            visible_open = True
    return (visible_open or bool(closed_docs)), ([] if visible_open else closed_docs)
