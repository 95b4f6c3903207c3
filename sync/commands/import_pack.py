"""Import a publishing folder straight into the vault (tests, the offline demo, `folio import`).

The ids are derived from the folder, not drawn at random, so importing the same
folder again updates the meeting it made instead of adding a second one.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sync import model
from sync.commands import reanchor
from sync.store import meetings as store_meetings
from sync.store import records
from sync.store.records import CursorReader

if TYPE_CHECKING:
    from sync.pdf.worker import PdfWorker
    from sync.vault import BlobRef, UnlockedVault

log = logging.getLogger("sync.api")  # the facade's name, as before the split: log filters hold


def _hash_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:24]}"


def meeting_id_for(key: str) -> str:
    """Stable meeting id of a publishing folder (from its ``id`` or committee|start|title)."""
    return _hash_id("m-", key)


def committee_id_for(name: str) -> str:
    return _hash_id("c-", name)


def item_id_for(meeting_id: str, number: str) -> str:
    return _hash_id("i-", meeting_id, number)


def document_id_for(meeting_id: str, file: str) -> str:
    return _hash_id("d-", meeting_id, file)


def case_id_for(item_id: str) -> str:
    return _hash_id("k-", item_id)


def blob_id_for(document_id: str, version: int) -> str:
    return f"{document_id}.v{version}"


def _case_status(reader: records.Reader, case_id: str) -> model.CaseStatus:
    """Keep a local case's status across re-imports (a decided case stays decided)."""
    status = store_meetings.case_status(reader, case_id)
    return model.CaseStatus(status) if status is not None else model.CaseStatus.OPEN


def import_pack(vault: UnlockedVault, pdf: PdfWorker, folder: Path | str) -> model.Changes:
    """Meeting, items, documents and their text, then re-anchoring of replaced versions.

    A file whose bytes changed becomes a new version and the old version is
    crypto-shredded. Items that need a decision become cases. Blobs are written
    before the one transaction; if it fails they are deleted again.
    """
    from sync.publishing import pack_folder  # noqa: PLC0415 (deferred on purpose)

    spec = pack_folder.read_folder(folder, pdf=pdf)
    meeting_id = meeting_id_for(spec.key)
    committee = model.Committee(id=committee_id_for(spec.committee), name=spec.committee)
    db = vault.db
    existing = {d.id: d for d in records.list_documents(db, meeting_id)}
    old_meeting_version = store_meetings.meeting_version(db, meeting_id)

    new_blobs: list[str] = []
    texts: dict[str, tuple[int, list[str]]] = {}
    links: dict[str, BlobRef] = {}
    items: list[model.AgendaItem] = []
    changed = old_meeting_version == 0
    try:
        for position, item in enumerate(spec.items):
            item_id = item_id_for(meeting_id, item.number)
            docs: list[model.Document] = []
            for doc in item.documents:
                doc_id = document_id_for(meeting_id, doc.file)
                data = doc.read()  # a repaired PDF's clean rewrite, as the server publishes
                prior = existing.get(doc_id)
                if prior is not None and prior.sha256 == doc.sha256:
                    version = prior.version
                else:
                    version = 1 if prior is None else prior.version + 1
                    changed = True
                if (
                    prior is None
                    or prior.version != version
                    or (prior.state is not model.DocumentState.VERIFIED)
                ):
                    ref = vault.blobs.put(
                        data, version=version, blob_id=blob_id_for(doc_id, version)
                    )
                    new_blobs.append(ref.blob_id)
                    links[doc_id] = ref
                    texts[doc_id] = (version, pdf.page_texts(data))
                del data
                docs.append(
                    model.Document(
                        id=doc_id,
                        meeting_id=meeting_id,
                        item_id=item_id,
                        title=doc.title,
                        filename=Path(doc.file).name,
                        version=version,
                        sha256=doc.sha256,
                        size=doc.size,
                        state=model.DocumentState.MISSING,
                        closed=item.closed,
                        pages=doc.pages,
                    )
                )
            items.append(
                model.AgendaItem(
                    id=item_id,
                    meeting_id=meeting_id,
                    number=item.number,
                    title=item.title,
                    closed=item.closed,
                    proposal=item.proposal,
                    needs_decision=item.needs_decision,
                    decision_deadline=item.decision_deadline,
                    position=position,
                    documents=tuple(docs),
                )
            )
        if old_meeting_version and set(existing) != {d.id for i in items for d in i.documents}:
            changed = True
        meeting = model.Meeting(
            id=meeting_id,
            committee=committee,
            title=spec.title,
            starts_at=spec.start,
            location=spec.location,
            version=old_meeting_version + 1 if changed else old_meeting_version,
            pack_state=model.PackState.READY,
            items=tuple(items),
            language=spec.language,
        )
        shredded: list[str] = []
        cases: set[str] = set()
        with db.transaction() as cur:
            withdrawn = records.upsert_meeting(cur, meeting)
            for doc_id, ref in links.items():
                version, pages = texts[doc_id]
                records.link_document_version(cur, doc_id, version, ref, pages=len(pages))
                records.index_document_text(cur, doc_id, version, pages)
                shredded += records.purge_old_versions(cur, doc_id)
            for doc_id in withdrawn:
                shredded += records.purge_document(cur, doc_id)
            for item_spec, item_model in zip(spec.items, items, strict=True):
                if not item_spec.needs_decision:
                    continue
                case_id = case_id_for(item_model.id)
                records.upsert_case(
                    cur,
                    model.Case(
                        id=case_id,
                        title=f"{item_model.number} {item_model.title}",
                        description=item_model.proposal,
                        deadline=item_model.decision_deadline,
                        status=_case_status(CursorReader(cur), case_id),
                        meeting_id=meeting_id,
                        item_id=item_model.id,
                    ),
                    closed=item_model.closed,
                )
                cases.add(case_id)
    except BaseException:
        records.delete_blobs(vault.blobs, new_blobs)
        raise
    records.delete_blobs(vault.blobs, shredded)
    # annotations on replaced versions
    reanchored, _reports = reanchor.reanchor_pending(vault, links, pdf.document_words)
    log.info(
        "pack.imported",
        extra={"fields": {"meeting_id": meeting_id, "documents_linked": len(links)}},
    )
    return model.Changes(
        meetings=frozenset({meeting_id}),
        documents=frozenset({d.id for i in items for d in i.documents} | set(withdrawn)),
        cases=frozenset(cases),
    ).merge(reanchored)
