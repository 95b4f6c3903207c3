"""The encrypted blob store: document bytes at rest (format in docs/spec/blob-format.md).

Each blob is one file ``blobs/<blob id>`` sealed with its own random data key
(AES-256-GCM, 64 KiB chunks, STREAM nonces = prefix(7) ‖ counter(4) ‖ last(1)
as in Tink's streaming AEAD). The data key is wrapped by the vault's blob key
and returned as ``BlobRef.key_wrapped`` for the caller to keep in its database
row: purging a row's wrapped key crypto-shreds the blob. Every chunk's AAD binds
blob id, version and format version, so truncation, reordering, bit flips,
swapped blobs and an old version put back all fail as ``Tampered``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import struct
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sync.errors import ErrorKind, FolioError, Tampered
from sync.vault.secret_store import fsync_dir

MAGIC = b"FOLB"
FORMAT_VERSION = 1
PREFIX_LEN = 7
HEADER_LEN = len(MAGIC) + 1 + PREFIX_LEN  # 12
CHUNK = 64 * 1024
TAG = 16
SEALED_CHUNK = CHUNK + TAG
MAX_CHUNKS = 2**32
KEY_WRAP_VERSION = 1
KEY_WRAP_LEN = 1 + 12 + 32 + TAG  # version ‖ nonce ‖ sealed data key = 61 bytes
TEMP_PREFIX = ".tmp-"
_T = TypeVar("_T")
_BLOB_ID_RE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$")


@dataclass(frozen=True)
class BlobRef:
    """What a database row keeps to read a blob back. ``key_wrapped`` is its sealed data key."""

    blob_id: str
    version: int
    key_wrapped: bytes


def check_blob_id(blob_id: str) -> str:
    if not _BLOB_ID_RE.match(blob_id) or blob_id.startswith(TEMP_PREFIX):
        raise FolioError(ErrorKind.BAD_INPUT, "invalid blob id")
    return blob_id


def chunk_aad(blob_id: str, version: int) -> bytes:
    """len(id) (u8) ‖ id (UTF-8) ‖ version (u64 BE) ‖ format version (u8)."""
    raw = blob_id.encode("utf-8")
    return bytes([len(raw)]) + raw + struct.pack(">QB", version, FORMAT_VERSION)


def _key_wrap_aad(blob_id: str, version: int) -> bytes:
    return b"folio blob key v1\x00" + chunk_aad(blob_id, version)


def chunk_nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


def wrap_data_key(blob_key: bytes, data_key: bytes, blob_id: str, version: int) -> bytes:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(blob_key).encrypt(nonce, data_key, _key_wrap_aad(blob_id, version))
    return bytes([KEY_WRAP_VERSION]) + nonce + sealed


def unwrap_data_key(blob_key: bytes, ref: BlobRef) -> bytes:
    w = ref.key_wrapped
    if len(w) != KEY_WRAP_LEN or w[0] != KEY_WRAP_VERSION:
        raise Tampered(f"blob {ref.blob_id}: wrapped data key is malformed")
    try:
        return AESGCM(blob_key).decrypt(w[1:13], w[13:], _key_wrap_aad(ref.blob_id, ref.version))
    except InvalidTag as exc:
        raise Tampered(f"blob {ref.blob_id}: wrapped data key does not belong here") from exc


def seal(data_key: bytes, prefix: bytes, blob_id: str, version: int, data: bytes) -> bytes:
    """Whole-buffer encryption (the spec's reference; test vectors are made with it)."""
    aead = AESGCM(data_key)
    aad = chunk_aad(blob_id, version)
    out = [MAGIC, bytes([FORMAT_VERSION]), prefix]
    n = max(1, -(-len(data) // CHUNK))
    for i in range(n):
        part = data[i * CHUNK : (i + 1) * CHUNK]
        out.append(aead.encrypt(chunk_nonce(prefix, i, i == n - 1), part, aad))
    return b"".join(out)


def open_sealed(data_key: bytes, blob_id: str, version: int, sealed: bytes) -> bytes:
    """Decrypt a whole sealed blob, or raise Tampered; never returns partial plaintext."""
    if len(sealed) < HEADER_LEN + TAG or sealed[:4] != MAGIC:
        raise Tampered(f"blob {blob_id}: not a sealed blob (bad header or too short)")
    if sealed[4] != FORMAT_VERSION:
        raise Tampered(f"blob {blob_id}: unknown blob format version {sealed[4]}")
    prefix = bytes(sealed[5:HEADER_LEN])
    body = memoryview(sealed)[HEADER_LEN:]
    full, rest = divmod(len(body), SEALED_CHUNK)
    if rest == 0:
        full, rest = full - 1, SEALED_CHUNK
    if rest < TAG:
        raise Tampered(f"blob {blob_id}: truncated inside a chunk")
    n = full + 1
    if n > MAX_CHUNKS:  # pragma: no cover - 256 TiB
        raise Tampered(f"blob {blob_id}: too many chunks")
    out = bytearray(full * CHUNK + rest - TAG)
    out_view = memoryview(out)
    aead = AESGCM(data_key)
    aad = chunk_aad(blob_id, version)
    try:
        for i in range(n):
            seg = body[i * SEALED_CHUNK : (i + 1) * SEALED_CHUNK]
            aead.decrypt_into(
                chunk_nonce(prefix, i, i == n - 1),
                seg,
                aad,
                out_view[i * CHUNK : i * CHUNK + len(seg) - TAG],
            )
    except InvalidTag as exc:
        out_view.release()
        out[:] = bytes(len(out))
        raise Tampered(f"blob {blob_id}: chunk {i} failed authentication") from exc
    out_view.release()
    return bytes(out)


class BlobWriter:
    """Streams bytes into a sealed temp file; ``commit`` renames it into place.

    Feed it any sizes as they arrive (the download engine does). Until commit,
    nothing under the blob's name changes; ``abort`` (or an exception inside a
    ``with`` block) removes the temp file.
    """

    def __init__(self, store: BlobStore, blob_id: str, version: int) -> None:
        self._store = store
        self.blob_id = blob_id
        self.version = version
        self._data_key = AESGCM.generate_key(bit_length=256)
        self._aead = AESGCM(self._data_key)
        self._aad = chunk_aad(blob_id, version)
        self._prefix = secrets.token_bytes(PREFIX_LEN)
        self._counter = 0
        self._pending = bytearray(CHUNK)
        self._pending_len = 0
        self._out = bytearray(SEALED_CHUNK)
        self._done = False
        self.bytes_written = 0
        self._tmp = store.directory / f"{TEMP_PREFIX}{blob_id}-{secrets.token_hex(6)}"
        self._fd = _os_call(lambda: os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        self._write_raw(MAGIC + bytes([FORMAT_VERSION]) + self._prefix)

    def _write_raw(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        fd = self._fd
        while view:
            view = view[_os_call(partial(os.write, fd, view)) :]

    def _seal_chunk(self, plain: memoryview | bytes, last: bool) -> None:
        if self._counter >= MAX_CHUNKS:  # pragma: no cover - 256 TiB
            raise FolioError(ErrorKind.BAD_INPUT, "blob too large")
        nonce = chunk_nonce(self._prefix, self._counter, last)
        n = len(plain) + TAG
        out = memoryview(self._out)[:n]
        self._aead.encrypt_into(nonce, plain, self._aad, out)
        self._write_raw(out)
        self._counter += 1

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._done:
            raise FolioError(ErrorKind.BAD_INPUT, "blob writer already finished")
        view = memoryview(data).cast("B")
        self.bytes_written += len(view)
        pos = 0
        if self._pending_len:
            take = min(CHUNK - self._pending_len, len(view))
            self._pending[self._pending_len : self._pending_len + take] = view[:take]
            self._pending_len += take
            pos = take
            if self._pending_len < CHUNK or pos == len(view):
                return  # a full pending chunk may still be the last one
            self._seal_chunk(memoryview(self._pending), last=False)
            self._pending_len = 0
        # Keep at least one byte back: the final chunk is sealed only at commit.
        while len(view) - pos > CHUNK:
            self._seal_chunk(view[pos : pos + CHUNK], last=False)
            pos += CHUNK
        rest = len(view) - pos
        self._pending[:rest] = view[pos:]
        self._pending_len = rest

    def commit(self) -> BlobRef:
        if self._done:
            raise FolioError(ErrorKind.BAD_INPUT, "blob writer already finished")
        try:
            self._seal_chunk(memoryview(self._pending)[: self._pending_len], last=True)
            _os_call(lambda: os.fsync(self._fd))
            os.close(self._fd)
            self._done = True
            final = self._store.path_for(self.blob_id)
            os.replace(self._tmp, final)
            fsync_dir(self._store.directory)
        except BaseException:
            self.abort()
            raise
        return BlobRef(
            blob_id=self.blob_id,
            version=self.version,
            key_wrapped=wrap_data_key(
                self._store._key(), self._data_key, self.blob_id, self.version
            ),
        )

    def abort(self) -> None:
        if not self._done:
            self._done = True
            with contextlib.suppress(OSError):
                os.close(self._fd)
        with contextlib.suppress(FileNotFoundError):
            self._tmp.unlink()
        self._pending[:] = bytes(CHUNK)

    def __enter__(self) -> BlobWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None or not self._done:
            self.abort()


def _os_call(fn: Callable[[], _T]) -> _T:
    """Run an OS call; a full disk becomes FolioError(DISK_FULL) rather than a bare OSError."""
    try:
        return fn()
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise FolioError(ErrorKind.DISK_FULL, "no space left for the blob store") from exc
        raise


class BlobStore:
    """Sealed blobs in ``directory``; the blob key comes from the unlocked vault."""

    def __init__(self, directory: Path, blob_key: bytes | None) -> None:
        self.directory = directory
        self._blob_key = blob_key
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _key(self) -> bytes:
        if self._blob_key is None:
            raise FolioError(ErrorKind.VAULT_LOCKED, "the vault is locked")
        return self._blob_key

    def forget_key(self) -> None:
        self._blob_key = None

    def path_for(self, blob_id: str) -> Path:
        return self.directory / check_blob_id(blob_id)

    def writer(self, *, version: int = 1, blob_id: str | None = None) -> BlobWriter:
        self._key()
        bid = check_blob_id(blob_id) if blob_id is not None else secrets.token_hex(16)
        if not 0 <= version < 2**63:
            raise FolioError(ErrorKind.BAD_INPUT, "blob version out of range")
        return BlobWriter(self, bid, version)

    def put(self, data: bytes, *, version: int = 1, blob_id: str | None = None) -> BlobRef:
        with self.writer(version=version, blob_id=blob_id) as w:
            w.write(data)
            return w.commit()

    def read(self, ref: BlobRef) -> bytes:
        key = self._key()
        try:
            sealed = self.path_for(ref.blob_id).read_bytes()
        except FileNotFoundError as exc:
            raise FolioError(
                ErrorKind.NOT_FOUND, f"blob {ref.blob_id} is not in the store"
            ) from exc
        data_key = unwrap_data_key(key, ref)
        return open_sealed(data_key, ref.blob_id, ref.version, sealed)

    def authenticate(self, ref: BlobRef) -> None:
        """Decrypt every chunk of a blob and drop the plaintext; Tampered unless all pass.

        ``read`` proves the same but holds the whole document in memory; `folio verify`
        walks every blob of the vault, so this one reuses a single chunk buffer.
        Raises NOT_FOUND when the file is gone.
        """
        key = self._key()
        try:
            f = open(self.path_for(ref.blob_id), "rb")  # noqa: SIM115 (closed by the with below)
        except FileNotFoundError as exc:
            raise FolioError(ErrorKind.NOT_FOUND, f"blob {ref.blob_id} is missing") from exc
        with f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(HEADER_LEN)
            if len(head) < HEADER_LEN or head[:4] != MAGIC:
                raise Tampered(f"blob {ref.blob_id}: bad magic")
            if head[4] != FORMAT_VERSION:
                raise Tampered(f"blob {ref.blob_id}: unknown format version {head[4]}")
            full, rest = divmod(size - HEADER_LEN, SEALED_CHUNK)
            if rest == 0:
                full, rest = full - 1, SEALED_CHUNK
            if full < 0 or rest < TAG:
                raise Tampered(f"blob {ref.blob_id}: truncated")
            aead = AESGCM(unwrap_data_key(key, ref))
            aad = chunk_aad(ref.blob_id, ref.version)
            prefix = head[5:HEADER_LEN]
            sealed, out = bytearray(SEALED_CHUNK), bytearray(CHUNK)
            n = full + 1
            try:
                for i in range(n):
                    length = SEALED_CHUNK if i < n - 1 else rest
                    seg = memoryview(sealed)[:length]
                    if f.readinto(seg) != length:
                        raise Tampered(f"blob {ref.blob_id}: changed while it was checked")
                    try:
                        aead.decrypt_into(
                            chunk_nonce(prefix, i, i == n - 1),
                            seg,
                            aad,
                            memoryview(out)[: length - TAG],
                        )
                    except InvalidTag as exc:
                        raise Tampered(
                            f"blob {ref.blob_id}: chunk {i} failed authentication"
                        ) from exc
            finally:
                out[:] = bytes(CHUNK)

    def delete(self, blob_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_for(blob_id).unlink()
            fsync_dir(self.directory)

    def blob_ids(self) -> Iterator[str]:
        for entry in os.scandir(self.directory):
            if entry.is_file() and not entry.name.startswith(TEMP_PREFIX):
                yield entry.name

    def size_bytes(self) -> int:
        return sum(e.stat().st_size for e in os.scandir(self.directory) if e.is_file())

    def clean_temp_files(self) -> int:
        """Remove writes a crash left behind; they are never blobs (rename never happened)."""
        removed = 0
        for entry in os.scandir(self.directory):
            if entry.name.startswith(TEMP_PREFIX):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed += 1
        if removed:
            fsync_dir(self.directory)
        return removed

    def check_headers(self, skip: Collection[str] = ()) -> list[str]:
        """Cheap structural check of the files (``authenticate`` is the real one)."""
        problems = []
        for blob_id in self.blob_ids():
            if blob_id in skip:
                continue
            path = self.directory / blob_id
            with open(path, "rb") as f:
                head = f.read(HEADER_LEN)
            size = path.stat().st_size
            if head[:4] != MAGIC:
                problems.append(f"blob {blob_id}: bad magic")
            elif head[4] != FORMAT_VERSION:
                problems.append(f"blob {blob_id}: unknown format version {head[4]}")
            else:
                rest = (size - HEADER_LEN) % SEALED_CHUNK
                if size < HEADER_LEN + TAG or 0 < rest < TAG:
                    problems.append(f"blob {blob_id}: truncated")
        return problems
