"""Release metadata: is there a newer Folio, and can we trust the answer?

Folio only notifies; IT's deployment tool installs. The threat model is TUF's,
for one signed top-level role (no separate timestamp/snapshot roles: there is
one small file, fetched whole, so mix-and-match across files cannot happen).
docs/decisions.md says why python-tuf/tufup are not used. The checks, in TUF's
order (client workflow, "update the root/targets role"):

1. **Signature threshold**: the exact signed bytes carry at least
   ``threshold`` valid Ed25519 signatures by distinct trusted keys: the ones
   pinned in the app (``RELEASE_KEYS``), or, for an organisation that signs its
   own builds, the ones its *locked* machine policy names
   (``update_trusted_keys``, which replace the pinned ones; an unlocked value is
   ignored, so a reader cannot trust a key of her own). No trusted signature ->
   refused (wrong key); a trusted key whose signature fails -> refused (tampered).
2. **Type and spec version** of the metadata.
3. **Rollback**: the metadata ``version`` may never go below the highest this
   device has verified (kept in ``data_dir/update-state.json``), and the
   offered app version may never be older than the installed one.
4. **Freeze**: metadata past its ``expires`` is refused, so a mirror that
   stops updating cannot hide a release forever.
5. Only then is the new highest version stored, with the newest release it
   describes: a later "nothing published" (404, a server restored or a mirror
   emptied) still reports that release instead of "up to date". The download
   (if IT uses ``verify_file``) must match the signed ``length`` and ``sha256``.

The metadata is fetched like the sync client talks to its server: the OS trust
store (truststore) verifies TLS, and the enrolled server's key pin applies when
the metadata comes from that server.

Envelope (JSON)::

    {"signed": "<base64 of the exact signed JSON bytes>",
     "signatures": [{"keyid": "<hex sha256 of the raw public key>", "sig": "<base64>"}]}

Signed JSON: ``_type`` = "folio-release", ``spec_version`` = 1, ``version``
(int, +1 per publication), ``expires`` (ISO 8601, UTC), ``app_version``
("1.2.3"), ``targets`` = {platform: {"url", "sha256", "length"}}.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sync.config.policy import Config, parse_version, split_keys
from sync.errors import ErrorKind, FolioError

log = logging.getLogger("folio.updates")

METADATA_TYPE = "folio-release"
SPEC_VERSION = 1
STATE_FILE = "update-state.json"
MAX_METADATA_BYTES = 64 * 1024

#: The release key(s), pinned in the app: raw Ed25519 public keys, hex. The private
#: half lives offline with the release manager (docs/admin.md, "Updates"); rotating
#: it means shipping an app that pins the new key first.
RELEASE_KEYS: tuple[str, ...] = (
    "b2f552a76938d4a559831fe959269629db34528745ff0f0e6541c4b80bc33654",
)
RELEASE_THRESHOLD = 1

# reasons on the FolioError a refusal raises
REASON_MALFORMED = "malformed"
REASON_WRONG_KEY = "wrong_key"
REASON_TAMPERED = "tampered"
REASON_ROLLBACK = "rollback"
REASON_EXPIRED = "expired"


class Status(Enum):
    DISABLED = "disabled"  # policy turned checks off
    UP_TO_DATE = "up_to_date"
    AVAILABLE = "available"
    NOT_FOR_THIS_PLATFORM = "not_for_this_platform"


@dataclass(frozen=True)
class Target:
    url: str
    sha256: str
    length: int


@dataclass(frozen=True)
class Release:
    version: int  # the metadata's own version
    expires: datetime
    app_version: str
    targets: Mapping[str, Target]


@dataclass(frozen=True)
class CheckResult:
    status: Status
    release: Release | None = None
    target: Target | None = None
    #: True when the installed app is below the policy's/server's min_app_version.
    update_required: bool = False
    #: The release comes from this device's memory: the server published nothing now.
    remembered: bool = False


def trusted_keys(config: Config) -> tuple[str, ...]:
    """The release keys this device trusts: locked machine policy's, else Folio's own.

    Only a locked value counts: an unlocked one could come from the reader's own
    policy file or environment, and trusting her key would let her forge "a newer
    release" (or hide one) for every check.
    """
    listed = split_keys(config.text("update_trusted_keys"))
    if not listed:
        return RELEASE_KEYS
    if not config.is_locked("update_trusted_keys"):
        log.warning("update.trusted_keys_ignored", extra={"fields": {"reason": "not_locked"}})
        return RELEASE_KEYS
    return tuple(listed)


def installed_version() -> str:
    """This Folio's version ("0" in a source tree that is not installed)."""
    from importlib import metadata  # noqa: PLC0415

    try:
        version = metadata.version("folio-meetings")
    except metadata.PackageNotFoundError:
        return "0"
    return version if parse_version(version) is not None else "0"


def minimum_version(server_minimum: str, config: Config) -> str:
    """The stricter of the server's ``min_app_version`` and machine policy's."""
    candidates = [v for v in (server_minimum, config.text("min_app_version")) if parse_version(v)]
    return max(candidates, key=lambda v: parse_version(v) or (), default="0")


def below_minimum(installed: str, minimum: str) -> bool:
    """True when ``installed`` may not sync: below the required version."""
    return _below(installed, minimum)


def key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()


def this_platform() -> str:
    machine = os.uname().machine if hasattr(os, "uname") else "x86_64"
    if sys.platform == "win32":
        return "windows-x64"
    return f"{sys.platform}-{machine}"


def _refuse(kind: ErrorKind, reason: str, detail: str) -> FolioError:
    log.warning("update.refused", extra={"fields": {"reason": reason}})
    return FolioError(kind, detail, reason=reason)


def _parse_time(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError("expires")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("expires without a timezone")
    return parsed


def _parse_signed(raw: bytes) -> Release:
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("signed is not an object")
    if data.get("_type") != METADATA_TYPE:
        raise ValueError("_type")
    if data.get("spec_version") != SPEC_VERSION:
        raise ValueError("spec_version")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError("version")
    app_version = data.get("app_version")
    if not isinstance(app_version, str) or parse_version(app_version) is None:
        raise ValueError("app_version")
    targets_raw = data.get("targets")
    if not isinstance(targets_raw, dict):
        raise ValueError("targets")
    targets: dict[str, Target] = {}
    for platform, t in targets_raw.items():
        if not isinstance(t, dict):
            raise ValueError("target")
        url, sha, length = t.get("url"), t.get("sha256"), t.get("length")
        if not isinstance(url, str) or not url.startswith("https://"):
            raise ValueError("url")
        if (
            not isinstance(sha, str)
            or len(sha) != 64
            or not all(c in "0123456789abcdef" for c in sha)
        ):
            raise ValueError("sha256")
        if isinstance(length, bool) or not isinstance(length, int) or length <= 0:
            raise ValueError("length")
        targets[str(platform)] = Target(url, sha, length)
    return Release(version, _parse_time(data.get("expires")), app_version, targets)


class UpdateChecker:
    """Verifies release metadata against pinned keys and this device's update state."""

    def __init__(
        self,
        installed_version: str,
        state_dir: Path,
        *,
        trusted_keys: Sequence[str] = RELEASE_KEYS,
        threshold: int = RELEASE_THRESHOLD,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        platform: str | None = None,
    ) -> None:
        if parse_version(installed_version) is None:
            raise ValueError(f"installed version {installed_version!r} is not like 1.2.3")
        self.installed_version = installed_version
        self.state_path = state_dir / STATE_FILE
        self._keys: dict[str, Ed25519PublicKey] = {}
        for hex_key in trusted_keys:
            raw = bytes.fromhex(hex_key)
            self._keys[key_id(raw)] = Ed25519PublicKey.from_public_bytes(raw)
        self.threshold = threshold
        self.clock = clock
        self.platform = platform or this_platform()

    # -- state ---------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def highest_seen(self) -> int:
        value = self._state().get("highest_version", 0)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    def newest_seen(self) -> tuple[str, Target | None] | None:
        """The newest app version verified metadata offered, and its target here."""
        newest = self._state().get("newest")
        if not isinstance(newest, dict):
            return None
        app, target = newest.get("app_version"), newest.get("target")
        if not isinstance(app, str) or parse_version(app) is None:
            return None
        if isinstance(target, dict):
            url, sha, length = target.get("url"), target.get("sha256"), target.get("length")
            if isinstance(url, str) and isinstance(sha, str) and isinstance(length, int):
                return app, Target(url, sha, length)
        return app, None

    def _remember(self, release: Release) -> None:
        state: dict[str, Any] = {"highest_version": release.version}
        newest = self.newest_seen()
        if newest is not None and not _below(newest[0], release.app_version):
            # an older-app metadata version (a withdrawn release) cannot make the
            # device forget a newer app it was told about
            app, target = newest
        else:
            app, target = release.app_version, release.targets.get(self.platform)
        state["newest"] = {
            "app_version": app,
            "target": None if target is None else dataclasses.asdict(target),
        }
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state) + "\n", encoding="utf-8")
        os.replace(tmp, self.state_path)

    # -- verification ----------------------------------------------------------

    def verify(self, envelope_bytes: bytes) -> Release:
        """The release the metadata describes, or a FolioError whose ``reason`` says why not."""
        if len(envelope_bytes) > MAX_METADATA_BYTES:
            raise _refuse(ErrorKind.PROTOCOL, REASON_MALFORMED, "release metadata is too large")
        try:
            envelope = json.loads(envelope_bytes)
            signed_raw = base64.b64decode(envelope["signed"], validate=True)
            signatures = envelope["signatures"]
            if not isinstance(signatures, list):
                raise TypeError("signatures")
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise _refuse(
                ErrorKind.PROTOCOL, REASON_MALFORMED, "release metadata is not readable"
            ) from exc
        self._check_signatures(signed_raw, signatures)
        try:
            release = _parse_signed(signed_raw)
        except (ValueError, TypeError) as exc:
            raise _refuse(
                ErrorKind.PROTOCOL,
                REASON_MALFORMED,
                f"signed release metadata has a bad field ({exc})",
            ) from exc
        highest = self.highest_seen()
        if release.version < highest:
            raise _refuse(
                ErrorKind.ROLLBACK,
                REASON_ROLLBACK,
                f"release metadata version {release.version} is older than version "
                f"{highest} already seen (a replayed old release)",
            )
        if release.expires <= self.clock():
            raise _refuse(
                ErrorKind.EXPIRED,
                REASON_EXPIRED,
                f"release metadata expired at {release.expires.isoformat()} "
                "(the update server may be frozen)",
            )
        installed = parse_version(self.installed_version)
        offered = parse_version(release.app_version)
        assert installed is not None
        assert offered is not None
        if offered < installed:
            raise _refuse(
                ErrorKind.ROLLBACK,
                REASON_ROLLBACK,
                f"release {release.app_version} is older than the installed "
                f"{self.installed_version}",
            )
        if release.version > highest:
            self._remember(release)
        return release

    def _check_signatures(self, signed_raw: bytes, signatures: list[Any]) -> None:
        good: set[str] = set()
        bad_trusted = False
        for entry in signatures:
            if not isinstance(entry, dict):
                continue
            keyid, sig_b64 = entry.get("keyid"), entry.get("sig")
            key = self._keys.get(keyid) if isinstance(keyid, str) else None
            if key is None or not isinstance(sig_b64, str):
                continue
            try:
                key.verify(base64.b64decode(sig_b64, validate=True), signed_raw)
            except (InvalidSignature, binascii.Error, ValueError):
                bad_trusted = True
                continue
            good.add(str(keyid))
        if len(good) >= self.threshold:
            return
        if bad_trusted:
            raise _refuse(
                ErrorKind.TAMPERED,
                REASON_TAMPERED,
                "release metadata does not match its signature (changed after signing)",
            )
        raise _refuse(
            ErrorKind.TAMPERED,
            REASON_WRONG_KEY,
            "release metadata is not signed by Folio's release key",
        )

    # -- the whole check ---------------------------------------------------------

    def check(
        self, config: Config, fetch: Callable[[str], bytes], *, enrolled_server: str = ""
    ) -> CheckResult:
        """Fetch, verify, compare. Policy ``update_check = false`` skips the network."""
        required = _below(self.installed_version, config.text("min_app_version"))
        if not config.flag("update_check"):
            return CheckResult(Status.DISABLED, update_required=required)
        url = metadata_url(config, enrolled_server)
        if not url:
            return CheckResult(Status.DISABLED, update_required=required)
        try:
            envelope = fetch(url)
        except FolioError as exc:
            if exc.kind is not ErrorKind.NOT_FOUND:
                raise
            return self._nothing_published(required)
        release = self.verify(envelope)
        target = release.targets.get(self.platform)
        status = self._status(release.app_version, target)
        log.info("update.checked", extra={"fields": {"status": status.value}})
        return CheckResult(status, release, target, required)

    def _status(self, app_version: str, target: Target | None) -> Status:
        if not _below(self.installed_version, app_version):
            return Status.UP_TO_DATE
        return Status.NOT_FOR_THIS_PLATFORM if target is None else Status.AVAILABLE

    def _nothing_published(self, required: bool) -> CheckResult:
        """A 404 is "nothing published now", not "nothing newer exists": a release
        this device already verified as newer is still reported (a restored server or
        an emptied mirror must not hide it)."""
        newest = self.newest_seen()
        if newest is None or not _below(self.installed_version, newest[0]):
            log.info("update.checked", extra={"fields": {"status": "none_published"}})
            return CheckResult(Status.UP_TO_DATE, update_required=required)
        app, target = newest
        status = self._status(app, target)
        log.info("update.checked", extra={"fields": {"status": status.value, "remembered": True}})
        remembered = Release(self.highest_seen(), datetime.min.replace(tzinfo=UTC), app, {})
        return CheckResult(status, remembered, target, required, remembered=True)


def _below(version: str, minimum: str) -> bool:
    have, need = parse_version(version), parse_version(minimum)
    return have is not None and need is not None and have < need


def metadata_url(config: Config, enrolled_server: str = "") -> str:
    """``update_url`` if set, else the server this device enrolled with, else ``server_url``.

    The enrolled server comes first: after enrollment it is the server the device
    actually syncs with (``server_url`` in policy may be empty or only for enrolling).
    """
    explicit = config.text("update_url")
    if explicit:
        return explicit
    server = (enrolled_server or config.text("server_url")).rstrip("/")
    return f"{server}/v1/release" if server else ""


def fetch_with_requests(
    url: str,
    timeout: float = 20.0,
    *,
    enrolled_server: str = "",
    spki_pin: str | None = None,
) -> bytes:
    """The default fetcher: the sync client's transport (lazy import: the CLI never
    loads requests otherwise), so TLS is checked against the OS trust store, plain
    http:// goes to loopback only, and ``spki_pin`` (the enrolled server's key pin)
    applies when ``url`` is on ``enrolled_server``'s origin. A separate update host
    is checked by the trust store alone: its certificate is not the one pinned."""
    from urllib.parse import urlsplit  # noqa: PLC0415

    import requests  # noqa: PLC0415
    import urllib3  # noqa: PLC0415

    from sync.client.http import (  # noqa: PLC0415
        HttpConfig,
        error_for_exception,
        make_session,
        require_secure_url,
    )

    def origin(u: str) -> tuple[str, str, int | None]:
        parts = urlsplit(u)
        return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port

    pin = spki_pin if enrolled_server and origin(url) == origin(enrolled_server) else None
    config = HttpConfig(connect_timeout=timeout, read_timeout=timeout, spki_pin_sha256=pin)
    require_secure_url(url)
    session = make_session(config, retry=False)
    try:
        response = session.get(url, timeout=config.timeout, stream=True)
        try:
            if response.status_code == 404:  # nothing published (now)
                raise FolioError(ErrorKind.NOT_FOUND, "no release metadata published")
            if response.status_code != 200:
                raise FolioError(ErrorKind.SERVER, f"release metadata: HTTP {response.status_code}")
            return response.raw.read(MAX_METADATA_BYTES + 1, decode_content=True)
        finally:
            response.close()
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise error_for_exception(exc, "release metadata") from exc
    finally:
        session.close()


def verify_file(path: Path, target: Target) -> None:
    """A downloaded installer must be exactly the signed length and hash."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            size += len(chunk)
            if size > target.length:
                break
            digest.update(chunk)
    if size != target.length or digest.hexdigest() != target.sha256:
        raise FolioError(ErrorKind.TAMPERED, "the downloaded installer does not match the release")


# ---------------------------------------------------------------------------
# publishing (the release manager's side; also what the tests use)


def sign_release(
    private_key: Ed25519PrivateKey,
    *,
    version: int,
    app_version: str,
    targets: Mapping[str, Target],
    expires: datetime | None = None,
    valid_for: timedelta = timedelta(days=30),
) -> bytes:
    """Release metadata as the server publishes it (the envelope's bytes)."""
    expiry = expires or datetime.now(UTC) + valid_for
    signed = {
        "_type": METADATA_TYPE,
        "spec_version": SPEC_VERSION,
        "version": version,
        "expires": expiry.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "app_version": app_version,
        "targets": {
            name: {"url": t.url, "sha256": t.sha256, "length": t.length}
            for name, t in targets.items()
        },
    }
    raw = json.dumps(signed, sort_keys=True, separators=(",", ":")).encode()
    public_raw = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    envelope = {
        "signed": base64.b64encode(raw).decode("ascii"),
        "signatures": [
            {
                "keyid": key_id(public_raw),
                "sig": base64.b64encode(private_key.sign(raw)).decode("ascii"),
            }
        ],
    }
    return json.dumps(envelope, indent=2).encode()
