"""/tasks: the open deadlines of the person's agency, overdue first, each with a report button."""

from __future__ import annotations

from datetime import date, timedelta

from chat.buttons import OpenReport
from chat.messages import Choice, IncomingMessage, OutgoingMessage, shorten
from handlers.context import Context
from handlers.session import Who, require_linked
from i18n import N_, t
from i18n.formats import format_date
from plans.workdays import working_days_late
from storage.tasks import tasks_for_agency

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
    """How a deadline reads in a list: a date, how late it is, or what it waits for."""
    if item.due is None:
        if item.kind == "event":
            return t("due_event", lang, trigger=item.trigger or item.label or "")
        return t("due_ongoing", lang)
    due = date.fromisoformat(item.due) if isinstance(item.due, str) else item.due
    if due < today:
        return t("due_overdue", lang, date=format_date(due, lang), count=working_days_late(due, today))
    return format_date(due, lang)


def item_mark(item, today: date) -> str:
    """🔴 overdue, 🟡 due within 7 days, ⚪ later or undated."""
    if item.due is None:
        return "⚪"
    due = date.fromisoformat(item.due) if isinstance(item.due, str) else item.due
    if due < today:
        return "🔴"
    return "🟡" if (due - today).days <= 7 else "⚪"


async def list_tasks(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """The agency's open milestones; a reply to this message is a report."""
    require_linked(who)
    if who.agency is None:
        return [OutgoingMessage(t("hint", who.lang))]
    today = ctx.clock().astimezone(ctx.settings.tz).date()
    items = nearest_per_task(await tasks_for_agency(ctx.db, who.agency.id, today=today, tz=ctx.settings.tz))
    if not items:
        return [OutgoingMessage(t("tasks_none", who.lang, agency=who.agency.name))]
    horizon = today + timedelta(days=WINDOW_DAYS)
    dated = [i for i in items if i.due is not None]
    shown = [i for i in dated if i.due <= horizon] or dated[:MAX_LISTED]
    shown = shown[: max(MAX_LISTED, len([i for i in shown if i.due < today]))]
    if not shown:
        shown = items[:MAX_LISTED]
    lines = [t("tasks_header", who.lang, agency=who.agency.name, count=len(items))]
    for item in shown:
        key = N_("task_line") if item.deliverable else N_("task_line_nodeliv")
        lines.append(
            t(
                key,
                who.lang,
                mark=item_mark(item, today),
                number=item.number,
                title=shorten(item.title, TITLE_CHARS),
                deliverable=shorten(item.deliverable or "", 80),
                due=due_text(item, today, who.lang),
            )
        )
    later = [i for i in dated if i not in shown]
    undated = len(items) - len(dated) - len([i for i in shown if i.due is None])
    if later:
        lines.append(t("tasks_later", who.lang, count=len(later), date=format_date(later[0].due, who.lang)))
    if undated > 0:
        lines.append(t("tasks_undated", who.lang, count=undated))
    lines.append(t("tasks_footer", who.lang))
    buttons = [
        Choice(t("button_report", who.lang, number=item.number), OpenReport(item.task_id, item.occurrence_id).pack())
        for item in shown[:MAX_LISTED]
    ]
    rows = tuple(tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3))
    refers = tuple({"task": item.task_id, "occurrence": item.occurrence_id} for item in shown)
    return [OutgoingMessage("\n".join(lines), choices=rows, refers_to=refers, kind="tasks")]
