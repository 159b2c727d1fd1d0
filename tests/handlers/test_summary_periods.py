"""/summary quý and /summary năm carry the report's DOCX draft, titled by its period; in the first days of
a quarter or year it is for the one just ended unless asked otherwise (issue 17 items 12 and 13)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from docx import Document

from handlers.summary import Named, named_bounds, parse_summary_args, summary_moment
from i18n import t
from plans.periods import period_bounds
from tests.bot.test_bot_admin_e2e import SECRETARY, bot, invite_and_join  # noqa: F401  (fixture)
from tests.harness import Running, seed_plan
from tests.reliability_core import open_core

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
    assert "quý I năm 2025 (01/01/2025 – 31/03/2025)" in texts[1]
    docx = next(data for name, data in files.items() if name.endswith(".docx"))
    assert _title(docx) == "Kết quả thực hiện công tác cải cách hành chính quý I năm 2025"
    assert sorted(name.rsplit(".", 1)[1] for name in files) == ["docx", "png", "xlsx"]
    texts, files = await _answer(bot, "/tonghop quý này", 3)
    assert "quý II năm 2025 (01/04/2025 – 30/06/2025)" in texts[0] and "Đầu quý" not in texts[0]
    assert _title(next(d for n, d in files.items() if n.endswith(".docx"))).endswith("quý II năm 2025")
    texts, files = await _answer(bot, "/summary năm nay", 3)
    assert "năm 2025 (01/01/2025 – 31/12/2025)" in texts[0]
    assert _title(next(d for n, d in files.items() if n.endswith(".docx"))).endswith("hành chính năm 2025")
    before = bot.fake.last_to(SECRETARY).message_id
    await _answer(bot, "/summary tuần", 2)
    await bot.say(SECRETARY, "/help")  # answered after everything /summary sent (one chat, in order)
    week = [m.file_name for m in bot.fake.messages_to(SECRETARY) if m.message_id > before and m.file_name]
    assert len(week) == 2 and not [name for name in week if name.endswith(".docx")]  # a week has no draft


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("quý I", ("quarter", "", Named(1, None))),
        ("quý 1/2022", ("quarter", "", Named(1, 2022))),
        ("Quý IV năm 2024 Phường Bến Nghé", ("quarter", "Phường Bến Nghé", Named(4, 2024))),
        ("Bến Nghé quý II/2025", ("quarter", "Bến Nghé", Named(2, 2025))),
        ("quý II - 2024", ("quarter", "", Named(2, 2024))),
        ("Q3", ("quarter", "", Named(3, None))),
        ("năm 2024", ("year", "", Named(2024, None))),
        ("tháng 2", ("month", "", Named(2, None))),
        ("Phường 2 tháng 3/2025", ("month", "Phường 2", Named(3, 2025))),
        ("tháng Phường 2", ("month", "Phường 2", "auto")),  # no number after the period word: as before
    ],
)
def test_a_period_named_as_offices_write_it(args: str, expected: tuple[str, str, object]) -> None:
    # before: «/summary quý I» → «Không tìm thấy đơn vị «I»»
    assert parse_summary_args(args) == expected


def test_a_named_period_is_taken_at_its_end_or_now_while_under_way() -> None:
    now = datetime(2025, 3, 10, 9, tzinfo=VN)

    def day_of(period: str, named: Named) -> tuple[date, bool]:
        moment, ended = summary_moment(now, VN, period, named)  # type: ignore[arg-type]
        return moment.astimezone(VN).date(), ended

    assert day_of("quarter", Named(1, None)) == (date(2025, 3, 10), False)  # under way
    assert day_of("quarter", Named(4, None)) == (date(2024, 12, 31), True)  # no year: the latest begun
    assert day_of("quarter", Named(2, 2024)) == (date(2024, 6, 30), True)
    assert day_of("year", Named(2024, None)) == (date(2024, 12, 31), True)
    assert day_of("month", Named(2, None)) == (date(2025, 2, 28), True)
    assert named_bounds(Named(4, None), "quarter", now.date()) == (date(2024, 10, 1), date(2024, 12, 31))


async def test_a_named_period_in_chat_and_one_not_begun(tmp_path) -> None:
    core = await open_core(tmp_path)  # 10/03/2025
    try:
        await core.link("5", "secretary", None)
        assert "quý IV năm 2024 (01/10/2024 – 31/12/2024)" in await core.text("5", "/summary quý IV")
        assert "năm 2024 (01/01/2024 – 31/12/2024)" in await core.text("5", "/summary năm 2024")
        refused = await core.text("5", "/summary năm 2026")
        assert refused == t("summary_not_begun", "vi", start="01/01/2026", end="31/12/2026")
    finally:
        await core.db.close()


async def test_the_next_period_is_refused_as_not_begun_not_taken_for_an_agency(tmp_path) -> None:
    # before: «/summary tuần sau» → «Không tìm thấy đơn vị «sau»»
    core = await open_core(tmp_path)  # Monday 10/03/2025
    try:
        await core.link("5", "secretary", None)
        assert await core.text("5", "/summary tuần sau") == t("summary_not_begun", "vi", start="17/03/2025", end="23/03/2025")
        assert await core.text("5", "/summary quy toi") == t("summary_not_begun", "vi", start="01/04/2025", end="30/06/2025")
        assert await core.text("5", "/summary next month") == t("summary_not_begun", "vi", start="01/04/2025", end="30/04/2025")
    finally:
        await core.db.close()


async def test_a_quarter_named_without_a_year_that_is_last_years_says_so(tmp_path) -> None:
    # TESTER15 F16: «/summary quý III» in March gave last year's third quarter with nothing saying so
    core = await open_core(tmp_path)  # 10/03/2025
    try:
        await core.link("5", "secretary", None)
        said = await core.text("5", "/summary quý III")
        note = t("summary.last_year", "vi", period="quý III năm 2024", start="01/07/2024", end="30/09/2024",
                 this="quý III năm 2025")
        assert said.startswith(note + "\n") and "📅 Đây là quý III năm 2024 (01/07/2024 – 30/09/2024), năm trước" in said
        for typed in ("/summary quý I", "/summary quý III/2024", "/summary quý"):  # this year's, or a year typed
            assert "năm trước" not in await core.text("5", typed), typed
    finally:
        await core.db.close()
