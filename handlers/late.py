"""Late tasks the way offices handle them: extension requests (xin gia hạn) and explanations (giải trình).

The head or a member of a task's lead agency asks for a later date ("Xin gia hạn" under a reminder, or
/xin_gia_han 1.3): the date as people type it ("30/6", "cuối quý", "thêm 2 tuần"), then the reason. The
secretaries get the request with Đồng ý / Không đồng ý buttons (and /gia_han lists what waits); the decision
goes back to the chat the request came from, and the secretary may send a note after it. An approved
request is the agency's due date for that occurrence from then on. The same people explain a late
occurrence ("Giải trình" under an overdue reminder, or /giai_trinh 1.3 …): a short text, optionally a file;
the secretaries are told at once, and the agency's overdue reminders go weekly. Every step is audited.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time

from chat.buttons import AskExtension, DecideExtension, Explain
from chat.messages import Attachment, Choice, IncomingMessage, OutgoingMessage
from handlers.context import Context
from handlers.dates import parse_typed_date
from handlers.errors import BadInput, NotAllowed, UserFacingError
from handlers.replies import is_acknowledgement, split_plan_ref
from handlers.session import Flow, Who, require_linked, require_staff
from handlers.task_numbers import plan_label, plans_text, tasks_named
from i18n import N_, t
from i18n.formats import format_count, format_date
from plans.text import fold
from plans.workdays import add_working_days
from storage import explanations, extensions, outbox
from storage.audit import record
from storage.extensions import Extension
from storage.people import Dialog, clear_dialog, set_dialog
from storage.reminders import load_people
from storage.reports import latest_report
from storage.tasks import task_facts, tasks_for_agency

MAX_TEXT = 1000  # a reason, an explanation or a note: a short paragraph, not a report
# "thêm 2 tuần", "2 more weeks": counted from the current due date, not from today
_MORE = re.compile(r"^(?:them|another|plus|extra)\s|^\d{1,2}\s+more\s|\s(?:more|extra)$")
# an extension's length as people ask for it, also counted from the current due date: "xin thêm 2 tuần",
# "gia hạn 1 tháng", "lùi hai tuần nữa ạ", "nửa tháng", "thêm 5 ngày làm việc", "extend by 2 weeks"
_ASKING = re.compile(
    r"^(?:(?:xin|cho(?: (?:em|toi|chung toi|don vi))?|de nghi|gia han|keo dai|lui|doi|hoan|please|extend(?: it)?(?: by)?)\s+)+"
)
_POLITE_END = re.compile(r"(?:\s+(?:a|nhe|nha|voi|please))?[\s.!]*$")
_COUNT_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10,
                "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_LENGTH = re.compile(
    rf"^(?:(?:them|another|extra|plus)\s+)?(?P<n>\d{{1,2}}|nua|{'|'.join(_COUNT_WORDS)})\s+(?:(?:more|extra)\s+)?"
    r"(?P<unit>ngay lam viec|ngay|tuan|thang|working days?|days?|weeks?|months?)(?:\s+(?:nua|more))?(?!\w)(?!\s*[\d/])"
)
# the same length said further on: "em xin phép hoàn thành chậm 1 tuần", "xin thêm thời gian 1 tuần nữa ạ"
_LENGTH_SAID = re.compile(r"(?<![\w/])" + _LENGTH.pattern.removeprefix("^"))
_DATE_SAID = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}|cuoi|dau|giua|end|quy|thang\s+\d")
_UNIT_WORDS = {"ngay": "ngay", "day": "ngay", "days": "ngay", "tuan": "tuan", "week": "tuan", "weeks": "tuan",
               "thang": "thang", "month": "thang", "months": "thang"}


@dataclass(frozen=True)
class Owed:
    """An occurrence of a task that the person's agency leads, with its current due date for that agency."""

    task_id: int
    number: str
    title: str
    occurrence_id: int
    agency_id: int
    agency: str
    planned: date
    due: date  # after any approved extension
    plan: str = ""  # the plan's code, to tell the same number in two plans apart
    key: str = ""  # the task's key: "7.6#2" when its plan numbers two tasks 7.6


async def _owed(ctx: Context, who: Who, task_id: int, occurrence_id: int, *, plan: str = "") -> Owed:
    """The occurrence if the person is the head or a member of the task's lead agency; else NotAllowed."""
    require_linked(who)
    facts = await task_facts(ctx.db, task_id, occurrence_id)
    if facts is None or not facts.task.active or facts.occurrence_tasks.get(occurrence_id) != task_id:
        raise BadInput(N_("button_stale"))
    leads = {agency_id for agency_id, role in facts.links if role == "lead"}
    if who.user.role not in ("head", "member") or who.agency is None or who.agency.id not in leads:
        raise NotAllowed(N_("late_not_lead"), task=facts.task.number)
    async with ctx.db.execute("SELECT due FROM occurrences WHERE id = ?", (occurrence_id,)) as cur:
        (planned,) = await cur.fetchone()
    planned_day = date.fromisoformat(planned)
    current = await extensions.current_due(ctx.db, occurrence_id, who.agency.id)
    return Owed(task_id, facts.task.key, facts.task.title, occurrence_id, who.agency.id, who.agency.name,
                planned_day, current or planned_day, plan, facts.task.key)


async def _named(ctx: Context, who: Who, args: str, usage: str) -> tuple[list[Owed], str]:
    """For each plan's task a command names first ("1.3 …") that the person's agency leads, its first open
    occurrence (its first overdue one when it has one), and the rest of the text."""
    require_linked(who)
    number, _, rest = args.strip().partition(" ")
    if not number:
        raise BadInput(usage)
    if who.agency is None:
        raise NotAllowed(N_("late_not_lead"), task=number)
    plan, after_plan = split_plan_ref(rest)  # "/giai_trinh 1.1 KH 17 chờ Sở": that plan's 1.1
    found = await tasks_named(ctx, who, number, own_only=True, plan=plan)
    if plan and found:
        rest = after_plan
    elif plan:
        found = await tasks_named(ctx, who, number, own_only=True)  # the words were the reason's, not a plan
    if not found:
        raise BadInput(N_("late_unknown_task"), number=number)
    today = _today(ctx)
    items = await tasks_for_agency(ctx.db, who.agency.id, today=today, tz=ctx.settings.tz)
    owed: list[Owed] = []
    refused: UserFacingError | None = None
    for one in found:
        own = [item for item in items if item.task_id == one.task.id]
        if own and all(item.role == "support" for item in own):  # coordinating: its lead agency explains or asks
            refused = refused or NotAllowed(N_("late_not_lead"), task=one.task.number)
            continue
        dated = [item for item in own if item.occurrence_id is not None]
        dated.sort(key=lambda item: not item.overdue(today))  # stable: the earliest overdue one first
        if own and not dated:  # ongoing, or waiting for its event: no date to be late on or to move
            refused = refused or BadInput(N_("late_no_deadline"), number=one.task.number)
            continue
        if not dated:
            continue
        try:
            owed.append(await _owed(ctx, who, one.task.id, dated[0].occurrence_id, plan=one.plan_code))
        except NotAllowed as error:  # coordinating in that plan: its lead agency explains or asks
            refused = refused or error
    if not owed:
        if refused is not None:
            raise refused
        raise BadInput(N_("late_nothing_due"), number=found[0].task.number)
    return owed, rest.strip()


def _today(ctx: Context) -> date:
    return ctx.clock().astimezone(ctx.settings.tz).date()


def _plan_choices(owed: list[Owed], button: type[Explain] | type[AskExtension], lang: str) -> tuple[tuple[Choice, ...], ...]:
    """A button per plan for a number several plans have."""
    return tuple((Choice(plan_label(one.key, one.plan, lang), button(one.task_id, one.occurrence_id).pack()),)
                 for one in owed)


# ---- extension requests --------------------------------------------------------------------------


async def ask_extension_pressed(msg: IncomingMessage, ctx: Context, who: Who, button: AskExtension) -> list[OutgoingMessage]:
    """"Xin gia hạn 1.3": ask for the proposed date."""
    return await _ask_date(msg, ctx, who, await _owed(ctx, who, button.task_id, button.occurrence_id))


async def extend_command(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/xin_gia_han 1.3: ask for an extension of the agency's first open deadline of task 1.3; a date typed
    after the number ("/xin_gia_han 1.3 đến 31/12") is taken as a reply's would be."""
    owed, words = await _named(ctx, who, args, N_("extend_usage"))
    return await _extension_of(msg, ctx, who, owed, words)


async def extension_asked(msg: IncomingMessage, ctx: Context, who: Who, number: str, plan: str, words: str) -> list[OutgoingMessage]:
    """A reply asking for more time ("1.3 xin gia hạn đến 31/12", "xin lùi 2 tuần"): the request it starts."""
    owed, _ = await _named(ctx, who, f"{number} {plan}".strip(), N_("extend_usage"))
    return await _extension_of(msg, ctx, who, owed, words)


async def _extension_of(msg: IncomingMessage, ctx: Context, who: Who, owed: list[Owed], words: str) -> list[OutgoingMessage]:
    """The request for `owed`, with the date `words` give when that is later than the due date (then only the
    reason is asked), else the date asked; a number several plans have asks which plan first."""
    if len(owed) > 1:
        text = plans_text(owed[0].number, [(one.key, one.plan) for one in owed], who.lang)
        return [OutgoingMessage(text, choices=_plan_choices(owed, AskExtension, who.lang))]
    proposed = read_new_date(words, owed[0].due, ctx.clock(), ctx) if words else None
    return await _ask_date(msg, ctx, who, owed[0], proposed if proposed and proposed > owed[0].due else None)


async def _ask_date(
    msg: IncomingMessage, ctx: Context, who: Who, owed: Owed, proposed: date | None = None
) -> list[OutgoingMessage]:
    waiting = await extensions.pending_for(ctx.db, owed.occurrence_id, owed.agency_id)
    if waiting is not None:
        return [OutgoingMessage(t("extend_pending", who.lang, number=owed.number,
                                  date=format_date(waiting.proposed, who.lang)))]
    state = {"task": owed.task_id, "occurrence": owed.occurrence_id, "number": owed.number}
    if proposed is not None:
        state["date"] = proposed.isoformat()
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.EXTEND, state, ctx.clock())
    if proposed is not None:
        return [OutgoingMessage(t("extend_reply_ask_reason", who.lang, number=owed.number, title=owed.title,
                                  due=format_date(owed.due, who.lang), date=format_date(proposed, who.lang)))]
    return [OutgoingMessage(t("extend_ask_date", who.lang, number=owed.number, title=owed.title,
                              due=format_date(owed.due, who.lang)))]


def read_new_date(text: str, current: date, now: datetime, ctx: Context) -> date | None:
    """The date a person proposes: "30/6", "cuối quý"; "thêm 2 tuần" counts from the current due date
    (from today when that has passed)."""
    today = now.astimezone(ctx.settings.tz).date()
    folded = fold(text).strip()
    length = _LENGTH.match(_POLITE_END.sub("", _ASKING.sub("", folded)))
    if length is None and not _DATE_SAID.search(folded):
        length = _LENGTH_SAID.search(folded)
    if length:
        return _after(max(current, today), length.group("n"), length.group("unit"), ctx)
    if _MORE.match(folded):
        base = datetime.combine(max(current, today), time(9), tzinfo=ctx.settings.tz)
        return parse_typed_date(text, now=base, tz=ctx.settings.tz)
    return parse_typed_date(text, now=now, tz=ctx.settings.tz)


def _after(base: date, count: str, unit: str, ctx: Context) -> date | None:
    """`base` moved on by an extension's length: "2" "tuan", "nua" "thang" (15 days), "5" "ngay lam viec"."""
    if count == "nua":
        return _after(base, "15", "ngay", ctx) if unit == "thang" else None
    n = int(count) if count.isdigit() else _COUNT_WORDS.get(count)
    if not n:
        return None
    if unit.startswith(("ngay lam viec", "working day")):
        return add_working_days(base, n)
    start = datetime.combine(base, time(9), tzinfo=ctx.settings.tz)
    return parse_typed_date(f"them {n} {_UNIT_WORDS[unit]}", now=start, tz=ctx.settings.tz)


async def extension_typed(msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog) -> list[OutgoingMessage]:
    """The proposed date, then the reason, of an extension request."""
    owed = await _owed(ctx, who, int(dialog.state["task"]), int(dialog.state["occurrence"]))
    text = msg.text.strip()
    if "date" not in dialog.state:
        proposed = read_new_date(text, owed.due, ctx.clock(), ctx) if text else None
        if proposed is None:
            return [OutgoingMessage(t("extend_bad_date", who.lang, text=text[:60]))]
        if proposed <= owed.due:
            return [OutgoingMessage(t("extend_not_later", who.lang, date=format_date(proposed, who.lang),
                                      due=format_date(owed.due, who.lang)))]
        state = {**dialog.state, "date": proposed.isoformat()}
        await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.EXTEND, state, ctx.clock())
        return [OutgoingMessage(t("extend_ask_reason", who.lang, date=format_date(proposed, who.lang)))]
    if not text:
        return [OutgoingMessage(t("extend_ask_reason", who.lang, date=format_date(date.fromisoformat(dialog.state["date"]), who.lang)))]
    if len(text) > MAX_TEXT:
        return [OutgoingMessage(t("late_too_long", who.lang, limit=format_count(MAX_TEXT, who.lang)))]
    now = ctx.clock()
    asked = await extensions.request(
        ctx.db, task_id=owed.task_id, occurrence_id=owed.occurrence_id, agency_id=owed.agency_id,
        previous_due=owed.due, proposed_due=date.fromisoformat(dialog.state["date"]), reason=text,
        user_id=who.user.id, channel=msg.channel, chat_id=msg.chat_id, now=now,
    )
    await record(ctx.db, now=now, channel=msg.channel, action="extension.requested", subject=owed.number,
                 user_id=who.user.id, detail={"request": asked.id, "task_id": owed.task_id, "agency_id": owed.agency_id,
                                              "from": asked.previous_due, "to": asked.proposed_due})
    await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    told = await _tell_secretaries(ctx, asked, now)
    key = N_("extend_sent") if told else N_("extend_sent_nobody")
    return [OutgoingMessage(t(key, who.lang, number=owed.number, date=format_date(asked.proposed, who.lang)))]


def request_text(request: Extension, lang: str) -> str:
    """One request as the secretaries read it."""
    return t(
        "extension_request",
        lang,
        id=request.id,
        number=request.task_number,
        title=request.task_title,
        agency=request.agency,
        person=request.requester or "—",
        due=format_date(request.previous, lang),
        date=format_date(request.proposed, lang),
        reason=request.reason,
    )


def decision_choices(request_id: int, lang: str) -> tuple[Choice, ...]:
    """Đồng ý / Không đồng ý for one request."""
    return (
        Choice(t("extension_yes", lang, id=request_id), DecideExtension(request_id, "yes").pack()),
        Choice(t("extension_no", lang, id=request_id), DecideExtension(request_id, "no").pack()),
    )


async def _tell_secretaries(ctx: Context, request: Extension, now: datetime) -> int:
    """Queue the request to every secretary, with the decision buttons; how many were told."""
    told = 0
    for person in await load_people(ctx.db):
        if person.role != "secretary":
            continue
        lang = person.lang or ctx.settings.lang
        message = OutgoingMessage(request_text(request, lang), choices=(decision_choices(request.id, lang),),
                                  kind="notice")
        await outbox.enqueue(ctx.db, f"extension:{request.id}|to:{person.user_id}", "notice", person.channel,
                             person.chat_id, person.user_id, message, now)
        told += 1
    return told


async def decision_pressed(msg: IncomingMessage, ctx: Context, who: Who, button: DecideExtension) -> list[OutgoingMessage]:
    """Đồng ý / Không đồng ý: decide, tell the agency in the chat it asked from, offer a note."""
    require_staff(who)
    now = ctx.clock()
    decided = await extensions.decide(ctx.db, button.request_id, approve=button.answer == "yes", user_id=who.user.id,
                                      now=now)
    action = "extension.approved" if decided.status == "approved" else "extension.refused"
    await record(ctx.db, now=now, channel=msg.channel, action=action, subject=decided.task_number,
                 user_id=who.user.id, detail={"request": decided.id, "task_id": decided.task_id,
                                              "agency_id": decided.agency_id, "to": decided.proposed_due})
    lang = decided.requester_lang or ctx.settings.lang
    key = N_("extension_approved_to_agency") if decided.status == "approved" else N_("extension_refused_to_agency")
    text = t(key, lang, number=decided.task_number, title=decided.task_title, agency=decided.agency,
             date=format_date(decided.proposed, lang), due=format_date(decided.previous, lang))
    # a reply to the decision («xong rồi ạ») reports on the task it names, as a reply to a reminder does
    refers = ({"task": decided.task_id, "occurrence": decided.occurrence_id},)
    await outbox.enqueue(ctx.db, f"extension:{decided.id}|decided", "notice", decided.channel, decided.chat_id,
                         decided.requested_by, OutgoingMessage(text, refers_to=refers, kind="notice"), now)
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.EXTEND_NOTE, {"request": decided.id}, now)
    key = N_("extension_approved") if decided.status == "approved" else N_("extension_refused")
    return [OutgoingMessage(t(key, who.lang, number=decided.task_number, agency=decided.agency,
                              date=format_date(decided.proposed, who.lang)))]


async def decision_note_typed(msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog) -> list[OutgoingMessage]:
    """The secretary's note after a decision: stored on the request and sent to the agency."""
    require_staff(who)
    note = msg.text.strip()
    # the note goes as text: a file sent with it is said not sent, never dropped unsaid
    unsent = [OutgoingMessage(t("extension_note_file_unsent", who.lang, name=msg.attachment.name))] if msg.attachment else []
    if not note:
        return [OutgoingMessage(t("extension_note_empty", who.lang)), *unsent]
    if not unsent and is_acknowledgement(note):  # «ok», «cảm ơn» after deciding: no note, not a note «ok»
        await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
        return [OutgoingMessage(t("extension_note_none", who.lang))]
    if len(note) > MAX_TEXT:
        return [OutgoingMessage(t("late_too_long", who.lang, limit=format_count(MAX_TEXT, who.lang)))]
    now = ctx.clock()
    request = await extensions.add_note(ctx.db, int(dialog.state["request"]), note)
    await record(ctx.db, now=now, channel=msg.channel, action="extension.noted", subject=request.task_number,
                 user_id=who.user.id, detail={"request": request.id, "note": note})
    lang = request.requester_lang or ctx.settings.lang
    text = t("extension_note_to_agency", lang, number=request.task_number, note=note)
    await outbox.enqueue(ctx.db, f"extension:{request.id}|note", "notice", request.channel, request.chat_id,
                         request.requested_by, OutgoingMessage(text, kind="notice"), now)
    await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    return [OutgoingMessage(t("extension_note_sent", who.lang, agency=request.agency)), *unsent]


_BUTTON_ROWS = 10  # requests with buttons in /gia_han's answer; the rest are decided from the next list


async def pending_command(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/gia_han: the requests waiting for a decision, each with its buttons (secretaries and admins)."""
    require_staff(who)
    waiting = await extensions.pending(ctx.db)
    if not waiting:
        return [OutgoingMessage(t("extensions_none", who.lang))]
    lines = [t("extensions_title", who.lang, n=len(waiting))]
    lines += ["", *[request_text(r, who.lang) + await _done_since(ctx, r, who.lang) for r in waiting]]
    choices = tuple(decision_choices(r.id, who.lang) for r in waiting[:_BUTTON_ROWS])
    return [OutgoingMessage("\n".join(lines), choices=choices)]


async def _done_since(ctx: Context, request: Extension, lang: str) -> str:
    """« ⚠️ đã báo xong ngày …» when the agency's latest report on the task, made after the request, says done
    (TESTER17 T11): the secretary decides knowing it; "" otherwise."""
    latest = await latest_report(ctx.db, request.task_id, request.agency_id)
    if latest is None or latest.status != "done" or latest.created_at < request.requested_at:
        return ""
    day = datetime.fromisoformat(latest.created_at).astimezone(ctx.settings.tz).date()
    return t("extension_done_since", lang, number=request.task_number, date=format_date(day, lang))


# ---- explanations --------------------------------------------------------------------------------


async def explain_pressed(msg: IncomingMessage, ctx: Context, who: Who, button: Explain) -> list[OutgoingMessage]:
    """"Giải trình 1.3": ask for the explanation, or store the one /giai_trinh carried when it asked which plan."""
    owed = _require_late(ctx, await _owed(ctx, who, button.task_id, button.occurrence_id), who.lang)
    dialog = who.dialog
    if dialog is not None and dialog.flow == Flow.EXPLAIN and [owed.task_id, owed.occurrence_id] in dialog.state.get("plans", []):
        await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
        file = dialog.state.get("file")
        carried = replace(msg, attachment=Attachment(**file) if file else None)
        return await _store_explanation(carried, ctx, who, owed, dialog.state.get("text", ""))
    return await _ask_explanation(msg, ctx, who, owed)


async def _ask_explanation(msg: IncomingMessage, ctx: Context, who: Who, owed: Owed) -> list[OutgoingMessage]:
    state = {"task": owed.task_id, "occurrence": owed.occurrence_id, "number": owed.number}
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.EXPLAIN, state, ctx.clock())
    return [OutgoingMessage(t("explain_ask", who.lang, number=owed.number, title=owed.title,
                              due=format_date(owed.due, who.lang)))]


async def explain_command(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/giai_trinh 1.3 <lý do>: explain at once (without a text, the bot asks for it); a number several plans
    have asks which plan first, keeping the text."""
    found, text = await _named(ctx, who, args, N_("explain_usage"))
    today = _today(ctx)
    late = [one for one in found if one.due < today]
    if not late:
        _require_late(ctx, found[0], who.lang)
    if len(late) > 1:
        file = asdict(msg.attachment) if msg.attachment is not None else None
        state = {"plans": [[one.task_id, one.occurrence_id] for one in late], "text": text, "file": file,
                 "number": late[0].number}
        await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.EXPLAIN, state, ctx.clock())
        return [OutgoingMessage(plans_text(late[0].number, [(one.key, one.plan) for one in late], who.lang),
                                choices=_plan_choices(late, Explain, who.lang))]
    owed = late[0]
    if not text and msg.attachment is None:
        return await _ask_explanation(msg, ctx, who, owed)
    return await _store_explanation(msg, ctx, who, owed, text)


def _require_late(ctx: Context, owed: Owed, lang: str) -> Owed:
    """The occurrence, if its due date (after any extension) has passed; else a refusal saying when it is due."""
    if owed.due >= _today(ctx):
        raise BadInput(N_("explain_not_late"), number=owed.number, due=format_date(owed.due, lang))
    return owed


async def explanation_typed(msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog) -> list[OutgoingMessage]:
    """The explanation: a short text, with or without a file (a file's caption is its text)."""
    if "task" not in dialog.state:  # /giai_trinh asked which plan: a button answers
        return [OutgoingMessage(t("expect_plan", who.lang, number=dialog.state.get("number", "")))]
    owed = await _owed(ctx, who, int(dialog.state["task"]), int(dialog.state["occurrence"]))
    _require_late(ctx, owed, who.lang)
    text = msg.text.strip()
    if not text and msg.attachment is None:
        return [OutgoingMessage(t("explain_empty", who.lang))]
    answers = await _store_explanation(msg, ctx, who, owed, text)
    await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    return answers


async def _store_explanation(
    msg: IncomingMessage, ctx: Context, who: Who, owed: Owed, text: str
) -> list[OutgoingMessage]:
    if len(text) > MAX_TEXT:
        return [OutgoingMessage(t("late_too_long", who.lang, limit=format_count(MAX_TEXT, who.lang)))]
    file = msg.attachment
    text = text or (file.name if file else "")
    now = ctx.clock()
    explanation_id = await explanations.add(
        ctx.db, task_id=owed.task_id, occurrence_id=owed.occurrence_id, agency_id=owed.agency_id,
        user_id=who.user.id, text=text, channel=msg.channel, now=now,
        file_id=file.file_id if file else None, file_name=file.name if file else None,
    )
    await record(ctx.db, now=now, channel=msg.channel, action="explanation.added", subject=owed.number,
                 user_id=who.user.id, detail={"explanation": explanation_id, "task_id": owed.task_id,
                                              "agency_id": owed.agency_id, "file": file.name if file else None})
    for person in await load_people(ctx.db):
        if person.role != "secretary":
            continue
        lang = person.lang or ctx.settings.lang
        notice = t("explanation_notice", lang, number=owed.number, title=owed.title, agency=owed.agency,
                   due=format_date(owed.due, lang), text=text)
        await outbox.enqueue(ctx.db, f"explanation:{explanation_id}|to:{person.user_id}", "notice", person.channel,
                             person.chat_id, person.user_id, OutgoingMessage(notice, kind="notice"), now)
    return [OutgoingMessage(t("explain_saved", who.lang, number=owed.number))]
