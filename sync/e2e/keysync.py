"""The engine's notes step: private notes' keys and approvals against the server.

One pass (``run``) per sync round, before push (docs/spec/e2e-notes.md):

- no notes key on the server: this device is the reader's first; it makes the
  keyring and a recovery key (shown once), and sends its own wrap and the
  recovery wrap; another tablet that was first makes it pending instead;
- a wrap for this device of a newer generation: adopt it (the first approval, or a
  rotation made elsewhere);
- no key here: ask for approval (commitment), reveal once an approver answered,
  and keep the code to show;
- the key here: rotate when a device that held it was revoked; answer new
  requests, compute the code of revealed ones (checking the commitment), and wrap
  the keyring to the devices the reader approved on this device.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sync import protocol as p
from sync.e2e import approval, recovery, seal, wrap
from sync.e2e import client as notes_client
from sync.e2e import notes as n
from sync.e2e import wire as w
from sync.errors import ErrorKind, FolioError

log = logging.getLogger("folio.sync")


class EngineDb(Protocol):
    def get_state(self, key: str) -> str | None: ...
    def transaction(self) -> Any: ...


@dataclass(frozen=True)
class StepResult:
    created: bool = False
    adopted: bool = False  # this device got the key (or a newer generation)
    rotated: bool = False
    requested: bool = False
    wrapped: int = 0  # devices the reader approved that got the key from here


def _exchange_private(db: EngineDb) -> X25519PrivateKey | None:
    raw = db.get_state(n.EXCHANGE_KEY)
    if not raw:
        return None
    return X25519PrivateKey.from_private_bytes(p.b64decode(raw, "exchange key"))


def run(db: EngineDb, client: Any) -> StepResult:
    """One pass of the notes state machine against the server (see the module doc)."""
    me_key = _exchange_private(db)
    user_id = db.get_state(n.USER_ID)
    if me_key is None or not user_id:
        return StepResult()  # a device without an identity: nothing to wrap to
    me_public = me_key.public_key().public_bytes_raw()
    device_id = client.device_id
    st = notes_client.state(client)
    _remember_devices(db, st)
    adopted = rotated = False
    held = n.keyring(db)
    if st.generation is None and held is not None:
        # a server restored from a backup older than the key: tell it again (our wrap
        # and the recovery wrap); another tablet that does so first makes this a no-op
        _register_again(client, held, user_id, me_public)
        st = notes_client.state(client)
    if st.generation is None:
        secret = recovery.new_recovery_secret()
        recovery_public = recovery.recovery_public_key(secret)
        first = seal.NotesKeyring.create(recovery_public)
        req = w.WrapsRequest(
            1,
            (w.DeviceWrap(device_id, p.b64encode(wrap.wrap_keyring(first, me_public, user_id))),),
            recovery=p.b64encode(wrap.wrap_keyring(first, recovery_public, user_id)),
            start=True,
        )
        try:
            notes_client.post_wraps(client, req)
        except FolioError as exc:
            if exc.reason != notes_client.CONFLICT:
                raise
            st = notes_client.state(client)  # another tablet was first: ask it
        else:
            with db.transaction() as cur:
                n.store_keyring(cur, first)
                n.set_cur(cur, n.STATE_RECOVERY_SHOW, recovery.encode(secret))
                n.set_cur(cur, n.STATE_UPGRADE, "1")
            return StepResult(created=True)
    ring = n.keyring(db)
    if (
        st.wrapped is not None
        and st.wrapped_generation is not None
        and (ring is None or st.wrapped_generation > ring.current)
    ):
        got = wrap.unwrap_keyring(
            p.b64decode(st.wrapped, "wrapped"), me_key, user_id, st.wrapped_generation
        )
        merged = seal.NotesKeyring(
            got.current,
            {**({} if ring is None else ring.keys), **got.keys},
            recovery_public=got.recovery_public,
        )
        with db.transaction() as cur:
            n.store_keyring(cur, merged)
            n.del_cur(cur, n.STATE_REQUEST)
        ring, adopted = merged, True
    if ring is None and db.get_state(n.STATE_RECOVER) and st.generation is not None:
        ring = _recover(db, client, user_id, me_public, generation=st.generation)
        adopted = ring is not None
    starting_over = ring is None and bool(db.get_state(n.STATE_START_OVER))
    if (
        starting_over
        and st.generation is not None
        and _start_over(db, client, user_id, me_public, after=st.generation)
    ):
        return StepResult(created=True)
    if ring is None:
        requested = _ask(db, client, me_public)
        return StepResult(requested=requested)
    if st.generation is not None and ring.current > st.generation:
        # a server restored from before our newest generation: tell it again
        _register_again(client, ring, user_id, me_public)
        st = notes_client.state(client)
    if (
        st.generation is not None
        and ring.current == st.generation
        and st.wrapped_generation != ring.current
    ):
        # a server restored from before this tablet was approved no longer knows it
        # holds the key: it would neither answer a new tablet nor rotate (model test)
        _register_again(client, ring, user_id, me_public, start=False)
        st = notes_client.state(client)
    holds_current = st.generation is not None and ring.current == st.generation
    if st.rotation_due and holds_current:
        rotated = _rotate(db, client, ring, st, user_id)
        if rotated:
            ring = n.keyring(db) or ring
            st = notes_client.state(client)
    wrapped = 0
    if holds_current and (st.open_approvals or db.get_state(n.STATE_APPROVED) not in (None, "{}")):
        wrapped = _approvals(db, client, ring, user_id, me_public)
    elif holds_current and db.get_state(n.STATE_PENDING) not in (None, "[]"):
        with db.transaction() as cur:  # every request was approved elsewhere or expired
            n.set_cur(cur, n.STATE_PENDING, "[]")
            n.set_cur(cur, n.STATE_ANSWERS, "{}")
    return StepResult(adopted=adopted, rotated=rotated, wrapped=wrapped)


def _remember_devices(db: EngineDb, st: w.NotesKeyState) -> None:
    """How many of her other devices hold the key, as the server lists them: the app
    warns before the last one that can open her notes is wiped."""
    others = str(sum(1 for d in st.devices if d.approved and not d.this_device))
    if db.get_state(n.STATE_OTHERS_APPROVED) != others:
        with db.transaction() as cur:
            n.set_cur(cur, n.STATE_OTHERS_APPROVED, others)


def _register_again(
    client: Any, ring: seal.NotesKeyring, user_id: str, me_public: bytes, *, start: bool = True
) -> None:
    """Tell a restored server again that this tablet holds ``ring``: its own wrap, and
    (``start``: the server is behind this generation) the recovery wrap too."""
    mine = w.DeviceWrap(client.device_id, p.b64encode(wrap.wrap_keyring(ring, me_public, user_id)))
    req = w.WrapsRequest(
        ring.current,
        (mine,),
        recovery=None
        if ring.recovery_public is None or not start
        else p.b64encode(wrap.wrap_keyring(ring, ring.recovery_public, user_id)),
        start=start,
    )
    try:
        notes_client.post_wraps(client, req)
    except FolioError as exc:
        if exc.reason != notes_client.CONFLICT:
            raise
    log.info("notes.registered_again")


def _start_over(db: EngineDb, client: Any, user_id: str, me_public: bytes, *, after: int) -> bool:
    """A new notes key, one generation above the server's, with a new recovery key:
    the reader lost every tablet that held the key and her recovery key. The server
    refuses it while a device of hers holds the current generation (then she approves
    this tablet there instead)."""
    secret = recovery.new_recovery_secret()
    recovery_public = recovery.recovery_public_key(secret)
    fresh = seal.NotesKeyring(
        after + 1, {after + 1: seal.NotesKeyring.create().keys[1]}, recovery_public
    )
    req = w.WrapsRequest(
        fresh.current,
        (
            w.DeviceWrap(
                client.device_id, p.b64encode(wrap.wrap_keyring(fresh, me_public, user_id))
            ),
        ),
        recovery=p.b64encode(wrap.wrap_keyring(fresh, recovery_public, user_id)),
        start=True,
    )
    try:
        notes_client.post_wraps(client, req)
    except FolioError as exc:
        if exc.reason != notes_client.CONFLICT:
            raise
        log.warning("notes.start_over_refused")  # a tablet of hers holds the key
        with db.transaction() as cur:
            n.del_cur(cur, n.STATE_START_OVER)
        return False
    with db.transaction() as cur:
        n.store_keyring(cur, fresh)
        n.set_cur(cur, n.STATE_RECOVERY_SHOW, recovery.encode(secret))
        for key in (n.STATE_START_OVER, n.STATE_REQUEST, n.STATE_RECOVER):
            n.del_cur(cur, key)
    log.info("notes.started_over")
    return True


def _recover(
    db: EngineDb, client: Any, user_id: str, me_public: bytes, *, generation: int
) -> seal.NotesKeyring | None:
    """Open the recovery wrap with the key the reader typed and wrap the keyring to
    this device (the server takes a device's wrap to itself from any of her devices)."""
    typed = db.get_state(n.STATE_RECOVER) or ""
    found = notes_client.recovery(client)
    if found is None or found.generation != generation:
        log.warning("notes.recovery_unavailable")  # none set up, or not re-wrapped since
        return None
    try:
        ring = wrap.unwrap_keyring(
            p.b64decode(found.wrapped, "wrapped"),
            recovery.recovery_private_key(recovery.decode(typed)),
            user_id,
            found.generation,
        )
    except FolioError as exc:
        if exc.kind is not ErrorKind.TAMPERED:
            raise
        log.warning("notes.recovery_key_wrong")  # not her recovery key: typed again
        with db.transaction() as cur:
            n.del_cur(cur, n.STATE_RECOVER)
            n.set_cur(cur, n.STATE_RECOVER_REFUSED, "1")  # the app asks her to check it
        return None
    mine = w.DeviceWrap(client.device_id, p.b64encode(wrap.wrap_keyring(ring, me_public, user_id)))
    notes_client.post_wraps(client, w.WrapsRequest(ring.current, (mine,)))
    with db.transaction() as cur:
        n.store_keyring(cur, ring)
        for key in (n.STATE_RECOVER, n.STATE_REQUEST):
            n.del_cur(cur, key)
    return ring


def _ask(db: EngineDb, client: Any, me_public: bytes) -> bool:
    """A device without the key: request approval, reveal once answered, keep the code."""
    request = n.json_state(db.get_state(n.STATE_REQUEST), None)
    mine = None
    if request is not None:
        mine = next(
            (a for a in notes_client.approvals(client) if a.approval_id == request["approval_id"]),
            None,
        )
    if request is None or mine is None:  # none yet, or it expired: ask (again)
        nonce = approval.new_nonce()
        commit = p.b64encode(approval.commitment(me_public, nonce))
        try:
            made = notes_client.request_approval(client, commit)
        except FolioError as exc:
            if exc.reason == notes_client.CONFLICT:
                return False  # the key arrived meanwhile, or none exists: next round
            raise
        with db.transaction() as cur:
            n.set_cur(
                cur,
                n.STATE_REQUEST,
                json.dumps({"approval_id": made.approval_id, "nonce": p.b64encode(nonce)}),
            )
        return True
    if mine.state == w.APPROVAL_ANSWERED or (
        mine.state == w.APPROVAL_REVEALED and not request.get("code")
    ):
        assert mine.approver_nonce is not None
        assert mine.approver_public_key is not None
        nonce = p.b64decode(request["nonce"], "nonce")
        if mine.state == w.APPROVAL_ANSWERED:
            notes_client.reveal(client, mine.approval_id, request["nonce"])
        code = approval.short_code(
            me_public,
            p.b64decode(mine.approver_public_key, "approver key"),
            nonce,
            p.b64decode(mine.approver_nonce, "approver nonce"),
        )
        with db.transaction() as cur:
            n.set_cur(cur, n.STATE_REQUEST, json.dumps({**request, "code": code}))
    return False


def _rotate(
    db: EngineDb, client: Any, ring: seal.NotesKeyring, st: w.NotesKeyState, user_id: str
) -> bool:
    """A device that held the key was revoked: a new generation for the ones left."""
    new = ring.rotated()
    wraps = tuple(
        w.DeviceWrap(
            d.device_id,
            p.b64encode(wrap.wrap_keyring(new, p.b64decode(d.exchange_public_key, "key"), user_id)),
        )
        for d in st.devices
        if (d.approved or d.this_device) and d.exchange_public_key is not None
    )
    req = w.WrapsRequest(
        new.current,
        wraps,
        recovery=None
        if new.recovery_public is None
        else p.b64encode(wrap.wrap_keyring(new, new.recovery_public, user_id)),
        start=True,
    )
    try:
        notes_client.post_wraps(client, req)
    except FolioError as exc:
        if exc.reason == notes_client.CONFLICT:
            return False  # another tablet rotated first: its wrap arrives next round
        raise
    with db.transaction() as cur:
        n.store_keyring(cur, new)
    return True


def _approvals(
    db: EngineDb,
    client: Any,
    ring: seal.NotesKeyring,
    user_id: str,
    me_public: bytes,
) -> int:
    """Answer new requests, compute codes of revealed ones, wrap to the approved ones."""
    answers: dict[str, str] = n.json_state(db.get_state(n.STATE_ANSWERS), {})
    approved: dict[str, Any] = n.json_state(db.get_state(n.STATE_APPROVED), {})
    device_id = client.device_id
    pending: list[dict[str, Any]] = []
    for a in notes_client.approvals(client):
        if a.device_id == device_id or a.state == w.APPROVAL_APPROVED:
            continue
        current = a
        if a.state == w.APPROVAL_COMMITTED:
            nonce = p.b64encode(approval.new_nonce())
            try:
                current = notes_client.answer(client, a.approval_id, nonce)
            except FolioError as exc:
                if exc.reason != notes_client.CONFLICT:
                    raise
                continue  # another tablet answered first: the reader uses that one
            answers[a.approval_id] = nonce
        if current.approver_device_id != device_id or a.approval_id not in answers:
            continue
        if current.device_public_key is None:
            continue
        code = None
        if current.state == w.APPROVAL_REVEALED and current.device_nonce is not None:
            claimed = p.b64decode(current.device_public_key, "device key")
            revealed = p.b64decode(current.device_nonce, "nonce")
            if approval.commitment_holds(
                p.b64decode(current.commitment, "commitment"), claimed, revealed
            ):
                code = approval.short_code(
                    claimed, me_public, revealed, p.b64decode(answers[a.approval_id], "nonce")
                )
            else:
                log.warning("notes.commitment_mismatch")  # the relay changed something
                continue
        pending.append(
            {
                "device_id": current.device_id,
                "name": current.device_name,
                "approval_id": current.approval_id,
                "public_key": current.device_public_key,
                "code": code,
                "requested_at": p.format_time(current.created_at),
            }
        )
    wrapped = 0
    for new_device, request in list(approved.items()):
        key = p.b64decode(str(request["public_key"]), "device key")
        req = w.WrapsRequest(
            ring.current,
            (w.DeviceWrap(new_device, p.b64encode(wrap.wrap_keyring(ring, key, user_id))),),
        )
        try:
            notes_client.post_wraps(client, req)
        except FolioError as exc:
            if exc.kind is not ErrorKind.NOT_FOUND and exc.reason != notes_client.CONFLICT:
                raise
            # revoked meanwhile, or the generation moved: the reader approves again
        del approved[new_device]
        pending = [d for d in pending if d["device_id"] != new_device]
        wrapped += 1
    live = {d["approval_id"] for d in pending}
    with db.transaction() as cur:
        n.set_cur(cur, n.STATE_PENDING, json.dumps(pending))
        n.set_cur(cur, n.STATE_ANSWERS, json.dumps({k: v for k, v in answers.items() if k in live}))
        n.set_cur(cur, n.STATE_APPROVED, json.dumps(approved))
    return wrapped
