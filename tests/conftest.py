"""Shared fixtures: a fresh migrated database per test, a frozen clock, the deployment zone."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import aiosqlite
import pytest

from storage.db import open_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
async def db(tmp_path) -> AsyncIterator[aiosqlite.Connection]:
    conn = await open_db(tmp_path / "test.sqlite3")
    try:
        yield conn
    finally:
        await conn.close()


@pytest.fixture
def now() -> datetime:
    """A frozen moment: Monday 10 March 2025, 09:00 in Hà Nội / TP.HCM time."""
    return datetime(2025, 3, 10, 9, 0, tzinfo=VN).astimezone(UTC)


@pytest.fixture
def tz() -> ZoneInfo:
    return VN
