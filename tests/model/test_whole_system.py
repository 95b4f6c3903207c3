"""The whole system against the visibility oracle (docs/spec/visibility.md).

A Hypothesis state machine drives the real server (``folio-server serve`` as a
subprocess, SQLite and the throwaway PostgreSQL) and four real devices: two
tablets of one reader (anna, a member), a member (bob) and a non-member (carl).
Only public paths: ``folio-server`` commands (tests/model/admin_host.py runs
``server.cli.main`` per command; ``restore`` runs as its own process), ``folio
sync`` (killed with SIGKILL at a random engine event), HTTP, and the ``sync.api``
facade (tests/model/device_host.py). The clock moves with libfaketime on the
server, the devices and every command: one FAKETIME_TIMESTAMP_FILE for all of them.

One rule, ``step(kind, device, pick, flag)``: ``kind`` names the event (weighted by
repetition in KINDS), the other three are its arguments (which device, which
document / case / comment / meeting shape, a yes-no). One rule rather than one per
event, because Hypothesis's swarm testing switches whole rules off per example and
its simplest example repeats the first rule: with the few examples CI affords, most
examples exercised one or two events. Every example ends with a quiescent check
(teardown), and a fixed tour (TOUR) walks every kind first, on each database.

After each quiescent sync round (every device syncs twice), for every device:
- the facade shows exactly the oracle's view (meetings, items, documents,
  cases with their decided state, comments, annotations);
- no closed text of a committee the reader is not in, anywhere: the facade,
  search, and the decrypted database (tests/helpers/vault_reader.py);
- every op it created is on the server once, with the answer the oracle expects;
- both syncs succeeded (never stuck).
Past the offline grace, before any sync: closed proposals, documents, comments
and search hits are locked on every device.

A failing example prints as a replayable list of ``state.step(...)`` calls.
Budget: conftest.py (``FOLIO_MODEL_PROFILE=long`` for ``./dev test --model-long``).
"""

from __future__ import annotations

import dataclasses
import glob
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import text

from sync.protocol import Policy
from tests.helpers import vault_reader
from tests.integration.server_harness import PASSWORD, PgCluster, Server, _start, pdf_bytes
from tests.model import oracle as o
from tests.model.conftest import MINUTES, PROFILE

pytestmark = pytest.mark.model

_BIN = Path(sys.executable).parent
_HOST = Path(__file__).resolve().parent / "device_host.py"
_ADMIN = Path(__file__).resolve().parent / "admin_host.py"
PIN = "482910"

RETENTION_DAYS = 40
GRACE_DAYS = 5
DEVICES = {"A1": "anna", "A2": "anna", "B": "bob", "N": "carl"}
KILL_EVENTS = (
    "push.batch_sent",
    "push.batch_answered",
    "pull.page_committed",
    "download.chunk_verified",
    "download.linked",
)
#: The events, weighted by repetition. ``sync`` first: Hypothesis's simplest example
#: repeats the first one, and a sync is cheap. Publishing comes often (everything
#: else acts on published material); backups, restores, revocations and user
#: removals are the dear ones (commands, a server restart, enrolments).
KINDS = (
    "sync",
    "publish",
    "publish",
    "annotate",
    "annotate",
    "comment",
    "comment",
    "decide",
    "decide",
    "read",
    "bookmark",
    "unshare",
    "member",
    "member",
    "withdraw",
    "two_tablets",
    "sync_killed",
    "revoke",
    "remove_user",
    "grace",
    "retention",
    "backup",
    "restore",
    "quiescent",
)


def _libfaketime() -> str:
    hits = sorted(glob.glob("/usr/lib/*/faketime/libfaketimeMT.so.1"))
    if not hits:
        pytest.skip("libfaketime is not installed (./dev setup installs Debian's faketime)")
    return hits[0]


#: Seconds spent per command (printed with -s when FOLIO_MODEL_TIMES=1), to fit budgets.
_TIMES: dict[str, float] = {}
_PDFS: dict[str, bytes] = {}


def _pdf(text: str) -> bytes:
    """The same bytes for the same text: PyMuPDF stamps each file it makes anew, and
    the oracle counts a document version per changed text."""
    if text not in _PDFS:
        _PDFS[text] = pdf_bytes(text)
    return _PDFS[text]


#: Examples run (setup calls), for the long run's report.
_EXAMPLES = [0]


def _child(script: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(script)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )


def _close_child(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Shared:
    """One server, one device host, one admin host and one clock for every example.

    Starting them per example would spend the budget on start-up; each example gets
    its own committee, users, devices and meetings instead, and looks only at them.
    """

    def __init__(self, root: Path, pg: PgCluster | None) -> None:
        self.root = root
        self.clock_file = root / "faketime"
        self.offset = timedelta(0)
        self.clock_file.write_text("+0s\n")
        self.fake_env = {
            "LD_PRELOAD": _libfaketime(),
            # One file for every process: libfaketime rereads it on each clock call
            # (FAKETIME_NO_CACHE), so moving the clock needs no restart and no sleep.
            "FAKETIME_TIMESTAMP_FILE": str(self.clock_file),
            "FAKETIME_NO_CACHE": "1",
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",
            "FOLIO_PASSWORD": PASSWORD,
            "FOLIO_PIN": PIN,
        }
        db_url = pg.create_database() if pg is not None else f"sqlite:///{root / 'server.db'}"
        (root / "server").mkdir(mode=0o700)  # the server refuses a data dir others can read
        self.server = _start(root / "server", db_url, env=self.fake_env)
        self.server.admin.set_policy(
            self.server.ctx,
            Policy(retention_days=RETENTION_DAYS, offline_grace_days=GRACE_DAYS),
        )
        self.host = _child(_HOST, self.fake_env)
        self.admin_host = _child(_ADMIN, self.fake_env)

    def move_clock(self, delta: timedelta) -> None:
        self.offset += delta
        self.clock_file.write_text(f"+{int(self.offset.total_seconds())}s\n")

    def stop_server(self) -> None:
        proc = self.server.process
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        self.server.ctx.close()

    def start_server(self) -> None:
        """The same data and the same port again (the devices know the server by URL)."""
        old = self.server
        port = int(old.url.rsplit(":", 1)[1])
        self.server = _start(old.data_dir, old.db_url, env=self.fake_env, init=False, port=port)

    def close(self) -> None:
        _close_child(self.host)
        _close_child(self.admin_host)
        self.stop_server()


class WholeSystem(RuleBasedStateMachine):
    shared: ClassVar[Shared]

    def __init__(self) -> None:
        super().__init__()
        shared = self.shared
        self.run = uuid.uuid4().hex[:6]
        self.dir = shared.root / self.run
        self.dir.mkdir()
        self.committee = f"Committee {self.run}"
        self.users = {d: f"{u}-{self.run}" for d, u in DEVICES.items()}
        self.recovery_keys: dict[str, str] = {}  # per user: written down by the reader
        self.history: list[o.Event] = []
        self.device_dirs: dict[str, Path] = {}
        self.device_ids: dict[str, str] = {}
        self.meeting_ids: dict[str, str] = {}  # meeting key -> server id
        self.published: dict[str, o.Published] = {}
        self.op_order: list[str] = []  # every op created, in creation order
        self.last_views: dict[str, dict[str, Any]] = {}
        self.backup_dir: Path | None = None
        #: since the last backup: devices enrolled and users added (a restore forgets them)
        self.enrolled_since_backup: set[str] = set()
        self.users_since_backup: set[str] = set()
        self.replaced = 0  # users removed and replaced by a new one on the same tablet
        self.lost_ops: set[str] = set()
        #: texts of notes written private: sealed on the tablet, never readable on the server
        self.private_notes: set[str] = set()
        self.failed = False
        with self.server.ctx.engine.connect() as conn:
            self.server_ops = {str(r[0]) for r in conn.execute(text("SELECT id FROM ops"))}

    @property
    def server(self) -> Server:
        return self.shared.server

    @property
    def host(self) -> subprocess.Popen[str]:
        return self.shared.host

    @property
    def fake_env(self) -> dict[str, str]:
        return self.shared.fake_env

    # -- plumbing --------------------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.now(UTC) + self.shared.offset

    def _timed(self, name: str, started: float) -> None:
        _TIMES[name] = _TIMES.get(name, 0.0) + time.monotonic() - started

    def admin(self, *args: str) -> str:
        """``folio-server ARGS`` against this server; it must succeed."""
        proc = self.shared.admin_host
        assert proc.stdin is not None
        assert proc.stdout is not None
        t = time.monotonic()
        argv = ["--data-dir", str(self.server.data_dir), "--db", self.server.db_url, *args]
        proc.stdin.write(json.dumps(argv) + "\n")
        proc.stdin.flush()
        answer = json.loads(proc.stdout.readline())
        self._timed(f"cli {args[0]}", t)
        assert answer["rc"] == 0, f"folio-server {' '.join(args)}: {answer['err']}"
        return str(answer["out"])

    def call(self, cmd: str, **kw: Any) -> Any:
        assert self.host.stdin is not None
        assert self.host.stdout is not None
        t = time.monotonic()
        self.host.stdin.write(json.dumps({"cmd": cmd, **kw}) + "\n")
        self.host.stdin.flush()
        answer = json.loads(self.host.stdout.readline())
        self._timed(cmd, t)
        assert "crash" not in answer, f"{cmd} {kw}: {answer['crash']}"
        return answer

    def ok(self, cmd: str, **kw: Any) -> Any:
        answer = self.call(cmd, **kw)
        assert "ok" in answer, f"{cmd} {kw}: {answer}"
        return answer["ok"]

    def record(self, event: o.Event) -> None:
        self.history.append(event)

    def world(self) -> o.World:
        return o.replay(self.history)

    def enroll(self, device: str) -> None:
        self.device_dirs[device] = self.dir / f"device-{device}-{uuid.uuid4().hex[:4]}"
        answer = self.ok(
            "enroll",
            device=device,
            data_dir=str(self.device_dirs[device]),
            server=self.server.url,
            user=self.users[device],
            password=PASSWORD,
        )
        self.device_ids[device] = answer["device_id"]
        self.enrolled_since_backup.add(device)
        self.record(o.Enrolled(device, self.users[device]))

    def gone(self, device: str) -> None:
        """The device's vault is gone (wiped): what never reached the server with it."""
        self.ok("forget", device=device)
        self.observe_arrivals()
        self.lost_ops |= {
            op.op_id
            for op in self.world().ops.values()
            if op.device == device and op.op_id not in self.server_ops
        }
        self.record(o.DeviceWiped(device))

    def created(self, device: str, op_id: str, kind: str, **args: Any) -> None:
        self.op_order.append(op_id)
        self.record(
            o.OpCreated(device, self.users[device], op_id, kind, tuple(sorted(args.items())))
        )

    def observe_arrivals(self) -> None:
        """Ops the server holds now that it did not before: arrived, in creation order."""
        with self.server.ctx.engine.connect() as conn:
            ids = {str(r[0]) for r in conn.execute(text("SELECT id FROM ops"))}
        new = ids - self.server_ops
        self.server_ops = ids
        mine = [op for op in self.op_order if op in new]
        if mine:
            self.record(o.OpsArrived(tuple(mine)))

    def server_answers(self) -> dict[str, str]:
        with self.server.ctx.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, answer FROM ops")).all()
        out = {}
        for op_id, answer in rows:
            body = answer if isinstance(answer, dict) else json.loads(answer)
            out[str(op_id)] = str(body.get("status"))
        return out

    def sync(self, device: str) -> dict[str, Any]:
        self.note_recovery_key(device)
        result: dict[str, Any] = self.call("sync", device=device)
        self.observe_arrivals()
        self.note_recovery_key(device)
        return result

    def note_recovery_key(self, device: str) -> None:
        """The reader writes her recovery key down when the app shows it (the first
        tablet shows it after its first round): the model reads it at every sync."""
        answer = self.call("notes", device=device)
        shown = answer.get("ok", {}).get("recovery_key")
        if shown:
            self.recovery_keys[self.users[device]] = shown

    def set_clock(self, delta: timedelta) -> None:
        self.shared.move_clock(delta)
        self.record(o.ClockMoved(self.now()))

    # -- setup, the one rule, teardown -----------------------------------------------------

    @initialize()
    def setup(self) -> None:
        # Setup runs the CLI's own admin functions in-process (the harness's way, at
        # clock offset 0): the rules use the real `folio-server` commands.
        _EXAMPLES[0] += 1
        a, ctx = self.server.admin, self.server.ctx
        for user in sorted(set(self.users.values())):
            a.add_user(ctx, user, PASSWORD)
        a.add_committee(ctx, self.committee)
        for device in ("A1", "B"):
            a.add_member(ctx, self.committee, self.users[device])
            self.record(o.MemberAdded(self.users[device], self.committee))
        self.record(o.PolicySet(RETENTION_DAYS, GRACE_DAYS))
        self.record(o.ClockMoved(self.now()))
        for device in DEVICES:
            self.enroll(device)

    @rule(
        kind=st.sampled_from(KINDS),
        device=st.sampled_from(list(DEVICES)),
        pick=st.integers(0, 255),
        flag=st.booleans(),
    )
    def step(self, kind: str, device: str, pick: int, flag: bool) -> None:
        """One event: ``kind`` picks it, ``device``, ``pick`` and ``flag`` are its choices."""
        t = time.monotonic()
        if os.environ.get("FOLIO_MODEL_VERBOSE") == "1":
            print(f"  state.step(kind={kind!r}, device={device!r}, pick={pick}, flag={flag})")
        try:
            STEPS[kind](self, device, pick, flag)
        except BaseException:
            self.failed = True  # teardown then checks nothing more (one failure, one report)
            raise
        finally:
            self._timed(f"step {kind}", t)

    def teardown(self) -> None:
        """Every example ends quiescent and checked; then its devices are let go (the
        server and the hosts live on)."""
        try:
            if not self.failed and self.host.poll() is None and self.device_dirs:
                self.check_quiescent()
        finally:
            if os.environ.get("FOLIO_MODEL_TIMES") == "1":
                print("model times:", {k: round(v, 1) for k, v in sorted(_TIMES.items())})
            if self.host.poll() is None:
                for device in DEVICES:
                    self.call("forget", device=device)

    # -- publishing ------------------------------------------------------------------------

    def publish(self, device: str, pick: int, flag: bool) -> None:
        """Publish a meeting (``flag``: m1, else m0), or a new version of it: bits 0-2 of
        ``pick`` close items 1-3, the rest picks the texts of the two documents."""
        slot = "m1" if flag else "m0"
        closed = (bool(pick & 1), bool(pick & 2), bool(pick & 4))
        texts = ((pick >> 3) % 3, (pick >> 5) % 3)
        key = f"{slot}-{self.run}"
        old = self.published.get(key)
        starts = old.starts_at if old is not None else self.now() + timedelta(days=1)
        items = []
        for n in range(3):
            marker = f"{slot}{n}{self.run}"
            docs: tuple[o.DocSpec, ...] = ()
            if n < 2:
                docs = (
                    o.DocSpec(
                        f"doc-{slot}-{n}.pdf", f"doc-{slot}-{n}.pdf", f"zp{marker} text v{texts[n]}"
                    ),
                )
            items.append(
                o.ItemSpec(
                    number=str(n + 1),
                    title=f"Item zz{marker}",
                    closed=closed[n],
                    proposal=f"Proposal zp{marker}",
                    needs_decision=n > 0,
                    docs=docs,
                )
            )
        event = o.Published(key, self.committee, f"Meeting {slot} {self.run}", starts, tuple(items))
        folder = self.dir / f"pub-{uuid.uuid4().hex[:6]}"
        folder.mkdir()
        desc: dict[str, Any] = {
            "id": key,
            "committee": self.committee,
            "title": event.title,
            "start": starts.isoformat(),
            "location": "Room 1",
            "language": "en",
            "items": [],
        }
        for it in items:
            for d in it.docs:
                (folder / d.file).write_bytes(_pdf(d.text))
            desc["items"].append(
                {
                    "number": it.number,
                    "title": it.title,
                    "closed": it.closed,
                    "needs_decision": it.needs_decision,
                    "proposal": it.proposal,
                    "documents": [{"file": d.file, "title": d.title} for d in it.docs],
                }
            )
        (folder / "meeting.json").write_text(json.dumps(desc))
        out = self.admin("publish", str(folder))
        self.meeting_ids[key] = out.split()[2]
        # The server's id: the same for a new version, a new one for a meeting a
        # restore lost (ops made on the old one then refer to nothing).
        event = dataclasses.replace(event, meeting_id=self.meeting_ids[key])
        self.published[key] = event
        self.record(event)

    def withdraw(self, device: str, pick: int, flag: bool) -> None:
        server = self.world().server  # after a restore: what the restored server holds
        live = sorted(k for k in server.meetings if k not in server.withdrawn)
        if not live:
            return
        key = live[pick % len(live)]
        self.admin("meeting", "withdraw", self.meeting_ids[key])
        self.record(o.Withdrawn(key))

    # -- membership, users and devices -----------------------------------------------------

    @staticmethod
    def _other(device: str) -> str:
        """Bob's tablet or carl's (anna stays: the two-tablet events need her)."""
        return "B" if device in ("A1", "B") else "N"

    def member(self, device: str, pick: int, flag: bool) -> None:
        """Member added (carl, or bob back) or removed (bob, or carl again)."""
        user = self.users[self._other(device)]
        if o.is_member(self.world().server, user, self.committee):
            self.admin("member", "remove", self.committee, user)
            self.record(o.MemberRemoved(user, self.committee))
        else:
            self.admin("member", "add", self.committee, user)
            self.record(o.MemberAdded(user, self.committee))

    def revoke(self, device: str, pick: int, flag: bool) -> None:
        """IT revokes a tablet (``flag``: with a wipe order); it wipes itself at its next
        contact, and the reader enrolls it again."""
        args = ("device", "revoke", self.device_ids[device])
        self.admin(*args, "--wipe") if flag else self.admin(*args)
        result = self.sync(device)
        assert result["ok"].get("wiped"), f"{device} revoked, not wiped: {result}"
        self.gone(device)
        self.enroll(device)

    def remove_user(self, device: str, pick: int, flag: bool) -> None:
        """``folio-server user remove`` of bob or carl: memberships end, the tablet wipes
        at its next contact; then a new user gets the tablet (not a member)."""
        device = self._other(device)
        user = self.users[device]
        self.admin("user", "remove", user)
        self.record(o.UserRemoved(user))
        result = self.sync(device)
        assert result["ok"].get("wiped"), f"{device} of a removed user not wiped: {result}"
        self.gone(device)
        self.replaced += 1
        self.users[device] = f"{DEVICES[device]}{self.replaced}-{self.run}"
        self.admin("user", "add", self.users[device])
        self.users_since_backup.add(self.users[device])
        self.enroll(device)

    # -- the reader's changes --------------------------------------------------------------

    def _view(self, device: str) -> dict[str, Any]:
        """The facade's view, limited to this example's meetings (the server is shared:
        a non-member sees other examples' open meetings too, rightly)."""
        view: dict[str, Any] = dict(self.ok("view", device=device))
        mine = {m.title for m in self.published.values()}
        view["meetings"] = [m for m in view["meetings"] if m["title"] in mine]
        view["items"] = [i for i in view["items"] if i["meeting"] in mine]
        view["documents"] = [d for d in view["documents"] if d["meeting"] in mine]
        view["bookmarks"] = [b for b in view["bookmarks"] if b["meeting"] in mine]
        items = {i["id"] for i in view["items"]}
        view["comments"] = [c for c in view["comments"] if c["item_id"] in items]
        docs = {d["id"] for d in view["documents"]}
        view["annotations"] = [a for a in view["annotations"] if a["document_id"] in docs]
        return view

    def annotate(self, device: str, pick: int, flag: bool) -> None:
        """A note on a document: private, shared with the committee, or secretariat."""
        docs = self._view(device)["documents"]
        if not docs:
            return
        doc = docs[pick % len(docs)]
        visibility = ("private", "committee", "secretariat")[pick % 3]
        note = f"note zn{uuid.uuid4().hex[:8]}"
        answer = self.call(
            "annotate", device=device, document_id=doc["id"], visibility=visibility, text=note
        )
        if "ok" not in answer:
            return  # refused locally (e.g. offline-locked closed document): no op
        if visibility == "private":
            self.private_notes.add(note)
        key, file = self._doc_key(doc)
        self.created(
            device,
            answer["ok"]["op_id"],
            "annotation.put",
            id=answer["ok"]["id"],
            meeting=key,
            meeting_id=doc["meeting_id"],
            file=file,
            visibility=visibility,
            text=note,
        )

    def _doc_key(self, doc: dict[str, Any]) -> tuple[str, str]:
        for key, m in self.published.items():
            if m.title == doc["meeting"]:
                return key, doc["title"]
        raise AssertionError(f"a document of an unknown meeting: {doc}")

    def bookmark(self, device: str, pick: int, flag: bool) -> None:
        """The reader bookmarks a page, or removes the bookmark that is there."""
        docs = self._view(device)["documents"]
        if not docs:
            return
        doc = docs[pick % len(docs)]
        page = pick % 3
        answer = self.call("bookmark", device=device, document_id=doc["id"], page=page)
        if "ok" not in answer or not answer["ok"]["op_id"]:
            return
        key, file = self._doc_key(doc)
        self.created(
            device,
            answer["ok"]["op_id"],
            "bookmark.sealed",
            meeting=key,
            meeting_id=doc["meeting_id"],
            file=file,
            page=page,
            on=answer["ok"]["on"],
        )

    def unshare(self, device: str, pick: int, flag: bool) -> None:
        """A shared note made private again (or a private one deleted): gone for the others."""
        anns = [a for a in self._view(device)["annotations"] if not a["deleted"]]
        world = self.world()
        mine = [
            a
            for a in anns
            if (s := world.server.annotations.get(a["id"])) is not None
            and s.author == self.users[device]
        ]
        if not mine:
            return
        a = mine[pick % len(mine)]
        prior = world.server.annotations[a["id"]]
        if a["visibility"] != "private":
            answer = self.call(
                "set_visibility", device=device, annotation_id=a["id"], visibility="private"
            )
            if "ok" in answer:
                self.created(
                    device,
                    answer["ok"]["op_id"],
                    "annotation.put",
                    id=a["id"],
                    meeting=prior.meeting,
                    file=prior.file,
                    visibility="private",
                    text=a["text"],
                )
        else:
            answer = self.call("delete_annotation", device=device, annotation_id=a["id"])
            if "ok" in answer:
                self.created(device, answer["ok"]["op_id"], "annotation.delete", id=a["id"])

    def comment(self, device: str, pick: int, flag: bool) -> None:
        """A comment on an agenda item, or (``flag``) a reply to one shown there."""
        reply = flag
        view = self._view(device)
        if not view["items"]:
            return
        item = view["items"][pick % len(view["items"])]
        parents = [
            c for c in view["comments"] if c["item_id"] == item["id"] and c["state"] != "rejected"
        ]
        parent = parents[pick % len(parents)]["id"] if reply and parents else None
        body = f"comment zc{uuid.uuid4().hex[:8]}"
        answer = self.call("comment", device=device, item_id=item["id"], body=body, parent=parent)
        if "ok" not in answer:
            return
        key = next(k for k, m in self.published.items() if m.title == item["meeting"])
        number = next(i.number for i in self.published[key].items if i.title == item["title"])
        self.created(
            device,
            answer["ok"]["op_id"],
            "comment.add",
            meeting=key,
            meeting_id=item["meeting_id"],
            number=number,
            body=body,
            parent=parent,
        )

    def _decide(self, device: str, case: dict[str, Any], decision: str) -> bool:
        answer = self.call("decide", device=device, case_id=case["id"], decision=decision)
        if "ok" not in answer:
            return False
        key, number = self._case_key(case["title"])
        self.created(
            device,
            answer["ok"]["op_id"],
            "approval.decide",
            meeting=key,
            meeting_id=case["meeting_id"],
            number=number,
            decision=decision,
            version=case["version"],
        )
        return True

    def _case_key(self, title: str) -> tuple[str, str]:
        for key, m in self.published.items():
            for i in m.items:
                if i.case_title == title:
                    return key, i.number
        raise AssertionError(f"a case of an unknown item: {title}")

    def decide(self, device: str, pick: int, flag: bool) -> None:
        """Approve (``flag``) or reject an open case; one known decided is refused locally."""
        decision = "approve" if flag else "reject"
        view = self._view(device)
        cases = [c for c in view["cases"] if c["status"] == "open"]
        last = self.last_views.get(device)
        for c in view["cases"]:
            if last is not None and (c["title"], "decided") in last.get("cases", ()):
                # Known decided at the last quiescent round: refused locally, no op.
                answer = self.call("decide", device=device, case_id=c["id"], decision=decision)
                assert "ok" not in answer, f"{device} decided {c['title']} a second time"
        if cases:
            self._decide(device, cases[pick % len(cases)], decision)

    def two_tablets(self, device: str, pick: int, flag: bool) -> None:
        """Anna decides the same case offline on both tablets; the server's answer wins."""
        first = "approve" if flag else "reject"
        a1 = [c for c in self._view("A1")["cases"] if c["status"] == "open"]
        a2 = {c["title"]: c for c in self._view("A2")["cases"] if c["status"] == "open"}
        both = [c for c in a1 if c["title"] in a2]
        if not both:
            return
        case = both[pick % len(both)]
        other = "reject" if first == "approve" else "approve"
        self._decide("A1", case, first)
        self._decide("A2", a2[case["title"]], other)

    def read(self, device: str, pick: int, flag: bool) -> None:
        """The reader opens a document: a read receipt."""
        docs = self._view(device)["documents"]
        if not docs:
            return
        doc = docs[pick % len(docs)]
        answer = self.call("read", device=device, document_id=doc["id"])
        if "ok" in answer and answer["ok"]["op_id"]:
            key, file = self._doc_key(doc)
            self.created(
                device,
                answer["ok"]["op_id"],
                "read",
                meeting=key,
                meeting_id=doc["meeting_id"],
                file=file,
            )

    # -- sync ------------------------------------------------------------------------------

    def sync_one(self, device: str, pick: int, flag: bool) -> None:
        self.sync(device)

    def sync_killed(self, device: str, pick: int, flag: bool) -> None:
        """``folio sync`` killed with SIGKILL at the nth engine event of a kind (if it comes):
        ``pick`` chooses the event and n (1 to 3)."""
        event, nth = KILL_EVENTS[pick % len(KILL_EVENTS)], 1 + (pick // len(KILL_EVENTS)) % 3
        self.ok("lock", device=device)
        t = time.monotonic()
        proc = subprocess.Popen(
            [
                str(_BIN / "folio"),
                "--data-dir",
                str(self.device_dirs[device]),
                "--log-format",
                "json",
                "sync",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **self.fake_env},
        )
        assert proc.stderr is not None
        seen = 0
        for line in proc.stderr:
            try:
                name = json.loads(line).get("event")
            except ValueError:
                continue
            if name == event:
                seen += 1
                if seen >= nth:
                    proc.send_signal(signal.SIGKILL)
                    break
        proc.wait(timeout=120)
        proc.stderr.close()
        self._timed("folio sync", t)
        answer = self.call("unlock", device=device)
        if answer.get("ok", {}).get("gone"):
            self.gone(device)  # the sync met a revocation: wiped
            self.enroll(device)
        self.observe_arrivals()

    # -- time ------------------------------------------------------------------------------

    def grace(self, device: str, pick: int, flag: bool) -> None:
        """Nobody syncs for longer than the offline grace: closed material locks everywhere.

        Closed as each device knows it (from its last sync): an item closed on the
        server since is still open on a device that has not synced, rightly shown."""
        self.set_clock(timedelta(days=GRACE_DAYS + 1))
        for device in self.device_dirs:
            view = self._view(device)
            closed = {i["id"]: i for i in view["items"] if i["closed"]}
            # An item's marker (in its title after "zz") also marks its proposal and
            # documents after "zp".
            locked = {"zp" + i["title"].split("zz", 1)[1] for i in closed.values()}
            shown = json.dumps(
                {
                    "items": [{k: v for k, v in i.items() if k != "title"} for i in view["items"]],
                    "cases": [c["description"] for c in view["cases"]],
                    "comments": view["comments"],
                }
            )
            leaked = {t for t in locked if t in shown}
            assert not leaked, f"{device} offline past grace shows closed text {leaked}"
            for d in view["documents"]:
                assert not (d["closed"] and d["readable"]), f"{device} opens closed {d['title']}"
            shown_comments = [c["id"] for c in view["comments"] if c["item_id"] in closed]
            assert not shown_comments, f"{device} offline shows closed comments {shown_comments}"
            for token in locked:
                hits = self.ok("search", device=device, word=token)
                assert not hits, f"{device} offline search finds closed {token}: {hits}"

    def retention(self, device: str, pick: int, flag: bool) -> None:
        """The clock moves past the retention of every meeting published so far."""
        self.set_clock(timedelta(days=RETENTION_DAYS + 2))

    # -- backup and restore ----------------------------------------------------------------

    def backup(self, device: str, pick: int, flag: bool) -> None:
        """``folio-server backup`` while the server runs (a new one replaces the last)."""
        self.backup_dir = self.dir / f"backup-{uuid.uuid4().hex[:6]}"
        self.admin("backup", str(self.backup_dir))
        self.enrolled_since_backup = set()
        self.users_since_backup = set()
        self.record(o.BackupTaken())

    def restore(self, device: str, pick: int, flag: bool) -> None:
        """Stop the server, ``folio-server restore`` the last backup (none yet: take one),
        start it again. ``flag``: bob, when a member, is removed first (after the backup):
        the security journal must keep him out."""
        if self.backup_dir is None:
            self.backup(device, pick, flag)
            return
        bob = self.users["B"]
        if flag and o.is_member(self.world().server, bob, self.committee):
            self.admin("member", "remove", self.committee, bob)
            self.record(o.MemberRemoved(bob, self.committee))
        self.observe_arrivals()
        self.shared.stop_server()
        t = time.monotonic()
        done = self.server.cli("restore", str(self.backup_dir), env=self.fake_env)
        self._timed("cli restore", t)
        assert done.returncode == 0, f"folio-server restore: {done.stderr}"
        self.shared.start_server()
        self.record(o.Restored())
        with self.server.ctx.engine.connect() as conn:
            self.server_ops = {str(r[0]) for r in conn.execute(text("SELECT id FROM ops"))}
        # Users added and devices enrolled after the backup are unknown to the restored
        # server (docs/admin.md): the users are added again, the tablets enroll again.
        for user in sorted(self.users_since_backup):
            self.admin("user", "add", user)
        for device in sorted(self.enrolled_since_backup):
            self.ok("wipe", device=device)
            self.gone(device)
            self.enroll(device)

    # -- the invariants after a quiescent round --------------------------------------------

    def quiescent(self, device: str, pick: int, flag: bool) -> None:
        self.check_quiescent()

    def must_sync(self, device: str) -> None:
        result = self.sync(device)
        assert result.get("ok", {}).get("ok"), f"{device} sync failed: {result}"

    def approve_tablets(self) -> None:
        """The reader approves each new tablet of hers on one she has, comparing the
        codes, or types her recovery key when she has none left (docs/spec/e2e-notes.md).
        Runs after the usual rounds, so offline work still arrives in the order the
        oracle expects; then the tablet sends what it held back and the others pull it."""
        states = {d: self.ok("notes", device=d) for d in DEVICES}
        for d, s in states.items():
            if s["recovery_key"]:
                self.recovery_keys[self.users[d]] = s["recovery_key"]
        for new in DEVICES:
            if states[new]["approved"]:
                continue
            user = self.users[new]
            siblings = [
                d for d in DEVICES if d != new and self.users[d] == user and states[d]["approved"]
            ]
            if siblings:
                by = siblings[0]
                for _ in range(3):
                    self.must_sync(by)  # answers the request, or computes the code
                    asking = {
                        a["device_id"]: a["code"] for a in self.ok("notes", device=by)["asking"]
                    }
                    code = self.ok("notes", device=new)["code"]
                    if code is not None and asking.get(self.device_ids[new]) == code:
                        self.ok("approve", device=by, device_id=self.device_ids[new])
                        break
                    self.must_sync(new)  # asks, or reveals its nonce
                else:
                    raise AssertionError(f"{new} never showed the code its sibling shows")
                self.must_sync(by)  # the wrap
            elif user in self.recovery_keys:
                self.ok("recover", device=new, key=self.recovery_keys[user])
            else:
                # no tablet of hers holds the key and she has no recovery key: she starts
                # over on this one (docs/spec/e2e-notes.md, "Starting over")
                self.record(o.NotesStartedOver(user))  # before its notes go up again
                self.ok("start_over", device=new)
                self.must_sync(new)
            self.must_sync(new)  # takes the key: held marks go up, parked ones open
            for d in DEVICES:
                if d != new:
                    self.must_sync(d)  # and the others pull them
            states = {d: self.ok("notes", device=d) for d in DEVICES}

    def check_server_holds_no_private_note(self) -> None:
        """Private notes reach the server sealed (docs/spec/e2e-notes.md): no row of the
        tables that carry annotations (their rows, the op log, the feed) holds one's text."""
        if not self.private_notes:
            return
        with self.server.ctx.engine.connect() as conn:
            held = "\n".join(
                str(tuple(row))
                for table in ("annotations", "ops", "feed")
                for row in conn.execute(text(f"SELECT * FROM {table}"))
            )
        leaked = sorted(t for t in self.private_notes if t in held)
        assert not leaked, f"the server holds private notes in the clear: {leaked}"

    def check_quiescent(self) -> None:
        for _ in range(2):  # the second round must succeed too: never stuck
            for device in DEVICES:
                result = self.sync(device)
                assert result.get("ok", {}).get("ok"), f"{device} sync failed: {result}"
        self.approve_tablets()
        self.check_server_holds_no_private_note()
        world = self.world()
        answers = self.server_answers()
        for device in DEVICES:
            user = self.users[device]
            view = self._view(device)
            got = project(view)
            want = o.device_view(world, device)
            for kind in want:
                assert got[kind] == want[kind], (
                    f"{device} ({user}) {kind}: missing {sorted(want[kind] - got[kind])}, "
                    f"unexpected {sorted(got[kind] - want[kind])}"
                )
            self.last_views[device] = {k: set(v) for k, v in got.items()}
            for d in view["documents"]:
                assert d["readable"], f"{device}: {d['title']} not readable ({d['state']})"
            secrets = o.secret_tokens(world, user)
            dumped = json.dumps(view)
            leaked = {t for t in secrets if t in dumped}
            assert not leaked, f"{device} ({user}, not a member) shows closed {leaked}"
            for token in secrets:
                hits = self.ok("search", device=device, word=token)
                assert not hits, f"{device} search finds closed {token}"
            self.ok("lock", device=device)
            try:
                on_disk = vault_reader.find_words(self.device_dirs[device], PIN, secrets)
            finally:
                self.ok("unlock", device=device)
            assert not on_disk, f"{device}: closed text in the decrypted vault: {on_disk}"
            device_ops = {op["id"]: op for op in self.ok("ops", device=device)}
            states = {op_id: op["state"] for op_id, op in device_ops.items()}
            for op in world.ops.values():
                if op.device != device or op.op_id in self.lost_ops or op.op_id not in states:
                    continue
                if op.op_id in world.forgotten and op.op_id not in answers:
                    # rejected, then a restore lost the answer: the device keeps it rejected
                    assert states[op.op_id] == "rejected", f"{device}: {op.kind} {op.op_id}"
                    continue
                if op.op_id not in answers and _superseded(world, op):
                    continue  # a restore lost it; the later op on the mark carries its state
                if op.op_id not in answers and device_ops[op.op_id]["redacted"]:
                    # a restore lost it after its meeting left the device (retention,
                    # withdrawal, lost access), which took the op's content with it
                    # (nothing in the clear): there is nothing left to send again
                    continue
                want_outcome = o.expected_outcome(world, op.op_id)
                assert op.op_id in answers, (
                    f"{device}: op {op.kind} {op.op_id} never reached the server "
                    f"(on the device: {device_ops[op.op_id]})"
                )
                server_status = {"applied": "applied", "rejected": "rejected"}.get(
                    answers[op.op_id]
                )
                assert server_status == want_outcome, (
                    f"op {op.kind} {dict(op.args)} from {device}: server {answers[op.op_id]}, "
                    f"oracle {want_outcome}"
                )
                device_state = "confirmed" if want_outcome == "applied" else "rejected"
                assert states[op.op_id] == device_state, (
                    f"{device}: op {op.kind} is {states[op.op_id]}, expected {device_state}"
                )


def _superseded(world: o.World, op: Any) -> bool:
    """An annotation op with a later op of the same device on the same mark is not sent
    again after a restore (sync/engine/outbox.py requeue_lost): each carries the mark's
    whole state, and the later one may already be on the restored server."""
    kinds: tuple[str, ...] = ("annotation.put", "annotation.delete")
    if op.kind == "bookmark.sealed":
        kinds, mark_of = ("bookmark.sealed",), _bookmark_of
    elif op.kind in kinds:
        mark_of = _mark_of
    else:
        return False
    mark = mark_of(op)
    ops = list(world.ops.values())
    later = ops[ops.index(op) + 1 :]
    return any(o2.device == op.device and o2.kind in kinds and mark_of(o2) == mark for o2 in later)


def _mark_of(op: Any) -> Any:
    return dict(op.args).get("id")


def _bookmark_of(op: Any) -> Any:
    args = dict(op.args)
    return (args["meeting"], args["file"], args["page"])


def project(view: dict[str, Any]) -> dict[str, frozenset[Any]]:
    """The facade's view in the oracle's terms (what the reader is shown)."""
    return {
        "meetings": frozenset(m["title"] for m in view["meetings"]),
        "items": frozenset(
            (i["meeting"], i["title"], i["closed"], i["proposal"]) for i in view["items"]
        ),
        "documents": frozenset((d["meeting"], d["title"], d["version"]) for d in view["documents"]),
        "cases": frozenset(
            (c["title"], c["status"]) for c in view["cases"] if c["status"] != "withdrawn"
        ),
        "comments": frozenset(
            (c["id"], c["body"], c["parent_id"])
            for c in view["comments"]
            if c["state"] != "rejected"
        ),
        "annotations": frozenset(
            (a["id"], a["text"], a["visibility"]) for a in view["annotations"] if not a["deleted"]
        ),
        "bookmarks": frozenset((b["meeting"], b["title"], b["page"]) for b in view["bookmarks"]),
    }


STEPS: dict[str, Callable[[WholeSystem, str, int, bool], None]] = {
    "sync": WholeSystem.sync_one,
    "publish": WholeSystem.publish,
    "annotate": WholeSystem.annotate,
    "comment": WholeSystem.comment,
    "decide": WholeSystem.decide,
    "read": WholeSystem.read,
    "bookmark": WholeSystem.bookmark,
    "unshare": WholeSystem.unshare,
    "member": WholeSystem.member,
    "withdraw": WholeSystem.withdraw,
    "two_tablets": WholeSystem.two_tablets,
    "sync_killed": WholeSystem.sync_killed,
    "revoke": WholeSystem.revoke,
    "remove_user": WholeSystem.remove_user,
    "grace": WholeSystem.grace,
    "retention": WholeSystem.retention,
    "backup": WholeSystem.backup,
    "restore": WholeSystem.restore,
    "quiescent": WholeSystem.quiescent,
}
assert set(STEPS) == set(KINDS)

#: Every kind at least once, in an order where each finds something to act on: a
#: committee with closed and open items, notes of every visibility, comments and a
#: reply, decisions (two tablets at once), member changes, a backup and a restore
#: after removing bob, revocations, a user removed, the clock past grace and retention.
TOUR: tuple[tuple[str, str, int, bool], ...] = (
    ("publish", "A1", 0b010, False),  # m0: item 2 closed
    ("publish", "A1", 0b101, True),  # m1: items 1 and 3 closed
    ("quiescent", "A1", 0, False),
    ("annotate", "A1", 1, False),  # committee
    ("annotate", "B", 2, False),  # secretariat
    ("annotate", "N", 0, False),  # private
    ("comment", "B", 1, False),
    ("read", "N", 0, False),
    ("bookmark", "A1", 1, False),  # set on page 1
    ("decide", "B", 0, True),
    ("two_tablets", "A1", 0, True),
    ("backup", "A1", 0, False),
    ("sync", "A1", 0, False),
    ("sync_killed", "A2", 2, False),  # pull.page_committed
    ("comment", "A2", 0, True),  # a reply
    ("member", "N", 0, False),  # carl added
    ("publish", "A1", 0b1001_011, False),  # m0 again: items 1, 2 closed, new texts
    ("quiescent", "A1", 0, False),
    ("unshare", "A1", 0, False),
    ("restore", "A1", 0, True),  # bob removed after the backup, then restored
    ("quiescent", "A1", 0, False),
    ("bookmark", "A2", 1, False),  # the same page: removed on her other tablet
    ("withdraw", "A1", 1, False),
    ("revoke", "N", 0, True),
    ("remove_user", "B", 0, False),
    ("grace", "A1", 0, False),
    ("retention", "A1", 0, False),
)
assert {kind for kind, *_ in TOUR} == set(KINDS)


def _script(steps: list[str]) -> str:
    return "\n".join(["state = WholeSystem()", "state.setup()", *steps, "state.teardown()"])


def _tour() -> None:
    """Walk TOUR once (teardown checks the end); on failure print it as a script."""
    state = WholeSystem()
    done: list[str] = []
    try:
        state.setup()
        for kind, device, pick, flag in TOUR:
            done.append(f"state.step(kind={kind!r}, device={device!r}, pick={pick}, flag={flag})")
            state.step(kind, device, pick, flag)
    except BaseException:
        print("Failing tour:\n" + _script(done))
        state.failed = True
        raise
    finally:
        state.teardown()


def _run(root: Path, pg: PgCluster | None) -> None:
    """The tour, then the random examples of the profile, on one server."""
    shared = WholeSystem.shared = Shared(root, pg)
    try:
        _tour()
        profile = settings.get_profile(PROFILE)
        if PROFILE != "long":
            run_state_machine_as_test(WholeSystem, settings=profile)
            return
        # The long run: batches until 2,000 examples or the time budget, whichever first.
        # A failing batch is reported (shrunk) and the run goes on with fresh batches
        # (no example database: a saved failure would open every later batch).
        started, first, failures = time.monotonic(), _EXAMPLES[0], 0
        batch = settings(profile, max_examples=3, database=None)
        while (
            _EXAMPLES[0] - first < profile.max_examples
            and time.monotonic() - started < MINUTES * 60
        ):
            try:
                run_state_machine_as_test(WholeSystem, settings=batch)
            except Exception as exc:
                failures += 1
                print(f"model long run: FAILURE {failures}: {exc!r}"[:2000], flush=True)
            minutes = (time.monotonic() - started) / 60
            done = _EXAMPLES[0] - first
            print(
                f"model long run: {done} examples in {minutes:.1f} min, {failures} failures",
                flush=True,
            )
        assert not failures, f"{failures} failing batches (see the output above)"
    finally:
        shared.close()


def test_whole_system_sqlite(tmp_path: Path) -> None:
    _run(tmp_path, None)


@pytest.mark.postgres
def test_whole_system_postgres(tmp_path: Path, pg_cluster: PgCluster) -> None:
    _run(tmp_path, pg_cluster)
