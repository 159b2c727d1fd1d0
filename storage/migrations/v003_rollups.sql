-- v003: indexes for the summary rollups (storage/rollups.py).

-- "was this occurrence reported done by this agency?" without reading the agency's other reports
CREATE INDEX IF NOT EXISTS reports_occurrence_done ON reports (occurrence_id, agency_id, created_at)
    WHERE status = 'done' AND occurrence_id IS NOT NULL;

-- the reminder digests sent in a period
CREATE INDEX IF NOT EXISTS sent_messages_kind_time ON sent_messages (kind, created_at);
