"""Stable event names for logs and tests (an API: never rename, never add content).

``folio sync --log-format json`` prints one JSON line per event; the fault and
crash tests wait on these names instead of sleeping. Fields hold counts, ids
and kinds only.
"""

from __future__ import annotations

import logging

log = logging.getLogger("folio.sync")

ROUND_STARTED = "round.started"
ROUND_COMPLETED = "round.completed"
ROUND_FAILED = "round.failed"
ROUND_CHECKED_IN = "round.checked_in"  # below min_app_version: a check-in, no sync
PUSH_BATCH_SENT = "push.batch_sent"
PUSH_BATCH_ANSWERED = "push.batch_answered"
PUSH_OP_REJECTED = "push.op_rejected"
PUSH_BATCH_TOO_LARGE = "push.batch_too_large"  # 413: the next batches are smaller
PULL_PAGE_COMMITTED = "pull.page_committed"
PULL_ENTRY_SKIPPED = "pull.entry_skipped"
PULL_EPOCH_CHANGED = "pull.epoch_changed"  # the server was restored: re-send, resync
PULL_RESYNC_DONE = "pull.resync_completed"
PULL_ENTRY_QUARANTINED = "pull.entry_quarantined"
PULL_ENTRY_RELEASED = "pull.entry_released"
MANIFEST_REJECTED = "manifest.rejected"
MANIFEST_KEY_ANNOUNCED = "manifest.key_announced"  # the server's next key is pinned too
MANIFEST_KEY_ROTATED = "manifest.key_rotated"  # a key the pinned one vouched for now signs
DOWNLOAD_STARTED = "download.started"
DOWNLOAD_CHUNK_VERIFIED = "download.chunk_verified"
DOWNLOAD_RESUMED = "download.resumed"
DOWNLOAD_LINKED = "download.linked"
DOWNLOAD_FAILED = "download.failed"
DOWNLOAD_QUARANTINED = "download.quarantined"
INDEX_DONE = "index.document_indexed"
REANCHOR_DONE = "reanchor.document_done"
REANCHOR_SKIPPED = "reanchor.document_skipped"  # not readable yet: tried next round
PURGE_DONE = "purge.completed"
WIPE_DONE = "wipe.completed"
WIPE_ACKED = "wipe.acked"
LOOP_WAITING = "loop.waiting"
IDENTITY_REGISTERED = "identity.registered"
NOTES_KEYS = "notes.keys"
NOTES_UNSUPPORTED = "notes.unsupported"
NOTES_DEFERRED = "notes.deferred"  # the notes step failed this round; the rest synced
NOTES_RESEALED = "notes.resealed"
AUTH_CHALLENGE_SIGNED = "auth.challenge_signed"


def emit(event: str, *, level: int = logging.INFO, **fields: object) -> None:
    log.log(level, event, extra={"fields": fields})
