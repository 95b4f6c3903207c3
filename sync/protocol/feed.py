"""The change feed (docs/spec/change-feed.md) and the wipe confirmation.

Part of the wire format (sync/protocol/__init__.py re-exports every public name)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sync.protocol.checkin import Policy
from sync.protocol.common import (
    CaseState,
    CommentTarget,
    DecisionValue,
    FeedKind,
    _bool,
    _enum,
    _int,
    _list,
    _obj,
    _opt_str,
    _opt_time,
    _opt_time_json,
    _str,
    _time,
    format_time,
)
from sync.protocol.manifest import SignedManifest
from sync.protocol.ops import AnnotationPayload

# ---------------------------------------------------------------------------
# change feed


@dataclass(frozen=True)
class CaseInfo:
    id: str
    title: str
    description: str
    deadline: datetime | None
    status: CaseState
    version: int
    meeting_id: str | None = None
    item_id: str | None = None
    my_decision: DecisionValue | None = None  # what this reader decided, if anything
    my_receipt_id: str | None = None
    # Which of the reader's approvals the server holds and when it was applied, so
    # each of the reader's devices adopts the same decision (optional on the wire).
    my_approval_id: str | None = None
    my_decided_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "deadline": _opt_time_json(self.deadline),
            "status": self.status.value,
            "version": self.version,
            "meeting_id": self.meeting_id,
            "item_id": self.item_id,
            "my_decision": None if self.my_decision is None else self.my_decision.value,
            "my_receipt_id": self.my_receipt_id,
            "my_approval_id": self.my_approval_id,
            "my_decided_at": _opt_time_json(self.my_decided_at),
        }

    @classmethod
    def from_json(cls, obj: Any) -> CaseInfo:
        o = _obj(obj, "case")
        return cls(
            id=_str(o, "id"),
            title=_str(o, "title", empty=True),
            description=_str(o, "description", empty=True),
            deadline=_opt_time(o, "deadline"),
            status=_enum(CaseState, o, "status"),
            version=_int(o, "version", minimum=1),
            meeting_id=_opt_str(o, "meeting_id"),
            item_id=_opt_str(o, "item_id"),
            my_decision=None
            if o.get("my_decision") is None
            else _enum(DecisionValue, o, "my_decision"),
            my_receipt_id=_opt_str(o, "my_receipt_id"),
            my_approval_id=_opt_str(o, "my_approval_id"),
            my_decided_at=_opt_time(o, "my_decided_at"),
        )


@dataclass(frozen=True)
class AnnotationInfo:
    """An annotation of this reader from another of their devices, or a colleague's shared one.

    ``author`` is None for the reader's own annotations and the colleague's display
    name for one shared with the committee: the device keeps that one read-only.
    """

    annotation: AnnotationPayload | None  # None when deleted (tombstone) or unshared
    annotation_id: str
    revision: int
    deleted: bool
    updated_at: datetime
    author: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "annotation_id": self.annotation_id,
            "annotation": None if self.annotation is None else self.annotation.to_json(),
            "revision": self.revision,
            "deleted": self.deleted,
            "updated_at": format_time(self.updated_at),
        }
        if self.author is not None:
            out["author"] = self.author
        return out

    @classmethod
    def from_json(cls, obj: Any) -> AnnotationInfo:
        o = _obj(obj, "annotation info")
        ann = o.get("annotation")
        return cls(
            annotation_id=_str(o, "annotation_id"),
            annotation=None if ann is None else AnnotationPayload.from_json(ann),
            revision=_int(o, "revision", minimum=1),
            deleted=_bool(o, "deleted"),
            updated_at=_time(o, "updated_at"),
            author=_opt_str(o, "author"),
        )


@dataclass(frozen=True)
class CommentInfo:
    id: str
    target_kind: CommentTarget
    target_id: str
    body: str
    author: str  # display name of the author
    created_at: datetime
    parent_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "target_kind": self.target_kind.value,
            "target_id": self.target_id,
            "body": self.body,
            "author": self.author,
            "created_at": format_time(self.created_at),
            "parent_id": self.parent_id,
        }

    @classmethod
    def from_json(cls, obj: Any) -> CommentInfo:
        o = _obj(obj, "comment")
        return cls(
            id=_str(o, "id"),
            target_kind=_enum(CommentTarget, o, "target_kind"),
            target_id=_str(o, "target_id"),
            body=_str(o, "body", empty=True),
            author=_str(o, "author", empty=True),
            created_at=_time(o, "created_at"),
            parent_id=_opt_str(o, "parent_id"),
        )


@dataclass(frozen=True)
class FeedEntry:
    """One change. ``data``'s shape depends on ``kind`` (see FeedKind); unknown kinds
    from a newer server are kept as plain dicts so an old client can skip them."""

    kind: str
    data: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "data": dict(self.data)}

    @classmethod
    def from_json(cls, obj: Any) -> FeedEntry:
        o = _obj(obj, "feed entry")
        entry = cls(kind=_str(o, "kind"), data=_obj(o.get("data"), "data"))
        entry.parsed()  # validate known kinds now, not when applied
        return entry

    def parsed(self) -> Any:
        """The typed data for a known kind; the raw mapping for an unknown one."""
        d = self.data
        match self.kind:
            case FeedKind.MEETING_PUT:
                return SignedManifest.from_json(d)
            case FeedKind.MEETING_WITHDRAW:
                return _str(d, "meeting_id")
            case FeedKind.CASE_PUT:
                return CaseInfo.from_json(d)
            case FeedKind.ANNOTATION_PUT:
                return AnnotationInfo.from_json(d)
            case FeedKind.COMMENT_PUT:
                return CommentInfo.from_json(d)
            case FeedKind.MEMBERSHIP_REMOVED:
                return _str(d, "committee_id")
            case FeedKind.DEVICE_WIPE:
                return _str(d, "device_id")
            case FeedKind.POLICY_PUT:
                return Policy.from_json(d)
            case _:
                return d


@dataclass(frozen=True)
class FeedRestart:
    """The cursor a device sent belongs to another server epoch: the server was
    restored from a backup (or initialised afresh) since that cursor was issued.

    ``restored_from`` is the epoch the restored database was in when it was backed
    up and ``restored_seq`` its highest feed seq: a confirmed op answered in that
    epoch with a lower seq is in the restored database, any other may be lost.
    """

    epoch: str
    restored_from: str | None
    restored_seq: int

    def to_json(self) -> dict[str, Any]:
        return {
            "epoch": self.epoch,
            "restored_from": self.restored_from,
            "restored_seq": self.restored_seq,
        }

    @classmethod
    def from_json(cls, obj: Any) -> FeedRestart:
        o = _obj(obj, "restart")
        return cls(
            epoch=_str(o, "epoch", max_len=64),
            restored_from=_opt_str(o, "restored_from"),
            restored_seq=_int(o, "restored_seq", minimum=0),
        )


@dataclass(frozen=True)
class FeedPage:
    entries: tuple[FeedEntry, ...]
    cursor: str  # opaque; send it back as ?cursor= to continue after this page
    more: bool  # true: another page is ready now
    server_time: datetime = field(default_factory=lambda: datetime.now(UTC))
    epoch: str | None = None  # the server's epoch (informational; the cursor carries it)
    # Set (with no entries and a cursor at the start of the new epoch) when the
    # cursor sent was from another epoch: re-send what the restore lost, then resync.
    restart: FeedRestart | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entries": [e.to_json() for e in self.entries],
            "cursor": self.cursor,
            "more": self.more,
            "server_time": format_time(self.server_time),
        }
        if self.epoch is not None:
            out["epoch"] = self.epoch
        if self.restart is not None:
            out["restart"] = self.restart.to_json()
        return out

    @classmethod
    def from_json(cls, obj: Any) -> FeedPage:
        o = _obj(obj, "feed page")
        return cls(
            entries=tuple(FeedEntry.from_json(e) for e in _list(o, "entries")),
            cursor=_str(o, "cursor"),
            more=_bool(o, "more"),
            server_time=_time(o, "server_time"),
            epoch=_opt_str(o, "epoch"),
            restart=None if o.get("restart") is None else FeedRestart.from_json(o["restart"]),
        )


@dataclass(frozen=True)
class WipedRequest:
    """POST /v1/device/wiped: the device confirms it wiped itself."""

    device_id: str

    def to_json(self) -> dict[str, Any]:
        return {"device_id": self.device_id}

    @classmethod
    def from_json(cls, obj: Any) -> WipedRequest:
        return cls(device_id=_str(_obj(obj, "wiped"), "device_id"))
