"""The full SIGKILL sweep of the inbox: `nhacviec run` killed across the receive-handle-answer window.

`python -m bench.kill [--runs 40] [--per-run 3] [--seed 22]`: each run starts the bot (a subprocess polling
the HTTP fake Telegram), has `per-run` people send a report, and SIGKILLs it at one instant of the window
(tests/kill_sweep.py); a last run is not killed, and a `nhacviec tick` after the answers' two-minute lease
sends the confirmations the killed runs left. Prints how many reports were stored exactly once, lost or
doubled, how many confirmations the killed runs left (sent by that tick), how many were never sent, and
whether newest_reports (kept by triggers) equals a recompute from the reports. Exit status 1 if any report
was lost or doubled, any confirmation never sent or sent twice outside the outbox's window, the database
damaged or newest_reports off.
"""

from __future__ import annotations

import argparse
import os
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
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        result = sweep(Path(tmp), runs=args.runs, per_run=args.per_run, seed=args.seed)
    reports = len(result.stored)
    kinds = Counter(kill.split()[0] for kill in result.kills)
    print(f"nhacviec inbox kill sweep: {len(result.kills)} SIGKILLs ({dict(kinds)}), {reports} reports,"
          f" {time.monotonic() - started:.0f} s, load average {os.getloadavg()[0]:.1f}")
    print(f"  stored exactly once: {sum(n == 1 for n in result.stored.values())}/{reports}")
    print(f"  lost: {len(result.lost)}; stored twice, or acknowledged twice outside the outbox's window:"
          f" {len(result.duplicates)}")
    print(f"  confirmations sent twice (sent by a run killed before recording it, sent again once its lease ran"
          f" out): {len(result.twice)}")
    print(f"  confirmations still waiting in the outbox after the last run, sent by a tick after the lease:"
          f" {len(result.left)}")
    print(f"  stored but never acknowledged: {len(result.unacknowledged)}; answers' outbox rows {result.answer_rows}")
    kept, drift = result.newest_reports
    print(f"  database integrity: {result.integrity}; newest_reports {kept} groups, {drift} rows differing"
          " from a recompute from reports")
    if (result.lost or result.duplicates or result.unacknowledged or result.integrity != "ok" or drift
            or result.answer_rows != {"sent": reports}):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
