"""The bot of the load test, in a process of its own: `python -m tests.load_bot`.

The real Application from bot.app.build_app, polling the fake Telegram at TELEGRAM_BASE_URL, configured
from the environment like `nhacviec run`, with two differences a load test needs: the rate limiter is
off (so the figures are the bot's own capacity, not Telegram's 30 messages a second) and the clock is
fixed at NHACVIEC_TEST_NOW (the moment the test's reminders are sent). Stops on SIGTERM.
"""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import datetime

from bot.app import build_app
from bot.config import Settings


async def serve() -> None:
    """Serve until SIGTERM, as `nhacviec run` does: post_init starts polling into the inbox."""
    now = datetime.fromisoformat(os.environ["NHACVIEC_TEST_NOW"])
    app = build_app(Settings(), clock=lambda: now, rate_limit=False, scheduler=False, poll_timeout=1)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with app:
        await app.post_init(app)  # type: ignore[misc]
        try:
            await stop.wait()
        finally:
            await app.post_shutdown(app)  # type: ignore[misc]


def main() -> None:
    """Serve until SIGTERM."""
    asyncio.run(serve())


if __name__ == "__main__":
    main()
