"""The load test's shape against a bare python-telegram-bot echo bot: the floor for its answer times.

    python bench/load_echo.py [--replies 20]

tests/reliability/test_reliability_load.py has 500 people each answering their reminder 20 times, every answer sent as
soon as the bot's previous one arrives (a closed loop), with the bot in its own process polling the HTTP
fake Telegram. With every person always waiting, answer time is people ÷ throughput (Little's law), so a
p95 under 1 s needs about 500 answers a second over HTTP. This script runs the same loop against the
smallest possible bot, an Application whose one handler echoes the text, in its own process on the same
fake, and prints the same figures, so the load test's can be read against what python-telegram-bot and
httpx alone reach on this machine.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fakegram import BOT_TOKEN, FakeTelegram

ECHO_BOT = """
import os
from telegram.ext import Application, MessageHandler, filters

async def echo(update, context):
    await update.message.reply_text(update.message.text)

app = Application.builder().token(os.environ["TOKEN"]).base_url(os.environ["BASE"]).concurrent_updates(True).build()
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling(poll_interval=0.0, timeout=1)
"""
FIRST_CHAT = 20_001


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a running process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(people: int, replies: int) -> None:
    """Start the echo bot, drive the closed loop, print throughput, answer times and the bot's CPU."""
    fake = FakeTelegram()
    chats = list(range(FIRST_CHAT, FIRST_CHAT + people))
    for chat in chats:
        fake.add_user(chat)
    with tempfile.TemporaryDirectory() as tmp, fake.serve_http(hold_seconds=5) as server:
        script = Path(tmp) / "echo_bot.py"
        script.write_text(ECHO_BOT)
        env = {**os.environ, "TOKEN": BOT_TOKEN, "BASE": server.base_url}
        bot = subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        try:
            fake.wait_for_sync(lambda: fake.active_polls > 0 or bot.poll() is not None, timeout=60)
            if bot.poll() is not None:
                raise SystemExit("the echo bot did not start")
            cpu_before = cpu_seconds(bot.pid)
            count = dict.fromkeys(chats, 0)
            sent_at: dict[int, float] = {}
            latencies: list[float] = []

            def send(chat: int) -> None:
                count[chat] += 1
                sent_at[chat] = time.monotonic()
                fake.user_sends(chat, f"1.2 đạt {count[chat] * 5}%")

            started = time.monotonic()
            for chat in chats:
                send(chat)
            seen = finished = 0
            while finished < people:
                fake.wait_for_sync(lambda s=seen: len(fake.sent) > s, timeout=120)
                new = fake.sent[seen:]
                seen += len(new)
                for message in new:
                    if message.chat_id not in sent_at:
                        continue
                    latencies.append(time.monotonic() - sent_at.pop(message.chat_id))
                    if count[message.chat_id] < replies:
                        send(message.chat_id)
                    else:
                        finished += 1
            elapsed = time.monotonic() - started
            cpu = cpu_seconds(bot.pid) - cpu_before
        finally:
            bot.send_signal(signal.SIGTERM)
            bot.wait(30)
    latencies.sort()
    n = len(latencies)
    print(
        f"echo bot, {people} people x {replies} replies: {n:,} answers in {elapsed:.1f} s ({n / elapsed:.0f}/s); "
        f"answer time p50 {latencies[n // 2] * 1000:.0f} ms, p95 {latencies[int(0.95 * (n - 1))] * 1000:.0f} ms; "
        f"bot CPU {cpu:.1f} s ({cpu / n * 1000:.1f} ms an answer)"
    )


def main() -> None:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--replies", type=int, default=20)
    args = parser.parse_args()
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # the fake's 409 when the bot stops polling
    run(args.people, args.replies)


if __name__ == "__main__":
    main()
