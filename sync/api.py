"""The one facade the UI (and the CLI) calls: queries return sync.model dataclasses,
commands write their change and its outbox op in one transaction and return Changes.

Thread confinement: an ``Api`` instance and everything it holds (the SQLCipher
connection, the blob key) belong to ONE thread,
the desktop's vault lane (or the CLI's main thread). Do not share an instance
between threads; the sync engine opens its own connection with
``api.vault.open_database()``.

This module only delegates: what each command does lives in sync.commands (a module
per family), all SQL in sync.store. Importing it must stay cheap, because every
process that shows a window or parses a command line imports it first: each method
imports its family when first called (the per-file ruff rule PLC0415 is off here for
that), and the names re-exported below load on first use (``__getattr__``), so the
engine, the HTTP stack, PyMuPDF and cryptography load only when something needs them.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync import model
from sync.errors import ErrorKind, FolioError

if TYPE_CHECKING:
    from datetime import datetime

    from sync.commands.annotating import fit_strokes
    from sync.commands.enrollment import (
        PendingEnrollment,
        check_enrollment,
        normalise_server_url,
    )
    from sync.commands.import_pack import (
        committee_id_for,
        document_id_for,
        item_id_for,
        meeting_id_for,
    )
    from sync.commands.reanchor import document_words, extract_page_texts
    from sync.commands.updates import UpdateNotice, check_for_update, installed_version
    from sync.config.effective import EffectivePolicy
    from sync.config.policy import Config
    from sync.e2e.notes import NotesStatus, PendingDevice
    from sync.engine import EngineConfig, Progress, RoundResult
    from sync.engine.session import SyncSession
    from sync.pdf.anchoring import ReanchorReport, ReanchorSummary, Word
    from sync.pdf.export import SheetItem
    from sync.pdf.worker import PdfWorker
    from sync.vault import UnlockedVault, Vault
    from sync.vault.keys import KdfParams
    from sync.vault.secret_store import SecretStore

    WordsOf = Callable[[bytes], list[list[Word]]]

log = logging.getLogger(__name__)

#: Names this module re-exports, and where each is defined: loaded on first use, so
#: ``from sync.api import Api`` does not pay for the engine or the key derivation.
_REEXPORTED: dict[str, str] = {
    "KdfParams": "sync.vault.keys",
    "NotesStatus": "sync.e2e.notes",
    "PendingDevice": "sync.e2e.notes",
    "EngineConfig": "sync.engine",
    "Progress": "sync.engine",
    "RoundResult": "sync.engine",
    "SyncSession": "sync.engine.session",
    "Word": "sync.pdf.anchoring",
    "PendingEnrollment": "sync.commands.enrollment",
    "check_enrollment": "sync.commands.enrollment",
    "normalise_server_url": "sync.commands.enrollment",
    "UpdateNotice": "sync.commands.updates",
    "check_for_update": "sync.commands.updates",
    "installed_version": "sync.commands.updates",
    "fit_strokes": "sync.commands.annotating",
    "extract_page_texts": "sync.commands.reanchor",
    "document_words": "sync.commands.reanchor",
    "meeting_id_for": "sync.commands.import_pack",
    "committee_id_for": "sync.commands.import_pack",
    "item_id_for": "sync.commands.import_pack",
    "document_id_for": "sync.commands.import_pack",
}


def __getattr__(name: str) -> Any:
    """Load a re-exported name from its home module the first time it is asked for."""
    home = _REEXPORTED.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_REEXPORTED})


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
            from sync.config.effective import EffectivePolicy

            self._policy = EffectivePolicy(self.data_dir)
            if not self.is_locked:
                self._policy.server_policy_changed(self._stored_server_policy())
        return self._policy

    def _stored_server_policy(self) -> Any:
        from sync.device.enrollment import policy as stored_server_policy

        return stored_server_policy(self.vault.db)

    def reload_policy(self) -> Config:
        """The explicit event after the reader's settings or the machine policy changed.

        Reads the vault's server policy again too, so a caller that changed any of
        the three (machine, server, the reader's settings) has one call to make.
        """
        if not self.is_locked:
            self.policy.server_policy_changed(self._stored_server_policy())
        return self.policy.reload()

    @property
    def _config(self) -> Config:
        return self.policy.current

    @property
    def pdf(self) -> PdfWorker:
        """The PdfWorker this Api hands its PDF work to (never PyMuPDF on this thread)."""
        if self._pdf is None:
            from sync.pdf.worker import shared_worker

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
        from sync.vault import Vault

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
        from sync.vault import Vault

        vault = Vault.open(Path(data_dir), secret_store=secret_store)
        return cls(vault, secret_store=secret_store, pdf=pdf, policy=policy)

    @staticmethod
    def exists(data_dir: Path | str) -> bool:
        from sync.config.paths import vault_exists  # a file check: no vault package

        return vault_exists(Path(data_dir))

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
        from sync.vault import Vault

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
        from sync.commands import vault

        return vault.verify(self.vault)

    def verify_vault(self, *, repair: bool = False) -> model.VerifyReport:
        """`folio verify`: the database, then every blob decrypted and authenticated;
        ``repair`` shreds a damaged version now (sync/commands/vault.py)."""
        from sync.commands import vault

        return vault.verify_vault(self.vault, repair=repair)

    def storage_used(self) -> int:
        return self.vault.size_bytes()

    def reader_name(self) -> str:
        """Who reads on this device, for the watermark drawn over pages (policy ``watermark``)."""
        from sync.commands import export

        return export.reader_name(self.vault.db)

    def counts(self) -> dict[str, int]:
        """Counts for ``folio status``: meetings, documents, ops waiting/rejected …"""
        from sync.store import records

        return records.counts(self.vault.db)

    # -- meetings and documents ------------------------------------------------------------

    def list_meetings(self, committee_id: str | None = None) -> list[model.Meeting]:
        """Every meeting by start time, with pack state, byte progress and changed-since-read."""
        from sync.store import records

        return records.list_meetings(self.vault.db, committee_id)

    def meeting_attention(self) -> dict[str, model.MeetingAttention]:
        """What waits for the reader in each meeting (new documents, decisions due,
        colleagues' comments), by meeting id; a meeting with nothing waiting is absent."""
        from sync.commands import reading

        return reading.meeting_attention(self.vault.db, self._config)

    def get_meeting(self, meeting_id: str) -> model.Meeting:
        """The meeting with its agenda; past the offline grace, closed items keep only
        their number and title (their proposal waits for the next check-in)."""
        from sync.commands import reading

        return reading.get_meeting(self.vault.db, self._config, meeting_id)

    def list_committees(self) -> list[model.Committee]:
        from sync.store import records

        return records.list_committees(self.vault.db)

    def get_document(self, document_id: str) -> model.Document:
        from sync.store import records

        return records.get_document(self.vault.db, document_id)

    def list_documents(self, meeting_id: str | None = None) -> list[model.Document]:
        from sync.store import records

        return records.list_documents(self.vault.db, meeting_id)

    def document_versions(self, document_id: str) -> list[model.DocumentVersion]:
        from sync.store import records

        return records.list_document_versions(self.vault.db, document_id)

    def document_bytes(self, document_id: str, version: int | None = None) -> bytes:
        """The PDF bytes of a verified, linked version (default: the current one).

        Raises NOT_FOUND for anything else (missing, downloading, failed, purged), and
        EXPIRED for closed material once the offline grace has passed (DESIGN.md).
        Hand the bytes to the render worker; never write them to disk.
        """
        from sync.commands import reading

        return reading.document_bytes(self.vault, self._config, document_id, version)

    def mark_read(
        self, *, meeting_id: str | None = None, document_id: str | None = None
    ) -> model.Changes:
        """Clear the changed-since-read marker; a document read also queues a read receipt."""
        from sync.commands import reading

        return reading.mark_read(self.vault.db, meeting_id=meeting_id, document_id=document_id)

    # -- import a publishing folder (tests, offline demo, `folio import`) ---------------

    def import_pack(self, folder: Path | str) -> model.Changes:
        """Import a publishing folder straight into the vault: meeting, items, documents, text.

        Document ids are stable (meeting key + file name); see sync/commands/import_pack.py.
        """
        from sync.commands import import_pack

        return import_pack.import_pack(self.vault, self.pdf, folder)

    # -- purge ---------------------------------------------------------------------------

    def purge_document(self, document_id: str) -> model.Changes:
        """Remove a document from this device: key shredded, blob deleted, text unindexed."""
        from sync.commands import vault

        return vault.purge_document(self.vault, document_id)

    def purge_meeting(self, meeting_id: str) -> model.Changes:
        from sync.commands import vault

        return vault.purge_meeting(self.vault, meeting_id)

    # -- annotations ---------------------------------------------------------------------

    def list_annotations(self, document_id: str) -> list[model.Annotation]:
        from sync.commands import annotating

        return annotating.list_annotations(self.vault.db, self._config, document_id)

    def get_annotation(self, annotation_id: str) -> model.Annotation:
        from sync.commands import annotating

        return annotating.get_annotation(self.vault.db, self._config, annotation_id)

    def add_annotation(
        self,
        document_id: str,
        page: int,
        kind: model.AnnotationKind,
        *,
        color: str | None = None,
        rects: Sequence[tuple[float, float, float, float]] = (),
        strokes: Sequence[Sequence[tuple[float, float, float]]] = (),
        text: str = "",
        quote: model.Quote | None = None,
        visibility: model.Visibility = model.Visibility.PRIVATE,
        document_version: int | None = None,
        annotation_id: str | None = None,
    ) -> model.Changes:
        """Add an annotation (``color`` None: the highlighter yellow); the new id is the
        one element of ``changes.annotations``."""
        from sync.commands import annotating

        return annotating.add_annotation(
            self.vault.db,
            document_id,
            page,
            kind,
            color=annotating.DEFAULT_COLOR if color is None else color,
            rects=rects,
            strokes=strokes,
            text=text,
            quote=quote,
            visibility=visibility,
            document_version=document_version,
            annotation_id=annotation_id,
        )

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
        from sync.commands import annotating

        return annotating.update_annotation(
            self.vault.db,
            annotation_id,
            color=color,
            rects=rects,
            strokes=strokes,
            text=text,
            quote=quote,
            visibility=visibility,
            page=page,
            needs_review=needs_review,
        )

    def delete_annotation(self, annotation_id: str) -> model.Changes:
        """Delete as a tombstone (content erased, row kept) and queue the delete op."""
        from sync.commands import annotating

        return annotating.delete_annotation(self.vault.db, annotation_id)

    # -- comments ------------------------------------------------------------------------

    def list_comments(self, target_kind: str, target_id: str) -> list[model.Comment]:
        from sync.commands import comments

        return comments.list_comments(self.vault.db, self._config, target_kind, target_id)

    def add_comment(
        self, target_kind: str, target_id: str, body: str, parent_id: str | None = None
    ) -> model.Changes:
        """Append a comment (the comment id is its op id); it shows its op's state."""
        from sync.commands import comments

        return comments.add_comment(self.vault.db, target_kind, target_id, body, parent_id)

    # -- cases and approvals -------------------------------------------------------------

    def list_cases(self, status: model.CaseStatus | None = None) -> list[model.Case]:
        from sync.commands import decisions

        return decisions.list_cases(self.vault.db, self._config, status)

    def get_case(self, case_id: str) -> model.Case:
        from sync.commands import decisions

        return decisions.get_case(self.vault.db, self._config, case_id)

    def server_time(self) -> datetime | None:
        """The latest signed server time this device holds (None before its first contact).

        Deadlines are judged against it, never the tablet's clock: a clock set back
        does not reopen a closed case, a clock set forward does not close an open one.
        """
        from sync.commands import decisions

        return decisions.server_time(self.vault.db)

    def late_decisions_allowed(self) -> bool:
        """Policy ``decide_after_deadline``: may the reader decide an overdue case at all."""
        return self._config.flag("decide_after_deadline")

    def decide(self, case_id: str, decision: model.Decision, remark: str = "") -> model.Changes:
        """Decide a case offline: the approval and its op in one transaction.

        An overdue case is refused here (POLICY, reason ``deadline_passed``) unless
        policy ``decide_after_deadline`` allows it: the UI only greys the buttons.
        """
        from sync.commands import decisions

        return decisions.decide(
            self.vault.db, case_id, decision, remark, late_allowed=self.late_decisions_allowed()
        )

    def list_approvals(self, case_id: str | None = None) -> list[model.Approval]:
        """The reader's decisions with receipts and op state, newest first (past the
        offline grace, those on closed cases wait for the next check-in)."""
        from sync.commands import decisions

        return decisions.list_approvals(self.vault.db, self._config, case_id)

    # -- outbox and sync state -----------------------------------------------------------

    def list_ops(self, state: model.OpState | None = None) -> list[model.Op]:
        from sync.store import records

        return records.list_ops(self.vault.db, state)

    def outbox_entries(self) -> list[model.OutboxEntry]:
        """The reader's changes not yet confirmed (waiting, sent, refused), oldest first,
        each with what it is about; read receipts left out. Past the offline grace the
        subject of closed material is not named (DESIGN.md, offline expiry)."""
        from sync.commands import status

        return status.outbox_entries(self.vault.db, self._config)

    def outbox_status(self) -> dict[model.OpState, int]:
        from sync.commands import status

        return status.outbox_status(self.vault.db)

    def server_pin(self) -> str | None:
        """The enrolled server's certificate pin, for ``check_for_update``."""
        from sync.store.state import STATE_SPKI_PIN

        return self.vault.db.get_state(STATE_SPKI_PIN) or None

    def sync_status(self) -> model.SyncStatus:
        from sync.commands import status

        return status.sync_status(self.vault.db)

    # -- search and bookmarks ------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[model.SearchHit]:
        """Agenda text, document text (per page) and the reader's notes, best first;
        past the offline grace, none of closed material."""
        from sync.commands import reading

        return reading.search(self.vault.db, self._config, query, limit)

    def list_bookmarks(self, document_id: str) -> list[int]:
        from sync.commands import bookmarks

        return bookmarks.list_pages(self.vault.db, document_id)

    def add_bookmark(self, document_id: str, page: int) -> model.Changes:
        from sync.commands import bookmarks

        return bookmarks.set_bookmark(self.vault.db, document_id, page, on=True)

    def remove_bookmark(self, document_id: str, page: int) -> model.Changes:
        from sync.commands import bookmarks

        return bookmarks.set_bookmark(self.vault.db, document_id, page, on=False)

    # -- private notes: approval of devices, recovery key (docs/spec/e2e-notes.md) ------

    def notes_status(self) -> NotesStatus:
        """This device and the reader's private notes: approved (holds the notes key),
        or pending with the code to compare, and the recovery key while unseen."""
        from sync.commands import notes

        return notes.status(self.vault.db)

    def pending_devices(self) -> list[PendingDevice]:
        """Her other devices asking for her private notes, as of the last sync; each
        shows its code once the new device revealed its part."""
        from sync.commands import notes

        return notes.pending_devices(self.vault.db)

    def approve_device(self, device_id: str) -> model.Changes:
        """The reader saw the same code on both devices: the next sync gives the new
        device the notes key (wrapped to the key the code was computed over)."""
        from sync.commands import notes

        return notes.approve_device(self.vault.db, device_id)

    def recover_notes(self, recovery_key: str) -> model.Changes:
        """On a device with no other device left: the recovery key the reader wrote
        down gives this device her notes key at the next sync (BAD_INPUT on a typo)."""
        from sync.commands import notes

        return notes.recover(self.vault.db, recovery_key)

    def start_notes_over(self) -> model.Changes:
        """No tablet with her notes key and no recovery key left: the next sync makes a
        new notes key here. Notes sealed before stay unreadable; the notes on this
        tablet are sealed with the new key and reach her other tablets once approved."""
        from sync.commands import notes

        return notes.start_over(self.vault.db)

    def recovery_key_written(self) -> model.Changes:
        """The reader wrote the recovery key down: it is shown no more, nor kept."""
        from sync.commands import notes

        return notes.recovery_key_written(self.vault.db)

    # --- enrollment and sync: the desktop's one door to device, client and engine ---

    def complete_enrollment(self, pending: PendingEnrollment) -> model.Changes:
        """Keep a checked enrollment in this (new, unlocked) vault and write the marker."""
        from sync.commands import enrollment

        return enrollment.complete_enrollment(self.vault, self.policy, pending)

    def sign_out_and_wipe(self) -> model.Changes:
        """The reader's "Sign out and wipe": the vault's keys and files, then the marker."""
        from sync.device.enrollment import remove_device_file

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
        from sync.engine.session import SyncSession

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
        from sync.commands import reanchor

        return reanchor.reanchor_document(self.vault, document_id, words or self.pdf.document_words)

    def reanchor_pending(
        self, document_ids: Iterable[str] | None = None, *, words: WordsOf | None = None
    ) -> tuple[model.Changes, list[ReanchorReport]]:
        """Re-anchor every document that waits for it (call after a sync round linked versions)."""
        from sync.commands import reanchor

        return reanchor.reanchor_pending(self.vault, document_ids, words or self.pdf.document_words)

    def reanchor_summary(self, document_id: str) -> ReanchorSummary | None:
        """The last re-anchoring of a document: "12 notes moved, 1 needs you"."""
        from sync.commands import reanchor

        return reanchor.reanchor_summary(self.vault.db, document_id)

    def changed_pages(self, document_id: str) -> list[int]:
        """Pages of the current version that changed against the version before (thumbnails)."""
        from sync.commands import reanchor

        return reanchor.changed_pages(self.vault.db, document_id)

    def annotations_for_meeting(
        self, meeting_id: str
    ) -> list[tuple[model.Document, model.Annotation]]:
        """Every live annotation of a meeting, in agenda and page order ("My notes")."""
        from sync.commands import export

        return export.annotations_for_meeting(self.vault.db, self._config, meeting_id)

    def meeting_sheet(self, meeting_id: str) -> list[SheetItem]:
        """ "My meeting sheet": per agenda item my highlights, notes, comments and decision."""
        from sync.commands import export

        return export.meeting_sheet(self.vault.db, self._config, meeting_id)

    def watermark_line(self) -> str:
        """What policy ``watermark`` writes over pages and exports: who, and which day."""
        from sync.commands import export

        return export.watermark_line(self.vault.db)

    def export_allowed(self) -> bool:
        """Effective policy ``allow_export`` (the UI hides its buttons by it; the Api enforces)."""
        return self._config.flag("allow_export")

    def export_annotated_pdf(self, document_id: str, dest: Path | str) -> Path:
        """The current version with my annotations as real PDF annotations, at ``dest``.

        Refused with POLICY unless the effective policy allows export (``allow_export``).
        """
        from sync.commands import export

        return export.export_annotated_pdf(self.vault, self._config, self.pdf, document_id, dest)

    def export_notes_summary(
        self,
        meeting_id: str,
        dest: Path | str,
        *,
        labels: Mapping[str, str] | None = None,
    ) -> Path:
        """My notes of a meeting as a PDF; refused with POLICY unless export is allowed."""
        from sync.commands import export

        return export.export_notes_summary(
            self.vault.db, self._config, self.pdf, meeting_id, dest, labels=labels
        )

    def export_meeting_sheet(
        self,
        meeting_id: str,
        dest: Path | str,
        *,
        labels: Mapping[str, str] | None = None,
    ) -> Path:
        """My meeting sheet as a PDF; refused with POLICY unless export is allowed."""
        from sync.commands import export

        return export.export_meeting_sheet(
            self.vault.db, self._config, self.pdf, meeting_id, dest, labels=labels
        )

    def export_web_annotations(self, meeting_id: str) -> bytes:
        """W3C Web Annotation JSON of my annotations in a meeting (the caller saves it).

        Refused with POLICY unless the effective policy allows export.
        """
        from sync.commands import export

        return export.export_web_annotations(self.vault.db, self._config, meeting_id)

    def import_web_annotations(self, data: bytes) -> model.Changes:
        """Add annotations from W3C JSON onto documents on this device; skips known ids.

        An annotation made on another version than the current one is queued for
        re-anchoring (``reanchor_pending``).
        """
        from sync.commands import export

        return export.import_web_annotations(self.vault.db, data)


def only_id(ids: Iterable[str]) -> str:
    """The one id in a single-element Changes set (e.g. the new annotation's id)."""
    (only,) = tuple(ids)
    return only


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
    "UpdateNotice",
    "Word",
    "check_enrollment",
    "check_for_update",
    "committee_id_for",
    "document_id_for",
    "document_words",
    "extract_page_texts",
    "fit_strokes",
    "installed_version",
    "item_id_for",
    "meeting_id_for",
    "normalise_server_url",
    "only_id",
]
