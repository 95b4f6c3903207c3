-- Bookmarks travel, sealed, between the reader's own devices (docs/spec/e2e-notes.md).
--
-- A removed bookmark stays as a row with removed = 1: it holds the server revision
-- of the removal, so an older entry of the same bookmark (a late feed page, a
-- replay) cannot bring it back. bookmark_id is the keyed id the server files it
-- under; it is known once this device holds the notes key.
ALTER TABLE bookmarks ADD COLUMN bookmark_id TEXT;
ALTER TABLE bookmarks ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bookmarks ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bookmarks_id ON bookmarks(bookmark_id);

-- Bookmarks made before this version were only on this device: queue each as an op,
-- so they reach the reader's other devices too. They wait unsealed in the outbox
-- and are sealed before they are sent (sync/store/bookmarks.seal_waiting).
INSERT INTO ops(id, kind, payload, created_at)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
       || substr(lower(hex(randomblob(2))), 2) || '-a'
       || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
       'bookmark.sealed',
       json_object('bookmarked', json('true'), 'document_id', document_id, 'page', page),
       created_at
FROM bookmarks ORDER BY created_at, document_id, page;
