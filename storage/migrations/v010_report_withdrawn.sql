-- v010: a report can be withdrawn (its message was edited and no longer names its task). Reports stay
-- append-only: the row is kept with `withdrawn_at` set, and nothing that decides a status counts it.
-- The views of v006/v007 and the triggers that work a pair out again skip withdrawn reports, and setting
-- `withdrawn_at` works the pair out again like any other edit.

ALTER TABLE reports ADD COLUMN withdrawn_at TEXT;

DROP VIEW report_latest_computed;
CREATE VIEW report_latest_computed AS
SELECT r.task_id, r.agency_id, r.id AS report_id, r.status, r.occurrence_id, r.created_at,
       CASE WHEN r.status = 'blocked' THEN (
           SELECT MIN(b.created_at) FROM reports b
           WHERE b.task_id = r.task_id AND b.agency_id = r.agency_id AND b.status = 'blocked'
             AND b.withdrawn_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM reports n
                             WHERE n.task_id = b.task_id AND n.agency_id = b.agency_id AND n.status <> 'blocked'
                               AND n.withdrawn_at IS NULL
                               AND (n.created_at, n.id) > (b.created_at, b.id)))
       END AS blocked_since
FROM reports r
WHERE r.id = (SELECT l.id FROM reports l WHERE l.task_id = r.task_id AND l.agency_id = r.agency_id
                AND l.withdrawn_at IS NULL
              ORDER BY l.created_at DESC, l.id DESC LIMIT 1);

DROP VIEW lead_pairs_computed;
CREATE VIEW lead_pairs_computed AS
SELECT ta.task_id, ta.agency_id, l.report_id, l.status, l.occurrence_id, l.created_at, l.blocked_since,
       (SELECT MIN(r.created_at) FROM reports r
        WHERE r.task_id = ta.task_id AND r.agency_id = ta.agency_id AND r.status = 'done'
          AND r.occurrence_id IS NOT NULL AND r.withdrawn_at IS NULL) AS named_at
FROM task_agencies ta LEFT JOIN report_latest l ON l.task_id = ta.task_id AND l.agency_id = ta.agency_id
WHERE ta.role = 'lead';

DROP TRIGGER report_latest_update;
CREATE TRIGGER report_latest_update AFTER UPDATE OF task_id, agency_id, status, occurrence_id, created_at,
    withdrawn_at
ON reports BEGIN
    DELETE FROM report_latest WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    DELETE FROM report_latest WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
    INSERT INTO report_latest SELECT * FROM report_latest_computed
    WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    INSERT INTO report_latest SELECT * FROM report_latest_computed
    WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id
      AND NOT (NEW.task_id = OLD.task_id AND NEW.agency_id = OLD.agency_id);
END;

DROP TRIGGER lead_pairs_named_update;
CREATE TRIGGER lead_pairs_named_update AFTER UPDATE OF task_id, agency_id, status, occurrence_id, created_at,
    withdrawn_at
ON reports BEGIN
    UPDATE lead_pairs SET named_at = (SELECT MIN(r.created_at) FROM reports r
            WHERE r.task_id = OLD.task_id AND r.agency_id = OLD.agency_id AND r.status = 'done'
              AND r.occurrence_id IS NOT NULL AND r.withdrawn_at IS NULL)
    WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    UPDATE lead_pairs SET named_at = (SELECT MIN(r.created_at) FROM reports r
            WHERE r.task_id = NEW.task_id AND r.agency_id = NEW.agency_id AND r.status = 'done'
              AND r.occurrence_id IS NOT NULL AND r.withdrawn_at IS NULL)
    WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
END;

DROP TRIGGER lead_pairs_named_delete;
CREATE TRIGGER lead_pairs_named_delete AFTER DELETE ON reports
WHEN OLD.status = 'done' AND OLD.occurrence_id IS NOT NULL BEGIN
    UPDATE lead_pairs SET named_at = (SELECT MIN(r.created_at) FROM reports r
            WHERE r.task_id = OLD.task_id AND r.agency_id = OLD.agency_id AND r.status = 'done'
              AND r.occurrence_id IS NOT NULL AND r.withdrawn_at IS NULL)
    WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
END;

-- "was this occurrence reported done by this agency?" counts only reports that stand
DROP INDEX reports_occurrence_done;
CREATE INDEX reports_occurrence_done ON reports (occurrence_id, agency_id, created_at)
    WHERE status = 'done' AND occurrence_id IS NOT NULL AND withdrawn_at IS NULL;
