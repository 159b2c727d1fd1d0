-- v046: the newest standing report of each (task, agency, occurrence or none), kept by triggers on
-- `reports` (the SQLite file explains).

CREATE TABLE IF NOT EXISTS newest_reports (
    task_id        BIGINT NOT NULL,
    agency_id      BIGINT NOT NULL,
    occurrence_key BIGINT NOT NULL,
    report_id      BIGINT NOT NULL,
    status         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    percent        BIGINT,
    eta            TEXT,
    note           TEXT NOT NULL,
    PRIMARY KEY (task_id, agency_id, occurrence_key)
);

-- a group's row worked out again from its reports (v018's index finds its newest at once)
CREATE OR REPLACE FUNCTION newest_reports_refill(task BIGINT, agency BIGINT, occurrence BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM newest_reports
    WHERE task_id = task AND agency_id = agency AND occurrence_key = COALESCE(occurrence, 0);
    INSERT INTO newest_reports
    SELECT r.task_id, r.agency_id, COALESCE(r.occurrence_id, 0), r.id, r.status, r.created_at, r.percent, r.eta, r.note
    FROM reports AS r
    WHERE r.task_id = task AND r.agency_id = agency AND r.occurrence_id IS NOT DISTINCT FROM occurrence
      AND r.withdrawn_at IS NULL
    ORDER BY r.created_at DESC, r.id DESC LIMIT 1;
END $$;

CREATE OR REPLACE FUNCTION newest_reports_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- a new report is nearly always the newest of its group
        INSERT INTO newest_reports AS n
            (task_id, agency_id, occurrence_key, report_id, status, created_at, percent, eta, note)
        VALUES (NEW.task_id, NEW.agency_id, COALESCE(NEW.occurrence_id, 0), NEW.id, NEW.status, NEW.created_at,
                NEW.percent, NEW.eta, NEW.note)
        ON CONFLICT (task_id, agency_id, occurrence_key) DO UPDATE SET
            report_id = excluded.report_id, status = excluded.status, created_at = excluded.created_at,
            percent = excluded.percent, eta = excluded.eta, note = excluded.note
        WHERE (excluded.created_at, excluded.report_id) > (n.created_at, n.report_id);
        RETURN NULL;
    END IF;
    PERFORM newest_reports_refill(OLD.task_id, OLD.agency_id, OLD.occurrence_id);
    IF TG_OP = 'UPDATE' THEN
        PERFORM newest_reports_refill(NEW.task_id, NEW.agency_id, NEW.occurrence_id);
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS newest_reports_insert ON reports;
CREATE TRIGGER newest_reports_insert AFTER INSERT ON reports FOR EACH ROW
    WHEN (NEW.withdrawn_at IS NULL) EXECUTE FUNCTION newest_reports_report();
DROP TRIGGER IF EXISTS newest_reports_update ON reports;
CREATE TRIGGER newest_reports_update
    AFTER UPDATE OF task_id, agency_id, occurrence_id, status, created_at, withdrawn_at, percent, eta, note
    ON reports FOR EACH ROW EXECUTE FUNCTION newest_reports_report();
DROP TRIGGER IF EXISTS newest_reports_delete ON reports;
CREATE TRIGGER newest_reports_delete AFTER DELETE ON reports FOR EACH ROW EXECUTE FUNCTION newest_reports_report();

-- the reports already stored
DELETE FROM newest_reports;
INSERT INTO newest_reports
SELECT DISTINCT ON (r.task_id, r.agency_id, r.occurrence_id)
       r.task_id, r.agency_id, COALESCE(r.occurrence_id, 0), r.id, r.status, r.created_at, r.percent, r.eta, r.note
FROM reports AS r
WHERE r.withdrawn_at IS NULL
ORDER BY r.task_id, r.agency_id, r.occurrence_id, r.created_at DESC, r.id DESC;
