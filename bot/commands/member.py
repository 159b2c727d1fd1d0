"""`nhacviec member remove PERSON`: take a person's access back, as /member_remove does in chat."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

import aiosqlite

from bot.commands import UsageError
from bot.commands.database import connected
from bot.config import Settings, core_settings
from handlers.agencies import ROLE_NAMES
from handlers.errors import UserFacingError
from handlers.members import describe, find, nobody_left, remove_one
from i18n import t
from storage.db import transaction
from storage.people import linked_members

LISTED = 30  # people listed when a name matches nobody; the rest counted


async def member(args: argparse.Namespace, settings: Settings) -> int:
    """Unlink the one person PERSON names (NAME, "AGENCY | NAME" or #ID); several matches are listed, none removed."""
    lang = settings.lang
    async with connected(settings) as db:
        try:
            async with transaction(db):
                matches = await find(db, args.person)
                if len(matches) > 1:
                    listed = "\n".join(f"  {describe(m, lang)}" for m in matches)
                    raise UsageError(t("cli.member_ambiguous", lang, count=len(matches), person=args.person,
                                       listed=listed))
                admin_ids = core_settings(settings).admin_ids
                await remove_one(db, matches[0], admin_ids=admin_ids, now=datetime.now(UTC), by=None, channel="cli")
                empty = await nobody_left(db, matches[0])
        except UserFacingError as exc:
            if exc.key == "member_not_found":
                raise UsageError(await _nobody_called(db, exc.values["name"], lang)) from exc
            raise UsageError(t(exc.key, lang, **exc.values)) from exc
    print(t("cli.member_removed", lang, person=describe(matches[0], lang)))
    if empty:
        role = t(ROLE_NAMES[matches[0].role], lang)
        print(t("cli.member_removed_nobody_left", lang, agency=matches[0].agency, role=role))
    return 0


async def _nobody_called(db: aiosqlite.Connection, name: str, lang: str) -> str:
    """A name that matches nobody: who is linked, as the command line has no /agencies to look them up."""
    linked = await linked_members(db)
    if not linked:
        return t("cli.member_not_found_none", lang, name=name)
    listed = "\n".join(f"  {describe(m, lang)}" for m in linked[:LISTED])
    if len(linked) > LISTED:
        listed += "\n  " + t("cli.member_not_found_more", lang, count=len(linked) - LISTED)
    return t("cli.member_not_found", lang, name=name, listed=listed)
