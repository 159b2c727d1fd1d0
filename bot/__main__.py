"""The `nhacviec` command line (CONTRACTS.md): parse arguments, load settings once, run one command."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.commands import UsageError
from bot.config import Settings, settings_problem
from bot.logs import configure_logging, hide_in_logs, secret_values
from i18n import LANGUAGES, t

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


def _parser(lang: str = "vi") -> argparse.ArgumentParser:
    parser = _with_help(argparse.ArgumentParser(prog="nhacviec", description=t("cli.description", lang),
                                                add_help=False), lang)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", help=t("cli.help.command", lang))

    def add(name: str, text: str, parent: Any = sub) -> argparse.ArgumentParser:
        return _with_help(parent.add_parser(name, help=text, description=text, add_help=False), lang)

    add("demo", t("cli.help.demo", lang))
    add("run", t("cli.help.run", lang))
    p = add("import", t("cli.help.import", lang))
    p.add_argument("file", type=Path, help=t("cli.help.import_file", lang))
    p.add_argument("--year", type=int, help=t("cli.help.year", lang))
    p.add_argument("--dry-run", action="store_true", help=t("cli.help.dry_run", lang))
    p.add_argument("--json", action="store_true", help=t("cli.help.import_json", lang))
    p.add_argument("--create-agencies", action="store_true", help=t("cli.help.create_agencies", lang))
    p = add("parse-deadline", t("cli.help.parse_deadline", lang))
    p.add_argument("text", help=t("cli.help.deadline_text", lang))
    p.add_argument("--year", type=int, required=True, help=t("cli.help.deadline_year", lang))
    p.add_argument("--issued", type=date.fromisoformat, help=t("cli.help.issued", lang))
    p.add_argument("--json", action="store_true", help=t("cli.help.json", lang))
    p = add("parse-reply", t("cli.help.parse_reply", lang))
    p.add_argument("text", help=t("cli.help.reply_text", lang))
    p.add_argument("--now", help=t("cli.help.now", lang))
    p.add_argument("--json", action="store_true", help=t("cli.help.json", lang))
    p = add("tick", t("cli.help.tick", lang))
    p.add_argument("--at", help=t("cli.help.tick_at", lang))
    p = add("summary", t("cli.help.summary", lang))
    p.add_argument("--at", help=t("cli.help.summary_at", lang))
    p.add_argument("--period", choices=["week", "month", "quarter"], default="week", help=t("cli.help.period", lang))
    p.add_argument("--agency", help=t("cli.help.summary_agency", lang))
    p.add_argument("--format", choices=["text", "json", "xlsx", "png", "docx"], default="text",
                   help=t("cli.help.format", lang))
    p.add_argument("--out", type=Path, help=t("cli.help.out", lang))
    p = add("agency", t("cli.help.agency", lang))
    agency_sub = p.add_subparsers(dest="agency_command", required=True, metavar="ACTION",
                                  help=t("cli.help.agency_action", lang))
    a = add("add", t("cli.help.agency_add", lang), agency_sub)
    a.add_argument("name", help=t("cli.help.agency_name", lang))
    a.add_argument("--kind", choices=["unit", "ward", "committee", "external"], help=t("cli.help.kind", lang))
    a.add_argument("--alias", action="append", default=[], help=t("cli.help.alias", lang))
    a = add("list", t("cli.help.agency_list", lang), agency_sub)
    a.add_argument("--json", action="store_true", help=t("cli.help.json", lang))
    a = add("alias", t("cli.help.agency_alias", lang), agency_sub)
    a.add_argument("name", help=t("cli.help.alias_agency", lang))
    a.add_argument("alias", help=t("cli.help.alias_name", lang))
    p = add("invite", t("cli.help.invite", lang))
    p.add_argument("agency", help=t("cli.help.invite_agency", lang))
    p.add_argument("--role", default="member", help=t("cli.help.role", lang))
    p.add_argument("--json", action="store_true", help=t("cli.help.json", lang))
    p = add("member", t("cli.help.member", lang))
    member_sub = p.add_subparsers(dest="member_command", required=True, metavar="ACTION",
                                  help=t("cli.help.member_action", lang))
    m = add("remove", t("cli.help.member_remove", lang), member_sub)
    m.add_argument("person", help=t("cli.help.person", lang))
    p = add("backup", t("cli.help.backup", lang))
    p.add_argument("file", help=t("cli.help.backup_file", lang))  # a str: Path() would drop a trailing slash
    add("migrate", t("cli.help.migrate", lang))
    return parser


def _with_help(parser: argparse.ArgumentParser, lang: str) -> argparse.ArgumentParser:
    """-h/--help described in the deployment's language (argparse's own says it in English)."""
    parser.add_argument("-h", "--help", action="help", help=t("cli.help.help", lang))
    return parser


def _language() -> str:
    """NHACVIEC_LANG for the help texts, read before (and whether or not) the other settings are valid."""
    lang = os.environ.get("NHACVIEC_LANG", "vi")
    return lang if lang in LANGUAGES else "vi"


def command(args: argparse.Namespace) -> Command:
    """The function that runs the parsed command line, its module imported now."""
    name = "import --dry-run" if args.command == "import" and args.dry_run else args.command
    module, function = COMMANDS[name].split(":")
    return getattr(importlib.import_module(module), function)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `nhacviec` console script."""
    args = _parser(_language()).parse_args(argv)
    configure_logging(logging.INFO if args.command == "run" else logging.WARNING)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(t("setting_invalid", _language(), problem=settings_problem(exc)), file=sys.stderr)
        return 2
    hide_in_logs(*secret_values(settings))
    try:
        code = asyncio.run(command(args)(args, settings))
        sys.stdout.flush()  # here, so a reader that went away is noticed below rather than at exit
    except UsageError as exc:
        print(t("cli.error", settings.lang, problem=exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:
        # the reader stopped early (`nhacviec summary | head -3`): stop quietly as Unix tools do, with the
        # status a shell reports for a command SIGPIPE ended (128 + 13); what is still buffered goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return code


if __name__ == "__main__":
    sys.exit(main())
