"""sync.pdf.highlight: a drag snaps to whole words; rects match PyMuPDF's own phrase search."""

from __future__ import annotations

import pymupdf
import pytest
from anchoring_pdfs import PARA_REPEAT, original_pdf

from sync.pdf import anchoring, highlight


def _close(a: tuple[float, ...], b: tuple[float, ...], tol: float = 0.5) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _page(pdf: bytes, index: int = 0) -> tuple[pymupdf.Document, pymupdf.Page]:
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    return doc, doc.load_page(index)


def test_drag_over_a_phrase_covers_exactly_its_words() -> None:
    pdf = original_pdf()
    doc, page = _page(pdf)
    words = anchoring.words_of_page(page)
    (expected,) = page.search_for("twelve million covers")
    # Drag from inside "twelve" to inside "covers" (not on their edges).
    start = (expected.x0 + 3, (expected.y0 + expected.y1) / 2)
    end = (expected.x1 - 3, (expected.y0 + expected.y1) / 2)
    snap = highlight.snap_line(words, start, end)
    assert snap is not None
    assert snap.text == "twelve million covers"
    assert len(snap.rects) == 1
    assert _close(snap.rects[0], tuple(expected))
    assert snap.quote.prefix.endswith("budget of ")
    assert snap.quote.suffix.startswith(" the new quay.")
    doc.close()


def test_phrase_over_two_lines_gives_one_rect_per_line() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "alpha beta gamma delta", fontsize=12)
    page.insert_text((72, 116), "epsilon zeta eta theta", fontsize=12)
    pdf = bytes(doc.tobytes())
    doc.close()
    doc, page = _page(pdf)
    words = anchoring.words_of_page(page)
    snap = highlight.snap_phrase(words, "gamma delta epsilon zeta")
    assert snap is not None
    expected = page.search_for("gamma delta epsilon zeta")
    assert len(expected) == len(snap.rects) == 2
    for got, want in zip(snap.rects, expected, strict=True):
        assert _close(got, tuple(want))
    doc.close()


def test_rectangle_snaps_to_the_words_inside() -> None:
    doc, page = _page(original_pdf())
    words = anchoring.words_of_page(page)
    (hit,) = page.search_for("harbour budget")
    snap = highlight.snap_rect(words, (hit.x0 + 2, hit.y0 - 2, hit.x1 - 2, hit.y1 + 2))
    assert snap is not None
    assert snap.text == "harbour budget"
    assert _close(snap.rects[0], tuple(hit))
    assert highlight.snap_rect(words, (500, 700, 520, 720)) is None
    doc.close()


def test_repeated_phrase_quotes_differ_by_context() -> None:
    doc, page = _page(original_pdf())
    words = anchoring.words_of_page(page)
    first_hit, second_hit = page.search_for("vote on the proposal")
    mid = lambda r: ((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2)  # noqa: E731
    a = highlight.snap_line(
        words, (first_hit.x0 + 1, mid(first_hit)[1]), (first_hit.x1 - 1, mid(first_hit)[1])
    )
    b = highlight.snap_line(
        words, (second_hit.x0 + 1, mid(second_hit)[1]), (second_hit.x1 - 1, mid(second_hit)[1])
    )
    assert a is not None
    assert b is not None
    assert a.text == b.text == "vote on the proposal"
    assert a.quote.prefix != b.quote.prefix
    assert a.text in PARA_REPEAT
    assert _close(b.rects[0][:2], (second_hit.x0, second_hit.y0))
    doc.close()


def test_nothing_near_the_drag_gives_none() -> None:
    doc, page = _page(original_pdf())
    words = anchoring.words_of_page(page)
    assert highlight.snap_line(words, (10, 10), (20, 20)) is None
    doc.close()


@pytest.mark.parametrize("phrase", ["missing words here", ""])
def test_unknown_phrase_gives_none(phrase: str) -> None:
    doc, page = _page(original_pdf())
    assert highlight.snap_phrase(anchoring.words_of_page(page), phrase) is None
    doc.close()
