"""The .ts files cover every string the code asks Qt to translate.

test_screens.py checks that each entry in the .ts files is translated; this test
checks the .ts files are not stale: lupdate over desktop/ into a copy must find
no source text that is missing from them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"


@pytest.mark.parametrize("language", ["da", "sv"])
def test_every_translatable_string_is_in_the_ts_file(language: str, tmp_path: Path) -> None:
    copy = tmp_path / "i18n" / f"folio_{language}.ts"
    copy.parent.mkdir()
    shutil.copy(ROOT / "resources" / "i18n" / f"folio_{language}.ts", copy)
    sources = sorted(str(p) for p in (ROOT / "desktop").rglob("*.py"))
    subprocess.run([str(LUPDATE), *sources, "-ts", str(copy)], check=True, capture_output=True)
    missing = [
        msg.findtext("source")
        for msg in ET.parse(copy).getroot().iter("message")
        if (msg.find("translation") is not None)
        and msg.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert not missing, f"not yet in folio_{language}.ts: {missing}"
