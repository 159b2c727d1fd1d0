"""`nhacviec run`: serve every configured channel with the minute tick until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse

from telegram.error import InvalidToken, NetworkError

from bot.commands import UsageError
from bot.commands.tick import telegram_unreachable
from bot.config import PortUnavailable, Settings
from bot.serve import serve
from bot.zalo_api import ZaloApiError
from i18n import t


async def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve Telegram and/or Zalo, whichever has a token."""
    if settings.telegram_token is None and settings.zalo_token is None:
        raise UsageError(t("cli.no_token", settings.lang))
    try:
        await serve(settings)
    except InvalidToken:
        # its message holds the token: say what to do instead (the traceback is masked, but says nothing more)
        raise UsageError(t("telegram_token_refused", settings.lang)) from None
    except NetworkError as exc:  # no route to Telegram at start-up: one line (systemd restarts the bot)
        raise UsageError(telegram_unreachable(exc, settings)) from None
    except PortUnavailable as exc:  # another bot on the port: one line, not a traceback systemd repeats
        raise UsageError(port_unavailable(exc, settings.lang)) from None
    except ZaloApiError as exc:
        if exc.method == "getMe" and 401 in (exc.status, exc.error_code):
            raise UsageError(t("zalo_token_refused", settings.lang)) from None
        raise
    return 0


def port_unavailable(exc: PortUnavailable, lang: str) -> str:
    """The webhook's port can't be opened: which, why, and the setting to change."""
    return t("cli.port_unavailable", lang, port=exc.port, address=exc.address, reason=exc.reason,
             variable=exc.variable)
