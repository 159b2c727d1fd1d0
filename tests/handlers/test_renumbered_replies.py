"""A re-import that renumbers tasks never moves a reply to another task (TESTER16 F1): a number typed under a
message means the task that message showed under it, and a confirmation whose number may mean another task
names the task's title (and «phối hợp» when the agency only coordinates it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from schedules.model import ReminderSettings
from schedules.tick import run_tick
from storage.db import transaction
from storage.plans import store_plan
from storage.reports import remember_sent
from tests.harness import SAMPLE, task
from tests.helpers import FakeMessenger, FakeSleep, at
from tests.reliability_core import Core, open_core

WARD = "Phường Bến Nghé"
POST = replace(task("2.1", "Niêm yết, công khai thủ tục hành chính", "Phòng Nội vụ", date(2026, 12, 31), section="2"),
               support=(WARD,), support_text=WARD)
MONTHLY = task("2.2", "Báo cáo tình hình tiếp nhận, giải quyết hồ sơ", WARD, date(2026, 12, 18), section="2")
ONE = task("1.1", "Ban hành Kế hoạch kiểm tra CCHC", WARD, date(2026, 12, 31))
FIRST = replace(SAMPLE, tasks=(ONE, POST, MONTHLY))
# the amended plan: a row inserted first in section 2, so 2.1 → 2.2 and 2.2 → 2.3
NEW = task("2.1", "Rà soát, đơn giản hóa thủ tục lĩnh vực đất đai", "Phòng Nội vụ", date(2026, 12, 31), section="2")
AMENDED = replace(SAMPLE, tasks=(ONE, NEW, replace(POST, number="2.2", key="2.2"),
                                 replace(MONTHLY, number="2.3", key="2.3")))


async def _digest(core: Core, chat: str, message_id: str, *titles: str) -> None:
    """A digest the chat got listing the tasks of these titles, as the adapter remembers it once sent."""
    async with transaction(core.db):
        items = [{"task": (await core.db.execute_fetchall("SELECT id FROM tasks WHERE title = ?", (title,)))[0][0],
                  "occurrence": None} for title in titles]
        await remember_sent(core.db, channel="telegram", chat_id=chat, message_id=message_id, kind="digest",
                            user_id=None, items=items, now=core.clock())


async def _reimport(core: Core) -> None:
    async with transaction(core.db):
        await store_plan(core.db, AMENDED, now=core.clock(), user_id=None, channel="test", source_name="sua-doi.docx",
                         create_agencies=True)


async def _reported(core: Core) -> list[tuple[str, str]]:
    rows = await core.db.execute_fetchall(
        "SELECT t.title, r.status FROM reports r JOIN tasks t ON t.id = r.task_id ORDER BY r.id")
    return [(row[0], row[1]) for row in rows]


@pytest.mark.both_backends
async def test_a_reply_to_a_digest_sent_before_a_renumbering_reports_the_task_it_listed(tmp_path, database_url):
    # before: «2.2 xong» under the digest that listed 2.2 «Báo cáo …» was stored on the new 2.2 «Niêm yết …», a
    # task the ward only coordinates, confirmed «Đã ghi nhận 2.2: Xong»
    core = await open_core(tmp_path, FIRST, database=database_url)
    try:
        await core.link("56", "head", WARD)
        core.clock.now = core.clock.now.replace(year=2026, month=12, day=10, hour=1)
        await _digest(core, "56", "70", MONTHLY.title)
        core.clock.now += timedelta(hours=6)
        await _reimport(core)
        core.clock.now += timedelta(hours=20)
        said = await core.text("56", "2.2 xong", reply_to_ref="70", message_id="5")
        assert said == "Đã ghi nhận 2.3 «Báo cáo tình hình tiếp nhận, giải quyết hồ sơ»: Xong. Cảm ơn!"
        assert await _reported(core) == [(MONTHLY.title, "done")]
    finally:
        await core.db.close()


@pytest.mark.both_backends
async def test_a_typed_number_that_moved_names_the_task_and_phoi_hop_until_the_next_digest(tmp_path, database_url):
    # before: a plain «2.2 đang làm» the day after the re-import went to the new 2.2 with no word of which task
    core = await open_core(tmp_path, FIRST, database=database_url)
    try:
        await core.link("56", "head", WARD)
        core.clock.now = core.clock.now.replace(year=2026, month=12, day=10, hour=1)
        await _digest(core, "56", "70", MONTHLY.title)
        core.clock.now += timedelta(hours=6)
        await _reimport(core)
        core.clock.now += timedelta(hours=20)
        said = await core.text("56", "2.2 đang làm", message_id="5")
        assert said == "Đã ghi nhận 2.2 «Niêm yết, công khai thủ tục hành chính» (phối hợp): Đang làm. Cảm ơn!"
        said = await core.text("56", "2.3 xong", message_id="6")
        assert said == "Đã ghi nhận 2.3 «Báo cáo tình hình tiếp nhận, giải quyết hồ sơ»: Xong. Cảm ơn!"
        # a digest with the new numbers: a lead task's number is plain again; the task it only coordinates,
        # whose number its lead task had, still says which it is
        core.clock.now += timedelta(days=1)
        await _digest(core, "56", "71", MONTHLY.title)
        assert await core.text("56", "2.3 xong", message_id="7") == "Đã ghi nhận 2.3: Xong. Cảm ơn!"
        said = await core.text("56", "2.2 đang làm", message_id="8")
        assert said.startswith("Đã ghi nhận 2.2 «Niêm yết, công khai thủ tục hành chính» (phối hợp)")
        assert await core.text("56", "1.1 xong", message_id="9") == "Đã ghi nhận 1.1: Xong. Cảm ơn!"
    finally:
        await core.db.close()


@pytest.mark.both_backends
async def test_the_next_digest_after_a_renumbering_says_the_new_numbers_once(tmp_path, database_url):
    # before: nobody was told; the ward kept typing the numbers of its last reminder
    core = await open_core(tmp_path, FIRST, database=database_url)
    try:
        await core.link("56", "head", WARD)
        messenger = FakeMessenger()

        async def digest_on(day: date) -> str:
            before = len(messenger.sent)
            await run_tick(core.db, {"telegram": messenger}, ReminderSettings(), at(day, 8), sleep=FakeSleep())
            ((chat, text),) = messenger.sent[before:]
            assert chat == "56"
            return text

        first = await digest_on(date(2026, 12, 9))  # 7 working days before 18/12
        assert "2.2" in first and "thay đổi" not in first
        core.clock.now = at(date(2026, 12, 10), 14)
        await _reimport(core)
        told = await digest_on(date(2026, 12, 15))
        assert told.splitlines()[1] == "Số thứ tự nhiệm vụ đã thay đổi theo kế hoạch sửa đổi: 2.1 → 2.2, 2.2 → 2.3"
        assert "Nhiệm vụ 2.3" in told
        assert "thay đổi" not in await digest_on(date(2026, 12, 17))
    finally:
        await core.db.close()


async def test_every_task_but_one_under_a_digest_before_the_renumbering_leaves_out_the_one_it_showed(tmp_path):
    # before: «trừ 2.2, còn lại xong» under a digest listing 1.1 and 2.2 «Báo cáo …» (now 2.3) asked to confirm
    # «Xong» for 1.1 and 2.3: the very task left out
    core = await open_core(tmp_path, FIRST)
    try:
        await core.link("56", "head", WARD)
        core.clock.now = at(date(2026, 12, 10), 8)
        await _digest(core, "56", "72", ONE.title, MONTHLY.title)
        core.clock.now = at(date(2026, 12, 10), 14)
        await _reimport(core)
        core.clock.now = at(date(2026, 12, 11), 9)
        said = await core.text("56", "trừ 2.2, còn lại xong", reply_to_ref="72", message_id="5")
        assert said.startswith("Xác nhận: 1 việc (1.1) — Xong?")
    finally:
        await core.db.close()


async def test_an_edit_or_an_extension_request_under_a_digest_before_the_renumbering_keeps_its_task(tmp_path):
    # before: the edit withdrew the report and filed «2.2 đang làm» on the new 2.2; «2.2 xin gia hạn» asked for
    # more time on the new 2.2, a task the ward only coordinates
    core = await open_core(tmp_path, FIRST)
    try:
        await core.link("56", "head", WARD)
        core.clock.now = at(date(2026, 12, 10), 8)
        await _digest(core, "56", "70", MONTHLY.title)
        core.clock.now = at(date(2026, 12, 10), 14)
        await _reimport(core)
        core.clock.now = at(date(2026, 12, 11), 9)
        await core.text("56", "2.2 xong", reply_to_ref="70", message_id="5")
        edited = await core.text("56", "2.2 đang làm 50%", reply_to_ref="70", message_id="5", edited=True)
        assert edited == "Đã cập nhật báo cáo 2.3: Đang làm, 50%."
        assert await _reported(core) == [(MONTHLY.title, "in_progress")]
        asked = await core.text("56", "2.2 xin gia hạn đến 31/12", reply_to_ref="70", message_id="6")
        assert asked.startswith(f"Xin gia hạn nhiệm vụ 2.3 «{MONTHLY.title}»")
    finally:
        await core.db.close()


async def test_a_renumbering_in_the_same_second_as_the_digest_counts_as_after_it(tmp_path):
    # the demo's clock stands still between «/tick» and «/import»: before, «2.2 xong» there went to the new 2.2
    core = await open_core(tmp_path, FIRST)
    try:
        await core.link("56", "head", WARD)
        core.clock.now = at(date(2026, 12, 10), 8)
        await _digest(core, "56", "70", MONTHLY.title)
        await _reimport(core)
        said = await core.text("56", "2.2 xong", reply_to_ref="70", message_id="5")
        assert said == f"Đã ghi nhận 2.3 «{MONTHLY.title}»: Xong. Cảm ơn!"
    finally:
        await core.db.close()
