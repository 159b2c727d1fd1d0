"""A rollup's detail lines made from their SQL rows (storage.rollups), in this process or in the one that
writes the summary's files (reports.files_process): plain values only, no database."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from storage.rollup_values import DetailLine, Role, Rollup


class _Days(dict[str | None, date | None]):
    """ISO dates as dates, each parsed once (the lines share a few hundred days); None stays None."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, text: str | None) -> date | None:
        found = self[text] = date.fromisoformat(text) if text else None
        return found


@dataclass(frozen=True)
class LineTexts:
    """What the lines share, keyed by id: each task's first fields of a line, in DetailLine's order (plan_id,
    plan_code, section number and title, task_id, number, title) and in the plan's order; each agency's
    (id, name), by name; each pair's newest explanation by the rollup's moment."""

    tasks: dict[int, tuple[int, str, str, str, int, str, str]]
    agencies: dict[int, tuple[int, str]]
    explanations: dict[tuple[int, int], str]

    def key(self) -> Callable[[DetailLine], int]:
        """Sort key of lines: the rank of their task, then of their agency's name."""
        task_rank = {task_id: rank for rank, task_id in enumerate(self.tasks)}
        agency_rank = {agency_id: rank for rank, agency_id in enumerate(self.agencies)}
        width = len(agency_rank)
        return lambda line: task_rank[line.task_id] * width + agency_rank[line.agency_id]


class LineMaker:
    """Detail lines from batches of their SQL rows (p.task_id, p.agency_id, status, percent, note, reported
    on, evidence, next due, overdue since, blocked since, bucket, state, planned due, extended), in any
    order; sorted once all are in."""

    def __init__(self, texts: LineTexts) -> None:
        self._texts = texts
        # every line shares each repeated status, note and date
        self._strings: dict[str | None, str | None] = {None: None}
        self._days = _Days()
        self.lead: list[DetailLine] = []
        self.support: list[DetailLine] = []

    def add(self, role: Role, rows: Iterable[tuple]) -> None:
        """The lines of `rows` (pairs of `role`), kept with the others of their role until complete()."""
        (self.lead if role == "lead" else self.support).extend(self.make(role, rows))

    def make(self, role: Role, rows: Iterable[tuple]) -> list[DetailLine]:
        """The lines of `rows` (pairs of `role`), in their order."""
        heads, agencies, explained = self._texts.tasks, self._texts.agencies, self._texts.explanations
        text, day = self._strings.setdefault, self._days
        made = []
        append = made.append
        for task_id, agency_id, status, percent, note, on, ev, nxt, late, blocked, bucket, state, planned, ext in rows:
            append(  # positional, in DetailLine's field order: 280k keyword calls cost more
                DetailLine(
                    *heads[task_id], *agencies[agency_id], text(status, status), percent, text(note, note),
                    day[on], ev, day[nxt], day[late], day[blocked], text(bucket, bucket), role,
                    text(state, state), day[planned], bool(ext),
                    explained.get((task_id, agency_id), "") if explained else "",
                )
            )
        return made

    def complete(self, rollup: Rollup) -> Rollup:
        """`rollup` (a summary, without lines) with every line added, lead and coordinating, in order."""
        key = self._texts.key()
        return replace(
            rollup, details=tuple(sorted(self.lead, key=key)), support_details=tuple(sorted(self.support, key=key))
        )
