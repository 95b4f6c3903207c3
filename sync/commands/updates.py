"""The update check as the reader sees it: notify only (IT's deployment installs)."""

from __future__ import annotations

import dataclasses
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class UpdateNotice:
    """What the reader is told about a newer Folio; never installs anything."""

    status: str  # sync.device.updates.Status value: disabled | up_to_date | available | ...
    installed: str
    available: str | None = None
    update_required: bool = False
    url: str | None = None  # where IT's deployment gets it (shown, never fetched here)
    sha256: str | None = None


def installed_version() -> str:
    from sync.device import updates  # noqa: PLC0415

    return updates.installed_version()


def check_for_update(data_dir: Path, *, spki_pin: str | None = None) -> UpdateNotice:
    """Fetch and verify the signed release metadata (network: call off the UI thread).

    Refusals (tampered, wrong key, rollback, expired) raise FolioError with a reason.
    Trusted release keys come from locked machine policy when IT set them;
    ``spki_pin`` is the enrolled server's certificate pin, applied when the metadata
    comes from that server.
    """
    from sync.config import policy  # noqa: PLC0415
    from sync.device import enrollment as device  # noqa: PLC0415
    from sync.device import updates  # noqa: PLC0415

    enrolled = device.enrolled_server(data_dir)
    installed = installed_version()
    config = policy.load(data_dir)
    checker = updates.UpdateChecker(installed, data_dir, trusted_keys=updates.trusted_keys(config))

    def fetch(url: str) -> bytes:
        return updates.fetch_with_requests(url, enrolled_server=enrolled, spki_pin=spki_pin)

    result = checker.check(config, fetch, enrolled_server=enrolled)
    return UpdateNotice(
        status=result.status.value,
        installed=installed,
        available=result.release.app_version if result.release is not None else None,
        update_required=result.update_required,
        url=result.target.url if result.target is not None else None,
        sha256=result.target.sha256 if result.target is not None else None,
    )
