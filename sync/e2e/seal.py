"""The notes key and the seal over one private annotation (docs/spec/e2e-notes.md).

A reader's notes are sealed with AES-256-GCM under her **notes key**, a random
256-bit key made by her first device. Keys come in **generations**: revoking a
device starts a new one (rotation), and the older ones stay in the keyring so
notes sealed before still open until they are re-sealed.

Associated data binds each sealed note to where it belongs: format version, the
reader's user id, the annotation id and the id of the op that wrote it. The server
can therefore not move a sealed note to another annotation or another reader, nor
pass one write off as another op's. What the seal cannot stop (the server serving
an older ciphertext of the same annotation under its old op id, or none at all) is
stated in the spec's residual risks.

Before sealing, the plaintext is padded with Padmé (Nikitin et al., "Reducing
Metadata Leakage from Encrypted Files and Communication with PURBs", PETS 2019) to
at least ``MIN_PADDED`` bytes, so the server learns the size of a note only
roughly.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sync import protocol as p
from sync.errors import ErrorKind, FolioError

#: The format of a sealed note (first byte) and of its associated data.
SEAL_FORMAT = 1
KEY_BYTES = 32
NONCE_BYTES = 12
#: Every sealed plaintext is padded to at least this many bytes: short notes look alike.
MIN_PADDED = 256
# Random 96-bit nonces: NIST SP 800-38D allows 2^32 seals under one key; a reader
# writes some thousands of notes a year, and every revocation starts a new key.
_AAD_LABEL = b"folio-notes-seal"
_HEADER = struct.Struct(">BI")  # format, key generation


def _lp(*parts: bytes) -> bytes:
    """Each part prefixed by its 4-byte length: no two field lists share an encoding."""
    return b"".join(struct.pack(">I", len(part)) + part for part in parts)


def seal_aad(user_id: str, annotation_id: str, op_id: str) -> bytes:
    """Associated data = format version ‖ user id ‖ annotation id ‖ writer's op id."""
    return _AAD_LABEL + _lp(
        bytes([SEAL_FORMAT]),
        user_id.encode("utf-8"),
        annotation_id.encode("utf-8"),
        op_id.encode("utf-8"),
    )


def padme(length: int) -> int:
    """Padmé: the padded length leaks O(log log L) bits, overhead at most 12 %."""
    if length < 2:
        return length
    e = length.bit_length() - 1  # floor(log2 L)
    s = e.bit_length()  # floor(log2 e) + 1
    mask = (1 << (e - s)) - 1
    return (length + mask) & ~mask


def pad(data: bytes) -> bytes:
    body = struct.pack(">I", len(data)) + data
    target = max(MIN_PADDED, padme(len(body)))
    return body + bytes(target - len(body))


def unpad(padded: bytes) -> bytes:
    if len(padded) < 4:
        raise FolioError(ErrorKind.TAMPERED, "sealed note: padding too short")
    (length,) = struct.unpack(">I", padded[:4])
    if length > len(padded) - 4 or any(padded[4 + length :]):
        raise FolioError(ErrorKind.TAMPERED, "sealed note: bad padding")
    return padded[4 : 4 + length]


@dataclass(frozen=True)
class NotesKeyring:
    """Every generation of one reader's notes key; ``current`` seals, all of them open.

    Serialised (``to_bytes``) it is what gets wrapped to each approved device and to
    the recovery key, so a device approved after a rotation still opens notes that
    were sealed before it and not yet re-sealed.
    """

    current: int
    keys: Mapping[int, bytes] = field(default_factory=dict)
    #: the recovery key's X25519 public half, so every device that holds the keyring
    #: can wrap a new generation to the recovery key too (None: no recovery key)
    recovery_public: bytes | None = None

    def __post_init__(self) -> None:
        if self.current < 1 or self.current not in self.keys:
            raise FolioError(ErrorKind.BAD_INPUT, "keyring without its current generation")
        if any(len(k) != KEY_BYTES for k in self.keys.values()):
            raise FolioError(ErrorKind.BAD_INPUT, "notes keys are 32 bytes")

    @classmethod
    def create(cls, recovery_public: bytes | None = None) -> NotesKeyring:
        """A reader's first notes key (her first device makes it)."""
        return cls(1, {1: AESGCM.generate_key(bit_length=256)}, recovery_public)

    def rotated(self) -> NotesKeyring:
        """A new generation (after a device was revoked); older ones kept for opening."""
        nxt = self.current + 1
        keys = {**self.keys, nxt: AESGCM.generate_key(bit_length=256)}
        return NotesKeyring(nxt, keys, self.recovery_public)

    def key(self, generation: int) -> bytes:
        try:
            return self.keys[generation]
        except KeyError:
            raise FolioError(
                ErrorKind.TAMPERED, f"no notes key of generation {generation} on this device"
            ) from None

    def to_bytes(self) -> bytes:
        out: dict[str, Any] = {
            "format": SEAL_FORMAT,
            "current": self.current,
            "keys": {str(g): p.b64encode(k) for g, k in sorted(self.keys.items())},
        }
        if self.recovery_public is not None:
            out["recovery_public"] = p.b64encode(self.recovery_public)
        return p.canonical_json(out)

    @classmethod
    def from_bytes(cls, data: bytes) -> NotesKeyring:
        try:
            o = p.loads(data)
            if not isinstance(o, dict) or o.get("format") != SEAL_FORMAT:
                raise FolioError(ErrorKind.PROTOCOL, "keyring: unknown format")
            raw = o["keys"]
            if not isinstance(raw, dict):
                raise FolioError(ErrorKind.PROTOCOL, "keyring: keys")
            keys = {int(g): p.b64decode(k, "key") for g, k in raw.items()}
            rec = o.get("recovery_public")
            recovery_public = None if rec is None else p.b64decode(rec, "recovery_public")
            if recovery_public is not None and len(recovery_public) != KEY_BYTES:
                raise FolioError(ErrorKind.PROTOCOL, "keyring: recovery key")
            return cls(int(o["current"]), keys, recovery_public)
        except (KeyError, TypeError, ValueError) as exc:
            raise FolioError(ErrorKind.TAMPERED, "keyring does not parse") from exc
        except FolioError as exc:
            raise FolioError(ErrorKind.TAMPERED, "keyring does not parse") from exc


def seal(
    keyring: NotesKeyring, user_id: str, annotation_id: str, op_id: str, plaintext: bytes
) -> bytes:
    """format ‖ generation ‖ nonce ‖ AES-256-GCM(padded plaintext), under the current key."""
    header = _HEADER.pack(SEAL_FORMAT, keyring.current)
    nonce = os.urandom(NONCE_BYTES)
    body = AESGCM(keyring.key(keyring.current)).encrypt(
        nonce, pad(plaintext), header + seal_aad(user_id, annotation_id, op_id)
    )
    return header + nonce + body


def sealed_generation(sealed: bytes) -> int:
    """The key generation a sealed note names (unauthenticated until it opens)."""
    if len(sealed) < _HEADER.size + NONCE_BYTES + 16:
        raise FolioError(ErrorKind.TAMPERED, "sealed note too short")
    fmt, generation = _HEADER.unpack(sealed[: _HEADER.size])
    if fmt != SEAL_FORMAT:
        raise FolioError(ErrorKind.TAMPERED, f"sealed note format {fmt} unknown")
    return int(generation)


def open_sealed(
    keyring: NotesKeyring, user_id: str, annotation_id: str, op_id: str, sealed: bytes
) -> bytes:
    """The plaintext, or TAMPERED: wrong key, wrong place, or changed bytes."""
    generation = sealed_generation(sealed)
    header = sealed[: _HEADER.size]
    nonce = sealed[_HEADER.size : _HEADER.size + NONCE_BYTES]
    try:
        padded = AESGCM(keyring.key(generation)).decrypt(
            nonce,
            sealed[_HEADER.size + NONCE_BYTES :],
            header + seal_aad(user_id, annotation_id, op_id),
        )
    except InvalidTag as exc:
        raise FolioError(ErrorKind.TAMPERED, "sealed note does not open") from exc
    return unpad(padded)


def seal_json(
    keyring: NotesKeyring, user_id: str, annotation_id: str, op_id: str, value: Any
) -> bytes:
    """Seal a JSON value (an annotation.put payload) in its canonical form."""
    return seal(keyring, user_id, annotation_id, op_id, p.canonical_json(value))


def open_json(
    keyring: NotesKeyring, user_id: str, annotation_id: str, op_id: str, sealed: bytes
) -> Any:
    data = open_sealed(keyring, user_id, annotation_id, op_id, sealed)
    try:
        return p.loads(data)
    except FolioError as exc:
        raise FolioError(ErrorKind.TAMPERED, "sealed note is not JSON") from exc
