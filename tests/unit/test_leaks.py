"""Nothing in the clear: after real use, no file the process wrote holds readable content.

The steps run in a subprocess whose TMPDIR points into the test's sandbox, so a
temp file written anywhere by SQLite, PyMuPDF or Python lands where we scan it
(leak tests follow the process, not the folder: DESIGN.md Security details 11).
The same steps followed by a plaintext copy of the vault in its data dir (the
database and the documents decrypted, tests/helpers/plain_vault.py) must be
caught by the same scanner (negative control), or the scanner proves nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from folio_packs import make_pack

REPO = Path(__file__).resolve().parents[2]
MARKER = "Quokkavent"
WINDOW = 32

STEPS = r"""
import sys
from pathlib import Path

from sync import model
from sync.api import Api, only_id
from sync.device.logging_setup import setup_logging
from sync.vault import KdfParams

data_dir, pack, marker = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
plaintext = sys.argv[4] == "1"
api = Api.create(data_dir, "246810", kdf=KdfParams.FAST_FOR_TESTS)
setup_logging(data_dir, "json")
api.import_pack(pack)
meeting = api.list_meetings()[0]
item = api.get_meeting(meeting.id).items[0]
doc = item.documents[0]
api.add_comment("item", item.id, f"My comment about the {marker} budget")
changes = api.add_annotation(doc.id, 0, model.AnnotationKind.NOTE, text=f"note {marker} here")
ann = only_id(changes.annotations)
api.update_annotation(ann, text=f"edited note {marker} again")
api.decide(api.list_cases()[0].id, model.Decision.APPROVE, f"yes to {marker}")
assert api.search(marker), "the index must find the marker"
assert len(api.document_bytes(doc.id)) == doc.size
db = api.vault.db
# A large sort: with temp_store=FILE this spills plaintext rows to a temp file.
rows = db.query(
    "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 150000) "
    "SELECT i || ' ' || ? || ' ' || hex(randomblob(24)) AS s FROM r ORDER BY s DESC LIMIT 3",
    (marker,),
)
assert len(rows) == 3
db.query("SELECT body FROM search_index ORDER BY body DESC")
db.query("SELECT body, title FROM search_index WHERE search_index MATCH ? ORDER BY rank", (marker,))
if plaintext:
    from tests.helpers.plain_vault import write_plaintext_copy

    write_plaintext_copy(api.vault, data_dir)
api.lock()
print("steps done")
"""


def _run_steps(tmp_path: Path, *, plaintext: bool) -> tuple[list[Path], dict[str, bytes]]:
    sandbox = tmp_path / ("plain" if plaintext else "sealed")
    tmpdir, data_dir, config = sandbox / "tmp", sandbox / "data", sandbox / "config"
    for d in (tmpdir, config):
        d.mkdir(parents=True)
    pdfs = make_pack(tmp_path / f"pack-{plaintext}", marker=MARKER, documents=3, pages=3)
    env = {
        **os.environ,
        "TMPDIR": str(tmpdir),
        "TEMP": str(tmpdir),
        "TMP": str(tmpdir),
        "FOLIO_SECRET_BACKEND": "file",
        "FOLIO_CONFIG_DIR": str(config),
        "PYTHONPATH": str(REPO),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            STEPS,
            str(data_dir),
            str(tmp_path / f"pack-{plaintext}"),
            MARKER,
            "1" if plaintext else "0",
        ],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "steps done" in result.stdout
    assert MARKER not in result.stderr  # the JSON log lines on stderr carry no content
    return [data_dir, tmpdir, config], pdfs


def _windows(pdfs: dict[str, bytes]) -> set[bytes]:
    """Every 32-byte run of the PDFs, minus low-entropy runs (zero padding) any file may hold."""
    found: set[bytes] = set()
    for data in pdfs.values():
        for i in range(len(data) - WINDOW + 1):
            w = data[i : i + WINDOW]
            if len(set(w)) >= 8:
                found.add(w)
    return found


def scan(roots: list[Path], pdfs: dict[str, bytes]) -> list[str]:
    """Every finding: (file, what). Checks every 32-byte window of every file."""
    needles = {
        "utf-8": MARKER.encode("utf-8"),
        "utf-16-le": MARKER.encode("utf-16-le"),
        "utf-16-be": MARKER.encode("utf-16-be"),
    }
    windows = _windows(pdfs)
    findings: list[str] = []
    files = [p for root in roots for p in sorted(root.rglob("*")) if p.is_file()]
    assert files, "nothing to scan"
    for path in files:
        data = path.read_bytes()
        for name, needle in needles.items():
            if needle in data or needle.lower() in data.lower():
                findings.append(f"{path.name}: marker ({name})")
        for i in range(len(data) - WINDOW + 1):
            if data[i : i + WINDOW] in windows:
                findings.append(f"{path.name}: PDF bytes at offset {i}")
                break
    return findings


def test_nothing_in_the_clear(tmp_path: Path) -> None:
    roots, pdfs = _run_steps(tmp_path, plaintext=False)
    data_dir = roots[0]
    names = {p.name for p in data_dir.rglob("*") if p.is_file()}
    assert "vault.db" in names
    assert any(p.parent.name == "logs" for p in data_dir.rglob("*") if p.is_file())
    assert len(list((data_dir / "blobs").rglob("*"))) >= 3
    assert scan(roots, pdfs) == []


def test_negative_control_scanner_finds_plaintext(tmp_path: Path) -> None:
    roots, pdfs = _run_steps(tmp_path, plaintext=True)
    findings = scan(roots, pdfs)
    assert any("marker (utf-8)" in f and f.startswith("vault.db") for f in findings), findings
    assert any("PDF bytes" in f for f in findings), findings
