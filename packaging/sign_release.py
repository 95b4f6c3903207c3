"""Sign Folio release metadata offline, on the release manager's machine.

The release private key never goes to the server: this script writes the signed
metadata file, and ``folio-server release publish FILE`` only stores and serves it
(docs/admin.md, "Publishing an update"). The format and the checks devices make
are in sync/device/updates.py.

    # once: make the key pair; the public key goes into sync/device/updates.py RELEASE_KEYS
    python packaging/sign_release.py keygen --key release-key.pem

    # each release: one --target per platform (the installer is hashed here)
    python packaging/sign_release.py sign --key release-key.pem --version 7 \\
        --app-version 1.3.0 --valid-days 30 --out release.json \\
        --target linux-x86_64 https://downloads.example.org/folio_1.3.0_amd64.deb dist/folio.deb

``FOLIO_RELEASE_KEY_PASSPHRASE`` encrypts (keygen) and decrypts (sign) the key file.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync.config.policy import parse_version
from sync.device.updates import Target, sign_release

ENV_PASSPHRASE = "FOLIO_RELEASE_KEY_PASSPHRASE"  # noqa: S105 (an env var name)


class UsageError(Exception):
    """A mistake of the person running the script: one line, exit 2."""


def _passphrase() -> bytes | None:
    value = os.environ.get(ENV_PASSPHRASE)
    return value.encode() if value else None


def public_hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def keygen(path: Path) -> str:
    if path.exists():
        raise UsageError(f"{path} exists; not overwriting a release key")
    key = Ed25519PrivateKey.generate()
    secret = _passphrase()
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(secret) if secret else serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return public_hex(key)


def load_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=_passphrase())
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
    except (ValueError, TypeError) as exc:
        raise UsageError(
            f"{path}: not a readable PEM key (passphrase in ${ENV_PASSPHRASE}?)"
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise UsageError(f"{path}: not an Ed25519 key")
    return key


def target_for(url: str, installer: Path) -> Target:
    if not url.startswith("https://"):
        raise UsageError(f"{url}: the download URL must be https://")
    digest = hashlib.sha256()
    size = 0
    try:
        with installer.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise UsageError(f"cannot read {installer}: {exc.strerror}") from exc
    if size == 0:
        raise UsageError(f"{installer} is empty")
    return Target(url, digest.hexdigest(), size)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="sign_release.py", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    kg = sub.add_parser("keygen", help="make a release key pair; prints the public key to pin")
    kg.add_argument("--key", type=Path, required=True)
    sg = sub.add_parser("sign", help="write signed release metadata")
    sg.add_argument("--key", type=Path, required=True)
    sg.add_argument("--version", type=int, required=True, help="metadata version, +1 each time")
    sg.add_argument("--app-version", required=True, help="the offered Folio version, 1.2.3")
    sg.add_argument("--valid-days", type=int, default=30, help="devices refuse it after this")
    sg.add_argument(
        "--target",
        nargs=3,
        action="append",
        required=True,
        metavar=("PLATFORM", "URL", "INSTALLER"),
        help="e.g. linux-x86_64 or windows-x64, its https download URL, the file to hash",
    )
    sg.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    try:
        if args.command == "keygen":
            print(f"public key (add to RELEASE_KEYS in sync/device/updates.py): {keygen(args.key)}")
            return 0
        if args.version < 1:
            raise UsageError("--version must be at least 1")
        if parse_version(args.app_version) is None:
            raise UsageError(f"--app-version {args.app_version!r}: use a version like 1.2.3")
        if args.valid_days < 1:
            raise UsageError("--valid-days must be at least 1")
        key = load_key(args.key)
        targets = {platform: target_for(url, Path(f)) for platform, url, f in args.target}
        data = sign_release(
            key,
            version=args.version,
            app_version=args.app_version,
            targets=targets,
            valid_for=timedelta(days=args.valid_days),
        )
        args.out.write_bytes(data)
        print(f"signed release metadata version {args.version} -> {args.out}")
        print(f"signed by key {public_hex(key)}")
        return 0
    except UsageError as exc:
        print(f"sign_release.py: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
