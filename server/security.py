"""Secrets the server keeps: the signing key, password hashes, tokens (stored hashed)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync.errors import ErrorKind, FolioError

# Argon2id with OWASP's recommended floor (m=19 MiB, t=2, p=1).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_dummy_hash: list[str] = []


def _dummy() -> str:
    """A hash so an unknown username costs the same time as a wrong password."""
    if not _dummy_hash:
        _dummy_hash.append(_hasher.hash(secrets.token_hex(16)))
    return _dummy_hash[0]


SIGNING_KEY_FILE = "signing_key.pem"
TOKEN_SECRET_FILE = "token_secret"  # noqa: S105 (a file name, not a secret)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _dummy(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def derived_token(secret: bytes, purpose: str, previous: str) -> str:
    """The successor of a refresh token, reproducible only with the server's secret.

    Rotation derives the new pair from the old token, so presenting the
    immediately preceding token again within the grace yields the *same* new
    pair without the server ever storing a token in the clear.
    """
    mac = hmac.new(secret, f"{purpose}\0{previous}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def new_enrollment_code() -> str:
    """16 symbols from a 31-letter alphabet: log2(31**16) = 79 bits."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _write_secret(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def create_keys(data_dir: Path) -> None:
    key_path = data_dir / SIGNING_KEY_FILE
    if not key_path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _write_secret(key_path, pem)
    secret_path = data_dir / TOKEN_SECRET_FILE
    if not secret_path.exists():
        _write_secret(secret_path, secrets.token_bytes(32))


def load_signing_key(data_dir: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(
            (data_dir / SIGNING_KEY_FILE).read_bytes(), password=None
        )
    except FileNotFoundError as exc:
        raise FolioError(
            ErrorKind.NOT_FOUND, f"no signing key in {data_dir}: run 'folio-server init'"
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise FolioError(ErrorKind.CORRUPT, "signing key is not an Ed25519 key")
    return key


def load_token_secret(data_dir: Path) -> bytes:
    try:
        return (data_dir / TOKEN_SECRET_FILE).read_bytes()
    except FileNotFoundError as exc:
        raise FolioError(
            ErrorKind.NOT_FOUND, f"no token secret in {data_dir}: run 'folio-server init'"
        ) from exc


def public_key_b64(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")
