"""Ops the device sends and their payloads (docs/spec/outbox.md).

Part of the wire format (sync/protocol/__init__.py re-exports every public name)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Protocol

from sync.errors import ErrorKind, FolioError
from sync.protocol.common import (
    MAX_OPS_PER_BATCH,
    CommentTarget,
    DecisionValue,
    OpKind,
    OpStatus,
    Visibility,
    _enum,
    _int,
    _list,
    _obj,
    _opt_int,
    _opt_str,
    _opt_time,
    _opt_time_json,
    _str,
    _time,
    canonical_json,
    format_time,
)

# ---------------------------------------------------------------------------
# ops


#: Domain separation for the server's signature over an op's receipt time.
_RECEIPT_DOMAIN = b"folio-op-receipt/1\n"


def op_receipt_message(op_id: str, payload_digest: str, applied_at: datetime) -> bytes:
    """The bytes the server signs when it applies an op (``OpAnswer.signature``).

    After a restore from a backup the device re-sends the op with this proof, so
    the server judges deadlines at the time it first applied the op, not at the
    time the restore made it apply the op again.
    """
    body = {"op_id": op_id, "payload_hash": payload_digest, "applied_at": format_time(applied_at)}
    return _RECEIPT_DOMAIN + canonical_json(body)


@dataclass(frozen=True)
class OpReceipt:
    """The signed receipt time of an earlier answer, sent along when an op is re-sent."""

    applied_at: datetime
    signature: str  # base64 Ed25519 over op_receipt_message(...)

    def to_json(self) -> dict[str, Any]:
        return {"applied_at": format_time(self.applied_at), "signature": self.signature}

    @classmethod
    def from_json(cls, obj: Any) -> OpReceipt:
        o = _obj(obj, "receipt")
        return cls(applied_at=_time(o, "applied_at"), signature=_str(o, "signature", max_len=200))


@dataclass(frozen=True)
class Op:
    id: str  # client-made UUID; kept by the server forever
    kind: str  # an OpKind value; an unknown kind is answered rejected/unknown_kind
    payload: Mapping[str, Any]
    created_at: datetime | None = None  # device clock, informational only
    # Only on an op re-sent after a server restore: the signed time it was first applied.
    receipt: OpReceipt | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "payload": dict(self.payload),
            "created_at": _opt_time_json(self.created_at),
        }
        if self.receipt is not None:
            out["receipt"] = self.receipt.to_json()
        return out

    @classmethod
    def from_json(cls, obj: Any) -> Op:
        o = _obj(obj, "op")
        return cls(
            id=_str(o, "id", max_len=100),
            kind=_str(o, "kind", max_len=100),
            payload=_obj(o.get("payload"), "payload"),
            created_at=_opt_time(o, "created_at"),
            receipt=None if o.get("receipt") is None else OpReceipt.from_json(o["receipt"]),
        )


@dataclass(frozen=True)
class OpsRequest:
    ops: tuple[Op, ...]

    def to_json(self) -> dict[str, Any]:
        return {"ops": [op.to_json() for op in self.ops]}

    @classmethod
    def from_json(cls, obj: Any) -> OpsRequest:
        ops = _list(_obj(obj, "ops request"), "ops")
        if len(ops) > MAX_OPS_PER_BATCH:
            raise FolioError(ErrorKind.PROTOCOL, f"more than {MAX_OPS_PER_BATCH} ops in a batch")
        return cls(ops=tuple(Op.from_json(op) for op in ops))


@dataclass(frozen=True)
class OpAnswer:
    op_id: str
    status: OpStatus
    reason: str | None = None  # a Reason value when rejected
    revision: int | None = None  # annotation ops: the server revision now stored
    receipt_id: str | None = None  # approval.decide: the decision's receipt
    applied_at: datetime | None = None
    # Where the op's effect sits in the feed: the highest feed seq when it was applied,
    # and the epoch that seq belongs to. A device keeps them with the confirmed op and
    # re-sends it if a restored server's feed ends before it (docs/spec/outbox.md).
    seq: int | None = None
    epoch: str | None = None
    signature: str | None = None  # base64 Ed25519 over op_receipt_message(...)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "op_id": self.op_id,
            "status": self.status.value,
            "reason": self.reason,
            "revision": self.revision,
            "receipt_id": self.receipt_id,
            "applied_at": _opt_time_json(self.applied_at),
        }
        if self.seq is not None:
            out["seq"] = self.seq
        if self.epoch is not None:
            out["epoch"] = self.epoch
        if self.signature is not None:
            out["signature"] = self.signature
        return out

    @classmethod
    def from_json(cls, obj: Any) -> OpAnswer:
        o = _obj(obj, "answer")
        return cls(
            op_id=_str(o, "op_id"),
            status=_enum(OpStatus, o, "status"),
            reason=_opt_str(o, "reason"),
            revision=_opt_int(o, "revision"),
            receipt_id=_opt_str(o, "receipt_id"),
            applied_at=_opt_time(o, "applied_at"),
            seq=_opt_int(o, "seq"),
            epoch=_opt_str(o, "epoch"),
            signature=_opt_str(o, "signature"),
        )

    def receipt(self) -> OpReceipt | None:
        """The signed receipt time to send along if this op must be re-sent."""
        if self.applied_at is None or self.signature is None:
            return None
        return OpReceipt(self.applied_at, self.signature)


@dataclass(frozen=True)
class OpsResponse:
    answers: tuple[OpAnswer, ...]

    def to_json(self) -> dict[str, Any]:
        return {"answers": [a.to_json() for a in self.answers]}

    @classmethod
    def from_json(cls, obj: Any) -> OpsResponse:
        return cls(
            answers=tuple(
                OpAnswer.from_json(a) for a in _list(_obj(obj, "ops response"), "answers")
            )
        )


# -- op payloads (validated by the server; built by the device's commands) ----


class OpPayload(Protocol):
    """What an op carries: ``records.add_op`` takes one and reads the op's kind from it.

    The device builds its ops from these classes, never as dicts, so a misspelt key
    fails where the op is made instead of being stored and refused by the server for
    good; ``add_op`` also parses ``to_json()`` back with ``from_json``, the server's
    own check, before anything is stored.
    """

    KIND: ClassVar[OpKind]

    def to_json(self) -> dict[str, Any]: ...

    @classmethod
    def from_json(cls, obj: Any) -> Any: ...


@dataclass(frozen=True)
class AnnotationPayload:
    """annotation.put. Geometry is opaque to the server but must be JSON lists."""

    KIND: ClassVar[OpKind] = OpKind.ANNOTATION_PUT

    annotation_id: str
    document_id: str
    document_version: int
    page: int
    kind: str  # highlight | ink | note | text
    color: str
    visibility: Visibility
    rects: tuple[Any, ...] = ()
    strokes: tuple[Any, ...] = ()
    text: str = ""
    quote: Mapping[str, str] | None = None  # {"exact", "prefix", "suffix"}
    base_revision: int = 0  # the server revision this edit starts from (0 = new)

    def to_json(self) -> dict[str, Any]:
        return {
            "annotation_id": self.annotation_id,
            "document_id": self.document_id,
            "document_version": self.document_version,
            "page": self.page,
            "kind": self.kind,
            "color": self.color,
            "visibility": self.visibility.value,
            "rects": list(self.rects),
            "strokes": list(self.strokes),
            "text": self.text,
            "quote": None if self.quote is None else dict(self.quote),
            "base_revision": self.base_revision,
        }

    @classmethod
    def from_json(cls, obj: Any) -> AnnotationPayload:
        o = _obj(obj, "annotation")
        kind = _str(o, "kind")
        if kind not in ("highlight", "ink", "note", "text"):
            raise FolioError(ErrorKind.PROTOCOL, "kind: unknown annotation kind")
        quote = o.get("quote")
        if quote is not None:
            q = _obj(quote, "quote")
            quote = {k: _str(q, k, empty=True) for k in ("exact", "prefix", "suffix")}
        return cls(
            annotation_id=_str(o, "annotation_id", max_len=100),
            document_id=_str(o, "document_id", max_len=100),
            document_version=_int(o, "document_version", minimum=1),
            page=_int(o, "page"),
            kind=kind,
            color=_str(o, "color", max_len=20),
            visibility=_enum(Visibility, o, "visibility"),
            rects=tuple(_list(o, "rects")),
            strokes=tuple(_list(o, "strokes")),
            text=_str(o, "text", empty=True),
            quote=quote,
            base_revision=_int(o, "base_revision"),
        )


@dataclass(frozen=True)
class AnnotationDeletePayload:
    KIND: ClassVar[OpKind] = OpKind.ANNOTATION_DELETE

    annotation_id: str

    def to_json(self) -> dict[str, Any]:
        return {"annotation_id": self.annotation_id}

    @classmethod
    def from_json(cls, obj: Any) -> AnnotationDeletePayload:
        return cls(annotation_id=_str(_obj(obj, "payload"), "annotation_id", max_len=100))


@dataclass(frozen=True)
class CommentPayload:
    """comment.add: append-only; ``comment_id`` is made on the device."""

    KIND: ClassVar[OpKind] = OpKind.COMMENT_ADD

    comment_id: str
    target_kind: CommentTarget
    target_id: str
    body: str
    parent_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "comment_id": self.comment_id,
            "target_kind": self.target_kind.value,
            "target_id": self.target_id,
            "body": self.body,
            "parent_id": self.parent_id,
        }

    @classmethod
    def from_json(cls, obj: Any) -> CommentPayload:
        o = _obj(obj, "payload")
        return cls(
            comment_id=_str(o, "comment_id", max_len=100),
            target_kind=_enum(CommentTarget, o, "target_kind"),
            target_id=_str(o, "target_id", max_len=100),
            body=_str(o, "body", max_len=20_000),
            parent_id=_opt_str(o, "parent_id"),
        )


@dataclass(frozen=True)
class DecisionPayload:
    """approval.decide: a command against the case version the reader saw."""

    KIND: ClassVar[OpKind] = OpKind.APPROVAL_DECIDE

    approval_id: str
    case_id: str
    case_version: int
    decision: DecisionValue
    remark: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "approval_id": self.approval_id,
            "case_id": self.case_id,
            "case_version": self.case_version,
            "decision": self.decision.value,
            "remark": self.remark,
        }

    @classmethod
    def from_json(cls, obj: Any) -> DecisionPayload:
        o = _obj(obj, "payload")
        return cls(
            approval_id=_str(o, "approval_id", max_len=100),
            case_id=_str(o, "case_id", max_len=100),
            case_version=_int(o, "case_version", minimum=1),
            decision=_enum(DecisionValue, o, "decision"),
            remark=_str(o, "remark", empty=True, max_len=20_000),
        )


@dataclass(frozen=True)
class ReadReceiptPayload:
    KIND: ClassVar[OpKind] = OpKind.READ_RECEIPT

    document_id: str
    document_version: int

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "document_version": self.document_version}

    @classmethod
    def from_json(cls, obj: Any) -> ReadReceiptPayload:
        o = _obj(obj, "payload")
        return cls(
            document_id=_str(o, "document_id", max_len=100),
            document_version=_int(o, "document_version", minimum=1),
        )


#: The payload class of each op kind the server reads in the clear; the sealed kinds'
#: classes (annotation.sealed, bookmark.sealed) are in sync.e2e.wire, beside the crypto.
PAYLOAD_TYPES: dict[OpKind, type[OpPayload]] = {
    cls.KIND: cls
    for cls in (
        AnnotationPayload,
        AnnotationDeletePayload,
        CommentPayload,
        DecisionPayload,
        ReadReceiptPayload,
    )
}
