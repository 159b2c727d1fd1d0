"""The backup test at full size: `nhacviec backup FILE` of a database of thousands of pages (300 agencies
and 10,000 audit lines of 400 bytes) while another connection commits reports as fast as it can. Same code
and assertions as tests/reliability/test_reliability_backup.py (which backs up a few hundred pages); prints the pages,
the time and the reports committed meanwhile.

    python bench/backup.py                                   # about 1,500 pages
    python bench/backup.py --agencies 3000 --padding 100000  # about ten times as many
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reliability.test_reliability_backup import run_backup


def main() -> None:
    """Run the backup scenario at the size asked for and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=300)
    parser.add_argument("--padding", type=int, default=10_000, help="audit lines of 400 bytes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(run_backup(Path(tmp), agencies=args.agencies, padding=args.padding))


if __name__ == "__main__":
    main()
