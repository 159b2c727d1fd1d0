-- v015: the reminder log, one row per planned item instead of one per item and person. A day's first
-- planning at national scale wrote 484,000 `reminder_log` rows (11 s, 170 MB a day): each escalation went
-- to every secretary, each a row with its own text key and four indexes. A row of `reminder_items` is one
-- item of a day — (occurrence or milestone, agency, stage) — with the people one planning pass gave it to
-- (`users`: their ids, space separated); a later pass that adds people adds a row. The planner's intent
-- keys (occ:…|agency:…|stage:…|day|user:…) are these rows spelled out.
-- `upcoming`: the agency's own people got it ahead of the due day (the secretaries are told of an agency
-- that then says nothing); (occurrence, agency, stage) also answers "was this stage ever sent" for a
-- reminder caught up after a missed day.

CREATE TABLE IF NOT EXISTS reminder_items (
    id            INTEGER PRIMARY KEY,
    day           TEXT NOT NULL,
    task_id       INTEGER NOT NULL,
    agency_id     INTEGER NOT NULL,
    occurrence_id INTEGER REFERENCES occurrences (id) ON DELETE CASCADE,
    milestone_id  INTEGER NOT NULL,
    stage         TEXT NOT NULL,
    upcoming      INTEGER NOT NULL,
    users         TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reminder_items_day ON reminder_items (day, task_id, agency_id);
CREATE INDEX IF NOT EXISTS reminder_items_occurrence ON reminder_items (occurrence_id, agency_id, stage);

-- the old log, a row each: the same items (IF NOT EXISTS: a test that replays older migrations re-runs this
-- one after the old table is gone)
CREATE TABLE IF NOT EXISTS reminder_log (
    key TEXT PRIMARY KEY, outbox_key TEXT NOT NULL, occurrence_id INTEGER, milestone_id INTEGER NOT NULL,
    task_id INTEGER NOT NULL, agency_id INTEGER NOT NULL, user_id INTEGER NOT NULL, stage TEXT NOT NULL,
    reason TEXT NOT NULL, day TEXT NOT NULL, created_at TEXT NOT NULL
);
INSERT INTO reminder_items (day, task_id, agency_id, occurrence_id, milestone_id, stage, upcoming, users, created_at)
SELECT day, task_id, agency_id, occurrence_id, milestone_id, stage,
       CASE WHEN reason = 'upcoming' THEN 1 ELSE 0 END, CAST(user_id AS TEXT), created_at
FROM reminder_log;
DROP TABLE reminder_log;

-- the days whose reminders were planned whole (at the first tick in sending hours): a stage that fell on a
-- working day after the latest of them was missed and is caught up; the old log's days were planned
CREATE TABLE IF NOT EXISTS planned_days (
    day        TEXT PRIMARY KEY,
    planned_at TEXT NOT NULL
);
INSERT OR IGNORE INTO planned_days (day, planned_at)
SELECT day, MIN(created_at) FROM reminder_items GROUP BY day;
