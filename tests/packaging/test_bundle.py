"""The frozen app and its Linux package: the packaging tier (marker ``packaging``).

Build the PyInstaller bundle once, run it (``--version``, ``--self-test``), keep it
under the size budget in docs/admin.md, package it as a .deb (Depends from
dpkg-shlibdeps, the hicolor icon, the postinst self-test) and hold it to lintian
with the package's overrides; keep the ADMX/ADML templates and the policy example
in step with sync/config/policy.py. The MSI is checked in test_msi.py, what the
spec does on Windows in test_windows_build.py.

`./dev test` runs this tier with everything else; `./dev test -m packaging` runs
it alone (docs/admin.md, "Build", has its measured time; the budget is 4 minutes).
Run as root (CI's clean machine) on a system where no folio package is installed,
the .deb is installed into the real system with dpkg (its postinst runs the
self-test), started as /usr/bin/folio, and removed again; an installed Folio is
never touched, and FOLIO_NO_SYSTEM_INSTALL=1 turns the step off.
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

PACKAGING = pytest.mark.packaging  # the tier: bundle, .deb, lintian

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


@PACKAGING
@pytest.mark.timeout(600)
def test_bundle_reports_its_version(bundle: Path, tmp_path: Path) -> None:
    out = _run([bundle / "folio", "--version"], _env(tmp_path))
    assert re.fullmatch(r"folio \d+\.\d+\.\d+\S*\n", out), out


@PACKAGING
def test_bundle_self_test_passes(bundle: Path, tmp_path: Path) -> None:
    out = _run([bundle / "folio", "--self-test"], _env(tmp_path), timeout=180)
    assert "ok: example meeting imported (4 documents)" in out
    assert "rendered offscreen" in out
    assert "ok: desktop app modules load" in out
    # The platform plugins the session needs load (their system libraries are there).
    assert "ok: Qt platform plugin xcb loads" in out
    assert "ok: Qt platform plugin wayland loads" in out
    assert "ok: app icon renders (offscreen)" in out
    assert out.rstrip().endswith("self-test passed")
    assert not list((tmp_path / "tmp").iterdir()), "the self-test left files behind"


@PACKAGING
def test_bundle_carries_translations_migrations_and_certifi(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert sorted(p.name for p in (internal / "resources" / "i18n").glob("*.qm"))
    assert list((internal / "sync" / "vault" / "migrations").glob("0001_*.sql"))
    assert (internal / "certifi" / "cacert.pem").is_file()
    for unused in ("QtNetwork", "QtQml", "QtQuick", "QtWebEngineCore", "QtMultimedia"):
        assert not list(internal.rglob(f"{unused}.*")), f"{unused} should be excluded"


@PACKAGING
def test_bundle_carries_the_icon_and_qt_svg(bundle: Path) -> None:
    icons = bundle / "_internal" / "resources" / "icons"
    svg = (ROOT / "resources" / "icons" / "folio.svg").read_bytes()
    assert (icons / "folio.svg").read_bytes() == svg
    for size in (16, 24, 32, 48, 64, 128, 256):
        assert (icons / f"folio-{size}.png").is_file()
    assert (icons / "folio.ico").is_file()
    qt = bundle / "_internal" / "PySide6"
    # SVG icons (the app's and the UI's) need QtSvg and both of its plugins.
    assert list(qt.glob("QtSvg.*"))
    assert (qt / "Qt" / "plugins" / "imageformats" / "libqsvg.so").is_file()
    assert (qt / "Qt" / "plugins" / "iconengines" / "libqsvgicon.so").is_file()


@PACKAGING
def test_bundle_is_within_the_size_budget(bundle: Path) -> None:
    match = BUDGET_RE.search(ADMIN_DOC.read_text(encoding="utf-8"))
    assert match, "docs/admin.md must state 'Bundle size budget: **N MB**'"
    budget_mb = int(match.group(1))
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    size_mb = size / 1_000_000
    print(f"\nbundle size: {size_mb:.1f} MB (budget {budget_mb} MB)")
    assert size_mb <= budget_mb


@pytest.fixture(scope="module")
def deb(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deb")
    env = _env(out)
    env["FOLIO_DEB_COMPRESSION"] = "gzip"  # level 1; xz is for releases
    path = Path(
        _run(
            [ROOT / "packaging" / "linux" / "build-deb.sh", bundle, out / "out"],
            env,
            timeout=400,
        ).strip()
    )
    assert path.is_file()
    print(f"\n.deb size: {path.stat().st_size / 1_000_000:.1f} MB")
    return path


def _glibc_needed(bundle: Path) -> tuple[int, int]:
    """The highest GLIBC_x.y symbol version any ELF file of the bundle asks for."""
    highest = (2, 0)
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        for major, minor in re.findall(rb"GLIBC_(\d+)\.(\d+)", path.read_bytes()):
            highest = max(highest, (int(major), int(minor)))
    return highest


@PACKAGING
@pytest.mark.timeout(600)
def test_deb_depends_on_what_the_bundle_links_to(bundle: Path, deb: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    info = _run(["dpkg-deb", "--field", deb, "Depends"], env).strip()
    depends = {entry.split(" ")[0]: entry for entry in info.split(", ")}
    # libc6's version is what the bundle's symbols need, not a hand-written guess.
    match = re.fullmatch(r"libc6 \(>= (\d+)\.(\d+)\)", depends["libc6"])
    assert match, depends["libc6"]
    assert (int(match.group(1)), int(match.group(2))) == _glibc_needed(bundle)
    # Qt's GL and X11 client libraries come from the system (PyInstaller never bundles them)...
    for system_lib in ("libegl1", "libgl1", "libxcb1"):
        assert system_lib in depends, info
    # ... what the bundle carries adds nothing (its copy of libxcb-cursor is the one used) ...
    bundled = {p.name for p in (bundle / "_internal").glob("libxcb-cursor.so*")}
    assert bundled, "the bundle should carry libxcb-cursor (else list it by hand)"
    assert "libxcb-cursor0" not in depends
    # ... and the two no ELF file names are added by hand (build-deb.sh says why).
    assert {"fontconfig-config", "fonts-dejavu-core"} <= depends.keys()


@PACKAGING
def test_deb_installs_the_app_its_icon_and_menu_entry(deb: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert "Package: folio" in _run(["dpkg-deb", "--info", deb], env)
    contents = _run(["dpkg-deb", "--contents", deb], env)
    assert re.search(r"\./usr/bin/folio -> /opt/folio/folio\n", contents)
    assert "./usr/share/applications/folio.desktop" in contents
    assert re.search(r"-rwxr-xr-x \S+ +\d+ \S+ \S+ \./opt/folio/folio\n", contents)
    unpacked = tmp_path / "unpacked"
    _run(["dpkg-deb", "-x", deb, unpacked], env)
    hicolor = unpacked / "usr" / "share" / "icons" / "hicolor"
    svg = (ROOT / "resources" / "icons" / "folio.svg").read_bytes()
    assert (hicolor / "scalable" / "apps" / "folio.svg").read_bytes() == svg
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = (hicolor / f"{size}x{size}" / "apps" / "folio.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == size  # IHDR width
    desktop = (unpacked / "usr" / "share" / "applications" / "folio.desktop").read_text()
    assert "Exec=/usr/bin/folio" in desktop
    assert "\nIcon=folio\n" in desktop  # the theme name, found in hicolor
    if shutil.which("desktop-file-validate"):
        _run(["desktop-file-validate", unpacked / "usr/share/applications/folio.desktop"], env)
    # Unpacked (as dpkg would), the symlink starts the app.
    link = tmp_path / "folio-link"
    link.symlink_to(unpacked / "opt" / "folio" / "folio")
    assert _run([link, "--version"], env).startswith("folio ")
    # The postinst runs the self-test, isolated (its own HOME, TMPDIR and data folder).
    postinst = tmp_path / "control"
    _run(["dpkg-deb", "-e", deb, postinst], env)
    script = (postinst / "postinst").read_text()
    assert "self-test" in script
    assert "QT_QPA_PLATFORM=offscreen" in script
    as_root = os.geteuid() == 0 and os.environ.get("FOLIO_NO_SYSTEM_INSTALL") != "1"
    if as_root and not _folio_installed(env):
        _install_for_real(deb, env)


@PACKAGING
@pytest.mark.timeout(600)
def test_deb_is_lintian_clean_with_its_overrides(deb: Path, tmp_path: Path) -> None:
    assert shutil.which("lintian"), "lintian is missing: run ./dev setup"
    done = subprocess.run(
        ["lintian", "--fail-on", "error,warning", "--tag-display-limit", "0", str(deb)],
        check=False,
        capture_output=True,
        text=True,
        timeout=400,
    )
    tags = [line for line in done.stdout.splitlines() if re.match(r"[EW]: ", line)]
    assert not tags, "\n".join(tags)
    assert done.returncode == 0, done.stdout + done.stderr


def _folio_installed(env: dict[str, str]) -> bool:
    found = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", "folio"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
    )
    return found.returncode == 0 and "installed" in found.stdout.split()


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
        assert status == "install ok installed"  # the postinst's self-test passed
        assert _run(["/usr/bin/folio", "--version"], env).startswith("folio ")
        assert "self-test passed" in _run(["/usr/bin/folio", "--self-test"], env, 180)
    finally:
        _run(["dpkg", "-r", "folio"], env)
    assert not Path("/usr/bin/folio").exists()


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
