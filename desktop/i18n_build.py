"""Compile the Qt Linguist sources (resources/i18n/*.ts) to .qm at setup time.

The .qm files are build products (not committed) so the .ts sources stay the one
truth; ``./dev`` runs this after every install.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import PySide6

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"


def lrelease() -> Path:
    base = Path(PySide6.__file__).parent
    for name in ("lrelease", "lrelease.exe"):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError("lrelease is missing from the PySide6 installation")


def build(i18n_dir: Path = I18N_DIR) -> list[Path]:
    built: list[Path] = []
    for ts in sorted(i18n_dir.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            built.append(qm)
            continue
        subprocess.run([str(lrelease()), "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def main() -> int:
    for qm in build():
        print(qm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
