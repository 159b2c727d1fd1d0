"""Running the real bot (python-telegram-bot Application) against the fake Telegram, in process."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from telegram.ext import Application

from bot.__main__ import _parser, command
from bot.app import build_app
from bot.config import Settings
from plans.model import Milestone, ParsedPlan, ParsedTask, PlanMeta
from storage.db import open_db, transaction
from storage.plans import store_plan
from tests.fakegram import BOT_TOKEN, FakeRequest, FakeTelegram, SentMessage

ADMIN_ID = 1


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_settings(tmp_path: Path, **extra: str) -> Settings:
    values = {
        "NHACVIEC_DB": str(tmp_path / "bot.sqlite3"),
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "NHACVIEC_ADMIN_IDS": str(ADMIN_ID),
        "NHACVIEC_FILES": str(tmp_path / "files"),
    }
    values.update(extra)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def task(number: str, title: str, lead: str, due: date | None, *, section: str = "1", kind: str = "due") -> ParsedTask:
    milestone = Milestone(kind=kind, due=due, dates=(due,) if due else ())  # type: ignore[arg-type]
    return ParsedTask(
        number=number, key=number, section=section, section_title=f"Lĩnh vực {section}", title=title,
        deliverables=("Báo cáo",), lead=(lead,), support=(), lead_text=lead, support_text="",
        deadline_text=due.strftime("%d/%m/%Y") if due else "Thường xuyên", milestones=(milestone,),
    )


SAMPLE = ParsedPlan(
    meta=PlanMeta(code="99/KH-UBND", title="Kế hoạch CCHC thử", issuer="UBND Quận 1", issued_on=date(2025, 1, 10), year=2025),
    tasks=(
        task("1.1", "Ban hành Kế hoạch kiểm tra CCHC", "Phường Bến Nghé", date(2025, 3, 31)),
        task("1.2", "Rà soát thủ tục hành chính", "Phòng Nội vụ", date(2025, 3, 20)),
        task("2.1", "Báo cáo quý I", "Phường Bến Nghé", date(2025, 3, 5), section="2"),
    ),
    derived_agencies={"Phường Bến Nghé": "ward", "Phòng Nội vụ": "unit"},
)


_MIGRATED: list[bytes] = []  # an empty database with every migration applied, made once per process


async def fresh_database(path: Path) -> None:
    """Write an empty migrated database at `path`: a copy of one migrated once (a tenth of migrating)."""
    if not _MIGRATED:
        with tempfile.TemporaryDirectory() as folder:
            template = Path(folder) / "migrated.sqlite3"
            await (await open_db(template)).close()
            _MIGRATED.append(template.read_bytes())
    path.write_bytes(_MIGRATED[0])


_SEEDED: list[bytes] = []  # a migrated database with SAMPLE stored at the default moment, made once per process


async def seed_plan(db_path: Path, plan: ParsedPlan = SAMPLE, now: datetime | None = None) -> None:
    """Store a hand-built plan (agencies created) straight into the database (a new one if it is missing). A new
    one with SAMPLE, most tests' plan, is a copy of one seeded once (storing it cost 11 ms a test, a copy 0.3)."""
    if isinstance(db_path, Path) and not db_path.exists():
        if plan is SAMPLE and now is None:
            if not _SEEDED:
                with tempfile.TemporaryDirectory() as folder:
                    template = Path(folder) / "seeded.sqlite3"
                    await seed_plan(template, plan, now=datetime(2025, 1, 10, tzinfo=UTC))  # the same, not copied
                    _SEEDED.append(template.read_bytes())
            db_path.write_bytes(_SEEDED[0])
            return
        await fresh_database(db_path)
    db = await open_db(db_path)
    try:
        async with transaction(db):
            await store_plan(
                db, plan, now=now or datetime(2025, 1, 10, tzinfo=UTC), user_id=None, channel="test",
                source_name="test", create_agencies=True,
            )
    finally:
        await db.close()


@dataclass
class Running:
    """A started Application plus the fake it talks to."""

    app: Application
    fake: FakeTelegram
    clock: Clock

    @property
    def db(self):
        return self.app.bot_data["db"]

    async def say(self, user_id: int, text: str, *, reply_to: int | None = None, chat_id: int | None = None,
                  chat_type: str = "private", contains: str | None = None) -> SentMessage:
        """A user sends a text; wait for the bot's next message to that chat."""
        target = chat_id if chat_id is not None else user_id
        before = self._last_id(target)
        self.fake.user_sends(user_id, text, reply_to=reply_to, chat_id=chat_id, chat_type=chat_type)
        return await self.fake.wait_for_message(target, after=before, contains=contains)

    async def press(self, user_id: int, message: SentMessage, label: str, *, contains: str | None = None) -> SentMessage:
        """A user presses a button; wait for the bot's next message."""
        before = self._last_id(message.chat_id)
        self.fake.user_presses(user_id, message.message_id, message.button_data(label), chat_id=message.chat_id)
        return await self.fake.wait_for_message(message.chat_id, after=before, contains=contains)

    def _last_id(self, chat_id: int) -> int:
        last = self.fake.last_to(chat_id)
        return last.message_id if last else 0


async def cli(settings: Settings, *argv: str) -> int:
    """`nhacviec ARGV…`'s command run on this loop with `settings`, without `main`'s process-wide logging set-up;
    bad usage raises bot.commands.UsageError (main prints it and exits 2)."""
    args = _parser().parse_args(argv)
    return await command(args)(args, settings)


async def start(settings: Settings, fake: FakeTelegram, clock: Clock) -> Running:
    """Initialise and start polling into the inbox, as `nhacviec run` does (post_init starts it)."""
    app = build_app(
        settings, request=FakeRequest(fake), get_updates_request=FakeRequest(fake), clock=clock,
        rate_limit=False, scheduler=False, poll_timeout=1,
    )
    await app.initialize()
    await app.post_init(app)  # type: ignore[misc]
    return Running(app, fake, clock)


async def stop(running: Running) -> None:
    """Stop as `nhacviec run` does on SIGTERM."""
    app = running.app
    await app.post_shutdown(app)  # type: ignore[misc]
    await app.shutdown()
