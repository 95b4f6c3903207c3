"""PDFs for the annotation tests: known phrases at known places, made with PyMuPDF."""

from __future__ import annotations

import pymupdf

PARA_KEEP = "The harbour budget of twelve million covers the new quay."
PARA_CHANGED = "Street lighting will be replaced with lamps along the river path."
PARA_CHANGED_NEW = "Parking fees rise next spring according to the traffic office plan."
PARA_REPEAT = "First vote on the proposal today, then discuss and vote on the proposal today."
PAGE2 = "Appendix on school meals and the kitchen in the east building."


def _page(doc: pymupdf.Document, lines: list[str]) -> None:
    page = doc.new_page()
    y = 100.0
    for line in lines:
        page.insert_text((72, y), line, fontsize=11)
        y += 40


def original_pdf() -> bytes:
    doc = pymupdf.open()
    _page(doc, [PARA_KEEP, PARA_CHANGED, PARA_REPEAT])
    _page(doc, [PAGE2])
    data = bytes(doc.tobytes())
    doc.close()
    return data


def revised_pdf() -> bytes:
    """A cover page inserted at the front; the second paragraph rewritten."""
    doc = pymupdf.open()
    _page(doc, ["Cover page of the revised edition", "Prepared by the secretariat"])
    _page(doc, ["A new first line pushes the rest down.", PARA_KEEP, PARA_CHANGED_NEW, PARA_REPEAT])
    _page(doc, [PAGE2])
    data = bytes(doc.tobytes())
    doc.close()
    return data
