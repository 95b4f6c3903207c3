"""Test PDFs and publishing folders (meeting packs), one definition for every suite.

PDFs are pure functions of their arguments and come back as immutable bytes, so each
distinct one is built once per session (``functools.cache``) however many tests ask.
"""

from __future__ import annotations

import functools
import json
import uuid
from pathlib import Path
from typing import Any


@functools.cache
def pdf_bytes(text: str, pages: int = 1, filler: int = 0) -> bytes:
    """A text PDF: ``"{text} (page n)"`` on each page, plus ``filler`` numbered lines."""
    import pymupdf  # noqa: PLC0415 (suites without PDFs never load it)

    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page()
        y = 72.0
        for line in [
            f"{text} (page {n + 1})",
            *(f"filler {n}-{i} {i * 7919}" for i in range(filler)),
        ]:
            page.insert_text((72, y), line, fontsize=9)
            y += 11
            if y > 780:
                break
    data = bytes(doc.tobytes())
    doc.close()
    return data


def write_meeting(
    folder: Path,
    committee: str,
    items: list[dict[str, Any]],
    *,
    key: str | None = None,
    title: str = "Test meeting",
    start: str = "2030-01-01T17:00:00+01:00",
) -> Path:
    """A publishing folder. Each item: number, title, closed, needs_decision, proposal,
    deadline, docs = {file: text or bytes}."""
    folder.mkdir(parents=True, exist_ok=True)
    desc: dict[str, Any] = {
        "id": key or f"meeting-{uuid.uuid4().hex[:8]}",
        "committee": committee,
        "title": title,
        "start": start,
        "location": "Room 1",
        "language": "en",
        "items": [],
    }
    for it in items:
        docs = []
        for file, content in it.get("docs", {}).items():
            data = content if isinstance(content, bytes) else pdf_bytes(content)
            (folder / file).write_bytes(data)
            docs.append({"file": file, "title": file})
        entry: dict[str, Any] = {
            "number": it["number"],
            "title": it.get("title", f"Item {it['number']}"),
            "closed": it.get("closed", False),
            "needs_decision": it.get("needs_decision", False),
            "proposal": it.get("proposal", ""),
            "documents": docs,
        }
        if it.get("deadline"):
            entry["decision_deadline"] = it["deadline"]
        desc["items"].append(entry)
    (folder / "meeting.json").write_text(json.dumps(desc))
    return folder
