"""`nhacviec run`: serve every configured channel with the minute tick until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse

from bot.commands import UsageError
from bot.config import Settings
from bot.serve import serve


async def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve Telegram and/or Zalo, whichever has a token."""
    if settings.telegram_token is None and settings.zalo_token is None:
        raise UsageError(
            "TELEGRAM_BOT_TOKEN hoặc ZALO_BOT_TOKEN chưa được đặt; muốn thử không cần token thì chạy `nhacviec demo`"
        )
    await serve(settings)
    return 0
