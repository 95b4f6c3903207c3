"""What leaves the device as a file: annotated PDFs, notes summaries, the meeting sheet,
Web Annotation JSON, and the watermark over them.

Export policy is enforced here (``check_export``), not by the UI hiding buttons: a
caller that skips the UI is refused all the same. PyMuPDF work goes to the PdfWorker.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sync import model
from sync.commands import annotating, comments, decisions, reading
from sync.errors import ErrorKind, FolioError
from sync.store import meetings as store_meetings
from sync.store import records
from sync.store.records import CursorReader
from sync.store.state import STATE_DEVICE_ID, STATE_MEMBER_DISPLAY_NAME, STATE_MEMBER_NAME

if TYPE_CHECKING:
    from sync.config.policy import Config
    from sync.pdf.export import SheetItem
    from sync.pdf.worker import PdfWorker
    from sync.vault import UnlockedVault
    from sync.vault.db import Database


def reader_name(db: Database) -> str:
    """Who reads on this device, for the watermark drawn over pages (policy ``watermark``).

    The enrolled member's display name as the server knows it (their user name
    when the server sent none); a device not enrolled by name shows its device
    id, and an unenrolled vault "Folio", so the watermark is never blank.
    """
    for key in (STATE_MEMBER_DISPLAY_NAME, STATE_MEMBER_NAME, STATE_DEVICE_ID):
        value = (db.get_state(key) or "").strip()
        if value:
            return value
    return "Folio"


def watermark_line(db: Database) -> str:
    return f"{reader_name(db)} · {date.today().isoformat()}"


def check_export(db: Database, config: Config) -> str:
    """Refuse with POLICY when the effective policy forbids export; else the watermark line
    (empty unless policy ``watermark`` asks for the reader's name and the date on every page)."""
    if not config.flag("allow_export"):
        raise FolioError(ErrorKind.POLICY, "export is turned off by policy")
    return watermark_line(db) if config.flag("watermark") else ""


def annotations_for_meeting(
    db: Database, config: Config, meeting_id: str
) -> list[tuple[model.Document, model.Annotation]]:
    """Every live annotation of the reader's in a meeting, in agenda and page order."""
    meeting = reading.get_meeting(db, config, meeting_id)
    out: list[tuple[model.Document, model.Annotation]] = []
    seen: set[str] = set()
    docs = [d for i in meeting.items for d in i.documents]
    docs += [d for d in records.list_documents(db, meeting_id) if d.id not in {x.id for x in docs}]
    for doc in docs:
        if doc.id in seen:
            continue
        seen.add(doc.id)
        out += [
            (doc, a) for a in annotating.list_annotations(db, config, doc.id) if a.author is None
        ]
    return out


def meeting_sheet(db: Database, config: Config, meeting_id: str) -> list[SheetItem]:
    """Per agenda item the reader's highlights, notes, comments and decision."""
    from sync.pdf.export import SheetItem  # noqa: PLC0415

    me = reading.me(db)
    meeting = reading.get_meeting(db, config, meeting_id)
    cases = [c for c in decisions.list_cases(db, config, None) if c.meeting_id == meeting_id]
    sheet: list[SheetItem] = []
    for item in meeting.items:
        anns = tuple(
            (d, a)
            for d in item.documents
            for a in annotating.list_annotations(db, config, d.id)
            if a.author is None  # "my" sheet: a colleague's shared marks are theirs
        )
        item_cases = [c for c in cases if c.item_id == item.id]
        said = list(comments.list_comments(db, config, "item", item.id))
        approvals: list[model.Approval] = []
        for case in item_cases:
            said += comments.list_comments(db, config, "case", case.id)
            approvals += decisions.list_approvals(db, config, case.id)
        for _doc, ann in anns:
            said += comments.list_comments(db, config, "annotation", ann.id)
        own = tuple(c for c in said if c.author in me)
        sheet.append(SheetItem(item, anns, own, tuple(approvals)))
    return sheet


def export_annotated_pdf(
    vault: UnlockedVault, config: Config, pdf: PdfWorker, document_id: str, dest: Path | str
) -> Path:
    """The current version with the reader's annotations as real PDF annotations."""
    from sync.pdf import export  # noqa: PLC0415

    db = vault.db
    watermark = check_export(db, config)
    anns = [
        a
        for a in annotating.list_annotations(db, config, document_id)
        if a.document_version == records.get_document(db, document_id).version
        and a.author is None  # the reader's own marks; a colleague's are not hers to export
    ]
    pdf_plain = reading.document_bytes(vault, config, document_id, None)
    try:
        data = pdf.annotated_pdf(pdf_plain, anns, watermark=watermark)
    finally:
        del pdf_plain
    return export.write_atomically(dest, data)


def export_notes_summary(
    db: Database,
    config: Config,
    pdf: PdfWorker,
    meeting_id: str,
    dest: Path | str,
    *,
    labels: Mapping[str, str] | None,
) -> Path:
    from sync.pdf import export  # noqa: PLC0415

    watermark = check_export(db, config)
    by_doc: dict[str, tuple[model.Document, list[model.Annotation]]] = {}
    for doc, ann in annotations_for_meeting(db, config, meeting_id):
        by_doc.setdefault(doc.id, (doc, []))[1].append(ann)
    data = pdf.notes_summary_pdf(
        reading.get_meeting(db, config, meeting_id),
        list(by_doc.values()),
        labels=labels or export.DEFAULT_LABELS,
        watermark=watermark,
    )
    return export.write_atomically(dest, data)


def export_meeting_sheet(
    db: Database,
    config: Config,
    pdf: PdfWorker,
    meeting_id: str,
    dest: Path | str,
    *,
    labels: Mapping[str, str] | None,
) -> Path:
    from sync.pdf import export  # noqa: PLC0415

    watermark = check_export(db, config)
    data = pdf.meeting_sheet_pdf(
        reading.get_meeting(db, config, meeting_id),
        meeting_sheet(db, config, meeting_id),
        labels=labels or export.DEFAULT_LABELS,
        watermark=watermark,
    )
    return export.write_atomically(dest, data)


def export_web_annotations(db: Database, config: Config, meeting_id: str) -> bytes:
    from sync.pdf import export  # noqa: PLC0415

    check_export(db, config)
    anns = [a for _d, a in annotations_for_meeting(db, config, meeting_id)]
    return export.web_annotations_json(
        anns, label=reading.get_meeting(db, config, meeting_id).title
    )


def import_web_annotations(db: Database, data: bytes) -> model.Changes:
    """Known ids are skipped, and an annotation made on another version than the
    current one is queued for re-anchoring rather than placed on the wrong page."""
    from sync.pdf import export  # noqa: PLC0415

    parsed = export.parse_web_annotations(data)
    added: set[str] = set()
    with db.transaction() as cur:
        reader = CursorReader(cur)
        for ann in parsed:
            if len(ann.text) > annotating.MAX_NOTE_CHARS:
                raise FolioError(ErrorKind.BAD_INPUT, "a note in the file is too long")
            try:
                doc = records.get_document(reader, ann.document_id)
            except FolioError:
                continue  # a document not on this device: nothing to anchor to
            ann_id = ann.id or records.new_id()
            if ann.id and store_meetings.annotation_exists(reader, ann.id):
                continue
            stamp = records.now()
            version = ann.document_version or doc.version
            new = dataclasses.replace(
                ann,
                id=ann_id,
                document_version=version,
                created_at=ann.created_at or stamp,
                updated_at=stamp,
                revision=0,
                needs_reanchor=version < doc.version,
            )
            records.save_annotation(cur, new)
            records.add_op(cur, records.annotation_payload(new))
            added.add(ann_id)
    return model.Changes(annotations=frozenset(added), outbox=bool(added))
