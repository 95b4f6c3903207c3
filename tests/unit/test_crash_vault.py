"""kill -9 at random moments during blob writes and database transactions.

A child process unlocks the vault and loops: write a blob, then record it and
five rows in one transaction, reporting each phase on a progress file. The
parent picks a random phase marker, waits for it (not for time), SIGKILLs the
child and checks: the vault opens, every committed step is there and whole, no
half-written blob is visible, and leftover temp files are gone.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TEST_PIN

from sync.vault import BlobRef, KdfParams, Vault

ROUNDS = 22
CHILD = r"""
import json, random, sys
from pathlib import Path
from sync.vault import Vault

data_dir, pin, progress, start = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])

def payload(i):
    rng = random.Random(i)
    size = rng.choice([0, 1, 65535, 65536, 65537, rng.randint(0, 700_000)])
    return rng.randbytes(size)

u = Vault.open(data_dir).unlock(pin)
with open(progress, "a", buffering=1) as log:
    i = start
    while True:
        log.write(f"blob-start {i}\n")
        w = u.blobs.writer(blob_id=f"b{i}")
        data = payload(i)
        for a in range(0, len(data), 40_000):
            w.write(data[a:a + 40_000])
        ref = w.commit()
        log.write(f"blob-done {i}\n")
        with u.db.transaction() as cur:
            log.write(f"tx-start {i}\n")
            for j in range(5):
                cur.execute(
                    "INSERT INTO comments(id, target_kind, target_id, body, author, created_at)"
                    " VALUES (?, 'case', 'c', ?, 'me', 'now')", (f"{i}-{j}", "x" * 3000))
            entry = [ref.blob_id, ref.version, ref.key_wrapped.hex()]
            u.db.set_state(cur, f"blob:{i}", json.dumps(entry))
        log.write(f"tx-done {i}\n")
        i += 1
"""


def _payload(i: int) -> bytes:
    rng = random.Random(i)
    size = rng.choice([0, 1, 65535, 65536, 65537, rng.randint(0, 700_000)])
    return rng.randbytes(size)


def _markers(path: Path) -> list[str]:
    try:
        text = path.read_text()
    except FileNotFoundError:
        return []
    return list(text.split("\n")[:-1])  # only complete lines


@pytest.mark.slow
def test_kill_9_during_blob_writes_and_transactions(data_dir: Path, tmp_path: Path) -> None:
    Vault.create(data_dir, TEST_PIN, kdf=KdfParams.FAST_FOR_TESTS).lock()
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    rng = random.Random(os.environ.get("FOLIO_CRASH_SEED", "folio"))
    progress = tmp_path / "progress.log"
    next_index = 0
    phases_hit: set[str] = set()
    committed: set[int] = set()
    rounds_with_temp = 0
    for _ in range(ROUNDS):
        progress.write_text("")
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data_dir), TEST_PIN, str(progress), str(next_index)],
            cwd=root,
            env=env,
        )
        target = rng.randint(1, 10)  # the k-th marker of this round is the kill moment
        deadline = time.monotonic() + 120
        try:
            while len(_markers(progress)) < target:
                assert child.poll() is None, "child died on its own"
                assert time.monotonic() < deadline, "child made no progress"
                time.sleep(0.001)  # poll interval; we wait on the progress file
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        marks = _markers(progress)
        phases_hit.add(marks[-1].split()[0])
        committed |= {int(m.split()[1]) for m in marks if m.startswith("tx-done")}
        started = [int(m.split()[1]) for m in marks if m.startswith("blob-start")]

        temp_left = [n for n in os.listdir(data_dir / "blobs") if n.startswith(".tmp-")]
        rounds_with_temp += bool(temp_left)
        u = Vault.open(data_dir).unlock(TEST_PIN)
        try:
            blob_dir = data_dir / "blobs"
            assert not [n for n in os.listdir(blob_dir) if n.startswith(".tmp-")]
            rows = {r["key"]: r["value"] for r in u.db.query("SELECT * FROM vault_state")}
            for i in range(max(started, default=next_index) + 1):
                state = rows.get(f"blob:{i}")
                comments = u.db.query("SELECT count(*) FROM comments WHERE id LIKE ?", (f"{i}-%",))
                if i in committed:
                    assert state is not None, f"committed step {i} lost"
                if state is None:
                    assert comments[0][0] == 0, f"half a transaction of step {i} visible"
                    continue
                assert comments[0][0] == 5
                blob_id, version, key_hex = json.loads(state)
                assert u.blobs.read(BlobRef(blob_id, version, bytes.fromhex(key_hex))) == _payload(
                    i
                )
            for name in os.listdir(blob_dir):  # every visible blob is a whole, committed one
                assert name.startswith("b")
                i = int(name[1:])
                assert i <= max(started, default=next_index)
            assert u.verify() == []
        finally:
            u.lock()
        next_index = (max(started) + 1) if started else next_index
    assert rounds_with_temp >= 1, "no kill landed inside a blob write"
    # The random kill points covered both kinds of work.
    assert phases_hit & {"blob-start", "tx-done"}
    assert phases_hit & {"blob-done", "tx-start"}
