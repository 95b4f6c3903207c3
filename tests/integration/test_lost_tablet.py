"""A lost tablet, end to end, as docs/admin.md ("A lost or stolen tablet") tells IT to do it.

The real server on loopback and two real device vaults of one reader:

1. Tablet 1 has her private note, a note shared with the committee and her decision
   on a case, all synced (confirmed by the server).
2. IT revokes it with a wipe order (``folio-server device revoke ID --wipe``): the
   device list says "wipe pending".
3. The thief (or the tablet, found again) starts ``folio sync``: the server answers
   with the wipe order, the tablet destroys its vault (keys first) and every trace
   beside it; its data folder is gone and no marker text is left anywhere under the
   folder that held it. The server lists it as wiped, acknowledged.
4. The reader enrolls tablet 2 with the organisation token in her fleet's package
   and her own password (``folio enroll --org-token``), syncs, and has her notes and
   her decision back from the server; the decision stays decided there.

The positive control: before the wipe, the same markers are read back out of tablet
1's vault (decrypted with its PIN), so "no marker left" means the wipe removed them,
not that the scanner could not see them.
"""

# ruff: noqa: F811 - fixtures are imported from conftest_sync (the test tree has no
# packages) and so shadow their names.

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest_sync import (  # noqa: F401 (fixtures)
    PASSWORD,
    PIN,
    DeviceFactory,
    SyncServer,
    devices,
    pdf_bytes,
    sync_server,
    write_meeting,
)

from server import cli as server_cli
from sync import model
from sync.api import Api, only_id
from sync.device.enrollment import read_device_file
from sync.errors import ErrorKind, FolioError
from sync.vault import KdfParams
from tests.helpers.vault_reader import find_words

FOLIO = Path(sys.executable).parent / "folio"
EXIT_ERROR = 1  # `folio sync` on a device the server wiped

NOTE_PRIVATE = "lostmarker-private-thought"
NOTE_SHARED = "lostmarker-shared-remark"
REMARK = "lostmarker-decision-remark"
PAPER = "lostmarker paper text"


def _folio(data_dir: Path, *args: str) -> tuple[int, str]:
    env = {**os.environ, "FOLIO_PIN": PIN, "FOLIO_PASSWORD": PASSWORD}
    env.pop("FOLIO_DATA_DIR", None)
    done = subprocess.run(
        [str(FOLIO), "--data-dir", str(data_dir), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def _server(server: SyncServer, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    argv = ["--data-dir", str(server.data_dir), "--db", server.db_url, *args]
    assert server_cli.main(argv) == 0
    return capsys.readouterr().out


def _line_of(listing: str, device_id: str) -> str:
    (line,) = [line for line in listing.splitlines() if line.startswith(device_id)]
    return line


def _bytes_containing(folder: Path, needles: list[str]) -> dict[str, list[str]]:
    """Every file under ``folder`` that holds any needle, as UTF-8 or UTF-16 bytes."""
    found: dict[str, list[str]] = {}
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        for needle in needles:
            if needle.encode() in data or needle.encode("utf-16-le") in data:
                found.setdefault(str(path), []).append(needle)
    return found


def test_a_lost_tablet_is_wiped_and_the_readers_new_tablet_gets_her_material_back(
    sync_server: SyncServer,
    devices: DeviceFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    reader = sync_server.user()
    board = sync_server.committee([reader])
    pack = tmp_path / "publishing" / "pack"
    write_meeting(
        pack,
        board,
        [
            {"number": "1", "docs": {"paper.pdf": pdf_bytes(PAPER)}},
            {"number": "2", "needs_decision": True, "docs": {"case.pdf": "the case"}},
        ],
    )
    meeting_id = str(sync_server.publish(pack).meeting_id)

    # 1. Tablet 1: her notes and her decision, confirmed by the server.
    (tablet1,) = devices(1, user=reader)
    assert tablet1.sync().ok
    paper_id = tablet1.api.get_meeting(meeting_id).items[0].documents[0].id
    private_id = only_id(
        tablet1.api.add_annotation(
            paper_id, 0, model.AnnotationKind.NOTE, text=NOTE_PRIVATE, rects=((1, 1, 5, 5),)
        ).annotations
    )
    shared_id = only_id(
        tablet1.api.add_annotation(
            paper_id,
            0,
            model.AnnotationKind.NOTE,
            text=NOTE_SHARED,
            rects=((9, 9, 15, 15),),
            visibility=model.Visibility.COMMITTEE,
        ).annotations
    )
    (case,) = tablet1.api.list_cases()
    tablet1.api.decide(case.id, model.Decision.APPROVE, REMARK)
    assert tablet1.sync().ok
    # Her first tablet made the notes key and showed the recovery key once: she wrote it
    # down (private notes are sealed; docs/spec/e2e-notes.md).
    recovery_key = tablet1.api.notes_status().recovery_key
    assert recovery_key is not None
    tablet1.api.recovery_key_written()
    waiting = tablet1.api.outbox_status()
    assert waiting.get(model.OpState.WAITING, 0) == waiting.get(model.OpState.SENT, 0) == 0
    (approval,) = tablet1.api.list_approvals(case.id)
    assert approval.state is model.OpState.CONFIRMED
    lost_dir, lost_id = tablet1.data_dir, tablet1.device_id
    tablet1.close()  # the tablet is in a taxi now; it syncs again below, as its own process

    markers = [NOTE_PRIVATE, NOTE_SHARED, REMARK, "lostmarker"]
    # Positive control: the markers are on tablet 1, encrypted (read with the PIN only).
    assert find_words(lost_dir, PIN, set(markers[:3]))
    assert not _bytes_containing(lost_dir, markers), "the vault should hold no plaintext"

    # 2. IT: revoke with a wipe order.
    _server(sync_server, capsys, "device", "revoke", lost_id, "--wipe")
    assert "  wipe pending  " in _line_of(
        _server(sync_server, capsys, "device", "list", "--user", reader), lost_id
    )

    # 3. The lost tablet's next contact wipes it.
    code, output = _folio(lost_dir, "sync")
    assert code == EXIT_ERROR, output
    assert not lost_dir.exists(), sorted(p.name for p in lost_dir.iterdir())
    # Nothing beside it either (the publishing folder is the secretariat's, not the tablet's).
    leftovers = _bytes_containing(lost_dir.parent, markers)
    assert not {path for path in leftovers if "publishing" not in Path(path).parts}, leftovers
    wiped = _line_of(_server(sync_server, capsys, "device", "list", "--user", reader), lost_id)
    assert "  wiped  " in wiped
    acknowledged = re.search(r"wipe acknowledged (\S+)", wiped)
    assert acknowledged is not None
    assert acknowledged.group(1) != "-"

    # 4. The new tablet: the fleet's organisation token and her own password.
    token = _server(
        sync_server,
        capsys,
        "enrollment-token",
        "create",
        "--committee",
        board,
        "--limit",
        "5",
        "--label",
        "Board tablets",
    ).split()[0]
    new_dir = tmp_path / "tablet-2"
    Api.create(new_dir, PIN, kdf=KdfParams.FAST_FOR_TESTS).lock()
    enroll = ["enroll", "--server", sync_server.url, "--user", reader, "--org-token", token]
    code, output = _folio(new_dir, *enroll, "--device-name", "Replacement tablet")
    assert code == 0, output
    code, output = _folio(new_dir, "sync")
    assert code == 0, output
    new_id = str((read_device_file(new_dir) or {})["device_id"])
    assert new_id != lost_id
    listing = _server(sync_server, capsys, "device", "list", "--user", reader)
    assert _line_of(listing, new_id).endswith("  Replacement tablet")
    assert "  active  " in _line_of(listing, new_id)

    tablet2 = Api.open(new_dir)
    tablet2.unlock(PIN)
    try:
        # No other tablet is left to approve this one: her recovery key opens her notes.
        assert not tablet2.notes_status().approved
        tablet2.recover_notes(recovery_key)
        tablet2.lock()
        code, output = _folio(new_dir, "sync")
        assert code == 0, output
        tablet2.unlock(PIN)
        assert tablet2.notes_status().approved
        notes = {a.id: a for a in tablet2.list_annotations(paper_id) if not a.deleted}
        assert notes[private_id].text == NOTE_PRIVATE
        assert notes[private_id].visibility is model.Visibility.PRIVATE
        assert notes[shared_id].text == NOTE_SHARED
        assert notes[shared_id].visibility is model.Visibility.COMMITTEE
        assert all(a.author is None for a in notes.values())  # hers, editable, not a colleague's
        decided = tablet2.get_case(case.id)
        assert decided.status is model.CaseStatus.DECIDED
        assert decided.my_decision is model.Decision.APPROVE
        (seen,) = tablet2.list_approvals(case.id)
        assert seen.id == approval.id
        assert seen.receipt_id == approval.receipt_id
        assert seen.state is model.OpState.CONFIRMED
        with pytest.raises(FolioError) as twice:  # her decision stands on the new tablet too
            tablet2.decide(case.id, model.Decision.REJECT)
        assert twice.value.kind is ErrorKind.ALREADY_DECIDED
    finally:
        tablet2.lock()
