"""Restoring an SQLite backup in place of the live database: checked first, the live one kept aside, whole or
not at all.

Copying a backup over the database by hand goes wrong quietly: an old `-wal` left beside it (a bot killed,
not stopped) is replayed onto the restored file, so the newer data comes back and nothing says so. Here the
backup is read through SQLite (its own WAL included), checked and migrated in a temporary file beside the
live one, and only then renamed over it; the live database's `-wal` and `-shm` go with the old file.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from i18n import N_
from storage.db import LATEST_VERSION, open_db
from storage.errors import StorageError

# tables every nhacviec database has had since v001: a file without them is some other program's database
_CORE_TABLES = frozenset({"agencies", "plans", "tasks", "reports", "outbox", "kv"})


class RestoreError(StorageError):
    """The backup cannot be restored (its message id and values say why); nothing was changed."""


@dataclass(frozen=True)
class Restored:
    """What the restore did: the backup's schema version before and after migrating, where the old database went."""

    version_before: int
    version_after: int
    kept_aside: Path | None
    reports_lost: int = 0  # reports the database kept aside has after the backup's newest: people will be asked again
    backup_last_report: str | None = None  # the backup's newest report (ISO, UTC); None when it has none


def in_use(path: Path) -> bool:
    """Whether another process (the bot, a `nhacviec tick`) has the database open.

    Leaving WAL mode needs the only connection to the file; SQLite refuses it at once ("database is locked")
    while any other is open, and a process that was killed holds none. On the way the WAL (a killed bot's last
    writes) is written into the file, so the copy kept aside is one file, complete.
    """
    conn = sqlite3.connect(str(path), timeout=0, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        conn.execute("PRAGMA journal_mode = WAL").fetchone()  # as the bot keeps it, its WAL now written in
    except sqlite3.DatabaseError as exc:
        # a file SQLite cannot read at all ("file is not a database") is no one's live database: kept aside as it is
        return "locked" in str(exc) or "busy" in str(exc)
    finally:
        conn.close()
    return False


def check_copy(path: Path, named: Path) -> int:
    """The schema version of the copy at `path` of the backup `named`, after checking it is a whole nhacviec
    database this code can open."""
    conn = sqlite3.connect(str(path))
    try:
        (check,) = conn.execute("PRAGMA integrity_check").fetchone()
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise RestoreError(N_("restore_not_a_database"), path=named, reason=exc) from exc
    finally:
        conn.close()
    if not _CORE_TABLES <= tables or version < 1:
        raise RestoreError(N_("restore_not_nhacviec"), path=named)
    if check != "ok":
        raise RestoreError(N_("restore_damaged"), path=named, detail=check)
    if version > LATEST_VERSION:
        raise RestoreError(N_("restore_newer"), path=named, version=version, latest=LATEST_VERSION)
    return int(version)


async def restore(backup: Path, live: Path, now: datetime) -> Restored:
    """Put `backup` in place of the database `live`, migrated; the old one kept beside it, dated by `now`."""
    staged = live.with_name(live.name + ".restoring")
    try:
        before = await asyncio.to_thread(_stage, backup, live, staged)
        db = await open_db(staged)  # migrates it; closed cleanly, its own -wal is written back and removed
        try:
            async with db.execute("PRAGMA user_version") as cur:
                (after,) = await cur.fetchone()
        finally:
            await db.close()
        kept = await asyncio.to_thread(_swap, staged, live, now)
    finally:
        await asyncio.to_thread(_remove, [staged, *_companions(staged)])
    lost, last = await asyncio.to_thread(_newer_reports, kept, live) if kept is not None else (0, None)
    return Restored(before, int(after), kept, lost, last)


def _newer_reports(kept: Path, restored: Path) -> tuple[int, str | None]:
    """How many reports the database kept aside holds after the restored one's newest, and that newest: what the
    restore took back, which the operator must hear (those agencies are reminded again of what they reported)."""
    with contextlib.closing(sqlite3.connect(str(restored))) as conn:
        (last,) = conn.execute("SELECT MAX(created_at) FROM reports").fetchone()
    with contextlib.closing(sqlite3.connect(str(kept))) as conn:
        try:
            (count,) = conn.execute(
                "SELECT COUNT(*) FROM reports WHERE ? IS NULL OR created_at > ?", (last, last)
            ).fetchone()
        except sqlite3.DatabaseError:  # the old file was no usable database: kept aside as it was
            return 0, last
    return int(count), last


def _stage(backup: Path, live: Path, staged: Path) -> int:
    """The backup copied to `staged` and checked, the live database found free; the backup's schema version."""
    if not backup.is_file():
        raise RestoreError(N_("restore_no_backup"), path=backup)
    if live.exists() and backup.samefile(live):
        raise RestoreError(N_("restore_onto_itself"), path=backup)
    live.parent.mkdir(parents=True, exist_ok=True)
    _copy(backup, staged)
    version = check_copy(staged, backup)  # a file that is no usable backup leaves the live one untouched
    if live.exists() and in_use(live):
        raise RestoreError(N_("restore_in_use"), path=live)
    return version


def _swap(staged: Path, live: Path, now: datetime) -> Path | None:
    """`staged` renamed over `live`; the old file kept aside (returned), its -wal and -shm never left beside."""
    kept = None
    if live.exists():
        if in_use(live):  # the bot was started while the backup was being copied
            raise RestoreError(N_("restore_in_use"), path=live)
        _same_owner(staged, live)
        kept = live.with_name(f"{live.stem}.truoc-khoi-phuc-{now:%Y%m%d-%H%M%S}{live.suffix}")
        live.replace(kept)
    _remove(_companions(live))  # they belonged to the old file: SQLite would replay them onto this one
    staged.replace(live)
    return kept


def _same_owner(path: Path, like: Path) -> None:
    """`path` with the permissions and (when allowed: run as root) the owner of `like`, so a restore run with sudo
    leaves a database the bot's own user can still write."""
    shutil.copymode(like, path)
    owner = like.stat()
    with contextlib.suppress(PermissionError):
        os.chown(path, owner.st_uid, owner.st_gid)


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _copy(source: Path, target: Path) -> None:
    """The backup copied page by page through SQLite, so a WAL beside it is read as part of it."""
    target.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(str(source))
        try:
            dest = sqlite3.connect(str(target))
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise RestoreError(N_("restore_not_a_database"), path=source, reason=exc) from exc


def _companions(path: Path) -> list[Path]:
    """The files SQLite keeps beside a database: its WAL, the WAL's index and a rollback journal."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
