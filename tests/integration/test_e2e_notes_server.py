"""Private notes on the real server: wraps, approvals, sealed marks (docs/spec/e2e-notes.md).

The devices here are HTTP clients with real enrollment keys, doing what the app's
engine does with sync.e2e; the server is the real process on loopback, on SQLite
and PostgreSQL. What is checked: the server keeps and relays only wraps and
ciphertext, the approval relay lets both devices compute the same code, a second
"first device" is refused, rotation after a revocation, a sealed mark follows the
rules of annotation.put (hidden == missing, owner only), turning a shared mark
private tombstones it for colleagues, and sealing a plaintext note removes the
plaintext feed rows (the upgrade).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from server_harness import PASSWORD, Api, Server, write_meeting
from sqlalchemy import select, text

from server import admin
from server.models import Bookmark
from server.publish import publish_folder
from sync import protocol as p
from sync.e2e import approval, bookmarks, recovery, seal, wrap
from sync.e2e import wire as w

MARKER = "fjordhest-marker-7f3a"


@dataclass
class Device:
    api: Api
    exchange: X25519PrivateKey
    user_id: str
    keyring: seal.NotesKeyring | None = None
    seen: list[dict[str, Any]] = field(default_factory=list)

    @property
    def public(self) -> bytes:
        return self.exchange.public_key().public_bytes_raw()

    @property
    def id(self) -> str:
        return self.api.device_id

    def state(self) -> w.NotesKeyState:
        r = self.api.get("/v1/notes/keys")
        assert r.status_code == 200, r.text
        return w.NotesKeyState.from_json(r.json())

    def post_wraps(self, req: w.WrapsRequest) -> int:
        return self.api.post("/v1/notes/keys", req.to_json()).status_code

    def take_key(self) -> seal.NotesKeyring:
        st = self.state()
        assert st.wrapped is not None
        assert st.wrapped_generation is not None
        self.keyring = wrap.unwrap_keyring(
            p.b64decode(st.wrapped), self.exchange, self.user_id, st.wrapped_generation
        )
        return self.keyring

    def sealed_op(
        self, annotation_id: str, document_id: str, note: dict[str, Any]
    ) -> dict[str, Any]:
        assert self.keyring is not None
        op_id = str(uuid.uuid4())
        sealed = seal.seal_json(self.keyring, self.user_id, annotation_id, op_id, note)
        payload = w.SealedAnnotationPayload(
            annotation_id=annotation_id,
            document_id=document_id,
            op_id=op_id,
            sealed=p.b64encode(sealed),
        )
        return {"id": op_id, "kind": w.SEALED_OP_KIND, "payload": payload.to_json()}

    def new_feed(self) -> list[dict[str, Any]]:
        entries = self.api.feed_all()
        fresh = entries[len(self.seen) :]
        self.seen = entries
        return fresh


def enroll(server: Server, username: str) -> Device:
    api = Api(server.url)
    exchange = X25519PrivateKey.generate()
    keys = p.DeviceKeys(
        signing_public_key=p.b64encode(
            Ed25519PrivateKey.generate().public_key().public_bytes_raw()
        ),
        exchange_public_key=p.b64encode(exchange.public_key().public_bytes_raw()),
    )
    r = api.http.post(
        "/v1/enroll",
        json={
            "device_name": "tablet",
            "username": username,
            "password": PASSWORD,
            **keys.to_json(),
        },
    )
    assert r.status_code == 200, r.text
    api._take(r.json())
    return Device(api, exchange, r.json()["user_id"])


@pytest.fixture(scope="module")
def meeting(server: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    anna, bob, nils = server.user(), server.user(), server.user()
    committee = server.committee([anna, bob])
    folder = write_meeting(
        tmp_path_factory.mktemp("m"),
        committee,
        [
            {"number": "1", "docs": {"open.pdf": "open document"}},
            {"number": "2", "closed": True, "docs": {"closed.pdf": "closed document"}},
        ],
    )
    publish_folder(server.ctx, folder)
    probe = Api(server.url).enroll(anna)
    signed = [e for e in probe.feed_all() if e["kind"] == "meeting.put"][-1]["data"]
    m = p.verify_manifest(p.SignedManifest.from_json(signed), probe.enrollment["server_public_key"])
    probe.close()
    docs = {d.title or d.filename: d for d in m.documents}
    return {"anna": anna, "bob": bob, "nils": nils, "documents": m.documents, "docs": docs}


def _closed_doc(meeting: dict[str, Any]) -> str:
    return next(d.id for d in meeting["documents"] if d.closed)


def _open_doc(meeting: dict[str, Any]) -> str:
    return next(d.id for d in meeting["documents"] if not d.closed)


def _server_text(server: Server) -> bytes:
    """Everything the server keeps: its files (SQLite database, WAL, blobs, logs,
    journal) and, on PostgreSQL, the rows of every table as text."""
    out = bytearray()
    for path in Path(server.data_dir).rglob("*"):
        if path.is_file():
            out += path.read_bytes()
    if server.db_url.startswith("postgresql"):
        with server.ctx.engine.connect() as conn:
            tables = conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
            for table in list(tables):
                for row in conn.execute(text(f'SELECT t::text FROM "{table}" t')).scalars():
                    out += str(row).encode("utf-8")
    return bytes(out)


def test_first_device_creates_the_key_a_second_is_approved_by_code_and_reads_sealed_notes(
    server: Server, meeting: dict[str, Any]
) -> None:
    a1 = enroll(server, meeting["anna"])
    a2 = enroll(server, meeting["anna"])
    assert a1.state().generation is None  # no notes key yet: this device makes it
    ring = seal.NotesKeyring.create()
    secret = recovery.new_recovery_secret()
    first = w.WrapsRequest(
        1,
        (w.DeviceWrap(a1.id, p.b64encode(wrap.wrap_keyring(ring, a1.public, a1.user_id))),),
        recovery=p.b64encode(
            wrap.wrap_keyring(ring, recovery.recovery_public_key(secret), a1.user_id)
        ),
        start=True,
    )
    # both tablets think they are first: one wins, the other is told and becomes pending
    other = w.WrapsRequest(
        1,
        (
            w.DeviceWrap(
                a2.id,
                p.b64encode(wrap.wrap_keyring(seal.NotesKeyring.create(), a2.public, a2.user_id)),
            ),
        ),
        start=True,
    )
    assert a1.post_wraps(first) == 204
    r = a2.api.post("/v1/notes/keys", other.to_json())
    assert r.status_code == 409
    assert r.json()["code"] == w.NotesErrorCode.NOTES_KEY_CONFLICT
    assert a1.take_key() == ring
    st2 = a2.state()
    assert st2.generation == 1
    assert st2.wrapped is None
    approved = {d.device_id: d.approved for d in st2.devices}
    assert approved[a1.id]
    assert not approved[a2.id]

    # a1 writes a private note, sealed; a2 receives it but cannot open it yet
    doc = _closed_doc(meeting)
    ann = str(uuid.uuid4())
    note = {"annotation_id": ann, "text": f"I think {MARKER} is a bad idea", "page": 0}
    answers = a1.api.push([a1.sealed_op(ann, doc, note)])
    assert answers[0]["status"] == "applied", answers
    entries = [e for e in a2.new_feed() if e["kind"] == w.SEALED_FEED_KIND]
    assert len(entries) == 1
    assert MARKER.encode() not in _server_text(server)

    # approval: commit, answer, reveal; both compute the same code
    nonce_new = approval.new_nonce()
    r = a2.api.post(
        "/v1/notes/approvals",
        w.ApprovalCommit(p.b64encode(approval.commitment(a2.public, nonce_new))).to_json(),
    )
    assert r.status_code == 200, r.text
    req = w.Approval.from_json(r.json())
    r = a1.api.get("/v1/notes/approvals")
    (seen,) = w.approvals_from_json(r.json())
    assert seen.device_id == a2.id
    assert seen.device_public_key == p.b64encode(a2.public)
    # a2 cannot reveal before an approver answered
    early = a2.api.post(
        f"/v1/notes/approvals/{req.approval_id}/reveal", {"nonce": p.b64encode(nonce_new)}
    )
    assert early.status_code == 409
    nonce_old = approval.new_nonce()
    r = a1.api.post(
        f"/v1/notes/approvals/{seen.approval_id}/answer", {"nonce": p.b64encode(nonce_old)}
    )
    assert r.status_code == 200, r.text
    r = a2.api.get("/v1/notes/approvals")
    (mine,) = w.approvals_from_json(r.json())
    assert mine.approver_nonce is not None
    assert mine.approver_public_key is not None
    code_new = approval.short_code(
        a2.public,
        p.b64decode(mine.approver_public_key),
        nonce_new,
        p.b64decode(mine.approver_nonce),
    )
    r = a2.api.post(
        f"/v1/notes/approvals/{req.approval_id}/reveal", {"nonce": p.b64encode(nonce_new)}
    )
    assert r.status_code == 200, r.text
    (revealed,) = w.approvals_from_json(a1.api.get("/v1/notes/approvals").json())
    assert revealed.device_nonce is not None
    assert revealed.device_public_key is not None
    claimed = p.b64decode(revealed.device_public_key)
    assert approval.commitment_holds(
        p.b64decode(revealed.commitment), claimed, p.b64decode(revealed.device_nonce)
    )
    code_old = approval.short_code(
        claimed, a1.public, p.b64decode(revealed.device_nonce), nonce_old
    )
    assert code_old == code_new  # the reader sees the same six digits on both: approve
    grant = w.WrapsRequest(
        1, (w.DeviceWrap(a2.id, p.b64encode(wrap.wrap_keyring(ring, claimed, a1.user_id))),)
    )
    assert a1.post_wraps(grant) == 204
    assert a2.take_key() == ring
    (done,) = w.approvals_from_json(a1.api.get("/v1/notes/approvals").json())
    assert done.state == w.APPROVAL_APPROVED
    info = w.SealedAnnotationInfo.from_json(entries[0]["data"])
    opened = seal.open_json(
        ring, a2.user_id, info.annotation_id, info.op_id, p.b64decode(info.sealed)
    )
    assert opened == note

    # the recovery key opens the same keyring with no device at all
    r = a1.api.get("/v1/notes/recovery")
    rec = w.RecoveryWrap.from_json(r.json())
    typed = recovery.decode(recovery.encode(secret))
    assert (
        wrap.unwrap_keyring(
            p.b64decode(rec.wrapped),
            recovery.recovery_private_key(typed),
            a1.user_id,
            rec.generation,
        )
        == ring
    )

    # revoking a2 makes a rotation due; a1 rotates; a2's old keyring cannot open what follows
    admin.revoke_device(server.ctx, a2.id)
    st = a1.state()
    assert st.rotation_due
    rotated = ring.rotated()
    rot = w.WrapsRequest(
        2,
        (w.DeviceWrap(a1.id, p.b64encode(wrap.wrap_keyring(rotated, a1.public, a1.user_id))),),
        start=True,
    )
    assert a1.post_wraps(w.WrapsRequest(1, rot.wraps, start=True)) == 409  # not past current
    assert a1.post_wraps(rot) == 204
    st = a1.state()
    assert not st.rotation_due
    assert st.generation == 2
    assert a2.id not in [d.device_id for d in st.devices]
    assert a1.take_key() == rotated
    a1.keyring = rotated
    later = a1.sealed_op(ann, doc, {**note, "text": "after the revocation"})
    assert a1.api.push([later])[0]["status"] == "applied"
    sealed_later = p.b64decode(later["payload"]["sealed"])
    with pytest.raises(Exception, match="no notes key of generation 2"):
        seal.open_json(ring, a1.user_id, ann, later["id"], sealed_later)
    a1.api.close()
    a2.api.close()


def test_a_sealed_mark_follows_the_rules_of_annotation_put(
    server: Server, meeting: dict[str, Any]
) -> None:
    anna = enroll(server, meeting["anna"])
    nils = enroll(server, meeting["nils"])  # not in the committee
    for dev in (anna, nils):
        st = dev.state()
        dev.keyring = seal.NotesKeyring.create()
        if st.generation is None:
            req = w.WrapsRequest(
                1,
                (
                    w.DeviceWrap(
                        dev.id, p.b64encode(wrap.wrap_keyring(dev.keyring, dev.public, dev.user_id))
                    ),
                ),
                start=True,
            )
            assert dev.post_wraps(req) == 204
    closed, opened = _closed_doc(meeting), _open_doc(meeting)
    ann = str(uuid.uuid4())
    note = {"annotation_id": ann, "text": "x"}
    # a closed document nils may not see: answered as if it did not exist
    answer = nils.api.push([nils.sealed_op(ann, closed, note)])[0]
    assert answer["reason"] == p.Reason.UNKNOWN_TARGET
    assert (
        nils.api.push([nils.sealed_op(ann, str(uuid.uuid4()), note)])[0]["reason"]
        == p.Reason.UNKNOWN_TARGET
    )
    assert anna.api.push([anna.sealed_op(ann, opened, note)])[0]["status"] == "applied"
    # anna's private mark is not nils's to overwrite, and he cannot tell it exists
    assert (
        nils.api.push([nils.sealed_op(ann, opened, note)])[0]["reason"] == p.Reason.UNKNOWN_TARGET
    )
    # the seal must name its own op, and nothing travels unsealed beside it
    for change in ({"op_id": str(uuid.uuid4())}, {"text": "leaked"}, {"sealed": "not base64!"}):
        bad = anna.sealed_op(str(uuid.uuid4()), opened, note)
        bad["payload"].update(change)
        assert anna.api.push([bad])[0]["reason"] == p.Reason.INVALID_PAYLOAD
    op = anna.sealed_op(str(uuid.uuid4()), opened, note)
    # the same op again: the stored answer
    again = anna.api.push([op, op])
    assert [a["status"] for a in again] == ["applied", "duplicate"]
    anna.api.close()
    nils.api.close()


def _plain_op(
    annotation_id: str, document_id: str, visibility: p.Visibility, words: str
) -> dict[str, Any]:
    payload = p.AnnotationPayload(
        annotation_id=annotation_id,
        document_id=document_id,
        document_version=1,
        page=0,
        kind="note",
        color="#ffee00",
        visibility=visibility,
        text=words,
    )
    return {"id": str(uuid.uuid4()), "kind": "annotation.put", "payload": payload.to_json()}


def test_sealing_a_shared_or_plaintext_note_leaves_no_plaintext_in_the_feed(
    server: Server, meeting: dict[str, Any]
) -> None:
    anna = enroll(server, meeting["anna"])
    anna_other = enroll(server, meeting["anna"])
    bob = enroll(server, meeting["bob"])
    st = anna.state()
    if st.generation is None:
        anna.keyring = seal.NotesKeyring.create()
        req = w.WrapsRequest(
            1,
            (
                w.DeviceWrap(
                    anna.id, p.b64encode(wrap.wrap_keyring(anna.keyring, anna.public, anna.user_id))
                ),
            ),
            start=True,
        )
        assert anna.post_wraps(req) == 204
    else:
        anna.keyring = seal.NotesKeyring.create()  # the key is only for sealing here
    doc = _open_doc(meeting)
    shared, private = str(uuid.uuid4()), str(uuid.uuid4())
    shared_words, private_words = f"shared-{uuid.uuid4().hex}", f"private-{uuid.uuid4().hex}"
    bob.new_feed()
    anna_other.new_feed()
    answers = anna.api.push(
        [
            _plain_op(shared, doc, p.Visibility.COMMITTEE, shared_words),
            _plain_op(private, doc, p.Visibility.PRIVATE, private_words),
        ]
    )
    assert [a["status"] for a in answers] == ["applied", "applied"]
    seen_by_bob = [e for e in bob.new_feed() if e["kind"] == "annotation.put"]
    assert any(e["data"].get("annotation") for e in seen_by_bob)
    # an older app wrote both in the clear; the upgrade seals them
    ops = [
        anna.sealed_op(shared, doc, {"annotation_id": shared, "text": shared_words}),
        anna.sealed_op(private, doc, {"annotation_id": private, "text": private_words}),
    ]
    assert [a["status"] for a in anna.api.push(ops)] == ["applied", "applied"]
    tomb = [
        e
        for e in bob.new_feed()
        if e["kind"] == "annotation.put" and e["data"]["annotation_id"] == shared
    ]
    assert tomb
    assert tomb[-1]["data"]["deleted"] is True
    assert tomb[-1]["data"]["annotation"] is None
    with server.ctx.sessions() as session:
        rows = session.execute(
            text("SELECT data FROM feed WHERE ref_id IN (:a, :b) AND data IS NOT NULL"),
            {"a": shared, "b": private},
        ).scalars()
        feed_text = " ".join(str(r) for r in rows)
        marks = session.execute(
            text("SELECT data FROM annotations WHERE id IN (:a, :b)"), {"a": shared, "b": private}
        ).scalars()
        mark_text = " ".join(str(r) for r in marks)
    for words in (shared_words, private_words):
        assert words not in feed_text
        assert words not in mark_text
    fresh = anna_other.api.feed_all()
    kinds = [e["kind"] for e in fresh if e["data"].get("annotation_id") in (shared, private)]
    assert kinds == [w.SEALED_FEED_KIND, w.SEALED_FEED_KIND]
    for dev in (anna, anna_other, bob):
        dev.api.close()


def _bookmark_op(
    dev: Device, document_id: str, page: int, *, on: bool, op_id: str | None = None
) -> dict[str, Any]:
    assert dev.keyring is not None
    op_id = op_id or str(uuid.uuid4())
    payload = bookmarks.sealed_payload(dev.keyring, dev.user_id, op_id, document_id, page, on=on)
    return {"id": op_id, "kind": w.BOOKMARK_OP_KIND, "payload": payload.to_json()}


def test_a_sealed_bookmark_is_applied_once_relayed_to_her_devices_only_and_filed_unread(
    server: Server, meeting: dict[str, Any]
) -> None:
    """op bookmark.sealed: a replay is answered from the store and applied once; the
    tombstone goes the same way; only the author's devices get it (the writer too,
    docs/spec/change-feed.md); the rules
    of a sealed mark hold (hidden == missing, the seal names its op, nothing beside)."""
    tablet, other = enroll(server, meeting["anna"]), enroll(server, meeting["anna"])
    nils = enroll(server, meeting["nils"])  # not in the committee
    bob = enroll(server, meeting["bob"])
    tablet.keyring = other.keyring = seal.NotesKeyring.create()
    nils.keyring = bob.keyring = seal.NotesKeyring.create()
    for dev in (tablet, other, nils, bob):
        dev.new_feed()
    opened, closed = _open_doc(meeting), _closed_doc(meeting)
    op = _bookmark_op(tablet, opened, 4, on=True)
    first = tablet.api.push([op])[0]
    assert (first["status"], first["revision"]) == ("applied", 1)
    again = tablet.api.push([op, op])  # a lost answer: the same op, twice
    assert [(a["status"], a["revision"]) for a in again] == [("duplicate", 1), ("duplicate", 1)]
    changed = {**op, "payload": _bookmark_op(tablet, opened, 5, on=True, op_id=op["id"])["payload"]}
    assert tablet.api.push([changed])[0]["reason"] == p.Reason.OP_ID_REUSED

    (entry,) = other.new_feed()  # once, whatever the replays
    assert entry["kind"] == w.BOOKMARK_FEED_KIND
    info = w.SealedBookmarkInfo.from_json(entry["data"])
    assert info.revision == 1
    opened_state = bookmarks.open_info(other.keyring, other.user_id, info)
    assert (opened_state.page, opened_state.bookmarked) == (4, True)
    # back to the tablet that wrote it too, the same row (its echo changes nothing)
    assert tablet.new_feed() == [entry]
    assert bob.new_feed() == []  # nor to a colleague

    tomb = tablet.api.push([_bookmark_op(tablet, opened, 4, on=False)])[0]
    assert (tomb["status"], tomb["revision"]) == ("applied", 2)
    (entry,) = other.new_feed()
    removed = bookmarks.open_info(
        other.keyring, other.user_id, w.SealedBookmarkInfo.from_json(entry["data"])
    )
    assert (removed.page, removed.bookmarked, entry["data"]["revision"]) == (4, False, 2)

    # a closed document nils may not see, or none at all: answered alike
    for doc in (closed, str(uuid.uuid4())):
        answer = nils.api.push([_bookmark_op(nils, doc, 1, on=True)])[0]
        assert answer["reason"] == p.Reason.UNKNOWN_TARGET
    # bob sending anna's bookmark id files his own row; hers stays as it was
    theirs = _bookmark_op(bob, opened, 1, on=True)
    theirs["payload"]["bookmark_id"] = info.bookmark_id
    theirs["payload"]["sealed"] = _bookmark_op(tablet, opened, 4, on=True)["payload"]["sealed"]
    assert bob.api.push([theirs])[0]["revision"] == 1
    assert other.new_feed() == []
    # the seal must name its own op, and nothing travels unsealed beside it
    for change in ({"op_id": str(uuid.uuid4())}, {"page": 4}, {"sealed": "not base64!"}):
        bad = _bookmark_op(tablet, opened, 6, on=True)
        bad["payload"].update(change)
        assert tablet.api.push([bad])[0]["reason"] == p.Reason.INVALID_PAYLOAD
    with server.ctx.sessions() as session:
        rows = session.scalars(select(Bookmark).where(Bookmark.id == info.bookmark_id)).all()
        assert sorted((r.user_id == tablet.user_id, r.revision) for r in rows) == [
            (False, 1),
            (True, 2),
        ]
    for dev in (tablet, other, nils, bob):
        dev.api.close()
