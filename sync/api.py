"""The one facade the UI (and the CLI) calls: queries return sync.model dataclasses,
commands write their change and its outbox op in one transaction and return Changes.

Thread confinement: an ``Api`` instance and everything it holds (the SQLCipher
connection, the blob key) belong to ONE thread,
the desktop's vault lane (or the CLI's main thread). Do not share an instance
between threads; the sync engine opens its own connection with
``api.vault.open_database()``.

All SQL lives in sync.store.records; this module decides what belongs in one
transaction and what a command changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync import model
from sync import protocol as p
from sync.client import FolioClient, HttpConfig, HttpTransport
from sync.client.http import require_secure_url
from sync.config.effective import EffectivePolicy
from sync.device.enrollment import (
    DeviceIdentity,
    default_device_name,
    is_enrolled,
    offline_locked,
    remove_device_file,
    save_enrollment,
)
from sync.device.enrollment import policy as stored_server_policy
from sync.e2e import notes as e2e_notes
from sync.e2e.notes import NotesStatus, PendingDevice  # re-exported: the desktop shows them
from sync.engine import EngineConfig, Progress, RoundResult
from sync.engine.session import SyncSession
from sync.errors import ErrorKind, FolioError, Tampered
from sync.pdf.anchoring import Word  # re-exported: the desktop types word boxes with it
from sync.protocol import OpKind
from sync.store import bookmarks as store_bookmarks
from sync.store import meetings as store_meetings
from sync.store import outbox as store_outbox
from sync.store import records
from sync.store import state as vault_state
from sync.store.records import CursorReader
from sync.store.state import (
    STATE_DEVICE_ID,
    STATE_LAST_ERROR,
    STATE_LAST_SYNC_AT,
    STATE_MEMBER_DISPLAY_NAME,
    STATE_MEMBER_NAME,
    STATE_SERVER_TIME,
    STATE_SERVER_URL,
    STATE_SPKI_PIN,
    STATE_UPDATE_REQUIRED,
)
from sync.vault import BlobRef, UnlockedVault, Vault
from sync.vault.keys import KdfParams
from sync.vault.secret_store import SecretStore

if TYPE_CHECKING:
    from sync.config.policy import Config
    from sync.pdf.anchoring import ReanchorReport, ReanchorSummary
    from sync.pdf.export import SheetItem
    from sync.pdf.worker import PdfWorker

    WordsOf = Callable[[bytes], list[list[Word]]]

log = logging.getLogger(__name__)

MAX_COMMENT_CHARS = 20_000
MAX_NOTE_CHARS = 20_000
DEFAULT_COLOR = "#ffd54f"


def _hash_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:24]}"


def meeting_id_for(key: str) -> str:
    """Stable meeting id of a publishing folder (from its ``id`` or committee|start|title)."""
    return _hash_id("m-", key)


def committee_id_for(name: str) -> str:
    return _hash_id("c-", name)


def item_id_for(meeting_id: str, number: str) -> str:
    return _hash_id("i-", meeting_id, number)


def document_id_for(meeting_id: str, file: str) -> str:
    return _hash_id("d-", meeting_id, file)


def _blob_id(document_id: str, version: int) -> str:
    return f"{document_id}.v{version}"


def _damaged_line(d: model.DamagedDocument) -> str:
    return f"document {d.title!r} ({d.document_id}) version {d.version}: {d.reason}"


class Api:
    """Folio's offline core behind one object. Thread-confined: see the module docstring.

    Locked (after ``open``/``lock``) it answers only ``unlock``, ``wipe``, ``is_locked``
    and ``data_dir``; everything else raises FolioError(VAULT_LOCKED).

    Every PyMuPDF call (import, export, re-anchoring, the engine's text and words)
    goes to ``pdf``, the process's one PdfWorker: the desktop passes its render
    lane's; without one, the process's shared worker (sync.pdf.worker) is used.

    ``policy`` is the effective policy (sync/config/effective.py), loaded once by
    the composition root and injected (an Api opened without one loads its own,
    once); the Api merges the vault's server policy into it at unlock and hands it
    to the sync engine, which does the same after each check-in.
    """

    def __init__(
        self,
        vault: Vault,
        unlocked: UnlockedVault | None = None,
        *,
        secret_store: SecretStore | None = None,
        pdf: PdfWorker | None = None,
        policy: EffectivePolicy | None = None,
    ) -> None:
        self._vault = vault
        self._unlocked = unlocked
        self._secret_store = secret_store
        self._pdf = pdf
        self._policy = policy

    @property
    def policy(self) -> EffectivePolicy:
        """The effective policy this Api enforces (export, watermark, offline grace)."""
        if self._policy is None:
            self._policy = EffectivePolicy(self.data_dir)
            if not self.is_locked:
                self._policy.server_policy_changed(stored_server_policy(self.vault.db))
        return self._policy

    def reload_policy(self) -> Config:
        """The explicit event after the reader's settings or the machine policy changed.

        Reads the vault's server policy again too, so a caller that changed any of
        the three (machine, server, the reader's settings) has one call to make.
        """
        if not self.is_locked:
            self.policy.server_policy_changed(stored_server_policy(self.vault.db))
        return self.policy.reload()

    @property
    def pdf(self) -> PdfWorker:
        """The PdfWorker this Api hands its PDF work to (never PyMuPDF on this thread)."""
        if self._pdf is None:
            from sync.pdf.worker import shared_worker  # noqa: PLC0415

            self._pdf = shared_worker()
        return self._pdf

    # -- lifecycle -----------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        data_dir: Path | str,
        pin: str,
        *,
        policy: EffectivePolicy | None = None,
        **vault_kwargs: Any,
    ) -> Api:
        """Create a new vault (unlocked). ``vault_kwargs`` go to ``Vault.create``."""
        unlocked = Vault.create(Path(data_dir), pin, **vault_kwargs)
        store = vault_kwargs.get("secret_store")
        vault = Vault.open(Path(data_dir), secret_store=store)
        log.info("vault.created")
        return cls(vault, unlocked, secret_store=store, policy=policy)

    @classmethod
    def open(
        cls,
        data_dir: Path | str,
        *,
        secret_store: SecretStore | None = None,
        pdf: PdfWorker | None = None,
        policy: EffectivePolicy | None = None,
    ) -> Api:
        """Open an existing vault, locked. Raises VAULT_MISSING when there is none."""
        vault = Vault.open(Path(data_dir), secret_store=secret_store)
        return cls(vault, secret_store=secret_store, pdf=pdf, policy=policy)

    @staticmethod
    def exists(data_dir: Path | str) -> bool:
        return Vault.exists(Path(data_dir))

    @property
    def data_dir(self) -> Path:
        return self._vault.data_dir

    @property
    def is_locked(self) -> bool:
        return self._unlocked is None or self._unlocked.locked

    def pin_attempts(self) -> model.PinAttempts:
        """How many wrong PINs this vault allows and how many were made: works while locked,
        so the lock screen can say the wipe rule before the reader types."""
        return model.PinAttempts(
            failed=self._vault.failed_attempts, allowed=self._vault.max_pin_attempts
        )

    def unlock(self, pin: str) -> model.Changes:
        if not self.is_locked:
            return model.Changes()
        self._unlocked = self._vault.unlock(pin)
        log.info("vault.unlocked")
        # Unlock is an explicit event: the server's policy (it lives in the vault) and
        # IT's machine policy are read here: a changed policy.toml applies from the next
        # unlock (decision 20), not from the next call as when every call re-read it.
        self.reload_policy()
        return model.Changes(meetings=frozenset(), sync_state=True)

    def lock(self) -> None:
        if self._unlocked is not None:
            self._unlocked.lock()
            self._unlocked = None
            log.info("vault.locked")

    def wipe(self) -> model.Changes:
        """Destroy the vault: keys first, then files. Works locked or unlocked."""
        if self._unlocked is not None and not self._unlocked.locked:
            self._unlocked.wipe()
        else:
            self._vault.wipe()
        self._unlocked = None
        return model.Changes(wiped=True)

    def change_pin(self, old_pin: str, new_pin: str) -> None:
        self.vault.change_pin(old_pin, new_pin)
        # The key file changed on disk; the next unlock must read the new one.
        self._vault = Vault.open(self.data_dir, secret_store=self._secret_store)
        log.info("vault.pin_changed")

    @property
    def vault(self) -> UnlockedVault:
        """The unlocked vault, for the sync engine's wiring (its own connection, the blobs)."""
        if self._unlocked is None or self._unlocked.locked:
            raise FolioError(ErrorKind.VAULT_LOCKED, "the vault is locked")
        return self._unlocked

    def vault_info(self) -> model.VaultInfo:
        return self.vault.info()

    def verify(self) -> list[str]:
        """Every problem of ``verify_vault`` in words, [] when the vault is intact."""
        report = self.verify_vault()
        return [*report.problems, *(_damaged_line(d) for d in report.damaged)]

    def verify_vault(self, *, repair: bool = False) -> model.VerifyReport:
        """`folio verify`: the database, then every blob decrypted and authenticated.

        A version whose blob fails is no longer called verified even without
        ``repair`` (it becomes FAILED: unreadable, and the next sync fetches it
        again), so status never counts a tampered document as verified. ``repair``
        shreds it now (key, blob, search rows) and marks it MISSING.
        """
        vault = self.vault
        db = vault.db
        problems = (*vault.verify_database(), *vault.verify_stray_blobs())
        found = vault.damaged_blobs()
        damaged = tuple(
            model.DamagedDocument(d.document_id, d.version, self._title_of(d.document_id), d.reason)
            for d in found
        )
        shredded: list[str] = []
        if found:
            with db.transaction() as cur:
                for d in found:
                    shredded += records.mark_version_damaged(
                        cur, d.document_id, d.version, d.reason, shred=repair
                    )
            records.delete_blobs(vault.blobs, shredded)
        log.info(
            "vault.verified",
            extra={
                "fields": {
                    "problems": len(problems),
                    "damaged_documents": len(damaged),
                    "repaired": repair and bool(damaged),
                }
            },
        )
        return model.VerifyReport(problems, damaged, repaired=repair and bool(damaged))

    def _title_of(self, document_id: str) -> str:
        try:
            return records.get_document(self.vault.db, document_id).title
        except FolioError as exc:
            if exc.kind is not ErrorKind.NOT_FOUND:
                raise
            return ""

    def storage_used(self) -> int:
        return self.vault.size_bytes()

    def reader_name(self) -> str:
        """Who reads on this device, for the watermark drawn over pages (policy ``watermark``).

        The enrolled member's display name as the server knows it (their user name
        when the server sent none); a device not enrolled by name shows its device
        id, and an unenrolled vault "Folio", so the watermark is never blank.
        """
        db = self.vault.db
        keys = (
            STATE_MEMBER_DISPLAY_NAME,
            STATE_MEMBER_NAME,
            STATE_DEVICE_ID,
        )
        for key in keys:
            value = (db.get_state(key) or "").strip()
            if value:
                return value
        return "Folio"

    def counts(self) -> dict[str, int]:
        """Counts for ``folio status``: meetings, documents, ops waiting/rejected …"""
        return records.counts(self.vault.db)

    # -- meetings and documents ------------------------------------------------------------

    def list_meetings(self, committee_id: str | None = None) -> list[model.Meeting]:
        """Every meeting by start time, with pack state, byte progress and changed-since-read."""
        return records.list_meetings(self.vault.db, committee_id)

    def meeting_attention(self) -> dict[str, model.MeetingAttention]:
        """What waits for the reader in each meeting (new documents, decisions due,
        colleagues' comments), by meeting id; a meeting with nothing waiting is absent."""
        db = self.vault.db
        me = {
            records.ME,
            db.get_state(STATE_MEMBER_NAME) or records.ME,
            db.get_state(STATE_MEMBER_DISPLAY_NAME) or records.ME,
        }
        hide_closed = self._hidden_closed() is not None
        return store_meetings.attention(db, me, hide_closed=hide_closed)

    def get_meeting(self, meeting_id: str) -> model.Meeting:
        """The meeting with its agenda; past the offline grace, closed items keep only
        their number and title (their proposal waits for the next check-in)."""
        meeting = records.get_meeting(self.vault.db, meeting_id)
        if self._hidden_closed() is None:
            return meeting
        items = tuple(dataclasses.replace(i, proposal="") if i.closed else i for i in meeting.items)
        return dataclasses.replace(meeting, items=items)

    def _hidden_closed(self) -> records.ClosedMaterial | None:
        """The closed material to hide now, or None while the offline grace lasts.

        DESIGN.md (offline expiry): past ``offline_grace_days`` without a check-in,
        closed material locks until the device reaches the server, everywhere the
        facade shows it: bytes, search, proposals, case descriptions, notes, comments,
        decisions, the meeting sheet and exports.
        """
        db = self.vault.db
        if not offline_locked(db, datetime.now(UTC), config=self.policy.current):
            return None
        return records.closed_material(db)

    def list_committees(self) -> list[model.Committee]:
        return records.list_committees(self.vault.db)

    def get_document(self, document_id: str) -> model.Document:
        return records.get_document(self.vault.db, document_id)

    def list_documents(self, meeting_id: str | None = None) -> list[model.Document]:
        return records.list_documents(self.vault.db, meeting_id)

    def document_versions(self, document_id: str) -> list[model.DocumentVersion]:
        return records.list_document_versions(self.vault.db, document_id)

    def document_bytes(self, document_id: str, version: int | None = None) -> bytes:
        """The PDF bytes of a verified, linked version (default: the current one).

        Raises NOT_FOUND for anything else (missing, downloading, failed, purged), and
        EXPIRED for closed material once the offline grace has passed (DESIGN.md).
        Hand the bytes to the render worker; never write them to disk.
        """
        found = records.document_blob(self.vault.db, document_id, version)
        if found is None:
            raise FolioError(ErrorKind.NOT_FOUND, "the document is not on this device")
        blob_id, doc_version, key_wrapped = found
        db = self.vault.db
        if records.get_document(db, document_id).closed and offline_locked(
            db, datetime.now(UTC), config=self.policy.current
        ):
            raise FolioError(
                ErrorKind.EXPIRED,
                "closed material stays locked until this device reaches the server",
                reason="offline_grace",
            )
        try:
            return self.vault.blobs.read(BlobRef(blob_id, doc_version, key_wrapped))
        except Tampered as exc:
            # Never readable again as it is: the next sync downloads it afresh.
            with db.transaction() as cur:
                records.mark_version_damaged(cur, document_id, doc_version, exc.detail, shred=False)
            log.warning("document.damaged", extra={"fields": {"document_id": document_id}})
            raise

    def mark_read(
        self, *, meeting_id: str | None = None, document_id: str | None = None
    ) -> model.Changes:
        """Clear the changed-since-read marker; a document read also queues a read receipt."""
        if (meeting_id is None) == (document_id is None):
            raise FolioError(ErrorKind.BAD_INPUT, "mark_read takes a meeting or a document")
        db = self.vault.db
        with db.transaction() as cur:
            if meeting_id is not None:
                if not records.mark_meeting_read(cur, meeting_id):
                    raise FolioError(ErrorKind.NOT_FOUND, "no such meeting")
                return model.Changes(meetings=frozenset({meeting_id}))
            assert document_id is not None
            before = records.get_document(CursorReader(cur), document_id)
            version = records.mark_document_read(cur, document_id)
            outbox = False
            if version is not None and (before.unread or before.changed_since_read):
                records.add_op(
                    cur,
                    OpKind.READ_RECEIPT,
                    {"document_id": document_id, "document_version": version},
                )
                outbox = True
        return model.Changes(
            documents=frozenset({document_id}),
            meetings=frozenset({before.meeting_id}),
            outbox=outbox,
        )

    # -- import a publishing folder (tests, offline demo, `folio import`) ---------------

    def import_pack(self, folder: Path | str) -> model.Changes:
        """Import a publishing folder straight into the vault: meeting, items, documents, text.

        Document ids are stable (meeting key + file name); a file whose bytes changed
        becomes a new version and the old version is crypto-shredded. Items that need
        a decision become cases. Blobs are written before the one transaction; if it
        fails they are deleted again.
        """
        from sync.publishing import pack_folder  # noqa: PLC0415 (deferred on purpose)

        unlocked = self.vault
        pdf = self.pdf  # every PDF check and page text on the PdfWorker's thread
        spec = pack_folder.read_folder(folder, pdf=pdf)
        meeting_id = meeting_id_for(spec.key)
        committee = model.Committee(id=committee_id_for(spec.committee), name=spec.committee)
        db = unlocked.db
        existing = {d.id: d for d in records.list_documents(db, meeting_id)}
        old_meeting_version = store_meetings.meeting_version(db, meeting_id)

        new_blobs: list[str] = []
        texts: dict[str, tuple[int, list[str]]] = {}
        links: dict[str, BlobRef] = {}
        items: list[model.AgendaItem] = []
        changed = old_meeting_version == 0
        try:
            for position, item in enumerate(spec.items):
                item_id = item_id_for(meeting_id, item.number)
                docs: list[model.Document] = []
                for doc in item.documents:
                    doc_id = document_id_for(meeting_id, doc.file)
                    data = doc.read()  # a repaired PDF's clean rewrite, as the server publishes
                    prior = existing.get(doc_id)
                    if prior is not None and prior.sha256 == doc.sha256:
                        version = prior.version
                    else:
                        version = 1 if prior is None else prior.version + 1
                        changed = True
                    if (
                        prior is None
                        or prior.version != version
                        or (prior.state is not model.DocumentState.VERIFIED)
                    ):
                        ref = unlocked.blobs.put(
                            data, version=version, blob_id=_blob_id(doc_id, version)
                        )
                        new_blobs.append(ref.blob_id)
                        links[doc_id] = ref
                        texts[doc_id] = (version, pdf.page_texts(data))
                    del data
                    docs.append(
                        model.Document(
                            id=doc_id,
                            meeting_id=meeting_id,
                            item_id=item_id,
                            title=doc.title,
                            filename=Path(doc.file).name,
                            version=version,
                            sha256=doc.sha256,
                            size=doc.size,
                            state=model.DocumentState.MISSING,
                            closed=item.closed,
                            pages=doc.pages,
                        )
                    )
                items.append(
                    model.AgendaItem(
                        id=item_id,
                        meeting_id=meeting_id,
                        number=item.number,
                        title=item.title,
                        closed=item.closed,
                        proposal=item.proposal,
                        needs_decision=item.needs_decision,
                        decision_deadline=item.decision_deadline,
                        position=position,
                        documents=tuple(docs),
                    )
                )
            if old_meeting_version and set(existing) != {d.id for i in items for d in i.documents}:
                changed = True
            meeting = model.Meeting(
                id=meeting_id,
                committee=committee,
                title=spec.title,
                starts_at=spec.start,
                location=spec.location,
                version=old_meeting_version + 1 if changed else old_meeting_version,
                pack_state=model.PackState.READY,
                items=tuple(items),
                language=spec.language,
            )
            shredded: list[str] = []
            cases: set[str] = set()
            with db.transaction() as cur:
                withdrawn = records.upsert_meeting(cur, meeting)
                for doc_id, ref in links.items():
                    version, pages = texts[doc_id]
                    records.link_document_version(cur, doc_id, version, ref, pages=len(pages))
                    records.index_document_text(cur, doc_id, version, pages)
                    shredded += records.purge_old_versions(cur, doc_id)
                for doc_id in withdrawn:
                    shredded += records.purge_document(cur, doc_id)
                for item_spec, item_model in zip(spec.items, items, strict=True):
                    if not item_spec.needs_decision:
                        continue
                    case_id = _hash_id("k-", item_model.id)
                    records.upsert_case(
                        cur,
                        model.Case(
                            id=case_id,
                            title=f"{item_model.number} {item_model.title}",
                            description=item_model.proposal,
                            deadline=item_model.decision_deadline,
                            status=_case_status(CursorReader(cur), case_id),
                            meeting_id=meeting_id,
                            item_id=item_model.id,
                        ),
                        closed=item_model.closed,
                    )
                    cases.add(case_id)
        except BaseException:
            records.delete_blobs(unlocked.blobs, new_blobs)
            raise
        records.delete_blobs(unlocked.blobs, shredded)
        reanchored, _reports = self.reanchor_pending(links)  # annotations on replaced versions
        log.info(
            "pack.imported",
            extra={"fields": {"meeting_id": meeting_id, "documents_linked": len(links)}},
        )
        return model.Changes(
            meetings=frozenset({meeting_id}),
            documents=frozenset({d.id for i in items for d in i.documents} | set(withdrawn)),
            cases=frozenset(cases),
        ).merge(reanchored)

    # -- purge ---------------------------------------------------------------------------

    def _purge(self, fn: Any, *args: str) -> list[str]:
        unlocked = self.vault
        with unlocked.db.transaction() as cur:
            blob_ids: list[str] = fn(cur, *args)
        records.delete_blobs(unlocked.blobs, blob_ids)
        return blob_ids

    def purge_document(self, document_id: str) -> model.Changes:
        """Remove a document from this device: key shredded, blob deleted, text unindexed."""
        meeting_id = self.get_document(document_id).meeting_id
        self._purge(records.purge_document, document_id)
        return model.Changes(documents=frozenset({document_id}), meetings=frozenset({meeting_id}))

    def purge_meeting(self, meeting_id: str) -> model.Changes:
        docs = {d.id for d in self.list_documents(meeting_id)}
        self._purge(records.purge_meeting, meeting_id)
        return model.Changes(meetings=frozenset({meeting_id}), documents=frozenset(docs))

    # -- annotations ---------------------------------------------------------------------

    def list_annotations(self, document_id: str) -> list[model.Annotation]:
        hidden = self._hidden_closed()
        if hidden is not None and document_id in hidden.documents:
            return []
        return records.list_annotations(self.vault.db, document_id)

    def get_annotation(self, annotation_id: str) -> model.Annotation:
        hidden = self._hidden_closed()
        if hidden is not None and annotation_id in hidden.annotations:
            raise _closed_locked_error()
        return records.get_annotation(self.vault.db, annotation_id)

    def add_annotation(
        self,
        document_id: str,
        page: int,
        kind: model.AnnotationKind,
        *,
        color: str = DEFAULT_COLOR,
        rects: Sequence[tuple[float, float, float, float]] = (),
        strokes: Sequence[Sequence[tuple[float, float, float]]] = (),
        text: str = "",
        quote: model.Quote | None = None,
        visibility: model.Visibility = model.Visibility.PRIVATE,
        document_version: int | None = None,
        annotation_id: str | None = None,
    ) -> model.Changes:
        """Add an annotation; the new id is the one element of ``changes.annotations``."""
        if page < 0 or len(text) > MAX_NOTE_CHARS:
            raise FolioError(ErrorKind.BAD_INPUT, "annotation page or note length out of range")
        if len(rects) > p.MAX_ANNOTATION_RECTS or len(strokes) > p.MAX_ANNOTATION_STROKES:
            raise FolioError(ErrorKind.BAD_INPUT, "too many rectangles or strokes in one mark")
        strokes = fit_strokes(strokes, p.MAX_ANNOTATION_POINTS)
        db = self.vault.db
        doc = records.get_document(db, document_id)
        stamp = records.now()
        ann = model.Annotation(
            id=annotation_id or records.new_id(),
            document_id=document_id,
            document_version=document_version or doc.version,
            page=page,
            kind=kind,
            color=color,
            rects=tuple(tuple(r) for r in rects),  # type: ignore[misc]  # 4-tuples by contract
            strokes=tuple(tuple(tuple(p) for p in s) for s in strokes),  # type: ignore[misc]
            text=text,
            quote=quote,
            visibility=visibility,
            created_at=stamp,
            updated_at=stamp,
        )
        with db.transaction() as cur:
            records.save_annotation(cur, ann)
            records.add_op(cur, OpKind.ANNOTATION_PUT, records.annotation_payload(ann))
        return model.Changes(annotations=frozenset({ann.id}), outbox=True)

    def update_annotation(
        self,
        annotation_id: str,
        *,
        color: str | None = None,
        rects: Sequence[tuple[float, float, float, float]] | None = None,
        strokes: Sequence[Sequence[tuple[float, float, float]]] | None = None,
        text: str | None = None,
        quote: model.Quote | None = None,
        visibility: model.Visibility | None = None,
        page: int | None = None,
        needs_review: bool | None = None,
    ) -> model.Changes:
        if text is not None and len(text) > MAX_NOTE_CHARS:
            raise FolioError(ErrorKind.BAD_INPUT, "the note is too long")
        if (rects is not None and len(rects) > p.MAX_ANNOTATION_RECTS) or (
            strokes is not None and len(strokes) > p.MAX_ANNOTATION_STROKES
        ):
            raise FolioError(ErrorKind.BAD_INPUT, "too many rectangles or strokes in one mark")
        if strokes is not None:
            strokes = fit_strokes(strokes, p.MAX_ANNOTATION_POINTS)
        db = self.vault.db
        with db.transaction() as cur:
            old = records.get_annotation(CursorReader(cur), annotation_id)
            if old.deleted:
                raise FolioError(ErrorKind.NOT_FOUND, "the annotation was deleted")
            _own(old)
            new = model.Annotation(
                id=old.id,
                document_id=old.document_id,
                document_version=old.document_version,
                page=old.page if page is None else page,
                kind=old.kind,
                color=old.color if color is None else color,
                rects=old.rects if rects is None else tuple(tuple(r) for r in rects),  # type: ignore[misc]
                strokes=old.strokes
                if strokes is None
                else tuple(tuple(tuple(p) for p in s) for s in strokes),  # type: ignore[misc]
                text=old.text if text is None else text,
                quote=old.quote if quote is None else quote,
                visibility=old.visibility if visibility is None else visibility,
                created_at=old.created_at,
                updated_at=records.now(),
                revision=old.revision,
                needs_review=old.needs_review if needs_review is None else needs_review,
                needs_reanchor=old.needs_reanchor,
            )
            records.save_annotation(cur, new)
            records.add_op(cur, OpKind.ANNOTATION_PUT, records.annotation_payload(new))
        return model.Changes(annotations=frozenset({annotation_id}), outbox=True)

    def delete_annotation(self, annotation_id: str) -> model.Changes:
        """Delete as a tombstone (content erased, row kept) and queue the delete op."""
        db = self.vault.db
        with db.transaction() as cur:
            old = records.get_annotation(CursorReader(cur), annotation_id)
            if old.deleted:
                return model.Changes()
            _own(old)
            records.tombstone_annotation(cur, annotation_id)
            records.add_op(cur, OpKind.ANNOTATION_DELETE, {"annotation_id": annotation_id})
        return model.Changes(annotations=frozenset({annotation_id}), outbox=True)

    # -- comments ------------------------------------------------------------------------

    def list_comments(self, target_kind: str, target_id: str) -> list[model.Comment]:
        hidden = self._hidden_closed()
        if hidden is not None and hidden.holds(target_kind, target_id):
            return []
        return records.list_comments(self.vault.db, target_kind, target_id)

    def add_comment(
        self, target_kind: str, target_id: str, body: str, parent_id: str | None = None
    ) -> model.Changes:
        """Append a comment (the comment id is its op id); it shows its op's state."""
        body = body.strip()
        if not body or len(body) > MAX_COMMENT_CHARS:
            raise FolioError(ErrorKind.BAD_INPUT, "a comment needs 1 to 20000 characters")
        db = self.vault.db
        with db.transaction() as cur:
            reader = CursorReader(cur)
            if not records.target_exists(reader, target_kind, target_id):
                raise FolioError(ErrorKind.NOT_FOUND, f"no such {target_kind} to comment on")
            # As the server names authors (display name), so a thread reads the same
            # before and after the server echoes the comment back.
            author = (
                db.get_state(STATE_MEMBER_DISPLAY_NAME)
                or db.get_state(STATE_MEMBER_NAME)
                or records.ME
            )
            comment = model.Comment(
                id=records.new_id(),
                target_kind=target_kind,
                target_id=target_id,
                body=body,
                author=author,
                created_at=records.now(),
                parent_id=parent_id,
            )
            records.insert_comment(cur, comment)
            records.add_op(
                cur,
                OpKind.COMMENT_ADD,
                {
                    "comment_id": comment.id,
                    "target_kind": target_kind,
                    "target_id": target_id,
                    "body": body,
                    "parent_id": parent_id,
                },
                op_id=comment.id,
            )
        return model.Changes(comments=frozenset({comment.id}), outbox=True)

    # -- cases and approvals -------------------------------------------------------------

    def list_cases(self, status: model.CaseStatus | None = None) -> list[model.Case]:
        cases = records.list_cases(self.vault.db, status)
        hidden = self._hidden_closed()
        if hidden is None:
            return cases
        return [_without_description(c) if c.id in hidden.cases else c for c in cases]

    def get_case(self, case_id: str) -> model.Case:
        case = records.get_case(self.vault.db, case_id)
        hidden = self._hidden_closed()
        return _without_description(case) if hidden and case_id in hidden.cases else case

    def server_time(self) -> datetime | None:
        """The latest signed server time this device holds (None before its first contact).

        Deadlines are judged against it, never the tablet's clock: a clock set back
        does not reopen a closed case, a clock set forward does not close an open one.
        """
        seen = self.vault.db.get_state(STATE_SERVER_TIME)
        return p.parse_time(seen, STATE_SERVER_TIME) if seen else None

    def late_decisions_allowed(self) -> bool:
        """Policy ``decide_after_deadline``: may the reader decide an overdue case at all."""
        return self.policy.current.flag("decide_after_deadline")

    def decide(self, case_id: str, decision: model.Decision, remark: str = "") -> model.Changes:
        """Decide a case offline: the approval and its op in one transaction.

        The op carries the case version the reader saw, so the server judges the
        command against its current state (and may reject it with a reason). A case
        overdue by the last signed server time is refused here (POLICY, reason
        ``deadline_passed``) unless policy ``decide_after_deadline`` allows it: the
        UI only greys the buttons, this is the rule.
        """
        if len(remark) > MAX_COMMENT_CHARS:
            raise FolioError(ErrorKind.BAD_INPUT, "the remark is too long")
        db = self.vault.db
        with db.transaction() as cur:
            reader = CursorReader(cur)
            case = records.get_case(reader, case_id)
            # Refused here, with no op written, once this device knows of a decision:
            # its own, or one the server holds from another of the reader's devices.
            if case.my_decision is not None or case.status is model.CaseStatus.DECIDED:
                raise FolioError(
                    ErrorKind.ALREADY_DECIDED,
                    "this case is already decided",
                    reason=None if case.my_decision is None else case.my_decision.value,
                )
            if case.status is not model.CaseStatus.OPEN:
                raise FolioError(
                    ErrorKind.REJECTED, "the case is not open", reason=case.status.value
                )
            if case.deadline is not None and not self.late_decisions_allowed():
                seen = vault_state.read_in(cur, STATE_SERVER_TIME)
                if seen and p.parse_time(seen) > case.deadline:
                    raise FolioError(
                        ErrorKind.POLICY,
                        "the deadline has passed by the server's last signed time",
                        reason=p.Reason.DEADLINE_PASSED.value,
                    )
            if records.pending_approval(reader, case_id) is not None:
                raise FolioError(ErrorKind.ALREADY_DECIDED, "this case was already decided here")
            approval_id = records.new_id()
            records.insert_approval(
                cur,
                approval_id,
                case=case,
                decision=decision,
                remark=remark,
                decided_at=records.now(),
            )
            records.add_op(
                cur,
                OpKind.APPROVAL_DECIDE,
                {
                    "approval_id": approval_id,
                    "case_id": case.id,
                    "case_version": case.version,
                    "decision": decision.value,
                    "remark": remark,
                },
                op_id=approval_id,
            )
        return model.Changes(
            approvals=frozenset({approval_id}), cases=frozenset({case_id}), outbox=True
        )

    def list_approvals(self, case_id: str | None = None) -> list[model.Approval]:
        """The reader's decisions with receipts and op state, newest first (past the
        offline grace, those on closed cases wait for the next check-in)."""
        approvals = records.list_approvals(self.vault.db, case_id)
        hidden = self._hidden_closed()
        if hidden is None:
            return approvals
        return [a for a in approvals if a.case_id not in hidden.cases]

    # -- outbox and sync state -----------------------------------------------------------

    def list_ops(self, state: model.OpState | None = None) -> list[model.Op]:
        return records.list_ops(self.vault.db, state)

    def outbox_entries(self) -> list[model.OutboxEntry]:
        """The reader's changes not yet confirmed (waiting, sent, refused), oldest first,
        each with what it is about; read receipts left out. Past the offline grace the
        subject of closed material is not named (DESIGN.md, offline expiry)."""
        db = self.vault.db
        hide = self._hidden_closed() is not None
        entries = []
        for row in store_outbox.reader_changes(db):
            hidden = hide and row.closed
            entries.append(
                model.OutboxEntry(
                    op_id=row.id,
                    kind=row.kind,
                    state=model.OpState(row.state),
                    created_at=records.parse_ts(row.created_at) or records.now(),
                    reason=row.reason,
                    subject=None if hidden else row.subject,
                    page=None if hidden else row.page,
                    meeting_title=row.meeting_title,
                    detail=row.detail,
                )
            )
        return entries

    def outbox_status(self) -> dict[model.OpState, int]:
        counts = dict.fromkeys(model.OpState, 0)
        for state_text, n in store_outbox.count_by_state(self.vault.db).items():
            counts[model.OpState(state_text)] = n
        return counts

    def server_pin(self) -> str | None:
        """The enrolled server's certificate pin, for ``check_for_update``."""
        return self.vault.db.get_state(STATE_SPKI_PIN) or None

    def sync_status(self) -> model.SyncStatus:
        db = self.vault.db
        waiting, refused = store_outbox.count_reader_changes(db)
        meetings = records.list_meetings(db)
        return model.SyncStatus(
            enrolled=db.get_state(STATE_DEVICE_ID) is not None,
            server_url=db.get_state(STATE_SERVER_URL),
            last_sync_at=records.parse_ts(db.get_state(STATE_LAST_SYNC_AT)),
            last_error=db.get_state(STATE_LAST_ERROR),
            update_required=bool(db.get_state(STATE_UPDATE_REQUIRED)),
            ops_waiting=waiting,
            ops_rejected=refused,
            bytes_total=sum(m.bytes_total for m in meetings),
            bytes_done=sum(m.bytes_done for m in meetings),
        )

    # -- search and bookmarks ------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[model.SearchHit]:
        """Agenda text, document text (per page) and the reader's notes, best first;
        past the offline grace, none of closed material."""
        return records.search(
            self.vault.db,
            query,
            max(1, min(limit, 500)),
            hide_closed=self._hidden_closed() is not None,
        )

    def list_bookmarks(self, document_id: str) -> list[int]:
        return store_bookmarks.list_pages(self.vault.db, document_id)

    def add_bookmark(self, document_id: str, page: int) -> model.Changes:
        return self._set_bookmark(document_id, page, on=True)

    def remove_bookmark(self, document_id: str, page: int) -> model.Changes:
        return self._set_bookmark(document_id, page, on=False)

    def _set_bookmark(self, document_id: str, page: int, *, on: bool) -> model.Changes:
        """The bookmark and its sealed op in one transaction: durable when this returns,
        and on its way to the reader's other devices (docs/spec/e2e-notes.md)."""
        if page < 0:
            raise FolioError(ErrorKind.BAD_INPUT, "a page number is never negative")
        with self.vault.db.transaction() as cur:
            queued = store_bookmarks.set_bookmark(cur, document_id, page, on)
        return model.Changes(bookmarks=frozenset({document_id}), outbox=queued)

    # -- private notes: approval of devices, recovery key (docs/spec/e2e-notes.md) ------

    def notes_status(self) -> e2e_notes.NotesStatus:
        """This device and the reader's private notes: approved (holds the notes key),
        or pending with the code to compare, and the recovery key while unseen."""
        return e2e_notes.status(self.vault.db)

    def pending_devices(self) -> list[e2e_notes.PendingDevice]:
        """Her other devices asking for her private notes, as of the last sync; each
        shows its code once the new device revealed its part."""
        return e2e_notes.pending_devices(self.vault.db)

    def approve_device(self, device_id: str) -> model.Changes:
        """The reader saw the same code on both devices: the next sync gives the new
        device the notes key (wrapped to the key the code was computed over)."""
        with self.vault.db.transaction() as cur:
            e2e_notes.approve(cur, device_id)
        return model.Changes(sync_state=True)

    def recover_notes(self, recovery_key: str) -> model.Changes:
        """On a device with no other device left: the recovery key the reader wrote
        down gives this device her notes key at the next sync (BAD_INPUT on a typo)."""
        with self.vault.db.transaction() as cur:
            e2e_notes.recover(cur, recovery_key)
        return model.Changes(sync_state=True)

    def recovery_key_written(self) -> model.Changes:
        """The reader wrote the recovery key down: it is shown no more, nor kept."""
        with self.vault.db.transaction() as cur:
            e2e_notes.recovery_key_written(cur)
        return model.Changes(sync_state=True)

    # --- enrollment and sync: the desktop's one door to device, client and engine ---

    def complete_enrollment(self, pending: PendingEnrollment) -> model.Changes:
        """Keep a checked enrollment in this (new, unlocked) vault and write the marker."""
        if is_enrolled(self.data_dir):
            raise FolioError(ErrorKind.VAULT_EXISTS, "this device is already enrolled")
        db = self.vault.open_database()  # a short-lived connection of its own
        try:
            save_enrollment(db, self.data_dir, pending.server_url, pending.answer, pending.identity)
        finally:
            db.close()
        self.policy.server_policy_changed(pending.answer.policy)
        log.info("device.enrolled")
        return model.Changes(sync_state=True)

    def sign_out_and_wipe(self) -> model.Changes:
        """The reader's "Sign out and wipe": the vault's keys and files, then the marker."""
        data_dir = self.data_dir
        changes = self.wipe()
        remove_device_file(data_dir)
        return changes

    def sync_session(
        self,
        *,
        interval: float = 300.0,
        progress: Callable[[Progress], None] | None = None,
        on_round: Callable[[RoundResult], None] | None = None,
        extract_text: Callable[[bytes], list[str]] | None = None,
        reanchor_words: Callable[[bytes], list[list[Word]]] | None = None,
        config: EngineConfig | None = None,
    ) -> SyncSession:
        """A sync session for this unlocked vault; ``open()`` it on the lane that runs it.

        Call this on the Api's own thread; the session opens its own database
        connection (on ``open()``) and never shares this Api's. ``extract_text``
        reads a PDF's page texts for the search index and ``reanchor_words`` its
        word boxes for re-anchoring (both PyMuPDF): by default this Api's PdfWorker.
        """
        return SyncSession(
            self.vault,
            interval=interval,
            progress=progress,
            on_round=on_round,
            extract_text=extract_text or self.pdf.page_texts,
            reanchor_words=reanchor_words or self.pdf.document_words,
            policy=self.policy,
            config=config,
        )

    # --- annotations: re-anchoring and export (PyMuPDF work goes to the PdfWorker) ---

    def reanchor_document(
        self, document_id: str, *, words: WordsOf | None = None
    ) -> tuple[model.Changes, ReanchorReport]:
        """Re-anchor a replaced document's annotations on its current version.

        Highlights and notes by quote, ink by page; what cannot be placed is kept
        and flagged needs_review. Moved annotations get a new annotation.put op.
        The sync engine runs the same after every round (sync/engine/reanchor.py);
        this is for packs imported by hand. ``words`` reads the PDF's words
        (PyMuPDF); by default on the PdfWorker.
        """
        from sync.engine import reanchor  # noqa: PLC0415

        vault = self.vault
        return reanchor.reanchor_document(
            vault.db, vault.blobs, document_id, words or self.pdf.document_words
        )

    def reanchor_pending(
        self, document_ids: Iterable[str] | None = None, *, words: WordsOf | None = None
    ) -> tuple[model.Changes, list[ReanchorReport]]:
        """Re-anchor every document that waits for it (call after a sync round linked versions)."""
        waiting = records.documents_to_reanchor(self.vault.db)
        if document_ids is not None:
            wanted = set(document_ids)
            waiting = [d for d in waiting if d in wanted]
        changes, reports = model.Changes(), []
        for document_id in waiting:
            c, report = self.reanchor_document(document_id, words=words)
            changes = changes.merge(c)
            reports.append(report)
        return changes, reports

    def reanchor_summary(self, document_id: str) -> ReanchorSummary | None:
        """The last re-anchoring of a document: "12 notes moved, 1 needs you"."""
        from sync.pdf.anchoring import ReanchorSummary  # noqa: PLC0415

        row = records.reanchor_report(self.vault.db, document_id)
        if row is None:
            return None
        return ReanchorSummary(document_id, row[0], row[1], tuple(row[2]), row[3], row[4])

    def changed_pages(self, document_id: str) -> list[int]:
        """Pages of the current version that changed against the version before (thumbnails)."""
        summary = self.reanchor_summary(document_id)
        if summary is None or summary.to_version != self.get_document(document_id).version:
            return []
        return list(summary.changed_pages)

    def annotations_for_meeting(
        self, meeting_id: str
    ) -> list[tuple[model.Document, model.Annotation]]:
        """Every live annotation of a meeting, in agenda and page order ("My notes")."""
        meeting = self.get_meeting(meeting_id)
        out: list[tuple[model.Document, model.Annotation]] = []
        seen: set[str] = set()
        docs = [d for i in meeting.items for d in i.documents]
        docs += [d for d in self.list_documents(meeting_id) if d.id not in {x.id for x in docs}]
        for doc in docs:
            if doc.id in seen:
                continue
            seen.add(doc.id)
            out += [(doc, a) for a in self.list_annotations(doc.id) if a.author is None]
        return out

    def meeting_sheet(self, meeting_id: str) -> list[SheetItem]:
        """ "My meeting sheet": per agenda item my highlights, notes, comments and decision."""
        from sync.pdf.export import SheetItem  # noqa: PLC0415

        db = self.vault.db
        me = {
            records.ME,
            db.get_state(STATE_MEMBER_NAME) or records.ME,
            db.get_state(STATE_MEMBER_DISPLAY_NAME) or records.ME,
        }
        meeting = self.get_meeting(meeting_id)
        cases = [c for c in self.list_cases() if c.meeting_id == meeting_id]
        sheet: list[SheetItem] = []
        for item in meeting.items:
            anns = tuple(
                (d, a)
                for d in item.documents
                for a in self.list_annotations(d.id)
                if a.author is None  # "my" sheet: a colleague's shared marks are theirs
            )
            item_cases = [c for c in cases if c.item_id == item.id]
            comments = list(self.list_comments("item", item.id))
            approvals: list[model.Approval] = []
            for case in item_cases:
                comments += self.list_comments("case", case.id)
                approvals += self.list_approvals(case.id)
            for _doc, ann in anns:
                comments += self.list_comments("annotation", ann.id)
            own = tuple(c for c in comments if c.author in me)
            sheet.append(SheetItem(item, anns, own, tuple(approvals)))
        return sheet

    def watermark_line(self) -> str:
        """What policy ``watermark`` writes over pages and exports: who, and which day."""
        return f"{self.reader_name()} · {date.today().isoformat()}"

    def export_allowed(self) -> bool:
        """Effective policy ``allow_export`` (the UI hides its buttons by it; the Api enforces)."""
        return self.policy.current.flag("allow_export")

    def _check_export(self) -> str:
        """Refuse with POLICY when the effective policy forbids export; else the watermark line.

        Every export (and anything that would print) goes through here: the UI only
        hides buttons, so a caller that skips the UI is refused all the same. With
        policy ``watermark`` every page carries the reader's name and the date.
        """
        if not self.export_allowed():
            raise FolioError(ErrorKind.POLICY, "export is turned off by policy")
        return self.watermark_line() if self.policy.current.flag("watermark") else ""

    def export_annotated_pdf(self, document_id: str, dest: Path | str) -> Path:
        """The current version with my annotations as real PDF annotations, at ``dest``.

        Refused with POLICY unless the effective policy allows export (``allow_export``).
        """
        from sync.pdf import export  # noqa: PLC0415

        watermark = self._check_export()
        anns = [
            a
            for a in self.list_annotations(document_id)
            if a.document_version == self.get_document(document_id).version
            and a.author is None  # the reader's own marks; a colleague's are not hers to export
        ]
        pdf = self.document_bytes(document_id)
        try:
            data = self.pdf.annotated_pdf(pdf, anns, watermark=watermark)
        finally:
            del pdf
        return export.write_atomically(dest, data)

    def export_notes_summary(
        self,
        meeting_id: str,
        dest: Path | str,
        *,
        labels: Mapping[str, str] | None = None,
    ) -> Path:
        """My notes of a meeting as a PDF; refused with POLICY unless export is allowed."""
        from sync.pdf import export  # noqa: PLC0415

        watermark = self._check_export()
        by_doc: dict[str, tuple[model.Document, list[model.Annotation]]] = {}
        for doc, ann in self.annotations_for_meeting(meeting_id):
            by_doc.setdefault(doc.id, (doc, []))[1].append(ann)
        data = self.pdf.notes_summary_pdf(
            self.get_meeting(meeting_id),
            list(by_doc.values()),
            labels=labels or export.DEFAULT_LABELS,
            watermark=watermark,
        )
        return export.write_atomically(dest, data)

    def export_meeting_sheet(
        self,
        meeting_id: str,
        dest: Path | str,
        *,
        labels: Mapping[str, str] | None = None,
    ) -> Path:
        """My meeting sheet as a PDF; refused with POLICY unless export is allowed."""
        from sync.pdf import export  # noqa: PLC0415

        watermark = self._check_export()
        data = self.pdf.meeting_sheet_pdf(
            self.get_meeting(meeting_id),
            self.meeting_sheet(meeting_id),
            labels=labels or export.DEFAULT_LABELS,
            watermark=watermark,
        )
        return export.write_atomically(dest, data)

    def export_web_annotations(self, meeting_id: str) -> bytes:
        """W3C Web Annotation JSON of my annotations in a meeting (the caller saves it).

        Refused with POLICY unless the effective policy allows export.
        """
        from sync.pdf import export  # noqa: PLC0415

        self._check_export()
        anns = [a for _d, a in self.annotations_for_meeting(meeting_id)]
        return export.web_annotations_json(anns, label=self.get_meeting(meeting_id).title)

    def import_web_annotations(self, data: bytes) -> model.Changes:
        """Add annotations from W3C JSON onto documents on this device; skips known ids.

        An annotation made on another version than the current one is queued for
        re-anchoring (``reanchor_pending``).
        """
        from sync.pdf import export  # noqa: PLC0415

        parsed = export.parse_web_annotations(data)
        db = self.vault.db
        added: set[str] = set()
        with db.transaction() as cur:
            reader = CursorReader(cur)
            for ann in parsed:
                if len(ann.text) > MAX_NOTE_CHARS:
                    raise FolioError(ErrorKind.BAD_INPUT, "a note in the file is too long")
                try:
                    doc = records.get_document(reader, ann.document_id)
                except FolioError:
                    continue  # a document not on this device: nothing to anchor to
                ann_id = ann.id or records.new_id()
                if ann.id and store_meetings.annotation_exists(reader, ann.id):
                    continue
                stamp = records.now()
                version = ann.document_version or doc.version
                new = dataclasses.replace(
                    ann,
                    id=ann_id,
                    document_version=version,
                    created_at=ann.created_at or stamp,
                    updated_at=stamp,
                    revision=0,
                    needs_reanchor=version < doc.version,
                )
                records.save_annotation(cur, new)
                records.add_op(cur, OpKind.ANNOTATION_PUT, records.annotation_payload(new))
                added.add(ann_id)
        return model.Changes(annotations=frozenset(added), outbox=bool(added))


def _own(annotation: model.Annotation) -> None:
    """A colleague's shared mark is shown, never changed or sent as this reader's."""
    if annotation.author is not None:
        raise FolioError(ErrorKind.NOT_OWNER, "a colleague's shared annotation")


def _closed_locked_error() -> FolioError:
    return FolioError(
        ErrorKind.EXPIRED,
        "closed material stays locked until this device reaches the server",
        reason="offline_grace",
    )


def _without_description(case: model.Case) -> model.Case:
    return dataclasses.replace(case, description="")


def _case_status(reader: records.Reader, case_id: str) -> model.CaseStatus:
    """Keep a local case's status across re-imports (a decided case stays decided)."""
    status = store_meetings.case_status(reader, case_id)
    return model.CaseStatus(status) if status is not None else model.CaseStatus.OPEN


def only_id(ids: Iterable[str]) -> str:
    """The one id in a single-element Changes set (e.g. the new annotation's id)."""
    (only,) = tuple(ids)
    return only


# --- enrollment and sync sessions (module level: enrollment is checked before a vault exists) ---


def normalise_server_url(url: str) -> str:
    # https://, or http:// to this machine only (INSECURE_SERVER), checked before any call
    return require_secure_url(url.strip().rstrip("/"))


@dataclasses.dataclass(frozen=True)
class PendingEnrollment:
    """The server's yes to enrolling this device, held until the reader has chosen a PIN."""

    server_url: str
    answer: p.EnrollResponse = dataclasses.field(repr=False)  # holds the refresh token
    # The key pair whose public halves went with the request (kept with the answer).
    identity: DeviceIdentity | None = dataclasses.field(default=None, repr=False)

    @property
    def device_id(self) -> str:
        return self.answer.device_id


def check_enrollment(
    server_url: str,
    *,
    user: str = "",
    password: str = "",
    code: str = "",
    device_name: str = "",
    org_token: str = "",
    http: HttpConfig | None = None,
) -> PendingEnrollment:
    """Ask the server to enroll this device (one HTTP call, no vault yet).

    A wrong password or code is reported here, before the reader chooses a PIN;
    ``Api.complete_enrollment`` keeps the answer in the new vault. ``org_token``
    (policy ``enrollment_token``) is the organisation's token: it does not replace
    the reader's own sign-in, it is checked after it.
    """
    if bool(user) == bool(code):
        raise FolioError(ErrorKind.BAD_INPUT, "give a user name and password, or a code")
    url = normalise_server_url(server_url)
    identity = DeviceIdentity.generate()
    request = p.EnrollRequest(
        device_name=device_name or default_device_name(user),
        username=user or None,
        password=password if user else None,
        code=code or None,
        keys=identity.public(),
        org_token=org_token.strip() or None,
    )
    client = FolioClient(HttpTransport(url, http or HttpConfig()))
    try:
        return PendingEnrollment(url, client.enroll(request), identity)
    finally:
        client.close()


def extract_page_texts(pdf_plain: bytes) -> list[str]:
    """Page texts for the search index, read on the process's shared PdfWorker."""
    from sync.pdf.worker import shared_worker  # noqa: PLC0415

    return shared_worker().page_texts(pdf_plain)


def document_words(pdf_plain: bytes) -> list[list[Word]]:
    """Every page's words for re-anchoring, read on the process's shared PdfWorker."""
    from sync.pdf.worker import shared_worker  # noqa: PLC0415

    return shared_worker().document_words(pdf_plain)


__all__ = [
    "Api",
    "EngineConfig",
    "KdfParams",
    "NotesStatus",
    "PendingDevice",
    "PendingEnrollment",
    "Progress",
    "RoundResult",
    "SyncSession",
    "Word",
    "check_enrollment",
    "document_words",
    "extract_page_texts",
    "normalise_server_url",
]


# --- updates: notify only (IT's deployment installs) ---


@dataclasses.dataclass(frozen=True)
class UpdateNotice:
    """What the reader is told about a newer Folio; never installs anything."""

    status: str  # sync.device.updates.Status value: disabled | up_to_date | available | ...
    installed: str
    available: str | None = None
    update_required: bool = False
    url: str | None = None  # where IT's deployment gets it (shown, never fetched here)
    sha256: str | None = None


def installed_version() -> str:
    from sync.device import updates  # noqa: PLC0415

    return updates.installed_version()


def check_for_update(data_dir: Path, *, spki_pin: str | None = None) -> UpdateNotice:
    """Fetch and verify the signed release metadata (network: call off the UI thread).

    Refusals (tampered, wrong key, rollback, expired) raise FolioError with a reason.
    Trusted release keys come from locked machine policy when IT set them;
    ``spki_pin`` is the enrolled server's certificate pin, applied when the metadata
    comes from that server.
    """
    from sync.config import policy  # noqa: PLC0415
    from sync.device import enrollment as device  # noqa: PLC0415
    from sync.device import updates  # noqa: PLC0415

    enrolled = device.enrolled_server(data_dir)
    installed = installed_version()
    config = policy.load(data_dir)
    checker = updates.UpdateChecker(installed, data_dir, trusted_keys=updates.trusted_keys(config))

    def fetch(url: str) -> bytes:
        return updates.fetch_with_requests(url, enrolled_server=enrolled, spki_pin=spki_pin)

    result = checker.check(config, fetch, enrolled_server=enrolled)
    return UpdateNotice(
        status=result.status.value,
        installed=installed,
        available=result.release.app_version if result.release is not None else None,
        update_required=result.update_required,
        url=result.target.url if result.target is not None else None,
        sha256=result.target.sha256 if result.target is not None else None,
    )


def fit_strokes(
    strokes: Sequence[Sequence[tuple[float, float, float]]], max_points: int
) -> Sequence[Sequence[tuple[float, float, float]]]:
    """Thin a very long pen mark to what the server accepts in one op.

    A mark over the server's point cap would be refused for good after the reader
    saw it saved; keeping every k-th point (and each stroke's ends) changes a
    stroke of that length by well under a line width.
    """
    total = sum(len(s) for s in strokes)
    if total <= max_points:
        return strokes
    step = -(-total // (max_points - 2 * len(strokes)))  # ceil; room for the ends
    out: list[list[tuple[float, float, float]]] = []
    for stroke in strokes:
        kept = list(stroke[::step])
        if stroke and kept[-1] != stroke[-1]:
            kept.append(stroke[-1])
        out.append(kept)
    return out
