"""Driving `handlers.dispatch.dispatch` directly with IncomingMessage values, for the table-heavy tests."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from chat.messages import Attachment, IncomingMessage, OutgoingMessage
from handlers.context import Context, CoreSettings
from handlers.dispatch import dispatch
from storage.db import open_db, transaction
from storage.people import set_role
from storage.reports import remember_sent
from tests.harness import SAMPLE, Clock, seed_plan

ADMIN = "1"
NOW = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)  # Monday 10/03/2025 09:00 in Hà Nội


@dataclass
class Core:
    """A migrated database with the sample plan, a clock, and `dispatch` one message at a time."""

    db: aiosqlite.Connection
    path: Path
    clock: Clock
    files: dict[str, bytes] = field(default_factory=dict)  # file_id -> bytes fetch_file serves
    fetched: list[str] = field(default_factory=list)

    @property
    def ctx(self) -> Context:
        async def fetch(attachment: Attachment) -> bytes | None:
            self.fetched.append(attachment.file_id)
            return self.files.get(attachment.file_id)

        return Context(
            db=self.db,
            settings=CoreSettings(admin_ids=frozenset({f"telegram:{ADMIN}"}), files_dir=self.path.parent / "files"),
            clock=self.clock,
            deep_link=lambda code: f"https://t.me/nhacviec_test_bot?start={code}",
            fetch_file=fetch,
        )

    async def send(self, user: str, text: str = "", *, sent_as: str | None = None, **fields) -> list[OutgoingMessage]:
        """One message from Telegram user `user` (private chat unless `chat_id`/`chat_type` say otherwise).

        `sent_as`: the message id the adapter would have sent the answer as (replies to it then map back).
        """
        fields.setdefault("chat_id", user)
        fields.setdefault("user_name", f"Người {user}")
        msg = IncomingMessage(channel="telegram", user_id=user, text=text, **fields)
        answers = await dispatch(msg, self.ctx)
        assert isinstance(answers, list) and all(isinstance(a, OutgoingMessage) for a in answers), answers
        for answer in answers:
            if sent_as is not None and answer.refers_to:
                async with transaction(self.db):
                    await remember_sent(self.db, channel="telegram", chat_id=msg.chat_id, message_id=sent_as,
                                        kind=answer.kind, user_id=None, items=answer.refers_to, now=self.clock())
        return answers

    async def text(self, user: str, text: str = "", **fields) -> str:
        """The answers' texts joined."""
        return "\n".join(a.text for a in await self.send(user, text, **fields))

    async def link(self, user: str, role: str, agency: str | None) -> int:
        """Give a Telegram user a role in an agency (None: no agency), as an accepted invite would."""
        await self.send(user, "/help")  # first contact creates the user
        async with transaction(self.db):
            agency_id = await self.agency_id(agency) if agency else None
            user_id = await self.user_id(user)
            await set_role(self.db, user_id, role, agency_id)
        return user_id

    async def agency_id(self, name: str) -> int:
        async with self.db.execute("SELECT id FROM agencies WHERE name = ?", (name,)) as cur:
            return (await cur.fetchone())[0]

    async def user_id(self, user: str) -> int:
        async with self.db.execute(
            "SELECT user_id FROM identities WHERE channel = 'telegram' AND external_id = ?", (user,)
        ) as cur:
            return (await cur.fetchone())[0]

    async def task_id(self, number: str) -> int:
        async with self.db.execute("SELECT id FROM tasks WHERE number = ?", (number,)) as cur:
            return (await cur.fetchone())[0]

    async def occurrence_of(self, number: str) -> int:
        async with self.db.execute(
            "SELECT o.id FROM occurrences o JOIN milestones m ON m.id = o.milestone_id JOIN tasks t ON t.id = m.task_id"
            " WHERE t.number = ? ORDER BY o.due LIMIT 1", (number,)
        ) as cur:
            return (await cur.fetchone())[0]

    async def count(self, table: str, where: str = "TRUE", args: tuple = ()) -> int:
        async with self.db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", args) as cur:
            return (await cur.fetchone())[0]

    def counts(self) -> dict[str, int]:
        """Rows per table (read through a second connection: what is committed)."""
        with sqlite3.connect(self.path) as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


async def open_core(tmp_path: Path, plan=SAMPLE, database: str | None = None) -> Core:
    """A fresh database with `plan` stored (agencies created); `database`: an empty one to use instead
    (a PostgreSQL URL; `path` then only places the files)."""
    path = tmp_path / "core.sqlite3"
    await seed_plan(database or path, plan)  # type: ignore[arg-type]
    return Core(await open_db(database or path), path, Clock(NOW))
