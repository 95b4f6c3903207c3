-- Receipts keep what they were given for (issue 11, hole 9).
--
-- A decision's history row outlives its case: a withdrawn meeting or the
-- retention purge deletes the case, and history then had only its id to show.
-- The case title and the meeting (title and start) are copied into the
-- approval when the reader decides, so the receipt reads the same for as long
-- as it is kept. A removal from the committee purges closed cases together
-- with their approvals, so nothing confidential outlives the access to it.
ALTER TABLE approvals ADD COLUMN case_title TEXT NOT NULL DEFAULT '';
ALTER TABLE approvals ADD COLUMN meeting_id TEXT;
ALTER TABLE approvals ADD COLUMN meeting_title TEXT NOT NULL DEFAULT '';
ALTER TABLE approvals ADD COLUMN meeting_starts_at TEXT;

-- Decisions made before this migration: copy what is still on the device.
UPDATE approvals SET
    case_title = COALESCE((SELECT c.title FROM cases c WHERE c.id = approvals.case_id), ''),
    meeting_id = (SELECT c.meeting_id FROM cases c WHERE c.id = approvals.case_id),
    meeting_title = COALESCE((SELECT m.title FROM cases c JOIN meetings m ON m.id = c.meeting_id
                              WHERE c.id = approvals.case_id), ''),
    meeting_starts_at = (SELECT m.starts_at FROM cases c JOIN meetings m ON m.id = c.meeting_id
                         WHERE c.id = approvals.case_id);
