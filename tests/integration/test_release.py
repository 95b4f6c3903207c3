"""The server publishes signed release metadata; devices verify it (issue 7, Updates).

Real server subprocess, both databases. Metadata is signed with a test release key
(packaging/sign_release.py, the release manager's script) and published with the real
``folio-server release publish``; devices check it through sync.device.updates with that key
injected, over real HTTP, at the URL the enrolled device file names. What a
compromised server or database could serve (tampered bytes, a replayed old version)
is written straight into the database, since ``release publish`` refuses it.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from server_harness import Server

from server import cli as server_cli
from server import releases
from server.models import Setting
from sync.config import policy
from sync.device import enrollment as device
from sync.device import updates
from sync.device.updates import Status, Target, UpdateChecker
from sync.errors import FolioError

# Tampered, expired and rolled-back metadata is refused on purpose; the checker logs
# each refusal as a warning.
pytestmark = pytest.mark.log_expect(r"^folio\.updates: update\.refused$")

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = "linux-x86_64"
TARGET = Target("https://downloads.example.org/folio_9.0.0_amd64.deb", "cd" * 32, 4242)
_BIN = Path(sys.executable).parent


def _hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


@pytest.fixture(scope="module")
def release_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def sign(release_key: Ed25519PrivateKey) -> Callable[..., bytes]:
    def make(version: int, app: str = "9.0.0", valid_for: timedelta = timedelta(days=7)) -> bytes:
        return updates.sign_release(
            release_key,
            version=version,
            app_version=app,
            targets={PLATFORM: TARGET},
            valid_for=valid_for,
        )

    return make


def _next_version(server: Server) -> int:
    shown = releases.describe_current(server.ctx)
    return 1 if shown is None else int(shown["version"]) + 1


def _publish(server: Server, tmp_path: Path, data: bytes, key: Ed25519PrivateKey) -> int:
    """``folio-server release publish`` in-process (same code as the command; a
    subprocess costs seconds, and the round-trip test runs the real one)."""
    path = tmp_path / f"release-{len(list(tmp_path.iterdir()))}.json"
    path.write_bytes(data)
    return server_cli.main(
        [
            *("--data-dir", str(server.data_dir), "--db", server.db_url),
            *("release", "publish", str(path), "--trusted-key", _hex(key)),
        ]
    )


def _device(server: Server, tmp_path: Path) -> tuple[Path, policy.Config]:
    """A data dir enrolled with ``server`` (the marker file), and an empty machine policy."""
    data_dir = tmp_path / "device"
    data_dir.mkdir()
    device.write_device_file(data_dir, server.url, "device-1")
    (tmp_path / "policy.toml").write_text("", encoding="utf-8")
    config = policy.load(
        data_dir,
        environ={"FOLIO_POLICY": str(tmp_path / "policy.toml")},
        registry=policy.PolicyLayer,
    )
    return data_dir, config


def _checker(
    data_dir: Path,
    key: Ed25519PrivateKey,
    installed: str = "1.0.0",
    at: datetime | None = None,
) -> UpdateChecker:
    return UpdateChecker(
        installed,
        data_dir,
        trusted_keys=[_hex(key)],
        clock=(lambda: at) if at else (lambda: datetime.now(UTC)),
        platform=PLATFORM,
    )


def _check(checker: UpdateChecker, config: policy.Config, data_dir: Path) -> updates.CheckResult:
    return checker.check(
        config, updates.fetch_with_requests, enrolled_server=device.enrolled_server(data_dir)
    )


def _refusal(checker: UpdateChecker, config: policy.Config, data_dir: Path) -> FolioError:
    with pytest.raises(FolioError) as caught:
        _check(checker, config, data_dir)
    return caught.value


def _overwrite_stored(server: Server, data: bytes) -> None:
    """What an attacker with write access to the database (or the server) could do."""
    with server.ctx.sessions() as session, session.begin():
        row = session.get(Setting, releases.SETTING_KEY)
        assert row is not None
        row.value = {**row.value, "metadata": base64.b64encode(data).decode("ascii")}


def test_nothing_published_is_404(server: Server) -> None:
    with server.ctx.sessions() as session, session.begin():
        row = session.get(Setting, releases.SETTING_KEY)
        if row is not None:
            session.delete(row)
    r = httpx.get(f"{server.url}/v1/release")
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"
    shown = server.cli("release", "show")
    assert shown.returncode == 0
    assert shown.stdout.strip() == "no release published"


def test_release_signed_offline_is_served_verbatim_and_offered(
    server: Server, tmp_path: Path
) -> None:
    # the release manager's side: packaging/sign_release.py makes the key and signs
    key_file = tmp_path / "release-key.pem"
    installer = tmp_path / "folio.deb"
    installer.write_bytes(b"not really a deb, but hashed like one")
    script = [sys.executable, str(ROOT / "packaging" / "sign_release.py")]
    made = subprocess.run(
        [*script, "keygen", "--key", str(key_file)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    public = made.stdout.strip().rsplit(" ", 1)[-1]
    out = tmp_path / "release.json"
    version = _next_version(server)
    url = "https://downloads.example.org/folio_9.1.0_amd64.deb"
    subprocess.run(
        [
            *script,
            "sign",
            "--key",
            str(key_file),
            "--version",
            str(version),
            "--app-version",
            "9.1.0",
            "--out",
            str(out),
            "--target",
            PLATFORM,
            url,
            str(installer),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    published = server.cli("release", "publish", str(out), "--trusted-key", public)
    assert published.returncode == 0, published.stderr
    assert f"version {version}" in published.stdout

    served = httpx.get(f"{server.url}/v1/release")
    assert served.status_code == 200
    assert served.content == out.read_bytes()  # verbatim: the signature still verifies

    # the device's side: the enrolled server's URL, the release key injected
    data_dir, config = _device(server, tmp_path)
    assert config.text("update_url") == ""
    assert config.text("server_url") == ""
    assert updates.metadata_url(config, device.enrolled_server(data_dir)) == (
        f"{server.url}/v1/release"
    )
    loaded = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    assert isinstance(loaded, Ed25519PrivateKey)
    result = _check(_checker(data_dir, loaded), config, data_dir)
    assert result.status is Status.AVAILABLE
    assert result.release is not None
    assert result.release.app_version == "9.1.0"
    assert result.target is not None
    assert result.target.url == url
    assert result.target.length == installer.stat().st_size

    # the real `folio update-check` fetches from the enrolled server too; the app pins
    # Folio's own release key, so this test key's metadata is refused as wrong_key
    env = {"FOLIO_POLICY": str(tmp_path / "policy.toml")}
    check = subprocess.run(
        [str(_BIN / "folio"), "--data-dir", str(data_dir), "update-check"],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("FOLIO_")},
            **env,
        },
        check=False,
    )
    assert check.returncode == 1, check.stdout + check.stderr
    assert "update refused (wrong_key)" in check.stderr
    assert "Traceback" not in check.stderr


def test_publish_refuses_what_devices_would_refuse(
    server: Server,
    tmp_path: Path,
    release_key: Ed25519PrivateKey,
    sign: Callable[..., bytes],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _publish(server, tmp_path, sign(_next_version(server)), release_key) == 0
    current = _next_version(server) - 1
    before = httpx.get(f"{server.url}/v1/release").content
    other = Ed25519PrivateKey.generate()
    tampered = json.loads(sign(current + 1))
    signed = json.loads(base64.b64decode(tampered["signed"]))
    signed["app_version"] = "66.6.6"
    tampered["signed"] = base64.b64encode(json.dumps(signed).encode()).decode()
    cases = {
        "not signed by a release key": updates.sign_release(
            other, version=current + 1, app_version="9.0.0", targets={PLATFORM: TARGET}
        ),
        "does not match": json.dumps(tampered).encode(),
        "expired": sign(current + 1, valid_for=timedelta(seconds=-5)),
        "rollback": sign(current),
        "not a signed release envelope": b"{}",
        "cannot read": None,
    }
    # the same CLI code in-process (a subprocess per case costs seconds; the good
    # publish above ran the real command)
    base = ["--data-dir", str(server.data_dir), "--db", server.db_url, "release", "publish"]
    for expected, data in cases.items():
        path = tmp_path / f"refused-{len(list(tmp_path.iterdir()))}.json"
        if data is not None:
            path.write_bytes(data)
        code = server_cli.main([*base, str(path), "--trusted-key", _hex(release_key)])
        err = capsys.readouterr().err
        assert code == 2, (expected, err)
        assert expected in err
        assert err.startswith("folio-server: ")
        assert len(err.strip().splitlines()) == 1, err
    assert httpx.get(f"{server.url}/v1/release").content == before
    path = tmp_path / "same.json"
    path.write_bytes(before)
    assert server_cli.main([*base, str(path), "--trusted-key", _hex(release_key)]) == 0


def test_tampered_metadata_served_is_refused(
    server: Server,
    tmp_path: Path,
    release_key: Ed25519PrivateKey,
    sign: Callable[..., bytes],
) -> None:
    good = sign(_next_version(server))
    assert _publish(server, tmp_path, good, release_key) == 0
    envelope = json.loads(good)
    signed = json.loads(base64.b64decode(envelope["signed"]))
    signed["targets"][PLATFORM]["url"] = "https://evil.example/folio.deb"
    envelope["signed"] = base64.b64encode(json.dumps(signed).encode()).decode()
    _overwrite_stored(server, json.dumps(envelope).encode())
    data_dir, config = _device(server, tmp_path)
    err = _refusal(_checker(data_dir, release_key), config, data_dir)
    assert err.reason == updates.REASON_TAMPERED
    assert "signature" in err.detail


def test_release_older_than_installed_is_refused_as_rollback(
    server: Server,
    tmp_path: Path,
    release_key: Ed25519PrivateKey,
    sign: Callable[..., bytes],
) -> None:
    run = _publish(server, tmp_path, sign(_next_version(server), app="1.4.0"), release_key)
    assert run == 0
    data_dir, config = _device(server, tmp_path)
    err = _refusal(_checker(data_dir, release_key, installed="2.0.0"), config, data_dir)
    assert err.reason == updates.REASON_ROLLBACK
    assert "older than the installed 2.0.0" in err.detail


def test_replayed_old_metadata_is_refused_as_rollback(
    server: Server,
    tmp_path: Path,
    release_key: Ed25519PrivateKey,
    sign: Callable[..., bytes],
) -> None:
    version = _next_version(server)
    old, new = sign(version), sign(version + 1)
    assert _publish(server, tmp_path, old, release_key) == 0
    assert _publish(server, tmp_path, new, release_key) == 0
    data_dir, config = _device(server, tmp_path)
    checker = _checker(data_dir, release_key)
    assert _check(checker, config, data_dir).status is Status.AVAILABLE
    _overwrite_stored(server, old)  # a compromised server replays the older signed file
    err = _refusal(checker, config, data_dir)
    assert err.reason == updates.REASON_ROLLBACK


def test_expired_metadata_is_refused(
    server: Server,
    tmp_path: Path,
    release_key: Ed25519PrivateKey,
    sign: Callable[..., bytes],
) -> None:
    run = _publish(
        server, tmp_path, sign(_next_version(server), valid_for=timedelta(hours=1)), release_key
    )
    assert run == 0
    data_dir, config = _device(server, tmp_path)
    # a frozen server keeps serving the same file; two hours on, devices refuse it
    later = datetime.now(UTC) + timedelta(hours=2)
    err = _refusal(_checker(data_dir, release_key, at=later), config, data_dir)
    assert err.reason == updates.REASON_EXPIRED
