"""`nhacviec migrate` (and `migrate --to postgresql://…`) and `nhacviec backup`, and the connection every
database command opens."""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import aiosqlite

from bot.commands import UsageError
from bot.config import Settings
from i18n import N_, t
from i18n.formats import format_date, format_number, format_time
from storage.backup import backup_to
from storage.copy import CopyError, copy_to_postgresql
from storage.db import open_db
from storage.pg import driver, is_url, without_password
from storage.restore import RestoreError
from storage.restore import restore as restore_backup


@asynccontextmanager
async def connected(settings: Settings, *, create: bool = False) -> AsyncIterator[aiosqlite.Connection]:
    """The deployment's database, migrated, closed when the command ends.

    Only the commands that fill a database (`migrate`, `import`, `agency add`) may create it: for the others a
    missing file is a mistyped NHACVIEC_DB, and an empty database made there would hide the mistake.
    """
    if not create and isinstance(settings.db, Path) and not settings.db.exists():
        raise UsageError(t("cli.db_missing", settings.lang, path=settings.db))
    try:
        db = await open_db(settings.db)
    except (OSError, ValueError) as exc:  # a PostgreSQL server that is down, a host or port mistyped
        if not is_url(settings.db):
            raise
        raise UsageError(database_unusable(settings, t("db_unreachable", settings.lang, detail=exc))) from None
    except Exception as exc:
        if not is_url(settings.db) or not isinstance(exc, driver().PostgresError | driver().InterfaceError):
            raise
        # the server's own words: «database "x" does not exist», «password authentication failed for user …»
        raise UsageError(database_unusable(settings, str(exc))) from None
    try:
        yield db
    finally:
        await db.close()


def database_unusable(settings: Settings, reason: str) -> str:
    """«Không dùng được cơ sở dữ liệu postgresql://…: …» (the password masked)."""
    return t("db_unusable", settings.lang, path=shown(settings.db), reason=reason)


def shown(target: Path | str) -> str:
    """The database as it may be printed (a URL without its password)."""
    return without_password(target) if isinstance(target, str) else str(target)


async def migrate(args: argparse.Namespace, settings: Settings) -> int:
    """`migrate`: apply the database's pending migrations (opening it does), creating it if there is none;
    `migrate --to URL`: then copy it whole into an empty PostgreSQL database."""
    if getattr(args, "to", None):
        return await copy_to(args.to, settings)
    existed = not isinstance(settings.db, Path) or settings.db.exists()
    async with connected(settings, create=True):
        pass
    print(t(N_("cli.migrated") if existed else N_("cli.db_created"), settings.lang, path=shown(settings.db)))
    return 0


async def copy_to(url: str, settings: Settings) -> int:
    """Copy the SQLite database (migrated first) into the empty PostgreSQL database at `url`, counts checked."""
    if not is_url(url):
        raise UsageError(t("cli.migrate_to_not_postgresql", settings.lang, target=url))
    if not isinstance(settings.db, Path):
        raise UsageError(t("cli.migrate_to_needs_sqlite", settings.lang, path=shown(settings.db)))
    async with connected(settings):
        pass
    try:
        copied = await copy_to_postgresql(settings.db, url)
    except CopyError as exc:
        reason = t(exc.key, settings.lang, **exc.values)
        raise UsageError(t("cli.migrate_to_failed", settings.lang, target=shown(url), reason=reason)) from exc
    except (OSError, driver().PostgresError) as exc:
        raise UsageError(t("cli.migrate_to_failed", settings.lang, target=shown(url), reason=exc)) from exc
    print(t("cli.migrated_to", settings.lang, rows=format_number(copied.rows, settings.lang),
            tables=len(copied.counts), target=shown(url)))
    return 0


async def backup(args: argparse.Namespace, settings: Settings) -> int:
    """`backup FILE|FOLDER`: an online copy of the database, safe while the bot runs (dated when given a folder)."""
    if not isinstance(settings.db, Path):
        raise UsageError(t("cli.backup_postgresql", settings.lang))
    target = backup_target(args.file, settings)
    async with connected(settings) as db:
        try:
            await backup_to(db, target)
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(t("cli.backup_failed", settings.lang, path=target, reason=exc)) from exc
    print(t("cli.backed_up", settings.lang, path=target))
    return 0


def backup_target(given: str, settings: Settings) -> Path:
    """The file to write: `given`, or a dated file in it when it is a folder; never the live database."""
    target = Path(given)
    if target.is_dir() or given.endswith(("/", "\\")):
        # the deployment's local time (NHACVIEC_TZ), not the server's (often UTC): named for the people there
        target = target / f"nhacviec-{datetime.now(settings.zone):%Y%m%d-%H%M%S}.sqlite3"
    if target.exists() and isinstance(settings.db, Path) and settings.db.exists() and target.samefile(settings.db):
        raise UsageError(t("cli.backup_onto_itself", settings.lang, path=target))
    return target


async def restore(args: argparse.Namespace, settings: Settings) -> int:
    """`restore BACKUP`: the backup checked and migrated in place of the database, the old one kept aside."""
    if not isinstance(settings.db, Path):
        raise UsageError(t("cli.restore_postgresql", settings.lang))
    backup = backup_file(args.backup, settings.db, settings.lang)
    try:
        done = await restore_backup(backup, settings.db, datetime.now(settings.zone))
    except RestoreError as exc:
        raise UsageError(t(exc.key, settings.lang, **exc.values)) from exc
    except OSError as exc:
        raise UsageError(t("cli.restore_failed", settings.lang, path=settings.db, reason=exc)) from exc
    print(t("cli.restored", settings.lang, path=settings.db, backup=args.backup))
    if done.version_after != done.version_before:
        print(t("cli.restored_migrated", settings.lang, before=done.version_before, after=done.version_after))
    if done.kept_aside is not None:
        print(t("cli.restored_kept", settings.lang, path=done.kept_aside))
    if done.reports_lost and done.backup_last_report is None:
        print(t("cli.restored_lost_all", settings.lang, count=done.reports_lost))
    elif done.reports_lost:
        last = datetime.fromisoformat(done.backup_last_report).astimezone(settings.zone)
        when = f"{format_date(last.date(), settings.lang)} {format_time(last, settings.lang)}"
        print(t("cli.restored_lost", settings.lang, count=done.reports_lost, last=when))
    return 0


def backup_file(given: str, live: Path, lang: str) -> Path:
    """The backup `restore` was given; the backups' folder (as `backup` takes one) is refused naming its newest."""
    path = Path(given)
    if not path.is_dir():
        return path
    found = [p for p in path.glob("*.sqlite3") if p.is_file() and not (live.exists() and p.samefile(live))]
    backups = sorted(found, key=lambda p: p.stat().st_mtime)
    if not backups:
        raise UsageError(t("cli.restore_folder_empty", lang, path=path))
    raise UsageError(t("cli.restore_folder", lang, path=path, newest=backups[-1], n=format_number(len(backups), lang)))
