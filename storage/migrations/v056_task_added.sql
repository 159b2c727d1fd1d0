-- v056 (rollup10): when each task entered the database, so that a period already ended counts the tasks
-- stored by its end (a plan imported on 04/04 stays out of the first quarter's report printed on 18/04).
-- The instant is the import's own (the plan's imported_at, set before its tasks are written), not the
-- wall clock: the demo and `tick --at` run on another clock. Tasks stored before this migration have no
-- row: they are counted in every period, as before.
-- IF NOT EXISTS: a test that replays an older migration re-runs the later ones.

CREATE TABLE IF NOT EXISTS task_added (
    task_id  INTEGER PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
    added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS task_added_at ON task_added (added_at);

CREATE TRIGGER IF NOT EXISTS task_added_insert AFTER INSERT ON tasks BEGIN
    INSERT OR IGNORE INTO task_added (task_id, added_at)
    SELECT NEW.id, p.imported_at FROM plans p WHERE p.id = NEW.plan_id;
END;
