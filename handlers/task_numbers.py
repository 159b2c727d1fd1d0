"""Which task a typed number means when several plans have it: "1.1" of the 2024 plan and of the 2025 one.

A number is read among the person's agency's tasks (any task for secretaries and admins); when two plans
still have it, the bot asks which plan, naming each, and never picks one for the person. A command may
name the plan after the number ("/task 1.1 KH 17", "/task 1.1 17/KH-UBND").
"""

from __future__ import annotations

import re

from handlers.context import Context
from handlers.replies import PLAN_REF_RE
from handlers.session import Who
from i18n import t
from plans.text import fold
from storage.tasks import NumberedTask, OpenItem, find_tasks

_NUMBER_RE = re.compile(r"\d+")


async def tasks_named(ctx: Context, who: Who, number: str, *, own_only: bool = False, plan: str = "") -> list[NumberedTask]:
    """The tasks `number` may mean for this person, latest plan first: their agency's (when it has any with
    that number, or always with `own_only`), else every plan's; narrowed to the plan the words `plan` name
    ("KH 17"), if they name one."""
    found: list[NumberedTask] = []
    if who.agency is not None and not who.is_staff:
        found = await find_tasks(ctx.db, number, agency_id=who.agency.id)
    if not found and (who.is_staff or who.agency is None or not own_only):
        found = await find_tasks(ctx.db, number)
    if named := plan_named(plan):
        found = [one for one in found if names_plan(named, one.plan_code)]
    return found


def plan_named(words: str) -> str:
    """The plan reference in the words after a task number ("KH 17" in "1.1 KH 17"), or "" if none."""
    found = PLAN_REF_RE.search(fold(words))
    return found[0] if found else ""


def names_plan(typed: str, code: str) -> bool:
    """Whether a typed plan reference ("17/KH-UBND", "KH 17", "kế hoạch 17") names the plan with this code."""
    typed_key, code_key = fold(typed).replace(" ", ""), fold(code).replace(" ", "")
    if not typed_key:
        return False
    if typed_key in code_key:
        return True
    typed_numbers, code_numbers = _NUMBER_RE.findall(typed_key), _NUMBER_RE.findall(code_key)
    return bool(typed_numbers and code_numbers) and typed_numbers[0] == code_numbers[0]


def plan_label(key: str, plan_code: str, lang: str) -> str:
    """A button's label for a task of one plan, by its key: "1.1 · 17/KH-UBND", "7.6#2 · 187/QĐ-UBND"."""
    return t("task_in_plan", lang, number=key, plan=plan_code)


def plans_text(number: str, tasks: list[tuple[str, str]], lang: str) -> str:
    """The question naming each task (key, plan code) a number may mean: each plan's, or, when one plan
    numbers two tasks alike (its second 7.6 is "7.6#2"), each task."""
    codes = [code for _, code in tasks]
    if len(set(codes)) == len(codes):
        return t("task_in_plans", lang, number=number, count=len(codes), plans="; ".join(codes))
    labels = "; ".join(plan_label(key, code, lang) for key, code in tasks)
    return t("task_numbered_alike", lang, number=number, count=len(tasks), tasks=labels)


def numbers_shown(items: list[OpenItem], lang: str) -> dict[int, str]:
    """How a list names each item's task (by task id): its key (the number, or "7.6#2" for a plan's second
    7.6), and its plan's code after it when the list holds the same number from two plans ("1.1 [3815/UBND-NV]")."""
    plans_of: dict[str, set[int]] = {}
    for item in items:
        plans_of.setdefault(item.number, set()).add(item.plan_id)
    return {
        item.task_id: t("task.number_in_plan", lang, number=item.key, plan=item.plan_code)
        if len(plans_of[item.number]) > 1 else item.key
        for item in items
    }
