-- Shared state across one reader's devices and with other readers (issue 11, holes 3 and 4).
--
-- annotations.author: NULL for the reader's own marks; the display name of the
-- colleague who shared the mark otherwise. Such rows arrive from the feed, are
-- read-only here and never go into the outbox.
ALTER TABLE annotations ADD COLUMN author TEXT;

-- The reader's decision on a case as the server holds it (from case.put), so
-- every device of the reader knows the case is decided and by what, whichever
-- tablet decided it.
ALTER TABLE cases ADD COLUMN my_decision TEXT;
ALTER TABLE cases ADD COLUMN my_approval_id TEXT;

-- An approval made on another device of this reader: it has no op row here.
ALTER TABLE approvals ADD COLUMN elsewhere INTEGER NOT NULL DEFAULT 0;
