-- v033: each lead pair's four on-time counts, kept between roll-ups (storage/rollup_states.py). A row
-- holds what the roll-up computed for the local day and zone offset named by kv's 'rollup_states' row;
-- a row whose counts are NULL is a claim: a roll-up is computing it (`claim` says which), and writes its
-- counts only if the claim is still there. The triggers delete the rows a change can move, so a row
-- present always agrees with the reports, occurrences, milestones and tasks as they are (a claim deleted
-- while its roll-up computes is never filled). At national scale the roll-up then reads 280,000 rows
-- instead of working the states out from every done report.
-- IF NOT EXISTS: a test that replays an older migration re-runs the later ones.

CREATE TABLE IF NOT EXISTS rollup_states (
    task_id   INTEGER NOT NULL,
    agency_id INTEGER NOT NULL,
    on_time   INTEGER,
    late      INTEGER,
    open      INTEGER,
    overdue   INTEGER,
    claim     INTEGER,
    PRIMARY KEY (task_id, agency_id)
) WITHOUT ROWID;

-- a pair's states move only with its done reports (first_done and the steps read no other status)
CREATE TRIGGER IF NOT EXISTS rollup_states_report_insert AFTER INSERT ON reports
WHEN NEW.status = 'done' AND NEW.withdrawn_at IS NULL BEGIN
    DELETE FROM rollup_states WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
END;
CREATE TRIGGER IF NOT EXISTS rollup_states_report_update
AFTER UPDATE OF task_id, agency_id, status, occurrence_id, created_at, withdrawn_at ON reports
WHEN OLD.status = 'done' OR NEW.status = 'done' BEGIN
    DELETE FROM rollup_states WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    DELETE FROM rollup_states WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
END;
CREATE TRIGGER IF NOT EXISTS rollup_states_report_delete AFTER DELETE ON reports
WHEN OLD.status = 'done' BEGIN
    DELETE FROM rollup_states WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
END;

-- a task's due dates (an import, a re-import, a /trigger) and its being counted: every pair of the task
CREATE TRIGGER IF NOT EXISTS rollup_states_task_update AFTER UPDATE OF id, active ON tasks BEGIN
    DELETE FROM rollup_states WHERE task_id IN (OLD.id, NEW.id);
END;
CREATE TRIGGER IF NOT EXISTS rollup_states_task_delete AFTER DELETE ON tasks BEGIN
    DELETE FROM rollup_states WHERE task_id = OLD.id;
END;
CREATE TRIGGER IF NOT EXISTS rollup_states_agency_delete AFTER DELETE ON agencies BEGIN
    DELETE FROM rollup_states WHERE agency_id = OLD.id;
END;
CREATE TRIGGER IF NOT EXISTS rollup_states_milestone_insert AFTER INSERT ON milestones BEGIN
    DELETE FROM rollup_states WHERE task_id = NEW.task_id;
END;
CREATE TRIGGER IF NOT EXISTS rollup_states_milestone_update AFTER UPDATE ON milestones BEGIN
    DELETE FROM rollup_states WHERE task_id IN (OLD.task_id, NEW.task_id);
END;
CREATE TRIGGER IF NOT EXISTS rollup_states_milestone_delete AFTER DELETE ON milestones BEGIN
    DELETE FROM rollup_states WHERE task_id = OLD.task_id;
END;
-- a done report naming an occurrence answers up to its due date, whichever task it belongs to
CREATE TRIGGER IF NOT EXISTS rollup_states_occurrence_insert AFTER INSERT ON occurrences BEGIN
    DELETE FROM rollup_states WHERE task_id IN (SELECT task_id FROM milestones WHERE id = NEW.milestone_id);
END;
CREATE TRIGGER IF NOT EXISTS rollup_states_occurrence_update AFTER UPDATE ON occurrences BEGIN
    DELETE FROM rollup_states WHERE task_id IN (SELECT task_id FROM milestones WHERE id IN (OLD.milestone_id, NEW.milestone_id));
    DELETE FROM rollup_states WHERE (task_id, agency_id) IN
        (SELECT r.task_id, r.agency_id FROM reports r WHERE r.occurrence_id IN (OLD.id, NEW.id) AND r.status = 'done'
              AND r.occurrence_id IS NOT NULL AND r.withdrawn_at IS NULL);
END;
CREATE TRIGGER IF NOT EXISTS rollup_states_occurrence_delete AFTER DELETE ON occurrences BEGIN
    DELETE FROM rollup_states WHERE task_id IN (SELECT task_id FROM milestones WHERE id = OLD.milestone_id);
END;

-- kept for no day yet: the next roll-up of the present fills it
DELETE FROM rollup_states;
DELETE FROM kv WHERE key = 'rollup_states';
