"""The incremental planner against a full re-plan: the sample plan replayed day by day through 2022.

The test replays January to mid-May (the first quarter's deadlines, their overdue cycle and escalations, a
re-import) in seconds; `python -m bench.tick_replay` replays the whole year with the same code.

Some days the bot is down or runs only after hours, so missed stages are caught up on both. Two databases
get the same changes (reports, a report dated later than the tick, an edited report, a
trigger date, people linked, unlinked, made secretary or unreachable, an agency added, a re-import); one
is planned the resident way (`DayPlan`: the whole day once, then only what changed), the other planned
whole at every tick. Their outboxes and reminder logs must be the same, row for row, after every tick.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

import aiosqlite

from plans.importer import read_plan
from plans.workdays import is_working_day
from schedules.model import ReminderSettings
from schedules.planner import stage_name
from schedules.tick import DayPlan, plan_and_enqueue
from storage.agencies import add_agency
from storage.db import open_db, transaction
from storage.people import deactivate_user, ensure_user, set_role
from storage.plans import set_trigger_date, store_plan
from storage.reminders import logged_keys, mark_unreachable
from storage.reports import add_report, update_report

VN = ZoneInfo("Asia/Ho_Chi_Minh")
S = ReminderSettings()
SAMPLE = "sample_plan_17-KH-UBND_2022.txt"
START = datetime(2022, 1, 3, 7, 0, tzinfo=VN).astimezone(UTC)
YEAR_END = date(2022, 12, 30)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN).astimezone(UTC)


async def seed(db: aiosqlite.Connection, plan) -> None:
    """The sample plan and a member (every other agency a head too) for each lead agency, a secretary."""
    async with transaction(db):
        await store_plan(db, plan, now=START, user_id=None, channel="telegram", source_name=SAMPLE,
                         create_agencies=True)
        leads = [r[0] for r in await db.execute_fetchall(
            "SELECT DISTINCT agency_id FROM task_agencies WHERE role = 'lead' ORDER BY agency_id")]
        for n, agency_id in enumerate(leads):
            for role in ("member", "head") if n % 2 == 0 else ("member",):
                await link(db, f"{role}-{agency_id}", role, agency_id)
        await link(db, "thuky", "secretary", None)


async def link(db: aiosqlite.Connection, who: str, role: str, agency_id: int | None) -> int:
    user, _ = await ensure_user(db, channel="telegram", external_id=who, chat_id=who, display_name=who, now=START)
    await set_role(db, user.id, role, agency_id)
    return user.id


async def change(db: aiosqlite.Connection, rng: random.Random, now: datetime, step: int, plan) -> None:
    """One random change of the kinds that make the resident planner re-plan (the same on both databases)."""
    pairs = await db.execute_fetchall(
        "SELECT ta.task_id, ta.agency_id FROM task_agencies ta JOIN tasks t ON t.id = ta.task_id"
        " WHERE ta.role = 'lead' AND t.active = 1 ORDER BY 1, 2")
    kind = "reimport" if step % 100 == 0 else rng.choice(["report"] * 8 + ["late report", "edit", "person", "trigger", "agency"])
    if kind in ("report", "late report"):
        task_id, agency_id = rng.choice(pairs)
        occurrences = [r[0] for r in await db.execute_fetchall(
            "SELECT o.id FROM occurrences o JOIN milestones m ON m.id = o.milestone_id WHERE m.task_id = ?"
            " ORDER BY o.due", (task_id,))]
        made = now + timedelta(hours=2) if kind == "late report" else now - timedelta(minutes=5)
        await add_report(
            db, task_id=task_id, occurrence_id=rng.choice([None, *occurrences]), agency_id=agency_id,
            user_id=None, status=rng.choice(["done", "done", "in_progress", "blocked", "not_started"]),
            percent=None, eta=None, note="", channel="telegram", source_ref=None, now=made)
    elif kind == "edit":
        found = await db.execute_fetchall("SELECT id FROM reports ORDER BY id DESC LIMIT 1")
        if found:
            await update_report(db, found[0][0], status=rng.choice(["done", "blocked", "in_progress"]),
                                percent=None, eta=None, note="sửa", now=now)
    elif kind == "person":
        _, agency_id = rng.choice(pairs)
        users = [r[0] for r in await db.execute_fetchall(
            "SELECT id FROM users WHERE active = 1 AND role IN ('member', 'head') ORDER BY id")]
        what = rng.choice(["link", "unlink", "secretary", "unreachable"])
        if what == "link":
            await link(db, f"new-{step}", rng.choice(["member", "head"]), agency_id)
        elif what == "unlink":
            await deactivate_user(db, rng.choice(users))
        elif what == "secretary":
            await set_role(db, rng.choice(users), "secretary", None)
        else:
            chat = (await db.execute_fetchall(
                "SELECT chat_id FROM identities WHERE user_id = ?", (rng.choice(users),)))[0][0]
            await mark_unreachable(db, "telegram", chat, now)
    elif kind == "trigger":
        events = await db.execute_fetchall("SELECT id FROM milestones WHERE kind = 'event' ORDER BY id")
        if events:
            await set_trigger_date(db, rng.choice(events)[0], now.astimezone(VN).date() - timedelta(days=3),
                                   now=now, user_id=None, channel="telegram")
    elif kind == "agency":
        agency = await add_agency(db, f"Phường Thử {step}", "ward", now=now)
        await link(db, f"ward-{step}", "member", agency.id)
    else:
        await store_plan(db, plan, now=now, user_id=None, channel="telegram", source_name=SAMPLE,
                         create_agencies=True)


async def since(db: aiosqlite.Connection, seen: int, day: date) -> tuple[list, set[str]]:
    """Outbox rows after id `seen`, and the day's logged intent keys."""
    outbox = await db.execute_fetchall(
        "SELECT id, key, chat_id, user_id, payload FROM outbox WHERE id > ? ORDER BY id", (seen,))
    return [tuple(r) for r in outbox], await logged_keys(db, day)


async def replay(end: date, targets: tuple[str, str] = (":memory:", ":memory:")) -> tuple[int, int]:
    """Replay 03/01/2022 to `end` on both databases (`targets`: the full one's, the incremental one's; two
    empty PostgreSQL databases for bench.tick_replay --postgresql), asserting they match after every tick:
    (ticks, queued)."""
    plan = read_plan(resources.files("bot").joinpath("data", SAMPLE).read_bytes(), SAMPLE)
    # in memory: the comparison is of plans; the file path (a reading connection of its own) is test_tick's
    full = await open_db(targets[0])
    incremental = await open_db(targets[1])
    try:
        for db in (full, incremental):
            await seed(db, plan)
        rng = {"full": random.Random(19), "incremental": random.Random(19)}
        resident = DayPlan()
        day, step, ticks, queued, seen = date(2022, 1, 3), 0, 0, 0, 0
        reasons: set[str] = set()
        caught_up = 0
        while day <= end:
            # every 23rd day the bot is down, every 13th it runs only after the quiet hour: the
            # stages of those days are caught up the next day planned
            if is_working_day(day) and day.toordinal() % 23 != 0:
                # overnight changes before the day's first plan; every third day, more during the day
                hours = ((8, 1), (14, 3))[: 1 + (day.toordinal() % 3 == 0)]
                for hour, changes in ((21, 1),) if day.toordinal() % 13 == 0 else hours:
                    now = at(day, hour, 1)
                    for _ in range(changes):
                        step += 1
                        for name, db in (("full", full), ("incremental", incremental)):
                            async with transaction(db):
                                await change(db, rng[name], now, step, plan)
                    whole = await plan_and_enqueue(full, S, now)
                    some = await plan_and_enqueue(incremental, S, now, resident)
                    assert [d.key for d in some] == [d.key for d in whole], now
                    new = await since(incremental, seen, day)
                    assert new == await since(full, seen, day), now
                    seen = max([seen, *(r[0] for r in new[0])])
                    ticks += 1
                    queued += len(whole)
                    reasons.update(i.reason for d in whole for i in d.intents)
                    caught_up += sum(
                        i.stage not in ("NR", "M") and stage_name(i.overdue_days, S) != i.stage
                        for d in whole for i in d.intents
                    )
            day += timedelta(days=1)
        # the replay exercised the planner: every kind of reminder was planned
        assert reasons >= {"upcoming", "due", "overdue", "escalation", "blocked", "checkin"}
        assert caught_up > 0
        return ticks, queued
    finally:
        await full.close()
        await incremental.close()


async def test_months_planned_incrementally_match_a_full_replan_every_day() -> None:
    ticks, queued = await replay(date(2022, 5, 13))
    assert ticks > 100 and queued > 300


async def test_a_minute_with_nothing_changed_plans_nothing_and_a_report_replans_its_pair(tmp_path):
    plan = read_plan(resources.files("bot").joinpath("data", SAMPLE).read_bytes(), SAMPLE)
    db = await open_db(tmp_path / "bot.sqlite3")
    try:
        await seed(db, plan)
        resident, first = DayPlan(), at(date(2022, 7, 1), 8, 1)
        queued = await plan_and_enqueue(db, S, first, resident)
        task_id, agency_id = max((i.occurrence.task_id, i.agency.id) for d in queued for i in d.intents)
        # forget what was planned: a whole re-plan would queue it all again, the resident tick must not
        async with transaction(db):
            await db.execute("DELETE FROM reminder_items")
        assert await plan_and_enqueue(db, S, first + timedelta(minutes=1), resident) == []
        assert len(await plan_and_enqueue(db, S, first + timedelta(minutes=1))) > 1
        # a report re-plans its (task, agency) pair only, and the changes read are remembered
        async with transaction(db):
            await db.execute("DELETE FROM reminder_items")
            await add_report(db, task_id=task_id, occurrence_id=None, agency_id=agency_id, user_id=None,
                             status="in_progress", percent=None, eta=None, note="", channel="telegram",
                             source_ref=None, now=first + timedelta(minutes=2))
        later = first + timedelta(minutes=3)
        replanned = await plan_and_enqueue(db, S, later, resident)
        items = {(i.occurrence.task_id, i.agency.id) for d in replanned for i in d.intents}
        assert items == {(task_id, agency_id)}
        assert await plan_and_enqueue(db, S, later + timedelta(minutes=1), resident) == []
    finally:
        await db.close()
