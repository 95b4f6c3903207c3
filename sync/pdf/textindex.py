"""Text of a PDF, page by page, for the full-text index.

Runs on bytes already in memory (``pymupdf.open(stream=...)``), so no copy of
the document ever touches the disk. PyMuPDF is not thread-safe: call this from
the one thread that owns PyMuPDF work in the process (the vault lane does the
indexing; it opens its own document object and closes it before returning).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pymupdf as _pymupdf

from sync.errors import ErrorKind, FolioError

pymupdf: Any = _pymupdf  # PyMuPDF's own type hints are partial; treat it as untyped

# Enough for search; keeps a pathological page from bloating the index.
MAX_CHARS_PER_PAGE = 200_000


@contextmanager
def open_pdf(pdf_plain: bytes) -> Iterator[Any]:
    """Open PDF bytes in memory, closing the document however the caller leaves.

    Raises FolioError(BAD_INPUT) for bytes that are no PDF; the one place that
    turns PyMuPDF's open errors into an error kind.
    """
    try:
        doc = pymupdf.open(stream=pdf_plain, filetype="pdf")
    except (RuntimeError, ValueError) as exc:  # pymupdf.FileDataError is a RuntimeError
        raise FolioError(
            ErrorKind.BAD_INPUT, f"not a readable PDF ({type(exc).__name__})"
        ) from None
    try:
        yield doc
    finally:
        doc.close()


def page_texts(pdf_plain: bytes) -> list[str]:
    """Return one string per page. Raises FolioError(BAD_INPUT) for bytes that are no PDF."""
    with open_pdf(pdf_plain) as doc:
        return [str(page.get_text("text"))[:MAX_CHARS_PER_PAGE] for page in doc]


def page_count(pdf_plain: bytes) -> int:
    with open_pdf(pdf_plain) as doc:
        return int(doc.page_count)
