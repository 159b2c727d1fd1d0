"""A terminal chat over the same core: the demo anyone can try without a token."""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, tzinfo
from importlib import resources
from pathlib import Path
from typing import TextIO

import aiosqlite

from bot.commands import write_problem
from bot.config import core_settings
from chat.buttons import (
    LETTERS,
    letter_picked,
    lettered,
    letters_prompt,
    number_for_a_choice,
    unlettered_note,
)
from chat.messages import Attachment, IncomingMessage, OutgoingMessage
from chat.printable import printable_message
from handlers.admin import COMMITTEE_KEY
from handlers.agencies import ROLE_NAMES
from handlers.context import Context
from handlers.dispatch import dispatch, split_command
from i18n import N_, t
from i18n.formats import format_date, format_number, format_time
from plans.importer import read_plan
from plans.text import fold
from schedules.clock import ClockWentBack, check_forward, last_tick
from schedules.delivery import deliver
from schedules.dispatcher import dispatch_outbox
from schedules.jobs import reminder_settings, tick_once
from schedules.model import ReminderSettings
from storage.agencies import add_agency, find_agency_exact
from storage.db import open_db, transaction
from storage.people import ensure_user, find_identity, get_value, load_session, set_role, set_value
from storage.plans import list_plans, store_plan
from storage.reports import latest_evidence

log = logging.getLogger(__name__)

CHANNEL = "console"
SAMPLE_PLAN = "sample_plan_17-KH-UBND_2022.txt"
SENT_FOLDER = "tu-bot"  # beside the evidence folders (named by report id): the files the bot sent


@dataclass(frozen=True)
class Persona:
    """Someone the newcomer can act as: an external id, a display name, and the role and agency they hold
    (none for a newcomer, who joins with an invite code)."""

    key: str
    name: str
    role: str | None = None
    agency: str | None = None


@dataclass
class ConsoleChannel:
    """Reads lines, dispatches them as the current persona, prints answers with lettered choices."""

    ctx: Context
    out: TextIO
    personas: dict[str, Persona]
    current: str
    groups: dict[str, str] = field(default_factory=dict)  # group chats the bot posts to: chat id → name
    messages: dict[int, OutgoingMessage] = field(default_factory=dict)
    # per persona: the buttons of their latest message, their latest reminder or task list, their latest line
    last_choices: dict[str, tuple] = field(default_factory=dict)
    last_referable: dict[str, int] = field(default_factory=dict)
    last_typed: dict[str, IncomingMessage] = field(default_factory=dict)
    counter: int = 0
    # files sent and not yet kept (waiting for «which task?»): file id → its latest evidence before it was sent
    unsaved: dict[str, tuple[int, str | None] | None] = field(default_factory=dict)
    channel: str = CHANNEL
    on_tick: Callable[[str], object] | None = None
    # the planner's settings, so a digest re-made as it is sent is worded as the tick words it (for typing)
    reminders: ReminderSettings | None = None

    @property
    def lang(self) -> str:
        """The deployment's language (NHACVIEC_LANG): the console's own lines are in it."""
        return self.ctx.settings.lang

    def _print(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def say(self, key: str, /, **values: object) -> None:
        """One of the console's own lines (not the bot's), in the deployment's language."""
        self._print(t(key, self.lang, **values))

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """The Messenger port: show a message addressed to a persona and number it for replies."""
        message = printable_message(message)
        self.counter += 1
        number = self.counter
        self.messages[number] = message
        who = next((p.name for p in self.personas.values() if p.key == chat_id), self.groups.get(chat_id, chat_id))
        header = f"[#{number}] nhacviec → {who}:"
        self._print(header)
        self._print("  " + message.text.replace("\n", "\n  "))
        rows = lettered(message.choices)
        for row in rows:
            self._print("  " + "   ".join(f"{letter}) {choice.label}" for letter, choice in row))
        self.last_choices[chat_id] = tuple(choice for row in rows for _, choice in row)
        note = unlettered_note(message.choices, len(self.last_choices[chat_id]), self.lang)
        if note:
            self._print("  " + note)
        if message.refers_to:
            self.last_referable[chat_id] = number
        return str(number)

    @property
    def persona(self) -> Persona:
        return self.personas[self.current]

    async def handle_line(self, line: str) -> None:
        """One line typed by the newcomer."""
        line = line.strip()
        if not line:
            return
        persona = self.persona
        base = {"channel": CHANNEL, "chat_id": persona.key, "user_id": persona.key, "user_name": persona.name}
        command, args = split_command(line) or ("", "")
        if command == "as":
            await self._switch(args)
            return
        if command == "tick" and self.on_tick is not None:
            await self.on_tick(args)  # type: ignore[misc]
            return
        if command in ("file", "import"):
            await self._send_file(command, args, base)
            return
        if command == "edit":
            await self._edit(args, base)
            return
        choices = self.last_choices.get(persona.key, ())
        letter = letter_picked(line, len(LETTERS))
        if letter is not None and persona.key not in self.last_choices and not await self._waiting(persona.key):
            # a button of a message shown in an earlier run of the demo: this run cannot press it
            self.say(N_("console_no_buttons_yet"), number=line)
            return
        # a letter presses a choice; a number is a task number or a percent, and one that could be meant for a
        # choice (the habit of numbered lists) is asked about, the choices kept, as on Zalo
        picked = letter_picked(line, len(choices))
        if number_for_a_choice(line, len(choices)) and not await self._waiting(persona.key):
            self.say(N_("choices_number_typed"), typed=line)
            self._print(letters_prompt(len(choices), self.lang))
            return
        if picked is not None:
            incoming = IncomingMessage(**base, button_data=choices[picked].data)
        elif line.startswith("#") and line[1:].split(" ", 1)[0].isdigit():
            ref, _, text = line[1:].partition(" ")
            incoming = IncomingMessage(**base, text=text, reply_to_ref=ref, message_id=self._next_in())
        else:
            # plain text answers the latest reminder or task list, as a reply would on a phone
            incoming = IncomingMessage(**base, text=line, reply_to_ref=self._replying(line), message_id=self._next_in())
        if incoming.message_id is not None:
            self.last_typed[persona.key] = incoming
        await self._dispatch(incoming)
        if command == "help":
            self.say(N_("console_help"), files=self.ctx.settings.files_dir)

    async def _waiting(self, key: str) -> bool:
        """Whether the persona has a question open (a bare number then answers it: «60» after «Đang làm»)."""
        async with transaction(self.ctx.db):
            session = await load_session(self.ctx.db, CHANNEL, key, key)
        return session is not None and session.dialog is not None

    async def _dispatch(self, incoming: IncomingMessage) -> list[OutgoingMessage]:
        chat_id = incoming.chat_id
        ctx = replace(self.ctx, answer_now=lambda answer: self._answer(chat_id, answer))
        answers = await dispatch(incoming, ctx)
        for answer in answers:
            await self._answer(chat_id, answer)
        # what the message queued for others (a request to the secretary, a decision to the ward) goes out now,
        # as the resident bot's minute tick sends it: the demo's clock stands still until /tick
        await dispatch_outbox(self.ctx.db, {CHANNEL: self}, self.ctx.clock(), lang=self.lang, settings=self.reminders)
        # a file kept later (the task picked with a lettered choice or typed) is shown where it went then
        for file_id, before in list(self.unsaved.items()):
            async with transaction(self.ctx.db):
                saved = await latest_evidence(self.ctx.db, CHANNEL, file_id)
            if saved is not None and saved != before:
                del self.unsaved[file_id]
                if saved[1] is not None:
                    self.say(N_("console_file_saved"), path=saved[1])
        return answers

    def _replying(self, text: str) -> str | None:
        """The message a typed text answers: the persona's latest reminder or list, unless it is a command."""
        last = self.last_referable.get(self.persona.key)
        return None if text.startswith("/") or last is None else str(last)

    async def _send_file(self, command: str, args: str, base: dict[str, str]) -> None:
        """`/import PATH` (an admin's plan, as the caption /import under a file) or `/file PATH [text]` (a file
        with a caption, answering the latest reminder as a reply on a phone would)."""
        typed, caption, file = await asyncio.to_thread(_file_and_caption, command, args)
        if not typed:
            self.say(N_("console_import_usage") if command == "import" else N_("console_file_usage"))
            return
        if file is None:
            folder = await asyncio.to_thread(_is_folder, typed)
            self.say(N_("console_a_folder") if folder else N_("console_no_file"), path=typed)
            return
        async with transaction(self.ctx.db):
            self.unsaved[file.file_id] = await latest_evidence(self.ctx.db, CHANNEL, file.file_id)
        incoming = IncomingMessage(
            **base, text=caption, attachment=file, reply_to_ref=self._replying(caption), message_id=self._next_in()
        )
        self.last_typed[self.persona.key] = incoming  # its caption is what /edit changes
        await self._dispatch(incoming)

    async def _edit(self, text: str, base: dict[str, str]) -> None:
        """`/edit TEXT`: the persona's latest typed message edited to TEXT, as a phone's Edit does."""
        last = self.last_typed.get(self.persona.key)
        if not text or last is None:
            self.say(N_("console_edit_usage"))
            return
        edited = replace(last, text=text, edited=True)
        self.last_typed[self.persona.key] = edited
        if not await self._dispatch(edited):
            self.say(N_("console_edit_nothing"))

    async def _answer(self, chat_id: str, answer: OutgoingMessage) -> None:
        await deliver(self.ctx.db, self, chat_id, answer, self.ctx.clock)
        for file in answer.files:
            size = format_number(len(file.data), self.lang)
            self._print("  " + t("console_file", self.lang, name=file.name, size=size))  # under its message
            # on a phone the file opens with a tap; here it is saved, so the spreadsheet or draft can be opened
            kept = self.ctx.settings.files_dir / SENT_FOLDER / Path(file.name).name
            try:
                await asyncio.to_thread(_keep, kept, file.data)
            except OSError as exc:  # NHACVIEC_FILES on a read-only disk, say: the demo goes on without the copy
                self._print("  " + t("console_sent_file_not_kept", self.lang, path=kept, reason=write_problem(exc, self.lang)))
                continue
            self._print("  " + t("console_sent_file_kept", self.lang, path=kept))

    def _next_in(self) -> str:
        self.counter += 1
        return str(self.counter)

    async def _switch(self, who: str) -> None:
        if fold(who).replace(" ", "") in NEWCOMER_WORDS:
            number = 1
            async with transaction(self.ctx.db):  # an earlier run's newcomers are in the database: skip them too
                while f"new{number}" in self.personas or await find_identity(self.ctx.db, CHANNEL, f"new{number}"):
                    number += 1
                key = f"new{number}"
                self.personas[key] = Persona(key, t("console_newcomer_name", self.lang, number=number))
                # stored at once: «/as new1», which the console says next, finds them after a restart even
                # when they typed nothing before it
                await ensure_user(self.ctx.db, channel=CHANNEL, external_id=key, chat_id=key,
                                  display_name=self.personas[key].name, now=self.ctx.clock())
            self.current = key
            self.say(N_("console_newcomer"), name=self.persona.name, who=key)
            return
        key = self._persona_key(who) or await self._earlier_newcomer(who)
        if key is not None:
            self.current = key
            self.say(N_("console_persona"), name=self.persona.name)
            return
        names = ", ".join(f"{k} ({p.name})" for k, p in self.personas.items())
        self.say(N_("console_as_usage"), names=names)

    async def _earlier_newcomer(self, typed: str) -> str | None:
        """`/as new1` for a newcomer an earlier run of the demo made (the console told them to come back so)."""
        found = re.fullmatch(r"new(\d{1,4})", fold(typed).replace(" ", ""))
        if found is None:
            return None
        key = f"new{int(found.group(1))}"
        async with transaction(self.ctx.db):
            if await find_identity(self.ctx.db, CHANNEL, key) is None:
                return None
        self.personas[key] = Persona(key, t("console_newcomer_name", self.lang, number=int(found.group(1))))
        return key

    def _persona_key(self, typed: str) -> str | None:
        """The persona meant by what was typed: its key or name, with or without diacritics and spaces
        ("thư ký", "Thư ký Ban Chỉ đạo CCHC"), or one of DEMO_ALIASES ("secretary")."""
        wanted = fold(typed).replace(" ", "")
        if not wanted:
            return None
        wanted = DEMO_ALIASES.get(wanted, wanted)
        for key, persona in self.personas.items():
            if wanted == key or wanted == fold(persona.name).replace(" ", ""):
                return key
        return None


DEMO_WARDS = (
    "Bến Nghé", "Bến Thành", "Cầu Kho", "Cầu Ông Lãnh", "Cô Giang",
    "Đa Kao", "Nguyễn Cư Trinh", "Nguyễn Thái Bình", "Phạm Ngũ Lão", "Tân Định",
)
# key: (title, role, agency); the titles are the people's positions, data like the wards' names
DEMO_PEOPLE = {
    "admin": ("Chuyên viên Phòng Nội vụ", "admin", None),
    "thuky": ("Thư ký Ban Chỉ đạo CCHC", "secretary", None),
    "noivu": ("Trưởng Phòng Nội vụ", "head", "Phòng Nội vụ"),
    "bennghe": ("Chủ tịch UBND phường Bến Nghé", "head", "Phường Bến Nghé"),
}
# other words people try for the demo's people (folded, without spaces)
DEMO_ALIASES = {
    "secretary": "thuky", "quantri": "admin", "administrator": "admin",
    "truongphong": "noivu", "phongnoivu": "noivu", "chutich": "bennghe", "phuong": "bennghe", "ward": "bennghe",
}
# `/as new`: somebody not linked yet, who joins with an invite code
NEWCOMER_WORDS = {"new", "moi", "nguoimoi", "newcomer"}
COMMITTEE_CHAT = "bancd"  # the steering committee's group, where the Friday summary is posted
DEMO_DAY = date(2022, 3, 22)  # a Tuesday before the first quarter ends: the T-7 day of its deadlines
DEMO_MARK = "demo_database"  # in kv: this database was made by the demo (so --reset may delete it)

# what newcomers type to leave (Ctrl-D is Ctrl-Z then Enter on Windows, and few know either)
QUIT_WORDS = {"/thoát", "/thoat", "/quit", "/exit"}
# what starts afresh when the demo asks (Vietnamese and English, folded)
YES_WORDS = {"c", "co", "y", "yes"}


def demo_personas(lang: str) -> dict[str, Persona]:
    """The demo's people; the admin's title says nothing of the bot, so their role follows it, in `lang`."""
    return {
        key: Persona(key, f"{title} ({t(ROLE_NAMES[role], lang)})" if role == "admin" else title, role, agency)
        for key, (title, role, agency) in DEMO_PEOPLE.items()
    }


async def seed_demo(db: aiosqlite.Connection, now: datetime, people: Iterable[Persona]) -> None:
    """Import the bundled plan, register its agencies and the ten wards, create the demo people and make
    COMMITTEE_CHAT the committee's group."""
    async with transaction(db):
        seeded = bool(await list_plans(db))
    if seeded:
        return
    data = resources.files("bot").joinpath("data", SAMPLE_PLAN).read_bytes()
    plan = await asyncio.to_thread(read_plan, data, SAMPLE_PLAN)
    async with transaction(db):
        for ward in DEMO_WARDS:
            if await find_agency_exact(db, f"Phường {ward}") is None:
                await add_agency(db, f"Phường {ward}", "ward", now=now)
        await store_plan(db, plan, now=now, user_id=None, channel=CHANNEL, source_name=SAMPLE_PLAN, create_agencies=True)
        for person in people:
            user, _ = await ensure_user(
                db, channel=CHANNEL, external_id=person.key, chat_id=person.key, display_name=person.name, now=now
            )
            agency = await find_agency_exact(db, person.agency) if person.agency else None
            if person.role is not None:
                await set_role(db, user.id, person.role, agency.id if agency else None)
        await set_value(db, COMMITTEE_KEY, f"{CHANNEL}:{COMMITTEE_CHAT}")
        await set_value(db, DEMO_MARK, "1")


def demo_paths(settings) -> tuple[Path, Path]:
    """The demo's database (./nhacviec-demo.sqlite3 unless NHACVIEC_DB names one) and the folder its evidence
    files go to (NHACVIEC_FILES, else beside the database: nhacviec-demo-files)."""
    db = settings.db if _named_db(settings) else Path("nhacviec-demo.sqlite3")
    files = settings.files_dir if "files_dir" in settings.model_fields_set else db.with_name(f"{db.stem}-files")
    return db, files


async def run_demo(settings, *, reset: bool = False, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    """`nhacviec demo`: the console chat on ./nhacviec-demo.sqlite3 with the sample plan, in NHACVIEC_LANG.

    An earlier demo's database is kept, its clock going on from its last tick; `reset` (or "c" when asked on a
    terminal) starts afresh.
    """
    lang = settings.lang
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    path, files_dir = demo_paths(settings)
    if path.exists() and not await _start_fresh(path, files_dir, settings, reset=reset, stdin=stdin, out=out):
        return 2
    db = await open_db(path)
    try:
        personas = demo_personas(lang)
        # at the reminder hour (08:00 unless NHACVIEC_REMINDER_TIME says otherwise): the first day's reminders go
        start = datetime.combine(DEMO_DAY, settings.reminder_time, tzinfo=settings.zone).astimezone(UTC)
        await seed_demo(db, start, personas.values())
        clock_box = [max(start, await last_tick(db) or start)]
        core = replace(core_settings(settings), files_dir=files_dir)
        ctx = Context(db=db, settings=core, clock=lambda: clock_box[0], fetch_file=_read_file)
        groups = {COMMITTEE_CHAT: t("console_committee", lang)}
        console = ConsoleChannel(
            ctx=ctx, out=out, personas=personas, current="bennghe", groups=groups, reminders=reminder_settings(settings)
        )

        async def on_tick(arg: str) -> None:
            moment = clock_box[0]
            if arg:
                parsed = _parse_local(arg, settings.zone, settings.reminder_time)
                if parsed is None:
                    console.say(N_("console_tick_usage"))
                    return
                moment = parsed
            try:
                await check_forward(db, moment)
            except ClockWentBack as exc:
                console.say(N_("console_tick_backwards"), asked=_moment(exc.asked, settings.zone, lang),
                            last=_moment(exc.last, settings.zone, lang))
                return
            clock_box[0] = moment
            console.say(N_("console_clock"), **_clock(moment, settings.zone, lang))
            lines = await tick_once(db, {CHANNEL: console}, settings, moment)
            console.say(N_("console_sent"), count=len(lines))

        console.on_tick = on_tick
        out.write(t("console_intro", lang) + "\n")
        clock = _clock(clock_box[0], settings.zone, lang)
        out.write(t("console_start", lang, name=console.persona.name, **clock) + "\n")
        # the starting day's reminders go out as the resident bot's first tick would send them
        started = await tick_once(db, {CHANNEL: console}, settings, clock_box[0])
        console._print(t("console_sent", lang, count=len(started)))
        while True:
            out.write("> ")
            out.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line or unicodedata.normalize("NFC", line.strip().lower()) in QUIT_WORDS:
                break
            await console.handle_line(line)
    finally:
        await db.close()
    out.write("\n" + t("console_bye", lang) + "\n")
    return 0


async def _start_fresh(path: Path, files_dir: Path, settings, *, reset: bool, stdin: TextIO, out: TextIO) -> bool:
    """Offer to start afresh on an earlier demo's database (delete it when `reset` or answered "c" on a
    terminal; a run whose input is not a terminal goes on, told how to reset); False: refused, stop."""
    lang = settings.lang
    if not reset:
        if not stdin.isatty():
            out.write(t("console_kept", lang, path=path) + "\n")
            return True
        out.write(t("console_ask_reset", lang, path=path) + " ")
        out.flush()
        answer = await asyncio.to_thread(stdin.readline)
        if fold(answer.strip()) not in YES_WORDS:
            return True
    db = await open_db(path)
    try:
        async with transaction(db):
            ours = await get_value(db, DEMO_MARK) is not None
    finally:
        await db.close()
    if not ours and _named_db(settings):  # it may be a deployment's database: never delete one the demo did not make
        out.write(t("console_not_demo_db", lang, path=path) + "\n")
        return False
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        part.unlink(missing_ok=True)
    if "files_dir" not in settings.model_fields_set:  # the demo's own folder, not a deployment's files
        shutil.rmtree(files_dir, ignore_errors=True)
    out.write(t("console_reset", lang, path=path) + "\n")
    return True


def _file_and_caption(command: str, args: str) -> tuple[str, str, Attachment | None]:
    """What `/import PATH` or `/file PATH [text]` sends: the path typed, the caption, the file (None: missing)."""
    typed, caption = _path_and_rest(args)
    if command == "import":  # the whole text is the path: a missing one is named whole
        typed, caption = (f"{typed} {caption}".strip() if caption else typed), "/import"
    path = Path(typed).expanduser()
    if not typed or not path.is_file():
        return typed, caption, None
    return typed, caption, Attachment(file_id=str(path.resolve()), name=path.name, size=path.stat().st_size)


def _is_folder(typed: str) -> bool:
    """Whether a path typed for /import or /file is a folder (said so, not «no such file»)."""
    return Path(typed).expanduser().is_dir()


_QUOTES = {'"': '"', "'": "'", "“": "”", "«": "»"}


def _path_and_rest(args: str) -> tuple[str, str]:
    """A typed path and the text after it. File names have spaces («Biên bản kiểm tra.pdf»): the path may be
    quoted, have its spaces escaped as a shell's completion writes them, or be the longest run of words
    naming a file on this computer."""
    args = args.strip()
    close = _QUOTES.get(args[:1])
    if close and close in args[1:]:
        end = args.index(close, 1)
        return args[1:end], args[end + 1 :].strip()
    words = args.split(" ")
    for count in range(len(words), 0, -1):
        typed = " ".join(words[:count]).replace("\\ ", " ")
        if Path(typed).expanduser().is_file():
            return typed, " ".join(words[count:]).strip()
    return words[0], " ".join(words[1:]).strip()


def _named_db(settings) -> bool:
    """Whether NHACVIEC_DB names the database (the demo's own is ./nhacviec-demo.sqlite3)."""
    return "db" in settings.model_fields_set or settings.db.name != "nhacviec.sqlite3"


def _keep(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


async def _read_file(file: Attachment) -> bytes:
    """The console's files are on this computer: their id is their path."""
    return await asyncio.to_thread(Path(file.file_id).read_bytes)


def _clock(moment: datetime, zone: tzinfo, lang: str) -> dict[str, str]:
    """The demo clock's date and time, as the console shows them."""
    local = moment.astimezone(zone)
    return {"date": format_date(local.date(), lang), "time": format_time(local, lang)}


def _moment(moment: datetime, zone: tzinfo, lang: str) -> str:
    """"08/04/2022 08:00"."""
    return "{date} {time}".format(**_clock(moment, zone, lang))


def _parse_local(text: str, tz, reminder_time: time) -> datetime | None:
    """`/tick`'s dd/mm/yyyy [HH:MM]; a day alone is at the reminder hour, when that day's reminders go."""
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt == "%d/%m/%Y":
            moment = datetime.combine(moment.date(), reminder_time)
        return moment.replace(tzinfo=tz).astimezone(UTC)
    return None
