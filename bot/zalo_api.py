"""The Zalo Bot API client: the few calls the bot makes, their errors, and reading updates.

Zalo's Bot API looks like Telegram's (``{base}/bot<TOKEN>/<method>``, a ``{ok, result}`` envelope). The token
is part of every URL: it is redacted from the errors raised here (and masked in log lines by bot/logs.py).
"""

from __future__ import annotations

from typing import Any

import httpx

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"


class ZaloError(Exception):
    """A Zalo Bot API call failed; the message never contains the token."""


class ZaloNetworkError(ZaloError):
    """No answer: connection refused, reset or timed out."""


class ZaloApiError(ZaloError):
    """An error answer: HTTP status, the API's error code and description."""

    def __init__(self, method: str, status: int, error_code: int, description: str) -> None:
        super().__init__(f"{method}: {error_code} {description}")
        self.method = method
        self.status = status
        self.error_code = error_code
        self.description = description


class ZaloApi:
    """The few Zalo Bot API calls the bot makes, over one httpx.AsyncClient."""

    def __init__(
        self, token: str, base_url: str | None = None, *, client: httpx.AsyncClient | None = None
    ) -> None:
        self._token = token
        # ZALO_BASE_URL may be given with or without the "/bot" suffix (TELEGRAM_BASE_URL has it)
        self._base = (base_url or DEFAULT_BASE_URL).rstrip("/").removesuffix("/bot")
        self.client = client or httpx.AsyncClient(timeout=httpx.Timeout(20.0, connect=10.0))

    def redact(self, text: str) -> str:
        """`text` with the token replaced."""
        return text.replace(self._token, "<token>")

    async def call(self, method: str, params: dict[str, Any] | None = None, *, timeout: float | None = None) -> Any:  # noqa: ASYNC109
        """POST a method with JSON parameters; the `result` on success, ZaloApiError/ZaloNetworkError else."""
        url = f"{self._base}/bot{self._token}/{method}"
        kwargs: dict[str, Any] = {"json": params or {}}
        if timeout is not None:
            kwargs["timeout"] = httpx.Timeout(timeout, connect=10.0)
        try:
            response = await self.client.post(url, **kwargs)
        except httpx.TimeoutException:
            raise ZaloNetworkError(f"{method}: timed out") from None
        except httpx.HTTPError as exc:
            # httpx errors may quote the URL, which holds the token: keep only a redacted sentence
            raise ZaloNetworkError(f"{method}: {type(exc).__name__}: {self.redact(str(exc))}") from None
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if response.status_code == 200 and body.get("ok"):
            return body.get("result")
        code = int(body.get("error_code") or response.status_code)
        description = self.redact(str(body.get("description") or response.reason_phrase or "error"))
        raise ZaloApiError(method, response.status_code, code, description)

    async def get_updates(self, timeout: float) -> list[dict[str, Any]]:  # noqa: ASYNC109
        """Long-poll for the next update; [] when none came within `timeout` (HTTP 408)."""
        try:
            result = await self.call("getUpdates", {"timeout": str(int(timeout))}, timeout=timeout + 10)
        except ZaloApiError as exc:
            if exc.status == 408 or exc.error_code == 408:
                return []
            raise
        return updates_of(result)

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.client.aclose()


def updates_of(payload: Any) -> list[dict[str, Any]]:
    """Updates in a getUpdates result or a webhook body (one update, a list, or an {ok, result} envelope)."""
    if isinstance(payload, list):
        return [u for u in payload if isinstance(u, dict)]
    if not isinstance(payload, dict):
        return []
    if "event_name" in payload:
        return [payload]
    if "result" in payload:
        return updates_of(payload["result"])
    return []
