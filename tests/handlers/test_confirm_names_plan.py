"""A confirmation names the plan when the agency has the task's number in two plans (TESTER14 F15)."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.db import transaction
from storage.reports import remember_sent
from tests.bot.test_two_plans_digest import SECOND
from tests.harness import seed_plan
from tests.reliability_core import NOW, open_core

WARD = "2"


async def test_the_confirmation_names_the_plan_only_when_two_plans_number_the_task_alike(tmp_path):
    # before: «Đã ghi nhận 1.1: Xong», while the ward has a 1.1 in 99/KH-UBND and another in 12/KH-UBND
    core = await open_core(tmp_path)
    try:
        await seed_plan(core.path, SECOND, now=datetime(2025, 1, 20, tzinfo=UTC))
        await core.link(WARD, "head", "Phường Bến Nghé")
        async with transaction(core.db):
            ((task_id,),) = await core.db.execute_fetchall(
                "SELECT t.id FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.number = '1.1' AND p.code = '99/KH-UBND'")
            await remember_sent(core.db, channel="telegram", chat_id=WARD, message_id="50", kind="digest", user_id=None,
                                items=[{"task": task_id}], now=NOW)
        said = await core.text(WARD, "xong", reply_to_ref="50", message_id="51")
        assert "Đã ghi nhận 1.1 [99/KH-UBND]: Xong" in said, said
        said = await core.text(WARD, "2.1 xong", message_id="52")  # 2.1 only in 99/KH-UBND: no plan named
        assert "Đã ghi nhận 2.1: Xong" in said, said
    finally:
        await core.db.close()
