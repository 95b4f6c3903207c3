"""Build Folio's demo material: publishing folders (meeting.toml + PDFs).

The PDFs are generated, not committed, so the repository holds no big binaries
and every build is byte-for-byte the same (fixed metadata, no random ids).
Meeting dates are placed relative to ``today`` so the demo always has upcoming
and past meetings.

    python -m resources.demo.build OUT_DIR [--today 2025-01-31]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pymupdf as _pymupdf

# PyMuPDF ships partial annotations (many calls untyped).
pymupdf: Any = _pymupdf

ANNEX_PAGES = 220


def _local_zone() -> tzinfo:
    """The demo organisation sits in Copenhagen; a fixed offset where tzdata is missing."""
    try:
        return ZoneInfo("Europe/Copenhagen")
    except ZoneInfoNotFoundError:
        return timezone(timedelta(hours=1))


LOREM_EN = (
    "The administration recommends that the committee approves the proposal as described. "
    "The budget impact is shown in the table below and is covered within the existing frame. "
    "Consultation with the parties concerned took place in the spring, and their answers "
    "are summarised in the annex. The decision takes effect from the first of next month."
)
LOREM_DA = (
    "Forvaltningen indstiller, at udvalget godkender forslaget som beskrevet. "
    "Den økonomiske konsekvens fremgår af tabellen nedenfor og holdes inden for den "
    "eksisterende ramme. Høringen af de berørte parter fandt sted i foråret, og svarene "
    "er sammenfattet i bilaget. Beslutningen har virkning fra den første i næste måned."
)


@dataclass
class DemoDocument:
    file: str
    title: str
    pages: int
    language: str
    outline: bool = False


@dataclass
class DemoItem:
    number: str
    title: str
    closed: bool = False
    proposal: str = ""
    needs_decision: bool = False
    deadline_days: int | None = None
    documents: list[DemoDocument] = field(default_factory=list)


@dataclass
class DemoMeeting:
    folder: str
    committee: str
    title: str
    days_from_today: int
    hour: int
    location: str
    language: str
    items: list[DemoItem]


def _meetings() -> list[DemoMeeting]:
    return [
        DemoMeeting(
            folder="2-boerne-og-unge",
            committee="Børne- og Ungeudvalget",
            title="Ordinært møde i Børne- og Ungeudvalget",
            days_from_today=6,
            hour=16,
            location="Rådhuset, mødelokale 2",
            language="da",
            items=[
                DemoItem("1", "Godkendelse af dagsorden", proposal="Dagsordenen godkendes."),
                DemoItem(
                    "2",
                    "Budgetopfølgning pr. 31. marts",
                    proposal=(
                        "Forvaltningen indstiller, at budgetopfølgningen tages til efterretning."
                    ),
                    documents=[DemoDocument("budget.pdf", "Budgetopfølgning", 6, "da")],
                ),
                DemoItem(
                    "3",
                    "Ny skolestruktur - høringssvar",
                    proposal=(
                        "Forvaltningen indstiller, at udvalget godkender den nye skolestruktur."
                    ),
                    needs_decision=True,
                    deadline_days=4,
                    documents=[
                        DemoDocument("skolestruktur.pdf", "Sagsfremstilling", 4, "da"),
                        DemoDocument(
                            "bilag-hoeringssvar.pdf",
                            "Bilag: samlede høringssvar",
                            ANNEX_PAGES,
                            "da",
                            outline=True,
                        ),
                    ],
                ),
                DemoItem(
                    "4",
                    "Personalesag",
                    closed=True,
                    proposal="Sagen behandles for lukkede døre.",
                    documents=[DemoDocument("personalesag.pdf", "Notat (fortroligt)", 2, "da")],
                ),
                DemoItem("5", "Eventuelt"),
            ],
        ),
        DemoMeeting(
            folder="1-finance",
            committee="Finance Committee",
            title="Finance Committee - monthly meeting",
            days_from_today=2,
            hour=9,
            location="Town Hall, room 101",
            language="en",
            items=[
                DemoItem("1", "Approval of the agenda", proposal="The agenda is approved."),
                DemoItem(
                    "2",
                    "Quarterly accounts",
                    proposal="The committee takes the quarterly accounts into account.",
                    documents=[DemoDocument("accounts.pdf", "Quarterly accounts", 8, "en")],
                ),
                DemoItem(
                    "3",
                    "Grant for the harbour bath",
                    proposal="The administration recommends a grant of 1.2 million.",
                    needs_decision=True,
                    deadline_days=1,
                    documents=[DemoDocument("harbour-bath.pdf", "Case presentation", 3, "en")],
                ),
                DemoItem(
                    "4",
                    "Contract negotiation with supplier",
                    closed=True,
                    proposal="Discussed behind closed doors.",
                    needs_decision=True,
                    deadline_days=3,
                    documents=[DemoDocument("contract.pdf", "Negotiation memo", 2, "en")],
                ),
            ],
        ),
        DemoMeeting(
            folder="3-planning-past",
            committee="Planning Committee",
            title="Planning Committee",
            days_from_today=-12,
            hour=17,
            location="Town Hall, council chamber",
            language="en",
            items=[
                DemoItem("1", "Approval of the agenda", proposal="The agenda is approved."),
                DemoItem(
                    "2",
                    "Local plan for the old station area",
                    proposal="The committee sends the local plan to public consultation.",
                    documents=[DemoDocument("local-plan.pdf", "Local plan draft", 12, "en", True)],
                ),
            ],
        ),
    ]


def build_pdf(doc_spec: DemoDocument, meeting_title: str) -> bytes:
    """A deterministic PDF: headings, body text, page numbers and an optional outline."""
    body = LOREM_DA if doc_spec.language == "da" else LOREM_EN
    page_word = "Side" if doc_spec.language == "da" else "Page"
    section_word = "Afsnit" if doc_spec.language == "da" else "Section"
    pdf = pymupdf.open()
    toc: list[list[object]] = []
    for index in range(doc_spec.pages):
        page = pdf.new_page(width=595, height=842)  # A4 in points
        number = index + 1
        if index == 0:
            page.insert_text((56, 80), doc_spec.title, fontsize=22, fontname="helv")
            page.insert_text((56, 106), meeting_title, fontsize=12, fontname="helv")
            y = 150.0
        else:
            y = 80.0
        if doc_spec.outline and index % 10 == 0:
            heading = f"{section_word} {index // 10 + 1}"
            page.insert_text((56, y), heading, fontsize=16, fontname="hebo")
            toc.append([1, heading, number])
            y += 30
        box = pymupdf.Rect(56, y, 539, 760)
        text = "\n\n".join(f"{body} ({section_word.lower()} {number}.{p + 1})" for p in range(4))
        page.insert_textbox(box, text, fontsize=11, fontname="helv")
        page.draw_rect(pymupdf.Rect(56, 770, 539, 771), color=(0.6, 0.6, 0.6), fill=(0.6, 0.6, 0.6))
        page.insert_text(
            (270, 800), f"{page_word} {number} / {doc_spec.pages}", fontsize=9, fontname="helv"
        )
    if toc:
        pdf.set_toc(toc)
    pdf.set_metadata(
        {
            "title": doc_spec.title,
            "author": "Folio demo",
            "creator": "Folio demo builder",
            "producer": "Folio demo builder",
            "creationDate": "D:20250101000000Z",
            "modDate": "D:20250101000000Z",
        }
    )
    data = pdf.tobytes(garbage=3, deflate=True, no_new_id=True)
    pdf.close()
    return bytes(data)


def _toml_str(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def meeting_toml(meeting: DemoMeeting, today: date) -> str:
    day = today + timedelta(days=meeting.days_from_today)
    start = datetime.combine(day, time(meeting.hour, 0), tzinfo=_local_zone())
    lines = [
        f"committee = {_toml_str(meeting.committee)}",
        f"title = {_toml_str(meeting.title)}",
        f"start = {_toml_str(start.isoformat())}",
        f"location = {_toml_str(meeting.location)}",
        f"language = {_toml_str(meeting.language)}",
    ]
    for item in meeting.items:
        lines += [
            "",
            "[[items]]",
            f"number = {_toml_str(item.number)}",
            f"title = {_toml_str(item.title)}",
            f"closed = {'true' if item.closed else 'false'}",
            f"proposal = {_toml_str(item.proposal)}",
            f"needs_decision = {'true' if item.needs_decision else 'false'}",
        ]
        if item.deadline_days is not None:
            deadline = datetime.combine(
                today + timedelta(days=item.deadline_days), time(12, 0), tzinfo=_local_zone()
            )
            lines.append(f"decision_deadline = {_toml_str(deadline.isoformat())}")
        docs = ", ".join(
            f"{{file = {_toml_str(d.file)}, title = {_toml_str(d.title)}}}" for d in item.documents
        )
        lines.append(f"documents = [{docs}]")
    return "\n".join(lines) + "\n"


def build(out_dir: Path, today: date | None = None) -> list[Path]:
    """Write one publishing folder per demo meeting into ``out_dir``; return the folders."""
    today = today or date.today()
    out_dir.mkdir(parents=True, exist_ok=True)
    folders: list[Path] = []
    for meeting in _meetings():
        folder = out_dir / meeting.folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "meeting.toml").write_text(meeting_toml(meeting, today), encoding="utf-8")
        for item in meeting.items:
            for doc_spec in item.documents:
                (folder / doc_spec.file).write_bytes(build_pdf(doc_spec, meeting.title))
        folders.append(folder)
    return folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build Folio's demo publishing folders.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    for folder in build(args.out_dir, args.today):
        print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
