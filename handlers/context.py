"""What every handler gets: the database, core settings, the clock and the channel's few capabilities."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import aiosqlite

from chat.messages import Attachment, OutgoingMessage
from i18n import t
from plans.model import ParsedPlan, PlanError

if TYPE_CHECKING:  # only a type here: `nhacviec parse-reply` reads replies without loading storage
    from storage.outbox import OutboxRow


@dataclass(frozen=True)
class CoreSettings:
    """The part of the deployment's settings the core needs (no secrets)."""

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    lang: str = "vi"
    admin_ids: frozenset[str] = frozenset()  # "channel:user id" of people who are admins from their first /start
    invite_days: int = 7
    files_dir: Path = Path("nhacviec-files")
    max_download: int = 20 * 1024 * 1024  # the largest file a bot may download from the chat platforms
    max_import: int = 20 * 1024 * 1024
    reminder_time: time = time(8, 0)  # local time of the day's reminders (NHACVIEC_REMINDER_TIME)
    # chat apps without reply-to or buttons (the bot layer names them): their people are told to type their
    # answer, which goes to the chat's latest reminder or list, not to reply to it or press a button
    typed_channels: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Context:
    """Per-deployment services handed to `dispatch`; the core never asks which channel it is on."""

    db: aiosqlite.Connection
    settings: CoreSettings
    clock: Callable[[], datetime]
    # the deep link that opens the bot with an invite code, where the channel has one
    deep_link: Callable[[str], str | None] = lambda code: None
    # fetch a file people sent (None when the channel cannot)
    fetch_file: Callable[[Attachment], Awaitable[bytes | None]] | None = None
    # send an answer to the person at once, before the handler has made its others (None: every answer
    # goes when the handler returns): /summary's text is read while its spreadsheet is being made
    answer_now: Callable[[OutgoingMessage], Awaitable[None]] | None = None
    # a list (a message from the inbox): the answers without files go into the outbox in the unit of work of
    # what they answer, claimed by this process (storage.outbox.enqueue_claimed), their rows are put here
    # for the channel to send at once, and `dispatch` returns only the others; should the process die
    # before sending them, a later dispatch does. None: every answer is returned
    queued: list[OutboxRow] | None = None
    # a plan file read between two units of work (handlers.admin.read_between_units), or why it could not be
    plan_read: tuple[Attachment, ParsedPlan | PlanError] | None = None

    def worded(self, channel: str, replied: str, typed: str, lang: str, /, **values: object) -> str:
        """A text telling people how to answer: `typed` on a channel whose people type their answers (no
        reply-to, no buttons), else `replied`."""
        return t(typed if channel in self.settings.typed_channels else replied, lang, **values)
