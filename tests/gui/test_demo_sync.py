"""The demo is the real product: server on loopback -> enroll -> sync -> a comment travels.

Demo start -> meetings visible (downloaded and verified by the engine) -> a comment
written while the server is unreachable shows as waiting and the status line says
offline -> the server is back, "Sync now" -> the comment is confirmed, 0 waiting.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.tasks import OnFailure
from sync.errors import ErrorKind, FolioError
from sync.model import DocumentState, OpState
from tests.gui.conftest import start_demo

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _on_vault(qtbot: QtBot, folio: FolioApp, fn: Any) -> Any:
    """Run ``fn`` on the vault lane (where the Api lives) and wait for its result."""
    box: list[Any] = []
    folio.runner.vault.submit(fn, box.append, failure=OnFailure.LOG)
    qtbot.waitUntil(lambda: bool(box), timeout=10000)
    return box[0]


def test_demo_syncs_with_the_server_and_a_comment_written_offline_is_confirmed(
    qtbot: QtBot, folio: FolioApp
) -> None:
    start_demo(qtbot, folio)
    w = folio.window
    assert w.demo_session.path == "server"
    server = w.demo_session.server
    assert server is not None
    qtbot.waitUntil(lambda: w.sync.running, timeout=5000)
    api = w.api
    assert api is not None
    reader = w.reader
    assert reader is not None

    # The engine downloaded and verified every demo document.
    docs = _on_vault(qtbot, folio, api.list_documents)
    assert docs
    assert all(d.state is DocumentState.VERIFIED for d in docs)
    status = _on_vault(qtbot, folio, api.sync_status)
    assert status.enrolled
    assert status.server_url == server.url
    assert status.last_sync_at is not None

    # Offline: the server stops answering; a comment is written on the device.
    server.pause()
    item_id = next(d.item_id for d in docs if d.item_id)
    with qtbot.waitSignal(w.sync.round_finished, timeout=30000) as failed_round:
        folio.runner.command(
            lambda: api.add_comment("item", item_id, "Offline remark"), failure=OnFailure.LOG
        )
    assert not failed_round.args[0].ok
    qtbot.waitUntil(lambda: "1 change" in w.status.outbox.text(), timeout=10000)
    qtbot.waitUntil(lambda: "Offline" in w.status.connection.text(), timeout=10000)
    comments = _on_vault(qtbot, folio, lambda: api.list_comments("item", item_id))
    # not confirmed: still waiting, or sent without an answer (the server never got it)
    assert [c.state in (OpState.WAITING, OpState.SENT) for c in comments] == [True]

    # Back online; the reader asks for a sync in settings.
    server.resume()
    reader.show_settings()
    with qtbot.waitSignal(w.sync.round_finished, timeout=30000) as ok_round:
        reader.settings_page.sync_button.click()
    assert ok_round.args[0].ok
    assert ok_round.args[0].pushed == 1
    comments = _on_vault(qtbot, folio, lambda: api.list_comments("item", item_id))
    assert [c.state for c in comments] == [OpState.CONFIRMED]
    qtbot.waitUntil(lambda: w.status.outbox.text() == "", timeout=10000)  # zero: not shown
    # The loop may start its own next round meanwhile ("Syncing…"); it ends online too.
    qtbot.waitUntil(lambda: "Online" in w.status.connection.text(), timeout=10000)
    qtbot.waitUntil(lambda: "finished" in reader.settings_page.message.text(), timeout=5000)


def test_pdf_work_for_the_engine_runs_on_the_render_lane(qtbot: QtBot, folio: FolioApp) -> None:
    """PyMuPDF is not thread-safe: the engine's PDF work goes to the PdfWorker, whose
    thread is the render lane, and the network lane waits for the answer."""
    runner = folio.runner
    # The service hands the worker's own requests to the engine and to re-anchoring.
    assert folio.sync.extract_text == runner.pdf.page_texts
    assert folio.sync.document_words == runner.pdf.document_words
    threads: list[str] = []
    handle = runner.pdf.handle

    def probe(request: Any) -> Any:
        threads.append(threading.current_thread().name)
        return handle(request)

    runner.pdf.handle = probe  # type: ignore[method-assign]  # a probe around the one entry
    box: list[Any] = []
    runner.network.submit(
        lambda: runner.pdf.page_texts(b"%PDF"), box.append, box.append, failure=OnFailure.SHOW
    )
    qtbot.waitUntil(lambda: bool(box), timeout=10000)
    assert threads == ["folio-render"]
    # Not a PDF: the worker's error reaches the waiting lane as it was raised.
    assert isinstance(box[0], FolioError)
    assert box[0].kind is ErrorKind.BAD_INPUT

    # The render lane stopped (shutdown) before the job ran: the waiting lane is told.
    runner.render.stop()
    failed: list[BaseException] = []
    runner.network.submit(
        lambda: runner.pdf.page_texts(b"%PDF"), None, failed.append, failure=OnFailure.SHOW
    )
    qtbot.waitUntil(lambda: bool(failed), timeout=10000)
    assert isinstance(failed[0], FolioError)
    assert failed[0].kind is ErrorKind.CANCELLED
