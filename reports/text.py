"""The rollup as chat text: the summary, the overdue list and one agency's scorecard, in chunks."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

from chat.messages import TEXT_LIMIT, split_chunks
from i18n import N_, t
from i18n.formats import format_date, format_number, format_percent, format_time
from storage.rollup_values import AgencyStats, Counts, DetailLine, Rollup

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


def _overdue_part(rollup: Rollup, details: Iterable[DetailLine], lang: str, max_items: int) -> list[str]:
    """The "🔴 QUÁ HẠN (n)" part: the most overdue first, only the lines shown are formatted."""
    overdue, late = _first(details, lambda d: d.overdue_since, lambda d: (d.overdue_since, d.number, d.agency), max_items)
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


def render_text(
    rollup: Rollup, lang: str = "vi", limit: int = TEXT_LIMIT, *, max_items: int = MAX_ITEMS
) -> list[str]:
    """The weekly/monthly/quarterly summary as chat messages: overdue first, then blockers and the rest."""
    lines = [*_header(rollup, lang)]
    if not rollup.totals.lead_tasks:
        return split_chunks([*lines, t("empty", lang)], limit)
    lines.append(_totals(rollup.totals, lang))

    lines += _overdue_part(rollup, rollup.details, lang, max_items)
    if rollup.blockers:
        blocked = [
            t(
                "blocked.line",
                lang,
                number=b.number,
                title=b.title,
                agency=b.agency,
                since=format_date(b.since, lang),
                count=b.age_days,
                note=t("note", lang, note=b.note) if b.note else "",
            )
            for b in rollup.blockers
        ]
        lines += ["", t("h.blocked", lang, n=len(blocked)), *_limited(blocked, max_items, lang)]
    soon_limit = rollup.today.toordinal() + 7
    soon, due = _first(
        rollup.details,
        lambda d: d.next_due and d.next_due.toordinal() <= soon_limit,
        lambda d: (d.next_due, d.number),
        max_items,
    )
    if due:
        shown = [
            t("soon.line", lang, number=d.number, title=d.title, agency=d.agency, due=format_date(d.next_due, lang))
            for d in soon
        ]
        lines += ["", t("h.soon", lang, n=due), *_shown(shown, due, lang)]
    if rollup.non_responders:
        silent = [
            t(
                "silent.line",
                lang,
                agency=n.name,
                reminded=t("silent.reminded", lang, day=format_date(n.reminded_at.astimezone(_zone(rollup)).date(), lang))
                if n.reminded_at
                else "",
                count=n.open_items,
            )
            for n in rollup.non_responders
        ]
        lines += ["", t("h.silent", lang, n=len(silent)), *_limited(silent, max_items, lang)]
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
    agencies = [_agency_line(a, lang) for a in rollup.agencies if a.counts.lead_tasks]
    if agencies:
        lines += ["", t("h.agencies", lang), *_limited(agencies, max_items, lang)]
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


def render_overdue(
    rollup: Rollup, lang: str = "vi", limit: int = TEXT_LIMIT, *, max_items: int = 200
) -> list[str]:
    """The `/overdue` answer: overdue tasks grouped by agency, most overdue agency first."""
    lines = [t("overdue.title", lang, day=format_date(rollup.today, lang))]
    late = [d for d in rollup.details if d.overdue_since]
    if not late:
        return split_chunks([*lines, t("overdue.none", lang)], limit)
    groups: dict[str, list[DetailLine]] = {}
    for d in sorted(late, key=lambda d: (d.overdue_since, d.number)):
        groups.setdefault(d.agency, []).append(d)
    shown = 0
    for agency, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if shown >= max_items:
            lines.append(t("more", lang, n=len(late) - shown))
            break
        lines += ["", t("overdue.agency", lang, agency=agency, n=len(items))]
        for d in items:
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
                    due=format_date(d.overdue_since, lang),
                    count=(rollup.today - d.overdue_since).days,  # type: ignore[operator]
                    status=status,
                )
            )
            shown += 1
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
    ]
    own = [d for d in rollup.details if d.agency_id == stats.agency_id]
    lines += _overdue_part(rollup, own, lang, max_items)
    blocked = [b for b in rollup.blockers if b.agency_id == stats.agency_id]
    if blocked:
        lines += ["", t("h.blocked", lang, n=len(blocked))]
        lines += _limited(
            [
                t(
                    "blocked.line",
                    lang,
                    number=b.number,
                    title=b.title,
                    agency=b.agency,
                    since=format_date(b.since, lang),
                    count=b.age_days,
                    note=t("note", lang, note=b.note) if b.note else "",
                )
                for b in blocked
            ],
            max_items,
            lang,
        )
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
