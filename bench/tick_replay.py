"""The whole-year replay of the incremental planner against a full re-plan (tests/schedules/test_tick_replay.py
replays January to April in `make test`).

    python -m bench.tick_replay      # every working day of 2022; an AssertionError names the first tick that differs
"""

from __future__ import annotations

import asyncio
import time

from tests.schedules.test_tick_replay import YEAR_END, replay


def main() -> None:
    """Replay the year and print what it covered."""
    start = time.perf_counter()
    ticks, queued = asyncio.run(replay(YEAR_END))
    print(f"2022 replayed: {ticks} ticks, {queued} messages queued, incremental = full re-plan after every tick "
          f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
