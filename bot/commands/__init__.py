"""The `nhacviec` sub-commands, one module each (loaded only when it runs), and what they share."""

from __future__ import annotations

import errno
import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from i18n import N_, t


class UsageError(Exception):
    """Bad input on the command line: printed on stderr, exit status 2."""


def print_json(value: object) -> None:
    """`value` as indented JSON on stdout, Vietnamese letters as they are."""
    print(json.dumps(value, ensure_ascii=False, indent=2))


def moment(text: str | None, tz: ZoneInfo, lang: str) -> datetime:
    """--at/--now: ISO-8601 or dd/mm/yyyy [HH:MM] (as the demo's /tick and every text of the bot write a day),
    a naive time read in the deployment's zone; now when not given."""
    if text is None:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        value = _day_first(text.strip())
        if value is None:
            raise UsageError(t("cli.bad_moment", lang, text=text)) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)


def _day_first(text: str) -> datetime | None:
    """"05/04/2022 08:00" or "5/4/2022" (midnight, as an ISO date alone is)."""
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def write_file(path: Path, data: bytes, lang: str) -> None:
    """Write what a command was asked to write (--out, --to-xlsx), a clear usage error when the place cannot be
    written (a missing folder, a folder, no permission)."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UsageError(t("cli.cannot_write", lang, path=path, reason=write_problem(exc, lang))) from exc


def write_problem(exc: OSError, lang: str) -> str:
    """Why a file could not be written, in `lang` for the usual reasons (strerror is English)."""
    why = _WRITE_PROBLEMS.get(exc.errno or 0)
    return t(why, lang) if why else str(exc.strerror or exc)


# the usual reasons a file cannot be written, said in the deployment's language (strerror is English)
_WRITE_PROBLEMS = {
    errno.ENOENT: N_("cli.write_no_folder"), errno.ENOTDIR: N_("cli.write_no_folder"), errno.EISDIR: N_("cli.write_is_folder"),
    errno.EACCES: N_("cli.write_not_allowed"), errno.EROFS: N_("cli.write_not_allowed"),
    errno.ENOSPC: N_("cli.write_disk_full"),
}
