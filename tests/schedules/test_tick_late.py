"""The resident tick re-plans an agency whose extension was approved (v013's trigger names the pair in
plan_changes): approved after the day's sending time, its new date's reminders start the next day."""

from __future__ import annotations

from datetime import timedelta

from chat.buttons import AskExtension, DecideExtension
from schedules.model import ReminderSettings
from schedules.tick import DayPlan, plan_and_enqueue
from tests.reliability_core import ADMIN, NOW, open_core


async def test_an_approved_extension_is_planned_again_the_same_day(tmp_path) -> None:
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        plan, settings = DayPlan(), ReminderSettings()
        first = await plan_and_enqueue(core.db, settings, NOW, plan)
        assert any("2.1" in d.message.text and "05/03/2025" in d.message.text for d in first)
        task, occ = await core.task_id("2.1"), await core.occurrence_of("2.1")
        await core.send("2", button_data=AskExtension(task, occ).pack())
        await core.send("2", "13/3")  # Thursday: today, Monday, is its T-3
        await core.send("2", "Chờ số liệu")
        assert await plan_and_enqueue(core.db, settings, NOW + timedelta(minutes=1), plan) == []  # asked only
        (request_id,) = [r[0] for r in await core.db.execute_fetchall("SELECT id FROM extensions")]
        await core.send(ADMIN, button_data=DecideExtension(request_id, "yes").pack())
        # approved after the day's digest: the decision told the ward its new date, and a person gets one digest
        # a day (before evidence9 a second digest came at once with the new date's T-3)
        assert await plan_and_enqueue(core.db, settings, NOW + timedelta(minutes=2), plan) == []
        assert not any("2.1" in d.message.text for d in await plan_and_enqueue(core.db, settings, NOW + timedelta(days=1), plan))
        (wednesday,) = [d for d in await plan_and_enqueue(core.db, settings, NOW + timedelta(days=2), plan)
                        if "2.1" in d.message.text]
        assert "13/03/2025" in wednesday.message.text and "05/03/2025" not in wednesday.message.text
        assert [i.stage for i in wednesday.intents if i.occurrence.task_id == task] == ["T-1"]
    finally:
        await core.db.close()
