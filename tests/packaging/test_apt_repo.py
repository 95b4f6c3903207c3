"""The signed apt repository for a Linux fleet (packaging/linux/make-apt-repo.sh).

A throwaway OpenPGP key signs a repository holding a small stand-in folio package
(built with dpkg-deb, so this test does not need the bundle); then the real
apt-get, in its own state folders (the machine's apt configuration and lists are
untouched), reads it as a tablet would: with the key as ``signed-by`` the
repository is accepted and offers folio at its version; with another key it is
refused as unsigned, so the signature is what apt checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKE_REPO = ROOT / "packaging" / "linux" / "make-apt-repo.sh"


def _run(
    args: list[str | Path], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], check=False, capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture
def gpg_homes(tmp_path: Path) -> Iterator[list[Path]]:
    """Keyrings made by the test; their gpg-agents are stopped afterwards."""
    homes: list[Path] = []
    yield homes
    for home in homes:
        _run(["gpgconf", "--kill", "gpg-agent"], {**os.environ, "GNUPGHOME": str(home)})


def _key(home: Path, name: str, homes: list[Path]) -> str:
    home.mkdir(mode=0o700)
    homes.append(home)
    env = {**os.environ, "GNUPGHOME": str(home)}
    done = _run(
        ["gpg", "--batch", "--passphrase", "", "--quick-gen-key", name, "ed25519", "sign", "1d"],
        env,
    )
    assert done.returncode == 0, done.stderr
    return name


def _stand_in_deb(tmp: Path, version: str) -> Path:
    root = tmp / "pkg"
    (root / "DEBIAN").mkdir(parents=True)
    (root / "usr" / "share" / "doc" / "folio").mkdir(parents=True)
    (root / "usr" / "share" / "doc" / "folio" / "README").write_text("stand-in\n")
    (root / "DEBIAN" / "control").write_text(
        f"Package: folio\nVersion: {version}\nArchitecture: all\n"
        "Maintainer: The Folio developers <folio@example.org>\n"
        "Description: stand-in for the apt repository test\n"
    )
    deb = tmp / f"folio_{version}_all.deb"
    done = _run(["dpkg-deb", "--root-owner-group", "--build", root, deb])
    assert done.returncode == 0, done.stderr
    return deb


def _apt(tmp: Path, repo: Path, keyring: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """apt-get/apt-cache with every state and source folder inside ``tmp``."""
    state = tmp / "apt"
    for sub in ("lists/partial", "cache/archives/partial", "etc/apt.conf.d", "etc/preferences.d"):
        (state / sub).mkdir(parents=True, exist_ok=True)
    (state / "status").touch()
    sources = state / "folio.list"
    sources.write_text(f"deb [signed-by={keyring}] file://{repo} stable main\n")
    options = [
        f"-oDir::Etc::SourceList={sources}",
        "-oDir::Etc::SourceParts=/nonexistent",
        f"-oDir::Etc::Parts={state / 'etc' / 'apt.conf.d'}",
        f"-oDir::Etc::PreferencesParts={state / 'etc' / 'preferences.d'}",
        f"-oDir::State::Lists={state / 'lists'}",
        f"-oDir::State::status={state / 'status'}",
        f"-oDir::Cache={state / 'cache'}",
        "-oAPT::Sandbox::User=root",
        "-oDebug::NoLocking=1",
    ]
    tool = "apt-cache" if args[0] == "policy" else "apt-get"
    return _run([tool, *options, *args])


def test_a_tablet_accepts_the_signed_repository_and_refuses_a_wrong_key(
    tmp_path: Path, gpg_homes: list[Path]
) -> None:
    for tool in ("gpg", "dpkg-scanpackages", "apt-get"):
        assert shutil.which(tool), f"{tool} is missing: run ./dev setup"
    if os.geteuid() != 0:
        pytest.skip("apt-get update in private folders needs root (CI runs as root)")
    signer = _key(tmp_path / "gnupg", "Folio test archive <apt@example.org>", gpg_homes)
    env = {**os.environ, "GNUPGHOME": str(tmp_path / "gnupg")}
    repo = tmp_path / "repo"
    done = _run([MAKE_REPO, repo, signer, _stand_in_deb(tmp_path, "1.2.3")], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(repo)
    for made in (
        "pool/main/f/folio/folio_1.2.3_all.deb",
        "dists/stable/main/binary-all/Packages.gz",
        "dists/stable/InRelease",
        "dists/stable/Release.gpg",
        "folio-archive-keyring.gpg",
    ):
        assert (repo / made).is_file(), made

    keyring = repo / "folio-archive-keyring.gpg"
    update = _apt(tmp_path / "good", repo, keyring, "update")
    assert update.returncode == 0, update.stdout + update.stderr
    assert "NO_PUBKEY" not in update.stderr
    assert "not signed" not in update.stderr
    policy = _apt(tmp_path / "good", repo, keyring, "policy", "folio")
    assert "Candidate: 1.2.3" in policy.stdout, policy.stdout + policy.stderr

    # Another key: apt refuses the repository, so the signature is what it checked.
    _key(tmp_path / "other-gnupg", "Someone else <x@example.org>", gpg_homes)
    other = tmp_path / "other.gpg"
    other.write_bytes(
        subprocess.run(
            ["gpg", "--export", "Someone else"],
            env={**os.environ, "GNUPGHOME": str(tmp_path / "other-gnupg")},
            capture_output=True,
            check=True,
        ).stdout
    )
    refused = _apt(tmp_path / "bad", repo, other, "update")
    assert "NO_PUBKEY" in refused.stderr or "not signed" in refused.stderr, refused.stderr
    assert "Candidate: 1.2.3" not in _apt(tmp_path / "bad", repo, other, "policy", "folio").stdout
