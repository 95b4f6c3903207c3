"""The demo: the one function the lead swaps for "reference server + enroll + sync".

Today it builds the demo publishing folders (resources/demo/build.py) into a
scratch folder and imports each into a fresh vault. Runs on the vault lane.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop.ops import vault as vault_ops
from resources.demo import build as demo_build
from sync.api import Api
from sync.vault.keys import KdfParams


def prepare_demo(
    data_dir: Path,
    pin: str,
    *,
    kdf: KdfParams | None = None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Api:
    """Create a vault in ``data_dir`` holding the demo meetings; return its unlocked Api."""
    api = vault_ops.create_vault(data_dir, pin, kdf=kdf)
    scratch = Path(tempfile.mkdtemp(prefix="folio-demo-"))
    try:
        folders = demo_build.build(scratch, today)
        for done, folder in enumerate(folders, start=1):
            api.import_pack(folder)
            if progress is not None:
                progress(done, len(folders))
    finally:
        # The demo PDFs are public sample material, but nothing should linger either way.
        shutil.rmtree(scratch, ignore_errors=True)
    return api
