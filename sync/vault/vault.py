"""Create, unlock, lock and wipe a vault (docs/spec/vault.md).

Order matters here more than anywhere else:
- the wrong-PIN counter is written durably (and mirrored in the secret store)
  *before* the KDF runs, so killing the app mid-check gains no free guess;
- a wipe destroys the wrapped master key and the device secret *before* the
  files, so an interrupted wipe still leaves nothing readable;
- the vault generation is bumped in the database and then mirrored in the
  secret store, so an older database put back is refused (rollback).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from sync.device.traces import remove_device_traces
from sync.errors import ErrorKind, FolioError, Tampered, WrongPin
from sync.model import VaultInfo
from sync.store import documents
from sync.vault import keys
from sync.vault.blob import BlobRef, BlobStore
from sync.vault.db import DB_FILE_NAME, WAY_OUT, Database
from sync.vault.keys import KEY_FILE_NAME, KdfParams, KeyFile
from sync.vault.secret_store import (
    SecretStore,
    atomic_write,
    default_secret_store,
    destroy_file,
    fsync_dir,
)

log = logging.getLogger(__name__)

ATTEMPTS_FILE_NAME = "vault.pin-attempts"
BLOB_DIR_NAME = "blobs"
GENERATION_KEY = "generation"


def _secret_name(vault_id: str, slot: str) -> str:
    return f"{vault_id}.device-secret.{slot}"


def _attempts_name(vault_id: str) -> str:
    return f"{vault_id}.pin-failures"


def _generation_name(vault_id: str) -> str:
    return f"{vault_id}.generation"


def _to_int(text: str | None) -> int:
    try:
        return max(0, int(text)) if text is not None else 0
    except ValueError:
        return 0


def _pin_bytes(pin: str) -> bytes:
    if not pin:
        raise FolioError(ErrorKind.BAD_INPUT, "the PIN must not be empty")
    return pin.encode("utf-8")


def _wipe(data_dir: Path, key_file: KeyFile | None, store: SecretStore) -> None:
    destroy_file(data_dir / KEY_FILE_NAME)
    fsync_dir(data_dir)
    if key_file is not None:
        vid = key_file.vault_id
        for slot in (key_file.secret_slot, *key_file.retired_slots):
            store.delete(_secret_name(vid, slot))
        store.delete(_attempts_name(vid))
        store.delete(_generation_name(vid))
    for name in (DB_FILE_NAME, f"{DB_FILE_NAME}-wal", f"{DB_FILE_NAME}-shm", ATTEMPTS_FILE_NAME):
        with contextlib.suppress(FileNotFoundError):
            (data_dir / name).unlink()
    shutil.rmtree(data_dir / BLOB_DIR_NAME, ignore_errors=True)
    for leftover in data_dir.glob(f".tmp-{KEY_FILE_NAME}-*"):
        leftover.unlink(missing_ok=True)
    remove_device_traces(data_dir)  # every wipe path: logs, settings, update state, marker
    fsync_dir(data_dir)
    with contextlib.suppress(OSError):
        data_dir.rmdir()  # only if nothing else lives there


@dataclass(frozen=True)
class DamagedBlob:
    """A linked document version whose blob is gone or fails authentication."""

    document_id: str
    version: int
    blob_id: str
    reason: str  # words without content, e.g. "blob x: chunk 3 failed authentication"


class Vault:
    """A locked vault: knows its key file and counter, holds no key."""

    def __init__(self, data_dir: Path, key_file: KeyFile, store: SecretStore) -> None:
        self.data_dir = data_dir
        self._key_file = key_file
        self._store = store
        self.secret_backend = store.backend

    # -- lifecycle ---------------------------------------------------------------------

    @staticmethod
    def exists(data_dir: Path) -> bool:
        return (data_dir / KEY_FILE_NAME).is_file()

    @classmethod
    def create(
        cls,
        data_dir: Path,
        pin: str,
        *,
        max_pin_attempts: int = 10,
        kdf: KdfParams | None = None,
        secret_store: SecretStore | None = None,
    ) -> UnlockedVault:
        if cls.exists(data_dir) or (data_dir / DB_FILE_NAME).exists():
            raise FolioError(ErrorKind.VAULT_EXISTS, f"a vault already exists in {data_dir}")
        if not 1 <= max_pin_attempts <= 1000:
            raise FolioError(ErrorKind.BAD_INPUT, "max_pin_attempts must be 1..1000")
        pin_raw = _pin_bytes(pin)
        store = secret_store if secret_store is not None else default_secret_store()
        params = kdf if kdf is not None else KdfParams.calibrate()
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        vault_id = keys.new_vault_id()
        slot = secrets.token_hex(8)
        device_secret = keys.new_device_secret()
        store.set(_secret_name(vault_id, slot), device_secret)
        master_key = secrets.token_bytes(keys.KEY_LEN)
        salt = secrets.token_bytes(keys.SALT_LEN)
        aad = keys.vault_aad(vault_id)
        kek = keys.derive_kek(params, pin_raw, salt, keys.decode_device_secret(device_secret), aad)
        nonce, wrapped = keys.wrap(kek, master_key, aad)
        key_file = KeyFile(
            vault_id=vault_id,
            kdf=params,
            salt=salt,
            nonce=nonce,
            master_key_wrapped=wrapped,
            secret_slot=slot,
            max_pin_attempts=max_pin_attempts,
        )
        vault = cls(data_dir, key_file, store)
        vault._write_attempts(0)
        key_file.save(data_dir)
        return vault._open_unlocked(master_key, creating=True)

    @classmethod
    def open(cls, data_dir: Path, *, secret_store: SecretStore | None = None) -> Vault:
        key_file = KeyFile.load(data_dir)
        store = secret_store if secret_store is not None else default_secret_store()
        return cls(data_dir, key_file, store)

    @property
    def vault_id(self) -> str:
        return self._key_file.vault_id

    @property
    def max_pin_attempts(self) -> int:
        return self._key_file.max_pin_attempts

    @property
    def failed_attempts(self) -> int:
        """The larger of the data-dir counter and its mirror: deleting one file resets nothing."""
        try:
            local = _to_int((self.data_dir / ATTEMPTS_FILE_NAME).read_text("ascii"))
        except FileNotFoundError:
            local = 0
        mirrored = _to_int(self._store.get(_attempts_name(self.vault_id)))
        return max(local, mirrored)

    def _write_attempts(self, n: int) -> None:
        # Mirror first: once the data-dir file shows the count, both places hold it.
        self._store.set(_attempts_name(self.vault_id), str(n))
        atomic_write(self.data_dir / ATTEMPTS_FILE_NAME, str(n).encode("ascii"))

    def _device_secret(self) -> bytes:
        text = self._store.get(_secret_name(self.vault_id, self._key_file.secret_slot))
        if text is None:
            raise FolioError(
                ErrorKind.SECRET_MISSING,
                f"the device secret of vault {self.vault_id} is gone from the "
                f"{self._store.backend} secret store, so the vault cannot be opened on this "
                f"device; {WAY_OUT}",
            )
        try:
            return keys.decode_device_secret(text)
        except ValueError as exc:
            raise FolioError(
                ErrorKind.SECRET_MISSING,
                f"the device secret of vault {self.vault_id} in the {self._store.backend} "
                f"secret store is damaged; {WAY_OUT}",
            ) from exc

    def _check_pin(self, pin: str) -> bytes:
        """Count, then check. Returns the master key or raises WrongPin / VAULT_WIPED."""
        pin_raw = _pin_bytes(pin)
        kf = self._key_file
        failed = self.failed_attempts
        if failed >= kf.max_pin_attempts:
            self.wipe()
            raise FolioError(ErrorKind.VAULT_WIPED, "too many wrong PINs; the vault was wiped")
        device_secret = self._device_secret()
        # Durable before the KDF: a kill from here on has spent the attempt.
        self._write_attempts(failed + 1)
        kek = keys.derive_kek(kf.kdf, pin_raw, kf.salt, device_secret, kf.aad)
        try:
            master_key = keys.unwrap(kek, kf.nonce, kf.master_key_wrapped, kf.aad)
        except keys.WrongKeyError:
            left = kf.max_pin_attempts - (failed + 1)
            if left <= 0:
                self.wipe()
                raise FolioError(
                    ErrorKind.VAULT_WIPED, "too many wrong PINs; the vault was wiped"
                ) from None
            raise WrongPin(left) from None
        self._write_attempts(0)
        for slot in kf.retired_slots:
            self._store.delete(_secret_name(kf.vault_id, slot))
        return master_key

    def unlock(self, pin: str) -> UnlockedVault:
        master_key = self._check_pin(pin)
        return self._open_unlocked(master_key, creating=False)

    def _open_unlocked(self, master_key: bytes, *, creating: bool) -> UnlockedVault:
        db_path = self.data_dir / DB_FILE_NAME
        if not creating and not db_path.exists():
            raise FolioError(
                ErrorKind.CORRUPT, f"the vault database {db_path} is missing; {WAY_OUT}"
            )
        return UnlockedVault(self, master_key, creating=creating)

    def wipe(self) -> None:
        _wipe(self.data_dir, self._key_file, self._store)
        # After the wipe the log file is gone: this reaches stderr (--log-format json) only.
        log.warning("vault.wiped", extra={"fields": {"vault_id": self.vault_id}})


class UnlockedVault:
    """An open vault: the database, the blob store and the keys behind them."""

    def __init__(self, vault: Vault, master_key: bytes, *, creating: bool) -> None:
        self._vault = vault
        self.data_dir = vault.data_dir
        kf = vault._key_file
        self._master_key: bytes | None = master_key
        self._db_key: bytes | None = keys.hkdf_subkey(master_key, keys.DB_INFO, kf.vault_id)
        blob_key = keys.hkdf_subkey(master_key, keys.BLOB_INFO, kf.vault_id)
        self._connections: list[Database] = []
        self.db = self._connect()
        if creating:
            os.chmod(self.data_dir / DB_FILE_NAME, 0o600)
        try:
            self.db.migrate()
            self._check_generation(creating=creating)
        except BaseException:
            self.db.close()
            raise
        self.blobs = BlobStore(self.data_dir / BLOB_DIR_NAME, blob_key)
        self.blobs.clean_temp_files()

    def _connect(self) -> Database:
        if self._master_key is None:
            raise FolioError(ErrorKind.VAULT_LOCKED, "the vault is locked")
        db = Database(self.data_dir / DB_FILE_NAME, self._db_key)
        self._connections.append(db)
        return db

    def _check_generation(self, *, creating: bool) -> None:
        """Refuse a database older than the mirrored generation, then move both forward."""
        store, vid = self._vault._store, self._vault.vault_id
        mirrored = _to_int(store.get(_generation_name(vid)))
        current = _to_int(self.db.get_state(GENERATION_KEY))
        if not creating and current < mirrored:
            raise FolioError(
                ErrorKind.ROLLBACK,
                f"the vault database is older (generation {current}) than the last one this "
                f"device closed (generation {mirrored}): an old copy was put back. Refusing to "
                f"open it; restore the current database or {WAY_OUT}",
            )
        self._bump_generation(max(current, mirrored) + 1)

    def _bump_generation(self, generation: int) -> None:
        with self.db.transaction() as cur:
            self.db.set_state(cur, GENERATION_KEY, str(generation))
        self._vault._store.set(_generation_name(self._vault.vault_id), str(generation))

    @property
    def vault_id(self) -> str:
        return self._vault.vault_id

    @property
    def locked(self) -> bool:
        return self._master_key is None

    def open_database(self) -> Database:
        """A second connection under the same contract, for another thread (the sync engine)."""
        return self._connect()

    def size_bytes(self) -> int:
        total = 0
        for name in (DB_FILE_NAME, f"{DB_FILE_NAME}-wal", f"{DB_FILE_NAME}-shm"):
            with contextlib.suppress(FileNotFoundError):
                total += (self.data_dir / name).stat().st_size
        return total + self.blobs.size_bytes()

    def info(self) -> VaultInfo:
        return VaultInfo(
            data_dir=str(self.data_dir),
            vault_id=self.vault_id,
            secret_backend=self._vault.secret_backend,
            size_bytes=self.size_bytes(),
            generation=_to_int(self.db.get_state(GENERATION_KEY)),
            failed_pin_attempts=self._vault.failed_attempts,
            max_pin_attempts=self._vault.max_pin_attempts,
        )

    def change_pin(self, old_pin: str, new_pin: str) -> None:
        """Rewrap the master key under a new PIN and a new device secret; nothing else changes.

        The old PIN is checked like an unlock (it counts as an attempt). The new secret
        goes in a new slot before the key file switches to it, so a crash at any point
        leaves a key file whose secret exists; the old slot is deleted afterwards (and
        again at the next unlock, if a crash came first).
        """
        vault = self._vault
        new_raw = _pin_bytes(new_pin)
        master_key = vault._check_pin(old_pin)
        old = vault._key_file
        slot = secrets.token_hex(8)
        device_secret = keys.new_device_secret()
        vault._store.set(_secret_name(old.vault_id, slot), device_secret)
        salt = secrets.token_bytes(keys.SALT_LEN)
        kek = keys.derive_kek(
            old.kdf, new_raw, salt, keys.decode_device_secret(device_secret), old.aad
        )
        nonce, wrapped = keys.wrap(kek, master_key, old.aad)
        new = KeyFile(
            vault_id=old.vault_id,
            kdf=old.kdf,
            salt=salt,
            nonce=nonce,
            master_key_wrapped=wrapped,
            secret_slot=slot,
            max_pin_attempts=old.max_pin_attempts,
            retired_slots=(old.secret_slot,),
        )
        new.save(vault.data_dir)
        vault._key_file = new
        vault._store.delete(_secret_name(old.vault_id, old.secret_slot))

    def lock(self) -> None:
        """Bump and mirror the generation, close every connection, drop key references.

        Python cannot scrub memory: copies of the keys may stay in the process until it
        exits (docs/security.md, residual risks).
        """
        if self._master_key is None:
            return
        try:
            self._bump_generation(_to_int(self.db.get_state(GENERATION_KEY)) + 1)
        finally:
            self._close_all()

    def _close_all(self) -> None:
        for db in self._connections:
            with contextlib.suppress(Exception):
                db.close()
        self._connections.clear()
        self._master_key = None
        self._db_key = None
        self.blobs.forget_key()

    def wipe(self) -> None:
        self._close_all()
        self._vault.wipe()

    def verify(self) -> list[str]:
        """`folio verify` in words: the database, then every blob authenticated. [] = healthy."""
        problems = self.verify_database()
        problems += self.verify_stray_blobs()
        problems += [
            f"document {d.document_id} v{d.version}: {d.reason}" for d in self.damaged_blobs()
        ]
        return problems

    def verify_database(self) -> list[str]:
        """SQLCipher's page HMACs and SQLite's structure check."""
        problems: list[str] = []
        problems += [f"database: {r[0]}" for r in self.db.query("PRAGMA cipher_integrity_check")]
        for row in self.db.query("PRAGMA integrity_check"):
            if row[0] != "ok":
                problems.append(f"database: {row[0]}")
        return problems

    def verify_stray_blobs(self) -> list[str]:
        """Header checks of blob files no document links: no key opens them, so a header
        glance is all there is; linked ones are authenticated by ``damaged_blobs``."""
        return self.blobs.check_headers(skip={ref.blob_id for _doc, ref in self._linked_blobs()})

    def damaged_blobs(self) -> list[DamagedBlob]:
        """Every linked blob decrypted chunk by chunk (the real AEAD, not a header glance).

        A header check passes a blob with a flipped byte in its middle; only the GCM tag
        of that chunk tells. The plaintext is dropped chunk by chunk, so this needs one
        chunk of memory, not the document.
        """
        damaged: list[DamagedBlob] = []
        for document_id, ref in self._linked_blobs():
            try:
                self.blobs.authenticate(ref)
            except Tampered as exc:
                damaged.append(DamagedBlob(document_id, ref.version, ref.blob_id, exc.detail))
            except FolioError as exc:
                if exc.kind is not ErrorKind.NOT_FOUND:
                    raise
                damaged.append(
                    DamagedBlob(
                        document_id, ref.version, ref.blob_id, f"blob {ref.blob_id} is missing"
                    )
                )
        return damaged

    def _linked_blobs(self) -> list[tuple[str, BlobRef]]:
        return [
            (row.document_id, BlobRef(row.blob_id, row.version, row.key_wrapped))
            for row in documents.linked_blobs(self.db)
        ]
