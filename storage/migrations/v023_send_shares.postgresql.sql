-- v023: each worker's share of a channel's sending rate (see v023_send_shares.sql). expires_at is
-- DOUBLE PRECISION: PostgreSQL's REAL has 24 bits, seconds since 1970 need milliseconds.

CREATE TABLE IF NOT EXISTS send_shares (
    channel TEXT NOT NULL,
    worker TEXT NOT NULL,
    share INTEGER NOT NULL,
    answers INTEGER NOT NULL,
    outbox INTEGER NOT NULL,
    held INTEGER NOT NULL,
    held_until DOUBLE PRECISION NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (channel, worker)
);
