-- v004: tasks given to an agency group ("Tất cả phường", "Các phòng, ban, đơn vị") remember the group, so an
-- agency registered after the import still gets them; occurrences a re-import no longer lists but a report
-- refers to are kept with active = 0 (history stays, reminders stop).

CREATE TABLE task_groups (
    task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    grp     TEXT NOT NULL CHECK (grp IN ('wards', 'units')),
    role    TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    PRIMARY KEY (task_id, grp, role)
);
CREATE INDEX task_groups_grp ON task_groups (grp);

ALTER TABLE occurrences ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
