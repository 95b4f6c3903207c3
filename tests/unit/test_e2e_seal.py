"""Sealing private notes: the seal opens only in its place, with its key (sync/e2e/seal.py)."""

from __future__ import annotations

import pytest

from sync.e2e import seal as s
from sync.errors import ErrorKind, FolioError

USER, ANN, OP = "user-1", "ann-1", "op-1"
NOTE = {"annotation_id": ANN, "text": "marker-fjordhest", "page": 3}


def test_a_sealed_note_opens_with_its_key_and_shows_no_plaintext() -> None:
    ring = s.NotesKeyring.create()
    sealed = s.seal_json(ring, USER, ANN, OP, NOTE)
    assert b"fjordhest" not in sealed
    assert s.open_json(ring, USER, ANN, OP, sealed) == NOTE
    assert s.sealed_generation(sealed) == 1


@pytest.mark.parametrize(
    ("user", "ann", "op"),
    [("user-2", ANN, OP), (USER, "ann-2", OP), (USER, ANN, "op-2")],
    ids=["other reader", "other annotation", "other op"],
)
def test_a_seal_moved_to_another_place_does_not_open(user: str, ann: str, op: str) -> None:
    ring = s.NotesKeyring.create()
    sealed = s.seal_json(ring, USER, ANN, OP, NOTE)
    with pytest.raises(FolioError) as err:
        s.open_json(ring, user, ann, op, sealed)
    assert err.value.kind is ErrorKind.TAMPERED


def test_every_flipped_bit_is_caught() -> None:
    ring = s.NotesKeyring.create()
    sealed = s.seal_json(ring, USER, ANN, OP, NOTE)
    for i in range(0, len(sealed), 7):
        bad = bytearray(sealed)
        bad[i] ^= 0x01
        with pytest.raises(FolioError):
            s.open_json(ring, USER, ANN, OP, bytes(bad))
    with pytest.raises(FolioError):
        s.open_json(ring, USER, ANN, OP, sealed[:-1])


def test_another_readers_key_does_not_open() -> None:
    sealed = s.seal_json(s.NotesKeyring.create(), USER, ANN, OP, NOTE)
    with pytest.raises(FolioError):
        s.open_json(s.NotesKeyring.create(), USER, ANN, OP, sealed)


def test_rotation_keeps_old_generations_for_opening_and_seals_with_the_new() -> None:
    old = s.NotesKeyring.create()
    before = s.seal_json(old, USER, ANN, OP, NOTE)
    new = old.rotated()
    after = s.seal_json(new, USER, ANN, "op-2", NOTE)
    assert s.sealed_generation(after) == 2
    assert s.open_json(new, USER, ANN, OP, before) == NOTE
    with pytest.raises(FolioError):  # a device that only had generation 1
        s.open_json(old, USER, ANN, "op-2", after)
    assert s.NotesKeyring.from_bytes(new.to_bytes()) == new


def test_padding_hides_the_length_of_short_notes_and_most_of_long_ones() -> None:
    ring = s.NotesKeyring.create()
    short = {len(s.seal(ring, USER, ANN, OP, b"x" * n)) for n in (0, 1, 50, 200)}
    assert len(short) == 1
    for n in (300, 1000, 4096, 50_000, 250_000):
        padded = s.padme(n)
        assert n <= padded <= n * 1.12 + 1
        assert s.unpad(s.pad(b"y" * n)) == b"y" * n


def test_a_keyring_that_does_not_parse_is_tampered() -> None:
    for data in (b"", b"{}", b'{"format":1,"current":2,"keys":{"1":"AAAA"}}', b"\xff"):
        with pytest.raises(FolioError) as err:
            s.NotesKeyring.from_bytes(data)
        assert err.value.kind is ErrorKind.TAMPERED
