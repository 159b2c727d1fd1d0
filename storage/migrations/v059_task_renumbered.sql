-- v059: the numbers a re-import changed (storage.renumbering), so a reply to a message sent before is read as
-- that message numbered its tasks, a confirmation says the task's title when its number moved, and the next
-- digest says the new numbers once. IF NOT EXISTS: a test that replays an older migration re-runs the later ones.
CREATE TABLE IF NOT EXISTS task_renumbered (
    task_id       INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    old_number    TEXT NOT NULL,
    old_key       TEXT NOT NULL,
    new_number    TEXT NOT NULL,
    renumbered_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS task_renumbered_task ON task_renumbered (task_id, renumbered_at);
CREATE INDEX IF NOT EXISTS task_renumbered_old ON task_renumbered (old_number);
CREATE INDEX IF NOT EXISTS task_renumbered_time ON task_renumbered (renumbered_at);
