"""The `nhacviec` command line (CONTRACTS.md): parse arguments, load settings once, run one command."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import re
import sqlite3
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from bot.commands import UsageError
from bot.config import Settings, settings_problem
from bot.logs import configure_logging, hide_in_logs, secret_values
from i18n import LANGUAGES, N_, t
from plans.periods import period_named

Command = Callable[[argparse.Namespace, Settings], Awaitable[int]]

# Each sub-command's coroutine as "module:function", imported only when that command runs: `parse-reply`
# loads the reply reader and nothing else, `run` the Telegram stack, `summary` the report renderers. A dry
# run of `import` (or --to-xlsx) has entries of its own: it stores nothing, so it loads storage only to look
# the names up in a database that exists.
COMMANDS: dict[str, str] = {
    "demo": "bot.commands.demo:demo",
    "run": "bot.commands.run:run",
    "import": "bot.commands.plan:import_plan",
    "import --dry-run": "bot.commands.plan_read:dry_run",
    "import --dry-run --known": "bot.commands.plan:dry_run_known",
    "template": "bot.commands.template:template",
    "parse-deadline": "bot.commands.deadline:parse_deadline",
    "parse-reply": "bot.commands.reply:parse_reply",
    "tick": "bot.commands.tick:tick",
    "summary": "bot.commands.summary:summary",
    "agency": "bot.commands.agency:agency",
    "invite": "bot.commands.invite:invite",
    "member": "bot.commands.member:member",
    "plan": "bot.commands.plan:plan",
    "backup": "bot.commands.database:backup",
    "restore": "bot.commands.database:restore",
    "migrate": "bot.commands.database:migrate",
}


# argparse's own usage errors (Python 3.11–3.13 wording), each said in the deployment's language; any other
# stays in argparse's English
_ARGPARSE_ERRORS = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), N_("cli.argparse.required")),
    (re.compile(r"argument (?P<argument>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     N_("cli.argparse.invalid_choice")),
    (re.compile(r"unrecognized arguments: (?P<words>.+)"), N_("cli.argparse.unrecognized")),
    (re.compile(r"argument (?P<argument>.+?): expected one argument"), N_("cli.argparse.expected_one")),
    (re.compile(r"argument (?P<argument>.+?): invalid \S+ value: (?P<value>.+)"), N_("cli.argparse.invalid_value")),
)


class _Undescribed(Exception):
    """A usage error met by the parser built without its texts: the described parser says it (main)."""


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors in the deployment's language (ArgumentParser.error is documented as the
    method to override); its sub-command parsers are of this class too."""

    def __init__(self, *args: Any, described: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.described = described

    def error(self, message: str) -> NoReturn:
        """The usage line and one «Lỗi: …» line on stderr, status 2, as argparse does."""
        if not self.described:
            raise _Undescribed(message)
        lang = _language()
        problem = message
        for pattern, key in _ARGPARSE_ERRORS:
            found = pattern.fullmatch(message)
            if found:
                problem = t(key, lang, **found.groupdict())
                break
        self.exit(2, self.format_usage() + t("cli.error", lang, problem=problem) + "\n")

    def format_usage(self) -> str:
        """argparse's usage line, headed «Cách dùng:» in the deployment's language."""
        return _usage_said(super().format_usage(), _language())

    def format_help(self) -> str:
        """argparse's help, its usage headed in the deployment's language (the other headings are the groups')."""
        return _usage_said(super().format_help(), _language())


def _usage_said(text: str, lang: str) -> str:
    """argparse's text with its leading «usage: » said in `lang`, the usage's wrapped lines kept aligned."""
    usage, blank, rest = text.removeprefix("usage: ").partition("\n\n")
    first, *more = usage.split("\n")
    shift = " " * (len(t("cli.argparse.usage", lang, usage="")) - len("usage: "))
    usage = "\n".join([first, *(shift + line if line else line for line in more)])
    return t("cli.argparse.usage", lang, usage=usage) + blank + rest


def _parser(lang: str = "vi", *, described: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; its help texts in `lang`, only when `described` (when --help is asked for):
    reading the catalogue would cost a quick command such as `parse-reply` a tenth of its start-up."""

    def say(key: str) -> str | None:
        return t(key, lang) if described else None

    def add(name: str, text: str | None, parent: Any, **actions: Any) -> _Arguments:
        parser = parent.add_parser(name, help=text, description=text, add_help=False, described=described)
        return _Arguments(parser, say, **actions)

    top = _Arguments(_Parser(prog="nhacviec", description=say(N_("cli.description")), add_help=False,
                             described=described), say,
                     dest="command", metavar=say(N_("cli.metavar.command")), help=say(N_("cli.help.command")))
    sub = top.commands
    p = add("demo", say(N_("cli.help.demo")), sub)
    p.add_argument("--reset", action="store_true", help=say(N_("cli.help.demo_reset")))
    add("run", say(N_("cli.help.run")), sub)
    p = add("import", say(N_("cli.help.import")), sub)
    p.add_argument("file", type=Path, metavar=say(N_("cli.metavar.file")), help=say(N_("cli.help.import_file")))
    p.add_argument("--year", type=int, metavar=say(N_("cli.metavar.year")), help=say(N_("cli.help.year")))
    p.add_argument("--dry-run", action="store_true", help=say(N_("cli.help.dry_run")))
    p.add_argument("--json", action="store_true", help=say(N_("cli.help.import_json")))
    p.add_argument("--create-agencies", action="store_true", help=say(N_("cli.help.create_agencies")))
    p.add_argument("--replace", action="store_true", help=say(N_("cli.help.replace")))
    p.add_argument("--to-xlsx", type=Path, metavar=say(N_("cli.metavar.out_xlsx")), help=say(N_("cli.help.to_xlsx")))
    p.add_argument("--deadline", action="append", metavar=say(N_("cli.metavar.task_date")), help=say(N_("cli.help.deadline")))
    p = add("template", say(N_("cli.help.template")), sub)
    p.add_argument("file", type=Path, metavar=say(N_("cli.metavar.file")), help=say(N_("cli.help.template_file")))
    p = add("parse-deadline", say(N_("cli.help.parse_deadline")), sub)
    p.add_argument("text", metavar=say(N_("cli.metavar.text")), help=say(N_("cli.help.deadline_text")))
    p.add_argument("--year", type=int, required=True, metavar=say(N_("cli.metavar.year")),
                   help=say(N_("cli.help.deadline_year")))
    p.add_argument("--issued", type=_day, metavar=say(N_("cli.metavar.date")), help=say(N_("cli.help.issued")))
    p.add_argument("--json", action="store_true", help=say(N_("cli.help.json")))
    p = add("parse-reply", say(N_("cli.help.parse_reply")), sub)
    p.add_argument("text", metavar=say(N_("cli.metavar.text")), help=say(N_("cli.help.reply_text")))
    p.add_argument("--now", metavar=say(N_("cli.metavar.moment")), help=say(N_("cli.help.now")))
    p.add_argument("--json", action="store_true", help=say(N_("cli.help.json")))
    p = add("tick", say(N_("cli.help.tick")), sub)
    p.add_argument("--at", metavar=say(N_("cli.metavar.moment")), help=say(N_("cli.help.tick_at")))
    p = add("summary", say(N_("cli.help.summary")), sub)
    p.add_argument("--at", metavar=say(N_("cli.metavar.moment")), help=say(N_("cli.help.summary_at")))
    # «quý» or «quy» as the chat's /summary takes it: turned into the English name the choices hold
    p.add_argument("--period", type=lambda word: period_named(word) or word, choices=["week", "month", "quarter", "year"],
                   default="week", metavar=say(N_("cli.metavar.period")), help=say(N_("cli.help.period")))
    which = p.options.add_mutually_exclusive_group()
    which.add_argument("--current", action="store_true", help=say(N_("cli.help.summary_current")))
    which.add_argument("--previous", action="store_true", help=say(N_("cli.help.summary_previous")))
    p.add_argument("--agency", metavar=say(N_("cli.metavar.agency")), help=say(N_("cli.help.summary_agency")))
    p.add_argument("--format", choices=["text", "json", "xlsx", "png", "docx"], default="text",
                   help=say(N_("cli.help.format")))
    p.add_argument("--out", type=Path, metavar=say(N_("cli.metavar.file")), help=say(N_("cli.help.out")))
    p = add("agency", say(N_("cli.help.agency")), sub, dest="agency_command", metavar=say(N_("cli.metavar.action")),
            help=say(N_("cli.help.agency_action")))
    agency_sub = p.commands
    a = add("add", say(N_("cli.help.agency_add")), agency_sub)
    a.add_argument("name", metavar=say(N_("cli.metavar.name")), help=say(N_("cli.help.agency_name")))
    a.add_argument("--kind", choices=["unit", "ward", "committee", "external"], help=say(N_("cli.help.kind")))
    a.add_argument("--alias", action="append", default=[], metavar=say(N_("cli.metavar.alias")),
                   help=say(N_("cli.help.alias")))
    a.add_argument("--inherit-open-tasks", action="store_true", help=say(N_("cli.help.inherit_open_tasks")))
    a = add("list", say(N_("cli.help.agency_list")), agency_sub)
    a.add_argument("--json", action="store_true", help=say(N_("cli.help.json")))
    a = add("alias", say(N_("cli.help.agency_alias")), agency_sub)
    a.add_argument("name", metavar=say(N_("cli.metavar.name")), help=say(N_("cli.help.alias_agency")))
    a.add_argument("alias", metavar=say(N_("cli.metavar.alias")), help=say(N_("cli.help.alias_name")))
    p = add("invite", say(N_("cli.help.invite")), sub)
    p.add_argument("agency", metavar=say(N_("cli.metavar.agency")), help=say(N_("cli.help.invite_agency")))
    p.add_argument("--role", default="member", metavar=say(N_("cli.metavar.role")), help=say(N_("cli.help.role")))
    p.add_argument("--json", action="store_true", help=say(N_("cli.help.json")))
    p = add("member", say(N_("cli.help.member")), sub, dest="member_command", metavar=say(N_("cli.metavar.action")),
            help=say(N_("cli.help.member_action")))
    m = add("remove", say(N_("cli.help.member_remove")), p.commands)
    m.add_argument("person", metavar=say(N_("cli.metavar.person")), help=say(N_("cli.help.person")))
    p = add("plan", say(N_("cli.help.plan")), sub, dest="plan_command", metavar=say(N_("cli.metavar.action")),
            help=say(N_("cli.help.plan_action")))
    m = add("remove", say(N_("cli.help.plan_remove")), p.commands)
    m.add_argument("code", metavar=say(N_("cli.metavar.plan")), help=say(N_("cli.help.plan_code")))
    m.add_argument("--dry-run", action="store_true", help=say(N_("cli.help.plan_remove_dry_run")))
    p = add("backup", say(N_("cli.help.backup")), sub)
    p.add_argument("file", metavar=say(N_("cli.metavar.backup")), help=say(N_("cli.help.backup_file")))  # a str: Path() would drop a trailing slash
    p = add("restore", say(N_("cli.help.restore")), sub)
    p.add_argument("backup", metavar=say(N_("cli.metavar.backup")), help=say(N_("cli.help.restore_backup")))
    p = add("migrate", say(N_("cli.help.migrate")), sub)
    p.add_argument("--to", metavar="postgresql://…", help=say(N_("cli.help.migrate_to")))
    return top.parser


class _Arguments:
    """A parser's arguments under headings in the deployment's language (argparse's own «positional arguments»
    and «options» are English; its groups left empty are not shown), with -h/--help described likewise."""

    def __init__(self, parser: argparse.ArgumentParser, say: Callable[[str], str | None], **actions: Any) -> None:
        self.parser = parser
        self.positional = parser.add_argument_group(say(N_("cli.heading.arguments")))
        # sub-commands, when `actions` names them, listed before the options
        self.commands: Any = actions and parser.add_subparsers(title=say(N_("cli.heading.commands")),
                                                                required=True, **actions)
        self.options = parser.add_argument_group(say(N_("cli.heading.options")))
        self.options.add_argument("-h", "--help", action="help", help=say(N_("cli.help.help")))

    def add_argument(self, *names: str, **kwargs: Any) -> argparse.Action:
        """An argument, under the options' heading when its name starts with «-», else under the arguments'."""
        group = self.options if names[0].startswith("-") else self.positional
        return group.add_argument(*names, **kwargs)


def _day(text: str) -> date:
    """--issued: a day as offices write it (15/03/2022) or ISO-8601 (2022-03-15); ValueError else."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()


def _language() -> str:
    """NHACVIEC_LANG for the help texts, read before (and whether or not) the other settings are valid."""
    lang = os.environ.get("NHACVIEC_LANG", "vi")
    return lang if lang in LANGUAGES else "vi"


# what SQLite's error names mean for a person running a command (the rest say SQLite's own words)
_DB_REASONS = {
    "SQLITE_NOTADB": N_("db_not_sqlite"),
    "SQLITE_READONLY": N_("db_read_only"),
    "SQLITE_CANTOPEN": N_("db_cannot_open"),
    "SQLITE_PERM": N_("db_read_only"),
    "SQLITE_BUSY": N_("db_busy"),
    "SQLITE_LOCKED": N_("db_busy"),
    "SQLITE_FULL": N_("db_full"),
}


def database_problem(exc: sqlite3.Error, settings: Settings) -> str:
    """One line saying why the database can't be used ("tệp không phải cơ sở dữ liệu SQLite")."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    key = next((reason for prefix, reason in _DB_REASONS.items() if name.startswith(prefix)), None)
    reason = t(key, settings.lang) if key else str(exc)
    return t("db_unusable", settings.lang, path=settings.db, reason=reason)


def command(args: argparse.Namespace, settings: Settings | None = None) -> Command:
    """The function that runs the parsed command line, its module imported now."""
    name = args.command
    if args.command == "import" and (args.dry_run or args.to_xlsx is not None):
        # a PostgreSQL URL (text) names a database that is there (or says why not when opened)
        known = settings is not None and (isinstance(settings.db, str) or settings.db.exists())
        name = "import --dry-run --known" if known else "import --dry-run"
    module, function = COMMANDS[name].split(":")
    return getattr(importlib.import_module(module), function)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `nhacviec` console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = _parser(_language(), described="-h" in argv or "--help" in argv).parse_args(argv)
    except _Undescribed:  # said by the parser with its texts, in the words its --help uses («thiếu … ĐƠN-VỊ»)
        args = _parser(_language()).parse_args(argv)
    configure_logging(logging.INFO if args.command == "run" else logging.WARNING)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(t("setting_invalid", _language(), problem=settings_problem(exc)), file=sys.stderr)
        return 2
    hide_in_logs(*secret_values(settings))
    try:
        code = asyncio.run(command(args, settings)(args, settings))
        sys.stdout.flush()  # here, so a reader that went away is noticed below rather than at exit
    except UsageError as exc:
        print(t("cli.error", settings.lang, problem=exc), file=sys.stderr)
        return 2
    except sqlite3.Error as exc:  # the database was closed on the way out (storage.db.open_db, connected)
        print(database_problem(exc, settings), file=sys.stderr)
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
