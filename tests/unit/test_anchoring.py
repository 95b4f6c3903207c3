"""Re-anchoring on a revised document: a cover page inserted at the front, one paragraph
rewritten. Highlights land on the same words, the rewritten one needs review, ink follows
its page, and nothing is deleted. Real vault, real PyMuPDF, real import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from anchoring_pdfs import PAGE2, PARA_CHANGED, original_pdf, revised_pdf
from folio_packs import make_pack

from sync import model
from sync.api import Api, only_id
from sync.pdf import anchoring, highlight
from sync.protocol import OpKind
from sync.vault import KdfParams

Rect4 = tuple[float, float, float, float]


def _close(a: tuple[float, ...], b: tuple[float, ...], tol: float = 1.0) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _search(pdf: bytes, page: int, phrase: str) -> list[Rect4]:
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    try:
        return [tuple(r) for r in doc.load_page(page).search_for(phrase)]  # type: ignore[misc]
    finally:
        doc.close()


def test_page_mapping_follows_inserted_and_removed_pages() -> None:
    old = ["intro text here", "budget page words", "appendix one", "appendix two"]
    new = ["cover", "intro text here", "budget page words changed a bit", "appendix two"]
    mapping = anchoring.map_pages(old, new)
    assert mapping == {0: 1, 1: 2, 2: None, 3: 3}
    assert anchoring.changed_pages(old, new) == [0, 2]


def test_exact_quote_uses_prefix_and_suffix_to_pick_the_occurrence() -> None:
    pages = anchoring.document_words(original_pdf())
    words = pages[0]
    texts = [w.text for w in words]
    second = max(i for i, t in enumerate(texts) if t == "vote")
    quote = anchoring.quote_for(words, second, second + 3)
    match = anchoring.find_quote(pages, quote)
    assert match is not None
    assert (match.page, match.first, match.method) == (0, second, "exact")


def test_small_edit_inside_a_quote_is_found_fuzzily() -> None:
    pages = anchoring.document_words(original_pdf())
    quote = model.Quote(exact="harbour budgets of twelve million covers the new", prefix="The ")
    match = anchoring.find_quote(pages, quote, near_pages=[0])
    assert match is not None
    assert match.method == "fuzzy"
    assert match.similarity >= anchoring.FUZZY_THRESHOLD
    assert " ".join(w.text for w in pages[0][match.first : match.last + 1]).startswith("harbour")


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    make_pack(tmp_path / "pack", marker="Anchor", documents=2)
    (tmp_path / "pack" / "doc0.pdf").write_bytes(original_pdf())
    api = Api.create(tmp_path / "data", "1357", kdf=KdfParams.FAST_FOR_TESTS)
    api.import_pack(tmp_path / "pack")
    yield api
    if not api.is_locked:
        api.lock()


def _doc_id(api: Api) -> str:
    meeting = api.get_meeting(api.list_meetings()[0].id)
    return next(d.id for i in meeting.items for d in i.documents if d.filename == "doc0.pdf")


def _highlight(api: Api, doc_id: str, page: int, phrase: str, nth: int = 0) -> str:
    pages = anchoring.document_words(api.document_bytes(doc_id))
    texts = [w.text for w in pages[page]]
    target = phrase.split()
    starts = [i for i in range(len(texts)) if texts[i : i + len(target)] == target]
    first = starts[nth]
    words = pages[page]
    snap = highlight.snap_line(
        words,
        ((words[first].x0 + words[first].x1) / 2, (words[first].y0 + words[first].y1) / 2),
        (
            (words[first + len(target) - 1].x0 + words[first + len(target) - 1].x1) / 2,
            (words[first + len(target) - 1].y0 + words[first + len(target) - 1].y1) / 2,
        ),
    )
    assert snap is not None
    assert snap.text == phrase
    changes = api.add_annotation(
        doc_id, page, model.AnnotationKind.HIGHLIGHT, rects=snap.rects, quote=snap.quote
    )
    return only_id(changes.annotations)


def test_revised_document_carries_marks_over(api: Api, tmp_path: Path) -> None:
    doc_id = _doc_id(api)
    keep = _highlight(api, doc_id, 0, "twelve million covers")
    changed = _highlight(api, doc_id, 0, "lamps along the river")
    repeat = _highlight(api, doc_id, 0, "vote on the proposal", nth=1)
    appendix = _highlight(api, doc_id, 1, "school meals")
    stroke = ((100.0, 300.0, 0.5), (150.0, 320.0, 0.7), (200.0, 310.0, 0.9))
    ink = only_id(
        api.add_annotation(doc_id, 1, model.AnnotationKind.INK, strokes=[stroke]).annotations
    )
    ops_before = len(api.list_ops())
    changed_before = api.get_annotation(changed)

    (tmp_path / "pack" / "doc0.pdf").write_bytes(revised_pdf())
    changes = api.import_pack(tmp_path / "pack")

    revised = revised_pdf()
    assert api.get_document(doc_id).version == 2
    assert {keep, changed, repeat, appendix, ink} <= changes.annotations

    a = api.get_annotation(keep)
    assert (a.page, a.document_version, a.needs_review) == (1, 2, False)
    (want,) = _search(revised, 1, "twelve million covers")
    assert len(a.rects) == 1
    assert _close(a.rects[0], want)

    r = api.get_annotation(repeat)
    hits = _search(revised, 1, "vote on the proposal")
    assert r.page == 1
    assert _close(r.rects[0][:2], hits[1][:2])  # the second occurrence, as before

    b = api.get_annotation(appendix)
    assert b.page == 2
    assert _close(b.rects[0], _search(revised, 2, "school meals")[0])

    i = api.get_annotation(ink)
    assert (i.page, i.strokes, i.needs_review) == (2, (stroke,), False)

    c = api.get_annotation(changed)
    assert c.needs_review
    assert not c.deleted
    assert c.rects == changed_before.rects  # kept as it was, for the reader to look at
    assert c.quote == changed_before.quote
    assert c.document_version == 1

    summary = api.reanchor_summary(doc_id)
    assert summary is not None
    assert (summary.moved, summary.needs_review) == (4, 1)
    assert summary.from_version == 1
    assert summary.to_version == 2
    assert api.changed_pages(doc_id) == [0, 1]

    # Moved annotations travel to the server again; the one needing review does not.
    assert len(api.list_ops()) == ops_before + 4
    moved_ops = {
        str(o.payload["annotation_id"])
        for o in api.list_ops()
        if o.kind == str(OpKind.ANNOTATION_PUT) and o.payload.get("document_version") == 2
    }
    assert moved_ops == {keep, repeat, appendix, ink}

    # The old version's page text is gone once re-anchoring is done.
    assert api.vault.db.query("SELECT count(*) FROM superseded_pages")[0][0] == 0
    # Nothing waits any more; a second run changes nothing.
    again, reports = api.reanchor_pending()
    assert not again
    assert reports == []


def test_report_lists_each_annotation(api: Api) -> None:
    doc_id = _doc_id(api)
    pages = anchoring.document_words(original_pdf())
    keep = highlight.snap_phrase(pages[0], "new quay.")
    lost = highlight.snap_phrase(pages[0], "Street lighting will")
    assert keep is not None
    assert lost is not None
    anns = [
        model.Annotation(
            id=name,
            document_id=doc_id,
            document_version=1,
            page=0,
            kind=model.AnnotationKind.HIGHLIGHT,
            color="#ffff00",
            rects=snap.rects,
            quote=snap.quote,
        )
        for name, snap in (("keep", keep), ("lost", lost))
    ]
    old_texts = [anchoring.page_text(p) for p in pages]
    placed, report = anchoring.reanchor(
        anns,
        anchoring.document_words(revised_pdf()),
        2,
        old_texts=old_texts,
        old_version=1,
        document_id=doc_id,
    )
    assert [r.outcome for r in report.results] == [
        anchoring.Outcome.MOVED,
        anchoring.Outcome.NEEDS_REVIEW,
    ]
    assert [r.method for r in report.results] == ["exact", "none"]
    assert (report.moved, report.needs_review) == (1, 1)
    assert [p.id for p in placed] == ["keep", "lost"]  # nothing dropped
    assert PARA_CHANGED.split()[0] in (placed[1].quote.exact if placed[1].quote else "")
    assert PAGE2 in anchoring.page_text(anchoring.document_words(revised_pdf())[2])


@pytest.mark.log_expect("reanchor.op_refused")  # the refused op is logged, by id
def test_a_mark_whose_op_the_server_would_refuse_moves_without_stopping_reanchoring(
    api: Api, tmp_path: Path
) -> None:
    """A mark stored before add_op checked payloads (here an imported colour longer than
    the server takes) still moves with its document; only its op is left out."""
    doc_id = _doc_id(api)
    odd = _highlight(api, doc_id, 0, "twelve million covers")
    fine = _highlight(api, doc_id, 1, "school meals")
    with api.vault.db.transaction() as cur:
        cur.execute("UPDATE annotations SET color = ? WHERE id = ?", ("#" + "f" * 30, odd))
    ops_before = len(api.list_ops())

    (tmp_path / "pack" / "doc0.pdf").write_bytes(revised_pdf())
    changes = api.import_pack(tmp_path / "pack")

    assert {odd, fine} <= changes.annotations
    assert api.get_annotation(odd).document_version == 2
    assert api.get_annotation(fine).document_version == 2
    moved = [o for o in api.list_ops()[ops_before:] if o.kind == str(OpKind.ANNOTATION_PUT)]
    assert [o.payload["annotation_id"] for o in moved] == [fine]
