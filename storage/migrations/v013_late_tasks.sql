-- v013: late tasks (issue 20). An agency asks for an extension (xin gia hạn) of one occurrence's due
-- date, the secretaries approve or refuse it; an approved one is that agency's due date for that
-- occurrence from then on (the plan's date stays). An agency explains (giải trình) why an occurrence is
-- late. Both change whom the planner reminds and when, so they name their pair in plan_changes (v012).
-- IF NOT EXISTS: a test that replays an older migration re-runs the later ones.

CREATE TABLE IF NOT EXISTS extensions (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    occurrence_id INTEGER NOT NULL REFERENCES occurrences (id) ON DELETE CASCADE,
    agency_id     INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    previous_due  TEXT NOT NULL,      -- the agency's due date when it asked (local ISO date)
    proposed_due  TEXT NOT NULL,
    reason        TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
    requested_by  INTEGER REFERENCES users (id),
    requested_at  TEXT NOT NULL,
    channel       TEXT NOT NULL,      -- where the requester asked: the decision goes there
    chat_id       TEXT NOT NULL,
    decided_by    INTEGER REFERENCES users (id),
    decided_at    TEXT,
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS extensions_pair ON extensions (task_id, agency_id, status);
CREATE INDEX IF NOT EXISTS extensions_status ON extensions (status, requested_at);

CREATE TABLE IF NOT EXISTS explanations (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    occurrence_id INTEGER REFERENCES occurrences (id) ON DELETE SET NULL,
    agency_id     INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    user_id       INTEGER REFERENCES users (id),
    text          TEXT NOT NULL,
    channel       TEXT NOT NULL,
    file_id       TEXT,               -- a file sent with it (as evidence keeps one)
    file_name     TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS explanations_pair ON explanations (task_id, agency_id, created_at);

CREATE TRIGGER IF NOT EXISTS plan_changes_extension_decided AFTER UPDATE OF status, proposed_due ON extensions
WHEN NEW.status = 'approved' OR OLD.status = 'approved' BEGIN
    INSERT INTO plan_changes (task_id, agency_id) VALUES (NEW.task_id, NEW.agency_id);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_explanation_insert AFTER INSERT ON explanations BEGIN
    INSERT INTO plan_changes (task_id, agency_id) VALUES (NEW.task_id, NEW.agency_id);
END;

-- the four on-time states read every pair's done reports in time order (storage/rollups.py)
CREATE INDEX IF NOT EXISTS reports_done_pair ON reports (task_id, agency_id, created_at, occurrence_id)
    WHERE status = 'done' AND withdrawn_at IS NULL;
