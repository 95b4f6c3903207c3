"""Key hierarchy, key file and secret store."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import pytest

from sync.errors import ErrorKind, FolioError
from sync.vault import KdfParams, keys, secret_store
from sync.vault.keys import KeyFile


def test_calibrate_never_below_five_times_owasp_floor() -> None:
    params = KdfParams.calibrate(target_s=0.0)  # a "fast" target still meets the floor
    assert params.cost >= 5 * 19 * 1024 * 2
    assert params.memory_kib >= 19 * 1024
    assert params.iterations >= 2
    assert KdfParams.FAST_FOR_TESTS.cost < params.cost


def test_kek_depends_on_every_input() -> None:
    p = KdfParams.FAST_FOR_TESTS
    base = keys.derive_kek(p, b"1234", b"s" * 16, b"d" * 32, b"ad")
    assert base == keys.derive_kek(p, b"1234", b"s" * 16, b"d" * 32, b"ad")
    assert base != keys.derive_kek(p, b"1235", b"s" * 16, b"d" * 32, b"ad")
    assert base != keys.derive_kek(p, b"1234", b"t" * 16, b"d" * 32, b"ad")
    assert base != keys.derive_kek(p, b"1234", b"s" * 16, b"e" * 32, b"ad")
    assert base != keys.derive_kek(p, b"1234", b"s" * 16, b"d" * 32, b"ae")


def test_subkeys_are_distinct_and_wrap_round_trips() -> None:
    vid = keys.new_vault_id()
    master = os.urandom(32)
    assert keys.hkdf_subkey(master, keys.DB_INFO, vid) != keys.hkdf_subkey(
        master, keys.BLOB_INFO, vid
    )
    kek = os.urandom(32)
    aad = keys.vault_aad(vid)
    nonce, wrapped = keys.wrap(kek, master, aad)
    assert keys.unwrap(kek, nonce, wrapped, aad) == master
    with pytest.raises(keys.WrongKeyError):
        keys.unwrap(kek, nonce, wrapped, keys.vault_aad(keys.new_vault_id()))
    with pytest.raises(keys.WrongKeyError):
        keys.unwrap(os.urandom(32), nonce, wrapped, aad)


def _key_file() -> KeyFile:
    return KeyFile(
        vault_id=keys.new_vault_id(),
        kdf=KdfParams(memory_kib=1024, iterations=3, lanes=1),
        salt=os.urandom(16),
        nonce=os.urandom(12),
        master_key_wrapped=os.urandom(48),
        secret_slot="abc123",
        max_pin_attempts=10,
        retired_slots=("old1",),
    )


def test_key_file_round_trip(tmp_path: Path) -> None:
    kf = _key_file()
    kf.save(tmp_path)
    assert KeyFile.load(tmp_path) == kf
    assert stat.S_IMODE((tmp_path / keys.KEY_FILE_NAME).stat().st_mode) == 0o600
    doc = json.loads((tmp_path / keys.KEY_FILE_NAME).read_text())
    assert doc["format"] == 1
    assert doc["kdf"]["alg"] == "argon2id"
    assert "plaintext_for_tests" not in doc


def _mutations() -> list[tuple[str, object]]:
    return [
        ("format", 2),
        ("kdf.alg", "scrypt"),
        ("kdf.memory_kib", 1),
        ("kdf.lanes", 0),
        ("kdf.iterations", 0),
        ("kdf.salt", "not base64!"),
        ("master_key_wrapped.alg", "aes-kw"),
        ("master_key_wrapped.ciphertext", "AAAA"),
        ("vault_id", "abcd"),
        ("vault_id", "zz"),
        ("secret_slot", "../x"),
        ("max_pin_attempts", 0),
        ("secret_slot", None),
    ]


@pytest.mark.parametrize(("field", "value"), _mutations())
def test_malformed_key_file_is_not_a_vault(tmp_path: Path, field: str, value: object) -> None:
    doc = json.loads(_key_file().to_bytes())
    target = doc
    *path, last = field.split(".")
    for part in path:
        target = target[part]
    if value is None:
        del target[last]
    else:
        target[last] = value
    (tmp_path / keys.KEY_FILE_NAME).write_text(json.dumps(doc))
    with pytest.raises(FolioError) as info:
        KeyFile.load(tmp_path)
    assert info.value.kind is ErrorKind.NOT_A_VAULT
    assert "wipe" in info.value.detail
    assert "re-enroll" in info.value.detail


@pytest.mark.parametrize("content", [b"", b"\xff\xfe", b"[]", b"not json"])
def test_garbage_key_file(tmp_path: Path, content: bytes) -> None:
    (tmp_path / keys.KEY_FILE_NAME).write_bytes(content)
    with pytest.raises(FolioError) as info:
        KeyFile.load(tmp_path)
    assert info.value.kind is ErrorKind.NOT_A_VAULT


def test_missing_key_file(tmp_path: Path) -> None:
    with pytest.raises(FolioError) as info:
        KeyFile.load(tmp_path)
    assert info.value.kind is ErrorKind.VAULT_MISSING


def test_device_secret_codec() -> None:
    assert len(keys.decode_device_secret(keys.new_device_secret())) == 32
    with pytest.raises(ValueError):
        keys.decode_device_secret("AAAA")


# -- secret store -----------------------------------------------------------------------


def test_file_store_permissions_and_delete(tmp_path: Path) -> None:
    store = secret_store.FileSecretStore(tmp_path / "s")
    assert store.get("v.x") is None
    store.set("v.x", "value")
    store.set("v.x", "value2")
    assert store.get("v.x") == "value2"
    assert stat.S_IMODE((tmp_path / "s").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "s" / "v.x").stat().st_mode) == 0o600
    store.delete("v.x")
    store.delete("v.x")
    assert store.get("v.x") is None
    assert os.listdir(tmp_path / "s") == []
    for bad in ("../etc", ".hidden", "a/b", ""):
        with pytest.raises(FolioError):
            store.get(bad)


# Without a keyring the store falls back to the file store and says so, on purpose.
@pytest.mark.log_expect(r"^sync\.vault\.secret_store: vault\.secret_store_fallback$")
def test_default_store_selection(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("FOLIO_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("FOLIO_SECRET_BACKEND", "file")
    store = secret_store.default_secret_store()
    assert store.backend == "file"
    assert isinstance(store, secret_store.FileSecretStore)
    assert store.directory == tmp_path / "secrets"
    monkeypatch.setenv("FOLIO_SECRET_BACKEND", "bogus")
    with pytest.raises(FolioError):
        secret_store.default_secret_store()
    monkeypatch.setenv("FOLIO_SECRET_BACKEND", "keyring")
    with pytest.raises(FolioError) as info:
        secret_store.default_secret_store()  # this machine has no OS keyring backend
    assert info.value.kind is ErrorKind.SECRET_MISSING
    monkeypatch.delenv("FOLIO_SECRET_BACKEND")
    with caplog.at_level(logging.WARNING):
        assert secret_store.default_secret_store().backend == "file"
    assert "secret_store_fallback" in caplog.text
    monkeypatch.delenv("FOLIO_CONFIG_DIR")
    assert secret_store.config_dir().name == "folio"


def test_atomic_write_leaves_no_temp_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "f"
    secret_store.atomic_write(target, b"one")
    with pytest.raises(TypeError):
        secret_store.atomic_write(target, 12)  # type: ignore[arg-type]  # deliberate bad input
    assert target.read_bytes() == b"one"
    assert os.listdir(tmp_path) == ["f"]
