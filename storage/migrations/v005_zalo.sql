-- v005: the Zalo channel's state (numbered choices and the message plain text answers, per chat; messages
-- sent per month against the plan's quota) and one-time codes that join a person's identities on two
-- channels into one user.

-- Zalo has no buttons and no reply-to: remember what a typed number picks and what a plain text answers,
-- so a restart loses nothing
CREATE TABLE zalo_chats (
    chat_id     TEXT PRIMARY KEY,
    choices     TEXT NOT NULL DEFAULT '[]',  -- JSON list of [label, data], numbered from 1
    choices_at  TEXT,
    last_ref    TEXT,                        -- message id of the latest message with `refers_to` items
    last_ref_at TEXT
);

-- messages sent per local month, and when the 80% warning went out / the quota ran out (HTTP 429)
CREATE TABLE zalo_usage (
    month        TEXT PRIMARY KEY,           -- YYYY-MM in the deployment's zone
    sent         INTEGER NOT NULL DEFAULT 0,
    warned_at    TEXT,
    exhausted_at TEXT
);

-- /lienket: a linked person's one-time code; typed as /start CODE on another channel it attaches that
-- channel's identity to the same user
CREATE TABLE link_codes (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    used_by     INTEGER REFERENCES identities (id) ON DELETE SET NULL
);
