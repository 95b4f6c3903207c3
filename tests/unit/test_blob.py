"""The sealed blob format and store: round trips, streaming, and every tamper case."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import struct
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.errors import ErrorKind, FolioError, Tampered
from sync.vault import BlobRef, BlobStore, UnlockedVault
from sync.vault import blob as blobmod
from sync.vault.blob import CHUNK, HEADER_LEN, SEALED_CHUNK, TAG

VECTORS = json.loads((Path(__file__).parent / "vectors" / "blob_v1.json").read_text())["vectors"]
KEY = bytes(range(32, 64))


def _pattern(size: int) -> bytes:
    return bytes(i % 251 for i in range(size))


def _store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs", KEY)


def _assert_tampered(store: BlobStore, ref: BlobRef) -> None:
    with pytest.raises(Tampered) as info:
        store.read(ref)
    assert info.value.kind is ErrorKind.TAMPERED


# -- the spec, independently ------------------------------------------------------------


def _reference_seal(key: bytes, prefix: bytes, blob_id: str, version: int, data: bytes) -> bytes:
    """docs/spec/blob-format.md written out with nothing from sync.vault.blob."""
    aad = bytes([len(blob_id.encode())]) + blob_id.encode() + struct.pack(">QB", version, 1)
    chunks = [data[i : i + 65536] for i in range(0, len(data), 65536)] or [b""]
    out = b"FOLB\x01" + prefix
    for i, chunk in enumerate(chunks):
        nonce = prefix + struct.pack(">I", i) + bytes([1 if i == len(chunks) - 1 else 0])
        out += AESGCM(key).encrypt(nonce, chunk, aad)
    return out


@pytest.mark.parametrize("vec", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vectors_match_spec_and_open(vec: dict[str, object]) -> None:
    key = bytes.fromhex(str(vec["data_key"]))
    prefix = bytes.fromhex(str(vec["nonce_prefix"]))
    plain = _pattern(int(str(vec["size"])))
    blob_id, version = str(vec["blob_id"]), int(str(vec["version"]))
    reference = _reference_seal(key, prefix, blob_id, version, plain)
    ours = blobmod.seal(key, prefix, blob_id, version, plain)
    assert ours == reference
    assert len(ours) == vec["sealed_len"]
    assert hashlib.sha256(ours).hexdigest() == vec["sealed_sha256"]
    assert ours[:64].hex() == vec["sealed_head_hex"]
    if "sealed_hex" in vec:
        assert ours.hex() == vec["sealed_hex"]
    assert blobmod.open_sealed(key, blob_id, version, ours) == plain


# -- round trips ------------------------------------------------------------------------

EDGE_SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 17, 3 * 1024 * 1024 + 5]


@pytest.mark.parametrize("size", EDGE_SIZES)
def test_put_read_round_trip(tmp_path: Path, size: int) -> None:
    store = _store(tmp_path)
    data = os.urandom(size)
    ref = store.put(data, version=2, blob_id="doc-a")
    assert ref.blob_id == "doc-a"
    assert ref.version == 2
    assert len(ref.key_wrapped) == 61
    assert store.read(ref) == data
    sealed = (tmp_path / "blobs" / "doc-a").read_bytes()
    assert len(sealed) == HEADER_LEN + max(1, -(-size // CHUNK)) * TAG + size
    if size >= 64:
        assert data[:32] not in sealed


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    size=st.one_of(
        st.sampled_from([0, 1, CHUNK - 1, CHUNK, CHUNK + 1]), st.integers(0, 4 * CHUNK + 3)
    ),
    cuts=st.lists(st.integers(0, 3 * CHUNK), max_size=6),
)
def test_streaming_writer_any_pieces(tmp_path: Path, size: int, cuts: list[int]) -> None:
    store = _store(tmp_path)
    data = os.urandom(size)
    points = sorted({0, size, *(c for c in cuts if c <= size)})
    with store.writer(version=1) as w:
        for a, b in itertools.pairwise(points):
            w.write(memoryview(data)[a:b])
        w.write(b"")
        ref = w.commit()
    assert store.read(ref) == data
    # Same bytes, same layout as a one-shot put: chunking does not depend on write sizes.
    assert (tmp_path / "blobs" / ref.blob_id).stat().st_size == len(
        blobmod.seal(KEY, b"\0" * 7, ref.blob_id, 1, data)
    )


def test_random_id_keys_and_nonce_prefixes_differ(tmp_path: Path) -> None:
    store = _store(tmp_path)
    a, b = store.put(b"same"), store.put(b"same")
    assert a.blob_id != b.blob_id
    assert a.key_wrapped != b.key_wrapped
    sealed_a = (tmp_path / "blobs" / a.blob_id).read_bytes()
    sealed_b = (tmp_path / "blobs" / b.blob_id).read_bytes()
    assert sealed_a[5:HEADER_LEN] != sealed_b[5:HEADER_LEN]
    assert store.size_bytes() == len(sealed_a) + len(sealed_b)


# -- tamper -----------------------------------------------------------------------------


@pytest.fixture
def three_chunks(tmp_path: Path) -> tuple[BlobStore, BlobRef, Path]:
    store = _store(tmp_path)
    ref = store.put(os.urandom(2 * CHUNK + 100), blob_id="doc-t")
    return store, ref, tmp_path / "blobs" / "doc-t"


@pytest.mark.parametrize(
    "offset",
    [0, 3, 4, 5, 11, HEADER_LEN, HEADER_LEN + 1000, HEADER_LEN + SEALED_CHUNK - 1,
     HEADER_LEN + SEALED_CHUNK, HEADER_LEN + 2 * SEALED_CHUNK + 5, -1],
)  # fmt: skip
def test_flipped_byte_anywhere(three_chunks: tuple[BlobStore, BlobRef, Path], offset: int) -> None:
    store, ref, path = three_chunks
    raw = bytearray(path.read_bytes())
    raw[offset] ^= 0x01
    path.write_bytes(raw)
    _assert_tampered(store, ref)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_flipped_bit_at_random(
    three_chunks: tuple[BlobStore, BlobRef, Path], data: st.DataObject
) -> None:
    store, ref, path = three_chunks
    original = path.read_bytes()
    raw = bytearray(original)
    pos = data.draw(st.integers(0, len(raw) - 1))
    raw[pos] ^= 1 << data.draw(st.integers(0, 7))
    path.write_bytes(raw)
    try:
        _assert_tampered(store, ref)
    finally:
        path.write_bytes(original)


@pytest.mark.parametrize(
    "keep",
    [0, 4, HEADER_LEN, HEADER_LEN + 10, HEADER_LEN + SEALED_CHUNK,
     HEADER_LEN + 2 * SEALED_CHUNK, HEADER_LEN + 2 * SEALED_CHUNK + 15, -1],
)  # fmt: skip
def test_truncated(three_chunks: tuple[BlobStore, BlobRef, Path], keep: int) -> None:
    """Incl. dropping the last chunk exactly at a chunk boundary."""
    store, ref, path = three_chunks
    path.write_bytes(path.read_bytes()[:keep])
    _assert_tampered(store, ref)


def test_dropping_last_chunk_of_exact_multiple(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ref = store.put(os.urandom(2 * CHUNK), blob_id="even")
    path = tmp_path / "blobs" / "even"
    path.write_bytes(path.read_bytes()[: HEADER_LEN + SEALED_CHUNK])
    _assert_tampered(store, ref)


def test_appended_bytes(three_chunks: tuple[BlobStore, BlobRef, Path]) -> None:
    store, ref, path = three_chunks
    path.write_bytes(path.read_bytes() + os.urandom(SEALED_CHUNK))
    _assert_tampered(store, ref)


def test_chunks_reordered(three_chunks: tuple[BlobStore, BlobRef, Path]) -> None:
    store, ref, path = three_chunks
    raw = path.read_bytes()
    head, c0, c1 = (
        raw[:HEADER_LEN],
        raw[HEADER_LEN : HEADER_LEN + SEALED_CHUNK],
        raw[HEADER_LEN + SEALED_CHUNK : HEADER_LEN + 2 * SEALED_CHUNK],
    )
    path.write_bytes(head + c1 + c0 + raw[HEADER_LEN + 2 * SEALED_CHUNK :])
    _assert_tampered(store, ref)


def test_chunk_duplicated_over_another(three_chunks: tuple[BlobStore, BlobRef, Path]) -> None:
    store, ref, path = three_chunks
    raw = path.read_bytes()
    c0 = raw[HEADER_LEN : HEADER_LEN + SEALED_CHUNK]
    path.write_bytes(raw[:HEADER_LEN] + c0 + c0 + raw[HEADER_LEN + 2 * SEALED_CHUNK :])
    _assert_tampered(store, ref)


def test_two_blobs_swapped(tmp_path: Path) -> None:
    store = _store(tmp_path)
    a = store.put(os.urandom(1000), blob_id="a")
    b = store.put(os.urandom(1000), blob_id="b")
    pa, pb = tmp_path / "blobs" / "a", tmp_path / "blobs" / "b"
    ra, rb = pa.read_bytes(), pb.read_bytes()
    pa.write_bytes(rb)
    pb.write_bytes(ra)
    _assert_tampered(store, a)
    _assert_tampered(store, b)


def test_wrapped_keys_swapped_between_rows(tmp_path: Path) -> None:
    store = _store(tmp_path)
    a = store.put(b"alpha", blob_id="a")
    b = store.put(b"bravo", blob_id="b")
    _assert_tampered(store, BlobRef("a", 1, b.key_wrapped))
    _assert_tampered(store, BlobRef("a", 2, a.key_wrapped))
    _assert_tampered(store, BlobRef("a", 1, a.key_wrapped[:-1]))
    _assert_tampered(store, BlobRef("a", 1, b"\x02" + a.key_wrapped[1:]))


def test_old_version_put_back(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.put(b"version one" * 100, blob_id="doc", version=1)
    path = tmp_path / "blobs" / "doc"
    old = path.read_bytes()
    v2 = store.put(b"version two" * 100, blob_id="doc", version=2)
    path.write_bytes(old)
    _assert_tampered(store, v2)


def test_same_key_other_id_or_version_rejected(tmp_path: Path) -> None:
    """Even with the right data key, AAD binds id and version to every chunk."""
    data_key, prefix = os.urandom(32), os.urandom(7)
    sealed = blobmod.seal(data_key, prefix, "x", 1, b"payload")
    with pytest.raises(Tampered):
        blobmod.open_sealed(data_key, "y", 1, sealed)
    with pytest.raises(Tampered):
        blobmod.open_sealed(data_key, "x", 2, sealed)
    with pytest.raises(Tampered):
        blobmod.open_sealed(data_key, "x", 1, sealed[:4] + b"\x02" + sealed[5:])


def test_wrong_store_key(tmp_path: Path) -> None:
    ref = _store(tmp_path).put(b"secret")
    _assert_tampered(BlobStore(tmp_path / "blobs", os.urandom(32)), ref)


# -- writer lifecycle, ids, temp files ----------------------------------------------------


def test_abort_and_exception_leave_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    w = store.writer(blob_id="gone")
    w.write(os.urandom(3 * CHUNK))
    w.abort()
    w.abort()
    with pytest.raises(RuntimeError), store.writer(blob_id="gone2") as w2:  # noqa: PT012 - the raise inside the with is the case under test
        w2.write(b"abc")
        raise RuntimeError("boom")
    with store.writer(blob_id="never-committed") as w3:
        w3.write(b"abc")
    assert os.listdir(tmp_path / "blobs") == []
    with pytest.raises(FolioError):
        w.write(b"more")
    with pytest.raises(FolioError):
        w.commit()


def test_uncommitted_write_is_invisible_and_cleaned(tmp_path: Path) -> None:
    store = _store(tmp_path)
    old = store.put(b"old", blob_id="doc")
    w = store.writer(blob_id="doc", version=2)
    w.write(os.urandom(CHUNK + 1))
    assert store.read(old) == b"old"
    assert list(store.blob_ids()) == ["doc"]
    assert store.check_headers() == []
    assert store.clean_temp_files() == 1
    assert store.clean_temp_files() == 0
    assert os.listdir(tmp_path / "blobs") == ["doc"]


@pytest.mark.parametrize("bad", ["", "../x", "a/b", ".tmp-x", ".hidden", "x" * 129, "ä"])
def test_bad_blob_ids(tmp_path: Path, bad: str) -> None:
    with pytest.raises(FolioError) as info:
        _store(tmp_path).put(b"x", blob_id=bad)
    assert info.value.kind is ErrorKind.BAD_INPUT


def test_bad_version_missing_blob_delete(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with pytest.raises(FolioError):
        store.put(b"x", version=-1)
    ref = store.put(b"x", blob_id="d")
    store.delete("d")
    store.delete("d")
    with pytest.raises(FolioError) as info:
        store.read(ref)
    assert info.value.kind is ErrorKind.NOT_FOUND


def test_locked_store_refuses(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ref = store.put(b"x")
    store.forget_key()
    for call in (lambda: store.read(ref), lambda: store.put(b"y")):
        with pytest.raises(FolioError) as info:
            call()
        assert info.value.kind is ErrorKind.VAULT_LOCKED


def test_check_headers_reports_damage(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.put(b"x" * 100, blob_id="magic")
    store.put(b"x" * 100, blob_id="ver")
    store.put(b"x" * 100, blob_id="cut")
    store.put(b"x" * 100, blob_id="fine")
    d = tmp_path / "blobs"
    (d / "magic").write_bytes(b"XXXX" + (d / "magic").read_bytes()[4:])
    (d / "ver").write_bytes(b"FOLB\x09" + (d / "ver").read_bytes()[5:])
    (d / "cut").write_bytes((d / "cut").read_bytes()[: HEADER_LEN + 3])
    assert sorted(p.split(":")[0] for p in store.check_headers()) == [
        "blob cut",
        "blob magic",
        "blob ver",
    ]


def test_disk_full_is_a_folio_error(tmp_path: Path) -> None:
    def full() -> int:
        raise OSError(28, "No space left on device")

    with pytest.raises(FolioError) as info:
        blobmod._os_call(full)
    assert info.value.kind is ErrorKind.DISK_FULL
    with pytest.raises(PermissionError):
        blobmod._os_call(lambda: (_ for _ in ()).throw(PermissionError(13, "denied")))


def test_vault_blob_store_is_sealed(vault: UnlockedVault) -> None:
    ref = vault.blobs.put(b"MARKERWORD" * 50)
    assert b"MARKERWORD" not in (vault.data_dir / "blobs" / ref.blob_id).read_bytes()
    assert vault.blobs.read(ref) == b"MARKERWORD" * 50
