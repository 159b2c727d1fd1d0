"""Sending answers to people right away (not through the outbox), with a short retry."""

from __future__ import annotations

import asyncio

from handlers.messages import Messenger, OutgoingMessage, SendError

RETRY_DELAYS = (0.2, 0.5, 1.0)
MAX_WAIT = 10.0  # a longer 429 pause is better spent answering others


async def send_answer(messenger: Messenger, chat_id: str, message: OutgoingMessage) -> str:
    """Send, retrying a few quick times on a network error, a 5xx or a short 429; permanent errors raise.

    The person is waiting for "Đã ghi nhận": a lost confirmation makes them send the report again.
    A timeout whose message did arrive can show the confirmation twice, which is the lesser harm.
    """
    for delay in (*RETRY_DELAYS, None):
        try:
            return await messenger.send(chat_id, message)
        except SendError as exc:
            if exc.permanent or delay is None or (exc.retry_after or 0) > MAX_WAIT:
                raise
            await asyncio.sleep(max(delay, exc.retry_after or 0))
    raise AssertionError("unreachable")
