-- A decision knows the committee it was given in and whether its case was closed
-- (found by the model test: a case purged by a withdrawal left its closed decision
-- with no way back to its committee, so a later removal from that committee kept the
-- receipt and its confidential case title on the device).
ALTER TABLE approvals ADD COLUMN committee_id TEXT;
ALTER TABLE approvals ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;

-- Decisions made before this migration: from what is still on the device. A case
-- whose item is closed or not here is a closed one (records._case_is_closed).
UPDATE approvals SET
    committee_id = (SELECT m.committee_id FROM cases c JOIN meetings m ON m.id = c.meeting_id
                    WHERE c.id = approvals.case_id),
    closed = COALESCE((SELECT CASE WHEN c.closed = 1 OR c.item_id IS NULL OR i.id IS NULL
                                   OR i.closed = 1 THEN 1 ELSE 0 END
                       FROM cases c LEFT JOIN agenda_items i ON i.id = c.item_id
                       WHERE c.id = approvals.case_id), 0);
