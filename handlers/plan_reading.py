"""What an import read, said to an admin before storing it, in chat and on the command line: who leads how many
tasks, the first tasks with their deadline as read, the tasks nobody leads (no storage: `import --dry-run` without
a database loads none)."""

from __future__ import annotations

from chat.messages import shorten
from i18n import N_, t
from i18n.collation import vi_sort_key
from i18n.formats import format_count, format_date
from plans.agencies import guess_kind
from plans.model import Milestone, ParsedPlan, ParsedTask
from plans.text import fold

MAX_TASKS = 8  # task numbers listed in one line
READING_AGENCIES = 5  # lead agencies named in a preview; the rest counted («… và 3 đơn vị khác»)
READING_TASKS = 5  # the first tasks shown with their deadline as read
READING_TITLE = 50
WARDS_AS_ONE = 3  # wards leading the very same tasks are one line («10 phường 1 việc») from this many


def reading_text(plan: ParsedPlan, lang: str, *, cli: bool = False) -> str:
    """What the reader made of a plan, for an admin to check without the JSON: who leads how many tasks (wards
    leading the same tasks counted as one line), then the first tasks with their deadline as read; `cli`, where
    to see the rest said as the command line's (--to-xlsx, --json)."""
    lines = [t("reading_leads", lang, lines="; ".join(_lead_parts(plan, lang)))] if _led(plan) else []
    shown = plan.tasks[:READING_TASKS]
    lines += [_task_line(task, lang) for task in shown]
    if len(plan.tasks) > len(shown):
        more = N_("cli.reading_more_tasks") if cli else N_("reading_more_tasks")
        lines.append(t(more, lang, count=format_count(len(plan.tasks) - len(shown), lang)))
    return "".join("\n" + line for line in lines)


def leadless(plan: ParsedPlan, *, unknown_created: bool = True) -> list[str]:
    """The keys of the tasks that name no lead agency at all (nobody will ever be reminded of them); when the
    agencies not registered were not created (`unknown_created` False), the tasks led only by them too."""
    return [task.key for task in plan.tasks if not task.lead and (not task.unknown_lead or not unknown_created)]


def led_only_by_unregistered(plan: ParsedPlan) -> list[str]:
    """The keys of the tasks whose only leads are agencies not registered: nobody is reminded of them unless those
    are created (or registered later: `agency add` gives them the tasks naming them)."""
    return [task.key for task in plan.tasks if not task.lead and task.unknown_lead]


def unregistered_leads_text(plan: ParsedPlan, lang: str, *, cli: bool = False) -> str:
    """Before storing: what confirming without creating the agencies not registered leaves with nobody to remind
    ("" when they lead no task alone); `cli`, said as the command line's (--create-agencies)."""
    keys = led_only_by_unregistered(plan)
    return _leadless_line(keys, N_("cli.unregistered_leads") if cli else N_("import_unregistered_leads"), lang)


def leadless_text(plan: ParsedPlan, lang: str, *, stored: bool = False, cli: bool = False,
                  unknown_created: bool = True) -> str:
    """Lines on the tasks with no lead agency and how to give them one ("" when every task has a lead);
    `stored`, said after storing the plan anyway; `cli`, the fix said as the command line's (--to-xlsx);
    `unknown_created` False, stored without creating the agencies not registered: the tasks only they lead are
    said apart, with their own fix (create them, or register them: the tasks naming them are then given)."""
    keys = leadless(plan, unknown_created=unknown_created)
    unregistered = set(led_only_by_unregistered(plan))
    keys_by_place = {(False, False): N_("import_leadless"), (True, False): N_("import_leadless_stored"),
                     (False, True): N_("cli.leadless"), (True, True): N_("cli.leadless_stored")}
    unregistered_key = N_("cli.leadless_unregistered") if cli else N_("import_leadless_unregistered")
    return (_leadless_line([key for key in keys if key not in unregistered], keys_by_place[stored, cli], lang)
            + _leadless_line([key for key in keys if key in unregistered], unregistered_key, lang))


def _leadless_line(keys: list[str], key: str, lang: str) -> str:
    """"\n⚠️ …" on these tasks ("" for none)."""
    if not keys:
        return ""
    shown = ", ".join(keys[:MAX_TASKS]) + (f", … (+{len(keys) - MAX_TASKS})" if len(keys) > MAX_TASKS else "")
    return "\n" + t(key, lang, count=len(keys), tasks=shown).strip("\n")


def _led(plan: ParsedPlan) -> dict[str, list[str]]:
    """Each lead agency (registered or not) -> the keys of the tasks it leads, in the plan's order."""
    led: dict[str, list[str]] = {}
    for task in plan.tasks:
        for name in dict.fromkeys(task.lead + task.unknown_lead):
            led.setdefault(name, []).append(task.key)
    return led


def _lead_parts(plan: ParsedPlan, lang: str) -> list[str]:
    """«Phòng Nội vụ 4 việc», «10 phường 1 việc» (wards leading the very same tasks), «Phòng Tư pháp (chưa đăng ký)
    1 việc» (stored without a lead unless created), most tasks first."""
    led = _led(plan)
    same: dict[tuple[str, ...], list[str]] = {}
    for name, keys in led.items():
        if guess_kind(name) == "ward":
            same.setdefault(tuple(keys), []).append(name)
    parts: list[tuple[int, str, str]] = []
    grouped = set()
    for keys, wards in same.items():
        if len(wards) >= WARDS_AS_ONE:
            grouped.update(wards)
            key = N_("reading_lead_wards") if all(fold(w).startswith("phuong") for w in wards) else N_("reading_lead_communes")
            parts.append((len(keys), "", t(key, lang, wards=len(wards), count=format_count(len(keys), lang))))
    unregistered = {name for task in plan.tasks for name in task.unknown_lead}
    for name, keys in led.items():
        if name not in grouped:
            key = N_("reading_lead_unregistered") if name in unregistered else N_("reading_lead")
            parts.append((len(keys), name, t(key, lang, name=name, count=format_count(len(keys), lang))))
    parts.sort(key=lambda part: (-part[0], vi_sort_key(part[1])))
    texts = [text for _, _, text in parts[:READING_AGENCIES]]
    if len(parts) > READING_AGENCIES:
        texts.append(t("reading_lead_others", lang, count=len(parts) - READING_AGENCIES))
    return texts


def _task_line(task: ParsedTask, lang: str) -> str:
    """«• 1.2 Kiểm tra việc niêm yết… — hạn 30/06/2022», the deadline as the grammar read it."""
    deadline = "; ".join(milestone_text(m, lang) for m in task.milestones) or t("reading_no_deadline", lang)
    return t("reading_task", lang, number=task.key, title=shorten(task.title, READING_TITLE), deadline=deadline)


def milestone_text(milestone: Milestone, lang: str) -> str:
    """A deadline as read, in words an admin checks: «31/03/2022», «25/03/2022, 25/04/2022 … (10 hạn)»,
    «thường xuyên», «chờ sự kiện (/trigger)»."""
    dates = milestone.dates
    if milestone.kind == "due" and milestone.due is not None:
        return t("reading_due", lang, date=format_date(milestone.due, lang))
    if milestone.kind == "recurring" and dates:
        shown = ", ".join(format_date(day, lang) for day in dates[:2])
        return t("reading_recurring", lang, dates=shown + (" …" if len(dates) > 2 else ""), count=len(dates))
    if milestone.kind == "recurring":
        return t("reading_recurring_no_year", lang)
    if milestone.kind == "ongoing":
        return t("reading_ongoing", lang) + (f" ({format_date(dates[-1], lang)})" if dates else "")
    return t("reading_event", lang)
