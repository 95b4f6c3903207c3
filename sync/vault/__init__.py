"""The encrypted local store: keys, the SQLCipher database and the sealed blob store."""

from sync.vault.blob import BlobRef, BlobStore, BlobWriter
from sync.vault.db import Database
from sync.vault.keys import KdfParams
from sync.vault.secret_store import SecretStore
from sync.vault.vault import UnlockedVault, Vault

__all__ = [
    "BlobRef",
    "BlobStore",
    "BlobWriter",
    "Database",
    "KdfParams",
    "SecretStore",
    "UnlockedVault",
    "Vault",
]
