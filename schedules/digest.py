"""Grouping a run's items into one message per person: overdue first, then by date, with report buttons.

Report buttons carry chat.buttons.ReportStatus (`r:12:345:done`); the core's button handler turns a
press into a report from the presser's agency.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from chat.buttons import REPORT_STATUSES, AskExtension, Explain, ReportStatus
from chat.messages import CHOICE_LIMIT, Choice, OutgoingMessage, shorten
from i18n import N_, t
from i18n.formats import format_count, format_date, format_month, printed_number
from plans.workdays import format_due
from reports.text import last_report_text
from schedules.model import Digest, DigestItem, Reason, ReminderItem, ReminderSettings
from storage.reminders import Person, Role

_BUTTON_TEXT = {
    "done": N_("digest_button_done"),
    "in_progress": N_("digest_button_progress"),
    "blocked": N_("digest_button_blocked"),
}
NOTE_CHARS = 120  # a note repeated in a digest: the rest is one /task away
# a coordinating agency's blocker is listed with the lead agencies' ones
# the extension requests waiting for the secretary's decision first: what the secretary acts on
_SECRETARY_REASONS = {"extension_asked": 0, "escalation": 1, "blocked": 2, "support_blocked": 2, "nonresponder": 3}
_SECRETARY_SECTIONS = {
    "extension_asked": N_("section_extension_asked"),
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


# an item a digest shows, with the person's reason for it
Entry = tuple[ReminderItem, Reason]


def _order(item: ReminderItem) -> tuple:
    occ = item.occurrence
    due = occ.due or date.max
    return (
        0 if item.overdue_days > 0 else 1,
        due,
        _number_key(occ.task_number),
        occ.occurrence_id or 0,
        item.agency.name,
    )


def _ident(item: ReminderItem) -> tuple[int | None, int, int]:
    return item.occurrence.occurrence_id, item.occurrence.milestone_id, item.agency.id


def _due_text(overdue_days: int, lang: str) -> str:
    """How the deadline stands today: "quá hạn 6 ngày làm việc", "hôm nay là hạn chót", "còn 3 ngày làm việc"."""
    if overdue_days > 0:
        return t("when_overdue", lang, count=overdue_days)
    if overdue_days == 0:
        return t("when_today", lang)
    return t("when_before", lang, count=-overdue_days)


# A digest's lines are made of a few texts shared by thousands of items at national scale (3,500 agencies
# lead the same tasks, a secretary's digest repeats them): each is made once from plain values and kept.
_TEXTS = 16_384


def _report_line(item: ReminderItem, lang: str, zone: ZoneInfo) -> list[str]:
    """What the agency last said about it, so the reminder answers it rather than nagging as if it were silent."""
    report = item.report
    if report is None:
        return []
    day = report.created_at.astimezone(zone).date()
    return [_report_text(report.status, report.percent, report.eta, report.note, day, lang)]


@lru_cache(maxsize=_TEXTS)
def _report_text(status: str, percent: int | None, eta: str | None, note: str, day: date, lang: str) -> str:
    said = last_report_text(status, percent, eta, note, lang, note_chars=NOTE_CHARS)
    return t("item_report", lang, day=format_date(day, lang), report=said)


def _own_lines(
    entry: Entry, n: int, number: str, lang: str, zone: ZoneInfo, later: Sequence[ReminderItem] = ()
) -> list[str]:
    """A task the person's agency owes: its number (as `number` shows it), title on one line, milestone,
    product, deadline (and the `later` dates of its series the digest lists too), last report."""
    item, reason = entry
    occ = item.occurrence
    lines = [_item_text(n, number, occ.task_title, lang)]
    lines += _task_texts(occ.label, occ.deliverable, occ.due, reason == "checkin", item.overdue_days, lang)
    lines += [_later_text(one.occurrence.due, one.overdue_days, lang) for one in later if one.occurrence.due]
    return lines + _report_line(item, lang, zone) + _asked_line(item, lang) + _explained_line(item, lang)


@lru_cache(maxsize=_TEXTS)
def _later_text(due: date, overdue_days: int, lang: str) -> str:
    return t("item_due_later", lang, due=format_due(due, lang), when=_due_text(overdue_days, lang))


def _one_entry_per_series(
    person: Person, owed: list[ReminderItem]
) -> tuple[list[ReminderItem], dict[int, list[ReminderItem]]]:
    """The items a person owes with a series listed once, at its earliest date (last month's, missed), its
    later dates (this month's, due) kept by id of that item to be said under it: one entry and one set of
    buttons, which answer the newest date due by today alike (handlers/reporting.resolve_target), instead of
    the task twice in two sections with two identical rows of buttons."""
    first_of: dict[tuple[int, int, int], ReminderItem] = {}
    later: dict[int, list[ReminderItem]] = defaultdict(list)
    kept: list[ReminderItem] = []
    for item in owed:  # in _order: the earliest date of a series comes first
        occ = item.occurrence
        if occ.kind == "recurring" and item.reason_for(person) != "checkin":
            first = first_of.setdefault((occ.task_id, occ.milestone_id, item.agency.id), item)
            if first is not item:
                later[id(first)].append(item)
                continue
        kept.append(item)
    return kept, later


@lru_cache(maxsize=_TEXTS)
def _item_text(n: int, number: str, title: str, lang: str) -> str:
    return t("item", lang, n=n, number=number, title=shorten(title))


@lru_cache(maxsize=_TEXTS)
def _task_texts(
    label: str | None, deliverable: str, due: date | None, checkin: bool, overdue_days: int, lang: str
) -> tuple[str, ...]:
    """An owed task's milestone, product and deadline lines."""
    lines = []
    if label:
        lines.append(t("item_label", lang, label=shorten(label)))
    if deliverable:
        lines.append(t("item_deliverable", lang, deliverable=shorten(deliverable)))
    if due is None:
        lines.append(t("item_no_due", lang))
    elif checkin:
        lines.append(t("item_bound", lang, due=format_date(due, lang)))
    else:
        lines.append(t("item_due", lang, due=format_due(due, lang), when=_due_text(overdue_days, lang)))
    return tuple(lines)


def _duty_lines(entry: Entry, number: str, lang: str, zone: ZoneInfo) -> list[str]:
    """A secretary's item under its agency: one line for the task and its deadline, then what it last said."""
    item, reason = entry
    occ = item.occurrence
    checkin = occ.due is None or reason == "checkin"
    line = _duty_text(number, occ.task_title, None if checkin else occ.due, item.overdue_days, lang)
    return [line, *_report_line(item, lang, zone), *_asked_line(item, lang), *_explained_line(item, lang)]


@lru_cache(maxsize=_TEXTS)
def _duty_text(number: str, title: str, due: date | None, overdue_days: int, lang: str) -> str:
    """A secretary's line for a task: with its deadline and how it stands (`due`), or as ongoing."""
    if due is None:
        return t("duty_item_ongoing", lang, number=printed_number(number), title=shorten(title))
    return t(
        "duty_item", lang, number=printed_number(number), title=shorten(title), due=format_due(due, lang),
        when=_due_text(overdue_days, lang),
    )


def _asked_line(item: ReminderItem, lang: str) -> list[str]:
    """The date the agency's extension request waiting for a decision asks for, when it made one."""
    occ = item.occurrence
    asked = occ.asked_for(item.agency.id) if occ.asked else None
    return [_asked_text(asked, lang)] if asked else []


@lru_cache(maxsize=_TEXTS)
def _asked_text(asked: date, lang: str) -> str:
    return t("item_extension_asked", lang, due=format_date(asked, lang))


def _explained_line(item: ReminderItem, lang: str) -> list[str]:
    """The agency's explanation (giải trình) of the delay, when it gave one."""
    occ = item.occurrence
    explanation = occ.explanation_of(item.agency.id) if occ.explanations else None
    return [t("item_explained", lang, text=shorten(explanation, NOTE_CHARS))] if explanation else []


def _numbers_shown(shown: list[Entry], lang: str) -> dict[int, str]:
    """How the digest names each task it lists (by task id) when the digest lists one number from two plans:
    its key with its plan's code after it ("1.1 [17/KH-UBND]"), as the other lists do; else nothing (each
    task is named by its key, `OccurrenceInfo.task_name`: "7.6", or "7.6#2" for its plan's second 7.6)."""
    plans_of: dict[str, set[str]] = {}
    for item, _ in shown:
        occ = item.occurrence
        plans_of.setdefault(occ.task_number, set()).add(occ.plan_code)
    if all(len(codes) == 1 for codes in plans_of.values()):
        return {}
    return {
        item.occurrence.task_id: t("task.number_in_plan", lang, number=item.occurrence.task_name,
                                   plan=item.occurrence.plan_code)
        for item, _ in shown
        if len(plans_of[item.occurrence.task_number]) > 1
    }


def _duty_agency(entry: Entry, lang: str) -> str:
    """The agency heading a secretary's item, "(phối hợp)" beside it when the agency coordinates the task."""
    item, reason = entry
    if reason == "support_blocked":
        return t("agency.coordinating", lang, agency=item.agency.name)
    return item.agency.name


def _section_of(role: Role, entry: Entry) -> str:
    item, reason = entry
    if role == "secretary":
        return _SECRETARY_SECTIONS[reason]
    if reason == "checkin":
        return N_("section_checkin")
    return N_("section_overdue") if item.overdue_days > 0 else N_("section_upcoming")


def _render(
    person: Person, lang: str, day: date, items: Sequence[ReminderItem], settings: ReminderSettings
) -> tuple[str, list[Entry], dict[int, str], dict[int, list[ReminderItem]]]:
    """The digest text, what it shows, in order (the person's own tasks, each with its report buttons, so no
    more of them than a message's buttons hold, or a secretary's items grouped by agency), the numbers
    shown with their plan (`_numbers_shown`), and a series' later dates listed under its entry (by id of its item)."""
    zone = ZoneInfo(settings.tz)
    role = person.role
    own = sorted(items, key=_order) if role != "secretary" else []
    duty = items if role == "secretary" else []
    # one person, one (occurrence, agency): the most urgent reason wins (a head can be both)
    seen: set[tuple] = set()
    owed: list[ReminderItem] = []
    for item in own:
        if _ident(item) not in seen:
            seen.add(_ident(item))
            owed.append(item)
    owed, later = _one_entry_per_series(person, owed)
    # every task of the person's own a digest lists gets its buttons (a status row, then "Giải trình" and
    # "Xin gia hạn"): no more tasks than a message's buttons hold
    own_shown: list[Entry] = []
    room_for_buttons = CHOICE_LIMIT
    for item in owed[: settings.digest_max_items]:
        entry = (item, item.reason_for(person))
        needed = len(REPORT_STATUSES) + len(_late_row(entry, lang, item.occurrence.task_name, later.get(id(item), ())))
        if needed > room_for_buttons:
            break
        room_for_buttons -= needed
        own_shown.append(entry)
    # a secretary's digest holds 100,000 items at national scale and shows 30: only the first are sorted
    # (those the person owes and repeated ones aside, the smallest `room + skipped` hold them)
    room = max(settings.digest_max_items - len(own_shown), 0)
    duty_ids = {_ident(i) for i in duty}
    watched_count = len(duty_ids - seen)
    skipped = len(duty) - watched_count
    duty_shown: list[Entry] = []

    def duty_order(item: ReminderItem) -> tuple:
        return (_SECRETARY_REASONS.get(item.reason_for(person), 4), *_order(item))

    for item in heapq.nsmallest(room + skipped, duty, key=duty_order) if room else ():
        if _ident(item) not in seen and len(duty_shown) < room:
            seen.add(_ident(item))
            duty_shown.append((item, item.reason_for(person)))
    # shown one heading per agency in each section, agencies in the order of their most urgent item (the
    # items came in task order: headings alternated «Phòng Nội vụ • 3.8 / Phường Bến Nghé • 3.8 / …»)
    first_at: dict[tuple[str, str], int] = {}
    for n, entry in enumerate(duty_shown):
        first_at.setdefault((_section_of(role, entry), _duty_agency(entry, lang)), n)
    duty_shown.sort(key=lambda entry: first_at[(_section_of(role, entry), _duty_agency(entry, lang))])
    numbers = _numbers_shown([*own_shown, *duty_shown], lang)
    lines = [t("digest_title", lang, day=format_date(day, lang))]
    agencies = {item.agency.name for item, _ in own_shown}
    if len(agencies) == 1 and not duty_shown:
        lines.append(t("digest_agency", lang, agency=next(iter(agencies))))
    section, agency = None, None
    for n, entry in enumerate(own_shown, 1):
        if _section_of(role, entry) != section:
            section = _section_of(role, entry)
            lines += ["", t(section, lang, month=format_month(day, lang))]
        occ = entry[0].occurrence
        lines += _own_lines(entry, n, numbers.get(occ.task_id, occ.task_name), lang, zone, later.get(id(entry[0]), ()))
        if len(agencies) > 1:
            lines.append(t("item_agency", lang, agency=entry[0].agency.name))
    if len(owed) > len(own_shown):
        lines += ["", t("digest_more_own", lang, n=format_count(len(owed) - len(own_shown), lang))]
    section = None
    for entry in duty_shown:
        if _section_of(role, entry) != section:
            section, agency = _section_of(role, entry), None
            lines += ["", t(section, lang)]
        name = _duty_agency(entry, lang)
        if name != agency:
            agency = name
            lines.append(t("duty_agency", lang, agency=agency))
        occ = entry[0].occurrence
        lines += _duty_lines(entry, numbers.get(occ.task_id, occ.task_name), lang, zone)
    if watched_count > len(duty_shown):
        lines += ["", t("digest_more", lang, n=format_count(watched_count - len(duty_shown), lang))]
    shown = [*own_shown, *duty_shown]
    cut = [i.occurrence for i, _ in shown if shorten(i.occurrence.task_title) != i.occurrence.task_title]
    if cut:
        lines += ["", t("digest_task_hint", lang, number=numbers.get(cut[0].task_id, cut[0].task_name))]
    if own_shown:
        lines.append("")
        first = own_shown[0][0].occurrence
        example = numbers.get(first.task_id, first.task_name)
        eta = format_date(day + timedelta(days=30), lang)
        # where people answer by typing (no reply-to, no buttons), saying «reply» or «press» would mislead
        typed = person.channel in settings.typed_channels
        hint = N_("reply_hint_typed") if typed else N_("reply_hint")
        lines.append(t(hint, lang, number=example, eta=eta))
    return "\n".join(lines), shown, numbers, later


@lru_cache(maxsize=65_536)  # an agency's members and head get the same buttons: made once a run
def _status_row(task_id: int, occurrence_id: int | None, number: str, lang: str) -> tuple[Choice, ...]:
    return tuple(
        Choice(t(_BUTTON_TEXT[status], lang, number=number), ReportStatus(task_id, occurrence_id, status).pack())
        for status in REPORT_STATUSES
    )


# "Xin gia hạn" under a task from this many working days before its deadline: a week ahead, a button per
# task and status doubles a long reminder on a phone (/xin_gia_han asks any time)
EXTEND_BUTTON_DAYS = 3


def _late_row(entry: Entry, lang: str, number: str, later: Sequence[ReminderItem] = ()) -> tuple[Choice, ...]:
    """"Giải trình" (when overdue) and "Xin gia hạn" (from EXTEND_BUTTON_DAYS before the deadline) under a
    dated item of the agency's own, its task named as `number`. Under a series listed once with its `later`
    dates, «Giải trình» explains the date missed (the entry's, as /overdue lists it) and «Xin gia hạn» asks
    more time for the newest date listed («Hạn kỳ sau»: the deadline still to meet), not a date long past."""
    item, reason = entry
    occ = item.occurrence
    if occ.occurrence_id is None or reason == "checkin":
        return ()
    newest = later[-1] if later and later[-1].occurrence.occurrence_id is not None else item
    return _late_buttons(occ.task_id, occ.occurrence_id, newest.occurrence.occurrence_id or occ.occurrence_id,
                         number, lang, item.overdue_days > 0, newest.overdue_days >= -EXTEND_BUTTON_DAYS)


@lru_cache(maxsize=65_536)  # the same for every agency leading the task: made once a run
def _late_buttons(
    task_id: int, missed: int, extended: int, number: str, lang: str, overdue: bool, extendable: bool
) -> tuple[Choice, ...]:
    row = []
    if overdue:
        row.append(Choice(t("digest_button_explain", lang, number=number), Explain(task_id, missed).pack()))
    if extendable:
        row.append(Choice(t("digest_button_extend", lang, number=number), AskExtension(task_id, extended).pack()))
    return tuple(row)


def _buttons(
    role: Role, lang: str, shown: list[Entry], numbers: dict[int, str], later: dict[int, list[ReminderItem]]
) -> tuple[tuple[Choice, ...], ...]:
    """Xong / Đang làm / Vướng for every task of the person's own the digest lists, each named as the text
    names it (`numbers`), and the late buttons (`later`: a series' dates listed under its entry)."""
    rows: list[tuple[Choice, ...]] = []
    if role == "secretary":
        return ()
    seen: set[tuple[int, int | None]] = set()
    for entry in shown:
        occ = entry[0].occurrence
        if (occ.task_id, occ.occurrence_id) in seen:
            continue
        seen.add((occ.task_id, occ.occurrence_id))
        number = numbers.get(occ.task_id, occ.task_name)
        rows.append(_status_row(occ.task_id, occ.occurrence_id, number, lang))
        late = _late_row(entry, lang, number, later.get(id(entry[0]), ()))
        if late:
            rows.append(late)
    return tuple(rows)


@lru_cache(maxsize=65_536)  # one value for every digest listing the task (read only: 100,000 of them a day)
def _refers_to(item: ReminderItem, reason: Reason, secretary: bool) -> dict[str, int | str | None]:
    occ = item.occurrence
    if not secretary:
        return DigestItem(occ.task_id, occ.occurrence_id).as_json()
    role = "support" if reason == "support_blocked" else "lead"
    return DigestItem(occ.task_id, occ.occurrence_id, item.agency.id, role).as_json()


# a digest's text, buttons and what a reply to it refers to
_Made = tuple[str, tuple[tuple[Choice, ...], ...], tuple[dict[str, int | str | None], ...]]


RENUMBERED_SHOWN = 8  # number changes a digest's line spells out; the rest is «…»


def with_new_numbers(digest: Digest, changes: Sequence[tuple[str, str]]) -> Digest:
    """The digest with one line under its title saying the (old, new) task numbers a re-import changed."""
    pairs = ", ".join(f"{old} → {new}" for old, new in changes[:RENUMBERED_SHOWN])
    if len(changes) > RENUMBERED_SHOWN:
        pairs += ", …"
    title, _, rest = digest.message.text.partition("\n")
    text = "\n".join((title, t("digest_renumbered", digest.lang, changes=pairs), rest))
    return replace(digest, message=replace(digest.message, text=text))


def build_digests(items: Sequence[ReminderItem], settings: ReminderSettings) -> list[Digest]:
    """One digest per person and day, keyed `digest:user:<id>|<day>`, in user order."""
    # the items listed once per people tuple they go to: the two secretaries' share (two thirds of the items
    # at national scale) is listed once and, when they read one language and answer alike (`typed_channels`), rendered once
    shares: dict[int, tuple[tuple[Person, ...], list[ReminderItem]]] = {}
    # an agency's items share one tuple of deliveries: the lists they go to are found once for it
    lists_of: dict[int, list[list[ReminderItem]]] = {}
    for item in items:
        targets = lists_of.get(id(item.deliveries))
        if targets is None:
            targets = lists_of[id(item.deliveries)] = []
            for delivery in item.deliveries:
                share = shares.get(id(delivery.people))
                if share is None:
                    share = shares[id(delivery.people)] = (delivery.people, [])
                targets.append(share[1])
        for listed in targets:
            listed.append(item)
    lists: dict[tuple[int, date], list[list[ReminderItem]]] = defaultdict(list)
    persons: dict[int, Person] = {}
    for people, listed in shares.values():
        for person in people:
            persons[person.user_id] = person
            lists[(person.user_id, listed[0].day)].append(listed)
    places: dict[int, int] = {}
    made: dict[tuple[int, date], tuple[Sequence[ReminderItem], _Made]] = {}
    rendered: dict[tuple[int, str, bool], _Made] = {}
    # the longest lists first (the secretaries'): what sorting them holds for a moment is given back before
    # the other digests' texts are made
    for (user_id, day), found in sorted(lists.items(), key=lambda kv: -sum(map(len, kv[1]))):
        person = persons[user_id]
        lang = person.lang or settings.lang
        if len(found) == 1:
            own = found[0]
            wording = (id(own), lang, person.channel in settings.typed_channels)
            done = rendered.get(wording)
            if done is None:
                done = rendered[wording] = _made(person, lang, day, own, settings)
        else:  # in several tuples (some of their items were logged already): back in the order planned
            places = places or {id(item): n for n, item in enumerate(items)}
            own = sorted((item for listed in found for item in listed), key=lambda item: places[id(item)])
            done = _made(person, lang, day, own, settings)
        made[(user_id, day)] = (own, done)
    digests = []
    for user_id, day in sorted(made):
        own, (text, choices, refers_to) = made[(user_id, day)]
        person = persons[user_id]
        message = OutgoingMessage(text=text, choices=choices, refers_to=refers_to, kind="digest")
        digests.append(Digest(digest_key(user_id, day), person, person.lang or settings.lang, day, own, message))
    return digests


def _made(
    person: Person, lang: str, day: date, items: Sequence[ReminderItem], settings: ReminderSettings
) -> _Made:
    """A digest's text, buttons and what a reply to it refers to."""
    text, shown, numbers, later = _render(person, lang, day, items, settings)
    secretary = person.role == "secretary"
    refs: dict[tuple, dict[str, int | str | None]] = {}
    for item, reason in shown:
        ref = _refers_to(item, reason, secretary)
        refs.setdefault(tuple(ref.values()), ref)
    return text, _buttons(person.role, lang, shown, numbers, later), tuple(refs.values())
