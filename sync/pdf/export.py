"""Take the reader's own material out of the vault, only where they asked and when allowed.

- an annotated PDF with real PDF annotation objects (Highlight, Ink, Text,
  FreeText) that any PDF reader shows, in unrotated page coordinates;
- a notes summary PDF per meeting and "my meeting sheet" (per agenda item the
  highlights, notes, comments and the decision);
- W3C Web Annotation JSON, export and import (round trip).

Every export checks the policy switch first (``allow_export``; IT can lock it)
and raises FolioError(POLICY) when it is off. Files are written through a
temporary file in the destination folder and renamed into place, so nothing
readable lands in TMPDIR and a half-written export is never left under the
reader's file name. PyMuPDF is not thread-safe: call the PDF builders on the
thread that owns PyMuPDF work.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sync import model
from sync.errors import ErrorKind, FolioError

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
FOLIO_NS = "https://folio.invalid/ns/annotation#"  # our extension's key prefix
ANNOTATION_URN = "urn:folio:annotation:"
DOCUMENT_URN = "urn:folio:document:"
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ANNOTATIONS = 50_000

_MOTIVATION = {
    model.AnnotationKind.HIGHLIGHT: "highlighting",
    model.AnnotationKind.INK: "highlighting",  # W3C has no "drawing"; the SvgSelector says ink
    model.AnnotationKind.NOTE: "commenting",
    model.AnnotationKind.TEXT: "commenting",
}

DEFAULT_LABELS: Mapping[str, str] = {
    "notes_title": "Notes",
    "sheet_title": "My meeting sheet",
    "page": "page",
    "highlight": "Highlight",
    "ink": "Drawing",
    "note": "Note",
    "text": "Text",
    "comments": "Comments",
    "decision": "Decision",
    "approve": "Approved",
    "reject": "Rejected",
    "remark": "Remark",
    "nothing": "Nothing noted.",
    "needs_review": "needs review",
    "waiting": "waiting to send",
    "sent": "sent",
    "confirmed": "confirmed",
    "rejected": "rejected",
}


def check_allowed(allow_export: bool) -> None:
    if not allow_export:
        raise FolioError(ErrorKind.POLICY, "export is turned off by policy")


def write_atomically(dest: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``dest`` via a temp file beside it, then rename into place."""
    dest = Path(dest)
    folder = dest.parent
    if not folder.is_dir():
        raise FolioError(ErrorKind.NOT_FOUND, "the export folder does not exist")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".folio-export-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        kind = ErrorKind.DISK_FULL if getattr(exc, "errno", None) == 28 else ErrorKind.BAD_INPUT
        raise FolioError(kind, f"cannot write the export ({type(exc).__name__})") from None
    return dest


def _pymupdf() -> Any:
    from sync.pdf.render import pymupdf  # noqa: PLC0415 (PyMuPDF loads only when needed)

    return pymupdf


def _open_pdf(data: bytes) -> Any:
    try:
        return _pymupdf().open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError) as exc:
        raise FolioError(ErrorKind.CORRUPT, f"cannot open ({type(exc).__name__})") from None


def _rgb(color: str) -> tuple[float, float, float]:
    c = color.lstrip("#")
    try:
        return (int(c[0:2], 16) / 255, int(c[2:4], 16) / 255, int(c[4:6], 16) / 255)
    except (ValueError, IndexError):
        return (1.0, 0.84, 0.31)


# -- annotated PDF ---------------------------------------------------------------------------


def annotated_pdf(pdf_plain: bytes, annotations: Sequence[model.Annotation]) -> bytes:
    """The document with each annotation as a real PDF annotation object."""
    pymupdf = _pymupdf()
    doc = _open_pdf(pdf_plain)
    try:
        for ann in annotations:
            if ann.deleted or not 0 <= ann.page < doc.page_count:
                continue
            page = doc.load_page(ann.page)
            color = _rgb(ann.color)
            annot: Any = None
            if ann.kind is model.AnnotationKind.HIGHLIGHT and ann.rects:
                annot = page.add_highlight_annot([pymupdf.Rect(r) for r in ann.rects])
                annot.set_colors(stroke=color)
            elif ann.kind is model.AnnotationKind.INK and ann.strokes:
                annot = page.add_ink_annot([[(p[0], p[1]) for p in s] for s in ann.strokes])
                annot.set_colors(stroke=color)
                annot.set_border(width=2)
            elif ann.kind is model.AnnotationKind.NOTE and ann.rects:
                annot = page.add_text_annot(ann.rects[0][:2], ann.text)
                annot.set_colors(stroke=color)
            elif ann.kind is model.AnnotationKind.TEXT and ann.rects:
                annot = page.add_freetext_annot(pymupdf.Rect(ann.rects[0]), ann.text, fontsize=10)
            if annot is None:
                continue
            if ann.text and ann.kind is model.AnnotationKind.HIGHLIGHT:
                annot.set_info(content=ann.text)
            annot.update()
        return bytes(doc.tobytes(garbage=3, deflate=True))
    finally:
        doc.close()


def export_annotated_pdf(
    pdf_plain: bytes,
    annotations: Sequence[model.Annotation],
    dest: Path | str,
    *,
    allow_export: bool,
    watermark: str = "",
) -> Path:
    check_allowed(allow_export)
    return write_atomically(dest, watermarked(annotated_pdf(pdf_plain, annotations), watermark))


# -- watermark -------------------------------------------------------------------------------

WATERMARK_ROW_PT = 140.0  # vertical distance between the diagonal rows


def watermarked(pdf: bytes, text: str) -> bytes:
    """Every page stamped with ``text`` in faint diagonal rows, as page content.

    Policy ``watermark`` marks the screen; a file taken out of the app must carry
    the same name and date, or an export would be the untraceable copy. The rows
    are drawn into each page's content stream (not an annotation a reader can
    delete with one click). "" returns the bytes unchanged.
    """
    if not text:
        return pdf
    pymupdf = _pymupdf()
    doc = _open_pdf(pdf)
    try:
        for page in doc:
            box = page.rect * page.derotation_matrix  # unrotated page space
            box.normalize()
            y = box.y0 + WATERMARK_ROW_PT / 2
            row = 0
            while y < box.y1 + WATERMARK_ROW_PT:
                x = box.x0 + (row % 2) * 90.0 - 40.0
                while x < box.x1:
                    at = pymupdf.Point(x, y)
                    page.insert_text(
                        at,
                        text,
                        fontsize=13,
                        color=(0.45, 0.45, 0.45),
                        fill_opacity=0.28,
                        morph=(at, pymupdf.Matrix(-30)),
                        overlay=True,
                    )
                    x += max(220.0, len(text) * 7.5)
                y += WATERMARK_ROW_PT
                row += 1
        return bytes(doc.tobytes(garbage=3, deflate=True))
    finally:
        doc.close()


# -- summaries as PDF ------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetItem:
    """One agenda item of "my meeting sheet": the reader's own material on it."""

    item: model.AgendaItem
    annotations: tuple[tuple[model.Document, model.Annotation], ...] = ()
    comments: tuple[model.Comment, ...] = ()
    approvals: tuple[model.Approval, ...] = ()


_CSS = """
* {font-family: sans-serif;}
h1 {font-size: 16pt; margin-bottom: 4pt;}
h2 {font-size: 13pt; margin-top: 12pt; margin-bottom: 2pt;}
h3 {font-size: 11pt; margin-top: 6pt; margin-bottom: 2pt;}
p {font-size: 10pt; margin-top: 1pt; margin-bottom: 3pt;}
.meta {color: #555555; font-size: 9pt;}
.quote {font-style: italic;}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _html_pdf(body: str) -> bytes:
    pymupdf = _pymupdf()
    story = pymupdf.Story(html=f"<body>{body}</body>", user_css=_CSS)
    out = io.BytesIO()
    writer = pymupdf.DocumentWriter(out)
    mediabox = pymupdf.paper_rect("a4")
    where = pymupdf.Rect(mediabox.x0 + 50, mediabox.y0 + 50, mediabox.x1 - 50, mediabox.y1 - 50)
    more = True
    pages = 0
    while more and pages < 10_000:
        dev = writer.begin_page(mediabox)
        more, _ = story.place(where)
        story.draw(dev)
        writer.end_page()
        pages += 1
    writer.close()
    return out.getvalue()


def _ann_html(doc: model.Document, ann: model.Annotation, labels: Mapping[str, str]) -> str:
    kind = labels.get(ann.kind.value, ann.kind.value)
    meta = f"{_e(kind)} · {_e(doc.title)} · {_e(labels['page'])} {ann.page + 1}"
    if ann.needs_review:
        meta += f" · {_e(labels['needs_review'])}"
    parts = [f'<p class="meta">{meta}</p>']
    if ann.quote is not None and ann.quote.exact:
        parts.append(f'<p class="quote">“{_e(ann.quote.exact)}”</p>')
    if ann.text:
        parts.append(f"<p>{_e(ann.text)}</p>")
    return "".join(parts)


def _meeting_head(meeting: model.Meeting, title: str) -> str:
    when = meeting.starts_at.strftime("%Y-%m-%d %H:%M")
    return (
        f"<h1>{_e(title)}: {_e(meeting.title)}</h1>"
        f'<p class="meta">{_e(meeting.committee.name)} · {_e(when)} · {_e(meeting.location)}</p>'
    )


def notes_summary_pdf(
    meeting: model.Meeting,
    documents: Sequence[tuple[model.Document, Sequence[model.Annotation]]],
    *,
    labels: Mapping[str, str] = DEFAULT_LABELS,
) -> bytes:
    """Every annotation of the meeting, document by document, page order."""
    parts = [_meeting_head(meeting, labels["notes_title"])]
    for doc, anns in documents:
        live = [a for a in anns if not a.deleted]
        if not live:
            continue
        parts.append(f"<h2>{_e(doc.title)}</h2>")
        parts += [_ann_html(doc, a, labels) for a in sorted(live, key=lambda a: a.page)]
    if len(parts) == 1:
        parts.append(f"<p>{_e(labels['nothing'])}</p>")
    return _html_pdf("".join(parts))


def meeting_sheet_pdf(
    meeting: model.Meeting,
    items: Sequence[SheetItem],
    *,
    labels: Mapping[str, str] = DEFAULT_LABELS,
) -> bytes:
    """ "My meeting sheet": for each agenda item, my highlights, notes, comments, decision."""
    parts = [_meeting_head(meeting, labels["sheet_title"])]
    for entry in items:
        parts.append(f"<h2>{_e(entry.item.number)} {_e(entry.item.title)}</h2>")
        if not (entry.annotations or entry.comments or entry.approvals):
            parts.append(f'<p class="meta">{_e(labels["nothing"])}</p>')
        parts += [_ann_html(d, a, labels) for d, a in entry.annotations if not a.deleted]
        if entry.comments:
            parts.append(f"<h3>{_e(labels['comments'])}</h3>")
            for c in entry.comments:
                state = labels.get(c.state.value, c.state.value)
                meta = f"{_e(c.author)} · {_e(_when(c.created_at))} · {_e(state)}"
                parts.append(f'<p class="meta">{meta}</p><p>{_e(c.body)}</p>')
        for a in entry.approvals:
            verdict = labels.get(a.decision.value, a.decision.value)
            state = labels.get(a.state.value, a.state.value)
            parts.append(
                f"<h3>{_e(labels['decision'])}: {_e(verdict)}</h3>"
                f'<p class="meta">{_e(_when(a.decided_at))} · {_e(state)}</p>'
            )
            if a.remark:
                parts.append(f"<p>{_e(labels['remark'])}: {_e(a.remark)}</p>")
    return _html_pdf("".join(parts))


def _when(t: datetime | None) -> str:
    return "" if t is None else t.strftime("%Y-%m-%d %H:%M")


def export_pdf_bytes(
    data: bytes, dest: Path | str, *, allow_export: bool, watermark: str = ""
) -> Path:
    """Write an already built PDF (summary, sheet) where the reader asked."""
    check_allowed(allow_export)
    return write_atomically(dest, watermarked(data, watermark))


# -- W3C Web Annotation ----------------------------------------------------------------------


def _iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat().replace("+00:00", "Z")


def _svg(strokes: Sequence[Sequence[tuple[float, float, float]]]) -> str:
    lines = "".join(
        '<polyline points="' + " ".join(f"{p[0]:g},{p[1]:g}" for p in s) + '"/>' for s in strokes
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg">{lines}</svg>'


def to_web_annotation(ann: model.Annotation) -> dict[str, Any]:
    """One annotation as W3C Web Annotation JSON-LD, with a lossless Folio extension."""
    selectors: list[dict[str, Any]] = [
        {
            "type": "FragmentSelector",
            "conformsTo": "http://tools.ietf.org/rfc/rfc3778",
            "value": f"page={ann.page + 1}",
        }
    ]
    if ann.quote is not None:
        selectors.append(
            {
                "type": "TextQuoteSelector",
                "exact": ann.quote.exact,
                "prefix": ann.quote.prefix,
                "suffix": ann.quote.suffix,
            }
        )
    if ann.strokes:
        selectors.append({"type": "SvgSelector", "value": _svg(ann.strokes)})
    obj: dict[str, Any] = {
        "@context": W3C_CONTEXT,
        "id": ANNOTATION_URN + ann.id,
        "type": "Annotation",
        "motivation": _MOTIVATION[ann.kind],
        "created": _iso(ann.created_at),
        "modified": _iso(ann.updated_at),
        "target": {
            "source": DOCUMENT_URN + ann.document_id,
            "selector": selectors if len(selectors) > 1 else selectors[0],
        },
        FOLIO_NS + "annotation": {
            "kind": ann.kind.value,
            "page": ann.page,
            "document_version": ann.document_version,
            "color": ann.color,
            "visibility": ann.visibility.value,
            "rects": [list(r) for r in ann.rects],
            "strokes": [[list(p) for p in s] for s in ann.strokes],
            "needs_review": ann.needs_review,
        },
    }
    if ann.text:
        obj["body"] = {"type": "TextualBody", "value": ann.text, "format": "text/plain"}
    return obj


def web_annotations_json(annotations: Sequence[model.Annotation], *, label: str = "") -> bytes:
    """An AnnotationCollection with every (live) annotation on its first page."""
    items = [to_web_annotation(a) for a in annotations if not a.deleted]
    collection = {
        "@context": W3C_CONTEXT,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


def export_web_annotations(
    annotations: Sequence[model.Annotation],
    dest: Path | str,
    *,
    allow_export: bool,
    label: str = "",
) -> Path:
    check_allowed(allow_export)
    return write_atomically(dest, web_annotations_json(annotations, label=label))


def _bad(detail: str) -> FolioError:
    return FolioError(ErrorKind.BAD_INPUT, f"web annotation: {detail}")


def _str(obj: Mapping[str, Any], key: str, default: str = "") -> str:
    value = obj.get(key, default)
    if not isinstance(value, str):
        raise _bad(f"{key} must be text")
    return value


def _floats(values: Any, n: int | None) -> tuple[float, ...]:
    if not isinstance(values, list) or (n is not None and len(values) != n):
        raise _bad("bad coordinates")
    try:
        return tuple(float(v) for v in values)
    except (TypeError, ValueError):
        raise _bad("bad coordinates") from None


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def from_web_annotation(obj: Any) -> model.Annotation:
    """Parse one W3C annotation (ours, or a plain one with a page and a quote)."""
    if not isinstance(obj, dict) or obj.get("type") != "Annotation":
        raise _bad("not an Annotation")
    ident = _str(obj, "id")
    ann_id = ident[len(ANNOTATION_URN) :] if ident.startswith(ANNOTATION_URN) else ""
    target = obj.get("target")
    if not isinstance(target, dict):
        raise _bad("no target")
    source = _str(target, "source")
    if not source.startswith(DOCUMENT_URN):
        raise _bad("target is not a Folio document")
    selectors = target.get("selector", [])
    selectors = selectors if isinstance(selectors, list) else [selectors]
    page, quote = 0, None
    for sel in selectors:
        if not isinstance(sel, dict):
            continue
        if sel.get("type") == "FragmentSelector":
            for part in _str(sel, "value").split("&"):
                if part.startswith("page="):
                    try:
                        page = int(part[5:]) - 1
                    except ValueError:
                        raise _bad("bad page") from None
        elif sel.get("type") == "TextQuoteSelector":
            quote = model.Quote(_str(sel, "exact"), _str(sel, "prefix"), _str(sel, "suffix"))
    body = obj.get("body")
    text = _str(body, "value") if isinstance(body, dict) else ""
    ext = obj.get(FOLIO_NS + "annotation")
    ext = ext if isinstance(ext, dict) else {}
    motivation = obj.get("motivation")
    default_kind = "note" if motivation == "commenting" else "highlight"
    try:
        kind = model.AnnotationKind(ext.get("kind", default_kind))
        visibility = model.Visibility(ext.get("visibility", "private"))
        page = int(ext.get("page", page))
        version = int(ext.get("document_version", 0))
    except (ValueError, TypeError):
        raise _bad("bad kind, visibility, page or version") from None
    if page < 0:
        raise _bad("bad page")
    rects = tuple(_floats(r, 4) for r in ext.get("rects", []))
    strokes = tuple(
        tuple(_floats(p, 3) for p in s) if isinstance(s, list) else ()
        for s in ext.get("strokes", [])
    )
    return model.Annotation(
        id=ann_id,
        document_id=source[len(DOCUMENT_URN) :],
        document_version=version,
        page=page,
        kind=kind,
        color=str(ext.get("color", "#ffd54f")),
        rects=rects,  # type: ignore[arg-type]  # 4-tuples checked by _floats
        strokes=strokes,  # type: ignore[arg-type]  # 3-tuples checked by _floats
        text=text,
        quote=quote,
        visibility=visibility,
        created_at=_time(obj.get("created")),
        updated_at=_time(obj.get("modified")),
        needs_review=bool(ext.get("needs_review", False)),
    )


def parse_web_annotations(data: bytes) -> list[model.Annotation]:
    """Annotations from a collection, a page, a list or a single annotation."""
    if len(data) > MAX_IMPORT_BYTES:
        raise _bad("file too large")
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _bad("not JSON") from None
    items: Any
    if isinstance(obj, list):
        items = obj
    elif isinstance(obj, dict) and obj.get("type") == "AnnotationCollection":
        first = obj.get("first")
        items = first.get("items", []) if isinstance(first, dict) else []
    elif isinstance(obj, dict) and obj.get("type") == "AnnotationPage":
        items = obj.get("items", [])
    else:
        items = [obj]
    if not isinstance(items, list) or len(items) > MAX_IMPORT_ANNOTATIONS:
        raise _bad("no list of annotations")
    return [from_web_annotation(i) for i in items]
