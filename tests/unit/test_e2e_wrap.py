"""Wrapping the notes keyring to a device's X25519 key and to the recovery key."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sync.e2e import recovery, wrap
from sync.e2e.seal import NotesKeyring
from sync.errors import ErrorKind, FolioError

USER = "user-1"


def _pub(key: X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


def test_the_device_it_is_wrapped_to_unwraps_it_and_no_other() -> None:
    device, other = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    ring = NotesKeyring.create()
    wrapped = wrap.wrap_keyring(ring, _pub(device), USER)
    assert ring.key(1) not in wrapped
    assert wrap.unwrap_keyring(wrapped, device, USER, 1) == ring
    with pytest.raises(FolioError) as err:
        wrap.unwrap_keyring(wrapped, other, USER, 1)
    assert err.value.kind is ErrorKind.TAMPERED


def test_a_wrap_is_bound_to_its_reader_and_generation() -> None:
    device = X25519PrivateKey.generate()
    ring = NotesKeyring.create().rotated()
    wrapped = wrap.wrap_keyring(ring, _pub(device), USER)
    with pytest.raises(FolioError):
        wrap.unwrap_keyring(wrapped, device, "user-2", 2)
    with pytest.raises(FolioError):  # the server claiming an older generation
        wrap.unwrap_keyring(wrapped, device, USER, 1)
    bad = bytearray(wrapped)
    bad[-1] ^= 1
    with pytest.raises(FolioError):
        wrap.unwrap_keyring(bytes(bad), device, USER, 2)


def test_a_low_order_public_key_is_refused() -> None:
    with pytest.raises(FolioError):
        wrap.wrap_bytes(b"secret", bytes(32), b"ctx")


def test_the_recovery_key_round_trips_and_unwraps_the_keyring() -> None:
    secret = recovery.new_recovery_secret()
    text = recovery.encode(secret)
    groups = text.split("-")
    assert len(groups) == 7
    assert all(len(g) == 4 for g in groups)
    assert recovery.decode(text) == secret
    assert recovery.decode(text.lower().replace("-", " ")) == secret
    ring = NotesKeyring.create()
    wrapped = wrap.wrap_keyring(ring, recovery.recovery_public_key(secret), USER)
    typed_later = recovery.decode(text)
    assert wrap.unwrap_keyring(wrapped, recovery.recovery_private_key(typed_later), USER, 1) == ring


def test_a_mistyped_recovery_key_is_caught_before_anything_is_tried() -> None:
    text = recovery.encode(recovery.new_recovery_secret())
    caught = 0
    kinds: set[ErrorKind] = set()
    for i, c in enumerate(text):
        if c == "-":
            continue
        swapped = "7" if c != "7" else "8"
        try:
            recovery.decode(text[:i] + swapped + text[i + 1 :])
        except FolioError as exc:
            kinds.add(exc.kind)
            caught += 1
    assert kinds == {ErrorKind.BAD_INPUT}
    assert caught >= 27  # a 12-bit check: one typo in 4096 slips through
    for bad in ("", "ABCD", text + "A", text.replace(text[0], "U", 1)):
        with pytest.raises(FolioError):
            recovery.decode(bad)
