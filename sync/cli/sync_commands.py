"""``folio enroll`` and ``folio sync [--watch]``: the sync engine from a terminal.

Input: the PIN from FOLIO_PIN (else the first line of stdin), the password from
FOLIO_PASSWORD (else the next line of stdin). Output: one JSON summary on
stdout; with ``--log-format json`` the engine's stable events go to stderr
(push.batch_sent, pull.page_committed, download.chunk_verified,
round.completed ...), which is what the fault and crash tests wait on.

Development and test overrides of the transport (never needed in production):
FOLIO_SYNC_READ_TIMEOUT, FOLIO_SYNC_CONNECT_TIMEOUT, FOLIO_SYNC_MIN_RATE,
FOLIO_SYNC_WATCHDOG_WINDOW, FOLIO_SYNC_DEADLINE, FOLIO_SYNC_RETRIES.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from dataclasses import replace
from types import FrameType
from typing import TYPE_CHECKING, Any

from sync.cli.core import EXIT_ERROR, EXIT_OK, Subparsers, UsageError, describe, read_pin, register
from sync.config import policy
from sync.errors import ErrorKind, FolioError

if TYPE_CHECKING:
    # The engine, the HTTP stack (requests) and the vault load inside the handlers that
    # use them, so `folio --help` and `folio --version` stay as quick as a bare Python
    # (bench/startup.py measures it; tests/unit/test_cli_imports.py holds it).
    from sync.api import Api
    from sync.client import HttpConfig
    from sync.engine import RoundResult, SyncEngine

ENV_PASSWORD = "FOLIO_PASSWORD"  # noqa: S105 (the variable's name)

_ENV_HTTP: dict[str, tuple[str, type]] = {
    "FOLIO_SYNC_READ_TIMEOUT": ("read_timeout", float),
    "FOLIO_SYNC_CONNECT_TIMEOUT": ("connect_timeout", float),
    "FOLIO_SYNC_MIN_RATE": ("min_bytes_per_second", float),
    "FOLIO_SYNC_WATCHDOG_WINDOW": ("watchdog_window", float),
    "FOLIO_SYNC_DEADLINE": ("download_deadline", float),
    "FOLIO_SYNC_RETRIES": ("retries", int),
    "FOLIO_SYNC_BACKOFF": ("backoff_factor", float),
}


def http_config_from_env(base: HttpConfig | None = None) -> HttpConfig:
    from sync.client import HttpConfig  # noqa: PLC0415 (the HTTP stack loads per command)

    config = base or HttpConfig()
    changes: dict[str, Any] = {}
    for var, (name, kind) in _ENV_HTTP.items():
        raw = os.environ.get(var)
        if raw:
            try:
                changes[name] = kind(raw)
            except ValueError:
                raise UsageError(f"{var} must be a number") from None
    return replace(config, **changes)


def _read_password() -> str:
    env = os.environ.get(ENV_PASSWORD)
    if env:
        return env
    if sys.stdin.isatty():
        import getpass  # noqa: PLC0415 (only on a terminal)

        password = getpass.getpass("Password: ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UsageError(f"no password given: type it, pipe it on stdin, or set {ENV_PASSWORD}")
    return password


def cmd_enroll(args: argparse.Namespace) -> int:
    # The vault, HTTP and the protocol load only for this command.
    from sync import protocol as p  # noqa: PLC0415
    from sync.api import Api  # noqa: PLC0415
    from sync.client import FolioClient, HttpConfig, HttpTransport  # noqa: PLC0415
    from sync.client.http import require_secure_url  # noqa: PLC0415
    from sync.device.enrollment import (  # noqa: PLC0415
        DeviceIdentity,
        default_device_name,
        is_enrolled,
        save_enrollment,
    )
    from sync.store.state import STATE_SPKI_PIN  # noqa: PLC0415

    if bool(args.user) == bool(args.code):
        raise UsageError("give --user NAME (password on stdin) or --code CODE")
    args.server = _server_url(args)
    if not args.server.startswith(("https://", "http://")):
        raise UsageError("--server must be an http(s) URL")
    require_secure_url(args.server)  # before the PIN is asked for, and before any call
    if is_enrolled(args.data_dir):
        raise UsageError(f"this device is already enrolled with {_enrolled_url(args)}")
    api = Api.open(args.data_dir)
    api.unlock(read_pin())
    try:
        identity = DeviceIdentity.generate()
        request = p.EnrollRequest(
            device_name=args.device_name or default_device_name(args.user or ""),
            username=args.user,
            password=_read_password() if args.user else None,
            code=args.code,
            keys=identity.public(),
            org_token=_org_token(args),
        )
        config = http_config_from_env(HttpConfig(spki_pin_sha256=args.pin_spki))
        client = FolioClient(HttpTransport(args.server, config))
        try:
            answer = client.enroll(request)
        finally:
            client.close()
        vault = api.vault
        db = vault.open_database()
        try:
            save_enrollment(db, args.data_dir, args.server.rstrip("/"), answer, identity)
            if args.pin_spki:
                with db.transaction() as cur:
                    db.set_state(cur, STATE_SPKI_PIN, args.pin_spki)
        finally:
            db.close()
    finally:
        api.lock()
    _print({"enrolled": True, "server_url": args.server, "device_id": answer.device_id})
    return EXIT_OK


def _server_url(args: argparse.Namespace) -> str:
    """``--server``, else the machine policy's ``server_url``. A locked ``server_url`` is
    the only server this device may enroll with: a locked key wins over the command line
    as it does over the reader's settings."""
    config = policy.load(args.data_dir)
    configured = config.text("server_url").strip()
    given = (args.server or "").strip()
    if (
        given
        and configured
        and config.is_locked("server_url")
        and given.rstrip("/") != configured.rstrip("/")
    ):
        raise UsageError(
            f"this device's server is set by your organisation's policy ({configured}); "
            "leave out --server"
        )
    if not (given or configured):
        raise UsageError("give --server URL (no server_url in the policy)")
    return given or configured


def _org_token(args: argparse.Namespace) -> str | None:
    """``--org-token``, else the machine policy's ``enrollment_token`` (MSI / GPO)."""
    token: str = args.org_token or policy.load(args.data_dir).text("enrollment_token")
    return token.strip() or None


def _enrolled_url(args: argparse.Namespace) -> str:
    from sync.device.enrollment import read_device_file  # noqa: PLC0415

    marker = read_device_file(args.data_dir) or {}
    return str(marker.get("server_url", "a server"))


def _engine(api: Api, cancel: threading.Event) -> SyncEngine:
    from sync.engine import EngineConfig, SyncEngine  # noqa: PLC0415 (the engine, per command)

    config = EngineConfig(http=http_config_from_env())
    return SyncEngine(api.vault, config=config, cancel=cancel)


def cmd_sync(args: argparse.Namespace) -> int:
    from sync.device.enrollment import is_enrolled  # noqa: PLC0415 (protocol, per command)

    if not is_enrolled(args.data_dir):
        raise FolioError(ErrorKind.NOT_ENROLLED)
    from sync.api import Api  # noqa: PLC0415 (the vault and PyMuPDF load per command)

    api = Api.open(args.data_dir)
    api.unlock(read_pin())
    cancel = threading.Event()
    engine = _engine(api, cancel)
    try:
        if args.watch:
            return _watch(engine, args)
        result = engine.run_round()
        return _report(result, args)
    finally:
        engine.close()
        if not engine.wiped:
            api.lock()


def _report(result: RoundResult, args: argparse.Namespace) -> int:
    _print(result.summary())
    if result.ok:
        return EXIT_OK
    if result.error is not None:
        print(f"folio: {describe(result.error, args.data_dir)}", file=sys.stderr)
    return EXIT_ERROR


def _watch(engine: SyncEngine, args: argparse.Namespace) -> int:
    from sync.engine import SyncLoop  # noqa: PLC0415

    loop = SyncLoop(engine, interval=args.interval, on_round=lambda r: _print(r.summary()))

    def stop(signum: int, frame: FrameType | None) -> None:
        loop.stop()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        loop.run()
    except KeyboardInterrupt:
        loop.stop()
    finally:
        signal.signal(signal.SIGTERM, previous)
    return EXIT_ERROR if engine.wiped else EXIT_OK


def _print(obj: dict[str, Any]) -> None:
    print(json.dumps(obj, sort_keys=True), flush=True)


@register
def add_sync_commands(sub: Subparsers) -> None:
    e = sub.add_parser(
        "enroll",
        help="enroll this device with a server (PIN, then password, from stdin or env)",
    )
    e.add_argument(
        "--server",
        help="the server's URL, e.g. https://folio.example (default: policy server_url)",
    )
    e.add_argument("--user", help="your user name (password from FOLIO_PASSWORD or stdin)")
    e.add_argument("--code", help="a one-time enrollment code from IT")
    e.add_argument("--device-name", help="how the server lists this device")
    e.add_argument(
        "--org-token",
        help="your organisation's enrollment token (default: policy enrollment_token); "
        "you still sign in with --user or --code",
    )
    e.add_argument(
        "--pin-spki",
        help="base64 sha256 of the server certificate's public key, to pin it",
    )
    e.set_defaults(handler=cmd_enroll)
    s = sub.add_parser("sync", help="one sync round (or --watch: keep syncing)")
    s.add_argument("--watch", action="store_true", help="keep syncing until interrupted")
    s.add_argument(
        "--interval", type=float, default=300.0, help="seconds between rounds with --watch"
    )
    s.set_defaults(handler=cmd_sync)
