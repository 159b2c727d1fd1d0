"""`nhacviec import FILE [--year Y] [--json] [--create-agencies]`: read a plan and store it; with --dry-run or
--to-xlsx and a database, read it against the registered agencies exactly as the import would, storing nothing.
`nhacviec plan remove CODE [--dry-run]`: take a wrongly imported plan out of the follow-up."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from bot.commands import UsageError, print_json
from bot.commands.database import connected
from bot.commands.plan_read import print_plan_line, read, require_file, show
from bot.config import Settings
from handlers.errors import UserFacingError
from handlers.plan_removal import find_plans, footprint_text, removed_text
from handlers.plan_texts import (
    deadline_change_lines,
    empty_groups_text,
    reimport_text,
    series_skipped_text,
    unled_text,
    withdrawn_text,
)
from i18n import t
from i18n.formats import format_count
from plans.model import ParsedPlan
from storage.agencies import registry
from storage.db import transaction
from storage.plans import (
    Plan,
    ReimportChanges,
    empty_groups,
    plan_footprint,
    reimport_changes,
    reissued_plan,
    remove_plan,
    store_plan,
    take_over_plan,
    unled_tasks,
)


async def import_plan(args: argparse.Namespace, settings: Settings) -> int:
    """Read the plan, its agencies matched against the registered ones, and store it in one transaction."""
    require_file(args.file, settings.lang)
    async with connected(settings, create=True) as db:
        known = await registry(db)
        plan = read(args, settings, known)
        if args.json:
            print_json(plan.as_json(settings.lang))
        now = datetime.now(UTC)
        async with transaction(db):
            reissued = await reissued_plan(db, plan)
            if args.replace and reissued is None:
                raise UsageError(t("cli.nothing_to_replace", settings.lang, code=plan.meta.code))
            if args.replace and reissued is not None:
                await take_over_plan(db, reissued[0], plan.meta.code, now=now, user_id=None, channel="cli")
            result = await store_plan(
                db,
                plan,
                now=now,
                user_id=None,
                channel="cli",
                source_name=args.file.name,
                create_agencies=args.create_agencies or not known,
                tz=settings.zone,
                reminder_time=settings.reminder_time,
            )
            unled = await unled_tasks(db, plan)
            groups = await empty_groups(db, plan)
    if not args.json:
        print_plan_line(plan, stored=True, lang=settings.lang, unknown_created=not result.unknown_agencies)
        lang = settings.lang
        print(t("cli.import_stored", lang, added=format_count(result.tasks_added, lang),
                updated=format_count(result.tasks_updated, lang), removed=format_count(result.tasks_removed, lang),
                agencies=format_count(len(result.agencies_created), lang),
                deadlines=format_count(len(result.deadline_changes), lang)))
        changed = reimport_text(result.changes, settings.lang, counts=False) if result.changes is not None else ""
        changed += series_skipped_text(result, settings.lang) + withdrawn_text(result, plan, settings.lang)
        changed += deadline_change_lines(result.deadline_changes, settings.lang)
        if changed:
            print(changed.strip("\n"))
        if result.unknown_agencies:
            print(t("cli.unregistered_agencies", settings.lang, names="; ".join(result.unknown_agencies)))
        if unled:
            print(unled_text(unled, settings.lang).strip("\n"))
        if groups:
            print(empty_groups_text(groups, settings.lang, cli=True).strip("\n"))
        if reissued is not None and not args.replace:
            print(_reissue_line(reissued, plan, settings.lang))
    return 0


def _reissue_line(reissued: tuple[Plan, int], plan: ParsedPlan, lang: str) -> str:
    return t("cli.reissue", lang, old=reissued[0].code, new=plan.meta.code, matched=reissued[1], tasks=len(plan.tasks))


async def dry_run_known(args: argparse.Namespace, settings: Settings) -> int:
    """--dry-run / --to-xlsx with a database: names looked up in it, so the unknown agencies are the real ones."""
    require_file(args.file, settings.lang)
    async with connected(settings) as db:
        known = await registry(db)
        plan = read(args, settings, known)
        changes = await reimport_changes(db, plan)
        unled = await unled_tasks(db, plan)
        groups = await empty_groups(db, plan)
        reissued = await reissued_plan(db, plan)
    show(args, settings, known, plan, _stored_json(changes, unled, reissued))
    if args.json:
        return 0
    changed = (reimport_text(changes, settings.lang) + unled_text(unled, settings.lang)
               + empty_groups_text(groups, settings.lang, cli=True))
    if reissued is not None:
        changed += "\n" + _reissue_line(reissued, plan, settings.lang)
    if changed:
        print(changed.strip("\n"))
    return 0


def _stored_json(
    changes: ReimportChanges, unled: list[tuple[str, str]], reissued: tuple[Plan, int] | None
) -> dict[str, object]:
    """`import --dry-run --json`'s fields on what storing the plan would do to the database (CONTRACTS.md: added
    to the plan document): the stored tasks kept, renumbered (with their reports) and archived, or null for a
    plan not followed yet; the followed plan it repeats under another code; the tasks nobody would be reminded of."""
    reimport = None
    if changes.exists:
        reimport = {
            "kept": changes.kept,
            "added": changes.added,
            "renumbered": [{"from": r.old_number, "to": r.new_number, "title": r.title, "reports": r.reports}
                           for r in changes.renumbered],
            "archived": [{"number": d.number, "title": d.title, "reports": d.reports, "number_reused": d.number_reused}
                         for d in changes.dropped],
            "kept_reports": changes.kept_reports,
        }
    return {
        "reimport": reimport,
        "reissues": None if reissued is None else {"plan": reissued[0].code, "matched": reissued[1]},
        "unled": [{"task": number, "group": group} for number, group in unled],
    }


async def plan(args: argparse.Namespace, settings: Settings) -> int:
    """`nhacviec plan remove CODE`: take a plan out of the follow-up as /plan_remove does (reports kept);
    with --dry-run, only say what that would take out."""
    lang = settings.lang
    now = datetime.now(UTC)
    today = now.astimezone(settings.zone).date()
    async with connected(settings) as db:
        try:
            async with transaction(db):
                found = await find_plans(db, " ".join(args.code.split()))
                if len(found) > 1:
                    raise UsageError(t("cli.plan_ambiguous", lang, typed=args.code,
                                       plans="; ".join(plan.code for plan in found)))
                if args.dry_run:
                    print(footprint_text(await plan_footprint(db, found[0], today), lang))
                    return 0
                footprint = await remove_plan(db, found[0], today=today, now=now, user_id=None, channel="cli")
        except UserFacingError as exc:
            raise UsageError(t(exc.key, lang, **exc.values)) from exc
    print(removed_text(footprint, lang))
    return 0
