-- Re-anchoring after a document is replaced (sync/anchoring.py, Api.reanchor_*).
--
-- The text of the version a document had before its replacement, page by page,
-- copied from the search index when the new version is linked (the old version
-- is crypto-shredded in the same transaction). It lives only until the
-- annotations were re-anchored; rows go with the document on purge (cascade).
CREATE TABLE superseded_pages (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    page        INTEGER NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (document_id, page)
);

-- "What changed": the last re-anchoring of a document, without content.
CREATE TABLE reanchor_reports (
    document_id  TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    from_version INTEGER,
    to_version   INTEGER NOT NULL,
    changed_pages TEXT NOT NULL DEFAULT '[]',  -- JSON list of 0-based pages
    moved        INTEGER NOT NULL DEFAULT 0,
    needs_review INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL
);
