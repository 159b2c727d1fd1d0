-- v041: a caption-less file sent after its sender's own report is evidence for it
-- (storage.reports.last_reports_by): that person's reports of the last minutes are found through this index
-- instead of a scan of every report (1.46 M at national scale).
CREATE INDEX IF NOT EXISTS reports_user_time ON reports (user_id, created_at);
