"""`nhacviec parse-deadline TEXT --year Y [--issued D] [--json]`: the deadline grammar on one text."""

from __future__ import annotations

import argparse
import sys

from bot.commands import print_json
from bot.config import Settings
from i18n import t
from plans.deadlines import parse_deadline as read_deadline


async def parse_deadline(args: argparse.Namespace, settings: Settings) -> int:
    """Print the milestones a deadline text holds, and the grammar's warnings in the deployment's language."""
    result = read_deadline(args.text, year=args.year, issued=args.issued)
    if args.json:
        warnings = [w.render(settings.lang) for w in result.warnings]
        print_json({"milestones": [m.as_json() for m in result.milestones], "warnings": warnings})
    else:
        for m in result.milestones:
            print(f"{m.kind}\t{m.due or ''}\t{m.label or ''}\t{', '.join(d.isoformat() for d in m.dates)}")
        for w in result.warnings:
            print(t("cli.warning", settings.lang, warning=w.render(settings.lang)), file=sys.stderr)
    return 0
