-- Feed entries that could not be applied yet (sync/engine/pull.py).
--
-- A page is applied entry by entry, each in a savepoint; an entry that breaks a
-- constraint (say a case.put whose meeting has not arrived) is parked here with
-- its reason instead of rolling the whole page back, and is tried again after
-- every later page until it applies. A newer entry for the same thing replaces
-- a parked one. Parked entries of a committee the reader left, or of a meeting
-- that is purged, are dropped with it: they are server material, the reader's
-- own work is in the outbox.
CREATE TABLE feed_quarantine (
    kind        TEXT NOT NULL,
    ref         TEXT NOT NULL,               -- the case / comment / meeting id it carries
    meeting_id  TEXT,                        -- the meeting it belongs to, when it says
    data        TEXT NOT NULL,               -- the entry's data, JSON as received
    reason      TEXT NOT NULL,               -- why it did not apply (no content)
    attempts    INTEGER NOT NULL DEFAULT 1,
    first_at    TEXT NOT NULL,
    PRIMARY KEY (kind, ref)
);
