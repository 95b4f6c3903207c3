"""Every network fault from issue 4, injected by a proxy between the client and the real server.

For each: nothing unverified is installed, the state says what went wrong in
words, and the next round after the fault stops completes.
"""

# ruff: noqa: PT018, PLC0415, E501 - fixtures are imported from conftest_sync (the test
# tree has no packages) and so shadow their names; compound asserts read as one fact here.

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from conftest_sync import Device, DeviceFactory, SyncServer, pdf_bytes, write_meeting
from proxy import Fault, FaultProxy, bad_signature, flip_byte, resign

from server.security import load_signing_key
from sync import model
from sync.errors import ErrorKind
from sync.vault import BlobRef


def big_pdf(mib: float = 2.3) -> bytes:
    """A real PDF of several 1 MiB pieces (an incompressible attachment inside)."""
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "large document")
    doc.embfile_add("data.bin", os.urandom(int(mib * 1024 * 1024)))
    data = bytes(doc.tobytes())
    doc.close()
    return data


def publish(server: SyncServer, tmp: Path, reader: str, key: str | None = None) -> str:
    committee = server.committee([reader])
    write_meeting(
        tmp,
        committee,
        [
            {"number": "1", "docs": {"big.pdf": big_pdf()}},
            {"number": "2", "docs": {"small.pdf": pdf_bytes("small one")}},
        ],
        key=key,
    )
    return str(server.publish(tmp).meeting_id)


def assert_nothing_unverified(dev: Device) -> None:
    vault = dev.api.vault
    rows = vault.db.query(
        "SELECT document_id, version, sha256, state, blob_id, blob_key_wrapped FROM document_versions"
    )
    linked = set()
    for doc_id, version, sha, state, blob_id, key in rows:
        if state == "verified":
            data = vault.blobs.read(BlobRef(blob_id, int(version), bytes(key)))
            assert hashlib.sha256(data).hexdigest() == sha
            linked.add(blob_id)
        else:
            assert blob_id is None
            with pytest.raises(Exception):
                dev.api.document_bytes(doc_id)
    assert set(vault.blobs.blob_ids()) <= linked


def in_words(text: str | None) -> bool:
    return bool(text) and len(str(text).split()) >= 3


def future(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat().replace("+00:00", "Z")


FAULTS: dict[str, dict[str, Any]] = {
    "drop_mid_body": {"path": r"^/v1/documents/", "kind": "drop"},
    "drop_ops_answer": {"path": r"^/v1/ops", "kind": "drop"},
    "stall_past_timeout": {"path": r"^/v1/feed", "kind": "stall", "stall_seconds": 10},
    "status_500": {"path": r"^/v1/feed", "kind": "status", "status": 500},
    "status_502": {"path": r"^/v1/ops", "kind": "status", "status": 502},
    "status_503_retry_after": {
        "path": r"/manifest$",
        "kind": "status",
        "status": 503,
        "retry_after": "1",
    },
    "status_429_retry_after": {
        "path": r"^/v1/feed",
        "kind": "status",
        "status": 429,
        "retry_after": "30",
    },
    "truncated_json": {"path": r"^/v1/feed", "kind": "truncate"},
    "lying_content_length": {"path": r"^/v1/feed", "kind": "lie_length"},
    "flipped_bytes": {"path": r"^/v1/documents/", "kind": "mutate", "mutate": flip_byte(1500)},
    "bad_manifest_signature": {"path": r"/manifest$", "kind": "mutate", "mutate": bad_signature},
    "hash_mismatch": {
        "path": r"^/v1/documents/",
        "kind": "mutate",
        "mutate": lambda d: bytes(reversed(d)),
    },
    "trickle": {"path": r"^/v1/documents/", "kind": "trickle", "trickle_interval": 0.02},
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_installs_nothing_unverified_and_next_round_completes(
    name: str,
    sync_server: SyncServer,
    devices: DeviceFactory,
    proxy: FaultProxy,
    tmp_path: Path,
) -> None:
    reader = sync_server.user()
    meeting_id = publish(sync_server, tmp_path / "pack", reader)
    (dev,) = devices(1, user=reader, via=proxy.url)
    if name.endswith("ops_answer") or name == "status_502":
        assert dev.sync().ok
        item = dev.api.get_meeting(meeting_id).items[0]
        dev.api.add_comment("item", item.id, "a comment while the network misbehaves")
    proxy.add(Fault(**FAULTS[name]))
    result = dev.sync()
    assert not result.ok, name
    assert result.error is not None
    if name == "status_429_retry_after":
        assert result.error.kind is ErrorKind.RETRY_AFTER and result.error.retry_after == 30
    assert_nothing_unverified(dev)
    assert in_words(dev.api.sync_status().last_error)
    proxy.clear()
    again = dev.sync()
    assert again.ok, again.error
    docs = dev.api.list_documents(meeting_id)
    assert {d.state for d in docs} == {model.DocumentState.VERIFIED}
    assert_nothing_unverified(dev)
    assert dev.api.sync_status().ops_waiting == 0
    assert all(n == 1 for n in sync_server.op_counts().values())


def test_one_drop_resumes_from_the_last_verified_piece(
    sync_server: SyncServer, devices: DeviceFactory, proxy: FaultProxy, tmp_path: Path
) -> None:
    reader = sync_server.user()
    publish(sync_server, tmp_path / "pack", reader)
    (dev,) = devices(1, user=reader, via=proxy.url)
    proxy.add(Fault(path=r"^/v1/documents/", kind="drop", times=1))
    result = dev.sync()
    assert result.ok, result.error
    assert_nothing_unverified(dev)


def test_quarantined_document_says_why(
    sync_server: SyncServer, devices: DeviceFactory, proxy: FaultProxy, tmp_path: Path
) -> None:
    reader = sync_server.user()
    meeting_id = publish(sync_server, tmp_path / "pack", reader)
    (dev,) = devices(1, user=reader, via=proxy.url)
    proxy.add(Fault(path=r"^/v1/documents/", kind="mutate", mutate=flip_byte(10)))
    assert not dev.sync().ok
    errors = dev.api.vault.db.query("SELECT state, error FROM document_versions")
    assert all(state == "failed" and "quarantined" in error for state, error in errors)
    assert dev.api.get_meeting(meeting_id).pack_state is model.PackState.FAILED


def test_replayed_older_manifest_and_expired_manifest_install_nothing(
    sync_server: SyncServer, devices: DeviceFactory, proxy: FaultProxy, tmp_path: Path
) -> None:
    reader = sync_server.user()
    meeting_id = publish(sync_server, tmp_path / "pack", reader, key="replay-meeting")
    (dev,) = devices(1, user=reader, via=proxy.url)
    assert dev.sync().ok
    old = dev.engine.client.manifest(meeting_id)  # version 1, signed, still valid
    # a new version of a document: version 2 of the manifest
    (tmp_path / "pack" / "small.pdf").write_bytes(pdf_bytes("small one, revised"))
    sync_server.publish(tmp_path / "pack")
    import json

    replay = json.dumps(old.to_json()).encode()
    proxy.add(Fault(path=f"{meeting_id}/manifest$", kind="mutate", mutate=lambda _d: replay))
    result = dev.sync()
    assert not result.ok and result.error is not None
    assert "replayed" in (dev.api.sync_status().last_error or "")
    assert_nothing_unverified(dev)
    proxy.clear()

    key = load_signing_key(sync_server.data_dir)

    def expire(m: dict[str, Any]) -> None:
        m["expires_at"] = "2020-01-01T00:00:00Z"

    proxy.add(Fault(path=f"{meeting_id}/manifest$", kind="mutate", mutate=resign(key, expire)))
    (tmp_path / "pack" / "small.pdf").write_bytes(pdf_bytes("small one, revised twice"))
    sync_server.publish(tmp_path / "pack")
    result = dev.sync()
    assert not result.ok and result.error is not None
    assert result.error.kind in (ErrorKind.EXPIRED, ErrorKind.TAMPERED)
    assert "expired" in (dev.api.sync_status().last_error or "")
    assert_nothing_unverified(dev)
    proxy.clear()
    assert dev.sync().ok
    assert {d.state for d in dev.api.list_documents()} == {model.DocumentState.VERIFIED}
