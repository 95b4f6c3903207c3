"""Read a publishing folder (meeting.toml or meeting.json + PDFs) into frozen specs.

Shared by ``folio-server publish`` and the device-side importer, so both refuse
exactly the same inputs. Every PDF is checked with PyMuPDF before the caller
stores anything: the first bad file raises ``FolioError(BAD_INPUT, "name: reason")``.
The format is documented in docs/publishing.md.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pymupdf as _pymupdf

from sync.errors import ErrorKind, FolioError

# PyMuPDF's annotations are partial (many calls untyped); the boundary is here.
pymupdf: Any = _pymupdf

MAX_PDF_BYTES = 512 * 1024 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class DocSpec:
    file: str  # path relative to the folder: the document's identity within the meeting
    title: str
    path: Path
    sha256: str
    size: int
    pages: int


@dataclass(frozen=True)
class ItemSpec:
    number: str
    title: str
    closed: bool
    proposal: str
    needs_decision: bool
    decision_deadline: datetime | None
    documents: tuple[DocSpec, ...]


@dataclass(frozen=True)
class MeetingSpec:
    key: str  # stable identity across re-publishing (``id`` in the file, else derived)
    committee: str
    title: str
    start: datetime
    location: str
    language: str
    items: tuple[ItemSpec, ...]


def _bad(detail: str) -> FolioError:
    return FolioError(ErrorKind.BAD_INPUT, detail)


def _text(o: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    v = o.get(key)
    if v is None and not required:
        return ""
    if not isinstance(v, str) or (required and not v.strip()):
        raise _bad(f"{where}: '{key}' must be a non-empty text")
    return v.strip()


def _time(value: Any, where: str) -> datetime:
    if isinstance(value, datetime):
        t = value
    elif isinstance(value, str):
        try:
            t = datetime.fromisoformat(value)
        except ValueError as exc:
            raise _bad(f"{where}: not an ISO 8601 date and time") from exc
    else:
        raise _bad(f"{where}: not an ISO 8601 date and time")
    if t.tzinfo is None:
        raise _bad(f"{where}: add a timezone offset (e.g. +01:00)")
    return t.astimezone(UTC)


def check_pdf(name: str, data: bytes) -> int:
    """Return the page count, or raise BAD_INPUT naming the file and the reason."""
    if not data:
        raise _bad(f"{name}: the file is empty")
    if data.startswith(_PNG):
        raise _bad(f"{name}: a PNG image, not a PDF")
    if b"%PDF-" not in data[:1024]:
        raise _bad(f"{name}: not a PDF file")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError) as exc:  # pymupdf.FileDataError is a RuntimeError
        raise _bad(f"{name}: unreadable PDF") from exc
    try:
        if doc.needs_pass or doc.is_encrypted:
            raise _bad(f"{name}: password-protected")
        if doc.is_repaired:
            raise _bad(f"{name}: damaged or truncated PDF")
        if doc.page_count < 1:
            raise _bad(f"{name}: the PDF has no pages")
        try:
            for page in doc:
                page.get_text("text")
        except (RuntimeError, ValueError) as exc:
            raise _bad(f"{name}: unreadable PDF") from exc
        if doc.is_repaired:
            raise _bad(f"{name}: damaged or truncated PDF")
        return int(doc.page_count)
    finally:
        doc.close()


def _load_description(folder: Path) -> Mapping[str, Any]:
    toml_path, json_path = folder / "meeting.toml", folder / "meeting.json"
    if toml_path.is_file():
        try:
            return tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise _bad(f"meeting.toml: {exc}") from exc
    if json_path.is_file():
        try:
            data = json.loads(json_path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise _bad(f"meeting.json: {exc}") from exc
        if not isinstance(data, dict):
            raise _bad("meeting.json: expected an object")
        return data
    raise _bad(f"{folder}: no meeting.toml or meeting.json")


def read_folder(folder: str | Path) -> MeetingSpec:
    """Parse and validate the whole folder; nothing is returned unless all of it is good."""
    root = Path(folder)
    if not root.is_dir():
        raise _bad(f"{root}: not a folder")
    desc = _load_description(root)
    committee = _text(desc, "committee", "meeting")
    title = _text(desc, "title", "meeting")
    start = _time(desc.get("start"), "meeting: 'start'")
    location = _text(desc, "location", "meeting", required=False)
    language = _text(desc, "language", "meeting", required=False) or "en"
    key = desc.get("id")
    if key is not None and (not isinstance(key, str) or not key.strip()):
        raise _bad("meeting: 'id' must be a non-empty text")
    raw_items = desc.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise _bad("meeting: 'items' must list at least one agenda item")
    items: list[ItemSpec] = []
    seen_numbers: set[str] = set()
    seen_files: set[str] = set()
    for index, raw in enumerate(raw_items, start=1):
        if not isinstance(raw, dict):
            raise _bad(f"item {index}: expected a table")
        number = str(raw.get("number", "")).strip()
        where = f"item {number or index}"
        if not number:
            raise _bad(f"{where}: 'number' is missing")
        if number in seen_numbers:
            raise _bad(f"{where}: the number is used twice")
        seen_numbers.add(number)
        closed = raw.get("closed", False)
        needs_decision = raw.get("needs_decision", False)
        if not isinstance(closed, bool) or not isinstance(needs_decision, bool):
            raise _bad(f"{where}: 'closed' and 'needs_decision' must be true or false")
        deadline_raw = raw.get("decision_deadline")
        deadline = None if deadline_raw is None else _time(deadline_raw, f"{where}: deadline")
        docs_raw = raw.get("documents", [])
        if not isinstance(docs_raw, list):
            raise _bad(f"{where}: 'documents' must be a list")
        docs: list[DocSpec] = []
        for raw_doc in docs_raw:
            d = {"file": raw_doc} if isinstance(raw_doc, str) else raw_doc
            if not isinstance(d, dict):
                raise _bad(f"{where}: each document is {{file, title}}")
            file = _text(d, "file", where)
            if file in seen_files:
                raise _bad(f"{file}: listed twice")
            seen_files.add(file)
            path = (root / file).resolve()
            if not path.is_relative_to(root.resolve()):
                raise _bad(f"{file}: outside the publishing folder")
            if not path.is_file():
                raise _bad(f"{file}: file not found")
            size = path.stat().st_size
            if size > MAX_PDF_BYTES:
                raise _bad(f"{file}: larger than {MAX_PDF_BYTES // (1024 * 1024)} MiB")
            data = path.read_bytes()
            pages = check_pdf(file, data)
            doc_title = _text(d, "title", file, required=False) or Path(file).stem
            docs.append(
                DocSpec(
                    file=file,
                    title=doc_title,
                    path=path,
                    sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data),
                    pages=pages,
                )
            )
        items.append(
            ItemSpec(
                number=number,
                title=_text(raw, "title", where),
                closed=closed,
                proposal=_text(raw, "proposal", where, required=False),
                needs_decision=needs_decision,
                decision_deadline=deadline,
                documents=tuple(docs),
            )
        )
    return MeetingSpec(
        key=key.strip() if isinstance(key, str) else f"{committee}|{start.isoformat()}|{title}",
        committee=committee,
        title=title,
        start=start,
        location=location,
        language=language,
        items=tuple(items),
    )
