-- v033: each lead pair's four on-time counts, kept between roll-ups (the SQLite file explains).

CREATE TABLE IF NOT EXISTS rollup_states (
    task_id   BIGINT NOT NULL,
    agency_id BIGINT NOT NULL,
    on_time   INTEGER,
    late      INTEGER,
    open      INTEGER,
    overdue   INTEGER,
    claim     BIGINT,
    PRIMARY KEY (task_id, agency_id)
);

CREATE OR REPLACE FUNCTION rollup_states_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM rollup_states WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        DELETE FROM rollup_states WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS rollup_states_report_insert ON reports;
CREATE TRIGGER rollup_states_report_insert AFTER INSERT ON reports FOR EACH ROW
    WHEN (NEW.status = 'done' AND NEW.withdrawn_at IS NULL) EXECUTE FUNCTION rollup_states_report();
DROP TRIGGER IF EXISTS rollup_states_report_update ON reports;
CREATE TRIGGER rollup_states_report_update
    AFTER UPDATE OF task_id, agency_id, status, occurrence_id, created_at, withdrawn_at ON reports FOR EACH ROW
    WHEN (OLD.status = 'done' OR NEW.status = 'done') EXECUTE FUNCTION rollup_states_report();
DROP TRIGGER IF EXISTS rollup_states_report_delete ON reports;
CREATE TRIGGER rollup_states_report_delete AFTER DELETE ON reports FOR EACH ROW
    WHEN (OLD.status = 'done') EXECUTE FUNCTION rollup_states_report();

CREATE OR REPLACE FUNCTION rollup_states_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM rollup_states WHERE task_id = OLD.id;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM rollup_states WHERE task_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS rollup_states_task_update ON tasks;
CREATE TRIGGER rollup_states_task_update AFTER UPDATE OF id, active ON tasks FOR EACH ROW
    EXECUTE FUNCTION rollup_states_task();
DROP TRIGGER IF EXISTS rollup_states_task_delete ON tasks;
CREATE TRIGGER rollup_states_task_delete AFTER DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION rollup_states_task();

CREATE OR REPLACE FUNCTION rollup_states_agency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM rollup_states WHERE agency_id = OLD.id;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS rollup_states_agency_delete ON agencies;
CREATE TRIGGER rollup_states_agency_delete AFTER DELETE ON agencies FOR EACH ROW EXECUTE FUNCTION rollup_states_agency();

CREATE OR REPLACE FUNCTION rollup_states_milestone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM rollup_states WHERE task_id = OLD.task_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        DELETE FROM rollup_states WHERE task_id = NEW.task_id;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS rollup_states_milestone ON milestones;
CREATE TRIGGER rollup_states_milestone AFTER INSERT OR UPDATE OR DELETE ON milestones FOR EACH ROW
    EXECUTE FUNCTION rollup_states_milestone();

-- a done report naming an occurrence answers up to its due date, whichever task it belongs to
CREATE OR REPLACE FUNCTION rollup_states_occurrence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM rollup_states WHERE task_id IN (SELECT task_id FROM milestones WHERE id = OLD.milestone_id);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        DELETE FROM rollup_states WHERE task_id IN (SELECT task_id FROM milestones WHERE id = NEW.milestone_id);
    END IF;
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM rollup_states WHERE (task_id, agency_id) IN
            (SELECT r.task_id, r.agency_id FROM reports r WHERE r.occurrence_id IN (OLD.id, NEW.id) AND r.status = 'done'
              AND r.occurrence_id IS NOT NULL AND r.withdrawn_at IS NULL);
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS rollup_states_occurrence ON occurrences;
CREATE TRIGGER rollup_states_occurrence AFTER INSERT OR UPDATE OR DELETE ON occurrences FOR EACH ROW
    EXECUTE FUNCTION rollup_states_occurrence();

-- kept for no day yet: the next roll-up of the present fills it
DELETE FROM rollup_states;
DELETE FROM kv WHERE key = 'rollup_states';
