"""Which task of a re-imported plan is which stored task: by content (title, lead, deadline) as well as number (pure).

A corrected plan often removes or inserts a row, so every number after it shifts: matching by number alone
would move a ward's «1.2 xong» onto whatever task is numbered 1.2 now. A task is the same task when its
content is close enough; its number is only a tie-breaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from plans.text import fold

# a pair scoring below this is two different tasks, whatever their numbers: «Báo cáo CCHC hằng tháng» and
# «Tổ chức kiểm tra văn hóa công sở» score ~30; a reworded title with its lead and deadline kept, 70 and up
SAME_TASK = 62
_TITLE_WEIGHT, _LEAD_WEIGHT, _DEADLINE_WEIGHT = 0.7, 0.15, 0.15
SAME_NUMBER_BONUS = 10
# a title this far from the old one is another task even with the same number, lead and deadline
_MIN_TITLE = 50
# «Báo cáo quý I» and «Báo cáo quý II», «… năm 2025» and «… năm 2026»: near-identical titles, different tasks
_NUMBER_WORD_RE = re.compile(r"\d|^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,2})$")
_OTHER_NUMBERS = 0.6


@dataclass(frozen=True)
class TaskContent:
    """What matching compares of a task, stored or newly read."""

    key: str
    title: str
    lead_text: str
    deadline_text: str


def _title_key(text: str) -> str:
    return fold(text).strip(" .;:")


def _same_text(a: str, b: str) -> bool:
    return _title_key(a) == _title_key(b)


def _numbers(title_key: str) -> frozenset[str]:
    return frozenset(word for word in re.split(r"[\s,;:()/-]+", title_key) if _NUMBER_WORD_RE.search(word))


def match_tasks(old: Sequence[TaskContent], new: Sequence[TaskContent]) -> dict[int, int]:
    """new index → old index for the new tasks that are stored tasks, one to one; the rest are new tasks."""
    matches: dict[int, int] = {}
    old_by_key = {task.key: i for i, task in enumerate(old)}
    # the usual re-import: the same number, the same title
    for j, task in enumerate(new):
        i = old_by_key.get(task.key)
        if i is not None and _same_text(old[i].title, task.title):
            matches[j] = i
    matched_old = set(matches.values())
    free_old = [i for i in range(len(old)) if i not in matched_old]
    free_new = [j for j in range(len(new)) if j not in matches]
    if not free_old or not free_new:
        return matches
    titles = cdist(
        [_title_key(new[j].title) for j in free_new],
        [_title_key(old[i].title) for i in free_old],
        scorer=fuzz.token_sort_ratio,
    )
    new_numbers = [_numbers(_title_key(new[j].title)) for j in free_new]
    old_numbers = [_numbers(_title_key(old[i].title)) for i in free_old]
    pairs: list[tuple[float, bool, int, int]] = []
    for a, j in enumerate(free_new):
        for b, i in enumerate(free_old):
            title = float(titles[a][b]) * (1 if new_numbers[a] == old_numbers[b] else _OTHER_NUMBERS)
            score = (
                _TITLE_WEIGHT * title
                + _LEAD_WEIGHT * 100 * _same_text(new[j].lead_text, old[i].lead_text)
                + _DEADLINE_WEIGHT * 100 * _same_text(new[j].deadline_text, old[i].deadline_text)
                + SAME_NUMBER_BONUS * (new[j].key == old[i].key)
            )
            if score >= SAME_TASK and title >= _MIN_TITLE:
                pairs.append((score, new[j].key == old[i].key, j, i))
    # best pairs first; between equal scores the same number wins, then document order
    pairs.sort(key=lambda p: (-p[0], not p[1], p[2], p[3]))
    taken: set[int] = set()
    for _, _, j, i in pairs:
        if j not in matches and i not in taken:
            matches[j] = i
            taken.add(i)
    return matches
