"""A document named by the kind its number says (Nghị định 30/2020: «17/KH-UBND» a plan, «187/QĐ-UBND» a
decision), for the chat and the report draft alike (pure)."""

from __future__ import annotations

import re

from i18n import N_, t
from plans.text import fold

_KIND_IN_CODE = {"KH": N_("document.plan"), "QD": N_("document.decision"), "CT": N_("document.directive"),
                 "CTR": N_("document.programme"), "TB": N_("document.notice"), "HD": N_("document.guidance"),
                 "BC": N_("document.report")}
_CODE_PART_RE = re.compile(r"^\s*\d+[^/]*/(.+)$")


def document_kind(code: str) -> str:
    """The message id of the kind a document's number names: «kế hoạch» for 17/KH-UBND, «công văn» for a number
    naming only its issuer (3815/UBND-NV, as official letters are numbered), else «văn bản»."""
    found = _CODE_PART_RE.match(code)
    if not found:
        return N_("document.other")
    heads = [fold(part.split("-")[0]).upper() for part in found.group(1).split("/")]
    return next((_KIND_IN_CODE[head] for head in heads if head in _KIND_IN_CODE), None) or (
        N_("document.letter") if "-" in found.group(1) else N_("document.other"))


def document_name(code: str, lang: str) -> str:
    """«kế hoạch 17/KH-UBND», «quyết định 187/QĐ-UBND», «công văn 3815/UBND-NV», else «văn bản 45»."""
    return f"{t(document_kind(code), lang)} {code}"


def capitalised(text: str) -> str:
    """The first letter in capitals, at the start of a sentence («Kế hoạch 17/KH-UBND — …»)."""
    return text[:1].upper() + text[1:]
