"""Publishing: bad inputs refused by name with nothing stored; re-publish versions documents."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from sqlalchemy import func, select

from server import admin
from server import cli as server_cli
from server.context import ServerContext
from server.models import Document, DocumentVersion, Meeting
from server.publish import publish_folder
from sync import protocol as p
from sync.errors import ErrorKind, FolioError
from tests.helpers.packs import pdf_bytes, write_meeting
from tests.helpers.server import ADMIN_PASSWORD, Api, CliResult, Server

GOOD = pdf_bytes("good document", pages=2)


def _encrypted() -> bytes:
    doc = pymupdf.open(stream=pdf_bytes("secret"), filetype="pdf")
    data: bytes = doc.tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user"
    )
    return data


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)

BAD_INPUTS = {
    "empty.pdf": (b"", "the file is empty"),
    "garbage.pdf": (b"this is not a pdf at all\n" * 20, "not a PDF file"),
    "truncated.pdf": (GOOD[: len(GOOD) // 2], "page 2 cannot be read (damaged or truncated PDF)"),
    "locked.pdf": (_encrypted(), "password-protected"),
    "picture.pdf": (PNG, "a PNG image, not a PDF"),
}


def _counts(server: Server) -> tuple[int, int, int, int]:
    with server.ctx.sessions() as s:
        blobs = sum(1 for f in (server.data_dir / "blobs").rglob("*") if f.is_file())
        return (
            s.scalar(select(func.count()).select_from(Meeting)) or 0,
            s.scalar(select(func.count()).select_from(Document)) or 0,
            s.scalar(select(func.count()).select_from(DocumentVersion)) or 0,
            blobs,
        )


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_pdf_is_refused_by_name_and_nothing_is_stored(
    server: Server, tmp_path: Path, name: str
) -> None:
    data, reason = BAD_INPUTS[name]
    committee = server.committee()
    folder = write_meeting(
        tmp_path / "m",
        committee,
        [
            {"number": "1", "docs": {"fine-first.pdf": pdf_bytes(f"new {name}")}},
            {"number": "2", "docs": {name: data}},
        ],
    )
    before = _counts(server)
    with pytest.raises(FolioError) as info:
        publish_folder(server.ctx, folder)
    assert info.value.kind is ErrorKind.BAD_INPUT
    assert info.value.detail == f"{name}: {reason}"
    assert _counts(server) == before


def test_cli_refuses_a_bad_pdf_in_one_line(server: Server, tmp_path: Path) -> None:
    folder = write_meeting(
        tmp_path / "m", server.committee(), [{"number": "1", "docs": {"x.pdf": b"nope"}}]
    )
    before = _counts(server)
    r = server.cli("publish", str(folder))
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr == "folio-server: x.pdf: not a PDF file\n"
    assert _counts(server) == before


def test_republish_with_one_changed_document_makes_exactly_one_new_version(
    server: Server, tmp_path: Path
) -> None:
    member = server.user()
    committee = server.committee([member])
    items: list[dict[str, Any]] = [
        {"number": "1", "docs": {"a.pdf": pdf_bytes("a"), "b.pdf": pdf_bytes("b")}},
        {"number": "2", "docs": {"c.pdf": pdf_bytes("c")}},
    ]
    folder = write_meeting(tmp_path / "m", committee, items, key="stable-key")
    r1 = server.cli("publish", str(folder))
    assert r1.returncode == 0, r1.stderr
    api = Api(server.url).enroll(member)
    meeting_id = r1.stdout.split()[2]
    key = api.enrollment["server_public_key"]

    def manifest() -> p.Manifest:
        raw = api.get(f"/v1/meetings/{meeting_id}/manifest").json()
        return p.verify_manifest(p.SignedManifest.from_json(raw), key)

    m1 = manifest()
    (folder / "b.pdf").write_bytes(pdf_bytes("b, second version"))
    before = _counts(server)
    r2 = server.cli("publish", str(folder))
    assert r2.returncode == 0, r2.stderr
    assert "version 2" in r2.stdout
    assert "1 new versions" in r2.stdout
    after = _counts(server)
    assert after[0] == before[0]  # same meeting
    assert after[1] == before[1]  # same documents
    assert after[2] == before[2] + 1  # exactly one new version
    m2 = manifest()
    assert m2.version == m1.version + 1
    old = {d.filename: d for d in m1.documents}
    new = {d.filename: d for d in m2.documents}
    assert {k: (v.id, v.sha256, v.version) for k, v in new.items() if k != "b.pdf"} == {
        k: (v.id, v.sha256, v.version) for k, v in old.items() if k != "b.pdf"
    }
    assert new["b.pdf"].id == old["b.pdf"].id
    assert new["b.pdf"].version == 2
    assert new["b.pdf"].sha256 != old["b.pdf"].sha256
    # removing a document withdraws it
    desc = json.loads((folder / "meeting.json").read_text())
    desc["items"][1]["documents"] = []
    (folder / "meeting.json").write_text(json.dumps(desc))
    r3 = server.cli("publish", str(folder))
    assert "1 withdrawn" in r3.stdout
    m3 = manifest()
    assert "c.pdf" not in {d.filename for d in m3.documents}
    assert old["c.pdf"].id in m3.withdrawn_documents
    api.close()


@pytest.fixture(scope="module")
def cli_only(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An initialised SQLite data dir and the CLI without a running server, in-process
    (``server.cli.main``); test_cli_process_smoke runs the real executable."""

    data = tmp_path_factory.mktemp("cli")
    ctx = ServerContext.open(data)
    admin.init(ctx, "admin", ADMIN_PASSWORD)
    ctx.close()

    def run(*args: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = server_cli.main(["--data-dir", str(data), *args])
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


def test_cli_errors_are_one_line(cli_only: Any, tmp_path: Path) -> None:
    cases = [
        (["publish", str(tmp_path / "missing")], "not a folder"),
        (["member", "add", "no-such-committee", "admin"], "no committee named"),
        (["device", "revoke", "nope"], "no device with id"),
        (["committee", "add", ""], "committee name is empty"),
        (["case", "add", "Title"], "at least one assignee"),
        (["case", "add", "T", "--assignee", "admin", "--deadline", "tomorrow"], "ISO 8601"),
    ]
    for args, text in cases:
        r = cli_only(*args)
        assert r.returncode != 0, args
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1, r.stderr
        assert text in lines[0]


def test_cli_process_smoke(tmp_path: Path) -> None:
    """``folio-server`` as a real process: the entry point, --help, and a one-line error
    with a non-zero exit (every other CLI test here runs ``main`` in-process). ``serve``
    only ever runs as a process: it sets process-wide metrics state."""
    exe = str(Path(sys.executable).parent / "folio-server")
    helped = subprocess.run([exe, "--help"], capture_output=True, text=True, check=False)
    assert helped.returncode == 0
    assert "folio-server" in helped.stdout
    r = subprocess.run(
        [exe, "--data-dir", str(tmp_path / "empty"), "serve"],  # no init: no signing key
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert r.returncode != 0
    assert len(r.stderr.strip().splitlines()) == 1


def test_cli_user_case_audit_and_devices(server: Server) -> None:
    name = server.unique("cli-user")
    r = server.cli("user", "add", name, stdin="a-password-9\n")
    assert r.returncode == 0, r.stderr
    case = server.cli(
        "case", "add", "Buy chairs", "--assignee", name, "--deadline", "2031-01-01T12:00:00+01:00"
    )
    assert case.returncode == 0, case.stderr
    api = Api(server.url).enroll(name, "a-password-9")
    cases = [e["data"] for e in api.feed_all() if e["kind"] == "case.put"]
    assert [c["title"] for c in cases] == ["Buy chairs"]
    listed = server.cli("device", "list", "--user", name)
    assert api.device_id in listed.stdout
    code = server.cli("enrollment-code", "create", name)
    assert code.returncode == 0
    audit = server.cli("audit")
    assert "device.enroll" in audit.stdout
    assert "case.add" in audit.stdout
    assert ADMIN_PASSWORD not in audit.stdout
    api.close()


def test_withdrawn_meeting_disappears_and_refuses_ops(server: Server, tmp_path: Path) -> None:
    member = server.user()
    committee = server.committee([member])
    body = pdf_bytes("to be withdrawn")
    folder = write_meeting(
        tmp_path / "m",
        committee,
        [{"number": "1", "needs_decision": True, "docs": {"w.pdf": body}}],
    )
    result = publish_folder(server.ctx, folder)
    api = Api(server.url).enroll(member)
    raw = api.get(f"/v1/meetings/{result.meeting_id}/manifest").json()
    m = p.verify_manifest(p.SignedManifest.from_json(raw), api.enrollment["server_public_key"])
    cursor = api.get("/v1/feed", params={"limit": 500}).json()["cursor"]
    admin.withdraw_meeting(server.ctx, result.meeting_id)
    later = api.get("/v1/feed", params={"cursor": cursor}).json()["entries"]
    assert {"kind": "meeting.withdraw", "data": {"meeting_id": result.meeting_id}} in later
    assert [e["data"]["status"] for e in later if e["kind"] == "case.put"] == ["withdrawn"]
    assert api.get(f"/v1/meetings/{result.meeting_id}/manifest").status_code == 404
    assert api.get(f"/v1/documents/{m.documents[0].sha256}").status_code == 404
    item, case_id = m.items[0].id, m.items[0].case_id
    answers = api.push(
        [
            {
                "id": server.unique("op"),
                "kind": "comment.add",
                "payload": {
                    "comment_id": server.unique("c"),
                    "target_kind": "item",
                    "target_id": item,
                    "body": "late",
                    "parent_id": None,
                },
            },
            {
                "id": server.unique("op"),
                "kind": "approval.decide",
                "payload": {
                    "approval_id": server.unique("a"),
                    "case_id": case_id,
                    "case_version": 2,
                    "decision": "approve",
                    "remark": "",
                },
            },
        ]
    )
    assert [a["reason"] for a in answers] == ["meeting_closed", "case_withdrawn"]
    listed = server.cli("meeting", "list")
    assert f"{result.meeting_id}" in listed.stdout
    assert "withdrawn" in listed.stdout
    api.close()
