"""Limits no real plan meets, counted while a document streams in: a huge or hostile file is refused early.

A province's plan has a few thousand rows of a dozen columns; a 100,000-row workbook is refused after
its first MAX_ROWS rows, in about a second, instead of being read whole into memory.
"""

from __future__ import annotations

import time

from i18n import N_
from plans.model import PlanError

MAX_ROWS = 20_000  # table rows and body lines together
MAX_CELLS = 400_000
MAX_CHARS = 10_000_000
MAX_SECONDS = 60.0
_CLOCK_EVERY = 256  # rows between two looks at the clock


class ReadLimits:
    """The rows, cells, characters and seconds one document has taken so far."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = self.cells = self.chars = 0
        self.started = time.monotonic()

    def check_size(self, rows: int, cells: int) -> None:
        """PlanError when a part counted before it is read has more rows or cells than allowed."""
        if rows > MAX_ROWS:
            raise PlanError(N_("plan_too_many_rows"), name=self.name, limit=MAX_ROWS // 1000)
        if cells > MAX_CELLS:
            raise PlanError(N_("plan_too_many_cells"), name=self.name, limit=MAX_CELLS // 1000)

    def count(self, cells: int, chars: int) -> None:
        """Count one row (or line) of `cells` cells holding `chars` characters; PlanError past a limit."""
        self.rows += 1
        self.cells += cells
        self.chars += chars
        if self.rows > MAX_ROWS:
            raise PlanError(N_("plan_too_many_rows"), name=self.name, limit=MAX_ROWS // 1000)
        if self.cells > MAX_CELLS:
            raise PlanError(N_("plan_too_many_cells"), name=self.name, limit=MAX_CELLS // 1000)
        if self.chars > MAX_CHARS:
            raise PlanError(N_("plan_too_much_text"), name=self.name, limit=MAX_CHARS // 1_000_000)
        if self.rows % _CLOCK_EVERY == 0:
            self.check_time()

    def check_time(self) -> None:
        """PlanError when reading has taken longer than MAX_SECONDS."""
        if time.monotonic() - self.started > MAX_SECONDS:
            raise PlanError(N_("plan_too_slow"), name=self.name, limit=int(MAX_SECONDS))
