"""The `nhacviec` command line (CONTRACTS.md): parse arguments, load settings once, run one command."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from pydantic import ValidationError

from bot.commands import UsageError

log = logging.getLogger(__name__)


def _moment(text: str | None, tz) -> datetime:
    """--at/--now: ISO-8601; a naive time is read in the deployment's zone."""
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"thời điểm không hợp lệ: {text!r} (dạng ISO-8601, ví dụ 2025-03-10T08:00)") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nhacviec", description="Theo dõi kế hoạch cải cách hành chính qua chat.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="console chat on the bundled sample plan, no token needed")
    sub.add_parser("run", help="serve Telegram (polling, or webhook when WEBHOOK_URL is set) with the scheduler")
    p = sub.add_parser("import", help="read a plan document (.txt, .md, .docx, .xlsx)")
    p.add_argument("file", type=Path)
    p.add_argument("--year", type=int)
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--create-agencies", action="store_true", help="register agencies the plan names that are not registered")
    p = sub.add_parser("parse-deadline", help="read a Vietnamese deadline text")
    p.add_argument("text")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--issued", type=date.fromisoformat)
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("parse-reply", help="read a progress reply")
    p.add_argument("text")
    p.add_argument("--now")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("tick", help="run all due work once (reminders, escalations, summaries)")
    p.add_argument("--at")
    p = sub.add_parser("summary", help="the committee's roll-up")
    p.add_argument("--at")
    p.add_argument("--period", choices=["week", "month", "quarter"], default="week")
    p.add_argument("--agency")
    p.add_argument("--format", choices=["text", "json", "xlsx", "png", "docx"], default="text")
    p.add_argument("--out", type=Path)
    p = sub.add_parser("agency", help="register or list agencies")
    agency_sub = p.add_subparsers(dest="agency_command", required=True)
    a = agency_sub.add_parser("add")
    a.add_argument("name")
    a.add_argument("--kind", choices=["unit", "ward", "committee", "external"])
    a.add_argument("--alias", action="append", default=[])
    a = agency_sub.add_parser("list")
    a.add_argument("--json", action="store_true")
    p = sub.add_parser("invite", help="a one-time code linking someone to an agency")
    p.add_argument("agency")
    p.add_argument("--role", choices=["head", "member", "secretary", "admin"], default="member")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("backup", help="online backup of the database, safe while the bot runs")
    p.add_argument("file", type=Path)
    sub.add_parser("migrate", help="apply database migrations")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `nhacviec` console script."""
    args = _parser().parse_args(argv)
    from bot.config import Settings
    from bot.logs import configure_logging

    configure_logging(logging.WARNING if args.command not in ("run",) else logging.INFO)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"Cấu hình không hợp lệ: {exc.errors()[0].get('msg')}", file=sys.stderr)
        return 2
    from bot.logs import hide_in_logs, secret_values

    hide_in_logs(*secret_values(settings))
    try:
        return _run(args, settings)
    except UsageError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0


def _run(args: argparse.Namespace, settings) -> int:
    from bot import commands

    if args.command == "run":
        if settings.telegram_token is None and settings.zalo_token is None:
            raise UsageError(
                "TELEGRAM_BOT_TOKEN hoặc ZALO_BOT_TOKEN chưa được đặt; muốn thử không cần token thì chạy `nhacviec demo`"
            )
        from bot.serve import run

        run(settings)
        return 0
    if args.command == "demo":
        from bot.console import run_demo

        return asyncio.run(run_demo(settings))
    if args.command == "parse-deadline":
        return commands.parse_deadline(args)
    if args.command == "parse-reply":
        return commands.parse_reply(args, settings, _moment(args.now, settings.zone))
    if args.command in ("import", "tick", "summary", "agency", "invite", "backup", "migrate"):
        at = _moment(getattr(args, "at", None), settings.zone)
        return asyncio.run(commands.run_db_command(args, settings, at))
    raise UsageError(f"lệnh không rõ: {args.command}")


if __name__ == "__main__":
    sys.exit(main())
