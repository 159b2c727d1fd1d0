"""`nhacviec migrate` and `nhacviec backup`, and the connection every database command opens."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

from bot.config import Settings
from storage.backup import backup_to
from storage.db import open_db


@asynccontextmanager
async def connected(settings: Settings) -> AsyncIterator[aiosqlite.Connection]:
    """The deployment's database, migrated, closed when the command ends."""
    db = await open_db(settings.db)
    try:
        yield db
    finally:
        await db.close()


async def migrate(args: argparse.Namespace, settings: Settings) -> int:
    """`migrate`: apply the database's pending migrations (opening it does)."""
    async with connected(settings):
        print(f"cơ sở dữ liệu {settings.db}: đã cập nhật")
    return 0


async def backup(args: argparse.Namespace, settings: Settings) -> int:
    """`backup FILE`: an online copy of the database, safe while the bot runs."""
    async with connected(settings) as db:
        pages = await backup_to(db, args.file)
    print(f"đã sao lưu vào {args.file} ({pages} trang)")
    return 0
