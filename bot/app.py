"""The Telegram Application: python-telegram-bot wired to the core, the shared runtime opened at start."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import Settings, system_clock
from bot.logs import hide_in_logs, secret_values
from bot.runtime import Runtime
from bot.telegram import TelegramChannel, error_handler
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
) -> Application:
    """A python-telegram-bot Application serving the core.

    Its `post_init` opens the shared `Runtime` (the database, Zalo beside Telegram when ZALO_BOT_TOKEN is
    set, and the minute tick unless `scheduler` is off); `post_shutdown` closes it.
    """
    if settings.telegram_token is None:
        raise ValueError(t("setting_missing", settings.lang, name="TELEGRAM_BOT_TOKEN"))
    hide_in_logs(*secret_values(settings))
    runtime = Runtime(settings, clock or system_clock)
    # the minute tick is the runtime's own task, so no JobQueue (and no APScheduler) is built
    builder: ApplicationBuilder = Application.builder().token(settings.telegram_token.get_secret_value()).job_queue(None)
    if settings.telegram_base_url:
        base = settings.telegram_base_url.rstrip("/")
        builder = builder.base_url(base).base_file_url(base.removesuffix("/bot") + "/file/bot")
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=0))
    # updates are independent: handle them concurrently, the DB serialises what must be
    builder = builder.concurrent_updates(True)

    async def post_init(application: Application) -> None:
        application.bot_data["db"] = await runtime.open()
        await channel.set_commands(settings.lang)
        runtime.messengers["telegram"] = channel.messenger
        await runtime.start_zalo(alone=False)
        application.bot_data["messengers"] = runtime.messengers
        if runtime.zalo is not None:
            application.bot_data["zalo"] = runtime.zalo
        if scheduler:
            runtime.start_tick()
        log.info("nhacviec started as @%s", application.bot.username)

    async def post_shutdown(application: Application) -> None:
        application.bot_data.pop("zalo", None)
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

    async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await channel.on_update(update, context)

    application.add_handler(MessageHandler(filters.ALL, on_update))
    application.add_handler(CallbackQueryHandler(on_update))
    application.add_error_handler(error_handler)
    return application
