"""storage.reports.last_reports_by: the reports a person's latest message in a chat made, lately."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage.reports import add_report, last_reports_by, withdraw_report

pytestmark = pytest.mark.both_backends


async def test_the_latest_message_of_the_person_in_the_chat_since_the_moment(db, world, now) -> None:
    noi_vu = world["noi_vu"]
    user = (await db.execute_fetchall(
        "INSERT INTO users (display_name, role, agency_id, created_at) VALUES ('A', 'head', ?, '2025-01-01')"
        " RETURNING id", (noi_vu,)))[0][0]
    tasks = {number: (await db.execute_fetchall("SELECT id FROM tasks WHERE number = ?", (number,)))[0][0]
             for number in ("1.1", "1.3")}

    async def report(number: str, ref: str | None, minutes_ago: int) -> int:
        made = await add_report(db, task_id=tasks[number], occurrence_id=None, agency_id=noi_vu, user_id=user,
                                status="done", percent=100, eta=None, note="", channel="telegram", source_ref=ref,
                                now=now - timedelta(minutes=minutes_ago))
        return made.id

    since = now - timedelta(minutes=10)
    old = await report("1.1", "telegram:7:1", 30)
    assert await last_reports_by(db, user, "telegram", "7", since) == []  # too long ago
    assert [r.id for r in await last_reports_by(db, user, "telegram", "7", now - timedelta(hours=1))] == [old]
    first = await report("1.1", "telegram:7:2", 5)
    second = await report("1.3", "telegram:7:2", 5)
    await report("1.3", "telegram:-100:9", 2)  # a group's message is not this chat's
    assert [r.id for r in await last_reports_by(db, user, "telegram", "7", since)] == [first, second]
    assert await last_reports_by(db, user, "zalo", "7", since) == []
    await withdraw_report(db, second, now=now)
    assert [r.id for r in await last_reports_by(db, user, "telegram", "7", since)] == [first]
    button = await report("1.3", None, 1)  # a button's report keeps no message: alone
    assert [r.id for r in await last_reports_by(db, user, "telegram", "7", since)] == [button]
