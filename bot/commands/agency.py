"""`nhacviec agency add NAME [--kind K] [--alias A]… [--inherit-open-tasks]`, `agency list [--json]` and `agency alias NAME ALIAS`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, tzinfo

import aiosqlite

from bot.commands import UsageError, print_json
from bot.commands.database import connected
from bot.config import Settings
from handlers.agencies import KIND_NAMES, roles_text
from handlers.plan_texts import named_tasks_text
from i18n import N_, t
from plans.agencies import guess_kind, ward_name
from storage.agencies import (
    add_agency,
    add_alias,
    expand_groups_for_agency,
    find_agency,
    group_name_of_kind,
    list_agencies,
    open_group_tasks,
)
from storage.audit import record
from storage.db import transaction
from storage.errors import StorageError
from storage.named_tasks import give_named_tasks


async def agency(args: argparse.Namespace, settings: Settings) -> int:
    """Register an agency, list the registered ones, or give one another name."""
    lang = settings.lang
    async with connected(settings, create=args.agency_command == "add") as db:
        try:
            if args.agency_command == "list":
                await _list(db, args, lang)
            elif args.agency_command == "alias":
                await _alias(db, args, lang)
            else:
                await _add(db, args, lang, settings.zone)
        except StorageError as exc:
            raise UsageError(t(exc.key, lang, **exc.values)) from exc
    return 0


async def _list(db: aiosqlite.Connection, args: argparse.Namespace, lang: str) -> None:
    rows = await list_agencies(db)
    if args.json:
        print_json([{"id": r.id, "name": r.name, "kind": r.kind, "aliases": list(r.aliases), "members": r.members,
                     "lead_tasks": r.lead_tasks} for r in rows])
        return
    for r in rows:
        print(t("cli.agency_line", lang, id=r.id, name=r.name, kind=t(KIND_NAMES[r.kind], lang), members=r.members,
                tasks=r.lead_tasks))


async def _add(db: aiosqlite.Connection, args: argparse.Namespace, lang: str, zone: tzinfo) -> None:
    name = " ".join(args.name.split())
    if not name:
        raise UsageError(t("cli.agency_name_empty", lang))
    kind = args.kind or guess_kind(name)
    now = datetime.now(UTC)
    async with transaction(db):
        # «UBND phường Tân Định» is listed as the other wards are: «Phường Tân Định»
        added = await add_agency(db, args.name, kind, now=now, aliases=tuple(args.alias), display=ward_name(name))
        await record(db, now=now, channel="cli", action="agency.added", subject=added.name, detail={"kind": kind})
        named = await give_named_tasks(db, added.id)
        if named:
            await record(db, now=now, channel="cli", action="agency.named_tasks", subject=added.name,
                         detail={plan.plan_code: {"lead": plan.lead, "support": plan.support} for plan in named})
        today = now.astimezone(zone).date()
        open_tasks = await open_group_tasks(db, added.id, today)
        if open_tasks.total and args.inherit_open_tasks:
            await expand_groups_for_agency(db, added.id, open_on=today)
    print(t("cli.agency_added", lang, name=added.name, kind=t(KIND_NAMES[added.kind], lang), id=added.id))
    if named:
        print(named_tasks_text(named, lang))
    if open_tasks.total:
        key = N_("cli.agency_inherited") if args.inherit_open_tasks else N_("cli.agency_not_inherited")
        print(t(key, lang, count=open_tasks.total, roles=roles_text(open_tasks, lang),
                group=group_name_of_kind(added.kind)))


async def _alias(db: aiosqlite.Connection, args: argparse.Namespace, lang: str) -> None:
    other = " ".join(args.alias.split())
    if not other:
        raise UsageError(t("cli.alias_empty", lang))
    found = await find_agency(db, args.name)
    if found is None:
        raise UsageError(t("cli.unknown_agency", lang, name=args.name))
    now = datetime.now(UTC)
    async with transaction(db):
        await add_alias(db, found.id, other)
        await record(db, now=now, channel="cli", action="agency.alias_added", subject=found.name,
                     detail={"alias": other})
    print(t("alias_added", lang, alias=other, name=found.name))
