"""New agencies and old deadlines (issue 17, item 19): a collective assignment ("Các phòng, ban, đơn vị")
binds the agencies that exist when the plan is imported; /agency_add later asks the admin (Có / Không)
whether the new agency takes the group's open tasks, instead of silently making it lead them. Through the
fake Telegram."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.commands import UsageError
from i18n import t
from storage.agencies import GROUP_UNITS, GROUP_WARDS
from storage.db import open_db
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, SAMPLE, Clock, cli, make_settings, seed_plan, start, stop, task
from tests.reliability_core import NOW

PLAN = replace(SAMPLE, tasks=(
    *SAMPLE.tasks,
    task("3.1", "Tự kiểm tra CCHC tại đơn vị", GROUP_UNITS, date(2025, 3, 31), section="3"),
    task("3.2", "Báo cáo tháng 2", GROUP_UNITS, date(2025, 3, 5), section="3"),  # past on 10/03: not inherited
))


async def _leads(running, name: str) -> list[str]:
    async with running.db.execute(
        "SELECT t.number FROM task_agencies ta JOIN tasks t ON t.id = ta.task_id JOIN agencies a ON a.id = ta.agency_id"
        " WHERE a.name = ? AND ta.role = 'lead' ORDER BY t.number", (name,)
    ) as cur:
        return [r[0] for r in await cur.fetchall()]


async def test_an_agency_added_after_the_import_is_asked_about_the_groups_open_tasks(tmp_path):
    settings = make_settings(tmp_path)
    await seed_plan(settings.db, PLAN)
    fake = FakeTelegram()
    fake.add_user(ADMIN_ID)
    running = await start(settings, fake, Clock(NOW))
    try:
        assert await _leads(running, "Phòng Nội vụ") == ["1.2", "3.1", "3.2"]  # it existed at the import

        asked = await running.say(ADMIN_ID, "/agency_add Phòng Kinh tế")
        assert t("agency_inherit_ask", "vi", count=1, roles="1 việc chủ trì", group=GROUP_UNITS,
                 name="Phòng Kinh tế") in asked.plain
        assert await _leads(running, "Phòng Kinh tế") == []  # nothing given before the admin answers
        declined = await running.press(ADMIN_ID, asked, "Không")
        assert declined.plain == t("agency_inherit_no", "vi", name="Phòng Kinh tế")
        assert await _leads(running, "Phòng Kinh tế") == []

        asked = await running.say(ADMIN_ID, "/agency_add Phòng Y tế")
        taken = await running.press(ADMIN_ID, asked, "Có")
        assert taken.plain == t("agency_inherit_yes", "vi", count=1, name="Phòng Y tế")
        assert await _leads(running, "Phòng Y tế") == ["3.1"]  # the open one, not the one already past due

        # a ward is not in the units' group: no question
        added = await running.say(ADMIN_ID, "/agency_add Phường Đa Kao")
        assert added.plain == t("agency_added", "vi", name="Phường Đa Kao", kind=t("kind_ward", "vi"))
        assert not added.reply_markup
    finally:
        await stop(running)


async def test_the_command_line_gives_the_groups_open_tasks_only_when_told(tmp_path, capsys):
    settings = make_settings(tmp_path)
    await seed_plan(settings.db, replace(PLAN, tasks=(
        *SAMPLE.tasks, task("3.1", "Tự kiểm tra CCHC tại đơn vị", GROUP_UNITS, date(2099, 3, 31), section="3"),
    )))
    assert await cli(settings, "agency", "add", "Phòng Kinh tế") == 0
    assert t("cli.agency_not_inherited", "vi", count=1, roles="1 việc chủ trì", group=GROUP_UNITS) in capsys.readouterr().out
    assert await cli(settings, "agency", "add", "Phòng Y tế", "--inherit-open-tasks") == 0
    assert t("cli.agency_inherited", "vi", count=1, roles="1 việc chủ trì", group=GROUP_UNITS) in capsys.readouterr().out
    db = await open_db(settings.db)
    try:
        async with db.execute(
            "SELECT a.name FROM task_agencies ta JOIN agencies a ON a.id = ta.agency_id JOIN tasks t"
            " ON t.id = ta.task_id WHERE t.number = '3.1' ORDER BY a.name"
        ) as cur:
            assert [r[0] for r in await cur.fetchall()] == ["Phòng Nội vụ", "Phòng Y tế"]
    finally:
        await db.close()


async def test_a_ward_typed_with_its_committee_is_listed_as_wards_are_and_told_its_role(tmp_path, capsys):
    # before: «Đã giao 1 việc chưa đến hạn của nhóm «Tất cả phường»» for a coordinating task (then «chủ trì 0
    # việc» in the list), and the name kept as typed, «UBND phường Tân Định» beside «Phường Bến Nghé»
    settings = make_settings(tmp_path)
    coordinating = replace(task("3.1", "Tự kiểm tra CCHC", "Phòng Nội vụ", date(2099, 3, 31), section="3"),
                           support=(GROUP_WARDS,), support_text="UBND các phường")
    await seed_plan(settings.db, replace(PLAN, tasks=(*SAMPLE.tasks, coordinating)))
    assert await cli(settings, "agency", "add", "UBND phường Tân Định", "--inherit-open-tasks") == 0
    out = capsys.readouterr().out
    assert "Đã thêm đơn vị «Phường Tân Định» (phường, xã)" in out
    assert "Đã giao 1 việc chưa đến hạn của nhóm «Tất cả phường»: 1 việc phối hợp." in out
    with pytest.raises(UsageError, match="trùng với đơn vị đã đăng ký «Phường Tân Định»"):
        await cli(settings, "agency", "add", "UBND phường Tân Định")  # the same agency
