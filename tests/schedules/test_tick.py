"""One tick end to end: the database, the planner, the outbox and a fake messenger."""

from __future__ import annotations

import asyncio
import gc
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from chat.messages import OutgoingMessage, SendError
from schedules import tick as tick_module
from schedules.model import ReminderSettings
from schedules.tick import plan_and_enqueue, run_tick
from schedules.withdrawal import without_removed
from storage import extensions, outbox
from storage import plans as plan_repo
from storage.audit import entries
from storage.db import open_db, transaction
from storage.reminders import logged_keys
from tests.helpers import FakeMessenger, FakeSleep, add_person, at

pytestmark = pytest.mark.both_backends

S = ReminderSettings()
T0 = "2000-01-01T00:00:00+00:00"


async def add_plan(db, code: str = "17/KH-UBND") -> int:
    cur = await db.execute(
        "INSERT INTO plans (code, title, imported_at) VALUES (?, 'Kế hoạch CCHC', ?)", (code, T0)
    )
    return cur.lastrowid


async def add_task(
    db, plan_id: int, number: str, lead: str, *, title: str = "Rà soát thủ tục hành chính", key: str | None = None
) -> int:
    cur = await db.execute(
        "INSERT INTO tasks (plan_id, number, key, title, deliverables, position) VALUES (?, ?, ?, ?, ?, ?)",
        (plan_id, number, key or number, title, json.dumps(["Báo cáo kết quả"], ensure_ascii=False), 1),
    )
    task_id = cur.lastrowid
    async with db.execute("SELECT id FROM agencies WHERE name = ?", (lead,)) as c:
        (agency_id,) = await c.fetchone()
    await db.execute(
        "INSERT INTO task_agencies (task_id, agency_id, role) VALUES (?, ?, 'lead')", (task_id, agency_id)
    )
    return task_id


async def add_milestone(
    db, task_id: int, kind: str, dues: list[date], *, offset: int | None = None, position: int = 1
) -> tuple[int, list[int]]:
    cur = await db.execute(
        "INSERT INTO milestones (task_id, position, kind, due, offset_days, offset_working) VALUES (?, ?, ?, ?, ?, ?)",
        (task_id, position, kind, dues[0].isoformat() if dues else None, offset, 1 if offset else None),
    )
    milestone_id = cur.lastrowid
    ids = []
    for due in dues:
        cur = await db.execute(
            "INSERT INTO occurrences (milestone_id, due) VALUES (?, ?)", (milestone_id, due.isoformat())
        )
        ids.append(cur.lastrowid)
    return milestone_id, ids


async def add_report(
    db, task_id: int, occurrence_id: int | None, agency: str, status: str, when: datetime
) -> None:
    async with db.execute("SELECT id FROM agencies WHERE name = ?", (agency,)) as c:
        (agency_id,) = await c.fetchone()
    await db.execute(
        "INSERT INTO reports (task_id, occurrence_id, agency_id, status, channel, created_at)"
        " VALUES (?, ?, ?, ?, 'telegram', ?)",
        (task_id, occurrence_id, agency_id, status, when.astimezone(UTC).isoformat(timespec="seconds")),
    )


@pytest.fixture
async def world(db):
    """A ward with a member and a head, a secretary, and task 1.1 due Wednesday 12/03/2025."""
    member = await add_person(db, "Chị Lan", "member", "501", agency="UBND phường Bến Nghé")
    head = await add_person(db, "Anh Hùng", "head", "502", agency="UBND phường Bến Nghé")
    secretary = await add_person(db, "Thư ký BCĐ", "secretary", "900")
    plan = await add_plan(db)
    task = await add_task(db, plan, "1.1", "UBND phường Bến Nghé")
    _, (occurrence,) = await add_milestone(db, task, "due", [date(2025, 3, 12)])
    return {
        "member": member,
        "head": head,
        "secretary": secretary,
        "plan": plan,
        "task": task,
        "occ": occurrence,
    }


async def tick(db, messenger, moment, settings=S):
    return await run_tick(db, {"telegram": messenger}, settings, moment, sleep=FakeSleep())


async def test_a_tick_sends_one_digest_and_a_second_tick_nothing(db, world):
    messenger = FakeMessenger()
    lines = await tick(db, messenger, at(date(2025, 3, 11)))  # T-1
    assert lines == [f"sent telegram:501 digest:user:{world['member']}|2025-03-11 (1 mục)"]
    ((chat, text),) = messenger.sent
    assert chat == "501" and "Nhiệm vụ 1.1" in text and "12/03/2025 — còn 1 ngày làm việc" in text
    assert await tick(db, messenger, at(date(2025, 3, 11), 9, 15)) == []
    assert await tick(db, messenger, at(date(2025, 3, 11), 17)) == []
    assert len(messenger.sent) == 1
    async with db.execute("SELECT items FROM sent_messages WHERE chat_id = '501'") as cur:
        (items,) = await cur.fetchone()
    assert json.loads(items) == [{"task": world["task"], "occurrence": world["occ"]}]


async def test_nothing_before_eight_or_on_a_weekend(db, world):
    messenger = FakeMessenger()
    assert await tick(db, messenger, at(date(2025, 3, 11), 7, 59)) == []
    assert await tick(db, messenger, at(date(2025, 3, 15), 9)) == []  # Saturday
    assert (await outbox.counts(db))["pending"] == 0


async def test_items_added_later_the_same_day_come_in_a_second_digest(db, world):
    messenger = FakeMessenger()
    await tick(db, messenger, at(date(2025, 3, 11)))
    task = await add_task(db, world["plan"], "1.2", "UBND phường Bến Nghé", title="Công khai thủ tục")
    await add_milestone(db, task, "due", [date(2025, 3, 11)])
    lines = await tick(db, messenger, at(date(2025, 3, 11), 14))
    assert lines == [f"sent telegram:501 digest:user:{world['member']}|2025-03-11|2 (1 mục)"]
    assert "Nhiệm vụ 1.2" in messenger.sent[-1][1] and "Nhiệm vụ 1.1" not in messenger.sent[-1][1]


async def test_done_stops_and_escalation_reaches_head_and_secretary(db, world):
    messenger = FakeMessenger()
    # D+6 (20/03): overdue more than five working days → member, head and secretary
    lines = await tick(db, messenger, at(date(2025, 3, 20)))
    chats = sorted(line.split()[1] for line in lines)
    assert chats == ["telegram:501", "telegram:502", "telegram:900"]
    secretary_text = next(text for chat, text in messenger.sent if chat == "900")
    assert "QUÁ HẠN, CHƯA HOÀN THÀNH" in secretary_text and "UBND phường Bến Nghé" in secretary_text
    await add_report(db, world["task"], world["occ"], "UBND phường Bến Nghé", "done", at(date(2025, 3, 21)))
    assert await tick(db, messenger, at(date(2025, 3, 25))) == []  # D+9 would have been today


async def test_silent_agency_is_named_to_the_secretary(db, world):
    messenger = FakeMessenger()
    await tick(db, messenger, at(date(2025, 3, 11)))  # T-1: the ward is reminded
    await tick(db, messenger, at(date(2025, 3, 12)))  # T0
    lines = await tick(db, messenger, at(date(2025, 3, 13)))  # the day after: nobody answered
    assert lines == [f"sent telegram:900 digest:user:{world['secretary']}|2025-03-13 (1 mục)"]
    assert "CHƯA PHẢN HỒI SAU KHI ĐƯỢC NHẮC" in messenger.sent[-1][1]


async def test_an_agency_asking_for_more_time_waits_for_the_secretarys_decision(db, world):
    messenger = FakeMessenger()
    await tick(db, messenger, at(date(2025, 3, 11)))  # T-1: the ward is reminded
    async with db.execute("SELECT id FROM agencies WHERE name = 'UBND phường Bến Nghé'") as cur:
        (ward,) = await cur.fetchone()
    async with transaction(db):  # no report: it asked for 26/03 (pending)
        await extensions.request(
            db, task_id=world["task"], occurrence_id=world["occ"], agency_id=ward, previous_due=date(2025, 3, 12),
            proposed_due=date(2025, 3, 26), reason="chờ số liệu", user_id=world["member"], channel="telegram",
            chat_id="501", now=at(date(2025, 3, 11), 10),
        )
    await tick(db, messenger, at(date(2025, 3, 12)))  # T0
    lines = await tick(db, messenger, at(date(2025, 3, 13)))
    assert lines == [f"sent telegram:900 digest:user:{world['secretary']}|2025-03-13 (1 mục)"]
    text = messenger.sent[-1][1]
    assert "ĐƠN VỊ XIN GIA HẠN, CHỜ ANH/CHỊ QUYẾT ĐỊNH" in text and "📅 Đang xin gia hạn đến 26/03/2025" in text
    assert "CHƯA PHẢN HỒI" not in text


async def test_an_extension_approved_after_the_days_digest_brings_no_second_digest_that_day(db, world):
    # before: approved at 09:00 on the due day to Monday 17/03 (T-3 of the new date), the 16:00 tick sent the
    # ward a second digest «còn 3 ngày làm việc», though the decision had told it the new date
    messenger = FakeMessenger()
    await tick(db, messenger, at(date(2025, 3, 12)))  # T0: the day's digest
    async with db.execute("SELECT id FROM agencies WHERE name = 'UBND phường Bến Nghé'") as cur:
        (ward,) = await cur.fetchone()
    async with transaction(db):
        asked = await extensions.request(
            db, task_id=world["task"], occurrence_id=world["occ"], agency_id=ward, previous_due=date(2025, 3, 12),
            proposed_due=date(2025, 3, 17), reason="chờ số liệu", user_id=world["member"], channel="telegram",
            chat_id="501", now=at(date(2025, 3, 12), 8, 30),
        )
        await extensions.decide(db, asked.id, approve=True, user_id=world["secretary"], now=at(date(2025, 3, 12), 9))
    assert await tick(db, messenger, at(date(2025, 3, 12), 16)) == []
    # the new date's own stages go on from the next day: T-1 on Friday 14/03
    lines = await tick(db, messenger, at(date(2025, 3, 14)))
    assert lines == [f"sent telegram:501 digest:user:{world['member']}|2025-03-14 (1 mục)"]
    assert "17/03/2025 — còn 1 ngày làm việc" in messenger.sent[-1][1]


async def test_blocked_goes_to_the_secretary_only(db, world):
    await add_report(db, world["task"], None, "UBND phường Bến Nghé", "blocked", at(date(2025, 3, 10)))
    messenger = FakeMessenger()
    lines = await tick(db, messenger, at(date(2025, 3, 11)))
    assert [line.split()[1] for line in lines] == ["telegram:900"]
    assert "ĐƠN VỊ BÁO VƯỚNG MẮC" in messenger.sent[0][1]


async def test_a_blocked_coordinating_agency_reaches_the_secretary(db, world):
    """Issue 17 item 1: a coordinating (phối hợp) agency is never reminded, but its blocker reaches the
    secretary's digest on the task's stages like a lead agency's, also when it arrives after the day's first tick."""
    await add_person(db, "Trưởng phòng", "head", "503", agency="Phòng Nội vụ")
    async with db.execute("SELECT id FROM agencies WHERE name = 'Phòng Nội vụ'") as cur:
        (noi_vu,) = await cur.fetchone()
    await db.execute("INSERT INTO task_agencies (task_id, agency_id, role) VALUES (?, ?, 'support')", (world["task"], noi_vu))
    messenger = FakeMessenger()
    lines = await tick(db, messenger, at(date(2025, 3, 11), 8, 5))  # T-1: the ward only, not its coordinator
    assert [line.split()[1] for line in lines] == ["telegram:501"]
    await add_report(db, world["task"], None, "Phòng Nội vụ", "blocked", at(date(2025, 3, 11), 9, 0))
    lines = await tick(db, messenger, at(date(2025, 3, 11), 10, 0))
    assert [line.split()[1] for line in lines] == ["telegram:900"]
    text = messenger.sent[-1][1]
    assert "ĐƠN VỊ BÁO VƯỚNG MẮC" in text and "🏢 Phòng Nội vụ (phối hợp)" in text
    assert "Đã báo ngày 11/03/2025: Vướng mắc" in text


async def test_set_trigger_wakes_an_event_milestone(db, world, now):
    task = await add_task(
        db, world["plan"], "2.3", "UBND phường Bến Nghé", title="Triển khai sau khi Thành phố ban hành"
    )
    await add_milestone(db, task, "event", [], offset=5)
    messenger = FakeMessenger()
    assert len(await tick(db, messenger, at(date(2025, 3, 7)))) == 1  # 1.1's T-3; 2.3 is silent
    (milestone,) = [m for m in await plan_repo.untriggered_events(db) if m.number == "2.3"]
    async with transaction(db):
        due = await plan_repo.set_trigger_date(
            db, milestone.milestone_id, date(2025, 3, 3), now=now, user_id=world["secretary"], channel="telegram"
        )
    assert due == date(2025, 3, 10)
    assert [e.action for e in await entries(db)] == ["milestone.triggered"]
    lines = await tick(db, messenger, at(date(2025, 3, 7), 10))  # Friday before Monday 10/03: T-1
    assert lines == [f"sent telegram:501 digest:user:{world['member']}|2025-03-07|2 (1 mục)"]
    assert "Nhiệm vụ 2.3" in messenger.sent[-1][1] and "Nhiệm vụ 1.1" not in messenger.sent[-1][1]


async def test_ongoing_task_is_checked_in_monthly(db, world):
    task = await add_task(db, world["plan"], "3.1", "UBND phường Bến Nghé", title="Duy trì ISO")
    await add_milestone(db, task, "ongoing", [])
    messenger = FakeMessenger()
    await tick(db, messenger, at(date(2025, 4, 1)))  # first working day of April
    assert "NHIỆM VỤ THƯỜNG XUYÊN" in messenger.sent[-1][1] and "Nhiệm vụ 3.1" in messenger.sent[-1][1]
    assert any(
        f"r:{task}:-:done" == c["data"]
        for row in json.loads((await outbox.all_rows(db))[-1].payload)["choices"]
        for c in row
    )


async def test_an_unreachable_member_is_reported_and_then_skipped(db, world):
    messenger = FakeMessenger(
        {"501": [SendError("Forbidden: bot was blocked by the user", unreachable=True, permanent=True)]}
    )
    lines = await tick(db, messenger, at(date(2025, 3, 20)))
    notices = [r for r in await outbox.all_rows(db) if r.kind == "notice"]
    assert len(notices) == 1 and notices[0].state == "sent" and "Chị Lan" in notices[0].payload_json()["text"]
    assert not any(line.startswith("sent telegram:501 ") for line in lines)
    assert any(line.startswith("sent telegram:900 notice:unreachable:telegram:501:") for line in lines)
    messenger.sent.clear()
    await tick(db, messenger, at(date(2025, 3, 25)))  # D+9: the member is no longer planned for
    assert "501" not in {chat for chat, _ in messenger.sent}
    assert {"502", "900"} <= {chat for chat, _ in messenger.sent}


async def test_two_processes_ticking_at_once_send_each_digest_once(db, world, tmp_path):
    other = await open_db(tmp_path / "test.sqlite3")
    messenger = FakeMessenger(pause=True)
    try:
        moment = at(date(2025, 3, 20))
        a, b = await asyncio.gather(tick(db, messenger, moment), tick(other, messenger, moment))
    finally:
        await other.close()
    assert len(a) + len(b) == 3
    assert sorted(chat for chat, _ in messenger.sent) == ["501", "502", "900"]


async def test_planning_is_idempotent_in_the_database(db, world):
    moment = at(date(2025, 3, 11))
    first = await plan_and_enqueue(db, S, moment)
    second = await plan_and_enqueue(db, S, moment + timedelta(hours=3))
    assert [d.key for d in first] == [f"digest:user:{world['member']}|2025-03-11"] and second == []
    keys = sorted(await logged_keys(db, date(2025, 3, 11)))
    assert keys == [f"occ:{world['occ']}|agency:1|stage:T-1|2025-03-11|user:{world['member']}"]


async def test_planning_gives_the_cycle_collector_back(db, world, monkeypatch):
    # issue 19: the collector is held off while a plan is made; afterwards it runs again, a small plan leaves
    # nothing frozen, and a large one stays frozen only until the next plan
    assert gc.isenabled()
    try:
        await plan_and_enqueue(db, S, at(date(2025, 3, 11)))
        assert gc.isenabled() and gc.get_freeze_count() == 0
        monkeypatch.setattr(tick_module, "FREEZE_ABOVE", -1)  # every plan counts as large
        await plan_and_enqueue(db, S, at(date(2025, 3, 12)))
        assert gc.isenabled() and gc.get_freeze_count() > 0
        monkeypatch.setattr(tick_module, "FREEZE_ABOVE", 10**9)
        await plan_and_enqueue(db, S, at(date(2025, 3, 12)) + timedelta(minutes=1))
        assert gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


# issue 17 item 21: a stage whose day was missed goes out on the next day planned, once, unless superseded


async def test_a_stage_missed_while_the_bot_was_down_goes_out_the_next_day_once(db, world):
    messenger = FakeMessenger()
    assert await tick(db, messenger, at(date(2025, 2, 28))) == []  # T-8: planned, nothing due
    # down on Monday 03/03, the T-7 day; back on Tuesday
    lines = await tick(db, messenger, at(date(2025, 3, 4)))
    assert lines == [f"sent telegram:501 digest:user:{world['member']}|2025-03-04 (1 mục)"]
    assert "12/03/2025 — còn 6 ngày làm việc" in messenger.sent[-1][1]
    assert await logged_keys(db, date(2025, 3, 4)) == {
        f"occ:{world['occ']}|agency:1|stage:T-7|2025-03-04|user:{world['member']}"
    }
    assert await tick(db, messenger, at(date(2025, 3, 4), 15)) == []
    assert await tick(db, messenger, at(date(2025, 3, 5))) == []  # once: not again the day after
    assert len(await tick(db, messenger, at(date(2025, 3, 7)))) == 1  # T-3 on its day


async def test_a_stage_whose_day_was_ticked_only_after_hours_goes_out_at_the_next_sending_time(db, world):
    messenger = FakeMessenger()
    assert await tick(db, messenger, at(date(2025, 3, 6))) == []  # T-4
    assert await tick(db, messenger, at(date(2025, 3, 7), 21)) == []  # T-3, after the quiet hour
    assert await tick(db, messenger, at(date(2025, 3, 8), 8)) == []  # Saturday
    lines = await tick(db, messenger, at(date(2025, 3, 10), 8))  # T-2, the next sending time
    assert lines == [f"sent telegram:501 digest:user:{world['member']}|2025-03-10 (1 mục)"]
    assert "12/03/2025 — còn 2 ngày làm việc" in messenger.sent[-1][1]
    assert await logged_keys(db, date(2025, 3, 10)) == {
        f"occ:{world['occ']}|agency:1|stage:T-3|2025-03-10|user:{world['member']}"
    }


async def test_a_later_stage_supersedes_the_missed_one(db, world):
    messenger = FakeMessenger()
    await tick(db, messenger, at(date(2025, 3, 6)))  # T-4
    # down on 07/03 (T-3) and 10/03; back on 11/03, the T-1 day: T-1 only
    assert len(await tick(db, messenger, at(date(2025, 3, 11)))) == 1
    assert await logged_keys(db, date(2025, 3, 11)) == {
        f"occ:{world['occ']}|agency:1|stage:T-1|2025-03-11|user:{world['member']}"
    }
    # down from 14/03 to 20/03 (D+3 on 17/03, D+6 on 20/03); back on 21/03: D+6, escalated, once
    await tick(db, messenger, at(date(2025, 3, 13)))
    lines = await tick(db, messenger, at(date(2025, 3, 21)))
    assert sorted(line.split()[1] for line in lines) == ["telegram:501", "telegram:502", "telegram:900"]
    assert {k.split("|")[2] for k in await logged_keys(db, date(2025, 3, 21))} == {"stage:D+6"}
    assert await tick(db, messenger, at(date(2025, 3, 24))) == []  # D+7: caught up already


async def test_a_database_that_never_planned_a_day_catches_nothing_up(db, world):
    messenger = FakeMessenger()
    assert await tick(db, messenger, at(date(2025, 3, 10))) == []  # T-2: T-3 was before this database ran


async def test_a_missed_monthly_check_in_and_silent_check_come_the_next_day_planned(db, world):
    task = await add_task(db, world["plan"], "3.1", "UBND phường Bến Nghé", title="Duy trì ISO")
    await add_milestone(db, task, "ongoing", [])
    messenger = FakeMessenger()
    await tick(db, messenger, at(date(2025, 3, 11)))  # T-1: the ward is reminded
    await tick(db, messenger, at(date(2025, 3, 12)))  # T0
    # down on 13/03, the day after the due day: the secretary hears of the silent ward on 14/03
    lines = await tick(db, messenger, at(date(2025, 3, 14)))
    assert lines == [f"sent telegram:900 digest:user:{world['secretary']}|2025-03-14 (1 mục)"]
    assert "CHƯA PHẢN HỒI SAU KHI ĐƯỢC NHẮC" in messenger.sent[-1][1]
    await tick(db, messenger, at(date(2025, 3, 31)))
    # down on 01/04, April's check-in day: asked on 02/04, and not again on 03/04
    messenger.sent.clear()
    await tick(db, messenger, at(date(2025, 4, 2)))
    member_text = next(text for chat, text in messenger.sent if chat == "501")
    assert "NHIỆM VỤ THƯỜNG XUYÊN" in member_text and "Nhiệm vụ 3.1" in member_text
    assert {k.split("|")[2] for k in await logged_keys(db, date(2025, 4, 2)) if k.startswith("ms:")} == {"stage:M"}
    assert not any(k.startswith("ms:") for k in await logged_keys(db, date(2025, 4, 3)))
    await tick(db, messenger, at(date(2025, 4, 3)))
    assert not any(k.startswith("ms:") for k in await logged_keys(db, date(2025, 4, 3)))


async def test_a_digest_names_a_plans_second_task_of_one_number_as_replies_do(db, world):
    """Session 11's leftover: the plan's second 1.1 (key «1.1#2») was shown as «1.1» beside the first."""
    second = await add_task(db, world["plan"], "1.1", "UBND phường Bến Nghé", title="Công khai thủ tục", key="1.1#2")
    await add_milestone(db, second, "due", [date(2025, 3, 12)])
    messenger = FakeMessenger()
    await tick(db, messenger, at(date(2025, 3, 11)))
    ((_, text),) = messenger.sent
    assert "Nhiệm vụ 1.1: Rà soát thủ tục hành chính" in text
    assert "Nhiệm vụ 1.1#2: Công khai thủ tục" in text
    (row,) = await outbox.all_rows(db)
    labels = [c["label"] for r in row.payload_json()["choices"] for c in r]
    assert "✅ 1.1#2 Xong" in labels and "✅ 1.1 Xong" in labels


async def test_a_digest_queued_before_its_plan_is_removed_is_not_sent(db, world, now):
    """Session 11's leftover: a reminder waiting in the outbox when its plan was removed still went out."""
    await plan_and_enqueue(db, S, at(date(2025, 3, 11)))  # queued, not sent yet
    async with transaction(db):
        (plan,) = [p for p in await plan_repo.list_plans(db) if p.id == world["plan"]]
        await plan_repo.remove_plan(db, plan, today=date(2025, 3, 11), now=now, user_id=None, channel="test")
    messenger = FakeMessenger()
    assert await tick(db, messenger, at(date(2025, 3, 11), 9, 1)) == []
    assert messenger.sent == []
    (row,) = await outbox.all_rows(db)
    assert row.state == "dead" and "removed" in row.last_error


async def test_a_digest_listing_removed_and_kept_tasks_is_sent_without_the_removed(db, world, now):
    other = await add_plan(db, "25/KH-UBND")
    kept = await add_task(db, other, "2.1", "UBND phường Bến Nghé", title="Công khai thủ tục")
    _, (kept_occ,) = await add_milestone(db, kept, "due", [date(2025, 3, 12)])
    await plan_and_enqueue(db, S, at(date(2025, 3, 11)))
    (queued,) = await outbox.all_rows(db)
    assert "Nhiệm vụ 1.1" in queued.payload_json()["text"] and "Nhiệm vụ 2.1" in queued.payload_json()["text"]
    async with transaction(db):
        (plan,) = [p for p in await plan_repo.list_plans(db) if p.id == world["plan"]]
        await plan_repo.remove_plan(db, plan, today=date(2025, 3, 11), now=now, user_id=None, channel="test")
    messenger = FakeMessenger()
    lines = await tick(db, messenger, at(date(2025, 3, 11), 9, 1))
    assert lines == [f"sent telegram:501 digest:user:{world['member']}|2025-03-11|2 (1 mục)"]
    ((_, text),) = messenger.sent
    assert "Nhiệm vụ 2.1: Công khai thủ tục" in text and "1.1" not in text
    async with db.execute("SELECT items FROM sent_messages WHERE chat_id = '501'") as cur:
        (items,) = await cur.fetchone()
    assert json.loads(items) == [{"task": kept, "occurrence": kept_occ}]


async def test_a_digest_of_a_person_unlinked_or_an_agency_taken_off_the_task_is_not_sent(db, world):
    await plan_and_enqueue(db, S, at(date(2025, 3, 11)))  # the member's and the head's digests
    async with transaction(db):
        await db.execute("DELETE FROM task_agencies WHERE task_id = ?", (world["task"],))  # a re-import's new lead
    messenger = FakeMessenger()
    assert await tick(db, messenger, at(date(2025, 3, 11), 9, 1)) == []
    assert {r.state for r in await outbox.all_rows(db)} == {"dead"}


async def test_a_digest_of_a_person_moved_to_another_agency_is_not_sent(db, world):
    await plan_and_enqueue(db, S, at(date(2025, 3, 11)))  # the member's digest of the ward's task
    await add_person(db, "Trưởng phòng", "head", "503", agency="Phòng Nội vụ")
    async with transaction(db):  # the member took an invite of Phòng Nội vụ
        await db.execute("UPDATE users SET agency_id = (SELECT id FROM agencies WHERE name = 'Phòng Nội vụ')"
                         " WHERE id = ?", (world["member"],))
    messenger = FakeMessenger()
    # the ward's head, now its only person, is reminded instead
    assert await tick(db, messenger, at(date(2025, 3, 11), 9, 1)) == [
        f"sent telegram:502 digest:user:{world['head']}|2025-03-11 (1 mục)"
    ]
    (row,) = [r for r in await outbox.all_rows(db) if r.user_id == world["member"]]
    assert row.state == "dead"


async def _two_part_digest(db, world, now) -> tuple[int, list]:
    """A member's digest queued in two parts, listing 1.1 and a second task 2.1 (both due 12/03)."""
    second = await add_task(db, world["plan"], "2.1", "UBND phường Bến Nghé", title="Công khai thủ tục")
    _, (second_occ,) = await add_milestone(db, second, "due", [date(2025, 3, 12)])
    long_text = "\n".join(f"Dòng {n}: " + "nội dung nhắc việc " * 8 for n in range(30))  # over 4,096 characters
    refers_to = ({"task": world["task"], "occurrence": world["occ"]}, {"task": second, "occurrence": second_occ})
    async with transaction(db):
        await outbox.enqueue(db, f"digest:user:{world['member']}|2025-03-11", "digest", "telegram", "501",
                             world["member"], OutgoingMessage(long_text, refers_to=refers_to, kind="digest"), now)
    rows = await outbox.all_rows(db)
    assert [r.key.endswith("|part:2") for r in rows] == [False, True]
    return second, rows


async def test_a_digest_s_later_part_goes_out_once_its_first_part_did(db, world, now):
    # session 12's leftover: the first part sent, 1.1 archived, the second part was dropped and 2.1's lines lost
    _, (first, second) = await _two_part_digest(db, world, now)
    async with transaction(db):
        await outbox.mark_sent(db, first.id, "501:1", now)
        await db.execute("UPDATE tasks SET active = 0 WHERE id = ?", (world["task"],))
    assert await without_removed(db, [second], S, at(date(2025, 3, 11), 9, 1)) == [second]
    assert (await outbox.get(db, second.id)).state == "pending"


async def test_a_digest_in_parts_made_again_is_made_once_and_its_later_parts_die(db, world, now):
    second_task, (first, second) = await _two_part_digest(db, world, now)
    async with transaction(db):
        await db.execute("UPDATE tasks SET active = 0 WHERE id = ?", (world["task"],))
    assert await without_removed(db, [first], S, at(date(2025, 3, 11), 9, 1)) == []
    # the second part, claimed in a later run, dies with its first: the digest made again lists 2.1
    assert await without_removed(db, [second], S, at(date(2025, 3, 11), 9, 2)) == []
    rows = await outbox.all_rows(db)
    assert [(r.key.split("|", 1)[1], r.state) for r in rows] == [
        ("2025-03-11", "dead"), ("2025-03-11|part:2", "dead"), ("2025-03-11|2", "pending")]
    assert rows[2].items() == [{"task": second_task, "occurrence": rows[2].items()[0]["occurrence"]}]


async def test_a_secretary_s_digest_line_about_an_agency_taken_off_the_task_is_not_sent(db, world):
    # session 12's leftover: secretaries' digests were checked only for archived tasks
    second = await add_task(db, world["plan"], "2.1", "UBND phường Bến Nghé", title="Công khai thủ tục")
    _, (second_occ,) = await add_milestone(db, second, "due", [date(2025, 3, 12)])
    for task in (world["task"], second):
        await add_report(db, task, None, "UBND phường Bến Nghé", "blocked", at(date(2025, 3, 10)))
    await plan_and_enqueue(db, S, at(date(2025, 3, 11)))  # the secretary's digest: the ward blocked on 1.1 and 2.1
    (queued,) = await outbox.all_rows(db)
    assert {(i["task"], i["agency"], i["role"]) for i in queued.items()} == {
        (world["task"], queued.items()[0]["agency"], "lead"), (second, queued.items()[0]["agency"], "lead")}
    async with transaction(db):  # a re-import gave 1.1 another lead
        await db.execute("DELETE FROM task_agencies WHERE task_id = ?", (world["task"],))
    messenger = FakeMessenger()
    assert await tick(db, messenger, at(date(2025, 3, 11), 9, 1)) == [
        f"sent telegram:900 digest:user:{world['secretary']}|2025-03-11|2 (1 mục)"]
    ((_, text),) = messenger.sent
    assert "2.1" in text and "1.1" not in text
    assert [i["task"] for i in (await outbox.all_rows(db))[-1].items()] == [second]
    assert second_occ == (await outbox.all_rows(db))[-1].items()[0]["occurrence"]
