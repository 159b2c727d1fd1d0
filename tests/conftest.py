"""Shared fixtures: a fresh migrated database per test, a frozen clock, the deployment zone; Hypothesis's size."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiosqlite
import pytest
from hypothesis import HealthCheck, settings

from storage.db import open_db
from tests.helpers import VN
from tests.rollup_world import build_world

# Property tests at CI's size; HYPOTHESIS_PROFILE=thorough tries ten times as many examples. No deadline:
# on a shared machine one example's time says nothing about the code.
settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", settings.get_profile("ci"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated once per test run; `db` copies it (a copy costs a tenth of migrating)."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"

    async def migrate() -> None:
        await (await open_db(path)).close()

    with asyncio.Runner() as runner:
        runner.run(migrate())
    return path


@pytest.fixture
async def db(tmp_path: Path, migrated: Path) -> AsyncIterator[aiosqlite.Connection]:
    """A fresh migrated database, opened as the application opens it."""
    path = tmp_path / "test.sqlite3"
    shutil.copyfile(migrated, path)
    conn = await open_db(path)
    try:
        yield conn
    finally:
        await conn.close()


@pytest.fixture
async def world(db: aiosqlite.Connection) -> dict[str, int]:
    """The rollup scenario (tests/rollup_world.py) in `db`: names to ids."""
    return await build_world(db)


@pytest.fixture
def now() -> datetime:
    """A frozen moment: Monday 10 March 2025, 09:00 in Hà Nội / TP.HCM time."""
    return datetime(2025, 3, 10, 9, 0, tzinfo=VN).astimezone(UTC)


@pytest.fixture
def tz() -> ZoneInfo:
    return VN
