"""Plaintext copies of a vault, for the tests that must see what encryption hides.

The negative controls (does the leak scanner find plaintext when there is some?)
and the purge checks (is a purged word gone from every page of the database?)
need the vault's content decrypted. That used to be a switch in production code;
here it is done from outside, with the unlocked vault's own connection, so the
product has no way to write its database or documents in the clear.
"""

from __future__ import annotations

from pathlib import Path

from sync.store import documents
from sync.vault import BlobRef, UnlockedVault


def export_database(vault: UnlockedVault, dest: Path) -> None:
    """The whole database, decrypted, at ``dest`` (SQLCipher's sqlcipher_export)."""
    vault.db.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(dest),))
    try:
        vault.db.execute("SELECT sqlcipher_export('plaintext')")
    finally:
        vault.db.execute("DETACH DATABASE plaintext")


def write_plaintext_copy(vault: UnlockedVault, dest: Path) -> list[Path]:
    """The database and every linked document, decrypted, into ``dest``.

    The database goes to ``dest/vault.db.plain``, each document to
    ``dest/blobs-plain/<blob id>``. Returns the files written.
    """
    dest.mkdir(parents=True, exist_ok=True)
    database = dest / "vault.db.plain"
    export_database(vault, database)
    written = [database]
    blob_dir = dest / "blobs-plain"
    blob_dir.mkdir(exist_ok=True)
    for row in documents.linked_blobs(vault.db):
        path = blob_dir / row.blob_id
        path.write_bytes(vault.blobs.read(BlobRef(row.blob_id, row.version, row.key_wrapped)))
        written.append(path)
    return written
