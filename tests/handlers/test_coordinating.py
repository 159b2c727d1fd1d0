"""Coordinating (phối hợp) work through the fake Telegram (issue 17 items 1 and 14): /tasks groups lead and
coordinating tasks, the lead agency sees what its coordinators reported (/tasks, /tasks 1.1, /report 1.1),
a coordinator's blocker reaches the secretary's /summary, and a secretary's /tasks lists the plan."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from handlers.tasks import AGENCIES_SHOWN, standing_lines
from plans.model import ParsedPlan
from storage.reports import StandingReport
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, SAMPLE, Clock, Running, make_settings, seed_plan, start, stop, task
from tests.helpers import VN

WARD_CHAIR, NOI_VU, SECRETARY = 2, 3, 4
BEN_NGHE, PHONG_NOI_VU = "Phường Bến Nghé", "Phòng Nội vụ"

PLAN = ParsedPlan(
    meta=SAMPLE.meta,
    tasks=(
        # Bến Nghé leads 1.1 with Nội vụ coordinating; Nội vụ leads 1.2 with Bến Nghé coordinating
        replace(task("1.1", "Ban hành Kế hoạch kiểm tra CCHC", BEN_NGHE, date(2025, 3, 31)),
                support=(PHONG_NOI_VU,), support_text=PHONG_NOI_VU),
        replace(task("1.2", "Rà soát thủ tục hành chính", PHONG_NOI_VU, date(2025, 3, 20)),
                support=(BEN_NGHE,), support_text=BEN_NGHE),
        # enough tasks in a second section for the plan's list to have two pages
        *(task(f"2.{n}", f"Việc số {n} " + "của các phòng ban " * 6, PHONG_NOI_VU, date(2025, 6, 30), section="2")
          for n in range(1, 16)),
    ),
    derived_agencies=SAMPLE.derived_agencies,
)


async def _join(bot: Running, user_id: int, invite: str) -> None:
    answer = await bot.say(ADMIN_ID, f"/invite {invite}")
    code = re.search(r"start=([A-Z0-9]+)", answer.plain or "")
    assert code, answer.plain
    await bot.say(user_id, f"/start {code.group(1)}", contains="Đã")


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db, PLAN)
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan"), (NOI_VU, "Minh"), (SECRETARY, "Hà")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))  # 09:00 local
    try:
        await _join(running, WARD_CHAIR, f"{BEN_NGHE} thủ trưởng")
        await _join(running, NOI_VU, f"{PHONG_NOI_VU} thủ trưởng")
        await _join(running, SECRETARY, "thư ký")  # a secretary of no agency
        yield running
    finally:
        await stop(running)


async def test_tasks_groups_lead_and_coordinating_work(bot: Running):
    listed = (await bot.say(WARD_CHAIR, "/tasks")).plain
    lead, coordinating = listed.index("Chủ trì:"), listed.index("Phối hợp:")
    assert lead < listed.index("1.1. Ban hành") < coordinating < listed.index("1.2. Rà soát")


async def test_the_lead_agency_sees_what_its_coordinators_reported(bot: Running):
    saved = await bot.say(NOI_VU, "1.1 vướng: chờ số liệu của các phường")
    assert "Đã ghi nhận 1.1: Vướng" in saved.plain
    reported = "Phòng Nội vụ: Vướng (10/03/2025) — chờ số liệu của các phường"
    listed = (await bot.say(WARD_CHAIR, "/tasks")).plain
    assert f"↳ Phối hợp — {reported}" in listed
    assert listed.index("1.1. Ban hành") < listed.index("↳ Phối hợp") < listed.index("Phối hợp:")
    detail = (await bot.say(WARD_CHAIR, "/tasks 1.1")).plain
    assert detail.startswith("📌 Nhiệm vụ 1.1: Ban hành Kế hoạch kiểm tra CCHC")
    assert "Chủ trì:\n• Chưa báo cáo: Phường Bến Nghé" in detail
    assert f"Phối hợp:\n• {reported}" in detail
    # a reply to the detail reports on its task
    saved = await bot.say(WARD_CHAIR, "đang làm 50%", reply_to=(await bot.say(WARD_CHAIR, "/tasks 1.1")).message_id)
    assert "Đã ghi nhận 1.1: Đang làm" in saved.plain
    asked = await bot.say(WARD_CHAIR, "/report 1.1")
    assert f"Phối hợp:\n• {reported}" in asked.plain and asked.button_data("Vướng")
    # the coordinator's own view of its task shows no other coordinator's line
    assert "↳ Phối hợp" not in (await bot.say(NOI_VU, "/tasks")).plain


async def test_a_coordinators_blocker_reaches_the_secretarys_summary(bot: Running):
    await bot.say(NOI_VU, "1.1 vướng: chờ số liệu của các phường", contains="Đã ghi nhận")
    summary = (await bot.say(SECRETARY, "/summary")).plain
    assert "⛔ VƯỚNG MẮC (1)" in summary
    assert "⛔ 1.1 Ban hành Kế hoạch kiểm tra CCHC — Phòng Nội vụ (phối hợp) — từ 10/03/2025" in summary
    assert "Phối hợp: 2 nhiệm vụ · ✅ 0 hoàn thành · 🔵 0 đang thực hiện · ⛔ 1 vướng mắc" in summary


async def test_tasks_for_a_secretary_lists_the_plan_by_section_a_page_at_a_time(bot: Running):
    first = await bot.say(SECRETARY, "/tasks")
    text = first.plain
    assert text.startswith("📋 Nhiệm vụ của kế hoạch (17 việc, trang 1/2):")
    assert "📚 1. Lĩnh vực 1\n• 1.1 — Ban hành Kế hoạch kiểm tra CCHC (Phường Bến Nghé)" in text
    assert "📚 2. Lĩnh vực 2" in text and "/overdue" in text and "/summary" in text
    long_line = next(line for line in text.splitlines() if line.startswith("• 2.1 "))
    assert "…" in long_line and len(long_line) < 100  # titles shortened to a line
    second = await bot.press(SECRETARY, first, "Trang sau")
    assert second.plain.startswith("📋 Nhiệm vụ của kế hoạch (17 việc, trang 2/2):") and "• 2.15 —" in second.plain
    assert (await bot.say(SECRETARY, "/tasks 2")).plain == second.plain
    detail = (await bot.say(SECRETARY, "/tasks 1.2")).plain
    assert "📌 Nhiệm vụ 1.2" in detail and "Chủ trì:\n• Chưa báo cáo: Phòng Nội vụ" in detail
    assert "Gõ /tasks để xem việc" not in (await bot.say(ADMIN_ID, "/tasks")).plain  # an admin without an agency too


def test_a_task_of_many_agencies_names_the_first_and_counts_the_rest():
    reported = [StandingReport(1, n, f"Phường {n:02}", "lead", "done", 100, None, "", "2025-03-10T02:00:00+00:00")
                for n in range(25)]
    silent = [StandingReport(1, n, f"Xã {n:02}", "lead", None, None, None, "", None) for n in range(30)]
    lines = standing_lines(reported + silent, "lead", VN, "vi")
    assert lines[0] == "• Phường 00: Xong (10/03/2025)" and len(lines) == AGENCIES_SHOWN + 2
    assert lines[-2] == "… và 5 đơn vị khác"
    assert lines[-1].startswith("• Chưa báo cáo: Xã 00, Xã 01") and lines[-1].endswith("Xã 19 … và 10 đơn vị khác")


async def test_a_coordinating_task_past_its_date_is_not_marked_late_for_the_coordinator(bot: Running):
    bot.clock.now = datetime(2025, 3, 25, 2, 0, tzinfo=UTC)  # 1.2 (due 20/03) is past its date
    ward = (await bot.say(WARD_CHAIR, "/tasks")).plain  # Bến Nghé coordinates 1.2
    line = next(line for line in ward.splitlines() if "1.2. Rà soát" in line)
    assert line.startswith("⚪"), ward
    assert "20/03/2025 (đã qua hạn; đơn vị chủ trì chịu trách nhiệm về hạn)" in ward
    assert "trễ" not in ward[ward.index("Phối hợp:"):]
    lead = (await bot.say(NOI_VU, "/tasks")).plain  # Nội vụ leads it: late, in red
    assert "🔴 1.2. Rà soát" in lead and "20/03/2025 (trễ 3 ngày làm việc)" in lead
