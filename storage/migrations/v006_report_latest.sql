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
    -- an older report arriving late may start or split the current blocked run: count it again
    UPDATE report_latest SET blocked_since = (
        SELECT MIN(b.created_at) FROM reports b
        WHERE b.task_id = NEW.task_id AND b.agency_id = NEW.agency_id AND b.status = 'blocked'
          AND NOT EXISTS (SELECT 1 FROM reports n
                          WHERE n.task_id = b.task_id AND n.agency_id = b.agency_id AND n.status <> 'blocked'
                            AND (n.created_at, n.id) > (b.created_at, b.id)))
    WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id AND report_id <> NEW.id AND status = 'blocked';
END;

-- an edit (status, pair or time) or a deletion: work the pair out again from its reports
CREATE TRIGGER report_latest_update AFTER UPDATE OF task_id, agency_id, status, occurrence_id, created_at
ON reports BEGIN
    DELETE FROM report_latest WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    DELETE FROM report_latest WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
    INSERT INTO report_latest (task_id, agency_id, report_id, status, occurrence_id, created_at, blocked_since)
    SELECT r.task_id, r.agency_id, r.id, r.status, r.occurrence_id, r.created_at,
           CASE WHEN r.status = 'blocked' THEN (
               SELECT MIN(b.created_at) FROM reports b
               WHERE b.task_id = r.task_id AND b.agency_id = r.agency_id AND b.status = 'blocked'
                 AND NOT EXISTS (SELECT 1 FROM reports n
                                 WHERE n.task_id = b.task_id AND n.agency_id = b.agency_id AND n.status <> 'blocked'
                                   AND (n.created_at, n.id) > (b.created_at, b.id)))
           END
    FROM (SELECT OLD.task_id AS task_id, OLD.agency_id AS agency_id
          UNION SELECT NEW.task_id, NEW.agency_id) p
    JOIN reports r ON r.id = (SELECT l.id FROM reports l WHERE l.task_id = p.task_id AND l.agency_id = p.agency_id
                              ORDER BY l.created_at DESC, l.id DESC LIMIT 1);
END;

CREATE TRIGGER report_latest_delete AFTER DELETE ON reports BEGIN
    DELETE FROM report_latest WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    INSERT INTO report_latest (task_id, agency_id, report_id, status, occurrence_id, created_at, blocked_since)
    SELECT r.task_id, r.agency_id, r.id, r.status, r.occurrence_id, r.created_at,
           CASE WHEN r.status = 'blocked' THEN (
               SELECT MIN(b.created_at) FROM reports b
               WHERE b.task_id = r.task_id AND b.agency_id = r.agency_id AND b.status = 'blocked'
                 AND NOT EXISTS (SELECT 1 FROM reports n
                                 WHERE n.task_id = b.task_id AND n.agency_id = b.agency_id AND n.status <> 'blocked'
                                   AND (n.created_at, n.id) > (b.created_at, b.id)))
           END
    FROM reports r
    WHERE r.id = (SELECT l.id FROM reports l WHERE l.task_id = OLD.task_id AND l.agency_id = OLD.agency_id
                  ORDER BY l.created_at DESC, l.id DESC LIMIT 1);
END;

-- the reports already stored
INSERT INTO report_latest (task_id, agency_id, report_id, status, occurrence_id, created_at)
SELECT task_id, agency_id, id, status, occurrence_id, created_at FROM (
    SELECT r.*, row_number() OVER (PARTITION BY task_id, agency_id ORDER BY created_at DESC, id DESC) AS n
    FROM reports r
) WHERE n = 1;

UPDATE report_latest SET blocked_since = (
    SELECT MIN(b.created_at) FROM reports b
    WHERE b.task_id = report_latest.task_id AND b.agency_id = report_latest.agency_id AND b.status = 'blocked'
      AND NOT EXISTS (SELECT 1 FROM reports n
                      WHERE n.task_id = b.task_id AND n.agency_id = b.agency_id AND n.status <> 'blocked'
                        AND (n.created_at, n.id) > (b.created_at, b.id)))
WHERE status = 'blocked';
