"""A series on Zalo: plain text answers the chat's latest digest, and «xong» under a line of a series whose
date is past answers the newest date due by today, as on Telegram (TESTER14 F1b, F10)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from plans.model import Milestone, ParsedPlan
from schedules.jobs import tick_once
from tests.bot.test_zalo import LAN, ZaloRun, start_zalo, stop_zalo, zalo_settings
from tests.fakezalo import FakeZalo
from tests.harness import SAMPLE, Clock, seed_plan, task

DUES = (date(2025, 2, 27), date(2025, 3, 12), date(2025, 3, 27))  # a missed date, today's, one to come
SERIES = replace(
    task("9.1", "Báo cáo tình hình giải quyết hồ sơ", "Phường Bến Nghé", None),
    deadline_text="Định kỳ",
    milestones=(Milestone(kind="recurring", label="Báo cáo kỳ", due=DUES[0], dates=DUES),),
)


async def test_xong_typed_under_a_digest_showing_a_missed_date_answers_todays_and_closes_both(tmp_path):
    fake = FakeZalo()
    with fake.serve() as server:
        settings = zalo_settings(tmp_path, server.base_url)
        await seed_plan(settings.db, ParsedPlan(meta=SAMPLE.meta, tasks=(SERIES,), derived_agencies={}))
        zalo: ZaloRun = await start_zalo(settings, fake, Clock(datetime(2025, 3, 12, 2, 0, tzinfo=UTC)))
        try:
            await zalo.link(LAN)
            await tick_once(zalo.db, {"zalo": zalo.bot.messenger}, settings, zalo.clock())
            digest = "\n".join(m.plain for m in fake.messages_to(LAN))
            # one entry (F10): the missed date, today's under it
            assert "Thời hạn: 27/02/2025 — quá hạn 9 ngày làm việc\n   Hạn kỳ sau: 12/03/2025" in digest
            answer = await zalo.say(LAN, "9.1 xong")
            assert "Đã ghi nhận 9.1: Xong" in answer.text
            async with zalo.db.execute(
                "SELECT o.due FROM reports r JOIN occurrences o ON o.id = r.occurrence_id") as cur:
                assert [row[0] for row in await cur.fetchall()] == ["2025-03-12"]  # not 27/02 alone
            listed = (await zalo.say(LAN, "/tasks")).text
            assert "27/03/2025" in listed and "27/02/2025" not in listed and "12/03/2025" not in listed
        finally:
            await stop_zalo(zalo)
