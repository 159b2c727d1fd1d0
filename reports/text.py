"""The rollup as chat text: the summary, the overdue list and one agency's scorecard, in chunks."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from chat.messages import TEXT_LIMIT, shorten, split_chunks
from i18n import N_, t
from i18n.collation import vi_sort_key
from i18n.formats import format_count, format_date, format_number, format_percent, format_time, printed_number
from plans.workdays import format_due, working_days_late
from storage.rollup_values import (
    FIRST_LINES,
    AgencyStats,
    Blocker,
    Change,
    Counts,
    DetailLine,
    NonResponder,
    OverdueList,
    Rollup,
    SectionStats,
    SupportCounts,
)
from storage.unheard import Unheard

PERIOD_NAMES = {
    "week": N_("period.week"), "month": N_("period.month"), "quarter": N_("period.quarter"), "year": N_("period.year"),
}
STATUS_NAMES = {
    None: N_("status.none"),
    "done": N_("status.done"),
    "in_progress": N_("status.in_progress"),
    "blocked": N_("status.blocked"),
    "not_started": N_("status.not_started"),
    "unclear": N_("status.unclear"),
}
# each quarter a text of its own: «quý I năm 2025» in Vietnamese, «first quarter of 2025» in English
_QUARTERS = {1: N_("docx.label.quarter1"), 2: N_("docx.label.quarter2"), 3: N_("docx.label.quarter3"),
             4: N_("docx.label.quarter4")}
_CHANGES = (("done", N_("changes.done")), ("overdue", N_("changes.overdue")), ("blocked", N_("changes.blocked")))
MAX_ITEMS = 30
OVERDUE_PAGE = 20  # tasks on one page of /overdue: one message a phone shows whole


def last_report_text(
    status: str | None, percent: int | None, eta: date | str | None, note: str, lang: str, *, note_chars: int = 0
) -> str:
    """What an agency last reported, in a few words: "Đang thực hiện, 40%, dự kiến xong 15/12/2026 — ghi chú:
    «chờ Sở Tài chính»" (the note shortened to `note_chars` when given)."""
    text = t(STATUS_NAMES[status], lang)
    if percent is not None and status != "done":
        text += t("report_saved_percent", lang, percent=percent)
    if eta:
        text += t("report_saved_eta", lang, eta=format_date(eta, lang))
    if note:
        text += t("report_saved_note", lang, note=shorten(note, note_chars) if note_chars else note)
    return text


def _marker(counts: Counts) -> str:
    if counts.overdue:
        return "🔴"
    if counts.blocked or counts.never_reported or counts.due_soon:
        return "🟡"
    return "🟢"


def _limited(lines: list[str], max_items: int, lang: str) -> list[str]:
    return _shown(lines[:max_items], len(lines), lang)


def _first(
    details: Iterable[DetailLine], keep: Callable[[DetailLine], Any], key: Callable[[DetailLine], Any], max_items: int
) -> tuple[list[DetailLine], int]:
    """The max_items first of the kept details in `key` order, and how many were kept.

    At national scale there are hundreds of thousands of details and only max_items are shown, so
    neither a full sort nor a line for each of them is made.
    """
    kept = [d for d in details if keep(d)]
    return heapq.nsmallest(max_items, kept, key=key), len(kept)


def _most_overdue(d: DetailLine) -> date | None:
    # ties keep the details' order (heapq.nsmallest is stable): the plan's, where 3.10 comes after 3.9
    return d.overdue_since


def _shown(lines: list[str], total: int, lang: str) -> list[str]:
    """The lines shown, then "… and n more" for the rest."""
    return [*lines, t("more", lang, n=format_count(total - len(lines), lang))] if total > len(lines) else lines


def period_label(rollup: Rollup, lang: str = "vi") -> str:
    """The rollup's period as a report's title names it: "quý I năm 2025", "năm 2025", "tháng 3 năm 2025",
    "tuần từ 10/03/2025 đến 16/03/2025"."""
    start = rollup.start
    if rollup.period == "quarter":
        return t(_QUARTERS[(start.month - 1) // 3 + 1], lang, year=start.year)
    if rollup.period == "year":
        return t("docx.label.year", lang, year=start.year)
    if rollup.period == "month":
        return t("docx.label.month", lang, month=start.month, year=start.year)
    return t("docx.label.week", lang, start=format_date(start, lang), end=format_date(rollup.end, lang))


def period_title(rollup: Rollup, lang: str = "vi", *, dated: bool = True) -> str:
    """The period in a title, named as offices name it and dated: «quý I năm 2022 (01/01/2022 – 31/03/2022)»,
    or not `dated` («quý I năm 2022», where the line is short); a week by its dates («tuần 14/03/2022 – 20/03/2022»)."""
    start, end = format_date(rollup.start, lang), format_date(rollup.end, lang)
    if rollup.period == "week":
        return t("period_title.week", lang, start=start, end=end)
    if not dated:
        return period_label(rollup, lang)
    return t("period_title.named", lang, label=period_label(rollup, lang), start=start, end=end)


def _header(rollup: Rollup, lang: str) -> list[str]:
    local = rollup.as_of.astimezone(_zone(rollup))
    return [
        t("title", lang, period=period_title(rollup, lang)),
        t("as_of", lang, time=format_time(local, lang), day=format_date(local.date(), lang)),
    ]


def _zone(rollup: Rollup) -> ZoneInfo:
    return ZoneInfo(rollup.tz)


def _totals(counts: Counts, lang: str) -> str:
    """The whole plan's figures: at national scale they run to tens of thousands (48.184), so grouped."""
    return t(
        "totals",
        lang,
        lead=format_number(counts.lead_tasks, lang),
        done=format_number(counts.done, lang),
        pct=format_percent(counts.completion_pct, lang),
        overdue=format_number(counts.overdue, lang),
        blocked=format_number(counts.blocked, lang),
        on_track=format_number(counts.on_track, lang),
        stale=format_number(counts.stale, lang),
        soon=format_number(counts.due_soon, lang),
        never=format_number(counts.never_reported, lang),
    )


STATE_NAMES = {
    "done_on_time": N_("state.done_on_time"),
    "done_late": N_("state.done_late"),
    "open_on_time": N_("state.open_on_time"),
    "open_overdue": N_("state.open_overdue"),
}


def format_rate(pct: float | None, lang: str) -> str:
    """The on-time completion rate as people read it: 42,9%, or a dash when nothing was done or due yet."""
    return "—" if pct is None else format_percent(pct, lang)


def states_line(counts: Counts, lang: str) -> str:
    """The four on-time states and the on-time completion rate, on one line."""
    return t(
        "states.line",
        lang,
        total=format_number(counts.done_on_time + counts.done_late + counts.open_on_time + counts.open_overdue, lang),
        on_time=format_number(counts.done_on_time, lang),
        late=format_number(counts.done_late, lang),
        open=format_number(counts.open_on_time, lang),
        overdue=format_number(counts.open_overdue, lang),
        rate=format_rate(counts.on_time_pct, lang),
    )


def _overdue_part(rollup: Rollup, overdue: list[DetailLine], late: int, lang: str, *, own: bool = False) -> list[str]:
    """The "🔴 QUÁ HẠN (n)" part: the `overdue` lines shown, most overdue first, of `late` in all; the
    agencies late on the same task and date share one line (a task of every ward is one line, not twenty).
    `own`: one agency's lines for its own reader, without its name on each."""
    if not late:
        return []
    groups: dict[tuple, list[DetailLine]] = {}
    for d in overdue:
        groups.setdefault((d.task_id, d.overdue_since), []).append(d)
    shown = []
    for (_, since), group in groups.items():
        first = group[0]
        count = working_days_late(since, rollup.today)
        values = dict(number=_number(first, _several_plans(rollup), lang), title=shorten(first.title),
                      due=format_due(since, lang), count=count)
        # «quá 0 ngày làm việc» read as not late: a Friday's task on the weekend is «vừa quá hạn»
        if own:
            shown.append(t(N_("score.overdue_line") if count else N_("score.overdue_line_just"), lang, **values))
        elif len(group) == 1:
            key = N_("overdue.line") if count else N_("overdue.line_just")
            shown.append(t(key, lang, agency=first.agency, **values))
        else:
            key = N_("overdue.group") if count else N_("overdue.group_just")
            shown.append(t(key, lang, n=format_count(len(group), lang), agencies=_names(group), **values))
    more = [t("more", lang, n=format_count(late - len(overdue), lang))] if late > len(overdue) else []
    return ["", t("h.overdue", lang, n=format_count(late, lang)), *shown, *more]


def _several_plans(rollup: Rollup) -> bool:
    """Whether the roll-up counts tasks of two plans or more, which number their tasks alike (1.1 of each)."""
    return len({s.plan_id for s in rollup.sections}) > 1


def _number(d: DetailLine | Blocker | Change, several_plans: bool, lang: str) -> str:
    """A line's task number, with its plan after it when two plans are counted ("2.2 [62/KH-UBND]")."""
    number = printed_number(d.number)
    return t("task.number_in_plan", lang, number=number, plan=d.plan_code) if several_plans else number


def _names(group: list[DetailLine]) -> str:
    """The agencies of a shared line in Vietnamese alphabetical order («Cầu Kho» before «Cô Giang»)."""
    return ", ".join(sorted((d.agency for d in group), key=vi_sort_key))


def _soon_part(soon: list[DetailLine], due: int, lang: str, several_plans: bool) -> list[str]:
    """The "due within 7 days" part: the `soon` lines shown, soonest first, of `due` in all; the agencies due
    on the same task and date share one line, as overdue ones do."""
    if not due:
        return []
    groups: dict[tuple, list[DetailLine]] = {}
    for d in soon:
        groups.setdefault((d.task_id, d.next_due), []).append(d)
    shown = []
    for (_, next_due), group in groups.items():
        first = group[0]
        values = dict(number=_number(first, several_plans, lang), title=shorten(first.title),
                      due=format_due(next_due, lang))
        if len(group) == 1:
            shown.append(t("soon.line", lang, agency=first.agency, **values))
        else:
            shown.append(t("soon.group", lang, n=format_count(len(group), lang), agencies=_names(group), **values))
    more = [t("more", lang, n=format_count(due - len(soon), lang))] if due > len(soon) else []
    return ["", t("h.soon", lang, n=format_count(due, lang)), *shown, *more]


def render_text(
    rollup: Rollup,
    lang: str = "vi",
    limit: int = TEXT_LIMIT,
    *,
    max_items: int = MAX_ITEMS,
    unheard: Unheard | None = None,
) -> list[str]:
    """The weekly/monthly/quarterly summary as chat messages: overdue first, then blockers and the rest;
    with `unheard` (the whole office's summary), the tasks and agencies nobody is reminded for.

    It lists at most FIRST_LINES overdue and due-soon lines, those the rollup carries without its details.
    """
    unheard = unheard or Unheard()
    lines = [*_header(rollup, lang)]
    if not rollup.totals.lead_tasks:
        return split_chunks([*lines, t("empty", lang), *_unled_part(unheard, max_items, lang)], limit)
    lines.append(_totals(rollup.totals, lang))
    lines.append(states_line(rollup.totals, lang))
    if rollup.support_totals.tasks:
        lines.append(_support_totals(rollup.support_totals, lang))

    first = min(max_items, FIRST_LINES)
    lines += _overdue_part(rollup, list(rollup.late[:first]), rollup.totals.overdue, lang)
    # national lists run to thousands (14,000 blockers, 3,500 agencies): only the lines shown are formatted
    if rollup.blockers or rollup.support_blockers:
        first_blockers = heapq.merge(rollup.blockers, rollup.support_blockers, key=_blocker_order)
        several_plans = _several_plans(rollup)
        blocked = [_blocker_line(b, lang, several_plans) for b in itertools.islice(first_blockers, max_items)]
        total = len(rollup.blockers) + len(rollup.support_blockers)
        lines += ["", _blocked_heading(total, rollup.blockers, lang), *_shown(blocked, total, lang)]
    lines += _soon_part(list(rollup.soon[:first]), rollup.totals.due_soon, lang, _several_plans(rollup))
    # an agency with nothing due or overdue (reminded days ahead) is not late to answer anything
    owing = [n for n in rollup.non_responders if n.open_items]
    if owing:
        # one paragraph, not a line each: every agency here is also in the agencies' list below
        silent = [_silent_entry(rollup, n, lang, n.agency_id in unheard.unjoined) for n in owing[:max_items]]
        total = len(owing)
        more = [t("more", lang, n=format_count(total - len(silent), lang))] if total > len(silent) else []
        lines += ["", t("h.silent", lang, n=format_count(total, lang)), t("silent.legend", lang),
                  " · ".join(["🔕 " + silent[0], *silent[1:], *more])]
        if any(n.agency_id in unheard.unjoined for n in owing[:max_items]):  # the way to reach them, said once
            lines.append(t("silent.nobody_hint", lang))
    lines += _unled_part(unheard, max_items, lang)
    if rollup.changes:
        lines += [
            "",
            t("h.changes", lang),
            t(
                "changes.line",
                lang,
                done=format_count(len(rollup.changes_of("done")), lang),
                overdue=format_count(len(rollup.changes_of("overdue")), lang),
                blocked=format_count(len(rollup.changes_of("blocked")), lang),
            ),
        ]
        for kind, key in _CHANGES:
            changed = rollup.changes_of(kind)
            if changed:
                shown = ", ".join(f"{_number(c, _several_plans(rollup), lang)} ({c.agency})" for c in changed[:max_items])
                rest = format_count(len(changed) - max_items, lang)
                more = f" {t('more', lang, n=rest)}" if len(changed) > max_items else ""
                lines.append(t(key, lang, items=shown) + more)
    leading = [a for a in rollup.agencies if a.counts.lead_tasks or a.support_tasks]
    if leading:
        agencies = [_agency_line(a, lang, a.agency_id in unheard.unjoined) for a in leading[:max_items]]
        lines += ["", t("h.agencies", lang), *_shown(agencies, len(leading), lang)]
    if len(rollup.sections) > 1 or (rollup.sections and rollup.sections[0].number):
        lines += ["", t("h.sections", lang)]
        # sections of two plans both start at 1: each then says its plan
        several_plans = len({s.plan_id for s in rollup.sections}) > 1
        lines += [_section_line(s, several_plans, lang) for s in rollup.sections]
    return split_chunks(lines, limit)


def _section_line(s: SectionStats, several_plans: bool, lang: str) -> str:
    """One section's figures; tasks outside any section (a plan without them) are named by their plan."""
    figures = {
        "marker": _marker(s.counts),
        "done": format_count(s.counts.done, lang),
        "lead": format_count(s.counts.lead_tasks, lang),
        "pct": format_percent(s.counts.completion_pct, lang),
        "overdue": format_count(s.counts.overdue, lang),
    }
    if not s.number and not s.title:
        # before: «🟡 [91/KH-UBND] . : 0/2 hoàn thành»
        return t("section.line_none", lang, plan=s.plan_code, **figures)
    number = t("section.of_plan", lang, plan=s.plan_code, number=s.number) if several_plans else s.number
    return t("section.line", lang, number=number, title=s.title, **figures)


def _support_totals(counts: SupportCounts, lang: str) -> str:
    """The coordinating agencies' figures, apart from the lead ones (they add up to their tasks)."""
    return t(
        "support.totals",
        lang,
        tasks=format_number(counts.tasks, lang),
        done=format_number(counts.done, lang),
        progress=format_number(counts.in_progress, lang),
        blocked=format_number(counts.blocked, lang),
        never=format_number(counts.not_reported, lang),
    )


def _blocked_heading(total: int, blockers: Iterable[Blocker], lang: str) -> str:
    """«⛔ VƯỚNG MẮC (n)», saying how many of them are past due: those are counted overdue, not blocked."""
    late = sum(1 for b in blockers if b.overdue_since)
    if not late:
        return t("h.blocked", lang, n=format_count(total, lang))
    return t("h.blocked_late", lang, n=format_count(total, lang), late=format_count(late, lang))


def _blocker_order(b: Blocker) -> tuple:
    """Lead and coordinating blockers in one list: the longest blocked first (each list is in this order)."""
    return (b.since,)


def _blocker_line(b: Blocker, lang: str, several_plans: bool) -> str:
    # blocked since today: «(hôm nay)», not «(0 ngày)»
    key = N_("blocked.line") if b.age_days else N_("blocked.line_today")
    return t(
        key,
        lang,
        number=_number(b, several_plans, lang),
        title=shorten(b.title),
        agency=b.agency if b.role == "lead" else t("agency.coordinating", lang, agency=b.agency),
        since=format_date(b.since, lang),
        count=format_count(b.age_days, lang),
        late=t("blocked.late", lang, due=format_date(b.overdue_since, lang)) if b.overdue_since else "",
        note=t("note", lang, note=b.note) if b.note else "",
    )


def _unled_part(unheard: Unheard, max_items: int, lang: str) -> list[str]:
    """The tasks no registered agency leads, which no figure counts and nobody is reminded of, with the fix."""
    if not unheard.unled:
        return []
    several_plans = len({u.plan_code for u in unheard.unled}) > 1
    items = []
    for u in unheard.unled[:max_items]:
        number = printed_number(u.number)
        if several_plans:
            number = t("task.number_in_plan", lang, number=number, plan=u.plan_code)
        items.append(t("unled.item", lang, number=number, lead=shorten(u.lead_text, 60)) if u.lead_text else number)
    if len(unheard.unled) > max_items:
        items.append(t("unled.more", lang, n=format_count(len(unheard.unled) - max_items, lang)))
    return ["", t("unled.line", lang, n=format_count(len(unheard.unled), lang), items=", ".join(items))]


def _silent_entry(rollup: Rollup, n: NonResponder, lang: str, unjoined: bool = False) -> str:
    """An agency that said nothing in the period: its name, its items due or overdue, when it was reminded,
    or that nobody has joined it (`unjoined`: no reminder can reach it)."""
    count = format_count(n.open_items, lang)
    if unjoined:
        return t("silent.entry_nobody", lang, agency=n.name, count=count)
    if n.reminded_at is None:
        return t("silent.entry", lang, agency=n.name, count=count)
    day = format_date(n.reminded_at.astimezone(_zone(rollup)).date(), lang)
    return t("silent.entry_reminded", lang, agency=n.name, count=count, day=day)


def _agency_line(a: AgencyStats, lang: str, unjoined: bool = False) -> str:
    c = a.counts
    extra = ""
    if c.overdue:
        extra += t("agency.overdue", lang, n=format_count(c.overdue, lang))
    if c.blocked:
        extra += t("agency.blocked", lang, n=format_count(c.blocked, lang))
    if c.never_reported:
        extra += t("agency.never", lang, n=format_count(c.never_reported, lang))
    if a.support_tasks:
        blocked = t("agency.support_blocked", lang, n=format_count(a.support.blocked, lang)) if a.support.blocked else ""
        support = dict(done=format_count(a.support.done, lang), n=format_count(a.support_tasks, lang), blocked=blocked)
        if not c.lead_tasks:  # it only coordinates
            marker = "🟡" if a.support.blocked or a.support.not_reported else "🟢"
            return t("agency.support_only", lang, marker=marker, agency=a.name, **support)
        extra += t("agency.support", lang, **support)
    if c.on_time_pct is not None:
        extra += t("agency.on_time", lang, rate=format_rate(c.on_time_pct, lang))
    nobody = t("agency.nobody", lang) if unjoined else ""  # last: what the figures before it can't say
    return t(
        "agency.line",
        lang,
        marker=_marker(c),
        agency=a.name,
        done=format_count(c.done, lang),
        lead=format_count(c.lead_tasks, lang),
        pct=format_percent(c.completion_pct, lang),
        extra=extra + nobody,
    )


def render_overdue(
    overdue: OverdueList, lang: str = "vi", limit: int = TEXT_LIMIT, *, page: int = 1, command: str = "/overdue"
) -> list[str]:
    """One page of the `/overdue` answer: overdue tasks grouped by agency, most overdue agency first,
    OVERDUE_PAGE tasks a page (`overdue` holds at least the lines up to this page's), then how to see the
    next page (`command` and its number), one agency, or a whole task."""
    lines = [t("overdue.title", lang, day=format_date(overdue.today, lang))]
    if not overdue.total:
        return split_chunks([*lines, t("overdue.none", lang)], limit)
    pages = overdue_pages(overdue.total)
    page = min(max(page, 1), pages)
    several_plans = len({d.plan_code for group in overdue.groups for d in group.lines}) > 1
    first, last = (page - 1) * OVERDUE_PAGE, page * OVERDUE_PAGE
    position = 0
    for group in overdue.groups:
        window = group.lines[max(first - position, 0) : max(last - position, 0)]
        key = N_("overdue.agency_continued") if first > position else N_("overdue.agency")
        position += len(group.lines)
        if not window:
            continue
        lines += ["", t(key, lang, agency=group.agency, n=format_count(len(group.lines), lang))]
        for d in window:
            name = t(STATUS_NAMES[d.status], lang)
            if d.asked and d.status is None:  # it answered: asked for more time, and waits for the decision
                name = t("overdue.extension_asked", lang, due=format_date(d.asked, lang))
            elif d.status == "done" and d.reported_on:  # a series whose «xong» answered an earlier date
                name = t("overdue.done_earlier", lang, day=format_date(d.reported_on, lang))
            status = f" — {name}"
            if d.status == "in_progress" and d.percent is not None:
                status += f" {format_percent(d.percent, lang)}"
            count = working_days_late(d.overdue_since, overdue.today)  # type: ignore[arg-type]
            lines.append(
                t(
                    N_("overdue.item") if count else N_("overdue.item_just"),
                    lang,
                    number=_number(d, several_plans, lang),
                    title=shorten(d.title),
                    due=format_due(d.overdue_since, lang),  # type: ignore[arg-type]
                    count=count,
                    status=status,
                )
            )
            if d.explanation:
                lines.append(t("overdue.explanation", lang, text=shorten(d.explanation, 120)))
            if d.asked and d.status is not None:
                lines.append(t("overdue.asked_line", lang, due=format_date(d.asked, lang)))
            if d.extended:
                lines.append(t("overdue.extended", lang, due=format_date(d.planned_due, lang)))  # type: ignore[arg-type]
    count = format_count(overdue.total, lang)
    lines += ["", t("overdue.page", lang, page=format_count(page, lang), pages=format_count(pages, lang), count=count)]
    if page < pages:
        lines.append(t("overdue.next", lang, command=f"{command} {page + 1}"))
    lines.append(t("overdue.hints", lang))
    return split_chunks(lines, limit)


def overdue_pages(total: int) -> int:
    """How many pages of OVERDUE_PAGE tasks the late list of `total` tasks takes."""
    return max(1, -(-total // OVERDUE_PAGE))


def render_scorecard(
    rollup: Rollup, agency: int | str, lang: str = "vi", limit: int = TEXT_LIMIT, *, max_items: int = 50
) -> list[str]:
    """One agency's own figures and open tasks, for its head."""
    stats = rollup.agency(agency)
    if stats is None:
        return [t("score.unknown", lang)]
    c = stats.counts
    lines = [
        t(
            "score.title",
            lang,
            agency=stats.name.upper(),  # a title in capitals, as offices write one: name and all
            period=period_title(rollup, lang),
        ),
        t(
            "score.figures",
            lang,
            lead=format_count(c.lead_tasks, lang),
            done=format_count(c.done, lang),
            pct=format_percent(c.completion_pct, lang),
            on_track=format_count(c.on_track, lang),
            overdue=format_count(c.overdue, lang),
            blocked=format_count(c.blocked, lang),
            stale=format_count(c.stale, lang),
            never=format_count(c.never_reported, lang),
        ),
        t(
            "score.support",
            lang,
            count=format_count(stats.support_tasks, lang),
            done=format_count(stats.support.done, lang),
            blocked=format_count(stats.support.blocked, lang),
            never=format_count(stats.support.not_reported, lang),
            reports=format_count(stats.reports_in_period, lang),
        ),
        states_line(c, lang),
    ]
    # the reader's own agency's lines: its name is in the title, not on every line
    own = [d for d in rollup.details if d.agency_id == stats.agency_id]
    lines += _overdue_part(rollup, *_first(own, lambda d: d.bucket == "overdue", _most_overdue, max_items), lang,
                           own=True)
    blocked = [b for b in heapq.merge(rollup.blockers, rollup.support_blockers, key=_blocker_order)
               if b.agency_id == stats.agency_id]
    if blocked:
        lines += ["", _blocked_heading(len(blocked), blocked, lang)]
        lines += _limited([_blocker_line(b, lang, _several_plans(rollup)) for b in blocked], max_items, lang)
    soon_limit = rollup.today.toordinal() + 7
    soon = [
        t("score.soon_line", lang, number=printed_number(d.number), title=shorten(d.title), due=format_due(d.next_due, lang))
        for d in own
        if d.next_due and d.next_due.toordinal() <= soon_limit and not d.overdue_since
    ]
    if soon:
        lines += ["", t("h.soon", lang, n=format_count(len(soon), lang)), *_limited(soon, max_items, lang)]
    never = [
        t(
            "score.not_reported_line",
            lang,
            number=printed_number(d.number),
            title=shorten(d.title),
            due=t("score.due", lang, due=format_due(d.next_due, lang)) if d.next_due else "",
        )
        for d in own
        if d.bucket == "not_reported"
    ]
    if never:
        lines += ["", t("h.not_reported", lang, n=format_count(len(never), lang)), *_limited(never, max_items, lang)]
    done = [
        t("score.done_line", lang, number=printed_number(d.number), title=shorten(d.title), day=format_date(d.reported_on, lang))
        for d in own
        if d.bucket == "done"
    ]
    if done:
        lines += ["", t("h.done", lang, n=format_count(len(done), lang)), *_limited(done, max_items, lang)]
    return split_chunks(lines, limit)
