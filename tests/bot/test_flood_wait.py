"""A flood wait (429) through the fake Telegram reads its delay without python-telegram-bot's deprecation of
`RetryAfter.retry_after` in seconds: the bot opts in to time periods as timedelta, as PTB 22.2 documents."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime

import pytest

from chat.messages import OutgoingMessage, SendError
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, make_settings, start, stop


async def test_a_flood_wait_is_read_without_deprecation_warnings(tmp_path, monkeypatch):
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)  # as in a fresh process
    fake = FakeTelegram()
    fake.add_user(ADMIN_ID, first_name="Admin")
    running = await start(make_settings(tmp_path), fake, Clock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC)))
    try:
        messenger = running.app.bot_data["messengers"]["telegram"]
        fake.fail_next("sendMessage", 1, status=429, retry_after=7)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pytest.raises(SendError) as failed:
                await messenger.send(str(ADMIN_ID), OutgoingMessage("Xin chào"))
        assert failed.value.retry_after == 7.0 and not failed.value.permanent
        assert [w for w in caught if issubclass(w.category, DeprecationWarning)] == []
    finally:
        await stop(running)
