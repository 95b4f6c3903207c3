"""The server's manifest signing key: which key signs, and how devices follow a rotation.

Devices pin the signing key at enrollment and install no manifest it did not
sign, so a new key is only usable once devices trust it. A rotation therefore
goes in two steps (docs/admin.md, "Rotate the signing key"):

1. ``folio-server key announce`` makes the next key and has the current key sign
   an announcement of it. Every manifest served from then on carries that
   announcement; a device that checks it against its pinned key pins the next
   key as well.
2. ``folio-server key rotate`` makes the announced key the one that signs (making
   and announcing one first when none was). Manifests then carry the same
   announcement as a certificate of the new key, so a device that missed step 1
   but still pins the previous key follows too. The previous key's private half
   is gone; its public half still checks the op receipts it signed.

A compromised key must not vouch for anything: ``key rotate --compromised``
starts a key no announcement links to and stops trusting the old key's
receipts; devices then refuse every manifest until they enroll again.

Files in the data dir: ``signing_key.pem`` (the key that signs),
``signing_key.next.pem`` (announced, not yet signing) and ``signing_keys.json``
(public only: announcements, retired and compromised keys). Each step replaces
one file by rename and can be run again after a crash; the loaded state is
derived from what is on disk, so a worker reading between two renames serves a
consistent (at worst announcement-less) key.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from server import security
from sync import protocol as p
from sync.errors import ErrorKind, FolioError

NEXT_KEY_FILE = "signing_key.next.pem"
KEYRING_FILE = "signing_keys.json"
FORMAT = 1
#: Every file this module reads: a change to any of them means "load again".
WATCHED = (security.SIGNING_KEY_FILE, NEXT_KEY_FILE, KEYRING_FILE)


@dataclass(frozen=True)
class KeyRing:
    """What the server signs with and what it vouches for, as loaded from the data dir."""

    current: Ed25519PrivateKey
    current_public: str  # base64 raw
    announcements: tuple[p.KeyAnnouncement, ...]  # served with every manifest
    next_public: str | None  # announced, not yet signing
    receipt_keys: tuple[Ed25519PublicKey, ...]  # current first, then retired (not compromised)
    retired: tuple[str, ...]
    compromised: tuple[str, ...]


def _public(key: Ed25519PrivateKey) -> str:
    return security.public_key_b64(key)


def _load_private(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise FolioError(ErrorKind.CORRUPT, f"{path.name} is not an Ed25519 key")
    return key


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write_atomic(path: Path, data: bytes) -> None:
    """0600, fsync'ed, renamed into place: a reader sees the old file or the new one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _read_state(data_dir: Path) -> dict[str, Any]:
    try:
        state = json.loads((data_dir / KEYRING_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return {"format": FORMAT, "announcements": [], "retired": [], "compromised": []}
    except ValueError as exc:
        raise FolioError(ErrorKind.CORRUPT, f"{KEYRING_FILE} is not valid JSON") from exc
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise FolioError(ErrorKind.CORRUPT, f"{KEYRING_FILE}: unknown format")
    for name in ("announcements", "retired", "compromised"):
        state.setdefault(name, [])
    return state


def _write_state(data_dir: Path, state: dict[str, Any]) -> None:
    body = json.dumps(state, indent=2, sort_keys=True) + "\n"
    _write_atomic(data_dir / KEYRING_FILE, body.encode("utf-8"))


def _announcement(state: dict[str, Any], key: str, signer: str) -> p.KeyAnnouncement | None:
    """The stored announcement of ``key`` by ``signer``, if its signature holds."""
    for a in state["announcements"]:
        if a.get("key") == key and a.get("signed_by") == signer:
            ann = p.KeyAnnouncement(key=key, signature=str(a.get("signature")))
            if ann.signed_by(signer):
                return ann
    return None


def load(data_dir: Path) -> KeyRing:
    current = security.load_signing_key(data_dir)
    cur = _public(current)
    state = _read_state(data_dir)
    compromised = tuple(str(k) for k in state["compromised"])
    announcements: list[p.KeyAnnouncement] = []
    # The certificate of the key that signs now, from the key before it (never from
    # a compromised one: that key could vouch for anything).
    for a in reversed(state["announcements"]):
        signer = str(a.get("signed_by"))
        if a.get("key") == cur and signer not in compromised:
            cert = _announcement(state, cur, signer)
            if cert is not None:
                announcements.append(cert)
                break
    next_public = None
    next_path = data_dir / NEXT_KEY_FILE
    if next_path.exists() and cur not in compromised:
        candidate = _public(_load_private(next_path))
        ann = _announcement(state, candidate, cur)
        if ann is not None:  # an unannounced next key (a crash mid-announce) is not served
            announcements.append(ann)
            next_public = candidate
    retired = tuple(str(r["key"]) for r in state["retired"])
    receipt_keys = [current.public_key()]
    for k in retired:
        if k not in compromised and k != cur:
            receipt_keys.append(Ed25519PublicKey.from_public_bytes(p.b64decode(k, "key")))
    return KeyRing(
        current=current,
        current_public=cur,
        announcements=tuple(announcements),
        next_public=next_public,
        receipt_keys=tuple(receipt_keys),
        retired=retired,
        compromised=compromised,
    )


def stamp(data_dir: Path) -> tuple[tuple[int, int, int] | None, ...]:
    """Identity of the key files on disk: a rotation by the CLI changes it for every worker."""
    out: list[tuple[int, int, int] | None] = []
    for name in WATCHED:
        try:
            st = os.stat(data_dir / name)
        except FileNotFoundError:
            out.append(None)
            continue
        out.append((st.st_ino, st.st_mtime_ns, st.st_size))
    return tuple(out)


def announce(data_dir: Path) -> str:
    """Make the next key (unless one is announced) and announce it; its public half."""
    current = security.load_signing_key(data_dir)
    cur = _public(current)
    state = _read_state(data_dir)
    if cur in state["compromised"]:
        raise FolioError(
            ErrorKind.BAD_INPUT, "the signing key is compromised: run 'key rotate --compromised'"
        )
    next_path = data_dir / NEXT_KEY_FILE
    if not next_path.exists():
        _write_atomic(next_path, _pem(Ed25519PrivateKey.generate()))
    nxt = _public(_load_private(next_path))
    if _announcement(state, nxt, cur) is None:
        message = p.key_announcement_message(nxt)
        state["announcements"].append(
            {
                "key": nxt,
                "signed_by": cur,
                "signature": p.b64encode(current.sign(message)),
                "at": p.format_time(datetime.now(UTC)),
            }
        )
        _write_state(data_dir, state)
    return nxt


@dataclass(frozen=True)
class Rotation:
    old: str
    new: str
    certified: bool  # False after --compromised: devices must enroll again


def rotate(data_dir: Path, *, compromised: bool = False) -> Rotation:
    """Sign with the announced next key from now on (see the module docstring)."""
    old = _public(security.load_signing_key(data_dir))
    next_path = data_dir / NEXT_KEY_FILE
    if compromised:
        state = _read_state(data_dir)
        bad = [old]
        if next_path.exists():  # announced under the compromised key: vouched by it alone
            bad.append(_public(_load_private(next_path)))
        for k in bad:
            if k not in state["compromised"]:
                state["compromised"].append(k)
        if old not in [r["key"] for r in state["retired"]]:
            state["retired"].append({"key": old, "at": p.format_time(datetime.now(UTC))})
        _write_state(data_dir, state)
        fresh = Ed25519PrivateKey.generate()
        _write_atomic(data_dir / security.SIGNING_KEY_FILE, _pem(fresh))
        next_path.unlink(missing_ok=True)
        return Rotation(old, _public(fresh), certified=False)
    new = announce(data_dir)
    state = _read_state(data_dir)
    if old not in [r["key"] for r in state["retired"]]:
        state["retired"].append({"key": old, "at": p.format_time(datetime.now(UTC))})
        _write_state(data_dir, state)
    next_path.replace(data_dir / security.SIGNING_KEY_FILE)  # the old private half is gone
    dir_fd = os.open(data_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return Rotation(old, new, certified=True)


def supersedes(data_dir: Path, other_key_file: Path) -> bool:
    """True when ``data_dir``'s key was rotated from (or past) the key in ``other_key_file``.

    A restore uses it: a backup from before a rotation must not bring the old key
    back, because devices that followed the rotation no longer trust it.
    """
    try:
        other = _public(_load_private(other_key_file))
        state = _read_state(data_dir)
    except (OSError, ValueError, FolioError):
        return False
    if not (data_dir / security.SIGNING_KEY_FILE).exists():
        return False
    return other in [str(r.get("key")) for r in state["retired"]]
