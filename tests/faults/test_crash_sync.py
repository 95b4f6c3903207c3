"""kill -9 the client at random points during sync; nothing lost, nothing twice.

Each round is a real ``folio sync --log-format json`` process; the test reads its
JSON events and sends SIGKILL when a randomly chosen event shows up (no sleeps).
New ops (comments, bookmarks set and removed, and now and then a new meeting) are
added between rounds. At the end the server's sealed bookmarks, opened with the
tablet's keyring, are exactly the ones the tablet shows.
"""

# ruff: noqa: PT018 - fixtures are imported from conftest_sync (the test
# tree has no packages) and so shadow their names.

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest_sync import PIN, SyncServer, enroll_device, pdf_bytes, write_meeting
from sqlalchemy import select
from test_network_faults import assert_nothing_unverified, big_pdf

from server.models import Bookmark
from sync import model
from sync import protocol as p
from sync.api import Api
from sync.e2e import bookmarks, notes, wire

KILL_AT = (
    "round.started",
    "push.batch_sent",
    "push.batch_answered",
    "pull.page_committed",
    "download.started",
    "download.chunk_verified",
    "download.linked",
    "index.document_indexed",
)
ROUNDS = 30


def run_cli_round(data_dir: Path, kill_at: str | None, nth: int) -> bool:
    """One `folio sync`; SIGKILL at the nth ``kill_at`` event. True if it was killed."""
    env = {**os.environ, "FOLIO_PIN": PIN, "FOLIO_SYNC_READ_TIMEOUT": "5"}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "folio"),
            "--data-dir",
            str(data_dir),
            "--log-format",
            "json",
            "sync",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stderr is not None
    seen = 0
    killed = False
    for line in proc.stderr:
        try:
            event = json.loads(line).get("event")
        except ValueError:
            continue
        if kill_at is not None and event == kill_at:
            seen += 1
            if seen >= nth:
                proc.send_signal(signal.SIGKILL)
                killed = True
                break
    proc.wait(timeout=60)
    return killed


@pytest.mark.slow
def test_kill_9_at_random_points_loses_nothing_and_doubles_nothing(
    sync_server: SyncServer, tmp_path: Path
) -> None:
    rng = random.Random(4)
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    packs = 0

    def new_meeting() -> None:
        nonlocal packs
        packs += 1
        folder = tmp_path / f"pack-{packs}"
        write_meeting(
            folder,
            committee,
            [
                {"number": "1", "docs": {"big.pdf": big_pdf(1.6)}},
                {"number": "2", "docs": {"s.pdf": pdf_bytes(f"pack {packs}")}},
            ],
        )
        sync_server.publish(folder)

    new_meeting()
    dev = enroll_device(sync_server, reader, tmp_path / "device")
    data_dir = dev.data_dir
    dev.close()
    kills = 0
    for n in range(ROUNDS):
        api = Api.open(data_dir)
        api.unlock(PIN)
        try:
            items = [i for m in api.list_meetings() for i in api.get_meeting(m.id).items]
            for k in range(rng.randint(1, 4)):
                if items:
                    api.add_comment("item", rng.choice(items).id, f"round {n} comment {k}")
            docs = api.list_documents()
            for _ in range(rng.randint(0, 2)):
                if docs:
                    doc_id, page = rng.choice(docs).id, rng.randint(0, 2)
                    if page in api.list_bookmarks(doc_id):
                        api.remove_bookmark(doc_id, page)
                    else:
                        api.add_bookmark(doc_id, page)
        finally:
            api.lock()
        if n % 7 == 3:
            new_meeting()
        killed = run_cli_round(data_dir, rng.choice(KILL_AT), rng.randint(1, 2))
        kills += killed
    assert kills >= ROUNDS // 3
    assert not run_cli_round(data_dir, None, 0)
    api = Api.open(data_dir)
    api.unlock(PIN)
    try:
        ops = api.list_ops()
        assert ops and all(op.state is model.OpState.CONFIRMED for op in ops)
        counts = sync_server.op_counts()
        assert all(counts.get(op.id) == 1 for op in ops)
        docs = api.list_documents()
        assert len(docs) == 2 * packs
        assert {d.state for d in docs} == {model.DocumentState.VERIFIED}
        shown = {(d.id, page) for d in docs for page in api.list_bookmarks(d.id)}
        assert shown
        assert _bookmarks_on_server(sync_server, api) == shown

        class _Dev:
            pass

        holder = _Dev()
        holder.api = api  # type: ignore[attr-defined]
        assert_nothing_unverified(holder)  # type: ignore[arg-type]
    finally:
        api.lock()


def _bookmarks_on_server(server: SyncServer, api: Api) -> set[tuple[str, int]]:
    """The (document, page) of every bookmark the server holds set for this reader,
    opened with the tablet's keyring (the server itself cannot)."""
    ring = notes.keyring(api.vault.db)
    user_id = api.vault.db.get_state(notes.USER_ID)
    assert ring is not None
    assert user_id
    with server.ctx.sessions() as session:
        rows = session.scalars(select(Bookmark).where(Bookmark.user_id == user_id)).all()
    out = set()
    for row in rows:
        info = wire.SealedBookmarkInfo.from_json(
            {**row.data, "revision": row.revision, "updated_at": p.format_time(row.updated_at)}
        )
        state = bookmarks.open_info(ring, user_id, info)
        if state.bookmarked:
            out.add((state.document_id, state.page))
    return out
