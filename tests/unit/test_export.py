"""sync.pdf.export: annotated PDF read back with PyMuPDF, summaries, W3C JSON round trip, policy."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pymupdf
import pytest
from anchoring_pdfs import original_pdf
from folio_packs import make_pack

from sync import model
from sync.api import Api, only_id
from sync.config import policy
from sync.config.effective import EffectivePolicy
from sync.errors import ErrorKind, FolioError
from sync.pdf import anchoring, export, highlight
from sync.vault import KdfParams

STROKE = ((100.0, 400.0, 0.4), (140.0, 430.0, 0.6), (190.0, 415.0, 0.8))


def _close(a: tuple[float, ...], b: tuple[float, ...], tol: float = 1.0) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _policy(data_dir: Path, *, allow_export: bool, watermark: bool = False) -> EffectivePolicy:
    """An effective policy as the composition root would inject it (keys set from the env)."""
    env = {
        "FOLIO_ALLOW_EXPORT": str(allow_export).lower(),
        "FOLIO_WATERMARK": str(watermark).lower(),
    }
    return EffectivePolicy(data_dir, environ=env)


def _reopened(api: Api, policy: EffectivePolicy) -> Api:
    """The same vault behind a second Api holding another effective policy."""
    other = Api.open(api.data_dir, policy=policy)
    other.unlock("1357")
    return other


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    make_pack(tmp_path / "pack", marker="Export", documents=2)
    (tmp_path / "pack" / "doc0.pdf").write_bytes(original_pdf())
    data = tmp_path / "data"
    api = Api.create(
        data, "1357", policy=_policy(data, allow_export=True), kdf=KdfParams.FAST_FOR_TESTS
    )
    api.import_pack(tmp_path / "pack")
    yield api
    if not api.is_locked:
        api.lock()


def _setup(api: Api) -> tuple[str, str, dict[str, str]]:
    meeting = api.get_meeting(api.list_meetings()[0].id)
    doc = next(d for i in meeting.items for d in i.documents if d.filename == "doc0.pdf")
    words = anchoring.document_words(api.document_bytes(doc.id))
    snap = highlight.snap_phrase(words[0], "twelve million covers")
    assert snap is not None
    ids = {
        "highlight": only_id(
            api.add_annotation(
                doc.id,
                0,
                model.AnnotationKind.HIGHLIGHT,
                rects=snap.rects,
                quote=snap.quote,
                color="#ffff00",
            ).annotations
        ),
        "ink": only_id(
            api.add_annotation(
                doc.id, 1, model.AnnotationKind.INK, strokes=[STROKE], color="#ff0000"
            ).annotations
        ),
        "note": only_id(
            api.add_annotation(
                doc.id,
                0,
                model.AnnotationKind.NOTE,
                rects=[(400.0, 300.0, 420.0, 320.0)],
                text="Ask about the quay",
            ).annotations
        ),
        "text": only_id(
            api.add_annotation(
                doc.id,
                1,
                model.AnnotationKind.TEXT,
                rects=[(72.0, 500.0, 300.0, 540.0)],
                text="Free text remark",
            ).annotations
        ),
    }
    return meeting.id, doc.id, ids


def test_annotated_pdf_has_real_annotations_at_the_same_places(api: Api, tmp_path: Path) -> None:
    _meeting_id, doc_id, ids = _setup(api)
    out = tmp_path / "out"
    out.mkdir()
    dest = api.export_annotated_pdf(doc_id, out / "annotated.pdf")
    assert sorted(p.name for p in out.iterdir()) == ["annotated.pdf"]  # no temp file left

    doc = pymupdf.open(dest)
    p0, p1 = doc.load_page(0), doc.load_page(1)  # keep the pages alive while reading annots
    page0 = {a.type[1]: a for a in p0.annots()}
    page1 = {a.type[1]: a for a in p1.annots()}
    assert set(page0) == {"Highlight", "Text"}
    assert set(page1) == {"Ink", "FreeText"}

    hl = api.get_annotation(ids["highlight"])
    verts = page0["Highlight"].vertices
    xs, ys = [v[0] for v in verts], [v[1] for v in verts]
    assert _close((min(xs), min(ys), max(xs), max(ys)), hl.rects[0])
    (phrase,) = p0.search_for("twelve million covers")
    assert _close(hl.rects[0], tuple(phrase))

    ink_points = page1["Ink"].vertices
    assert len(ink_points) == 1
    for got, want in zip(ink_points[0], STROKE, strict=True):
        assert _close(tuple(got), want[:2])

    note = page0["Text"]
    assert note.info["content"] == "Ask about the quay"
    assert _close(tuple(note.rect)[:2], (400.0, 300.0))
    free = page1["FreeText"]
    assert free.info["content"] == "Free text remark"
    assert _close(tuple(free.rect), (72.0, 500.0, 300.0, 540.0))
    doc.close()


def test_policy_watermark_marks_every_page_of_every_export(api: Api, tmp_path: Path) -> None:
    """With policy ``watermark`` the reader's name and the date are on each exported page."""
    meeting_id, doc_id, _ids = _setup(api)
    line = api.watermark_line()
    assert line == f"{api.reader_name()} · {date.today().isoformat()}"

    def page_texts(path: Path) -> list[str]:
        with pymupdf.open(path) as doc:
            return [" ".join(p.get_text().split()) for p in doc]

    plain = api.export_annotated_pdf(doc_id, tmp_path / "plain.pdf")
    assert not any(line in t for t in page_texts(plain))

    api = _reopened(api, _policy(api.data_dir, allow_export=True, watermark=True))
    marked = api.export_annotated_pdf(doc_id, tmp_path / "marked.pdf")
    texts = page_texts(marked)
    assert len(texts) == len(page_texts(plain)) >= 2
    assert all(line in t for t in texts)
    with pymupdf.open(marked) as doc:  # the reader's marks are still real annotations
        assert {a.type[1] for a in doc.load_page(0).annots()} == {"Highlight", "Text"}
        assert not doc.load_page(0).first_widget

    for export_fn in (api.export_notes_summary, api.export_meeting_sheet):
        path = export_fn(meeting_id, tmp_path / f"{export_fn.__name__}.pdf")
        assert all(line in t for t in page_texts(path))


def test_export_refused_when_policy_says_no(api: Api, tmp_path: Path) -> None:
    """The Api enforces ``allow_export`` itself: the facade called directly, no UI."""
    meeting_id, doc_id, _ids = _setup(api)
    api = _reopened(api, _policy(api.data_dir, allow_export=False))
    assert not api.export_allowed()
    calls = [
        lambda: api.export_annotated_pdf(doc_id, tmp_path / "a.pdf"),
        lambda: api.export_notes_summary(meeting_id, tmp_path / "b.pdf"),
        lambda: api.export_meeting_sheet(meeting_id, tmp_path / "c.pdf"),
        lambda: api.export_web_annotations(meeting_id),
        lambda: export.export_web_annotations([], tmp_path / "d.json", allow_export=False),
    ]
    for call in calls:
        with pytest.raises(FolioError) as info:
            call()
        assert info.value.kind is ErrorKind.POLICY
    assert not any(tmp_path.glob("*.pdf"))
    assert not any(tmp_path.glob("*.json"))


def test_a_locked_machine_policy_refuses_export_whatever_the_reader_set(
    api: Api, tmp_path: Path
) -> None:
    """docs/admin.md's fleet policy (``allow_export = false``, locked) as a device meets
    it: the reader had turned export on while IT left the key open, and her environment
    says so too; once IT's file locks it off, every export is refused by the Api itself."""
    meeting_id, doc_id, _ids = _setup(api)
    machine = tmp_path / "policy.toml"  # a development run's stand-in for /etc/folio
    machine.write_text("allow_export = false\n", "utf-8")  # IT's default, not locked
    machine.chmod(0o644)
    open_by_it = EffectivePolicy(api.data_dir, environ={"FOLIO_POLICY": str(machine)})
    policy.save_user_setting(api.data_dir, "allow_export", True, open_by_it.current)
    assert open_by_it.reload().flag("allow_export")  # her setting applied while open
    machine.write_text('allow_export = false\nlocked = ["allow_export"]\n', "utf-8")
    locked = EffectivePolicy(
        api.data_dir, environ={"FOLIO_POLICY": str(machine), "FOLIO_ALLOW_EXPORT": "true"}
    )
    api = _reopened(api, locked)
    assert not api.export_allowed()
    assert locked.current.is_locked("allow_export")
    for call in (
        lambda: api.export_annotated_pdf(doc_id, tmp_path / "a.pdf"),
        lambda: api.export_notes_summary(meeting_id, tmp_path / "b.pdf"),
        lambda: api.export_meeting_sheet(meeting_id, tmp_path / "c.pdf"),
        lambda: api.export_web_annotations(meeting_id),
    ):
        with pytest.raises(FolioError) as info:
            call()
        assert info.value.kind is ErrorKind.POLICY
    assert not any(tmp_path.glob("*.pdf"))


def test_web_annotation_round_trip(api: Api) -> None:
    meeting_id, doc_id, ids = _setup(api)
    before = {a.id: a for a in api.list_annotations(doc_id)}
    data = api.export_web_annotations(meeting_id)
    collection = json.loads(data)
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 4
    hl = next(
        i
        for i in collection["first"]["items"]
        if i["motivation"] == "highlighting" and i["id"].endswith(ids["highlight"])
    )
    quote = next(s for s in hl["target"]["selector"] if s["type"] == "TextQuoteSelector")
    assert quote["exact"] == "twelve million covers"

    # Pure round trip: every field that defines the annotation survives.
    for ann in export.parse_web_annotations(data):
        orig = before[ann.id]
        assert dataclasses.replace(ann, revision=orig.revision) == orig

    # Through the vault: delete everything, import, get the same annotations back.
    for ann_id in ids.values():
        api.delete_annotation(ann_id)
    api.vault.db.execute("DELETE FROM annotations")
    changes = api.import_web_annotations(data)
    assert changes.annotations == set(ids.values())
    after = {a.id: a for a in api.list_annotations(doc_id)}
    for ann_id, orig in before.items():
        got = after[ann_id]
        assert (got.kind, got.page, got.rects, got.strokes, got.text, got.quote, got.color) == (
            orig.kind,
            orig.page,
            orig.rects,
            orig.strokes,
            orig.text,
            orig.quote,
            orig.color,
        )
    assert not api.import_web_annotations(data)  # known ids are skipped


def test_plain_w3c_annotation_from_another_tool(api: Api) -> None:
    _meeting_id, doc_id, _ids = _setup(api)
    plain = {
        "@context": export.W3C_CONTEXT,
        "type": "Annotation",
        "id": "https://example.org/anno/1",
        "motivation": "commenting",
        "body": {"type": "TextualBody", "value": "From elsewhere"},
        "target": {
            "source": export.DOCUMENT_URN + doc_id,
            "selector": [
                {"type": "FragmentSelector", "value": "page=2"},
                {"type": "TextQuoteSelector", "exact": "school meals"},
            ],
        },
    }
    changes = api.import_web_annotations(json.dumps(plain).encode())
    ann = api.get_annotation(only_id(changes.annotations))
    assert (ann.kind, ann.page, ann.text) == (model.AnnotationKind.NOTE, 1, "From elsewhere")
    assert ann.quote == model.Quote("school meals")
    with pytest.raises(FolioError) as info:
        api.import_web_annotations(b"{not json")
    assert info.value.kind is ErrorKind.BAD_INPUT


def test_notes_summary_and_meeting_sheet(api: Api, tmp_path: Path) -> None:
    meeting_id, _doc_id, ids = _setup(api)
    meeting = api.get_meeting(meeting_id)
    item = meeting.items[0]
    api.add_comment("item", item.id, "My comment on the item")
    case = next(c for c in api.list_cases() if c.item_id == item.id)
    api.decide(case.id, model.Decision.APPROVE, "with a remark")
    assert [a.id for _d, a in api.annotations_for_meeting(meeting_id)] == [
        ids["highlight"],
        ids["note"],
        ids["ink"],
        ids["text"],
    ]

    summary = api.export_notes_summary(meeting_id, tmp_path / "notes.pdf")
    text = "".join(p.get_text() for p in pymupdf.open(summary))
    assert "twelve million covers" in text
    assert "Ask about the quay" in text

    sheet = api.export_meeting_sheet(meeting_id, tmp_path / "sheet.pdf")
    text = " ".join("".join(p.get_text() for p in pymupdf.open(sheet)).split())
    for expected in (
        "My comment on the item",
        "Approved",
        "with a remark",
        "Ask about the quay",
        item.title,
    ):
        assert expected in text
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["notes.pdf", "sheet.pdf"]


def test_export_into_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(FolioError) as info:
        export.export_pdf_bytes(b"%PDF", tmp_path / "nope" / "x.pdf", allow_export=True)
    assert info.value.kind is ErrorKind.NOT_FOUND
