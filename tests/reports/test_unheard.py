"""Who nobody is reminded for, in the secretary's summary (TESTER16 F3, F15): a task whose lead is no registered
agency is in none of the roll-up's figures, and an agency nobody has joined looked like one keeping silent."""

from __future__ import annotations

import json
from datetime import datetime, time

import pytest

from reports.text import render_text
from schedules.weekly import COMMITTEE_KEY, enqueue_weekly_summary
from storage.db import transaction
from storage.people import set_value
from storage.rollups import compute_rollup
from storage.unheard import UnledTask, find_unheard
from tests.rollup_world import T0, Data

pytestmark = pytest.mark.both_backends


async def _world(db) -> dict[str, int]:
    """Phòng Nội vụ joined; Phòng Tư pháp nobody joined; Văn phòng's only person blocked the bot. Task 1.3's lead is
    not registered, 1.4 (no lead either) was dropped by a re-import."""
    d = Data(db)
    noi_vu, tu_phap, vp = [await d.agency(n) for n in ("Phòng Nội vụ", "Phòng Tư pháp", "Văn phòng UBND")]
    for agency, unreachable in ((noi_vu, None), (vp, T0)):
        user = await d.user(agency)
        await db.execute(
            "INSERT INTO identities (user_id, channel, external_id, chat_id, linked_at, unreachable_at)"
            " VALUES (?, 'telegram', ?, ?, ?, ?)", (user, str(user), str(user), T0, unreachable),
        )
    plan = await d.plan("17/KH-UBND")
    section = await d.section(plan, "1", "Cải cách thể chế", 1)
    await d.task(plan, section, "1.1", lead=[noi_vu], dues=["2025-03-05"])
    await d.task(plan, section, "1.2", lead=[tu_phap], dues=["2025-03-05"])
    unled, _ = await d.task(plan, section, "1.3", lead=[], support=[noi_vu], dues=["2025-03-31"])
    await db.execute("UPDATE tasks SET lead_text = 'Phòng Tài nguyên và Môi trường' WHERE id = ?", (unled,))
    await d.task(plan, section, "1.4", lead=[], dues=["2025-03-31"], active=False)  # dropped by a re-import
    await db.commit()
    return {"noi_vu": noi_vu, "tu_phap": tu_phap, "vp": vp}


async def test_the_summary_names_the_tasks_nobody_leads_and_the_agencies_nobody_joined(db, now, tz) -> None:
    ids = await _world(db)
    tu_phap, vp = ids["tu_phap"], ids["vp"]
    unheard = await find_unheard(db)
    assert unheard.unled == (UnledTask("17/KH-UBND", "1.3", "Phòng Tài nguyên và Môi trường"),)
    assert unheard.unjoined == {tu_phap, vp}

    rollup = await compute_rollup(db, as_of=now, period="week", tz=tz)
    assert rollup.totals.lead_tasks == 2  # 1.3 is in no figure: the line below is all that shows it
    text = "\n".join(render_text(rollup, unheard=unheard))
    assert ("⚠️ 1 việc chưa có đơn vị chủ trì đăng ký (chưa ai được nhắc, không tính vào số liệu trên): 1.3 (Phòng"
            " Tài nguyên và Môi trường). Quản trị viên đăng ký đơn vị chủ trì bằng /agency_add TÊN") in text
    assert "🔕 Phòng Nội vụ (1) · Phòng Tư pháp (1, chưa có ai nhận nhắc việc)\n" in text
    # the way to reach them, once under the list, not after each name (the demo's list had it 21 times)
    assert text.count("/invite") == 1 and "mời người của đơn vị bằng /invite TÊN ĐƠN VỊ." in text
    assert "🔴 Phòng Tư pháp: 0/1 hoàn thành (0%), 1 quá hạn, đúng hạn 0%, chưa có ai nhận nhắc việc" in text
    assert "🔴 Phòng Nội vụ: 0/1 hoàn thành (0%), 1 quá hạn, phối hợp 0/1 hoàn thành, đúng hạn 0%\n" in text
    assert "Văn phòng UBND" not in text  # it leads nothing
    english = "\n".join(render_text(rollup, "en", unheard=unheard))
    assert "⚠️ 1 tasks have no registered lead agency (nobody is reminded of them" in english
    # a plan all of whose tasks nobody leads still says so, not only «no tasks»
    await db.execute("DELETE FROM task_agencies")
    await db.commit()
    empty = await compute_rollup(db, as_of=now, period="week", tz=tz)
    text = "\n".join(render_text(empty, unheard=await find_unheard(db)))
    assert "⚠️ 3 việc chưa có đơn vị chủ trì đăng ký" in text and "1.1, 1.2, 1.3 (Phòng Tài nguyên" in text


async def test_the_committees_friday_post_names_them_too(db, tz) -> None:
    await _world(db)
    async with transaction(db):
        await set_value(db, COMMITTEE_KEY, "telegram:-100")
    friday = datetime(2025, 3, 14, 16, 5, tzinfo=tz)
    assert await enqueue_weekly_summary(db, friday, tz=tz, weekday=4, at=time(16))
    ((payload,),) = await db.execute_fetchall("SELECT payload FROM outbox WHERE kind = 'summary'")
    post = json.loads(payload)["text"]
    assert "⚠️ 1 việc chưa có đơn vị chủ trì đăng ký (chưa ai được nhắc, không tính vào số liệu trên): 1.3 (Phòng" \
           " Tài nguyên và Môi trường)" in post
    assert "Phòng Tư pháp (1, chưa có ai nhận nhắc việc)" in post and "bằng /invite TÊN ĐƠN VỊ" in post
