"""sync/updates.py: signed release metadata with TUF's checks -- valid, tampered, wrong
key, rollback (metadata version and app version), freeze (expired), malformed, policy off."""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync import cli, policy, updates
from sync.errors import ErrorKind, FolioError
from sync.updates import Status, Target, UpdateChecker

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
PLATFORM = "linux-x86_64"
TARGET = Target("https://updates.example.org/folio-1.3.0.deb", "ab" * 32, 123_456)


def _hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


@pytest.fixture
def release_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _checker(tmp_path: Path, key: Ed25519PrivateKey, installed: str = "1.2.0") -> UpdateChecker:
    return UpdateChecker(
        installed, tmp_path, trusted_keys=[_hex(key)], clock=lambda: NOW, platform=PLATFORM
    )


def _meta(key: Ed25519PrivateKey, version: int = 5, app: str = "1.3.0", **kw: object) -> bytes:
    kw.setdefault("expires", NOW + timedelta(days=7))
    return updates.sign_release(
        key,
        version=version,
        app_version=app,
        targets={PLATFORM: TARGET},
        **kw,  # type: ignore[arg-type]
    )


def _refused(checker: UpdateChecker, data: bytes) -> FolioError:
    with pytest.raises(FolioError) as caught:
        checker.verify(data)
    return caught.value


def test_valid_metadata_verifies_and_raises_the_highest_version(
    tmp_path: Path, release_key: Ed25519PrivateKey
) -> None:
    checker = _checker(tmp_path, release_key)
    release = checker.verify(_meta(release_key, version=5))
    assert release.app_version == "1.3.0"
    assert release.targets[PLATFORM] == TARGET
    assert checker.highest_seen() == 5


def test_tampered_metadata_is_refused(tmp_path: Path, release_key: Ed25519PrivateKey) -> None:
    envelope = json.loads(_meta(release_key))
    signed = json.loads(base64.b64decode(envelope["signed"]))
    signed["targets"][PLATFORM]["url"] = "https://evil.example/folio.deb"
    envelope["signed"] = base64.b64encode(
        json.dumps(signed, sort_keys=True, separators=(",", ":")).encode()
    ).decode()
    checker = _checker(tmp_path, release_key)
    err = _refused(checker, json.dumps(envelope).encode())
    assert (err.kind, err.reason) == (ErrorKind.TAMPERED, updates.REASON_TAMPERED)
    assert "signature" in err.detail
    assert checker.highest_seen() == 0


def test_metadata_signed_by_another_key_is_refused(
    tmp_path: Path, release_key: Ed25519PrivateKey
) -> None:
    other = Ed25519PrivateKey.generate()
    err = _refused(_checker(tmp_path, release_key), _meta(other))
    assert (err.kind, err.reason) == (ErrorKind.TAMPERED, updates.REASON_WRONG_KEY)
    assert "release key" in err.detail
    # a signature list with no signatures at all is the same refusal
    envelope = json.loads(_meta(release_key))
    envelope["signatures"] = []
    err = _refused(_checker(tmp_path, release_key), json.dumps(envelope).encode())
    assert err.reason == updates.REASON_WRONG_KEY


def test_the_pinned_release_key_refuses_test_signed_metadata(
    tmp_path: Path, release_key: Ed25519PrivateKey
) -> None:
    checker = UpdateChecker("1.2.0", tmp_path, clock=lambda: NOW, platform=PLATFORM)
    assert _refused(checker, _meta(release_key)).reason == updates.REASON_WRONG_KEY


def test_rollback_of_the_metadata_version_is_refused(
    tmp_path: Path, release_key: Ed25519PrivateKey
) -> None:
    checker = _checker(tmp_path, release_key)
    checker.verify(_meta(release_key, version=7, app="1.3.0"))
    old = _meta(release_key, version=6, app="1.4.0")
    err = _refused(checker, old)
    assert (err.kind, err.reason) == (ErrorKind.ROLLBACK, updates.REASON_ROLLBACK)
    assert "6" in err.detail
    assert "7" in err.detail
    # the highest version survives a restart (a new checker on the same state dir)
    assert _refused(_checker(tmp_path, release_key), old).reason == updates.REASON_ROLLBACK
    assert checker.verify(_meta(release_key, version=7)).version == 7  # same version: fine


def test_an_app_version_older_than_installed_is_refused(
    tmp_path: Path, release_key: Ed25519PrivateKey
) -> None:
    err = _refused(_checker(tmp_path, release_key, "1.2.0"), _meta(release_key, app="1.1.9"))
    assert (err.kind, err.reason) == (ErrorKind.ROLLBACK, updates.REASON_ROLLBACK)
    assert "older than the installed" in err.detail


def test_expired_metadata_is_refused_as_a_freeze(
    tmp_path: Path, release_key: Ed25519PrivateKey
) -> None:
    stale = _meta(release_key, expires=NOW - timedelta(seconds=1))
    err = _refused(_checker(tmp_path, release_key), stale)
    assert (err.kind, err.reason) == (ErrorKind.EXPIRED, updates.REASON_EXPIRED)
    assert "expired" in err.detail


@pytest.mark.parametrize(
    "data",
    [b"", b"not json", b'{"signed": "%%%", "signatures": []}', b"[]", b"x" * 70_000],
)
def test_malformed_metadata_is_refused(
    tmp_path: Path, release_key: Ed25519PrivateKey, data: bytes
) -> None:
    err = _refused(_checker(tmp_path, release_key), data)
    assert err.reason == updates.REASON_MALFORMED


def test_a_validly_signed_but_ill_formed_field_is_refused(
    tmp_path: Path, release_key: Ed25519PrivateKey
) -> None:
    bad = Target("http://plain.example/folio.deb", "ab" * 32, 1)
    data = updates.sign_release(
        release_key, version=1, app_version="2.0", targets={PLATFORM: bad}, expires=NOW
    )
    err = _refused(_checker(tmp_path, release_key), data)
    assert err.reason == updates.REASON_MALFORMED


def _config(tmp_path: Path, text: str) -> policy.Config:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return policy.load(None, environ={"FOLIO_POLICY": str(path)}, registry=policy.PolicyLayer)


def test_check_offers_a_newer_release_and_policy_can_turn_it_off(
    tmp_path: Path, release_key: Ed25519PrivateKey
) -> None:
    fetched: list[str] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return _meta(release_key, app="1.3.0")

    checker = _checker(tmp_path, release_key)
    on = _config(tmp_path, 'server_url = "https://folio.example.org/"\nmin_app_version = "1.2.5"\n')
    result = checker.check(on, fetch)
    assert result.status is Status.AVAILABLE
    assert result.target == TARGET
    assert result.update_required is True
    assert fetched == ["https://folio.example.org/v1/release"]
    off = _config(tmp_path, 'server_url = "https://folio.example.org"\nupdate_check = false\n')
    assert checker.check(off, fetch).status is Status.DISABLED
    assert len(fetched) == 1
    current = _checker(tmp_path, release_key, installed="1.3.0")
    assert current.check(on, fetch).status is Status.UP_TO_DATE


def test_verify_file_checks_length_and_hash(tmp_path: Path) -> None:
    payload = b"installer bytes"
    good = Target("https://x.example/f", hashlib.sha256(payload).hexdigest(), len(payload))
    path = tmp_path / "f"
    path.write_bytes(payload)
    updates.verify_file(path, good)
    path.write_bytes(payload + b"!")
    with pytest.raises(FolioError) as caught:
        updates.verify_file(path, good)
    assert caught.value.kind is ErrorKind.TAMPERED


class _Serve(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_update_check_command_refuses_metadata_not_signed_by_the_pinned_key(
    tmp_path: Path,
    release_key: Ed25519PrivateKey,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _Serve.body = updates.sign_release(
        release_key, version=1, app_version="99.0.0", targets={PLATFORM: TARGET}
    )
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Serve)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/v1/release"
        (tmp_path / "p.toml").write_text(f'update_url = "{url}"\n', encoding="utf-8")
        monkeypatch.setenv("FOLIO_POLICY", str(tmp_path / "p.toml"))
        data = ["--data-dir", str(tmp_path / "d")]
        assert cli.main([*data, "update-check"]) == 1
        assert "update refused (wrong_key)" in capsys.readouterr().err
        monkeypatch.setenv("FOLIO_UPDATE_CHECK", "false")
        assert cli.main([*data, "update-check"]) == 0
        assert json.loads(capsys.readouterr().out)["status"] == "disabled"
    finally:
        httpd.shutdown()
        httpd.server_close()
