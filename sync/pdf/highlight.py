"""Snap a highlighter drag to whole words, as paper readers expect.

The viewer hands in its page's words (``anchoring.Word``, unrotated PDF points,
from ``anchoring.document_words`` or the render worker) and either a drag line
(start and end point, like selecting text) or a rectangle. Out come one rect per
text line covering exactly the chosen words, and the W3C TextQuoteSelector that
re-anchors the highlight on later versions of the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sync import model
from sync.pdf.anchoring import Rect4, Word, line_rects, quote_for

Point = tuple[float, float]


@dataclass(frozen=True)
class Snap:
    rects: tuple[Rect4, ...]  # one per line, unrotated page coordinates
    quote: model.Quote
    first: int  # word indices on the page, inclusive
    last: int

    @property
    def text(self) -> str:
        return self.quote.exact


def _distance(w: Word, x: float, y: float) -> float:
    dx = max(w.x0 - x, 0.0, x - w.x1)
    dy = max(w.y0 - y, 0.0, y - w.y1)
    return float((dx * dx + dy * dy) ** 0.5)


def word_at(words: Sequence[Word], point: Point, *, tolerance: float = 12.0) -> int | None:
    """The word under ``point`` or the nearest within ``tolerance`` points."""
    x, y = point
    best: int | None = None
    best_d = tolerance
    for i, w in enumerate(words):
        d = _distance(w, x, y)
        if d == 0.0:
            return i
        if d <= best_d:
            best, best_d = i, d
    return best


def _snap(words: Sequence[Word], first: int, last: int) -> Snap:
    if first > last:
        first, last = last, first
    return Snap(
        rects=line_rects(words[first : last + 1]),
        quote=quote_for(words, first, last),
        first=first,
        last=last,
    )


def snap_line(
    words: Sequence[Word], start: Point, end: Point, *, tolerance: float = 12.0
) -> Snap | None:
    """A drag from ``start`` to ``end``: every word between the two, in reading order."""
    a = word_at(words, start, tolerance=tolerance)
    b = word_at(words, end, tolerance=tolerance)
    if a is None or b is None:
        return None
    return _snap(words, a, b)


def snap_rect(words: Sequence[Word], rect: Rect4, *, min_overlap: float = 0.5) -> Snap | None:
    """A rectangle: words whose box lies at least ``min_overlap`` inside it, plus those between."""
    x0, y0, x1, y1 = (
        min(rect[0], rect[2]),
        min(rect[1], rect[3]),
        max(rect[0], rect[2]),
        max(rect[1], rect[3]),
    )
    hits: list[int] = []
    for i, w in enumerate(words):
        iw = max(0.0, min(x1, w.x1) - max(x0, w.x0))
        ih = max(0.0, min(y1, w.y1) - max(y0, w.y0))
        area = max((w.x1 - w.x0) * (w.y1 - w.y0), 1e-6)
        if iw * ih / area >= min_overlap:
            hits.append(i)
    if not hits:
        return None
    return _snap(words, hits[0], hits[-1])


def snap_phrase(words: Sequence[Word], phrase: str) -> Snap | None:
    """The first occurrence of ``phrase`` (whole words) on the page, e.g. from find."""
    target = phrase.split()
    n = len(target)
    if not n:
        return None
    texts = [w.text for w in words]
    for i in range(len(texts) - n + 1):
        if texts[i : i + n] == target:
            return _snap(words, i, i + n - 1)
    return None
