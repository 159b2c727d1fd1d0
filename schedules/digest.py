"""Grouping a run's intents into one message per person: overdue first, then by date, with report buttons.

Report buttons carry chat.buttons.ReportStatus (`r:12:345:done`); the core's button handler turns a
press into a report from the presser's agency.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from chat.buttons import REPORT_STATUSES, AskExtension, Explain, ReportStatus
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
    explanation = occ.explanation_of(intent.agency.id) if occ.explanations else None
    if explanation:
        lines.append(t("item_explained", lang, text=explanation))
    return lines


def _render(intents: list[ReminderIntent], settings: ReminderSettings) -> tuple[str, list[ReminderIntent]]:
    """The digest text and the intents it shows, in order."""
    lang = intents[0].lang
    day = intents[0].day
    own = sorted((i for i in intents if i.role != "secretary"), key=_order)
    duty = sorted(
        (i for i in intents if i.role == "secretary"),
        key=lambda i: (_SECRETARY_REASONS.get(i.reason, 3), *_order(i)),
    )
    # one person, one (occurrence, agency): the most urgent reason wins (a head can be both)
    seen: set[tuple] = set()
    ordered: list[ReminderIntent] = []
    for intent in [*own, *duty]:
        ident = (intent.occurrence.occurrence_id, intent.occurrence.milestone_id, intent.agency.id)
        if ident not in seen:
            seen.add(ident)
            ordered.append(intent)
    shown = ordered[: settings.digest_max_items]
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
    if len(ordered) > len(shown):
        lines.append("")
        lines.append(t("digest_more", lang, n=len(ordered) - len(shown)))
    reportable = [i for i in shown if i.role != "secretary"]
    if reportable:
        lines.append("")
        example = reportable[0].occurrence.task_number
        eta = format_date(day + timedelta(days=30), lang)
        lines.append(t("reply_hint", lang, number=example, eta=eta))
    return "\n".join(lines), shown


def _late_row(intent: ReminderIntent) -> tuple[Choice, ...]:
    """"Giải trình" (when overdue) and "Xin gia hạn" under a dated item of the agency's own."""
    occ = intent.occurrence
    if occ.occurrence_id is None or intent.reason == "checkin":
        return ()
    row = []
    if intent.overdue_days > 0:
        row.append(Choice(t("digest_button_explain", intent.lang, number=occ.task_number),
                          Explain(occ.task_id, occ.occurrence_id).pack()))
    row.append(Choice(t("digest_button_extend", intent.lang, number=occ.task_number),
                      AskExtension(occ.task_id, occ.occurrence_id).pack()))
    return tuple(row)


def _buttons(shown: list[ReminderIntent], settings: ReminderSettings) -> tuple[tuple[Choice, ...], ...]:
    rows: list[tuple[Choice, ...]] = []
    seen: set[tuple[int, int | None]] = set()
    for intent in shown:
        occ = intent.occurrence
        if intent.role == "secretary" or (occ.task_id, occ.occurrence_id) in seen:
            continue
        seen.add((occ.task_id, occ.occurrence_id))
        if len(seen) > settings.button_items:
            break
        rows.append(
            tuple(
                Choice(
                    t(_BUTTON_TEXT[status], intent.lang, number=occ.task_number),
                    ReportStatus(occ.task_id, occ.occurrence_id, status).pack(),
                )
                for status in REPORT_STATUSES
            )
        )
        late = _late_row(intent)
        if late:
            rows.append(late)
    return tuple(rows)


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
