-- v006: the latest report of every (task, agency) pair, kept by triggers on `reports`, so the summary
-- rollup reads one row per pair instead of searching 1.5 million reports at national scale.
--
-- "Latest" is the same order the rollup uses: created_at, then id. `blocked_since` is when the current
-- run of "blocked" reports began: the earliest blocked report with no other status after it (NULL unless
-- the latest is blocked). The triggers keep the row right
-- whatever writes the report (the bot, the command line, a restored backup): no code path can forget.

CREATE TABLE report_latest (
    task_id        INTEGER NOT NULL,
    agency_id      INTEGER NOT NULL,
    report_id      INTEGER NOT NULL,
    status         TEXT NOT NULL,
    occurrence_id  INTEGER,
    created_at     TEXT NOT NULL,
    blocked_since  TEXT,
    PRIMARY KEY (task_id, agency_id)
) WITHOUT ROWID;

-- What the row of a pair should be, worked out from its reports: the one definition the triggers and
-- the fill below share (queried for one pair, it reads that pair's reports through reports_task_agency).
CREATE VIEW report_latest_computed AS
SELECT r.task_id, r.agency_id, r.id AS report_id, r.status, r.occurrence_id, r.created_at,
       CASE WHEN r.status = 'blocked' THEN (
           SELECT MIN(b.created_at) FROM reports b
           WHERE b.task_id = r.task_id AND b.agency_id = r.agency_id AND b.status = 'blocked'
             AND NOT EXISTS (SELECT 1 FROM reports n
                             WHERE n.task_id = b.task_id AND n.agency_id = b.agency_id AND n.status <> 'blocked'
                               AND (n.created_at, n.id) > (b.created_at, b.id)))
       END AS blocked_since
FROM reports r
WHERE r.id = (SELECT l.id FROM reports l WHERE l.task_id = r.task_id AND l.agency_id = r.agency_id
              ORDER BY l.created_at DESC, l.id DESC LIMIT 1);

-- a new report is nearly always the newest of its pair: upsert it, carrying the blocked run along
CREATE TRIGGER report_latest_insert AFTER INSERT ON reports BEGIN
    INSERT INTO report_latest (task_id, agency_id, report_id, status, occurrence_id, created_at, blocked_since)
    VALUES (NEW.task_id, NEW.agency_id, NEW.id, NEW.status, NEW.occurrence_id, NEW.created_at,
            CASE WHEN NEW.status = 'blocked' THEN NEW.created_at END)
    ON CONFLICT (task_id, agency_id) DO UPDATE SET
        report_id = excluded.report_id,
        status = excluded.status,
        occurrence_id = excluded.occurrence_id,
        created_at = excluded.created_at,
        blocked_since = CASE WHEN excluded.status = 'blocked'
                             THEN CASE WHEN report_latest.status = 'blocked' THEN report_latest.blocked_since
                                       ELSE excluded.created_at END
                        END
    WHERE excluded.created_at > report_latest.created_at
       OR (excluded.created_at = report_latest.created_at AND excluded.report_id > report_latest.report_id);
    -- an older report arriving late may start or split the current blocked run: work the pair out again
    REPLACE INTO report_latest
    SELECT c.* FROM report_latest l JOIN report_latest_computed c
        ON c.task_id = l.task_id AND c.agency_id = l.agency_id
    WHERE l.task_id = NEW.task_id AND l.agency_id = NEW.agency_id AND l.report_id <> NEW.id
      AND l.status = 'blocked';
END;

-- an edit (status, pair or time) or a deletion: work the pair out again from its reports
CREATE TRIGGER report_latest_update AFTER UPDATE OF task_id, agency_id, status, occurrence_id, created_at
ON reports BEGIN
    DELETE FROM report_latest WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    DELETE FROM report_latest WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
    REPLACE INTO report_latest SELECT * FROM report_latest_computed
    WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    REPLACE INTO report_latest SELECT * FROM report_latest_computed
    WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
END;

CREATE TRIGGER report_latest_delete AFTER DELETE ON reports BEGIN
    DELETE FROM report_latest WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    INSERT INTO report_latest SELECT * FROM report_latest_computed
    WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
END;

-- the reports already stored
INSERT INTO report_latest SELECT * FROM report_latest_computed;
