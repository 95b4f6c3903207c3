"""150 % and 200 % displays: the viewer in a child process at that scale factor.

Qt reads QT_SCALE_FACTOR once, when the application starts, so each scale runs
tests/gui/scaled_viewer_check.py in its own pytest process; it asserts device-pixel
renders and 9 mm touch targets and writes a screenshot.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = Path(__file__).with_name("scaled_viewer_check.py")


@pytest.mark.parametrize("factor", ["1.5", "2"])
def test_viewer_is_sharp_and_touchable_at_scale(factor: str, tmp_path: Path) -> None:
    env = dict(os.environ, QT_SCALE_FACTOR=factor, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--basetemp={tmp_path / 'child'}",
            str(CHECK),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout
