"""The real-world PDF corpus for tests/integration/test_publish_real_pdfs.py.

Every PDF shipped in the source distributions of pypdf and pikepdf (their test
suites' resources: files from Chrome, LibreOffice, pdfTeX, scanners, fuzzers),
fetched with pip from the package registry into the pytest cache, pinned by
version and sha256 so the corpus cannot drift under the test. pip needs about
15 s on a clean machine (building pikepdf's metadata), so conftest.py starts
the download when collection ends and the fixture waits for it: it overlaps
with the tests before it. Under pytest-xdist every worker collects, so several
processes may fetch into the same cache at once: each downloads into its own
folder and renames the checked file into place, so nobody reads a half-written one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest

SDISTS = {  # file -> sha256
    "pypdf-7.1.1.tar.gz": "2eff4e2fc5fb22a6d6711e6f1166cdc9ab5765d90cd0d77dfea3f4aa91a27b1d",
    "pikepdf-10.17.0.tar.gz": "de4ccaae83628e86c1fd473b384c09c6ff1dd35a583a8dacbf61d2aa4bea843b",
}
_running: list[tuple[subprocess.Popen[bytes], Path]] = []
_started: set[str] = set()


def cache_dir(config: pytest.Config) -> Path:
    """The pytest cache (ignored by git), or the temp dir under -p no:cacheprovider."""
    cache = getattr(config, "cache", None)  # absent under -p no:cacheprovider
    if cache is not None:
        return Path(cache.mkdir("pdf-corpus"))
    return Path(tempfile.gettempdir()) / "folio-pdf-corpus"


def start(cache: Path) -> None:
    """Start pip for every sdist not yet cached, in parallel; ``load`` waits for them."""
    cache.mkdir(parents=True, exist_ok=True)
    for sdist, sha in SDISTS.items():
        if (cache / sdist).is_file() or sdist in _started:
            continue
        _started.add(sdist)
        name, version = sdist.removesuffix(".tar.gz").rsplit("-", 1)
        own = Path(tempfile.mkdtemp(prefix=".download-", dir=cache))
        requirement = own / f"{name}.txt"
        requirement.write_text(f"{name}=={version} --hash=sha256:{sha}\n")
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        cmd += ["--require-hashes", "-r", str(requirement), "-d", str(own), "-q"]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        _running.append((proc, own))


def stop() -> None:
    """End downloads still running when the session ends (the test was deselected)."""
    while _running:
        proc, own = _running.pop()
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
        shutil.rmtree(own, ignore_errors=True)


def load(cache: Path) -> dict[str, bytes]:
    """Path inside the sdist -> bytes, for every PDF the sdists ship."""
    start(cache)
    while _running:
        proc, own = _running.pop()
        out, _ = proc.communicate(timeout=240)
        assert proc.returncode == 0, out.decode(errors="replace")
        for fetched in own.glob("*.tar.gz"):
            os.replace(fetched, cache / fetched.name)  # atomic: whole or absent
        shutil.rmtree(own, ignore_errors=True)
    pdfs: dict[str, bytes] = {}
    for sdist, sha in SDISTS.items():
        data = (cache / sdist).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha, f"{sdist}: not the pinned file"
        with tarfile.open(cache / sdist) as tar:
            for member in tar.getmembers():
                if member.isfile() and member.name.lower().endswith(".pdf"):
                    extracted = tar.extractfile(member)
                    assert extracted is not None
                    pdfs[member.name] = extracted.read()
    return pdfs
