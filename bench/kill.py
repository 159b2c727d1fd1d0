"""The full SIGKILL sweep of the inbox: `nhacviec run` killed across the receive-handle-answer window.

`python -m bench.kill [--runs 40] [--per-run 3] [--seed 22]`: each run starts the bot (a subprocess polling
the HTTP fake Telegram), has `per-run` people send a report, and SIGKILLs it at one instant of the window
(tests/kill_sweep.py); a last run is not killed. Prints how many reports were stored exactly once, lost
or doubled, and how many were stored but never acknowledged (the answer died with the process: the
person sees no "Đã ghi nhận" and may send again). Exit status 1 if any report was lost or doubled.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.kill_sweep import sweep


def main() -> None:
    """Run the sweep and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--per-run", type=int, default=3)
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        result = sweep(Path(tmp), runs=args.runs, per_run=args.per_run, seed=args.seed)
    reports = len(result.stored)
    kinds = Counter(kill.split()[0] for kill in result.kills)
    print(f"nhacviec inbox kill sweep: {len(result.kills)} SIGKILLs ({dict(kinds)}), {reports} reports,"
          f" {time.monotonic() - started:.0f} s")
    print(f"  stored exactly once: {sum(n == 1 for n in result.stored.values())}/{reports}")
    print(f"  lost: {len(result.lost)}; stored or acknowledged twice: {len(result.duplicates)}")
    print(f"  stored but never acknowledged (answer killed): {len(result.unacknowledged)}")
    print(f"  database integrity: {result.integrity}")
    if result.lost or result.duplicates or result.integrity != "ok":
        raise SystemExit(1)


if __name__ == "__main__":
    main()
