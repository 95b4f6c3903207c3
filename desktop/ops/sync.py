"""Enrollment and the sync engine, as the app drives them (the same steps as ``folio enroll``).

``request_enrollment`` runs on the network lane (one HTTP call, before a vault
exists, so a wrong password is said before the PIN is chosen); ``store_enrollment``
then keeps the answer in the new vault through a short-lived connection of its own.
``make_engine`` builds a SyncEngine for an unlocked, enrolled vault; call it on the
lane that will run it.
"""

from __future__ import annotations

import platform
from pathlib import Path

from sync import protocol as p
from sync.api import Api
from sync.client import FolioClient, HttpConfig, HttpTransport
from sync.device import is_enrolled, remove_device_file, save_enrollment
from sync.engine import EngineConfig, SyncEngine
from sync.engine.context import ProgressSink
from sync.errors import ErrorKind, FolioError
from sync.model import Changes
from sync.vault import UnlockedVault


def normalise_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise FolioError(ErrorKind.BAD_INPUT, "the server address must start with https://")
    return url


def request_enrollment(
    server_url: str,
    *,
    user: str = "",
    password: str = "",
    code: str = "",
    device_name: str = "",
    http: HttpConfig | None = None,
) -> tuple[str, p.EnrollResponse]:
    """Ask the server to enroll this device (one HTTP call, no vault yet).

    Returns the normalised URL and the answer; ``store_enrollment`` keeps it once
    the reader has chosen a PIN. A wrong password is reported before that.
    """
    if bool(user) == bool(code):
        raise FolioError(ErrorKind.BAD_INPUT, "give a user name and password, or a code")
    url = normalise_url(server_url)
    request = p.EnrollRequest(
        device_name=device_name or platform.node() or "folio device",
        username=user or None,
        password=password if user else None,
        code=code or None,
    )
    client = FolioClient(HttpTransport(url, http or HttpConfig()))
    try:
        return url, client.enroll(request)
    finally:
        client.close()


def store_enrollment(
    vault: UnlockedVault, data_dir: Path, server_url: str, answer: p.EnrollResponse
) -> None:
    """Keep the enrollment inside the vault (its own short-lived connection) and the marker."""
    if is_enrolled(data_dir):
        raise FolioError(ErrorKind.VAULT_EXISTS, "this device is already enrolled")
    db = vault.open_database()
    try:
        save_enrollment(db, data_dir, server_url, answer)
    finally:
        db.close()


def enroll(
    vault: UnlockedVault,
    data_dir: Path,
    server_url: str,
    *,
    user: str = "",
    password: str = "",
    code: str = "",
    device_name: str = "",
    http: HttpConfig | None = None,
) -> str:
    """Enroll this (unlocked) vault with ``server_url``; returns the device id."""
    if is_enrolled(data_dir):
        raise FolioError(ErrorKind.VAULT_EXISTS, "this device is already enrolled")
    url, answer = request_enrollment(
        server_url, user=user, password=password, code=code, device_name=device_name, http=http
    )
    store_enrollment(vault, data_dir, url, answer)
    return answer.device_id


def sign_out_and_wipe(api: Api) -> Changes:
    """The reader's "Sign out and wipe": the vault's keys and files, then the enrollment marker."""
    data_dir = api.data_dir
    changes = api.wipe()
    remove_device_file(data_dir)
    return changes


def make_engine(
    vault: UnlockedVault,
    *,
    progress: ProgressSink | None = None,
    config: EngineConfig | None = None,
) -> SyncEngine:
    """A SyncEngine with its own database connection; raises NOT_ENROLLED when not enrolled."""
    return SyncEngine(vault, config=config, progress=progress)
