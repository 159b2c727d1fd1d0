"""A corrected plan sent again through the fake Telegram (and `import --dry-run`): the preview says which tasks
change number and which are dropped with their reports, and the reports stay with their own task."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.__main__ import _parser, command
from bot.commands import UsageError
from storage.agencies import add_agency
from storage.db import open_db, transaction
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, Running, cli, make_settings, start, stop

HEAD = "KẾ HOẠCH\nSố: 58/KH-UBND\nKiểm tra công vụ năm 2022\nSTT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n"
FIRST = (HEAD + "1\tBan hành Kế hoạch kiểm tra CCHC\tPhòng Nội vụ\t31/03/2022\n"
         "2\tBáo cáo kết quả CCHC hằng tháng\tPhòng Nội vụ\t20/04/2022\n"
         "3\tKiểm tra việc thực hiện văn hóa công sở\tPhòng Nội vụ\t30/06/2022\n").encode()
# the office's corrected plan: the monthly report row taken out, so 3 became 2
CORRECTED = (HEAD + "1\tBan hành Kế hoạch kiểm tra CCHC\tPhòng Nội vụ\t31/03/2022\n"
             "2\tKiểm tra việc thực hiện văn hóa công sở\tPhòng Nội vụ\t30/06/2022\n").encode()


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    fake = FakeTelegram()
    fake.add_user(ADMIN_ID, first_name="Admin")
    running = await start(make_settings(tmp_path), fake, Clock(datetime(2022, 3, 24, 2, 0, tzinfo=UTC)))
    try:
        yield running
    finally:
        await stop(running)


async def send_plan(bot: Running, data: bytes):
    before = bot.fake.last_to(ADMIN_ID).message_id if bot.fake.last_to(ADMIN_ID) else 0
    bot.fake.user_sends_document(ADMIN_ID, "kh-58.txt", data, caption="/import", mime_type="text/plain")
    return await bot.fake.wait_for_message(ADMIN_ID, after=before)


async def test_a_corrected_plan_says_what_happens_to_reports_and_keeps_them_on_their_task(bot: Running, tmp_path, capsys):
    async with transaction(bot.db):
        await add_agency(bot.db, "Phòng Nội vụ", "unit", now=bot.clock())
    await bot.press(ADMIN_ID, await send_plan(bot, FIRST), "Xác nhận", contains="Đã lưu")
    async with transaction(bot.db):
        await bot.db.execute(
            "INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
            " SELECT t.id, a.id, 'done', 'test', '2022-03-22T02:00:00+00:00' FROM tasks t, agencies a"
            " WHERE t.number = '2' AND a.name = 'Phòng Nội vụ'")

    settings = make_settings(tmp_path)
    plan_file = tmp_path / "kh-58-sua.txt"
    plan_file.write_bytes(CORRECTED)
    args = _parser().parse_args(["import", str(plan_file), "--dry-run"])
    assert await command(args, settings)(args, settings) == 0
    printed = capsys.readouterr().out
    preview = await send_plan(bot, CORRECTED)
    for said in (printed, preview.plain):
        assert "Kế hoạch này đã có: giữ 2, thêm 0, bỏ 1 nhiệm vụ." in said
        assert "1 nhiệm vụ đổi số (giữ báo cáo): 3 → 2." in said
        assert ("1 nhiệm vụ bị bỏ (thôi nhắc; báo cáo được giữ lại, lưu trữ):\n"
                "• 2 «Báo cáo kết quả CCHC hằng tháng» — giữ 1 báo cáo; số 2 nay là một việc khác") in said

    done = await bot.press(ADMIN_ID, preview, "Xác nhận", contains="Đã lưu")
    assert "thêm 0, cập nhật 1, bỏ 1 nhiệm vụ" in done.plain and "3 → 2" in done.plain
    rows = await bot.db.execute_fetchall("SELECT t.number, t.title, t.active FROM reports r JOIN tasks t ON t.id = r.task_id")
    assert [tuple(r) for r in rows] == [("2", "Báo cáo kết quả CCHC hằng tháng", 0)]


GROUP_PLAN = (HEAD + "1\tRà soát thủ tục\tPhòng Nội vụ\t30/06/2022\n"
              "2\tNiêm yết thủ tục tại bộ phận một cửa\tUBND các phường\t30/06/2022\n").encode()
UNLED = ("1 nhiệm vụ giao cho một nhóm chưa có đơn vị nào đăng ký, nên chưa nhắc được ai: 2 («Tất cả phường»). "
         "Hãy đăng ký các đơn vị của nhóm")


async def test_a_group_task_with_no_registered_agency_is_said_before_and_after_storing(bot: Running, tmp_path, capsys):
    async with transaction(bot.db):
        await add_agency(bot.db, "Phòng Nội vụ", "unit", now=bot.clock())
    preview = await send_plan(bot, GROUP_PLAN)
    assert UNLED in preview.plain
    done = await bot.press(ADMIN_ID, preview, "Xác nhận", contains="Đã lưu")
    assert UNLED in done.plain
    # the command line on a new database says it too
    settings = make_settings(tmp_path / "cli")
    (tmp_path / "cli").mkdir()
    plan_file = tmp_path / "kh-58.txt"
    plan_file.write_bytes(GROUP_PLAN)
    args = _parser().parse_args(["import", str(plan_file)])
    assert await command(args, settings)(args, settings) == 0
    assert UNLED in capsys.readouterr().out


async def test_a_plan_reissued_under_a_new_number_replaces_the_old_one_with_its_reports(bot: Running):
    async with transaction(bot.db):
        await add_agency(bot.db, "Phòng Nội vụ", "unit", now=bot.clock())
    await bot.press(ADMIN_ID, await send_plan(bot, FIRST), "Xác nhận", contains="Đã lưu")
    async with transaction(bot.db):
        await bot.db.execute(
            "INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
            " SELECT t.id, a.id, 'done', 'test', '2022-03-22T02:00:00+00:00' FROM tasks t, agencies a"
            " WHERE t.number = '2' AND a.name = 'Phòng Nội vụ'")
    preview = await send_plan(bot, FIRST.replace(b"58/KH-UBND", b"62/KH-UBND"))
    assert "Kế hoạch 62/KH-UBND trùng 3/3 nhiệm vụ với kế hoạch 58/KH-UBND đang theo dõi." in preview.plain
    done = await bot.press(ADMIN_ID, preview, "Thay kế hoạch 58/KH-UBND", contains="Đã lưu")
    assert "Đã lưu kế hoạch 62/KH-UBND: thêm 0, cập nhật 0, bỏ 0 nhiệm vụ." in done.plain
    rows = await bot.db.execute_fetchall(
        "SELECT p.code, COUNT(*), SUM((SELECT COUNT(*) FROM reports r WHERE r.task_id = t.id))"
        " FROM tasks t JOIN plans p ON p.id = t.plan_id GROUP BY p.code")
    assert [tuple(r) for r in rows] == [("62/KH-UBND", 3, 1)]


async def test_the_command_line_warns_of_a_reissued_plan_and_replaces_it_when_asked(tmp_path, capsys):
    settings = make_settings(tmp_path)
    first, reissued = tmp_path / "kh-58.txt", tmp_path / "kh-62.txt"
    first.write_bytes(FIRST)
    reissued.write_bytes(FIRST.replace(b"58/KH-UBND", b"62/KH-UBND"))
    with pytest.raises(UsageError, match="Không có kế hoạch đang theo dõi nào mà 58/KH-UBND ban hành lại"):
        await cli(settings, "import", str(first), "--replace")
    assert await cli(settings, "import", str(first)) == 0
    capsys.readouterr()
    args = _parser().parse_args(["import", str(reissued), "--dry-run"])
    assert await command(args, settings)(args, settings) == 0
    assert "⚠️ Kế hoạch 62/KH-UBND trùng 3/3 nhiệm vụ với kế hoạch 58/KH-UBND đang theo dõi." in capsys.readouterr().out
    assert await cli(settings, "import", str(reissued), "--replace") == 0
    assert "thêm 0, cập nhật 0, bỏ 0" in capsys.readouterr().out
    reissued.write_bytes(reissued.read_bytes().replace(b"31/03/2022", b"15/04/2022"))
    assert await cli(settings, "import", str(reissued)) == 0
    assert "• 1: hạn «31/03/2022» → «15/04/2022»" in capsys.readouterr().out  # the changes listed, not only counted
    with pytest.raises(UsageError, match="Các kế hoạch hiện có: 62/KH-UBND"):
        await cli(settings, "plan", "remove", "58/KH-UBND")


async def test_the_json_preview_says_what_storing_does_to_the_stored_tasks_and_their_reports(tmp_path, capsys):
    """Session 11's leftover: `import --dry-run --json` lacked what the text preview says of a re-import."""
    settings = make_settings(tmp_path)
    first, corrected, reissued = tmp_path / "kh-58.txt", tmp_path / "kh-58-sua.txt", tmp_path / "kh-62.txt"
    first.write_bytes(FIRST)
    corrected.write_bytes(CORRECTED)
    reissued.write_bytes(FIRST.replace(b"58/KH-UBND", b"62/KH-UBND"))
    assert await cli(settings, "import", str(first)) == 0
    db = await open_db(settings.db)
    try:
        async with transaction(db):
            await db.execute(
                "INSERT INTO reports (task_id, agency_id, status, channel, created_at)"
                " SELECT t.id, a.id, 'done', 'test', '2022-03-22T02:00:00+00:00' FROM tasks t, agencies a"
                " WHERE t.number IN ('2', '3') AND a.name = 'Phòng Nội vụ'")
    finally:
        await db.close()
    capsys.readouterr()
    args = _parser().parse_args(["import", str(corrected), "--dry-run", "--json"])
    assert await command(args, settings)(args, settings) == 0
    said = json.loads(capsys.readouterr().out)
    assert [t["number"] for t in said["tasks"]] == ["1", "2"]  # the plan document as before
    assert said["reimport"] == {
        "kept": 2, "added": 0,
        "renumbered": [{"from": "3", "to": "2", "title": "Kiểm tra việc thực hiện văn hóa công sở", "reports": 1}],
        "archived": [{"number": "2", "title": "Báo cáo kết quả CCHC hằng tháng", "reports": 1, "number_reused": True}],
        "kept_reports": 0,  # task 1, kept under its number, has none
    }
    assert said["reissues"] is None and said["unled"] == []
    args = _parser().parse_args(["import", str(reissued), "--dry-run", "--json"])
    assert await command(args, settings)(args, settings) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["reimport"] is None and said["reissues"] == {"plan": "58/KH-UBND", "matched": 3}
