"""`nhacviec summary [--at ISO] [--period P] [--agency A] [--format F] [--out FILE]`: the committee's roll-up."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.commands import UsageError, moment, write_file
from bot.commands.database import connected
from bot.config import Settings
from i18n import t
from reports.chart import render_chart
from reports.docx import render_docx
from reports.json import render_json
from reports.text import render_text
from reports.xlsx import render_xlsx
from storage.agencies import find_agency
from storage.rollup_values import Rollup
from storage.rollups import compute_rollup


async def summary(args: argparse.Namespace, settings: Settings) -> int:
    """Compute the roll-up at --at and write it to --out, or print it (text and JSON only)."""
    if args.out is None and args.format not in ("text", "json"):
        raise UsageError(t("cli.format_needs_out", settings.lang, format=args.format))
    at = moment(args.at, settings.zone, settings.lang)
    async with connected(settings) as db:
        agency_id = None
        if args.agency:
            agency = await find_agency(db, args.agency)
            if agency is None:
                raise UsageError(t("cli.unknown_agency", settings.lang, name=args.agency))
            agency_id = agency.id
        details = args.format in ("json", "xlsx", "docx")  # the text and the chart need no detail line
        rollup = await compute_rollup(
            db, as_of=at, period=args.period, tz=settings.zone, agency_id=agency_id, details=details
        )
    data = render_file(rollup, args.format, lang=settings.lang)
    if args.out is not None:
        await asyncio.to_thread(write_file, Path(args.out), data, settings.lang)
        print(t("cli.written", settings.lang, path=args.out))
    else:
        sys.stdout.write(data.decode("utf-8"))
        if not data.endswith(b"\n"):
            sys.stdout.write("\n")
    return 0


def render_file(rollup: Rollup, fmt: str, *, lang: str) -> bytes:
    """The roll-up in one of `summary --format`'s formats, as bytes."""
    if fmt == "text":
        return "\n\n".join(render_text(rollup, lang, limit=1_000_000)).encode("utf-8")
    if fmt == "json":
        return render_json(rollup).encode("utf-8")
    if fmt == "xlsx":
        return render_xlsx(rollup, lang)
    if fmt == "png":
        return render_chart(rollup, lang)
    return render_docx(rollup, lang=lang)
