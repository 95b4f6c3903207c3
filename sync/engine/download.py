"""Download: every missing document of every meeting, verified before it is readable.

Per meeting: fetch the current signed manifest and pass it through the gate
(signature against the pinned key, not older than seen, not expired). Per
document, a small state machine:

    MISSING -> DOWNLOADING (durable) -> piece verified ... -> whole-file hash ok
            -> blob committed -> LINKED (durable, one transaction) -> VERIFIED

Bytes stream from the wire into a 1 MiB buffer; a piece goes into the vault's
encrypted blob writer only after its sha256 matched the manifest. After a break
(connection dropped, stall, trickle cut by the watchdog) the same writer goes on
with a Range request from the end of the last verified piece. A piece or
whole-file mismatch aborts the writer (the temp file is removed) and
quarantines the version as FAILED with the reason; the next round tries again.
Nothing is linked, so nothing unverified is ever readable.

Blob ids made here start with ``sync-`` so a blob committed just before a crash
(and never linked) can be recognised and swept at the start of the next phase.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from sync import protocol as p
from sync.engine import events, manifest
from sync.engine.context import Context, MeetingProgress, Progress
from sync.errors import ErrorKind, FolioError, Tampered
from sync.store import documents, records
from sync.store.records import CursorReader
from sync.vault import BlobWriter

log = logging.getLogger("folio.sync")

BLOB_PREFIX = "sync-"
# Failures that a fresh Range request may cure within the same round.
_RESUMABLE = frozenset({ErrorKind.OFFLINE, ErrorKind.TIMEOUT, ErrorKind.PROTOCOL, ErrorKind.SERVER})


@dataclass(frozen=True)
class Job:
    meeting_id: str
    document_id: str
    version: int
    sha256: str
    size: int
    pieces: tuple[str, ...]


@dataclass
class DownloadResult:
    linked: list[str] = field(default_factory=list)
    failed: dict[str, FolioError] = field(default_factory=dict)
    bytes: int = 0


class _Queue:
    """Jobs in meeting order; a document the reader opened jumps the queue."""

    def __init__(self, jobs: list[Job], urgent: set[str]) -> None:
        self._jobs = list(jobs)
        self._urgent = urgent
        self._lock = threading.Lock()

    def get(self) -> Job | None:
        with self._lock:
            if not self._jobs:
                return None
            for i, job in enumerate(self._jobs):
                if job.document_id in self._urgent:
                    self._urgent.discard(job.document_id)
                    return self._jobs.pop(i)
            return self._jobs.pop(0)


class _Tracker:
    """Bytes done / total per meeting and overall, reported at most every interval."""

    def __init__(self, ctx: Context, jobs: list[Job]) -> None:
        self._ctx = ctx
        self._lock = threading.Lock()
        self._total: dict[str, int] = defaultdict(int)
        self._done: dict[str, int] = defaultdict(int)
        for job in jobs:
            self._total[job.meeting_id] += job.size
        self._last = 0.0

    def add(self, meeting_id: str, nbytes: int, *, force: bool = False) -> None:
        with self._lock:
            self._done[meeting_id] += nbytes
            now = self._ctx.clock.monotonic()
            if self._ctx.progress is None:
                return
            if not force and now - self._last < self._ctx.config.progress_interval:
                return
            self._last = now
            snapshot = Progress(
                phase="download",
                ops_waiting=0,
                bytes_done=sum(self._done.values()),
                bytes_total=sum(self._total.values()),
                meetings={m: MeetingProgress(self._done[m], self._total[m]) for m in self._total},
            )
        self._ctx.progress(snapshot)


class Downloader:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._urgent: set[str] = set()
        self._lock = threading.Lock()

    def prioritise(self, document_id: str) -> None:
        """Download this document next (the reader is waiting for it)."""
        with self._lock:
            self._urgent.add(document_id)

    # -- the phase -------------------------------------------------------------------

    def run(self) -> DownloadResult:
        ctx = self._ctx
        self._sweep_orphans()
        result = DownloadResult()
        wanted = records.documents_to_download(ctx.db)
        by_meeting: dict[str, list[records.DownloadRow]] = defaultdict(list)
        for row in wanted:
            by_meeting[row.meeting_id].append(row)
        jobs: list[Job] = []
        for meeting_id, rows in by_meeting.items():
            ctx.check_cancelled()
            try:
                checked = self._current_manifest(meeting_id)
            except FolioError as exc:
                if exc.kind in (ErrorKind.REVOKED, ErrorKind.CANCELLED, ErrorKind.AUTH):
                    raise
                self._record_meeting_error(meeting_id, exc)
                for row in rows:
                    result.failed[row.document_id] = exc
                continue
            jobs += checked
        if not jobs:
            return result
        tracker = _Tracker(ctx, jobs)
        queue = _Queue(jobs, self._urgent)
        results_lock = threading.Lock()
        fatal: list[FolioError] = []

        def worker() -> None:
            while not fatal:
                job = queue.get()
                if job is None:
                    return
                try:
                    self._download(job, tracker)
                except FolioError as exc:
                    with results_lock:
                        result.failed[job.document_id] = exc
                        if exc.kind in (ErrorKind.REVOKED, ErrorKind.CANCELLED, ErrorKind.AUTH):
                            fatal.append(exc)
                    continue
                with results_lock:
                    result.linked.append(job.document_id)
                    result.bytes += job.size

        n = max(1, min(ctx.config.download_workers, len(jobs)))
        threads = [
            threading.Thread(target=worker, name=f"folio-download-{i}", daemon=True)
            for i in range(n)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if fatal:
            raise fatal[0]
        return result

    def _current_manifest(self, meeting_id: str) -> list[Job]:
        """Fetch, check and (if newer) install the meeting's manifest; jobs from it."""
        ctx = self._ctx
        signed = ctx.client.manifest(meeting_id)
        with ctx.db_lock, ctx.db.transaction() as cur:
            m = manifest.check(
                signed,
                public_key=ctx.enrollment.server_public_key,
                reader=CursorReader(cur),
                now=ctx.clock.now(),
                cur=cur,
                expected_meeting=meeting_id,
            )
            blob_ids = manifest.install(cur, m)
        records.delete_blobs(ctx.vault.blobs, blob_ids)
        verified = documents.verified_versions(ctx.db, meeting_id)
        return [
            Job(meeting_id, d.id, d.version, d.sha256, d.size, d.pieces)
            for d in m.documents
            if documents.VersionRef(d.id, d.version) not in verified
        ]

    def _record_meeting_error(self, meeting_id: str, exc: FolioError) -> None:
        ctx = self._ctx
        with ctx.db_lock, ctx.db.transaction() as cur:
            for ref in documents.unverified_current(cur, meeting_id):
                records.set_document_error(
                    cur, ref.document_id, ref.version, exc.detail, quarantine=False
                )
        events.emit(events.DOWNLOAD_FAILED, meeting_id=meeting_id, kind=exc.kind.value)

    def _sweep_orphans(self) -> None:
        """Blobs this engine committed but never linked (a crash in between) are garbage."""
        ctx = self._ctx
        linked = records.linked_blob_ids(ctx.db)
        for blob_id in list(ctx.vault.blobs.blob_ids()):
            if blob_id.startswith(BLOB_PREFIX) and blob_id not in linked:
                ctx.vault.blobs.delete(blob_id)

    # -- one document ----------------------------------------------------------------

    def _set_progress(self, job: Job, done: int) -> None:
        ctx = self._ctx
        with ctx.db_lock, ctx.db.transaction() as cur:
            records.set_document_progress(cur, job.document_id, job.version, done)

    def _download(self, job: Job, tracker: _Tracker) -> None:
        ctx = self._ctx
        blob_id = f"{BLOB_PREFIX}{secrets.token_hex(12)}"
        writer = ctx.vault.blobs.writer(version=job.version, blob_id=blob_id)
        events.emit(events.DOWNLOAD_STARTED, document_id=job.document_id, size=job.size)
        self._set_progress(job, 0)
        try:
            whole = self._fetch_verified(job, writer, tracker)
            if whole != job.sha256:
                raise Tampered("the document does not match the hash in the signed manifest")
            ref = writer.commit()
        except FolioError as exc:
            writer.abort()
            quarantine = exc.kind is ErrorKind.TAMPERED
            reason = exc.detail + ("; quarantined" if quarantine else "")
            with ctx.db_lock, ctx.db.transaction() as cur:
                records.set_document_error(
                    cur, job.document_id, job.version, reason, quarantine=quarantine
                )
            events.emit(
                events.DOWNLOAD_QUARANTINED if quarantine else events.DOWNLOAD_FAILED,
                document_id=job.document_id,
                kind=exc.kind.value,
            )
            raise
        except BaseException:
            writer.abort()
            raise
        with ctx.db_lock, ctx.db.transaction() as cur:
            slot = documents.version_slot(cur, job.document_id, job.version)
            if slot is None:  # withdrawn while we downloaded
                old: list[str] = [ref.blob_id]
            else:
                records.link_document_version(cur, job.document_id, job.version, ref)
                old = records.purge_old_versions(cur, job.document_id)
                if slot.blob_id is not None:  # a damaged copy of this version (`folio verify`)
                    old.append(slot.blob_id)
        records.delete_blobs(ctx.vault.blobs, old)
        tracker.add(job.meeting_id, 0, force=True)
        events.emit(events.DOWNLOAD_LINKED, document_id=job.document_id, version=job.version)

    def _fetch_verified(self, job: Job, writer: BlobWriter, tracker: _Tracker) -> str:
        """Stream the document into ``writer`` piece by verified piece; return its sha256."""
        ctx = self._ctx
        whole = hashlib.sha256()
        if job.size == 0:
            if job.pieces != (hashlib.sha256(b"").hexdigest(),):
                raise Tampered("the document does not match the signed manifest (piece 0)")
            return whole.hexdigest()
        pieces_done = 0
        attempts = 0
        last_persist = ctx.clock.monotonic()
        buf = bytearray()
        while pieces_done * p.PIECE_SIZE < job.size:
            ctx.check_cancelled()
            offset = pieces_done * p.PIECE_SIZE
            buf.clear()
            try:
                with ctx.client.download(
                    job.sha256, offset=offset, size=job.size, cancel=ctx.cancel
                ) as stream:
                    skip = offset - stream.offset
                    received = stream.offset
                    for data in stream.chunks():
                        chunk = data
                        if skip > 0:
                            drop = min(skip, len(chunk))
                            skip -= drop
                            received += drop
                            chunk = chunk[drop:]
                            if not chunk:
                                continue
                        buf += chunk
                        received += len(chunk)
                        while len(buf) >= p.PIECE_SIZE or (buf and received == job.size):
                            piece = bytes(buf[: p.PIECE_SIZE])
                            del buf[: p.PIECE_SIZE]
                            if hashlib.sha256(piece).hexdigest() != job.pieces[pieces_done]:
                                raise Tampered(
                                    "the document does not match the signed manifest "
                                    f"(piece {pieces_done})"
                                )
                            writer.write(piece)
                            whole.update(piece)
                            pieces_done += 1
                            tracker.add(job.meeting_id, len(piece))
                            events.emit(
                                events.DOWNLOAD_CHUNK_VERIFIED,
                                document_id=job.document_id,
                                piece=pieces_done - 1,
                            )
                            now = ctx.clock.monotonic()
                            if now - last_persist >= ctx.config.progress_interval:
                                last_persist = now
                                self._set_progress(job, pieces_done * p.PIECE_SIZE)
            except FolioError as exc:
                if exc.kind not in _RESUMABLE or attempts + 1 >= ctx.config.download_attempts:
                    raise
                attempts += 1
                # The partial piece is dropped; the verified ones stay in the writer.
                tracker.add(job.meeting_id, 0)
                events.emit(
                    events.DOWNLOAD_RESUMED,
                    document_id=job.document_id,
                    offset=pieces_done * p.PIECE_SIZE,
                    kind=exc.kind.value,
                )
        return whole.hexdigest()
