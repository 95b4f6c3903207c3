"""Open, create, unlock, lock and wipe the vault. All run on the vault lane."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.api import Api
from sync.config import paths
from sync.model import Changes, PinAttempts

if TYPE_CHECKING:
    from sync.api import KdfParams


def vault_exists(data_dir: Path) -> bool:
    """The file check alone: the start's first screen waits for it (sync/config/paths.py)."""
    return paths.vault_exists(data_dir)


def open_vault(data_dir: Path) -> Api:
    """Raises FolioError(VAULT_MISSING) when nothing is set up yet."""
    return Api.open(data_dir)


def create_vault(
    data_dir: Path, pin: str, *, kdf: KdfParams | None = None, max_pin_attempts: int | None = None
) -> Api:
    """``max_pin_attempts`` comes from policy (sync/config/policy.py); None keeps the default."""
    extra: dict[str, Any] = {}  # Vault.create's keywords
    if kdf is not None:
        extra["kdf"] = kdf
    if max_pin_attempts is not None:
        extra["max_pin_attempts"] = max_pin_attempts
    return Api.create(data_dir, pin, **extra)


def pin_attempts(api: Api) -> PinAttempts:
    """The vault's wipe rule and its wrong tries so far (readable while locked)."""
    return api.pin_attempts()


def unlock_vault(api: Api, pin: str) -> Changes:
    return api.unlock(pin)


def lock_vault(api: Api) -> Changes:
    api.lock()
    return Changes()


def wipe_device(api: Api) -> Changes:
    return api.wipe()
