"""One sync round: push -> pull -> download -> index -> re-anchor (push again) -> purge.

Below the policy's ``min_app_version`` a round is a check-in only (GET /v1/checkin):
nothing is pushed or pulled, so ops wait in the outbox, yet revocation, a wipe
order and a new policy still reach the device.

``SyncEngine`` owns its own database connection and the client; the UI never
waits on it. Each phase is its own module with one durable step per
transition, so the round itself only sequences them, records the outcome
(``last_sync_at``, ``last_error``, ``last_checkin_at``) and turns a revocation
into a wipe.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field

from sync import model
from sync import protocol as p
from sync.client import FolioClient, HttpConfig, HttpTransport, Session
from sync.config.effective import EffectivePolicy
from sync.device import enrollment as device
from sync.device import updates
from sync.device.enrollment import (
    DeviceIdentity,
    load_enrollment,
    load_identity,
    save_refresh_token,
)
from sync.e2e import keysync
from sync.e2e import notes as e2e_notes
from sync.engine import (
    download,
    epoch,
    events,
    identity,
    index,
    manifest,
    outbox,
    pull,
    purge,
    push,
    reanchor,
    wipe,
)
from sync.engine.clock import Clock, SystemClock
from sync.engine.context import Context, EngineConfig, Progress, ProgressSink
from sync.engine.index import TextExtractor
from sync.errors import ErrorKind, FolioError
from sync.pdf.worker import shared_worker
from sync.store import records
from sync.store import state as vault_state
from sync.store.state import (
    STATE_LAST_CHECKIN,
    STATE_LAST_ERROR,
    STATE_LAST_SYNC_AT,
    STATE_POLICY,
    STATE_UPDATE_REQUIRED,
)
from sync.vault import UnlockedVault

#: A server restored again while we resync is retried next round, not in a loop.
_MAX_RESTARTS = 3
#: FolioError.reason of a round stopped because this app is below min_app_version.
UPDATE_REQUIRED = "update_required"


#: Errors of the notes step that leave the rest of the round to run: the server's
#: notes endpoints busy, failing or answering nonsense (private marks wait for a
#: later round). Offline, auth, revocation and the vault's own errors end the round.
_NOTES_STEP_DEFERRABLE = frozenset(
    {
        ErrorKind.RETRY_AFTER,
        ErrorKind.SERVER,
        ErrorKind.PROTOCOL,
        ErrorKind.REJECTED,
        ErrorKind.BAD_INPUT,
        ErrorKind.TAMPERED,
        ErrorKind.CORRUPT,
    }
)


@dataclass(frozen=True)
class RoundResult:
    ok: bool
    pushed: int = 0
    rejected: int = 0
    pages: int = 0
    entries: int = 0
    documents: int = 0
    bytes: int = 0
    indexed: int = 0
    purged: int = 0
    failed_documents: int = 0
    reanchored: int = 0  # documents whose annotations moved onto a new version
    wiped: bool = False
    error: FolioError | None = None
    changes: model.Changes = field(default_factory=model.Changes)

    def summary(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "ops_sent": self.pushed,
            "ops_rejected": self.rejected,
            "feed_pages": self.pages,
            "feed_entries": self.entries,
            "documents": self.documents,
            "bytes": self.bytes,
            "indexed": self.indexed,
            "meetings_purged": self.purged,
            "documents_failed": self.failed_documents,
            "documents_reanchored": self.reanchored,
            "wiped": self.wiped,
            "error": None if self.error is None else self.error.kind.value,
            "error_detail": None if self.error is None else self.error.detail,
        }


class SyncEngine:
    """Runs rounds for one unlocked, enrolled vault. One round at a time."""

    def __init__(
        self,
        vault: UnlockedVault,
        *,
        client: FolioClient | None = None,
        transport: HttpTransport | None = None,
        clock: Clock | None = None,
        config: EngineConfig | None = None,
        progress: ProgressSink | None = None,
        cancel: threading.Event | None = None,
        extract_text: TextExtractor | None = None,
        reanchor_words: reanchor.WordsOf | None = None,
        policy: EffectivePolicy | None = None,
    ) -> None:
        self.vault = vault
        self.config = config or EngineConfig()
        self.clock = clock or SystemClock()
        self.cancel = cancel or threading.Event()
        self._db = vault.open_database()
        enrollment = load_enrollment(self._db)
        # The effective policy the Api holds (injected), or loaded once here; merged
        # again only when a check-in or policy.put stored a new server policy.
        self._policy = policy or EffectivePolicy(
            vault.data_dir, server_policy=device.policy(self._db)
        )
        # In memory for the client's refresh lock (any thread); the vault keeps it too.
        self._identity: DeviceIdentity | None = load_identity(self._db)
        if client is None:
            http = self.config.http
            if enrollment.spki_pin and not http.spki_pin_sha256:
                http = HttpConfig(**{**http.__dict__, "spki_pin_sha256": enrollment.spki_pin})
            transport = transport or HttpTransport(enrollment.server_url, http)
            client = FolioClient(
                transport,
                Session(device_id=enrollment.device_id, refresh_token=enrollment.refresh_token),
                on_tokens=self._store_tokens,
                signer=self._sign_challenge,
            )
        self.client = client
        self._ctx = Context(
            vault=vault,
            db=self._db,
            client=client,
            enrollment=enrollment,
            clock=self.clock,
            config=self.config,
            cancel=self.cancel,
            progress=progress,
        )
        self._downloader = download.Downloader(self._ctx)
        # PyMuPDF work goes to a PdfWorker: the Api's (the desktop's render lane) or
        # the process's shared one, never this thread.
        self._extract = extract_text or shared_worker().page_texts
        self._words = reanchor_words or shared_worker().document_words
        self._round_lock = threading.Lock()
        self.wiped = False
        self._app_version = self.config.app_version or updates.installed_version()

    def _store_tokens(self, pair: p.TokenPair) -> None:
        save_refresh_token(self._db, pair.refresh_token)

    def _sign_challenge(self, device_id: str, challenge: str) -> str | None:
        """The server no longer knows our refresh token (restored from a backup): prove
        who we are with the enrollment key instead of enrolling again."""
        if self._identity is None:
            return None
        events.emit(events.AUTH_CHALLENGE_SIGNED)
        return self._identity.sign_challenge(device_id, challenge)

    def close(self) -> None:
        with contextlib.suppress(FolioError):
            self._db.close()
        self.client.close()

    def prioritise(self, document_id: str) -> None:
        """The reader opened this document: download it before the others."""
        self._downloader.prioritise(document_id)

    def status(self) -> model.SyncStatus:
        db = self._db
        return model.SyncStatus(
            enrolled=True,
            server_url=self._ctx.enrollment.server_url,
            last_sync_at=records.parse_ts(db.get_state(STATE_LAST_SYNC_AT)),
            last_error=db.get_state(STATE_LAST_ERROR) or None,
            ops_waiting=outbox.waiting_count(db),
            ops_rejected=outbox.rejected_count(db),
        )

    def _notes_keys(self, ctx: Context) -> None:
        """Private notes' keys and approvals (sync/e2e/keysync.py), before push: a
        first device makes the key before its first private mark goes up."""
        try:
            done = keysync.run(ctx.db, ctx.client)
        except FolioError as exc:
            if exc.kind is ErrorKind.NOT_FOUND:
                events.emit(events.NOTES_UNSUPPORTED)  # a server without /v1/notes: marks wait
                return
            if exc.kind in _NOTES_STEP_DEFERRABLE:
                # Private marks wait (sealed or held back); meetings, documents and every
                # other change still sync. A rate-limited approval request made the whole
                # round fail, so a new tablet never got its meetings.
                events.emit(events.NOTES_DEFERRED, kind=exc.kind.value)
                return
            raise
        if done != keysync.StepResult():
            events.emit(
                events.NOTES_KEYS,
                created=done.created,
                adopted=done.adopted,
                rotated=done.rotated,
                requested=done.requested,
                wrapped=done.wrapped,
            )

    def _reseal_upgrade(self, ctx: Context) -> int:
        """Once, on the device that made the reader's notes key: after the pull has
        brought her marks, queue every private one the server holds in the clear."""
        if not ctx.db.get_state(e2e_notes.STATE_UPGRADE):
            return 0
        with ctx.db.transaction() as cur:
            queued = records.reseal_private_annotations(cur)
            vault_state.delete(cur, e2e_notes.STATE_UPGRADE)
        events.emit(events.NOTES_RESEALED, queued=queued)
        return queued

    def run_round(self) -> RoundResult:
        with self._round_lock:
            if self.wiped:
                return RoundResult(
                    ok=False,
                    wiped=True,
                    error=FolioError(ErrorKind.VAULT_WIPED, "this device was wiped"),
                )
            return self._round()

    def _round(self) -> RoundResult:
        ctx = self._ctx
        events.emit(events.ROUND_STARTED, ops_waiting=outbox.waiting_count(self._db))
        self._announce("push")
        pushed = rejected = pages = entries = docs = nbytes = indexed = purged = failed = 0
        moved = reanchor.ReanchorResult()
        # What this round changed on the device, phase by phase, for the screens. The
        # round always writes its outcome (last sync, last error): sync_state.
        changed = model.Changes(sync_state=True)
        if outbox.waiting_count(self._db):  # a push that fails midway still moved op states
            changed = changed.merge(model.Changes(outbox=True))
        try:
            if self._too_old():
                self._check_in_only(ctx)  # returns only when the minimum was lowered
            self._identity = identity.ensure_registered(ctx)
            self._notes_keys(ctx)
            pr = push.run(ctx)
            pushed, rejected = pr.confirmed + pr.rejected, pr.rejected
            changed = changed.merge(pr.changes)
            self._announce("pull")
            pl, again = self._pull(ctx)
            pushed, rejected = pushed + again.confirmed + again.rejected, rejected + again.rejected
            pages, entries = pl.pages, pl.entries
            changed = changed.merge(pl.changes).merge(again.changes)
            if self._reseal_upgrade(ctx):  # private marks an older app sent in the clear
                more = push.run(ctx)
                pushed, rejected = pushed + more.confirmed + more.rejected, rejected + more.rejected
                changed = changed.merge(more.changes)
            self._server_policy_stored()
            self._checked_in()
            if self._too_old():  # this pull raised the minimum: no more downloads
                self._note_required()
                raise self._update_required()
            self._announce("download")
            dl = self._downloader.run()
            docs, nbytes, failed = len(dl.linked), dl.bytes, len(dl.failed)
            changed = changed.merge(model.Changes(documents=frozenset(dl.linked)))
            if self.config.index_documents:
                indexed = index.run(ctx, self._extract)
            moved = reanchor.run(ctx, self._words)
            changed = changed.merge(moved.changes)
            if moved.changes.outbox:  # marks that moved go up in this round, not the next
                more = push.run(ctx)
                pushed, rejected = pushed + more.confirmed + more.rejected, rejected + more.rejected
                changed = changed.merge(more.changes)
            pu = purge.run(ctx, self._policy.current)
            purged = len(pu.meetings)
            changed = changed.merge(model.Changes(meetings=frozenset(pu.meetings)))
            if dl.failed:
                first = next(iter(dl.failed.values()))
                raise FolioError(
                    first.kind,
                    f"{len(dl.failed)} document(s) not installed: {first.detail}",
                    retry_after=first.retry_after,
                )
        except pull.WipeRequestedError:
            return self._wipe("wipe_ordered")
        except FolioError as exc:
            if exc.kind is ErrorKind.REVOKED:
                return self._wipe("revoked")
            self._record(error=exc)
            events.emit(events.ROUND_FAILED, kind=exc.kind.value, retryable=exc.retryable)
            return RoundResult(
                ok=False,
                pushed=pushed,
                rejected=rejected,
                pages=pages,
                entries=entries,
                documents=docs,
                bytes=nbytes,
                indexed=indexed,
                purged=purged,
                failed_documents=failed,
                reanchored=len(moved.reports),
                error=exc,
                changes=changed,
            )
        self._record(error=None)
        events.emit(
            events.ROUND_COMPLETED,
            ops_sent=pushed,
            ops_rejected=rejected,
            feed_entries=entries,
            documents=docs,
            bytes=nbytes,
        )
        self._announce("idle")
        return RoundResult(
            ok=True,
            pushed=pushed,
            rejected=rejected,
            pages=pages,
            entries=entries,
            documents=docs,
            bytes=nbytes,
            indexed=indexed,
            purged=purged,
            reanchored=len(moved.reports),
            changes=changed,
        )

    def _pull(self, ctx: Context) -> tuple[pull.PullResult, push.PushResult]:
        """Pull; if the server was restored since our cursor (a new epoch), first push
        the confirmed ops it may have lost (epoch.begin re-queued them), then pull
        the whole feed from zero. Returns the pull and what the extra push sent."""
        sent = push.PushResult()
        for _ in range(_MAX_RESTARTS):
            try:
                return pull.run(ctx), sent
            except epoch.EpochChangedError:
                sent = sent.then(push.run(ctx))
        raise FolioError(ErrorKind.SERVER, "the server's epoch changed again during this round")

    def _announce(self, phase: str) -> None:
        if self._ctx.progress is not None:
            self._ctx.progress(
                Progress(
                    phase=phase,
                    ops_waiting=outbox.waiting_count(self._db),
                    bytes_done=0,
                    bytes_total=0,
                )
            )

    def _minimum(self) -> str:
        server = self._policy.server_policy.min_app_version
        return updates.minimum_version(server, self._policy.current)

    def _server_policy_stored(self) -> None:
        """A check-in is a policy sync: the server's policy as the round stored it and IT's
        machine policy are read again (once a round, never per call)."""
        self._policy.synced(device.policy(self._db))

    def _too_old(self) -> bool:
        return updates.below_minimum(self._app_version, self._minimum())

    def _update_required(self) -> FolioError:
        return FolioError(
            ErrorKind.CLIENT_TOO_OLD,
            f"Folio {self._app_version} is below {self._minimum()}, the version the "
            "organisation requires: it only checks in until it is updated",
            reason=UPDATE_REQUIRED,
        )

    def _check_in_only(self, ctx: Context) -> None:
        """Below min_app_version: no push, no pull, no download (the outbox keeps every
        change), but the device still asks the server what concerns it: a revocation
        (401, raised as REVOKED), a wipe order and the policy, whose lowered minimum
        lets this same round go on syncing."""
        self._announce("checkin")
        answer = ctx.client.checkin()
        if answer.wipe:
            raise pull.WipeRequestedError()
        with ctx.db_lock, self._db.transaction() as cur:
            self._db.set_state(
                cur, STATE_POLICY, p.canonical_json(answer.policy.to_json()).decode()
            )
            self._db.set_state(cur, STATE_LAST_CHECKIN, p.format_time(self.clock.now()))
            manifest.note_server_time(cur, answer.server_time)
        self._server_policy_stored()
        too_old = self._note_required()
        events.emit(events.ROUND_CHECKED_IN, too_old=too_old)
        if too_old:
            raise self._update_required()

    def _note_required(self) -> bool:
        """Keep "update required" in the vault for the status line: it holds through
        offline rounds and restarts, until a check-in or a round says otherwise."""
        minimum = self._minimum()
        too_old = updates.below_minimum(self._app_version, minimum)
        with self._ctx.db_lock, self._db.transaction() as cur:
            self._db.set_state(cur, STATE_UPDATE_REQUIRED, minimum if too_old else "")
        return too_old

    def _checked_in(self) -> None:
        """The server answered the feed: offline expiry starts counting again from now."""
        with self._ctx.db_lock, self._db.transaction() as cur:
            self._db.set_state(cur, STATE_LAST_CHECKIN, p.format_time(self.clock.now()))

    def _record(self, *, error: FolioError | None) -> None:
        with self._ctx.db_lock, self._db.transaction() as cur:
            if error is None:
                self._db.set_state(cur, STATE_LAST_SYNC_AT, p.format_time(self.clock.now()))
                self._db.set_state(cur, STATE_LAST_ERROR, "")
                self._db.set_state(cur, STATE_UPDATE_REQUIRED, "")
            else:
                self._db.set_state(cur, STATE_LAST_ERROR, f"{error.kind.value}: {error.detail}")

    def _wipe(self, why: str) -> RoundResult:
        with contextlib.suppress(FolioError):
            self._db.close()
        wipe.run(self.vault, self.client, why=why)
        self.wiped = True
        return RoundResult(
            ok=False,
            wiped=True,
            error=FolioError(ErrorKind.REVOKED, "this device was revoked; the vault was wiped"),
            changes=model.Changes(wiped=True),
        )
