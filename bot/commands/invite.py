"""`nhacviec invite AGENCY [--role R] [--json]`: a one-time code (and t.me link) linking someone to an agency."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from telegram import Bot
from telegram.error import TelegramError

from bot.commands import UsageError, print_json
from bot.commands.database import connected
from bot.config import Settings
from handlers.agencies import ROLE_NAMES
from handlers.roles import read_role
from i18n import t
from i18n.formats import format_date, format_time
from storage.agencies import find_agency
from storage.audit import record
from storage.db import from_utc_iso, transaction
from storage.people import create_invite


async def invite(args: argparse.Namespace, settings: Settings) -> int:
    """Create the invite, and print its code with the link Telegram users open."""
    lang = settings.lang
    role = read_role(args.role)
    if role is None:
        raise UsageError(t("cli.unknown_role", lang, role=args.role))
    now = datetime.now(UTC)
    async with connected(settings) as db:
        agency = await find_agency(db, args.agency)
        if agency is None:
            raise UsageError(t("cli.unknown_agency", lang, name=args.agency))
        async with transaction(db):
            code = await create_invite(
                db, agency_id=agency.id, role=role, created_by=None, now=now, valid_days=settings.invite_days
            )
            await record(db, now=now, channel="cli", action="invite.created", subject=code.code,
                         detail={"agency_id": agency.id, "role": role})
    link = await _deep_link(settings, code.code)
    if args.json:
        print_json({"code": code.code, "agency": agency.name, "role": code.role, "expires_at": code.expires_at,
                    "link": link})
        return 0
    expires = from_utc_iso(code.expires_at).astimezone(settings.zone)
    print(t("cli.invite_created", lang, code=code.code, agency=agency.name, role=t(ROLE_NAMES[role], lang),
            expires=f"{format_date(expires.date(), lang)} {format_time(expires, lang)}"))
    print(t("invite_link", lang, link=link, code=code.code) if link else t("invite_no_link", lang, code=code.code))
    return 0


async def _deep_link(settings: Settings, code: str) -> str | None:
    """The t.me link needs the bot's username: ask Telegram when a token is configured."""
    if settings.telegram_token is None:
        return None
    kwargs = {"base_url": settings.telegram_base_url} if settings.telegram_base_url else {}
    try:
        async with Bot(settings.telegram_token.get_secret_value(), **kwargs) as bot:
            return f"https://t.me/{bot.username}?start={code}"
    except TelegramError:
        return None
