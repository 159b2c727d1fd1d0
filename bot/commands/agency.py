"""`nhacviec agency add NAME [--kind K] [--alias A]…` and `nhacviec agency list [--json]`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from bot.commands import UsageError, print_json
from bot.commands.database import connected
from bot.config import Settings
from i18n import t
from plans.agencies import guess_kind
from storage.agencies import add_agency, list_agencies
from storage.audit import record
from storage.db import transaction
from storage.errors import StorageError


async def agency(args: argparse.Namespace, settings: Settings) -> int:
    """Register an agency, or list the registered ones."""
    async with connected(settings) as db:
        if args.agency_command == "list":
            rows = await list_agencies(db)
            if args.json:
                print_json(
                    [
                        {"id": r.id, "name": r.name, "kind": r.kind, "aliases": list(r.aliases), "members": r.members,
                         "lead_tasks": r.lead_tasks}
                        for r in rows
                    ]
                )
            else:
                for r in rows:
                    print(f"{r.id}\t{r.name}\t{r.kind}\t{r.members} người\t{r.lead_tasks} việc chủ trì")
            return 0
        name = " ".join(args.name.split())
        if not name:
            raise UsageError("tên đơn vị trống")
        kind = args.kind or guess_kind(name)
        now = datetime.now(UTC)
        try:
            async with transaction(db):
                added = await add_agency(db, args.name, kind, now=now, aliases=tuple(args.alias))
                await record(db, now=now, channel="cli", action="agency.added", subject=added.name, detail={"kind": kind})
        except StorageError as exc:
            raise UsageError(t(exc.key, settings.lang, **exc.values)) from exc
    print(f"đã thêm {added.name} ({added.kind}), mã số {added.id}")
    return 0
