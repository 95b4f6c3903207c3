"""What crosses the PdfWorker's boundary: requests and plain answers, no PyMuPDF object.

Every request is a frozen dataclass of bytes, numbers, strings, tuples and
sync.model's frozen records; every answer is one too (sync.pdf.render's DocInfo,
RenderedPage, SearchRect, OutlineEntry, WordBox; anchoring's Word; CheckedPdf;
bytes; strings). Nothing in here imports PyMuPDF, so a caller can build requests
without loading it, and the worker can later move into a separate process with
these as its messages (a RenderedPage's buffer would then travel as shared memory).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sync import model

# The decompression limit: what one stream may inflate to. A scanned A3 page at
# 600 dpi is about 210 MB of pixels; past this a PDF is a decompression bomb for every
# reader of it, the server's check and the devices alike.
MAX_STREAM_BYTES = 256 * 1024 * 1024

# The render limits (sync.pdf.render re-uses them; kept here so no caller loads PyMuPDF).
MAX_PIXELS = 24_000_000  # ~96 MB at 4 bytes a pixel: the most any single render may cost
MAX_SEARCH_HITS = 5000


@dataclass(frozen=True)
class CheckedPdf:
    pages: int
    data: bytes = field(repr=False)  # what is published: the file, or MuPDF's clean rewrite
    repaired: bool


# -- documents the worker keeps open (the viewer's) -------------------------------------


@dataclass(frozen=True)
class OpenDocument:
    key: str
    pdf_plain: bytes = field(repr=False)


@dataclass(frozen=True)
class LayoutDocument:
    key: str


@dataclass(frozen=True)
class CloseDocument:
    key: str


@dataclass(frozen=True)
class CloseAll:
    pass


@dataclass(frozen=True)
class RenderPage:
    key: str
    page: int
    width_px: int
    max_pixels: int = MAX_PIXELS
    invert: bool = False
    band: tuple[float, float] | None = None


@dataclass(frozen=True)
class RenderRest:
    key: str
    # The band render to complete: its buffer is drawn into, which is why the worker
    # hands out buffers it owns (in a separate process: shared memory).
    partial: object


@dataclass(frozen=True)
class SearchDocument:
    key: str
    query: str
    max_hits: int = MAX_SEARCH_HITS


@dataclass(frozen=True)
class SearchPage:
    key: str
    page: int
    query: str


@dataclass(frozen=True)
class GetOutline:
    key: str


@dataclass(frozen=True)
class PageWordBoxes:
    key: str
    page: int


@dataclass(frozen=True)
class PageText:
    key: str
    page: int


# -- one-shot work on bytes (opened and closed inside the request) -----------------------


@dataclass(frozen=True)
class PageTexts:
    """Each page's text for the search index."""

    pdf_plain: bytes = field(repr=False)


@dataclass(frozen=True)
class DocumentWords:
    """Each page's words for re-anchoring."""

    pdf_plain: bytes = field(repr=False)


@dataclass(frozen=True)
class CheckPdf:
    """The publishing check (sync.pdf.check): pages, the bytes to publish, repaired or not."""

    name: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class AnnotatedPdf:
    """The reader's annotations written into the document, stamped with ``watermark``."""

    pdf_plain: bytes = field(repr=False)
    annotations: tuple[model.Annotation, ...]
    watermark: str = ""


@dataclass(frozen=True)
class NotesSummaryPdf:
    meeting: model.Meeting
    documents: tuple[tuple[model.Document, tuple[model.Annotation, ...]], ...]
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    watermark: str = ""


@dataclass(frozen=True)
class MeetingSheetPdf:
    meeting: model.Meeting
    items: tuple[object, ...]  # sync.pdf.export.SheetItem (plain frozen records)
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    watermark: str = ""


Request = (
    OpenDocument
    | LayoutDocument
    | CloseDocument
    | CloseAll
    | RenderPage
    | RenderRest
    | SearchDocument
    | SearchPage
    | GetOutline
    | PageWordBoxes
    | PageText
    | PageTexts
    | DocumentWords
    | CheckPdf
    | AnnotatedPdf
    | NotesSummaryPdf
    | MeetingSheetPdf
)
