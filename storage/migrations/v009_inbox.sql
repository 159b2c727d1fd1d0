-- The inbox: every update a chat platform delivered, stored before the platform is told it arrived,
-- and marked handled in the same transaction as its effects. A re-delivery (the same update id, or the
-- same chat message or button press under a new update id) hits a unique key and is stored nothing.
CREATE TABLE inbox (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,           -- 'telegram', 'zalo'
    update_key TEXT NOT NULL,         -- Telegram's update_id; Zalo's message id
    message_key TEXT,                 -- the chat message, edit or button press the update carries
    chat_key TEXT NOT NULL DEFAULT '', -- updates of one chat are handled in order
    payload TEXT NOT NULL,            -- the update as the platform sent it (JSON)
    received_at TEXT NOT NULL,
    handled_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    UNIQUE (platform, update_key),
    UNIQUE (platform, message_key)
);
CREATE INDEX inbox_waiting ON inbox (chat_key, id) WHERE handled_at IS NULL;
CREATE INDEX inbox_handled ON inbox (handled_at) WHERE handled_at IS NOT NULL;
