"""sync/device/updates.py: signed release metadata with TUF's checks -- valid, tampered, wrong
key, rollback (metadata version and app version), freeze (expired), malformed, policy off;
release keys from locked machine policy and their rotation, a 404 that must not hide a
release already seen, and the fetch's trust store and server pin."""

from __future__ import annotations

import base64
import hashlib
import http.server
import ipaddress
import json
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID

from sync import api
from sync.cli import core as cli
from sync.config import policy
from sync.device import enrollment as device
from sync.device import updates
from sync.device.updates import Status, Target, UpdateChecker
from sync.errors import ErrorKind, FolioError

# Refused update metadata is logged as a warning, by design; some tests also give a
# policy with a key the registry warns about.
pytestmark = pytest.mark.log_expect(
    "^folio\\.updates: update\\.(refused|trusted_keys_ignored)$",
    "^folio\\.policy: policy\\.warning$",
)

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


# --- issue 16: the organisation's release keys, a 404 after a newer release, the fetch ---


class _Published(http.server.BaseHTTPRequestHandler):
    """/v1/release as a server serves it: the metadata, or 404 when nothing is published."""

    body: bytes | None = None

    def do_GET(self) -> None:
        if self.body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def published() -> Iterator[tuple[str, type[_Published]]]:
    handler = type("Handler", (_Published,), {"body": None})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1/release", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def _update_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], policy_text: str
) -> tuple[int, str, str]:
    (tmp_path / "p.toml").write_text(policy_text, encoding="utf-8")
    code = cli.main(["--data-dir", str(tmp_path / "d"), "update-check"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_locked_machine_policy_names_the_release_keys_an_organisation_signs_with(
    tmp_path: Path,
    release_key: Ed25519PrivateKey,
    published: tuple[str, type[_Published]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, handler = published
    handler.body = updates.sign_release(
        release_key, version=1, app_version="99.0.0", targets={updates.this_platform(): TARGET}
    )
    monkeypatch.setenv("FOLIO_POLICY", str(tmp_path / "p.toml"))
    org = f'update_url = "{url}"\nupdate_trusted_keys = "{_hex(release_key).upper()}"\n'
    # Unlocked, the value could be the reader's own: Folio's pinned key still rules.
    code, _out, err = _update_check(tmp_path, capsys, org)
    assert code == 1
    assert "update refused (wrong_key)" in err
    code, out, _err = _update_check(tmp_path, capsys, org + 'locked = ["update_trusted_keys"]\n')
    assert code == 0
    assert json.loads(out)["status"] == "available"
    assert json.loads(out)["available"] == "99.0.0"
    # A value that is not a key list is refused by the registry, never half-trusted.
    bad = policy.load(None, environ={"FOLIO_POLICY": str(tmp_path / "bad.toml")})
    assert bad.text("update_trusted_keys") == ""
    (tmp_path / "bad.toml").write_text('update_trusted_keys = "abc"\n', encoding="utf-8")
    bad = policy.load(None, environ={"FOLIO_POLICY": str(tmp_path / "bad.toml")})
    assert bad.text("update_trusted_keys") == ""
    assert any(w.key == "update_trusted_keys" for w in bad.warnings)


def test_a_release_key_rotation_trusts_both_keys_then_only_the_new_one(
    tmp_path: Path, release_key: Ed25519PrivateKey
) -> None:
    new_key = Ed25519PrivateKey.generate()
    both = _config(
        tmp_path,
        f'update_trusted_keys = "{_hex(release_key)}, {_hex(new_key)}"\n'
        'locked = ["update_trusted_keys"]\n',
    )
    during = UpdateChecker(
        "1.2.0", tmp_path, trusted_keys=updates.trusted_keys(both), clock=lambda: NOW
    )
    assert during.verify(_meta(release_key, version=1)).version == 1
    assert during.verify(_meta(new_key, version=2)).version == 2
    after = _config(
        tmp_path, f'update_trusted_keys = "{_hex(new_key)}"\nlocked = ["update_trusted_keys"]\n'
    )
    done = UpdateChecker(
        "1.2.0", tmp_path, trusted_keys=updates.trusted_keys(after), clock=lambda: NOW
    )
    assert done.verify(_meta(new_key, version=3)).version == 3
    assert _refused(done, _meta(release_key, version=4)).reason == updates.REASON_WRONG_KEY


def test_nothing_published_after_a_newer_release_was_seen_still_reports_it(
    tmp_path: Path,
    release_key: Ed25519PrivateKey,
    published: tuple[str, type[_Published]],
) -> None:
    url, handler = published
    config = _config(tmp_path, f'update_url = "{url}"\n')
    checker = _checker(tmp_path, release_key)
    handler.body = _meta(release_key, version=5, app="1.3.0")
    assert checker.check(config, updates.fetch_with_requests).status is Status.AVAILABLE
    # a later publication for an older app (1.3.0 withdrawn) does not erase 1.3.0 either
    handler.body = _meta(release_key, version=6, app="1.2.5")
    assert checker.check(config, updates.fetch_with_requests).status is Status.AVAILABLE
    handler.body = None  # the server was restored, the mirror emptied: HTTP 404
    after = _checker(tmp_path, release_key).check(config, updates.fetch_with_requests)
    assert after.status is Status.AVAILABLE
    assert after.remembered
    assert after.release is not None
    assert after.release.app_version == "1.3.0"
    assert after.target == TARGET
    # once 1.3.0 is installed, the same 404 is "up to date"
    installed = _checker(tmp_path, release_key, installed="1.3.0")
    assert installed.check(config, updates.fetch_with_requests).status is Status.UP_TO_DATE
    # a device that never saw a release reads 404 as "up to date", as before
    fresh = _checker(tmp_path / "fresh", release_key)
    assert fresh.check(config, updates.fetch_with_requests).status is Status.UP_TO_DATE


def _tls_server(tmp_path: Path, body: bytes) -> tuple[http.server.ThreadingHTTPServer, Path, str]:
    """An HTTPS /v1/release on loopback with a self-signed certificate; returns the
    server, the certificate file and the certificate's SPKI pin."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.now(UTC) - timedelta(days=1))
        .not_valid_after(datetime.now(UTC) + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    pin = base64.b64encode(hashlib.sha256(spki).digest()).decode()
    handler = type("Handler", (_Published,), {"body": body})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, cert_path, pin


def test_the_fetch_trusts_the_os_store_and_holds_the_enrolled_servers_pin(
    tmp_path: Path, release_key: Ed25519PrivateKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = _meta(release_key, expires=datetime.now(UTC) + timedelta(days=7))  # real clock below
    httpd, cert_path, pin = _tls_server(tmp_path, body)
    try:
        server = f"https://127.0.0.1:{httpd.server_address[1]}"
        url = f"{server}/v1/release"
        # Not in any trust store: refused as the sync client refuses it.
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "none.pem"))
        with pytest.raises(FolioError) as caught:
            updates.fetch_with_requests(url)
        assert caught.value.kind is ErrorKind.UNTRUSTED_SERVER
        # IT's CA in the OS store (SSL_CERT_FILE stands in for it): trusted.
        monkeypatch.setenv("SSL_CERT_FILE", str(cert_path))
        assert updates.fetch_with_requests(url) == body
        # The enrolled server's pin holds on top of the store: another key is refused...
        with pytest.raises(FolioError) as caught:
            updates.fetch_with_requests(url, enrolled_server=server, spki_pin="A" * 43 + "=")
        assert caught.value.kind is ErrorKind.UNTRUSTED_SERVER
        # ...its own key passes, and a pin of another origin does not apply here.
        assert updates.fetch_with_requests(url, enrolled_server=server, spki_pin=pin) == body
        other = "https://folio.example.org"
        assert updates.fetch_with_requests(url, enrolled_server=other, spki_pin="A" * 43) == body
        # The facade's check (what Settings and `folio update-check` run) passes the pin on.
        data_dir = tmp_path / "device"
        data_dir.mkdir()
        device.write_device_file(data_dir, server, "device-1")
        (tmp_path / "p.toml").write_text(
            f'update_trusted_keys = "{_hex(release_key)}"\nlocked = ["update_trusted_keys"]\n',
            encoding="utf-8",
        )
        monkeypatch.setenv("FOLIO_POLICY", str(tmp_path / "p.toml"))
        with pytest.raises(FolioError) as caught:
            api.check_for_update(data_dir, spki_pin="A" * 43 + "=")
        assert caught.value.kind is ErrorKind.UNTRUSTED_SERVER
        assert api.check_for_update(data_dir, spki_pin=pin).available == "1.3.0"
    finally:
        httpd.shutdown()
        httpd.server_close()
