"""Vault lifecycle: PIN counter and wipe, change PIN, rollback, bad input, the open contract."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from conftest import TEST_PIN

from sync.errors import ErrorKind, FolioError, WrongPin
from sync.vault import Database, KdfParams, UnlockedVault, Vault
from sync.vault import db as dbmod
from sync.vault.secret_store import FileSecretStore, config_dir
from tests.helpers.plain_vault import export_database

FAST = KdfParams.FAST_FOR_TESTS


def _secrets() -> FileSecretStore:
    return FileSecretStore(config_dir() / "secrets")


def _kind(exc: pytest.ExceptionInfo[FolioError]) -> ErrorKind:
    return exc.value.kind


def test_create_unlock_round_trip(vault: UnlockedVault, data_dir: Path) -> None:
    with vault.db.transaction() as cur:
        cur.execute("INSERT INTO committees(id, name) VALUES ('c1', 'Finance')")
    ref = vault.blobs.put(b"pdf bytes")
    info = vault.info()
    assert info.secret_backend == "file"
    assert info.max_pin_attempts == 10
    assert info.failed_pin_attempts == 0
    assert info.size_bytes > 0
    assert vault.verify() == []
    vault.lock()
    vault.lock()
    assert vault.locked
    with pytest.raises(FolioError) as locked:
        vault.blobs.read(ref)
    assert _kind(locked) is ErrorKind.VAULT_LOCKED
    with pytest.raises(FolioError):
        vault.open_database()
    assert Vault.exists(data_dir)
    again = Vault.open(data_dir).unlock(TEST_PIN)
    assert again.db.query("SELECT name FROM committees")[0]["name"] == "Finance"
    assert again.blobs.read(ref) == b"pdf bytes"
    assert again.info().generation > info.generation
    again.lock()


def test_open_contract_pragmas(vault: UnlockedVault) -> None:
    q = vault.db.query
    assert q("PRAGMA journal_mode")[0][0] == "wal"
    assert q("PRAGMA temp_store")[0][0] == 2
    assert q("PRAGMA secure_delete")[0][0] == 1
    assert q("PRAGMA synchronous")[0][0] == 2
    assert q("PRAGMA foreign_keys")[0][0] == 1
    assert q("PRAGMA cipher_hmac_algorithm")[0][0] == "HMAC_SHA512"  # SQLCipher 4 settings
    assert q("PRAGMA cipher_page_size")[0][0] == "4096"
    assert q("PRAGMA user_version")[0][0] == dbmod.schema_version_known()
    raw = (vault.data_dir / "vault.db").read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(vault.data_dir / "vault.db").execute("SELECT * FROM sqlite_master")


def test_transactions_commit_and_roll_back(vault: UnlockedVault) -> None:
    db = vault.db
    with db.transaction() as cur:
        db.set_state(cur, "k", "1")
        db.set_state(cur, "k", "2")
    assert db.get_state("k") == "2"
    with pytest.raises(RuntimeError), db.transaction() as cur:  # noqa: PT012 - rollback on raise is the case
        db.set_state(cur, "k", "3")
        raise RuntimeError
    assert db.get_state("k") == "2"
    assert db.get_state("missing") is None
    with pytest.raises(FolioError), db.transaction(), db.transaction():
        pass
    with pytest.raises(dbmod.sqlcipher3.IntegrityError), db.transaction() as cur:
        cur.execute(
            "INSERT INTO meetings(id, committee_id, title, starts_at) VALUES ('m','x','t','s')"
        )


def test_second_connection_for_another_thread(vault: UnlockedVault) -> None:
    seen: list[str | None] = []

    def engine() -> None:
        db = vault.open_database()
        with db.transaction() as cur:
            db.set_state(cur, "cursor", "abc")
        seen.append(db.get_state("cursor"))

    t = threading.Thread(target=engine)
    t.start()
    t.join()
    assert seen == ["abc"]
    assert vault.db.get_state("cursor") == "abc"


def test_wrong_pin_counts_and_resets(vault: UnlockedVault, data_dir: Path) -> None:
    vault.lock()
    locked = Vault.open(data_dir)
    for expected_left in (9, 8):
        with pytest.raises(WrongPin) as info:
            locked.unlock("000000")
        assert info.value.attempts_left == expected_left
    assert locked.failed_attempts == 2
    # Deleting the counter in the data dir does not reset it: the mirror remembers.
    (data_dir / "vault.pin-attempts").unlink()
    assert Vault.open(data_dir).failed_attempts == 2
    with pytest.raises(FolioError) as empty:
        locked.unlock("")
    assert _kind(empty) is ErrorKind.BAD_INPUT
    locked.unlock(TEST_PIN).lock()
    assert Vault.open(data_dir).failed_attempts == 0


def test_nth_wrong_pin_wipes(data_dir: Path) -> None:
    Vault.create(data_dir, TEST_PIN, kdf=FAST, max_pin_attempts=3).lock()
    vault_id = Vault.open(data_dir).vault_id
    locked = Vault.open(data_dir)
    for _ in range(2):
        with pytest.raises(WrongPin):
            locked.unlock("1")
    with pytest.raises(FolioError) as info:
        locked.unlock("1")
    assert _kind(info) is ErrorKind.VAULT_WIPED
    assert not data_dir.exists()
    assert [p for p in (config_dir() / "secrets").iterdir() if vault_id in p.name] == []
    with pytest.raises(FolioError) as gone:
        Vault.open(data_dir)
    assert _kind(gone) is ErrorKind.VAULT_MISSING


def test_counter_already_at_max_wipes_before_any_check(data_dir: Path) -> None:
    Vault.create(data_dir, TEST_PIN, kdf=FAST, max_pin_attempts=2).lock()
    locked = Vault.open(data_dir)
    _secrets().set(f"{locked.vault_id}.pin-failures", "2")
    with pytest.raises(FolioError) as info:
        locked.unlock(TEST_PIN)
    assert _kind(info) is ErrorKind.VAULT_WIPED
    assert not Vault.exists(data_dir)


def test_change_pin_keeps_data_rotates_secret(vault: UnlockedVault, data_dir: Path) -> None:
    ref = vault.blobs.put(b"kept")
    with vault.db.transaction() as cur:
        vault.db.set_state(cur, "note", "kept")
    vid = vault.vault_id
    before = {p.name: p.read_text() for p in (config_dir() / "secrets").glob(f"{vid}.device-*")}
    with pytest.raises(WrongPin):
        vault.change_pin("999999", "13579")
    vault.change_pin(TEST_PIN, "13579")
    after = {p.name: p.read_text() for p in (config_dir() / "secrets").glob(f"{vid}.device-*")}
    assert len(before) == len(after) == 1
    assert before.keys() != after.keys()
    assert set(before.values()).isdisjoint(after.values())
    assert vault.blobs.read(ref) == b"kept"
    vault.lock()
    with pytest.raises(WrongPin):
        Vault.open(data_dir).unlock(TEST_PIN)
    again = Vault.open(data_dir).unlock("13579")
    assert again.blobs.read(ref) == b"kept"
    assert again.db.get_state("note") == "kept"
    again.lock()


def test_retired_secret_is_deleted_at_next_unlock(vault: UnlockedVault, data_dir: Path) -> None:
    """A crash between the key file switch and the old slot's delete leaves no old secret."""
    store = _secrets()
    old_name = next(p.name for p in store.directory.glob(f"{vault.vault_id}.device-*"))
    old_value = store.get(old_name)
    assert old_value is not None
    vault.change_pin(TEST_PIN, "1111")
    store.set(old_name, old_value)  # as if the delete never happened
    vault.lock()
    Vault.open(data_dir).unlock("1111").lock()
    assert store.get(old_name) is None


def test_rollback_refused(vault: UnlockedVault, data_dir: Path, tmp_path: Path) -> None:
    with vault.db.transaction() as cur:
        vault.db.set_state(cur, "note", "old")
    vault.lock()
    backup = tmp_path / "backup"
    backup.mkdir()
    for p in data_dir.glob("vault.db*"):
        shutil.copy2(p, backup / p.name)
    u = Vault.open(data_dir).unlock(TEST_PIN)
    with u.db.transaction() as cur:
        u.db.set_state(cur, "note", "new")
    u.lock()
    for p in data_dir.glob("vault.db*"):
        p.unlink()
    for p in backup.iterdir():
        shutil.copy2(p, data_dir / p.name)
    with pytest.raises(FolioError) as info:
        Vault.open(data_dir).unlock(TEST_PIN)
    assert _kind(info) is ErrorKind.ROLLBACK
    assert "older" in info.value.detail
    assert "wipe" in info.value.detail


def test_non_sqlcipher_file_in_data_dir(vault: UnlockedVault, data_dir: Path) -> None:
    vault.lock()
    for p in data_dir.glob("vault.db*"):
        p.unlink()
    (data_dir / "vault.db").write_bytes(b"%PDF-1.7 this is not a database" * 200)
    with pytest.raises(FolioError) as info:
        Vault.open(data_dir).unlock(TEST_PIN)
    assert _kind(info) is ErrorKind.CORRUPT
    assert "not a Folio vault" in info.value.detail
    assert "re-enroll" in info.value.detail


def test_plain_sqlite_file_in_data_dir(vault: UnlockedVault, data_dir: Path) -> None:
    vault.lock()
    for p in data_dir.glob("vault.db*"):
        p.unlink()
    con = sqlite3.connect(data_dir / "vault.db")
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    with pytest.raises(FolioError) as info:
        Vault.open(data_dir).unlock(TEST_PIN)
    assert _kind(info) is ErrorKind.NOT_A_VAULT
    assert "unencrypted" in info.value.detail
    assert "wipe" in info.value.detail


def test_wrong_key_database(tmp_path: Path) -> None:
    """Another vault's database under this vault's key file: wrong key, clear error."""
    a, b = tmp_path / "a", tmp_path / "b"
    Vault.create(a, TEST_PIN, kdf=FAST).lock()
    Vault.create(b, TEST_PIN, kdf=FAST).lock()
    for p in a.glob("vault.db*"):
        p.unlink()
    shutil.copy2(b / "vault.db", a / "vault.db")
    with pytest.raises(FolioError) as info:
        Vault.open(a).unlock(TEST_PIN)
    assert _kind(info) is ErrorKind.CORRUPT
    assert "key" in info.value.detail
    assert "re-enroll" in info.value.detail


def test_missing_database(vault: UnlockedVault, data_dir: Path) -> None:
    vault.lock()
    for p in data_dir.glob("vault.db*"):
        p.unlink()
    with pytest.raises(FolioError) as info:
        Vault.open(data_dir).unlock(TEST_PIN)
    assert _kind(info) is ErrorKind.CORRUPT
    assert "missing" in info.value.detail


@pytest.mark.parametrize("damage", ["delete", "garble"])
def test_secret_store_entry_gone(vault: UnlockedVault, data_dir: Path, damage: str) -> None:
    vault.lock()
    for p in (config_dir() / "secrets").glob(f"{vault.vault_id}.device-secret.*"):
        if damage == "delete":
            p.unlink()
        else:
            p.write_text("garbage")
    locked = Vault.open(data_dir)
    with pytest.raises(FolioError) as info:
        locked.unlock(TEST_PIN)
    assert _kind(info) is ErrorKind.SECRET_MISSING
    assert "device secret" in info.value.detail
    assert "re-enroll" in info.value.detail
    assert locked.failed_attempts == 0  # no attempt is burnt on a missing secret


def test_create_refuses_existing_and_bad_max(vault: UnlockedVault, data_dir: Path) -> None:
    with pytest.raises(FolioError) as info:
        Vault.create(data_dir, "1", kdf=FAST)
    assert _kind(info) is ErrorKind.VAULT_EXISTS
    with pytest.raises(FolioError):
        Vault.create(data_dir.parent / "other", "1", kdf=FAST, max_pin_attempts=0)


def test_newer_schema_is_refused(vault: UnlockedVault, data_dir: Path) -> None:
    vault.db.execute(f"PRAGMA user_version = {dbmod.schema_version_known() + 1}")
    vault.lock()
    with pytest.raises(FolioError) as info:
        Vault.open(data_dir).unlock(TEST_PIN)
    assert _kind(info) is ErrorKind.CLIENT_TOO_OLD
    assert "update Folio" in info.value.detail


def test_migrations_run_in_order_each_in_one_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mig = tmp_path / "migrations"
    mig.mkdir()
    (mig / "0001_a.sql").write_text("CREATE TABLE vault_state(key TEXT PRIMARY KEY, value TEXT);")
    (mig / "0002_b.sql").write_text("CREATE TABLE two(x);")
    (mig / "README.txt").write_text("ignored")
    monkeypatch.setattr(dbmod, "MIGRATIONS_DIR", mig)
    db = Database(tmp_path / "x.db", b"k" * 32)
    assert db.migrate() == 2
    (mig / "0003_bad.sql").write_text("CREATE TABLE three(x); CREATE TABLE two(x);")
    with pytest.raises(FolioError) as info:
        db.migrate()
    assert _kind(info) is ErrorKind.CORRUPT
    assert "0003_bad.sql" in info.value.detail
    assert db.user_version() == 2
    assert db.query("SELECT name FROM sqlite_master WHERE name = 'three'") == []
    db.close()


def test_verify_reports_missing_and_damaged_blobs(vault: UnlockedVault) -> None:
    ref = vault.blobs.put(b"x" * 1000)
    with vault.db.transaction() as cur:
        cur.execute("INSERT INTO committees(id, name) VALUES ('c', 'C')")
        cur.execute(
            "INSERT INTO meetings(id, committee_id, title, starts_at) VALUES ('m','c','T','2025')"
        )
        cur.execute(
            "INSERT INTO documents(id, meeting_id, title, filename, current_version) "
            "VALUES ('d','m','D','d.pdf',1)"
        )
        cur.execute(
            "INSERT INTO document_versions(document_id, version, sha256, size, blob_id, "
            "blob_key_wrapped) VALUES ('d', 1, 'h', 1000, ?, ?), ('d', 2, 'h', 1, 'nope', x'00')",
            (ref.blob_id, ref.key_wrapped),
        )
    path = vault.data_dir / "blobs" / ref.blob_id
    path.write_bytes(b"JUNK" + path.read_bytes()[4:])
    problems = vault.verify()
    assert any("bad magic" in p for p in problems)
    assert any("nope is missing" in p for p in problems)


def test_verify_authenticates_every_chunk_of_every_linked_blob(vault: UnlockedVault) -> None:
    """A flipped byte in a middle chunk keeps the header valid: only the GCM tag tells."""
    ref = vault.blobs.put(bytes(range(256)) * 1000)  # 256,000 bytes: four chunks
    with vault.db.transaction() as cur:
        cur.execute("INSERT INTO committees(id, name) VALUES ('c', 'C')")
        cur.execute(
            "INSERT INTO meetings(id, committee_id, title, starts_at) VALUES ('m','c','T','2025')"
        )
        cur.execute(
            "INSERT INTO documents(id, meeting_id, title, filename, current_version) "
            "VALUES ('d','m','D','d.pdf',1)"
        )
        cur.execute(
            "INSERT INTO document_versions(document_id, version, sha256, size, blob_id, "
            "blob_key_wrapped, state) VALUES ('d', 1, 'h', 256000, ?, ?, 'verified')",
            (ref.blob_id, ref.key_wrapped),
        )
    assert vault.verify() == []
    path = vault.data_dir / "blobs" / ref.blob_id
    raw = bytearray(path.read_bytes())
    raw[12 + 2 * (64 * 1024 + 16) + 100] ^= 0x80  # inside chunk 2
    path.write_bytes(bytes(raw))
    assert vault.blobs.check_headers() == []  # what verify looked at before
    (damaged,) = vault.damaged_blobs()
    assert (damaged.document_id, damaged.version) == ("d", 1)
    assert "chunk 2 failed authentication" in damaged.reason
    assert vault.verify() == [f"document d v1: {damaged.reason}"]


def test_the_test_helper_exports_a_plaintext_copy(vault: UnlockedVault, tmp_path: Path) -> None:
    """tests/helpers/plain_vault.py (the negative controls' plaintext) reads what is stored."""
    with vault.db.transaction() as cur:
        vault.db.set_state(cur, "marker", "ZEBRAWORD")
    assert b"ZEBRAWORD" not in b"".join(
        p.read_bytes() for p in vault.data_dir.glob("vault.db*") if p.is_file()
    )
    dest = tmp_path / "plain.db"
    export_database(vault, dest)
    row = sqlite3.connect(dest).execute("SELECT value FROM vault_state WHERE key='marker'")
    assert row.fetchone()[0] == "ZEBRAWORD"


def test_a_plaintext_flag_put_into_the_key_file_changes_nothing(
    vault: UnlockedVault, data_dir: Path
) -> None:
    """There is no plaintext mode: a flag someone adds to the key file is ignored, the
    vault opens encrypted as before (it once made the PIN check fail)."""
    with vault.db.transaction() as cur:
        vault.db.set_state(cur, "marker", "ZEBRAWORD")
    vault.lock()
    key_path = data_dir / "vault.key.json"
    key_path.write_text(
        key_path.read_text().replace('"format"', '"plaintext_for_tests": true, "format"')
    )
    again = Vault.open(data_dir).unlock(TEST_PIN)
    assert again.db.get_state("marker") == "ZEBRAWORD"
    again.lock()
    assert b"ZEBRAWORD" not in b"".join(
        p.read_bytes() for p in data_dir.glob("vault.db*") if p.is_file()
    )


def test_wipe_from_unlocked_and_locked(
    vault: UnlockedVault, data_dir: Path, tmp_path: Path
) -> None:
    vault.blobs.put(b"x")
    (data_dir / "unrelated.txt").write_text("keep me")
    vault.wipe()
    assert not Vault.exists(data_dir)
    assert not (data_dir / "blobs").exists()
    assert (data_dir / "unrelated.txt").exists()  # wipe removes only the vault's own files
    other = tmp_path / "other"
    Vault.create(other, TEST_PIN, kdf=FAST).lock()
    Vault.open(other).wipe()
    assert not other.exists()


def test_default_kdf_is_calibrated(tmp_path: Path) -> None:
    u = Vault.create(tmp_path / "d", TEST_PIN)
    kdf = Vault.open(tmp_path / "d")._key_file.kdf
    assert kdf.cost >= 5 * 19 * 1024 * 2
    u.lock()
