-- v056 (rollup10): when each task entered the database (the SQLite file explains).

CREATE TABLE IF NOT EXISTS task_added (
    task_id  BIGINT PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
    added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS task_added_at ON task_added (added_at);

CREATE OR REPLACE FUNCTION task_added_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task_added (task_id, added_at)
    SELECT NEW.id, p.imported_at FROM plans p WHERE p.id = NEW.plan_id
    ON CONFLICT (task_id) DO NOTHING;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS task_added_insert ON tasks;
CREATE TRIGGER task_added_insert AFTER INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION task_added_task();
