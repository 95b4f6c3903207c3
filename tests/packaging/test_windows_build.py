"""What build.spec does on Windows, checked here where PyInstaller cannot build for it.

PyInstaller does not cross-build, and no Windows machine runs these tests. So
build.spec is executed as PyInstaller would execute it, with ``sys.platform`` set
to ``win32`` and PyInstaller's build steps (Analysis, PYZ, EXE, COLLECT) recorded
instead of run: the spec must ask for a windowed ``Folio`` and a console
``folio-cli`` in one folder, both with the app icon and a version resource. The
version files it writes are then read with PyInstaller's own parser
(PyInstaller.utils.win32.versioninfo, the code EXE(version=...) uses on Windows).
Its binary form is not compared here: PyInstaller packs it with the platform's
native integer sizes, which are Windows' only on Windows.

What stays untested until a Windows runner exists: the real build, the resource
as Explorer shows it, signing (packaging/windows/sign.ps1).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

# Imported before sys.platform is changed below: PyInstaller decides at import time.
import PyInstaller.utils.hooks
import pytest

ROOT = Path(__file__).resolve().parents[2]
VERSION = importlib.metadata.version("folio-meetings")


class Recorder:
    """Stands in for PyInstaller's build steps; keeps what the spec asked for."""

    def __init__(self) -> None:
        self.analysis: dict[str, Any] = {}
        self.exes: list[dict[str, Any]] = []
        self.collected: tuple[Any, ...] = ()

    def names(self) -> dict[str, Any]:
        recorder = self

        def analysis(scripts: list[str], **kw: Any) -> types.SimpleNamespace:
            recorder.analysis = {"scripts": scripts, **kw}
            return types.SimpleNamespace(binaries=[], datas=list(kw["datas"]), pure=[], scripts=[])

        def pyz(pure: Any) -> str:
            return "pyz"

        def exe(*args: Any, **kw: Any) -> str:
            recorder.exes.append(kw)
            return f"exe:{kw['name']}"

        def collect(*args: Any, **kw: Any) -> str:
            recorder.collected = args
            return "coll"

        return {"Analysis": analysis, "PYZ": pyz, "EXE": exe, "COLLECT": collect}


def _run_spec(work: Path, platform: str, monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    namespace: dict[str, Any] = {
        "SPECPATH": str(ROOT),
        "workpath": str(work),
        "DISTPATH": str(work / "dist"),
        "__file__": str(ROOT / "build.spec"),
        **recorder.names(),
    }
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec puts the repo first
    code = compile((ROOT / "build.spec").read_text(encoding="utf-8"), "build.spec", "exec")
    exec(code, namespace)  # as PyInstaller runs a spec
    monkeypatch.undo()
    return recorder


def _exe_resources() -> types.ModuleType:
    path = ROOT / "packaging" / "windows" / "exe_resources.py"
    spec = importlib.util.spec_from_file_location("exe_resources_under_test", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _versioninfo() -> types.ModuleType:
    """PyInstaller's versioninfo module, without its Windows-only imports (pefile, win32api).

    Only the structure classes and the text loader are used; they are plain Python.
    """
    source_path = Path(PyInstaller.utils.__file__).parent / "win32" / "versioninfo.py"
    source = source_path.read_text(encoding="utf-8")
    for windows_only in ("import pefile\n", "from PyInstaller.compat import win32api\n"):
        assert windows_only in source, "PyInstaller's versioninfo.py changed; update this test"
        source = source.replace(windows_only, "")
    module = types.ModuleType("pyinstaller_versioninfo")
    exec(compile(source, str(source_path), "exec"), module.__dict__)
    return module


def test_windows_build_names_a_windowed_app_and_a_console_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = _run_spec(tmp_path, "win32", monkeypatch)
    kinds = {exe["name"]: exe["console"] for exe in recorder.exes}
    assert kinds == {"Folio": False, "folio-cli": True}
    # One folder: both executables and the same binaries and data in one COLLECT.
    assert recorder.collected[:2] == ("exe:Folio", "exe:folio-cli")
    for exe in recorder.exes:
        icon = Path(exe["icon"])
        assert icon.name == "folio.ico"
        assert icon.read_bytes()[:4] == b"\0\0\1\0"
        assert Path(exe["version"]).is_file()
        assert exe["upx"] is False


def test_the_version_resource_comes_from_the_package_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = _run_spec(tmp_path, "win32", monkeypatch)
    versioninfo = _versioninfo()
    major, minor, patch = (int(n) for n in VERSION.split(".")[:3])
    for exe in recorder.exes:
        again = versioninfo.load_version_info_from_text_file(exe["version"])
        assert again.ffi.fileVersionMS == (major << 16) | minor
        assert again.ffi.fileVersionLS == patch << 16
        assert again.ffi.productVersionMS == again.ffi.fileVersionMS
        strings = {s.name: s.val for table in again.kids[0].kids for s in table.kids}
        assert strings["ProductName"] == "Folio"
        assert strings["CompanyName"] == "Folio"
        assert strings["FileVersion"] == VERSION
        assert strings["ProductVersion"] == VERSION
        assert strings["OriginalFilename"] == f"{exe['name']}.exe"


def test_the_bundle_keeps_qt_svg_and_carries_the_icons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = _run_spec(tmp_path, "linux", monkeypatch)
    assert [exe["name"] for exe in recorder.exes] == ["folio"]
    assert recorder.exes[0]["console"] is True
    assert "icon" not in recorder.exes[0]
    assert "PySide6.QtSvg" in recorder.analysis["hiddenimports"]
    assert "PySide6.QtSvg" not in recorder.analysis["excludes"]
    icon_datas = {
        Path(src).name for src, dest in recorder.analysis["datas"] if dest == "resources/icons"
    }
    assert {"folio.svg", "*.png", "folio.ico"} <= icon_datas


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2.3rc1", (1, 2, 3, 0)),
        ("2026.12.7.4+g1a2b", (2026, 12, 7, 4)),
        ("3", (3, 0, 0, 0)),
    ],
)
def test_file_version_numbers(version: str, numbers: tuple[int, ...]) -> None:
    assert _exe_resources().file_version(version) == numbers


def test_file_version_refuses_what_windows_cannot_hold() -> None:
    for bad in ("1.2.3.4.5", "70000.0", "v1"):
        with pytest.raises(ValueError):
            _exe_resources().file_version(bad)
