"""The short code a reader compares when she approves a new device (commit, then reveal).

Numeric comparison as in Bluetooth LE Secure Connections (Core spec v5.x, Vol 3
Part H 2.3.5.6.2) and the MA-DH protocols it comes from: a relaying server that
swaps a key can make the two codes agree only by luck, one chance in 10^6 per
attempt, because each side's random nonce is fixed before it sees the other's.

1. The **new** device makes a nonce ``n_new`` and sends only the commitment
   ``C = SHA-256("folio-approval-commit/1" ‖ pk_new ‖ n_new)``, before it has seen
   any other key.
2. The **approving** device (one that holds the notes key) answers with its own
   nonce ``n_old``; the server relays it (and the approver's public key) to the
   new device.
3. The new device reveals ``n_new``; the approver checks it against ``C`` and the
   public key the server claims is the new device's.
4. Both show ``code(pk_new, pk_old, n_new, n_old)``, six digits. Only when the
   reader sees the same code on both does the approver wrap the notes key to
   ``pk_new``.

The public keys are the devices' X25519 enrollment keys. A server that shows the
approver its own key ``pk_evil`` in place of ``pk_new`` must commit to it (and a
nonce) before it learns ``n_old``, and must hand the new device an ``n_old'``
before it learns ``n_new``: the two codes then come from independent values.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from sync.e2e.seal import _lp

NONCE_BYTES = 32
CODE_DIGITS = 6
_COMMIT_LABEL = b"folio-approval-commit/1"
_CODE_LABEL = b"folio-approval-code/1"


def new_nonce() -> bytes:
    return os.urandom(NONCE_BYTES)


def commitment(public_key: bytes, nonce: bytes) -> bytes:
    """What the new device sends first: binds its key and nonce without showing the nonce."""
    return hashlib.sha256(_COMMIT_LABEL + _lp(public_key, nonce)).digest()


def commitment_holds(commit: bytes, public_key: bytes, nonce: bytes) -> bool:
    """Does the revealed nonce, with the key the approver was shown, match the commitment?"""
    return hmac.compare_digest(commit, commitment(public_key, nonce))


def short_code(
    new_public: bytes, approver_public: bytes, new_nonce: bytes, approver_nonce: bytes
) -> str:
    """Six digits from both keys and both nonces (the same on both devices iff no swap)."""
    digest = hashlib.sha256(
        _CODE_LABEL + _lp(new_public, approver_public, new_nonce, approver_nonce)
    ).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


def grouped(code: str) -> str:
    """``123456`` as people read it aloud: ``123 456``."""
    return f"{code[:3]} {code[3:]}"
