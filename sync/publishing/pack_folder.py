"""Read a publishing folder (meeting.toml or meeting.json + PDFs) into frozen specs.

Shared by ``folio-server publish`` and the device-side importer, so both refuse
exactly the same inputs and store the same bytes. Every PDF is checked with PyMuPDF
before the caller stores anything: the first bad file raises
``FolioError(BAD_INPUT, "name: reason")``. A PDF MuPDF had to repair is published as
its clean rewrite (``DocSpec.read``). The format, the checks and their messages are
documented in docs/publishing.md.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import hashlib
import json
import re
import tomllib
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pymupdf as _pymupdf

from sync.errors import ErrorKind, FolioError

# PyMuPDF's annotations are partial (many calls untyped); the boundary is here.
pymupdf: Any = _pymupdf
# Damage is reported as one FolioError line naming the file, not as MuPDF's own
# lines on stdout, where they would garble `folio-server publish` output.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

MAX_PDF_BYTES = 512 * 1024 * 1024
# The decompression limit: what one stream may inflate to. A scanned A3 page at
# 600 dpi is about 210 MB of pixels; past this a PDF is a decompression bomb for every
# reader of it, the server's check and the devices alike.
MAX_STREAM_BYTES = 256 * 1024 * 1024
_MIB = 1024 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"
# PyMuPDF raises its own errors (RuntimeError) and MuPDF's (FzErrorBase) unconverted.
_MUPDF_ERRORS = (RuntimeError, ValueError, IndexError, pymupdf.mupdf.FzErrorBase)
_FLATE = frozenset({"/FlateDecode", "/Fl"})
_ASCII_HEX = frozenset({"/ASCIIHexDecode", "/AHx"})
_ASCII_85 = frozenset({"/ASCII85Decode", "/A85"})
# RunLength (at most 128:1) and LZW (at most about 3600:1) as the first filter are
# measured by MuPDF's own decoding; after another filter, by that bound. Image codecs
# (DCT, JPX, JBIG2, CCITT) count with their encoded size.
_BOUNDED = {"/RunLengthDecode": 128, "/RL": 128, "/LZWDecode": 3641, "/LZW": 3641}
_FILTER_NAME = re.compile(r"/[^\s/\[\]<>()]+")
_REFERENCE = re.compile(r"(?<![\d.])(\d+) (\d+) R\b")
_OBJECT_START = re.compile(rb"(?<![0-9])[0-9]+\s+[0-9]+\s+obj\b")
_PARENT = re.compile(r"/Parent\s+\d+\s+\d+\s+R")

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
class CheckedPdf:
    pages: int
    data: bytes  # what is published: the file itself, or MuPDF's clean rewrite of it
    repaired: bool


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


def check_pdf(name: str, data: bytes) -> CheckedPdf:
    """Check a PDF as every reader will meet it; raise BAD_INPUT naming file and reason.

    A file MuPDF had to repair (a broken cross-reference table, a missing end
    marker: common in what real tools write) is accepted when every page reads,
    and published as MuPDF's clean rewrite so devices never repair it again.
    """
    if not data:
        raise _bad(f"{name}: the file is empty")
    if data.startswith(_PNG):
        raise _bad(f"{name}: a PNG image, not a PDF")
    if b"%PDF-" not in data[:1024]:
        raise _bad(f"{name}: not a PDF file")
    doc = _open(name, data)
    try:
        pages = _check_document(name, doc)
        if not doc.is_repaired:
            return CheckedPdf(pages=pages, data=data, repaired=False)
        if _ends_inside_object(data):
            # Cut off mid-object (a failed upload or copy): what was lost cannot be known.
            raise _bad(f"{name}: truncated PDF (the file ends inside an object)")
        clean = _rewrite(name, doc)
    finally:
        doc.close()
    again = _open(name, clean)
    try:
        same = _check_document(name, again) == pages
        if again.is_repaired or not same:
            raise _bad(f"{name}: damaged beyond repair (MuPDF's rewrite does not read back)")
    finally:
        again.close()
    return CheckedPdf(pages=pages, data=clean, repaired=True)


def _rewrite(name: str, doc: Any) -> bytes:
    """MuPDF's clean rewrite of a repaired document; failing that, its pages copied.

    ``no_new_id`` keeps the rewrite deterministic: the same damaged file gives the
    same bytes, so publishing the folder again makes no new document version (a
    PyMuPDF upgrade that writes differently would make one, once).
    """
    try:
        data: bytes = doc.tobytes(garbage=3, clean=True, deflate=True, no_new_id=True)
        return data
    except _MUPDF_ERRORS:
        pass  # some damage (a cycle in the page tree, say) only the page copy survives
    try:
        copy = pymupdf.open()
        try:
            copy.insert_pdf(doc)
            copied: bytes = copy.tobytes(garbage=3, clean=True, deflate=True, no_new_id=True)
        finally:
            copy.close()
    except _MUPDF_ERRORS as exc:
        raise _bad(f"{name}: damaged beyond repair (MuPDF cannot rewrite it)") from exc
    return copied


def _ends_inside_object(data: bytes) -> bool:
    tail = data[data.rfind(b"endobj") + 1 :]
    return _OBJECT_START.search(tail) is not None


def _open(name: str, data: bytes) -> Any:
    try:
        return pymupdf.open(stream=data, filetype="pdf")
    except _MUPDF_ERRORS as exc:
        raise _bad(f"{name}: damaged beyond repair (MuPDF cannot open it)") from exc


def _check_document(name: str, doc: Any) -> int:
    """Page count of an open document whose streams are within limits and pages read."""
    if doc.needs_pass or doc.is_encrypted:
        raise _bad(f"{name}: password-protected")
    try:
        count = int(doc.page_count)
    except _MUPDF_ERRORS as exc:
        raise _bad(f"{name}: damaged beyond repair (its pages cannot be counted)") from exc
    if count < 1:
        raise _bad(f"{name}: the PDF has no pages")
    _check_inflation(name, doc)
    sound: set[int] = set()  # objects found whole, shared by pages: walked once
    for number in range(count):
        try:
            page = doc.load_page(number)
            page.get_text("text")
        except _MUPDF_ERRORS as exc:
            raise _bad(f"{name}: page {number + 1} cannot be read") from exc
        if doc.is_repaired and _missing_object(doc, page.xref, sound):
            # A repaired file whose page points at objects that are not there was cut
            # off: MuPDF would show the page blank, and the reader would not know.
            raise _bad(f"{name}: page {number + 1} cannot be read (damaged or truncated PDF)")
    return count


def _missing_object(doc: Any, page_xref: int, seen: set[int]) -> bool:
    """Does anything the page draws with (contents, resources) refer to a lost object?"""
    if page_xref <= 0:
        return False  # a page MuPDF made up for a missing one: it has no references
    length = doc.xref_length()
    todo = [page_xref]
    while todo:
        xref = todo.pop()
        if xref in seen:
            continue
        seen.add(xref)
        if not 0 < xref < length:
            return True
        try:
            source = doc.xref_object(xref, compressed=True)
        except _MUPDF_ERRORS:
            return True
        if source.strip() == "null":
            # A page object MuPDF could not find itself renders empty, as in every
            # reader; what counts is a page pointing at content that is gone.
            return xref != page_xref
        source = _PARENT.sub("", source) if xref == page_xref else source
        if xref != page_xref and "/Type/Page" in source.replace(" ", ""):
            seen.discard(xref)  # a link to another page: walked when that page is checked
            continue
        todo.extend(int(m.group(1)) for m in _REFERENCE.finditer(source))
    return False


def _check_inflation(name: str, doc: Any) -> None:
    for xref in range(1, doc.xref_length()):
        try:
            if not doc.xref_is_stream(xref):
                continue
            size = _inflated_size(doc, xref)
        except _MUPDF_ERRORS:
            continue  # an unreadable stream: the page checks name what it breaks
        if size > MAX_STREAM_BYTES:
            raise _bad(
                f"{name}: decompression bomb: object {xref} inflates past the "
                f"{MAX_STREAM_BYTES // _MIB} MiB limit for one stream"
            )


def _inflated_size(doc: Any, xref: int) -> int:
    """Decoded size of one stream, decoding at most one byte past the limit."""
    kind, value = doc.xref_get_key(xref, "Filter")
    filters = _FILTER_NAME.findall(value) if kind in ("name", "array") else []
    chunks: Iterable[bytes] = (doc.xref_stream_raw(xref),)
    for index, name in enumerate(filters):
        if name in _FLATE:
            chunks = _inflate(chunks)
        elif name in _ASCII_HEX or name in _ASCII_85:
            chunks = (_ascii_decode(b"".join(_capped(chunks)), name in _ASCII_85),)
        elif name in _BOUNDED and index == 0:
            return len(doc.xref_stream(xref))
        elif name in _BOUNDED:
            return sum(len(c) for c in _capped(chunks)) * _BOUNDED[name]
        else:
            break
    return sum(len(c) for c in _capped(chunks))


def _capped(chunks: Iterable[bytes]) -> Iterator[bytes]:
    seen = 0
    for chunk in chunks:
        yield chunk
        seen += len(chunk)
        if seen > MAX_STREAM_BYTES:
            return


def _inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Stream-decode Flate data as leniently as MuPDF, without holding the output."""
    d = zlib.decompressobj()
    produced = 0
    first = True
    for chunk in chunks:
        data = chunk
        while data:
            try:
                out = d.decompress(data, _MIB)
            except zlib.error:
                if not first:
                    return  # damaged data: MuPDF stops here too
                d, first = zlib.decompressobj(-zlib.MAX_WBITS), False  # raw deflate
                continue
            first = False
            produced += len(out)
            if out:
                yield out
            if d.eof or produced > MAX_STREAM_BYTES:
                return
            data = d.unconsumed_tail
    try:
        tail = d.flush()
    except zlib.error:
        return
    if tail:
        yield tail


def _ascii_decode(data: bytes, base85: bool) -> bytes:
    try:
        if base85:
            text = data.strip()
            text = text[:-2] if text.endswith(b"~>") else text
            return base64.a85decode(text, ignorechars=b" \t\r\n\x0c\x00")
        return binascii.unhexlify(b"".join(data.split()).rstrip(b">"))
    except ValueError:
        return data  # lenient: an upper bound of what MuPDF decodes from it


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
            checked = check_pdf(file, data)
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
