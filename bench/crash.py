"""The crash test at full size: `nhacviec tick` killed with SIGKILL three times in the middle of 1,000
reminders (at 250, 600 and 900 sent, after a first kill while it plans), restarted until done, while
another connection keeps committing reports. Same code and assertions as tests/reliability/test_reliability_crash.py
(which runs 150 reminders); prints the rows left 'sending', the duplicates per kill and the time.

    python bench/crash.py                                # full size (15 to 20 s)
    python bench/crash.py --people 3000 --kill-at 500 1500 2500
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reliability.test_reliability_crash import run_crash


def main() -> None:
    """Run the crash scenario at the size asked for and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--kill-at", type=int, nargs=3, default=[250, 600, 900], metavar="SENT",
                        help="sent counts at which the second, third and fourth runs are killed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(asyncio.run(run_crash(Path(tmp), people=args.people, kill_at=tuple(args.kill_at))))


if __name__ == "__main__":
    main()
