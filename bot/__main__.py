"""The `nhacviec` command line (CONTRACTS.md): parse arguments, load settings once, run one command."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from bot.commands import UsageError
from bot.config import Settings
from bot.logs import configure_logging, hide_in_logs, secret_values

Command = Callable[[argparse.Namespace, Settings], Awaitable[int]]

# Each sub-command's coroutine as "module:function", imported only when that command runs: `parse-reply`
# loads the reply reader and nothing else, `run` the Telegram stack, `summary` the report renderers. A dry
# run of `import` has an entry of its own, as it stores nothing and so loads no storage.
COMMANDS: dict[str, str] = {
    "demo": "bot.commands.demo:demo",
    "run": "bot.commands.run:run",
    "import": "bot.commands.plan:import_plan",
    "import --dry-run": "bot.commands.plan_read:dry_run",
    "parse-deadline": "bot.commands.deadline:parse_deadline",
    "parse-reply": "bot.commands.reply:parse_reply",
    "tick": "bot.commands.tick:tick",
    "summary": "bot.commands.summary:summary",
    "agency": "bot.commands.agency:agency",
    "invite": "bot.commands.invite:invite",
    "member": "bot.commands.member:member",
    "backup": "bot.commands.database:backup",
    "migrate": "bot.commands.database:migrate",
}


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
    p = sub.add_parser("member", help="take a person's access back")
    member_sub = p.add_subparsers(dest="member_command", required=True)
    m = member_sub.add_parser("remove", help="unlink a person: NAME, \"AGENCY | NAME\" or #ID")
    m.add_argument("person")
    p = sub.add_parser("backup", help="online backup of the database, safe while the bot runs")
    p.add_argument("file", type=Path)
    sub.add_parser("migrate", help="apply database migrations")
    return parser


def command(args: argparse.Namespace) -> Command:
    """The function that runs the parsed command line, its module imported now."""
    name = "import --dry-run" if args.command == "import" and args.dry_run else args.command
    module, function = COMMANDS[name].split(":")
    return getattr(importlib.import_module(module), function)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `nhacviec` console script."""
    args = _parser().parse_args(argv)
    configure_logging(logging.INFO if args.command == "run" else logging.WARNING)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"Cấu hình không hợp lệ: {exc.errors()[0].get('msg')}", file=sys.stderr)
        return 2
    hide_in_logs(*secret_values(settings))
    try:
        return asyncio.run(command(args)(args, settings))
    except UsageError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
