"""Progress reports: replies to reminders, buttons, the guided /report flow, edits and evidence."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from chat.buttons import (
    REPORT_STATUSES,
    ButtonData,
    ConfirmAll,
    OpenReport,
    PickTask,
    ReportPage,
    ReportStatus,
    SkipNote,
    StaleButton,
)
from chat.messages import LINE_CHARS, Attachment, Choice, IncomingMessage, OutgoingMessage, shorten
from handlers.context import Context
from handlers.errors import BadInput, NotAllowed
from handlers.late import extend_command, extension_asked, extension_typed
from handlers.replies import ParsedReport, cause_of, is_acknowledgement, parse_reply
from handlers.session import Flow, Who, require_linked
from handlers.task_numbers import names_plan, numbers_shown, plan_label, plans_text, tasks_named
from handlers.tasks import STATUS_SHORT, nearest_per_task, standing_lines
from i18n import N_, t
from i18n.formats import format_count, format_date, format_percent, format_time
from plans.text import fold
from storage import extensions, renumbering
from storage import reports as repo
from storage.audit import newest_action_at, record, record_report
from storage.files import save_evidence
from storage.people import Dialog, clear_dialog, load_session, set_dialog
from storage.plans import list_plans
from storage.tasks import (
    OpenItem,
    Task,
    TaskFacts,
    find_tasks,
    get_task,
    occurrence_due,
    plain_task_numbers,
    take_back_done,
    task_facts,
    tasks_for_agency,
)

log = logging.getLogger(__name__)

_BUTTON_KEY = {"done": N_("button_done"), "in_progress": N_("button_progress"), "blocked": N_("button_blocked")}
_EXPECTED = {Flow.PICK: N_("expect_pick"), Flow.REPORT: N_("expect_task"), Flow.IMPORT: N_("expect_import")}
_EXPECT_BUTTON = N_("expect_button")  # a flow with buttons only (an older version's, say)
# Có / Không typed to a confirmation, folded (lower case, no diacritics)
_YES_NO: dict[str, Literal["yes", "no"]] = {
    "co": "yes", "dong y": "yes", "yes": "yes", "khong": "no", "thoi": "no", "no": "no",
    # "ok" answering the bot's own Có / Không question is a yes (elsewhere it only acknowledges)
    "ok": "yes", "oke": "yes", "okay": "yes", "vang": "yes", "da vang": "yes", "ok a": "yes", "vang a": "yes",
}
TITLE_CHARS = 48  # a title a confirmation names: enough to tell two tasks apart on a phone
EVIDENCE_WINDOW = timedelta(minutes=10)  # a file without caption this soon after one's report is its evidence
PAGE_SIZE = 8  # tasks per page of /report's list: a phone screen with their buttons
# what a person types for a percentage after "Đang làm": "45", "45%", "45 % chờ ký" (words need the "%")
_PERCENT_RE = re.compile(r"^(\d{1,3})\s*(?:(%)\s*[,;:.\-–]?\s*(.*))?$", re.DOTALL)


@dataclass(frozen=True)
class Target:
    """What a report is about: a task, the agency reporting, and the concrete occurrence if known."""

    task_id: int
    number: str
    title: str
    agency_id: int
    occurrence_id: int | None
    plan: str = ""  # the plan's code when the agency has this number in two plans or more
    support: bool = False  # the agency only coordinates the task
    titled: bool = False  # a confirmation names the title too: the number typed may mean another task (renumbered)

    def named(self, lang: str) -> str:
        """The task as a confirmation names it: "1.1", or "1.1 [30/KH-UBND]" when two plans number it alike;
        "2.3 «Báo cáo …» (phối hợp)" when `titled`."""
        named = t("task.number_in_plan", lang, number=self.number, plan=self.plan) if self.plan else self.number
        if not self.titled:
            return named
        key = N_("task.renumbered_named_support") if self.support else N_("task.renumbered_named")
        return t(key, lang, number=named, title=shorten(self.title, TITLE_CHARS))


def source_ref(msg: IncomingMessage) -> str | None:
    """The stable reference of the chat message that made a report (edits find it again)."""
    if msg.message_id is None:
        return None
    return f"{msg.channel}:{msg.chat_id}:{msg.message_id}"


async def resolve_target(
    ctx: Context,
    who: Who,
    task_id: int,
    occurrence_id: int | None,
    *,
    facts: TaskFacts | None = None,
    answering: bool = False,
) -> Target:
    """Check the person may report on the task and pick the agency and occurrence the report is for; words
    `answering` a list or digest line of a series whose date is past answer the newest date of it due by today."""
    if facts is None or facts.task.id != task_id or (occurrence_id and occurrence_id not in facts.occurrence_tasks):
        facts = await task_facts(ctx.db, task_id, occurrence_id)
    if facts is None or not facts.task.active:
        raise BadInput(N_("button_stale"))
    task = facts.task
    agency_ids = {agency_id for agency_id, _ in facts.links}
    if who.agency is not None and who.agency.id in agency_ids:
        agency_id = who.agency.id
    elif who.is_staff:
        leads = [agency_id for agency_id, role in facts.links if role == "lead"]
        if len(leads) != 1:
            raise NotAllowed(N_("not_allowed_agency_choice"), task=task.number)
        agency_id = leads[0]
    else:
        name = who.agency.name if who.agency else "—"
        raise NotAllowed(N_("not_allowed_task"), task=task.number, agency=name)
    if occurrence_id is not None and facts.occurrence_tasks.get(occurrence_id) != task.id:
        raise BadInput(N_("button_stale"))  # forged: another task's deadline
    if occurrence_id is None:
        occurrence_id = await _first_open_occurrence(ctx, agency_id, task_id)
    elif answering:
        occurrence_id = await _newest_due_of_series(ctx, agency_id, task_id, occurrence_id)
    # «Đã ghi nhận 1: Xong» would not say which of the agency's two tasks «1» was recorded
    alike = {one.task.id: one.plan_code for one in await find_tasks(ctx.db, task.number, agency_id=agency_id)}
    plan = alike.get(task.id, "") if len(set(alike.values())) > 1 else ""
    support = (agency_id, "lead") not in facts.links
    return Target(task.id, task.key, task.title, agency_id, occurrence_id, plan, support)


async def _first_open_occurrence(ctx: Context, agency_id: int, task_id: int) -> int | None:
    """The occurrence a report naming none answers: the newest open one already due (a "xong" then closes the
    earlier ones too, done late), else the next one."""
    today = ctx.clock().astimezone(ctx.settings.tz).date()
    items = [
        item for item in await tasks_for_agency(ctx.db, agency_id, today=today, tz=ctx.settings.tz)
        if item.task_id == task_id and item.occurrence_id is not None
    ]
    due = [item for item in items if item.due is not None and item.due <= today]
    chosen = due[-1] if due else (items[0] if items else None)
    return chosen.occurrence_id if chosen else None


async def _newest_due_of_series(ctx: Context, agency_id: int, task_id: int, occurrence_id: int) -> int:
    """The occurrence words answering a line of `occurrence_id` report on: a series' newest date still open
    and due by today when the line showed an earlier one (so «xong» there clears the missed dates too, on
    every channel, as words sent to no list do), never a date not yet due; else the line's own."""
    today = ctx.clock().astimezone(ctx.settings.tz).date()
    items = [
        item for item in await tasks_for_agency(ctx.db, agency_id, today=today, tz=ctx.settings.tz)
        if item.task_id == task_id and item.kind == "recurring" and item.due is not None and item.due <= today
    ]
    shown = next((item for item in items if item.occurrence_id == occurrence_id), None)
    if shown is None:
        return occurrence_id  # not an open series date due by today: the line's own
    newest = max((item for item in items if item.milestone_id == shown.milestone_id), key=lambda item: item.due)
    return newest.occurrence_id or occurrence_id


async def owed_target(ctx: Context, target: Target, status: str) -> Target:
    """A «đang làm» or «vướng» naming a date a «xong» has closed is progress on the date the agency owes next
    (the newest due by today, else the next; none: the task as a whole): a «xong» stands, and later words
    never reopen what it closed (docs/architecture.md, "Plans")."""
    if status not in ("in_progress", "blocked") or target.occurrence_id is None:
        return target
    today = ctx.clock().astimezone(ctx.settings.tz).date()
    owed = {item.occurrence_id for item in await tasks_for_agency(ctx.db, target.agency_id, today=today, tz=ctx.settings.tz)
            if item.task_id == target.task_id}
    if target.occurrence_id in owed:
        return target
    return replace(target, occurrence_id=await _first_open_occurrence(ctx, target.agency_id, target.task_id))


async def _taken_back(ctx: Context, who: Who, target: Target, status: str) -> str:
    """On a task with one date or none, a «đang làm» or «vướng» takes back its agency's «xong» (the latest report
    wins: storage.tasks.take_back_done), said before storing: whose «xong» it replaces and when; "" when none."""
    if status not in ("in_progress", "blocked"):
        return ""
    taken = await take_back_done(ctx.db, target.task_id, target.agency_id, now=ctx.clock())
    if taken is None:
        return ""
    at = taken.at.astimezone(ctx.settings.tz)
    whose = t("report_taken_back_yours", who.lang) if taken.user_id == who.user.id else taken.name
    return "\n" + t("report_taken_back", who.lang, number=target.named(who.lang), whose=whose,
                    time=format_time(at, who.lang), day=format_date(at.date(), who.lang))


async def _settled(ctx: Context, target: Target, status: str, lang: str) -> tuple[Target, str]:
    """The target a report is stored on (owed_target) and what its confirmation says of its dates, said before
    storing (answered_dates); words on a task whose dates a «xong» all closed say that «xong» still counts."""
    owed = await owed_target(ctx, target, status)
    if owed.occurrence_id is None and target.occurrence_id is not None:
        return owed, t("report_saved_done_stands", lang)
    return owed, await answered_dates(ctx, owed, status, lang)


def stored_percent(status: str, percent: int | None) -> int | None:
    """The percent a report is stored with: "done" without a figure is 100."""
    return 100 if status == "done" and percent is None else percent


async def save_report(
    ctx: Context,
    who: Who,
    msg: IncomingMessage,
    target: Target,
    *,
    status: str,
    percent: int | None = None,
    eta: date | None = None,
    note: str = "",
    ref: str | None = None,
) -> int:
    """Append a report and audit it (inside the dispatcher's transaction); the report's id."""
    now = ctx.clock()
    fields: dict[str, Any] = dict(
        task_id=target.task_id, occurrence_id=target.occurrence_id, agency_id=target.agency_id,
        user_id=who.user.id, status=status, percent=stored_percent(status, percent), eta=eta, note=note,
        channel=msg.channel, source_ref=ref, now=now,
    )
    report_id = (await repo.add_report(ctx.db, **fields)).id
    await record_report(
        ctx.db, now=now, channel=msg.channel, number=target.number, user_id=who.user.id, task_id=target.task_id,
        agency_id=target.agency_id, status=status, report_id=report_id,
    )
    return report_id


def saved_text(
    target: Target, status: str, percent: int | None, eta: date | None, lang: str, key: str = N_("report_saved"),
    *, note: str = "", dates: str = "",
) -> str:
    """The confirmation of a stored report: its status, the `dates` it answers (answered_dates), figure, date
    and note, as stored."""
    extra = dates
    if percent is not None and status != "done":
        extra += t("report_saved_percent", lang, percent=percent)
    if eta is not None:
        extra += t("report_saved_eta", lang, eta=format_date(eta, lang))
    if note:
        extra += t("report_saved_note", lang, note=note)
    return t(key, lang, number=target.named(lang), status=t(STATUS_SHORT[status], lang), extra=extra)


CLOSED_DATES_NAMED = 2  # earlier dates a «xong» closes, named one by one; more are counted (a phone's line)


async def answered_dates(ctx: Context, target: Target, status: str, lang: str) -> str:
    """« (kỳ 20/05/2022; kỳ 20/04/2022 trễ hạn cũng được đóng)», said before storing the report: the date of a
    series it answers and, for a «xong», the earlier dates the agency still owes that it closes with it; "" for
    a task's only date answered alone."""
    if target.occurrence_id is None:
        return ""
    answered = await occurrence_due(ctx.db, target.occurrence_id)
    if answered is None:
        return ""
    due, kind = answered
    today = ctx.clock().astimezone(ctx.settings.tz).date()
    closed: list[date] = []
    if status == "done":
        owed = await tasks_for_agency(ctx.db, target.agency_id, today=today, tz=ctx.settings.tz)
        closed = sorted({item.due for item in owed if item.task_id == target.task_id and item.due is not None
                         and item.occurrence_id != target.occurrence_id and item.due < due})
    if not closed and kind != "recurring":
        return ""
    said = ""
    if closed:
        late = all(day < today for day in closed)
        if len(closed) <= CLOSED_DATES_NAMED:
            key = N_("report_saved_closed_late") if late else N_("report_saved_closed")
            said = t(key, lang, dates=", ".join(format_date(day, lang) for day in closed))
        else:
            key = N_("report_saved_closed_many_late") if late else N_("report_saved_closed_many")
            said = t(key, lang, count=len(closed), first=format_date(closed[0], lang))
    return t(N_("report_saved_due") if kind == "recurring" else N_("report_saved_due_once"), lang,
             date=format_date(due, lang), closed=said)


def status_choices(task_id: int, occurrence_id: int | None, lang: str) -> tuple[tuple[Choice, ...], ...]:
    """Xong / Đang làm / Vướng for one task."""
    return (
        tuple(Choice(t(_BUTTON_KEY[s], lang), ReportStatus(task_id, occurrence_id, s).pack()) for s in REPORT_STATUSES),
    )


def task_choices(tasks: list[tuple[str, int, int | None]]) -> tuple[tuple[Choice, ...], ...]:
    """A button per (number, task id, occurrence id), four to a row, for a person to say which task."""
    buttons = [Choice(number, PickTask(task_id, occurrence_id).pack()) for number, task_id, occurrence_id in tasks]
    return tuple(tuple(buttons[i : i + 4]) for i in range(0, len(buttons), 4))


# ---- replies to reminders and /tasks ------------------------------------------------------------


async def on_reply(msg: IncomingMessage, ctx: Context, who: Who) -> list[OutgoingMessage]:
    """A text or file answering a bot message (or a file sent alone): one or more reports."""
    require_linked(who)
    referred = who.replied_to  # read with the session
    if referred is None and msg.reply_to_ref is not None:
        referred = await repo.referred(ctx.db, msg.channel, msg.chat_id, msg.reply_to_ref)
    items, facts = (referred.items, referred.facts) if referred is not None else (None, {})
    if msg.attachment is None and (corrected := await _corrected(msg, ctx, who, items or [])) is not None:
        return corrected
    parsed = await _parse(msg.text, ctx, who) if msg.text.strip() else []
    if items and all(item.report is not None for item in items) and msg.attachment is None and not _only_thanks(
            msg.text, parsed) and all(report.task is None and report.status == "unclear" and not report.extension
                                      for report in parsed):
        # words with no status under a confirmation («asdf»): its report was clear, so nothing is asked of its task
        return [OutgoingMessage(t("not_understood", who.lang))]
    if items and len(parsed) == 1 and parsed[0].task is None and parsed[0].status == "unclear" and not parsed[0].extension:
        # «đã tổ chức» under a message about one task «Tổ chức đối thoại …»: its own deed said done
        if deed := await _answered_deed(ctx, who, items, facts):
            parsed = await _parse(msg.text, ctx, who, title=deed)
    if items and referred is not None and msg.attachment is not None and not msg.text.strip():
        # Zalo and the demo answer the latest list or card with every message: a picture after one's own report
        # (or extension request) made since that list was sent is its evidence, whatever task it named, as on
        # Telegram without a reply (never a report nobody made on the card's task: TESTER15 F3); else a picture
        # just after one's report of a task the list shows
        after_report = []
        if msg.channel in ctx.settings.typed_channels:
            after_report = await _evidence_after_report(msg, ctx, who, since=referred.sent_at)
        if not after_report:
            after_report = await _evidence_after_report(msg, ctx, who, among={item.task for item in items})
        if after_report:
            return after_report
    if items is None:
        # a file sent alone is evidence for the task its caption names («3.3 xong» under a photo), as a text is
        if msg.attachment is not None and not any(report.task is not None for report in parsed):
            if not msg.text.strip():  # the words first, then the picture: evidence for the report just made
                after_report = await _evidence_after_report(msg, ctx, who)
                if after_report:
                    return after_report
            if msg.chat_type == "group":
                return [OutgoingMessage(ctx.worded(msg.channel, N_("evidence_where"), N_("evidence_where_typed"), who.lang))]
            # the picture first, then the words («3.7 xong» a minute later): the file waits for the report
            state: dict[str, Any] = {"files": [_file_state(msg.attachment)], "reports": []}
            said = next((report for report in parsed if report.status != "unclear"), None)
            if said is not None:  # «xong» under the photo: the status waits with it for the task named next
                state["said"] = await _said_state(msg, ctx, said)
            await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.EVIDENCE, state, ctx.clock())
            return [_evidence_question(state, who.lang)]
        if msg.chat_type == "group":
            return []  # a reply to somebody else's message
        items = []
    if not parsed:
        parsed = [ParsedReport(task=None, status="unclear", percent=None, eta=None, note="")]
    if msg.attachment is None and _only_thanks(msg.text, parsed):
        return _thanked(msg, who)
    named = {report.task for report in parsed if report.task is not None}
    named.update(number for report in parsed for number in report.except_tasks)
    answers: list[OutgoingMessage] = []
    for report in parsed:
        # «các việc tháng 5 xong hết» is confirmed for the tasks due then, however many the message listed
        if report.all_tasks and report.status != "unclear" and (len({item.task for item in items}) > 1 or report.period):
            answers += await _confirm_all(msg, ctx, who, report, items, facts, named)
        else:
            answers += await _apply_parsed(msg, ctx, who, report, items, facts)
    return answers


# a reply that says the report it answers was wrong: «à nhầm», «em báo nhầm», «sửa lại», «báo sai» (folded)
_CORRECTION_RE = re.compile(r"\b(?:nham|sua lai|bao sai)\b")
# the words saying so before the report itself («À nhầm, đang làm 80%»), not kept as its note
_CORRECTION_LEAD_RE = re.compile(
    r"^\s*(?:(?:à|á|ơ|ôi|ấy|xin lỗi)\s*[,.!]*\s+)?(?:(?:em|mình|tôi|cháu)\s+)?(?:báo\s+|ghi\s+)?(?:nhầm|sửa lại|sai)"
    r"(?:\s+(?:ạ|rồi|nhé|nha))*\s*[,.!:;–-]*\s*",
    re.IGNORECASE,
)


async def _corrected(msg: IncomingMessage, ctx: Context, who: Who, items: list[repo.RefItem]) -> list[OutgoingMessage] | None:
    """«à nhầm, đang làm 80%» answering the confirmation «Đã ghi nhận 2.1: Xong» of one's own latest report (on Zalo
    and in the demo, typed within EVIDENCE_WINDOW of that report, the person's latest): that report rewritten, as an
    edit of the message that made it would be (TESTER17 T10); None when the text is no correction of such a report
    (a report naming another task, or no status, is handled as any reply)."""
    if not msg.text.strip() or not _CORRECTION_RE.search(fold(msg.text)):
        return None
    confirmed = {item.report for item in items if item.report is not None}
    if not confirmed and msg.channel in ctx.settings.typed_channels:
        since = ctx.clock() - EVIDENCE_WINDOW
        confirmed = {one.id for one in await repo.last_reports_by(ctx.db, who.user.id, msg.channel, msg.chat_id, since)}
    if len(confirmed) != 1:
        return None
    old = await repo.get_report(ctx.db, confirmed.pop())
    if old is None or old.user_id != who.user.id:
        return None
    latest = await repo.latest_report(ctx.db, old.task_id, old.agency_id)
    parsed = await _parse(_CORRECTION_LEAD_RE.sub("", msg.text, count=1), ctx, who)
    if latest is None or latest.id != old.id or len(parsed) != 1:
        return None
    new = parsed[0]
    if new.status == "unclear" or new.all_tasks or new.extension or (
            new.task is not None and new.task not in await _task_names(ctx, old.task_id)):
        return None
    percent = stored_percent(new.status, new.percent)
    await repo.update_report(ctx.db, old.id, status=new.status, percent=percent, eta=new.eta, note=new.note, now=ctx.clock())
    await record(
        ctx.db, now=ctx.clock(), channel=msg.channel, action="report.edited", subject=str(old.task_id),
        user_id=who.user.id, detail={"report": old.id, "status": new.status},
    )
    task = await get_task(ctx.db, old.task_id)
    target = Target(old.task_id, task.key if task else "?", "", old.agency_id, old.occurrence_id)
    refers = ({"task": old.task_id, "occurrence": old.occurrence_id, "report": old.id},)
    text = saved_text(target, new.status, percent, new.eta, who.lang, N_("report_updated"), note=new.note)
    return [OutgoingMessage(text, refers_to=refers)]


async def _confirm_all(
    msg: IncomingMessage,
    ctx: Context,
    who: Who,
    report: ParsedReport,
    items: list[repo.RefItem],
    facts: dict[int, TaskFacts],
    named: set[str],
) -> list[OutgoingMessage]:
    """"Tất cả đã xong" answering several tasks: ask once to confirm the same report for every task listed."""
    targets: list[Target] = []
    for task_id in dict.fromkeys(item.task for item in items):  # a task listed twice is reported once
        occurrences = {item.occurrence for item in items if item.task == task_id}
        occurrence_id = next(iter(occurrences)) if len(occurrences) == 1 else None
        target = await resolve_target(ctx, who, task_id, occurrence_id, facts=facts.get(task_id), answering=True)
        known = facts.get(task_id)
        # named as the message showed it: a re-import may have renumbered the task since
        shown = {number for item in items if item.task == task_id for number in (item.number, item.key) if number}
        numbers = shown or {target.number, known.task.key if known is not None else target.number}
        if not numbers & named:
            targets.append(target)  # a task the same reply names gets its own report instead
    if report.period is not None:
        # «các việc tháng 5 xong hết»: only the tasks listed that fall due in May; none of them, the bot asks which
        targets = await _due_within(ctx, who, targets, report.period)
        if not targets:
            return await _ask_which(msg, ctx, who, replace(report, all_tasks=False, period=None), items)
    if not targets:
        return []
    state = {
        "report": _report_state(report),
        "targets": [[target.task_id, target.occurrence_id] for target in targets],
        "ref": source_ref(msg),
        "after": await repo.newest_report_id(ctx.db),
    }
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.CONFIRM_ALL, state, ctx.clock())
    numbers = ", ".join(target.number for target in targets)
    text = t(
        "report_all_confirm", who.lang, count=len(targets), numbers=numbers,
        status=t(STATUS_SHORT[report.status], who.lang),
    )
    if who.agency is not None:
        today = ctx.clock().astimezone(ctx.settings.tz).date()
        listed = {target.task_id for target in targets}
        open_items = await tasks_for_agency(ctx.db, who.agency.id, today=today, tz=ctx.settings.tz)
        others = len({item.task_id for item in open_items} - listed)
        if others:
            text += "\n" + t("report_all_others", who.lang, count=others)
    return [OutgoingMessage(text, choices=_confirm_choices(who.lang))]


async def _due_within(ctx: Context, who: Who, targets: list[Target], period: tuple[date, date]) -> list[Target]:
    """The targets whose open date for the person's agency falls within `period` (none for a person of no agency)."""
    if who.agency is None:
        return []
    today = ctx.clock().astimezone(ctx.settings.tz).date()
    due = {
        (item.task_id, item.occurrence_id): item.due
        for item in await tasks_for_agency(ctx.db, who.agency.id, today=today, tz=ctx.settings.tz)
    }
    first, last = period
    return [target for target in targets if (day := due.get((target.task_id, target.occurrence_id))) and first <= day <= last]


def _confirm_choices(lang: str) -> tuple[tuple[Choice, ...], ...]:
    """Có / Không for a reply about every task."""
    return ((Choice(t("button_yes", lang), ConfirmAll("yes").pack()), Choice(t("button_no", lang), ConfirmAll("no").pack())),)


async def on_free_text(msg: IncomingMessage, ctx: Context, who: Who) -> list[OutgoingMessage]:
    """A private text that answers nothing: a report when it names a task ("1.6 xong"), else a hint."""
    if not who.is_linked:
        return [OutgoingMessage(t("not_linked", who.lang))]
    if (corrected := await _corrected(msg, ctx, who, [])) is not None:
        return corrected
    parsed = await _parse(msg.text, ctx, who)
    if _only_thanks(msg.text, parsed):
        return _thanked(msg, who)
    if not any(report.task is not None for report in parsed):
        said = next((report for report in parsed if report.status != "unclear"), None)
        if said is None:
            return [OutgoingMessage(t("not_understood", who.lang))]
        # «xong» understood, the task not: say what to add rather than «Mình chưa hiểu»
        status = t(f"status_short.{said.status}", who.lang)
        typed = " ".join(msg.text.split())[:40]
        needs = ctx.worded(msg.channel, N_("report_needs_task"), N_("report_needs_task_typed"), who.lang, status=status, text=typed)
        return [OutgoingMessage(needs)]
    answers: list[OutgoingMessage] = []
    for report in parsed:
        if report.task is not None:
            answers += await _apply_parsed(msg, ctx, who, report, [], {})
    return answers


def _only_thanks(text: str, parsed: list[ParsedReport]) -> bool:
    """"cảm ơn", "ok ạ", "👍" naming no task: no report, and no status to ask about."""
    return all(report.task is None and report.status == "unclear" and not report.extension for report in parsed) and (
        is_acknowledgement(text)
    )


def _thanked(msg: IncomingMessage, who: Who) -> list[OutgoingMessage]:
    """A short answer to thanks in a private chat (nothing stored); in a group, none."""
    return [] if msg.chat_type == "group" else [OutgoingMessage(t("report_thanks", who.lang))]


async def _apply_parsed(
    msg: IncomingMessage,
    ctx: Context,
    who: Who,
    report: ParsedReport,
    items: list[repo.RefItem],
    facts: dict[int, TaskFacts],
) -> list[OutgoingMessage]:
    if report.extension:
        return await _extension_asked(msg, ctx, who, report, items)
    if report.task is not None:
        named = await _named_items(ctx, who, report.task, items, facts, plan=report.plan)
        if not named and report.plan:
            kept = replace(report, plan="", note=" ".join(part for part in (report.plan, report.note) if part))
            if any(names_plan(report.plan, plan.code) for plan in await list_plans(ctx.db)):
                # a plan the bot follows, without such a task of theirs: ask, the words kept in the note
                return await _ask_which(msg, ctx, who, kept, items, named=report.task, plan=report.plan)
            # no plan the bot follows: the words are the work's ("1.1 Quyết định 25/QĐ-UBND đã ban hành")
            report = kept
            named = await _named_items(ctx, who, report.task, items, facts)
        if not named:
            return await _ask_which(msg, ctx, who, report, items, named=report.task)
        if len(named) > 1:
            return await ask_plan(msg, ctx, who, report, named)
        task_id, occurrence_id = named[0].task.id, named[0].occurrence_id
    else:
        task_id, occurrence_id = await _choose_item(ctx, who, items)
        if task_id is None:
            return await _ask_which(msg, ctx, who, report, items)
    target = await resolve_target(ctx, who, task_id, occurrence_id, facts=facts.get(task_id), answering=True)
    if report.task is not None and await _number_moved(msg, ctx, target, report.task):
        target = replace(target, titled=True)
    return await _store_or_clarify(msg, ctx, who, target, report)


async def _number_moved(msg: IncomingMessage, ctx: Context, target: Target, typed: str) -> bool:
    """Whether the number typed may mean another task than `target` since a re-import renumbered: it is not the
    task's number now (the message answered showed it so), the task's number changed since the chat's latest
    digest, or the agency only coordinates it while a task it leads had that number."""
    if typed not in (target.number, target.number.split("#")[0]):  # the key «7.6#2» of the number 7.6
        return True
    changes = await renumbering.changes_since(ctx.db, [target.task_id], None)
    if changes:  # since the chat's latest digest, which showed the new numbers
        since = await renumbering.last_digest_at(ctx.db, msg.channel, msg.chat_id) or ""
        if any(change.at >= since for change in changes):
            return True
    return target.support and await renumbering.led_with_number(ctx.db, target.agency_id, typed)


async def _extension_asked(
    msg: IncomingMessage, ctx: Context, who: Who, report: ParsedReport, items: list[repo.RefItem]
) -> list[OutgoingMessage]:
    """"1.3 xin gia hạn đến 31/12": the extension request it starts; nothing is stored as progress."""
    number = report.task
    shown = {item.task for item in items if number is not None and number in (item.number, item.key)}
    if len(shown) == 1 and (task := await get_task(ctx.db, next(iter(shown)))) is not None:
        number = task.key  # the number the message answered showed it under, before a re-import renumbered it
    if number is None:
        task_id, occurrence_id = await _choose_item(ctx, who, items)
        if task_id is None:
            return [OutgoingMessage(t("report_extension_which", who.lang)), *files_not_kept(msg, who.lang)]
        number = (await resolve_target(ctx, who, task_id, occurrence_id)).number
    asked = await extension_asked(msg, ctx, who, number, report.plan, report.note)
    if msg.attachment is None:
        return asked
    # the paper under «3.8 xin gia hạn 1 tuần» supports the request: that task's evidence
    found = await tasks_named(ctx, who, number, own_only=True, plan=report.plan)
    if len(found) != 1:
        return [*asked, *files_not_kept(msg, who.lang)]
    return [*await _task_evidence(msg, ctx, who, await resolve_target(ctx, who, found[0].task.id, None)), *asked]


def files_not_kept(msg: IncomingMessage, lang: str) -> list[OutgoingMessage]:
    """The file a message came with, named as not kept (its task unclear), to send again; none without a file."""
    if msg.attachment is None:
        return []
    return [OutgoingMessage(t("evidence_not_kept_again", lang, files=f"«{msg.attachment.name}»"))]


async def _task_evidence(msg: IncomingMessage, ctx: Context, who: Who, target: Target) -> list[OutgoingMessage]:
    """A file with an extension request: evidence on the agency's latest report on its task, as a caption «3.8»
    keeps one; with no report yet, not kept (an extension has no place for it) and how to send it said."""
    kept = await _on_latest_report(msg, ctx, who, target)
    if kept is not None:
        return [kept]
    name = msg.attachment.name if msg.attachment is not None else "?"
    return [OutgoingMessage(t("evidence_not_kept_no_report", who.lang, name=name, number=target.number))]


async def _on_latest_report(msg: IncomingMessage, ctx: Context, who: Who, target: Target) -> OutgoingMessage | None:
    """The file kept as evidence on the agency's latest report on the task, whoever made it (no new report: its
    status, figure, date and cause stand as said); None when the agency has not reported on it."""
    latest = await repo.latest_report(ctx.db, target.task_id, target.agency_id)
    if latest is None or latest.status == "unclear":
        return None
    return await attach_evidence(msg, ctx, who, latest.id, target.number)


async def request_command(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/xin_gia_han 1.3 (handlers.late.extend_command); a file it came with is evidence for the task whose date it
    asks to move."""
    asked = await extend_command(msg, ctx, who, args)
    if msg.attachment is None:
        return asked
    session = await load_session(ctx.db, msg.channel, msg.user_id, msg.chat_id)
    dialog = session.dialog if session is not None else None
    if dialog is None or dialog.flow != Flow.EXTEND:  # which plan is asked, or a request already waits
        return [*asked, *files_not_kept(msg, who.lang)]
    target = await resolve_target(ctx, who, int(dialog.state["task"]), int(dialog.state["occurrence"]))
    return [*await _task_evidence(msg, ctx, who, target), *asked]


async def request_typed(msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog) -> list[OutgoingMessage]:
    """The date or reason an extension request asks for; a file meanwhile is evidence for the request's task (its
    caption the date or reason), never dropped unsaid."""
    if msg.attachment is None:
        return await extension_typed(msg, ctx, who, dialog)
    target = await resolve_target(ctx, who, int(dialog.state["task"]), int(dialog.state["occurrence"]))
    kept = await _task_evidence(msg, ctx, who, target)
    if msg.text.strip():
        return [*kept, *await extension_typed(replace(msg, attachment=None), ctx, who, dialog)]
    key = N_("extend_file_then_reason") if "date" in dialog.state else N_("extend_file_then_date")
    return [*kept, OutgoingMessage(t(key, who.lang, number=target.number))]


@dataclass(frozen=True)
class Named:
    """A task a typed number may mean, with the occurrence the answered message gave it and its plan's code."""

    task: Task
    occurrence_id: int | None = None
    plan_code: str = ""


async def _named_items(
    ctx: Context, who: Who, number: str, items: list[repo.RefItem], facts: dict[int, TaskFacts], *, plan: str = ""
) -> list[Named]:
    """The tasks a reply's number may mean: the message's tasks having it, else the agency's (staff: any),
    one per plan; several when two plans have the number; only the plan's when the reply names one ("1.1 KH
    17"). `facts` holds the referred tasks."""
    listed: dict[int, Named] = {}
    for item in items:
        known = facts.get(item.task)
        if known is None:
            continue
        # as the message showed it: a re-import may have renumbered the task since
        shown = (item.number, item.key) if item.number is not None else (known.task.number, known.task.key)
        if number in shown:
            listed.setdefault(item.task, Named(known.task, item.occurrence))
    if len(listed) == 1 and not plan:
        return list(listed.values())
    found = await tasks_named(ctx, who, number, own_only=True, plan=plan)
    if listed and not plan:  # the message lists the number of two plans: ask among those
        found = [one for one in found if one.task.id in listed]
    return [Named(one.task, listed[one.task.id].occurrence_id if one.task.id in listed else None, one.plan_code)
            for one in found]


async def ask_plan(
    msg: IncomingMessage, ctx: Context, who: Who, report: ParsedReport, named: list[Named]
) -> list[OutgoingMessage]:
    """A number several plans have: ask which plan, a button per plan; the report waits for the answer."""
    await _wait_for_task(msg, ctx, who, report, [one.task.id for one in named])
    text = plans_text(named[0].task.number, [(one.task.key, one.plan_code) for one in named], who.lang)
    buttons = [
        Choice(plan_label(one.task.key, one.plan_code, who.lang), PickTask(one.task.id, one.occurrence_id).pack())
        for one in named
    ]
    return [OutgoingMessage(text, choices=tuple((button,) for button in buttons))]


async def _wait_for_task(
    msg: IncomingMessage, ctx: Context, who: Who, report: ParsedReport, task_ids: list[int]
) -> None:
    """Keep a report waiting for one of the tasks offered to it (the PICK flow); a message with several such
    reports keeps them all, each answered by a button of its own tasks."""
    ref = source_ref(msg)
    asks: list[dict[str, Any]] = []
    session = await load_session(ctx.db, msg.channel, msg.user_id, msg.chat_id)
    current = session.dialog if session is not None else None
    if current is not None and current.flow == Flow.PICK and ref is not None and current.state.get("ref") == ref:
        asks = list(current.state.get("asks", []))
    ask: dict[str, Any] = {"report": _report_state(report), "tasks": task_ids, "after": await repo.newest_report_id(ctx.db)}
    if msg.attachment is not None:  # the file goes with the report once its task is picked
        ask["file"] = _file_state(msg.attachment)
    asks.append(ask)
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.PICK, {"asks": asks, "ref": ref}, ctx.clock())


def _waiting_asks(state: dict[str, Any]) -> list[dict[str, Any]]:
    """The reports a PICK flow keeps (a flow stored by an earlier version keeps one, for any task)."""
    if "asks" in state:
        return list(state["asks"])
    return [{"report": state["report"], "tasks": None}] if "report" in state else []


async def _choose_item(ctx: Context, who: Who, items: list[repo.RefItem]) -> tuple[int | None, int | None]:
    """(task id, occurrence id) a report naming no task is about; no task id to ask which."""
    tasks = {item.task for item in items}
    if len(tasks) == 1:
        only = items[0]
        occurrences = {item.occurrence for item in items}
        return only.task, only.occurrence if len(occurrences) == 1 else None
    if not items and who.agency is not None:
        today = ctx.clock().astimezone(ctx.settings.tz).date()
        open_items = await tasks_for_agency(ctx.db, who.agency.id, today=today, tz=ctx.settings.tz)
        if len({i.task_id for i in open_items}) == 1:
            return open_items[0].task_id, open_items[0].occurrence_id
    return None, None


async def _ask_which(
    msg: IncomingMessage,
    ctx: Context,
    who: Who,
    report: ParsedReport,
    items: list[repo.RefItem],
    *,
    named: str | None = None,
    plan: str = "",
) -> list[OutgoingMessage]:
    """Ask which task a report is about: the message's tasks, or (a number `named` that is not the
    agency's, or not of the `plan` named) the agency's open tasks. The report is never filed under a task
    the person did not pick."""
    if named is None and (not items or (report.status == "unclear" and msg.attachment is None)):
        return [OutgoingMessage(t("not_understood", who.lang))]  # nothing says what the message reports
    tasks: list[tuple[str, int, int | None]] = []
    keys: dict[int, tuple[str, int]] = {}  # task id → its key and plan, to tell apart numbers alike
    for item in items:
        if len(tasks) == 24:
            break
        # a task in a message twice (overdue, and due again as a monthly task) is one choice: its first
        if any(task_id == item.task for _, task_id, _ in tasks):
            continue
        task = await get_task(ctx.db, item.task)
        if task is not None:
            tasks.append((task.number, item.task, item.occurrence))
            keys[task.id] = (task.key, task.plan_id)
    if not tasks and named is not None and who.agency is not None:
        today = ctx.clock().astimezone(ctx.settings.tz).date()
        for open_item in await tasks_for_agency(ctx.db, who.agency.id, today=today, tz=ctx.settings.tz):
            if len(tasks) < 24 and all(task_id != open_item.task_id for _, task_id, _ in tasks):
                tasks.append((open_item.number, open_item.task_id, open_item.occurrence_id))
                keys[open_item.task_id] = (open_item.key, open_item.plan_id)
    tasks = await _told_apart(ctx, tasks, keys, who.lang)
    if named is not None and (not tasks or who.agency is None):
        raise BadInput(N_("report_no_task"), task=f"{named} {plan}".strip())
    if not tasks:
        return [OutgoingMessage(t("not_understood", who.lang))]
    await _wait_for_task(msg, ctx, who, report, [task_id for _, task_id, _ in tasks])
    if named is not None and plan and who.agency is not None:
        text = t("report_task_not_in_plan", who.lang, task=named, plan=plan, agency=who.agency.name)
    elif named is not None and who.agency is not None:
        text = t("report_task_not_theirs", who.lang, task=named, agency=who.agency.name)
    else:
        text = t("report_which_task", who.lang)
    return [OutgoingMessage(text, choices=task_choices(tasks))]


async def _told_apart(
    ctx: Context, tasks: list[tuple[str, int, int | None]], keys: dict[int, tuple[str, int]], lang: str
) -> list[tuple[str, int, int | None]]:
    """The tasks offered as buttons, each labelled as lists show it when two share a number: "7.6#2" for a
    plan's second 7.6, "1.1 [12/KH-UBND]" for another plan's 1.1."""
    numbers = Counter(number for number, _, _ in tasks)
    told: list[tuple[str, int, int | None]] = []
    for number, task_id, occurrence_id in tasks:
        key = keys[task_id][0]
        plans = {keys[other][1] for alike, other, _ in tasks if alike == number}
        if numbers[number] > 1 and len(plans) > 1:
            code = next((one.plan_code for one in await find_tasks(ctx.db, key) if one.task.id == task_id), "")
            label = t("task.number_in_plan", lang, number=key, plan=code) if code else key
            told.append((label, task_id, occurrence_id))
        else:
            told.append((key if numbers[number] > 1 else number, task_id, occurrence_id))
    return told


def _report_state(report: ParsedReport) -> dict[str, Any]:
    return {
        "status": report.status,
        "percent": report.percent,
        "eta": report.eta.isoformat() if report.eta else None,
        "note": report.note,
    }


def _report_from_state(state: dict[str, Any]) -> ParsedReport:
    eta = state.get("eta")
    return ParsedReport(
        task=None,
        status=state.get("status", "unclear"),
        percent=state.get("percent"),
        eta=date.fromisoformat(eta) if eta else None,
        note=state.get("note", ""),
    )


async def _store_or_clarify(
    msg: IncomingMessage, ctx: Context, who: Who, target: Target, report: ParsedReport, ref: str | None = None
) -> list[OutgoingMessage]:
    ref = ref or source_ref(msg)
    # «2.1» or «2.1 ok» under a photo, a voice note under a digest: no status said
    as_evidence = report.status == "unclear" and msg.attachment is not None and (
        not report.note or is_acknowledgement(report.note))
    if as_evidence and (kept := await _on_latest_report(msg, ctx, who, target)) is not None:
        # a file alone is evidence for the work as it stands: never a status (nor a cause dropped) nobody said
        return [kept]
    if report.status == "unclear":
        # a lone «1» typed for a button, or the «ok» that made the bot ask, is no note to keep for the status said
        # next (TESTER15 F14)
        note = "" if _LONE_NUMBER_RE.match(report.note) or is_acknowledgement(report.note) else report.note
        state = {"task": target.task_id, "occ": target.occurrence_id, "note": note, "ref": ref}
        asked = t("report_unclear", who.lang, number=target.number)
        if msg.attachment is not None:  # the file goes with the report once its status is said
            state["file"] = _file_state(msg.attachment)
            if as_evidence and not report.note:  # the task has no report yet: say the file waits for its status
                asked = t("evidence_waits_status", who.lang, name=msg.attachment.name, number=target.number)
        await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.CLARIFY, state, ctx.clock())
        return [OutgoingMessage(asked, choices=status_choices(target.task_id, target.occurrence_id, who.lang))]
    taken = await _taken_back(ctx, who, target, report.status)
    target, dates = await _settled(ctx, target, report.status, who.lang)
    saved_id = await save_report(
        ctx, who, msg, target, status=report.status, percent=report.percent, eta=report.eta, note=report.note,
        ref=ref,
    )
    percent = stored_percent(report.status, report.percent)
    # a reply to the confirmation («à nhầm, đang làm 80%») answers its task, as a reply to a reminder does
    # (not on Zalo and in the demo, where a text answers the latest message that refers: the list stays that message,
    # and a correction typed next finds the report by itself, _corrected)
    typed = msg.channel in ctx.settings.typed_channels
    refers = () if typed else ({"task": target.task_id, "occurrence": target.occurrence_id, "report": saved_id},)
    answers = [OutgoingMessage(saved_text(target, report.status, percent, report.eta, who.lang, note=report.note,
                                          dates=dates) + taken, refers_to=refers)]
    if msg.attachment is not None:
        answers.append(await attach_evidence(msg, ctx, who, saved_id, target.number))
    return answers


# ---- buttons (handlers.dispatch.BUTTONS routes each class here) ---------------------------------


async def open_report(msg: IncomingMessage, ctx: Context, who: Who, button: OpenReport) -> list[OutgoingMessage]:
    """"Báo cáo 1.1" under /tasks: the status buttons for that task."""
    require_linked(who)
    return await _open_status(msg, ctx, who, button.task_id, button.occurrence_id)


async def _open_status(
    msg: IncomingMessage, ctx: Context, who: Who, task_id: int, occ: int | None, file: dict[str, Any] | None = None
) -> list[OutgoingMessage]:
    """The status buttons for a task; the open question is a flow, so /cancel ends it and "xong" answers it. A file
    the asking message came with (or `file`, kept since /report) goes with the report the status makes."""
    target = await resolve_target(ctx, who, task_id, occ)
    state: dict[str, Any] = {"task": target.task_id, "occ": target.occurrence_id, "note": "", "ref": None}
    if file is None and msg.attachment is not None:
        file = _file_state(msg.attachment)
    if file is not None:
        state["file"] = file
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.CLARIFY, state, ctx.clock())
    text = t("report_pick_status", who.lang, number=target.number, title=target.title)
    standing = (await repo.standing_reports(ctx.db, [target.task_id]))[target.task_id]
    if any(one.agency_id == target.agency_id and one.role == "lead" for one in standing):
        # the lead agency sees what its coordinating agencies said before it reports
        coordinating = standing_lines(standing, "support", ctx.settings.tz, who.lang)
        if coordinating:
            text += "\n".join(["", t("report_group_support", who.lang), *coordinating])
    return [OutgoingMessage(text, choices=status_choices(target.task_id, target.occurrence_id, who.lang))]


async def status_pressed(msg: IncomingMessage, ctx: Context, who: Who, button: ReportStatus) -> list[OutgoingMessage]:
    """Xong / Đang làm / Vướng: a report, then a question for a note (unless a clarified reply had one)."""
    require_linked(who)
    # a digest's button is an answer to its line, as words under it are
    target = await resolve_target(ctx, who, button.task_id, button.occurrence_id, answering=True)
    dialog = who.dialog
    note, ref, file = "", None, None
    if dialog is not None and dialog.flow == Flow.CLARIFY and dialog.state.get("task") == button.task_id:
        note, ref, file = dialog.state.get("note", ""), dialog.state.get("ref"), dialog.state.get("file")
    taken = await _taken_back(ctx, who, target, button.status)
    target, dates = await _settled(ctx, target, button.status, who.lang)
    report_id = await save_report(ctx, who, msg, target, status=button.status, note=note, ref=ref)
    kept = [await attach_evidence(replace(msg, attachment=Attachment(**file)), ctx, who, report_id, target.number)
            ] if file else []
    if note or file:
        await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
        return [OutgoingMessage(saved_text(target, button.status, None, None, who.lang, note=note, dates=dates)
                                + taken), *kept]
    state = {"report": report_id, "number": target.number}
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.NOTE, state, ctx.clock())
    ask = N_("report_ask_note") if button.status == "done" else N_("report_ask_percent_note")
    return [
        OutgoingMessage(
            t(ask, who.lang, number=target.number, status=t(STATUS_SHORT[button.status], who.lang) + dates) + taken,
            choices=((Choice(t("button_skip", who.lang), SkipNote().pack()),),),
        )
    ]


async def task_picked(msg: IncomingMessage, ctx: Context, who: Who, button: PickTask) -> list[OutgoingMessage]:
    """A task button after /report (its status buttons) or after a reply that named no task, or a number two
    plans have (the report waiting for that task)."""
    require_linked(who)
    dialog = who.dialog
    if dialog is not None and dialog.flow == Flow.EVIDENCE:
        return await _evidence_picked(msg, ctx, who, dialog, button.task_id)
    if dialog is None or dialog.flow not in (Flow.PICK, Flow.REPORT):
        return [OutgoingMessage(t("button_stale", who.lang))]
    if dialog.flow == Flow.REPORT:
        target = await resolve_target(ctx, who, button.task_id, button.occurrence_id)
        await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
        return await _open_status(msg, ctx, who, target.task_id, target.occurrence_id, dialog.state.get("file"))
    return await _answer_ask(msg, ctx, who, dialog, button.task_id, button.occurrence_id)


async def _answer_ask(
    msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog, task_id: int, occurrence_id: int | None
) -> list[OutgoingMessage]:
    """Store the waiting report that offered this task under it; the others keep waiting."""
    asks = _waiting_asks(dialog.state)
    ask = next((one for one in asks if one["tasks"] is None or task_id in one["tasks"]), None)
    if ask is None:  # a button of another question, or forged
        return [OutgoingMessage(t("button_stale", who.lang))]
    target = await resolve_target(ctx, who, task_id, occurrence_id, answering=True)
    asks.remove(ask)
    ref = dialog.state.get("ref")
    if asks:
        await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.PICK, {"asks": asks, "ref": ref}, ctx.clock())
    else:
        await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    return await _store_or_clarify(_with_waiting_file(msg, ask), ctx, who, target, _report_from_state(ask["report"]), ref=ref)


async def all_confirmed(msg: IncomingMessage, ctx: Context, who: Who, button: ConfirmAll) -> list[OutgoingMessage]:
    """Có / Không after "tất cả đã xong": the same report for every task the answered message listed, or none."""
    require_linked(who)
    dialog = who.dialog
    if dialog is None or dialog.flow != Flow.CONFIRM_ALL:
        return [OutgoingMessage(t("button_stale", who.lang))]
    await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    if button.answer == "no":
        return [OutgoingMessage(t("report_all_dropped", who.lang))]
    report = _report_from_state(dialog.state["report"])
    numbers, taken = [], []
    for task_id, occurrence_id in dialog.state["targets"]:
        target = await resolve_target(ctx, who, task_id, occurrence_id)
        taken.append(await _taken_back(ctx, who, target, report.status))  # a colleague's «xong» since the list
        target = await owed_target(ctx, target, report.status)
        await save_report(
            ctx, who, msg, target, status=report.status, percent=report.percent, eta=report.eta, note=report.note,
            ref=dialog.state.get("ref"),
        )
        numbers.append(target.named(who.lang))
    status = t(STATUS_SHORT[report.status], who.lang)
    return [OutgoingMessage(t("report_all_saved", who.lang, count=len(numbers), numbers=", ".join(numbers), status=status)
                            + "".join(taken))]


async def skip_note(msg: IncomingMessage, ctx: Context, who: Who, button: SkipNote) -> list[OutgoingMessage]:
    """"Bỏ qua": the report stays without a note."""
    require_linked(who)
    await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    return [OutgoingMessage(t("cancelled", who.lang))]


# ---- the guided /report flow and other dialogs ---------------------------------------------------


async def start_report(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/report [task]: choose a task, then a status, then an optional note; state lives in the DB."""
    require_linked(who)
    if args:
        number, _, plan = args.strip().partition(" ")
        found = await tasks_named(ctx, who, number, plan=plan)
        if not found:
            raise BadInput(N_("report_no_task"), task=args.strip())
        if len(found) > 1:
            unsaid = ParsedReport(task=None, status="unclear", percent=None, eta=None, note="")
            return await ask_plan(msg, ctx, who, unsaid, [Named(one.task, None, one.plan_code) for one in found])
        return await _open_status(msg, ctx, who, found[0].task.id, None)
    if who.agency is None:
        return [OutgoingMessage(ctx.worded(msg.channel, N_("hint"), N_("hint_typed"), who.lang)), *files_not_kept(msg, who.lang)]
    return await _task_page(msg, ctx, who, 1, _file_state(msg.attachment) if msg.attachment is not None else None)


async def report_page(msg: IncomingMessage, ctx: Context, who: Who, button: ReportPage) -> list[OutgoingMessage]:
    """"Trang sau" / "Trang trước" under /report's list: another page of the person's open tasks."""
    require_linked(who)
    if who.agency is None:
        return [OutgoingMessage(ctx.worded(msg.channel, N_("hint"), N_("hint_typed"), who.lang))]
    kept = who.dialog.state.get("file") if who.dialog is not None and who.dialog.flow == Flow.REPORT else None
    return await _task_page(msg, ctx, who, button.page, kept)


async def _task_page(
    msg: IncomingMessage, ctx: Context, who: Who, page: int, file: dict[str, Any] | None = None
) -> list[OutgoingMessage]:
    """One page of the agency's open tasks (lead tasks first, then coordinating ones), a button for each; a file
    /report came with waits for the task picked."""
    assert who.agency is not None
    today = ctx.clock().astimezone(ctx.settings.tz).date()
    items = nearest_per_task(await tasks_for_agency(ctx.db, who.agency.id, today=today, tz=ctx.settings.tz))
    if not items:
        return [OutgoingMessage(t("report_no_open", who.lang))]
    items.sort(key=lambda item: item.role != "lead")  # stable: each group keeps its overdue-first order
    pages = -(-len(items) // PAGE_SIZE)
    page = min(page, pages)
    shown = items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.REPORT, {"file": file} if file else {}, ctx.clock())
    lines = [t("report_pick_task", who.lang, count=format_count(len(items), who.lang), page=page, pages=pages)]
    numbers = numbers_shown(shown, who.lang)
    lines += _grouped_lines(shown, numbers, who.lang)
    choices = task_choices([(numbers[item.task_id], item.task_id, item.occurrence_id) for item in shown])
    turns = []
    if page > 1:
        turns.append(Choice(t("button_page_back", who.lang), ReportPage(page - 1).pack()))
    if page < pages:
        turns.append(Choice(t("button_page_next", who.lang), ReportPage(page + 1).pack()))
    if turns:
        choices += (tuple(turns),)
    return [OutgoingMessage("\n".join(lines), choices=choices)]


def _grouped_lines(items: list[OpenItem], numbers: dict[int, str], lang: str) -> list[str]:
    """"Chủ trì:" and "Phối hợp:" each over its tasks, one line per task: number and shortened title."""
    lines = []
    for role, heading in (("lead", N_("report_group_lead")), ("support", N_("report_group_support"))):
        group = [item for item in items if (item.role == "lead") == (role == "lead")]
        if group:
            lines.append(t(heading, lang))
            lines += [t("report_task_line", lang, number=numbers[item.task_id], title=shorten(item.title, LINE_CHARS))
                      for item in group]
    return lines


async def cancel(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/cancel: leave whatever guided flow the person is in."""
    left = await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    return [OutgoingMessage(t("cancelled", who.lang) if left else t("nothing_to_cancel", who.lang))]


async def note_typed(msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog) -> list[OutgoingMessage]:
    """The note (or files) for the report a status button just made."""
    report_id = int(dialog.state["report"])
    number = dialog.state.get("number", "")
    answers = []
    if msg.text.strip() and msg.attachment is None and is_acknowledgement(msg.text):
        await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)  # "cảm ơn" after «Xong»: no note
        return [OutgoingMessage(t("report_note_thanks", who.lang, number=number))]
    old = await repo.get_report(ctx.db, report_id) if msg.text.strip() else None
    if old is not None and msg.attachment is None and old.status != "in_progress" and _LONE_NUMBER_RE.match(msg.text):
        # «2» after «Xong» is a button meant for another message, not a note (after «Đang làm» it is the percent)
        typed = msg.text.strip()
        said = ctx.worded(msg.channel, N_("report_note_number"), N_("report_note_number_typed"), who.lang,
                          number=number, typed=typed) if old.status == "done" else t(
            "report_note_number_percent", who.lang, number=number, typed=typed)
        return [OutgoingMessage(said, choices=((Choice(t("button_skip", who.lang), SkipNote().pack()),),))]
    if msg.text.strip():
        if old is not None:
            eta = date.fromisoformat(old.eta) if old.eta else None
            percent, note = old.percent, cause_of(msg.text.strip())
            figure = _PERCENT_RE.match(note) if old.status != "done" else None
            if figure is not None and int(figure.group(1)) <= 100:
                percent, note = int(figure.group(1)), (figure.group(3) or "").strip() or old.note
            await repo.update_report(
                ctx.db, report_id, status=old.status, percent=percent, eta=eta, note=note, now=ctx.clock()
            )
            if percent != old.percent:
                saved = t("report_percent_saved", who.lang, number=number, percent=format_percent(percent or 0, who.lang))
            else:
                saved = t("report_note_saved", who.lang, number=number)
            if note:
                saved += "\n" + t("report_note_repeat", who.lang, note=note)
            answers.append(OutgoingMessage(saved))
    if msg.attachment is not None:
        answers.append(await attach_evidence(msg, ctx, who, report_id, number))
        return answers  # stay in the flow: more files may follow
    await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    return answers or [OutgoingMessage(ctx.worded(msg.channel, N_("hint"), N_("hint_typed"), who.lang))]


# a note that is only a number or a button's digit: «2», «3.», «1)»
_LONE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*[.)]?\s*$")
_BARE_NUMBER_RE = re.compile(r"(?<![\d.])\d{1,3}(?![\d.]\d)")


async def _parse(text: str, ctx: Context, who: Who, *, title: str = "") -> list[ParsedReport]:
    """parse_reply, with the tasks numbered without a dot ("2 xong") the person's agency has, and what the one
    task the text answers is to do, if known («đã tổ chức» answering «Tổ chức đối thoại …» is done)."""
    plain = frozenset()
    if who.agency is not None and _BARE_NUMBER_RE.search(text):
        plain = await plain_task_numbers(ctx.db, who.agency.id)
    return parse_reply(text, now=ctx.clock(), tz=ctx.settings.tz, plain_numbers=plain, title=title)


async def _answered_deed(ctx: Context, who: Who, items: list[repo.RefItem], facts: dict[int, TaskFacts]) -> str:
    """What the one task a bot message was about is to do: its milestone's label when the date answered has one
    («Trình Kế hoạch»), else the task's title; "" when the message was about several tasks, or the date answered
    is unknown among milestones of their own (the task's title would not say what that date is for)."""
    tasks = {item.task for item in items}
    task_id = tasks.pop() if len(tasks) == 1 else None
    if task_id not in facts or who.agency is None:
        return ""
    today = ctx.clock().astimezone(ctx.settings.tz).date()
    open_items = [
        item for item in await tasks_for_agency(ctx.db, who.agency.id, today=today, tz=ctx.settings.tz)
        if item.task_id == task_id
    ]
    if not any(item.label for item in open_items):
        return facts[task_id].task.title
    answered = [item for item in open_items if item.occurrence_id in {one.occurrence for one in items}]
    return (answered[0].label or "") if len(answered) == 1 else ""


async def reads_as_report(text: str, ctx: Context, who: Who) -> bool:
    """True when a text names a task and a status ("3.3 chưa xong", or "2 xong" where the agency has a task
    2): a report whatever question is open."""
    if not text.strip():
        return False
    return any(r.task is not None and (r.status != "unclear" or r.extension) for r in await _parse(text, ctx, who))


async def typed_in_dialog(msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog) -> list[OutgoingMessage]:
    """A text or file while a flow waits for a button: its answer when it reads as one ("xong" to a status
    question, "1.2" to a task question); a reply or file afresh; else what the flow expects, the flow kept."""
    parsed = await _parse(msg.text, ctx, who) if msg.text.strip() else []
    answer = parsed[0] if len(parsed) == 1 and not parsed[0].all_tasks else None
    replied = who.replied_to.items if who.replied_to is not None else []
    # "xong" answering a reminder without the asked task is about that reminder (afresh, below); on Zalo and in the
    # demo no text is a reply (each «answers» the chat's latest list): a bare status answers the question still open
    typed = msg.channel in ctx.settings.typed_channels
    asked = not replied or typed or dialog.state.get("task") in {item.task for item in replied}
    if (answer is not None and answer.task is not None and _says_nothing(answer) and msg.attachment is not None
            and dialog.flow == Flow.PICK and not files_waiting(dialog) and len(_waiting_asks(dialog.state)) == 1):
        # «xong» asked «which task?», then a photo captioned «2.1»: the report and the photo go to 2.1
        return await _number_for_ask(msg, ctx, who, dialog, answer.task, answer.plan)
    if answer is not None and msg.attachment is None and dialog.flow in (Flow.CLARIFY, Flow.PICK, Flow.REPORT):
        if dialog.flow == Flow.CLARIFY and asked and answer.task is None and answer.extension:
            # "xin thêm 2 tuần" to «Chưa rõ tình trạng của 1.6»: that task's extension request
            target = await resolve_target(ctx, who, int(dialog.state["task"]), dialog.state.get("occ"))
            await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
            requested = await extension_asked(msg, ctx, who, target.number, "", answer.note)
            if dialog.state.get("file"):  # the file its caption named the task with: that task's evidence
                return [*await _task_evidence(_with_waiting_file(msg, dialog.state), ctx, who, target), *requested]
            return requested
        if dialog.flow == Flow.CLARIFY and asked and answer.task is None and answer.status != "unclear":
            target = await resolve_target(ctx, who, int(dialog.state["task"]), dialog.state.get("occ"))
            await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
            report = replace(answer, note=answer.note or dialog.state.get("note", ""))
            return await _store_or_clarify(_with_waiting_file(msg, dialog.state), ctx, who, target, report,
                                           ref=dialog.state.get("ref"))
        if answer.task is not None:  # a task number without a status answers "which task?"
            if dialog.flow == Flow.PICK:  # the report waiting for its task
                return await _number_for_ask(msg, ctx, who, dialog, answer.task, answer.plan)
            found = await tasks_named(ctx, who, answer.task, plan=answer.plan)
            if not found:
                raise BadInput(N_("report_no_task"), task=f"{answer.task} {answer.plan}".strip())
            await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
            if len(found) > 1:
                return await ask_plan(msg, ctx, who, answer, [Named(one.task, None, one.plan_code) for one in found])
            target = await resolve_target(ctx, who, found[0].task.id, None)
            if dialog.flow == Flow.REPORT and dialog.state.get("file") and _says_nothing(answer):
                # «1.1» to /report's list: its status is asked, the file /report came with kept for it
                return await _open_status(msg, ctx, who, target.task_id, target.occurrence_id, dialog.state["file"])
            return await _store_or_clarify(msg, ctx, who, target, answer)
    if dialog.flow == Flow.CLARIFY and msg.attachment is None and _only_thanks(msg.text, parsed):
        # «cảm ơn» to «Chưa rõ tình trạng của 7.4» closes the question, as it ends a note step (TESTER15 F10); a
        # file the question kept is named by dispatch as not kept
        await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
        task = await get_task(ctx.db, int(dialog.state["task"]))
        return [OutgoingMessage(t("report_clarify_thanks", who.lang, number=task.key if task is not None else "?"))]
    said = fold(msg.text).strip(" .!")
    if dialog.flow == Flow.CONFIRM_ALL and said in _YES_NO:  # "có" typed instead of pressed
        return await all_confirmed(msg, ctx, who, ConfirmAll(_YES_NO[said]))
    if dialog.flow == Flow.PICK and msg.attachment is not None and not msg.text.strip():
        joined = await _file_joins_ask(msg, ctx, who, dialog)
        if joined is not None:
            return joined
    if dialog.flow == Flow.CLARIFY and asked and msg.attachment is not None and not msg.text.strip():
        kept = await _file_joins_status_question(msg, ctx, who, dialog)
        if kept is not None:
            return kept
    if msg.attachment is not None or replied:
        await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
        if (taken := await given_way(msg, ctx, who, dialog)) is not None:  # its files do not go unsaid
            return taken
        return await on_reply(msg, ctx, who)  # a file, or a reply to a reminder, counts afresh
    return [await _expected(ctx, who, dialog)]


async def _file_joins_ask(msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog) -> list[OutgoingMessage] | None:
    """A file without caption while «which task?» waits with a status said and no file («xong», then the photo):
    the file goes with that report (the question is newer than any report of the person's, which would have
    closed it), and the question comes again; None when no such report waits."""
    assert msg.attachment is not None
    asks = _waiting_asks(dialog.state)
    waiting = next((ask for ask in reversed(asks) if ask["tasks"] and not ask.get("file")
                    and ask["report"].get("status", "unclear") != "unclear"), None)
    if waiting is None:
        return None
    joined = {**waiting, "file": _file_state(msg.attachment)}
    asks = [joined if ask is waiting else ask for ask in asks]
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.PICK, {**dialog.state, "asks": asks}, ctx.clock())
    tasks: list[tuple[str, int, int | None]] = []
    keys: dict[int, tuple[str, int]] = {}
    for task in [await get_task(ctx.db, task_id) for task_id in joined["tasks"]]:
        if task is not None:
            tasks.append((task.number, task.id, None))
            keys[task.id] = (task.key, task.plan_id)
    text = t("evidence_kept_for_waiting", who.lang, files=f"«{msg.attachment.name}»", status=_said_words(joined, who.lang))
    return [OutgoingMessage(text, choices=task_choices(await _told_apart(ctx, tasks, keys, who.lang)))]


async def _file_joins_status_question(
    msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog
) -> list[OutgoingMessage] | None:
    """A file without caption while «Chưa rõ tình trạng của 1.1» waits with no file: 1.1's, kept for the report the
    answer makes, and the question comes again (TESTER17 T3); None when the person's own report just before takes
    it (the words, then the picture)."""
    assert msg.attachment is not None
    if dialog.state.get("file") or await repo.last_reports_by(
            ctx.db, who.user.id, msg.channel, msg.chat_id, ctx.clock() - EVIDENCE_WINDOW):
        return None
    task_id = int(dialog.state["task"])
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.CLARIFY,
                     {**dialog.state, "file": _file_state(msg.attachment)}, ctx.clock())
    names = await _task_names(ctx, task_id)
    text = t("report_unclear_file_kept", who.lang, file=msg.attachment.name, number=names[-1] if names else "?")
    return [OutgoingMessage(text, choices=status_choices(task_id, dialog.state.get("occ"), who.lang))]


async def _number_for_ask(
    msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog, number: str, plan: str = ""
) -> list[OutgoingMessage]:
    """A number typed to "which task?" (or "which plan?": "1.1 KH 17"): the waiting report that offered a task
    with that number (of that plan) takes it; with one report waiting, a number it did not offer is read among
    the agency's tasks."""
    asks = _waiting_asks(dialog.state)
    offered = {task_id for ask in asks for task_id in ask["tasks"] or ()}
    matching = [task for task in [await get_task(ctx.db, task_id) for task_id in offered]
                if task is not None and number in (task.number, task.key)]
    if plan:
        of_plan = {one.task.id for one in await tasks_named(ctx, who, number, plan=plan)}
        matching = [task for task in matching if task.id in of_plan]
    if len(matching) == 1:
        return await _answer_ask(msg, ctx, who, dialog, matching[0].id, None)
    if matching:  # the number of two plans: the plan buttons answer
        return [OutgoingMessage(t("expect_plan", who.lang, number=number))]
    if len(asks) > 1:
        return [await _expected(ctx, who, dialog)]
    found = await tasks_named(ctx, who, number, plan=plan)
    if not found:
        raise BadInput(N_("report_no_task"), task=f"{number} {plan}".strip())
    report = _report_from_state(asks[0]["report"])
    await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    if len(found) > 1:
        return await ask_plan(msg, ctx, who, report, [Named(one.task, None, one.plan_code) for one in found])
    target = await resolve_target(ctx, who, found[0].task.id, None)
    return await _store_or_clarify(_with_waiting_file(msg, asks[0]), ctx, who, target, report, ref=dialog.state.get("ref"))


def _with_waiting_file(msg: IncomingMessage, state: dict[str, Any]) -> IncomingMessage:
    """The answer to «which task?» or «status?» carrying the file the waiting report came with, if any."""
    return replace(msg, attachment=Attachment(**state["file"])) if state.get("file") else msg


async def _expected(ctx: Context, who: Who, dialog: Dialog) -> OutgoingMessage:
    """What the open flow waits for, with its buttons again where it has some."""
    if dialog.flow == Flow.CLARIFY:
        task = await get_task(ctx.db, int(dialog.state["task"]))
        number = task.number if task is not None else "?"
        choices = status_choices(int(dialog.state["task"]), dialog.state.get("occ"), who.lang)
        return OutgoingMessage(t("expect_status", who.lang, number=number), choices=choices)
    if dialog.flow == Flow.CONFIRM_ALL:
        return OutgoingMessage(t("expect_confirm", who.lang), choices=_confirm_choices(who.lang))
    if dialog.flow == Flow.EVIDENCE:
        return _evidence_question(dialog.state, who.lang)
    if dialog.flow == Flow.PICK:
        offered = [await get_task(ctx.db, task_id) for ask in _waiting_asks(dialog.state) for task_id in ask["tasks"] or ()]
        numbers = {task.number for task in offered if task is not None}
        if len(offered) > 1 and len(numbers) == 1:  # "which plan?": the plan buttons answer it
            return OutgoingMessage(t("expect_plan", who.lang, number=numbers.pop()))
    if dialog.flow == Flow.IMPORT and dialog.state.get("buttons"):
        # the preview's buttons again (handlers.admin.with_buttons): the console and Zalo press only the latest
        choices = tuple(tuple(Choice(label, data) for label, data in row) for row in dialog.state["buttons"])
        return OutgoingMessage(t("expect_import_buttons", who.lang), choices=choices)
    return OutgoingMessage(t(_EXPECTED.get(dialog.flow, _EXPECT_BUTTON), who.lang))


# ---- edits and evidence --------------------------------------------------------------------------


async def made_reports(msg: IncomingMessage, ctx: Context) -> bool:
    """Whether the message (before its edit) made reports."""
    ref = source_ref(msg)
    return bool(ref and await repo.reports_from_source(ctx.db, ref))


async def on_edit(msg: IncomingMessage, ctx: Context, who: Who) -> list[OutgoingMessage]:
    """An edited message that made reports rewrites them, matched by task number, not by position.

    A report whose task the text no longer names is withdrawn; a task newly named gets its report as a
    reply would; words naming no task rewrite the reports no number claimed, in order.
    """
    ref = source_ref(msg)
    existing = await repo.reports_from_source(ctx.db, ref) if ref else []
    if not existing:
        return []
    parsed = await _parse(msg.text, ctx, who)
    referred = await repo.referred(ctx.db, msg.channel, msg.chat_id, msg.reply_to_ref) if msg.reply_to_ref else None
    pairs: list[tuple[repo.Report, ParsedReport]] = []
    named_anew: list[ParsedReport] = []
    unclaimed = list(existing)
    if len(parsed) == 1 and parsed[0].all_tasks:
        pairs = [(old, parsed[0]) for old in existing]  # a reply about every task made one report per task
        unclaimed = []
    else:
        numbers = {old.task_id: await _task_names(ctx, old.task_id) for old in existing}
        # and as the message answered showed them, when a re-import renumbered them since
        for item in referred.items if referred is not None else ():
            if item.task in numbers and item.number is not None:
                numbers[item.task] += (item.number, item.key or item.number)
        for new in parsed:
            if new.task is None:
                continue
            matching = [old for old in existing
                        if new.task in numbers[old.task_id] and await _of_plan_named(ctx, old.task_id, new)]
            claimed = [old for old in unclaimed if old in matching]
            pairs += [(old, new) for old in claimed]
            unclaimed = [old for old in unclaimed if old not in claimed]
            if not matching:
                named_anew.append(new)
        for new in parsed:
            if new.task is None and unclaimed:
                pairs.append((unclaimed.pop(0), new))
    answers = []
    for old in unclaimed:
        answers.append(await _withdraw(msg, ctx, who, old))
    for old, new in pairs:
        if new.status == "unclear":
            continue
        percent = 100 if new.status == "done" and new.percent is None else new.percent
        await repo.update_report(
            ctx.db, old.id, status=new.status, percent=percent, eta=new.eta, note=new.note, now=ctx.clock()
        )
        await record(
            ctx.db, now=ctx.clock(), channel=msg.channel, action="report.edited", subject=str(old.task_id),
            user_id=who.user.id, detail={"report": old.id, "status": new.status},
        )
        task = await get_task(ctx.db, old.task_id)
        target = Target(old.task_id, task.key if task else "?", "", old.agency_id, old.occurrence_id)
        answers.append(OutgoingMessage(saved_text(target, new.status, percent, new.eta, who.lang, N_("report_updated"), note=new.note)))
    if named_anew:
        items, facts = (referred.items, referred.facts) if referred is not None else ([], {})
        for new in named_anew:
            answers += await _apply_parsed(msg, ctx, who, new, items, facts)
    return answers


async def _of_plan_named(ctx: Context, task_id: int, new: ParsedReport) -> bool:
    """Whether a task is of the plan an edited text names after its number ("1.1 KH 12"), or it names none."""
    if not new.plan or new.task is None:
        return True
    return any(one.task.id == task_id and names_plan(new.plan, one.plan_code) for one in await find_tasks(ctx.db, new.task))


async def _task_names(ctx: Context, task_id: int) -> tuple[str, ...]:
    task = await get_task(ctx.db, task_id)
    return (task.number, task.key) if task is not None else ()


async def _withdraw(msg: IncomingMessage, ctx: Context, who: Who, old: repo.Report) -> OutgoingMessage:
    """Withdraw a report its edited message no longer names."""
    await repo.withdraw_report(ctx.db, old.id, now=ctx.clock())
    await record(
        ctx.db, now=ctx.clock(), channel=msg.channel, action="report.withdrawn", subject=str(old.task_id),
        user_id=who.user.id, detail={"report": old.id},
    )
    names = await _task_names(ctx, old.task_id)
    return OutgoingMessage(t("report_withdrawn", who.lang, number=names[0] if names else "?"))


async def _evidence_after_report(
    msg: IncomingMessage, ctx: Context, who: Who, among: set[int] | None = None, since: datetime | None = None
) -> list[OutgoingMessage]:
    """A file without caption sent soon after the person's own report in this chat (of a task `among`, when
    given; made `since` a moment, when given): evidence for that report; when the message reported several
    tasks, buttons ask which (the file kept in the flow meanwhile)."""
    since = max(ctx.clock() - EVIDENCE_WINDOW, since or ctx.clock() - EVIDENCE_WINDOW)
    reports = await repo.last_reports_by(ctx.db, who.user.id, msg.channel, msg.chat_id, since)
    asked = await extensions.last_request_by(ctx.db, who.user.id, msg.channel, msg.chat_id, since)
    if asked is not None and all(report.created_at <= asked.requested_at for report in reports) and (
        among is None or asked.task_id in among
    ) and not await _reported_since(ctx, who, reports, asked.requested_at):
        # a paper sent after asking for more time supports the request (TESTER14 F4): its task's evidence, on the
        # agency's latest report, else waiting for the status to be said (the request made, no question waits)
        target = await resolve_target(ctx, who, asked.task_id, asked.occurrence_id)
        return await _store_or_clarify(msg, ctx, who, target, ParsedReport(task=None, status="unclear", percent=None, eta=None, note=""))
    if among is not None:
        reports = [report for report in reports if report.task_id in among]
    per_task = {report.task_id: report for report in reports}  # a task reported twice: its latest report
    tasks = [(task, per_task[task.id].id) for task in [await get_task(ctx.db, task_id) for task_id in per_task]
             if task is not None]
    if not tasks:
        return []
    if len(tasks) == 1:
        task, report_id = tasks[0]
        return [await attach_evidence(msg, ctx, who, report_id, task.key)]
    assert msg.attachment is not None
    state = {"files": [_file_state(msg.attachment)], "reports": [[task.key, task.id, report_id] for task, report_id in tasks]}
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.EVIDENCE, state, ctx.clock())
    return [_evidence_question(state, who.lang)]


async def _reported_since(ctx: Context, who: Who, reports: list[repo.Report], requested_at: str) -> bool:
    """Whether one of the person's reports made at the very instant of their extension request came after it
    («3.9 xong» after «/xin_gia_han 3.8» in the demo's frozen clock, or the same second live: TESTER17 T3d)."""
    if not any(report.created_at == requested_at for report in reports):
        return False
    return await newest_action_at(ctx.db, who.user.id, requested_at, ("report.added", "extension.requested")) == "report.added"


def _file_state(file: Attachment) -> dict[str, Any]:
    return {"file_id": file.file_id, "name": file.name, "size": file.size, "mime_type": file.mime_type, "kind": file.kind}


def _evidence_question(state: dict[str, Any], lang: str) -> OutgoingMessage:
    """«Minh chứng … là cho việc nào?» with a button per task the person just reported (none reported: the
    file waits for the report that names its task)."""
    names = ", ".join(f"«{file['name']}»" for file in state["files"])
    if not state["reports"] and state.get("said"):
        return OutgoingMessage(t("evidence_kept_which_said", lang, files=names, status=_said_words(state["said"], lang)))
    if not state["reports"]:
        return OutgoingMessage(t("evidence_kept_which", lang, files=names))
    numbers = [number for number, _, _ in state["reports"]]
    text = t("evidence_which_report", lang, files=names, numbers=", ".join(numbers))
    return OutgoingMessage(text, choices=task_choices([(number, task_id, None) for number, task_id, _ in state["reports"]]))


async def evidence_typed(msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog) -> list[OutgoingMessage]:
    """While «which task is this file for?» waits: another file without caption joins the waiting ones; a task number the
    question offers answers it; a message that reports («1.1 xong»), a file with its caption or a reply is
    taken as usual, the waiting files never dropped unsaid; anything else asks again."""
    if msg.attachment is not None and not msg.text.strip():  # (on Zalo and in the demo it answers the digest)
        state = {**dialog.state, "files": [*dialog.state["files"], _file_state(msg.attachment)]}
        await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.EVIDENCE, state, ctx.clock())
        return [_evidence_question(state, who.lang)]
    typed = fold(msg.text).strip(" .!")
    offered = [task_id for number, task_id, _ in dialog.state["reports"] if fold(number) == typed]
    if msg.attachment is None and len(offered) == 1:
        return await _evidence_picked(msg, ctx, who, dialog, offered[0])
    if msg.attachment is None and who.replied_to is None and not await _names_a_task(msg.text, ctx, who):
        return [_evidence_question(dialog.state, who.lang)]
    await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    meant = tuple(dialog.state["meant"]) if dialog.state.get("meant") else None
    return await taken_with_files(msg, ctx, who, list(dialog.state["files"]), list(dialog.state["reports"]), meant=meant,
                                  said=dialog.state.get("said"))


async def _names_a_task(text: str, ctx: Context, who: Who) -> bool:
    return bool(text.strip()) and any(report.task is not None for report in await _parse(text, ctx, who))


async def _said_state(msg: IncomingMessage, ctx: Context, report: ParsedReport) -> dict[str, Any]:
    """A status said with a file whose task is not known yet (for any task), kept in a flow with the newest
    report's id then (the person's reports after it may answer it)."""
    return {"report": _report_state(report), "tasks": None, "ref": source_ref(msg), "after": await repo.newest_report_id(ctx.db)}


def _said_waiting(dialog: Dialog) -> list[dict[str, Any]]:
    """The statuses a flow keeps for reports waiting for their task («xong» asked «which task?»), each with the
    tasks it may be for, the message it came in and the newest report when it began waiting (0: unknown)."""
    if dialog.flow == Flow.EVIDENCE:
        return [dialog.state["said"]] if dialog.state.get("said") else []
    if dialog.flow == Flow.CONFIRM_ALL and "report" in dialog.state:  # «tất cả đã xong» waiting for Có / Không
        tasks = [task_id for task_id, _ in dialog.state.get("targets", [])]
        return [{"report": dialog.state["report"], "tasks": tasks, "ref": dialog.state.get("ref"),
                 "after": dialog.state.get("after", 0), "all": True}]
    if dialog.flow != Flow.PICK:
        return []
    return [{"report": ask["report"], "tasks": ask.get("tasks"), "ref": dialog.state.get("ref"),
             "after": ask.get("after", 0), "file": ask.get("file") is not None}
            for ask in _waiting_asks(dialog.state) if ask["report"].get("status", "unclear") != "unclear"]


def _says_nothing(report: ParsedReport) -> bool:
    """A task named alone («3.7»): no status, figure, date or words of its own."""
    return report.status == "unclear" and not (report.percent is not None or report.eta or report.note or report.extension)


async def _said_open(ctx: Context, who: Who, said: dict[str, Any]) -> bool:
    """Whether a waiting status is still owed: the person has not reported one of its tasks (any) since, by
    another message."""
    return not await repo.reports_after(ctx.db, who.user.id, said.get("after", 0), said["tasks"], other_than=said["ref"])


async def _reports_on(ctx: Context, who: Who, said: dict[str, Any]) -> int:
    """The person's reports on the tasks a waiting status may be for since it waits (the answer's included)."""
    return await repo.reports_after(ctx.db, who.user.id, said.get("after", 0), said["tasks"])


def _said_words(said: dict[str, Any], lang: str) -> str:
    """A waiting status as the person said it: «Xong», «Đang làm 60%»."""
    report = said["report"]
    words = t(STATUS_SHORT[report["status"]], lang)
    if report.get("percent") is not None and report["status"] != "done":
        words += " " + format_percent(report["percent"], lang)
    return words


@dataclass(frozen=True)
class Waiting:
    """What an open question keeps for reports waiting in it, as a message arrives: files and statuses."""

    files: list[dict[str, Any]]
    kept_before: list[tuple[int, str | None] | None]  # each file's latest evidence row before the message
    said: list[dict[str, Any]]
    reported_before: list[int]  # the reports on each status's tasks before the message
    # «Chưa rõ tình trạng của 1.1» asked of «1.1 đã họp với Sở»: the task, its words, the person's reports on it
    # and on any task before the message
    words: tuple[int, str, int, int] | None = None


async def waiting_in(msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog) -> Waiting | None:
    """The files, statuses and words an open question keeps, before a message is handled; None when it keeps
    none."""
    files = files_waiting(dialog)
    said = _said_waiting(dialog)
    words = None
    if dialog.flow == Flow.CLARIFY and dialog.state.get("note"):
        task_id = int(dialog.state["task"])
        words = (task_id, str(dialog.state["note"]), await repo.reports_after(ctx.db, who.user.id, 0, [task_id]),
                 await repo.reports_after(ctx.db, who.user.id, 0, None))
    if not files and not said and words is None:
        return None
    before = [await repo.latest_evidence(ctx.db, msg.channel, file["file_id"]) for file in files]
    return Waiting(files, before, said, [await _reports_on(ctx, who, one) for one in said], words)


def _said_key(said: dict[str, Any]) -> tuple[str, str]:
    """A waiting status and the tasks it may be for: the same one asked again by a new question is still kept."""
    tasks = sorted(said["tasks"]) if said["tasks"] is not None else None
    return (repr(sorted(said["report"].items())), repr(tasks))


async def left_unsaid(
    msg: IncomingMessage, ctx: Context, who: Who, waiting: Waiting, *, ended: bool = False
) -> list[OutgoingMessage]:
    """After a message, what the question it displaced kept and nothing took (no report, no evidence, no flow
    keeping it), named in one line to send again: a command, a button or a report never drops it unsaid; `ended`:
    the message (a list or card opened) ended the question."""
    session = await load_session(ctx.db, msg.channel, msg.user_id, msg.chat_id)
    after = session.dialog if session is not None else None
    # a file the next flow keeps (waiting still, or the plan an import previews) is not dropped
    still = {file["file_id"] for file in files_waiting(after)} | {after.state.get("file_id")} if after is not None else set()
    carried = {_said_key(one) for one in _said_waiting(after)} if after is not None else set()
    files = [file for file, before in zip(waiting.files, waiting.kept_before, strict=True)
             if file["file_id"] not in still and await repo.latest_evidence(ctx.db, msg.channel, file["file_id"]) == before]
    # a status is taken when the message made a report on one of its tasks (its answer, or a report that says more)
    said = [one for one, before in zip(waiting.said, waiting.reported_before, strict=True)
            if _said_key(one) not in carried and await _reports_on(ctx, who, one) == before]
    if _declines(msg):  # «Không» to «tất cả đã xong?»: dropped as asked
        said = [one for one in said if not one.get("all")]
    text = _unsaid_text(files, [one for one in said if not one.get("all")], who.lang, question=after is not None)
    return [*await _unconfirmed(ctx, [one for one in said if one.get("all")], who.lang),
            *([OutgoingMessage(text)] if text else []), *await _words_unsaid(ctx, who, waiting, after, ended=ended)]


async def _words_unsaid(
    ctx: Context, who: Who, waiting: Waiting, after: Dialog | None, *, ended: bool = False
) -> list[OutgoingMessage]:
    """The words a «Chưa rõ tình trạng» question kept («đã họp với Sở»), named when a report on another task or a
    list opened (`ended`) displaced the question (/cancel or «cảm ơn» drops them as asked; a report on its task
    says more)."""
    if waiting.words is None:
        return []
    task_id, words, before, before_any = waiting.words
    if after is not None and after.flow == Flow.CLARIFY and after.state.get("task") == task_id:
        return []  # asked again, the words still kept
    if await repo.reports_after(ctx.db, who.user.id, 0, [task_id]) != before:
        return []
    if not ended and await repo.reports_after(ctx.db, who.user.id, 0, None) == before_any:
        return []
    task = await get_task(ctx.db, task_id)
    return [OutgoingMessage(t("report_words_not_kept", who.lang, note=words, number=task.key if task else "?"))]


def _declines(msg: IncomingMessage) -> bool:
    """The message answers «Không» to a confirmation (the button, or the word typed)."""
    if msg.button_data is not None:
        try:
            button = ButtonData.unpack(msg.button_data)
        except StaleButton:
            return False
        return isinstance(button, ConfirmAll) and button.answer == "no"
    return _YES_NO.get(fold(msg.text).strip(" .!")) == "no"


async def _unconfirmed(ctx: Context, said: list[dict[str, Any]], lang: str) -> list[OutgoingMessage]:
    """«tất cả đã xong» left unconfirmed, named with its tasks, to report again."""
    answers = []
    for one in said:
        numbers = ", ".join(task.key for task in [await get_task(ctx.db, task_id) for task_id in one["tasks"]]
                            if task is not None)
        answers.append(OutgoingMessage(t("report_all_not_confirmed", lang, status=_said_words(one, lang), numbers=numbers)))
    return answers


def _unsaid_text(files: list[dict[str, Any]], said: list[dict[str, Any]], lang: str, *, question: bool, expired: bool = False) -> str:
    """One line naming the files and statuses not kept, and how to send them again ("" when none)."""
    names = ", ".join(f"«{file['name']}»" for file in files)
    status = ", ".join(f"«{_said_words(one, lang)}»" for one in said)
    example = _said_words(said[0], lang).lower() if said else ""
    if said and files:
        key = N_("waiting_expired_resend") if expired else N_("waiting_not_kept")
        return t(key, lang, status=status, files=names, example=example)
    if said:
        key = N_("report_expired_resend") if expired else N_("report_not_kept_resend")
        return t(key, lang, status=status, example=example)
    if files:
        if expired:
            return t("evidence_expired_resend", lang, files=names)
        return t(N_("evidence_not_kept_resend") if question else N_("evidence_not_kept_again"), lang, files=names)
    return ""


async def expired_unsaid(ctx: Context, who: Who, dialog: Dialog) -> list[OutgoingMessage]:
    """The files and statuses a question left open past its day kept (it is dropped), named to send again."""
    said = [one for one in _said_waiting(dialog) if await _said_open(ctx, who, one)]
    text = _unsaid_text(files_waiting(dialog), [one for one in said if not one.get("all")], who.lang, question=False,
                        expired=True)
    return [*await _unconfirmed(ctx, [one for one in said if one.get("all")], who.lang),
            *([OutgoingMessage(text)] if text else [])]


def files_waiting(dialog: Dialog) -> list[dict[str, Any]]:
    """The files a flow keeps for the report waiting in it (a caption that asked «which task?» or «status?»)."""
    if dialog.flow == Flow.EVIDENCE:
        return list(dialog.state.get("files", []))
    if dialog.flow == Flow.PICK:
        return [ask["file"] for ask in _waiting_asks(dialog.state) if ask.get("file")]
    return [dialog.state["file"]] if dialog.flow in (Flow.CLARIFY, Flow.REPORT) and dialog.state.get("file") else []


async def given_way(msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog) -> list[OutgoingMessage] | None:
    """A report, a file or a reply taking the place of a question whose waiting report came with files (the flow
    already cleared): the files go with it when it names their task, else as taken_with_files says; None when
    the question kept no file."""
    files = files_waiting(dialog)
    if not files:
        return None
    meant: tuple[str, ...] | None = None  # /report's list: any task
    if dialog.flow == Flow.CLARIFY:  # the caption named the task: the files are its
        meant = await _task_names(ctx, int(dialog.state["task"]))
    elif dialog.flow == Flow.PICK:  # one of the tasks «which task?» offered
        task_ids = {task_id for ask in _waiting_asks(dialog.state) if ask.get("file") for task_id in ask["tasks"] or ()}
        meant = tuple([name for task_id in sorted(task_ids) for name in await _task_names(ctx, task_id)])
    # the status said with the files («xong» under the photo) goes with them
    said = next((one for one in _said_waiting(dialog) if one.get("file")), None)
    return await taken_with_files(msg, ctx, who, files, [], meant=meant, said=said,
                                  one_report_takes=dialog.flow != Flow.CLARIFY)


async def taken_with_files(
    msg: IncomingMessage, ctx: Context, who: Who, files: list[dict[str, Any]], offered: list[list[Any]],
    *, meant: tuple[str, ...] | None = None, said: dict[str, Any] | None = None, one_report_takes: bool = False,
) -> list[OutgoingMessage]:
    """A report, a captioned file or a reply while files wait for their task (the flow already cleared): taken as
    usual; the waiting files go with a text naming one task they may be for (one of `meant`, else of `offered`,
    else any; with `one_report_takes` and nothing offered, any one task the text reports), with the status `said` with them when the text says none («xong» under the photo, then «3.7»),
    else «which task?» comes again with the tasks just reported added (handlers.dispatch names what the
    message's own question leaves unkept)."""
    parsed = await _parse(msg.text, ctx, who) if msg.text.strip() else []
    named = {report.task for report in parsed if report.task is not None}
    one_named = next(iter(named)) if len(named) == 1 else None
    named_for = meant if meant is not None else tuple(number for number, _, _ in offered) or None
    taking = msg.attachment is None and one_named is not None and (named_for is None or one_named in named_for)
    took: int | None = None  # the report the first file went on
    if taking:  # as if the first file came with these words as its caption («3.7» alone: on 3.7's latest report)
        first = Attachment(**files[0])
        before = await repo.latest_evidence(ctx.db, msg.channel, first.file_id)
        only = parsed[0]
        if said is not None and len(parsed) == 1 and _says_nothing(only) and await _said_open(ctx, who, said):
            report = replace(_report_from_state(said["report"]), task=only.task, plan=only.plan)
            answers = await _apply_parsed(replace(msg, attachment=first), ctx, who, report, [], {})
        else:
            answers = await on_reply(replace(msg, attachment=first), ctx, who)
        if (kept := await repo.latest_evidence(ctx.db, msg.channel, first.file_id)) != before:
            files = files[1:]
            took = await repo.report_of_evidence(ctx.db, kept[0]) if kept is not None else None
    elif msg.attachment is not None or msg.reply_to_ref is not None:
        answers = await on_reply(msg, ctx, who)
    else:
        answers = await on_free_text(msg, ctx, who)
    if not files:
        return answers
    # (`one_report_takes`: no caption named the files' task and no status waits with them, so the one report the
    # message made, of a task «which task?» did not offer, takes them rather than a question with that one answer:
    # TESTER17 T3b)
    session = await load_session(ctx.db, msg.channel, msg.user_id, msg.chat_id)
    if session is not None and session.dialog is not None:  # one question at a time: this message's goes first
        return answers
    ref = source_ref(msg)
    made = {report.task_id: report for report in (await repo.reports_from_source(ctx.db, ref) if ref else [])}
    if taking and not made and took is not None and (latest := await repo.get_report(ctx.db, took)) is not None:
        made = {latest.task_id: latest}  # the first file went on the task's latest report: the others join it
    if len(made) == 1 and (taking or (one_report_takes and not offered and said is None)):
        report = next(iter(made.values()))
        task = await get_task(ctx.db, report.task_id)
        number = task.key if task is not None else "?"
        return [*answers, *[await attach_evidence(replace(msg, attachment=Attachment(**file)), ctx, who, report.id, number)
                            for file in files]]
    reported = [[task.key, task.id, made[task.id].id] for task in [await get_task(ctx.db, task_id) for task_id in made]
                if task is not None]
    state: dict[str, Any] = {"files": files, "reports": [*[one for one in offered if one[1] not in made], *reported]}
    if meant is not None:  # the task a caption named still takes them
        state["meant"] = list(meant)
    if said is not None and await _said_open(ctx, who, said):
        state["said"] = said
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.EVIDENCE, state, ctx.clock())
    return [*answers, _evidence_question(state, who.lang)]


async def _evidence_picked(
    msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog, task_id: int
) -> list[OutgoingMessage]:
    """The waiting files kept as evidence on the report of the task chosen."""
    chosen = next(((number, report_id) for number, one, report_id in dialog.state["reports"] if one == task_id), None)
    if chosen is None:  # a button of another question
        return [OutgoingMessage(t("button_stale", who.lang))]
    await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    number, report_id = chosen
    return [await attach_evidence(replace(msg, attachment=Attachment(**file)), ctx, who, report_id, number)
            for file in dialog.state["files"]]


async def attach_evidence(msg: IncomingMessage, ctx: Context, who: Who, report_id: int, number: str) -> OutgoingMessage:
    """Keep a file as evidence on a report; download it when the channel allows and it is small enough."""
    file: Attachment = msg.attachment  # type: ignore[assignment]
    local_path = None
    not_kept = False  # not downloaded, or fetched but the server could not write its copy
    too_big = file.size is not None and file.size > ctx.settings.max_download
    if not too_big and ctx.fetch_file is not None:
        try:
            data = await ctx.fetch_file(file)
        except Exception:
            log.warning("could not download evidence %s", file.file_id, exc_info=True)
            data = None
            not_kept = True  # a link that no longer answers, a network fault: no copy, so never «đã lưu»
        if data is not None and len(data) <= ctx.settings.max_download:
            try:
                local_path = await save_evidence(ctx.settings.files_dir, report_id, file.name, data)
            except OSError:  # the report stands without a local copy: the row keeps the platform's file id
                log.warning("could not save evidence %s on disk", file.file_id, exc_info=True)
                not_kept = True
    await repo.add_evidence(
        ctx.db,
        report_id=report_id,
        channel=msg.channel,
        file_id=file.file_id,
        file_name=file.name,
        mime_type=file.mime_type,
        size=file.size,
        local_path=local_path,
        now=ctx.clock(),
    )
    await record(
        ctx.db, now=ctx.clock(), channel=msg.channel, action="evidence.added", subject=number,
        user_id=who.user.id, detail={"report": report_id, "name": file.name},
    )
    if too_big:
        return OutgoingMessage(t("evidence_too_big", who.lang, name=file.name))
    if not_kept:  # never «đã lưu» for a file the server has no copy of
        return OutgoingMessage(t("evidence_not_kept", who.lang, name=file.name, number=number))
    return OutgoingMessage(t("evidence_saved", who.lang, name=file.name, number=number))

