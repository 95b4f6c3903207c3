"""Regenerate the example meeting's small PDFs: ``python resources/example-meeting/make_pdfs.py``.

The PDFs are committed too, so ``folio-server publish resources/example-meeting``
works from a fresh clone; this script documents where they come from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf as _pymupdf

pymupdf: Any = _pymupdf  # PyMuPDF's annotations are partial

HERE = Path(__file__).parent

DOCUMENTS = {
    "01-minutes.pdf": ("Minutes of the previous meeting", 2),
    "02-budget.pdf": ("Budget 2027: proposal from the administration", 3),
    "03-school-extension.pdf": ("School extension: case presentation", 2),
    "04-land-purchase.pdf": ("Land purchase (confidential)", 1),
}


def make(title: str, pages: int) -> bytes:
    doc = pymupdf.open()
    for n in range(1, pages + 1):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 90), title, fontsize=16)
        body = (
            f"Page {n} of {pages}. This is example material for Folio's publishing "
            "format. The committee is asked to read the proposal and decide."
        )
        page.insert_textbox(pymupdf.Rect(72, 120, 523, 770), body, fontsize=11)
    data: bytes = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def main() -> None:
    for name, (title, pages) in DOCUMENTS.items():
        (HERE / name).write_bytes(make(title, pages))


if __name__ == "__main__":
    main()
