-- v023: each worker's share of a channel's sending rate (storage/send_shares.py). Telegram allows a bot
-- about 30 messages a second in all, however many `nhacviec run` workers send for it on one PostgreSQL
-- database. One row per (channel, worker): the messages in any second the worker may send (`share`),
-- what it asks for its answers to people (`answers`, kept free by the others), whether it is sending the
-- outbox (`outbox`: then the others keep only what their answers ask), the share it held before
-- its last cut (`held`, counted by the others until `held_until`: its sends of the last second were made
-- under it), and when the row lapses (`expires_at`; times are seconds since 1970 by the database's
-- clock): a worker that dies stops renewing and its share goes back to the others. SQLite serves one
-- process, which keeps the whole rate and no row.
-- IF NOT EXISTS: tests re-run the later migrations.

CREATE TABLE IF NOT EXISTS send_shares (
    channel TEXT NOT NULL,
    worker TEXT NOT NULL,
    share INTEGER NOT NULL,
    answers INTEGER NOT NULL,
    outbox INTEGER NOT NULL,
    held INTEGER NOT NULL,
    held_until REAL NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (channel, worker)
);
