"""Run by test_scaling.py in a child process with QT_SCALE_FACTOR set (Qt reads it once).

Not collected on its own (the name does not start with ``test_``). Opens a real
document in the real viewer at the scale the parent chose and checks what 150 %
and 200 % displays need: pages rendered at the device's own pixels (sharp, not
a blown-up 100 % render) and touch targets still at least 9 mm on the glass.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from desktop.ops.annotate import AnnotationOps
from desktop.ops.reading import BookmarkOps
from desktop.tasks import TaskRunner
from desktop.viewer.document_viewer import DocumentViewer
from desktop.widgets.ui import TOUCH_MM
from sync.api import Api
from sync.vault.keys import KdfParams
from tests.gui.test_annotate import call
from tests.unit.folio_packs import make_pack

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def test_viewer_at_this_scale(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    factor = float(os.environ["QT_SCALE_FACTOR"])
    runner = TaskRunner()
    make_pack(tmp_path / "pack", documents=1, pages=3)

    def make() -> tuple[Api, Any]:
        api = Api.create(tmp_path / "data", "2468", kdf=KdfParams.FAST_FOR_TESTS)
        api.import_pack(tmp_path / "pack")
        return api, api.list_documents()[0]

    api, doc = call(qtbot, runner, make)
    viewer = DocumentViewer(
        runner, api.document_bytes, BookmarkOps(api), annotations=AnnotationOps(api)
    )
    qtbot.addWidget(viewer)
    viewer.resize(1000, 700)
    viewer.show()
    qtbot.waitExposed(viewer)
    view = viewer.page_view
    assert view.devicePixelRatioF() == factor

    viewer.open_document(doc)
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=20000)
    viewer.controls.fit_width.click()

    def sharp_image() -> Any:
        # Asked afresh each time: a scroll bar appearing changes the fit-width zoom.
        target = view.target_width(0)  # a test-only peek: the cache key the view paints from
        return view.cache.get((0, target, False)) if view.pending_renders == 0 else None

    qtbot.waitUntil(lambda: sharp_image() is not None, timeout=20000)
    image = sharp_image()
    assert image is not None
    logical = view.page_rect(0).width()
    # One rendered pixel per device pixel: 1.5x / 2x the logical width, not an upscale.
    assert abs(image.width() - logical * factor) <= 2, (image.width(), logical, factor)

    screen = viewer.screen()
    physical_dpi = screen.logicalDotsPerInch() * factor
    for button in viewer.findChildren(QToolButton):
        if button.isVisible():
            mm = button.height() * factor / physical_dpi * 25.4
            assert mm >= TOUCH_MM - 0.1, (button.text(), mm)

    SHOTS.mkdir(parents=True, exist_ok=True)
    viewer.grab().save(str(SHOTS / f"viewer-scale-{round(factor * 100)}.png"))
    viewer.close_document()
    runner.shutdown()
    _on_vault_free(api)


def _on_vault_free(api: Api) -> None:
    """The runner is gone; lock on this thread so the vault is closed before tmp cleanup."""
    if not api.is_locked:
        api.lock()
