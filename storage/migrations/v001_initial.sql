-- v001: the initial schema (ARCHITECTURE.md, "Data"). Timestamps are UTC ISO-8601 text ending in +00:00;
-- calendar dates are local ISO dates (YYYY-MM-DD).

CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    norm        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('unit', 'ward', 'committee', 'external')),
    created_at  TEXT NOT NULL
);

CREATE TABLE agency_aliases (
    id          INTEGER PRIMARY KEY,
    agency_id   INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    alias       TEXT NOT NULL,
    norm        TEXT NOT NULL UNIQUE
);

CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    display_name      TEXT NOT NULL,
    role              TEXT NOT NULL DEFAULT 'none'
                      CHECK (role IN ('none', 'member', 'head', 'secretary', 'admin')),
    agency_id         INTEGER REFERENCES agencies (id),
    lang              TEXT,
    preferred_channel TEXT,
    active            INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT NOT NULL
);

CREATE TABLE identities (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel        TEXT NOT NULL,
    external_id    TEXT NOT NULL,
    chat_id        TEXT NOT NULL,
    username       TEXT,
    linked_at      TEXT NOT NULL,
    unreachable_at TEXT,
    UNIQUE (channel, external_id)
);
CREATE INDEX identities_user ON identities (user_id);

CREATE TABLE invites (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    agency_id   INTEGER REFERENCES agencies (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('member', 'head', 'secretary', 'admin')),
    created_by  INTEGER REFERENCES users (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_by     INTEGER REFERENCES users (id),
    used_at     TEXT
);

-- wrong invite codes, for throttling guesses
CREATE TABLE invite_failures (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    external_id TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX invite_failures_who ON invite_failures (channel, external_id, at);

CREATE TABLE plans (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    issuer       TEXT,
    issued_on    TEXT,
    year         INTEGER,
    period_start INTEGER,
    period_end   INTEGER,
    source_name  TEXT,
    imported_at  TEXT NOT NULL
);

CREATE TABLE sections (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    number    TEXT NOT NULL,
    title     TEXT NOT NULL,
    position  INTEGER NOT NULL,
    UNIQUE (plan_id, number)
);

CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    section_id    INTEGER REFERENCES sections (id) ON DELETE SET NULL,
    number        TEXT NOT NULL,
    key           TEXT NOT NULL,
    title         TEXT NOT NULL,
    deliverables  TEXT NOT NULL DEFAULT '[]',   -- JSON list of text
    lead_text     TEXT NOT NULL DEFAULT '',
    support_text  TEXT NOT NULL DEFAULT '',
    support_other TEXT NOT NULL DEFAULT '[]',   -- JSON list: bodies outside the registry
    deadline_text TEXT NOT NULL DEFAULT '',
    position      INTEGER NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,   -- 0 when a re-import no longer lists it
    UNIQUE (plan_id, key)
);

CREATE TABLE task_agencies (
    task_id   INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    agency_id INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    PRIMARY KEY (task_id, agency_id, role)
);
CREATE INDEX task_agencies_agency ON task_agencies (agency_id, role);

CREATE TABLE milestones (
    id             INTEGER PRIMARY KEY,
    task_id        INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('due', 'recurring', 'ongoing', 'event')),
    label          TEXT,
    due            TEXT,
    trigger_text   TEXT,
    offset_days    INTEGER,
    offset_working INTEGER,
    triggered_on   TEXT,
    UNIQUE (task_id, position)
);

CREATE TABLE occurrences (
    id           INTEGER PRIMARY KEY,
    milestone_id INTEGER NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    due          TEXT NOT NULL,
    UNIQUE (milestone_id, due)
);
CREATE INDEX occurrences_due ON occurrences (due);

CREATE TABLE reports (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    occurrence_id INTEGER REFERENCES occurrences (id) ON DELETE SET NULL,
    agency_id     INTEGER NOT NULL REFERENCES agencies (id),
    user_id       INTEGER REFERENCES users (id),
    status        TEXT NOT NULL
                  CHECK (status IN ('done', 'in_progress', 'blocked', 'not_started', 'unclear')),
    percent       INTEGER CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),
    eta           TEXT,
    note          TEXT NOT NULL DEFAULT '',
    channel       TEXT NOT NULL,
    source_ref    TEXT,          -- "channel:chat:message" of the message that made it
    created_at    TEXT NOT NULL,
    edited_at     TEXT
);
CREATE INDEX reports_task_agency ON reports (task_id, agency_id, created_at);
CREATE INDEX reports_agency_time ON reports (agency_id, created_at);
CREATE INDEX reports_source ON reports (source_ref);

CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    channel     TEXT NOT NULL,
    file_id     TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    mime_type   TEXT,
    size        INTEGER,
    local_path  TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX evidence_report ON evidence (report_id);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    channel         TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    user_id         INTEGER REFERENCES users (id),
    payload         TEXT NOT NULL,           -- JSON of the OutgoingMessage
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    sent_ref        TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_pending ON outbox (state, next_attempt_at);

-- messages the bot sent that a reply can refer to (reminder digests, /tasks lists)
CREATE TABLE sent_messages (
    channel     TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    user_id     INTEGER REFERENCES users (id),
    items       TEXT NOT NULL DEFAULT '[]',  -- JSON list of {"task": id, "occurrence": id|null}
    created_at  TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id, message_id)
);

CREATE TABLE dialogs (
    channel    TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    flow       TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id, user_id)
);

CREATE TABLE audit (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    user_id  INTEGER REFERENCES users (id),
    channel  TEXT NOT NULL,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL DEFAULT '',
    detail   TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_action ON audit (action, at);

-- deployment-wide values set from chat (the committee chat, ...)
CREATE TABLE kv (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
