"""Keep the reader's marks where they belong when a document is replaced.

Highlights and notes carry a W3C Web Annotation TextQuoteSelector (exact, prefix,
suffix). On a new version they are found again by that quote: an exact match,
disambiguated by prefix and suffix, and failing that a fuzzy match on the pages
the old page maps to, accepted only above ``FUZZY_THRESHOLD``. Ink (and notes
without a quote) follow their page: old pages are mapped to new ones by page-text
similarity, so a page inserted at the front or one removed shifts them along.
Whatever cannot be placed is kept where it was and flagged ``needs_review``;
nothing is ever deleted here.

The algorithm is pure (words and page texts in, new annotations out). Word boxes
come from ``document_words`` (PyMuPDF; call it on the thread that owns PyMuPDF
work) in unrotated PDF page coordinates, the same system annotations are stored in.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sync import model
from sync.errors import ErrorKind, FolioError

CONTEXT_CHARS = 32  # prefix/suffix length, enough to tell repeated phrases apart
FUZZY_THRESHOLD = 0.9  # a quote found with less similarity than this needs the reader
PAGE_MATCH_THRESHOLD = 0.5  # two pages below this are not "the same page, edited"
MAX_FUZZY_PAGES = 3  # fuzzy search looks at the mapped page and its neighbours only

Rect4 = tuple[float, float, float, float]


@dataclass(frozen=True)
class Word:
    """One word on a page: its text and box in unrotated PDF page coordinates."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    block: int = 0
    line: int = 0

    @property
    def rect(self) -> Rect4:
        return (self.x0, self.y0, self.x1, self.y1)


PageWords = Sequence[Word]


class Outcome:
    MOVED = "moved"  # placed on the new version (maybe on another page)
    UNCHANGED = "unchanged"  # same page, same place
    NEEDS_REVIEW = "needs_review"  # kept as it was; the reader must look


@dataclass(frozen=True)
class AnnotationResult:
    annotation_id: str
    kind: model.AnnotationKind
    outcome: str
    old_page: int
    new_page: int
    method: str  # "exact" | "fuzzy" | "page" | "none"
    similarity: float = 1.0


@dataclass(frozen=True)
class ReanchorReport:
    """What re-anchoring did: "12 notes moved, 1 needs you", and per annotation why."""

    document_id: str
    from_version: int | None
    to_version: int
    results: tuple[AnnotationResult, ...] = ()
    changed_pages: tuple[int, ...] = ()  # pages of the new version that differ

    @property
    def moved(self) -> int:
        return sum(r.outcome != Outcome.NEEDS_REVIEW for r in self.results)

    @property
    def needs_review(self) -> int:
        return sum(r.outcome == Outcome.NEEDS_REVIEW for r in self.results)


@dataclass
class _Flat:
    """All words of a document as one normalised string with a word index per offset."""

    text: str = ""
    starts: list[int] = field(default_factory=list)  # char offset of each word
    words: list[tuple[int, int]] = field(default_factory=list)  # (page, index on page)


# -- text helpers ----------------------------------------------------------------------------


def normalise(text: str) -> str:
    return " ".join(text.split())


def page_text(words: PageWords) -> str:
    return " ".join(w.text for w in words)


def line_rects(words: Sequence[Word]) -> tuple[Rect4, ...]:
    """One rect per text line covering its words (words given in reading order)."""
    rects: list[list[float]] = []
    last: tuple[int, int] | None = None
    for w in words:
        key = (w.block, w.line)
        if rects and key == last:
            r = rects[-1]
            r[0], r[1], r[2], r[3] = (
                min(r[0], w.x0),
                min(r[1], w.y0),
                max(r[2], w.x1),
                max(r[3], w.y1),
            )
        else:
            rects.append([w.x0, w.y0, w.x1, w.y1])
        last = key
    return tuple((r[0], r[1], r[2], r[3]) for r in rects)


def quote_for(words: PageWords, first: int, last: int) -> model.Quote:
    """The TextQuoteSelector of words ``first..last`` (inclusive) of one page."""
    if not 0 <= first <= last < len(words):
        raise FolioError(ErrorKind.BAD_INPUT, "quote outside the page's words")
    before = " ".join(w.text for w in words[:first])
    after = " ".join(w.text for w in words[last + 1 :])
    return model.Quote(
        exact=" ".join(w.text for w in words[first : last + 1]),
        prefix=(before + " ")[-CONTEXT_CHARS:] if before else "",
        suffix=(" " + after)[:CONTEXT_CHARS] if after else "",
    )


def _flatten(pages: Sequence[PageWords]) -> _Flat:
    flat = _Flat()
    parts: list[str] = []
    offset = 0
    for p, words in enumerate(pages):
        for i, w in enumerate(words):
            flat.starts.append(offset)
            flat.words.append((p, i))
            parts.append(w.text)
            offset += len(w.text) + 1
    flat.text = " ".join(parts)
    return flat


def _word_at(flat: _Flat, offset: int) -> int | None:
    """Index of the word starting exactly at ``offset`` (matches must start on a word)."""
    import bisect  # noqa: PLC0415 (tiny, local)

    i = bisect.bisect_left(flat.starts, offset)
    return i if i < len(flat.starts) and flat.starts[i] == offset else None


def _context_score(flat: _Flat, start: int, end: int, quote: model.Quote) -> int:
    """How many characters of prefix (backwards) and suffix (forwards) agree."""
    score = 0
    before = flat.text[max(0, start - len(quote.prefix)) : start]
    for a, b in zip(reversed(before), reversed(quote.prefix), strict=False):
        if a != b:
            break
        score += 1
    after = flat.text[end : end + len(quote.suffix)]
    for a, b in zip(after, quote.suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


# -- page mapping ----------------------------------------------------------------------------


def page_similarity(a: str, b: str) -> float:
    wa, wb = a.split(), b.split()
    if not wa and not wb:
        return 1.0
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def map_pages(old_texts: Sequence[str], new_texts: Sequence[str]) -> dict[int, int | None]:
    """Old page index -> new page index (None: the page is gone), by text similarity.

    Identical pages are aligned in order (a diff over page texts), so inserted and
    removed pages shift the rest; pages edited in place are paired with the most
    similar new page in the same gap when they are similar enough.
    """
    old_n = [normalise(t) for t in old_texts]
    new_n = [normalise(t) for t in new_texts]
    mapping: dict[int, int | None] = dict.fromkeys(range(len(old_n)))
    sm = difflib.SequenceMatcher(None, old_n, new_n, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                mapping[i1 + k] = j1 + k
        elif tag == "replace":
            next_j = j1
            for i in range(i1, i2):
                best, best_j = 0.0, None
                for j in range(next_j, j2):
                    s = page_similarity(old_n[i], new_n[j])
                    if s > best:
                        best, best_j = s, j
                if best_j is not None and best >= PAGE_MATCH_THRESHOLD:
                    mapping[i] = best_j
                    next_j = best_j + 1  # keep the order of pages
    return mapping


def changed_pages(old_texts: Sequence[str], new_texts: Sequence[str]) -> list[int]:
    """New pages whose text is not an unchanged page of the old version."""
    mapping = map_pages(old_texts, new_texts)
    same = {
        j
        for i, j in mapping.items()
        if j is not None and normalise(old_texts[i]) == normalise(new_texts[j])
    }
    return [j for j in range(len(new_texts)) if j not in same]


# -- finding a quote -------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    page: int
    first: int  # word index on the page
    last: int  # inclusive
    similarity: float
    method: str


def find_quote(
    pages: Sequence[PageWords],
    quote: model.Quote,
    *,
    near_pages: Sequence[int] = (),
    flat: Any = None,
) -> Match | None:
    """Find ``quote`` in a document's words: exact first, then fuzzy near ``near_pages``.

    A match must lie on one page (a highlight lives on one page).
    """
    exact = normalise(quote.exact)
    if not exact:
        return None
    flat = flat if isinstance(flat, _Flat) else _flatten(pages)
    n_words = len(exact.split())
    candidates: list[tuple[int, int, int]] = []  # (-score, distance, word index)
    start = flat.text.find(exact)
    while start != -1:
        w = _word_at(flat, start)
        end = start + len(exact)
        if w is not None and (end == len(flat.text) or flat.text[end] == " "):
            last = w + n_words - 1
            if flat.words[w][0] == flat.words[last][0]:
                page = flat.words[w][0]
                distance = min((abs(page - p) for p in near_pages), default=0)
                candidates.append((-_context_score(flat, start, end, quote), distance, w))
        start = flat.text.find(exact, start + 1)
    if candidates:
        candidates.sort()
        _, _, w = candidates[0]
        page, first = flat.words[w]
        return Match(page, first, first + n_words - 1, 1.0, "exact")
    return _fuzzy(pages, exact, near_pages)


def _fuzzy(pages: Sequence[PageWords], exact: str, near_pages: Sequence[int]) -> Match | None:
    target = exact.split()
    n = len(target)
    look: list[int] = []
    for p in near_pages:
        for q in (p, p - 1, p + 1):
            if 0 <= q < len(pages) and q not in look:
                look.append(q)
    best: Match | None = None
    target_set = set(target)
    for p in look[: MAX_FUZZY_PAGES * max(1, len(near_pages))]:
        texts = [w.text for w in pages[p]]
        for size in {max(1, n - 1), n, n + 1}:
            for i in range(max(0, len(texts) - size) + 1):
                window = texts[i : i + size]
                if not window or len(target_set.intersection(window)) * 2 < n:
                    continue  # cheap filter: share at least half the words
                s = difflib.SequenceMatcher(None, " ".join(window), exact, autojunk=False).ratio()
                if best is None or s > best.similarity:
                    best = Match(p, i, i + len(window) - 1, s, "fuzzy")
    return best if best is not None and best.similarity >= FUZZY_THRESHOLD else None


# -- re-anchoring ----------------------------------------------------------------------------


def reanchor(
    annotations: Sequence[model.Annotation],
    new_pages: Sequence[PageWords],
    new_version: int,
    *,
    old_texts: Sequence[str] | None,
    old_version: int | None,
    document_id: str = "",
) -> tuple[list[model.Annotation], ReanchorReport]:
    """Place ``annotations`` on a new version. Returns them updated, and the report.

    ``old_texts`` are the page texts of ``old_version`` (None when unknown: then
    only quotes can be found again, and what follows its page needs review).
    An annotation that cannot be placed keeps its page (clamped to the new page
    count) and geometry, its old ``document_version``, and ``needs_review=True``.
    """
    new_texts = [page_text(p) for p in new_pages]
    mapping = map_pages(old_texts, new_texts) if old_texts is not None else {}
    flat = _flatten(new_pages)
    out: list[model.Annotation] = []
    results: list[AnnotationResult] = []
    last_page = max(0, len(new_pages) - 1)
    for ann in annotations:
        mapped = mapping.get(ann.page) if ann.document_version == old_version else None
        near = [mapped] if mapped is not None else [min(ann.page, last_page)]
        placed: model.Annotation | None = None
        method, similarity = "none", 0.0
        if ann.quote is not None and ann.quote.exact.strip():
            match = find_quote(new_pages, ann.quote, near_pages=near, flat=flat)
            if match is not None:
                placed = _place_on_quote(ann, new_pages[match.page], match, new_version)
                method, similarity = match.method, match.similarity
        elif mapped is not None:
            placed = dataclasses.replace(
                ann, page=mapped, document_version=new_version, needs_review=False
            )
            method = "page"
            similarity = page_similarity(old_texts[ann.page], new_texts[mapped]) if old_texts else 0
        if placed is None:
            placed = dataclasses.replace(ann, page=min(ann.page, last_page), needs_review=True)
            outcome = Outcome.NEEDS_REVIEW
        elif placed.page == ann.page and placed.rects == ann.rects:
            outcome = Outcome.UNCHANGED
        else:
            outcome = Outcome.MOVED
        placed = dataclasses.replace(placed, needs_reanchor=False)
        out.append(placed)
        results.append(
            AnnotationResult(
                annotation_id=ann.id,
                kind=ann.kind,
                outcome=outcome,
                old_page=ann.page,
                new_page=placed.page,
                method=method,
                similarity=round(similarity, 3),
            )
        )
    report = ReanchorReport(
        document_id=document_id,
        from_version=old_version,
        to_version=new_version,
        results=tuple(results),
        changed_pages=tuple(changed_pages(old_texts, new_texts)) if old_texts is not None else (),
    )
    return out, report


def _place_on_quote(
    ann: model.Annotation, words: PageWords, match: Match, new_version: int
) -> model.Annotation:
    hit = list(words[match.first : match.last + 1])
    quote = quote_for(words, match.first, match.last)
    if ann.kind is model.AnnotationKind.HIGHLIGHT:
        rects = line_rects(hit)
    elif ann.rects:
        # A note keeps its size and column; it moves to the line of its quote.
        x0, y0, x1, y1 = ann.rects[0]
        dy = hit[0].y0 - y0
        rects = ((x0, y0 + dy, x1, y1 + dy), *ann.rects[1:])
    else:
        rects = ann.rects
    return dataclasses.replace(
        ann,
        page=match.page,
        rects=rects,
        quote=quote,
        document_version=new_version,
        needs_review=False,
    )


# -- PyMuPDF side ----------------------------------------------------------------------------


def words_of_page(page: Any) -> list[Word]:
    """Words of a PyMuPDF page in reading order, in unrotated page coordinates.

    PyMuPDF reports text boxes in the unrotated page's coordinate system (the
    same one annotations are written in), so no matrix is applied here.
    """
    return [
        Word(str(w[4]), float(w[0]), float(w[1]), float(w[2]), float(w[3]), int(w[5]), int(w[6]))
        for w in page.get_text("words", sort=False)
    ]


def document_words(pdf_plain: bytes) -> list[list[Word]]:
    """Every page's words. PyMuPDF is not thread-safe: call on the PyMuPDF-owning thread."""
    from sync.pdf.textindex import open_pdf  # noqa: PLC0415 (PyMuPDF loads only when needed)

    with open_pdf(pdf_plain) as doc:
        return [words_of_page(page) for page in doc]


@dataclass(frozen=True)
class ReanchorSummary:
    """The stored part of a report (no content): for "what changed" after the fact."""

    document_id: str
    from_version: int | None
    to_version: int
    changed_pages: tuple[int, ...]
    moved: int
    needs_review: int
