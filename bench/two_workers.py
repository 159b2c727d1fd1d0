"""Two workers on one PostgreSQL database at full size: 1,000 reminders sent by two concurrent `nhacviec
tick` processes, the sending one SIGKILLed mid-dispatch, a cron tick after the lease sending the rest.
Same code and assertions as tests/reliability/test_two_workers_postgresql.py (60 reminders); prints the
rows the killed worker held, the duplicates (the documented lease window) and the delivery rate.

    python -m bench.two_workers [--people 1000] [--kill-at 500]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
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
    """Run the two-worker scenario at the size asked for and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--kill-at", type=int, default=500, help="sent count at which the sending worker is killed")
    args = parser.parse_args()
    with running_cluster() as cluster, tempfile.TemporaryDirectory() as tmp:
        asyncio.run(_create(cluster.url("postgres"), "two_workers"))
        print(run_two_workers(Path(tmp), cluster.url("two_workers"), people=args.people, kill_at=args.kill_at))


if __name__ == "__main__":
    main()
