"""Search results are grouped by what they are in, each group with its hit count,
and a list cut at the search's limit says so (issue 15)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.screens.search import SearchPage
from sync.model import SearchHit


def _hit(title: str, page: int, kind: str = "document") -> SearchHit:
    return SearchHit(kind, "m1", title, f"the \x02harbour\x03 on page {page}", "d-" + title, page)


def _texts(page: SearchPage) -> list[str]:
    results = page.results
    return [
        str(results.item(i).data(Qt.ItemDataRole.AccessibleTextRole))
        for i in range(results.count())
    ]


def test_hits_are_grouped_by_document_with_their_counts(qtbot: QtBot) -> None:
    page = SearchPage()
    qtbot.addWidget(page)
    hits = [_hit("Budget", 9), _hit("Annex", 1), _hit("Budget", 3)]
    page.show_results("harbour", hits, {"m1": "Finance"})
    texts = _texts(page)
    assert texts[0].startswith("Budget — Document · Finance · 2 hit")  # (no translator here)
    assert texts[1].startswith("Budget — page 4")  # in page order, not rank order
    assert texts[2].startswith("Budget — page 10")
    assert texts[3].startswith("Annex — Document · Finance · 1 hit")
    assert texts[4].startswith("Annex — page 2")
    assert page.summary.text().startswith("3 result")
    # the heading is not a hit: the first hit is chosen, and a heading opens nothing
    assert page.results.currentRow() == 1
    assert not page.results.item(0).flags() & Qt.ItemFlag.ItemIsSelectable
    opened: list[SearchHit] = []
    page.hit_activated.connect(opened.append)
    page.results.itemActivated.emit(page.results.item(0))
    page.results.itemActivated.emit(page.results.item(4))
    assert opened == [hits[1]]


def test_a_list_cut_at_the_limit_says_so(qtbot: QtBot) -> None:
    page = SearchPage()
    qtbot.addWidget(page)
    page.show_results("harbour", [_hit("Budget", n) for n in range(5)], {}, limit=5)
    assert "first 5 results" in page.summary.text()
    page.show_results("harbour", [_hit("Budget", n) for n in range(4)], {}, limit=5)
    assert page.summary.text().startswith("4 result")
