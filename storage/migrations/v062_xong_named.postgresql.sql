-- v062: per (task, agency), the latest date its standing «xong» reports name and when the first report naming
-- that date was made, kept by triggers on `reports` and `occurrences` (the SQLite file explains).

CREATE TABLE IF NOT EXISTS xong_named (
    task_id     BIGINT NOT NULL,
    agency_id   BIGINT NOT NULL,
    named_to    TEXT NOT NULL,
    named_to_at TEXT NOT NULL,
    PRIMARY KEY (task_id, agency_id)
);

-- What a pair's row should be, from what is stored: the one definition the triggers and the fill share.
CREATE OR REPLACE VIEW xong_named_computed AS
SELECT d.task_id, d.agency_id, o.due AS named_to, MIN(d.created_at) AS named_to_at
FROM reports d JOIN occurrences o ON o.id = d.occurrence_id
WHERE d.status = 'done' AND d.withdrawn_at IS NULL AND d.occurrence_id IS NOT NULL
  AND o.due = (SELECT MAX(o2.due) FROM reports d2 JOIN occurrences o2 ON o2.id = d2.occurrence_id
               WHERE d2.task_id = d.task_id AND d2.agency_id = d.agency_id AND d2.status = 'done'
                 AND d2.withdrawn_at IS NULL AND d2.occurrence_id IS NOT NULL)
GROUP BY d.task_id, d.agency_id, o.due;

-- a pair's row worked out again from its reports
CREATE OR REPLACE FUNCTION xong_named_refill(task BIGINT, agency BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM xong_named WHERE task_id = task AND agency_id = agency;
    INSERT INTO xong_named SELECT * FROM xong_named_computed WHERE task_id = task AND agency_id = agency;
END $$;

-- a «xong» naming a date made, edited, withdrawn, moved or deleted: its pairs worked out again
CREATE OR REPLACE FUNCTION xong_named_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM xong_named_refill(OLD.task_id, OLD.agency_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.task_id <> OLD.task_id OR NEW.agency_id <> OLD.agency_id) THEN
        PERFORM xong_named_refill(NEW.task_id, NEW.agency_id);
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS xong_named_insert ON reports;
CREATE TRIGGER xong_named_insert AFTER INSERT ON reports FOR EACH ROW
    WHEN (NEW.status = 'done' AND NEW.occurrence_id IS NOT NULL AND NEW.withdrawn_at IS NULL)
    EXECUTE FUNCTION xong_named_report();
DROP TRIGGER IF EXISTS xong_named_update ON reports;
CREATE TRIGGER xong_named_update
    AFTER UPDATE OF task_id, agency_id, status, occurrence_id, created_at, withdrawn_at ON reports FOR EACH ROW
    WHEN ((OLD.status = 'done' AND OLD.occurrence_id IS NOT NULL) OR (NEW.status = 'done' AND NEW.occurrence_id IS NOT NULL))
    EXECUTE FUNCTION xong_named_report();
DROP TRIGGER IF EXISTS xong_named_delete ON reports;
CREATE TRIGGER xong_named_delete AFTER DELETE ON reports FOR EACH ROW
    WHEN (OLD.status = 'done' AND OLD.occurrence_id IS NOT NULL) EXECUTE FUNCTION xong_named_report();

-- a date moved: the pairs whose «xong» names it
CREATE OR REPLACE FUNCTION xong_named_due() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pair RECORD;
BEGIN
    FOR pair IN SELECT DISTINCT r.task_id, r.agency_id FROM reports r
                WHERE r.occurrence_id = NEW.id AND r.status = 'done' LOOP
        PERFORM xong_named_refill(pair.task_id, pair.agency_id);
    END LOOP;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS xong_named_due ON occurrences;
CREATE TRIGGER xong_named_due AFTER UPDATE OF due ON occurrences FOR EACH ROW EXECUTE FUNCTION xong_named_due();

-- the reports already stored
DELETE FROM xong_named;
INSERT INTO xong_named SELECT * FROM xong_named_computed;
