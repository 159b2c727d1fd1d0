"""The latest tick's moment: remembered by every tick, only ever later (schedules.clock)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import Settings
from schedules.clock import ClockWentBack, check_forward, last_tick
from schedules.jobs import tick_once
from storage.db import open_db

APRIL_8 = datetime(2022, 4, 8, 1, 0, tzinfo=UTC)
APRIL_7 = datetime(2022, 4, 7, 1, 0, tzinfo=UTC)


async def test_a_tick_is_remembered_and_an_earlier_one_never_replaces_it(tmp_path):
    settings = Settings(_env_file=None, NHACVIEC_DB=str(tmp_path / "x.sqlite3"))  # type: ignore[call-arg]
    db = await open_db(settings.db)
    try:
        assert await last_tick(db) is None
        await check_forward(db, APRIL_7)  # nothing ran yet: any moment is fine
        await tick_once(db, {}, settings, APRIL_8)
        assert await last_tick(db) == APRIL_8
        await tick_once(db, {}, settings, APRIL_7)  # the resident bot's clock went back: it still ticks...
        assert await last_tick(db) == APRIL_8  # ...but the latest moment stays
        await check_forward(db, APRIL_8)
        with pytest.raises(ClockWentBack) as refused:
            await check_forward(db, APRIL_7)
        assert (refused.value.asked, refused.value.last) == (APRIL_7, APRIL_8)
    finally:
        await db.close()
