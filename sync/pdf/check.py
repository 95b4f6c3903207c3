"""Check a PDF as every reader will meet it (the publishing folder's PDF checks).

Moved here from sync/publishing/pack_folder.py so that every PyMuPDF call lives
in sync/pdf and runs on the PdfWorker's thread: ``folio-server publish`` and
``folio import`` reach ``check_pdf`` through ``PdfWorker.check_pdf`` only.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

import pymupdf as _pymupdf

from sync.errors import ErrorKind, FolioError
from sync.pdf.messages import MAX_STREAM_BYTES, CheckedPdf

# PyMuPDF's annotations are partial (many calls untyped); the boundary is here.
pymupdf: Any = _pymupdf
# Damage is reported as one FolioError line naming the file, not as MuPDF's own
# lines on stdout, where they would garble `folio-server publish` output.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

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


def _bad(detail: str) -> FolioError:
    return FolioError(ErrorKind.BAD_INPUT, detail)


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
