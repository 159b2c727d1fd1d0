"""The rollup's data built with plain SQL: a builder for the tables the rollup reads, the scenario most
rollup and report tests read (fixture `world` in conftest), and report_latest's rows worked out in Python."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from storage.db import utc_iso
from tests.helpers import VN

T0 = "2025-01-01T00:00:00+00:00"


def at(text: str) -> str:
    """Local 'YYYY-MM-DD HH:MM' (Vietnam) as stored UTC text."""
    return utc_iso(datetime.fromisoformat(text).replace(tzinfo=VN))


class Data:
    """Plain-SQL builder for the tables the rollup reads."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    async def _insert(self, sql: str, params: tuple) -> int:
        cur = await self.db.execute(sql, params)
        return cur.lastrowid

    async def agency(self, name: str, kind: str = "unit") -> int:
        return await self._insert(
            "INSERT INTO agencies (name, norm, kind, created_at) VALUES (?, ?, ?, ?)",
            (name, name.lower(), kind, T0),
        )

    async def plan(self, code: str, imported_at: str = T0) -> int:
        return await self._insert(
            "INSERT INTO plans (code, title, imported_at) VALUES (?, ?, ?)", (code, "Kế hoạch CCHC", imported_at)
        )

    async def section(self, plan: int, number: str, title: str, position: int) -> int:
        return await self._insert(
            "INSERT INTO sections (plan_id, number, title, position) VALUES (?, ?, ?, ?)",
            (plan, number, title, position),
        )

    async def task(
        self,
        plan: int,
        section: int | None,
        number: str,
        *,
        lead: list[int],
        support: list[int] = (),  # type: ignore[assignment]
        dues: list[str] = (),  # type: ignore[assignment]
        active: bool = True,
    ) -> tuple[int, list[int]]:
        task = await self._insert(
            "INSERT INTO tasks (plan_id, section_id, number, key, title, position, active)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (plan, section, number, number, f"Nhiệm vụ {number}", int(number.replace(".", "")), int(active)),
        )
        for agency in lead:
            await self.db.execute("INSERT INTO task_agencies VALUES (?, ?, 'lead')", (task, agency))
        for agency in support:
            await self.db.execute("INSERT INTO task_agencies VALUES (?, ?, 'support')", (task, agency))
        occurrences = []
        if dues:
            kind = "recurring" if len(dues) > 1 else "due"
            milestone = await self._insert(
                "INSERT INTO milestones (task_id, position, kind, due) VALUES (?, 1, ?, ?)",
                (task, kind, dues[0]),
            )
            for due in dues:
                occurrences.append(
                    await self._insert(
                        "INSERT INTO occurrences (milestone_id, due) VALUES (?, ?)", (milestone, due)
                    )
                )
        return task, occurrences

    async def report(
        self,
        task: int,
        agency: int,
        status: str,
        when: str,
        *,
        occurrence: int | None = None,
        percent: int | None = None,
        note: str = "",
    ) -> int:
        return await self._insert(
            "INSERT INTO reports (task_id, occurrence_id, agency_id, status, percent, note, channel, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 'telegram', ?)",
            (task, occurrence, agency, status, percent, note, at(when)),
        )

    async def evidence(self, report: int, name: str) -> None:
        await self.db.execute(
            "INSERT INTO evidence (report_id, channel, file_id, file_name, created_at)"
            " VALUES (?, 'telegram', ?, ?, ?)",
            (report, name, name, T0),
        )

    async def user(self, agency: int) -> int:
        return await self._insert(
            "INSERT INTO users (display_name, role, agency_id, created_at) VALUES (?, 'head', ?, ?)",
            (f"Trưởng {agency}", agency, T0),
        )

    async def digest(self, user: int, when: str, items: list[dict]) -> None:
        await self.db.execute(
            "INSERT INTO sent_messages (channel, chat_id, message_id, kind, user_id, items, created_at)"
            " VALUES ('telegram', ?, ?, 'digest', ?, ?, ?)",
            (str(user), when, user, json.dumps(items), at(when)),
        )


async def build_world(db: aiosqlite.Connection) -> dict[str, int]:
    """The scenario most rollup and report tests read (fixture `world`); `now` is Monday 10/03/2025 09:00 local."""
    d = Data(db)
    ids: dict[str, int] = {}
    ids["noi_vu"] = a1 = await d.agency("Phòng Nội vụ")
    ids["ben_nghe"] = a2 = await d.agency("UBND phường Bến Nghé", "ward")
    ids["tu_phap"] = a3 = await d.agency("Phòng Tư pháp")
    ids["vp"] = a4 = await d.agency("Văn phòng HĐND và UBND")
    ids["van_hoa"] = a5 = await d.agency("Phòng Văn hóa và Thông tin")
    await d.agency("Phòng không có việc")
    plan = await d.plan("17/KH-UBND")
    s1 = await d.section(plan, "1", "Cải cách thể chế", 1)
    s2 = await d.section(plan, "2", "Cải cách thủ tục hành chính", 2)

    # 1.1: done this morning, late (was overdue last week), with two files
    t11, _ = await d.task(plan, s1, "1.1", lead=[a1], dues=["2025-02-28"])
    r = await d.report(t11, a1, "in_progress", "2025-02-20 10:00", percent=50)
    r = await d.report(t11, a1, "done", "2025-03-10 08:00", note="Đã ban hành")
    await d.evidence(r, "qd.pdf")
    await d.evidence(r, "bb.pdf")
    # 1.2: two lead agencies, one support; both overdue since 05/03, one never reported
    t12, _ = await d.task(plan, s1, "1.2", lead=[a1, a2], support=[a4], dues=["2025-03-05"])
    await d.report(t12, a1, "in_progress", "2025-03-08 15:00", percent=70, note="Đang trình ký")
    # a support agency's report never counts for the task
    await d.report(t12, a4, "done", "2025-03-08 16:00")
    # 1.3: reported long ago, due at the end of the year: stale
    t13, _ = await d.task(plan, s1, "1.3", lead=[a1], dues=["2025-12-31"])
    await d.report(t13, a1, "in_progress", "2025-02-01 09:00", percent=10)
    # 1.4: inactive (a re-import dropped it): ignored everywhere
    t14, _ = await d.task(plan, s1, "1.4", lead=[a1], dues=["2025-01-15"], active=False)

    # 2.1: monthly; January answered by name, February missed, March next
    t21, occ = await d.task(plan, s2, "2.1", lead=[a2], dues=["2025-01-31", "2025-02-28", "2025-03-31"])
    await d.report(t21, a2, "done", "2025-02-02 09:00", occurrence=occ[0])
    await d.report(t21, a2, "in_progress", "2025-03-03 09:00", percent=30)
    # 2.2: blocked since 03/03 (two blocked reports in a row), due this Friday
    t22, _ = await d.task(plan, s2, "2.2", lead=[a3], dues=["2025-03-14"])
    await d.report(t22, a3, "in_progress", "2025-02-25 09:00")
    await d.report(t22, a3, "blocked", "2025-03-03 09:00", note="Chờ hướng dẫn của Sở")
    await d.report(t22, a3, "blocked", "2025-03-07 09:00", note="Vẫn chờ hướng dẫn của Sở")
    # 2.3: done early in February, reopened this morning: overdue again (due 01/03)
    t23, _ = await d.task(plan, s2, "2.3", lead=[a3], dues=["2025-03-01"])
    await d.report(t23, a3, "done", "2025-02-20 09:00")
    await d.report(t23, a3, "in_progress", "2025-03-10 08:30", percent=80, note="Bổ sung hồ sơ")
    # 2.4: never reported, due in April
    t24, _ = await d.task(plan, s2, "2.4", lead=[a5], dues=["2025-04-30"])
    # 2.5: newly blocked this morning
    t25, _ = await d.task(plan, s2, "2.5", lead=[a3], dues=["2025-06-30"])
    await d.report(t25, a3, "in_progress", "2025-03-04 09:00")
    await d.report(t25, a3, "blocked", "2025-03-10 07:00", note="Thiếu kinh phí")

    # reminders this week: Nội vụ answered after its digest, Văn hóa did not
    await d.digest(await d.user(a1), "2025-03-10 07:00", [{"task": t12, "occurrence": None}])
    await d.digest(await d.user(a5), "2025-03-10 07:30", [{"task": t24, "occurrence": None}])
    ids.update(t11=t11, t12=t12, t13=t13, t14=t14, t21=t21, t22=t22, t23=t23, t24=t24, t25=t25)
    return ids


def by_task(rollup, task: int, agency: int):
    """The rollup's detail line of one (task, agency) pair."""
    return next(d for d in rollup.details if d.task_id == task and d.agency_id == agency)


async def expected_latest(db: aiosqlite.Connection) -> set[tuple]:
    """The latest report of every pair, and its blocked run, worked out in Python from all reports."""
    async with db.execute("SELECT id, task_id, agency_id, status, occurrence_id, created_at FROM reports") as cur:
        rows = [tuple(r) for r in await cur.fetchall()]
    pairs: dict[tuple[int, int], list[tuple]] = {}
    for row in rows:
        pairs.setdefault((row[1], row[2]), []).append(row)
    out = set()
    for (task, agency), reports in pairs.items():
        reports.sort(key=lambda r: (r[5], r[0]))
        rid, _, _, status, occ, at = reports[-1]
        since = None
        if status == "blocked":
            # the run: blocked reports with no other status after them, in (created_at, id) order
            last_other = max(((r[5], r[0]) for r in reports if r[3] != "blocked"), default=("", 0))
            since = min(r[5] for r in reports if r[3] == "blocked" and (r[5], r[0]) > last_other)
        out.add((task, agency, rid, status, occ, at, since))
    return out
