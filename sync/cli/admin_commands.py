"""``folio diagnostics``, ``folio self-test`` (also ``folio --self-test``), ``folio policy``,
``folio update-check``:
the commands IT and support run on a device. Registered through sync/cli/core.py's
``register``; nothing here prints content, tokens or PINs."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from sync.cli.core import ENV_PIN, EXIT_ERROR, EXIT_OK, Subparsers, describe, register
from sync.config import policy
from sync.errors import FolioError


def cmd_diagnostics(args: argparse.Namespace) -> int:
    from sync.device import diagnostics  # noqa: PLC0415 (loads only for this command)

    out = Path(args.out) if args.out else Path.cwd() / diagnostics.default_zip_name()
    pin = os.environ.get(ENV_PIN) if args.with_pin else None
    path = diagnostics.write_zip(out, args.data_dir, pin=pin)
    print(f"diagnostics written: {path}")
    return EXIT_OK


def cmd_self_test(args: argparse.Namespace) -> int:
    from sync.device import diagnostics  # noqa: PLC0415

    try:
        diagnostics.run_self_test(print, with_desktop=not args.no_desktop)
    except FolioError as exc:
        print(f"folio: self-test failed: {describe(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except (RuntimeError, OSError, ImportError) as exc:
        print(f"folio: self-test failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print("self-test passed")
    return EXIT_OK


def cmd_policy(args: argparse.Namespace) -> int:
    """The effective configuration with sources (secrets hidden) and any policy warnings.

    Exits non-zero when IT's policy is not the one in force (a fallback to the
    last good or the strictest policy), so a fleet's compliance check notices.
    """
    config = policy.load(args.data_dir)
    print(json.dumps(config.redacted(), indent=2, sort_keys=True))
    for warning in config.warnings:
        print(f"folio: warning: {warning}", file=sys.stderr)
    if config.policy_state is policy.PolicyState.LAST_GOOD:
        print(f"folio: {config.policy_problem}; the last good policy applies", file=sys.stderr)
        return EXIT_ERROR
    if config.policy_state is policy.PolicyState.STRICTEST:
        print(
            f"folio: {config.policy_problem}; no good policy was kept, so every lockable "
            "setting is locked at its strictest value",
            file=sys.stderr,
        )
        return EXIT_ERROR
    return EXIT_OK


def cmd_update_check(args: argparse.Namespace) -> int:
    """Is a newer Folio published? Notify only: IT's deployment installs it."""
    from sync.api import check_for_update  # noqa: PLC0415

    try:
        notice = check_for_update(args.data_dir)
    except FolioError as exc:
        if exc.reason is None:
            raise
        print(f"folio: update refused ({exc.reason}): {exc.detail}", file=sys.stderr)
        return EXIT_ERROR
    out: dict[str, object] = {
        "status": notice.status,
        "installed": notice.installed,
        "update_required": notice.update_required,
    }
    if notice.available is not None:
        out["available"] = notice.available
    if notice.url is not None:
        out["url"] = notice.url
        out["sha256"] = notice.sha256
    print(json.dumps(out, indent=2, sort_keys=True))
    return EXIT_OK


@register
def _add_admin_commands(sub: Subparsers) -> None:
    p = sub.add_parser(
        "diagnostics", help="write a zip for support: logs, redacted config, versions, health"
    )
    p.add_argument("--out", help="the zip to write (default: ./folio-diagnostics-<time>.zip)")
    p.add_argument(
        "--with-pin",
        action="store_true",
        help=f"unlock with ${ENV_PIN} to add counts and an integrity check (never content)",
    )
    p.set_defaults(handler=cmd_diagnostics)
    p = sub.add_parser(
        "self-test",
        help="check this installation: vault, import, render, wipe (temp folder), "
        "Qt platform plugins",
    )
    p.add_argument(
        "--no-desktop", action="store_true", help="skip the desktop app and the Qt checks"
    )
    p.set_defaults(handler=cmd_self_test)
    p = sub.add_parser("policy", help="show the effective settings, their sources and locks")
    p.set_defaults(handler=cmd_policy)
    p = sub.add_parser(
        "update-check", help="check the signed release metadata for a newer Folio (notify only)"
    )
    p.set_defaults(handler=cmd_update_check)
