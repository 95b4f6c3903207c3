"""Wrapping the notes keyring to a device's X25519 key (docs/spec/e2e-notes.md, *Wrapping*).

The construction is age's X25519 recipient stanza (age-encryption.org/v1), with
AES-256-GCM in place of ChaCha20-Poly1305 and the reader's user id and key
generation bound as associated data:

    ephemeral = X25519 key pair, made for this one wrap
    shared    = X25519(ephemeral private, recipient public)   (all-zero refused)
    wrap key  = HKDF-SHA256(shared, salt = ephemeral public ‖ recipient public,
                            info = "folio-notes-wrap/1" ‖ context)
    wrapped   = format ‖ ephemeral public ‖ AES-256-GCM(wrap key, nonce 0, keyring,
                                                         aad = context)

The wrap key is used once, so the fixed nonce is safe (as in age). Only the holder
of the recipient's private key (a device's enrollment key in its vault, or the key
derived from the reader's recovery key) can unwrap. The recipient public key is in
the salt, so a wrap made for one key does not open as if made for another.
"""

from __future__ import annotations

import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync.e2e.seal import NotesKeyring, _lp
from sync.errors import ErrorKind, FolioError

WRAP_FORMAT = 1
_INFO = b"folio-notes-wrap/1"
_ZERO_NONCE = bytes(12)
_KEY = 32


def wrap_context(user_id: str, generation: int) -> bytes:
    """What a wrap is for: one reader's keyring of one generation."""
    return _lp(user_id.encode("utf-8"), struct.pack(">I", generation))


def _wrap_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes, ctx: bytes) -> bytes:
    if shared == bytes(_KEY):
        raise FolioError(ErrorKind.TAMPERED, "wrap: a low-order X25519 key")
    return HKDF(
        algorithm=hashes.SHA256(),
        length=_KEY,
        salt=ephemeral_public + recipient_public,
        info=_INFO + ctx,
    ).derive(shared)


def wrap_bytes(secret: bytes, recipient_public: bytes, context: bytes) -> bytes:
    """``secret`` sealed so only ``recipient_public``'s private half opens it."""
    try:
        recipient = X25519PublicKey.from_public_bytes(recipient_public)
    except ValueError as exc:
        raise FolioError(ErrorKind.BAD_INPUT, "wrap: not an X25519 public key") from exc
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    try:
        shared = ephemeral.exchange(recipient)
    except ValueError as exc:  # cryptography refuses an all-zero shared secret itself
        raise FolioError(ErrorKind.TAMPERED, "wrap: a low-order X25519 key") from exc
    key = _wrap_key(shared, ephemeral_public, recipient_public, context)
    body = AESGCM(key).encrypt(_ZERO_NONCE, secret, context)
    return bytes([WRAP_FORMAT]) + ephemeral_public + body


def unwrap_bytes(wrapped: bytes, recipient: X25519PrivateKey, context: bytes) -> bytes:
    """The secret, or TAMPERED (not for this key, this reader or this generation)."""
    if len(wrapped) < 1 + _KEY + 16 or wrapped[0] != WRAP_FORMAT:
        raise FolioError(ErrorKind.TAMPERED, "wrapped key: unknown format")
    ephemeral_public = wrapped[1 : 1 + _KEY]
    recipient_public = recipient.public_key().public_bytes_raw()
    try:
        shared = recipient.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError as exc:
        raise FolioError(ErrorKind.TAMPERED, "wrapped key: a low-order X25519 key") from exc
    key = _wrap_key(shared, ephemeral_public, recipient_public, context)
    try:
        return AESGCM(key).decrypt(_ZERO_NONCE, wrapped[1 + _KEY :], context)
    except InvalidTag as exc:
        raise FolioError(ErrorKind.TAMPERED, "wrapped key does not open") from exc


def wrap_keyring(keyring: NotesKeyring, recipient_public: bytes, user_id: str) -> bytes:
    """The whole keyring (every generation) for one device or the recovery key."""
    return wrap_bytes(keyring.to_bytes(), recipient_public, wrap_context(user_id, keyring.current))


def unwrap_keyring(
    wrapped: bytes, recipient: X25519PrivateKey, user_id: str, generation: int
) -> NotesKeyring:
    """Open a wrap that the server says is of ``generation``; the keyring inside must agree."""
    keyring = NotesKeyring.from_bytes(
        unwrap_bytes(wrapped, recipient, wrap_context(user_id, generation))
    )
    if keyring.current != generation:
        raise FolioError(ErrorKind.TAMPERED, "wrapped keyring of another generation")
    return keyring
