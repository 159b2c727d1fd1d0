"""`nhacviec summary [--at ISO] [--period P] [--current|--previous] [--agency A] [--format F] [--out FILE]`: the
committee's roll-up."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.commands import UsageError, moment, write_file
from bot.commands.database import connected
from bot.config import Settings
from handlers.summary import summary_moment
from i18n import t
from i18n.formats import format_date
from plans.periods import just_ended
from reports.chart import render_chart
from reports.docx import render_docx, report_issuer
from reports.json import render_json
from reports.text import period_label, render_text
from reports.xlsx import render_xlsx
from storage.agencies import find_agency
from storage.plans import list_plans
from storage.rollup_values import Rollup
from storage.rollups import compute_rollup
from storage.unheard import Unheard, find_unheard


async def summary(args: argparse.Namespace, settings: Settings) -> int:
    """Compute the roll-up at --at and write it to --out, or print it (text and JSON only)."""
    if args.out is None and args.format not in ("text", "json"):
        raise UsageError(t("cli.format_needs_out", settings.lang, format=args.format))
    if _misnamed(args.out, args.format):  # a chart written into «tong-hop.xlsx» is a file Excel calls damaged
        raise UsageError(t("cli.out_suffix_mismatch", settings.lang, path=args.out, format=args.format))
    # the period holding --at, as CONTRACTS.md has it; --previous the one before (in the first 15 days of a
    # quarter or year, chat's /summary quý gives that one: said on stderr)
    asked = moment(args.at, settings.zone, settings.lang)
    at, _ = summary_moment(asked, settings.zone, args.period, "previous" if args.previous else "current")
    hint = not (args.previous or args.current) and just_ended(asked.astimezone(settings.zone).date(), args.period)
    issuer = ""
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
        if args.format == "docx":
            issuer = report_issuer(rollup, await list_plans(db))
        unheard = await find_unheard(db) if agency_id is None else None
    if hint:  # on stderr: stdout stays the report (a script's --format json)
        print(t("cli.summary_previous_hint", settings.lang, period=period_label(rollup, settings.lang),
                day=format_date(rollup.start, settings.lang)), file=sys.stderr)
    data = render_file(rollup, args.format, lang=settings.lang, issuer=issuer, unheard=unheard)
    if args.out is not None:
        await asyncio.to_thread(write_file, Path(args.out), data, settings.lang)
        print(t("cli.written", settings.lang, path=args.out))
    else:
        sys.stdout.write(data.decode("utf-8"))
        if not data.endswith(b"\n"):
            sys.stdout.write("\n")
    return 0


def _misnamed(out: Path | None, fmt: str) -> bool:
    """Whether --out names a file (not a folder, which is said apart) of another kind than --format's file."""
    if out is None or fmt not in ("xlsx", "png", "docx") or Path(out).is_dir():
        return False
    return Path(out).suffix.lower() != f".{fmt}"


def render_file(rollup: Rollup, fmt: str, *, lang: str, issuer: str = "", unheard: Unheard | None = None) -> bytes:
    """The roll-up in one of `summary --format`'s formats, as bytes (the text names the `unheard`)."""
    if fmt == "text":
        return "\n\n".join(render_text(rollup, lang, limit=1_000_000, unheard=unheard)).encode("utf-8")
    if fmt == "json":
        return render_json(rollup).encode("utf-8")
    if fmt == "xlsx":
        return render_xlsx(rollup, lang)
    if fmt == "png":
        return render_chart(rollup, lang)
    return render_docx(rollup, lang=lang, issuer=issuer)
