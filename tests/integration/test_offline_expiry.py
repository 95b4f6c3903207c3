"""Offline expiry hides closed material everywhere the facade shows it (issue 11, hole 5).

A member's device syncs, the reader comments, annotates and decides on a closed
item; then the device is opened in a child process whose clock libfaketime moves
past ``offline_grace_days``. Search, the agenda's proposals, the case's
description, comments, notes, decisions, the meeting sheet and the document bytes
must hold nothing of the closed item, while open material stays. The same probe
run on the real clock is the negative control: it must find the closed text.
"""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test tree has no
# packages) and so shadow their names.

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest_sync import (  # noqa: F401 (fixtures)
    PIN,
    DeviceFactory,
    SyncServer,
    devices,
    pdf_bytes,
    sync_server,
    write_meeting,
)

from sync import model

SECRET = "quagmirezeta"
OPEN = "openmeadow"

# Reads everything the facade shows of one meeting and prints it as JSON.
PROBE = """
import json, sys
from sync.api import Api
from sync.errors import FolioError

data_dir, pin, meeting_id, word, open_word = sys.argv[1:6]
api = Api.open(data_dir)
api.unlock(pin)
meeting = api.get_meeting(meeting_id)
out = {"items": [repr(i) for i in meeting.items], "search": [], "bytes": {}}
out["search"] = [repr(h) for h in api.search(word)] + [repr(h) for h in api.search(open_word)]
out["cases"] = [repr(c) for c in api.list_cases()]
out["approvals"] = [repr(a) for a in api.list_approvals()]
out["comments"] = [repr(c) for i in meeting.items for c in api.list_comments("item", i.id)]
out["comments"] += [repr(c) for c in api.list_cases() for c in api.list_comments("case", c.id)]
docs = [d for i in meeting.items for d in i.documents]
out["annotations"] = [repr(a) for d in docs for a in api.list_annotations(d.id)]
out["sheet"] = [repr(s) for s in api.meeting_sheet(meeting_id)]
for d in docs:
    try:
        out["bytes"][d.id] = len(api.document_bytes(d.id))
    except FolioError as exc:
        out["bytes"][d.id] = exc.kind.value
api.lock()
print(json.dumps(out))
"""


def _libfaketime() -> str:
    hits = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))
    if not hits:
        pytest.skip("libfaketime is not installed (./dev setup installs Debian's faketime)")
    return hits[0]


def _probe(data_dir: Path, meeting_id: str, *, days_later: int) -> dict[str, object]:
    env = {**os.environ, "FOLIO_FAST_KDF_FOR_TESTS": "1"}
    if days_later:
        env |= {"LD_PRELOAD": _libfaketime(), "FAKETIME": f"+{days_later}d"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir), PIN, meeting_id, SECRET, OPEN],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_past_the_grace_closed_material_is_hidden_everywhere(
    sync_server: SyncServer, devices: DeviceFactory, tmp_path: Path
) -> None:
    reader = sync_server.user()
    committee = sync_server.committee([reader])
    write_meeting(
        tmp_path / "pack",
        committee,
        [
            {"number": "1", "proposal": f"{OPEN} plan", "docs": {"a.pdf": f"{OPEN} page"}},
            {
                "number": "2",
                "closed": True,
                "needs_decision": True,
                "proposal": f"sell the {SECRET} site",
                "docs": {"c.pdf": pdf_bytes(f"closed {SECRET} valuation")},
            },
        ],
    )
    meeting_id = str(sync_server.publish(tmp_path / "pack").meeting_id)
    (dev,) = devices(1, user=reader)
    assert dev.sync().ok
    meeting = dev.api.get_meeting(meeting_id)
    open_item, closed_item = meeting.items
    (case,) = dev.api.list_cases()
    dev.api.add_comment("item", closed_item.id, f"{SECRET} comment")
    dev.api.add_comment("case", case.id, f"{SECRET} case comment")
    dev.api.add_comment("item", open_item.id, f"{OPEN} comment")
    dev.api.add_annotation(
        closed_item.documents[0].id, 0, model.AnnotationKind.NOTE, text=f"{SECRET} note"
    )
    dev.api.decide(case.id, model.Decision.APPROVE, f"{SECRET} remark")
    assert dev.sync().ok
    dev.close()

    now = _probe(dev.data_dir, meeting_id, days_later=0)
    for part in ("items", "search", "cases", "approvals", "comments", "annotations", "sheet"):
        assert SECRET in json.dumps(now[part]), part  # the probe sees closed text today
    assert set(now["bytes"].values()) != {"expired"}  # type: ignore[attr-defined]

    later = _probe(dev.data_dir, meeting_id, days_later=30)  # grace: 14 days
    assert SECRET not in json.dumps(later)
    assert OPEN in json.dumps(later["search"])  # open material stays
    assert OPEN in json.dumps(later["comments"])
    closed_doc, open_doc = closed_item.documents[0].id, open_item.documents[0].id
    assert later["bytes"] == {open_doc: now["bytes"][open_doc], closed_doc: "expired"}  # type: ignore[index]
