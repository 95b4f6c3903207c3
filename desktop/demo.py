"""The demo: the real product path against a reference server on this computer.

``prepare_demo`` starts server/demo.py's in-process server on 127.0.0.1 (its own
temporary data dir and SQLite), enrolls a demo member into a fresh vault through
the real enrollment API, runs one sync round (the real engine downloads and
verifies the demo packs) and returns the unlocked Api. The sync loop then keeps
running against the same server, so comments and decisions travel for real.

If the server cannot start, the old path runs instead: the demo publishing
folders are imported straight into the vault (no server, no sync). The log
says which path ran. Runs on the vault lane, never the UI thread.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.ops import enroll as enroll_ops
from desktop.ops import vault as vault_ops
from sync.api import Api
from sync.errors import ErrorKind, FolioError

if TYPE_CHECKING:
    from server.demo import DemoServer
    from sync.api import KdfParams, Progress

log = logging.getLogger(__name__)

DEMO_DEVICE_NAME = "Folio demo"


class DemoSession:
    """Owns the demo server for as long as the demo runs; ``stop()`` ends it (idempotent)."""

    def __init__(self, *, today: date | None = None) -> None:
        self.today = today
        self.server: DemoServer | None = None
        self.path = ""  # "server" or "import": which demo path ran

    def ensure_server(self) -> DemoServer:
        if self.server is None:
            from server.demo import start_demo_server  # noqa: PLC0415 (server code only for the demo)

            self.server = start_demo_server(today=self.today)
        return self.server

    def stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.stop()


def prepare_demo(
    data_dir: Path,
    pin: str,
    *,
    kdf: KdfParams | None = None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    session: DemoSession | None = None,
) -> Api:
    """Create a vault in ``data_dir`` holding the demo meetings; return its unlocked Api."""
    if session is not None:
        try:
            server = session.ensure_server()
        except Exception as exc:  # any failure to start: fall back to the offline import
            log.warning("demo.server_unavailable", extra={"fields": {"error": type(exc).__name__}})
        else:
            api = vault_ops.create_vault(data_dir, pin, kdf=kdf)
            try:
                _enroll_and_sync(api, server, progress)
            except BaseException:
                api.wipe()
                raise
            session.path = "server"
            log.info("demo.path", extra={"fields": {"path": "server"}})
            return api
    api = _import_demo(data_dir, pin, kdf=kdf, today=today, progress=progress)
    if session is not None:
        session.path = "import"
    log.info("demo.path", extra={"fields": {"path": "import"}})
    return api


def _enroll_and_sync(
    api: Api, server: DemoServer, progress: Callable[[int, int], None] | None
) -> None:
    enroll_ops.enroll(
        api,
        server.url,
        user=server.credentials.username,
        password=server.credentials.password,
        device_name=DEMO_DEVICE_NAME,
    )

    def on_progress(p: Progress) -> None:
        if progress is not None and p.bytes_total:
            progress(p.bytes_done, p.bytes_total)

    # The first round runs here on the vault lane; no reader exists yet, so no
    # other thread is using PyMuPDF while it indexes.
    session = api.sync_session(progress=on_progress)
    session.open()
    try:
        result = session.run_round()
    finally:
        session.close()
    if not result.ok:
        raise result.error or FolioError(ErrorKind.SERVER, "the demo sync did not finish")


def _import_demo(
    data_dir: Path,
    pin: str,
    *,
    kdf: KdfParams | None,
    today: date | None,
    progress: Callable[[int, int], None] | None,
) -> Api:
    """The fallback: build the demo publishing folders and import each into a fresh vault."""
    from resources.demo import build as demo_build  # noqa: PLC0415 (PyMuPDF, fallback only)

    api = vault_ops.create_vault(data_dir, pin, kdf=kdf)
    scratch = Path(tempfile.mkdtemp(prefix="folio-demo-"))
    try:
        folders = demo_build.build(scratch, today)
        for done, folder in enumerate(folders, start=1):
            api.import_pack(folder)
            if progress is not None:
                progress(done, len(folders))
    finally:
        # The demo PDFs are public sample material, but nothing should linger either way.
        shutil.rmtree(scratch, ignore_errors=True)
    return api
