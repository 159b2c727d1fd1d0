"""The whole-year replay of the incremental planner against a full re-plan (tests/schedules/test_tick_replay.py
replays January to April in `make test`).

    python -m bench.tick_replay               # every working day of 2022; an AssertionError names the first tick that differs
    python -m bench.tick_replay --postgresql  # the same on two databases of a throw-away PostgreSQL cluster
"""

from __future__ import annotations

import argparse
import asyncio
import time

import asyncpg

from tests.pg_cluster import running_cluster
from tests.schedules.test_tick_replay import YEAR_END, replay


async def on_postgresql() -> tuple[int, int]:
    """The replay on two empty databases of a throw-away PostgreSQL cluster."""
    with running_cluster() as cluster:
        admin = await asyncpg.connect(cluster.url("postgres"))
        for name in ("replay_full", "replay_incremental"):
            await admin.execute(f"CREATE DATABASE {name}")
        await admin.close()
        return await replay(YEAR_END, (cluster.url("replay_full"), cluster.url("replay_incremental")))


def main() -> None:
    """Replay the year and print what it covered."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgresql", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    ticks, queued = asyncio.run(on_postgresql() if args.postgresql else replay(YEAR_END))
    print(f"2022 replayed{' on PostgreSQL' if args.postgresql else ''}: {ticks} ticks, {queued} messages queued, "
          f"incremental = full re-plan after every tick ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
