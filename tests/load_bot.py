"""The bot of the load test, in a process of its own: `python -m tests.load_bot`.

The real Application from bot.app.build_app, polling the fake Telegram at TELEGRAM_BASE_URL, configured
from the environment like `nhacviec run`, with two differences a load test needs: the rate limiter is
off (so the figures are the bot's own capacity, not Telegram's 30 messages a second) and the clock is
fixed at NHACVIEC_TEST_NOW (the moment the test's reminders are sent). Stops on SIGTERM.
"""

from __future__ import annotations

import os
from datetime import datetime

from telegram import Update

from bot.app import build_app
from bot.config import Settings


def main() -> None:
    """Serve until SIGTERM."""
    now = datetime.fromisoformat(os.environ["NHACVIEC_TEST_NOW"])
    app = build_app(Settings(), clock=lambda: now, rate_limit=False, scheduler=False)
    app.run_polling(poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
