"""The load test at full size: 500 people in 50 agencies answer their reminders 20 times each (10,000 replies)
while `nhacviec tick` runs in another process; the bot is its own process over HTTP, rate limiter off.
Same code and assertions as tests/reliability/test_reliability_load.py (which runs 40 people x 3 replies); prints the
throughput, answer times and the bot's CPU.

    python bench/load.py               # full size (one to two minutes)
    python bench/load.py --replies 5   # a quicker look
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reliability.test_reliability_load import run_load


def main() -> None:
    """Run the load scenario at the size asked for and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--people-each", type=int, default=10)
    parser.add_argument("--replies", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(run_load(Path(tmp), agencies=args.agencies, people_each=args.people_each, replies=args.replies))


if __name__ == "__main__":
    main()
