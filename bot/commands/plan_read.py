"""`nhacviec import FILE --dry-run`: read a plan and show it, storing nothing (so loading no storage)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.commands import UsageError, print_json
from bot.config import Settings
from i18n import N_, t
from plans.agencies import KnownAgency
from plans.importer import read_plan_file
from plans.model import ParsedPlan, PlanError


async def dry_run(args: argparse.Namespace, settings: Settings) -> int:
    """Read the plan document and print it (as JSON with --json), its agencies matched by name only."""
    require_file(args.file, settings.lang)
    plan = read(args, settings, [])
    if not args.json:
        print_plan_line(plan, stored=False, lang=settings.lang)
    return 0


def require_file(path: Path, lang: str) -> None:
    """A clear usage error when the plan document is not there."""
    if not path.exists():
        raise UsageError(t("cli.no_file", lang, path=path))


def read(args: argparse.Namespace, settings: Settings, known: list[KnownAgency]) -> ParsedPlan:
    """The parsed plan (a usage error in the deployment's language when it is not one), printed first as
    JSON with --json (its warnings in the deployment's language)."""
    try:
        plan = read_plan_file(args.file, year=args.year, registry=known or None)
    except PlanError as exc:
        raise UsageError(t(exc.key, settings.lang, **exc.values)) from exc
    if args.json:
        print_json(plan.as_json(settings.lang))
    return plan


def print_plan_line(plan: ParsedPlan, *, stored: bool, lang: str) -> None:
    """One line on the plan, then its warnings (in `lang`) and the agencies it names that are not registered."""
    line = t(N_("cli.plan_stored") if stored else N_("cli.plan_read"), lang, code=plan.meta.code, tasks=len(plan.tasks),
             warnings=len(plan.warnings))
    print(line)
    for w in plan.warnings:
        print(t("cli.plan_warning", lang, task=w.task or "-", warning=w.render(lang)))
    if plan.unknown_agencies:
        print(t("cli.plan_unknown_agencies", lang, names="; ".join(plan.unknown_agencies)))
