"""The manifest gate: nothing about a meeting's documents is trusted until it passes.

A signed manifest passes when (1) its Ed25519 signature checks out against the
server key pinned at enrollment, (2) its version is not older than the highest
version this device has seen for the meeting (a replayed old manifest could
bring back a withdrawn or replaced document), and (3) it has not expired (a
frozen mirror cannot serve stale material forever). Each failure says which
in words; none installs anything.

The pinned key follows the server's key rotation (server/keys.py): a manifest
may carry announcements, each a key vouched for by the key before it. A key
vouched for by the pinned one (or by the next key pinned from an earlier
announcement) is trusted too; when such a key signed the manifest it becomes
the pinned key, and an announcement by the pinned key pins the next one. Both
are stored in the transaction that installs the manifest. A key nobody pinned
vouched for is never trusted: after a compromised key was replaced, or after
missing two rotations, the device must enroll again.
"""

from __future__ import annotations

from datetime import datetime

from sync import model
from sync import protocol as p
from sync.engine import events
from sync.errors import ErrorKind, FolioError
from sync.store import meetings as store_meetings
from sync.store import records
from sync.store import state as vault_state
from sync.store.records import Cursor, Reader
from sync.store.state import STATE_SERVER_KEY, STATE_SERVER_NEXT_KEY, STATE_SERVER_TIME


class StaleManifestError(FolioError):
    """A manifest older than one already seen: a replay, or a superseded feed entry."""


def version_seen(reader: Reader, meeting_id: str) -> int:
    return store_meetings.manifest_version_seen(reader, meeting_id)


def _state(reader: Reader, key: str) -> str | None:
    return vault_state.read(reader, key) or None


def _verify(
    signed: p.SignedManifest, pinned: str, pinned_next: str | None
) -> tuple[p.Manifest, str]:
    """The manifest and the key that signed it, one the pinned key vouches for (or itself)."""
    trusted = [pinned] + ([pinned_next] if pinned_next else [])
    for ann in signed.key_announcements:  # in order: the current key's, then the next one's
        if ann.key not in trusted and any(ann.signed_by(k) for k in trusted):
            trusted.append(ann.key)
    for key in trusted:
        try:
            return p.verify_manifest(signed, key), key
        except FolioError:
            continue
    raise FolioError(ErrorKind.TAMPERED, "manifest signature does not verify")


def _pin(
    cur: Cursor, signed: p.SignedManifest, pinned: str, pinned_next: str | None, signer: str
) -> None:
    announced = next((a.key for a in signed.key_announcements if a.signed_by(signer)), None)
    if signer != pinned:
        _set_state(cur, STATE_SERVER_KEY, signer)
        _set_state(cur, STATE_SERVER_NEXT_KEY, announced or "")
        events.emit(events.MANIFEST_KEY_ROTATED)
    elif announced is not None and announced != pinned_next:
        _set_state(cur, STATE_SERVER_NEXT_KEY, announced)
        events.emit(events.MANIFEST_KEY_ANNOUNCED)


def _set_state(cur: Cursor, key: str, value: str) -> None:
    vault_state.write(cur, key, value)


def check(
    signed: p.SignedManifest,
    *,
    public_key: str,
    reader: Reader,
    now: datetime,
    check_expiry: bool = True,
    expected_meeting: str | None = None,
    cur: Cursor | None = None,
) -> p.Manifest:
    """``public_key``: the key pinned at enrollment, used when the vault has none stored;
    ``cur``: the transaction that installs the manifest, where a key rotation is pinned."""
    pinned = _state(reader, STATE_SERVER_KEY) or public_key
    pinned_next = _state(reader, STATE_SERVER_NEXT_KEY)
    try:
        manifest, signer = _verify(signed, pinned, pinned_next)
    except FolioError as exc:
        events.emit(events.MANIFEST_REJECTED, why="signature")
        raise FolioError(
            ErrorKind.TAMPERED, "a meeting manifest failed its signature check; nothing installed"
        ) from exc
    if cur is not None:  # authentic whatever the checks below say: the pin may move
        _pin(cur, signed, pinned, pinned_next, signer)
    if expected_meeting is not None and manifest.meeting_id != expected_meeting:
        events.emit(events.MANIFEST_REJECTED, why="wrong_meeting")
        raise FolioError(ErrorKind.TAMPERED, "the server sent the manifest of another meeting")
    seen = version_seen(reader, manifest.meeting_id)
    if manifest.version < seen:
        events.emit(events.MANIFEST_REJECTED, why="replayed", version=manifest.version, seen=seen)
        raise StaleManifestError(
            ErrorKind.TAMPERED,
            f"a meeting manifest of version {manifest.version} is older than version {seen} "
            "already seen (replayed); nothing installed",
        )
    if check_expiry and manifest.expires_at <= now:
        events.emit(events.MANIFEST_REJECTED, why="expired")
        raise FolioError(
            ErrorKind.EXPIRED,
            f"a meeting manifest expired at {p.format_time(manifest.expires_at)}; "
            "nothing installed until the server signs a current one",
        )
    return manifest


def to_meeting(m: p.Manifest) -> tuple[model.Meeting, list[model.Document]]:
    """The manifest as domain values: the meeting with its items, plus item-less documents."""

    def doc(d: p.ManifestDocument) -> model.Document:
        return model.Document(
            id=d.id,
            meeting_id=m.meeting_id,
            item_id=d.item_id,
            title=d.title,
            filename=d.filename,
            version=d.version,
            sha256=d.sha256,
            size=d.size,
            state=model.DocumentState.MISSING,
            closed=d.closed,
        )

    item_ids = {i.id for i in m.items}
    items = tuple(
        model.AgendaItem(
            id=i.id,
            meeting_id=m.meeting_id,
            number=i.number,
            title=i.title,
            closed=i.closed,
            proposal=i.proposal,
            needs_decision=i.needs_decision,
            decision_deadline=i.deadline,
            position=i.position,
            documents=tuple(doc(d) for d in m.documents if d.item_id == i.id),
        )
        for i in sorted(m.items, key=lambda i: i.position)
    )
    loose = [doc(d) for d in m.documents if d.item_id not in item_ids]
    meeting = model.Meeting(
        id=m.meeting_id,
        committee=model.Committee(id=m.committee_id, name=m.committee_name),
        title=m.title,
        starts_at=m.starts_at,
        location=m.location,
        version=m.version,
        pack_state=model.PackState.NOT_DOWNLOADED,
        items=items,
        language=m.language or "en",
    )
    return meeting, loose


def install(cur: Cursor, m: p.Manifest) -> list[str]:
    """Install a checked manifest's metadata. Returns blob ids to delete after commit."""
    meeting, loose = to_meeting(m)
    pieces = {d.id: list(d.pieces) for d in m.documents}
    withdrawn = records.upsert_meeting(cur, meeting, piece_hashes=pieces)
    for position, d in enumerate(loose):
        records.upsert_document(cur, d, position=1000 + position, piece_hashes=pieces[d.id])
    kept = {d.id for d in m.documents}
    blob_ids: list[str] = []
    for doc_id in [*withdrawn, *m.withdrawn_documents]:
        if doc_id not in kept:
            blob_ids += records.purge_document(cur, doc_id)
    store_meetings.note_manifest_version(cur, m.meeting_id, m.version)
    note_server_time(cur, m.issued_at)
    return blob_ids


def note_server_time(cur: Cursor, t: datetime) -> None:
    """Keep the latest signed server time seen (clock and freeze checks)."""
    seen = vault_state.read_in(cur, STATE_SERVER_TIME)
    if seen and p.parse_time(seen) >= t:
        return
    vault_state.write(cur, STATE_SERVER_TIME, p.format_time(t))
