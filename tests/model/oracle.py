"""The visibility oracle: from the history of events to what each device must hold.

A pure function of its input (docs/spec/visibility.md written as code). It imports
nothing of server/ or sync/, so a bug in the server's access rules cannot hide
itself by being copied here. The stateful test (test_whole_system.py) records every
event it causes, plus the one thing only the system can tell: in which order ops
*arrived* at the server (a sync killed halfway may or may not have delivered them).
The oracle judges each op on arrival against the server state of that moment, as
the specification says the server must.

Designed to grow: an event is a frozen dataclass with one ``apply`` function in
``APPLY``; a kind of thing a device holds is one ``view`` function in ``VIEWS``.
Later work (meeting day, decision processes) adds its events and kinds to the two
tables without touching the others.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

# ---------------------------------------------------------------------------
# events (natural keys only: server-made ids are unknown to the oracle)


@dataclass(frozen=True)
class DocSpec:
    file: str
    title: str
    text: str


@dataclass(frozen=True)
class ItemSpec:
    number: str
    title: str
    closed: bool
    proposal: str = ""
    needs_decision: bool = False
    docs: tuple[DocSpec, ...] = ()

    @property
    def case_title(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class Enrolled:
    device: str
    user: str


@dataclass(frozen=True)
class DeviceWiped:
    """Revoked with wipe (or wiped by the reader): the vault is gone, its unsent ops too."""

    device: str


@dataclass(frozen=True)
class Published:
    key: str
    committee: str
    title: str
    starts_at: datetime
    items: tuple[ItemSpec, ...]
    #: the server's id: kept by a new version; a meeting a restore lost is a new one
    meeting_id: str = ""


@dataclass(frozen=True)
class Withdrawn:
    key: str


@dataclass(frozen=True)
class MemberAdded:
    user: str
    committee: str


@dataclass(frozen=True)
class MemberRemoved:
    user: str
    committee: str


@dataclass(frozen=True)
class UserRemoved:
    """``folio-server user remove``: every membership ends, every device is revoked."""

    user: str


@dataclass(frozen=True)
class PolicySet:
    retention_days: int
    offline_grace_days: int


@dataclass(frozen=True)
class ClockMoved:
    to: datetime


@dataclass(frozen=True)
class OpCreated:
    """A change written on a device with its op (facade accepted it locally)."""

    device: str
    user: str
    op_id: str
    #: "annotation.put" | "annotation.delete" | "comment.add" | "approval.decide" | "read"
    #: | "bookmark.sealed"
    kind: str
    args: tuple[tuple[str, Any], ...]

    def arg(self, name: str) -> Any:
        return dict(self.args)[name]


@dataclass(frozen=True)
class OpsArrived:
    """Ops the server took in, in arrival order (observed after a sync, killed or not)."""

    op_ids: tuple[str, ...]


@dataclass(frozen=True)
class NotesStartedOver:
    """No tablet of hers held the notes key and she had no recovery key: a new tablet
    made a new one. What was sealed before (her private notes, her bookmarks) cannot be
    opened again by any device; a restore does not change that."""

    user: str


@dataclass(frozen=True)
class BackupTaken:
    pass


@dataclass(frozen=True)
class Restored:
    """The server went back to the last backup; the security journal is replayed."""


Event = Any  # one of the dataclasses above, or one a later module registers


# ---------------------------------------------------------------------------
# the server's state as the specification defines it


@dataclass
class Annotation:
    id: str
    author: str
    meeting: str
    file: str
    visibility: str  # private | committee | secretariat
    text: str
    deleted: bool = False


@dataclass
class Comment:
    id: str
    author: str
    meeting: str
    number: str
    body: str
    parent_id: str | None


@dataclass
class ServerState:
    meetings: dict[str, Published] = field(default_factory=dict)
    withdrawn: set[str] = field(default_factory=set)
    #: per meeting key and file: the current version number and its text
    versions: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)  # committee -> users
    annotations: dict[str, Annotation] = field(default_factory=dict)
    comments: dict[str, Comment] = field(default_factory=dict)
    decisions: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (user, key, n)
    #: a meeting case's version: +1 when it is withdrawn and when it opens again
    case_versions: dict[tuple[str, str], int] = field(default_factory=dict)
    #: (user, meeting key, file, page) -> set or removed: the last op to arrive wins
    bookmarks: dict[tuple[str, str, str, int], bool] = field(default_factory=dict)
    applied_ops: set[str] = field(default_factory=set)
    retention_days: int = 0
    offline_grace_days: int = 30


@dataclass
class World:
    server: ServerState = field(default_factory=ServerState)
    backup: ServerState | None = None
    #: removals after the backup: the security journal a restore replays
    journal: list[MemberRemoved] = field(default_factory=list)
    now: datetime = datetime(2000, 1, 1)
    devices: dict[str, str] = field(default_factory=dict)  # device -> user (enrolled now)
    ops: dict[str, OpCreated] = field(default_factory=dict)
    #: op -> "applied" | "rejected"; an op applied before a restore is judged again
    outcome: dict[str, str] = field(default_factory=dict)
    #: ops applied after the backup (a restore loses them; devices re-send them)
    since_backup: list[str] = field(default_factory=list)
    #: ops rejected after the backup: a restore loses the answer; a device that has
    #: it keeps the op rejected and never sends it again (one without it re-sends)
    rejected_since_backup: list[str] = field(default_factory=list)
    #: rejected ops whose answer a restore lost and that did not arrive again
    forgotten: set[str] = field(default_factory=set)
    lost_device_ops: set[str] = field(default_factory=set)
    #: private annotations sealed under a notes key their author no longer has
    unreadable: set[str] = field(default_factory=set)
    #: per meeting key and file: the highest version number ever handed out (a restore
    #: does not forget it: the server journals it)
    issued: dict[tuple[str, str], int] = field(default_factory=dict)

    def user_of(self, device: str) -> str:
        return self.devices[device]


# ---------------------------------------------------------------------------
# access: who may see what (docs/spec/visibility.md, "Who may see it")


def is_member(s: ServerState, user: str, committee: str) -> bool:
    return user in s.members.get(committee, set())


def item_of(s: ServerState, key: str, number: str) -> ItemSpec | None:
    m = s.meetings.get(key)
    if m is None:
        return None
    return next((i for i in m.items if i.number == number), None)


def item_visible(s: ServerState, user: str, key: str, number: str) -> bool:
    m = s.meetings.get(key)
    item = item_of(s, key, number)
    if m is None or item is None or key in s.withdrawn:
        return False
    return not item.closed or is_member(s, user, m.committee)


def doc_item(s: ServerState, key: str, file: str) -> ItemSpec | None:
    m = s.meetings.get(key)
    if m is None:
        return None
    return next((i for i in m.items if any(d.file == file for d in i.docs)), None)


def doc_visible(s: ServerState, user: str, key: str, file: str) -> bool:
    item = doc_item(s, key, file)
    return item is not None and item_visible(s, user, key, item.number)


def annotation_visible(s: ServerState, user: str, a: Annotation) -> bool:
    """Own annotations on a document one may see; 'committee' ones to members who may
    see the document (never to non-members, also on open documents); 'secretariat'
    ones to no other reader."""
    if a.deleted or not doc_visible(s, user, a.meeting, a.file):
        return False
    if a.author == user:
        return True
    if a.visibility != "committee":
        return False
    return is_member(s, user, s.meetings[a.meeting].committee)


def case_visible(s: ServerState, user: str, key: str, number: str) -> bool:
    """Meeting cases are decided by the committee's members: only they hold them."""
    item = item_of(s, key, number)
    if item is None or not item.needs_decision or key in s.withdrawn:
        return False
    return is_member(s, user, s.meetings[key].committee)


# ---------------------------------------------------------------------------
# judging an op on arrival (the server's answer, as the specification defines it)


def _same_meeting(s: ServerState, op: OpCreated) -> bool:
    """The op refers to the meeting the server holds under its key now (not one a
    restore lost and a later publish made anew, with new ids for everything in it)."""
    args = dict(op.args)
    m = s.meetings.get(args.get("meeting", ""))
    return "meeting_id" not in args or (m is not None and m.meeting_id == args["meeting_id"])


def _judge(s: ServerState, user: str, op: OpCreated) -> bool:
    if not _same_meeting(s, op):
        return False
    if op.kind == "annotation.put":
        a = s.annotations.get(op.arg("id"))
        if a is not None and a.author != user:
            return False
        if not doc_visible(s, user, op.arg("meeting"), op.arg("file")):
            return False
        s.annotations[op.arg("id")] = Annotation(
            op.arg("id"),
            user,
            op.arg("meeting"),
            op.arg("file"),
            op.arg("visibility"),
            op.arg("text"),
        )
        return True
    if op.kind == "annotation.delete":
        a = s.annotations.get(op.arg("id"))
        if a is None or a.author != user:
            return False
        a.deleted = True
        return True
    if op.kind == "comment.add":
        if not item_visible(s, user, op.arg("meeting"), op.arg("number")):
            return False
        s.comments[op.op_id] = Comment(
            op.op_id, user, op.arg("meeting"), op.arg("number"), op.arg("body"), op.arg("parent")
        )
        return True
    if op.kind == "approval.decide":
        key = (user, op.arg("meeting"), op.arg("number"))
        if not case_visible(s, user, key[1], key[2]) or key in s.decisions:
            return False
        if op.arg("version") != s.case_versions.get((key[1], key[2])):
            return False  # case_changed: decided on a version the server has moved past
        s.decisions[key] = op.arg("decision")
        return True
    if op.kind == "read":
        return doc_visible(s, user, op.arg("meeting"), op.arg("file"))
    if op.kind == "bookmark.sealed":
        # sealed: the server checks only that the reader may see the document
        if not doc_visible(s, user, op.arg("meeting"), op.arg("file")):
            return False
        s.bookmarks[(user, op.arg("meeting"), op.arg("file"), op.arg("page"))] = op.arg("on")
        return True
    raise ValueError(f"oracle: no rule for op kind {op.kind!r}")


# ---------------------------------------------------------------------------
# applying events


def _published(w: World, e: Published) -> None:
    s = w.server
    reopened = e.key in s.withdrawn
    s.meetings[e.key] = e
    s.withdrawn.discard(e.key)
    for item in e.items:
        if item.needs_decision:
            ck = (e.key, item.number)
            if ck not in s.case_versions:
                s.case_versions[ck] = 1
            elif reopened:
                s.case_versions[ck] += 1
    for item in e.items:
        for d in item.docs:
            kf = (e.key, d.file)
            number, text = s.versions.get(kf, (0, ""))
            if number == 0 or text != d.text:
                s.versions[kf] = (number + 1, d.text)
                w.issued[kf] = max(w.issued.get(kf, 0), number + 1)


def _withdrawn(w: World, e: Withdrawn) -> None:
    s = w.server
    if e.key in s.withdrawn:
        return
    s.withdrawn.add(e.key)
    for ck in s.case_versions:
        if ck[0] == e.key:
            s.case_versions[ck] += 1


def _member_added(w: World, e: MemberAdded) -> None:
    w.server.members.setdefault(e.committee, set()).add(e.user)


def _member_removed(w: World, e: MemberRemoved) -> None:
    w.server.members.setdefault(e.committee, set()).discard(e.user)
    if w.backup is not None:
        w.journal.append(e)


def _user_removed(w: World, e: UserRemoved) -> None:
    for committee, members in sorted(w.server.members.items()):
        if e.user in members:
            _member_removed(w, MemberRemoved(e.user, committee))


def _policy(w: World, e: PolicySet) -> None:
    w.server.retention_days = e.retention_days
    w.server.offline_grace_days = e.offline_grace_days


def _clock(w: World, e: ClockMoved) -> None:
    w.now = e.to


def _enrolled(w: World, e: Enrolled) -> None:
    w.devices[e.device] = e.user


def _wiped(w: World, e: DeviceWiped) -> None:
    w.devices.pop(e.device, None)
    # What never reached the server is gone with the vault.
    for op_id, op in w.ops.items():
        if op.device == e.device and op_id not in w.outcome:
            w.lost_device_ops.add(op_id)


def _op_created(w: World, e: OpCreated) -> None:
    w.ops[e.op_id] = e


def _ops_arrived(w: World, e: OpsArrived) -> None:
    for op_id in e.op_ids:
        if op_id in w.server.applied_ops or w.outcome.get(op_id) == "rejected":
            continue  # deduplicated by op id: the stored answer is replayed
        op = w.ops[op_id]
        user = op.user
        ok = _judge(w.server, user, op)
        w.outcome[op_id] = "applied" if ok else "rejected"
        w.forgotten.discard(op_id)
        if ok:
            w.server.applied_ops.add(op_id)
            if w.backup is not None:
                w.since_backup.append(op_id)
        elif w.backup is not None:
            w.rejected_since_backup.append(op_id)


def _notes_started_over(w: World, e: NotesStartedOver) -> None:
    for s in (w.server, w.backup):
        if s is None:
            continue
        for a in s.annotations.values():
            if a.author == e.user and a.visibility == "private":
                w.unreadable.add(a.id)
        for key in [k for k in s.bookmarks if k[0] == e.user]:
            del s.bookmarks[key]


def _backup(w: World, e: BackupTaken) -> None:
    w.backup = copy.deepcopy(w.server)
    w.journal = []
    w.since_backup = []
    w.rejected_since_backup = []


def _restored(w: World, e: Restored) -> None:
    """Back to the backup; removals replayed (a restore never brings back access).

    Ops applied after the backup are lost by the server and re-sent by their devices
    (the oracle marks them unjudged; they are judged again when they arrive again).
    Policy and clock are not rolled back (the clock is the world's).
    """
    assert w.backup is not None, "restore without a backup"
    policy = (w.server.retention_days, w.server.offline_grace_days)
    w.server = copy.deepcopy(w.backup)
    w.server.retention_days, w.server.offline_grace_days = policy
    for removal in w.journal:
        w.server.members.setdefault(removal.committee, set()).discard(removal.user)
    for op_id in w.since_backup:
        w.outcome.pop(op_id, None)
    for op_id in w.rejected_since_backup:
        w.outcome.pop(op_id, None)
        w.forgotten.add(op_id)
    w.rejected_since_backup = []
    # A version handed out since the backup is never handed out again for other
    # content: the restored content becomes the next version.
    for kf, (number, text) in w.server.versions.items():
        if w.issued.get(kf, 0) > number:
            w.issued[kf] += 1
            w.server.versions[kf] = (w.issued[kf], text)
    w.since_backup = []


APPLY: dict[type, Callable[[World, Any], None]] = {
    Published: _published,
    Withdrawn: _withdrawn,
    MemberAdded: _member_added,
    MemberRemoved: _member_removed,
    UserRemoved: _user_removed,
    PolicySet: _policy,
    ClockMoved: _clock,
    Enrolled: _enrolled,
    DeviceWiped: _wiped,
    OpCreated: _op_created,
    OpsArrived: _ops_arrived,
    NotesStartedOver: _notes_started_over,
    BackupTaken: _backup,
    Restored: _restored,
}


def replay(history: list[Event]) -> World:
    w = World()
    for event in history:
        APPLY[type(event)](w, event)
    return w


# ---------------------------------------------------------------------------
# what a device must hold after a quiescent sync (per kind, one function each)

View = dict[str, frozenset[Any]]


def _meeting_held(w: World, key: str) -> bool:
    s = w.server
    if key not in s.meetings or key in s.withdrawn:
        return False
    if s.retention_days <= 0:
        return True
    return w.now - s.meetings[key].starts_at <= timedelta(days=s.retention_days)


def _held_meetings(w: World) -> list[Published]:
    return [m for k, m in sorted(w.server.meetings.items()) if _meeting_held(w, k)]


def view_meetings(w: World, user: str) -> frozenset[Any]:
    return frozenset(m.title for m in _held_meetings(w))


def view_items(w: World, user: str) -> frozenset[Any]:
    return frozenset(
        (m.title, i.title, i.closed, i.proposal)
        for m in _held_meetings(w)
        for i in m.items
        if item_visible(w.server, user, m.key, i.number)
    )


def view_documents(w: World, user: str) -> frozenset[Any]:
    s = w.server
    return frozenset(
        (m.title, d.title, s.versions[(m.key, d.file)][0])
        for m in _held_meetings(w)
        for i in m.items
        if item_visible(s, user, m.key, i.number)
        for d in i.docs
    )


def view_cases(w: World, user: str) -> frozenset[Any]:
    """Cases the reader may decide, shown 'decided' once her decision is on the server."""
    s = w.server
    return frozenset(
        (i.case_title, "decided" if (user, m.key, i.number) in s.decisions else "open")
        for m in _held_meetings(w)
        for i in m.items
        if case_visible(s, user, m.key, i.number)
    )


def view_comments(w: World, user: str) -> frozenset[Any]:
    held = {m.key for m in _held_meetings(w)}
    return frozenset(
        (c.id, c.body, c.parent_id)
        for c in w.server.comments.values()
        if c.meeting in held and item_visible(w.server, user, c.meeting, c.number)
    )


def view_annotations(w: World, user: str) -> frozenset[Any]:
    held = {m.key for m in _held_meetings(w)}
    return frozenset(
        (a.id, a.text, a.visibility)
        for a in w.server.annotations.values()
        if a.meeting in held
        and annotation_visible(w.server, user, a)
        and not (a.visibility == "private" and a.id in w.unreadable)
    )


def view_bookmarks(w: World, user: str) -> frozenset[Any]:
    """Her bookmarks on every tablet of hers (sealed; never another reader's), on the
    documents the tablet holds: purged with them, back when they are."""
    s = w.server
    held = {m.key: m for m in _held_meetings(w)}
    titles = {(m.key, d.file): d.title for m in held.values() for i in m.items for d in i.docs}
    return frozenset(
        (held[key].title, titles[(key, file)], page)
        for (owner, key, file, page), on in s.bookmarks.items()
        if on and owner == user and key in held and doc_visible(s, user, key, file)
    )


VIEWS: dict[str, Callable[[World, str], frozenset[Any]]] = {
    "meetings": view_meetings,
    "items": view_items,
    "documents": view_documents,
    "cases": view_cases,
    "comments": view_comments,
    "annotations": view_annotations,
    "bookmarks": view_bookmarks,
}


def device_view(w: World, device: str) -> View:
    """What ``device`` must hold (exactly) after a quiescent sync round."""
    user = w.user_of(device)
    return {kind: fn(w, user) for kind, fn in VIEWS.items()}


def _markers(text: str, prefixes: tuple[str, ...]) -> set[str]:
    return {word for word in text.split() if word.startswith(prefixes)}


def secret_tokens(w: World, user: str) -> set[str]:
    """Marker words of closed items this reader may not see.

    The generator puts a marker word ``zz…`` into a closed item's title and ``zp…``
    into its proposal and documents. Returned: every marker of an item closed *now*
    in a committee the reader is not a member of (an item opened in a later version
    is public from then on; one closed again is secret again).
    """
    s = w.server
    out: set[str] = set()
    for m in s.meetings.values():
        if is_member(s, user, m.committee):
            continue
        for i in m.items:
            if i.closed:
                out |= _markers(f"{i.title} {i.proposal}", ("zz", "zp"))
    return out


def locked_tokens(w: World) -> set[str]:
    """Proposal / document markers of every item closed now: what offline expiry locks.

    Past the offline grace a device still lists a closed item by number and title
    (the reader knows it exists), but its proposal, documents, case description,
    comments and search hits stay locked until the next check-in.
    """
    return {
        word
        for m in w.server.meetings.values()
        for i in m.items
        if i.closed
        for word in _markers(i.proposal, ("zp",))
    }


def closed_comment_ids(w: World) -> set[str]:
    return {
        c.id
        for c in w.server.comments.values()
        if (item := item_of(w.server, c.meeting, c.number)) is not None and item.closed
    }


def expected_outcome(w: World, op_id: str) -> str | None:
    """'applied', 'rejected', or None when the op has not (or not again) arrived."""
    return w.outcome.get(op_id)
