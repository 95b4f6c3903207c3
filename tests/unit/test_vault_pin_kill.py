"""Killing the process during the PIN check still spends the attempt (count before check)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import TEST_PIN

from sync.vault import KdfParams, Vault

# Slow enough (~1-2 s here) that the kill lands inside the KDF.
SLOW = KdfParams(memory_kib=32 * 1024, iterations=24, lanes=1)

CHILD = """
import sys
from pathlib import Path
from sync.vault import Vault
Vault.open(Path(sys.argv[1])).unlock(sys.argv[2])
print("unlocked", flush=True)
"""


def _wait_for(condition: object, deadline_s: float) -> bool:
    assert callable(condition)
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.002)  # poll interval; the wait itself is on the file's content
    return False


def test_kill_during_pin_check_counts_the_attempt(data_dir: Path) -> None:
    Vault.create(data_dir, TEST_PIN, kdf=SLOW).lock()
    counter = data_dir / "vault.pin-attempts"
    assert counter.read_text() == "0"
    root = Path(__file__).resolve().parents[2]
    # The right PIN: had the check finished, the counter would be back at 0.
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), TEST_PIN],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.PIPE,
    )
    try:
        assert _wait_for(lambda: counter.read_text() == "1", 60), "child never counted"
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert b"unlocked" not in out
    locked = Vault.open(data_dir)
    assert locked.failed_attempts == 1
    # The mirror holds it too: deleting the data-dir counter gains nothing.
    counter.unlink()
    assert Vault.open(data_dir).failed_attempts == 1
    locked.unlock(TEST_PIN).lock()
    assert Vault.open(data_dir).failed_attempts == 0
