"""Plans repository: storing an imported plan (re-imports update in place), its milestones and events."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo

import aiosqlite

from plans.matching import TaskContent, match_tasks
from plans.model import Milestone, Offset, ParsedPlan, ParsedTask
from plans.series import kept_dates, series_days
from storage import agencies as agency_repo
from storage.audit import record
from storage.db import utc_iso
from storage.errors import NotAnEvent, UnknownMilestone
from storage.renumbering import record_renumbered
from storage.rows import from_row, from_rows
from storage.tasks import TASK_COLUMNS, Task

_PLAN_COLUMNS = "id, code, title, issuer, issued_on, year, period_start, period_end, source_name, imported_at"
_MILESTONE_COLUMNS = (
    "id, task_id, position, kind, label, due, trigger_text, offset_days, offset_working, triggered_on"
)


@dataclass(frozen=True)
class Plan:
    id: int
    code: str
    title: str
    issuer: str | None
    issued_on: str | None
    year: int | None
    period_start: int | None
    period_end: int | None
    source_name: str | None
    imported_at: str


@dataclass(frozen=True)
class PlanWithCounts(Plan):
    active_tasks: int


@dataclass(frozen=True)
class MilestoneRow:
    id: int
    task_id: int
    position: int
    kind: str
    label: str | None
    due: str | None
    trigger_text: str | None
    offset_days: int | None
    offset_working: int | None
    triggered_on: str | None


@dataclass(frozen=True)
class DeadlineChange:
    """A task whose deadline text or milestone due dates differ from the previous import."""

    key: str
    number: str
    old_text: str
    new_text: str
    old_due: tuple[str | None, ...]
    new_due: tuple[str | None, ...]


@dataclass(frozen=True)
class Renumbered:
    """A stored task the new version lists under another number: it keeps its reports."""

    old_number: str
    new_number: str
    title: str
    reports: int


@dataclass(frozen=True)
class Dropped:
    """A stored task the new version no longer lists: set inactive, its reports kept with it."""

    number: str
    title: str
    reports: int
    number_reused: bool  # a different task of the new version now has this number


@dataclass(frozen=True)
class ReimportChanges:
    """What a re-import does to the stored tasks, said before (preview, --dry-run) and after storing."""

    exists: bool  # the plan is stored and followed (a removed plan imported again starts over, its reports back)
    added: int
    kept: int
    renumbered: tuple[Renumbered, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    # reports on the tasks matched and not renumbered (those say their own): kept, or back with a removed plan
    kept_reports: int = 0


@dataclass(frozen=True)
class StoreResult:
    plan_id: int
    created: bool
    tasks_added: int  # new tasks and tasks listed again after a re-import had dropped them
    tasks_updated: int  # tasks kept whose text, agencies or milestones changed
    tasks_removed: int  # tasks set inactive because the document no longer lists them
    deadline_changes: list[DeadlineChange] = field(default_factory=list)
    agencies_created: list[str] = field(default_factory=list)
    unknown_agencies: list[str] = field(default_factory=list)
    changes: ReimportChanges | None = None
    series_skipped: int = 0  # a series' dates before the import day, not stored (never reminded, so never late)
    series_today_skipped: bool = False  # the import day's own dates were among them (its reminders had gone)
    withdrawn: tuple[str, ...] = ()  # tasks of the plan an amending plan amends, withdrawn by it («Bãi bỏ …»)
    rewritten: tuple[str, ...] = ()  # tasks of that plan it gives a new text, stopped there (its own now)


@dataclass(frozen=True)
class UntriggeredEvent:
    milestone_id: int
    task_id: int
    plan_code: str
    number: str
    title: str
    label: str | None
    trigger: str | None
    offset_days: int | None
    offset_working: int | None


# ---------------------------------------------------------------------------------------------- storing


async def store_plan(
    db: aiosqlite.Connection,
    parsed: ParsedPlan,
    *,
    now: datetime,
    user_id: int | None,
    channel: str,
    source_name: str,
    create_agencies: bool,
    tz: tzinfo = UTC,
    reminder_time: time | None = None,
) -> StoreResult:
    """Insert or update (by plan code) a parsed plan inside the caller's transaction; reports are kept. A
    series' occurrences due before the import day (local, in `tz`) are not stored: nobody was reminded of them;
    nor the import day's own when the plan comes at or after that day's `reminder_time` (its reminders went out
    without them: the day's date would be late before anyone was told)."""
    keys = [t.key for t in parsed.tasks]
    if len(set(keys)) != len(keys):
        raise ValueError("task keys must be distinct within a plan")
    plan_id, created = await _upsert_plan(db, parsed, now=now, source_name=source_name)
    sections = await _upsert_sections(db, plan_id, parsed.tasks)
    linker = _AgencyLinker(db, plan_id, parsed.derived_agencies, now=now, create=create_agencies)

    stored = await _stored_tasks(db, plan_id)
    matched = _match(stored, parsed.tasks)
    reimport = await _changes(db, stored, parsed.tasks, matched, exists=any(t.active for t in stored))
    await _free_keys(db, stored, parsed.tasks, matched)
    added = updated = skipped = 0
    changes: list[DeadlineChange] = []
    import_day, series_from = series_days(now, tz, reminder_time)
    today_skipped = False
    for position, parsed_task in enumerate(parsed.tasks):
        old = matched.get(parsed_task.key)
        task_id, fields_changed = await _upsert_task(
            db, plan_id, sections.get(parsed_task.section), parsed_task, position, old
        )
        links_changed = await linker.link(task_id, parsed_task)
        old_ms, new_ms, before, today = await _store_milestones(
            db, task_id, parsed_task.milestones, import_day, series_from
        )
        skipped += before
        today_skipped = today_skipped or today
        if old is None or not old.active:
            added += 1
            continue
        if old.number != parsed_task.number:
            await record_renumbered(db, task_id, old.number, old.key, parsed_task.number, now=now)
        if fields_changed or links_changed or old_ms != new_ms:
            updated += 1
        old_due = tuple(m[2] for m in old_ms)
        new_due = tuple(m[2] for m in new_ms)
        if old.deadline_text != parsed_task.deadline_text or old_due != new_due:
            change = DeadlineChange(
                parsed_task.key,
                parsed_task.number,
                old.deadline_text,
                parsed_task.deadline_text,
                old_due,
                new_due,
            )
            changes.append(change)
            await record(
                db,
                now=now,
                channel=channel,
                user_id=user_id,
                action="plan.deadline_changed",
                subject=f"{parsed.meta.code} {parsed_task.key}",
                detail={
                    "old": {"deadline_text": change.old_text, "due": list(old_due)},
                    "new": {"deadline_text": change.new_text, "due": list(new_due)},
                },
            )

    kept_ids = {t.id for t in matched.values()}
    gone = [t.id for t in stored if t.id not in kept_ids and t.active]
    for task_id in gone:
        await db.execute("UPDATE tasks SET active = 0 WHERE id = ?", (task_id,))
    withdrawn, rewritten = await _retire_amended(db, parsed, plan_id, now=now, user_id=user_id, channel=channel)

    result = StoreResult(
        plan_id=plan_id,
        created=created,
        tasks_added=added,
        tasks_updated=updated,
        tasks_removed=len(gone),
        deadline_changes=changes,
        agencies_created=linker.created,
        unknown_agencies=linker.unknown,
        changes=reimport,
        series_skipped=skipped,
        series_today_skipped=today_skipped,
        withdrawn=withdrawn,
        rewritten=rewritten,
    )
    await record(
        db,
        now=now,
        channel=channel,
        user_id=user_id,
        action="plan.imported" if created else "plan.reimported",
        subject=parsed.meta.code,
        detail={
            "source": source_name,
            "tasks": len(parsed.tasks),
            "added": added,
            "updated": updated,
            "removed": len(gone),
            "renumbered": [[r.old_number, r.new_number] for r in reimport.renumbered],
            "deadline_changes": len(changes),
            "agencies_created": linker.created,
            "unknown_agencies": linker.unknown,
        },
    )
    return result


async def _retire_amended(db: aiosqlite.Connection, parsed: ParsedPlan, plan_id: int, *, now: datetime,
                          user_id: int | None, channel: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An amending plan's «Bãi bỏ nhiệm vụ 2.4» and «Sửa đổi nhiệm vụ 2.3 như sau: …»: those tasks of the plan it
    amends, when followed, stop being reminded (the rewritten one is the amending plan's task now), archived with
    their reports as a re-import archives a task it no longer lists. The keys archived, withdrawn and rewritten."""
    if not (parsed.withdrawn or parsed.rewritten) or parsed.amends is None:
        return (), ()
    amended = await get_plan_by_code(db, parsed.amends)
    if amended is None or amended.id == plan_id:
        return (), ()
    stored = [t for t in await _stored_tasks(db, amended.id) if t.active]
    withdrawn = [t for t in stored if t.key in parsed.withdrawn]
    rewritten = [t for t in stored if t.key in parsed.rewritten and t.key not in parsed.withdrawn]
    for task in (*withdrawn, *rewritten):
        await db.execute("UPDATE tasks SET active = 0 WHERE id = ?", (task.id,))
    if withdrawn or rewritten:
        await record(db, now=now, channel=channel, user_id=user_id, action="plan.tasks_withdrawn",
                     subject=amended.code, detail={"by": parsed.meta.code, "withdrawn": [t.key for t in withdrawn],
                                                   "rewritten": [t.key for t in rewritten]})
    return tuple(t.key for t in withdrawn), tuple(t.key for t in rewritten)


async def reimport_changes(db: aiosqlite.Connection, parsed: ParsedPlan) -> ReimportChanges:
    """What storing `parsed` would do to the tasks stored under its code (nothing is written)."""
    plan = await get_plan_by_code(db, parsed.meta.code)
    stored = await _stored_tasks(db, plan.id) if plan is not None else []
    matched = _match(stored, parsed.tasks)
    return await _changes(db, stored, parsed.tasks, matched, exists=any(t.active for t in stored))


# a new plan whose tasks are this share of a followed plan's is that plan re-issued under a new number
_REISSUE_SHARE = 0.6


async def reissued_plan(db: aiosqlite.Connection, parsed: ParsedPlan) -> tuple[Plan, int] | None:
    """The followed plan (under another code) `parsed` repeats most tasks of, with how many match; None when
    `parsed` is already stored or repeats none."""
    plans = await list_plans(db)
    if any(plan.code == parsed.meta.code for plan in plans):
        return None
    best: tuple[Plan, int] | None = None
    new = [_content(t) for t in parsed.tasks]
    for plan in plans:
        stored = [t for t in await _stored_tasks(db, plan.id) if t.active]
        matched = len(match_tasks([_content(t) for t in stored], new))
        if matched >= max(2, _REISSUE_SHARE * min(len(new), len(stored))) and (best is None or matched > best[1]):
            best = (plan, matched)
    return best


async def take_over_plan(
    db: aiosqlite.Connection, old: Plan, code: str, *, now: datetime, user_id: int | None, channel: str
) -> None:
    """Give a followed plan the code of the plan re-issuing it, so storing the new one updates it in place: its
    tasks, matched by content, keep their reports."""
    await db.execute("UPDATE plans SET code = ? WHERE id = ?", (code, old.id))
    await record(db, now=now, channel=channel, user_id=user_id, action="plan.replaced", subject=code,
                 detail={"previous_code": old.code})


async def unled_tasks(db: aiosqlite.Connection, parsed: ParsedPlan) -> list[tuple[str, str]]:
    """(number, group) of the tasks led only by a group («Tất cả phường») of which no agency is registered:
    stored, they would have nobody to remind."""
    kinds = {row[0] for row in await db.execute_fetchall("SELECT DISTINCT kind FROM agencies")}
    unled = []
    for t in parsed.tasks:
        groups = [name for name in t.lead if agency_repo.group_of(name) is not None]
        if not groups or len(groups) != len(t.lead) or t.unknown_lead:
            continue
        if not any(("ward" if agency_repo.group_of(name) == "wards" else "unit") in kinds for name in groups):
            unled.append((t.number, groups[0]))
    return unled


async def empty_groups(db: aiosqlite.Connection, parsed: ParsedPlan) -> list[tuple[str, int]]:
    """(group, tasks) of the groups («Tất cả phường») named as a lead of which no agency is registered, with how
    many tasks name them so: those tasks remind none of the group's members; a group only ever named alone is left
    to `unled_tasks` (its tasks remind nobody at all)."""
    kinds = {row[0] for row in await db.execute_fetchall("SELECT DISTINCT kind FROM agencies")}
    named: dict[str, int] = {}
    shared: set[str] = set()  # named beside another lead: not told by `unled_tasks`
    for t in parsed.tasks:
        other_lead = bool(t.unknown_lead) or any(agency_repo.group_of(name) is None for name in t.lead)
        for name in dict.fromkeys(t.lead):
            grp = agency_repo.group_of(name)
            if grp is not None and ("ward" if grp == "wards" else "unit") not in kinds:
                named[name] = named.get(name, 0) + 1
                if other_lead:
                    shared.add(name)
    return [(name, count) for name, count in named.items() if name in shared]


async def _stored_tasks(db: aiosqlite.Connection, plan_id: int) -> list[Task]:
    rows = await db.execute_fetchall(
        f"SELECT {TASK_COLUMNS} FROM tasks WHERE plan_id = ? ORDER BY position, id", (plan_id,)
    )
    return from_rows(Task, rows)


def _content(task: Task | ParsedTask) -> TaskContent:
    return TaskContent(task.key, task.title, task.lead_text, task.deadline_text)


def _match(stored: list[Task], tasks: Sequence[ParsedTask]) -> dict[str, Task]:
    """New task key → the stored task it is (by content and number); active stored tasks are preferred."""
    # an inactive task (dropped by an earlier re-import) is matched only when no active one is the same task
    active = [t for t in stored if t.active]
    inactive = [t for t in stored if not t.active]
    found = {tasks[j].key: active[i] for j, i in match_tasks([_content(t) for t in active], [_content(t) for t in tasks]).items()}
    rest = [t for t in tasks if t.key not in found]
    again = match_tasks([_content(t) for t in inactive], [_content(t) for t in rest])
    found.update({rest[j].key: inactive[i] for j, i in again.items()})
    return found


async def _report_counts(db: aiosqlite.Connection, task_ids: list[int]) -> dict[int, int]:
    if not task_ids:
        return {}
    marks = ", ".join("?" * len(task_ids))
    rows = await db.execute_fetchall(
        f"SELECT task_id, COUNT(*) FROM reports WHERE task_id IN ({marks}) AND withdrawn_at IS NULL GROUP BY task_id",
        tuple(task_ids),
    )
    return {row[0]: row[1] for row in rows}


async def _changes(
    db: aiosqlite.Connection, stored: list[Task], tasks: Sequence[ParsedTask], matched: dict[str, Task], *, exists: bool
) -> ReimportChanges:
    kept_ids = {t.id for t in matched.values()}
    dropped = [t for t in stored if t.active and t.id not in kept_ids]
    moved = [(t, matched[t.key]) for t in tasks if t.key in matched and matched[t.key].number != t.number]
    counts = await _report_counts(db, [t.id for t in dropped] + list(kept_ids))
    numbers = {t.number for t in tasks}
    renumbered_ids = {old.id for _, old in moved if old.active}
    return ReimportChanges(
        exists=exists,
        added=sum(1 for t in tasks if t.key not in matched or not matched[t.key].active),
        kept=sum(1 for t in tasks if t.key in matched and matched[t.key].active),
        renumbered=tuple(
            Renumbered(old.number, new.number, new.title, counts.get(old.id, 0)) for new, old in moved if old.active
        ),
        dropped=tuple(Dropped(t.number, t.title, counts.get(t.id, 0), t.number in numbers) for t in dropped),
        kept_reports=sum(counts.get(task_id, 0) for task_id in kept_ids - renumbered_ids),
    )


async def _free_keys(
    db: aiosqlite.Connection, stored: list[Task], tasks: Sequence[ParsedTask], matched: dict[str, Task]
) -> None:
    """Move stored keys out of the way before the tasks take their new keys ((plan, key) is unique).

    A matched task whose number moved gets a passing key; a task no longer listed whose key a new task
    takes keeps its number and gets the key «1.2~57» (its id): archived, it is never looked up by key.
    """
    target = {old.id: key for key, old in matched.items()}
    new_keys = {t.key for t in tasks}
    for old in stored:
        if old.id in target and target[old.id] != old.key:
            await db.execute("UPDATE tasks SET key = ? WHERE id = ?", (f"~{old.id}", old.id))
        elif old.id not in target and old.key in new_keys:
            await db.execute("UPDATE tasks SET key = ? WHERE id = ?", (f"{old.key}~{old.id}", old.id))


async def _upsert_plan(
    db: aiosqlite.Connection, parsed: ParsedPlan, *, now: datetime, source_name: str
) -> tuple[int, bool]:
    meta = parsed.meta
    values = (
        meta.title,
        meta.issuer,
        meta.issued_on.isoformat() if meta.issued_on else None,
        meta.year,
        meta.period[0] if meta.period else None,
        meta.period[1] if meta.period else None,
        source_name,
        utc_iso(now),
    )
    rows = await db.execute_fetchall("SELECT id FROM plans WHERE code = ?", (meta.code,))
    if rows:
        plan_id = rows[0]["id"]
        await db.execute(
            "UPDATE plans SET title = ?, issuer = ?, issued_on = ?, year = ?, period_start = ?,"
            " period_end = ?, source_name = ?, imported_at = ? WHERE id = ?",
            (*values, plan_id),
        )
        return plan_id, False
    cur = await db.execute(
        "INSERT INTO plans (code, title, issuer, issued_on, year, period_start, period_end, source_name,"
        " imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (meta.code, *values),
    )
    return cur.lastrowid, True  # type: ignore[return-value]


async def _upsert_sections(
    db: aiosqlite.Connection, plan_id: int, tasks: Sequence[ParsedTask]
) -> dict[str | None, int]:
    titles: dict[str, str] = {}
    for t in tasks:
        if t.section is not None and t.section not in titles:
            titles[t.section] = t.section_title or ""
    ids: dict[str | None, int] = {}
    for position, (number, title) in enumerate(titles.items()):
        await db.execute(
            "INSERT INTO sections (plan_id, number, title, position) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (plan_id, number) DO UPDATE SET title = excluded.title, position = excluded.position",
            (plan_id, number, title, position),
        )
        rows = await db.execute_fetchall(
            "SELECT id FROM sections WHERE plan_id = ? AND number = ?", (plan_id, number)
        )
        ids[number] = rows[0]["id"]
    return ids


async def _upsert_task(
    db: aiosqlite.Connection,
    plan_id: int,
    section_id: int | None,
    t: ParsedTask,
    position: int,
    old: Task | None,
) -> tuple[int, bool]:
    deliverables = json.dumps(list(t.deliverables), ensure_ascii=False)
    text = (section_id, t.number, t.title, deliverables, t.lead_text, t.support_text, t.deadline_text)
    if old is None:
        cur = await db.execute(
            "INSERT INTO tasks (section_id, number, title, deliverables, lead_text, support_text, deadline_text,"
            " position, plan_id, key, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            (*text, position, plan_id, t.key),
        )
        return cur.lastrowid, True  # type: ignore[return-value]
    changed = (
        old.section_id, old.number, old.title, old.deliverables, old.lead_text, old.support_text, old.deadline_text
    ) != text
    await db.execute(
        "UPDATE tasks SET section_id = ?, number = ?, title = ?, deliverables = ?, lead_text = ?,"
        " support_text = ?, deadline_text = ?, position = ?, key = ?, active = 1 WHERE id = ?",
        (*text, position, t.key, old.id),
    )
    return old.id, changed


class _AgencyLinker:
    """Rebuilds one task's agency links at a time, creating or reporting names the registry lacks."""

    def __init__(
        self, db: aiosqlite.Connection, plan_id: int, derived: dict[str, str], *, now: datetime, create: bool
    ) -> None:
        self.db = db
        self.plan_id = plan_id
        self.derived = derived
        self.now = now
        self.create = create
        self.created: list[str] = []
        self.unknown: list[str] = []
        self._cache: dict[str, int | None] = {}

    def _kind(self, name: str) -> str:
        return self.derived.get(name) or agency_repo.guess_kind(name)

    async def _resolve(self, name: str, role: str) -> int | None:
        """The agency id for a non-group name, creating it when allowed; None leaves it unlinked."""
        cache_key = f"{role}:{name}"
        if cache_key in self._cache:
            return self._cache[cache_key]
        found = await agency_repo.find_agency_exact(self.db, name)
        agency_id: int | None = found.id if found else None
        if agency_id is None:
            kind = self._kind(name)
            # bodies outside the district only supporting a task are not followed up: kept as text
            if self.create and not (role == "support" and kind == "external"):
                agency = await agency_repo.add_agency(self.db, name, kind, now=self.now)
                # it exists when the plan is imported: its group's tasks of this plan read before it was created
                # are its own; the open tasks of earlier plans are not (/agency_add asks about those)
                await agency_repo.expand_groups_for_agency(self.db, agency.id, plan_id=self.plan_id)
                self.created.append(agency.name)
                agency_id = agency.id
                self._cache.clear()  # the new agency may now resolve other spellings
            elif not (role == "support" and kind == "external") and name not in self.unknown:
                self.unknown.append(name)
        self._cache[cache_key] = agency_id
        return agency_id

    async def link(self, task_id: int, t: ParsedTask) -> bool:
        """Replace the task's agency links and groups; True when they differ from before."""
        db = self.db
        before = set(
            await db.execute_fetchall(
                "SELECT agency_id, role FROM task_agencies WHERE task_id = ?", (task_id,)
            )
        )
        before_groups = set(
            await db.execute_fetchall("SELECT grp, role FROM task_groups WHERE task_id = ?", (task_id,))
        )
        before_other = (
            await db.execute_fetchall("SELECT support_other FROM tasks WHERE id = ?", (task_id,))
        )[0][0]
        await db.execute("DELETE FROM task_agencies WHERE task_id = ?", (task_id,))
        await db.execute("DELETE FROM task_groups WHERE task_id = ?", (task_id,))
        others: list[str] = []
        for role, names in (("lead", t.lead + t.unknown_lead), ("support", t.support + t.unknown_support)):
            for name in names:
                grp = agency_repo.group_of(name)
                if grp is not None:
                    await db.execute(
                        "INSERT OR IGNORE INTO task_groups (task_id, grp, role) VALUES (?, ?, ?)",
                        (task_id, grp, role),
                    )
                    await db.execute(
                        "INSERT OR IGNORE INTO task_agencies (task_id, agency_id, role)"
                        " SELECT ?, id, ? FROM agencies WHERE kind = ?",
                        (task_id, role, "ward" if grp == "wards" else "unit"),
                    )
                    continue
                agency_id = await self._resolve(name, role)
                if agency_id is not None:
                    await db.execute(
                        "INSERT OR IGNORE INTO task_agencies (task_id, agency_id, role) VALUES (?, ?, ?)",
                        (task_id, agency_id, role),
                    )
                elif role == "support" and name not in others:
                    others.append(name)
        other_json = json.dumps(others, ensure_ascii=False)
        await db.execute("UPDATE tasks SET support_other = ? WHERE id = ?", (other_json, task_id))
        after = set(
            await db.execute_fetchall(
                "SELECT agency_id, role FROM task_agencies WHERE task_id = ?", (task_id,)
            )
        )
        after_groups = set(
            await db.execute_fetchall("SELECT grp, role FROM task_groups WHERE task_id = ?", (task_id,))
        )
        return (
            {tuple(r) for r in before} != {tuple(r) for r in after}
            or {tuple(r) for r in before_groups} != {tuple(r) for r in after_groups}
            or before_other != other_json
        )


_Signature = tuple[str, str | None, str | None, str | None, int | None, bool | None]


def _signature(
    kind: str, label: str | None, due: str | None, trigger: str | None, days: int | None, working: bool | None
) -> _Signature:
    return (kind, label, due, trigger, days, None if working is None else bool(working))


async def _store_milestones(
    db: aiosqlite.Connection, task_id: int, milestones: Sequence[Milestone], import_day: date, series_from: date
) -> tuple[list[_Signature], list[_Signature], int, bool]:
    """Update the task's milestones by position; returns the old and new signatures for comparing, how many
    dates of a series were not stored and whether `import_day`'s was one of them (see _series_dates)."""
    old_rows = from_rows(
        MilestoneRow,
        await db.execute_fetchall(
            f"SELECT {_MILESTONE_COLUMNS} FROM milestones WHERE task_id = ? ORDER BY position", (task_id,)
        ),
    )
    by_position = {m.position: m for m in old_rows}
    old_sigs = [
        _signature(m.kind, m.label, m.due, m.trigger_text, m.offset_days, m.offset_working) for m in old_rows
    ]
    new_sigs: list[_Signature] = []
    skipped = 0
    today_skipped = False
    for position, m in enumerate(milestones):
        due = m.due.isoformat() if m.due else None
        days = m.offset.days if m.offset else None
        working = m.offset.working if m.offset else None
        new_sigs.append(_signature(m.kind, m.label, due, m.trigger, days, working))
        old = by_position.get(position)
        values = (m.kind, m.label, due, m.trigger, days, None if working is None else int(working))
        if old is None:
            cur = await db.execute(
                "INSERT INTO milestones (kind, label, due, trigger_text, offset_days, offset_working, task_id,"
                " position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, task_id, position),
            )
            milestone_id, triggered_on = cur.lastrowid, None
        else:
            # a trigger date set by an admin survives a re-import as long as the milestone is still an event
            triggered_on = old.triggered_on if m.kind == "event" else None
            await db.execute(
                "UPDATE milestones SET kind = ?, label = ?, due = ?, trigger_text = ?, offset_days = ?,"
                " offset_working = ?, triggered_on = ? WHERE id = ?",
                (*values, triggered_on, old.id),
            )
            milestone_id = old.id
        trigger_day = date.fromisoformat(triggered_on) if triggered_on else None
        wanted = m.occurrence_dates(trigger_day)
        if m.kind == "recurring":
            listed = wanted
            wanted = await _series_dates(db, None if old is None else old.id, listed, import_day, series_from)
            skipped += len(listed - wanted)
            today_skipped = today_skipped or (import_day in listed and import_day not in wanted)
        await _sync_occurrences(db, milestone_id, wanted)
    for old in old_rows[len(milestones) :]:
        await _sync_occurrences(db, old.id, set())
        # a dropped milestone whose occurrences carry reports stays, inert, so the reports keep their link
        left = await db.execute_fetchall(
            "SELECT 1 FROM occurrences WHERE milestone_id = ? LIMIT 1", (old.id,)
        )
        if not left:
            await db.execute("DELETE FROM milestones WHERE id = ?", (old.id,))
    return old_sigs, new_sigs, skipped, today_skipped


async def _series_dates(
    db: aiosqlite.Connection, milestone_id: int | None, dates: set[date], import_day: date, series_from: date
) -> set[date]:
    """The dates of a series to store (plans.series.kept_dates), with those an earlier import stored."""
    stored: set[date] = set()
    if milestone_id is not None:
        rows = await db.execute_fetchall("SELECT due FROM occurrences WHERE milestone_id = ?", (milestone_id,))
        stored = {date.fromisoformat(r[0]) for r in rows}
    return kept_dates(dates, import_day, series_from, stored)


async def _sync_occurrences(db: aiosqlite.Connection, milestone_id: int, wanted: set[date]) -> None:
    """Make the milestone's active occurrences exactly `wanted`; unlisted ones with reports turn inactive."""
    wanted_iso = {d.isoformat() for d in wanted}
    rows = await db.execute_fetchall(
        "SELECT o.id, o.due, o.active, EXISTS (SELECT 1 FROM reports AS r WHERE r.occurrence_id = o.id) AS used"
        " FROM occurrences AS o WHERE o.milestone_id = ?",
        (milestone_id,),
    )
    have = set()
    for r in rows:
        have.add(r["due"])
        if r["due"] in wanted_iso:
            if not r["active"]:
                await db.execute("UPDATE occurrences SET active = 1 WHERE id = ?", (r["id"],))
        elif r["used"]:
            if r["active"]:
                await db.execute("UPDATE occurrences SET active = 0 WHERE id = ?", (r["id"],))
        else:
            await db.execute("DELETE FROM occurrences WHERE id = ?", (r["id"],))
    for due in sorted(wanted_iso - have):
        await db.execute(
            "INSERT INTO occurrences (milestone_id, due, active) VALUES (?, ?, 1)", (milestone_id, due)
        )


# ---------------------------------------------------------------------------------------------- triggers


async def set_trigger_date(
    db: aiosqlite.Connection,
    milestone_id: int,
    day: date,
    *,
    now: datetime,
    user_id: int | None,
    channel: str,
) -> date:
    """Record the day an event milestone's trigger happened; returns the due date it gives."""
    rows = await db.execute_fetchall(
        f"SELECT {_MILESTONE_COLUMNS} FROM milestones WHERE id = ?", (milestone_id,)
    )
    m = from_row(MilestoneRow, rows[0]) if rows else None
    if m is None:
        raise UnknownMilestone(milestone_id)
    if m.kind != "event":
        raise NotAnEvent(milestone_id)
    current = {
        date.fromisoformat(r["due"])
        for r in await db.execute_fetchall(
            "SELECT due FROM occurrences WHERE milestone_id = ? AND active = 1", (milestone_id,)
        )
    }
    offset = Offset(m.offset_days or 0, bool(m.offset_working))
    if m.triggered_on:
        current.discard(offset.after(date.fromisoformat(m.triggered_on)))
    due = offset.after(day)
    await db.execute("UPDATE milestones SET triggered_on = ? WHERE id = ?", (day.isoformat(), milestone_id))
    await _sync_occurrences(db, milestone_id, current | {due})
    subject = (
        await db.execute_fetchall(
            "SELECT p.code || ' ' || t.key FROM tasks AS t JOIN plans AS p ON p.id = t.plan_id WHERE t.id = ?",
            (m.task_id,),
        )
    )[0][0]
    await record(
        db,
        now=now,
        channel=channel,
        user_id=user_id,
        action="milestone.triggered",
        subject=subject,
        detail={
            "milestone": milestone_id,
            "triggered_on": day.isoformat(),
            "previous": m.triggered_on,
            "due": due.isoformat(),
        },
    )
    return due


async def untriggered_events(db: aiosqlite.Connection) -> list[UntriggeredEvent]:
    """Event milestones of active tasks still waiting for their trigger date, in plan order."""
    rows = await db.execute_fetchall(
        "SELECT m.id AS milestone_id, t.id AS task_id, p.code AS plan_code, t.number, t.title, m.label,"
        " m.trigger_text AS trigger, m.offset_days, m.offset_working"
        " FROM milestones AS m JOIN tasks AS t ON t.id = m.task_id JOIN plans AS p ON p.id = t.plan_id"
        " WHERE m.kind = 'event' AND m.triggered_on IS NULL AND t.active = 1"
        " ORDER BY p.imported_at DESC, p.id DESC, t.position, m.position"
    )
    return from_rows(UntriggeredEvent, rows)


async def milestones_of(db: aiosqlite.Connection, task_id: int) -> list[MilestoneRow]:
    """The task's milestones in document order."""
    return from_rows(
        MilestoneRow,
        await db.execute_fetchall(
            f"SELECT {_MILESTONE_COLUMNS} FROM milestones WHERE task_id = ? ORDER BY position", (task_id,)
        ),
    )


# ---------------------------------------------------------------------------------------------- queries


async def get_plan_by_code(db: aiosqlite.Connection, code: str) -> Plan | None:
    """The plan with this code, or None."""
    rows = await db.execute_fetchall(f"SELECT {_PLAN_COLUMNS} FROM plans WHERE code = ?", (code.strip(),))
    return from_row(Plan, rows[0]) if rows else None


async def list_plans(db: aiosqlite.Connection) -> list[PlanWithCounts]:
    """Every plan followed (not removed) with its active task count, latest import first."""
    rows = await db.execute_fetchall(
        f"SELECT {_PLAN_COLUMNS}, (SELECT COUNT(*) FROM tasks AS t WHERE t.plan_id = plans.id AND t.active = 1)"
        " AS active_tasks FROM plans"
        " WHERE EXISTS (SELECT 1 FROM tasks AS t WHERE t.plan_id = plans.id AND t.active = 1)"
        " ORDER BY imported_at DESC, id DESC"
    )
    return from_rows(PlanWithCounts, rows)


# ---------------------------------------------------------------------------------------------- removing


@dataclass(frozen=True)
class PlanFootprint:
    """What removing a plan takes out of the follow-up, and what it keeps."""

    plan: Plan
    tasks: int  # active tasks: no more reminders, lists or summaries
    upcoming: int  # deadlines from today on that will not be reminded
    reports: int  # reports on its tasks: kept, archived with the tasks


async def plan_footprint(db: aiosqlite.Connection, plan: Plan, today: date) -> PlanFootprint:
    """How many tasks, coming deadlines and reports the plan has."""
    rows = await db.execute_fetchall(
        "SELECT (SELECT COUNT(*) FROM tasks WHERE plan_id = ? AND active = 1),"
        " (SELECT COUNT(*) FROM occurrences AS o JOIN milestones AS m ON m.id = o.milestone_id"
        "  JOIN tasks AS t ON t.id = m.task_id WHERE t.plan_id = ? AND t.active = 1 AND o.active = 1 AND o.due >= ?),"
        " (SELECT COUNT(*) FROM reports AS r JOIN tasks AS t ON t.id = r.task_id"
        "  WHERE t.plan_id = ? AND r.withdrawn_at IS NULL)",
        (plan.id, plan.id, today.isoformat(), plan.id),
    )
    tasks, upcoming, reports = rows[0]
    return PlanFootprint(plan, tasks, upcoming, reports)


async def remove_plan(
    db: aiosqlite.Connection, plan: Plan, *, today: date, now: datetime, user_id: int | None, channel: str
) -> PlanFootprint:
    """Take a plan out of the follow-up inside the caller's transaction: its tasks turn inactive (reminders stop),
    its reports stay with them; importing the same plan again brings the tasks back with their reports."""
    footprint = await plan_footprint(db, plan, today)
    await db.execute("UPDATE tasks SET active = 0 WHERE plan_id = ? AND active = 1", (plan.id,))
    await record(
        db,
        now=now,
        channel=channel,
        user_id=user_id,
        action="plan.removed",
        subject=plan.code,
        detail={"tasks": footprint.tasks, "upcoming": footprint.upcoming, "reports_kept": footprint.reports},
    )
    return footprint
