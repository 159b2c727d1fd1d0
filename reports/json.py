"""The rollup as the stable JSON document of `nhacviec summary --format json`."""

from __future__ import annotations

import json

from storage.rollup_values import Rollup


def render_json(rollup: Rollup, *, indent: int | None = 2) -> str:
    """`Rollup.as_json()` as text, Vietnamese kept readable (no \\u escapes)."""
    return json.dumps(rollup.as_json(), ensure_ascii=False, indent=indent)
