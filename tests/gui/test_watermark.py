"""Policy ``watermark``: the reader's name and the date drawn over every displayed page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pymupdf  # the test oracle for the exported file
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.settings import SettingsStore
from desktop.tasks import OnFailure
from desktop.viewer.document_viewer import DocumentViewer
from server.demo import DEMO_DISPLAY_NAME
from sync.api import KdfParams
from tests.gui.conftest import SharedDemoServer, SharedDemoSession, start_demo

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(params=["on", "off"])
def app(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    tmp_path: Path,
    qapp: QApplication,
    demo_server: SharedDemoServer,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[str, FolioApp]]:
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text(
        f"watermark = {str(request.param == 'on').lower()}\nallow_export = true\n", "utf-8"
    )
    # The machine policy is process-wide (as /etc/folio/policy.toml is in production).
    monkeypatch.setenv("FOLIO_POLICY", str(policy_file))
    folio = FolioApp(
        qapp,
        data_dir=tmp_path / "data",
        kdf=KdfParams.FAST_FOR_TESTS,
        store=SettingsStore(tmp_path / "data", environ={"FOLIO_POLICY": str(policy_file)}),
        demo_session=SharedDemoSession(demo_server),
    )
    qtbot.addWidget(folio.window)
    folio.window.resize(1280, 820)
    folio.start()
    yield request.param, folio
    folio.shutdown()
    demo_server.after_test()


def _open_annex(qtbot: QtBot, folio: FolioApp) -> DocumentViewer:
    reader = folio.window.reader
    assert reader is not None
    lst = reader.meetings.list
    row = next(i for i in range(lst.count()) if "Børne- og Ungeudvalget" in lst.item(i).text())
    lst.itemActivated.emit(lst.item(row))
    qtbot.waitUntil(lambda: reader.stack.currentWidget() is reader.meeting, timeout=5000)
    item3 = reader.meeting.agenda.topLevelItem(2)
    assert item3 is not None
    annex = item3.child(1)
    reader.meeting.agenda.itemActivated.emit(annex, 0)
    viewer = reader.viewer
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=10000)
    return viewer


def _sharp_grab(qtbot: QtBot, viewer: DocumentViewer) -> QImage:
    """The viewport once every visible page is painted from a complete render."""
    view = viewer.page_view

    def settled() -> bool:
        pages = view.visible_pages()
        night = view.night  # the cache is keyed by night mode
        return (
            bool(pages)
            and view.pending_renders == 0
            and all(view.cache.get((p, view.target_width(p), night)) for p in pages)
        )

    qtbot.waitUntil(settled, timeout=20000)
    view.viewport().repaint()
    return view.viewport().grab().toImage()


def _reader_name(qtbot: QtBot, folio: FolioApp) -> str:
    reader = folio.window.reader
    assert reader is not None
    names: list[str] = []
    reader.runner.vault.submit(
        reader.api.reader_name, names.append, lambda e: names.append(""), failure=OnFailure.SHOW
    )
    qtbot.waitUntil(lambda: bool(names), timeout=5000)
    return names[0]


def test_watermark_follows_policy(
    qtbot: QtBot, app: tuple[str, FolioApp], demo_server: SharedDemoServer, tmp_path: Path
) -> None:
    mode, folio = app
    start_demo(qtbot, folio)
    viewer = _open_annex(qtbot, folio)
    view = viewer.page_view
    name = _reader_name(qtbot, folio)
    # The enrolled demo member's display name as the server sent it at enrollment,
    # not their user name or the device-id fallback.
    assert name == DEMO_DISPLAY_NAME

    # An export made through the app carries the same line exactly when the policy says so.
    reader = folio.window.reader
    assert reader is not None
    assert viewer.document is not None
    ops, doc_id, target = reader._annotation_ops, viewer.document.id, tmp_path / "export.pdf"
    done: list[object] = []
    reader.runner.vault.submit(
        lambda: ops.export_annotated_pdf(doc_id, target),
        done.append,
        done.append,
        failure=OnFailure.SHOW,
    )
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    assert done == [target]
    with pymupdf.open(target) as exported:
        first = " ".join(exported[0].get_text().split())
    assert (f"{name} · {date.today().isoformat()}" in first) is (mode == "on")

    if mode == "off":
        assert view.watermark_text == ""
        before = _sharp_grab(qtbot, viewer)
        viewer.set_watermark(None)
        assert _sharp_grab(qtbot, viewer) == before  # nothing was drawn over the pages
        return

    qtbot.waitUntil(lambda: view.watermark_text != "", timeout=5000)
    assert view.watermark_text == f"{name} · {date.today().isoformat()}"
    for night in (False, True):
        viewer.controls.night_button.setChecked(night)
        marked = _sharp_grab(qtbot, viewer)
        viewer.set_watermark(None)
        assert view.watermark_text == ""
        plain = _sharp_grab(qtbot, viewer)
        assert marked.size() == plain.size()
        assert marked != plain, f"no watermark pixels (night={night})"
        viewer.set_watermark(name)
