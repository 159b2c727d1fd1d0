"""Online backups through SQLite's backup API: consistent while the bot keeps writing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite


async def backup_to(db: aiosqlite.Connection, target: str | Path) -> int:
    """Copy the live database to `target` page by page; returns the number of pages copied."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            # one step: the copy is the snapshot of one read transaction. Copying in slices restarts from the
            # first page whenever another connection commits, so under steady writes it might never finish.
            await db.backup(dest, pages=-1)
            (pages,) = dest.execute("PRAGMA page_count").fetchone()
            (check,) = dest.execute("PRAGMA integrity_check").fetchone()
            if check != "ok":
                raise RuntimeError(f"bản sao lưu không toàn vẹn: {check}")
        finally:
            dest.close()
        tmp.replace(target)  # never leave a half-written backup under the real name
    except BaseException:
        tmp.unlink(missing_ok=True)  # a failed copy leaves nothing behind
        raise
    return int(pages)
