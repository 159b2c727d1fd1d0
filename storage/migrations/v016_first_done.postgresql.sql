-- v016: each (task, agency) pair's first standing "done" report, kept by triggers (the SQLite file
-- explains why).

CREATE TABLE IF NOT EXISTS first_done (
    task_id   BIGINT NOT NULL,
    agency_id BIGINT NOT NULL,
    done_at   TEXT NOT NULL,
    PRIMARY KEY (task_id, agency_id)
);

CREATE OR REPLACE FUNCTION first_done_pair(t BIGINT, a BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM first_done WHERE task_id = t AND agency_id = a;
    INSERT INTO first_done (task_id, agency_id, done_at)
    SELECT r.task_id, r.agency_id, MIN(r.created_at) FROM reports r
    WHERE r.task_id = t AND r.agency_id = a AND r.status = 'done' AND r.withdrawn_at IS NULL
    GROUP BY r.task_id, r.agency_id;
END $$;

CREATE OR REPLACE FUNCTION first_done_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO first_done (task_id, agency_id, done_at) VALUES (NEW.task_id, NEW.agency_id, NEW.created_at)
    ON CONFLICT (task_id, agency_id) DO UPDATE SET done_at = LEAST(first_done.done_at, EXCLUDED.done_at);
    RETURN NULL;
END $$;
CREATE TRIGGER first_done_insert AFTER INSERT ON reports FOR EACH ROW
    WHEN (NEW.status = 'done' AND NEW.withdrawn_at IS NULL) EXECUTE FUNCTION first_done_insert();

CREATE OR REPLACE FUNCTION first_done_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM first_done_pair(OLD.task_id, OLD.agency_id);
    PERFORM first_done_pair(NEW.task_id, NEW.agency_id);
    RETURN NULL;
END $$;
CREATE TRIGGER first_done_update AFTER UPDATE OF task_id, agency_id, status, created_at, withdrawn_at
    ON reports FOR EACH ROW EXECUTE FUNCTION first_done_update();

CREATE OR REPLACE FUNCTION first_done_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM first_done_pair(OLD.task_id, OLD.agency_id);
    RETURN NULL;
END $$;
CREATE TRIGGER first_done_delete AFTER DELETE ON reports FOR EACH ROW
    WHEN (OLD.status = 'done' AND OLD.withdrawn_at IS NULL) EXECUTE FUNCTION first_done_delete();

INSERT INTO first_done (task_id, agency_id, done_at)
SELECT r.task_id, r.agency_id, MIN(r.created_at) FROM reports r
WHERE r.status = 'done' AND r.withdrawn_at IS NULL
GROUP BY r.task_id, r.agency_id;
