"""The composition root: settings → storage, core, channel adapters and the scheduler, wired in order."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

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

from bot.config import Settings
from bot.telegram import TelegramChannel, error_handler
from handlers.context import Context, CoreSettings
from storage.db import open_db

log = logging.getLogger(__name__)

TICK_JOB_ID = "nhacviec-tick"
TICK_INTERVAL_S = 60


def core_settings(settings: Settings) -> CoreSettings:
    """The part of the settings the core needs (no secrets cross this line)."""
    return CoreSettings(
        tz=settings.zone,
        lang=settings.lang,
        # NHACVIEC_ADMIN_IDS are Telegram user ids (CONTRACTS.md)
        admin_ids=frozenset(f"telegram:{user_id}" for user_id in settings.admin_ids),
        invite_days=settings.invite_days,
        files_dir=settings.files_dir,
    )


def system_clock() -> datetime:
    """The real clock; tests and `tick --at` inject their own."""
    return datetime.now(UTC)


def configure_logging(level: int = logging.INFO) -> None:
    """Plain logs on stderr; httpx and the Bot API client kept quiet (their request lines carry the token)."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "telegram.request", "telegram.ext.ExtBot", "telegram.Bot", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


_HIDDEN: set[str] = set()
MASK = "<token>"  # the same mask as the Zalo adapter's own log filter


def hide_in_logs(*values: str | None) -> None:
    """Mask these strings (bot tokens) in every log record from now on, whatever its logger or level.

    python-telegram-bot logs its API URL at DEBUG and httpx every request URL at INFO, both with the
    token in them; quieting those loggers (configure_logging) is not enough once someone turns DEBUG on.
    """
    new = {s for s in values if s and len(s) >= 8}
    if not new:
        return
    if not _HIDDEN:
        make_record = logging.getLogRecordFactory()

        def masked_record(*args, **kwargs) -> logging.LogRecord:
            return _mask(make_record(*args, **kwargs))

        logging.setLogRecordFactory(masked_record)
    _HIDDEN.update(new)


def _mask(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: leave it to the handler to report
        return record
    if any(secret in message for secret in _HIDDEN):
        for secret in _HIDDEN:
            message = message.replace(secret, MASK)
        record.msg, record.args = message, ()
    if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
        text = logging.Formatter().formatException(record.exc_info)
        if any(secret in text for secret in _HIDDEN):
            for secret in _HIDDEN:
                text = text.replace(secret, MASK)
            record.exc_text = text  # formatters print exc_text when it is set
    return record


def secret_values(settings: Settings) -> list[str]:
    """The deployment's secrets in clear, for `hide_in_logs`."""
    return [secret.get_secret_value() for secret in (settings.telegram_token, settings.zalo_token,
                                                     settings.webhook_secret, settings.zalo_webhook_secret)
            if secret is not None]


def build_app(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    clock: Callable[[], datetime] | None = None,
    rate_limit: bool = True,
    scheduler: bool = True,
) -> Application:
    """A python-telegram-bot Application serving the core, with the DB opened at start and closed at stop."""
    if settings.telegram_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN chưa được đặt")
    clock = clock or system_clock
    hide_in_logs(*secret_values(settings))
    builder: ApplicationBuilder = Application.builder().token(settings.telegram_token.get_secret_value())
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
    core = core_settings(settings)

    async def post_init(application: Application) -> None:
        application.bot_data["db"] = await open_db(settings.db)
        await channel.set_commands()
        application.bot_data["messengers"] = {"telegram": channel.messenger}
        if settings.zalo_token is not None:
            from bot.zalo import ZaloBot, ZaloError

            # Zalo is served from the same event loop, beside Telegram, and sends through the same outbox
            zalo = ZaloBot(settings, application.bot_data["db"], core, clock)
            try:
                await zalo.start()
            except ZaloError as exc:
                # Telegram keeps serving; Zalo's queued messages wait in the outbox for the next start
                log.error("Zalo channel not started: %s", exc)
                await zalo.stop()
            else:
                application.bot_data["zalo"] = zalo
                application.bot_data["messengers"]["zalo"] = zalo.messenger
        if scheduler and application.job_queue is not None:
            from schedules.jobs import schedule_jobs

            schedule_jobs(application, settings, clock)
        log.info("nhacviec started as @%s", application.bot.username)

    async def post_shutdown(application: Application) -> None:
        zalo = application.bot_data.pop("zalo", None)
        if zalo is not None:
            await zalo.stop()
        db = application.bot_data.pop("db", None)
        if db is not None:
            await db.close()

    builder = builder.post_init(post_init).post_shutdown(post_shutdown)
    application = builder.build()

    def make_context() -> Context:
        return Context(
            db=application.bot_data["db"],
            settings=core,
            clock=clock,
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


def run(settings: Settings) -> None:
    """Serve Telegram, and Zalo beside it when ZALO_BOT_TOKEN is set (alone without a Telegram token)."""
    if settings.telegram_token is None and settings.zalo_token is not None:
        from bot import zalo

        zalo.run(settings)
        return
    application = build_app(settings)
    if settings.webhook_url:
        # without a configured secret, one for this run: Telegram sends it back, anybody else is refused
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else secrets.token_urlsafe(32)
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.port,
            url_path="telegram",
            webhook_url=settings.webhook_url.rstrip("/") + "/telegram",
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
