"""Two workers and a cron tick on one PostgreSQL database at full size: 1,000 reminders sent by two
concurrent `nhacviec tick` processes, the sending one SIGKILLed mid-dispatch, then two `nhacviec run`
webhook workers taking 2,000 replies (a third posted again to the other worker; the second worker
SIGKILLed half-way and restarted), then a cron tick after the lease sending the rest (the reminders the
killed tick left, the answers the killed worker had stored and not sent), against the HTTP fake Telegram.
Same code and assertions as tests/reliability/test_two_workers_postgresql.py (40 reminders, 80 replies);
prints the figures first, then asserts.

    python -m bench.two_workers [--people 1000] [--kill-at 500] [--replies 2] [--telegram-limits]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.pg_cluster import running_cluster
from tests.reliability.test_two_workers_postgresql import run_two_workers


async def _create(url: str, name: str) -> None:
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()


def main() -> None:
    """Run the two-worker scenario at the size asked for, print its figures and check them."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--kill-at", type=int, default=500, help="reminders sent when the sending tick is killed")
    parser.add_argument("--replies", type=int, default=2, help="replies per person")
    parser.add_argument("--telegram-limits", action="store_true",
                        help="the fake refuses sends beyond 30 a second or 1 a second per chat (429)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
    started = time.monotonic()
    with running_cluster() as cluster, tempfile.TemporaryDirectory() as tmp:
        asyncio.run(_create(cluster.url("postgres"), "two_workers"))
        figures, seeded = run_two_workers(Path(tmp), cluster.url("two_workers"), people=args.people,
                                          kill_at=args.kill_at, replies_per_person=args.replies,
                                          telegram_limits=args.telegram_limits)
    print(figures.summary())
    print(f"wall time {time.monotonic() - started:.0f} s (seeding and the cluster included); "
          f"load average {os.getloadavg()[0]:.1f}")
    figures.check(seeded)
    print("held: every reminder and every answer once outside the lease window, every reply stored once and "
          "answered, nothing lost")


if __name__ == "__main__":
    main()
