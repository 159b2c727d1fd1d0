"""The one entry point of the core: an IncomingMessage in, the answers out."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from chat.buttons import (
    AskExtension,
    ButtonData,
    ConfirmAll,
    DecideExtension,
    Explain,
    ImportAnswer,
    InheritTasks,
    MoveMember,
    OpenReport,
    PickEvent,
    PickTask,
    RemoveMember,
    RemovePlan,
    ReportPage,
    ReportStatus,
    ShowTask,
    SkipNote,
    StaleButton,
    TasksPage,
)
from chat.messages import TEXT_LIMIT, Attachment, IncomingMessage, OutgoingMessage
from handlers import (
    admin,
    agencies,
    channel,
    late,
    members,
    plan_removal,
    reporting,
    summary,
    task_card,
    tasks,
)
from handlers.context import Context
from handlers.errors import UserFacingError
from handlers.session import Flow, Who, identify, require_linked
from i18n import t
from i18n.formats import format_count
from plans.text import fold
from storage import outbox
from storage.db import transaction
from storage.errors import StorageError
from storage.inbox import is_transient, mark_handled
from storage.people import Dialog, clear_dialog

log = logging.getLogger(__name__)


Handler = Callable[[IncomingMessage, Context, Who, str], Awaitable[list[OutgoingMessage]]]

COMMANDS: dict[str, Handler] = {
    "start": channel.start,  # a link code attaches this chat; otherwise the invite flow
    "help": agencies.help_,
    "agencies": agencies.list_,
    "agency_add": agencies.add,
    "agency_alias": agencies.alias,
    "invite": agencies.invite,
    "member_remove": members.remove,
    "plan_remove": plan_removal.remove_command,
    "tasks": task_card.tasks_or_task,
    "task": task_card.show_task,
    "report": reporting.start_report,
    "cancel": reporting.cancel,
    "import": admin.import_plan,
    "trigger": admin.trigger,
    "set_committee": admin.set_committee,
    "summary": summary.summary,
    "overdue": summary.overdue,
    "channel": channel.channel,
    "lienket": channel.link_code,
    "link_code": channel.link_code,
    # Vietnamese names beside the English ones (shown in /help and the menu)
    "viec": task_card.tasks_or_task,
    "nhiemvu": task_card.show_task,
    "baocao": reporting.start_report,
    "huy": reporting.cancel,
    "tonghop": summary.summary,
    "quahan": summary.overdue,
    # late tasks: extension requests and explanations (handlers/late.py)
    "xin_gia_han": reporting.request_command,
    "extend": reporting.request_command,
    "giai_trinh": late.explain_command,
    "explain": late.explain_command,
    "gia_han": late.pending_command,
    "extensions": late.pending_command,
}

# the commands that use a file they come with (a plan to import, an explanation's paper, a report's evidence)
FILE_COMMANDS = frozenset({"import", "giai_trinh", "explain", "report", "baocao", "xin_gia_han", "extend"})

ButtonHandler = Callable[[IncomingMessage, Context, Who, Any], Awaitable[list[OutgoingMessage]]]

# each button class (chat/buttons.py) and the handler its press goes to
BUTTONS: dict[type[ButtonData], ButtonHandler] = {
    OpenReport: reporting.open_report,
    ReportStatus: reporting.status_pressed,
    PickTask: reporting.task_picked,
    SkipNote: reporting.skip_note,
    ImportAnswer: admin.import_answered,
    PickEvent: admin.event_picked,
    ReportPage: reporting.report_page,
    ConfirmAll: reporting.all_confirmed,
    RemoveMember: members.removal_picked,
    InheritTasks: agencies.inherit_answered,
    MoveMember: agencies.move_answered,
    TasksPage: tasks.tasks_page,
    Explain: late.explain_pressed,
    AskExtension: late.ask_extension_pressed,
    DecideExtension: late.decision_pressed,
    ShowTask: task_card.card_picked,
    RemovePlan: plan_removal.remove_pressed,
}

DialogHandler = Callable[[IncomingMessage, Context, Who, Dialog], Awaitable[list[OutgoingMessage]]]

# each guided flow and the handler of a text or file sent while it is open (a complete report such as
# "3.3 chưa xong" never reaches them: it is a report whatever question is open)
DIALOGS: dict[str, DialogHandler] = {
    Flow.NOTE: reporting.note_typed,
    Flow.TRIGGER: admin.trigger_date_typed,
    Flow.REPORT: reporting.typed_in_dialog,
    Flow.PICK: reporting.typed_in_dialog,
    Flow.CLARIFY: reporting.typed_in_dialog,
    Flow.IMPORT: reporting.typed_in_dialog,
    Flow.CONFIRM_ALL: reporting.typed_in_dialog,
    Flow.MOVE: reporting.typed_in_dialog,
    Flow.EXTEND: reporting.request_typed,
    Flow.EXTEND_NOTE: late.decision_note_typed,
    Flow.EXPLAIN: late.explanation_typed,
    Flow.EVIDENCE: reporting.evidence_typed,
}
# the questions about one task (or every task listed) that a list or card opened since ends: what the person
# types next answers what they read («which task?» and a file waiting for its task stay, the list helps answer them)
LIST_ENDS = frozenset({Flow.CLARIFY, Flow.CONFIRM_ALL})
# an open question older than this is forgotten, so one left yesterday cannot catch today's report
DIALOG_LIFETIME = timedelta(days=1)
# a message that is only a plea for help, folded: the help, never a report of the latest task («help» under a
# task card was asked «Tình trạng của 1.6 chưa rõ»)
HELP_WORDS = frozenset({"help", "giup", "giup voi", "giup em", "giup em voi", "giup minh", "giup minh voi",
                        "tro giup", "huong dan", "huong dan su dung", "menu"})


# any space ends a command's name: a phone keyboard or a paste may put a non-breaking or zero-width one
_COMMAND_END = re.compile("[\\s\u200b\u2060\ufeff]+")


def split_command(text: str) -> tuple[str, str] | None:
    """("tasks", "args") for "/tasks@bot args"; None when the text is not a command."""
    if not text.startswith("/"):
        return None
    head, *rest = _COMMAND_END.split(text[1:], maxsplit=1)
    name = head.split("@", 1)[0].lower()
    # "/hủy", "/việc", "/báo_cáo": typed on a Vietnamese keyboard, diacritics and all
    known = (typed for typed in (fold(name), fold(name).replace("_", "")) if typed in COMMANDS)
    return next(known, name), rest[0].strip() if rest else ""


# Commands that only read, answered after the message's unit of work: a roll-up with its spreadsheet
# and chart takes seconds at a province's scale, and every other chat's message waits for the unit's
# write lock. Roll-ups read on connections of their own (compute_rollup); any other read they make on
# the shared connection takes a short unit of its own.
READ_ONLY: frozenset[Handler] = frozenset({summary.summary, summary.overdue})


def _read_only_command(msg: IncomingMessage) -> tuple[Handler, str] | None:
    """The handler and arguments of a read-only command (routed as _route would), else None."""
    command = split_command(msg.text) if msg.button_data is None else None
    handler = COMMANDS.get(command[0]) if command else None
    return (handler, command[1]) if command and handler in READ_ONLY else None


def _file_to_fetch(msg: IncomingMessage, ctx: Context, who: Who) -> Attachment | None:
    """The file a handler may download: one a linked person sent (or answered, with a command), or the
    plan an admin confirms importing."""
    command = split_command(msg.text) is not None
    if msg.button_data is not None:
        file = admin.file_to_confirm(_pressed(msg.button_data), who)
    else:
        file = msg.attachment or (msg.reply_to_attachment if command else None) or admin.file_to_preview_again(msg, ctx, who)
    if file is None or ctx.fetch_file is None or not who.is_linked:
        return None
    if msg.chat_type == "group" and msg.reply_to_ref is None and not command:
        return None  # a file people share in a group, not sent to the bot
    limit = max(ctx.settings.max_download, ctx.settings.max_import)
    return None if file.size is not None and file.size > limit else file


def _reads_plan(msg: IncomingMessage, ctx: Context, who: Who) -> bool:
    """Whether the file to fetch is a plan an admin imports (/import, the confirm button, or a deadline typed
    under the preview): it is read between the units too."""
    if not who.is_admin:
        return False
    if msg.button_data is not None:
        return admin.file_to_confirm(_pressed(msg.button_data), who) is not None
    command = split_command(msg.text)
    return (command is not None and command[0] == "import") or admin.preview_typed(msg, ctx, who)


async def _with_download(ctx: Context, file: Attachment) -> Context:
    """`ctx` whose fetch_file answers `file` from a download made now (its error, if it failed)."""
    fetch = ctx.fetch_file
    assert fetch is not None
    try:
        data, error = await fetch(file), None
    except Exception as exc:  # the handler decides what a failed download means, as it would have
        data, error = None, exc

    async def fetched(wanted: Attachment) -> bytes | None:
        if wanted != file:
            return await fetch(wanted)
        if error is not None:
            raise error
        return data

    return replace(ctx, fetch_file=fetched)


async def dispatch(msg: IncomingMessage, ctx: Context, *, inbox_id: int | None = None) -> list[OutgoingMessage]:
    """Handle one message in one unit of work; user-facing errors become sentences, others are logged.

    `inbox_id`, the stored update the message came from, is marked handled in the unit that makes the
    message's effects, so the message is handled once or not at all. When the database is locked past
    its busy timeout or the disk is full (storage.inbox.is_transient) nothing was stored: with an
    `inbox_id` the error is raised and the update waits in the inbox to be tried again; without one the
    answer says the message was not saved.

    Read-only commands identify the sender in the unit (a first message creates the user) and are
    answered after it. A file a linked person sends, or the plan an admin confirms importing, is
    downloaded between two units (the second one identifies them again and handles the message), and a
    plan an admin imports is read there too: a download or a plan's reading takes seconds, and every
    other chat's message would wait for the unit's write lock meanwhile.
    """
    lang = ctx.settings.lang
    plan = False  # a plan an admin imports: its own answers say what became of the file
    try:
        if len(msg.text) > TEXT_LIMIT:
            return await _handled_alone(
                msg, ctx, inbox_id, [OutgoingMessage(t("too_long", lang, length=format_count(len(msg.text), lang), limit=format_count(TEXT_LIMIT, lang)))]
            )
        reading = _read_only_command(msg)
        async with transaction(ctx.db):
            who = await identify(msg, ctx)
            lang = who.lang
            file = _file_to_fetch(msg, ctx, who) if reading is None else None
            if reading is None and file is None:
                answers = await _route(msg, ctx, who)
                await _handled(ctx, inbox_id)
                answers, queued = await _queue(msg, ctx, inbox_id, answers)
            elif reading is not None:
                await _handled(ctx, inbox_id)  # a read changes nothing: the unit that identified them is its effect
            plan = file is not None and _reads_plan(msg, ctx, who)
        if reading is None and file is None:
            return _queued(ctx, queued, answers)
        if reading is not None:
            handler, args = reading
            return await handler(msg, ctx, who, args)
        ctx = await _with_download(ctx, file)  # type: ignore[arg-type]
        if plan:
            ctx = await admin.read_between_units(ctx, file)  # type: ignore[arg-type]
        async with transaction(ctx.db):
            who = await identify(msg, ctx)
            answers = await _route(msg, ctx, who)
            await _handled(ctx, inbox_id)
            answers, queued = await _queue(msg, ctx, inbox_id, answers)
        return _queued(ctx, queued, answers)
    except _AlreadyHandled:
        return []
    except (UserFacingError, StorageError) as exc:
        # the unit was rolled back: the answer is the message's only effect, and a file it came with is not kept
        # (said: a file is never dropped unsaid, TESTER17 T3c)
        unkept = [OutgoingMessage(t("evidence_not_kept_refused", lang, name=msg.attachment.name))] if (
            msg.attachment is not None and not plan) else []
        return await _handled_alone(msg, ctx, inbox_id, [OutgoingMessage(t(exc.key, lang, **exc.values)), *unkept])
    except Exception as exc:
        if is_transient(exc):
            if inbox_id is not None:
                raise  # the inbox tries again later
            return [OutgoingMessage(t("not_saved", lang))]
        log.exception("failed to handle a %s message from %s", msg.channel, msg.user_id)
        return await _handled_alone(msg, ctx, inbox_id, [OutgoingMessage(t("error", lang))])


class _AlreadyHandled(Exception):
    """Another worker handled this stored update first: this unit is rolled back, nothing is answered."""


async def _handled(ctx: Context, inbox_id: int | None) -> None:
    """Mark the stored update handled, inside the caller's unit of work (rolled back if it already was)."""
    if inbox_id is not None and not await mark_handled(ctx.db, inbox_id, ctx.clock()):
        raise _AlreadyHandled


async def _handled_alone(
    msg: IncomingMessage, ctx: Context, inbox_id: int | None, answers: list[OutgoingMessage]
) -> list[OutgoingMessage]:
    """Mark the stored update handled in a unit of its own (its message changed nothing but its answers,
    queued in the same unit); the answers not queued."""
    if inbox_id is None:
        return answers
    async with transaction(ctx.db):
        await mark_handled(ctx.db, inbox_id, ctx.clock())
        answers, queued = await _queue(msg, ctx, inbox_id, answers)
    return _queued(ctx, queued, answers)


def addressed(msg: IncomingMessage, answer: OutgoingMessage) -> OutgoingMessage:
    """An answer with its chat set (the message's, unless it goes elsewhere) and, in a group, under the
    message it answers (a button's answer only where the handler put it)."""
    chat_id = answer.chat_id or msg.chat_id
    in_group = msg.chat_type == "group" and chat_id == msg.chat_id  # not one sent privately
    reply_to = answer.reply_to
    if reply_to is None and in_group and msg.button_data is None:
        reply_to = msg.message_id
    return replace(answer, chat_id=chat_id, reply_to=reply_to)


async def _queue(
    msg: IncomingMessage, ctx: Context, inbox_id: int | None, answers: list[OutgoingMessage]
) -> tuple[list[OutgoingMessage], list[outbox.OutboxRow]]:
    """In the caller's unit: with `ctx.queued`, the answers without files into the outbox, claimed by this
    process; the answers left (files are not queued) and the rows. The update is handled once, so its
    answers are new: their keys (`answer:<inbox id>:<random>|<n>`) only have to be unique, and SQLite
    gives a forgotten inbox row's id again."""
    if ctx.queued is None or inbox_id is None:
        return answers, []
    left: list[OutgoingMessage] = []
    rows: list[outbox.OutboxRow] = []
    key = f"answer:{inbox_id}:{secrets.token_hex(6)}"
    for n, answer in enumerate(answers, 1):
        if answer.files:
            left.append(answer)
            continue
        message = addressed(msg, answer)
        rows += await outbox.enqueue_claimed(
            ctx.db, f"{key}|{n}", msg.channel, message.chat_id or msg.chat_id, None, message, ctx.clock()
        )
    return left, rows


def _queued(ctx: Context, rows: list[outbox.OutboxRow], answers: list[OutgoingMessage]) -> list[OutgoingMessage]:
    """After the unit committed: its queued rows handed to the channel; the answers it sends itself."""
    if ctx.queued is not None:
        ctx.queued.extend(rows)
    return answers


def _pressed(data: str) -> ButtonData | None:
    """The button behind callback data; None for data no button of ours makes (forged or stale)."""
    try:
        return ButtonData.unpack(data)
    except StaleButton:
        return None


def _asks_for_help(text: str) -> bool:
    """«help», «Giúp em với ạ?», «hướng dẫn»: the whole message asks for the help (polite endings set aside)."""
    words = fold(text).replace("?", " ").replace("!", " ").replace(".", " ").split()
    while words and words[-1] in {"a", "ah", "nhe", "nha"}:
        words.pop()
    return " ".join(words) in HELP_WORDS


def _expired(dialog: Dialog, now: datetime) -> bool:
    """True when the flow's last step is older than DIALOG_LIFETIME."""
    return dialog.updated_at is not None and now - datetime.fromisoformat(dialog.updated_at) > DIALOG_LIFETIME


async def _route(msg: IncomingMessage, ctx: Context, who: Who) -> list[OutgoingMessage]:
    if who.dialog is not None and _expired(who.dialog, ctx.clock()):
        await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
        # the files and statuses a forgotten question kept are named, to send again, never dropped unsaid
        told = await reporting.expired_unsaid(ctx, who, who.dialog)
        return [*told, *await _routed(msg, ctx, replace(who, dialog=None))]
    waiting = await reporting.waiting_in(msg, ctx, who, who.dialog) if who.dialog is not None else None
    ended = who.dialog is not None and who.dialog.flow in LIST_ENDS and _opens_list(msg)
    if ended:
        # a list or card opened since the bot asked «Chưa rõ tình trạng của 3.4» ends the question, as /cancel
        # does: «xong» typed under /task 3.5's card answers the card, never 3.4 (TESTER17 T5)
        await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
        who = replace(who, dialog=None)
    answers = await _routed(msg, ctx, who)
    if waiting is not None:  # what the question kept and this message displaced is named, never dropped unsaid
        answers += await reporting.left_unsaid(msg, ctx, who, waiting, ended=ended)
    return answers


def _opens_list(msg: IncomingMessage) -> bool:
    """Whether the message opens a list of tasks or a task's card (/tasks, /task 3.5, their page or pick buttons)."""
    if msg.button_data is not None:
        return isinstance(_pressed(msg.button_data), (TasksPage, ShowTask))
    command = split_command(msg.text)
    return command is not None and COMMANDS.get(command[0]) in (task_card.tasks_or_task, task_card.show_task)


async def _routed(msg: IncomingMessage, ctx: Context, who: Who) -> list[OutgoingMessage]:
    if msg.button_data is not None:
        button = _pressed(msg.button_data)
        if button is None:
            require_linked(who)  # as a report button would: only a linked person hears a button is stale
            return [OutgoingMessage(t("button_stale", who.lang))]
        return await BUTTONS[type(button)](msg, ctx, who, button)
    command = split_command(msg.text)
    if command is not None:
        name, args = command
        handler = COMMANDS.get(name)
        if handler is None:
            return [OutgoingMessage(t("unknown_command", who.lang, command="/" + name)), *reporting.files_not_kept(msg, who.lang)]
        answers = await handler(msg, ctx, who, args)
        if name not in FILE_COMMANDS:  # a file under «/tasks» is no evidence of anything: said, not dropped
            answers += reporting.files_not_kept(msg, who.lang)
        return answers
    # an edit rewrites the reports its message made; one that made none («xong» that was asked «which task?»)
    # and now reads as a report («1.6 xong») is taken as that report, as if sent anew
    if msg.edited and (await reporting.made_reports(msg, ctx) or not await reporting.reads_as_report(msg.text, ctx, who)):
        return await reporting.on_edit(msg, ctx, who)
    in_talk = msg.chat_type == "group" and msg.reply_to_ref is None  # people talking to each other in a group
    if msg.attachment is None and not in_talk and _asks_for_help(msg.text):
        return await agencies.help_(msg, ctx, who, "")
    if admin.preview_typed(msg, ctx, who):  # "3.2 30/06/2025" sets a deadline under the preview, not a report
        return await admin.deadline_typed(msg, ctx, who)
    # (files waiting for «which task?» are not dropped: reporting.evidence_typed takes the report with them)
    if who.dialog is not None and who.dialog.flow != Flow.EVIDENCE and await reporting.reads_as_report(msg.text, ctx, who):
        await clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)  # the question gives way to the report
        if (taken := await reporting.given_way(msg, ctx, replace(who, dialog=None), who.dialog)) is not None:
            return taken  # the files its report came with go on
        who = replace(who, dialog=None)
    if who.dialog is not None:  # a flow stored by an older version waits for a button, as most do
        handler = DIALOGS.get(who.dialog.flow, reporting.typed_in_dialog)
        return await handler(msg, ctx, who, who.dialog)
    if msg.chat_type == "group" and msg.reply_to_ref is None:
        return []  # people talk and share files with each other in groups; only replies to the bot are ours
    if msg.reply_to_ref is not None or msg.attachment is not None:
        return await reporting.on_reply(msg, ctx, who)
    if not who.is_linked and (code := channel.code_pasted(msg.text)) is not None:  # the code without /start
        return await channel.start(msg, ctx, who, code)
    return await reporting.on_free_text(msg, ctx, who)
