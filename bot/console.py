"""A terminal chat over the same core: the demo anyone can try without a token."""

from __future__ import annotations

import asyncio
import logging
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from importlib import resources
from typing import TextIO

import aiosqlite

from bot.config import core_settings
from chat.messages import IncomingMessage, OutgoingMessage
from chat.printable import printable_message
from handlers.agencies import ROLE_NAMES
from handlers.context import Context
from handlers.dispatch import dispatch
from i18n import t
from i18n.formats import format_date, format_number, format_time
from plans.importer import read_plan
from plans.text import fold
from schedules.delivery import deliver
from schedules.jobs import tick_once
from storage.agencies import add_agency, find_agency_exact
from storage.db import open_db, transaction
from storage.people import ensure_user, set_role
from storage.plans import list_plans, store_plan

log = logging.getLogger(__name__)

CHANNEL = "console"
SAMPLE_PLAN = "sample_plan_17-KH-UBND_2022.txt"


@dataclass(frozen=True)
class Persona:
    """Someone the newcomer can act as: an external id, a display name, and the role and agency they hold."""

    key: str
    name: str
    role: str
    agency: str | None = None


@dataclass
class ConsoleChannel:
    """Reads lines, dispatches them as the current persona, prints answers with numbered choices."""

    ctx: Context
    out: TextIO
    personas: dict[str, Persona]
    current: str
    messages: dict[int, OutgoingMessage] = field(default_factory=dict)
    # per persona: the buttons of their latest message and their latest reminder or task list
    last_choices: dict[str, tuple] = field(default_factory=dict)
    last_referable: dict[str, int] = field(default_factory=dict)
    counter: int = 0
    channel: str = CHANNEL
    on_tick: Callable[[str], object] | None = None

    @property
    def lang(self) -> str:
        """The deployment's language (NHACVIEC_LANG): the console's own lines are in it."""
        return self.ctx.settings.lang

    def _print(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """The Messenger port: show a message addressed to a persona and number it for replies."""
        message = printable_message(message)
        self.counter += 1
        number = self.counter
        self.messages[number] = message
        who = next((p.name for p in self.personas.values() if p.key == chat_id), chat_id)
        header = f"[#{number}] nhacviec → {who}:"
        self._print(header)
        self._print("  " + message.text.replace("\n", "\n  "))
        flat = [c for row in message.choices for c in row]
        if flat:
            self._print("  " + "   ".join(f"{i}) {c.label}" for i, c in enumerate(flat, 1)))
        self.last_choices[chat_id] = tuple(flat)
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
        if line.startswith("/as"):
            self._switch(line[3:].strip())
            return
        if line.startswith("/tick") and self.on_tick is not None:
            await self.on_tick(line[5:].strip())  # type: ignore[misc]
            return
        choices = self.last_choices.get(persona.key, ())
        if line.isdigit() and 1 <= int(line) <= len(choices):
            choice = choices[int(line) - 1]
            incoming = IncomingMessage(**base, button_data=choice.data)
        elif line.startswith("#") and line[1:].split(" ", 1)[0].isdigit():
            ref, _, text = line[1:].partition(" ")
            incoming = IncomingMessage(**base, text=text, reply_to_ref=ref, message_id=self._next_in())
        else:
            # plain text answers the latest reminder or task list, as a reply would on a phone
            last = self.last_referable.get(persona.key)
            reply_to = None if line.startswith("/") or last is None else str(last)
            incoming = IncomingMessage(**base, text=line, reply_to_ref=reply_to, message_id=self._next_in())
        ctx = replace(self.ctx, answer_now=lambda answer: self._answer(persona.key, answer))
        for answer in await dispatch(incoming, ctx):
            await self._answer(persona.key, answer)

    async def _answer(self, chat_id: str, answer: OutgoingMessage) -> None:
        await deliver(self.ctx.db, self, chat_id, answer, self.ctx.clock)
        for file in answer.files:
            size = format_number(len(file.data), self.lang)
            self._print("  " + t("console_file", self.lang, name=file.name, size=size))

    def _next_in(self) -> str:
        self.counter += 1
        return str(self.counter)

    def _switch(self, who: str) -> None:
        key = self._persona_key(who)
        if key is not None:
            self.current = key
            self._print(t("console_persona", self.lang, name=self.persona.name))
            return
        names = ", ".join(f"{k} ({p.name})" for k, p in self.personas.items())
        self._print(t("console_as_usage", self.lang, names=names))

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
DEMO_START = datetime(2022, 3, 22, 1, 0, tzinfo=UTC)  # 08:00 in Hồ Chí Minh City, a Tuesday before Q1 ends

# what newcomers type to leave (Ctrl-D is Ctrl-Z then Enter on Windows, and few know either)
QUIT_WORDS = {"/thoát", "/thoat", "/quit", "/exit"}


def demo_personas(lang: str) -> dict[str, Persona]:
    """The demo's people; the admin's title says nothing of the bot, so their role follows it, in `lang`."""
    return {
        key: Persona(key, f"{title} ({t(ROLE_NAMES[role], lang)})" if role == "admin" else title, role, agency)
        for key, (title, role, agency) in DEMO_PEOPLE.items()
    }


async def seed_demo(db: aiosqlite.Connection, now: datetime, people: Iterable[Persona]) -> None:
    """Import the bundled plan, register its agencies and the ten wards, and create the demo people."""
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
            await set_role(db, user.id, person.role, agency.id if agency else None)


async def run_demo(settings, *, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    """`nhacviec demo`: the console chat on ./nhacviec-demo.sqlite3 with the sample plan, in NHACVIEC_LANG."""
    lang = settings.lang
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    path = settings.db if "NHACVIEC_DB" in settings.model_fields_set or settings.db.name != "nhacviec.sqlite3" else None
    db = await open_db(path or "nhacviec-demo.sqlite3")
    clock_box = [DEMO_START]
    try:
        personas = demo_personas(lang)
        await seed_demo(db, clock_box[0], personas.values())
        ctx = Context(db=db, settings=core_settings(settings), clock=lambda: clock_box[0])
        console = ConsoleChannel(ctx=ctx, out=out, personas=personas, current="bennghe")

        async def on_tick(arg: str) -> None:
            if arg:
                moment = _parse_local(arg, settings.zone)
                if moment is None:
                    console._print(t("console_tick_usage", lang))
                    return
                clock_box[0] = moment
            console._print(t("console_clock", lang, **_clock(clock_box[0], settings.zone, lang)))
            lines = await tick_once(db, {CHANNEL: console}, settings, clock_box[0])
            console._print(t("console_sent", lang, count=len(lines)))

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


def _clock(moment: datetime, zone: tzinfo, lang: str) -> dict[str, str]:
    """The demo clock's date and time, as the console shows them."""
    local = moment.astimezone(zone)
    return {"date": format_date(local.date(), lang), "time": format_time(local, lang)}


def _parse_local(text: str, tz) -> datetime | None:
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt == "%d/%m/%Y":
            moment = moment.replace(hour=8)
        return moment.replace(tzinfo=tz).astimezone(UTC)
    return None

