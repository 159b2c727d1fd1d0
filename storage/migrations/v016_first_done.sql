-- v016: each (task, agency) pair's first standing "done" report, kept by triggers (as lead_pairs, v007).
-- The roll-up's on-time states date a task counting one occurrence by its pair's first done report made
-- by the roll-up's moment: this row when it is not later than that moment, else there is none. At
-- national scale that is one keyed read per pair instead of grouping every done report at each roll-up.
-- IF NOT EXISTS: a test that replays an older migration re-runs the later ones.

CREATE TABLE IF NOT EXISTS first_done (
    task_id   INTEGER NOT NULL,
    agency_id INTEGER NOT NULL,
    done_at   TEXT NOT NULL,
    PRIMARY KEY (task_id, agency_id)
) WITHOUT ROWID;

-- A new done report can only make it earlier; an edit (withdrawn included) or a deletion works the pair
-- out again. Delete, then insert: an upsert in a trigger takes the conflict policy of the statement that
-- fired it (v007).
CREATE TRIGGER IF NOT EXISTS first_done_insert AFTER INSERT ON reports
WHEN NEW.status = 'done' AND NEW.withdrawn_at IS NULL BEGIN
    DELETE FROM first_done WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id AND done_at > NEW.created_at;
    INSERT INTO first_done (task_id, agency_id, done_at) SELECT NEW.task_id, NEW.agency_id, NEW.created_at
    WHERE NOT EXISTS (SELECT 1 FROM first_done WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id);
END;

CREATE TRIGGER IF NOT EXISTS first_done_update AFTER UPDATE OF task_id, agency_id, status, created_at, withdrawn_at
ON reports BEGIN
    DELETE FROM first_done WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    DELETE FROM first_done WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
    INSERT INTO first_done (task_id, agency_id, done_at)
    SELECT r.task_id, r.agency_id, MIN(r.created_at) FROM reports r
    WHERE ((r.task_id = OLD.task_id AND r.agency_id = OLD.agency_id) OR (r.task_id = NEW.task_id AND r.agency_id = NEW.agency_id))
      AND r.status = 'done' AND r.withdrawn_at IS NULL
    GROUP BY r.task_id, r.agency_id;
END;

CREATE TRIGGER IF NOT EXISTS first_done_delete AFTER DELETE ON reports
WHEN OLD.status = 'done' AND OLD.withdrawn_at IS NULL BEGIN
    DELETE FROM first_done WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    INSERT INTO first_done (task_id, agency_id, done_at)
    SELECT r.task_id, r.agency_id, MIN(r.created_at) FROM reports r
    WHERE r.task_id = OLD.task_id AND r.agency_id = OLD.agency_id AND r.status = 'done' AND r.withdrawn_at IS NULL
    GROUP BY r.task_id, r.agency_id;
END;

-- the reports already made
DELETE FROM first_done;
INSERT INTO first_done (task_id, agency_id, done_at)
SELECT r.task_id, r.agency_id, MIN(r.created_at) FROM reports r
WHERE r.status = 'done' AND r.withdrawn_at IS NULL
GROUP BY r.task_id, r.agency_id;
