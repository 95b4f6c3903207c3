"""The .ts files cover every string the code asks Qt to translate.

test_screens.py checks that each entry in the .ts files is translated; this test
checks the .ts files are not stale: lupdate over desktop/ into a copy must find
no source text that is missing from them. folio_en.ts holds only the plural forms
(lupdate -pluralonly), so English says "1 change", not "1 change(s)".
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from desktop.app import Translations

ROOT = Path(__file__).resolve().parents[2]
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"


@pytest.mark.parametrize("language", ["da", "sv", "en"])
def test_every_translatable_string_is_in_the_ts_file(language: str, tmp_path: Path) -> None:
    copy = tmp_path / "i18n" / f"folio_{language}.ts"
    copy.parent.mkdir()
    shutil.copy(ROOT / "resources" / "i18n" / f"folio_{language}.ts", copy)
    sources = sorted(str(p) for p in (ROOT / "desktop").rglob("*.py"))
    plural_only = ["-pluralonly"] if language == "en" else []
    subprocess.run(
        [str(LUPDATE), *sources, *plural_only, "-ts", str(copy)], check=True, capture_output=True
    )
    missing = [
        msg.findtext("source")
        for msg in ET.parse(copy).getroot().iter("message")
        if (msg.find("translation") is not None)
        and msg.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert not missing, f"not yet in folio_{language}.ts: {missing}"


def test_english_plurals(qapp: QApplication) -> None:
    translations = Translations(qapp)
    assert translations.apply("en") == "en"

    def tr(context: str, source: str, n: int) -> str:
        return QCoreApplication.translate(context, source, "", n)

    waiting = "%n change(s) waiting to send"
    assert tr("StatusPanel", waiting, 1) == "1 change waiting to send"
    assert tr("StatusPanel", waiting, 3) == "3 changes waiting to send"
    assert tr("MeetingPage", "(%n page(s))", 1) == "(1 page)"
    assert tr("MeetingPage", "(%n page(s))", 6) == "(6 pages)"
