"""`nhacviec run`: every configured channel and the minute tick on one event loop, until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime

from telegram.ext import Application

from bot.app import build_app
from bot.config import Settings, system_clock
from bot.runtime import Runtime
from i18n import t

log = logging.getLogger(__name__)


async def serve(
    settings: Settings, *, clock: Callable[[], datetime] | None = None, stop: asyncio.Event | None = None
) -> None:
    """Serve Telegram (polling, or a webhook when WEBHOOK_URL is set) and Zalo (likewise) as configured, with
    the minute tick, until SIGINT/SIGTERM or `stop` is set; then stop them all and close the database."""
    if settings.telegram_token is None and settings.zalo_token is None:
        raise ValueError(
            t("setting_missing_either", settings.lang, first="TELEGRAM_BOT_TOKEN", second="ZALO_BOT_TOKEN")
        )
    clock = clock or system_clock
    stop = stop or asyncio.Event()
    with _stopped_by_signals(stop):
        if settings.telegram_token is not None:
            # Telegram's Application opens the shared runtime (and Zalo, and the tick) in its post_init
            async with _telegram(build_app(settings, clock=clock)):
                await stop.wait()
        else:
            runtime = Runtime(settings, clock)
            await runtime.open()
            try:
                await runtime.start_zalo(alone=True)
                runtime.start_inbox()
                runtime.start_tick()
                log.info("nhacviec started on Zalo")
                await stop.wait()
            finally:
                await runtime.close()
    log.info("nhacviec stopped")


def run(settings: Settings) -> None:
    """`serve` on a new event loop (the console script's entry)."""
    asyncio.run(serve(settings))


@contextlib.asynccontextmanager
async def _telegram(application: Application) -> AsyncIterator[None]:
    """The Application initialised and its post_init run (which starts receiving into the inbox), and the
    reverse on the way out."""
    async with application:  # initialize … shutdown
        try:
            await application.post_init(application)  # type: ignore[misc]
            yield
        finally:
            await application.post_shutdown(application)  # type: ignore[misc]


@contextlib.contextmanager
def _stopped_by_signals(stop: asyncio.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set `stop` while inside (where the loop can take signal handlers)."""
    loop = asyncio.get_running_loop()
    handled = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, stop.set)
            handled.append(signum)
    try:
        yield
    finally:
        for signum in handled:
            loop.remove_signal_handler(signum)
