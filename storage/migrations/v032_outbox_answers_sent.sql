-- v032: answers to people go through the outbox (one row per answer); sent ones are dropped after a week
-- (storage.outbox.forget_sent_answers), found through this index instead of a scan of every sent reminder.
CREATE INDEX IF NOT EXISTS outbox_answers_sent ON outbox (sent_at) WHERE kind = 'answer' AND state = 'sent';
