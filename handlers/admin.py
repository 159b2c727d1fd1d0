"""Admin and secretary work in chat: /import with preview, /trigger, /set_committee."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from chat.buttons import ButtonData, ImportAnswer, PickEvent
from chat.messages import TEXT_LIMIT, Attachment, Choice, IncomingMessage, OutgoingFile, OutgoingMessage
from handlers.context import Context
from handlers.dates import find_dates, parse_typed_date
from handlers.errors import BadInput
from handlers.plan_reading import (
    leadless_text,
    reading_text,
    series_left_out_text,
    unregistered_leads_text,
)
from handlers.plan_texts import (
    deadline_change_lines,
    empty_groups_text,
    reimport_text,
    reissue_text,
    series_skipped_text,
    unled_text,
    withdrawn_text,
)
from handlers.replies import split_plan_ref
from handlers.session import Flow, Who, require_admin, require_staff
from handlers.task_numbers import plan_label, plans_text, tasks_named
from i18n import N_, t
from i18n.formats import format_count, format_date
from plans.catalogue import CATALOGUE
from plans.deadlines import parse_deadline
from plans.documents import capitalised, document_name
from plans.importer import read_plan
from plans.model import (
    UNREADABLE_DEADLINE,
    DeadlineChoice,
    ParsedPlan,
    PlanError,
    PlanWarning,
    deadline_choice_word,
)
from plans.series import as_stored, series_days
from plans.template import write_template
from plans.text import fold
from storage.agencies import registry
from storage.audit import record
from storage.db import transaction
from storage.people import Dialog, clear_dialog, set_dialog, set_value
from storage.plans import (
    empty_groups,
    milestones_of,
    reimport_changes,
    reissued_plan,
    set_trigger_date,
    store_plan,
    take_over_plan,
    unled_tasks,
    untriggered_events,
)

COMMITTEE_KEY = "committee_chat"
READ_AS_TYPED = "read:"  # a deadline chosen under a preview as words the grammar reads ("read:hằng tuần thứ 6")
MAX_WARNINGS_SHOWN = 8
# "3.2 30/06/2025", "3.2: thường xuyên", "7.6#2 sự kiện": one task's deadline typed under an import preview
_DATE_WORDS = {"han", "ngay", "truoc", "den", "."}
# a plan written as lettered items (a, b, … đ: Vietnamese lettering has no f, j, w) numbers its tasks by letter
_TYPED_DEADLINE_RE = re.compile(
    r"^\s*([0-9IVXivx][\w.#]{0,23}?|[a-eg-ik-vxyđA-EG-IK-VXYĐ](?=[\s:=)]))\)?\s*[:=]?\s+(\S.*?)\s*$", re.DOTALL
)


async def read_between_units(ctx: Context, file: Attachment) -> Context:
    """`ctx` carrying the plan in `file` (just downloaded), read with no unit of work open.

    Reading a plan takes seconds at a province's scale (and a hostile file up to the readers' limits):
    in a thread, so the event loop answers others, and outside the unit, so nobody waits for the lock.
    """
    assert ctx.fetch_file is not None
    try:
        data = await ctx.fetch_file(file)
    except Exception:
        return ctx  # the handler meets the download's error as it would have
    if data is None:
        return ctx
    async with transaction(ctx.db):
        known = await registry(ctx.db)
    try:
        plan: ParsedPlan | PlanError = await asyncio.to_thread(read_plan, data, file.name, registry=known or None)
    except PlanError as exc:
        plan = exc
    return replace(ctx, plan_read=(file, plan))


async def _read(ctx: Context, file: Attachment, lang: str) -> ParsedPlan:
    """The plan in `file`, as read between the units of work (dispatch)."""
    if file.size is not None and file.size > ctx.settings.max_import:
        raise BadInput(N_("import_too_big"), name=file.name, limit=ctx.settings.max_import // 2**20)
    data = await ctx.fetch_file(file) if ctx.fetch_file is not None else None
    if data is None or ctx.plan_read is None or ctx.plan_read[0] != file:
        raise BadInput(N_("import_need_file"))
    plan = ctx.plan_read[1]
    if isinstance(plan, PlanError):
        noted = _warning_lines(plan.warnings, lang)
        error = t(plan.key, lang, **plan.values) + (t("import_warnings", lang, count=len(plan.warnings), lines=noted)
                                                   if plan.warnings else "")
        raise BadInput(N_("import_bad"), error=error)
    return plan


def _warning_lines(warnings: tuple[PlanWarning, ...], lang: str) -> str:
    lines = [f"• {w.task or '—'}: {w.render(lang)}" for w in warnings[:MAX_WARNINGS_SHOWN]]
    if len(warnings) > MAX_WARNINGS_SHOWN:
        lines.append(f"• … (+{len(warnings) - MAX_WARNINGS_SHOWN})")
    return "\n".join(lines)


def preview_text(plan: ParsedPlan, lang: str, chosen: dict[str, str] | None = None, stored: str = "",
                 *, series: tuple[date, date] | None = None) -> str:
    """What an admin checks before storing a plan; `chosen`, the deadlines the admin set (task key -> choice);
    `stored`, what storing it does to what the database holds (plan_texts: tasks renumbered or dropped, a plan it
    re-issues, tasks nobody would be reminded of); `series`, plans.series.series_days of the moment: the dates of
    weekly or monthly tasks shown as storing keeps them, and how many it leaves out."""
    meta = plan.meta
    milestones = sum(len(task.milestones) for task in plan.tasks)
    sections = len({task.section for task in plan.tasks if task.section})
    text = t(
        "import_preview",
        lang,
        document=capitalised(document_name(meta.code, lang)),
        title=meta.title,
        issuer=meta.issuer or "—",
        issued=format_date(meta.issued_on, lang) or "—",
        tasks=format_count(len(plan.tasks), lang),
        milestones=format_count(milestones, lang),
        sections=t("import_preview_sections", lang, count=sections) if sections else "",  # «0 lĩnh vực» read as missing
    )
    shown, left_out = as_stored(plan, *series) if series is not None else (plan, 0)
    text += reading_text(shown, lang) + series_left_out_text(left_out, series, lang) + stored
    if plan.unknown_agencies:
        text += t("import_unknown", lang, count=format_count(len(plan.unknown_agencies), lang), names="; ".join(plan.unknown_agencies))
        text += unregistered_leads_text(plan, lang)
    unread = plan.unread_deadlines()
    if unread:
        # never stored silently as events: listed apart, and the buttons say what becomes of them
        text += t("import_unread_deadlines", lang, count=format_count(len(unread), lang), lines=_warning_lines(unread, lang))
    if chosen:
        in_order = {task.key: chosen[task.key] for task in plan.tasks if task.key in chosen}
        text += t("import_deadlines_set", lang, count=len(in_order), lines=_chosen_lines(in_order, lang))
    others = tuple(w for w in plan.warnings if w not in unread)
    if others:
        text += t("import_warnings", lang, count=format_count(len(others), lang), lines=_warning_lines(others, lang))
    # last before the buttons: the one thing storing cannot put right
    tail = leadless_text(plan, lang)
    if unread:
        tail += t("import_confirm_unread", lang) + t("import_unread_type_one", lang, task=unread[0].task or "1")
    else:
        tail += t("import_confirm", lang)
    if len(text) + len(tail) > TEXT_LIMIT:  # one phone message: the long lists give way, never what to do
        text = text[: TEXT_LIMIT - len(tail) - 1].rsplit("\n", 1)[0] + "\n…"
    return text + tail


def _chosen_lines(chosen: dict[str, str], lang: str) -> str:
    words = {"ongoing": t("deadline_set_ongoing", lang), "event": t("deadline_set_event", lang)}

    def said(choice: str) -> str:
        if choice.startswith(READ_AS_TYPED):
            return t("deadline_set_recurring", lang, text=choice.removeprefix(READ_AS_TYPED))
        return words.get(choice) or format_date(date.fromisoformat(choice), lang)

    return "\n".join(f"• {key}: {said(choice)}" for key, choice in chosen.items())


def typed_deadline(text: str, *, now: datetime, tz: ZoneInfo) -> tuple[str, DeadlineChoice | str] | None:
    """(task, choice) when `text` sets one task's deadline ("3.2 30/06/2025", "3.2 thường xuyên", "2 hằng tuần
    thứ 6": a recurrence as typed, marked READ_AS_TYPED), else None."""
    match = _TYPED_DEADLINE_RE.match(text)
    if match is None or not (any(ch.isdigit() for ch in match.group(1)) or len(match.group(1)) == 1):
        return None
    task, rest = match.group(1).rstrip("."), match.group(2)
    task = task.lower() if len(task) == 1 else task
    word = deadline_choice_word(rest)
    if word is not None:
        return task, word
    if _recurrence_alone(rest, now.year):
        return task, READ_AS_TYPED + " ".join(rest.split())
    spans = find_dates(rest, now=now, tz=tz)
    if len(spans) != 1:
        return None
    # the date and nothing else ("hạn 30/6"): "1.6 đạt 60%, dự kiến 21/04" is a report, not a deadline
    left = fold(rest[: spans[0].start] + " " + rest[spans[0].end :]).replace(",", " ").replace(":", " ").split()
    return (task, spans[0].value) if set(left) <= _DATE_WORDS else None


def _recurrence_alone(text: str, year: int) -> bool:
    """Whether `text` is a recurring deadline and nothing else ("hằng tuần thứ 6", "hằng quý"; not "xong hằng tuần")."""
    read = parse_deadline(text, year=year)
    unread = any(w.key in UNREADABLE_DEADLINE for w in read.warnings)
    return bool(read.milestones) and not unread and all(m.kind == "recurring" and m.label is None for m in read.milestones)


def with_chosen(plan: ParsedPlan, chosen: dict[str, str]) -> ParsedPlan:
    """`plan` with the deadlines an admin set under its preview (task key -> ISO date, "ongoing", "event", or a
    recurrence as typed, read in the plan's years)."""
    meta = plan.meta
    for key, choice in chosen.items():
        if choice.startswith(READ_AS_TYPED):
            read = parse_deadline(choice.removeprefix(READ_AS_TYPED), year=meta.year, period=meta.period,
                                  issued=meta.issued_on, ends=meta.ends)
            plan = plan.with_milestones(key, read.milestones)
            continue
        word = deadline_choice_word(choice)
        plan = plan.with_deadline(key, word if word is not None else date.fromisoformat(choice))
    return plan


async def import_plan(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/import as the caption of a plan file, or in reply to one: show a preview with Confirm / Cancel."""
    require_admin(who)
    file = msg.attachment or msg.reply_to_attachment
    if file is None:
        return [OutgoingMessage(t("import_need_file", who.lang))]
    plan = await _read(ctx, file, who.lang)
    state = {"file_id": file.file_id, "name": file.name, "size": file.size, "kind": file.kind}
    preview = await _preview(ctx, plan, who.lang, {})
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.IMPORT, with_buttons(state, preview), ctx.clock())
    return [preview]


async def _preview(ctx: Context, plan: ParsedPlan, lang: str, chosen: dict[str, str]) -> OutgoingMessage:
    """The preview of `plan` with the deadlines set so far applied, and its buttons."""
    plan = with_chosen(plan, chosen)
    stored = reimport_text(await reimport_changes(ctx.db, plan), lang) + unled_text(await unled_tasks(ctx.db, plan), lang)
    stored += empty_groups_text(await empty_groups(ctx.db, plan), lang)
    reissued = await reissued_plan(ctx.db, plan)
    if reissued is not None:
        stored += reissue_text(reissued[0].code, plan.meta.code, reissued[1], len(plan.tasks), lang)
    confirm, cancel = ImportAnswer("ok").pack(), ImportAnswer("no").pack()
    unread = plan.unread_deadlines()
    label = t(N_("button_confirm_unread_as_events") if unread else N_("button_confirm"), lang)
    rows = [(Choice(label, confirm), Choice(t("button_cancel", lang), cancel))]
    if unread:
        rows.append((Choice(t("button_unread_as_ongoing", lang), ImportAnswer("ongoing").pack()),))
    if plan.unknown_agencies:
        label = t("button_create_unknown", lang, count=len(plan.unknown_agencies))
        rows.append((Choice(label, ImportAnswer("create").pack()),))
    if reissued is not None:
        rows.append((Choice(t("button_replace_plan", lang, old=reissued[0].code), ImportAnswer("replace").pack()),))
    rows.append((Choice(t("button_workbook_to_correct", lang), ImportAnswer("xlsx").pack()),))
    series = series_days(ctx.clock(), ctx.settings.tz, ctx.settings.reminder_time)
    return OutgoingMessage(preview_text(plan, lang, chosen, stored, series=series), choices=tuple(rows))


def preview_typed(msg: IncomingMessage, ctx: Context, who: Who) -> bool:
    """Whether an admin's text answers their open import preview by setting one task's deadline."""
    dialog = who.dialog
    if not who.is_admin or dialog is None or dialog.flow != Flow.IMPORT or msg.attachment is not None:
        return False
    return typed_deadline(msg.text, now=ctx.clock(), tz=ctx.settings.tz) is not None


async def deadline_typed(msg: IncomingMessage, ctx: Context, who: Who) -> list[OutgoingMessage]:
    """One task's deadline typed under an import preview ("3.2 30/06/2025", "3.2 thường xuyên"): the preview again."""
    require_admin(who)
    dialog = who.dialog
    assert dialog is not None
    typed = typed_deadline(msg.text, now=ctx.clock(), tz=ctx.settings.tz)
    assert typed is not None
    file = _dialog_file(dialog)
    plan = await _read(ctx, file, who.lang)
    key = plan.task_key(typed[0])
    if key is None:
        raise BadInput(N_("import_deadline_no_task"), task=typed[0], example=plan.tasks[0].key)
    choice = typed[1]
    chosen = {**dialog.state.get("deadlines", {}), key: choice if isinstance(choice, str) else choice.isoformat()}
    state = {**dialog.state, "deadlines": chosen}
    preview = await _preview(ctx, plan, who.lang, chosen)
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.IMPORT, with_buttons(state, preview), ctx.clock())
    return [preview]


def with_buttons(state: dict, preview: OutgoingMessage) -> dict:
    """The dialog's state keeping the preview's buttons, for the reminder of what it waits for to show them again
    (a console or Zalo presses only the latest message's choices)."""
    return {**state, "buttons": [[[c.label, c.data] for c in row] for row in preview.choices]}


def _dialog_file(dialog: Dialog) -> Attachment:
    """The plan file an import preview is waiting to store."""
    state = dialog.state
    return Attachment(file_id=state["file_id"], name=state["name"], size=state.get("size"), kind=state.get("kind", "document"))


def file_to_confirm(button: ButtonData | None, who: Who) -> Attachment | None:
    """The plan file an admin's confirm button will download and store, if that is what was pressed."""
    dialog = who.dialog
    pressed = isinstance(button, ImportAnswer) and button.action != "no"
    if not pressed or not who.is_admin or dialog is None or dialog.flow != Flow.IMPORT:
        return None
    return _dialog_file(dialog)


def file_to_preview_again(msg: IncomingMessage, ctx: Context, who: Who) -> Attachment | None:
    """The plan file to read again when an admin types a task's deadline under its preview."""
    return _dialog_file(who.dialog) if who.dialog is not None and preview_typed(msg, ctx, who) else None


async def import_answered(msg: IncomingMessage, ctx: Context, who: Who, button: ImportAnswer) -> list[OutgoingMessage]:
    """Confirm, cancel, or confirm creating the unknown agencies, under an import preview."""
    require_admin(who)
    dialog = who.dialog
    if dialog is None or dialog.flow != Flow.IMPORT:
        return [OutgoingMessage(t("button_stale", who.lang))]
    file = _dialog_file(dialog)
    chosen = dialog.state.get("deadlines", {})
    if button.action == "xlsx":
        # the preview stays open: confirm or cancel it
        return [await _workbook_to_correct(ctx, file, who.lang, chosen)]
    await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    if button.action == "no":
        return [OutgoingMessage(t("import_cancelled", who.lang))]
    plan = with_chosen(await _read(ctx, file, who.lang), chosen)
    if button.action == "ongoing":
        plan = plan.with_unread_as_ongoing()
    if button.action == "replace":
        reissued = await reissued_plan(ctx.db, plan)
        if reissued is None:
            return [OutgoingMessage(t("button_stale", who.lang))]
        await take_over_plan(ctx.db, reissued[0], plan.meta.code, now=ctx.clock(), user_id=who.user.id,
                             channel=msg.channel)
    result = await store_plan(
        ctx.db,
        plan,
        now=ctx.clock(),
        user_id=who.user.id,
        channel=msg.channel,
        source_name=file.name,
        create_agencies=button.action == "create",
        tz=ctx.settings.tz,
        reminder_time=ctx.settings.reminder_time,
    )
    extra = ""
    if result.deadline_changes:  # a sentence right after «Đã lưu …» (after a re-import's lists it ran on their last line)
        extra += t("import_deadline_changes", who.lang, count=format_count(len(result.deadline_changes), who.lang))
        extra += deadline_change_lines(result.deadline_changes, who.lang)
    extra += reimport_text(result.changes, who.lang, counts=False) if result.changes is not None else ""
    extra += series_skipped_text(result, who.lang) + withdrawn_text(result, plan, who.lang)
    # confirmed without «Tạo N đơn vị mới»: a task led only by an agency not registered has nobody to remind
    extra += unled_text(await unled_tasks(ctx.db, plan), who.lang)
    extra += empty_groups_text(await empty_groups(ctx.db, plan), who.lang) + leadless_text(
        plan, who.lang, stored=True, unknown_created=button.action == "create")
    answers = [
        OutgoingMessage(
            t(
                "import_done",
                who.lang,
                document=document_name(plan.meta.code, who.lang),
                added=format_count(result.tasks_added, who.lang),
                updated=format_count(result.tasks_updated, who.lang),
                removed=format_count(result.tasks_removed, who.lang),
                extra=extra,
            )
        )
    ]
    if result.agencies_created:
        names = "; ".join(result.agencies_created)
        answers.append(OutgoingMessage(t("import_created_agencies", who.lang, count=len(result.agencies_created), names=names)))
    return answers


async def _workbook_to_correct(ctx: Context, file: Attachment, lang: str, chosen: dict[str, str]) -> OutgoingMessage:
    """The reading of `file` (with the deadlines set so far) as the plan workbook, to correct in Excel and send
    back with /import."""
    plan = with_chosen(await _read(ctx, file, lang), chosen)
    names = [agency.name for agency in await registry(ctx.db)] or list(CATALOGUE)
    data = await asyncio.to_thread(write_template, plan, names, lang)
    name = f"{Path(file.name).stem}-sua.xlsx"
    return OutgoingMessage(t("import_workbook_sent", lang, name=name), files=(OutgoingFile(name, data),))


async def trigger(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/trigger TASK DATE sets an event milestone's date; without arguments, lists those waiting."""
    require_staff(who)
    words = args.split()
    if not words:
        events = await untriggered_events(ctx.db)
        example = events[0].number if events else "1.1"
        usage = t("usage_trigger", who.lang, number=example, example=_example_date(ctx))
        if not events:
            return [OutgoingMessage(usage)]
        lines = [usage]
        buttons = []
        for event in events[:20]:
            lines.append(f"• {event.number}: {event.trigger or ''}")
            buttons.append(Choice(event.number, PickEvent(event.milestone_id).pack()))
        rows = tuple(tuple(buttons[i : i + 4]) for i in range(0, len(buttons), 4))
        return [OutgoingMessage("\n".join(lines), choices=rows)]
    plan, when = split_plan_ref(" ".join(words[1:]))  # "/trigger 2.1 KH 17 15/04/2025": that plan's 2.1
    found = await tasks_named(ctx, who, words[0], plan=plan)
    if not found:
        raise BadInput(N_("report_no_task"), task=f"{words[0]} {plan}".strip())
    waiting = await untriggered_events(ctx.db)
    if not when.strip():  # "/trigger 2.1": ask for the date, as its button in the list does
        event = next((e for one in found for e in waiting if e.task_id == one.task.id), None)
        if event is None:
            raise BadInput(N_("usage_trigger"), number=found[0].task.key, example=_example_date(ctx))
        return await event_picked(msg, ctx, who, PickEvent(event.milestone_id))
    day = _read_date(when, ctx, who.lang)
    found = [one for one in found if any(e.task_id == one.task.id for e in waiting)] or found[:1]
    if len(found) > 1:  # the number of two plans: the plan's button asks for the date again
        buttons = tuple(
            (Choice(plan_label(one.task.key, one.plan_code, who.lang),
                    PickEvent(next(e.milestone_id for e in waiting if e.task_id == one.task.id)).pack()),)
            for one in found
        )
        return [OutgoingMessage(plans_text(found[0].task.number, [(one.task.key, one.plan_code) for one in found], who.lang),
                                choices=buttons)]
    task = found[0].task
    events = [e for e in waiting if e.task_id == task.id]
    if not events:
        return await _correct_trigger(msg, ctx, who, task.id, task.number, day)
    # a task can wait on several events in one cell; the date given starts all of them
    return [await _set_trigger(msg, ctx, who, event.milestone_id, task.number, day) for event in events]


def _read_date(text: str, ctx: Context, lang: str) -> date:
    day = parse_typed_date(text, now=ctx.clock(), tz=ctx.settings.tz)
    if day is None:
        raise BadInput(N_("bad_date"), text=text, example=_example_date(ctx))
    return day


def _example_date(ctx: Context) -> str:
    """Today as a date is typed (dd/mm/yyyy): an example in the plans' own years, not one from elsewhere."""
    return ctx.clock().astimezone(ctx.settings.tz).date().strftime("%d/%m/%Y")


async def _correct_trigger(msg: IncomingMessage, ctx: Context, who: Who, task_id: int, number: str, day: date) -> list[OutgoingMessage]:
    """A date typed again for an event already set (a mistyped date, the notice's real date): it replaces it."""
    done = [m for m in await milestones_of(ctx.db, task_id) if m.kind == "event" and m.triggered_on]
    if not done:
        return [OutgoingMessage(t("trigger_no_event", who.lang, number=number))]
    answers = []
    for m in done:
        before = date.fromisoformat(m.triggered_on)  # type: ignore[arg-type]
        due = await set_trigger_date(ctx.db, m.id, day, now=ctx.clock(), user_id=who.user.id, channel=msg.channel)
        key = N_("trigger_unchanged") if before == day else N_("trigger_changed")  # not «từ 20/04 thành 20/04»
        answers.append(OutgoingMessage(t(key, who.lang, number=number, before=format_date(before, who.lang),
                                         date=format_date(day, who.lang), due=format_date(due, who.lang))))
    return answers


async def _set_trigger(msg: IncomingMessage, ctx: Context, who: Who, milestone_id: int, number: str, day: date) -> OutgoingMessage:
    due = await set_trigger_date(ctx.db, milestone_id, day, now=ctx.clock(), user_id=who.user.id, channel=msg.channel)
    text = t("trigger_done", who.lang, date=format_date(day, who.lang), number=number, due=format_date(due, who.lang))
    if due == day:  # the plan gives no time after the event: due that very day, late the next
        text += "\n" + t("trigger_due_same_day", who.lang, number=number)
    return OutgoingMessage(text)


async def event_picked(msg: IncomingMessage, ctx: Context, who: Who, button: PickEvent) -> list[OutgoingMessage]:
    """An event button under /trigger: ask for the date the event happened."""
    require_staff(who)
    events = {e.milestone_id: e for e in await untriggered_events(ctx.db)}
    event = events.get(button.milestone_id)
    if event is None:
        return [OutgoingMessage(t("button_stale", who.lang))]
    state = {"milestone": event.milestone_id}
    await set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.TRIGGER, state, ctx.clock())
    return [OutgoingMessage(t("trigger_ask_date", who.lang, number=event.number, trigger=event.trigger or "",
                              example=_example_date(ctx)))]


async def trigger_date_typed(msg: IncomingMessage, ctx: Context, who: Who, dialog: Dialog) -> list[OutgoingMessage]:
    """The date typed after pressing an event button."""
    require_staff(who)
    day = _read_date(msg.text, ctx, who.lang)
    await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    milestone_id = int(dialog.state["milestone"])
    events = {e.milestone_id: e for e in await untriggered_events(ctx.db)}
    number = events[milestone_id].number if milestone_id in events else "?"
    return [await _set_trigger(msg, ctx, who, milestone_id, number, day)]


async def set_committee(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/set_committee in a group makes it the committee chat for the weekly summary."""
    require_staff(who)
    if msg.chat_type != "group":
        return [OutgoingMessage(t("committee_group_only", who.lang))]
    await set_value(ctx.db, COMMITTEE_KEY, f"{msg.channel}:{msg.chat_id}")
    await record(
        ctx.db, now=ctx.clock(), channel=msg.channel, action="committee.set", subject=msg.chat_id, user_id=who.user.id
    )
    return [OutgoingMessage(t("committee_set", who.lang))]
