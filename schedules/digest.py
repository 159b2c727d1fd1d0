"""Grouping a run's intents into one message per person: overdue first, then by date, with report buttons.

Report buttons carry chat.buttons.ReportStatus (`r:12:345:done`); the core's button handler turns a
press into a report from the presser's agency.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from chat.buttons import REPORT_STATUSES, ReportStatus
from chat.messages import CHOICE_LIMIT, Choice, OutgoingMessage, shorten
from i18n import N_, t
from i18n.formats import format_count, format_date, format_month
from reports.text import last_report_text
from schedules.model import Digest, DigestItem, ReminderIntent, ReminderSettings

_BUTTON_TEXT = {
    "done": N_("digest_button_done"),
    "in_progress": N_("digest_button_progress"),
    "blocked": N_("digest_button_blocked"),
}
# every task of the person's own a digest lists gets a row of report buttons: no more rows than a message holds
BUTTON_ROWS = CHOICE_LIMIT // len(REPORT_STATUSES)
NOTE_CHARS = 120  # a note repeated in a digest: the rest is one /task away
# a coordinating agency's blocker is listed with the lead agencies' ones
_SECRETARY_REASONS = {"escalation": 0, "blocked": 1, "support_blocked": 1, "nonresponder": 2}
_SECRETARY_SECTIONS = {
    "escalation": N_("section_escalation"),
    "blocked": N_("section_blocked"),
    "support_blocked": N_("section_blocked"),
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


def _due_text(intent: ReminderIntent, lang: str) -> str:
    """How the deadline stands today: "quá hạn 6 ngày làm việc", "hôm nay là hạn chót", "còn 3 ngày làm việc"."""
    if intent.overdue_days > 0:
        return t("when_overdue", lang, count=intent.overdue_days)
    if intent.overdue_days == 0:
        return t("when_today", lang)
    return t("when_before", lang, count=-intent.overdue_days)


def _report_line(intent: ReminderIntent, lang: str, zone: ZoneInfo) -> list[str]:
    """What the agency last said about it, so the reminder answers it rather than nagging as if it were silent."""
    report = intent.report
    if report is None:
        return []
    said = last_report_text(report.status, report.percent, report.eta, report.note, lang, note_chars=NOTE_CHARS)
    day = format_date(report.created_at.astimezone(zone).date(), lang)
    return [t("item_report", lang, day=day, report=said)]


def _own_lines(intent: ReminderIntent, n: int, lang: str, zone: ZoneInfo) -> list[str]:
    """A task the person's agency owes: its number, title on one line, milestone, product, deadline, last report."""
    occ = intent.occurrence
    lines = [t("item", lang, n=n, number=occ.task_number, title=shorten(occ.task_title))]
    if occ.label:
        lines.append(t("item_label", lang, label=shorten(occ.label)))
    if occ.deliverable:
        lines.append(t("item_deliverable", lang, deliverable=shorten(occ.deliverable)))
    if occ.due is None:
        lines.append(t("item_no_due", lang))
    elif intent.reason == "checkin":
        lines.append(t("item_bound", lang, due=format_date(occ.due, lang)))
    else:
        lines.append(t("item_due", lang, due=format_date(occ.due, lang), when=_due_text(intent, lang)))
    return lines + _report_line(intent, lang, zone)


def _duty_lines(intent: ReminderIntent, lang: str, zone: ZoneInfo) -> list[str]:
    """A secretary's item under its agency: one line for the task and its deadline, then what it last said."""
    occ = intent.occurrence
    title = shorten(occ.task_title)
    if occ.due is None or intent.reason == "checkin":
        line = t("duty_item_ongoing", lang, number=occ.task_number, title=title)
    else:
        due = format_date(occ.due, lang)
        line = t("duty_item", lang, number=occ.task_number, title=title, due=due, when=_due_text(intent, lang))
    return [line, *_report_line(intent, lang, zone)]


def _section_of(intent: ReminderIntent) -> str:
    if intent.role == "secretary":
        return _SECRETARY_SECTIONS[intent.reason]
    if intent.reason == "checkin":
        return N_("section_checkin")
    return N_("section_overdue") if intent.overdue_days > 0 else N_("section_upcoming")


def _render(intents: list[ReminderIntent], settings: ReminderSettings) -> tuple[str, list[ReminderIntent]]:
    """The digest text and the intents it shows, in order: the person's own tasks (each with its report
    buttons, so no more than BUTTON_ROWS of them), then a secretary's items grouped by agency."""
    lang = intents[0].lang
    day = intents[0].day
    zone = ZoneInfo(settings.tz)
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
    owed = [i for i in ordered if i.role != "secretary"]
    watched = [i for i in ordered if i.role == "secretary"]
    own_shown = owed[: min(settings.digest_max_items, BUTTON_ROWS)]
    duty_shown = watched[: max(settings.digest_max_items - len(own_shown), 0)]
    lines = [t("digest_title", lang, day=format_date(day, lang))]
    agencies = {i.agency.name for i in own_shown}
    if len(agencies) == 1 and not duty_shown:
        lines.append(t("digest_agency", lang, agency=next(iter(agencies))))
    section, agency = None, None
    for n, intent in enumerate(own_shown, 1):
        if _section_of(intent) != section:
            section = _section_of(intent)
            lines += ["", t(section, lang, month=format_month(day, lang))]
        lines += _own_lines(intent, n, lang, zone)
        if len(agencies) > 1:
            lines.append(t("item_agency", lang, agency=intent.agency.name))
    if len(owed) > len(own_shown):
        lines += ["", t("digest_more_own", lang, n=format_count(len(owed) - len(own_shown), lang))]
    section = None
    for intent in duty_shown:
        if _section_of(intent) != section:
            section, agency = _section_of(intent), None
            lines += ["", t(section, lang)]
        name = intent.agency.name
        if intent.reason == "support_blocked":  # the agency coordinates the task: said so beside its name
            name = t("agency.coordinating", lang, agency=name)
        if name != agency:
            agency = name
            lines.append(t("duty_agency", lang, agency=agency))
        lines += _duty_lines(intent, lang, zone)
    if len(watched) > len(duty_shown):
        lines += ["", t("digest_more", lang, n=format_count(len(watched) - len(duty_shown), lang))]
    shown = [*own_shown, *duty_shown]
    cut = [i.occurrence.task_number for i in shown if shorten(i.occurrence.task_title) != i.occurrence.task_title]
    if cut:
        lines += ["", t("digest_task_hint", lang, number=cut[0])]
    if own_shown:
        lines.append("")
        example = own_shown[0].occurrence.task_number
        eta = format_date(day + timedelta(days=30), lang)
        lines.append(t("reply_hint", lang, number=example, eta=eta))
    return "\n".join(lines), shown


@lru_cache(maxsize=65_536)  # an agency's members and head get the same buttons: made once a run
def _status_row(task_id: int, occurrence_id: int | None, number: str, lang: str) -> tuple[Choice, ...]:
    return tuple(
        Choice(t(_BUTTON_TEXT[status], lang, number=number), ReportStatus(task_id, occurrence_id, status).pack())
        for status in REPORT_STATUSES
    )


def _buttons(shown: list[ReminderIntent]) -> tuple[tuple[Choice, ...], ...]:
    """Xong / Đang làm / Vướng for every task of the person's own the digest lists."""
    rows: list[tuple[Choice, ...]] = []
    seen: set[tuple[int, int | None]] = set()
    for intent in shown:
        occ = intent.occurrence
        if intent.role == "secretary" or (occ.task_id, occ.occurrence_id) in seen:
            continue
        seen.add((occ.task_id, occ.occurrence_id))
        rows.append(_status_row(occ.task_id, occ.occurrence_id, occ.task_number, intent.lang))
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
            choices=_buttons(shown),
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
