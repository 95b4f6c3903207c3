"""The ``folio-server`` command: init, serve, publish, users, committees, devices, cases,
enrollment codes (one or in bulk) and organisation enrollment tokens, release, audit,
backup and restore; migrate, check and db copy for operators.

Every user-caused error is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.errors import ErrorKind, FolioError

if TYPE_CHECKING:
    # SQLAlchemy (through server.context), the protocol and everything a command uses
    # load inside the command: `folio-server --help` costs a bare Python start, an admin
    # verb only what it touches (bench/startup.py measures both).
    from server.admin import DeviceRow
    from server.context import ServerContext


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
    ap.add_argument(
        "--db",
        default=os.environ.get("FOLIO_SERVER_DB") or None,
        help="database URL (default: $FOLIO_SERVER_DB, else SQLite in the data dir)",
    )
    sub = ap.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="create the database, signing key and first admin")
    init.add_argument("--admin", default="admin", help="admin user name (password from stdin)")

    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes sharing the socket (PostgreSQL, or SQLite on one machine)",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default=os.environ.get("FOLIO_SERVER_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        metavar="IPS",
        help="reverse proxies (addresses or networks, comma-separated, '' for none) whose "
        "X-Forwarded-For/-Proto is believed, so rate limits and logs see the reader's "
        "address (default: $FOLIO_SERVER_FORWARDED_ALLOW_IPS, else loopback)",
    )

    pub = sub.add_parser("publish", help="publish a meeting folder (or a new version of it)")
    pub.add_argument("folder", type=Path)
    pub.add_argument(
        "--dry-run", action="store_true", help="check the folder, show what would be published"
    )

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
    ue = user_sub.add_parser("export", help="everything the server holds about a person (JSON)")
    ue.add_argument("name")
    ue.add_argument("--out", type=Path, default=None, help="a new file (mode 0600); default stdout")
    ux = user_sub.add_parser(
        "erase", help="a departed member: access gone, notes and receipts deleted (docs/privacy.md)"
    )
    ux.add_argument("name")
    ux.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    ui = user_sub.add_parser(
        "import", help="add users from CSV (name, display name, committees, roles), all or none"
    )
    ui.add_argument("file", type=Path, help="the CSV file, or - for stdin")
    ui.add_argument("--dry-run", action="store_true", help="check the file, store nothing")
    ui.add_argument(
        "--create-committees", action="store_true", help="create committees the file names"
    )

    sub.add_parser("migrate", help="upgrade the database schema to this version (idempotent)")
    sub.add_parser(
        "check", help="check files, permissions, keys, database and release metadata expiry"
    )
    dbp = sub.add_parser("db", help="the database itself")
    db_sub = dbp.add_subparsers(dest="action", required=True)
    dc = db_sub.add_parser(
        "copy", help="copy everything into an empty PostgreSQL database (server stopped)"
    )
    dc.add_argument("--to", required=True, metavar="URL", help="postgresql://user@host/database")

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

    code = sub.add_parser("enrollment-code", aliases=["code"], help="one-time enrollment codes")
    code_sub = code.add_subparsers(dest="action", required=True)
    code_sub.add_parser("create").add_argument("user")
    cb = code_sub.add_parser("bulk", help="a code for each reader, as CSV for mail merge")
    cb_who = cb.add_mutually_exclusive_group(required=True)
    cb_who.add_argument("--users", type=Path, metavar="FILE", help="user names, one a line")
    cb_who.add_argument("--committee", metavar="NAME", help="every member of the committee")
    cb.add_argument("--out", type=Path, required=True, help="a new CSV file (mode 0600)")

    tok = sub.add_parser(
        "enrollment-token", help="organisation enrollment tokens (reusable, not secret)"
    )
    tok_sub = tok.add_subparsers(dest="action", required=True)
    tc = tok_sub.add_parser("create", help="a token for an MSI property or a GPO value")
    tc_scope = tc.add_mutually_exclusive_group(required=True)
    tc_scope.add_argument("--committee", metavar="NAME", help="only this committee's members")
    tc_scope.add_argument(
        "--organisation", action="store_true", help="any member of the organisation"
    )
    tc.add_argument("--limit", type=int, required=True, help="how many devices may enroll")
    tc.add_argument("--days", type=int, default=30, help="valid this many days (default 30)")
    tc.add_argument("--label", default="", help="what it is for, e.g. 'Board tablets 2027'")
    tok_sub.add_parser("list", help="every token with its scope, count and state")
    tok_sub.add_parser("revoke", help="no more enrollments with it").add_argument("token")

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
    ps.add_argument(
        "--min-app-version",
        default=None,
        help="devices below this Folio version only check in until updated; 0 requires none",
    )

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

    au = sub.add_parser("audit", help="list the audit log (or prune it, set its retention)")
    au.add_argument("--limit", type=int, default=1000)
    au_sub = au.add_subparsers(dest="action", required=False)
    ap_prune = au_sub.add_parser("prune", help="delete lines older than the retention")
    ap_prune.add_argument("--days", type=int, default=None, help="default: the retention set")
    au_sub.add_parser("retention", help="show or set how many days lines are kept").add_argument(
        "days", type=int, nargs="?", default=None
    )

    key = sub.add_parser("key", help="the manifest signing key devices pin")
    key_sub = key.add_subparsers(dest="action", required=True)
    key_sub.add_parser("show", help="the key that signs, the announced next one, retired ones")
    key_sub.add_parser("announce", help="make the next key; manifests announce it from now on")
    kr = key_sub.add_parser("rotate", help="sign with the announced next key from now on")
    kr.add_argument(
        "--compromised",
        action="store_true",
        help="the key leaked: a new key nothing vouches for (every device enrolls again)",
    )
    return ap


def worker_app() -> Any:
    """One worker's app: uvicorn starts each worker as a fresh process that imports
    this by name, so the context comes from the environment ``serve`` set."""
    from server.app import create_app  # noqa: PLC0415
    from server.context import ENV_DATA_DIR, ServerContext  # noqa: PLC0415

    ctx = ServerContext.open(Path(os.environ[ENV_DATA_DIR]), os.environ[_ENV_DB])
    return create_app(ctx)


_ENV_DB = "FOLIO_SERVER_DB"


def _serve(
    ctx: ServerContext, host: str, port: int, forwarded_allow_ips: str = "", workers: int = 1
) -> int:
    import socket  # noqa: PLC0415 (only serve binds)

    import uvicorn  # noqa: PLC0415

    from server import metrics  # noqa: PLC0415
    from server.context import ENV_DATA_DIR, refuse_readable_by_others  # noqa: PLC0415

    # Before server.app imports prometheus_client: it fixes the counting mode at import.
    metrics.use_worker_files(ctx.data_dir)
    from server.app import create_app  # noqa: PLC0415

    _ = ctx.signing_key  # fail now, with one line, if init was never run
    _ = ctx.token_secret
    refuse_readable_by_others(ctx.data_dir, ctx.db_url)
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
    # proxy_headers: the client address a request reports (rate limits, audit) is the
    # X-Forwarded-For one only when the peer is a listed proxy; otherwise the peer's.
    trusted = [a.strip() for a in forwarded_allow_ips.split(",") if a.strip()]
    options: dict[str, Any] = {
        "log_level": "warning",
        "access_log": False,
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or None,
    }
    if workers > 1:
        # Nothing a worker keeps in memory must be shared: sessions, rate-limit
        # counters and the feed's order live in the database, metrics in files.
        from uvicorn.supervisors import Multiprocess  # noqa: PLC0415

        os.environ[ENV_DATA_DIR] = str(ctx.data_dir)
        os.environ[_ENV_DB] = ctx.db_url
        config = uvicorn.Config("server.cli:worker_app", factory=True, workers=workers, **options)
        Multiprocess(config, sockets=[sock]).run()
        return 0
    config = uvicorn.Config(create_app(ctx), **options)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def _privacy(ctx: ServerContext, args: argparse.Namespace) -> None:
    import json  # noqa: PLC0415

    from server import privacy  # noqa: PLC0415

    if args.action == "export":
        body = json.dumps(privacy.export_user(ctx, args.name), indent=2, ensure_ascii=False)
        if args.out is None:
            print(body)
            return
        try:
            fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise FolioError(ErrorKind.BAD_INPUT, f"--out {args.out}: {exc.strerror}") from exc
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(body + "\n")
        print(f"wrote everything about '{args.name}' to {args.out}")
        return
    if not args.yes:
        raise FolioError(ErrorKind.BAD_INPUT, "user erase cannot be undone: add --yes")
    e = privacy.erase_user(ctx, args.name)
    print(
        f"erased '{args.name}': {e.devices} devices revoked, "
        f"{e.annotations} notes and {e.read_receipts} read receipts deleted, "
        f"{e.comments_removed} comments removed, {e.comments_anonymised} anonymised"
    )


def _key(ctx: ServerContext, args: argparse.Namespace) -> None:
    from server import keys  # noqa: PLC0415

    if args.action == "announce":
        print(f"announced the next signing key {keys.announce(ctx.data_dir)}")
        print("devices pin it with the next manifest they fetch; then run 'key rotate'")
    elif args.action == "rotate":
        r = keys.rotate(ctx.data_dir, compromised=args.compromised)
        print(f"signing with {r.new} (was {r.old})")
        if not r.certified:
            print("nothing vouches for the new key: every device must enroll again")
    ring = ctx.keyring
    print(f"signing key: {ring.current_public}")
    print(f"announced next: {ring.next_public or '-'}")
    for k in ring.retired:
        print(f"retired: {k}{' (compromised)' if k in ring.compromised else ''}")


def _audit_retention(ctx: ServerContext, args: argparse.Namespace) -> None:
    from server import privacy  # noqa: PLC0415

    if args.action == "prune":
        print(f"pruned {privacy.prune_audit(ctx, args.days)} audit lines")
        return
    if args.days is not None:
        privacy.set_audit_retention(ctx, args.days)
    print(f"audit lines are kept {privacy.audit_retention(ctx)} days")


def _release(ctx: ServerContext, args: argparse.Namespace) -> None:
    from server import releases  # noqa: PLC0415
    from sync.device import updates  # noqa: PLC0415

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


def _migrate(ctx: ServerContext) -> None:
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415 (slow import)

    from server.db import migrate  # noqa: PLC0415

    def revision() -> str | None:
        with ctx.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    before = revision()
    migrate(ctx.db_url)
    after = revision()
    if before == after:
        print(f"database schema {after}: already the newest, nothing to do")
    else:
        print(f"database schema upgraded from {before or 'empty'} to {after}")


def _check(ctx: ServerContext) -> int:
    from server import check  # noqa: PLC0415

    found = check.run(ctx)
    for finding in found:
        print(finding.line())
    failed = sum(f.status is check.Status.FAIL for f in found)
    warned = sum(f.status is check.Status.WARN for f in found)
    print(f"{failed} failed, {warned} warnings, {len(found) - failed - warned} ok")
    return 1 if failed else 0


def _user_import(ctx: ServerContext, args: argparse.Namespace) -> int:
    from server import userimport  # noqa: PLC0415

    r = userimport.import_users(
        ctx, args.file, dry_run=args.dry_run, create_committees=args.create_committees
    )
    if r.problems:
        for problem in r.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        print(
            f"folio-server: nothing imported: {len(r.problems)} bad rows; fix them and run again",
            file=sys.stderr,
        )
        return 2
    verb = "would add" if args.dry_run else "added"
    admins = sum(row.admin for row in r.users)
    created = ", ".join(r.committees_created)
    print(
        f"{verb} {len(r.users)} users ({admins} admins) and {r.memberships} memberships"
        + (f", creating committees {created}" if created else "")
    )
    if args.dry_run:
        for row in r.users:
            role = "admin" if row.admin else "member"
            print(f"  {row.name}  {role}  {', '.join(row.committees) or '-'}  {row.display_name}")
    return 0


def _bulk_codes(ctx: ServerContext, args: argparse.Namespace) -> None:
    from server import enrollment_tokens as et  # noqa: PLC0415

    usernames = None
    if args.users is not None:
        try:
            usernames = et.read_usernames(args.users.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            raise FolioError(ErrorKind.BAD_INPUT, f"cannot read {args.users}: {exc}") from exc
    # The file first (O_EXCL): never codes made whose only copy could not be written.
    try:
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise FolioError(ErrorKind.BAD_INPUT, f"--out {args.out}: {exc.strerror}") from exc
    try:
        rows = et.bulk_codes(ctx, usernames=usernames, committee=args.committee)
    except BaseException:
        os.close(fd)
        args.out.unlink()
        raise
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(et.codes_csv(rows))
        f.flush()
        os.fsync(f.fileno())
    print(f"wrote {len(rows)} one-time codes to {args.out} (each valid once, 7 days)")


def _enrollment_token(ctx: ServerContext, args: argparse.Namespace) -> None:
    from server import enrollment_tokens as et  # noqa: PLC0415
    from server.context import now  # noqa: PLC0415

    def line(t: et.TokenInfo) -> str:
        scope = f"committee {t.committee}" if t.committee is not None else "organisation"
        return (
            f"{t.token}  {t.state(now())}  {scope}  {t.devices_enrolled}/{t.device_limit} "
            f"devices  expires {t.expires_at.isoformat(timespec='minutes')}  {t.label}"
        ).rstrip()

    if args.action == "create":
        t = et.create(
            ctx,
            label=args.label,
            committee=None if args.organisation else args.committee,
            device_limit=args.limit,
            days=args.days,
        )
        print(line(t))
    elif args.action == "revoke":
        print(line(et.revoke(ctx, args.token)))
    else:
        for t in et.list_tokens(ctx):
            print(line(t))


def _when(t: datetime | None) -> str:
    return t.isoformat(timespec="seconds") if t else "-"


def _device_line(d: DeviceRow) -> str:
    """One device for IT: whose, its state, when enrolled and seen, when a wipe was asked
    for and when the device acknowledged it, then its name (last: it has spaces)."""
    return (
        f"{d.id}  {d.user}  {d.state}  enrolled {_when(d.created_at)}  "
        f"last seen {_when(d.last_seen_at)}  wipe asked {_when(d.wipe_requested_at)}  "
        f"wipe acknowledged {_when(d.wiped_at)}  {d.name}"
    )


def run(args: argparse.Namespace) -> int:
    from server import admin  # noqa: PLC0415 (keeps --help fast)
    from server.context import ServerContext, default_data_dir  # noqa: PLC0415

    data_dir: Path = args.data_dir or default_data_dir()
    ctx = ServerContext.open(data_dir, args.db)
    try:
        cmd = args.command
        if cmd == "init":
            password = _secret("FOLIO_ADMIN_PASSWORD", "admin password: ")
            admin.init(ctx, args.admin, password)
            print(f"initialised {data_dir} (admin '{args.admin}')")
        elif cmd == "serve":
            return _serve(ctx, args.host, args.port, args.forwarded_allow_ips, args.workers)
        elif cmd == "publish":
            # PyMuPDF takes seconds to import: only publish pays for it.
            from server.publish import publish_folder, report  # noqa: PLC0415

            print("\n".join(report(publish_folder(ctx, args.folder, dry_run=args.dry_run))))
        elif cmd == "meeting":
            if args.action == "list":
                for m in admin.list_meetings(ctx):
                    state = "withdrawn" if m.withdrawn else f"version {m.version}"
                    when = m.starts_at.isoformat(timespec="minutes")
                    print(f"{m.id}  {when}  {m.committee}  {state}  {m.title}")
            else:
                admin.withdraw_meeting(ctx, args.meeting_id)
        elif cmd == "migrate":
            _migrate(ctx)
        elif cmd == "check":
            return _check(ctx)
        elif cmd == "db":
            from server import dbcopy  # noqa: PLC0415

            ctx.close()  # the copy opens its own engines; no pooled handle on the source
            copied = dbcopy.copy(ctx.db_url, args.to)
            total = sum(copied.rows.values())
            print(f"copied {total} rows in {len(copied.rows)} tables to {copied.target}:")
            for table, n in copied.rows.items():
                print(f"  {table}: {n} rows (same count in source and target)")
            print("next: serve with --db (or FOLIO_SERVER_DB) set to the new database")
        elif cmd == "user" and args.action == "import":
            return _user_import(ctx, args)
        elif cmd == "user" and args.action in ("export", "erase"):
            _privacy(ctx, args)
        elif cmd == "key":
            _key(ctx, args)
        elif cmd == "audit" and args.action is not None:
            _audit_retention(ctx, args)
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
                    print(_device_line(d))
            else:
                admin.revoke_device(ctx, args.device_id, wipe=args.wipe)
        elif cmd in ("enrollment-code", "code") and args.action == "bulk":
            _bulk_codes(ctx, args)
        elif cmd in ("enrollment-code", "code"):
            print(admin.create_enrollment_code(ctx, args.user))
        elif cmd == "enrollment-token":
            _enrollment_token(ctx, args)
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
            from sync.config.policy import parse_version  # noqa: PLC0415
            from sync.protocol import Policy  # noqa: PLC0415

            current = admin.get_policy(ctx)
            if args.action == "set":
                retention = args.retention_days
                grace = args.offline_grace_days
                minimum = args.min_app_version
                if (retention is not None and retention < 1) or (grace is not None and grace < 1):
                    raise FolioError(ErrorKind.BAD_INPUT, "policy: days must be at least 1")
                if minimum is not None and parse_version(minimum) is None:
                    raise FolioError(
                        ErrorKind.BAD_INPUT, "policy: --min-app-version is a version like 1.4.0"
                    )
                current = Policy(
                    retention_days=current.retention_days if retention is None else retention,
                    offline_grace_days=current.offline_grace_days if grace is None else grace,
                    min_app_version=current.min_app_version if minimum is None else minimum,
                )
                admin.set_policy(ctx, current)
            print(
                f"retention_days={current.retention_days} "
                f"offline_grace_days={current.offline_grace_days} "
                f"min_app_version={current.min_app_version}"
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
    args = build_parser().parse_args(argv)  # --help and usage errors end here: nothing made
    from server.context import PRIVATE_UMASK  # noqa: PLC0415 (SQLAlchemy: after --help)

    # Before anything is created: every file the server makes (SQLite db, -wal, -shm,
    # blobs, keys, journal, backups) is its user's alone. Put back on return, for
    # callers that run the command in their own process.
    previous_umask = os.umask(PRIVATE_UMASK)
    try:
        return _main(args)
    finally:
        os.umask(previous_umask)


def _main(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError  # noqa: PLC0415

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
