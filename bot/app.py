"""The Telegram Application: python-telegram-bot wired to the core, the shared runtime opened at start."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.config import Settings, system_clock
from bot.logs import hide_in_logs, secret_values
from bot.ratelimit import PacedRateLimiter
from bot.receive import POLL_TIMEOUT_S, TelegramReceiver
from bot.runtime import Runtime
from bot.telegram import TelegramChannel, TelegramMessenger
from handlers.context import Context
from i18n import t

log = logging.getLogger(__name__)


def build_app(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    clock: Callable[[], datetime] | None = None,
    rate_limit: bool = True,
    scheduler: bool = True,
    poll_timeout: int = POLL_TIMEOUT_S,
) -> Application:
    """A python-telegram-bot Application serving the core.

    Its `post_init` opens the shared `Runtime` (the database, Zalo beside Telegram when ZALO_BOT_TOKEN is
    set, the inbox, and the minute tick unless `scheduler` is off) and starts receiving updates (polling,
    or the webhook when WEBHOOK_URL is set) into the inbox; `post_shutdown` stops and closes them. The
    Application's own Updater and handlers are not used: updates are handled from the inbox.
    """
    if settings.telegram_token is None:
        raise ValueError(t("setting_missing", settings.lang, name="TELEGRAM_BOT_TOKEN"))
    hide_in_logs(*secret_values(settings))
    runtime = Runtime(settings, clock or system_clock)
    # the minute tick is the runtime's own task, so no JobQueue (and no APScheduler) is built
    builder: ApplicationBuilder = (
        Application.builder().token(settings.telegram_token.get_secret_value()).job_queue(None).updater(None)
    )
    if settings.telegram_base_url:
        base = settings.telegram_base_url.rstrip("/")
        builder = builder.base_url(base).base_file_url(base.removesuffix("/bot") + "/file/bot")
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    if rate_limit:
        builder = builder.rate_limiter(PacedRateLimiter(runtime.limiter))

    async def post_init(application: Application) -> None:
        application.bot_data["db"] = await runtime.open()
        await channel.set_commands(settings.lang)
        # the tick's sends are the outbox's: they yield to answers in the rate limiter
        runtime.messengers["telegram"] = TelegramMessenger(application.bot, outbox=True)
        await runtime.start_zalo(alone=False)
        application.bot_data["messengers"] = runtime.messengers
        if runtime.zalo is not None:
            application.bot_data["zalo"] = runtime.zalo
        runtime.inbox.add_channel(channel)
        application.bot_data["inbox"] = runtime.inbox
        if rate_limit:
            await runtime.start_sharing()
        runtime.start_inbox()
        if scheduler:
            runtime.start_tick()
        receiver = TelegramReceiver(application.bot, runtime.inbox, settings, poll_timeout=poll_timeout)
        await receiver.start()
        application.bot_data["receiver"] = receiver
        log.info("nhacviec started as @%s", application.bot.username)

    async def post_shutdown(application: Application) -> None:
        receiver = application.bot_data.pop("receiver", None)
        if receiver is not None:
            await receiver.stop()
        application.bot_data.pop("zalo", None)
        application.bot_data.pop("inbox", None)
        application.bot_data.pop("db", None)
        await runtime.close()

    application = builder.post_init(post_init).post_shutdown(post_shutdown).build()

    def make_context() -> Context:
        return Context(
            db=runtime.db,
            settings=runtime.core,
            clock=runtime.clock,
            deep_link=channel.deep_link,
            fetch_file=channel.fetch_file,
        )

    channel = TelegramChannel(application, make_context)
    application.bot_data["channel"] = channel
    return application
