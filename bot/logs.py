"""Logging for every command and channel: plain lines on stderr, and no secret in any of them.

One `SecretFilter` sits on the root logger's handlers and masks every secret it was given (bot tokens,
webhook secrets) in messages and tracebacks, whichever library logged them and at whatever level:
python-telegram-bot logs its API URL at DEBUG and httpx every request URL at INFO, both with the token
in them. `sys.excepthook` and `threading.excepthook` mask what escapes to the interpreter.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType
from urllib.parse import urlsplit

from bot.config import Settings

MASK = "<token>"
QUIET = ("httpx", "httpcore", "telegram.request", "telegram.ext.ExtBot", "telegram.Bot")


class SecretFilter(logging.Filter):
    """Rewrites a record's message and traceback with every known secret masked; never drops a record."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def mask(self, text: str) -> str:
        """`text` with every secret replaced by MASK."""
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record in place (every handler after this one sees the masked record)."""
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        masked = self.mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            # formatters print exc_text when it is set, instead of formatting exc_info again
            record.exc_text = self.mask(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        return True


SECRETS = SecretFilter()


def install(handler: logging.Handler | None = None) -> None:
    """Put the filter on `handler`, or on every handler of the root logger, and mask what escapes too."""
    handlers = [handler] if handler is not None else logging.getLogger().handlers
    for each in handlers:
        if SECRETS not in each.filters:
            each.addFilter(SECRETS)
    sys.excepthook = _masked_excepthook
    threading.excepthook = _masked_thread_excepthook


def configure_logging(level: int = logging.INFO) -> None:
    """Plain logs on stderr, secrets masked; the HTTP clients kept quiet (one line per request)."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in QUIET:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    install()


def hide_in_logs(*values: str | None) -> None:
    """Mask these strings in every log line from now on (values shorter than 8 characters are ignored)."""
    SECRETS.secrets.update(value for value in values if value and len(value) >= 8)
    install()


def secret_values(settings: Settings) -> list[str]:
    """The deployment's secrets in clear, for `hide_in_logs`."""
    found = [secret.get_secret_value() for secret in (settings.telegram_token, settings.zalo_token,
                                                      settings.webhook_secret, settings.zalo_webhook_secret)
             if secret is not None]
    password = urlsplit(settings.db).password if isinstance(settings.db, str) else None
    return [*found, password] if password else found


def _masked_excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    sys.stderr.write(SECRETS.mask("".join(traceback.format_exception(kind, value, tb))))


def _masked_thread_excepthook(args: threading.ExceptHookArgs) -> None:
    """What escapes a thread, printed as threading's own hook would, with every secret masked."""
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else threading.get_ident()
    sys.stderr.write(f"Exception in thread {name}:\n")
    _masked_excepthook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)
