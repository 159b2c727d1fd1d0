"""`nhacviec template OUT.xlsx`: an empty plan workbook to type a plan into, offering the known agencies."""

from __future__ import annotations

import argparse

from bot.commands import write_file
from bot.commands.database import connected
from bot.config import Settings
from i18n import t
from plans.catalogue import CATALOGUE
from plans.template import write_template
from storage.agencies import registry


async def template(args: argparse.Namespace, settings: Settings) -> int:
    """Write the empty workbook; its drop-downs list the registered agencies, or the catalogue without any."""
    names: list[str] = []
    if settings.db.exists():
        async with connected(settings) as db:
            names = [agency.name for agency in await registry(db)]
    write_file(args.file, write_template(None, names or list(CATALOGUE), settings.lang), settings.lang)
    print(t("cli.template_written", settings.lang, path=args.file))
    return 0
