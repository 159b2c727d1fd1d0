"""Agencies repository: the registry of departments, wards and committees, their aliases and groups."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite
from rapidfuzz import fuzz, process

from chat.printable import first_unprintable
from plans.text import fold, nfc, unify_tones
from storage.db import utc_iso
from storage.errors import AgencyExists, AliasExists, UnknownAgency, UnprintableName
from storage.rows import from_row, from_rows

try:  # plans/agencies.py is the resolver's home; these fallbacks keep the same behaviour until it lands
    from plans.agencies import GROUP_UNITS, GROUP_WARDS, KnownAgency, agency_key, guess_kind
except ImportError:
    GROUP_WARDS = "Tất cả phường"
    GROUP_UNITS = "Các phòng, ban, đơn vị"

    @dataclass(frozen=True)
    class KnownAgency:  # type: ignore[no-redef]
        """A registered agency as the name resolver sees it."""

        name: str
        kind: str
        aliases: tuple[str, ...] = ()

    def agency_key(name: str) -> str:  # type: ignore[misc]
        """Comparison key of an agency name: tone placement, case and diacritics aside."""
        return fold(unify_tones(name))

    _KIND_PREFIXES = (
        ("phuong ", "ward"),
        ("ban chi dao", "committee"),
        ("hoi dong", "committee"),
        ("to cong tac", "committee"),
        ("phong ", "unit"),
        ("van phong", "unit"),
        ("ban ", "unit"),
        ("trung tam", "unit"),
        ("doi ", "unit"),
    )

    def guess_kind(name: str) -> str:  # type: ignore[misc]
        """The likely kind of an agency from its name (ward, unit, committee, else external)."""
        key = agency_key(name)
        for prefix, kind in _KIND_PREFIXES:
            if key.startswith(prefix):
                return kind
        return "external"


__all__ = [
    "GROUP_UNITS",
    "GROUP_WARDS",
    "Agency",
    "AgencyWithCounts",
    "KnownAgency",
    "add_agency",
    "add_alias",
    "all_agencies",
    "expand_groups_for_agency",
    "find_agency",
    "find_agency_exact",
    "get_agency",
    "group_of",
    "guess_kind",
    "list_agencies",
    "registry",
]

KINDS = ("unit", "ward", "committee", "external")
FUZZY_THRESHOLD = 90
# group name key -> (task_groups.grp, agencies.kind it expands to)
_GROUPS = {agency_key(GROUP_WARDS): ("wards", "ward"), agency_key(GROUP_UNITS): ("units", "unit")}
_GROUP_OF_KIND = {kind: grp for grp, kind in _GROUPS.values()}
_DIGITS_RE = re.compile(r"\d+")

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
    db: aiosqlite.Connection, name: str, kind: str, *, now: datetime, aliases: Iterable[str] = ()
) -> Agency:
    """Register an agency (and its aliases) and give it the tasks of its group; raises AgencyExists or
    UnprintableName."""
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
    cur = await db.execute(
        "INSERT INTO agencies (name, norm, kind, created_at) VALUES (?, ?, ?, ?)",
        (name, norm, kind, utc_iso(now)),
    )
    agency = Agency(id=cur.lastrowid, name=name, norm=norm, kind=kind, created_at=utc_iso(now))  # type: ignore[arg-type]
    for alias in aliases:
        await add_alias(db, agency.id, alias)
    await expand_groups_for_agency(db, agency.id)
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
    rows = await db.execute_fetchall(
        "SELECT id, norm FROM agencies UNION ALL SELECT agency_id, norm FROM agency_aliases"
    )
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


async def all_agencies(db: aiosqlite.Connection) -> list[Agency]:
    """Every registered agency, by name key."""
    return from_rows(Agency, await db.execute_fetchall(f"SELECT {_COLUMNS} FROM agencies ORDER BY norm"))


async def registry(db: aiosqlite.Connection) -> list[KnownAgency]:
    """The registered agencies as the plan readers' name resolver takes them."""
    aliases = await _aliases_by_agency(db)
    return [KnownAgency(a.name, a.kind, aliases.get(a.id, ())) for a in await all_agencies(db)]


async def expand_groups_for_agency(db: aiosqlite.Connection, agency_id: int) -> int:
    """Link the agency to every task given to its group (wards or units); returns the links added."""
    agency = await get_agency(db, agency_id)
    if agency is None:
        raise UnknownAgency(agency_id)
    grp = _GROUP_OF_KIND.get(agency.kind)
    if grp is None:
        return 0
    cur = await db.execute(
        "INSERT OR IGNORE INTO task_agencies (task_id, agency_id, role)"
        " SELECT task_id, ?, role FROM task_groups WHERE grp = ?",
        (agency.id, grp),
    )
    return cur.rowcount
