"""The unit-of-work rule: the shared connection runs statements only inside transaction().

A chat's read made outside a unit would see (and a write would join) whatever unit another chat has
open on the connection at that moment, so every path the bot takes is watched here for statements made
while no transaction is open.
"""

from __future__ import annotations

from datetime import time

import pytest

from schedules.model import ReminderSettings
from schedules.tick import run_tick
from schedules.weekly import enqueue_weekly_summary
from tests.helpers import FakeMessenger
from tests.reliability_core import ADMIN, NOW, open_core

STATEMENTS = ("execute", "execute_fetchall", "executemany", "executescript", "execute_insert")


class OutsideUnits:
    """The statements made on `db` while it had no transaction open (BEGIN itself aside)."""

    def __init__(self, db, monkeypatch: pytest.MonkeyPatch) -> None:
        self.statements: list[str] = []
        for name in STATEMENTS:
            monkeypatch.setattr(db, name, self._watched(db, getattr(db, name)))

    def _watched(self, db, original):
        def watched(sql: str, *args, **kwargs):
            if not db.in_transaction and not sql.lstrip().upper().startswith("BEGIN"):
                self.statements.append(" ".join(sql.split())[:80])
            return original(sql, *args, **kwargs)

        return watched


async def test_replies_commands_and_ticks_use_the_shared_connection_only_inside_units(tmp_path, monkeypatch):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        await core.send(ADMIN, "/set_committee")
        outside = OutsideUnits(core.db, monkeypatch)

        await core.send("2", "/tasks", message_id="9", sent_as="10")
        assert "Đã ghi nhận" in await core.text("2", "1.1 xong", reply_to_ref="10", message_id="11")
        assert "Đã ghi nhận" in await core.text("2", "1.1 đang làm 50%", message_id="12")
        await core.send("2", "/summary")  # read-only commands are answered after the message's unit
        await core.send(ADMIN, "/summary Phường Bến Nghé")
        await core.send(ADMIN, "/overdue")
        await core.send("3", "/start")  # first contact: the path that writes the user
        messenger = FakeMessenger()
        await run_tick(core.db, {"telegram": messenger}, ReminderSettings(), NOW)
        await enqueue_weekly_summary(core.db, NOW, tz=core.ctx.settings.tz, weekday=0, at=time(8))

        assert messenger.sent, "the tick sent its reminders"
        assert outside.statements == []
    finally:
        await core.db.close()
