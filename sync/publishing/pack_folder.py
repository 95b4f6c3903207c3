"""Read a publishing folder (meeting.toml or meeting.json + PDFs) into frozen specs.

Shared by ``folio-server publish`` and the device-side importer, so both refuse
exactly the same inputs and store the same bytes. Every PDF is checked with PyMuPDF
before the caller stores anything: the first bad file raises
``FolioError(BAD_INPUT, "name: reason")``. A PDF MuPDF had to repair is published as
its clean rewrite (``DocSpec.read``). The format, the checks and their messages are
documented in docs/publishing.md.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.errors import ErrorKind, FolioError
from sync.pdf.messages import (  # noqa: F401 (MAX_STREAM_BYTES: the format's limit, re-exported)
    MAX_STREAM_BYTES,
    CheckedPdf,
)

if TYPE_CHECKING:
    from sync.pdf.worker import PdfWorker

MAX_PDF_BYTES = 512 * 1024 * 1024


_MEETING_KEYS = ("id", "committee", "title", "start", "location", "language", "items")
_ITEM_KEYS = (
    "number",
    "title",
    "closed",
    "proposal",
    "needs_decision",
    "decision_deadline",
    "documents",
)
_DOCUMENT_KEYS = ("file", "title")


@dataclass(frozen=True)
class DocSpec:
    file: str  # path relative to the folder: the document's identity within the meeting
    title: str
    path: Path
    sha256: str  # of the published bytes (the repaired rewrite when ``repaired``)
    size: int
    pages: int
    repaired: bool = False
    # A repaired file is published as MuPDF's rewrite, kept here because rewriting
    # again need not give the same bytes; the file's own hash guards against edits.
    source_sha256: str = ""
    repaired_data: bytes | None = field(default=None, repr=False, compare=False)

    def read(self) -> bytes:
        """The bytes to publish, refusing a file that changed since it was checked."""
        data = self.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != (self.source_sha256 or self.sha256):
            raise _bad(f"{self.file}: changed while reading")
        return data if self.repaired_data is None else self.repaired_data


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


def _known_keys(o: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
    """A misspelt key would otherwise be silently ignored (a lost deadline, say)."""
    for key in o:
        if key in known:
            continue
        near = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint = f"did you mean '{near[0]}'?" if near else "known keys: " + ", ".join(known)
        raise _bad(f"{where}: unknown key '{key}' ({hint})")


def _text(o: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    v = o.get(key)
    if v is None:
        if required:
            raise _bad(f"{where}: '{key}' is missing")
        return ""
    if not isinstance(v, str):
        raise _bad(f"{where}: '{key}' must be a text, not {_kind(v)}")
    if required and not v.strip():
        raise _bad(f"{where}: '{key}' is empty")
    return v.strip()


def _flag(o: Mapping[str, Any], key: str, where: str) -> bool:
    v = o.get(key, False)
    if not isinstance(v, bool):
        raise _bad(f"{where}: '{key}' must be true or false, not {_kind(v)}")
    return v


def _kind(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", str: "a text"}
    if isinstance(value, datetime | date | time):
        return "a TOML date or time"
    return names.get(type(value), "a table" if isinstance(value, dict) else type(value).__name__)


def _time(value: Any, where: str) -> datetime:
    if value is None:
        raise _bad(f"{where} is missing")
    if isinstance(value, datetime):
        t = value
    elif isinstance(value, str):
        try:
            t = datetime.fromisoformat(value)
        except ValueError as exc:
            raise _bad(f"{where}: '{value}' is not an ISO 8601 date and time") from exc
    else:
        raise _bad(f"{where}: not an ISO 8601 date and time but {_kind(value)}")
    if t.tzinfo is None:
        raise _bad(f"{where}: add a timezone offset (e.g. +01:00)")
    return t.astimezone(UTC)


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


def check_pdf(name: str, data: bytes, *, pdf: PdfWorker | None = None) -> CheckedPdf:
    """Check a PDF as every reader will meet it (sync.pdf.check, on the PDF worker).

    A file MuPDF had to repair is accepted when every page reads, and published as
    MuPDF's clean rewrite; anything else bad raises BAD_INPUT naming file and reason.
    """
    if pdf is None:
        from sync.pdf.worker import shared_worker  # noqa: PLC0415

        pdf = shared_worker()
    return pdf.check_pdf(name, data)


def read_folder(folder: str | Path, *, pdf: PdfWorker | None = None) -> MeetingSpec:
    """Parse and validate the whole folder; nothing is returned unless all of it is good.

    Every PDF is checked on ``pdf`` (the process's shared PdfWorker by default).
    """
    root = Path(folder)
    if not root.is_dir():
        raise _bad(f"{root}: not a folder")
    desc = _load_description(root)
    _known_keys(desc, _MEETING_KEYS, "meeting")
    committee = _text(desc, "committee", "meeting")
    title = _text(desc, "title", "meeting")
    start = _time(desc.get("start"), "meeting: 'start'")
    location = _text(desc, "location", "meeting", required=False)
    language = _text(desc, "language", "meeting", required=False) or "en"
    key = _text(desc, "id", "meeting") if "id" in desc else None
    raw_items = desc.get("items")
    if raw_items is None:
        raise _bad("meeting: 'items' is missing")
    if not isinstance(raw_items, list) or not raw_items:
        raise _bad("meeting: 'items' must list at least one agenda item")
    items: list[ItemSpec] = []
    seen_numbers: set[str] = set()
    seen_files: set[str] = set()
    for index, raw in enumerate(raw_items, start=1):
        if not isinstance(raw, dict):
            raise _bad(f"item {index}: expected a table")
        _known_keys(raw, _ITEM_KEYS, f"item {str(raw.get('number', '')).strip() or index}")
        number = str(raw.get("number", "")).strip()
        where = f"item {number or index}"
        if not number:
            raise _bad(f"{where}: 'number' is missing")
        if number in seen_numbers:
            raise _bad(f"{where}: the number is used twice")
        seen_numbers.add(number)
        closed = _flag(raw, "closed", where)
        needs_decision = _flag(raw, "needs_decision", where)
        deadline_raw = raw.get("decision_deadline")
        deadline = (
            None if deadline_raw is None else _time(deadline_raw, f"{where}: 'decision_deadline'")
        )
        docs_raw = raw.get("documents", [])
        if not isinstance(docs_raw, list):
            raise _bad(f"{where}: 'documents' must be a list")
        docs: list[DocSpec] = []
        for raw_doc in docs_raw:
            d = {"file": raw_doc} if isinstance(raw_doc, str) else raw_doc
            if not isinstance(d, dict):
                raise _bad(f"{where}: each document is {{file, title}}")
            _known_keys(d, _DOCUMENT_KEYS, f"{where}: {d.get('file') or 'document'}")
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
            checked = check_pdf(file, data, pdf=pdf)
            doc_title = _text(d, "title", file, required=False) or Path(file).stem
            docs.append(
                DocSpec(
                    file=file,
                    title=doc_title,
                    path=path,
                    sha256=hashlib.sha256(checked.data).hexdigest(),
                    size=len(checked.data),
                    pages=checked.pages,
                    repaired=checked.repaired,
                    source_sha256=hashlib.sha256(data).hexdigest(),
                    repaired_data=checked.data if checked.repaired else None,
                )
            )
            del data, checked
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
        key=key if key is not None else f"{committee}|{start.isoformat()}|{title}",
        committee=committee,
        title=title,
        start=start,
        location=location,
        language=language,
        items=tuple(items),
    )
