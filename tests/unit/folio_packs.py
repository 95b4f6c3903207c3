"""Publishing folders for tests: real PDFs made with PyMuPDF, a meeting.toml beside them."""

from __future__ import annotations

from pathlib import Path

import pymupdf


def make_pdf(lines: list[str], *, pages: int = 1, filler: int = 0) -> bytes:
    """A real PDF whose pages carry ``lines`` (plus ``filler`` lines of varied text)."""
    doc = pymupdf.open()
    for p in range(pages):
        page = doc.new_page()
        y = 72.0
        for line in [
            *lines,
            *(f"page {p} line {i} filler number {i * 7919 % 1000}" for i in range(filler)),
        ]:
            page.insert_text((72, y), line, fontsize=9)
            y += 11
            if y > 780:
                break
    data = doc.tobytes(deflate=True)
    doc.close()
    return bytes(data)


def make_pack(
    folder: Path,
    *,
    marker: str = "zebrafish",
    documents: int = 3,
    title: str = "Budget meeting",
    start: str = "2031-03-04T18:00:00+01:00",
    pages: int = 2,
    filler: int = 30,
) -> dict[str, bytes]:
    """Write a publishing folder; returns {file name: PDF bytes}."""
    folder.mkdir(parents=True, exist_ok=True)
    pdfs: dict[str, bytes] = {}
    items = []
    for i in range(documents):
        name = f"doc{i}.pdf"
        pdfs[name] = make_pdf(
            [
                f"Document {i} about the {marker} project",
                f"{marker} appendix {i}",
                f"solo{i}{marker}",
            ],
            pages=pages,
            filler=filler,
        )
        (folder / name).write_bytes(pdfs[name])
        closed = "true" if i == documents - 1 else "false"
        decision = "true" if i == 0 else "false"
        items.append(
            f"""
[[items]]
number = "{i + 1}"
title = "Item {i + 1} on the {marker} plan"
closed = {closed}
proposal = "The committee approves the {marker} plan, part {i + 1}."
needs_decision = {decision}
documents = [{{ file = "{name}", title = "Report {i + 1}" }}]
"""
        )
    (folder / "meeting.toml").write_text(
        f"""committee = "Finance committee"
title = "{title}"
start = "{start}"
location = "Town hall"
language = "en"
"""
        + "".join(items),
        encoding="utf-8",
    )
    return pdfs
