"""Publishing real-world PDFs no one here wrote, decompression bombs, and exact errors.

The corpus (tests/integration/pdf_corpus.py) is every PDF in the source
distributions of pypdf and pikepdf, fetched from the package registry.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import pdf_corpus
import pymupdf as _pymupdf
import pytest
from server_harness import Api, Server, write_meeting
from sqlalchemy import func, select

from server import admin
from server.models import AuditEntry, Committee, Document, DocumentVersion, Meeting
from server.publish import publish_folder, report
from sync import protocol as p
from sync.api import Api as DeviceApi
from sync.errors import ErrorKind, FolioError
from sync.publishing.pack_folder import MAX_STREAM_BYTES, check_pdf, read_folder
from sync.vault import KdfParams

pymupdf: Any = _pymupdf  # PyMuPDF is partly untyped
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

# The six files raw MuPDF renders only after repairing them (issue 13 measured them
# refused as "damaged or truncated"), a Chrome-printed page among them.
REPAIRED = {
    "pikepdf-10.17.0/fuzzing/corpus/small.pdf",
    "pikepdf-10.17.0/tests/resources/ctm_cm.pdf",
    "pikepdf-10.17.0/tests/resources/fuzz/378014596.pdf",
    "pypdf-7.1.1/resources/issue-297.pdf",
    "pypdf-7.1.1/resources/selenium-pypdf-issue-177.pdf",
    "pypdf-7.1.1/resources/toy.pdf",
}
_MUPDF_ERRORS = (RuntimeError, ValueError, IndexError, pymupdf.mupdf.FzErrorBase)


@pytest.fixture(scope="module")
def corpus(request: pytest.FixtureRequest) -> dict[str, bytes]:
    return pdf_corpus.load(pdf_corpus.cache_dir(request.config))


def _page0(data: bytes) -> bytes | None:
    """Page 0 rendered by raw PyMuPDF, or None when it cannot open or render it."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
        if doc.needs_pass:
            return None
        pix = doc[0].get_pixmap(dpi=36)
        return bytes(pix.samples) + f"{pix.width}x{pix.height}".encode()
    except _MUPDF_ERRORS:
        return None


REASON = re.compile(
    r"(password-protected|the PDF has no pages|damaged beyond repair.*|"
    r"page \d+ cannot be read.*|truncated PDF.*|decompression bomb: .*)"
)


def test_every_real_world_pdf_pymupdf_renders_is_accepted(corpus: dict[str, bytes]) -> None:
    assert len(corpus) == 133
    wrong: list[str] = []
    reasons: Counter[str] = Counter()
    repaired: set[str] = set()
    for name, data in sorted(corpus.items()):
        raw = _page0(data)
        try:
            checked = check_pdf(name, data)
        except FolioError as exc:
            reason = exc.detail.removeprefix(f"{name}: ")
            if raw is not None:
                wrong.append(f"{name}: MuPDF renders it, refused: {reason}")
            elif exc.kind is not ErrorKind.BAD_INPUT or not REASON.fullmatch(reason):
                wrong.append(f"{name}: refused without a named reason: {exc.detail}")
            reasons[reason] += 1
            continue
        if raw is None:
            wrong.append(f"{name}: accepted, but raw MuPDF cannot render page 0")
            continue
        if not checked.repaired:
            assert checked.data is data  # published exactly as given
            continue
        repaired.add(name)
        again = pymupdf.open(stream=checked.data, filetype="pdf")
        if again.is_repaired or again.page_count != checked.pages:
            wrong.append(f"{name}: the rewrite is not clean")
        if _page0(checked.data) != raw:
            wrong.append(f"{name}: the rewrite's first page differs from the original's")
    assert wrong == []
    assert repaired == REPAIRED
    # What is refused is what no reader shows without more: passwords, no pages at all.
    assert reasons == {"password-protected": 12, "the PDF has no pages": 2}


def _zeros_deflated(size: int) -> bytes:
    """A zlib stream of ``size`` zero bytes (a multiple of 1 MiB), made in milliseconds.

    After a full flush the compressor's output for another MiB of zeros repeats
    byte for byte; the Adler-32 of n zero bytes is (n mod 65521) << 16 | 1.
    """
    mib = bytes(1024 * 1024)
    c = zlib.compressobj(9)
    first = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush()[:-4] + ((size % 65521) << 16 | 1).to_bytes(4, "big")
    return first + again * (size // len(mib) - 1) + end


def _pdf_with_content(stream: bytes, filters: bytes) -> bytes:
    """A valid one-page PDF (xref table, trailer) whose page content is ``stream``."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d /Filter %s >>\nstream\n%s\nendstream" % (len(stream), filters, stream),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _folder(tmp_path: Path, files: dict[str, bytes], **extra: Any) -> Path:
    folder = tmp_path / "m"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    desc = {
        "committee": "Board",
        "title": "Meeting",
        "start": "2030-01-01T17:00:00+01:00",
        "items": [{"number": "1", "title": "One", "documents": list(files)}],
        **extra,
    }
    (folder / "meeting.json").write_text(json.dumps(desc))
    return folder


BOMB = MAX_STREAM_BYTES + 1024 * 1024


@pytest.mark.parametrize("nested", [False, True], ids=["flate", "flate-in-flate"])
def test_a_decompression_bomb_is_refused_by_the_limit(tmp_path: Path, nested: bool) -> None:
    stream, filters = _zeros_deflated(BOMB), b"/FlateDecode"
    if nested:
        stream, filters = zlib.compress(stream, 9), b"[/FlateDecode /FlateDecode]"
    bomb = _pdf_with_content(stream, filters)
    assert len(bomb) < 400_000
    doc = pymupdf.open(stream=bomb, filetype="pdf")
    assert doc.page_count == 1
    assert not doc.is_repaired  # a valid PDF: refused by the limit, not as damage
    with pytest.raises(FolioError) as info:
        read_folder(_folder(tmp_path, {"bomb.pdf": bomb}))
    assert info.value.kind is ErrorKind.BAD_INPUT
    assert info.value.detail == (
        "bomb.pdf: decompression bomb: object 4 inflates past the 256 MiB limit for one stream"
    )


def test_a_large_stream_within_the_limit_is_accepted(tmp_path: Path) -> None:
    fine = _pdf_with_content(_zeros_deflated(16 * 1024 * 1024), b"/FlateDecode")
    spec = read_folder(_folder(tmp_path, {"fine.pdf": fine}))
    doc = spec.items[0].documents[0]
    assert (doc.pages, doc.repaired, doc.read()) == (1, False, fine)


DESCRIPTION_ERRORS = [
    ({"start": None}, "meeting: 'start' is missing"),
    ({"committee": None}, "meeting: 'committee' is missing"),
    ({"committee": 7}, "meeting: 'committee' must be a text, not a number"),
    ({"title": "  "}, "meeting: 'title' is empty"),
    (
        {"start": "next tuesday"},
        "meeting: 'start': 'next tuesday' is not an ISO 8601 date and time",
    ),
    ({"start": "2030-01-01T17:00"}, "meeting: 'start': add a timezone offset (e.g. +01:00)"),
    (
        {"strat": "2030-01-01T17:00:00+01:00"},
        "meeting: unknown key 'strat' (did you mean 'start'?)",
    ),
    (
        {"venue": "Hall"},
        "meeting: unknown key 'venue' (known keys: id, committee, title, start, "
        "location, language, items)",
    ),
    ({"items": None}, "meeting: 'items' is missing"),
    ({"id": " "}, "meeting: 'id' is empty"),
    (
        {"items": [{"number": "1", "title": "One", "closed": "yes"}]},
        "item 1: 'closed' must be true or false, not a text",
    ),
    (
        {"items": [{"number": "1", "title": "One", "needs_descision": True}]},
        "item 1: unknown key 'needs_descision' (did you mean 'needs_decision'?)",
    ),
    (
        {"items": [{"number": "1", "title": "One", "decision_deadline": "soon"}]},
        "item 1: 'decision_deadline': 'soon' is not an ISO 8601 date and time",
    ),
    ({"items": [{"number": "2"}]}, "item 2: 'title' is missing"),
    (
        {
            "items": [
                {"number": "1", "title": "One", "documents": [{"file": "a.pdf", "tilte": "A"}]}
            ]
        },
        "item 1: a.pdf: unknown key 'tilte' (did you mean 'title'?)",
    ),
]


@pytest.mark.parametrize(("change", "message"), DESCRIPTION_ERRORS)
def test_description_errors_name_the_problem(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    folder = _folder(tmp_path, {})
    desc = json.loads((folder / "meeting.json").read_text())
    desc.update(change)
    desc = {k: v for k, v in desc.items() if v is not None}
    (folder / "meeting.json").write_text(json.dumps(desc))
    with pytest.raises(FolioError) as info:
        read_folder(folder)
    assert info.value.detail == message


def _counts(server: Server) -> tuple[int, ...]:
    with server.ctx.sessions() as s:
        blobs = sum(1 for f in (server.data_dir / "blobs").rglob("*") if f.is_file())
        return (
            *(
                s.scalar(select(func.count()).select_from(t)) or 0
                for t in (Committee, Meeting, Document, DocumentVersion, AuditEntry)
            ),
            blobs,
        )


@pytest.mark.postgres
def test_repaired_pdfs_publish_as_their_clean_rewrite_after_a_dry_run_that_stores_nothing(
    server: Server, corpus: dict[str, bytes], tmp_path: Path
) -> None:
    committee, member = server.unique("new-committee"), server.user()
    files = {Path(name).name: corpus[name] for name in sorted(REPAIRED)}
    files["crazyones.pdf"] = corpus["pypdf-7.1.1/resources/crazyones.pdf"]
    folder = write_meeting(tmp_path / "m", committee, [{"number": "1", "docs": files}])
    desc = json.loads((folder / "meeting.json").read_text())
    desc["items"].append({"number": "2", "title": "Two", "needs_decision": True})
    (folder / "meeting.json").write_text(json.dumps(desc))
    repaired_lines = sorted(
        f"{Path(name).name}: repaired (MuPDF had to rebuild it); the repaired copy is what "
        for name in REPAIRED
    )

    before = _counts(server)
    dry = server.cli("publish", "--dry-run", str(folder))
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert lines[0] == (
        "dry run, nothing stored: meeting (new) version 1: 7 documents, 7 new versions, 0 withdrawn"
    )
    assert f"committee: {committee} (would be created)" in lines
    assert "item 2: Two (needs a decision)" in lines
    assert any(line.startswith("  toy.pdf: 'toy.pdf', 1 pages, ") for line in lines)
    assert sorted(line.removesuffix("would be published") for line in lines[-6:]) == (
        repaired_lines
    )
    assert _counts(server) == before  # no committee, meeting, document, audit row or blob

    published = server.cli("publish", str(folder))
    assert published.returncode == 0, published.stderr
    lines = published.stdout.splitlines()
    assert lines[0].endswith(": 7 documents, 7 new versions, 0 withdrawn")
    assert lines[1] == f"created committee '{committee}'"
    assert sorted(line.removesuffix("was published") for line in lines[2:]) == repaired_lines
    meeting_id = lines[0].split()[2]
    admin.add_member(server.ctx, committee, member)
    api = Api(server.url).enroll(member)
    raw = api.get(f"/v1/meetings/{meeting_id}/manifest").json()
    key = api.enrollment["server_public_key"]
    manifest = p.verify_manifest(p.SignedManifest.from_json(raw), key)
    for doc in manifest.documents:
        body = api.get(f"/v1/documents/{doc.sha256}").content
        assert hashlib.sha256(body).hexdigest() == doc.sha256
        if doc.filename == "crazyones.pdf":
            assert body == files[doc.filename]  # a sound file is published as given
            continue
        assert body != files[doc.filename]
        assert not pymupdf.open(stream=body, filetype="pdf").is_repaired
        assert _page0(body) == _page0(files[doc.filename])
    api.close()

    # Again in-process (the CLI prints report() of this same result): one changed file.
    (folder / "crazyones.pdf").write_bytes(corpus["pypdf-7.1.1/resources/hello-world.pdf"])
    before = _counts(server)
    again = publish_folder(server.ctx, folder, dry_run=True)
    assert report(again)[0] == (
        f"dry run, nothing stored: meeting {meeting_id} version 2: 7 documents, "
        "1 new versions, 0 withdrawn"
    )
    (folder / "crazyones.pdf").write_bytes(b"%PDF-1.7\nnothing else")
    with pytest.raises(FolioError) as info:
        publish_folder(server.ctx, folder, dry_run=True)
    assert info.value.detail == "crazyones.pdf: damaged beyond repair (MuPDF cannot open it)"
    assert _counts(server) == before


def test_the_device_importer_stores_the_same_rewrite_once(
    corpus: dict[str, bytes], tmp_path: Path
) -> None:
    toy = corpus["pypdf-7.1.1/resources/toy.pdf"]
    folder = _folder(tmp_path, {"toy.pdf": toy})
    published = check_pdf("toy.pdf", toy).data  # what the server publishes
    api = DeviceApi.create(tmp_path / "device", "1357", kdf=KdfParams.FAST_FOR_TESTS)
    try:
        api.import_pack(folder)
        doc = api.get_meeting(api.list_meetings()[0].id).items[0].documents[0]
        assert api.document_bytes(doc.id) == published
        assert doc.sha256 == hashlib.sha256(published).hexdigest()
        api.import_pack(folder)  # the rewrite is the same bytes: no new version
        assert api.get_meeting(doc.meeting_id).items[0].documents[0].version == doc.version == 1
    finally:
        api.lock()


def _three_pages(**save: Any) -> bytes:
    doc = pymupdf.open()
    for n in range(3):
        doc.new_page().insert_text((72, 72), f"page {n + 1} of the minutes")
    data: bytes = doc.tobytes(**save)
    return data


@pytest.mark.parametrize(
    "save", [{}, {"deflate": True, "use_objstms": True, "garbage": 1}], ids=["plain", "compressed"]
)
def test_a_cut_off_pdf_is_refused_or_published_whole(save: dict[str, Any]) -> None:
    """Whatever the cut, never a published document with a page silently lost."""
    whole = _three_pages(**save)
    repaired, refused = 0, []
    for cut in range(16, len(whole), 3):
        try:
            checked = check_pdf("cut.pdf", whole[:cut])
        except FolioError as exc:
            refused.append(exc.detail.removeprefix("cut.pdf: "))
            continue
        repaired += checked.repaired
        doc = pymupdf.open(stream=checked.data, filetype="pdf")
        texts = [page.get_text().strip() for page in doc]
        assert texts == [f"page {n} of the minutes" for n in (1, 2, 3)], cut
    assert repaired > 0  # a file missing only its cross-reference table is repaired
    assert [reason for reason in refused if not REASON.fullmatch(reason)] == []
