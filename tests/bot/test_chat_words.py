"""What people type in chat, in Vietnamese as well as English: invite roles and the Vietnamese command names,
through the fake Telegram."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, Running, make_settings, seed_plan, start, stop

WARD_CHAIR = 2
VIETNAMESE_NAMES = {"viec": "tasks", "baocao": "report", "tonghop": "summary", "quahan": "overdue", "huy": "cancel"}


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (WARD_CHAIR, "Lan")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    try:
        yield running
    finally:
        await stop(running)


async def role_of_invite(bot: Running, text: str) -> tuple[str, str]:
    """The agency and role the invite `text` made, as its answer states them."""
    answer = await bot.say(ADMIN_ID, text)
    found = re.search(r"Mã mời cho (.+) \(vai trò: (.+)\)", answer.plain or "")
    assert found, answer.plain
    return found.group(1), found.group(2)


@pytest.mark.parametrize(
    ("typed", "role"),
    [("thủ trưởng", "thủ trưởng"), ("trưởng", "thủ trưởng"), ("Thu truong", "thủ trưởng"), ("head", "thủ trưởng"),
     ("thành viên", "thành viên"), ("member", "thành viên"), ("", "thành viên")],
)
async def test_invite_reads_the_role_words_the_bot_prints_and_english(bot: Running, typed, role):
    assert await role_of_invite(bot, f"/invite Phường Bến Nghé {typed}") == ("Phường Bến Nghé", role)


async def test_invite_for_a_secretary_needs_no_agency(bot: Running):
    assert await role_of_invite(bot, "/invite thư ký") == ("—", "thư ký")


async def test_invite_shows_expiry_with_the_time_and_the_link(bot: Running):
    answer = (await bot.say(ADMIN_ID, "/invite Phường Bến Nghé thủ trưởng")).plain or ""
    assert re.search(r"Hiệu lực đến \d\d/\d\d/\d{4} \d\d:\d\d, dùng một lần\.", answer), answer
    assert re.search(r"Người nhận bấm liên kết https://t\.me/\S+\?start=\w+ hoặc gõ /start \w+", answer), answer


async def test_an_unknown_role_word_is_named_with_the_roles_listed(bot: Running):
    answer = (await bot.say(ADMIN_ID, "/invite Phòng Nội vụ boss")).plain or ""
    assert "«boss»" in answer and "thành viên, thủ trưởng" in answer, answer
    assert "Không tìm thấy" not in answer


async def test_vietnamese_command_names_answer_like_the_english_ones(bot: Running):
    for vietnamese, english in VIETNAMESE_NAMES.items():
        if english == "report":
            continue  # opens a dialog; checked below with /huy
        answers = []
        for command in (vietnamese, english):
            answers.append(await bot.say(ADMIN_ID, f"/{command}"))
            if english == "summary":  # its spreadsheet and chart follow the text: the next answer comes after them
                after = answers[-1].message_id
                await bot.fake.wait_for(
                    lambda after=after: len([m for m in bot.fake.messages_to(ADMIN_ID) if m.message_id > after]) >= 2
                )
        assert answers[0].plain == answers[1].plain
    await bot.say(ADMIN_ID, "/invite Phường Bến Nghé thủ trưởng")
    code = re.search(r"start=(\w+)", (await bot.say(ADMIN_ID, "/invite Phường Bến Nghé thủ trưởng")).plain).group(1)
    await bot.say(WARD_CHAIR, f"/start {code}", contains="Đã liên kết")
    tasks = await bot.say(WARD_CHAIR, "/viec")
    assert tasks.plain == (await bot.say(WARD_CHAIR, "/tasks")).plain and "Việc của Phường Bến Nghé" in tasks.plain


async def test_help_and_menu_show_the_vietnamese_names(bot: Running):
    help_text = (await bot.say(ADMIN_ID, "/help")).plain or ""
    menu = {c["command"] for c in bot.fake.commands()}
    for vietnamese, english in VIETNAMESE_NAMES.items():
        assert f"/{vietnamese}" in help_text and f"/{english}" in help_text
        assert {vietnamese, english} <= menu
    assert "[thành viên|thủ trưởng|thư ký|quản trị]" in help_text
