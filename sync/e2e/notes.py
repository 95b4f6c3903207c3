"""The device side of private notes (docs/spec/e2e-notes.md): keyring, seals, approvals.

Everything here runs on the device's vault (SQLCipher) and, in ``run``, against the
server's /v1/notes endpoints:

- the notes **keyring** lives unwrapped in ``vault_state`` (inside the encrypted
  database, like the refresh token), so sealing and opening need no network;
- ``seal_op`` seals a private ``annotation.put`` as the op is written
  (sync.store.records.add_op), the op id bound in the seal; the op keeps its kind in
  the outbox (so every rule about annotation ops holds) and goes on the wire as
  ``annotation.sealed`` (``wire_kind``);
  without a keyring (a device still pending) the op waits unsealed in the outbox,
  held back from push, and ``seal_waiting`` seals it once the key arrives;
- ``open_entry`` opens a feed entry ``annotation.sealed`` into the
  ``AnnotationInfo`` the pull phase applies; without the key it raises
  ``NotesKeyMissingError`` and the entry is parked until the key arrives;
- ``pending_devices`` / ``approve`` / ``status``: what the facade shows and the
  reader's decisions, which the engine's notes step (sync/e2e/keysync.py) carries
  out against the server.

The reader's decisions are written by the facade (``approve``) and carried out
by the next round; the facade itself never touches the network.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sync import protocol as p
from sync.e2e import recovery, seal
from sync.e2e import wire as w
from sync.errors import ErrorKind, FolioError
from sync.store import kv

log = logging.getLogger("folio.sync")

STATE_KEYRING = "notes_keyring"  # base64 of NotesKeyring.to_bytes()
STATE_RECOVERY_SHOW = "notes_recovery_key"  # the recovery key, until the reader wrote it down
STATE_REQUEST = "notes_request"  # new device: {"approval_id", "nonce", "code"}
STATE_PENDING = "notes_pending"  # approved device: the requests it shows the reader
STATE_ANSWERS = "notes_answers"  # approved device: {approval_id: its nonce}
STATE_APPROVED = "notes_approved"  # the reader approved these here: {device_id: request}
STATE_UPGRADE = "notes_upgrade"  # "1": this device made the key; re-seal clear marks once
STATE_RECOVER = "notes_recover"  # the recovery key the reader typed, until the next sync uses it
STATE_START_OVER = (
    "notes_start_over"  # "1": she has neither a tablet with the key nor the recovery key
)
STATE_RECOVER_REFUSED = "notes_recover_refused"  # "1": the typed key did not open the wrap
STATE_OTHERS_APPROVED = "notes_others_approved"  # her other devices holding the key (last sync)
USER_ID = "user_id"  # sync.store.state.STATE_USER_ID
EXCHANGE_KEY = "identity_exchange_key"  # sync.store.state.STATE_EXCHANGE_KEY


class NotesKeyMissingError(Exception):
    """A sealed entry this device cannot open yet (pending approval, or an older keyring)."""


class StateCursor(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...


class StateReader(Protocol):
    def get_state(self, key: str) -> str | None: ...


@dataclass(frozen=True)
class PendingDevice:
    """Another device of the reader asking for her private notes, as this device shows it.

    ``code`` is None until the new device has revealed its nonce; only then can the
    reader compare the six digits with the ones the new device shows.
    """

    device_id: str
    name: str
    approval_id: str
    code: str | None
    public_key: str  # the X25519 key the code was computed over (what gets the wrap)
    approved: bool = False  # approved here; the wrap goes with the next sync
    requested_at: datetime | None = None  # when the new device asked (the server's time)


@dataclass(frozen=True)
class NotesStatus:
    """Where this device stands: ``approved`` (holds the key), else pending or not set up."""

    approved: bool
    pending: bool  # asked for approval; ``code`` to show once an approver answered
    code: str | None
    recovery_key: str | None  # shown once after the first device made it
    #: her other devices that hold the key, as of the last sync (None: not known yet);
    #: 0 on an approved device: this is the last one that can open her notes
    others_approved: int | None = None
    #: the recovery key she typed did not open her notes (she types it again)
    recovery_refused: bool = False
    #: she typed a recovery key; the next sync tries it
    recovery_waiting: bool = False


# -- state in the vault ---------------------------------------------------------------


def get_cur(cur: StateCursor, key: str) -> str | None:
    return kv.get(cur, key)


def set_cur(cur: StateCursor, key: str, value: str) -> None:
    kv.put(cur, key, value)


def del_cur(cur: StateCursor, key: str) -> None:
    kv.delete(cur, key)


def json_state(value: str | None, default: Any) -> Any:
    if not value:
        return default
    try:
        return json.loads(value)
    except ValueError:
        log.warning("notes.bad_state")
        return default


def _keyring_from(value: str | None) -> seal.NotesKeyring | None:
    if not value:
        return None
    return seal.NotesKeyring.from_bytes(p.b64decode(value, "keyring"))


def keyring(db: StateReader) -> seal.NotesKeyring | None:
    return _keyring_from(db.get_state(STATE_KEYRING))


def keyring_in(cur: StateCursor) -> seal.NotesKeyring | None:
    return _keyring_from(get_cur(cur, STATE_KEYRING))


def store_keyring(cur: StateCursor, ring: seal.NotesKeyring) -> None:
    set_cur(cur, STATE_KEYRING, p.b64encode(ring.to_bytes()))


def status(db: StateReader) -> NotesStatus:
    request = json_state(db.get_state(STATE_REQUEST), None)
    ring = keyring(db)
    return NotesStatus(
        approved=ring is not None,
        pending=ring is None and request is not None,
        code=None if ring is not None or request is None else request.get("code"),
        recovery_key=db.get_state(STATE_RECOVERY_SHOW) or None,
        others_approved=_count(db.get_state(STATE_OTHERS_APPROVED)),
        recovery_refused=ring is None and db.get_state(STATE_RECOVER_REFUSED) == "1",
        recovery_waiting=ring is None and bool(db.get_state(STATE_RECOVER)),
    )


def _count(value: str | None) -> int | None:
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def pending_devices(db: StateReader) -> list[PendingDevice]:
    approved = json_state(db.get_state(STATE_APPROVED), {})
    out = []
    for d in json_state(db.get_state(STATE_PENDING), []):
        out.append(
            PendingDevice(
                device_id=str(d["device_id"]),
                name=str(d["name"]),
                approval_id=str(d["approval_id"]),
                code=d.get("code"),
                public_key=str(d["public_key"]),
                approved=str(d["device_id"]) in approved,
                requested_at=_time(d.get("requested_at")),
            )
        )
    return out


def _time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return p.parse_time(value, "requested_at")
    except FolioError:
        return None


def approve(cur: StateCursor, device_id: str) -> PendingDevice:
    """The reader compared the codes and approves: the next round wraps the key to it.

    Only a request whose code is known (the new device revealed its nonce and the
    commitment held) can be approved; the wrap goes to the key the code was
    computed over, never to a key the server names later.
    """
    pending = {d["device_id"]: d for d in json_state(get_cur(cur, STATE_PENDING), [])}
    request = pending.get(device_id)
    if request is None:
        raise FolioError(ErrorKind.NOT_FOUND, "no device is asking for approval with that id")
    if not request.get("code"):
        raise FolioError(ErrorKind.BAD_INPUT, "the device has not shown its code yet")
    approved = json_state(get_cur(cur, STATE_APPROVED), {})
    approved[device_id] = request
    set_cur(cur, STATE_APPROVED, json.dumps(approved))
    return PendingDevice(
        device_id=device_id,
        name=str(request["name"]),
        approval_id=str(request["approval_id"]),
        code=str(request["code"]),
        public_key=str(request["public_key"]),
        approved=True,
    )


def recover(cur: StateCursor, recovery_key: str) -> None:
    """The reader typed her recovery key on this device: the next sync opens the
    recovery wrap with it and gives this device the notes key. BAD_INPUT on a typo."""
    recovery.decode(recovery_key)
    set_cur(cur, STATE_RECOVER, recovery_key)
    del_cur(cur, STATE_RECOVER_REFUSED)


def start_over(cur: StateCursor) -> None:
    """The reader has no tablet with her notes key left and no recovery key: the next
    sync makes a new notes key here (the server takes it only while none of her
    devices holds the current one). Notes sealed before cannot be opened again."""
    set_cur(cur, STATE_START_OVER, "1")


def recovery_key_written(cur: StateCursor) -> None:
    """The reader wrote the recovery key down: it is not shown again, nor kept."""
    del_cur(cur, STATE_RECOVERY_SHOW)


# -- seals ---------------------------------------------------------------------------------


def is_private_put(kind: str, payload: Mapping[str, Any]) -> bool:
    return (
        kind == p.OpKind.ANNOTATION_PUT.value
        and payload.get("visibility") == p.Visibility.PRIVATE.value
    )


def seal_op(cur: StateCursor, kind: str, payload: Mapping[str, Any], op_id: str) -> dict[str, Any]:
    """The payload as the op stores it: a private annotation.put sealed when the keyring
    is here (the op keeps its kind on the device; ``wire_kind`` names it on the wire).

    Anything else, or a private mark on a device without the key yet, is returned as
    it came (the push holds unsealed private marks back until ``seal_waiting``).
    """
    if not is_private_put(kind, payload):
        return dict(payload)
    ring = keyring_in(cur)
    user_id = get_cur(cur, USER_ID)
    if ring is None or not user_id:
        return dict(payload)
    return sealed_payload(ring, user_id, op_id, payload)


def wire_kind(kind: str, payload: Mapping[str, Any]) -> str:
    """The op kind sent: ``annotation.sealed`` for a sealed annotation.put."""
    if kind == p.OpKind.ANNOTATION_PUT.value and "sealed" in payload:
        return w.SEALED_OP_KIND
    return kind


def sealed_payload(
    ring: seal.NotesKeyring, user_id: str, op_id: str, payload: Mapping[str, Any]
) -> dict[str, Any]:
    annotation_id = str(payload["annotation_id"])
    sealed = seal.seal_json(ring, user_id, annotation_id, op_id, dict(payload))
    return w.SealedAnnotationPayload(
        annotation_id=annotation_id,
        document_id=str(payload["document_id"]),
        op_id=op_id,
        sealed=p.b64encode(sealed),
        base_revision=int(payload.get("base_revision", 0)),
    ).to_json()


def seal_waiting(cur: StateCursor) -> int:
    """Seal the private marks written before this device had the key. Returns how many."""
    ring = keyring_in(cur)
    user_id = get_cur(cur, USER_ID)
    if ring is None or not user_id:
        return 0
    rows = kv.unanswered_ops(cur, p.OpKind.ANNOTATION_PUT.value)
    n = 0
    for op_id, raw in rows:
        payload = p.loads(raw)
        if not is_private_put(p.OpKind.ANNOTATION_PUT.value, payload):
            continue
        sealed = sealed_payload(ring, user_id, str(op_id), payload)
        kv.replace_op_payload(cur, op_id, p.canonical_json(sealed).decode("utf-8"))
        n += 1
    return n


def open_entry(cur: StateCursor, raw: Mapping[str, Any]) -> p.AnnotationInfo:
    """A feed entry ``annotation.sealed`` opened into what pull applies.

    NotesKeyMissingError: no keyring, or not the generation it was sealed with (the
    entry is parked and tried again once the key arrives). TAMPERED: it does not
    open, or what is inside does not belong where the entry says.
    """
    info = w.SealedAnnotationInfo.from_json(raw)
    ring = keyring_in(cur)
    user_id = get_cur(cur, USER_ID)
    sealed = p.b64decode(info.sealed, "sealed")
    if ring is None or not user_id or seal.sealed_generation(sealed) not in ring.keys:
        raise NotesKeyMissingError(info.annotation_id)
    payload = p.AnnotationPayload.from_json(
        seal.open_json(ring, user_id, info.annotation_id, info.op_id, sealed)
    )
    if payload.annotation_id != info.annotation_id or payload.document_id != info.document_id:
        raise FolioError(ErrorKind.TAMPERED, "sealed note does not belong to its entry")
    return p.AnnotationInfo(
        annotation=payload,
        annotation_id=info.annotation_id,
        revision=info.revision,
        deleted=False,
        updated_at=info.updated_at,
    )
