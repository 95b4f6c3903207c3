"""Connect this device to an organisation's server (enrollment).

The sync engine owns enrollment; until sync.api exposes it this reports
NOT_ENROLLED so the welcome screen can say so plainly.
"""

from __future__ import annotations

from sync.api import Api
from sync.errors import ErrorKind, FolioError
from sync.model import Changes


def enroll_device(
    api: Api, server_url: str, *, user: str = "", password: str = "", code: str = ""
) -> Changes:
    enroll = getattr(api, "enroll", None)
    if enroll is None:
        raise FolioError(ErrorKind.NOT_ENROLLED, "enrollment is not available in this build")
    result = enroll(server_url, user=user, password=password, code=code)
    return result if isinstance(result, Changes) else Changes(sync_state=True)


def sync_now(api: Api) -> Changes:
    sync = getattr(api, "sync_now", None)
    if sync is None:
        raise FolioError(ErrorKind.NOT_ENROLLED, "no server configured")
    result = sync()
    return result if isinstance(result, Changes) else Changes(sync_state=True)
