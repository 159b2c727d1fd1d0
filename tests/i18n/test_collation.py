"""Vietnamese alphabetical order (i18n.collation) as a table, and in the lists the bot shows through the fake
Telegram: a task's agencies (/task), the summary's agencies (/summary) and the registry (/agencies)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from i18n.collation import vi_sort_key
from plans.model import ParsedPlan
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, SAMPLE, Clock, Running, make_settings, seed_plan, start, stop, task

ORDERED = [
    # letters first: ă, â, đ, ê, ô, ơ, ư are letters of their own; case and tone set aside
    ["Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Bắc", "Bấc", "Bến"],
    ["Dương", "Đa Kao", "Đông", "Đồng"],
    ["Phường Cầu Kho", "Phường Cầu Ông Lãnh", "Phường Cô Giang", "Phường Đa Kao", "Phường Tân Định"],
    ["Phòng Tư pháp", "Phường 2", "Phường 10", "Phường Bến Nghé"],
    ["an", "Ăn", "ân", "Em", "Êm", "On", "Ôn", "Ơn", "Un", "Ưn", "Zalo"],
]


@pytest.mark.parametrize("names", ORDERED, ids=[names[0] for names in ORDERED])
def test_names_sort_as_a_vietnamese_dictionary_does(names: list[str]) -> None:
    assert sorted(reversed(names), key=vi_sort_key) == names
    assert sorted(names[::2] + names[1::2], key=vi_sort_key) == names


WARDS = ["Phường Tân Định", "Phường Đa Kao", "Phường Cô Giang", "Phường Cầu Kho"]
PLAN = ParsedPlan(
    meta=SAMPLE.meta,
    tasks=(replace(task("1.1", "Rà soát thủ tục hành chính", WARDS[0], date(2025, 3, 31)),
                   lead=tuple(WARDS), lead_text=", ".join(WARDS)),),
    derived_agencies=dict.fromkeys(WARDS, "ward"),
)
SECRETARY = 5


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[Running]:
    settings = make_settings(tmp_path)
    await seed_plan(settings.db, PLAN)
    fake = FakeTelegram()
    for uid, name in ((ADMIN_ID, "Admin"), (SECRETARY, "Hà")):
        fake.add_user(uid, first_name=name)
    running = await start(settings, fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    try:
        answer = await running.say(ADMIN_ID, "/invite thư ký")
        code = re.search(r"start=([A-Z0-9]+)", answer.plain).group(1)
        await running.say(SECRETARY, f"/start {code}", contains="Đã")
        yield running
    finally:
        await stop(running)


def _order_in(text: str) -> list[str]:
    return sorted(WARDS, key=text.index)


async def test_lists_of_agencies_follow_vietnamese_order(bot: Running):
    expected = ["Phường Cầu Kho", "Phường Cô Giang", "Phường Đa Kao", "Phường Tân Định"]
    card = (await bot.say(SECRETARY, "/task 1.1")).plain
    assert "Chưa báo cáo: " + ", ".join(expected) in card
    summary = (await bot.say(SECRETARY, "/summary")).plain
    assert _order_in(summary) == expected, summary
    registry = (await bot.say(ADMIN_ID, "/agencies")).plain
    assert _order_in(registry) == expected, registry
