"""/summary quý and /summary năm carry the report's DOCX draft, titled by its period; in the first days of
a quarter or year it is for the one just ended unless asked otherwise (issue 17 items 12 and 13)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from docx import Document

from handlers.summary import parse_summary_args, summary_moment
from plans.periods import period_bounds
from tests.bot.test_bot_admin_e2e import SECRETARY, bot, invite_and_join  # noqa: F401  (fixture)
from tests.harness import Running, seed_plan

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", ("week", "", "auto")),
        ("quý", ("quarter", "", "auto")),
        ("năm", ("year", "", "auto")),
        ("nam nay", ("year", "", "current")),
        ("quý trước Phường Bến Nghé", ("quarter", "Phường Bến Nghé", "previous")),
        ("Phuong Ben Nghe quy nay", ("quarter", "Phuong Ben Nghe", "current")),
        ("last quarter", ("quarter", "", "previous")),
        ("Bến Nghé năm ngoái", ("year", "Bến Nghé", "previous")),
        ("tháng", ("month", "", "auto")),
    ],
)
def test_the_period_words(args: str, expected: tuple[str, str, str]) -> None:
    assert parse_summary_args(args) == expected


def test_the_start_of_a_quarter_reports_the_one_just_ended() -> None:
    def day_of(now: datetime, period: str, which: str = "auto") -> tuple[date, bool]:
        moment, ended = summary_moment(now.replace(tzinfo=VN), VN, period, which)  # type: ignore[arg-type]
        return moment.astimezone(VN).date(), ended

    assert day_of(datetime(2025, 4, 15, 9), "quarter") == (date(2025, 3, 31), True)  # the 15th day of Q2
    assert day_of(datetime(2025, 4, 16, 9), "quarter") == (date(2025, 4, 16), False)
    assert day_of(datetime(2025, 4, 3, 9), "quarter", "current") == (date(2025, 4, 3), False)
    assert day_of(datetime(2025, 1, 6, 9), "year") == (date(2024, 12, 31), True)
    assert day_of(datetime(2025, 4, 3, 9), "week") == (date(2025, 4, 3), False)  # weeks and months: as asked
    assert day_of(datetime(2025, 4, 3, 9), "month", "previous") == (date(2025, 3, 31), True)
    assert period_bounds(date(2025, 6, 1), "year") == (date(2025, 1, 1), date(2025, 12, 31))


async def _answer(running: Running, text: str, files: int) -> tuple[list[str], dict[str, bytes]]:
    """The texts and the files (name → bytes) of the answer to `text`, once `files` files have come."""
    before = running.fake.last_to(SECRETARY).message_id
    running.fake.user_sends(SECRETARY, text)
    sent = await running.fake.wait_for(
        lambda: (lambda new: new if len([m for m in new if m.file_name]) >= files else None)(
            [m for m in running.fake.messages_to(SECRETARY) if m.message_id > before]
        ),
        timeout=60,
    )
    return [m.plain or "" for m in sent if not m.file_name], {m.file_name: m.file_bytes for m in sent if m.file_name}


def _title(data: bytes) -> str:
    return Document(io.BytesIO(data)).paragraphs[0].text.split("\n")[-1]


async def test_quarter_and_year_come_with_their_docx_draft(bot: Running):  # noqa: F811
    await seed_plan(bot.app.bot_data["settings"].db)
    bot.clock.now = datetime(2025, 4, 7, 2, 0, tzinfo=UTC)  # Monday 07/04/2025, the first week of quarter II
    await invite_and_join(bot, SECRETARY, "Phường Bến Nghé", "secretary")
    texts, files = await _answer(bot, "/summary quý", 3)
    assert texts[0].startswith("📅 Đầu quý mới: đây là báo cáo quý I năm 2025 vừa kết thúc")
    assert "số liệu đến hết ngày 31/03/2025. Gõ /summary quý này" in texts[0]
    assert "quý 01/01/2025 – 31/03/2025" in texts[1]
    docx = next(data for name, data in files.items() if name.endswith(".docx"))
    assert _title(docx) == "Kết quả thực hiện công tác cải cách hành chính quý I năm 2025"
    assert sorted(name.rsplit(".", 1)[1] for name in files) == ["docx", "png", "xlsx"]
    texts, files = await _answer(bot, "/tonghop quý này", 3)
    assert "quý 01/04/2025 – 30/06/2025" in texts[0] and "Đầu quý" not in texts[0]
    assert _title(next(d for n, d in files.items() if n.endswith(".docx"))).endswith("quý II năm 2025")
    texts, files = await _answer(bot, "/summary năm nay", 3)
    assert "năm 01/01/2025 – 31/12/2025" in texts[0]
    assert _title(next(d for n, d in files.items() if n.endswith(".docx"))).endswith("hành chính năm 2025")
    before = bot.fake.last_to(SECRETARY).message_id
    await _answer(bot, "/summary tuần", 2)
    await bot.say(SECRETARY, "/help")  # answered after everything /summary sent (one chat, in order)
    week = [m.file_name for m in bot.fake.messages_to(SECRETARY) if m.message_id > before and m.file_name]
    assert len(week) == 2 and not [name for name in week if name.endswith(".docx")]  # a week has no draft
