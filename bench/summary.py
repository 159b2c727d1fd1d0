"""/summary and /overdue as a secretary gets them: through the real bot and the in-process fake Telegram.

    python bench/summary.py [--scale district|province|national ...] [--repeats 3] [--rebuild] [--sqlite-only]

For each scale (bench/scale.py: 150, 1,000 and 3,500 agencies; national is 280,000 lead pairs and 1.46
million reports, built once and cached in /tmp, and a copy migrated to this code's schema cached beside
it), a child process starts the bot (python-telegram-bot on the fake Telegram, as tests/harness.py does) on
that database and times, from the moment the message is sent: `/summary` to its first message (the text)
and to its last file (spreadsheet and chart), and `/overdue` to its answer; the median of --repeats runs
after one warm-up, the CPU one `/summary` costs the process (every thread: a figure the machine's load
moves less than the wall times) and the process's peak RSS. It first keeps the day's on-time counts as the
minute tick does (storage.rollups.warm_states, timed), so its warm-up is the day's first `/summary` as a
secretary gets it; a child of the same code without that warming gives the day's first as it was (it works
the counts out and keeps them), printed beside it. Another child does the same with the
handlers as they were (the baseline, in this run): one rollup with every detail line before anything is
sent, and /overdue grouped from that rollup. A third child (where PostgreSQL's binaries are,
tests/pg_cluster.py) copies the database into a throw-away PostgreSQL cluster with `migrate --to`'s code
and times today's handlers there: the PostgreSQL column. Targets: national /summary first message ≤ 1 s
and last file ≤ 5 s, province everything ≤ 1 s, national /overdue ≤ 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scale import AS_OF, SCALES, TZ, database
from chat.messages import IncomingMessage, OutgoingFile, OutgoingMessage
from handlers import dispatch, summary
from handlers.context import Context
from handlers.session import Who, require_linked
from reports.chart import render_chart
from reports.text import render_overdue, render_scorecard, render_text
from reports.xlsx import render_xlsx
from storage.copy import copy_to_postgresql
from storage.db import LATEST_VERSION, open_db
from storage.rollup_values import OverdueGroup, OverdueList
from storage.rollups import OVERDUE_SHOWN, compute_rollup, warm_states
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, make_settings, start, stop
from tests.pg_cluster import bin_dir, running_cluster

TARGETS = {  # scale: (first message, last file, /overdue), seconds
    "district": (1.0, 1.0, 1.0),
    "province": (1.0, 1.0, 1.0),
    "national": (1.0, 5.0, 1.0),
}


async def baseline_summary(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/summary as it was: one rollup with every detail line, then text and files, all sent at the end."""
    require_linked(who)
    period, _, _ = summary.parse_summary_args(args)
    rollup = await compute_rollup(ctx.db, as_of=ctx.clock(), period=period, tz=ctx.settings.tz)
    if not who.is_staff:
        return [OutgoingMessage(chunk) for chunk in render_scorecard(rollup, 0, who.lang)]
    chunks = render_text(rollup, who.lang)
    xlsx, png = await asyncio.gather(asyncio.to_thread(render_xlsx, rollup), asyncio.to_thread(render_chart, rollup))
    stamp = rollup.today.strftime("%Y-%m-%d")
    files = (
        OutgoingFile(name=f"tong-hop-cchc-{stamp}.xlsx", data=xlsx),
        OutgoingFile(name=f"bieu-do-cchc-{stamp}.png", data=png, kind="photo"),
    )
    answers = [OutgoingMessage(chunk) for chunk in chunks]
    answers[-1] = replace(answers[-1], files=files)
    return answers


async def baseline_overdue(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/overdue as it was: the whole rollup with every detail line, grouped by agency in Python."""
    require_linked(who)
    rollup = await compute_rollup(ctx.db, as_of=ctx.clock(), period="week", tz=ctx.settings.tz)
    groups: dict[str, list] = {}
    late = [d for d in rollup.details if d.overdue_since]
    for d in sorted(late, key=lambda d: (d.overdue_since, d.number)):
        groups.setdefault(d.agency, []).append(d)
    shown, listed = [], 0
    for agency, lines in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if listed >= OVERDUE_SHOWN:
            break
        shown.append(OverdueGroup(agency, tuple(lines)))
        listed += len(lines)
    return [OutgoingMessage(c) for c in render_overdue(OverdueList(rollup.today, len(late), tuple(shown)), who.lang)]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process so far, every thread (the SQLite connections' too)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run(path: Path, repeats: int, baseline: bool, postgresql: bool = False, warmed: bool = True) -> dict:
    """Time /summary and /overdue through the bot on `path` (or on its copy in PostgreSQL); the figures as a dict.
    `warmed`: the day's on-time counts kept first, as the minute tick does, before the day's first /summary."""
    if baseline:  # the handlers as they were, in place of today's (the same table dispatch reads)
        dispatch.COMMANDS["summary"] = baseline_summary
        dispatch.COMMANDS["overdue"] = baseline_overdue
    fake = FakeTelegram()
    fake.add_user(ADMIN_ID, first_name="Thư ký")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        # a copy: the cached database stays as built, and its inbox never holds another run's update ids
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        target = str(copy)
        if postgresql:  # the copy migrated and moved over as `migrate --to` does
            await (await open_db(copy)).close()
            cluster = stack.enter_context(running_cluster())
            admin = await asyncpg.connect(cluster.url("postgres"))
            await admin.execute("CREATE DATABASE bench")
            await admin.close()
            target = cluster.url("bench")
            await copy_to_postgresql(copy, target)
        settings = make_settings(Path(tmp), NHACVIEC_DB=target)
        bot = await start(settings, fake, Clock(AS_OF))
        try:
            # the first message makes the user (and the first open migrates a cached database): not timed
            fake.user_sends(ADMIN_ID, "/help")
            await fake.wait_for_message(ADMIN_ID, after=0, timeout=300)

            async def summary_once() -> tuple[float, float, float]:
                before = fake.last_to(ADMIN_ID).message_id
                started, cpu = time.perf_counter(), _cpu_s()
                fake.user_sends(ADMIN_ID, "/summary tuần")
                await fake.wait_for(lambda: [m for m in fake.messages_to(ADMIN_ID) if m.message_id > before],
                                    timeout=120)
                first = time.perf_counter() - started
                await fake.wait_for(
                    lambda: len([m for m in fake.messages_to(ADMIN_ID) if m.message_id > before and m.file_name]) >= 2,
                    timeout=300,
                )
                return first, time.perf_counter() - started, _cpu_s() - cpu

            async def overdue_once() -> float:
                before = fake.last_to(ADMIN_ID).message_id
                started = time.perf_counter()
                fake.user_sends(ADMIN_ID, "/overdue")
                await fake.wait_for_message(ADMIN_ID, after=before, timeout=120)
                return time.perf_counter() - started

            # the minute tick's warming (schedules.tick): the day's on-time counts kept before anyone asks
            warming = (0.0, 0.0)
            if warmed:
                started, cpu = time.perf_counter(), _cpu_s()
                db = await open_db(target)
                try:
                    assert await warm_states(db, as_of=AS_OF, tz=TZ)
                finally:
                    await db.close()
                warming = (time.perf_counter() - started, _cpu_s() - cpu)
            # warm-up: the page cache and matplotlib's fonts; the day's first roll-up, which reads the counts
            # the warming kept, or without it works them out and keeps them for the timed ones
            warm = await summary_once()
            summaries = [await summary_once() for _ in range(repeats)]
            overdues = [await overdue_once() for _ in range(repeats)]
        finally:
            await stop(bot)
    return {
        "first": statistics.median(s[0] for s in summaries),
        "last": statistics.median(s[1] for s in summaries),
        "overdue": statistics.median(overdues),
        "cpu": statistics.median(s[2] for s in summaries),
        "warm": warm,
        "warming": warming,
        "rss": _peak_mb(),
    }


def migrated(path: Path, *, rebuild: bool = False) -> Path:
    """A copy of the cached database migrated to this code's schema, made once (at national scale migrating
    takes minutes, which every child would otherwise spend on its own copy before timing anything)."""
    target = path.with_name(f"{path.stem}-v{LATEST_VERSION}{path.suffix}")
    if rebuild or not target.exists():
        partial = target.with_name(f"{target.name}.partial")
        shutil.copyfile(path, partial)
        asyncio.run(_migrate(partial))
        partial.rename(target)
    return target


async def _migrate(path: Path) -> None:
    await (await open_db(path)).close()


def measure(scale: str, path: Path, repeats: int, *, postgresql: bool = True) -> None:
    """Both children on one scale, and their figures side by side."""
    results = {}
    kinds = ["today", "unwarmed", "baseline"] + (["postgresql"] if postgresql and bin_dir() is not None else [])
    for kind in kinds:
        cmd = [sys.executable, __file__, "--child", kind, "--db", str(path), "--repeats", str(repeats)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        results[kind] = json.loads(out.strip().splitlines()[-1])
    now, old = results["today"], results["baseline"]
    pg = results.get("postgresql")
    first, last, late = TARGETS[scale]

    def mark(value: float, target: float) -> str:
        return "ok" if value <= target else "over"

    def on_pg(name: str) -> str:
        if pg:
            return f"  PostgreSQL {pg[name]:6.2f} s"
        return "  (PostgreSQL: not run, --sqlite-only)" if not postgresql else "  (PostgreSQL: no binaries)"

    print(f"{scale} ({SCALES[scale]:,} agencies), median of {repeats}:")
    print(f"  /summary first message  {now['first']:6.2f} s  (baseline {old['first']:6.2f} s)"
          f"  target ≤ {first:g} s: {mark(now['first'], first)}" + on_pg("first"))
    print(f"  /summary last file      {now['last']:6.2f} s  (baseline {old['last']:6.2f} s)"
          f"  target ≤ {last:g} s: {mark(now['last'], last)}" + on_pg("last"))
    print(f"  /overdue                {now['overdue']:6.2f} s  (baseline {old['overdue']:6.2f} s)"
          f"  target ≤ {late:g} s: {mark(now['overdue'], late)}" + on_pg("overdue"))
    print(f"  CPU of one /summary     {now['cpu']:6.2f} s  (baseline {old['cpu']:6.2f} s)  the bot's process, all threads")
    print(f"  peak RSS of the bot     {now['rss']:6.0f} MB (baseline {old['rss']:6.0f} MB)")
    warm, cold, warming = now["warm"], results["unwarmed"]["warm"], now["warming"]
    print(f"  the day's first /summary (the warm-up): first message {warm[0]:.2f} s, last file {warm[1]:.2f} s,"
          f" CPU {warm[2]:.2f} s; without the tick's warming (it fills the counts) {cold[0]:.2f} s, {cold[1]:.2f} s,"
          f" CPU {cold[2]:.2f} s")
    print(f"  the tick's warming      {warming[0]:6.2f} s, CPU {warming[1]:.2f} s (before anyone asks)", flush=True)


def main() -> None:
    """Build the databases when needed, then print the figures of each scale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), action="append")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--sqlite-only", action="store_true", help="no PostgreSQL column (its copy takes minutes)")
    parser.add_argument("--child", choices=["today", "unwarmed", "baseline", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(run(args.db, args.repeats, args.child == "baseline",
                                         postgresql=args.child == "postgresql", warmed=args.child != "unwarmed"))))
        return
    for scale in args.scale or list(SCALES):
        measure(scale, migrated(database(SCALES[scale], rebuild=args.rebuild), rebuild=args.rebuild), args.repeats,
                postgresql=not args.sqlite_only)


if __name__ == "__main__":
    main()
