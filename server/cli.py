"""The ``folio-server`` command: init, serve, publish, users, committees, devices, cases,
release, audit, backup and restore.

Every user-caused error is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import OperationalError, ProgrammingError

from server.context import ServerContext, default_data_dir
from sync.errors import ErrorKind, FolioError
from sync.protocol import Policy


def _secret(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if sys.stdin.isatty():
        import getpass  # noqa: PLC0415 (only interactive use needs it)

        return getpass.getpass(prompt)
    line = sys.stdin.readline().rstrip("\n")
    if not line:
        raise FolioError(ErrorKind.BAD_INPUT, f"no password: set {env} or pipe it on stdin")
    return line


def _parse_time(value: str) -> datetime:
    try:
        t = datetime.fromisoformat(value)
    except ValueError as exc:
        raise FolioError(ErrorKind.BAD_INPUT, f"'{value}': not an ISO 8601 time") from exc
    if t.tzinfo is None:
        raise FolioError(ErrorKind.BAD_INPUT, f"'{value}': add a timezone offset")
    return t


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="folio-server", description="Folio reference server")
    ap.add_argument("--data-dir", type=Path, default=None, help="default: $FOLIO_SERVER_DATA")
    ap.add_argument("--db", default=None, help="database URL (default: SQLite in the data dir)")
    sub = ap.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="create the database, signing key and first admin")
    init.add_argument("--admin", default="admin", help="admin user name (password from stdin)")

    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)

    pub = sub.add_parser("publish", help="publish a meeting folder (or a new version of it)")
    pub.add_argument("folder", type=Path)

    meet = sub.add_parser("meeting", help="published meetings")
    meet_sub = meet.add_subparsers(dest="action", required=True)
    meet_sub.add_parser("list")
    meet_sub.add_parser("withdraw").add_argument("meeting_id")

    user = sub.add_parser("user", help="users")
    user_sub = user.add_subparsers(dest="action", required=True)
    ua = user_sub.add_parser("add", help="add a user (password from stdin or FOLIO_PASSWORD)")
    ua.add_argument("name")
    ua.add_argument("--display-name", default="")
    ua.add_argument("--no-password", action="store_true", help="enrollment by code only")
    user_sub.add_parser(
        "remove", help="revoke every device, end every membership, no more sign-in"
    ).add_argument("name")
    user_sub.add_parser(
        "password", help="set a new password (from stdin or FOLIO_PASSWORD)"
    ).add_argument("name")

    com = sub.add_parser("committee", help="committees")
    com_sub = com.add_subparsers(dest="action", required=True)
    com_sub.add_parser("add").add_argument("name")

    mem = sub.add_parser("member", help="committee membership")
    mem_sub = mem.add_subparsers(dest="action", required=True)
    for action in ("add", "remove"):
        m = mem_sub.add_parser(action)
        m.add_argument("committee")
        m.add_argument("user")

    dev = sub.add_parser("device", help="devices")
    dev_sub = dev.add_subparsers(dest="action", required=True)
    dl = dev_sub.add_parser("list")
    dl.add_argument("--user", default=None)
    dr = dev_sub.add_parser("revoke")
    dr.add_argument("device_id")
    dr.add_argument("--wipe", action="store_true", help="ask the device to wipe itself first")

    code = sub.add_parser("enrollment-code", help="one-time enrollment codes")
    code_sub = code.add_subparsers(dest="action", required=True)
    code_sub.add_parser("create").add_argument("user")

    case = sub.add_parser("case", help="decision cases outside a meeting")
    case_sub = case.add_subparsers(dest="action", required=True)
    ca = case_sub.add_parser("add")
    ca.add_argument("title")
    ca.add_argument("--assignee", action="append", default=[], help="user name (repeatable)")
    ca.add_argument("--deadline", default=None, help="ISO 8601 with offset")
    ca.add_argument("--description", default="")

    pol = sub.add_parser("policy", help="the policy every device follows")
    pol_sub = pol.add_subparsers(dest="action", required=True)
    pol_sub.add_parser("show")
    ps = pol_sub.add_parser("set")
    ps.add_argument("--retention-days", type=int, default=None)
    ps.add_argument("--offline-grace-days", type=int, default=None)

    rel = sub.add_parser("release", help="signed release metadata devices check for updates")
    rel_sub = rel.add_subparsers(dest="action", required=True)
    rp = rel_sub.add_parser(
        "publish", help="serve FILE (signed offline with packaging/sign_release.py) at /v1/release"
    )
    rp.add_argument("file", type=Path)
    rp.add_argument(
        "--trusted-key",
        action="append",
        default=None,
        metavar="HEX",
        help="release public key the app pins (default: the one built into Folio; repeatable)",
    )
    rel_sub.add_parser("show", help="what is published now")

    bk = sub.add_parser(
        "backup", help="copy the database, keys and blobs into DEST (safe while serving)"
    )
    bk.add_argument("dest", type=Path)
    bk.add_argument(
        "--no-blobs", action="store_true", help="leave the blob folder to your own file backup"
    )
    rs = sub.add_parser(
        "restore", help="put a backup back (server stopped), replay the security journal"
    )
    rs.add_argument("src", type=Path)

    au = sub.add_parser("audit", help="list the audit log")
    au.add_argument("--limit", type=int, default=1000)
    return ap


def _serve(ctx: ServerContext, host: str, port: int) -> int:
    import socket  # noqa: PLC0415 (only serve binds)

    import uvicorn  # noqa: PLC0415

    from server.app import create_app  # noqa: PLC0415

    _ = ctx.signing_key  # fail now, with one line, if init was never run
    _ = ctx.token_secret
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on sockets that say
    # so, and without it every keep-alive answer waits ~40 ms for a delayed ACK.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise FolioError(
            ErrorKind.BAD_INPUT, f"cannot listen on {host}:{port}: {exc.strerror}"
        ) from exc
    sock.listen(2048)  # connections queue from now on, before uvicorn has started
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    print(f"listening on http://{shown}:{bound}", flush=True)
    config = uvicorn.Config(create_app(ctx), log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def _release(ctx: ServerContext, args: argparse.Namespace) -> None:
    from server import releases  # noqa: PLC0415
    from sync import updates  # noqa: PLC0415

    if args.action == "publish":
        try:
            data = args.file.read_bytes()
        except OSError as exc:
            raise FolioError(
                ErrorKind.BAD_INPUT, f"cannot read {args.file}: {exc.strerror}"
            ) from exc
        keys = tuple(args.trusted_key or updates.RELEASE_KEYS)
        for key in keys:
            if len(key) != 64 or not all(c in "0123456789abcdef" for c in key.lower()):
                raise FolioError(ErrorKind.BAD_INPUT, f"--trusted-key {key!r}: 64 hex digits")
        r = releases.publish(ctx, data, trusted_keys=tuple(k.lower() for k in keys))
        print(
            f"published release metadata version {r.version}: app {r.app_version}, "
            f"expires {r.expires.isoformat()}, sha256 {r.sha256}"
        )
        return
    shown = releases.describe_current(ctx)
    if shown is None:
        print("no release published")
    else:
        print(" ".join(f"{k}={shown[k]}" for k in sorted(shown)))


def run(args: argparse.Namespace) -> int:
    from server import admin  # noqa: PLC0415 (keeps --help fast)
    from server.publish import publish_folder  # noqa: PLC0415

    data_dir: Path = args.data_dir or default_data_dir()
    ctx = ServerContext.open(data_dir, args.db)
    try:
        cmd = args.command
        if cmd == "init":
            password = _secret("FOLIO_ADMIN_PASSWORD", "admin password: ")
            admin.init(ctx, args.admin, password)
            print(f"initialised {data_dir} (admin '{args.admin}')")
        elif cmd == "serve":
            return _serve(ctx, args.host, args.port)
        elif cmd == "publish":
            r = publish_folder(ctx, args.folder)
            print(
                f"published meeting {r.meeting_id} version {r.version}: {r.documents} documents, "
                f"{r.new_versions} new versions, {r.withdrawn} withdrawn"
            )
        elif cmd == "meeting":
            if args.action == "list":
                for m in admin.list_meetings(ctx):
                    state = "withdrawn" if m.withdrawn else f"version {m.version}"
                    when = m.starts_at.isoformat(timespec="minutes")
                    print(f"{m.id}  {when}  {m.committee}  {state}  {m.title}")
            else:
                admin.withdraw_meeting(ctx, args.meeting_id)
        elif cmd == "user":
            if args.action == "remove":
                admin.remove_user(ctx, args.name)
                print(f"removed user '{args.name}': devices revoked, memberships ended")
            elif args.action == "password":
                admin.set_password(ctx, args.name, _secret("FOLIO_PASSWORD", "password: "))
                print(f"password of '{args.name}' changed")
            else:
                no_pw = args.no_password
                user_password = None if no_pw else _secret("FOLIO_PASSWORD", "password: ")
                print(admin.add_user(ctx, args.name, user_password, args.display_name))
        elif cmd == "committee":
            print(admin.add_committee(ctx, args.name))
        elif cmd == "member":
            if args.action == "add":
                admin.add_member(ctx, args.committee, args.user)
            else:
                admin.remove_member(ctx, args.committee, args.user)
        elif cmd == "device":
            if args.action == "list":
                for d in admin.list_devices(ctx, args.user):
                    seen = d.last_seen_at.isoformat(timespec="seconds") if d.last_seen_at else "-"
                    print(f"{d.id}  {d.user}  {d.state}  last seen {seen}  {d.name}")
            else:
                admin.revoke_device(ctx, args.device_id, wipe=args.wipe)
        elif cmd == "enrollment-code":
            print(admin.create_enrollment_code(ctx, args.user))
        elif cmd == "case":
            deadline = None if args.deadline is None else _parse_time(args.deadline)
            print(
                admin.add_case(
                    ctx,
                    args.title,
                    args.assignee,
                    description=args.description,
                    deadline=deadline,
                )
            )
        elif cmd == "policy":
            current = admin.get_policy(ctx)
            if args.action == "set":
                retention = args.retention_days
                grace = args.offline_grace_days
                if (retention is not None and retention < 1) or (grace is not None and grace < 1):
                    raise FolioError(ErrorKind.BAD_INPUT, "policy: days must be at least 1")
                current = Policy(
                    retention_days=current.retention_days if retention is None else retention,
                    offline_grace_days=current.offline_grace_days if grace is None else grace,
                )
                admin.set_policy(ctx, current)
            print(
                f"retention_days={current.retention_days} "
                f"offline_grace_days={current.offline_grace_days}"
            )
        elif cmd == "release":
            _release(ctx, args)
        elif cmd == "backup":
            from server import backup  # noqa: PLC0415

            b = backup.backup(ctx, args.dest, blobs=not args.no_blobs)
            blobs = "no blobs" if b.blobs is None else f"{b.blobs} blobs"
            print(
                f"backup in {b.path}: {b.database} database, signing key, {blobs}, "
                f"security journal at byte {b.journal_offset}"
            )
        elif cmd == "restore":
            from server import backup  # noqa: PLC0415

            restored = backup.restore(ctx, args.src)
            print(
                f"restored the backup of {restored.backup_created_at}; "
                f"new feed epoch {restored.epoch}"
            )
            print(f"security journal: {len(restored.replayed)} events replayed")
            for note in restored.notes:
                print(f"note: {note}")
        elif cmd == "audit":
            for e in admin.audit_log(ctx, args.limit):
                dev = e.device_id or "-"
                print(
                    f"{e.at.isoformat(timespec='seconds')}  {e.actor}  {e.action}  "
                    f"{e.target}  device {dev}  {e.detail}".rstrip()
                )
        return 0
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except FolioError as exc:
        print(f"folio-server: {exc.detail or exc.kind.value}", file=sys.stderr)
        return 2 if exc.kind is ErrorKind.BAD_INPUT else 1
    except (OperationalError, ProgrammingError) as exc:
        first = str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__
        print(f"folio-server: database error: {first} (did you run 'init'?)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
