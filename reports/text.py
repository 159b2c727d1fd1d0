"""The rollup as chat text: the summary, the overdue list and one agency's scorecard, in chunks."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

from chat.messages import TEXT_LIMIT, split_chunks
from i18n import N_, t
from i18n.formats import format_date, format_number, format_percent, format_time
from storage.rollup_values import (
    FIRST_LINES,
    AgencyStats,
    Blocker,
    Counts,
    DetailLine,
    NonResponder,
    OverdueList,
    Rollup,
)

PERIOD_NAMES = {"week": N_("period.week"), "month": N_("period.month"), "quarter": N_("period.quarter")}
STATUS_NAMES = {
    None: N_("status.none"),
    "done": N_("status.done"),
    "in_progress": N_("status.in_progress"),
    "blocked": N_("status.blocked"),
    "not_started": N_("status.not_started"),
    "unclear": N_("status.unclear"),
}
_CHANGES = (("done", N_("changes.done")), ("overdue", N_("changes.overdue")), ("blocked", N_("changes.blocked")))
MAX_ITEMS = 30


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


def _most_overdue(d: DetailLine) -> tuple:
    return (d.overdue_since, d.number, d.agency)


def _shown(lines: list[str], total: int, lang: str) -> list[str]:
    """The lines shown, then "… and n more" for the rest."""
    return [*lines, t("more", lang, n=total - len(lines))] if total > len(lines) else lines


def _header(rollup: Rollup, lang: str) -> list[str]:
    local = rollup.as_of.astimezone(_zone(rollup))
    return [
        t(
            "title",
            lang,
            period=t(PERIOD_NAMES[rollup.period], lang),
            start=format_date(rollup.start, lang),
            end=format_date(rollup.end, lang),
        ),
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
        on_time=format_number(counts.done_on_time, lang),
        late=format_number(counts.done_late, lang),
        open=format_number(counts.open_on_time, lang),
        overdue=format_number(counts.open_overdue, lang),
        rate=format_rate(counts.on_time_pct, lang),
    )


def _overdue_part(rollup: Rollup, overdue: list[DetailLine], late: int, lang: str) -> list[str]:
    """The "🔴 QUÁ HẠN (n)" part: the `overdue` lines shown, most overdue first, of `late` in all."""
    if not late:
        return []
    shown = [
        t(
            "overdue.line",
            lang,
            number=d.number,
            title=d.title,
            agency=d.agency,
            due=format_date(d.overdue_since, lang),  # type: ignore[arg-type]
            count=(rollup.today - d.overdue_since).days,  # type: ignore[operator]
        )
        for d in overdue
    ]
    return ["", t("h.overdue", lang, n=late), *_shown(shown, late, lang)]


def _soon_part(soon: list[DetailLine], due: int, lang: str) -> list[str]:
    """The "due within 7 days" part: the `soon` lines shown, soonest first, of `due` in all."""
    if not due:
        return []
    shown = [
        t("soon.line", lang, number=d.number, title=d.title, agency=d.agency, due=format_date(d.next_due, lang))
        for d in soon
    ]
    return ["", t("h.soon", lang, n=due), *_shown(shown, due, lang)]


def render_text(
    rollup: Rollup, lang: str = "vi", limit: int = TEXT_LIMIT, *, max_items: int = MAX_ITEMS
) -> list[str]:
    """The weekly/monthly/quarterly summary as chat messages: overdue first, then blockers and the rest.

    It lists at most FIRST_LINES overdue and due-soon lines, those the rollup carries without its details.
    """
    lines = [*_header(rollup, lang)]
    if not rollup.totals.lead_tasks:
        return split_chunks([*lines, t("empty", lang)], limit)
    lines.append(_totals(rollup.totals, lang))
    lines.append(states_line(rollup.totals, lang))

    first = min(max_items, FIRST_LINES)
    lines += _overdue_part(rollup, list(rollup.late[:first]), rollup.totals.overdue, lang)
    # national lists run to thousands (14,000 blockers, 3,500 agencies): only the lines shown are formatted
    if rollup.blockers:
        blocked = [_blocker_line(b, lang) for b in rollup.blockers[:max_items]]
        total = len(rollup.blockers)
        lines += ["", t("h.blocked", lang, n=total), *_shown(blocked, total, lang)]
    lines += _soon_part(list(rollup.soon[:first]), rollup.totals.due_soon, lang)
    if rollup.non_responders:
        silent = [_silent_line(rollup, n, lang) for n in rollup.non_responders[:max_items]]
        total = len(rollup.non_responders)
        lines += ["", t("h.silent", lang, n=total), *_shown(silent, total, lang)]
    if rollup.changes:
        lines += [
            "",
            t("h.changes", lang),
            t(
                "changes.line",
                lang,
                done=len(rollup.changes_of("done")),
                overdue=len(rollup.changes_of("overdue")),
                blocked=len(rollup.changes_of("blocked")),
            ),
        ]
        for kind, key in _CHANGES:
            changed = rollup.changes_of(kind)
            if changed:
                shown = ", ".join(f"{c.number} ({c.agency})" for c in changed[:max_items])
                more = f" {t('more', lang, n=len(changed) - max_items)}" if len(changed) > max_items else ""
                lines.append(t(key, lang, items=shown) + more)
    leading = [a for a in rollup.agencies if a.counts.lead_tasks]
    if leading:
        agencies = [_agency_line(a, lang) for a in leading[:max_items]]
        lines += ["", t("h.agencies", lang), *_shown(agencies, len(leading), lang)]
    if len(rollup.sections) > 1 or (rollup.sections and rollup.sections[0].number):
        lines += ["", t("h.sections", lang)]
        lines += [
            t(
                "section.line",
                lang,
                marker=_marker(s.counts),
                number=s.number,
                title=s.title,
                done=s.counts.done,
                lead=s.counts.lead_tasks,
                pct=format_percent(s.counts.completion_pct, lang),
                overdue=s.counts.overdue,
            )
            for s in rollup.sections
        ]
    return split_chunks(lines, limit)


def _blocker_line(b: Blocker, lang: str) -> str:
    return t(
        "blocked.line",
        lang,
        number=b.number,
        title=b.title,
        agency=b.agency,
        since=format_date(b.since, lang),
        count=b.age_days,
        note=t("note", lang, note=b.note) if b.note else "",
    )


def _silent_line(rollup: Rollup, n: NonResponder, lang: str) -> str:
    reminded = ""
    if n.reminded_at:
        reminded = t("silent.reminded", lang, day=format_date(n.reminded_at.astimezone(_zone(rollup)).date(), lang))
    return t("silent.line", lang, agency=n.name, reminded=reminded, count=n.open_items)


def _agency_line(a: AgencyStats, lang: str) -> str:
    c = a.counts
    extra = ""
    if c.overdue:
        extra += t("agency.overdue", lang, n=c.overdue)
    if c.blocked:
        extra += t("agency.blocked", lang, n=c.blocked)
    if c.never_reported:
        extra += t("agency.never", lang, n=c.never_reported)
    if a.support_tasks:
        extra += t("agency.support", lang, n=a.support_tasks)
    if c.on_time_pct is not None:
        extra += t("agency.on_time", lang, rate=format_rate(c.on_time_pct, lang))
    return t(
        "agency.line",
        lang,
        marker=_marker(c),
        agency=a.name,
        done=c.done,
        lead=c.lead_tasks,
        pct=format_percent(c.completion_pct, lang),
        extra=extra,
    )


def render_overdue(overdue: OverdueList, lang: str = "vi", limit: int = TEXT_LIMIT) -> list[str]:
    """The `/overdue` answer: overdue tasks grouped by agency, most overdue agency first."""
    lines = [t("overdue.title", lang, day=format_date(overdue.today, lang))]
    if not overdue.total:
        return split_chunks([*lines, t("overdue.none", lang)], limit)
    shown = 0
    for group in overdue.groups:
        lines += ["", t("overdue.agency", lang, agency=group.agency, n=len(group.lines))]
        for d in group.lines:
            name = t(STATUS_NAMES[d.status], lang)
            status = f" — {name}" if d.status != "in_progress" else ""
            if d.status == "in_progress" and d.percent is not None:
                status = f" — {name} {d.percent}%"
            lines.append(
                t(
                    "overdue.item",
                    lang,
                    number=d.number,
                    title=d.title,
                    due=format_date(d.overdue_since, lang),  # type: ignore[arg-type]
                    count=(overdue.today - d.overdue_since).days,  # type: ignore[operator]
                    status=status,
                )
            )
            if d.explanation:
                lines.append(t("overdue.explanation", lang, text=d.explanation))
            if d.extended:
                lines.append(t("overdue.extended", lang, due=format_date(d.planned_due, lang)))  # type: ignore[arg-type]
            shown += 1
    if shown < overdue.total:
        lines.append(t("more", lang, n=overdue.total - shown))
    return split_chunks(lines, limit)


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
            agency=stats.name,
            period=t(PERIOD_NAMES[rollup.period], lang),
            start=format_date(rollup.start, lang),
            end=format_date(rollup.end, lang),
        ),
        t(
            "score.figures",
            lang,
            lead=c.lead_tasks,
            done=c.done,
            pct=format_percent(c.completion_pct, lang),
            on_track=c.on_track,
            overdue=c.overdue,
            blocked=c.blocked,
            never=c.never_reported,
        ),
        t("score.support", lang, count=stats.support_tasks, reports=stats.reports_in_period),
        states_line(c, lang),
    ]
    own = [d for d in rollup.details if d.agency_id == stats.agency_id]
    lines += _overdue_part(rollup, *_first(own, lambda d: d.overdue_since, _most_overdue, max_items), lang)
    blocked = [b for b in rollup.blockers if b.agency_id == stats.agency_id]
    if blocked:
        lines += ["", t("h.blocked", lang, n=len(blocked))]
        lines += _limited([_blocker_line(b, lang) for b in blocked], max_items, lang)
    soon_limit = rollup.today.toordinal() + 7
    soon = [
        t("soon.line", lang, number=d.number, title=d.title, agency=d.agency, due=format_date(d.next_due, lang))
        for d in own
        if d.next_due and d.next_due.toordinal() <= soon_limit and not d.overdue_since
    ]
    if soon:
        lines += ["", t("h.soon", lang, n=len(soon)), *_limited(soon, max_items, lang)]
    never = [
        t(
            "not_reported.line",
            lang,
            number=d.number,
            title=d.title,
            agency=d.agency,
            due=f" — {format_date(d.next_due, lang)}" if d.next_due else "",
        )
        for d in own
        if d.bucket == "not_reported"
    ]
    if never:
        lines += ["", t("h.not_reported", lang, n=len(never)), *_limited(never, max_items, lang)]
    done = [
        t("done.line", lang, number=d.number, title=d.title, agency=d.agency, day=format_date(d.reported_on, lang))
        for d in own
        if d.bucket == "done"
    ]
    if done:
        lines += ["", t("h.done", lang, n=len(done)), *_limited(done, max_items, lang)]
    return split_chunks(lines, limit)
