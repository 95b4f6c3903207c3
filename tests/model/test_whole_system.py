"""The whole system against the visibility oracle (docs/spec/visibility.md).

A Hypothesis state machine drives the real server (``folio-server serve`` as a
subprocess, SQLite and the throwaway PostgreSQL) and four real devices: two
tablets of one reader (anna, a member), a member (bob) and a non-member (carl).
Only public paths: ``folio-server`` commands, ``folio sync`` (killed with SIGKILL
at a random engine event), HTTP, and the ``sync.api`` facade (in
tests/model/device_host.py). The clock moves with libfaketime on the server, the
devices and every command: one FAKETIME_TIMESTAMP_FILE for all of them.

After each quiescent sync round (every device syncs twice), for every device:
- the facade shows exactly the oracle's view (meetings, items, documents,
  cases with their decided state, comments, annotations);
- no closed text of a committee the reader is not in, anywhere: the facade,
  search, and the decrypted database (tests/helpers/vault_reader.py);
- every op it created is on the server once, with the answer the oracle expects;
- both syncs succeeded (never stuck).
Past the offline grace, before any sync: closed proposals, documents, comments
and search hits are locked on every device.

A failing example prints as a replayable list of ``state.rule(...)`` calls.
Budget: conftest.py (``FOLIO_MODEL_PROFILE=long`` for ``./dev test --model-long``).
"""

from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from server_harness import PASSWORD, PgCluster, Server, _start, pdf_bytes
from sqlalchemy import text

from sync.protocol import Policy
from tests.helpers import vault_reader
from tests.model import oracle as o
from tests.model.conftest import MINUTES, PROFILE

pytestmark = pytest.mark.model

_BIN = Path(sys.executable).parent
_HOST = Path(__file__).resolve().parent / "device_host.py"
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


def _has_backup_cmd() -> bool:
    """`folio-server backup` / `restore` exist (the restore rules switch on by themselves)."""
    from server.cli import build_parser  # noqa: PLC0415

    return "backup" in build_parser().format_help()


def _libfaketime() -> str:
    hits = sorted(glob.glob("/usr/lib/*/faketime/libfaketimeMT.so.1"))
    if not hits:
        pytest.skip("libfaketime is not installed (./dev setup installs Debian's faketime)")
    return hits[0]


#: Seconds spent per command (printed with -s when FOLIO_MODEL_TIMES=1), to fit budgets.
_TIMES: dict[str, float] = {}


class Shared:
    """One server, one device host and one clock for every example of a run.

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
        self.host = subprocess.Popen(
            [sys.executable, str(_HOST)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, **self.fake_env},
        )
        self.has_backup_cmd = _has_backup_cmd()

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
        if self.host.poll() is None:
            assert self.host.stdin is not None
            self.host.stdin.close()
            try:
                self.host.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.host.kill()
                self.host.wait()
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
        self.history: list[o.Event] = []
        self.device_dirs: dict[str, Path] = {}
        self.device_ids: dict[str, str] = {}
        self.meeting_ids: dict[str, str] = {}  # meeting key -> server id
        self.published: dict[str, o.Published] = {}
        self.op_order: list[str] = []  # every op created, in creation order
        self.last_views: dict[str, dict[str, Any]] = {}
        self.backup_taken = False
        self.backup_dir = self.dir / "no-backup"
        self.lost_ops: set[str] = set()
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

    @property
    def has_backup_cmd(self) -> bool:
        return self.shared.has_backup_cmd

    # -- plumbing --------------------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.now(UTC) + self.shared.offset

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        t = time.monotonic()
        try:
            done: subprocess.CompletedProcess[str] = self.server.cli(*args, env=self.fake_env)
            return done
        finally:
            _TIMES[f"cli {args[0]}"] = _TIMES.get(f"cli {args[0]}", 0.0) + time.monotonic() - t

    def admin(self, *args: str) -> str:
        r = self.cli(*args)
        assert r.returncode == 0, f"folio-server {' '.join(args)}: {r.stderr}"
        return r.stdout

    def call(self, cmd: str, **kw: Any) -> Any:
        assert self.host.stdin is not None
        assert self.host.stdout is not None
        t = time.monotonic()
        self.host.stdin.write(json.dumps({"cmd": cmd, **kw}) + "\n")
        self.host.stdin.flush()
        answer = json.loads(self.host.stdout.readline())
        _TIMES[cmd] = _TIMES.get(cmd, 0.0) + time.monotonic() - t
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
        self.record(o.Enrolled(device, self.users[device]))

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
        result = self.call("sync", device=device)
        self.observe_arrivals()
        return result

    def set_clock(self, delta: timedelta) -> None:
        self.shared.move_clock(delta)
        self.record(o.ClockMoved(self.now()))

    # -- setup -----------------------------------------------------------------------------

    @initialize()
    def setup(self) -> None:
        # Setup runs the CLI's own admin functions in-process (the harness's way, at
        # clock offset 0): the rules use the real `folio-server` commands.
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

    def teardown(self) -> None:
        """Let go of this example's devices; the server and the device host live on."""
        if os.environ.get("FOLIO_MODEL_TIMES") == "1":
            print("model times:", {k: round(v, 1) for k, v in sorted(_TIMES.items())})
            print("model events:", [type(e).__name__ for e in self.history[7:]])
        if self.host.poll() is None:
            for device in DEVICES:
                self.call("forget", device=device)

    # -- publishing ------------------------------------------------------------------------

    @rule(
        slot=st.sampled_from(["m0", "m1"]),
        closed=st.tuples(st.booleans(), st.booleans(), st.booleans()),
        texts=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    )
    def publish(self, slot: str, closed: tuple[bool, bool, bool], texts: tuple[int, int]) -> None:
        """Publish a meeting, or a new version of it: items opened/closed, documents changed."""
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
                (folder / d.file).write_bytes(pdf_bytes(d.text))
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
        self.published[key] = event
        self.record(event)

    @precondition(lambda self: any(k not in self.world().server.withdrawn for k in self.published))
    @rule(pick=st.integers(0, 99))
    def withdraw(self, pick: int) -> None:
        live = sorted(k for k in self.published if k not in self.world().server.withdrawn)
        key = live[pick % len(live)]
        self.admin("meeting", "withdraw", self.meeting_ids[key])
        self.record(o.Withdrawn(key))

    # -- membership and devices ------------------------------------------------------------

    @rule(device=st.sampled_from(["B", "N"]))
    def toggle_member(self, device: str) -> None:
        """Member added (carl, or bob back) or removed (bob, or carl again)."""
        user = self.users[device]
        if o.is_member(self.world().server, user, self.committee):
            self.admin("member", "remove", self.committee, user)
            self.record(o.MemberRemoved(user, self.committee))
        else:
            self.admin("member", "add", self.committee, user)
            self.record(o.MemberAdded(user, self.committee))

    @rule(device=st.sampled_from(["B", "N"]))
    def revoke_wipe_reenroll(self, device: str) -> None:
        """IT revokes a tablet with wipe; it wipes on its next contact; a new one is enrolled."""
        self.admin("device", "revoke", self.device_ids[device], "--wipe")
        result = self.sync(device)
        assert result["ok"].get("wiped") or "error" in result, result
        self.ok("forget", device=device)
        world = self.world()
        self.lost_ops |= {
            op.op_id
            for op in world.ops.values()
            if op.device == device and op.op_id not in self.server_ops
        }
        self.record(o.DeviceWiped(device))
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
        items = {i["id"] for i in view["items"]}
        view["comments"] = [c for c in view["comments"] if c["item_id"] in items]
        docs = {d["id"] for d in view["documents"]}
        view["annotations"] = [a for a in view["annotations"] if a["document_id"] in docs]
        return view

    @rule(
        device=st.sampled_from(list(DEVICES)),
        pick=st.integers(0, 99),
        visibility=st.sampled_from(["private", "committee", "secretariat"]),
    )
    def annotate(self, device: str, pick: int, visibility: str) -> None:
        docs = self._view(device)["documents"]
        if not docs:
            return
        doc = docs[pick % len(docs)]
        note = f"note zn{uuid.uuid4().hex[:8]}"
        answer = self.call(
            "annotate", device=device, document_id=doc["id"], visibility=visibility, text=note
        )
        if "ok" not in answer:
            return  # refused locally (e.g. offline-locked closed document): no op
        key, file = self._doc_key(doc)
        self.created(
            device,
            answer["ok"]["op_id"],
            "annotation.put",
            id=answer["ok"]["id"],
            meeting=key,
            file=file,
            visibility=visibility,
            text=note,
        )

    def _doc_key(self, doc: dict[str, Any]) -> tuple[str, str]:
        for key, m in self.published.items():
            if m.title == doc["meeting"]:
                return key, doc["title"]
        raise AssertionError(f"a document of an unknown meeting: {doc}")

    @rule(device=st.sampled_from(list(DEVICES)), pick=st.integers(0, 99))
    def unshare_or_delete(self, device: str, pick: int) -> None:
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

    @rule(device=st.sampled_from(list(DEVICES)), pick=st.integers(0, 99), reply=st.booleans())
    def comment(self, device: str, pick: int, reply: bool) -> None:
        """A comment on an agenda item, or a reply to one shown there."""
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

    @rule(
        device=st.sampled_from(list(DEVICES)),
        pick=st.integers(0, 99),
        decision=st.sampled_from(["approve", "reject"]),
    )
    def decide(self, device: str, pick: int, decision: str) -> None:
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

    @rule(pick=st.integers(0, 99), first=st.sampled_from(["approve", "reject"]))
    def decide_on_two_tablets(self, pick: int, first: str) -> None:
        """Anna decides the same case offline on both tablets; the server's answer wins."""
        a1 = [c for c in self._view("A1")["cases"] if c["status"] == "open"]
        a2 = {c["title"]: c for c in self._view("A2")["cases"] if c["status"] == "open"}
        both = [c for c in a1 if c["title"] in a2]
        if not both:
            return
        case = both[pick % len(both)]
        other = "reject" if first == "approve" else "approve"
        self._decide("A1", case, first)
        self._decide("A2", a2[case["title"]], other)

    @rule(device=st.sampled_from(list(DEVICES)), pick=st.integers(0, 99))
    def read(self, device: str, pick: int) -> None:
        docs = self._view(device)["documents"]
        if not docs:
            return
        doc = docs[pick % len(docs)]
        answer = self.call("read", device=device, document_id=doc["id"])
        if "ok" in answer and answer["ok"]["op_id"]:
            key, file = self._doc_key(doc)
            self.created(device, answer["ok"]["op_id"], "read", meeting=key, file=file)

    # -- sync ------------------------------------------------------------------------------

    @rule(device=st.sampled_from(list(DEVICES)))
    def sync_one(self, device: str) -> None:
        self.sync(device)

    @rule(
        device=st.sampled_from(list(DEVICES)),
        event=st.sampled_from(KILL_EVENTS),
        nth=st.integers(1, 3),
    )
    def sync_killed(self, device: str, event: str, nth: int) -> None:
        """``folio sync`` killed with SIGKILL at the nth engine event of a kind (if it comes)."""
        self.ok("lock", device=device)
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
        self.ok("unlock", device=device)
        self.observe_arrivals()

    # -- time ------------------------------------------------------------------------------

    @rule()
    def clock_past_grace(self) -> None:
        """Nobody syncs for longer than the offline grace: closed material locks everywhere."""
        self.set_clock(timedelta(days=GRACE_DAYS + 1))
        world = self.world()
        locked = o.locked_tokens(world)
        hidden_comments = o.closed_comment_ids(world)
        for device in self.device_dirs:
            view = self._view(device)
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
            shown_comments = {c["id"] for c in view["comments"]} & hidden_comments
            assert not shown_comments, f"{device} offline shows closed comments {shown_comments}"
            for token in locked:
                hits = self.ok("search", device=device, word=token)
                assert not hits, f"{device} offline search finds closed {token}: {hits}"

    @rule()
    def clock_past_retention(self) -> None:
        self.set_clock(timedelta(days=RETENTION_DAYS + 2))

    # -- backup and restore (on once `folio-server backup` exists) -------------------------

    @precondition(lambda self: self.has_backup_cmd and not self.backup_taken)
    @rule()
    def backup(self) -> None:
        self.backup_dir = self.dir / f"backup-{uuid.uuid4().hex[:6]}"
        self.admin("backup", str(self.backup_dir))
        self.backup_taken = True
        self.record(o.BackupTaken())

    @precondition(lambda self: self.has_backup_cmd and self.backup_taken)
    @rule(remove_first=st.booleans())
    def restore(self, remove_first: bool) -> None:
        """Restore the last backup (after removing bob, when he is a member: the journal
        must keep him out)."""
        bob = self.users["B"]
        if remove_first and o.is_member(self.world().server, bob, self.committee):
            self.admin("member", "remove", self.committee, bob)
            self.record(o.MemberRemoved(bob, self.committee))
        self.shared.stop_server()
        self.admin("restore", str(self.backup_dir))
        self.shared.start_server()
        self.record(o.Restored())
        self.backup_taken = False  # the next restore needs a backup of its own
        with self.server.ctx.engine.connect() as conn:
            self.server_ops = {str(r[0]) for r in conn.execute(text("SELECT id FROM ops"))}

    # -- the invariants after a quiescent round --------------------------------------------

    @rule()
    def quiescent_round(self) -> None:
        self.check_quiescent()

    def check_quiescent(self) -> None:
        for _ in range(2):  # the second round must succeed too: never stuck
            for device in DEVICES:
                result = self.sync(device)
                assert result.get("ok", {}).get("ok"), f"{device} sync failed: {result}"
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
            states = {op["id"]: op["state"] for op in self.ok("ops", device=device)}
            for op in world.ops.values():
                if op.device != device or op.op_id in self.lost_ops or op.op_id not in states:
                    continue
                want_outcome = o.expected_outcome(world, op.op_id)
                assert op.op_id in answers, (
                    f"{device}: op {op.kind} {op.op_id} never reached the server"
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
    }


def _run(root: Path, pg: PgCluster | None) -> None:
    shared = WholeSystem.shared = Shared(root, pg)
    try:
        profile = settings.get_profile(PROFILE)
        if PROFILE != "long":
            run_state_machine_as_test(WholeSystem, settings=profile)
            return
        # The long run: batches until 2,000 examples or the time budget, whichever first.
        started, done, batch = time.monotonic(), 0, 25
        while done < profile.max_examples and time.monotonic() - started < MINUTES * 60:
            run_state_machine_as_test(WholeSystem, settings=settings(profile, max_examples=batch))
            done += batch
        minutes = (time.monotonic() - started) / 60
        print(f"model long run: {done} examples in {minutes:.1f} min")
    finally:
        shared.close()


def test_whole_system_sqlite(tmp_path: Path) -> None:
    _run(tmp_path, None)


@pytest.mark.postgres
def test_whole_system_postgres(tmp_path: Path, pg_cluster: PgCluster) -> None:
    _run(tmp_path, pg_cluster)
