"""Start-up cost: CPU and wall time of quick commands, and the idle bot's memory, each beside a baseline.

Run: python bench/startup.py [--runs 7] [--idle 3]

* `python -c pass`, `nhacviec parse-reply "1.2 xong" --json` and `nhacviec import <bundled plan> --dry-run
  --json`, each run `--runs` times through the console script after one warm-up run: medians of CPU
  (user + sys, from the child's rusage) and wall time, and the least CPU of the runs. Target: ≤ 0.3 s of CPU for each command. The
  children may write bytecode (Python's default, and what an installed package has), whatever
  PYTHONDONTWRITEBYTECODE says here: compiling every module on every start is not what a deployment pays.
* `nhacviec run` (its database holding the bundled plan, so the minute tick has reminders to plan) and a
  bare python-telegram-bot echo bot, each polling the HTTP fake Telegram: resident memory (VmRSS) once
  the first long poll arrives and `--idle` seconds later. Target: the bot ≤ 70 MB.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fakegram import BOT_TOKEN, FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PLAN = ROOT / "bot" / "data" / "sample_plan_17-KH-UBND_2022.txt"
NHACVIEC = str(Path(sys.executable).with_name("nhacviec"))
CPU_TARGET_S = 0.3
RSS_TARGET_MB = 70.0
DB_NAME = "bench.sqlite3"

ECHO_BOT = """
import os
from telegram.ext import Application, MessageHandler, filters

async def echo(update, context):
    await update.message.reply_text(update.message.text)

app = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"]).base_url(os.environ["TELEGRAM_BASE_URL"]).build()
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling()
"""


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without the deployment's settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NHACVIEC_", "TELEGRAM_", "WEBHOOK_", "ZALO_", "PYTHONDONTWRITEBYTECODE"))}
    env.update(extra)
    return env


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """CPU seconds (user + sys) and wall seconds of one run of `command`, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=clean_env(), stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def medians(command: list[str], runs: int, cwd: Path) -> tuple[float, float, float]:
    """Median CPU, least CPU and median wall seconds over `runs` runs, after one run that warms the
    bytecode and disk caches. The least is what the command costs when nothing else competes."""
    timed(command, cwd)
    samples = [timed(command, cwd) for _ in range(runs)]
    cpu = [s[0] for s in samples]
    return statistics.median(cpu), min(cpu), statistics.median(s[1] for s in samples)


def rss_mb(pid: int) -> float:
    """The process's resident memory now, in MB (MiB, as /proc reports kB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def idle_rss(command: list[str], idle_s: float, cwd: Path) -> tuple[float, float]:
    """RSS of a bot polling a fresh HTTP fake: when its first long poll arrives, and `idle_s` later."""
    fake = FakeTelegram()
    with fake.serve_http(hold_seconds=5) as server:
        env = clean_env(
            TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_BASE_URL=server.base_url, NHACVIEC_DB=str(cwd / DB_NAME)
        )
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            fake.wait_for_sync(lambda: fake.active_polls > 0 or proc.poll() is not None, timeout=60)
            if proc.poll() is not None:
                raise SystemExit(f"{command} stopped: {proc.stderr.read().decode()[-2000:]}")
            started = rss_mb(proc.pid)
            time.sleep(idle_s)  # idle on purpose: the figure is what a bot holds while nobody writes
            idle = rss_mb(proc.pid)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
    return started, idle


def verdict(ok: bool) -> str:
    """What a row's figure means against its target."""
    return "ok" if ok else "MISSED"


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--idle", type=float, default=3.0)
    args = parser.parse_args()
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # the fake's 409 when a bot stops polling
    commands = [
        ("python -c pass", [sys.executable, "-c", "pass"], None),
        ('nhacviec parse-reply "1.2 xong" --json', [NHACVIEC, "parse-reply", "1.2 xong", "--json"], CPU_TARGET_S),
        ("nhacviec import <sample plan> --dry-run --json",
         [NHACVIEC, "import", str(SAMPLE_PLAN), "--dry-run", "--json"], CPU_TARGET_S),
    ]
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs (CPU times run higher while other work competes)")
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)  # no ./.env, no database left behind
        print(f"start-up, {args.runs} runs{'':<34} CPU s  least   wall s   target")
        for label, command, target in commands:
            cpu, least, wall = medians(command, args.runs, cwd)
            goal = f"CPU ≤ {target:.1f} s  {verdict(cpu <= target)}" if target else "(baseline)"
            print(f"  {label:<50} {cpu:6.3f}  {least:6.3f}  {wall:6.3f}   {goal}")
        echo = cwd / "echo_bot.py"
        echo.write_text(ECHO_BOT)
        subprocess.run([NHACVIEC, "import", str(SAMPLE_PLAN)], cwd=cwd, env=clean_env(NHACVIEC_DB=str(cwd / DB_NAME)),
                       stdout=subprocess.DEVNULL, check=True)
        print(f"resident memory, MB{'':<22} first poll   after {args.idle:g} s idle   target")
        for label, command, target in (
            ("python-telegram-bot echo bot", [sys.executable, str(echo)], None),
            ("nhacviec run", [NHACVIEC, "run"], RSS_TARGET_MB),
        ):
            started, idle = idle_rss(command, args.idle, cwd)
            goal = f"≤ {target:.0f} MB  {verdict(idle <= target)}" if target else "(baseline)"
            print(f"  {label:<36} {started:10.1f}   {idle:16.1f}   {goal}")


if __name__ == "__main__":
    main()
