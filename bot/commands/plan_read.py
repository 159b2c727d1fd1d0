"""`nhacviec import FILE --dry-run [--to-xlsx OUT.xlsx]`: read a plan and show it (or write it into the plan
workbook to correct), storing nothing; with no database there is nothing to look names up in, so no storage
is loaded."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from bot.commands import UsageError, print_json, write_file
from bot.config import Settings
from handlers.plan_reading import leadless_text, reading_text, unregistered_leads_text
from i18n import N_, t
from plans.agencies import KnownAgency
from plans.catalogue import CATALOGUE
from plans.documents import document_name
from plans.importer import read_plan_file
from plans.model import DeadlineChoice, ParsedPlan, PlanError, deadline_choice_word
from plans.template import write_template


async def dry_run(args: argparse.Namespace, settings: Settings) -> int:
    """Read the plan document and print it (as JSON with --json); there is no database, so no names to match."""
    require_file(args.file, settings.lang)
    show(args, settings, [], read(args, settings, []))
    return 0


def show(
    args: argparse.Namespace, settings: Settings, known: list[KnownAgency], plan: ParsedPlan,
    stored: dict[str, object] | None = None,
) -> None:
    """Print the plan read against `known` (as JSON with --json, with `stored`'s fields: what storing it would
    do to what the database holds), and write the workbook --to-xlsx asks for."""
    if args.json:
        print_json(plan.as_json(settings.lang) | (stored or {}))
    if args.to_xlsx is not None:
        names = [agency.name for agency in known] or list(CATALOGUE)
        write_file(args.to_xlsx, write_template(plan, names, settings.lang), settings.lang)
    if not args.json:
        print_plan_line(plan, stored=False, lang=settings.lang)
        if args.to_xlsx is not None:
            print(t("cli.xlsx_written", settings.lang, path=args.to_xlsx, file=args.file.name))


def require_file(path: Path, lang: str) -> None:
    """A clear usage error when the plan document is not there."""
    if not path.is_file():  # a folder too: reading it ended in IsADirectoryError's traceback
        raise UsageError(t("cli.no_file", lang, path=path))


def read(args: argparse.Namespace, settings: Settings, known: list[KnownAgency]) -> ParsedPlan:
    """The parsed plan (a usage error in the deployment's language when it is not one)."""
    try:
        plan = read_plan_file(args.file, year=args.year, registry=known or None)
    except PlanError as exc:
        notes = "".join("\n" + t("cli.plan_warning", settings.lang, task=w.task or "-", warning=w.render(settings.lang))
                        for w in exc.warnings)
        raise UsageError(t(exc.key, settings.lang, **exc.values) + notes) from exc
    for value in args.deadline or ():
        plan = with_deadline_option(plan, value, settings.lang)
    return plan


def with_deadline_option(plan: ParsedPlan, value: str, lang: str) -> ParsedPlan:
    """`plan` with one --deadline TASK=DATE|thường xuyên|sự kiện applied (a usage error naming what is wrong)."""
    task, _, said = value.partition("=")
    choice: DeadlineChoice | None = deadline_choice_word(said)
    if choice is None:
        try:
            choice = datetime.strptime(said.strip(), "%d/%m/%Y").date()
        except ValueError:
            raise UsageError(t("cli.bad_deadline", lang, value=value)) from None
    key = plan.task_key(task)
    if key is None:
        raise UsageError(t("cli.deadline_no_task", lang, value=value, task=task.strip()))
    return plan.with_deadline(key, choice)


def print_plan_line(plan: ParsedPlan, *, stored: bool, lang: str, unknown_created: bool = True) -> None:
    """One line on the plan counting the notes under it, then those notes (in `lang`): its warnings, the agencies
    it names that are not registered (before storing: once stored, the import says which are still not), the
    deadlines not read, the tasks with no lead; `unknown_created` False: stored without creating those agencies,
    so the tasks only they lead have no lead."""
    notes = [t("cli.plan_warning", lang, task=w.task or "-", warning=w.render(lang)) for w in plan.warnings]
    if plan.unknown_agencies and not stored:
        notes.append(t("cli.plan_unknown_agencies", lang, names="; ".join(plan.unknown_agencies))
                     + unregistered_leads_text(plan, lang, cli=True).replace("\n", " "))
    unread = plan.unread_deadlines()
    if unread:
        keys = ", ".join(dict.fromkeys(w.task or "-" for w in unread))
        notes.append(t(N_("cli.unread_stored") if stored else N_("cli.unread_read"), lang, count=len(unread), tasks=keys))
    notes += leadless_text(plan, lang, stored=stored, cli=True, unknown_created=unknown_created).split("\n")[1:]
    print(t(N_("cli.plan_stored") if stored else N_("cli.plan_read"), lang,
            document=document_name(plan.meta.code, lang), tasks=len(plan.tasks), warnings=len(notes)))
    if not stored:  # what was read, to check before storing
        print(reading_text(plan, lang, cli=True).strip("\n"))
    for note in notes:
        print(note)
