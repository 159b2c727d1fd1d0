"""python-telegram-bot's rate limiter on the process's RateLimiter (schedules/ratelimit.py).

PTB paces the requests of an `ExtBot` through a `BaseRateLimiter` (its documented way to pace otherwise
than its per-process AIORateLimiter): `process_request` is given each request and calls it when it may
go; `rate_limit_args`, passed to the bot's methods, tells requests apart. Here every request addressed to
a chat waits for the process's RateLimiter: the outbox's (marked OUTBOX, schedules.dispatcher's sends)
spread evenly and one a second per chat, answers to people first and at once while the process's share
allows. The share is the whole 30 a second alone, or what schedules.sharing keeps beside other workers;
no request ever waits for the database. A 429 is not retried here: it goes back to the caller, whose
policy knows whether a person is waiting (schedules.delivery) or the outbox can wait (the dispatcher).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import BaseRateLimiter

from schedules.ratelimit import RateLimiter

OUTBOX = "outbox"  # rate_limit_args of the outbox's sends


class PacedRateLimiter(BaseRateLimiter[str]):
    """Every request to a chat waits for the process's RateLimiter: OUTBOX requests as the outbox's, the
    others as answers."""

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter

    async def initialize(self) -> None:
        """Nothing to set up: the limiter is the process's."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for the request's turn when it goes to a chat (as AIORateLimiter counts), then make it."""
        chat_id = data.get("chat_id")
        if chat_id is not None:
            if rate_limit_args == OUTBOX:
                await self.limiter.acquire(str(chat_id))
            else:
                await self.limiter.answer(str(chat_id))
        return await callback(*args, **kwargs)
