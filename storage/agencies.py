"""Agencies repository: the registry of departments, wards and committees, their aliases and groups."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite
from rapidfuzz import fuzz, process

from chat.printable import first_unprintable
from i18n.collation import vi_sort_key
from plans.agencies import (
    GROUP_UNITS,
    GROUP_WARDS,
    KnownAgency,
    agency_key,
    guess_kind,
    is_district_office,
    town_key,
)
from plans.text import nfc
from storage.db import utc_iso
from storage.errors import AgencyExists, AliasExists, UnknownAgency, UnprintableName
from storage.rows import from_row, from_rows

__all__ = [
    "GROUP_UNITS",
    "GROUP_WARDS",
    "Agency",
    "AgencyWithCounts",
    "GroupTasks",
    "KnownAgency",
    "add_agency",
    "add_alias",
    "all_agencies",
    "expand_groups_for_agency",
    "find_agency",
    "find_agency_exact",
    "get_agency",
    "group_name_of_kind",
    "group_of",
    "guess_kind",
    "list_agencies",
    "near_agency",
    "open_group_tasks",
    "registry",
    "same_name_groups",
]

KINDS = ("unit", "ward", "committee", "external")
FUZZY_THRESHOLD = 90
# group name key -> (task_groups.grp, agencies.kind it expands to)
_GROUPS = {agency_key(GROUP_WARDS): ("wards", "ward"), agency_key(GROUP_UNITS): ("units", "unit")}
_GROUP_OF_KIND = {kind: grp for grp, kind in _GROUPS.values()}
_DIGITS_RE = re.compile(r"\d+")
# What people leave out when they name an agency: "Bến Nghé" for "Phường Bến Nghé", "Kinh tế" for "Phòng Kinh tế".
_KIND_WORDS = ("phuong", "xa", "thi tran", "phong")

_COLUMNS = "id, name, norm, kind, created_at"


@dataclass(frozen=True)
class Agency:
    id: int
    name: str
    norm: str
    kind: str
    created_at: str


@dataclass(frozen=True)
class AgencyWithCounts:
    id: int
    name: str
    norm: str
    kind: str
    created_at: str
    aliases: tuple[str, ...]
    members: int  # active users linked to the agency
    lead_tasks: int  # active tasks the agency leads


def _key(text: str) -> str:
    return agency_key(text)


def group_of(name: str) -> str | None:
    """'wards' or 'units' when `name` is one of the agency group names, else None."""
    found = _GROUPS.get(_key(name))
    return found[0] if found else None


async def _owner_of_norm(db: aiosqlite.Connection, norm: str) -> Agency | None:
    rows = await db.execute_fetchall(
        f"SELECT {_COLUMNS} FROM agencies"
        " WHERE norm = ? OR id IN (SELECT agency_id FROM agency_aliases WHERE norm = ?)"
        " ORDER BY norm = ? DESC LIMIT 1",
        (norm, norm, norm),
    )
    return from_row(Agency, rows[0]) if rows else None


async def get_agency(db: aiosqlite.Connection, agency_id: int) -> Agency | None:
    """The agency with this id, or None."""
    rows = await db.execute_fetchall(f"SELECT {_COLUMNS} FROM agencies WHERE id = ?", (agency_id,))
    return from_row(Agency, rows[0]) if rows else None


async def add_agency(
    db: aiosqlite.Connection, name: str, kind: str, *, now: datetime, aliases: Iterable[str] = (),
    display: str | None = None,
) -> Agency:
    """Register an agency (and its aliases); raises AgencyExists or UnprintableName. `display`: the name to store
    when it is not `name` as typed but has its key («Phường Tân Định» for «UBND phường Tân Định»); errors name
    what was typed.

    Its group's tasks ("Các phòng, ban, đơn vị", "Tất cả phường") are not given to it here: a plan binds the
    agencies that exist when it is imported (storage.plans does that), and one added later inherits open
    tasks only when the admin says so (expand_groups_for_agency with open_on).
    """
    name = _clean_name(name)
    if not name:
        raise ValueError("agency name is empty")
    if kind not in KINDS:
        raise ValueError(f"unknown agency kind {kind!r}")
    norm = _key(name)
    if norm in _GROUPS:
        raise AgencyExists(name, GROUP_WARDS if _GROUPS[norm][0] == "wards" else GROUP_UNITS)
    existing = await _owner_of_norm(db, norm)
    if existing is not None:
        raise AgencyExists(name, existing.name)
    if display is not None and _key(display) == norm:
        name = _clean_name(display)
    cur = await db.execute(
        "INSERT INTO agencies (name, norm, kind, created_at) VALUES (?, ?, ?, ?)",
        (name, norm, kind, utc_iso(now)),
    )
    agency = Agency(id=cur.lastrowid, name=name, norm=norm, kind=kind, created_at=utc_iso(now))  # type: ignore[arg-type]
    for alias in aliases:
        await add_alias(db, agency.id, alias)
    return agency


def _clean_name(name: str) -> str:
    """A name as stored: spaces collapsed, NFC; UnprintableName when it holds a control character."""
    char = first_unprintable(name)
    if char is not None:
        raise UnprintableName(name, char)
    return nfc(" ".join(name.split()))


async def add_alias(db: aiosqlite.Connection, agency_id: int, alias: str) -> Agency:
    """Give an agency another name it can be found by; raises AliasExists or UnknownAgency."""
    agency = await get_agency(db, agency_id)
    if agency is None:
        raise UnknownAgency(agency_id)
    alias = _clean_name(alias)
    if not alias:
        raise ValueError("alias is empty")
    norm = _key(alias)
    if norm in _GROUPS:
        raise AliasExists(alias, GROUP_WARDS if _GROUPS[norm][0] == "wards" else GROUP_UNITS)
    owner = await _owner_of_norm(db, norm)
    if owner is not None:
        if owner.id == agency.id:
            return agency  # already known by that name: adding it again changes nothing
        raise AliasExists(alias, owner.name)
    await db.execute(
        "INSERT INTO agency_aliases (agency_id, alias, norm) VALUES (?, ?, ?)", (agency.id, alias, norm)
    )
    return agency


async def find_agency_exact(db: aiosqlite.Connection, text: str) -> Agency | None:
    """The agency whose name or alias has the same key as `text` (no fuzzy matching)."""
    return await _owner_of_norm(db, _key(text))


async def find_agency(db: aiosqlite.Connection, text: str) -> Agency | None:
    """The agency named `text`: exact key of a name or alias, else a close fuzzy match, else None."""
    key = _key(text)
    if not key:
        return None
    exact = await _owner_of_norm(db, key)
    if exact is not None:
        return exact
    town = town_key(text)
    if town and (found := await _owner_of_norm(db, town)) is not None:  # «TT Cần Thạnh»: the thị trấn
        return found
    rows = await db.execute_fetchall(
        "SELECT id, norm FROM agencies UNION ALL SELECT agency_id, norm FROM agency_aliases"
    )
    with_kind = {r["id"] for r in rows if r["norm"] in {f"{word} {key}" for word in _KIND_WORDS}}
    if len(with_kind) == 1:
        return await get_agency(db, with_kind.pop())
    if is_district_office(key):  # «Văn phòng HĐND và UBND» for the registered «Văn phòng UBND quận», and back
        offices = {r["id"] for r in rows if is_district_office(r["norm"])}
        if len(offices) == 1:
            return await get_agency(db, offices.pop())
    return await _fuzzy_agency(db, key, rows)


async def near_agency(db: aiosqlite.Connection, name: str) -> Agency | None:
    """A registered agency whose name is close to `name` but not the same (what an admin adding it should see)."""
    key = _key(name)
    rows = await db.execute_fetchall(
        "SELECT id, norm FROM agencies UNION ALL SELECT agency_id, norm FROM agency_aliases"
    )
    return await _fuzzy_agency(db, key, [r for r in rows if r["norm"] != key]) if key else None


async def _fuzzy_agency(db: aiosqlite.Connection, key: str, rows: list[aiosqlite.Row]) -> Agency | None:
    # "Phường 1" and "Phường 11" score above any sensible threshold: numbers must agree exactly
    digits = _DIGITS_RE.findall(key)
    choices = {i: r["norm"] for i, r in enumerate(rows) if _DIGITS_RE.findall(r["norm"]) == digits}
    best = process.extractOne(key, choices, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_THRESHOLD)
    if best is None:
        return None
    return await get_agency(db, rows[best[2]]["id"])


async def list_agencies(db: aiosqlite.Connection) -> list[AgencyWithCounts]:
    """Every agency with its aliases, active member count and active lead-task count, by kind then name."""
    rows = await db.execute_fetchall(
        "SELECT a.id, a.name, a.norm, a.kind, a.created_at,"
        " (SELECT COUNT(*) FROM users AS u WHERE u.agency_id = a.id AND u.active = 1) AS members,"
        " (SELECT COUNT(DISTINCT ta.task_id) FROM task_agencies AS ta JOIN tasks AS t ON t.id = ta.task_id"
        "   WHERE ta.agency_id = a.id AND ta.role = 'lead' AND t.active = 1) AS lead_tasks"
        " FROM agencies AS a ORDER BY a.kind, a.norm"
    )
    aliases = await _aliases_by_agency(db)
    rows = sorted(rows, key=lambda r: (r["kind"], vi_sort_key(r["name"])))  # "Đa Kao" before "Tân Định"
    return [
        AgencyWithCounts(
            id=r["id"],
            name=r["name"],
            norm=r["norm"],
            kind=r["kind"],
            created_at=r["created_at"],
            aliases=aliases.get(r["id"], ()),
            members=r["members"],
            lead_tasks=r["lead_tasks"],
        )
        for r in rows
    ]


async def _aliases_by_agency(db: aiosqlite.Connection) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    for r in await db.execute_fetchall("SELECT agency_id, alias FROM agency_aliases ORDER BY id"):
        found.setdefault(r["agency_id"], []).append(r["alias"])
    return {k: tuple(v) for k, v in found.items()}


def same_name_groups(agencies: Iterable[Agency | AgencyWithCounts]) -> list[list[str]]:
    """Names of agencies that share one normal form (kept apart by a migration that changed the form)."""
    by_key: dict[str, list[str]] = {}
    for agency in agencies:
        by_key.setdefault(_key(agency.name), []).append(agency.name)
    return [names for names in by_key.values() if len(names) > 1]


async def all_agencies(db: aiosqlite.Connection) -> list[Agency]:
    """Every registered agency, by name key."""
    return from_rows(Agency, await db.execute_fetchall(f"SELECT {_COLUMNS} FROM agencies ORDER BY norm"))


async def registry(db: aiosqlite.Connection) -> list[KnownAgency]:
    """The registered agencies as the plan readers' name resolver takes them."""
    aliases = await _aliases_by_agency(db)
    return [KnownAgency(a.name, a.kind, aliases.get(a.id, ())) for a in await all_agencies(db)]


def group_name_of_kind(kind: str) -> str | None:
    """The collective name ("Tất cả phường", "Các phòng, ban, đơn vị") an agency of this kind belongs to."""
    return {"wards": GROUP_WARDS, "units": GROUP_UNITS}.get(_GROUP_OF_KIND.get(kind, ""))


# a group task still open on a day: active, and with a deadline on or after it or none dated at all
_OPEN_GROUP_TASKS = (
    "SELECT tg.task_id, tg.role FROM task_groups AS tg JOIN tasks AS t ON t.id = tg.task_id"
    " WHERE tg.grp = ? AND t.active = 1 AND (? IS NULL OR EXISTS ("
    "   SELECT 1 FROM milestones AS m JOIN occurrences AS o ON o.milestone_id = m.id"
    "   WHERE m.task_id = t.id AND o.active = 1 AND o.due >= ?)"
    " OR NOT EXISTS (SELECT 1 FROM milestones AS m JOIN occurrences AS o ON o.milestone_id = m.id"
    "   WHERE m.task_id = t.id AND o.active = 1))"
)


@dataclass(frozen=True)
class GroupTasks:
    """The open tasks of an agency's group it does not have yet, by the role the group has in them."""

    lead: int = 0
    support: int = 0

    @property
    def total(self) -> int:
        return self.lead + self.support


async def open_group_tasks(db: aiosqlite.Connection, agency_id: int, open_on: date) -> GroupTasks:
    """The tasks given to the agency's group that are open on `open_on` and not yet the agency's, by role."""
    agency = await get_agency(db, agency_id)
    grp = _GROUP_OF_KIND.get(agency.kind) if agency else None
    if grp is None:
        return GroupTasks()
    day = open_on.isoformat()
    rows = await db.execute_fetchall(
        f"SELECT g.role, COUNT(DISTINCT g.task_id) FROM ({_OPEN_GROUP_TASKS}) AS g"
        " WHERE g.task_id NOT IN (SELECT task_id FROM task_agencies WHERE agency_id = ?) GROUP BY g.role",
        (grp, day, day, agency_id),
    )
    counts = {row[0]: row[1] for row in rows}
    return GroupTasks(lead=counts.get("lead", 0), support=counts.get("support", 0))


async def expand_groups_for_agency(
    db: aiosqlite.Connection, agency_id: int, *, open_on: date | None = None, plan_id: int | None = None
) -> int:
    """Link the agency to the tasks given to its group (wards or units), only those open on `open_on` and of
    the plan `plan_id` when given; returns the links added."""
    agency = await get_agency(db, agency_id)
    if agency is None:
        raise UnknownAgency(agency_id)
    grp = _GROUP_OF_KIND.get(agency.kind)
    if grp is None:
        return 0
    day = open_on.isoformat() if open_on else None
    cur = await db.execute(
        "INSERT OR IGNORE INTO task_agencies (task_id, agency_id, role) SELECT g.task_id, CAST(? AS INTEGER), g.role"
        f" FROM ({_OPEN_GROUP_TASKS}) AS g"
        " WHERE CAST(? AS INTEGER) IS NULL OR g.task_id IN (SELECT id FROM tasks WHERE plan_id = CAST(? AS INTEGER))",
        (agency.id, grp, day, day, plan_id, plan_id),
    )
    return cur.rowcount
