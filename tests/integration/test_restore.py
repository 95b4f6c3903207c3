"""A server restored from a backup (issue 11, hole 6, the data side).

The backup is taken with SQLite's online backup API while the server runs, more
work is synced, then the copy is put back and a new feed epoch started (what
``folio-server restore`` does) and the devices sync again through the real engine.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest_sync import (
    ADMIN_PASSWORD,
    Device,
    SyncServer,
    enroll_device,
    pdf_bytes,
    write_meeting,
)
from sqlalchemy import func, select

from server import admin as admin_ops
from server import feed
from server.context import ServerContext
from server.models import Annotation, Approval, Bookmark, Case, Comment
from sync import model
from tests.helpers.notes_approval import approve_notes


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SyncServer]:
    data_dir = tmp_path / "server"
    db_url = f"sqlite:///{data_dir / 'server.db'}"
    ctx = ServerContext.open(data_dir, db_url)
    admin_ops.init(ctx, "admin", ADMIN_PASSWORD)
    srv = SyncServer(data_dir, db_url, ctx)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()
        srv.ctx.close()


def _db_path(srv: SyncServer) -> Path:
    return Path(srv.db_url.removeprefix("sqlite:///"))


def _backup(srv: SyncServer, dest: Path) -> None:
    """An online backup of the running server's database (consistent, WAL included)."""
    src, dst = sqlite3.connect(_db_path(srv)), sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _restore(srv: SyncServer, backup: Path) -> None:
    """Stop, put the copy back, start a new feed epoch, serve again."""
    srv.stop()
    srv.ctx.engine.dispose()
    db = _db_path(srv)
    for extra in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        extra.unlink(missing_ok=True)
    shutil.copyfile(backup, db)
    with srv.ctx.sessions() as session, session.begin():
        feed.new_epoch(session)
    srv.start()


def _publish(srv: SyncServer, folder: Path, committee: str, *, decision: bool = False) -> str:
    write_meeting(
        folder,
        committee,
        [
            {"number": "1", "docs": {"a.pdf": pdf_bytes(f"{folder.name} text", pages=1)}},
            {"number": "2", "needs_decision": decision, "docs": {"b.pdf": "beta"}},
        ],
    )
    return str(srv.publish(folder).meeting_id)


def _meeting_ids(dev: Device) -> set[str]:
    return {m.id for m in dev.api.list_meetings()}


def test_restore_resends_lost_work_once_and_skips_nothing_published_after(
    server: SyncServer, tmp_path: Path
) -> None:
    reader = server.user()
    committee = server.committee([reader])
    m1 = _publish(server, tmp_path / "m1", committee, decision=True)
    a = enroll_device(server, reader, tmp_path / "tablet-a")
    b = enroll_device(server, reader, tmp_path / "tablet-b")
    try:
        assert a.sync().ok
        assert b.sync().ok
        approve_notes(b, by=a)  # her private note reaches b only once she approved it
        backup = tmp_path / "backup.db"
        _backup(server, backup)

        # After the backup: a meeting is published and synced, the reader works on A.
        m2 = _publish(server, tmp_path / "m2", committee)
        doc = a.api.get_meeting(m1).items[0].documents[0]
        item = a.api.get_meeting(m1).items[0]
        (case,) = [c for c in a.api.list_cases() if c.meeting_id == m1]
        a.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text="my note")
        a.api.add_comment("item", item.id, "my comment")
        a.api.decide(case.id, model.Decision.APPROVE, "yes")
        a.api.add_bookmark(doc.id, 0)
        assert a.sync().ok
        assert b.sync().ok
        decided_by = datetime.now(UTC)
        assert m2 in _meeting_ids(a)
        own_ops = {op.id for op in a.api.list_ops(model.OpState.CONFIRMED)}
        assert len(own_ops) == 4

        _restore(server, backup)
        # The deadline passed after the decision was first applied, before the restore
        # made the server apply it again: it must still count as on time.
        with server.ctx.sessions() as session, session.begin():
            row = session.get(Case, case.id)
            assert row is not None
            row.deadline = decided_by
        # Published after the restore: the restored feed reuses the sequence numbers
        # both tablets' cursors are already past.
        m3 = _publish(server, tmp_path / "m3", committee)

        first = a.sync()
        assert first.ok, first.error
        assert b.sync().ok
        assert a.sync().ok  # and again: never stuck
        assert b.sync().ok

        # Nothing published after the restore is skipped; what the restore lost of the
        # server's own material (m2) is gone from the devices.
        for dev in (a, b):
            assert m3 in _meeting_ids(dev)
            assert m1 in _meeting_ids(dev)
            assert m2 not in _meeting_ids(dev)

        # The reader's own work survived on A and reached the server exactly once again.
        assert [n.text for n in a.api.list_annotations(doc.id)] == ["my note"]
        assert [c.body for c in a.api.list_comments("item", item.id)] == ["my comment"]
        (approval,) = a.api.list_approvals(case.id)
        assert approval.state is model.OpState.CONFIRMED
        assert approval.decision is model.Decision.APPROVE
        assert a.api.list_ops(model.OpState.REJECTED) == []
        assert all(server.op_counts().get(op_id) == 1 for op_id in own_ops)
        with server.ctx.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Annotation)) == 1
            assert session.scalar(select(func.count()).select_from(Comment)) == 1
            assert session.scalar(select(func.count()).select_from(Bookmark)) == 1
            assert (
                session.scalar(
                    select(func.count()).select_from(Approval).where(Approval.case_id == case.id)
                )
                == 1
            )
        # The other tablet learns the re-sent note from the new epoch's feed.
        assert [n.text for n in b.api.list_annotations(doc.id)] == ["my note"]
        assert a.api.list_bookmarks(doc.id) == b.api.list_bookmarks(doc.id) == [0]
    finally:
        a.close()
        b.close()


def test_new_epoch_with_nothing_lost_sends_nothing_twice(
    server: SyncServer, tmp_path: Path
) -> None:
    """Ops the backup already holds are not re-sent; the resync keeps every meeting."""
    reader = server.user()
    committee = server.committee([reader])
    m1 = _publish(server, tmp_path / "m1", committee)
    a = enroll_device(server, reader, tmp_path / "tablet-a")
    try:
        assert a.sync().ok
        doc = a.api.get_meeting(m1).items[0].documents[0]
        a.api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text="kept")
        assert a.sync().ok
        backup = tmp_path / "backup.db"
        _backup(server, backup)
        _restore(server, backup)
        result = a.sync()
        assert result.ok, result.error
        assert result.pushed == 0
        assert _meeting_ids(a) == {m1}
        assert [n.text for n in a.api.list_annotations(doc.id)] == ["kept"]
        assert a.api.get_document(doc.id).state is model.DocumentState.VERIFIED
    finally:
        a.close()
