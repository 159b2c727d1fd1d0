"""`nhacviec parse-reply TEXT [--now ISO] [--json]`: the progress-reply reader on one text."""

from __future__ import annotations

import argparse

from bot.commands import moment, print_json
from bot.config import Settings
from handlers.replies import parse_reply as read_reply


async def parse_reply(args: argparse.Namespace, settings: Settings) -> int:
    """Print the reports a reply holds, one per task."""
    reports = read_reply(args.text, now=moment(args.now, settings.zone, settings.lang), tz=settings.zone)
    if args.json:
        print_json({"reports": [r.as_json() for r in reports]})
    else:
        for r in reports:
            print(f"{r.task or '-'}\t{r.status}\t{r.percent if r.percent is not None else ''}\t{r.eta or ''}\t{r.note}")
    return 0
