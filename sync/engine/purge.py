"""Purge: what the server's policy says may no longer stay on this device.

- packs past the retention policy (``retention_days_after_meeting`` after the
  meeting: the server's value merged with machine policy by sync.device.enrollment.rules;
  0 keeps them);
- closed material of committees the reader was removed from (the feed's
  membership.removed is applied in pull; this re-checks committees marked
  ``member = 0`` in case a crash came between);
Offline expiry is not a purge: closed material stays on the device but locked
(sync.device.enrollment.offline_locked) until the next successful check-in.

One transaction crypto-shreds (NULLs the wrapped keys); blob files go after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sync.config.policy import Config
from sync.device.enrollment import rules
from sync.engine import events
from sync.engine.context import Context
from sync.store import meetings as store_meetings
from sync.store import records


@dataclass(frozen=True)
class PurgeResult:
    meetings: tuple[str, ...] = ()
    blobs: int = 0


def run(ctx: Context, config: Config | None = None) -> PurgeResult:
    """Purge what retention and membership say must go; ``config``: the effective policy."""
    retention_days = rules(ctx.db, ctx.vault.data_dir, config=config).retention_days
    expired: list[str] = []
    if retention_days > 0:
        cutoff = ctx.clock.now() - timedelta(days=retention_days)
        expired = records.expired_meetings(ctx.db, cutoff)
    removed = store_meetings.removed_committee_ids(ctx.db)
    blob_ids: list[str] = []
    with ctx.db_lock, ctx.db.transaction() as cur:
        for meeting_id in expired:
            blob_ids += records.purge_meeting(cur, meeting_id)
        for committee_id in removed:
            blob_ids += records.purge_closed_of_committee(cur, committee_id)
    records.delete_blobs(ctx.vault.blobs, blob_ids)
    events.emit(events.PURGE_DONE, meetings=len(expired), blobs=len(blob_ids))
    return PurgeResult(tuple(expired), len(blob_ids))
