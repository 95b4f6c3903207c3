"""The vault's key hierarchy and its key file.

    PIN ──Argon2id(salt, secret = device secret, ad = vault id ‖ format)──► KEK
    KEK ──AES-256-GCM(aad = vault id ‖ format)──► wraps the random master key
    master key ──HKDF-SHA256("folio db v1")──► SQLCipher raw key
               ──HKDF-SHA256("folio blobs v1")──► blob key (wraps per-blob data keys)

Only the wrapped master key, the salt and the Argon2id parameters are stored,
in ``vault.key.json`` (see docs/spec/vault.md). Changing the PIN rewraps the
master key; nothing else is re-encrypted.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync.config.paths import VAULT_KEY_FILE
from sync.errors import ErrorKind, FolioError
from sync.vault.secret_store import atomic_write

KEY_FILE_NAME = VAULT_KEY_FILE
KEY_FILE_FORMAT = 1
KEY_LEN = 32
SALT_LEN = 16
NONCE_LEN = 12
DB_INFO = b"folio db v1"
BLOB_INFO = b"folio blobs v1"

# OWASP Password Storage Cheat Sheet floor for Argon2id: m=19 MiB, t=2, p=1.
OWASP_FLOOR_COST_KIB = 19 * 1024 * 2
MIN_COST_FACTOR = 5


class WrongKeyError(Exception):
    """The KEK did not open the wrapped master key (wrong PIN or wrong device secret)."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters; stored in the key file beside the wrapped key."""

    memory_kib: int
    iterations: int
    lanes: int = 1

    FAST_FOR_TESTS: ClassVar[KdfParams]

    @property
    def cost(self) -> int:
        return self.memory_kib * self.iterations

    @classmethod
    def calibrate(cls, target_s: float = 0.4, *, memory_kib: int = 64 * 1024) -> KdfParams:
        """Pick iterations so one derivation takes about ``target_s`` on this device.

        Never goes below 5x OWASP's floor (m=19 MiB, t=2), whatever the device's speed:
        a slow tablet pays with a slower unlock, not a weaker key.
        """
        min_iterations = -(-MIN_COST_FACTOR * OWASP_FLOOR_COST_KIB // memory_kib)
        probe = cls(memory_kib=memory_kib, iterations=1, lanes=1)
        start = time.perf_counter()
        derive_kek(probe, b"calibration", secrets.token_bytes(SALT_LEN), b"", b"")
        per_iteration = max(time.perf_counter() - start, 1e-4)
        iterations = max(min_iterations, min(64, round(target_s / per_iteration)))
        return cls(memory_kib=memory_kib, iterations=iterations, lanes=1)

    def to_json(self) -> dict[str, int]:
        return {"memory_kib": self.memory_kib, "iterations": self.iterations, "lanes": self.lanes}

    @classmethod
    def from_json(cls, raw: Any) -> KdfParams:
        params = cls(
            memory_kib=int(raw["memory_kib"]),
            iterations=int(raw["iterations"]),
            lanes=int(raw["lanes"]),
        )
        if not (1 <= params.lanes <= 16 and params.iterations >= 1):
            raise ValueError("bad Argon2id parameters")
        if not (8 * params.lanes <= params.memory_kib <= 4 * 1024 * 1024):
            raise ValueError("bad Argon2id memory")
        return params


# Test-only: far below any safe cost. Never used by the app or the CLI.
KdfParams.FAST_FOR_TESTS = KdfParams(memory_kib=64, iterations=1, lanes=1)


def vault_aad(vault_id: str) -> bytes:
    """vault id (16 raw bytes) ‖ key file format version (1 byte)."""
    return bytes.fromhex(vault_id) + bytes([KEY_FILE_FORMAT])


def derive_kek(
    params: KdfParams, pin: bytes, salt: bytes, device_secret: bytes, ad: bytes
) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=KEY_LEN,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
        ad=ad or None,
        secret=device_secret or None,
    )
    return kdf.derive(pin)


def hkdf_subkey(master_key: bytes, info: bytes, vault_id: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_LEN, salt=bytes.fromhex(vault_id), info=info
    ).derive(master_key)


def wrap(kek: bytes, key: bytes, aad: bytes) -> tuple[bytes, bytes]:
    nonce = secrets.token_bytes(NONCE_LEN)
    return nonce, AESGCM(kek).encrypt(nonce, key, aad)


def unwrap(kek: bytes, nonce: bytes, wrapped: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(kek).decrypt(nonce, wrapped, aad)
    except InvalidTag as exc:
        raise WrongKeyError from exc


def new_vault_id() -> str:
    return secrets.token_hex(16)


def new_device_secret() -> str:
    return base64.b64encode(secrets.token_bytes(KEY_LEN)).decode("ascii")


def decode_device_secret(text: str) -> bytes:
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if len(raw) != KEY_LEN:
        raise ValueError("device secret has the wrong length")
    return raw


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    return base64.b64decode(str(text).encode("ascii"), validate=True)


@dataclass(frozen=True)
class KeyFile:
    """The contents of ``vault.key.json`` (versioned; docs/spec/vault.md)."""

    vault_id: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    master_key_wrapped: bytes
    secret_slot: str
    max_pin_attempts: int
    retired_slots: tuple[str, ...] = field(default=())

    @property
    def aad(self) -> bytes:
        return vault_aad(self.vault_id)

    def to_bytes(self) -> bytes:
        doc: dict[str, Any] = {
            "format": KEY_FILE_FORMAT,
            "vault_id": self.vault_id,
            "kdf": {"alg": "argon2id", **self.kdf.to_json(), "salt": _b64(self.salt)},
            "master_key_wrapped": {
                "alg": "aes-256-gcm",
                "nonce": _b64(self.nonce),
                "ciphertext": _b64(self.master_key_wrapped),
            },
            "secret_slot": self.secret_slot,
            "retired_slots": list(self.retired_slots),
            "max_pin_attempts": self.max_pin_attempts,
        }
        return json.dumps(doc, indent=1, sort_keys=True).encode("utf-8") + b"\n"

    @classmethod
    def from_bytes(cls, data: bytes) -> KeyFile:
        """Parse; any malformation is a ValueError (the caller names the file and the way out)."""
        try:
            doc = json.loads(data.decode("utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != KEY_FILE_FORMAT:
                raise ValueError("unknown key file format")
            kdf = doc["kdf"]
            if kdf.get("alg") != "argon2id":
                raise ValueError("unknown KDF")
            wrapped = doc["master_key_wrapped"]
            if wrapped.get("alg") != "aes-256-gcm":
                raise ValueError("unknown wrap algorithm")
            vault_id = str(doc["vault_id"])
            if len(bytes.fromhex(vault_id)) != 16:
                raise ValueError("bad vault id")
            key_file = cls(
                vault_id=vault_id,
                kdf=KdfParams.from_json(kdf),
                salt=_unb64(kdf["salt"]),
                nonce=_unb64(wrapped["nonce"]),
                master_key_wrapped=_unb64(wrapped["ciphertext"]),
                secret_slot=str(doc["secret_slot"]),
                max_pin_attempts=int(doc["max_pin_attempts"]),
                retired_slots=tuple(str(s) for s in doc.get("retired_slots", [])),
            )
        except (KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise ValueError(f"malformed key file ({type(exc).__name__})") from exc
        if len(key_file.nonce) != NONCE_LEN or len(key_file.master_key_wrapped) != KEY_LEN + 16:
            raise ValueError("bad wrapped key")
        if not key_file.secret_slot.isalnum() or not 1 <= key_file.max_pin_attempts <= 1000:
            raise ValueError("bad key file values")
        return key_file

    @classmethod
    def load(cls, data_dir: Path) -> KeyFile:
        path = data_dir / KEY_FILE_NAME
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise FolioError(
                ErrorKind.VAULT_MISSING,
                f"no vault in {data_dir} (no {KEY_FILE_NAME}); create one with `folio init`",
            ) from exc
        try:
            return cls.from_bytes(data)
        except ValueError as exc:
            raise FolioError(
                ErrorKind.NOT_A_VAULT,
                f"{path} is not a readable Folio key file ({exc}); "
                "the vault cannot be opened: wipe it (`folio wipe`) and re-enroll",
            ) from exc

    def save(self, data_dir: Path) -> None:
        atomic_write(data_dir / KEY_FILE_NAME, self.to_bytes())
