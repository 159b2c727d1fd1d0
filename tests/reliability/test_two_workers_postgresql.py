"""Two workers and a cron `tick` on one PostgreSQL database, with the HTTP fake Telegram: every reminder
delivered once (outside the lease window), every reply stored once, nothing lost.

Two `nhacviec tick` processes run the day's tick at once, the one sending SIGKILLed mid-dispatch; then two
`nhacviec run` webhook workers take each person's replies (posted to either, a third of them posted again
to the other, as a load balancer may re-deliver), the second worker SIGKILLed half-way and started again
(the load balancer meanwhile sends everything to the first); after the workers stopped, a cron `tick`
after the lease sends the rest: the reminders the killed tick left, and the answers the killed worker
had stored and not sent. (The ticks run at a moment of 2099, for which every lease the workers hold has
run out: a tick beside them would take over the answers they are sending.)

Checked: one process plans and one sends the outbox at a time (advisory locks; the outbox is also claimed
FOR UPDATE SKIP LOCKED); every person got their reminder; nobody got it twice except through the
documented window (a row the killed process had claimed and sent, re-sent after its two-minute lease);
every outbox row ends 'sent' and every reminder is logged once; every reply is stored once, each
person's in order; nothing is left waiting in the inbox; every reply is answered (its answer queued in
the outbox with the report), and answered twice only through the outbox's window (an answer the killed
worker held, which it may have sent before dying); newest_reports, kept by triggers, equals a recompute
from the reports.

The test runs 40 reminders and 80 replies; `python -m bench.two_workers` runs 1,000 and 2,000 and prints
the figures.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from tests.fakegram import BOT_TOKEN, FakeTelegram
from tests.reliability_tools import (
    NEWEST_REPORTS_DRIFT,
    Background,
    Seeded,
    clean_env,
    free_port,
    popen_nhacviec,
    seed_deployment,
    stop_process,
    wait_port,
)

# the webhook workers' own minute tick records the real time, and `tick --at` refuses a moment before the
# latest tick: so the day's ticks run in the future (a Wednesday; the tasks are due the Monday after, 3
# working days: stage T-3), and the rows they queue are not due for the workers' own ticks
TICK_AT = "2099-03-04T08:05:00+07:00"
DUE = date(2099, 3, 9)
LATER = date(2099, 12, 31)  # the task people report on: its reports change nothing of that day's reminders
AFTER_LEASE = "2099-03-04T08:09:30+07:00"  # both ticks' leases (2 minutes from 08:05) have run out
CONCURRENCY = 8  # schedules.dispatcher's sends in flight per process
ANSWERED = "Đã ghi nhận"
REPLIES = ("{task} đang làm 50%", "{task} xong")  # each person's replies, in this order
SECRET = "bi-mat_hai_tien_trinh"
WAIT_S = 600  # for any one step at full size on a loaded machine


def post(port: int, body: dict) -> int:
    """POST an update to a webhook worker; its HTTP status."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def reply(update_id: int, chat: int, text: str) -> dict:
    """A person's text message as Telegram posts it to the webhook."""
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1741572000, "text": text,
        "chat": {"id": chat, "type": "private", "first_name": "Lan"},
        "from": {"id": chat, "is_bot": False, "first_name": "Lan"},
    }}


async def _fetch(url: str, sql: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetch(sql)
    finally:
        await conn.close()


async def _drained(url: str) -> None:
    """Wait until every stored update is handled (polling the inbox every 0.1 s, up to WAIT_S)."""
    conn = await asyncpg.connect(url)
    try:
        for _ in range(WAIT_S * 10):
            if not await conn.fetchval("SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL"):
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"updates still waiting in the inbox after {WAIT_S} s")
    finally:
        await conn.close()


class Workers:
    """Two `nhacviec run` webhook workers behind a pretend load balancer (started, not waited for); the second
    can be killed and restarted."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = env
        self.cwd = cwd
        self.ports = [free_port(), free_port()]
        self.lock = threading.Lock()
        self.exit_codes: list[int] = []
        self.procs = [self._launch(port) for port in self.ports]  # both start at once

    def wait_ready(self) -> None:
        """Until both listen."""
        for port, proc in zip(self.ports, self.procs, strict=True):
            wait_port(port, proc)

    def _launch(self, port: int) -> Background:
        env = {**self.env, "WEBHOOK_URL": "https://bot.example.vn", "WEBHOOK_SECRET": SECRET, "PORT": str(port),
               "WEBHOOK_LISTEN": "127.0.0.1"}
        return popen_nhacviec("run", env=env, cwd=self.cwd)

    def alive(self) -> list[int]:
        """The workers the load balancer sends to now."""
        with self.lock:
            return [i for i, p in enumerate(self.procs) if p.poll() is None]

    def kill_second(self) -> None:
        """SIGKILL the second worker."""
        with self.lock:
            self.procs[1].send_signal(signal.SIGKILL)
            self.procs[1].wait(timeout=30)

    def restart_second(self) -> None:
        proc = self._launch(self.ports[1])
        try:
            wait_port(self.ports[1], proc)
        except BaseException:
            stop_process(proc)
            raise
        with self.lock:
            self.procs[1] = proc

    def stop(self) -> None:
        """SIGTERM, as a service manager stops them: what they handled is answered before they exit
        (`exit_codes`: theirs)."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=60)
            stop_process(proc)
        self.exit_codes = [proc.returncode for proc in self.procs]


@dataclass
class Posted:
    """The replies posted: each update's chat, how many were posted twice."""

    chats: dict[int, int]
    twice: int


def send_replies(workers: Workers, seeded: Seeded, per_person: int) -> Posted:
    """Each person's replies in rounds (everyone's first, then everyone's second …), 8 at a time; the
    second worker killed half-way and restarted a little later."""
    people = [(seeded.chats[name][0], seeded.later_numbers[name]) for name in seeded.agencies]
    updates = [(r * len(people) + n + 1, chat, REPLIES[r % len(REPLIES)].format(task=number))
               for r in range(per_person) for n, (chat, number) in enumerate(people)]
    kill_at = len(updates) // 2
    restart_at = kill_at + max(len(updates) // 10, 10)

    def one(update: tuple[int, int, str]) -> int:
        update_id, chat, text = update
        alive = workers.alive()
        assert post(workers.ports[alive[update_id % len(alive)]], reply(update_id, chat, text)) == 200
        if update_id % 3 == 0:  # the same update again, at the other worker when there is one
            assert post(workers.ports[alive[(update_id + 1) % len(alive)]], reply(update_id, chat, text)) == 200
            return 1
        return 0

    again = 0
    with ThreadPoolExecutor(8) as pool:
        # a round is posted whole before the next starts: a person's second reply is stored after the first
        for start in range(0, len(updates), len(people)):
            round_ = updates[start:start + len(people)]
            for first in range(0, len(round_), 25):
                n = start + first
                if n <= kill_at < n + 25:
                    workers.kill_second()
                if n <= restart_at < n + 25:
                    workers.restart_second()
                again += sum(pool.map(one, round_[first:first + 25]))
    return Posted({update_id: chat for update_id, chat, _ in updates}, again)


@dataclass
class Figures:
    """What one run of the scenario measured."""

    people: int
    replies_posted: int
    posted_twice: int
    sent_at_kill: int
    first_pass_s: float  # from the ticks' start to the kill
    held_at_kill: int  # outbox rows the killed tick held ('sending')
    reminded: int  # people who got their reminder
    duplicates: int  # people who got it twice (the lease window)
    duplicates_outside_window: int  # of them, not a row the killed tick held, or more than twice
    outbox: dict[str, int]  # the reminders' rows by state
    answer_rows: dict[str, int]  # the answers' rows by state
    logged: int  # people named in the day's reminder_items, counted with repeats
    logged_once: int  # without
    answers: Counter
    unanswered: int  # replies stored and never answered
    answered_later: int  # answers the workers left unsent (the killed one's, or failing), sent by the cron tick
    answered_twice: int  # replies answered twice
    answered_twice_outside_window: int  # of them, not an answer the killed worker held
    stored: int  # reports
    stored_per_person: Counter
    latest_status: Counter  # each person's last report's status
    newest_reports: int  # groups in newest_reports (v046, kept by triggers)
    newest_reports_drift: int  # its rows differing from a recompute from reports
    messages: int
    elapsed_s: float
    worker_exit_codes: list[int]  # after SIGTERM at the end
    refused: int  # 429s from the fake (with telegram_limits)

    def summary(self) -> str:
        """The figures in a few lines."""
        lost_reminders = self.people - self.reminded
        lost_replies = self.replies_posted - self.stored
        once = sum(1 for n in self.stored_per_person.values() if n == self.replies_posted // self.people)
        return (
            f"{self.people:,} reminders: {self.reminded:,} people reminded, {lost_reminders} lost, "
            f"{self.duplicates} twice ({self.duplicates_outside_window} outside the lease window); the sending "
            f"tick SIGKILLed at {self.sent_at_kill:,} sent ({self.sent_at_kill / self.first_pass_s:.1f} "
            f"reminders/s from start-up to the kill) holding {self.held_at_kill} rows; outbox {self.outbox}\n"
            f"{self.replies_posted:,} replies ({self.posted_twice:,} posted twice, to both workers; the second "
            f"worker SIGKILLed and restarted half-way): {self.stored:,} stored, {lost_replies} lost, "
            f"{once:,} of {self.people:,} people with all theirs stored once; "
            f"{sum(self.answers.values()):,} answers, {self.unanswered} replies unanswered; "
            f"{self.answered_later} answers the workers left (the killed one's, or failing) sent by the cron tick, "
            f"{self.answered_twice} "
            f"replies answered twice ({self.answered_twice_outside_window} outside the lease window); "
            f"answers' outbox {self.answer_rows}; newest_reports: {self.newest_reports:,} groups, "
            f"{self.newest_reports_drift} rows differing from a recompute from reports\n"
            f"{self.messages:,} messages in {self.elapsed_s:.0f} s ({self.messages / self.elapsed_s:.1f}/s); "
            f"{self.refused:,} refused with 429"
        )

    def check(self, seeded: Seeded) -> None:
        """Assert what the module says."""
        assert self.reminded == self.people, f"{self.people - self.reminded} people got nothing"
        assert self.outbox == {"sent": self.people}, self.outbox
        assert (self.logged, self.logged_once) == (self.people, self.people)  # each person named once
        assert self.duplicates_outside_window == 0
        assert self.duplicates <= CONCURRENCY
        per_person = self.replies_posted // self.people
        assert set(self.answers) <= set(seeded.all_chats)  # and no more than one each, but in the window:
        assert self.unanswered == 0, self.unanswered
        assert self.answered_twice_outside_window == 0, (self.answered_twice, self.answered_twice_outside_window)
        assert self.answer_rows == {"sent": self.replies_posted}, self.answer_rows
        assert self.worker_exit_codes == [0, 0], self.worker_exit_codes  # stopped in order, not killed
        assert self.stored == self.replies_posted, (self.stored, self.replies_posted)
        if per_person:
            assert set(self.stored_per_person.values()) == {per_person}, self.stored_per_person
            last = ("in_progress", "done")[(per_person - 1) % len(REPLIES)]  # REPLIES' statuses
            assert set(self.latest_status) == {last}, self.latest_status
            assert self.newest_reports == self.people  # each person reported on one task
        assert self.newest_reports_drift == 0, self.newest_reports_drift


def run_tick(at: str, env: dict[str, str], cwd: Path) -> None:
    """`nhacviec tick --at AT`, waited for; it must succeed."""
    tick = popen_nhacviec("tick", "--at", at, env=env, cwd=cwd)
    try:
        _out, err = tick.communicate(timeout=WAIT_S)
        assert tick.returncode == 0, err[-3000:]
    finally:
        stop_process(tick)


def run_two_workers(tmp_path: Path, url: str, *, people: int, kill_at: int, replies_per_person: int = 2,
                    telegram_limits: bool = False) -> tuple[Figures, Seeded]:
    """The scenario: `people` reminders sent by two concurrent ticks, the sending one killed once `kill_at`
    went out, then a cron tick while two webhook workers take `replies_per_person` replies from each
    person (the second worker killed and restarted); with `telegram_limits` the fake refuses what breaks
    Telegram's limits (429). What it measured, and the deployment seeded."""
    seeded = asyncio.run(seed_deployment(url, agencies=people, people_per_agency=1, due=DUE, later=LATER))  # type: ignore[arg-type]
    fake = FakeTelegram()
    for chat in seeded.all_chats:
        fake.add_user(chat)
    if telegram_limits:
        fake.enforce_limits()

    def reminders() -> list:
        return [m for m in fake.sent if ANSWERED not in m.plain]

    with fake.serve_http(hold_seconds=5) as server:
        env = clean_env(NHACVIEC_DB=url, TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_BASE_URL=server.base_url)
        started = time.monotonic()
        ticks = [popen_nhacviec("tick", "--at", TICK_AT, env=env, cwd=tmp_path) for _ in range(2)]
        web: Workers | None = None
        try:
            # the webhook workers start once the day is planned (its first reminder went out): their first
            # minute tick plans the real day, and while one process plans the others skip planning
            fake.wait_for_sync(lambda: reminders() or None, timeout=WAIT_S)
            web = Workers(env, tmp_path)
            fake.wait_for_sync(lambda: len(reminders()) >= kill_at or None, timeout=WAIT_S)
            running = [tick for tick in ticks if tick.poll() is None]
            assert running, "both ticks finished before the kill point"
            for tick in running:  # the one sending, and the other if still there (waiting its turn to send)
                tick.send_signal(signal.SIGKILL)
            for tick in running:
                tick.wait(timeout=30)
            sent_at_kill = len(reminders())
            first_pass = time.monotonic() - started
            held = {r[0] for r in asyncio.run(_fetch(url, "SELECT chat_id FROM outbox WHERE state = 'sending'"))}
            for tick in ticks:
                if tick not in running:
                    _out, err = tick.communicate(timeout=WAIT_S)
                    assert tick.returncode == 0, err[-3000:]
            web.wait_ready()
            replies = send_replies(web, seeded, replies_per_person)
            asyncio.run(_drained(url))  # every reply handled
        finally:
            for tick in ticks:
                stop_process(tick)
            if web is not None:
                web.stop()  # what they handled is answered by their orderly stop, or left in the outbox
        # the answers the workers left unsent (the killed worker's, and any whose sends kept failing): the cron
        # tick sends them, with the reminders the killed tick left
        held_answers = [r[0] for r in asyncio.run(_fetch(
            url, "SELECT chat_id FROM outbox WHERE kind = 'answer' AND state <> 'sent'"))]
        run_tick(AFTER_LEASE, env, tmp_path)
        elapsed = time.monotonic() - started

    per_chat = Counter(m.chat_id for m in reminders())
    answers = Counter(m.chat_id for m in fake.sent if ANSWERED in m.plain)
    twice = {chat: n - replies_per_person for chat, n in answers.items() if n > replies_per_person}
    outbox_states = asyncio.run(_fetch(url, "SELECT kind = 'answer', state, COUNT(*) FROM outbox GROUP BY 1, 2"))
    duplicates = {chat: n for chat, n in per_chat.items() if n > 1}
    stored = asyncio.run(_fetch(url, "SELECT user_id, status FROM reports ORDER BY id"))
    logged = [user for row in asyncio.run(_fetch(url, "SELECT users FROM reminder_items")) for user in row[0].split()]
    newest, drift = asyncio.run(_fetch(url, NEWEST_REPORTS_DRIFT))[0]
    figures = Figures(
        people=people,
        replies_posted=people * replies_per_person,
        posted_twice=replies.twice,
        sent_at_kill=sent_at_kill,
        first_pass_s=first_pass,
        held_at_kill=len(held),
        reminded=len(set(per_chat) & set(seeded.all_chats)),
        duplicates=len(duplicates),
        # a duplicate is in the window when it was a row the killed tick held, sent once more
        duplicates_outside_window=sum(1 for chat, n in duplicates.items() if n > 2 or str(chat) not in held),
        outbox={state: n for answer, state, n in outbox_states if not answer},
        answer_rows={state: n for answer, state, n in outbox_states if answer},
        logged=len(logged),
        logged_once=len(set(logged)),
        answers=answers,
        unanswered=sum(max(0, replies_per_person - answers[chat]) for chat in set(replies.chats.values())),
        answered_later=len(held_answers),
        answered_twice=sum(twice.values()),
        # in the window: an answer the workers left unsent in the outbox (the killed one may have sent it), sent
        # once more
        answered_twice_outside_window=sum(max(0, n - held_answers.count(str(chat))) for chat, n in twice.items()),
        stored=len(stored),
        stored_per_person=Counter(r[0] for r in stored),
        latest_status=Counter({r[0]: r[1] for r in stored}.values()),  # by id: each person's last report
        newest_reports=newest,
        newest_reports_drift=drift,
        messages=len(fake.sent),
        elapsed_s=elapsed,
        worker_exit_codes=web.exit_codes,
        refused=fake.limit_hits,
    )
    return figures, seeded


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_workers_and_a_cron_tick_deliver_every_reminder_once_and_store_every_reply_once(tmp_path, database_url):
    figures, seeded = run_two_workers(tmp_path, database_url, people=40, kill_at=15)
    print(f"\nload average {os.getloadavg()[0]:.1f}\n{figures.summary()}")
    figures.check(seeded)
