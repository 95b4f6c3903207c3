"""``folio-server serve --workers 2`` on PostgreSQL: devices and a publisher at once.

Two worker processes share nothing but the database, so this is where state kept
in one process's memory, or feed rows committing out of sequence order between
processes, would show: a device polling with its cursor while others write
would skip an entry or see one twice, and a re-sent batch answered by the other
worker would apply twice.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from server_harness import Api, PgCluster, Server, _start, write_meeting
from sqlalchemy import func, select

from server.models import Comment, OpRecord
from server.publish import publish_folder
from sync import protocol as p

pytestmark = pytest.mark.postgres

DEVICES = 6
BATCHES = 4
PER_BATCH = 10
MEETINGS = 3


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == pid and b"spawn_main" in cmdline:  # not the resource tracker
            found.append(int(stat.parent.name))
    return found


def _comment(item_id: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "comment.add",
        "payload": {
            "comment_id": str(uuid.uuid4()),
            "target_kind": "item",
            "target_id": item_id,
            "body": "from a device",
            "parent_id": None,
        },
    }


class _Reader:
    """A device's feed as it polls it: every entry it was handed, in order."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.cursor: str | None = None
        self.entries: list[dict[str, Any]] = []

    def poll(self) -> None:
        while True:
            params: dict[str, Any] = {"limit": 20}
            if self.cursor:
                params["cursor"] = self.cursor
            r = self.api.get("/v1/feed", params=params)
            assert r.status_code == 200, r.text
            page = r.json()
            self.entries.extend(page["entries"])
            self.cursor = page["cursor"]
            if not page["more"]:
                return


@pytest.fixture
def two_workers(pg_cluster: PgCluster, tmp_path: Path) -> Any:
    srv = _start(tmp_path / "data", pg_cluster.create_database(), workers=2)
    try:
        yield srv
    finally:
        srv.process.terminate()
        srv.process.wait(timeout=20)
        srv.ctx.close()


def test_two_workers_lose_and_double_nothing_under_concurrent_devices_and_publisher(
    two_workers: Server, tmp_path: Path
) -> None:
    srv = two_workers
    members = [srv.user() for _ in range(DEVICES)]
    committee = srv.committee(members)
    first = write_meeting(tmp_path / "m0", committee, [{"number": "1", "docs": {"a.pdf": "x"}}])
    publish_folder(srv.ctx, first)
    readers = [_Reader(Api(srv.url).enroll(m)) for m in members]
    readers[0].poll()
    manifest = p.SignedManifest.from_json(readers[0].entries[-1]["data"])
    key = readers[0].api.enrollment["server_public_key"]
    item_id = p.verify_manifest(manifest, key).items[0].id
    folders = [
        write_meeting(tmp_path / f"m{n}", committee, [{"number": "1", "docs": {"a.pdf": f"{n}"}}])
        for n in range(1, MEETINGS + 1)
    ]
    start = threading.Barrier(DEVICES + 1)
    answers: dict[int, list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]] = {}
    pushed: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def device(n: int) -> None:
        reader = readers[n]
        mine: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]] = []
        try:
            start.wait()
            for _ in range(BATCHES):
                batch = [_comment(item_id) for _ in range(PER_BATCH)]
                once = reader.api.push(batch)
                again = reader.api.push(batch)  # the answer was lost: the same batch again
                mine.append((once, again))
                pushed.setdefault(n, []).extend(op["payload"]["comment_id"] for op in batch)
                reader.poll()  # while the others write
        except BaseException as exc:  # reported on the main thread
            errors.append(exc)
        answers[n] = mine

    def publisher() -> None:
        try:
            start.wait()
            for folder in folders:
                publish_folder(srv.ctx, folder)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=device, args=(n,)) for n in range(DEVICES)]
    threads.append(threading.Thread(target=publisher))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    for reader in readers:
        reader.poll()
    assert len(_children(srv.process.pid)) == 2  # it was two worker processes answering

    every_comment = {cid for ids in pushed.values() for cid in ids}
    assert len(every_comment) == DEVICES * BATCHES * PER_BATCH
    for mine in answers.values():
        for once, again in mine:
            assert {a["status"] for a in once} == {"applied"}
            assert {a["status"] for a in again} == {"duplicate"}
            assert [(a["seq"], a["signature"]) for a in once] == [
                (a["seq"], a["signature"]) for a in again
            ]
    with srv.ctx.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == len(every_comment)
        assert s.scalar(select(func.count()).select_from(OpRecord)) == len(every_comment)
    meeting_ids = set()
    for reader in readers:
        comments = [e["data"]["id"] for e in reader.entries if e["kind"] == "comment.put"]
        assert sorted(comments) == sorted(every_comment)  # each once, none skipped
        meetings = {
            p.verify_manifest(p.SignedManifest.from_json(e["data"]), key).meeting_id
            for e in reader.entries
            if e["kind"] == "meeting.put"
        }
        assert len(meetings) == MEETINGS + 1
        meeting_ids |= meetings
    assert len(meeting_ids) == MEETINGS + 1
    for reader in readers:
        reader.api.close()
