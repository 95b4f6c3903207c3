"""The Windows installer definition (packaging/windows/folio.wxs), built here with wixl.

packaging/windows/build-msi.sh builds the MSI from a stand-in for the Windows
bundle (the two executables as dummies, the real icon rendered from the SVG), and
msiinfo reads its tables back: the properties IT passes on the command line land
in HKLM\\SOFTWARE\\Folio under the names sync's policy registry knows (never in
the Policies key, which is Group Policy's), the secret ones are hidden from
logs, the ProgramData folder gets its admin-only ACL, and Add/Remove Programs has
the icon and the product's links. Installing it needs Windows and is not tried.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sync.config import policy

ROOT = Path(__file__).resolve().parents[2]
BUILD_MSI = ROOT / "packaging" / "windows" / "build-msi.sh"
VERSION = "1.2.3"
#: Public MSI property -> the policy key it sets (docs/admin.md, "Intune").
PROPERTIES = {
    "SERVERURL": "server_url",
    "ENROLLMENTTOKEN": "enrollment_token",
    "ENROLLMENTCODE": "enrollment_code",
    "ASSETTAG": "asset_tag",
}


def _ico(out: Path) -> Path:
    spec = importlib.util.spec_from_file_location("folio_icons", ROOT / "packaging" / "icons.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["folio_icons"] = module
    spec.loader.exec_module(module)
    built = module.build(out)
    return next(p for p in built if p.suffix == ".ico")


@pytest.fixture(scope="module")
def msi(tmp_path_factory: pytest.TempPathFactory, qapp: object) -> Path:
    # qapp first: icons.py would otherwise make a QGuiApplication, which widgets cannot use.
    for tool in ("wixl", "wixl-heat", "msiinfo"):
        assert shutil.which(tool), f"{tool} is missing: run ./dev setup (msitools, wixl)"
    work = tmp_path_factory.mktemp("msi")
    bundle = work / "folio"
    icons = bundle / "_internal" / "resources" / "icons"
    icons.mkdir(parents=True)
    shutil.copy(_ico(work / "icons"), icons / "folio.ico")
    for exe in ("Folio.exe", "folio-cli.exe"):
        (bundle / exe).write_bytes(b"MZ stand-in for " + exe.encode())
    (bundle / "_internal" / "base_library.zip").write_bytes(b"PK stand-in")
    done = subprocess.run(
        [str(BUILD_MSI), str(bundle), VERSION, str(work / "out")],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip())
    assert path == work / "out" / f"folio-{VERSION}.msi"
    return path


def _table(msi: Path, name: str) -> list[list[str]]:
    """The table's rows (msiinfo export: a header of three lines, then tab-separated rows)."""
    # cwd: a table with a binary column (Icon) is exported with its streams in a folder.
    out = subprocess.run(
        ["msiinfo", "export", str(msi), name],
        check=True,
        capture_output=True,
        text=True,
        cwd=msi.parent,
    ).stdout
    return [line.split("\t") for line in out.splitlines()[3:] if line]


def _properties(msi: Path) -> dict[str, str]:
    return {row[0]: row[1] for row in _table(msi, "Property")}


def test_properties_become_machine_settings_outside_the_policies_key(msi: Path) -> None:
    rows = _table(msi, "Registry")
    written = {(row[2], row[3]): row[4] for row in rows if row[1] == "2"}  # 2 = HKLM
    for prop, key in PROPERTIES.items():
        assert written[("SOFTWARE\\Folio", key)] == f"[{prop}]"
        assert policy.Source.POLICY in policy.REGISTRY[key].sources
    assert not [row for row in rows if "Policies" in row[2]], "GPO's key is not the MSI's"
    assert policy.INSTALLER_REGISTRY_KEY == "SOFTWARE\\Folio"
    properties = _properties(msi)
    for prop in PROPERTIES:
        assert properties[prop] == " "  # "not set" to sync/config/policy.py
    assert properties["ALLUSERS"] == "1"  # per-machine
    assert properties["ProductVersion"] == VERSION
    assert properties["Manufacturer"] == "Folio"


def test_secrets_are_hidden_from_install_logs(msi: Path) -> None:
    hidden = set(_properties(msi)["MsiHiddenProperties"].split(";"))
    assert hidden == {"ENROLLMENTCODE", "ENROLLMENTTOKEN"}
    secret_keys = {k.name for k in policy.KEYS if k.secret}
    assert {p for p, key in PROPERTIES.items() if key in secret_keys} <= hidden


def test_add_remove_programs_has_the_icon_and_the_links(msi: Path, tmp_path: Path) -> None:
    properties = _properties(msi)
    assert properties["ARPPRODUCTICON"] == "folio.ico"
    for link in ("ARPHELPLINK", "ARPURLINFOABOUT", "ARPCONTACT"):
        assert properties[link].strip()
    assert [row[0] for row in _table(msi, "Icon")] == ["folio.ico"]
    # The icon stream is the bundle's folio.ico, byte for byte.
    subprocess.run(
        ["msiinfo", "extract", str(msi), "Icon.folio.ico"],
        check=True,
        stdout=(tmp_path / "icon.ico").open("wb"),
    )
    shipped = msi.parent.parent / "folio" / "_internal" / "resources" / "icons" / "folio.ico"
    assert (tmp_path / "icon.ico").read_bytes() == shipped.read_bytes()
    (shortcut,) = _table(msi, "Shortcut")
    assert shortcut[4] == "[INSTALLDIR]Folio.exe"  # the windowed app, not the console one
    assert shortcut[8] == "folio.ico"


def test_both_executables_are_installed(msi: Path) -> None:
    names = {row[2] for row in _table(msi, "File")}
    assert {"Folio.exe", "folio-cli.exe", "folio.ico"} <= names


def test_programdata_folder_is_made_admin_only(msi: Path) -> None:
    directories = {row[0]: row for row in _table(msi, "Directory")}
    assert directories["PROGRAMDATAFOLIO"][1:] == ["CommonAppDataFolder", "Folio"]
    assert ["PROGRAMDATAFOLIO", "ProgramDataFolder"] in _table(msi, "CreateFolder")
    actions = {row[0]: row for row in _table(msi, "CustomAction")}
    set_path, lock = actions["SetIcaclsPath"], actions["LockProgramData"]
    assert int(set_path[1]) & 0x3F == 51  # set a property ...
    assert not int(set_path[1]) & 0x400  # ... right away, before the script runs
    assert set_path[2:4] == ["ICACLS", "[System64Folder]icacls.exe"]
    kind = int(lock[1])
    assert kind & 0x3F == 50  # run the exe named by a property
    assert kind & 0x400  # deferred (in the install script, elevated) ...
    assert kind & 0x800  # ... as SYSTEM, not as the user
    # Inheritance off; only Administrators and SYSTEM write, Users read (SIDs: any language).
    assert re.fullmatch(
        r'"\[PROGRAMDATAFOLIO\]\." /inheritance:r /grant:r \*S-1-5-32-544:\(OI\)\(CI\)F '
        r"\*S-1-5-18:\(OI\)\(CI\)F \*S-1-5-32-545:\(OI\)\(CI\)RX",
        lock[3],
    )
    sequence = {row[0]: (row[1], int(row[2])) for row in _table(msi, "InstallExecuteSequence")}
    create = sequence["CreateFolders"][1]
    assert create < sequence["SetIcaclsPath"][1] < sequence["LockProgramData"][1]
    assert sequence["LockProgramData"][1] < sequence["InstallFinalize"][1]
    assert sequence["LockProgramData"][0] == "NOT REMOVE"


def test_an_upgrade_closes_a_running_app(msi: Path) -> None:
    properties = _properties(msi)
    assert properties["MSIRMSHUTDOWN"] == "1"  # Restart Manager closes Folio, no reboot
    assert "WIX_UPGRADE_DETECTED" in properties["SecureCustomProperties"]
