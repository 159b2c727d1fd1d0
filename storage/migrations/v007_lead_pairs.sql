-- v007: every (task, lead agency) pair with what the summary rollup reads of it, kept by triggers: its
-- latest report (a copy of its report_latest row, NULLs when it never reported) and `named_at`, when it
-- first reported "done" naming an occurrence. At national scale (280k pairs) the rollup scans this one
-- table instead of joining, for every pair, task_agencies, report_latest and the reports that name an
-- occurrence.
--
-- `named_at` may only err towards set: a pair with it set (and not after the rollup's moment) has its
-- owed occurrences worked out one by one, which gives the same answer for a pair whose named reports no
-- longer count. Left unset while such a report exists, the rollup would miss it: every write that can
-- make one sets it.

CREATE TABLE lead_pairs (
    task_id        INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    agency_id      INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    report_id      INTEGER,
    status         TEXT,
    occurrence_id  INTEGER,
    created_at     TEXT,
    blocked_since  TEXT,
    named_at       TEXT,
    PRIMARY KEY (task_id, agency_id)
) WITHOUT ROWID;

-- What the row of a lead pair should be, from what is stored: the one definition the triggers and the fill
-- below share (queried for one pair, it reads that pair's link, report_latest row and naming reports).
CREATE VIEW lead_pairs_computed AS
SELECT ta.task_id, ta.agency_id, l.report_id, l.status, l.occurrence_id, l.created_at, l.blocked_since,
       (SELECT MIN(r.created_at) FROM reports r
        WHERE r.task_id = ta.task_id AND r.agency_id = ta.agency_id AND r.status = 'done'
          AND r.occurrence_id IS NOT NULL) AS named_at
FROM task_agencies ta LEFT JOIN report_latest l ON l.task_id = ta.task_id AND l.agency_id = ta.agency_id
WHERE ta.role = 'lead';

-- The triggers delete, then insert: a REPLACE or an upsert in a trigger takes the conflict policy of the
-- statement that fired it ("INSERT OR IGNORE INTO task_agencies" would make it IGNORE), and a foreign
-- key's action runs as ABORT.

-- a pair becomes a lead pair, stops being one, or its link is edited
CREATE TRIGGER lead_pairs_link AFTER INSERT ON task_agencies WHEN NEW.role = 'lead' BEGIN
    DELETE FROM lead_pairs WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
    INSERT INTO lead_pairs SELECT * FROM lead_pairs_computed WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
END;

CREATE TRIGGER lead_pairs_unlink AFTER DELETE ON task_agencies WHEN OLD.role = 'lead' BEGIN
    DELETE FROM lead_pairs WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
END;

CREATE TRIGGER lead_pairs_relink AFTER UPDATE ON task_agencies BEGIN
    DELETE FROM lead_pairs WHERE OLD.role = 'lead' AND task_id = OLD.task_id AND agency_id = OLD.agency_id;
    DELETE FROM lead_pairs WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
    INSERT INTO lead_pairs SELECT * FROM lead_pairs_computed WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
END;

-- v006's edit trigger worked the pair out again with REPLACE, which failed (UNIQUE constraint) when a
-- deleted occurrence set its reports' occurrence_id to NULL: now delete, then insert, as above
DROP TRIGGER report_latest_update;
CREATE TRIGGER report_latest_update AFTER UPDATE OF task_id, agency_id, status, occurrence_id, created_at
ON reports BEGIN
    DELETE FROM report_latest WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    DELETE FROM report_latest WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
    INSERT INTO report_latest SELECT * FROM report_latest_computed
    WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    INSERT INTO report_latest SELECT * FROM report_latest_computed
    WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id
      AND NOT (NEW.task_id = OLD.task_id AND NEW.agency_id = OLD.agency_id);
END;

-- report_latest's rows are copied as its triggers write them (v006's late-blocked REPLACE deletes
-- without a trigger, then inserts: the insert's copy is the one that stays)
CREATE TRIGGER lead_pairs_latest_insert AFTER INSERT ON report_latest BEGIN
    UPDATE lead_pairs SET report_id = NEW.report_id, status = NEW.status, occurrence_id = NEW.occurrence_id,
                          created_at = NEW.created_at, blocked_since = NEW.blocked_since
    WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
END;

CREATE TRIGGER lead_pairs_latest_update AFTER UPDATE ON report_latest BEGIN
    UPDATE lead_pairs SET report_id = NULL, status = NULL, occurrence_id = NULL, created_at = NULL,
                          blocked_since = NULL
    WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    UPDATE lead_pairs SET report_id = NEW.report_id, status = NEW.status, occurrence_id = NEW.occurrence_id,
                          created_at = NEW.created_at, blocked_since = NEW.blocked_since
    WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
END;

CREATE TRIGGER lead_pairs_latest_delete AFTER DELETE ON report_latest BEGIN
    UPDATE lead_pairs SET report_id = NULL, status = NULL, occurrence_id = NULL, created_at = NULL,
                          blocked_since = NULL
    WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
END;

-- named_at: a new naming "done" report can only make it earlier; an edit or a deletion works it out again
CREATE TRIGGER lead_pairs_named_insert AFTER INSERT ON reports
WHEN NEW.status = 'done' AND NEW.occurrence_id IS NOT NULL BEGIN
    UPDATE lead_pairs SET named_at = MIN(COALESCE(named_at, NEW.created_at), NEW.created_at)
    WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
END;

CREATE TRIGGER lead_pairs_named_update AFTER UPDATE OF task_id, agency_id, status, occurrence_id, created_at
ON reports BEGIN
    UPDATE lead_pairs SET named_at = (SELECT MIN(r.created_at) FROM reports r
            WHERE r.task_id = OLD.task_id AND r.agency_id = OLD.agency_id AND r.status = 'done' AND r.occurrence_id IS NOT NULL)
    WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
    UPDATE lead_pairs SET named_at = (SELECT MIN(r.created_at) FROM reports r
            WHERE r.task_id = NEW.task_id AND r.agency_id = NEW.agency_id AND r.status = 'done' AND r.occurrence_id IS NOT NULL)
    WHERE task_id = NEW.task_id AND agency_id = NEW.agency_id;
END;

CREATE TRIGGER lead_pairs_named_delete AFTER DELETE ON reports
WHEN OLD.status = 'done' AND OLD.occurrence_id IS NOT NULL BEGIN
    UPDATE lead_pairs SET named_at = (SELECT MIN(r.created_at) FROM reports r
            WHERE r.task_id = OLD.task_id AND r.agency_id = OLD.agency_id AND r.status = 'done' AND r.occurrence_id IS NOT NULL)
    WHERE task_id = OLD.task_id AND agency_id = OLD.agency_id;
END;

-- the pairs already linked
INSERT INTO lead_pairs SELECT * FROM lead_pairs_computed;
