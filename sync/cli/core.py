"""The ``folio`` command: the vault from a terminal, and the app's entry point.

``folio`` alone (or ``folio --demo``) starts the desktop app. Subcommands work
on the vault: ``init``, ``status``, ``import``, ``verify``, ``wipe``. Other
modules add subcommands through ``register`` (the sync engine's ``enroll`` and
``sync`` live in sync/cli/sync_commands.py, loaded if present).

Every error a user can cause ends as one line on stderr and a non-zero exit
code, never a traceback: ``describe`` is the one place a FolioError becomes an
English sentence here (desktop/errors.py does the same, translated, for the app).
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from sync.config import policy
from sync.config.paths import resolve_data_dir
from sync.device.logging_setup import log_app_started, log_app_stopped, setup_logging
from sync.errors import ErrorKind, FolioError, WrongPin

if TYPE_CHECKING:
    # sync.api pulls in the vault (SQLCipher, cryptography), the engine, PyMuPDF and the
    # HTTP stack: about a second. Each command that needs it imports it itself, so
    # `folio --version` and `folio --help` cost a bare Python start (bench/startup.py;
    # tests/unit/test_cli_imports.py keeps it so).
    from sync.api import Api

log = logging.getLogger("folio.cli")

ENV_PIN = "FOLIO_PIN"
#: Tests only: create vaults with a trivially cheap KDF instead of calibrating.
ENV_FAST_KDF_FOR_TESTS = "FOLIO_FAST_KDF_FOR_TESTS"

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_VERIFY_FAILED = 3
EXIT_INTERRUPTED = 130

Subparsers = Any  # argparse._SubParsersAction (private type)
Registrar = Callable[[Subparsers], None]

#: Functions that add subcommands: each gets the subparsers object and calls
#: ``add_parser(...)`` with ``set_defaults(handler=fn)`` where ``fn(args) -> int``.
REGISTRARS: list[Registrar] = []
#: Modules imported (if they exist) so they can ``register`` their subcommands.
PLUGIN_MODULES = ("sync.cli.sync_commands", "sync.cli.admin_commands")
#: Top-level flags that are another name for a subcommand (sync/cli/admin_commands.py).
FLAG_ALIASES = {"--self-test": "self-test"}


def register(fn: Registrar) -> Registrar:
    """Decorator: add a module's subcommands to ``folio``."""
    if fn not in REGISTRARS:
        REGISTRARS.append(fn)
    return fn


def _load_plugins() -> None:
    for name in PLUGIN_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


# ---------------------------------------------------------------------------
# errors as sentences

_WAY_OUT = "wipe it with `folio wipe` and set this device up again"
_ASK_IT = "Your sign-in was accepted, but nothing was enrolled"


def _token_refused() -> dict[str, str]:
    """The server refused the organisation enrollment token (docs/spec/enrollment.md).

    StrEnum keys: equal to the wire strings a FolioError's reason carries. Built on use:
    sync.protocol costs a fifth of a second to import, which `folio --version` should not pay.
    """
    from sync.protocol import ErrorCode  # noqa: PLC0415

    return {
        ErrorCode.ENROLLMENT_TOKEN_UNKNOWN: "The server does not know this enrollment token. "
        f"{_ASK_IT}: check it, or ask IT for the current one.",
        ErrorCode.ENROLLMENT_TOKEN_EXPIRED: "This enrollment token has expired. "
        f"{_ASK_IT}: ask IT for a current one.",
        ErrorCode.ENROLLMENT_TOKEN_REVOKED: "IT has revoked this enrollment token. "
        f"{_ASK_IT}: ask IT for a current one.",
        ErrorCode.ENROLLMENT_TOKEN_FULL: "This enrollment token has enrolled as many devices as "
        f"IT allowed. {_ASK_IT}: ask IT for a new token.",
        ErrorCode.ENROLLMENT_TOKEN_SCOPE: "This enrollment token is for another committee's "
        f"members. {_ASK_IT}: ask IT for the token for your committee.",
    }


def describe(exc: BaseException, data_dir: Path | None = None) -> str:
    """One English line for an error a user can meet. The only such mapping in the CLI."""
    where = f" in {data_dir}" if data_dir is not None else ""
    if isinstance(exc, WrongPin):
        left = exc.attempts_left
        return (
            f"Wrong PIN. {left} attempt{'s' if left != 1 else ''} left before the vault is wiped."
        )
    if isinstance(exc, FolioError) and exc.reason and exc.reason in (refused := _token_refused()):
        return refused[exc.reason]
    if isinstance(exc, FolioError):
        k, detail = exc.kind, exc.detail
        messages: dict[ErrorKind, str] = {
            ErrorKind.WRONG_PIN: "Wrong PIN.",
            ErrorKind.VAULT_WIPED: "Too many wrong PINs: the vault was wiped. "
            "Run `folio init` (or enroll) to start again.",
            ErrorKind.VAULT_LOCKED: "The vault is locked; unlock it with your PIN.",
            ErrorKind.VAULT_MISSING: f"There is no vault{where}. Create one with `folio init`.",
            ErrorKind.VAULT_EXISTS: f"A vault already exists{where}. Use it, or remove it "
            "first with `folio wipe`.",
            ErrorKind.NOT_A_VAULT: f"The data folder{where} does not hold a Folio vault "
            f"(a file there is not a vault file); {_WAY_OUT}.",
            ErrorKind.SECRET_MISSING: "This device's secret for the vault is gone from the "
            f"credential store, so the vault cannot be opened; {_WAY_OUT}.",
            ErrorKind.ROLLBACK: "The vault database is older than the one this device last "
            f"closed (an old copy was put back); restore the current one, or {_WAY_OUT}.",
            ErrorKind.CORRUPT: f"The vault{where} is damaged or not readable with its key; "
            f"{_WAY_OUT}.",
            ErrorKind.TAMPERED: "Stored data failed its integrity check (changed, cut or "
            f"swapped); run `folio verify`, and if it persists {_WAY_OUT}.",
            ErrorKind.DISK_FULL: "The disk is full. Free some space and try again.",
            ErrorKind.BAD_INPUT: f"Invalid input: {detail}." if detail else "Invalid input.",
            ErrorKind.NOT_FOUND: f"Not found: {detail}." if detail else "Not found.",
            ErrorKind.OFFLINE: "The server cannot be reached. Check the network and try again.",
            ErrorKind.TIMEOUT: "The server did not answer in time. Try again later.",
            ErrorKind.SERVER: "The server had a problem. Try again later.",
            ErrorKind.RETRY_AFTER: "The server is busy. Try again in a moment.",
            ErrorKind.AUTH: "The server did not accept this device's credentials. Enroll again.",
            ErrorKind.REVOKED: "This device was revoked by the server; its vault is wiped.",
            ErrorKind.REJECTED: "The server rejected the change"
            + (f" ({exc.reason})." if exc.reason else "."),
            ErrorKind.CLIENT_TOO_OLD: "This Folio is too old for the server or the vault. "
            "Update Folio.",
            ErrorKind.NOT_ENROLLED: "This device is not enrolled. Run `folio enroll` first.",
            ErrorKind.PROTOCOL: "The server sent an answer Folio does not understand. "
            "Try again later.",
            ErrorKind.INSECURE_SERVER: "The server address uses plain http://, which Folio "
            "allows only to this machine. Use the server's https:// address.",
            ErrorKind.UNTRUSTED_SERVER: "The server's certificate is not trusted on this "
            "device, so nothing was sent. Check the server address; if it is right, install "
            "your organisation's certificate authority on this device (ask IT).",
            ErrorKind.EXPIRED: "Too long without contact with the server: closed material is "
            "locked until the device syncs.",
            ErrorKind.CANCELLED: "Cancelled.",
            ErrorKind.POLICY: "Not allowed by your organisation's policy"
            + (f": {detail}." if detail else "."),
        }
        return messages.get(k, f"Error: {k.value}.")
    if isinstance(exc, PermissionError):
        return f"Permission denied: {exc.filename or 'a file in the data folder'}."
    if isinstance(exc, OSError):
        return f"System error: {exc.strerror or type(exc).__name__}" + (
            f" ({exc.filename})." if exc.filename else "."
        )
    return f"Unexpected error ({type(exc).__name__}); details are in the log."


class UsageError(Exception):
    """A mistake in how the command was called: one line, exit code 2."""


# ---------------------------------------------------------------------------
# PIN input


def read_pin(*, confirm: bool = False, stdin: TextIO | None = None) -> str:
    """The PIN from FOLIO_PIN, else a hidden prompt on a terminal, else stdin's first line."""
    env = os.environ.get(ENV_PIN)
    if env:
        return env
    stream = stdin or sys.stdin
    if stream.isatty():
        pin = getpass.getpass("PIN: ")
        if confirm and getpass.getpass("PIN again: ") != pin:
            raise UsageError("the two PINs differ")
    else:
        pin = stream.readline().rstrip("\r\n")
    if not pin:
        raise UsageError(f"no PIN given: type it, pipe it on stdin, or set {ENV_PIN}")
    return pin


# ---------------------------------------------------------------------------
# commands


def _open_unlocked(args: argparse.Namespace) -> Api:
    from sync.api import Api  # noqa: PLC0415 (see the import block)

    api = Api.open(args.data_dir)
    api.unlock(read_pin())
    return api


def cmd_init(args: argparse.Namespace) -> int:
    from sync.api import Api  # noqa: PLC0415 (see the import block)
    from sync.vault import KdfParams  # noqa: PLC0415

    pin = read_pin(confirm=True)
    kwargs: dict[str, Any] = {"max_pin_attempts": _max_pin_attempts(args)}
    if os.environ.get(ENV_FAST_KDF_FOR_TESTS) == "1":
        kwargs["kdf"] = KdfParams.FAST_FOR_TESTS
    api = Api.create(args.data_dir, pin, **kwargs)
    try:
        info = api.vault_info()
    finally:
        api.lock()
    setup_logging(args.data_dir, args.log_format, level=policy_log_level(args.data_dir))
    log.info("cli.init", extra={"fields": {"vault_id": info.vault_id}})
    _print_json(
        {
            "data_dir": info.data_dir,
            "vault_id": info.vault_id,
            "secret_backend": info.secret_backend,
            "max_pin_attempts": info.max_pin_attempts,
        }
    )
    return EXIT_OK


def _max_pin_attempts(args: argparse.Namespace) -> int:
    """The policy's ``max_pin_attempts`` unless ``--max-pin-attempts`` says otherwise, as
    the app's PIN setup does; a value IT locked is not the reader's to change here either."""
    config = policy.load(args.data_dir)
    chosen: int | None = args.max_pin_attempts
    if chosen is None:
        return config.number("max_pin_attempts")
    if config.is_locked("max_pin_attempts") and chosen != config.number("max_pin_attempts"):
        raise UsageError(
            "max_pin_attempts is set by your organisation's policy "
            f"({config.number('max_pin_attempts')}); leave out --max-pin-attempts"
        )
    return chosen


def cmd_status(args: argparse.Namespace) -> int:
    api = _open_unlocked(args)
    try:
        info = api.vault_info()
        counts = api.counts()
        sync = api.sync_status()
    finally:
        api.lock()
    _print_json(
        {
            "data_dir": info.data_dir,
            "vault_id": info.vault_id,
            "secret_backend": info.secret_backend,
            "vault_size_bytes": info.size_bytes,
            "generation": info.generation,
            "max_pin_attempts": info.max_pin_attempts,
            "meetings": counts["meetings"],
            "documents": counts["documents"],
            "documents_verified": counts["documents_verified"],
            "annotations": counts["annotations"],
            "comments": counts["comments"],
            "open_cases": counts["cases_open"],
            "pending_ops": counts["ops_waiting"],
            "rejected_ops": counts["ops_rejected"],
            "enrolled": sync.enrolled,
            "server_url": sync.server_url,
            "last_sync_at": None if sync.last_sync_at is None else sync.last_sync_at.isoformat(),
        }
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    api = _open_unlocked(args)
    try:
        changes = api.import_pack(folder)
    finally:
        api.lock()
    _print_json(
        {
            "meetings": sorted(changes.meetings),
            "documents": len(changes.documents),
            "cases": len(changes.cases),
        }
    )
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    """Each damaged document named on its own line; non-zero unless all is well or repaired."""
    api = _open_unlocked(args)
    try:
        report = api.verify_vault(repair=args.repair)
    finally:
        api.lock()
    if report.ok:
        print("ok: the vault is intact")
        return EXIT_OK
    for problem in report.problems:
        print(problem)
    for d in report.damaged:
        print(f"damaged: document {d.title!r} ({d.document_id}) version {d.version}: {d.reason}")
    if report.damaged and report.repaired:
        print(
            f"repaired: {len(report.damaged)} document(s) removed from this device; "
            "the next `folio sync` downloads them again"
        )
    elif report.damaged:
        print(
            f"{len(report.damaged)} document(s) can no longer be opened; the next `folio sync` "
            "downloads them again (`folio verify --repair` removes the damaged copies now)"
        )
    if report.problems:
        print(f"folio: {len(report.problems)} problem(s) found; {_WAY_OUT}", file=sys.stderr)
        return EXIT_VERIFY_FAILED
    return EXIT_OK if report.repaired else EXIT_VERIFY_FAILED


def cmd_wipe(args: argparse.Namespace) -> int:
    from sync.api import Api  # noqa: PLC0415 (see the import block)

    data_dir: Path = args.data_dir
    if not Api.exists(data_dir):
        raise FolioError(ErrorKind.VAULT_MISSING)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("wiping destroys the vault for good; add --yes to confirm")
        answer = input(f"Destroy the vault in {data_dir} for good? Type 'wipe': ")
        if answer.strip() != "wipe":
            print("Not wiped.")
            return EXIT_ERROR
    Api.open(data_dir).wipe()  # the vault, then its traces (sync/device/traces.py)
    print(f"wiped: {data_dir}")
    return EXIT_OK


def cmd_app(args: argparse.Namespace) -> int:
    """Start the desktop app (lazy import: the CLI never loads Qt otherwise)."""
    try:
        app = importlib.import_module("desktop.app")
    except ModuleNotFoundError as exc:
        if exc.name not in ("desktop.app", "desktop", "PySide6"):
            raise
        print(
            "folio: the desktop app is not available in this build; "
            "use the subcommands (folio --help).",
            file=sys.stderr,
        )
        return EXIT_ERROR
    app_argv = ["--data-dir", str(args.data_dir)]
    if args.demo:
        app_argv.append("--demo")
    return int(app.main(app_argv) or 0)


def _print_json(obj: dict[str, Any]) -> None:
    print(json.dumps(obj, indent=2, sort_keys=True))


# ---------------------------------------------------------------------------
# parser


def _version() -> str:
    from sync.device.diagnostics import folio_version  # noqa: PLC0415

    return folio_version()


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line (no usage block)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _add_vault_commands(sub: Subparsers) -> None:
    p = sub.add_parser("init", help="create a new vault (PIN from stdin or FOLIO_PIN)")
    p.add_argument(
        "--max-pin-attempts",
        type=int,
        default=None,
        help="wrong PINs before the vault wipes (default: policy max_pin_attempts, else 10)",
    )
    p.set_defaults(handler=cmd_init)
    p = sub.add_parser("status", help="show the vault's contents as JSON (needs the PIN)")
    p.set_defaults(handler=cmd_status)
    p = sub.add_parser("import", help="import a publishing folder into the vault")
    p.add_argument("folder", help="folder with meeting.toml (or meeting.json) and the PDFs")
    p.set_defaults(handler=cmd_import)
    p = sub.add_parser(
        "verify", help="check the vault's integrity (SQLCipher HMACs, every blob authenticated)"
    )
    p.add_argument(
        "--repair",
        action="store_true",
        help="remove damaged documents now so the next sync downloads them again",
    )
    p.set_defaults(handler=cmd_verify)
    p = sub.add_parser("wipe", help="destroy the vault: keys first, then every file")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=cmd_wipe)


register(_add_vault_commands)


BUILTIN_COMMANDS = frozenset({"init", "status", "import", "verify", "wipe"})
_OPTIONS_WITH_VALUE = frozenset({"--data-dir", "--log-format"})


def _needs_plugins(argv: list[str]) -> bool:
    """Plugin modules (the sync engine) take about a second to import: load them only
    when the command may be theirs, or for --help."""
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token in ("-h", "--help"):
            return True
        if token in _OPTIONS_WITH_VALUE:
            skip = True
            continue
        if token.startswith("-"):
            continue
        return token not in BUILTIN_COMMANDS
    return False


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="folio",
        description="Folio: encrypted, offline meeting packs. With no command, starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"folio {_version()}")
    parser.add_argument(
        "--data-dir",
        help="the vault's folder (default: $FOLIO_DATA_DIR, else the platform's data folder)",
    )
    parser.add_argument(
        "--log-format", choices=("text", "json"), default="text", help="log line format"
    )
    parser.add_argument("--demo", action="store_true", help="start the app with demo material")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    if argv is None or _needs_plugins(argv):
        _load_plugins()
    for registrar in REGISTRARS:
        registrar(sub)
    return parser


def _quiet_sqlcipher() -> None:
    """SQLCipher logs its own errors (e.g. a failed page HMAC) to stderr; the CLI says
    what went wrong in one line of its own instead. The level is process-wide."""
    import sqlcipher3  # noqa: PLC0415 (only commands that open the vault get here)

    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
    finally:
        conn.close()


def policy_log_level(data_dir: Path | None) -> int:
    """The ``log_level`` setting (sync/config/policy.py: policy, reader, FOLIO_LOG_LEVEL)."""
    name = policy.load(data_dir).text("log_level")
    return int(logging.getLevelNamesMapping().get(name.upper(), logging.INFO))


def main(argv: list[str] | None = None) -> int:
    """``folio``: one line per error, ``app.started`` / ``app.stopped`` around the work."""
    code = _main(argv)
    log_app_stopped(exit_code=code)  # dropped when logging was never set up (usage errors)
    return code


def _main(argv: list[str] | None) -> int:
    data_dir: Path | None = None
    try:
        argv = sys.argv[1:] if argv is None else argv
        argv = [FLAG_ALIASES.get(token, token) for token in argv]
        args = build_parser(argv).parse_args(argv)  # --version and --help exit here
        _quiet_sqlcipher()
        data_dir = resolve_data_dir(args.data_dir)
        args.data_dir = data_dir
        # Handlers first: reading the policy for its log level can itself warn (a refused
        # file, a loosening variable), and with no handler yet logging's last resort
        # would print bare event names on stderr ahead of the CLI's own sentence.
        setup_logging(data_dir, args.log_format)
        logging.getLogger().setLevel(policy_log_level(data_dir))
        log_app_started(data_dir, command="app" if args.demo else args.command or "app")
        handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
        if handler is None or args.demo:
            return cmd_app(args)
        return handler(args)
    except UsageError as exc:
        print(f"folio: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FolioError as exc:
        log.warning("cli.failed", extra={"fields": {"kind": exc.kind.value}})
        print(f"folio: {describe(exc, data_dir)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("folio: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:
        log.warning("cli.os_error", exc_info=True)
        print(f"folio: {describe(exc, data_dir)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # the last guard: a bug still ends as one line plus a log entry
        log.error("cli.crashed", exc_info=True)
        print(f"folio: {describe(exc, data_dir)}", file=sys.stderr)
        return EXIT_ERROR
