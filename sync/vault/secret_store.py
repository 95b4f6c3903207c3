"""Where the device secret and the vault's tamper mirrors live, outside the data dir.

The device secret is the Argon2id ``secret`` input: a copied disk image alone is
not enough to guess the PIN offline, because the secret sits in the OS
credential store (``keyring``). Headless Linux and CI have no such store; there
a 0600 file in the config dir stands in, and a warning says so (it protects far
less: see docs/security.md). The same store mirrors the wrong-PIN counter and
the vault generation, so deleting or restoring files in the data dir alone does
not reset them.

Entries are small strings addressed by name (``<vault id>.<what>``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
from pathlib import Path
from typing import Protocol

import keyring
import keyring.errors
import platformdirs
from keyring.backends import fail

from sync.errors import ErrorKind, FolioError

log = logging.getLogger(__name__)

SERVICE = "folio"
ENV_BACKEND = "FOLIO_SECRET_BACKEND"
ENV_CONFIG_DIR = "FOLIO_CONFIG_DIR"
_NAME_RE = re.compile(r"^[A-Za-z0-9._-]{1,200}$")


class SecretStore(Protocol):
    """A tiny string key/value store; ``backend`` names it for `folio status`."""

    backend: str

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None:
        """Remove ``name``; removing an entry that is not there is not an error."""
        ...


def _check_name(name: str) -> str:
    if not _NAME_RE.match(name) or name.startswith("."):
        raise FolioError(ErrorKind.BAD_INPUT, "invalid secret-store entry name")
    return name


def config_dir() -> Path:
    env = os.environ.get(ENV_CONFIG_DIR)
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir("folio"))


def destroy_file(path: Path) -> bool:
    """Overwrite, then unlink; False when there was nothing to destroy.

    Overwriting is cheap and helps on filesystems that do not reuse blocks at
    once; it is no guarantee on SSDs or copy-on-write filesystems (security.md).
    """
    try:
        size = path.stat().st_size
        with open(path, "r+b") as f:
            f.write(secrets.token_bytes(size))
            f.flush()
            os.fsync(f.fileno())
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def fsync_dir(path: Path) -> None:
    """Make a rename or unlink in ``path`` durable (a no-op where dirs cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open directories
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write-temp, fsync, rename, fsync dir: readers see the old or the new file, never half."""
    tmp = path.with_name(f".tmp-{path.name}-{secrets.token_hex(6)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


class FileSecretStore:
    """One 0600 file per entry in a 0700 directory. Weaker than an OS store; see module doc."""

    backend = "file"

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else config_dir() / "secrets"

    def _path(self, name: str) -> Path:
        return self.directory / _check_name(name)

    def get(self, name: str) -> str | None:
        try:
            return self._path(name).read_text("ascii")
        except FileNotFoundError:
            return None

    def set(self, name: str, value: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.directory, 0o700)
        atomic_write(self._path(name), value.encode("ascii"))

    def delete(self, name: str) -> None:
        if destroy_file(self._path(name)):
            fsync_dir(self.directory)


class KeyringSecretStore:
    """The OS credential store through ``keyring`` (service "folio")."""

    def __init__(self) -> None:
        self._keyring = keyring.get_keyring()
        self.backend = f"keyring:{type(self._keyring).__name__}"

    def get(self, name: str) -> str | None:
        value = self._keyring.get_password(SERVICE, _check_name(name))
        return None if value is None else str(value)

    def set(self, name: str, value: str) -> None:
        self._keyring.set_password(SERVICE, _check_name(name), value)

    def delete(self, name: str) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._keyring.delete_password(SERVICE, _check_name(name))


def _keyring_usable() -> bool:
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    # A chainer with nothing behind it, or a backend with no priority, is no store.
    try:
        return float(backend.priority) > 0
    except Exception:  # pragma: no cover - third-party backends may raise anything
        return False


def default_secret_store() -> SecretStore:
    """The OS keyring when one exists; otherwise the file store, with a warning.

    ``FOLIO_SECRET_BACKEND=file`` forces the file store (tests and CI);
    ``=keyring`` demands the OS store and fails clearly when there is none.
    """
    forced = os.environ.get(ENV_BACKEND, "").strip().lower()
    if forced == "file":
        return FileSecretStore()
    if forced == "keyring":
        if not _keyring_usable():
            raise FolioError(
                ErrorKind.SECRET_MISSING,
                "FOLIO_SECRET_BACKEND=keyring but no OS credential store is available",
            )
        return KeyringSecretStore()  # pragma: no cover - no keyring backend in CI
    if forced:
        raise FolioError(ErrorKind.BAD_INPUT, f"unknown {ENV_BACKEND} value (use file or keyring)")
    if _keyring_usable():  # pragma: no cover - no keyring backend in CI
        return KeyringSecretStore()
    store = FileSecretStore()
    # No OS credential store: the device secret is kept in a 0600 file in this folder.
    fields = {"directory": str(store.directory)}
    log.warning("vault.secret_store_fallback", extra={"fields": fields})
    return store
