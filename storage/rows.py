"""Turning sqlite3.Row into frozen dataclasses, one helper for every repository."""

from __future__ import annotations

import dataclasses
import sqlite3
from functools import cache
from typing import TypeVar

T = TypeVar("T")


def from_row(cls: type[T], row: sqlite3.Row | None) -> T | None:
    """Build `cls` from the row's columns that are fields of `cls` (None stays None)."""
    if row is None:
        return None
    names = _field_names(cls)
    return cls(**{k: row[k] for k in row.keys() if k in names})


@cache
def _field_names(cls: type) -> frozenset[str]:
    # dataclasses.fields() is slow enough to show in every query's profile; the set never changes
    return frozenset(f.name for f in dataclasses.fields(cls))


def from_rows(cls: type[T], rows: list[sqlite3.Row]) -> list[T]:
    """`from_row` over many rows."""
    return [from_row(cls, r) for r in rows]  # type: ignore[misc]
