-- v012: what changed since the reminders were planned. The minute tick plans the whole day once (the
-- first tick of the day or of the process) and afterwards re-plans only what a row here names: a
-- (task, agency) pair, a task (every lead), an agency (every task it leads), or, both NULL, everything.
-- Triggers on the planner's inputs write the rows in the writer's own transaction, whatever writes
-- (the bot, an import, the command line, a restored backup): no code path can forget.
-- `at` is when a report starts to count (its created_at; NULL: at once); `written_at` is wall-clock
-- time, for pruning rows older than a day (every process has re-planned its whole day since).
-- IF NOT EXISTS: a test that replays an older migration re-runs the later ones.

CREATE TABLE IF NOT EXISTS plan_changes (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER,
    agency_id   INTEGER,
    at          TEXT,
    written_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now'))
);
CREATE INDEX IF NOT EXISTS plan_changes_at ON plan_changes (at);

-- (the day's index of the reminder log that was here is v015's reminder_items_day: v015 replaced the log)

-- reports: the pair's latest report
CREATE TRIGGER IF NOT EXISTS plan_changes_report_insert AFTER INSERT ON reports BEGIN
    INSERT INTO plan_changes (task_id, agency_id, at) VALUES (NEW.task_id, NEW.agency_id, NEW.created_at);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_report_update AFTER UPDATE OF task_id, occurrence_id, agency_id, status, created_at, withdrawn_at ON reports BEGIN
    INSERT INTO plan_changes (task_id, agency_id) VALUES (OLD.task_id, OLD.agency_id), (NEW.task_id, NEW.agency_id);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_report_delete AFTER DELETE ON reports BEGIN
    INSERT INTO plan_changes (task_id, agency_id) VALUES (OLD.task_id, OLD.agency_id);
END;

-- people: who gets an agency's reminders (a secretary gets every agency's)
CREATE TRIGGER IF NOT EXISTS plan_changes_user_insert AFTER INSERT ON users
WHEN NEW.role IN ('member', 'head', 'secretary') BEGIN
    INSERT INTO plan_changes (agency_id) VALUES (CASE WHEN NEW.role = 'secretary' THEN NULL ELSE NEW.agency_id END);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_user_update AFTER UPDATE OF role, agency_id, lang, preferred_channel, active, display_name ON users
WHEN OLD.role IN ('member', 'head', 'secretary') OR NEW.role IN ('member', 'head', 'secretary') BEGIN
    INSERT INTO plan_changes (agency_id)
    SELECT CASE WHEN 'secretary' IN (OLD.role, NEW.role) THEN NULL ELSE OLD.agency_id END
    UNION ALL
    SELECT CASE WHEN 'secretary' IN (OLD.role, NEW.role) THEN NULL ELSE NEW.agency_id END;
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_identity_insert AFTER INSERT ON identities BEGIN
    INSERT INTO plan_changes (agency_id)
    SELECT CASE WHEN role = 'secretary' THEN NULL ELSE agency_id END FROM users
    WHERE id = NEW.user_id AND role IN ('member', 'head', 'secretary');
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_identity_update AFTER UPDATE OF user_id, channel, chat_id, linked_at, unreachable_at ON identities BEGIN
    INSERT INTO plan_changes (agency_id)
    SELECT CASE WHEN role = 'secretary' THEN NULL ELSE agency_id END FROM users
    WHERE id IN (OLD.user_id, NEW.user_id) AND role IN ('member', 'head', 'secretary');
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_identity_delete AFTER DELETE ON identities BEGIN
    INSERT INTO plan_changes (agency_id)
    SELECT CASE WHEN role = 'secretary' THEN NULL ELSE agency_id END FROM users
    WHERE id = OLD.user_id AND role IN ('member', 'head', 'secretary');
END;

-- agencies: a renamed agency is named in its reminders; a deleted one leaves the plan (rare: everything)
CREATE TRIGGER IF NOT EXISTS plan_changes_agency_update AFTER UPDATE OF name ON agencies BEGIN
    INSERT INTO plan_changes (agency_id) VALUES (OLD.id);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_agency_delete AFTER DELETE ON agencies BEGIN
    INSERT INTO plan_changes (task_id) VALUES (NULL);
END;

-- plans, tasks, leads, milestones, occurrences: an import, a re-import, a /trigger
CREATE TRIGGER IF NOT EXISTS plan_changes_plan_update AFTER UPDATE OF code ON plans BEGIN
    INSERT INTO plan_changes (task_id) VALUES (NULL);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_plan_delete AFTER DELETE ON plans BEGIN
    INSERT INTO plan_changes (task_id) VALUES (NULL);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_task_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO plan_changes (task_id) VALUES (NEW.id);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_task_update AFTER UPDATE OF plan_id, number, title, deliverables, active ON tasks BEGIN
    INSERT INTO plan_changes (task_id) VALUES (OLD.id), (NEW.id);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_task_delete AFTER DELETE ON tasks BEGIN
    INSERT INTO plan_changes (task_id) VALUES (OLD.id);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_lead_insert AFTER INSERT ON task_agencies WHEN NEW.role = 'lead' BEGIN
    INSERT INTO plan_changes (task_id, agency_id) VALUES (NEW.task_id, NEW.agency_id);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_lead_update AFTER UPDATE ON task_agencies BEGIN
    INSERT INTO plan_changes (task_id, agency_id) VALUES (OLD.task_id, OLD.agency_id), (NEW.task_id, NEW.agency_id);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_lead_delete AFTER DELETE ON task_agencies WHEN OLD.role = 'lead' BEGIN
    INSERT INTO plan_changes (task_id, agency_id) VALUES (OLD.task_id, OLD.agency_id);
END;
-- a milestone whose task is gone (a cascade) names no task: everything
CREATE TRIGGER IF NOT EXISTS plan_changes_milestone_insert AFTER INSERT ON milestones BEGIN
    INSERT INTO plan_changes (task_id) VALUES (NEW.task_id);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_milestone_update AFTER UPDATE ON milestones BEGIN
    INSERT INTO plan_changes (task_id) VALUES (OLD.task_id), (NEW.task_id);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_milestone_delete AFTER DELETE ON milestones BEGIN
    INSERT INTO plan_changes (task_id) VALUES (OLD.task_id);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_occurrence_insert AFTER INSERT ON occurrences BEGIN
    INSERT INTO plan_changes (task_id) VALUES ((SELECT task_id FROM milestones WHERE id = NEW.milestone_id));
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_occurrence_update AFTER UPDATE ON occurrences BEGIN
    INSERT INTO plan_changes (task_id)
    SELECT task_id FROM milestones WHERE id IN (OLD.milestone_id, NEW.milestone_id);
END;
CREATE TRIGGER IF NOT EXISTS plan_changes_occurrence_delete AFTER DELETE ON occurrences BEGIN
    INSERT INTO plan_changes (task_id) VALUES ((SELECT task_id FROM milestones WHERE id = OLD.milestone_id));
END;
