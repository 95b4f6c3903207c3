"""Enrolling this device: asked of the server before a vault exists, kept once it does.

The check (``check_enrollment``) comes first so a wrong password or code is reported
before the reader chooses a PIN; ``complete_enrollment`` keeps the answer in the
new vault.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sync import model
from sync import protocol as p
from sync.device.enrollment import (
    DeviceIdentity,
    default_device_name,
    is_enrolled,
    save_enrollment,
)
from sync.errors import ErrorKind, FolioError

if TYPE_CHECKING:
    from sync.client import HttpConfig
    from sync.config.effective import EffectivePolicy
    from sync.vault import UnlockedVault

log = logging.getLogger("sync.api")  # the facade's name, as before the split: log filters hold


def normalise_server_url(url: str) -> str:
    # https://, or http:// to this machine only (INSECURE_SERVER), checked before any call
    from sync.client.http import require_secure_url  # noqa: PLC0415 (requests loads on use)

    return require_secure_url(url.strip().rstrip("/"))


@dataclasses.dataclass(frozen=True)
class PendingEnrollment:
    """The server's yes to enrolling this device, held until the reader has chosen a PIN."""

    server_url: str
    answer: p.EnrollResponse = dataclasses.field(repr=False)  # holds the refresh token
    # The key pair whose public halves went with the request (kept with the answer).
    identity: DeviceIdentity | None = dataclasses.field(default=None, repr=False)

    @property
    def device_id(self) -> str:
        return self.answer.device_id


def check_enrollment(
    server_url: str,
    *,
    user: str = "",
    password: str = "",
    code: str = "",
    device_name: str = "",
    org_token: str = "",
    http: HttpConfig | None = None,
) -> PendingEnrollment:
    """Ask the server to enroll this device (one HTTP call, no vault yet).

    A wrong password or code is reported here, before the reader chooses a PIN;
    ``Api.complete_enrollment`` keeps the answer in the new vault. ``org_token``
    (policy ``enrollment_token``) is the organisation's token: it does not replace
    the reader's own sign-in, it is checked after it.
    """
    from sync.client import FolioClient, HttpConfig, HttpTransport  # noqa: PLC0415

    if bool(user) == bool(code):
        raise FolioError(ErrorKind.BAD_INPUT, "give a user name and password, or a code")
    url = normalise_server_url(server_url)
    identity = DeviceIdentity.generate()
    request = p.EnrollRequest(
        device_name=device_name or default_device_name(user),
        username=user or None,
        password=password if user else None,
        code=code or None,
        keys=identity.public(),
        org_token=org_token.strip() or None,
    )
    client = FolioClient(HttpTransport(url, http or HttpConfig()))
    try:
        return PendingEnrollment(url, client.enroll(request), identity)
    finally:
        client.close()


def complete_enrollment(
    vault: UnlockedVault, policy: EffectivePolicy, pending: PendingEnrollment
) -> model.Changes:
    """Keep a checked enrollment in a new, unlocked vault and write the marker."""
    data_dir: Path = vault.data_dir
    if is_enrolled(data_dir):
        raise FolioError(ErrorKind.VAULT_EXISTS, "this device is already enrolled")
    db = vault.open_database()  # a short-lived connection of its own
    try:
        save_enrollment(db, data_dir, pending.server_url, pending.answer, pending.identity)
    finally:
        db.close()
    policy.server_policy_changed(pending.answer.policy)
    log.info("device.enrolled")
    return model.Changes(sync_state=True)
