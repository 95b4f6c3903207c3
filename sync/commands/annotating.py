"""The reader's annotations: each change and its annotation op in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sync import model
from sync import protocol as p
from sync.commands import offline_expiry
from sync.errors import ErrorKind, FolioError
from sync.store import records
from sync.store.records import CursorReader

if TYPE_CHECKING:
    from sync.config.policy import Config
    from sync.vault.db import Database

MAX_NOTE_CHARS = 20_000
DEFAULT_COLOR = "#ffd54f"

Rects = Sequence[tuple[float, float, float, float]]
Strokes = Sequence[Sequence[tuple[float, float, float]]]


def fit_strokes(strokes: Strokes, max_points: int) -> Strokes:
    """Thin a very long pen mark to what the server accepts in one op.

    A mark over the server's point cap would be refused for good after the reader
    saw it saved; keeping every k-th point (and each stroke's ends) changes a
    stroke of that length by well under a line width.
    """
    total = sum(len(s) for s in strokes)
    if total <= max_points:
        return strokes
    step = -(-total // (max_points - 2 * len(strokes)))  # ceil; room for the ends
    out: list[list[tuple[float, float, float]]] = []
    for stroke in strokes:
        kept = list(stroke[::step])
        if stroke and kept[-1] != stroke[-1]:
            kept.append(stroke[-1])
        out.append(kept)
    return out


def own(annotation: model.Annotation) -> None:
    """A colleague's shared mark is shown, never changed or sent as this reader's."""
    if annotation.author is not None:
        raise FolioError(ErrorKind.NOT_OWNER, "a colleague's shared annotation")


def list_annotations(db: Database, config: Config, document_id: str) -> list[model.Annotation]:
    hidden = offline_expiry.hidden_closed(db, config)
    if hidden is not None and document_id in hidden.documents:
        return []
    return records.list_annotations(db, document_id)


def get_annotation(db: Database, config: Config, annotation_id: str) -> model.Annotation:
    hidden = offline_expiry.hidden_closed(db, config)
    if hidden is not None and annotation_id in hidden.annotations:
        raise offline_expiry.locked_error()
    return records.get_annotation(db, annotation_id)


def _check_size(text: str | None, rects: Rects | None, strokes: Strokes | None) -> None:
    if text is not None and len(text) > MAX_NOTE_CHARS:
        raise FolioError(ErrorKind.BAD_INPUT, "the note is too long")
    if (rects is not None and len(rects) > p.MAX_ANNOTATION_RECTS) or (
        strokes is not None and len(strokes) > p.MAX_ANNOTATION_STROKES
    ):
        raise FolioError(ErrorKind.BAD_INPUT, "too many rectangles or strokes in one mark")


def add_annotation(
    db: Database,
    document_id: str,
    page: int,
    kind: model.AnnotationKind,
    *,
    color: str,
    rects: Rects,
    strokes: Strokes,
    text: str,
    quote: model.Quote | None,
    visibility: model.Visibility,
    document_version: int | None,
    annotation_id: str | None,
) -> model.Changes:
    if page < 0 or len(text) > MAX_NOTE_CHARS:
        raise FolioError(ErrorKind.BAD_INPUT, "annotation page or note length out of range")
    _check_size(None, rects, strokes)
    strokes = fit_strokes(strokes, p.MAX_ANNOTATION_POINTS)
    doc = records.get_document(db, document_id)
    stamp = records.now()
    ann = model.Annotation(
        id=annotation_id or records.new_id(),
        document_id=document_id,
        document_version=document_version or doc.version,
        page=page,
        kind=kind,
        color=color,
        rects=tuple(tuple(r) for r in rects),  # type: ignore[misc]  # 4-tuples by contract
        strokes=tuple(tuple(tuple(p) for p in s) for s in strokes),  # type: ignore[misc]
        text=text,
        quote=quote,
        visibility=visibility,
        created_at=stamp,
        updated_at=stamp,
    )
    with db.transaction() as cur:
        records.save_annotation(cur, ann)
        records.add_op(cur, records.annotation_payload(ann))
    return model.Changes(annotations=frozenset({ann.id}), outbox=True)


def update_annotation(
    db: Database,
    annotation_id: str,
    *,
    color: str | None,
    rects: Rects | None,
    strokes: Strokes | None,
    text: str | None,
    quote: model.Quote | None,
    visibility: model.Visibility | None,
    page: int | None,
    needs_review: bool | None,
) -> model.Changes:
    _check_size(text, rects, strokes)
    if strokes is not None:
        strokes = fit_strokes(strokes, p.MAX_ANNOTATION_POINTS)
    with db.transaction() as cur:
        old = records.get_annotation(CursorReader(cur), annotation_id)
        if old.deleted:
            raise FolioError(ErrorKind.NOT_FOUND, "the annotation was deleted")
        own(old)
        new = model.Annotation(
            id=old.id,
            document_id=old.document_id,
            document_version=old.document_version,
            page=old.page if page is None else page,
            kind=old.kind,
            color=old.color if color is None else color,
            rects=old.rects if rects is None else tuple(tuple(r) for r in rects),  # type: ignore[misc]
            strokes=old.strokes
            if strokes is None
            else tuple(tuple(tuple(p) for p in s) for s in strokes),  # type: ignore[misc]
            text=old.text if text is None else text,
            quote=old.quote if quote is None else quote,
            visibility=old.visibility if visibility is None else visibility,
            created_at=old.created_at,
            updated_at=records.now(),
            revision=old.revision,
            needs_review=old.needs_review if needs_review is None else needs_review,
            needs_reanchor=old.needs_reanchor,
        )
        records.save_annotation(cur, new)
        records.add_op(cur, records.annotation_payload(new))
    return model.Changes(annotations=frozenset({annotation_id}), outbox=True)


def delete_annotation(db: Database, annotation_id: str) -> model.Changes:
    """A tombstone (content erased, row kept) so a late echo of the mark cannot revive it."""
    with db.transaction() as cur:
        old = records.get_annotation(CursorReader(cur), annotation_id)
        if old.deleted:
            return model.Changes()
        own(old)
        records.tombstone_annotation(cur, annotation_id)
        records.add_op(cur, p.AnnotationDeletePayload(annotation_id))
    return model.Changes(annotations=frozenset({annotation_id}), outbox=True)
