"""/tasks: the open deadlines of the person's agency, lead tasks then coordinating ones, overdue first, each
with a report button and, under a lead task, what its coordinating agencies reported; for staff without an
agency, the plan's tasks by section, a page at a time. Where each agency stands on a task (`standing_lines`)
is also what /task shows (handlers.task_card)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo

from chat.buttons import OpenReport, TasksPage
from chat.messages import LINE_CHARS, Choice, IncomingMessage, OutgoingMessage, shorten
from handlers.context import Context
from handlers.session import Who, require_linked
from handlers.task_numbers import numbers_shown
from i18n import N_, t
from i18n.formats import format_count, format_date, format_percent
from plans.workdays import format_due, next_working_day, working_days_late
from reports.text import last_report_text
from storage.reports import StandingReport, standing_reports
from storage.tasks import PlanTask, plan_tasks, tasks_for_agency

STATUS_SHORT = {
    "done": N_("status_short.done"),
    "in_progress": N_("status_short.in_progress"),
    "blocked": N_("status_short.blocked"),
    "not_started": N_("status_short.not_started"),
    "unclear": N_("status_short.unclear"),
}
PLAN_PAGE = 15  # tasks per page of the plan's list (staff without an agency): a phone screen or two
_PAGE_WORD = re.compile(r"(?:^|\s)(?:trang|tr\.?|page)\s*(\d+)$", re.IGNORECASE)  # not «p.»: P. 12 is Phường 12
NOTE_CHARS = 120
AGENCIES_SHOWN = 20  # agencies named per role and state in a task's standing (a message stays one screen)
MAX_LISTED = 12  # a phone screen's worth; the rest are counted, and all are in /summary
WINDOW_DAYS = 30  # deadlines this close are listed even past MAX_LISTED's soft goal
TITLE_CHARS = 110


def nearest_per_task(items: list) -> list:
    """One line per task: its nearest open deadline (items come sorted, overdue first)."""
    seen: set[int] = set()
    nearest = []
    for item in items:
        if item.task_id not in seen:
            seen.add(item.task_id)
            nearest.append(item)
    return nearest


def due_text(item, today: date, lang: str) -> str:
    """How a deadline reads in a list: a date, how late it is (a lead task's; a coordinating task's date has
    only passed: its lateness is the lead agency's), or what it waits for."""
    if item.due is None:
        if item.kind == "event":
            return t("due_event", lang, trigger=item.trigger or item.label or "")
        return t("due_ongoing", lang)
    due = date.fromisoformat(item.due) if isinstance(item.due, str) else item.due
    # a deadline on a day off counts to the next working day (a Sunday's on Monday is today's, as reminders say)
    if next_working_day(due) < today and item.role == "support":
        return t("due_passed_support", lang, date=format_due(due, lang))
    if next_working_day(due) < today:  # no working day since (a Friday's task on Saturday): «vừa trễ hạn»
        count = working_days_late(due, today)
        return t(N_("due_overdue") if count else N_("due_overdue_just"), lang, date=format_due(due, lang), count=count)
    return format_due(due, lang)


def item_mark(item, today: date) -> str:
    """🔴 overdue (a lead task only), 🟡 due within 7 days, ⚪ later, undated, or a coordinating task whose
    date has passed."""
    if item.due is None:
        return "⚪"
    due = date.fromisoformat(item.due) if isinstance(item.due, str) else item.due
    if next_working_day(due) < today:  # a Sunday's deadline is Monday's, as due_text says
        return "🔴" if item.role == "lead" else "⚪"
    return "🟡" if (due - today).days <= 7 else "⚪"


def standing_lines(
    standing: list[StandingReport], role: str, tz: tzinfo, lang: str, *, under_task: bool = False
) -> list[str]:
    """A line per agency of `role` that reported (status, date, note), then one naming those that did not;
    `under_task`: indented coordinating lines under a task of a list, without the silent ones."""
    lines, silent, more = [], [], 0
    for one in standing:
        if one.role != role:
            continue
        if one.status is None:
            silent.append(one.agency)
            continue
        if len(lines) == AGENCIES_SHOWN:  # a task of every ward in the country: the first ones, then a count
            more += 1
            continue
        status = t(STATUS_SHORT[one.status], lang)
        if one.status == "in_progress" and one.percent is not None:
            status += f" {format_percent(one.percent, lang)}"
        if one.eta and one.status != "done":
            status += t("report_saved_eta", lang, eta=format_date(date.fromisoformat(one.eta), lang))
        day = datetime.fromisoformat(one.created_at).astimezone(tz).date()  # type: ignore[arg-type]
        lines.append(
            t(
                N_("standing_under_task") if under_task else N_("standing_line"),
                lang,
                agency=one.agency,
                status=status,
                day=format_date(day, lang),
                note=t("note", lang, note=shorten(one.note, NOTE_CHARS)) if one.note else "",
            )
        )
    if more:
        lines.append(t("standing_more", lang, count=more))
    if silent and not under_task:
        named = ", ".join(silent[:AGENCIES_SHOWN])
        if len(silent) > AGENCIES_SHOWN:
            named += " " + t("standing_more", lang, count=len(silent) - AGENCIES_SHOWN)
        lines.append(t("standing_silent", lang, agencies=named))
    return lines


def own_report(standing: list[StandingReport], agency_id: int, tz: tzinfo, lang: str) -> list[str]:
    """What the agency last said of a task it leads, as its reminders show it («Đã báo ngày 22/03/2022: Đang thực
    hiện, 50%»): only work under way, since a «xong» closed the task or the date of a series the line no longer
    shows."""
    for one in standing:
        if one.agency_id == agency_id and one.role == "lead" and one.status not in (None, "done"):
            day = datetime.fromisoformat(one.created_at).astimezone(tz).date()  # type: ignore[arg-type]
            said = last_report_text(one.status, one.percent, one.eta, one.note, lang, note_chars=NOTE_CHARS)
            return [t("item_report", lang, day=format_date(day, lang), report=said)]
    return []


def page_typed(args: str) -> str:
    """A list's arguments with «trang 2» (also «tr.2», «page 2») at their end read as the page number «2»."""
    return _PAGE_WORD.sub(lambda found: " " + found.group(1), args.strip()).strip()


async def list_tasks(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """The agency's open milestones, lead tasks first; a reply to this message is a report."""
    require_linked(who)
    words = args.split()
    if who.agency is None:
        if who.is_staff:
            return [plan_page(await plan_tasks(ctx.db), int(words[0]) if words else 1, who.lang)]
        return [OutgoingMessage(ctx.worded(msg.channel, N_("hint"), N_("hint_typed"), who.lang))]
    today = ctx.clock().astimezone(ctx.settings.tz).date()
    every = await tasks_for_agency(ctx.db, who.agency.id, today=today, tz=ctx.settings.tz)
    items = nearest_per_task(every)
    # a series missed several times shows its oldest date; the later ones due by today are said beside it, and
    # the line answers the newest of them («xong» closes it and every earlier one), as a «xong» typed to no list
    # does (handlers/reporting._first_open_occurrence)
    missed: dict[int, list[date]] = {}
    answers: dict[int, int | None] = {}
    for item in every:  # by due date: the newest due comes last
        if item.role == "lead" and item.due is not None and item.due <= today:
            missed.setdefault(item.task_id, []).append(item.due)
            answers[item.task_id] = item.occurrence_id
    if not items:
        return [OutgoingMessage(t("tasks_none", who.lang, agency=who.agency.name))]
    horizon = today + timedelta(days=WINDOW_DAYS)
    dated = [i for i in items if i.due is not None]
    # lead tasks first, each group in its overdue-first order, before the cut: coordinating tasks whose date has
    # passed used to fill the screen and hide the agency's own task due this Friday (TESTER15 F1)
    shown = sorted([i for i in dated if i.due <= horizon] or dated, key=lambda item: item.role != "lead")
    shown = shown[: max(MAX_LISTED, len([i for i in shown if i.role == "lead" and i.due < today]))]
    if not shown:
        shown = items[:MAX_LISTED]
    standing = await standing_reports(ctx.db, [item.task_id for item in shown if item.role == "lead"])
    numbers = numbers_shown(shown, who.lang)
    lines = [t("tasks_header", who.lang, agency=who.agency.name, count=format_count(len(items), who.lang))]
    for role, heading in (("lead", N_("report_group_lead")), ("support", N_("report_group_support"))):
        group = [item for item in shown if (item.role == "lead") == (role == "lead")]
        if group:
            lines.append(t(heading, who.lang))
        for item in group:
            key = N_("task_line") if item.deliverable else N_("task_line_nodeliv")
            lines.append(
                t(
                    key,
                    who.lang,
                    mark=item_mark(item, today),
                    number=numbers[item.task_id],
                    title=shorten(item.title, TITLE_CHARS),
                    deliverable=shorten(item.deliverable or "", 80),
                    due=due_text(item, today, who.lang) + _also_missed(missed.get(item.task_id, []), who.lang),
                )
            )
            if role == "lead":
                lines += own_report(standing[item.task_id], who.agency.id, ctx.settings.tz, who.lang)
                lines += standing_lines(standing[item.task_id], "support", ctx.settings.tz, who.lang, under_task=True)
    later = [i for i in dated if i not in shown]
    undated = len(items) - len(dated) - len([i for i in shown if i.due is None])
    if later:
        lines.append(t("tasks_later", who.lang, count=format_count(len(later), who.lang), date=format_date(later[0].due, who.lang)))
    if undated > 0:
        lines.append(t("tasks_undated", who.lang, count=undated))
    lines.append(ctx.worded(msg.channel, N_("tasks_footer"), N_("tasks_footer_typed"), who.lang))
    answered = {item.task_id: answers.get(item.task_id, item.occurrence_id) for item in shown}
    buttons = [
        Choice(t("button_report", who.lang, number=numbers[item.task_id]), OpenReport(item.task_id, answered[item.task_id]).pack())
        for item in shown[:MAX_LISTED]
    ]
    rows = tuple(tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3))
    refers = tuple({"task": item.task_id, "occurrence": answered[item.task_id]} for item in shown)
    return [OutgoingMessage("\n".join(lines), choices=rows, refers_to=refers, kind="tasks")]


def _also_missed(dates: list[date], lang: str) -> str:
    """Beside a series' oldest open date: how many later dates are due by today too, and the latest one."""
    if len(dates) < 2:
        return ""
    return t("tasks_also_missed", lang, count=len(dates) - 1, last=format_date(max(dates), lang))


def plan_page(tasks: list[PlanTask], page: int, lang: str) -> OutgoingMessage:
    """One page of the plan's tasks by section (number, shortened title, lead agency), with the way on."""
    if not tasks:
        return OutgoingMessage(t("plan_tasks_none", lang))
    pages = -(-len(tasks) // PLAN_PAGE)
    page = max(1, min(page, pages))
    shown = tasks[(page - 1) * PLAN_PAGE : page * PLAN_PAGE]
    lines = [t("plan_tasks_header", lang, count=format_count(len(tasks), lang), page=page, pages=pages)]
    # two plans number their tasks alike (1.1 of each): their sections are named with the plan, as /summary does
    several = len({task.plan_code for task in tasks}) > 1
    section = None
    for task in shown:
        if (task.plan_code, task.section_number, task.section_title) != section:
            section = (task.plan_code, task.section_number, task.section_title)
            title = f"{task.section_number}. {task.section_title}" if task.section_number else task.section_title
            if not title.strip():  # a plan not divided into sections: say so, not an empty heading
                title = t("plan_tasks_no_section", lang, plan=task.plan_code)
            elif several:
                title = f"[{task.plan_code}] {title}"
            lines += ["", t("plan_tasks_section", lang, section=shorten(title, LINE_CHARS))]
        leads = task.lead if task.leads == 1 else t("plan_tasks_leads", lang, count=task.leads)
        lines.append(t("plan_tasks_line", lang, number=task.number, title=shorten(task.title, LINE_CHARS), lead=leads))
    if pages == 1:
        lines += ["", t("plan_tasks_footer_one", lang)]
    else:  # the next page, or from the last one the page before
        lines += ["", t("plan_tasks_footer", lang, next=page + 1 if page < pages else page - 1)]
    turns = []
    if page > 1:
        turns.append(Choice(t("button_page_back", lang), TasksPage(page - 1).pack()))
    if page < pages:
        turns.append(Choice(t("button_page_next", lang), TasksPage(page + 1).pack()))
    return OutgoingMessage("\n".join(lines), choices=(tuple(turns),) if turns else ())


async def tasks_page(msg: IncomingMessage, ctx: Context, who: Who, button: TasksPage) -> list[OutgoingMessage]:
    """"Trang sau" / "Trang trước" under the plan's list of tasks."""
    require_linked(who)
    return await list_tasks(msg, ctx, who, str(button.page) if who.agency is None else "")
