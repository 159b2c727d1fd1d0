"""The paths people take: the summary text without detail lines, /overdue from overdue pairs only, text first.

Each is compared with the full rollup (every detail line), from which the text and the late list used to be
made: the same lines in the same order, on the benchmark's generated plan (many ties: every agency leads
the same tasks with the same due dates), in one agency range and in several.
"""

from __future__ import annotations

import asyncio
import heapq
import threading
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest

from bench.scale import AS_OF, TZ, build
from i18n.collation import vi_sort_key
from reports.text import render_overdue, render_text
from storage.db import connect, open_db, transaction
from storage.rollup_values import FIRST_LINES, DetailLine, OverdueList, Rollup
from storage.rollups import compute_overdue, compute_rollup, open_rollup
from tests.bot.test_bot_admin_e2e import SECRETARY, bot, invite_and_join  # noqa: F401  (fixture)
from tests.harness import seed_plan

MOMENTS = (AS_OF, AS_OF - timedelta(days=23), AS_OF + timedelta(days=41))


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "bench.sqlite3"
    # 12 agencies: more than FIRST_LINES overdue lines at every moment (the cut matters, as asserted), 4 to
    # a range with 3 shards; 40 said nothing more and took three times as long
    build(path, 12)
    return path


@pytest.fixture
async def big(plan_file: Path) -> AsyncIterator[aiosqlite.Connection]:
    conn = await connect(plan_file)
    try:
        yield conn
    finally:
        await conn.close()


def shown_before(full: Rollup) -> tuple[list[DetailLine], list[DetailLine]]:
    """The overdue and due-soon lines the text listed when it picked them from every detail line: by date,
    ties in the details' order (the plan's, then the agency's name; heapq.nsmallest is stable)."""
    soon_limit = full.today + timedelta(days=7)
    late = heapq.nsmallest(
        FIRST_LINES, [d for d in full.details if d.bucket == "overdue"], key=lambda d: d.overdue_since
    )
    soon = heapq.nsmallest(
        FIRST_LINES, [d for d in full.details if d.next_due and d.next_due <= soon_limit], key=lambda d: d.next_due
    )
    return late, soon


@pytest.mark.parametrize("shards", [1, 3])
@pytest.mark.parametrize("period", ["week", "quarter"])
async def test_the_text_only_rollup_says_what_the_full_one_says(big, shards, period) -> None:
    for as_of in MOMENTS:
        full = await compute_rollup(big, as_of=as_of, period=period, tz=TZ, shards=shards)
        text_only = await compute_rollup(big, as_of=as_of, period=period, tz=TZ, details=False, shards=shards)
        late, soon = shown_before(full)
        assert full.totals.overdue > FIRST_LINES and len(late) == FIRST_LINES  # the cut matters here
        assert list(text_only.late) == late and list(text_only.soon) == soon
        assert text_only.details == text_only.support_details == ()
        assert replace(text_only, details=full.details, support_details=full.support_details) == full
        assert render_text(text_only) == render_text(full)
        assert render_text(text_only, "en", max_items=5) == render_text(full, "en", max_items=5)
        # /summary's two steps on the same helper tables: the text's rollup, then the spreadsheet's lines
        async with open_rollup(big, as_of=as_of, period=period, tz=TZ, shards=shards) as opened:
            assert await opened.summary() == text_only
            assert await opened.details() == full.details


def late_list_before(full: Rollup, max_items: int) -> list[tuple[str, list[DetailLine]]]:
    """The agencies and lines /overdue listed when it grouped every detail line (/overdue reads no on-time
    states, nor their counts of occurrences done late or overdue: its lines carry none)."""
    groups: dict[str, list[DetailLine]] = {}
    for d in sorted((d for d in full.details if d.overdue_since), key=lambda d: d.overdue_since):  # stable
        groups.setdefault(d.agency, []).append(replace(d, state=None, done_late=0, open_overdue=0))
    shown, listed = [], 0
    for agency, lines in sorted(groups.items(), key=lambda kv: (-len(kv[1]), vi_sort_key(kv[0]))):
        if listed >= max_items:
            break
        shown.append((agency, lines))
        listed += len(lines)
    return shown


@pytest.mark.parametrize("shards", [1, 3])
async def test_the_late_list_is_the_full_rollups_overdue_lines(big, shards) -> None:
    for as_of in MOMENTS:
        full = await compute_rollup(big, as_of=as_of, period="week", tz=TZ, shards=shards)
        every = await compute_overdue(big, as_of=as_of, tz=TZ, max_items=10**9, shards=shards)
        # the late list names blocked pairs that are late too; the summary counts them as overdue (TESTER15 F4)
        late_blocked = [d for d in full.details if d.overdue_since and d.status == "blocked"]
        assert late_blocked and every.total == full.totals.overdue > 0
        assert [(g.agency, list(g.lines)) for g in every.groups] == late_list_before(full, 10**9)
        assert sorted((d.task_id, d.agency_id) for g in every.groups for d in g.lines) == sorted(
            (d.task_id, d.agency_id) for d in full.details if d.overdue_since
        )
        for max_items in (1, 200):
            cut = await compute_overdue(big, as_of=as_of, tz=TZ, max_items=max_items, shards=shards)
            assert [(g.agency, list(g.lines)) for g in cut.groups] == late_list_before(full, max_items)
            assert cut.total == every.total and len(cut.groups) < len(every.groups)


async def test_one_agencys_late_list(big) -> None:
    full = await compute_rollup(big, as_of=AS_OF, period="week", tz=TZ, agency_id=7)
    own = await compute_overdue(big, as_of=AS_OF, tz=TZ, agency_id=7)
    assert [(g.agency, list(g.lines)) for g in own.groups] == late_list_before(full, 200)
    assert {d.agency_id for g in own.groups for d in g.lines} == {7}


async def test_a_list_with_nothing_overdue(big) -> None:
    early = datetime(2023, 1, 2, 9, 0, tzinfo=TZ)
    assert await compute_overdue(big, as_of=early, tz=TZ) == OverdueList(today=early.date(), total=0, groups=())
    assert render_overdue(await compute_overdue(big, as_of=early, tz=TZ))[0].endswith("Không có nhiệm vụ nào quá hạn.")


async def test_summary_text_arrives_before_the_spreadsheet_is_made(bot, monkeypatch):  # noqa: F811
    from handlers import summary

    await seed_plan(Path(bot.app.bot_data["settings"].db))
    bot.clock.now = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)
    await invite_and_join(bot, SECRETARY, "Phường Bến Nghé", "secretary")
    rendering, release = threading.Event(), threading.Event()
    real_render = summary.render_xlsx

    def held_render(rollup, lang="vi"):
        rendering.set()
        if not release.wait(timeout=30):
            raise TimeoutError("the test never released the spreadsheet")
        return real_render(rollup, lang)

    monkeypatch.setattr(summary, "render_xlsx", held_render)
    before = bot.fake.last_to(SECRETARY).message_id
    bot.fake.user_sends(SECRETARY, "/summary tuần")
    try:
        assert await asyncio.to_thread(rendering.wait, 10)
        text = await bot.fake.wait_for_message(SECRETARY, after=before, contains="TỔNG HỢP")
        assert "🔴 QUÁ HẠN (1)" in text.plain and "2.1" in text.plain
        assert not [m for m in bot.fake.messages_to(SECRETARY) if m.message_id > before and m.file_name]
    finally:
        release.set()
    files = await bot.fake.wait_for(
        lambda: [m for m in bot.fake.messages_to(SECRETARY) if m.message_id > text.message_id and m.file_name][1:]
        or None
    )
    assert files and all(m.message_id > text.message_id for m in files)


async def test_the_kept_states_give_the_rollup_worked_out_afresh(plan_file: Path) -> None:
    # storage.rollup_states on the generated plan, in three ranges: the roll-up that fills the kept counts
    # and one that reads most of them equal the roll-up worked out without them (in a unit of work); so
    # does one of the past, which neither reads nor writes them
    db = await open_db(plan_file)
    try:
        await db.execute("DELETE FROM kv WHERE key = 'rollup_states'")  # the module's other tests kept theirs
        async with transaction(db):
            fresh = await compute_rollup(db, as_of=AS_OF, period="quarter", tz=TZ, details=False, shards=3)
        assert await compute_rollup(db, as_of=AS_OF, period="quarter", tz=TZ, details=False, shards=3) == fresh
        assert fresh.totals.done_on_time and fresh.totals.done_late and fresh.totals.open_overdue
        await db.execute("DELETE FROM rollup_states WHERE agency_id % 3 = 0")
        left = await _kept_rows(db)
        assert await compute_rollup(db, as_of=AS_OF, period="quarter", tz=TZ, details=False, shards=3) == fresh
        assert await _kept_rows(db) == fresh.totals.lead_tasks > left
        await db.execute("DELETE FROM rollup_states WHERE agency_id % 3 = 0")
        async with transaction(db):
            past = await compute_rollup(db, as_of=MOMENTS[1], period="quarter", tz=TZ, details=False, shards=3)
        assert await compute_rollup(db, as_of=MOMENTS[1], period="quarter", tz=TZ, details=False, shards=3) == past
        assert await _kept_rows(db) == left
    finally:
        await db.close()


async def _kept_rows(db: aiosqlite.Connection) -> int:
    async with db.execute("SELECT COUNT(on_time) FROM rollup_states") as cur:
        return (await cur.fetchone())[0]
