"""A task as read from the document, before agencies are resolved and deadlines are parsed."""

from __future__ import annotations

from dataclasses import dataclass

from i18n import Text


@dataclass
class RawTask:
    """One task as printed: texts cleaned of HTML but not interpreted yet."""

    number: str
    section: str | None
    section_title: str | None
    title: str
    deliverables: tuple[str, ...]
    lead_text: str
    support_text: str
    deadline_text: str
    where: Text
    # directive letters: the deadline is the letter's horizon, so the task is ongoing up to it
    ongoing_until_horizon: bool = False
