-- v046: the newest standing (not withdrawn) report of each (task, agency, occurrence or none), with what a
-- reminder shows of it, kept by triggers on `reports` in the writer's own transaction. The day's first
-- planning at national scale reads 203,000 of them: walking v018's index of a million reports and looking
-- each winner up took 0.8–0.9 s; reading this table by task is one range scan.
--
-- "Newest" is the planner's order: created_at, then id. `occurrence_key` is the occurrence, 0 for a report
-- on the task without one (a key column can't be NULL and stay unique). A report dated after the moment
-- planned for (a tick "in the past") is not the answer then: the planner walks that group's reports instead.
-- IF NOT EXISTS and the refill: a test that replays an older migration re-runs the later ones.

CREATE TABLE IF NOT EXISTS newest_reports (
    task_id        INTEGER NOT NULL,
    agency_id      INTEGER NOT NULL,
    occurrence_key INTEGER NOT NULL,
    report_id      INTEGER NOT NULL,
    status         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    percent        INTEGER,
    eta            TEXT,
    note           TEXT NOT NULL,
    PRIMARY KEY (task_id, agency_id, occurrence_key)
) WITHOUT ROWID;

-- a new report is nearly always the newest of its group
CREATE TRIGGER IF NOT EXISTS newest_reports_insert AFTER INSERT ON reports WHEN NEW.withdrawn_at IS NULL BEGIN
    INSERT INTO newest_reports (task_id, agency_id, occurrence_key, report_id, status, created_at, percent, eta, note)
    VALUES (NEW.task_id, NEW.agency_id, COALESCE(NEW.occurrence_id, 0), NEW.id, NEW.status, NEW.created_at,
            NEW.percent, NEW.eta, NEW.note)
    ON CONFLICT (task_id, agency_id, occurrence_key) DO UPDATE SET
        report_id = excluded.report_id, status = excluded.status, created_at = excluded.created_at,
        percent = excluded.percent, eta = excluded.eta, note = excluded.note
    WHERE (excluded.created_at, excluded.report_id) > (newest_reports.created_at, newest_reports.report_id);
END;

-- an edit, a withdrawal, a report moved (or its occurrence deleted): both groups worked out again from
-- their reports (v018's index finds a group's newest at once)
CREATE TRIGGER IF NOT EXISTS newest_reports_update
AFTER UPDATE OF task_id, agency_id, occurrence_id, status, created_at, withdrawn_at, percent, eta, note ON reports BEGIN
    DELETE FROM newest_reports WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id
        AND occurrence_key = COALESCE(OLD.occurrence_id, 0);
    DELETE FROM newest_reports WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id
        AND occurrence_key = COALESCE(NEW.occurrence_id, 0);
    INSERT OR REPLACE INTO newest_reports
    SELECT r.task_id, r.agency_id, COALESCE(r.occurrence_id, 0), r.id, r.status, r.created_at, r.percent, r.eta, r.note
    FROM reports AS r
    WHERE r.task_id = OLD.task_id AND r.agency_id = OLD.agency_id AND r.occurrence_id IS OLD.occurrence_id
      AND r.withdrawn_at IS NULL
    ORDER BY r.created_at DESC, r.id DESC LIMIT 1;
    INSERT OR REPLACE INTO newest_reports
    SELECT r.task_id, r.agency_id, COALESCE(r.occurrence_id, 0), r.id, r.status, r.created_at, r.percent, r.eta, r.note
    FROM reports AS r
    WHERE r.task_id = NEW.task_id AND r.agency_id = NEW.agency_id AND r.occurrence_id IS NEW.occurrence_id
      AND r.withdrawn_at IS NULL
    ORDER BY r.created_at DESC, r.id DESC LIMIT 1;
END;

CREATE TRIGGER IF NOT EXISTS newest_reports_delete AFTER DELETE ON reports BEGIN
    DELETE FROM newest_reports WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id
        AND occurrence_key = COALESCE(OLD.occurrence_id, 0);
    INSERT INTO newest_reports
    SELECT r.task_id, r.agency_id, COALESCE(r.occurrence_id, 0), r.id, r.status, r.created_at, r.percent, r.eta, r.note
    FROM reports AS r
    WHERE r.task_id = OLD.task_id AND r.agency_id = OLD.agency_id AND r.occurrence_id IS OLD.occurrence_id
      AND r.withdrawn_at IS NULL
    ORDER BY r.created_at DESC, r.id DESC LIMIT 1;
END;

-- the reports already stored: each group's newest as the MAX of created_at then the id, zero-padded (the
-- order v018's index walks them in)
DELETE FROM newest_reports;
INSERT INTO newest_reports
SELECT r.task_id, r.agency_id, COALESCE(r.occurrence_id, 0), r.id, r.status, r.created_at, r.percent, r.eta, r.note
FROM (SELECT MAX(created_at || printf('%020d', id)) AS newest FROM reports WHERE withdrawn_at IS NULL
      GROUP BY task_id, agency_id, occurrence_id) AS n
JOIN reports AS r ON r.id = CAST(substr(n.newest, -20) AS INTEGER);
