"""/task 2.3: one task whole, as the plan states it, with what each of its agencies last reported."""

from __future__ import annotations

from datetime import datetime

from chat.messages import IncomingMessage, OutgoingMessage
from handlers.context import Context
from handlers.errors import BadInput
from handlers.reporting import status_choices
from handlers.session import Who, require_linked
from i18n import N_, t
from i18n.formats import format_count, format_date
from reports.text import last_report_text
from storage.agencies import get_agency
from storage.reports import latest_report
from storage.tasks import find_task, task_agencies

AGENCIES_LISTED = 15  # per role: a task given to every ward of a province names hundreds


async def show_task(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """The task's full title, products, deadline and agencies with their last reports; report buttons for
    a person whose agency is on it."""
    require_linked(who)
    words = args.split()
    if not words:
        return [OutgoingMessage(t("task_card.usage", who.lang))]
    task = await find_task(ctx.db, words[0])
    if task is None:
        raise BadInput(N_("report_no_task"), task=words[0])
    links = await task_agencies(ctx.db, task.id)
    own = who.agency.id if who.agency else None
    lines = [t("task_card.title", who.lang, number=task.number, title=task.title)]
    lines += [t("item_deliverable", who.lang, deliverable=d) for d in task.deliverable_list]
    if task.deadline_text:
        lines.append(t("task_card.deadline", who.lang, deadline=task.deadline_text))
    for role, heading in (("lead", N_("report_group_lead")), ("support", N_("report_group_support"))):
        ids = sorted((agency_id for agency_id, r in links if r == role), key=lambda a: a != own)
        if not ids:
            continue
        lines += ["", t(heading, who.lang)]
        for agency_id in ids[:AGENCIES_LISTED]:
            lines.append(await _agency_line(ctx, agency_id, task.id, who.lang))
        if len(ids) > AGENCIES_LISTED:
            lines.append(t("more", who.lang, n=format_count(len(ids) - AGENCIES_LISTED, who.lang)))
    on_it = own is not None and any(agency_id == own for agency_id, _ in links)
    choices = status_choices(task.id, None, who.lang) if on_it else ()
    return [OutgoingMessage("\n".join(lines), choices=choices)]


async def _agency_line(ctx: Context, agency_id: int, task_id: int, lang: str) -> str:
    agency = await get_agency(ctx.db, agency_id)
    name = agency.name if agency else "?"
    report = await latest_report(ctx.db, task_id, agency_id)
    if report is None:
        return t("task_card.agency_silent", lang, agency=name)
    said = last_report_text(report.status, report.percent, report.eta, report.note, lang)
    day = datetime.fromisoformat(report.created_at).astimezone(ctx.settings.tz).date()
    return t("task_card.agency", lang, agency=name, report=said, day=format_date(day, lang))
