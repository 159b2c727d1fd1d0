"""The `nhacviec` sub-commands, one module each (loaded only when it runs), and what they share."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from i18n import t


class UsageError(Exception):
    """Bad input on the command line: printed on stderr, exit status 2."""


def print_json(value: object) -> None:
    """`value` as indented JSON on stdout, Vietnamese letters as they are."""
    print(json.dumps(value, ensure_ascii=False, indent=2))


def moment(text: str | None, tz: ZoneInfo, lang: str) -> datetime:
    """--at/--now: ISO-8601, a naive time read in the deployment's zone; now when not given."""
    if text is None:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(t("cli.bad_moment", lang, text=text)) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)
