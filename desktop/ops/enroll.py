"""Enrollment as the app drives it (the same steps as ``folio enroll``), over sync.api only.

``request_enrollment`` runs on the network lane (one HTTP call, before a vault
exists, so a wrong password is said before the PIN is chosen);
``create_enrolled_vault`` then creates the vault and keeps the answer in it, on
the vault lane. The sync engine itself is driven by desktop/syncing.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.ops import vault as vault_ops
from sync.api import Api
from sync.errors import FolioError
from sync.model import Changes

if TYPE_CHECKING:
    from sync.api import KdfParams, PendingEnrollment


def request_enrollment(
    server_url: str,
    *,
    user: str = "",
    password: str = "",
    code: str = "",
    device_name: str = "",
    org_token: str = "",
) -> PendingEnrollment:
    """Ask the server to enroll this device; a wrong password is reported before the PIN.

    ``org_token``: the organisation's enrollment token from machine policy; it goes
    with the reader's own sign-in, never instead of it.
    """
    from sync.api import check_enrollment  # noqa: PLC0415 (the HTTP client: on first use)

    return check_enrollment(
        server_url,
        user=user,
        password=password,
        code=code,
        device_name=device_name,
        org_token=org_token,
    )


def create_enrolled_vault(
    data_dir: Path,
    pin: str,
    pending: PendingEnrollment,
    *,
    kdf: KdfParams | None = None,
    max_pin_attempts: int | None = None,
) -> Api:
    """A new vault holding the enrollment; a half-set-up device keeps nothing."""
    api = vault_ops.create_vault(data_dir, pin, kdf=kdf, max_pin_attempts=max_pin_attempts)
    try:
        api.complete_enrollment(pending)
    except FolioError:
        api.wipe()
        raise
    return api


def enroll(
    api: Api,
    server_url: str,
    *,
    user: str = "",
    password: str = "",
    code: str = "",
    device_name: str = "",
) -> str:
    """Enroll this (new, unlocked) vault with ``server_url``; returns the device id."""
    pending = request_enrollment(
        server_url, user=user, password=password, code=code, device_name=device_name
    )
    api.complete_enrollment(pending)
    return pending.device_id


def sign_out_and_wipe(api: Api) -> Changes:
    """The reader's "Sign out and wipe": the vault's keys and files, then the enrollment marker."""
    return api.sign_out_and_wipe()
