"""Button data: what a pressed button brings back, as small frozen classes with pack() and unpack().

aiogram's CallbackData habit without aiogram: a prefix and typed fields joined by ":", packed when a
message is built (at most 64 bytes, Telegram's limit for callback data) and unpacked when the button is
pressed. The wire forms are the ones the bot has always sent, so buttons already in people's chats and in
stored outbox rows keep working:

    OpenReport     r:<task>:<occurrence>            "Báo cáo 1.1" under /tasks: choose a status
    ReportStatus   r:<task>:<occurrence>:<status>   Xong / Đang làm / Vướng (status done | in_progress | blocked)
    PickTask       p:<task>:<occurrence>            a task number, when a report or /report named none
    SkipNote       skip                             "Bỏ qua" instead of typing a note
    ImportAnswer   imp:<ok | no | create | ongoing | xlsx | replace>  confirm, cancel, confirm creating the unknown
                                                    agencies, …, or store in place of the plan it re-issues
    PickEvent      trg:<milestone>                  an event milestone waiting for its date (/trigger)
    ReportPage     rp:<page>                        "Trang sau" / "Trang trước" in /report's list of tasks
    ConfirmAll     all:<yes | no>                   the answer to "Xác nhận: 12 việc … đã xong?"
    RemoveMember   rm:<user>                        one of the people a /member_remove name matched
    InheritTasks   inh:<agency>:<yes | no>          whether an agency added after the plan takes its group's open tasks
    MoveMember     mv:<invite>:<yes | no>           whether a linked person using another agency's invite moves there
    Explain        gt:<task>:<occurrence>           "Giải trình 1.3": explain why an occurrence is late
    AskExtension   gh:<task>:<occurrence>           "Xin gia hạn 1.3": ask for a later due date
    DecideExtension ghq:<request>:<yes | no>        Đồng ý / Không đồng ý: a secretary's answer to a request
    ShowTask       tk:<task>                        one plan's task, when /task's number is in several plans
    RemovePlan     gkh:<plan>:<ask | yes | no>      /plan_remove: a plan picked, then Gỡ / Hủy

On channels without buttons (people type, `bot/config.py` TYPED_CHANNELS) the choices are lettered «a) b) c)»
(`lettered`, `letter_picked`, `letters_prompt`): digits typed there always mean what they say (a task number, a percent), never a
choice, since a digest numbers its tasks and «3» or «30» pressed the wrong button (TESTER15 F17).

"No occurrence" (an ongoing task without a dated deadline) is packed as "-" only; "0" is read as it too,
because /tasks, /report and status buttons sent before this module spelled it so.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar, Literal, Self, get_args, get_origin, get_type_hints

from chat.messages import Choice
from i18n import N_, t

MAX_BYTES = 64  # Telegram refuses longer callback data
SEP = ":"
NO_ID = "-"
_OLD_NO_ID = "0"
_MAX_DIGITS = 18  # an id SQLite's 64-bit integers can hold
# a typed channel letters at most ten choices of a message: past «j» come letters people send alone as words
# («k» không, «r» rồi, «u» ừ), which must not press «⛔ 3.8 Vướng» under a digest
LETTERS = "abcdefghij"
LETTERS_INLINE = 5  # up to 5 choices read "a, b, c, d hoặc e"; more read "một chữ từ a đến …"

Status = Literal["done", "in_progress", "blocked"]
REPORT_STATUSES: tuple[Status, ...] = get_args(Status)  # in the order the buttons stand


class StaleButton(ValueError):
    """Data no button of this bot makes: forged, damaged, or from a button long gone."""


@dataclass(frozen=True)
class ButtonData:
    """The base of every button's data: a prefix per class and typed fields (int, int | None, Literal)."""

    prefix: ClassVar[str]

    def pack(self) -> str:
        """The callback data: prefix and fields joined by ":"; ValueError past 64 bytes or if unpack would differ."""
        # the fields are flat (int, None, str): read them directly, astuple's deep copy costs a digest run seconds
        names = _NAMES.get(type(self)) or tuple(f.name for f in fields(self))
        values = (getattr(self, name) for name in names)
        data = SEP.join([self.prefix, *(NO_ID if value is None else str(value) for value in values)])
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"button data {data!r} is longer than {MAX_BYTES} bytes")
        try:
            same = ButtonData.unpack(data) == self
        except StaleButton:
            same = False
        if not same:  # a status no button has, an id of 0, a ":" inside a value
            raise ValueError(f"{self!r} cannot be packed: it would come back as something else")
        return data

    @classmethod
    def unpack(cls, data: str) -> Self:
        """The button `data` stands for, of this class (any class, called on ButtonData); else StaleButton."""
        prefix, *parts = data.split(SEP)
        kind = _BY_FORM.get((prefix, len(parts)))
        if kind is None or not issubclass(kind, cls):
            raise StaleButton(data)
        return kind(*(_decode(part, hint, data) for part, hint in zip(parts, _TYPES[kind], strict=True)))


def _decode(part: str, hint: object, data: str) -> int | str | None:
    """One field's value from its text, by the field's type."""
    if hint == int | None:
        return None if part in (NO_ID, _OLD_NO_ID) else _decode(part, int, data)
    if hint is int and part.isascii() and part.isdigit() and len(part) <= _MAX_DIGITS and int(part) > 0:
        return int(part)
    if get_origin(hint) is Literal and part in get_args(hint):
        return part
    raise StaleButton(data)


@dataclass(frozen=True)
class OpenReport(ButtonData):
    """"Báo cáo 1.1" under /tasks: asks which status to report."""

    prefix = "r"
    task_id: int
    occurrence_id: int | None


@dataclass(frozen=True)
class ReportStatus(ButtonData):
    """Xong / Đang làm / Vướng: a report with that status, from the presser's agency."""

    prefix = "r"
    task_id: int
    occurrence_id: int | None
    status: Status


@dataclass(frozen=True)
class PickTask(ButtonData):
    """A task number offered when a report (or /report) did not say which task."""

    prefix = "p"
    task_id: int
    occurrence_id: int | None


@dataclass(frozen=True)
class SkipNote(ButtonData):
    """"Bỏ qua": no note for the report just made."""

    prefix = "skip"


@dataclass(frozen=True)
class ImportAnswer(ButtonData):
    """The answer to an import preview: store it, cancel, store it creating the unknown agencies, store it with
    the deadlines it could not read as ongoing work, send the reading as a workbook to correct, or store it in
    place of the followed plan it re-issues under a new number."""

    prefix = "imp"
    action: Literal["ok", "no", "create", "ongoing", "xlsx", "replace"]


@dataclass(frozen=True)
class PickEvent(ButtonData):
    """An event milestone waiting for its date (/trigger): asks for the date."""

    prefix = "trg"
    milestone_id: int


@dataclass(frozen=True)
class RemoveMember(ButtonData):
    """One of the people a /member_remove name matched: remove that one."""

    prefix = "rm"
    user_id: int


@dataclass(frozen=True)
class ReportPage(ButtonData):
    """"Trang sau" / "Trang trước": another page of /report's list of tasks (pages count from 1)."""

    prefix = "rp"
    page: int


@dataclass(frozen=True)
class TasksPage(ButtonData):
    """"Trang sau" / "Trang trước": another page of the plan's tasks (/tasks for staff without an agency)."""

    prefix = "tp"
    page: int


@dataclass(frozen=True)
class ConfirmAll(ButtonData):
    """Có / Không: whether a reply about every task of a message ("tất cả đã xong") is stored."""

    prefix = "all"
    answer: Literal["yes", "no"]


@dataclass(frozen=True)
class InheritTasks(ButtonData):
    """Có / Không: whether an agency added after the plan's import takes the open tasks of its group."""

    prefix = "inh"
    agency_id: int
    answer: Literal["yes", "no"]


@dataclass(frozen=True)
class MoveMember(ButtonData):
    """Có / Không: whether a person linked to one agency moves to the agency of the invite they used."""

    prefix = "mv"
    invite_id: int
    answer: Literal["yes", "no"]


@dataclass(frozen=True)
class Explain(ButtonData):
    """"Giải trình 1.3": asks the lead agency why the occurrence is late."""

    prefix = "gt"
    task_id: int
    occurrence_id: int


@dataclass(frozen=True)
class AskExtension(ButtonData):
    """"Xin gia hạn 1.3": asks the lead agency for the date it proposes, then its reason."""

    prefix = "gh"
    task_id: int
    occurrence_id: int


@dataclass(frozen=True)
class DecideExtension(ButtonData):
    """Đồng ý / Không đồng ý: a secretary's decision on an extension request."""

    prefix = "ghq"
    request_id: int
    answer: Literal["yes", "no"]


@dataclass(frozen=True)
class ShowTask(ButtonData):
    """One plan's task whole (/task), when the number typed is in several plans."""

    prefix = "tk"
    task_id: int


@dataclass(frozen=True)
class RemovePlan(ButtonData):
    """/plan_remove: a plan picked (ask: show what removing it takes out), then Gỡ / Hủy."""

    prefix = "gkh"
    plan_id: int
    answer: Literal["ask", "yes", "no"]


BUTTON_CLASSES: tuple[type[ButtonData], ...] = (
    OpenReport, ReportStatus, PickTask, SkipNote, ImportAnswer, PickEvent, RemoveMember, ReportPage,
    ConfirmAll, InheritTasks, MoveMember, TasksPage, Explain, AskExtension, DecideExtension, ShowTask, RemovePlan,
)
# a wire form is its prefix and its number of fields: "r:1:2" opens a report, "r:1:2:done" makes one
_BY_FORM: dict[tuple[str, int], type[ButtonData]] = {(kind.prefix, len(fields(kind))): kind for kind in BUTTON_CLASSES}
_NAMES: dict[type[ButtonData], tuple[str, ...]] = {kind: tuple(f.name for f in fields(kind)) for kind in BUTTON_CLASSES}
_TYPES: dict[type[ButtonData], tuple[object, ...]] = {
    kind: tuple(get_type_hints(kind)[field.name] for field in fields(kind)) for kind in BUTTON_CLASSES
}


def lettered(rows: tuple[tuple[Choice, ...], ...]) -> list[list[tuple[str, Choice]]]:
    """The rows of choices a typed channel shows, each choice with its letter (a, b, c…): whole rows while the
    ten letters last (a digest's later tasks are reported by typing «3.10 xong», as its hint says)."""
    shown: list[list[tuple[str, Choice]]] = []
    used = 0
    for row in rows:
        if used + len(row) > len(LETTERS):
            if not shown:  # one row longer than the letters: its first choices
                shown.append([(LETTERS[i], choice) for i, choice in enumerate(row[: len(LETTERS)])])
            break
        shown.append([(LETTERS[used + i], choice) for i, choice in enumerate(row)])
        used += len(row)
    return [row for row in shown if row]


def letter_picked(text: str, count: int) -> int | None:
    """The index of the lettered choice a typed text picks («b», «B», «b)», «b.»), of `count` shown; else None."""
    typed = text.strip().lower().rstrip(").")
    if len(typed) == 1 and typed in LETTERS[:count]:
        return LETTERS.index(typed)
    return None


def letters_prompt(n: int, lang: str) -> str:
    """ "Gõ a, b hoặc c để chọn." for n lettered choices (a range when there are many)."""
    if n > LETTERS_INLINE:
        prompt = t("choices_letter_range", lang, last=LETTERS[n - 1])
    else:
        letters = list(LETTERS[:n])
        conjunction = t("choices_or", lang)
        spoken = letters[0] if n == 1 else f"{', '.join(letters[:-1])} {conjunction} {letters[-1]}"
        prompt = t("choices_letter_pick", lang, letters=spoken)
    return prompt


def unlettered_note(rows: tuple[tuple[Choice, ...], ...], lettered_count: int, lang: str) -> str | None:
    """What a list cut at the letters says of the choices left out: «which task?» takes the task's number typed
    (the core reads «7.4» there); of others (a digest's, whose hint says what to type), only that they have none."""
    left = [choice for row in rows for choice in row][lettered_count:]
    if not left:
        return None
    picks_tasks = all(_is_task_pick(choice.data) for choice in left)
    return t(N_("choices_unlettered_task") if picks_tasks else N_("choices_unlettered"), lang)


def _is_task_pick(data: str) -> bool:
    try:
        return isinstance(ButtonData.unpack(data), PickTask)
    except StaleButton:
        return False


def number_for_a_choice(text: str, count: int) -> bool:
    """Whether a typed text is a bare number that could be meant as one of `count` lettered choices (the habit
    of numbered lists): the channel asks about it rather than let it be read as a task number."""
    typed = text.strip()
    return typed.isascii() and typed.isdigit() and 1 <= int(typed) <= count
