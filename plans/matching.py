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
    pairs = _ranked_pairs([new[j] for j in free_new], [old[i] for i in free_old])
    taken: set[int] = set()
    left = min(len(free_new), len(free_old))
    for a, b in pairs:
        j, i = free_new[a], free_old[b]
        if j not in matches and i not in taken:
            matches[j] = i
            taken.add(i)
            left -= 1
            if not left:
                break
    return matches


def _ranked_pairs(new: Sequence[TaskContent], old: Sequence[TaskContent]) -> list[tuple[int, int]]:
    """(new index, old index) of the pairs that may be the same task, best first; between equal scores the same
    number wins, then document order. A thousand tasks by a thousand, as numpy matrices, in a second at worst."""
    import numpy  # heavy (0.2 s to import): only a re-import whose tasks moved needs it (cdist returns its arrays)

    def equal(new_values: list, old_values: list):
        ids: dict = {}
        new_ids = numpy.array([ids.setdefault(v, len(ids)) for v in new_values])
        old_ids = numpy.array([ids.setdefault(v, len(ids)) for v in old_values])
        return new_ids[:, None] == old_ids[None, :]

    # pairs under _MIN_TITLE are never the same task: cdist leaves them 0
    titles = cdist([_title_key(t.title) for t in new], [_title_key(t.title) for t in old],
                   scorer=fuzz.token_sort_ratio, score_cutoff=_MIN_TITLE)
    same_numbers = equal([_numbers(_title_key(t.title)) for t in new], [_numbers(_title_key(t.title)) for t in old])
    same_lead = equal([_title_key(t.lead_text) for t in new], [_title_key(t.lead_text) for t in old])
    same_deadline = equal([_title_key(t.deadline_text) for t in new], [_title_key(t.deadline_text) for t in old])
    same_key = equal([t.key for t in new], [t.key for t in old])
    title = titles * numpy.where(same_numbers, 1.0, _OTHER_NUMBERS)
    score = (_TITLE_WEIGHT * title + _LEAD_WEIGHT * 100 * same_lead + _DEADLINE_WEIGHT * 100 * same_deadline
             + SAME_NUMBER_BONUS * same_key)
    rows, cols = numpy.nonzero((score >= SAME_TASK) & (title >= _MIN_TITLE))
    order = numpy.lexsort((cols, rows, ~same_key[rows, cols], -score[rows, cols]))
    return list(zip(rows[order].tolist(), cols[order].tolist(), strict=True))
