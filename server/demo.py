"""The reference server, in-process on loopback, holding the demo meetings.

``folio --demo`` and the GUI tests use this so the demo is the real product path:
the app enrolls over HTTP and the sync engine downloads and verifies the packs.
The server gets its own temporary data dir and SQLite database, listens on
127.0.0.1 with an ephemeral port, and runs uvicorn on a background thread.
``stop()`` ends the thread and deletes the data dir.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import uvicorn

from server import admin
from server.app import create_app
from server.context import ServerContext
from server.publish import publish_folder

log = logging.getLogger(__name__)

DEMO_USER = "demo"
DEMO_DISPLAY_NAME = "Demo Member"
START_TIMEOUT = 20.0


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str


@dataclass
class DemoServer:
    """A running in-process server; ``stop()`` is idempotent."""

    url: str
    credentials: Credentials
    ctx: ServerContext
    data_dir: Path
    _uvicorn: uvicorn.Server
    _thread: threading.Thread
    _stopped: bool = field(default=False)

    def publish(self, folder: Path) -> None:
        """Publish (or re-publish) one meeting folder, as ``folio-server publish`` does."""
        publish_folder(self.ctx, folder, actor="demo")

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def pause(self) -> None:
        """Stop answering (the device sees "offline"); the data stays for ``resume()``."""
        self._uvicorn.should_exit = True
        self._thread.join(10.0)

    def resume(self) -> None:
        """Serve again on the same port and data: the device comes back online."""
        _port, self._uvicorn, self._thread = _listen(self.ctx, self.port)

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.pause()
        self.ctx.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)
        log.info("demo_server.stopped")


def _listen(ctx: ServerContext, port: int) -> tuple[int, uvicorn.Server, threading.Thread]:
    """Bind 127.0.0.1:``port`` (0: any free port), run uvicorn on a thread, wait until it serves."""
    sock = socket.socket(socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)  # connections queue from now on, before uvicorn has started
    bound = int(sock.getsockname()[1])
    config = uvicorn.Config(create_app(ctx), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="folio-demo-server", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    tick = threading.Event()  # never set: a bounded wait between polls
    while thread.is_alive() and not server.started and time.monotonic() < deadline:
        tick.wait(0.02)
    if not server.started:
        server.should_exit = True
        sock.close()
        raise RuntimeError("the demo server did not start")
    return bound, server, thread


def _committees(folders: Iterable[Path]) -> list[str]:
    """The committee named in each folder's meeting.toml, in order, without repeats."""
    import tomllib  # noqa: PLC0415 (only the demo reads these)

    names: list[str] = []
    for folder in folders:
        with (folder / "meeting.toml").open("rb") as f:
            name = str(tomllib.load(f)["committee"])
        if name not in names:
            names.append(name)
    return names


def start_demo_server(
    folders: Iterable[Path] | None = None,
    *,
    today: date | None = None,
    username: str = DEMO_USER,
) -> DemoServer:
    """Initialise a throwaway server, add the demo committee(s) and user, publish, listen.

    ``folders``: meeting folders to publish; default: resources/demo/build.py's.
    """
    data_dir = Path(tempfile.mkdtemp(prefix="folio-demo-server-"))
    ctx: ServerContext | None = None
    try:
        ctx = ServerContext.open(data_dir, f"sqlite:///{data_dir / 'server.db'}")
        admin.init(ctx, "admin", secrets.token_urlsafe(18))
        if folders is None:
            from resources.demo import build as demo_build  # noqa: PLC0415 (PyMuPDF)

            folders = demo_build.build(data_dir / "folders", today)
        folders = list(folders)
        password = secrets.token_urlsafe(18)
        admin.add_user(ctx, username, password, DEMO_DISPLAY_NAME)
        for committee in _committees(folders):
            admin.add_committee(ctx, committee)
            admin.add_member(ctx, committee, username)
        for folder in folders:
            publish_folder(ctx, folder, actor="demo")
        shutil.rmtree(data_dir / "folders", ignore_errors=True)
        _ = ctx.signing_key, ctx.token_secret  # fail here, not in the first request
        port, server, thread = _listen(ctx, 0)
    except BaseException:
        if ctx is not None:
            ctx.close()
        shutil.rmtree(data_dir, ignore_errors=True)
        raise
    url = f"http://127.0.0.1:{port}"
    log.info("demo_server.started", extra={"fields": {"port": port}})
    return DemoServer(
        url=url,
        credentials=Credentials(username, password),
        ctx=ctx,
        data_dir=data_dir,
        _uvicorn=server,
        _thread=thread,
    )
