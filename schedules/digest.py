"""Grouping a run's intents into one message per person: overdue first, then by date, with report buttons.

Report buttons carry chat.buttons.ReportStatus (`r:12:345:done`); the core's button handler turns a
press into a report from the presser's agency.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from chat.buttons import REPORT_STATUSES, ReportStatus
from chat.messages import Choice, OutgoingMessage
from i18n import N_, t
from i18n.formats import format_date, format_month
from schedules.model import Digest, DigestItem, ReminderIntent, ReminderSettings

_BUTTON_TEXT = {
    "done": N_("digest_button_done"),
    "in_progress": N_("digest_button_progress"),
    "blocked": N_("digest_button_blocked"),
}
_SECRETARY_REASONS = {"escalation": 0, "blocked": 1, "nonresponder": 2}
_SECRETARY_SECTIONS = {
    "escalation": N_("section_escalation"),
    "blocked": N_("section_blocked"),
    "nonresponder": N_("section_nonresponder"),
}


def digest_key(user_id: int, day: date) -> str:
    """The outbox key of a person's first digest of a day."""
    return f"digest:user:{user_id}|{day.isoformat()}"


@lru_cache(maxsize=4096)
def _number_key(number: str) -> tuple:
    # "1.10" after "1.9": compare the numeric parts as numbers
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in number.split("."))


def _order(intent: ReminderIntent) -> tuple:
    occ = intent.occurrence
    due = occ.due or date.max
    return (
        0 if intent.overdue_days > 0 else 1,
        due,
        _number_key(occ.task_number),
        occ.occurrence_id or 0,
        intent.agency.name,
    )


def _ident(intent: ReminderIntent) -> tuple[int | None, int, int]:
    return intent.occurrence.occurrence_id, intent.occurrence.milestone_id, intent.agency.id


def _digest_order(intent: ReminderIntent) -> tuple:
    # own items in their order, then the secretary's by reason
    if intent.role != "secretary":
        return (0, 0, *_order(intent))
    return (1, _SECRETARY_REASONS.get(intent.reason, 3), *_order(intent))


def _deliverable_lines(intent: ReminderIntent, lang: str, with_agency: bool) -> list[str]:
    occ = intent.occurrence
    lines = []
    if occ.label:
        lines.append(t("item_label", lang, label=occ.label))
    if occ.deliverable:
        lines.append(t("item_deliverable", lang, deliverable=occ.deliverable))
    if with_agency:
        lines.append(t("item_agency", lang, agency=intent.agency.name))
    if occ.due is None:
        lines.append(t("item_no_due", lang))
    elif intent.reason == "checkin":
        lines.append(t("item_bound", lang, due=format_date(occ.due, lang)))
    else:
        if intent.overdue_days > 0:
            when = t("when_overdue", lang, count=intent.overdue_days)
        elif intent.overdue_days == 0:
            when = t("when_today", lang)
        else:
            when = t("when_before", lang, count=-intent.overdue_days)
        lines.append(t("item_due", lang, due=format_date(occ.due, lang), when=when))
    if intent.status == "blocked":
        lines.append(t("status_blocked", lang))
    return lines


def _render(intents: list[ReminderIntent], settings: ReminderSettings) -> tuple[str, list[ReminderIntent]]:
    """The digest text and the intents it shows, in order."""
    lang = intents[0].lang
    day = intents[0].day
    # one person, one (occurrence, agency): the most urgent reason wins (a head can be both); own items
    # first, then the secretary's. A secretary's digest holds 100,000 items at national scale and shows
    # 30: only the first ones are sorted (duplicates aside, the 30 + duplicates smallest hold them)
    distinct = len({_ident(i) for i in intents})
    first = heapq.nsmallest(settings.digest_max_items + len(intents) - distinct, intents, key=_digest_order)
    seen: set[tuple] = set()
    shown: list[ReminderIntent] = []
    for intent in first:
        ident = _ident(intent)
        if ident not in seen and len(shown) < settings.digest_max_items:
            seen.add(ident)
            shown.append(intent)
    lines = [t("digest_title", lang, day=format_date(day, lang))]
    agencies = {i.agency.name for i in shown if i.role != "secretary"}
    if len(agencies) == 1 and all(i.role != "secretary" for i in shown):
        lines.append(t("digest_agency", lang, agency=next(iter(agencies))))
    section = None
    for n, intent in enumerate(shown, 1):
        if intent.role == "secretary":
            current = _SECRETARY_SECTIONS[intent.reason]
        elif intent.reason == "checkin":
            current = N_("section_checkin")
        else:
            current = N_("section_overdue") if intent.overdue_days > 0 else N_("section_upcoming")
        if current != section:
            section = current
            lines.append("")
            lines.append(t(current, lang, month=format_month(day, lang)))
        occ = intent.occurrence
        lines.append(t("item", lang, n=n, number=occ.task_number, title=occ.task_title))
        lines.extend(_deliverable_lines(intent, lang, with_agency=intent.role == "secretary"))
    if distinct > len(shown):
        lines.append("")
        lines.append(t("digest_more", lang, n=distinct - len(shown)))
    reportable = [i for i in shown if i.role != "secretary"]
    if reportable:
        lines.append("")
        example = reportable[0].occurrence.task_number
        eta = format_date(day + timedelta(days=30), lang)
        lines.append(t("reply_hint", lang, number=example, eta=eta))
    return "\n".join(lines), shown


def _buttons(shown: list[ReminderIntent], settings: ReminderSettings) -> tuple[tuple[Choice, ...], ...]:
    rows: list[tuple[Choice, ...]] = []
    seen: set[tuple[int, int | None]] = set()
    for intent in shown:
        occ = intent.occurrence
        if intent.role == "secretary" or (occ.task_id, occ.occurrence_id) in seen:
            continue
        seen.add((occ.task_id, occ.occurrence_id))
        if len(rows) >= settings.button_items:
            break
        rows.append(_button_row(occ.task_id, occ.occurrence_id, occ.task_number, intent.lang))
    return tuple(rows)


@lru_cache(maxsize=4096)
def _button_row(task_id: int, occurrence_id: int | None, number: str, lang: str) -> tuple[Choice, ...]:
    # every agency's digest shows the same few hundred deadlines: build each row once
    return tuple(
        Choice(t(_BUTTON_TEXT[status], lang, number=number), ReportStatus(task_id, occurrence_id, status).pack())
        for status in REPORT_STATUSES
    )


def build_digests(intents: Iterable[ReminderIntent], settings: ReminderSettings) -> list[Digest]:
    """One digest per person and day, keyed `digest:user:<id>|<day>`, in user order."""
    grouped: dict[tuple[int, date], list[ReminderIntent]] = defaultdict(list)
    for intent in intents:
        grouped[(intent.user_id, intent.day)].append(intent)
    digests = []
    for (user_id, day), group in sorted(grouped.items()):
        text, shown = _render(group, settings)
        items: list[DigestItem] = []
        for intent in shown:
            item = DigestItem(intent.occurrence.task_id, intent.occurrence.occurrence_id)
            if item not in items:
                items.append(item)
        message = OutgoingMessage(
            text=text,
            choices=_buttons(shown, settings),
            refers_to=tuple(i.as_json() for i in items),
            kind="digest",
        )
        first = group[0]
        digests.append(
            Digest(
                key=digest_key(user_id, day),
                user_id=user_id,
                channel=first.channel,
                chat_id=first.chat_id,
                day=day,
                intents=tuple(group),
                message=message,
            )
        )
    return digests
