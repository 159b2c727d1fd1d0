-- v062: per (task, agency), the latest date its standing «xong» reports name (`named_to`: a «xong» closes its
-- date and every earlier one for good, docs/architecture.md "Plans") and when the first report naming that
-- date was made (`named_to_at`), kept by triggers on `reports` and `occurrences` in the writer's own
-- transaction. The roll-ups used to look the date up per pair (88,000 «xong» reports at national scale,
-- 0.2-0.3 s of /overdue and /summary); a roll-up as of a moment at or after `named_to_at` reads it here, one
-- of an earlier moment still looks it up (a later «xong» may have moved it since).
-- IF NOT EXISTS and the refill: a test that replays an older migration re-runs the later ones.

CREATE TABLE IF NOT EXISTS xong_named (
    task_id     INTEGER NOT NULL,
    agency_id   INTEGER NOT NULL,
    named_to    TEXT NOT NULL,
    named_to_at TEXT NOT NULL,
    PRIMARY KEY (task_id, agency_id)
) WITHOUT ROWID;

-- What a pair's row should be, from what is stored: the one definition the triggers and the fill share.
DROP VIEW IF EXISTS xong_named_computed;
CREATE VIEW xong_named_computed AS
SELECT d.task_id, d.agency_id, o.due AS named_to, MIN(d.created_at) AS named_to_at
FROM reports d JOIN occurrences o ON o.id = d.occurrence_id
WHERE d.status = 'done' AND d.withdrawn_at IS NULL AND d.occurrence_id IS NOT NULL
  AND o.due = (SELECT MAX(o2.due) FROM reports d2 JOIN occurrences o2 ON o2.id = d2.occurrence_id
               WHERE d2.task_id = d.task_id AND d2.agency_id = d.agency_id AND d2.status = 'done'
                 AND d2.withdrawn_at IS NULL AND d2.occurrence_id IS NOT NULL)
GROUP BY d.task_id, d.agency_id, o.due;

-- a «xong» naming a date made, edited, withdrawn, moved or deleted: its pairs worked out again
CREATE TRIGGER IF NOT EXISTS xong_named_insert AFTER INSERT ON reports
WHEN NEW.status = 'done' AND NEW.occurrence_id IS NOT NULL AND NEW.withdrawn_at IS NULL BEGIN
    DELETE FROM xong_named WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
    INSERT INTO xong_named SELECT * FROM xong_named_computed WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
END;

CREATE TRIGGER IF NOT EXISTS xong_named_update
AFTER UPDATE OF task_id, agency_id, status, occurrence_id, created_at, withdrawn_at ON reports
WHEN (OLD.status = 'done' AND OLD.occurrence_id IS NOT NULL) OR (NEW.status = 'done' AND NEW.occurrence_id IS NOT NULL) BEGIN
    DELETE FROM xong_named WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    DELETE FROM xong_named WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
    INSERT INTO xong_named SELECT * FROM xong_named_computed WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    INSERT INTO xong_named SELECT * FROM xong_named_computed WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id
        AND NOT (NEW.task_id = OLD.task_id AND NEW.agency_id = OLD.agency_id);
END;

CREATE TRIGGER IF NOT EXISTS xong_named_delete AFTER DELETE ON reports
WHEN OLD.status = 'done' AND OLD.occurrence_id IS NOT NULL BEGIN
    DELETE FROM xong_named WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    INSERT INTO xong_named SELECT * FROM xong_named_computed WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
END;

-- a date moved: the pairs whose «xong» names it
CREATE TRIGGER IF NOT EXISTS xong_named_due AFTER UPDATE OF due ON occurrences BEGIN
    DELETE FROM xong_named WHERE (task_id, agency_id) IN (SELECT r.task_id, r.agency_id FROM reports r
        WHERE r.occurrence_id = NEW.id AND r.status = 'done');
    INSERT INTO xong_named SELECT * FROM xong_named_computed WHERE (task_id, agency_id) IN
        (SELECT r.task_id, r.agency_id FROM reports r WHERE r.occurrence_id = NEW.id AND r.status = 'done');
END;

-- the reports already stored
DELETE FROM xong_named;
INSERT INTO xong_named SELECT * FROM xong_named_computed;
