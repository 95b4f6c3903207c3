-- Folio vault schema, version 1. Forward-only: a later change is a new file
-- (0002_*.sql), run in one transaction by sync/vault/db.py, which records the
-- version in PRAGMA user_version. Times are ISO-8601 UTC text.

-- Key/value state of the vault itself: generation (rollback guard), device
-- identity, feed cursor, highest manifest version seen, last sync, policy.
CREATE TABLE vault_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE committees (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    member  INTEGER NOT NULL DEFAULT 1  -- 0 after the reader was removed
);

CREATE TABLE meetings (
    id              TEXT PRIMARY KEY,
    committee_id    TEXT NOT NULL REFERENCES committees(id),
    title           TEXT NOT NULL,
    starts_at       TEXT NOT NULL,
    location        TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL DEFAULT 'en',
    version         INTEGER NOT NULL DEFAULT 1,      -- manifest version installed
    manifest_version_seen INTEGER NOT NULL DEFAULT 0, -- highest signed version seen
    last_read_version INTEGER NOT NULL DEFAULT 0,    -- for "changed since read"
    withdrawn       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meetings_starts ON meetings(starts_at);

CREATE TABLE agenda_items (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    number      TEXT NOT NULL,
    title       TEXT NOT NULL,
    closed      INTEGER NOT NULL DEFAULT 0,
    proposal    TEXT NOT NULL DEFAULT '',
    needs_decision INTEGER NOT NULL DEFAULT 0,
    decision_deadline TEXT
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

-- A document is the stable identity; its bytes live in document_versions.
CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    item_id     TEXT REFERENCES agenda_items(id) ON DELETE SET NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    title       TEXT NOT NULL,
    filename    TEXT NOT NULL,
    closed      INTEGER NOT NULL DEFAULT 0,
    current_version INTEGER NOT NULL,   -- the version the server publishes now
    last_read_version INTEGER NOT NULL DEFAULT 0,
    withdrawn   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX documents_meeting ON documents(meeting_id);

-- One row per version the device knows. blob_id/blob_key_wrapped are set only
-- after the bytes were verified against the signed manifest ("linked").
-- Purge = NULL the wrapped key (crypto-shredding) and delete the blob file.
CREATE TABLE document_versions (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    piece_hashes TEXT NOT NULL DEFAULT '[]',  -- JSON list, sha256 per 1 MiB piece
    pages       INTEGER,
    state       TEXT NOT NULL DEFAULT 'missing', -- model.DocumentState
    error       TEXT,                             -- why it failed (no content)
    blob_id     TEXT,
    blob_key_wrapped BLOB,
    bytes_done  INTEGER NOT NULL DEFAULT 0,
    indexed     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (document_id, version)
);

CREATE TABLE cases (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT REFERENCES meetings(id) ON DELETE SET NULL,
    item_id     TEXT REFERENCES agenda_items(id) ON DELETE SET NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    deadline    TEXT,
    status      TEXT NOT NULL DEFAULT 'open',   -- model.CaseStatus
    version     INTEGER NOT NULL DEFAULT 1,
    closed      INTEGER NOT NULL DEFAULT 0
);

-- The reader's decisions; kept after the case leaves the list (receipts).
CREATE TABLE approvals (
    id          TEXT PRIMARY KEY,               -- equals the op id that carries it
    case_id     TEXT NOT NULL,
    decision    TEXT NOT NULL,                  -- model.Decision
    remark      TEXT NOT NULL DEFAULT '',
    decided_at  TEXT NOT NULL,
    case_version INTEGER NOT NULL,
    confirmed_at TEXT,
    receipt_id  TEXT
);

CREATE TABLE annotations (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL,
    document_version INTEGER NOT NULL,
    page        INTEGER NOT NULL,
    kind        TEXT NOT NULL,                  -- model.AnnotationKind
    color       TEXT NOT NULL,
    geometry    TEXT NOT NULL DEFAULT '{}',     -- JSON: rects / strokes / point
    body        TEXT NOT NULL DEFAULT '',       -- note text
    quote       TEXT,                           -- JSON TextQuoteSelector
    visibility  TEXT NOT NULL DEFAULT 'private',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 0,     -- server revision last merged
    deleted     INTEGER NOT NULL DEFAULT 0,     -- tombstone
    needs_review INTEGER NOT NULL DEFAULT 0,
    needs_reanchor INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX annotations_document ON annotations(document_id, page);

CREATE TABLE comments (
    id          TEXT PRIMARY KEY,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    parent_id   TEXT,
    body        TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX comments_target ON comments(target_kind, target_id);

-- The outbox. An op row is written in the same transaction as the change it
-- carries and is never deleted silently; its answer is stored verbatim.
CREATE TABLE ops (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,                  -- protocol op kind
    payload     TEXT NOT NULL,                  -- JSON, canonical
    created_at  TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'waiting',-- model.OpState
    attempts    INTEGER NOT NULL DEFAULT 0,
    answer      TEXT,                           -- JSON answer from the server
    reason      TEXT,
    answered_at TEXT
);
CREATE INDEX ops_state ON ops(state, seq);

CREATE TABLE bookmarks (
    document_id TEXT NOT NULL,
    page        INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (document_id, page)
);

-- Full-text search, inside the encrypted database. secure-delete so purged
-- words do not linger in the index (DESIGN.md Security details 5).
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED,        -- agenda | document | note
    meeting_id UNINDEXED,
    ref UNINDEXED,         -- item id, "document_id:version:page", or annotation id
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_index(search_index, rank) VALUES ('secure-delete', 1);
