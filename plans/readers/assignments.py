"""Assignment sentences: "giao/đề nghị/yêu cầu X [chủ trì], [phối hợp (với) Y] <việc>, [hoàn thành …]" (pure).

Also "X chủ trì, phối hợp Y <việc>" and "X có trách nhiệm <việc>" at a sentence's start, X always an
agency phrase (`plans.agency_phrase`). One sentence may hold several assignments ("giao Sở A …; giao
Sở B …"): each is one. Closing formulas ("thực hiện nghiêm túc các nội dung trên", "chịu trách nhiệm
thi hành Quyết định này") and conditions ("nếu có khó khăn, vướng mắc…") assign nothing.

`deadline_phrase` finds the deadline clauses in a task's text: a time phrase after a deadline word
(trước, chậm nhất, hoàn thành, thời hạn, trong…), up to the end of its clause; a date belonging to a
cited document ("Kế hoạch số 12/KH-UBND ngày 15/5/2024", "có hiệu lực từ ngày …") is never one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from plans.agencies import fold_same_length
from plans.agency_phrase import agency_phrase_end, leading_agency
from plans.readers.amendments import amended_task
from plans.text import modern_quy

_CUE_RE = re.compile(r"(?i)(?<![\w])(?:giao(?:\s+cho)?|đề nghị|yêu cầu|chỉ đạo|phân công|(?:ủy|uỷ) quyền)\s+")
_DIRECTS_RE = re.compile(r"(?i)chỉ đạo\s+")
# the issuer itself directing ("UBND quận chỉ đạo Phòng Nội vụ …", "Chủ tịch UBND tỉnh chỉ đạo:"): the cue it is
_ISSUER_SUBJECT_RE = re.compile(r"(?i)^(?:(?:phó\s+)?chủ tịch\s+)?(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+"
                                r"(?:tỉnh|thành phố|quận|huyện|thị xã)\b")
_LEAD_ROLE_RE = re.compile(r"^\s*,?\s*(?:là\s+(?:cơ quan|đơn vị)\s+)?(?:ch[ủu] tr[ìi]|làm đầu mối|là đầu mối)\b\s*,?\s*",
                           re.IGNORECASE)
# the role words also typed without diacritics ("chu tri, phoi hop")
_SUPPORT_RE = re.compile(r"^\s*,?\s*(?:ph[ốo]i h[ợo]p(?:\s+v[ớo]i)?|cùng(?:\s+với)?)\s+", re.IGNORECASE)
_OPENER_RE = re.compile(r"^(?:[^,]{1,20}),\s+")  # "Theo đó, " "Đồng thời, "
_SUPPORT_AFTER_RE = re.compile(r"(?i)^\s*(?:cùng\s+)?ph[ốo]i h[ợo]p(?:\s+thực hiện)?\b\s*,?\s*")
_SUBJECT_OPENER_RE = re.compile(r"(?i)^(?:theo đó|đồng thời|ngoài ra|bên cạnh đó|trên cơ sở đó|cụ thể|trong đó|mặt khác)\b")
_LATER_SUPPORT_RE = re.compile(r"(?i)(?<![\w])(?:ph[ốo]i h[ợo]p v[ớo]i|phối hợp chặt chẽ với|ph[ốo]i h[ợo]p)\s+")
_LEAD_IN_RE = re.compile(r"(?i)^[^:]{3,80}?\bnhư sau\s*:\s*")  # an amending plan's "Sửa đổi nhiệm vụ 2.3 như sau: "
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=\S)")
_PART_RE = re.compile(r";\s+")
_GENERIC_RE = re.compile(
    r"^(?:có trách nhiệm\s+|chịu trách nhiệm\s+)?(?:(?:nghiêm túc|khẩn trương|tích cực|chủ động|quan tâm|căn cứ nội dung"
    # "căn cứ Kế hoạch này", "căn cứ chức năng, nhiệm vụ được giao": what to act on, no work named
    r"|căn cứ (?:(?:nội dung\s+)?(?:kế hoạch|công văn|quyết định|chỉ thị|văn bản|thông báo)(?:\s+(?:này|trên|nêu trên))?"
    r"|chức năng,?\s+nhiệm vụ(?:\s+(?:được giao|của (?:cơ quan|đơn vị|mình)))*),?)\s+)*"
    r"(?:tổ chức\s+)?(?:triển khai\s+)?(?:thực hiện|thi hành|triển khai|quán triệt)"
    r"(?:\s+(?:nghiêm túc|nghiêm|tốt|đúng|đầy đủ|có hiệu quả|hiệu quả))*"
    r"(?:\s+(?:các|những))?(?:\s+(?:nội dung|yêu cầu|nhiệm vụ|chỉ đạo|văn bản|quyết định|kế hoạch|công văn|thông báo"
    r"|chỉ thị|nghị quyết|kết luận|chương trình)"
    r"(?:\s+\S+){0,6}?\s+(?:trên|nêu trên|này|nói trên)\b|\s*\.?$)"
    r"|^(?:thực hiện|triển khai)(?:\s+\S+){0,4}?\s+(?:công văn|kế hoạch|chỉ thị|quyết định|thông báo|văn bản) này\b",
    re.IGNORECASE,
)
# conditions and introductions ("… chỉ đạo như sau:") assign nothing themselves
_CONDITION_RE = re.compile(
    r"(?i)^(?:trong quá trình|nếu|trường hợp|quá trình)\b|(?:nếu|trường hợp)\s+có\s+(?:khó khăn|vướng mắc)"
    r"|như sau\s*:?\s*$"
)


_DUTY_RE = re.compile(r"(?i)^(?:có|chịu) trách nhiệm\s*:?\s+(?=\S+\s+\S)")
_CUE_ONLY_RE = re.compile(
    r"(?i)^(?:đề nghị|yêu cầu|chỉ đạo|chỉ thị|giao|quyết định|kết luận|thông báo)(?:\s+(?:như sau|cụ thể|các nội dung sau))?$"
)


@dataclass(frozen=True)
class Assignment:
    """One assignment read from a sentence: who leads, who supports, what to do."""

    lead: str
    support: str
    work: str
    subject_before: bool = False  # the work was named before the assignment ("Triển khai …. Giao X chủ trì, …")


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph (split after ".", "!" or "?")."""
    return [s.strip() for s in _SENTENCE_RE.split(text) if s.strip()]


def find_assignments(text: str) -> list[Assignment]:
    """Every assignment the sentences of `text` make, in order; a part after ";" naming nobody new
    continues the assignment before it ("…rà soát; báo cáo trước ngày 01/7"); an assignment saying only
    when ("Giao Phòng X chủ trì, hoàn thành trước 30/6") is of the work named before it ("1. Triển khai
    tự chủ tài chính. Giao …")."""
    out: list[Assignment] = []
    subject = ""
    for sentence in sentences(text):
        previous: Assignment | None = None
        held: list[str] = []  # "Thủ trưởng các phòng, ban; Chủ tịch UBND các phường có trách nhiệm …": both lead
        for part in _PART_RE.split(sentence):
            found = _in_sentence(part) if part.strip() else []
            if found:
                first = found[0]
                if held and part.lstrip().startswith(first.lead):
                    found[0] = Assignment("; ".join([*held, first.lead]), first.support, first.work)
                held = []
                found = [_of_subject(one, subject) for one in found]
                out.extend(found)
                previous = found[-1]
            elif previous is None and agency_phrase_end(part.strip()) == len(part.strip()) > 0:
                held.append(part.strip())
            elif previous is not None and not _CONDITION_RE.search(part):
                previous = Assignment(previous.lead, previous.support, f"{previous.work}; {part.strip()}")
                out[-1] = previous
        if previous is None:
            subject = sentence.strip(" .;:")
    return out


def _of_subject(one: Assignment, subject: str) -> Assignment:
    """The assignment with the work named before it when it says only when (or nothing) itself."""
    if not subject or not _says_only_when(one.work) or len(subject.split()) < 2 or assigns_nothing(subject):
        return one
    work = f"{subject}, {one.work[:1].lower()}{one.work[1:]}" if one.work else subject
    return Assignment(one.lead, one.support, work[:1].upper() + work[1:], subject_before=True)


_WHEN_WORDS = frozenset({"thuc", "hien", "hoan", "thanh", "xong", "va", "bao", "dam", "truoc", "trong", "de", "dung"})


def _says_only_when(work: str) -> bool:
    """Whether a task's words are only its deadline ("hoàn thành trước 30/6/2026", "thực hiện thường xuyên")."""
    folded = fold_same_length(work).lower()
    for phrase in deadline_phrase(work).split("; "):
        folded = folded.replace(fold_same_length(phrase).lower(), " ")
    return all(word in _WHEN_WORDS for word in re.findall(r"\w+", folded))


def _in_sentence(sentence: str) -> list[Assignment]:
    if _CONDITION_RE.search(sentence):
        return []
    starts: list[tuple[int, int, int]] = []  # cue start, agency start, agency end
    for cue in _CUE_RE.finditer(sentence):
        end = agency_phrase_end(sentence, cue.end())
        if end > cue.end() and (not starts or cue.start() >= starts[-1][2]):
            starts.append((cue.start(), cue.end(), end))
    subject = leading_agency(sentence) if starts and _DIRECTS_RE.match(sentence, starts[0][0]) else None
    if subject and not sentence[len(subject):starts[0][0]].strip() and not _ISSUER_SUBJECT_RE.match(subject):
        # "Trưởng Công an quận chỉ đạo Công an các phường …": the agency directing its own units leads the task
        one = _assignment(subject, sentence[len(subject):])
        return [one] if one else []
    if not starts:
        body = sentence
        opener = _OPENER_RE.match(body)
        lead = leading_agency(body)
        if lead is None and opener:
            body = body[opener.end():]
            lead = leading_agency(body)
        if lead is None and (lead_in := _LEAD_IN_RE.match(sentence)):
            body = sentence[lead_in.end():]  # "Sửa đổi nhiệm vụ 2.3 như sau: Sở Nội vụ chủ trì …": the new text
            lead = leading_agency(body)
        if lead is None and (amended := amended_task(sentence)) is not None:
            body = amended[1]  # "Bổ sung nhiệm vụ 3.6: Phòng Văn hóa và Thông tin chủ trì …"
            lead = leading_agency(body)
        if lead is None:
            return []
        one = _assignment(lead, body[len(lead):])
        return [one] if one else []
    out = []
    # "3. Số hóa hồ sơ, giao Văn phòng … chủ trì, thực hiện thường xuyên": the work is named before the cue
    subject = sentence[: starts[0][0]].strip(" ,;:.-–")
    if _SUBJECT_OPENER_RE.match(subject) or len(subject.split()) < 2:
        subject = ""
    for index, (_, agency_start, agency_end) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(sentence)
        one = _assignment(sentence[agency_start:agency_end], sentence[agency_end:stop], allow_empty=bool(subject))
        if one:
            out.append(_of_subject(one, subject))
    return out


def _assignment(lead: str, rest: str, *, allow_empty: bool = False) -> Assignment | None:
    rest = _LEAD_ROLE_RE.sub("", rest, count=1)
    support = ""
    m = _SUPPORT_RE.match(rest)
    if m:
        end = agency_phrase_end(rest, m.end())
        if end > m.end():
            support = rest[m.end():end]
            rest = rest[end:]
    elif (end := agency_phrase_end(rest.lstrip(" ,"), 0)) and (
            after := _SUPPORT_AFTER_RE.match(rest.lstrip(" ,")[end:])):
        # "Giao Phòng A chủ trì, Văn phòng B phối hợp, hoàn thành …": the support named before its role
        support = rest.lstrip(" ,")[:end]
        rest = rest.lstrip(" ,")[end + after.end():]
    work = rest.strip(" ,:;.-–/").strip()  # "…thực hiện./." closes a letter
    work = re.sub(r"^(?:và|để)\s+", "", work)
    work = _DUTY_RE.sub("", work)  # "Sở Nội vụ có trách nhiệm theo dõi …": the task is to follow up
    if _CUE_ONLY_RE.match(work):
        return None  # "UBND thành phố đề nghị:" introduces what follows, it assigns nothing itself
    if not support:
        # "Sở Y tế tổ chức tập huấn, phối hợp với Sở Nội vụ đánh giá …": the support named mid-sentence
        later = _LATER_SUPPORT_RE.search(work)
        if later and agency_phrase_end(work, later.end()) > later.end():
            support = work[later.end():agency_phrase_end(work, later.end())]
    if allow_empty and (not work or _says_only_when(work)):
        return Assignment(_noun(lead), _noun(support), work[:1].upper() + work[1:])
    if len(work.split()) < 2 or _GENERIC_RE.match(work):
        return None
    return Assignment(_noun(lead), _noun(support), work[:1].upper() + work[1:])


def _noun(phrase: str) -> str:
    """An agency phrase without its relative clause ("các đơn vị được kiểm tra" → "các đơn vị")."""
    return re.sub(r"\s+được\s.*$", "", phrase).strip(" ,;:")


_INTRO_RE = re.compile(
    r"(?i)(?:giao|đề nghị|yêu cầu|chỉ đạo)\s+(?P<rest>.+?)\s*(?:(?:thực hiện|triển khai|tập trung)"
    r"(?:\s+(?:tốt|nghiêm túc|một số|các|những))*\s+(?:nội dung|nhiệm vụ|việc)(?:\s+(?:sau|cụ thể|sau đây|như sau))+"
    r"|như sau|các nội dung sau|một số nội dung sau)?\s*:\s*$"
)


def assigns_nothing(text: str) -> bool:
    """Whether a paragraph is a condition, a closing formula or an introduction rather than work to do."""
    text = re.sub(r"\s*\./\.\s*$", ".", text)  # "…nghiêm túc thực hiện./." closes a letter
    return bool(_CONDITION_RE.search(text) or _GENERIC_RE.match(text) or _CLOSING_RE.match(text)
                or _closing_call(text))


def _closing_call(text: str) -> bool:
    """Whether a sentence only calls on agencies to carry the letter out: "UBND thành phố đề nghị Thủ trưởng các
    cơ quan … nghiêm túc triển khai thực hiện." names who, but no work."""
    body = text.strip()
    lead = leading_agency(body)
    if lead:
        body = body[len(lead):].lstrip(" ,")
    cue = re.match(r"(?i)(?:đề nghị|yêu cầu|chỉ đạo|giao)\s+", body)
    if cue and (end := agency_phrase_end(body, cue.end())) > cue.end():
        body = body[end:]
    elif not lead:
        return False
    return bool(_GENERIC_RE.match(body.strip(" ,:;.-–/")))


_CLOSING_RE = re.compile(r"(?i)^(?:trên đây là|đề nghị các|yêu cầu các|kính gửi|nơi nhận)\b")


def introduced_lead(text: str) -> str | None:
    """The agencies a sentence ending in ":" hands the following list to ("Bộ Nội vụ đề nghị UBND các tỉnh
    thực hiện một số nội dung sau:"), or None."""
    m = _INTRO_RE.search(text)
    if m is None:
        return None
    rest = m.group("rest")
    end = agency_phrase_end(rest)
    return _noun(rest[:end]) if end and not rest[end:].strip(" ,") else None


def support_named(text: str) -> str:
    """The agencies after "(chủ trì,) phối hợp (với)" at the start of an addressed task, or ""."""
    rest = _LEAD_ROLE_RE.sub("", text, count=1)
    m = _SUPPORT_RE.match(rest)
    if m is None:
        return ""
    return _noun(rest[m.end():agency_phrase_end(rest, m.end())])


# ------------------------------------------------------------------ deadline clauses

_CLAUSE_RE = re.compile(r"[;.](?!\d)|,(?!\s*\d)|\s-\s|\n|\s(?=(?:de|nham|nhu|theo|tai|sau khi)\s)")
_TIME_RE = re.compile(
    r"\bngay\s+\d{1,2}\b|\b\d{1,2}\s*/\s*\d{1,2}\b|\bthang\s+\d{1,2}\b|\bquy\s+(?:iv|iii|ii|i|[1-4])\b"
    r"|\bnam\s+(?:19|20)\d{2}\b|\bthang cuoi\b|\b(?:cuoi|dau|giua) (?:nam|quy|thang)\b"
)
_EVENT_RE = re.compile(r"^\s*sau khi\s+\S+\s+\S+")  # a closing "sau khi …" clause: the task waits on an event
_ONGOING_RE = re.compile(r"\bthuong xuyen\b|\bhang ngay\b")
# a report named by its period ("báo cáo quý IV/2025", "sơ kết 6 tháng đầu năm"), not one cited ("theo báo cáo
# năm 2024 của Sở"): with no deadline said, it is due as its period ends
_REPORT_PERIOD_RE = re.compile(
    r"(?<!theo )(?<!can cu )(?<!tai )(?<!cua )\b(?:bao cao|so ket|tong ket)(?:\s+(?:ket qua|tinh hinh|cong tac|cchc))?\s+"
    r"(?:quy\s+(?:iv|iii|ii|i|[1-4])\b(?:\s*(?:/|nam)\s*(?:19|20)\d{2})?"
    r"|(?:0?6|0?9)\s+thang(?:\s+(?:dau|cuoi)\s+nam)?(?:\s*(?:/|nam)?\s*(?:19|20)\d{2})?(?!\s*/\s*(?:0?1\s+)?lan)"
    r"|nam\s+(?:19|20)\d{2})\b"
)
_RECURRING_RE = re.compile(r"\b(?:hang|hàng)\s+(?:thang|quy|nam|tuan)\b|\bdinh ky\b"
                           r"|\b(?:(?:it nhat|toi thieu)\s+)?(?:0?[1-4]|12|mot|hai)\s+lan\s*/\s*(?:0?[36]\s+)?(?:thang|quy|nam)\b"
                           r"|\b0?[36]\s+thang\s*/\s*(?:01\s+|1\s+|mot\s+)?lan\b")
_CUE_WORDS_RE = re.compile(
    r"\b(?:truoc|cham nhat(?: la)?|muon nhat|hoan thanh|xong|thoi han|han chot|khong muon hon|den(?: het)?"
    r"|tu|trong(?: vong)?|dinh ky|vao|dau|giua|cuoi)\b"
)
# "thời gian: Quý IV/2026", "thời hạn hoàn thành: …", "tiến độ thực hiện: năm 2026" inside an item's sentence
_LABEL_RE = re.compile(r"^\s*(?:thoi gian|thoi han|tien do|han(?: chot)?)(?:\s+(?:thuc hien|hoan thanh))?\s*:\s*")
# "Rà soát vị trí việc làm (Quý II/2026)": a time phrase alone in the brackets closing the clause
_CLOSING_BRACKET_RE = re.compile(
    r"\(\s*(?:(?:trong|truoc|vao|den|het|cuoi|dau|giua)\s+)*(?P<time>(?:ngay\s+\d{1,2}\b|\d{1,2}\s*/\s*\d{1,2}\b"
    r"|thang\s+\d{1,2}\b|quy\s+(?:iv|iii|ii|i|[1-4])\b|nam\s+(?:19|20)\d{2}\b)[^()]*)\)[\s.;,]*$"
)
_CLAUSE_CUE_RE = re.compile(r"^\s*(?:va\s+)?(?:trong|vao|truoc|cuoi|het)\b")
_FILLER_WORDS = frozenset({"ngay", "la", "vao", "het", "cuoi", "dau", "giua", "tuan", "nay", "truoc", "den", "trong", "thang", "nam", "quy",
                           "gio", "phut", "sang", "chieu", "thu", "cua", "nua", "nhat", "hai", "ba"})  # "tuần thứ hai của"
_HOUR_RE = re.compile(r"^\d{1,2}(?:h|g|:)\d{0,2}$|^\d{1,2}$")
_CITED_RE = re.compile(
    r"\d+[\w.]*\s*/\s*[\w.-]*[a-z][\w.-]*\s*$"  # "số 12/KH-UBND " right before the date
    r"|\b(?:hieu luc|can cu|ban hanh|ky)\b[^,;]*$"
    r"|\b(?:ke hoach|quyet dinh|cong van|thong bao|nghi quyet|chi thi|thong tu|nghi dinh|luat|bao cao|to trinh"
    r"|ket luan)(?:\s+so)?\s*(?:\d\S*\s*)?$"
)


def deadline_phrase(text: str) -> str:
    """The deadline clauses of a task's text joined with "; ", or "" when it names none."""
    folded = modern_quy(fold_same_length(text))
    found: list[str] = []
    cuts = [0, *[m.end() for m in _CLAUSE_RE.finditer(folded)], len(folded)]
    last = max((start for start, end in pairwise(cuts) if folded[start:end].strip(" ,;.-)")), default=0)
    for start, end in pairwise(cuts):
        clause = folded[start:end]
        begin = _deadline_start(clause)
        if begin is None and start == last and _EVENT_RE.match(clause):
            begin = len(clause) - len(clause.lstrip())  # "… thực hiện sau khi Kế hoạch được phê duyệt." ends on it
        if begin is not None:
            found.append(_unbracket(text[start + begin:end].strip(" ,;.-")))
    for at in range(len(found) - 1, 0, -1):
        marker = modern_quy(fold_same_length(found[at - 1]))
        if _RECURRING_RE.search(marker) and not _TIME_RE.search(marker):
            # "định kỳ hằng quý, trước ngày 15 của tháng cuối quý": one series, its day said after the comma
            found[at - 1:at + 1] = [f"{found[at - 1]} {found[at]}"]
    if not found and (report := _REPORT_PERIOD_RE.search(folded)):
        found.append(text[report.start():report.end()])  # "tổng hợp báo cáo quý IV/2025": due as the quarter ends
    if not found and (ongoing := _ONGOING_RE.search(folded)):
        found.append(text[ongoing.start():ongoing.end()])
    return "; ".join(dict.fromkeys(f for f in found if f))


def _unbracket(phrase: str) -> str:
    """A phrase cut from "(hoàn thành trong Quý III/2025)" without the bracket it closes."""
    return phrase.rstrip(" )").strip(" ,;.-") if "(" not in phrase else phrase


def _deadline_start(clause: str) -> int | None:
    """Where a deadline phrase starts in one clause: a deadline word right before a time phrase, after a
    label ("thời gian: Quý IV/2026"), or a time phrase alone in closing brackets ("(Quý II/2026)")."""
    label = _LABEL_RE.match(clause)
    if label and (_TIME_RE.search(clause, label.end()) or _ONGOING_RE.search(clause, label.end())
                  or _RECURRING_RE.search(clause, label.end())):
        return label.end()
    bracket = _CLOSING_BRACKET_RE.search(clause)
    if bracket and not _CITED_RE.search(clause[: bracket.start()][-60:]):
        return bracket.start("time")
    for time in _TIME_RE.finditer(clause):
        before = clause[: time.start()]
        if _CITED_RE.search(before[-60:]):
            continue
        opening = _CLAUSE_CUE_RE.match(clause)
        if opening and not [w for w in clause[opening.end(): time.start()].split() if w not in _FILLER_WORDS]:
            return opening.start() + len(opening.group(0)) - len(opening.group(0).lstrip())
        cues = list(_CUE_WORDS_RE.finditer(clause, 0, time.start()))
        if cues and not (cues[-1].group(0) == "tu" and not time.group(0).startswith("ngay")):
            between = before[cues[-1].end():].split()
            if all(w in _FILLER_WORDS or _HOUR_RE.match(w) for w in between):
                return cues[-1].start()
        if time.group(0).startswith(("cuoi ", "dau ", "giua ")) and not re.search(r"\bthang\s*$", before):
            return time.start()  # "Kiểm tra đầu quý III/2026": the part of a period is its own cue (not "6 tháng đầu năm")
    recurring = _RECURRING_RE.search(clause)
    if recurring and _CUE_WORDS_RE.search(clause[: recurring.start()] + " ") is None:
        return recurring.start()
    return None
