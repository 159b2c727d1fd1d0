"""Files kept under NHACVIEC_FILES: evidence attached to reports, and the public copies Zalo fetches."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from pathlib import Path


def safe_name(name: str) -> str:
    """A file name safe to write: its last path part, letters, digits and "._-" only, no leading or trailing
    dots (never "." or ".."), at most 120 characters."""
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in Path(name).name)[:120]
    return cleaned.strip(".") or "file"


def evidence_name(name: str, data: bytes) -> str:
    """The name an evidence file is stored under: its content's SHA-256 and the original's extension.

    People's file names collide (two "bien-ban.jpg" on one report, "bao cao.pdf" and "bao_cao.pdf") and may
    be anything ("..", "/etc/passwd", control characters): the name kept on disk is never theirs, and the
    evidence row keeps the original. Equal contents share one file, which is the same evidence.
    """
    suffix = Path(safe_name(name)).suffix.lower()
    suffix = suffix if 1 < len(suffix) <= 10 and suffix[1:].isascii() and suffix[1:].isalnum() else ""
    return hashlib.sha256(data).hexdigest() + suffix


async def save_evidence(root: Path, report_id: int, name: str, data: bytes) -> str:
    """Write a report's evidence file under `root`/<report id>/ (see `evidence_name`); returns the path written."""
    path = root / str(report_id) / evidence_name(name, data)
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
