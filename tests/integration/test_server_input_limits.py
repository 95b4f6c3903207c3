"""Input hardening of the real server (issue 13): body limits, op field caps, no 500s,
hidden targets answered like missing ones, and private files.

Every test runs over real HTTP against ``folio-server serve`` on SQLite and on
PostgreSQL (the ``server`` fixture), except the file-permission one, which is
about SQLite's own files and the CLI's umask.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import stat
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from server_harness import (
    ADMIN_PASSWORD,
    PASSWORD,
    Api,
    PgCluster,
    Server,
    pdf_bytes,
    write_meeting,
)

from server import admin, limits
from server.context import ServerContext, default_db_url, refuse_readable_by_others
from server.publish import publish_folder
from sync import protocol as p
from sync.errors import FolioError

_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def world(server: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A member and an outsider; one meeting with an open 2-page and a closed document."""
    member, outsider = server.user(), server.user()
    committee = server.committee([member])
    folder = write_meeting(
        tmp_path_factory.mktemp("m"),
        committee,
        [
            {"number": "1", "docs": {"open.pdf": pdf_bytes("open", pages=2)}},
            {
                "number": "2",
                "closed": True,
                "needs_decision": True,
                "docs": {"closed.pdf": "closed"},
            },
        ],
    )
    result = publish_folder(server.ctx, folder)
    api = Api(server.url).enroll(member)
    r = api.get(f"/v1/meetings/{result.meeting_id}/manifest")
    m = p.verify_manifest(p.SignedManifest.from_json(r.json()), api.enrollment["server_public_key"])
    api.close()
    return {"member": member, "outsider": outsider, "manifest": m}


def _op(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "kind": kind, "payload": payload}


def _comment(target: str, kind: str = "item", **extra: Any) -> dict[str, Any]:
    payload = {
        "comment_id": str(uuid.uuid4()),
        "target_kind": kind,
        "target_id": target,
        "body": "b",
        "parent_id": None,
    }
    return _op("comment.add", payload | extra)


def _annotation(doc: p.ManifestDocument, **extra: Any) -> dict[str, Any]:
    payload = {
        "annotation_id": str(uuid.uuid4()),
        "document_id": doc.id,
        "document_version": doc.version,
        "page": 0,
        "kind": "ink",
        "color": "#ff0000",
        "visibility": "private",
        "rects": [],
        "strokes": [],
        "text": "",
        "quote": None,
        "base_revision": 0,
    }
    return _op("annotation.put", payload | extra)


def _raw(url: str, request: bytes, *chunks: bytes) -> tuple[int, bytes]:
    """One HTTP/1.1 exchange on a plain socket: what a client sends, byte for byte,
    and the status line of the answer (read before the rest of the body is sent)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as s:
        s.sendall(request)
        for chunk in chunks:
            s.sendall(chunk)
        answer = b""
        while b"\r\n\r\n" not in answer:
            try:
                data = s.recv(65536)
            except TimeoutError:
                pytest.fail("no answer in 30 s: the server waits for the rest of the body")
            if not data:
                break
            answer += data
        head, _, body = answer.partition(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.lower().split(b"\r\n")
            if line.startswith(b"content-length:")
        )
        while len(body) < length and (data := s.recv(65536)):
            body += data
    return int(head.split(b" ", 2)[1]), body


# -- body size ----------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_before_it_is_read(server: Server) -> None:
    # the measured attack: a 100 MB password to /v1/enroll. Only the headers are
    # sent; the answer comes without the server waiting for (or reading) any body.
    status, body = _raw(
        server.url,
        b"POST /v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100000000\r\n\r\n",
    )
    assert status == 413
    assert json.loads(body)["code"] == "bad_request"
    # chunked, no length declared: counted as it arrives, refused once past the limit
    chunk = b"x" * 4096
    framed = b"%x\r\n%s\r\n" % (len(chunk), chunk)
    status, _ = _raw(
        server.url,
        b"POST /v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n",
        *[framed] * (limits.SMALL_BODY_BYTES // len(chunk) + 1),
    )
    assert status == 413
    # not JSON at all, one byte over: still 413 (the size is judged before parsing)
    api = Api(server.url)
    r = api.http.post(
        "/v1/enroll",
        content=b"{" * (limits.SMALL_BODY_BYTES + 1),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 413
    api.close()


def test_a_large_body_is_read_only_for_an_enrolled_device(
    server: Server, world: dict[str, Any], api_factory: Any
) -> None:
    # /v1/ops may carry 50 MiB: without a token the server says 401 at once, before
    # the body (never sent here); with one, the declared size alone decides
    head = (
        b"POST /v1/ops HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n" % (limits.OPS_BODY_BYTES // 2)
    )
    for auth in (b"", b"Authorization: Bearer not-a-token\r\n"):
        status, body = _raw(server.url, head + auth + b"\r\n")
        assert (status, json.loads(body)["code"]) == (401, "unauthorized")
    api = api_factory().enroll(world["member"])
    over = b"Content-Length: %d\r\n" % (limits.OPS_BODY_BYTES + 1)
    status, _ = _raw(
        server.url,
        head.replace(b"Content-Length: %d\r\n" % (limits.OPS_BODY_BYTES // 2), over)
        + f"Authorization: Bearer {api.access}\r\n\r\n".encode(),
    )
    assert status == 413
    # a revoked device's token still reaches the endpoint, which tells it to wipe
    server.admin.revoke_device(server.ctx, api.device_id)
    r = api.post("/v1/ops", {"ops": []})
    assert (r.status_code, r.json()["code"]) == (401, "device_revoked")


def test_the_ops_limit_holds_a_full_batch_of_maximum_size_ops(
    server: Server, world: dict[str, Any], api_factory: Any
) -> None:
    api = api_factory().enroll(world["member"])
    doc = next(d for d in world["manifest"].documents if not d.closed)
    # the most ink the caps allow, points as the desktop's pen rounds them
    per_stroke = limits.MAX_POINTS // 2
    strokes = [
        [[round(100 + i / 7, 2), round(200 + i / 3, 2), 0.723] for i in range(per_stroke)]
        for _ in range(2)
    ]
    big = _annotation(doc, strokes=strokes)
    room = limits.MAX_PAYLOAD_BYTES - len(p.canonical_json(big["payload"]))
    big["payload"]["text"] = "é" * (room // 2)  # 2 bytes in UTF-8, 6 \u-escaped on the wire
    assert 0 <= limits.MAX_PAYLOAD_BYTES - len(p.canonical_json(big["payload"])) <= 2
    # the sync client's encoding (requests' json=): ASCII escapes and ", " spacing
    one = len(json.dumps(big).encode())
    assert len(b'{"ops": []}') + p.MAX_OPS_PER_BATCH * (one + 2) <= limits.OPS_BODY_BYTES
    answers = api.push([big])
    assert answers[0]["status"] == "applied", answers
    over = _annotation(doc, strokes=strokes, text=big["payload"]["text"] + "xyz")
    assert api.push([over])[0]["reason"] == "invalid_payload"


# -- op field caps --------------------------------------------------------------


def test_every_op_field_is_capped_and_one_bad_op_does_not_stop_the_batch(
    server: Server, world: dict[str, Any], api_factory: Any
) -> None:
    api = api_factory().enroll(world["member"])
    m = world["manifest"]
    doc = next(d for d in m.documents if not d.closed)  # 2 pages
    item = m.items[0].id
    point = [1.0, 2.0, 0.5]
    parent = _comment(item)
    elsewhere = _comment(m.items[1].id)
    long_id = "p" * (limits.MAX_ID_CHARS + 1)
    bad = {
        "parent_id over 100 chars": _comment(item, parent_id=long_id),
        "parent_id unknown": _comment(item, parent_id=str(uuid.uuid4())),
        "parent on another target": _comment(item, parent_id=elsewhere["payload"]["comment_id"]),
        "NUL in a comment": _comment(item, body="a\x00b"),
        "too many rects": _annotation(doc, rects=[[1, 2, 3, 4]] * (limits.MAX_RECTS + 1)),
        "a rect of five": _annotation(doc, rects=[[1, 2, 3, 4, 5]]),
        "a rect of text": _annotation(doc, rects=[["1", 2, 3, 4]]),
        "too many strokes": _annotation(doc, strokes=[[point]] * (limits.MAX_STROKES + 1)),
        "a stroke too long": _annotation(
            doc, strokes=[[point] * (limits.MAX_POINTS_PER_STROKE + 1)]
        ),
        "too many points": _annotation(
            doc,
            strokes=[[[1, 2]] * limits.MAX_POINTS_PER_STROKE]
            * (limits.MAX_POINTS // limits.MAX_POINTS_PER_STROKE + 1),
        ),
        "points nested deeper": _annotation(doc, strokes=[[[point]]]),
        "a point of four": _annotation(doc, strokes=[[[1, 2, 3, 4]]]),
        "page past the end": _annotation(doc, page=2),
        "an unknown version": _annotation(doc, document_version=doc.version + 1),
        "a version past 32 bits": _annotation(doc, document_version=2**31),
        "a receipt version of 27 digits": _op(
            "read.receipt", {"document_id": doc.id, "document_version": 10**27}
        ),
        "a page of 27 digits": _annotation(doc, page=10**27),
        "payload too large": _annotation(
            doc, kind="highlight", quote=dict.fromkeys(("exact", "prefix", "suffix"), "q" * 99_000)
        ),
    }
    good = [
        parent,
        elsewhere,
        _comment(item, parent_id=parent["payload"]["comment_id"]),
        _annotation(doc, page=1, strokes=[[point] * 100]),
        _annotation(doc, kind="highlight", rects=[[1, 2.5, 3, 4]]),
    ]
    answers = api.push([*good[:2], *bad.values(), *good[2:]])
    got = {name: (a["status"], a["reason"]) for name, a in zip(bad, answers[2:-3], strict=True)}
    hidden = {"parent_id unknown", "parent on another target"}
    assert got == {
        name: ("rejected", "unknown_target" if name in hidden else "invalid_payload")
        for name in bad
    }
    assert [a["status"] for a in answers[:2] + answers[-3:]] == ["applied"] * 5


def test_a_huge_parent_id_or_stroke_alone_is_refused_and_reaches_no_feed(
    server: Server, tmp_path: Path, api_factory: Any
) -> None:
    """The two costs the probe measured, each in a batch of its own so nothing else in
    the batch decides the answer: a long ``parent_id`` (20 MB of it went into every
    member's feed) and a stroke of far too many points (1M of them held SQLite's write
    lock for 15.6 s)."""
    writer, reader = server.user(), server.user()
    committee = server.committee([writer, reader])
    folder = write_meeting(tmp_path / "m", committee, [{"number": "1", "docs": {"a.pdf": "a"}}])
    published = publish_folder(server.ctx, folder)
    api = api_factory().enroll(writer)
    r = api.get(f"/v1/meetings/{published.meeting_id}/manifest")
    m = p.verify_manifest(p.SignedManifest.from_json(r.json()), api.enrollment["server_public_key"])
    huge_parent = "p" * (1024 * 1024)
    stroke = [[round(1 + i / 1000, 3), 2.0, 0.5] for i in range(20 * limits.MAX_POINTS)]
    for op in (
        _comment(m.items[0].id, parent_id=huge_parent),
        _annotation(m.documents[0], strokes=[stroke]),
    ):
        answer = api.push([op])[0]
        assert (answer["status"], answer["reason"]) == ("rejected", "invalid_payload")
    entries = api_factory().enroll(reader).feed_all()
    assert entries  # the meeting itself
    assert max(len(json.dumps(e)) for e in entries) < 64 * 1024


# -- no 500s ------------------------------------------------------------------


def _assert_refused(r: Any) -> None:
    """Refused as malformed: 400 from the server's own checks, 422 where the request
    schema already caught it (a lone surrogate in a typed string field)."""
    assert r.status_code in (400, 422), r.text
    assert r.json()["code"] == "bad_request"


def _cursor(text: str, prefix: str = "f2.") -> str:
    return prefix + base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def test_hostile_text_and_numbers_get_400_never_500(
    server: Server, world: dict[str, Any], api_factory: Any
) -> None:
    api = api_factory().enroll(world["member"])
    epoch = api.get("/v1/feed").json()["epoch"]
    # The measured 500: a 27-digit sequence number in a cursor of the format before epochs
    # (f1.), still read today (OverflowError on SQLite, bigint out of range on PostgreSQL);
    # 19 digits is the first length past a signed 64-bit column.
    cursors = (
        _cursor("9" * 27, prefix="f1."),
        _cursor("9" * 19, prefix="f1."),
        _cursor(f"{epoch}:" + "9" * 27),
        _cursor(f"{epoch}:" + "9" * 19),
        "f1." + "9" * 27,
        _cursor(f"{epoch}:1\x00"),
    )
    for cursor in cursors:
        r = api.get("/v1/feed", params={"cursor": cursor})
        assert r.status_code == 400, (cursor, r.text)
    bad_text = ("nul\x00", "\ud800lone")  # NUL; a lone surrogate (sent \u-escaped)
    for text in bad_text:
        for body in (
            {"device_name": text, "username": world["member"], "password": PASSWORD},
            {"device_name": "d", "username": text, "password": PASSWORD},
            {"device_name": "d", "username": world["member"], "password": text},
            {"device_name": "d", "code": text},
        ):
            r = api.http.post(
                "/v1/enroll", content=json.dumps(body), headers={"content-type": "application/json"}
            )
            _assert_refused(r)
        op = _comment(world["manifest"].items[0].id)
        op["id"] = f"op-{text}"
        r = api.http.post(
            "/v1/ops",
            content=json.dumps({"ops": [op]}),
            headers={**api.headers, "content-type": "application/json"},
        )
        _assert_refused(r)
        for path, body in (
            ("/v1/token/refresh", {"refresh_token": text}),
            ("/v1/device/challenge", {"device_id": text}),
            ("/v1/device/reauth", {"device_id": text, "challenge": "c", "signature": "s"}),
        ):
            r = api.http.post(
                path,
                content=json.dumps(body),
                headers={**api.headers, "content-type": "application/json"},
            )
            _assert_refused(r)
    # a valid time that leaves the calendar in UTC (was an OverflowError)
    op = _comment(world["manifest"].items[0].id) | {"created_at": "0001-01-01T00:00:00+01:00"}
    assert api.post("/v1/ops", {"ops": [op]}).status_code == 400
    long_name = {"device_name": "d", "username": "u" * 10_000, "password": PASSWORD}
    r = api.http.post("/v1/enroll", json=long_name)  # longer than any column: never stored
    assert (r.status_code, r.json()["code"]) == (401, "invalid_credentials")
    deep = api.http.post(  # nested past the JSON parser's recursion limit
        "/v1/enroll", content=b"[" * 10_000, headers={"content-type": "application/json"}
    )
    _assert_refused(deep)
    r = api.get("/v1/meetings/m%00x/manifest")
    assert r.status_code == 400, r.text
    r = api.get("/v1/meetings/%ED%A0%80/manifest")  # the UTF-8 bytes of a surrogate
    assert r.status_code in (400, 404), r.text
    r = api.get("/v1/health", headers={p.PROTOCOL_HEADER: b"\xb2"})  # a "digit" int() refuses
    assert r.status_code == 400, r.text


# -- hidden == missing --------------------------------------------------------


def test_ops_on_hidden_targets_answer_exactly_like_missing_ones(
    server: Server, world: dict[str, Any], api_factory: Any
) -> None:
    member = api_factory().enroll(world["member"])
    outsider = api_factory().enroll(world["outsider"])
    m = world["manifest"]
    closed_item = m.items[1]
    closed_doc = next(d for d in m.documents if d.closed)
    open_doc = next(d for d in m.documents if not d.closed)
    assert closed_item.case_id
    private = _annotation(closed_doc, kind="note", text="mine")
    shared = _annotation(closed_doc, kind="note", text="ours", visibility="committee")
    assert [a["status"] for a in member.push([private, shared])] == ["applied", "applied"]
    private_id = private["payload"]["annotation_id"]
    shared_id = shared["payload"]["annotation_id"]
    decide = {"approval_id": "a1", "case_version": 1, "decision": "approve", "remark": ""}
    hidden = [
        _comment(closed_item.id),
        _comment(closed_item.case_id, "case"),
        _comment(private_id, "annotation"),
        _comment(shared_id, "annotation"),  # shared, but on a document the outsider cannot see
        _op("approval.decide", decide | {"case_id": closed_item.case_id}),
        _op("read.receipt", {"document_id": closed_doc.id, "document_version": 1}),
        _annotation(closed_doc),
        _op("annotation.delete", {"annotation_id": private_id}),
        _op("annotation.delete", {"annotation_id": shared_id}),
        _annotation(open_doc, annotation_id=private_id),  # someone else's id, on a page she sees
    ]
    missing = [
        _comment(str(uuid.uuid4())),
        _comment(str(uuid.uuid4()), "case"),
        _comment(str(uuid.uuid4()), "annotation"),
        _comment(str(uuid.uuid4()), "annotation"),
        _op("approval.decide", decide | {"case_id": str(uuid.uuid4())}),
        _op("read.receipt", {"document_id": str(uuid.uuid4()), "document_version": 1}),
        _annotation(closed_doc, document_id=str(uuid.uuid4())),
        _op("annotation.delete", {"annotation_id": str(uuid.uuid4())}),
        _op("annotation.delete", {"annotation_id": str(uuid.uuid4())}),
        _annotation(open_doc, document_id=str(uuid.uuid4())),
    ]

    def shape(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in a.items() if k != "op_id"} for a in answers]

    told_hidden = shape(outsider.push(hidden))
    assert told_hidden == shape(outsider.push(missing))
    assert {(a["status"], a["reason"]) for a in told_hidden} == {("rejected", "unknown_target")}


# -- files --------------------------------------------------------------------


def _cli(data: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(_BIN / "folio-server"), "--data-dir", str(data), *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _seed_and_close(ctx: ServerContext, tmp_path: Path) -> None:
    """A server with a member and a published meeting (blobs), its context closed."""
    try:
        admin.init(ctx, "admin", ADMIN_PASSWORD)
        admin.add_user(ctx, "anna", PASSWORD)
        admin.add_committee(ctx, "Board")
        admin.add_member(ctx, "Board", "anna")
        pack = [{"number": "1", "docs": {"a.pdf": "x"}}]
        publish_folder(ctx, write_meeting(tmp_path / "pack", "Board", pack))
    finally:
        ctx.close()


def test_server_files_are_private_and_serve_refuses_a_readable_data_dir(tmp_path: Path) -> None:
    """Private whatever the umask: init and publish (here in this process, under a
    login shell's umask) and ``serve`` (the SQLite -wal and -shm, the journal entry
    of a wiped device)."""
    old_umask = os.umask(0o022)  # a typical login shell: new files 0644, folders 0755
    try:
        data = tmp_path / "srv"
        ctx = ServerContext.open(data)
        _seed_and_close(ctx, tmp_path)
        proc = subprocess.Popen(
            [str(_BIN / "folio-server"), "--data-dir", str(data), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().strip().removeprefix("listening on ")
            api = Api(url).enroll("anna")
            # the server journals the wipe (a security event) before it commits
            assert api.post("/v1/device/wiped", {"device_id": api.device_id}).status_code == 204
            api.close()
            names = {f.name for f in data.iterdir()}
            assert {"folio-server.db", "folio-server.db-wal", "folio-server.db-shm"} <= names
            modes = {
                str(f.relative_to(data)): stat.S_IMODE(f.stat().st_mode)
                for f in [data, *data.rglob("*")]
            }
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        assert any(name.startswith("blobs/") for name in modes)
        assert len(modes) > 8, modes
        assert {n: m for n, m in modes.items() if m & 0o077} == {}
        os.chmod(data, 0o755)
        refused = _cli(data, "serve", "--port", "0")
        assert refused.returncode == 2
        assert refused.stderr.strip().splitlines() == [
            f"folio-server: {data} can be read by other users (mode 0755): "
            f"run 'chmod 700 {data}' and start again"
        ]
        # a database file from an older version, in a private folder: refused too
        # (the check serve runs, called directly to spare one more process)
        os.chmod(data, 0o700)
        os.chmod(data / "folio-server.db", 0o644)
        with pytest.raises(FolioError, match="chmod 600"):
            refuse_readable_by_others(data, default_db_url(data))
    finally:
        os.umask(old_umask)


@pytest.mark.postgres
def test_on_postgres_the_data_dir_is_private_too(tmp_path: Path, pg_cluster: PgCluster) -> None:
    """The database's files are PostgreSQL's to guard; the keys, blobs and security
    journal in the data dir are the server's: private whatever the umask, and ``serve``
    refuses a data dir others can read."""
    db_url = pg_cluster.create_database()
    old_umask = os.umask(0o022)
    try:
        data = tmp_path / "srv"
        ctx = ServerContext.open(data, db_url)
        _seed_and_close(ctx, tmp_path)
        serve = [str(_BIN / "folio-server"), "--data-dir", str(data), "--db", db_url, "serve"]
        proc = subprocess.Popen(
            [*serve, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().strip().removeprefix("listening on ")
            api = Api(url).enroll("anna")
            assert api.post("/v1/device/wiped", {"device_id": api.device_id}).status_code == 204
            api.close()
            modes = {
                str(f.relative_to(data)): stat.S_IMODE(f.stat().st_mode)
                for f in [data, *data.rglob("*")]
            }
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        assert any(name.startswith("blobs/") for name in modes)
        assert not any(name.startswith("folio-server.db") for name in modes)
        assert {n: m for n, m in modes.items() if m & 0o077} == {}
        os.chmod(data, 0o755)
        refused = _cli(data, "--db", db_url, "serve", "--port", "0")
        assert refused.returncode == 2
        assert f"{data} can be read by other users (mode 0755)" in refused.stderr
    finally:
        os.umask(old_umask)
