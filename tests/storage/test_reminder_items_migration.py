"""v015 turns the old reminder log (a row per item and person) into reminder_items (a row per item naming its
people) and planned_days: the same intent keys come out, and the days it planned count as planned."""

from __future__ import annotations

from datetime import date

from storage.db import migrate, open_db
from storage.reminders import last_planned_day, logged_keys

OLD_LOG = """
CREATE TABLE reminder_log (
    key TEXT PRIMARY KEY, outbox_key TEXT NOT NULL,
    occurrence_id INTEGER REFERENCES occurrences (id) ON DELETE CASCADE, milestone_id INTEGER NOT NULL,
    task_id INTEGER NOT NULL, agency_id INTEGER NOT NULL, user_id INTEGER NOT NULL, stage TEXT NOT NULL,
    reason TEXT NOT NULL, day TEXT NOT NULL, created_at TEXT NOT NULL
);
"""


async def test_v015_keeps_every_logged_key_and_the_days_planned(tmp_path):
    db = await open_db(tmp_path / "old.sqlite3")
    try:
        # as a database before v015 held it: a T-7 item for a member and a head, a check-in, a blocked item
        await db.executescript(
            "BEGIN;"
            "DROP TABLE reminder_items; DROP TABLE planned_days;" + OLD_LOG +
            "INSERT INTO agencies (id, name, norm, kind, created_at) VALUES (1, 'Phường Bến Nghé', 'phuong ben nghe',"
            " 'ward', '2025-01-01T00:00:00+00:00');"
            "INSERT INTO plans (id, code, title, imported_at) VALUES (1, '17/KH-UBND', 'Kế hoạch', '2025-01-01');"
            "INSERT INTO tasks (id, plan_id, number, key, title, position) VALUES (5, 1, '1.1', '1.1', 'Rà soát', 1);"
            "INSERT INTO milestones (id, task_id, position, kind) VALUES (7, 5, 1, 'due'), (8, 5, 2, 'ongoing');"
            "INSERT INTO occurrences (id, milestone_id, due) VALUES (9, 7, '2025-03-12');"
            "INSERT INTO reminder_log VALUES"
            " ('occ:9|agency:1|stage:T-7|2025-03-03|user:3', 'digest:user:3|2025-03-03', 9, 7, 5, 1, 3, 'T-7',"
            "  'upcoming', '2025-03-03', '2025-03-03T01:00:00+00:00'),"
            " ('occ:9|agency:1|stage:T-7|2025-03-03|user:4', 'digest:user:4|2025-03-03', 9, 7, 5, 1, 4, 'T-7',"
            "  'upcoming', '2025-03-03', '2025-03-03T01:00:00+00:00'),"
            " ('ms:8|agency:1|stage:M|2025-03-03|user:3', 'digest:user:3|2025-03-03', NULL, 8, 5, 1, 3, 'M',"
            "  'checkin', '2025-03-03', '2025-03-03T01:00:00+00:00'),"
            " ('occ:9|agency:1|stage:T-3|2025-03-07|user:6', 'digest:user:6|2025-03-07', 9, 7, 5, 1, 6, 'T-3',"
            "  'blocked', '2025-03-07', '2025-03-07T01:00:00+00:00');"
            "PRAGMA user_version = 14;"
            "COMMIT;"
        )
        assert await migrate(db) >= 15
        assert await logged_keys(db, date(2025, 3, 3)) == {
            "occ:9|agency:1|stage:T-7|2025-03-03|user:3",
            "occ:9|agency:1|stage:T-7|2025-03-03|user:4",
            "ms:8|agency:1|stage:M|2025-03-03|user:3",
        }
        assert await logged_keys(db, date(2025, 3, 7)) == {"occ:9|agency:1|stage:T-3|2025-03-07|user:6"}
        # the agency's own people were reminded ahead of the due day on 03/03 (the blocked item went to a secretary)
        upcoming = await db.execute_fetchall("SELECT DISTINCT stage FROM reminder_items WHERE upcoming = 1")
        assert [r[0] for r in upcoming] == ["T-7"]
        assert await last_planned_day(db, date(2025, 3, 7)) == date(2025, 3, 3)
        assert await last_planned_day(db, date(2025, 3, 10)) == date(2025, 3, 7)
        tables = await db.execute_fetchall("SELECT name FROM sqlite_master WHERE name = 'reminder_log'")
        assert tables == []
    finally:
        await db.close()
