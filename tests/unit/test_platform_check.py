"""``folio self-test``'s Qt half (desktop/platform_check.py): platform plugins and drawing.

The plugins are the real ones of this environment; the failure case runs in a
fresh process (a library once loaded stays loaded, so only a new process can show
what the dynamic linker misses) with a copy of the xcb plugin cut off from the Qt
library it links to, exactly what a machine missing a package looks like.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop import platform_check

FOLIO = Path(sys.executable).parent / "folio"


def test_the_session_plugins_load_and_the_icon_renders(qtbot: QtBot) -> None:
    said: list[str] = []
    platform_check.run(said.append)
    assert "ok: Qt platform plugin xcb loads" in said
    assert "ok: Qt platform plugin wayland loads" in said
    assert said[-1].startswith("ok: app icon renders")


def test_a_plugin_missing_a_library_is_named(tmp_path: Path) -> None:
    platforms = tmp_path / "platforms"
    platforms.mkdir()
    shutil.copy(platform_check.platform_plugins_dir() / "libqxcb.so", platforms / "libqxcb.so")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from desktop.platform_check import check_platform_plugins\n"
        "for c in check_platform_plugins(Path(sys.argv[1]), 'linux'):\n"
        "    print(c.name, '|', c.error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(platforms)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    lines = dict(line.split(" | ", 1) for line in done.stdout.splitlines())
    # The dynamic linker's words: the Qt library the copied plugin cannot find.
    assert "libQt6XcbQpa.so.6" in lines["xcb"], done.stdout
    assert lines["wayland"].startswith("not in this build"), done.stdout


def test_folio_self_test_reports_the_qt_checks(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLIO_")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), TMPDIR=str(tmp_path))
    done = subprocess.run(
        [str(FOLIO), "--data-dir", str(tmp_path / "data"), "self-test"],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok: Qt platform plugin xcb loads" in done.stdout
    assert "ok: app icon renders (offscreen)" in done.stdout
    assert done.stdout.rstrip().endswith("self-test passed")
