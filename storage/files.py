"""Files kept under NHACVIEC_FILES: evidence attached to reports, and the public copies Zalo fetches."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path


def safe_name(name: str) -> str:
    """A file name safe to write: its last path part, letters, digits and "._-" only, at most 120 characters."""
    return "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in Path(name).name)[:120] or "file"


async def save_evidence(root: Path, report_id: int, name: str, data: bytes) -> str:
    """Write a report's evidence file under `root`/<report id>/; returns the path written."""
    path = root / str(report_id) / safe_name(name)
    await asyncio.to_thread(_write, path, data)
    return str(path)


async def save_public(root: Path, name: str, data: bytes) -> str:
    """Write a file under `root`/public/ in an unguessable folder; returns its path below public/."""
    relative = f"{secrets.token_urlsafe(16)}/{safe_name(name)}"  # public to whoever has the link
    await asyncio.to_thread(_write, root / "public" / relative, data)
    return relative


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
