"""The stored plans' tasks whose lead or coordinating text names an agency registered after the plan was imported:
given to it as the import would have (the plan named it; nobody had it to give it to then)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import aiosqlite

from plans.agencies import AgencyResolver, Resolution
from storage.agencies import get_agency, registry
from storage.errors import UnknownAgency


@dataclass(frozen=True)
class NamedTasks:
    """The tasks of one plan given to a newly registered agency because their text names it, by role."""

    plan_code: str
    lead: int = 0
    support: int = 0

    @property
    def total(self) -> int:
        return self.lead + self.support


async def give_named_tasks(db: aiosqlite.Connection, agency_id: int) -> list[NamedTasks]:
    """Link the agency to the active tasks whose lead (else coordinating) text names it, matched as the import
    matches names against the other registered agencies; returns what each plan gave it, in import order."""
    agency = await get_agency(db, agency_id)
    if agency is None:
        raise UnknownAgency(agency_id)
    known = await registry(db)
    others = [k for k in known if k.name != agency.name]
    itself = AgencyResolver([k for k in known if k.name == agency.name])
    resolvers: dict[str | None, AgencyResolver] = {}

    def names_it(resolution: Resolution) -> bool:
        # a name the others lack (unknown, or derived when none is registered or it reads as an outside body)
        return any(agency.name in itself.resolve(name).names for name in (*resolution.unknown, *resolution.derived))

    rows = await db.execute_fetchall(
        "SELECT p.code, p.issuer, t.id, t.lead_text, t.support_text, t.support_other FROM tasks AS t"
        " JOIN plans AS p ON p.id = t.plan_id WHERE t.active = 1 ORDER BY p.id, t.position, t.id")
    given: dict[str, NamedTasks] = {}
    for code, issuer, task_id, lead_text, support_text, support_other in rows:
        resolver = resolvers.setdefault(issuer, AgencyResolver(others, issuer=issuer))
        role = "lead" if names_it(resolver.resolve(lead_text)) else None
        if role is None and names_it(resolver.resolve(support_text)):
            role = "support"
        if role is None:
            continue
        cur = await db.execute("INSERT OR IGNORE INTO task_agencies (task_id, agency_id, role) VALUES (?, ?, ?)",
                               (task_id, agency.id, role))
        outside = json.loads(support_other or "[]")
        kept = [name for name in outside if agency.name not in itself.resolve(name).names]
        if kept != outside:  # an outside body kept as text until now: linked instead, as the import would
            await db.execute("UPDATE tasks SET support_other = ? WHERE id = ?", (json.dumps(kept, ensure_ascii=False), task_id))
        if cur.rowcount:
            plan = given.get(code, NamedTasks(code))
            given[code] = NamedTasks(code, plan.lead + (role == "lead"), plan.support + (role == "support"))
    return list(given.values())
