"""What each `nhacviec` sub-command does, on top of the same storage and core the bot uses."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime
from pathlib import Path

import aiosqlite

from i18n import t


class UsageError(Exception):
    """Bad input on the command line: printed on stderr, exit status 2."""


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def parse_deadline(args: argparse.Namespace) -> int:
    """`parse-deadline TEXT --year Y [--issued D] --json`."""
    from plans.deadlines import parse_deadline as grammar

    result = grammar(args.text, year=args.year, issued=args.issued)
    if args.json:
        _print_json({"milestones": [m.as_json() for m in result.milestones], "warnings": list(result.warnings)})
    else:
        for m in result.milestones:
            print(f"{m.kind}\t{m.due or ''}\t{m.label or ''}\t{', '.join(d.isoformat() for d in m.dates)}")
        for w in result.warnings:
            print(f"cảnh báo: {w}", file=sys.stderr)
    return 0


def parse_reply(args: argparse.Namespace, settings, now: datetime) -> int:
    """`parse-reply TEXT [--now ISO] --json`."""
    from handlers.replies import parse_reply as reader

    reports = reader(args.text, now=now, tz=settings.zone)
    if args.json:
        _print_json({"reports": [r.as_json() for r in reports]})
    else:
        for r in reports:
            print(f"{r.task or '-'}\t{r.status}\t{r.percent if r.percent is not None else ''}\t{r.eta or ''}\t{r.note}")
    return 0


async def run_db_command(args: argparse.Namespace, settings, at: datetime) -> int:
    """Commands that work on the database."""
    from storage.db import open_db

    if args.command == "import" and args.dry_run:
        return await _import(args, settings, None, at)
    db = await open_db(settings.db)
    try:
        if args.command == "migrate":
            print(f"cơ sở dữ liệu {settings.db}: đã cập nhật")
            return 0
        if args.command == "import":
            return await _import(args, settings, db, at)
        if args.command == "agency":
            return await _agency(args, settings, db, at)
        if args.command == "invite":
            return await _invite(args, settings, db, at)
        if args.command == "backup":
            return await _backup(args, db)
        if args.command == "tick":
            return await _tick(settings, db, at)
        if args.command == "summary":
            return await _summary(args, settings, db, at)
    finally:
        await db.close()
    raise UsageError(f"lệnh không rõ: {args.command}")


async def _import(args: argparse.Namespace, settings, db: aiosqlite.Connection | None, at: datetime) -> int:
    from plans.importer import read_plan_file
    from plans.model import PlanError
    from storage.agencies import registry
    from storage.db import transaction
    from storage.plans import store_plan

    if not args.file.exists():
        raise UsageError(f"không tìm thấy tệp {args.file}")
    known = await registry(db) if db is not None else []
    try:
        plan = read_plan_file(args.file, year=args.year, registry=known or None)
    except PlanError as exc:
        raise UsageError(t(exc.key, settings.lang, **exc.values)) from exc
    if args.json:
        _print_json(plan.as_json())
    if db is None:
        if not args.json:
            _print_plan_line(plan, stored=False)
        return 0
    async with transaction(db):
        result = await store_plan(
            db,
            plan,
            now=at,
            user_id=None,
            channel="cli",
            source_name=args.file.name,
            create_agencies=args.create_agencies or not known,
        )
    if not args.json:
        _print_plan_line(plan, stored=True)
        print(
            f"thêm {result.tasks_added}, cập nhật {result.tasks_updated}, bỏ {result.tasks_removed} nhiệm vụ;"
            f" tạo {len(result.agencies_created)} đơn vị; {len(result.deadline_changes)} thời hạn thay đổi"
        )
        if result.unknown_agencies:
            print("đơn vị chưa đăng ký: " + "; ".join(result.unknown_agencies))
    return 0


def _print_plan_line(plan, *, stored: bool) -> None:
    verb = "đã lưu" if stored else "đọc thử"
    print(f"{verb} {plan.meta.code}: {len(plan.tasks)} nhiệm vụ, {len(plan.warnings)} lưu ý")
    for w in plan.warnings:
        print(f"  lưu ý {w.task or '-'}: {w.message}")
    if plan.unknown_agencies:
        print("  đơn vị chưa có: " + "; ".join(plan.unknown_agencies))


async def _agency(args: argparse.Namespace, settings, db: aiosqlite.Connection, at: datetime) -> int:
    from storage.agencies import add_agency, guess_kind, list_agencies
    from storage.audit import record
    from storage.db import transaction
    from storage.errors import StorageError

    if args.agency_command == "list":
        rows = await list_agencies(db)
        if args.json:
            _print_json(
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
    try:
        async with transaction(db):
            agency = await add_agency(db, args.name, kind, now=at, aliases=tuple(args.alias))
            await record(db, now=at, channel="cli", action="agency.added", subject=agency.name, detail={"kind": kind})
    except StorageError as exc:
        raise UsageError(t(exc.key, settings.lang, **exc.values)) from exc
    print(f"đã thêm {agency.name} ({agency.kind}), mã số {agency.id}")
    return 0


async def _invite(args: argparse.Namespace, settings, db: aiosqlite.Connection, at: datetime) -> int:
    from storage.agencies import find_agency
    from storage.audit import record
    from storage.db import transaction
    from storage.people import create_invite

    agency = await find_agency(db, args.agency)
    if agency is None:
        raise UsageError(f"không tìm thấy đơn vị «{args.agency}» (xem `nhacviec agency list`)")
    async with transaction(db):
        invite = await create_invite(
            db, agency_id=agency.id, role=args.role, created_by=None, now=at, valid_days=settings.invite_days
        )
        await record(db, now=at, channel="cli", action="invite.created", subject=invite.code,
                     detail={"agency_id": agency.id, "role": args.role})
    link = await _deep_link(settings, invite.code)
    if args.json:
        _print_json({"code": invite.code, "agency": agency.name, "role": invite.role, "expires_at": invite.expires_at,
                     "link": link})
    else:
        print(f"mã mời {invite.code} cho {agency.name} ({invite.role}), hết hạn {invite.expires_at}")
        if link:
            print(link)
    return 0


async def _deep_link(settings, code: str) -> str | None:
    """The t.me link needs the bot's username: ask Telegram when a token is configured."""
    if settings.telegram_token is None:
        return None
    from telegram import Bot
    from telegram.error import TelegramError

    kwargs = {"base_url": settings.telegram_base_url} if settings.telegram_base_url else {}
    try:
        async with Bot(settings.telegram_token.get_secret_value(), **kwargs) as bot:
            return f"https://t.me/{bot.username}?start={code}"
    except TelegramError:
        return None


async def _backup(args: argparse.Namespace, db: aiosqlite.Connection) -> int:
    from storage.backup import backup_to

    pages = await backup_to(db, args.file)
    print(f"đã sao lưu vào {args.file} ({pages} trang)")
    return 0


async def _tick(settings, db: aiosqlite.Connection, at: datetime) -> int:
    from bot.messengers import open_messengers
    from schedules.jobs import tick_once

    async with open_messengers(settings) as messengers:
        lines = await tick_once(db, messengers, settings, at)
    for line in lines:
        print(line)
    return 0


async def _summary(args: argparse.Namespace, settings, db: aiosqlite.Connection, at: datetime) -> int:

    from storage.agencies import find_agency
    from storage.rollups import compute_rollup

    agency_id = None
    if args.agency:
        agency = await find_agency(db, args.agency)
        if agency is None:
            raise UsageError(f"không tìm thấy đơn vị «{args.agency}»")
        agency_id = agency.id
    rollup = await compute_rollup(db, as_of=at, period=args.period, tz=settings.zone, agency_id=agency_id)
    data = render_file(rollup, args.format, lang=settings.lang)
    if args.out is not None:
        await asyncio.to_thread(Path(args.out).write_bytes, data)
        print(f"đã ghi {args.out}")
    elif args.format in ("text", "json"):
        sys.stdout.write(data.decode("utf-8"))
        if not data.endswith(b"\n"):
            sys.stdout.write("\n")
    else:
        raise UsageError(f"--format {args.format} cần --out TỆP")
    return 0



def render_file(rollup, fmt: str, *, lang: str) -> bytes:
    """The roll-up in one of `summary --format`'s formats, as bytes."""
    if fmt == "text":
        from reports.text import render_text

        return "\n\n".join(render_text(rollup, lang, limit=1_000_000)).encode("utf-8")
    if fmt == "json":
        return json.dumps(rollup.as_json(), ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "xlsx":
        from reports.xlsx import render_xlsx

        return render_xlsx(rollup)
    if fmt == "png":
        from reports.chart import render_chart

        return render_chart(rollup)
    from reports.docx import render_docx

    quarter = (rollup.today.month - 1) // 3 + 1
    roman = ("I", "II", "III", "IV")[quarter - 1]
    return render_docx(rollup, quarter_label=f"{roman} năm {rollup.today.year}")
