"""The recovery key: 128 random bits the reader writes down once.

Shown as 28 symbols of Crockford's base32 in seven groups of four
(``XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX``): 26 symbols carry the 128 bits, the last
two a 12-bit check (SHA-256), so a mistyped symbol is caught before anything is
tried. Case, spaces and dashes do not matter; ``O`` reads as ``0`` and ``I``/``L``
as ``1``, as Crockford defines.

The key is an X25519 key pair derived with HKDF, so the notes keyring is wrapped to
it exactly as to a device (sync.e2e.wrap): a device can re-wrap a new generation to
the recovery *public* key after a rotation without the reader typing anything, and
only the written-down key opens it.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync.errors import ErrorKind, FolioError

RECOVERY_BYTES = 16
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SYMBOLS = 28
GROUP = 4
_CHECK_BITS = SYMBOLS * 5 - RECOVERY_BYTES * 8  # 12
_CHECK_LABEL = b"folio-recovery-check/1"
_KEY_INFO = b"folio-recovery-x25519/1"
_READS_AS = {"O": "0", "I": "1", "L": "1"}


def new_recovery_secret() -> bytes:
    return os.urandom(RECOVERY_BYTES)


def _check(secret: bytes) -> int:
    """The first 12 bits of a hash: a mistyped key passes only 1 time in 4096."""
    digest = hashlib.sha256(_CHECK_LABEL + secret).digest()
    return int.from_bytes(digest[:2], "big") >> (16 - _CHECK_BITS)


def encode(secret: bytes) -> str:
    if len(secret) != RECOVERY_BYTES:
        raise FolioError(ErrorKind.BAD_INPUT, "a recovery key is 16 bytes")
    value = (int.from_bytes(secret, "big") << _CHECK_BITS) | _check(secret)
    symbols = "".join(ALPHABET[(value >> (5 * (SYMBOLS - 1 - i))) & 31] for i in range(SYMBOLS))
    return "-".join(symbols[i : i + GROUP] for i in range(0, SYMBOLS, GROUP))


def decode(text: str) -> bytes:
    """The 16 bytes, or BAD_INPUT (wrong length, unknown symbol, check does not match)."""
    cleaned = "".join(_READS_AS.get(c, c) for c in text.upper() if c not in " -\t\n")
    if len(cleaned) != SYMBOLS or any(c not in ALPHABET for c in cleaned):
        raise FolioError(ErrorKind.BAD_INPUT, "a recovery key is 28 letters and digits")
    value = 0
    for c in cleaned:
        value = (value << 5) | ALPHABET.index(c)
    secret = (value >> _CHECK_BITS).to_bytes(RECOVERY_BYTES, "big")
    if value & ((1 << _CHECK_BITS) - 1) != _check(secret):
        raise FolioError(ErrorKind.BAD_INPUT, "the recovery key has a typo")
    return secret


def recovery_private_key(secret: bytes) -> X25519PrivateKey:
    """The X25519 key the recovery key stands for (the keyring is wrapped to its public half)."""
    if len(secret) != RECOVERY_BYTES:
        raise FolioError(ErrorKind.BAD_INPUT, "a recovery key is 16 bytes")
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_INFO).derive(secret)
    return X25519PrivateKey.from_private_bytes(raw)


def recovery_public_key(secret: bytes) -> bytes:
    return recovery_private_key(secret).public_key().public_bytes_raw()
