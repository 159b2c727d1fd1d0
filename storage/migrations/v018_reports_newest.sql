-- v018: the reminder planner's index of reports. The day's first planning at national scale reads the
-- newest standing report of every (task, occurrence or none, agency) of the tasks at a stage today: a
-- million reports. In this order the newest of each is the last of its run, so the database groups them as
-- it walks the index, without reading the table (the planner read every row and picked in Python: 2.5–3 s).
CREATE INDEX IF NOT EXISTS reports_newest ON reports (task_id, agency_id, occurrence_id, created_at, withdrawn_at);
