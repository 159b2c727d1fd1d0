"""Turning sqlite3.Row into frozen dataclasses, one helper for every repository."""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import TypeVar

T = TypeVar("T")


def from_row(cls: type[T], row: sqlite3.Row | None) -> T | None:
    """Build `cls` from the row's columns that are fields of `cls` (None stays None)."""
    if row is None:
        return None
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: row[k] for k in row.keys() if k in names})


def from_rows(cls: type[T], rows: list[sqlite3.Row]) -> list[T]:
    """`from_row` over many rows."""
    return [from_row(cls, r) for r in rows]  # type: ignore[misc]
