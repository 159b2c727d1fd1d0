"""The fault test at full size: a fifth of Bot API calls fail and 429 bursts arrive while 30 agencies of
2 people get four days' reminders, notices and the weekly summary, and answer each reminder. Same code
and assertions as tests/reliability/test_reliability_faults.py (which runs 15 agencies); prints the calls, the
failures and the replies stored.

    python bench/faults.py                      # 30 agencies x 2 people
    python bench/faults.py --agencies 200 --people-each 3
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reliability.test_reliability_faults import run_faults


def main() -> None:
    """Run the fault scenario at the size asked for and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=30)
    parser.add_argument("--people-each", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(asyncio.run(run_faults(Path(tmp), agencies=args.agencies, people_each=args.people_each)))


if __name__ == "__main__":
    main()
