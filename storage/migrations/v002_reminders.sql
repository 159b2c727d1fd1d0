-- v002: reminders. `reminder_log` keeps one row per planned reminder item, keyed like the planner's intents
-- (occ:…|agency:…|stage:…|day|user:…), so a later tick the same day adds only what is new and the
-- secretaries can be told which agency was reminded before a due day and said nothing.
-- `outbox_chat` serves the dispatcher's "earlier message to this chat still waiting" check.

CREATE TABLE reminder_log (
    key           TEXT PRIMARY KEY,
    outbox_key    TEXT NOT NULL,
    occurrence_id INTEGER REFERENCES occurrences (id) ON DELETE CASCADE,
    milestone_id  INTEGER NOT NULL,
    task_id       INTEGER NOT NULL,
    agency_id     INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    stage         TEXT NOT NULL,
    reason        TEXT NOT NULL,
    day           TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX reminder_log_occurrence ON reminder_log (occurrence_id, agency_id, stage);
CREATE INDEX reminder_log_outbox ON reminder_log (outbox_key);

CREATE INDEX outbox_chat ON outbox (channel, chat_id, id);
