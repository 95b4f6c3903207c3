"""The frozen app and its installers: build the PyInstaller bundle once, run it
(``--version``, ``--self-test``), keep it under the size budget in docs/admin.md,
package it as a .deb and inspect it; build the WiX MSI definition with wixl
against a dummy file set; keep the ADMX/ADML templates and the policy example in
step with sync/config/policy.py.

With CI=true and root, the .deb is installed into the real system with dpkg,
started as /usr/bin/folio, and removed again.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import xml.dom.minidom
from pathlib import Path
from types import ModuleType

import pytest

from sync.config import policy

ROOT = Path(__file__).resolve().parents[2]
PYINSTALLER = Path(sys.executable).parent / "pyinstaller"
ADMIN_DOC = ROOT / "docs" / "admin.md"
BUDGET_RE = re.compile(r"Bundle size budget: \*\*(\d+) MB\*\*")


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLIO_", "PYTHON", "VIRTUAL"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp / "home"),
        FOLIO_DATA_DIR=str(tmp / "data"),
        FOLIO_CONFIG_DIR=str(tmp / "config"),
        FOLIO_SECRET_BACKEND="file",
        FOLIO_POLICY=str(tmp / "no-policy.toml"),
        TMPDIR=str(tmp / "tmp"),
    )
    for name in ("home", "tmp"):
        (tmp / name).mkdir(exist_ok=True)
    return env


def _run(args: list[str | Path], env: dict[str, str], timeout: float = 120) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{args[0]} exited {done.returncode}:\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/folio, built once for this module (about a minute on two cores)."""
    work = tmp_path_factory.mktemp("pyinstaller")
    env = dict(os.environ)
    subprocess.run(
        [
            str(PYINSTALLER),
            "--noconfirm",
            "--log-level=ERROR",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=540,
    )
    folder = work / "dist" / "folio"
    assert (folder / "folio").is_file()
    return folder


@pytest.mark.timeout(600)
def test_bundle_reports_its_version(bundle: Path, tmp_path: Path) -> None:
    out = _run([bundle / "folio", "--version"], _env(tmp_path))
    assert re.fullmatch(r"folio \d+\.\d+\.\d+\S*\n", out), out


def test_bundle_self_test_passes(bundle: Path, tmp_path: Path) -> None:
    out = _run([bundle / "folio", "--self-test"], _env(tmp_path), timeout=180)
    assert "ok: example meeting imported (4 documents)" in out
    assert "rendered offscreen" in out
    assert "ok: desktop app modules load" in out
    assert out.rstrip().endswith("self-test passed")
    assert not list((tmp_path / "tmp").iterdir()), "the self-test left files behind"


def test_bundle_carries_translations_migrations_and_certifi(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert sorted(p.name for p in (internal / "resources" / "i18n").glob("*.qm"))
    assert list((internal / "sync" / "vault" / "migrations").glob("0001_*.sql"))
    assert (internal / "certifi" / "cacert.pem").is_file()
    for unused in ("QtNetwork", "QtQml", "QtQuick", "QtWebEngineCore", "QtMultimedia"):
        assert not list(internal.rglob(f"{unused}.*")), f"{unused} should be excluded"


def test_bundle_is_within_the_size_budget(bundle: Path) -> None:
    match = BUDGET_RE.search(ADMIN_DOC.read_text(encoding="utf-8"))
    assert match, "docs/admin.md must state 'Bundle size budget: **N MB**'"
    budget_mb = int(match.group(1))
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    size_mb = size / 1_000_000
    print(f"\nbundle size: {size_mb:.1f} MB (budget {budget_mb} MB)")
    assert size_mb <= budget_mb


def test_deb_package_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    env["FOLIO_DEB_COMPRESSION"] = "gzip"  # xz is for releases; gzip keeps CI quick
    deb = Path(
        _run(
            [ROOT / "packaging" / "linux" / "build-deb.sh", bundle, tmp_path / "out"],
            env,
            timeout=400,
        ).strip()
    )
    assert deb.is_file()
    print(f"\n.deb size: {deb.stat().st_size / 1_000_000:.1f} MB")
    info = _run(["dpkg-deb", "--info", deb], env)
    assert "Package: folio" in info
    assert re.search(r"Depends:.*libxcb-cursor0.*", info)
    assert re.search(r"Depends:.*libegl1", info)
    contents = _run(["dpkg-deb", "--contents", deb], env)
    assert re.search(r"\./usr/bin/folio -> /opt/folio/folio\n", contents)
    assert "./usr/share/applications/folio.desktop" in contents
    assert re.search(r"-rwxr-xr-x \S+ +\d+ \S+ \S+ \./opt/folio/folio\n", contents)
    # Unpacked (as dpkg would), the symlink starts the app.
    unpacked = tmp_path / "unpacked"
    _run(["dpkg-deb", "-x", deb, unpacked], env)
    link = tmp_path / "folio-link"
    link.symlink_to(unpacked / "opt" / "folio" / "folio")
    assert _run([link, "--version"], env).startswith("folio ")
    desktop = (unpacked / "usr" / "share" / "applications" / "folio.desktop").read_text()
    assert "Exec=/usr/bin/folio" in desktop
    if os.environ.get("CI") == "true" and os.geteuid() == 0:
        _install_for_real(deb, env)


def _install_for_real(deb: Path, env: dict[str, str]) -> None:
    installed = subprocess.run(
        ["dpkg", "-i", str(deb)], check=False, capture_output=True, text=True
    )
    if installed.returncode != 0:  # missing Depends: let apt bring them, then configure
        _run(
            ["apt-get", "install", "-f", "-y", "-qq"],
            {**env, "DEBIAN_FRONTEND": "noninteractive"},
            600,
        )
    try:
        status = _run(["dpkg-query", "-W", "-f=${Status}", "folio"], env)
        assert status == "install ok installed"
        assert _run(["/usr/bin/folio", "--version"], env).startswith("folio ")
        assert "self-test passed" in _run(["/usr/bin/folio", "--self-test"], env, 180)
    finally:
        _run(["dpkg", "-r", "folio"], env)
    assert not Path("/usr/bin/folio").exists()


def test_msi_definition_builds_with_wixl(tmp_path: Path) -> None:
    for tool in ("wixl", "wixl-heat", "msiinfo"):
        assert shutil.which(tool), f"{tool} is missing: run ./dev setup (msitools, wixl)"
    files = tmp_path / "folio"
    (files / "_internal").mkdir(parents=True)
    (files / "folio.exe").write_bytes(b"MZ dummy")
    (files / "_internal" / "base_library.zip").write_bytes(b"PK dummy")
    env = _env(tmp_path)
    listing = "\n".join(
        str(p.relative_to(tmp_path)) for p in sorted(files.rglob("*")) if p.is_file()
    )
    heat = subprocess.run(
        [
            "wixl-heat",
            "--var",
            "var.SourceDir",
            "-p",
            "folio/",
            "--directory-ref",
            "INSTALLDIR",
            "--component-group",
            "FolioFiles",
            "--win64",
        ],
        input=listing,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    (tmp_path / "files.wxs").write_text(heat.stdout, encoding="utf-8")
    msi = tmp_path / "folio.msi"
    done = subprocess.run(
        [
            "wixl",
            "-a",
            "x64",
            "-D",
            "SourceDir=folio",
            "-D",
            "Version=1.2.3",
            "-D",
            "Win64=yes",
            str(ROOT / "packaging" / "windows" / "folio.wxs"),
            "files.wxs",
            "-o",
            str(msi),
        ],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    registry = _run(["msiinfo", "export", msi, "Registry"], env)
    assert re.search(r"SOFTWARE\\Policies\\Folio\tserver_url\t\[SERVERURL\]", registry)
    assert re.search(r"SOFTWARE\\Policies\\Folio\tenrollment_code\t\[ENROLLMENTCODE\]", registry)
    properties = _run(["msiinfo", "export", msi, "Property"], env)
    assert "ALLUSERS\t1" in properties  # per-machine
    assert "ProductVersion\t1.2.3" in properties
    file_table = _run(["msiinfo", "export", msi, "File"], env)
    assert "folio.exe" in file_table


def _make_admx() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_admx", ROOT / "packaging" / "windows" / "make_admx.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_admx_and_adml_match_the_policy_registry() -> None:
    make = _make_admx()
    admx_path = ROOT / "packaging" / "windows" / "folio.admx"
    adml_path = ROOT / "packaging" / "windows" / "en-US" / "folio.adml"
    hint = "run .venv/bin/python packaging/windows/make_admx.py"
    assert admx_path.read_text(encoding="utf-8") == make.admx(), hint
    assert adml_path.read_text(encoding="utf-8") == make.adml(), hint
    doc = xml.dom.minidom.parse(str(admx_path))
    names = {p.getAttribute("name") for p in doc.getElementsByTagName("policy")}
    assert names == {k.name for k in policy.KEYS if policy.Source.POLICY in k.sources}
    strings = {
        s.getAttribute("id")
        for s in xml.dom.minidom.parse(str(adml_path)).getElementsByTagName("string")
    }
    for element in doc.getElementsByTagName("policy"):
        assert element.getAttribute("displayName")[len("$(string.") : -1] in strings


def test_policy_example_is_valid(tmp_path: Path) -> None:
    example = ROOT / "packaging" / "linux" / "policy.toml.example"
    config = policy.load(None, environ={"FOLIO_POLICY": str(example)}, registry=policy.PolicyLayer)
    assert config.warnings == ()
    assert config.is_locked("allow_export")
