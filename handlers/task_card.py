"""/task 2.3 (also /tasks 2.3, /nhiemvu 2.3): one task whole, as the plan states it, with where each of its
lead and coordinating agencies stands; report buttons for a person whose agency is on it."""

from __future__ import annotations

from chat.buttons import ShowTask
from chat.messages import Choice, IncomingMessage, OutgoingMessage
from handlers.context import Context
from handlers.errors import BadInput
from handlers.reporting import status_choices
from handlers.session import Who, require_linked
from handlers.task_numbers import plan_label, plans_text, tasks_named
from handlers.tasks import list_tasks, page_typed, standing_lines
from i18n import N_, t
from i18n.formats import format_date
from storage.reports import StandingReport, standing_reports
from storage.tasks import Task, get_task, tasks_for_agency

OPEN_DATES_SHOWN = 5  # a weekly task missed for months: the oldest dates, then «…»


async def show_task(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """The task's full title, products, deadline and its agencies' latest reports; a reply to it reports."""
    require_linked(who)
    number, _, plan = args.strip().partition(" ")
    if not number:
        return [OutgoingMessage(t("task_card.usage", who.lang))]
    found = await tasks_named(ctx, who, number, plan=plan)
    if not found:
        raise BadInput(N_("report_no_task"), task=args.strip())
    if len(found) > 1:
        buttons = tuple((Choice(plan_label(one.task.key, one.plan_code, who.lang), ShowTask(one.task.id).pack()),)
                        for one in found)
        return [OutgoingMessage(plans_text(found[0].task.number, [(one.task.key, one.plan_code) for one in found], who.lang),
                                choices=buttons)]
    return await _card(ctx, who, found[0].task, (await standing_reports(ctx.db, [found[0].task.id]))[found[0].task.id])


async def card_picked(msg: IncomingMessage, ctx: Context, who: Who, button: ShowTask) -> list[OutgoingMessage]:
    """A plan's button after a number two plans have: that plan's task whole."""
    require_linked(who)
    task = await get_task(ctx.db, button.task_id)
    if task is None or not task.active:
        raise BadInput(N_("button_stale"))
    return await _card(ctx, who, task, (await standing_reports(ctx.db, [task.id]))[task.id])


async def _card(ctx: Context, who: Who, task: Task, standing: list[StandingReport]) -> list[OutgoingMessage]:
    """The task whole and where its agencies stand; its status buttons when the person's agency is on it."""
    lang, tz = who.lang, ctx.settings.tz
    lines = [t("task_detail_title", lang, number=task.key, title=task.title)]
    if task.deliverable_list:
        lines.append(t("task_detail_deliverable", lang, deliverable="; ".join(task.deliverable_list)))
    if task.deadline_text:
        lines.append(t("task_detail_deadline", lang, deadline=task.deadline_text))
    for role, heading in (("lead", N_("report_group_lead")), ("support", N_("report_group_support"))):
        own = standing_lines(standing, role, tz, lang)
        if own:
            lines += ["", t(heading, lang), *own]
    if who.agency is None or all(one.agency_id != who.agency.id for one in standing):
        return [OutgoingMessage("\n".join(lines))]
    # a series' «Xong» above may answer an earlier date: the person's own dates still open by today are said
    today = ctx.clock().astimezone(tz).date()
    open_dates = [
        item.due for item in await tasks_for_agency(ctx.db, who.agency.id, today=today, tz=tz)
        if item.task_id == task.id and item.role == "lead" and item.due is not None and item.due <= today
    ]
    if open_dates:
        shown = ", ".join(format_date(day, lang) for day in open_dates[:OPEN_DATES_SHOWN])
        if len(open_dates) > OPEN_DATES_SHOWN:
            shown += " …"
        lines += ["", t("task_card.open_dates", lang, agency=who.agency.name, count=len(open_dates), dates=shown)]
    # the person's agency is on it: its status buttons, and a reply ("xong") reports on this task
    refers = ({"task": task.id, "occurrence": None},)
    return [OutgoingMessage("\n".join(lines), choices=status_choices(task.id, None, lang), refers_to=refers, kind="tasks")]


async def tasks_or_task(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/tasks [page] lists («/tasks trang 2» too); /tasks 2.3 is /task 2.3, and so is /tasks 2 for a person of
    an agency, whose list has one page (task 2 of a plan numbered 1, 2, 3)."""
    typed = args.strip()
    args = page_typed(args)
    words = args.split()
    if who.agency is not None and words and words[0].isdigit() and args == typed:
        number, _, plan = args.partition(" ")
        if await tasks_named(ctx, who, number, plan=plan):
            return await show_task(msg, ctx, who, args)
        # «/viec 2» with no task 2, a page asked for: «Không tìm thấy nhiệm vụ 2. Gõ /tasks …» left a chair who had
        # read «… và 46 việc khác» under /tasks with no way to the rest
        return [OutgoingMessage(t("tasks_one_page", who.lang, number=number, agency=who.agency.name))]
    if words and not words[0].isdigit():
        return await show_task(msg, ctx, who, args)
    return await list_tasks(msg, ctx, who, args)
