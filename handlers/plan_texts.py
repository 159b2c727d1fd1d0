"""What a re-import does to the stored tasks and their reports, said to an admin in chat and on the command line."""

from __future__ import annotations

from datetime import date

from i18n import N_, Text, t
from i18n.formats import format_count, format_date
from plans.documents import document_kind, document_name
from plans.model import ParsedPlan
from storage.agencies import group_of
from storage.named_tasks import NamedTasks
from storage.plans import DeadlineChange, ReimportChanges, StoreResult

MAX_LINES = 8
def named_tasks_text(given: list[NamedTasks], lang: str) -> str:
    """One line a plan: the tasks an agency just registered was given because their text names it ("" for none)."""
    lines = []
    for plan in given:
        roles = [t("group_roles_lead", lang, count=plan.lead)] if plan.lead else []
        if plan.support:
            roles.append(t("group_roles_support", lang, count=plan.support))
        lines.append(t("agency_named_tasks", lang, count=plan.total, document=document_name(plan.plan_code, lang),
                       roles=", ".join(roles)))
    return "\n".join(lines)


def series_skipped_text(result: StoreResult, lang: str) -> str:
    """The sentence saying how many dates of series the import did not store ("" for none)."""
    if not result.series_skipped:
        return ""
    if result.series_today_skipped:  # the import day's own date too, its reminders gone: counted from tomorrow
        return t("import_series_skipped_today", lang, count=result.series_skipped)
    return t("import_series_skipped", lang, count=result.series_skipped)


def withdrawn_text(result: StoreResult, parsed: ParsedPlan, lang: str) -> str:
    """The sentences naming the tasks of the amended plan the stored amending plan withdrew or rewrote ("" for
    none)."""
    if parsed.amends is None:
        return ""
    kind = Text(document_kind(parsed.amends))
    text = ""
    if result.withdrawn:
        text += t("import_withdrawn", lang, count=len(result.withdrawn), kind=kind, plan=parsed.amends,
                  tasks=", ".join(result.withdrawn))
    if result.rewritten:
        text += t("import_rewritten", lang, count=len(result.rewritten), kind=kind, plan=parsed.amends,
                  tasks=", ".join(result.rewritten), document=document_name(parsed.meta.code, lang))
    return text


def _reports(count: int, lang: str) -> str:
    return t("reimport_reports", lang, count=count)


def reimport_text(changes: ReimportChanges, lang: str, *, counts: bool = True) -> str:
    """Lines saying which tasks keep, change number or lose their place, and what becomes of their reports ("" for a
    new plan); `counts`, the line of how many are kept, added and removed first (the preview's)."""
    if not changes.exists:  # a new plan, or a removed one imported again: its tasks' reports come back
        return t("reimport_reports_back", lang, count=changes.kept_reports) if changes.kept_reports else ""
    text = ""
    if counts:
        text += t("reimport_summary", lang, kept=format_count(changes.kept, lang), added=format_count(changes.added, lang),
                  dropped=format_count(len(changes.dropped), lang))
    if changes.renumbered:
        parts = [
            f"{r.old_number} → {r.new_number}" + (f" ({_reports(r.reports, lang)})" if r.reports else "")
            for r in changes.renumbered[:MAX_LINES]
        ]
        if len(changes.renumbered) > MAX_LINES:
            parts.append(f"… (+{len(changes.renumbered) - MAX_LINES})")
        text += t("reimport_renumbered", lang, count=len(changes.renumbered), lines="; ".join(parts))
    if changes.dropped:
        lines = []
        for d in changes.dropped[:MAX_LINES]:
            line = f"• {d.number} «{d.title}»"
            if d.reports:
                line += t("reimport_dropped_keeps", lang, reports=_reports(d.reports, lang))
            if d.number_reused:
                line += t("reimport_number_reused", lang, number=d.number)
            lines.append(line)
        if len(changes.dropped) > MAX_LINES:
            lines.append(f"• … (+{len(changes.dropped) - MAX_LINES})")
        text += t("reimport_dropped", lang, count=format_count(len(changes.dropped), lang), lines="\n".join(lines))
    if changes.kept_reports:
        text += t("reimport_reports_kept", lang, count=changes.kept_reports)
    return text


def unled_text(unled: list[tuple[str, str]], lang: str) -> str:
    """The tasks given to a group with no registered agency, and what to do about it ("" when none)."""
    if not unled:
        return ""
    parts = [f"{number} («{group}»)" for number, group in unled[:MAX_LINES]]
    if len(unled) > MAX_LINES:
        parts.append(f"… (+{len(unled) - MAX_LINES})")
    return t("import_unled", lang, count=len(unled), lines="; ".join(parts))


def empty_groups_text(groups: list[tuple[str, int]], lang: str, *, cli: bool = False) -> str:
    """One line a group named as a lead with no member registered yet: its tasks remind none of its members, and
    how to register them ("" when none); `cli`, said as the command line's."""
    lines = []
    for group, count in groups:
        wards = group_of(group) == "wards"
        key = {(True, False): N_("import_empty_group_wards"), (False, False): N_("import_empty_group_units"),
               (True, True): N_("cli.empty_group_wards"), (False, True): N_("cli.empty_group_units")}[wards, cli]
        lines.append(t(key, lang, group=group, count=count))
    return "".join("\n" + line for line in lines)


def reissue_text(old_code: str, new_code: str, matched: int, tasks: int, lang: str) -> str:
    """The followed plan a new one repeats, and the choice between replacing it and keeping both."""
    return t("import_reissue", lang, old=old_code, new=new_code, matched=matched, tasks=tasks)


def _deadline_change(c: DeadlineChange, lang: str) -> str:
    """«2: hạn «Quý II» → «30/06»»; the same words read another way (a weekday typed to the preview) say the dates."""
    if c.old_text == c.new_text:
        # before: «2: hạn «hàng tuần» → «hàng tuần»», which says nothing
        return t("import_deadline_dates_changed", lang, number=c.number, text=c.new_text or "—",
                 old=_dates(c.old_due, lang), new=_dates(c.new_due, lang))
    return t("import_deadline_changed", lang, number=c.number, old=c.old_text or "—", new=c.new_text or "—")


def _dates(dues: tuple[str | None, ...], lang: str) -> str:
    return ", ".join(format_date(date.fromisoformat(d), lang) for d in dues if d) or "—"


def deadline_change_lines(changes: list[DeadlineChange], lang: str) -> str:
    """The deadlines a re-import changed, one line each ("" when none)."""
    lines = ["\n• " + _deadline_change(c, lang) for c in changes[:MAX_LINES]]
    if len(changes) > MAX_LINES:
        lines.append(f"\n• … (+{len(changes) - MAX_LINES})")
    return "".join(lines)
