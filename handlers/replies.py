"""Reading free-text progress replies ("1.2 xong, 1.6 đang làm 60%") into reports (pure: text and now in)."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Literal
from zoneinfo import ZoneInfo

from handlers.dates import aligned_fold, cited_spans, find_dates, local_now, parse_typed_date, word_ok
from plans.text import fold, nfc

Status = Literal["done", "in_progress", "blocked", "not_started", "unclear"]

DEFAULT_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# dateparser is the slow part; a pasted wall of text must not turn into thousands of calls
_DATEPARSER_BUDGET = 8
_LOOKBACK = 40


@dataclass(frozen=True)
class ParsedReport:
    """One progress report read from a reply: which task, how far, when it should be done, in whose words."""

    task: str | None
    status: Status
    percent: int | None
    eta: date | None
    note: str
    # "tất cả đã xong": no task named, the same report for every task of the message answered
    all_tasks: bool = False
    # "tất cả xong trừ 1.3": the tasks an all-tasks report leaves out
    except_tasks: tuple[str, ...] = ()
    # the plan named right after the task number, as typed ("KH 17" in "1.1 KH 17 xong"): which plan's 1.1
    plan: str = ""
    # the words ask for more time ("xin gia hạn đến 31/12"): an extension request, not progress to store
    extension: bool = False
    # "các việc tháng 5 xong hết": an all-tasks report for the tasks due in these days only (first, last)
    period: tuple[date, date] | None = None

    def as_json(self) -> dict:
        """The Report shape of CONTRACTS.md (with "all_tasks": true only for a reply about every task, "extension":
    true only for one asking for more time, "period": [first, last] only for the tasks of a month or a year)."""
        shape = {
            "task": self.task,
            "status": self.status,
            "percent": self.percent,
            "eta": self.eta.isoformat() if self.eta else None,
            "note": self.note,
        }
        if self.all_tasks:
            shape["all_tasks"] = True
        if self.except_tasks:
            shape["except_tasks"] = list(self.except_tasks)
        if self.plan:
            shape["plan"] = self.plan
        if self.extension:
            shape["extension"] = True
        if self.period:
            shape["period"] = [day.isoformat() for day in self.period]
        return shape


# ---- patterns over the aligned fold (lower case, no diacritics, same length as the text) -----------

_B = r"(?<![a-z0-9])"
_E = r"(?![a-z0-9])"
# never "PCT": after a task number that is a vice-chair ("1.7 PCT đã ký"), not a percent
_PCT = r"(?:%|phan\s*tram|percent)"
_NEG = r"(?:chua|khong|ko|k|kg|khg|hok|chang)"

# a part may have three digits ("2.100"), but such a number is a task's only where one stands (_stands_as_task)
# "#2" after a number is a plan's second task numbered alike, as lists show it ("7.6#2")
_TASK_RE = re.compile(
    r"(?<![\d.,/])([1-9]\d{0,2}(?:\.[1-9]\d{0,2}){1,3})(?:\.?([a-z])(?![a-z0-9]))?(?:#([1-9]\d?))?"
    r"(?!\d|[.,/\-]\d|\s*" + _PCT + ")"
)
# words that name the task a number after them is: "nhiệm vụ 3.105", "mục 2.100"
_TASK_CUE_END_RE = re.compile(_B + r"(?:nhiem\s+vu|nv|muc|viec|cong\s+viec|task)\s*[:#]?\s*$")
# a task numbered without a dot ("2" in a plan numbered 1, 2, 3): read only where the person has such a task
_PLAIN_TASK_RE = re.compile(r"(?<![\d.,/])([1-9]\d{0,2})()(?:#([1-9]\d?))?(?!\d|[.,/\-]\d|\s*" + _PCT + ")")
# a plan as people name it: its code ("17/KH-UBND", "3815/UBND-NV") or its kind and number ("KH 17",
# "kế hoạch số 17", "QĐ 187"), over folded text
PLAN_REF_RE = re.compile(
    _B + r"(?:\d+/[a-z][a-z0-9\-]*|(?:kh|ke\s*hoach|qd|quyet\s*dinh|cv|cong\s*van|plan)\s*(?:so\s*)?\d+(?:/[a-z][a-z0-9\-]*)?)"
)
# the plan named right after a task number: "1.1 KH 17", "1.1 [17/KH-UBND]", "nhiệm vụ 1.1 của Kế hoạch 17/KH-UBND"
# (a bracket opened before the plan closes right after it: "3.3 (Quyết định số 112/QĐ-UBND ngày 01/12)" cites the
# decision issued, no plan)
_PLAN_AFTER_RE = re.compile(
    r"[ \t]*(?:(?P<open>[\[(])[ \t]*|[\-–:][ \t]*)?(?:(?:cua|thuoc|trong|theo|tai|of|in)[ \t]+)?(?P<plan>"
    + PLAN_REF_RE.pattern + r")(?(open)[ \t]*[\])]|[ \t]*[\])]?)"
)
# a plan named before the task numbers, alone or heading them: "KH 17: 1.1 xong", "Theo Kế hoạch 17/KH-UBND,",
# "[17/KH-UBND] 1.3 …" (after words ending in a colon: "Kính báo cáo anh: theo KH 20")
_PLAN_HEADING_RE = re.compile(
    r"(?P<prefix>[^:\n]*:)?[\W_]*(?:(?:theo|ve|thuoc|tai|cua|trong|doi\s+voi|thuc\s+hien)\s+)?[\[(]?\s*(?P<plan>"
    + PLAN_REF_RE.pattern + r")\s*[\])]?[\s:\-–—.]*(?:(?:cac\s+)?(?:nhiem\s+vu|nv|muc|viec)\s*(?:so\s*)?:?\s*)?"
)
# "dự kiến 15.12" is a date, not task 15.12
_DATE_CUE_END_RE = re.compile(
    _B + r"(?:ngay|du\s+kien|dk|truoc|den|toi|(?<!gia\s)(?<!lui\s)(?<!doi\s)(?<!lui\sthoi\s)(?<!doi\sthoi\s)han|vao|luc|tu|hom|sang|chieu)\s*:?\s*$"
)
# "từ 1.1 đến 1.5", "1.1-1.3", "nv 2.1 tới 2.4": the tasks of one section between two numbers (a date range,
# "từ 1.3 đến 15.3", shares its month, not its first part, and is left alone)
_RANGE_RE = re.compile(
    r"(?:" + _B + r"tu\s+)?(?<![\d.,/])((?:[1-9]\d{0,2}\.)+)([1-9]\d{0,2})(?!\d)"
    + r"\s*(?:-|–|—|->|→|~|" + _B + r"(?:den|toi|to)" + _E + r")\s*\1([1-9]\d{0,2})(?![\d.,/]|\s*" + _PCT + ")"
)
_RANGE_MAX = 30
# "8.1,8.2,8.3 xong", "8.1;8.2 xong", "2.1/2.2 xong": task numbers listed without a space
_TIGHT_LIST_RE = re.compile(r"(?:(?<=\d\.[1-9])|(?<=\d\.[1-9]\d))[,;/](?=[1-9]\d{0,2}\.[1-9])")
# "3.3 xong,3.4 đang làm", "xong.3.4", "30%;3.4", "xong-3.4" as phones type them: a separator right after a word
# (or a percent) and right before a task number splits the clauses as ", " does
_TIGHT_CLAUSE_RE = re.compile(r"(?:(?<=[^\W\d_])|(?<=[%)]))\s*([,;.+/\-&])(?=[1-9]\d{0,2}\.[1-9]\d{0,2}(?![\d/]|\.\d))")
# in a plan numbered 1, 2, 3: "từ 2 đến 4 xong", "nv 2 tới 5" (never "từ 2 đến 4 ngày")
_PLAIN_RANGE_RE = re.compile(
    _B + r"(?:(?P<tu>tu)\s+(?:(?:nhiem\s+vu|nv|viec|muc)\s+)?|(?:nhiem\s+vu|nv|viec|muc)\s+)([1-9]\d{0,2})\s*(?:-|–|"
    + _B + r"(?:den|toi))\s*([1-9]\d{0,2})(?![\d.,/]|\s*" + _PCT + ")"
)
# check marks typed for "done", an hourglass for "in progress" ("1.1 ✅ 1.2 ✅ 1.3 ⏳ 50%"), a cross for "not yet"
# (never sharing the marks of the task before it: "3.1 ✔️ 3.2 ✔️ 3.3 ✖️")
_MARKS_RE = re.compile(r"([✅✔☑✓])\ufe0f?|([⏳⌛])\ufe0f?|([❌❎✖✗✘])\ufe0f?")
# ---- a question is no report: "1.3 xong chưa ạ?", "done?", "bao giờ hết hạn 1.4 vậy" --------------------
_PARTICLES = r"(?:\s+(?:a|ak|ah|anh|chi|em|e|c|nhi|nhe|vay|the|ha|ban|bac|oi|day|dau))*"
_QUESTION_RE = re.compile(
    r"\?[\s?!.]*$"
    + r"|" + _B + r"(?:xong|hoan\s+thanh|hoan\s+tat|ht|lam|thuc\s+hien|trien\s+khai|nop|gui|duoc|roi|r|chua\s+xong)(?:\s+(?:het|ca|duoc|dc))?\s+chua"
    + _PARTICLES + r"[\s.!]*$"
    + r"|" + _B + r"(?:bao\s+gio|khi\s+nao|(?:ngay|hom|luc|buoi|tuan|thang)\s+nao|la\s+gi|the\s+nao|tai\s+sao|vi\s+sao|o\s+dau|phai\s+khong|duoc\s+khong"
    + r"|cho\s+(?:em|toi|minh)\s+hoi)" + _E + r"[^,;.!\n]*" + _B + r"(?:vay|the|nhi|ha|khong|a)[\s.!]*$"
    + r"|" + _B + r"(?:phai|dung|duoc|co|xong|hay)\s+(?:khong|ko|k|chua)" + _PARTICLES + r"[\s.!]*$"
    + r"|%\s*chua" + _PARTICLES + r"[\s.!]*$"
)
# a question said by its last word as typed: "xong rồi à?", "xong rồi hả", "xong ư" ("xong rồi ạ" says it is)
# (a person called after it asks too: "xong rồi hả anh", "làm rồi à chị")
_QUESTION_WORD_END_RE = re.compile(
    r"(?<!\w)(?:à|hả|hở|ư|hử|chăng|chứ|sao)(?:\s+(?:anh|chị|em|bác|ông|bà|cô|chú|sếp|ơi))*[\s.!]*$", re.IGNORECASE
)
_ASKED_SENTENCE_RE = re.compile(r"(?:^|(?<=[.!?;\n]))[^.!?;\n]*\?+")  # from a sentence's start only: linear, not quadratic
_SENTENCE_END_RE = re.compile(r"[\n!;]|[.,](?=\s|$)")
_CLAUSE_RE = re.compile(r"[;\n|]|,(?!\d)|\.(?=\s|$)|(?<=\s)(?:va|and)(?=\s)")
_BLANK_RE = re.compile(r"(?:[\W_]|" + _B + r"(?:va|and|voi|cung|ca)" + _E + r")+")

# "80/100" is a percent too
_PERCENT_RE = re.compile(
    r"(?<![\d.,])(\d{1,4}(?:[.,]\d{1,2})?)\s*(?:%|(?:phan\s*tram|percent)" + _E + r"|/\s*100(?![\d.,/]))"
)
# a bare number closing a progress phrase is a percent: "đang làm 70", "tiến độ đạt 80 rồi" (folded); one
# followed by anything else is a count ("đang làm 2 hồ sơ")
_BARE_PERCENT_RE = re.compile(
    _B + r"(?:dang\s+(?:lam|thuc\s+hien|trien\s+khai)|tien\s+do|dat)(?:\s+(?:khoang|tam|chung|duoc|dat))*"
    r"\s+(\d{1,3})(?![\d.,/])(?=\s*(?:$|[,;.!)\n]|(?:roi|a|nhe|nha|thoi)" + _E + r"))"
)
# a percent in words: "năm mươi phần trăm", "bảy mươi lăm phần trăm", "một trăm phần trăm" (folded)
_DIGIT_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9}
_PERCENT_WORDS_RE = re.compile(
    _B
    + r"(?:(?P<hundred>(?:mot\s+)?tram)|(?:(?P<tens>hai|ba|bon|nam|sau|bay|tam|chin|[2-9])(?:\s+(?:muoi|chuc)|(?=\s+(?:lam|mot|tu)" + _E + r"))|(?<!\d\s)(?P<ten>muoi))"
    # "hai lăm", "bảy mốt", "ba tư": the tens said without "mươi"
    + r"(?:\s+(?P<unit>mot|hai|ba|bon|tu|nam|lam|sau|bay|tam|chin))?|(?P<one>mot|hai|ba|bon|nam|sau|bay|tam|chin))"
    + r"\s+(?:phan\s*tram|percent)"
    + _E
)

_DONE_RE = re.compile(
    _B
    + r"(?:xong|xg|hoan\s+thanh|hoan\s+tat|ht|done|finished|completed?|submitted|(?:finish|submit)\s+(?:roi|r)"
    + r"|(?P<da>da)\s+(?:ban\s+hanh|phat\s+hanh|gui|nop|thuc\s+hien|hoan\s+thien|ky(?!\s+nhay)|phe\s+duyet|duyet|xu\s+ly|xl|submit|finish"
    # "đã có văn bản số 456/UBND gửi Sở", "đã có quyết định": the paper the work was to produce
    + r"|co\s+(?:van\s+ban|quyet\s+dinh|qd|cong\s+van|cv)(?!\s+(?:huong\s+dan|chi\s+dao|yeu\s+cau|de\s+nghi|giao|cua))"
    # "đã báo cáo bằng văn bản số 88/BC-UBND": the report is on paper
    + r"|bao\s+cao\s+(?:bang|tai|theo)\s+(?:van\s+ban|cong\s+van|cv|bao\s+cao|bc))"
    # "3.3 làm rồi": did it (but "đang làm rồi", "bắt đầu làm rồi" goes on)
    + r"|(?<!bat\sdau\s)(?<!tiep\stuc\s)(?<!moi\s)(?P<lam>lam)\s+(?:roi|r)"
    # "nộp rồi", "gửi Sở rồi", "nộp hôm thứ 2 rồi": sent already (no denial between)
    + r"|(?:ban\s+hanh|gui|nop|ky|duyet)(?:\s+(?!(?:chua|khong|ko|k|chang|duoc|dc)\b)[a-z0-9]+){0,10}?\s+(?:roi|r))"
    + _E
)
# words up to three before "xong" that turn it into a promise or a denial
_DONE_MODIFIERS = {
    "chua", "khong", "ko", "k", "kg", "khg", "hok", "chang", "sap", "gan", "se", "dang", "kip", "muon",
    "mong", "nham", "dk", "du kien", "du tinh", "chuan bi", "co gang", "phan dau", "hy vong",
    "not", "never", "haven", "hasn", "didn", "isn", "aren", "wasn", "wouldn", "won", "doesn", "almost", "nearly",
    "will", "be", "soon", "half", "partly",
    "partially", "mostly", "hau nhu", "far from", "nowhere near", "not quite",
    # "kh xong", "chả xong", "hổng xong"; "đâu có xong", "làm gì đã xong", "còn lâu mới xong": denied
    "kh", "cha", "hong", "dau co", "dau da", "gi da", "lau moi", "sao ma", "lam sao", "le ra", "dang le",
    # a purpose or a commitment: "để hoàn thành", "đảm bảo hoàn thành", "chỉ đạo … khẩn trương hoàn thành"
    "de", "dam bao", "khan truong", "cam ket", "quyet tam", "no luc", "chi dao", "yeu cau", "tap trung", "gap rut",
    # "ai bảo xong", "ai nói xong": who said so (it is not)
    "ai bao", "ai noi",
    # "khó hoàn thành đúng hạn", "có nguy cơ không hoàn thành": it may not be
    "kho", "nguy co",
    # a wish: "ước gì xong", "giá mà xong được"
    "uoc", "gia ma",
}
# words up to three before "xong" that only guess it: "chắc xong rồi", "hình như xong", "em nghĩ là xong" (asked)
_DONE_HEDGES = {
    "chac", "hinh nhu", "co le", "tuong", "nghi", "khong ro", "khong biet", "chua ro", "chua biet",
    "think", "probably", "maybe", "perhaps", "guess", "should", "say",
    # "coi như xong" (as good as, or given up), "theo em là xong" (in my view)
    "coi nhu", "xem nhu", "theo em", "theo toi", "theo minh",
    # "thôi xong rồi": it is all over (a disaster, or given up)
    "thoi",
    # "làm như xong rồi ấy": as if (it is not)
    "lam nhu", "cu nhu", "lam nhu la",
    # "em tính là xong rồi": I reckoned so
    "tinh la",
    # "anh cứ báo xong đi": report it so (it is not yet)
    "cu bao", "cu ghi", "cu danh",
}
# before a percent: an aim, not a result ("phấn đấu đạt 100%", "ước đạt 100%", "mục tiêu 100%")
_PERCENT_AIMS = {"uoc", "uoc dat", "muc tieu", "chi tieu", "phan dau", "yeu cau", "phai", "can"}
# the words that measure before a percent ("hoàn thành 100%", "đạt được 100%")
_PERCENT_VERBS = {"xong", "hoan", "thanh", "tat", "dat", "duoc", "dc", "khoang", "tam", "len", "toi", "ti", "le", "tien", "do"}
# words up to three before "xong" that make it a condition, no status: "khi xong", "nếu xong", "bao giờ xong thì"
_DONE_CONDITIONS = {"khi", "neu", "he", "khi nao", "bao gio", "luc nao", "if", "when", "once", "phai", "can", "must"}
# a phrase that gives an instruction or a purpose before "hoàn thành" ("phối hợp với các phường hoàn thành",
# "giao Phòng Nội vụ hoàn thành"): words of the plan, no status
_INSTRUCTION_LEAD_RE = re.compile(r"^[\W_]*(?:da\s+)?(?:phoi\s+hop\s+voi|giao|de\s+nghi|doi\s+doc|huong\s+dan|to\s+chuc\s+thuc\s+hien)" + _E)
# a time to come before "xong" makes it a promise ("1.2 mai xong", "sang tuần xong"), unless "đã" says it happened
_FUTURE_TIMES = {
    "mai", "ngay mai", "sang mai", "chieu mai", "chieu nay", "toi nay", "tuan sau", "tuan toi", "thang sau",
    "thang toi", "sang tuan", "cuoi tuan", "dau tuan", "cuoi thang", "nam sau", "tomorrow", "next",
    "t2", "t3", "t4", "t5", "t6", "t7", "cn",  # "1.2 T6 xong": by Friday
    "trua",  # "trưa xong": by noon (or "chưa" misheard by voice typing); "trưa nay đã xong" happened
}
# folded modifiers that are other words when typed with other diacritics ("Đảng" is not "đang")
_MODIFIER_FORMS = {
    "dang": ("đang",), "se": ("sẽ",), "sap": ("sắp",), "gan": ("gần",), "chua": ("chưa",),
    "khong": ("không",), "kip": ("kịp",), "muon": ("muốn",), "mong": ("mong", "mông"), "chang": ("chẳng",),
    "mai": ("mai",), "da": ("đã",), "toi": ("tới", "tối"),
    "cha": ("chả",), "hong": ("hổng", "hông", "hỏng"), "dau": ("đâu", "đấu"), "khi": ("khi",), "neu": ("nếu",), "he": ("hễ",),
    "lau": ("lâu",), "phai": ("phải",), "kho": ("khó",), "can": ("cần",), "gi": ("gì",), "chac": ("chắc",), "tuong": ("tưởng",), "nghi": ("nghĩ",), "le": ("lẽ",), "de": ("để",),
    "trua": ("trưa",), "thoi": ("thôi",),
}
# a status said before ("sáng em báo đang làm", "hôm qua báo vướng"), wrongly ("báo nhầm là xong", "bấm nhầm nút
# hoàn thành") or denied ("chứ không phải đang làm"): the words after it say nothing of now
_UNSAID_RE = re.compile(
    _B + r"(?:(?:(?:(?P<sang>sang)|chieu|trua|hom\s+(?:qua|truoc|kia|roi)|luc\s+(?:nay|sang|chieu|truoc)|truoc\s+do"
    + r"|(?:tuan|lan|ky|thang)\s+(?:truoc|roi)|vua\s+roi)\s+(?:(?:em|e|toi|minh|ben\s+em|don\s+vi|phuong)\s+)?(?:da\s+|co\s+)?"
    + r"(?:bao(?:\s+cao)?|noi)"
    + r"|(?:bao|noi|bam|ghi|chon)\s+(?:nham|sai|lon)(?:\s+(?:nut|vao|o))?)(?:\s+(?:la|thanh))?"
    + r"|(?:chu\s+)?khong\s+phai(?:\s+la)?)" + _E
)
_UNSAID_END_RE = re.compile(r"[,;.!?()\n]|" + _B + r"(?:ma|chu|nhung|con|thuc\s+te|thuc\s+ra)" + _E)
# after "xong": a denial ("xong đâu mà xong", "xong gì đâu", "xong cái nào đâu", "xong sao được") or a condition ("xong thì em báo")
_DONE_DENIED_AFTER_RE = re.compile(
    r"(?:\s+(?:roi|gi|duoc|dc|het|ca|anh|chi|em|a|(?:cai|viec)\s+nao|nao|bao\s+gio|luon))*\s+(?:(?P<dau>dau)(?!\s+(?:vao|day|do|tien|thang|tuan|nam|quy))"
    + r"|(?:sao|the\s+nao)\s+(?:duoc|dc|kip)|cai\s+gi|gi\s+ma"
    # "xong trên giấy thôi": only on paper; "xong rồi mới lạ": it would be a wonder
    + r"|tren\s+(?:giay|danh\s+nghia|so\s+sach)|ve\s+hinh\s+thuc|(?:thi\s+)?moi\s+(?P<la>la)|trong\s+(?:giac\s+)?(?P<mo>mo)"
    # "hoàn thành thì chưa, mới được phần đầu": not yet
    + r"|thi\s+chua(?=\s*(?:[,.;!\n]|$)|\s+(?:nhung|ma)" + _E + r"))" + _E
)
# after "xong": soon, a promise ("xong ngay thôi", "xong sớm thôi anh"; "đã xong sớm", "xong sớm hơn dự kiến" happened)
_SOON_AFTER_RE = re.compile(
    r"\s+(?P<soon>ngay(?!\s*\d)|som|lien|nhanh|soon|shortly)(?:\s+(?:thoi|a|anh|chi|em|nhe|nha|ma|day|lam|nay))*(?![a-z0-9])(?![\s,]*(?:hon|roi|r|truoc)" + _E + ")"
)
# "xong thì em báo", "xong hay chưa em không rõ": no status said
_DONE_CONDITION_AFTER_RE = re.compile(
    # "làm xong là báo anh liền": once done
    # "xong là cái chắc": sure to be (a promise); "xong hết chưa em chưa kiểm tra", "done chưa anh": asked
    r"(?:\s+(?:roi|het|ca))*\s+(?:la\s+(?:em|e|toi|minh|bao|gui|nop|chuyen|trinh|(?:cai\s+)?chac)" + _E + r"|thi(?!\s+chua(?:\s*(?:[,.;!\n]|$)|\s+(?:nhung|ma)" + _E + r"))"
    + r"|(?:hay\s+)?(?:chua|khong|ko)(?:\s+thi|\s+(?:nhi|ta|ha|vay|the|em|e|anh|chi|toi|minh|ban)|\s*$)|hay\s+(?:chua|khong|ko|sao)|neu|khi(?!\s+(?:nay|nao|sang|chieu|toi|hom))|if|unless|once|when)" + _E
)
_IN_PROGRESS_RE = re.compile(
    _B
    + r"(?:(?P<dang>dang)(?:\s+[a-z]+)?|tiep\s+tuc|(?<!can\s)(?<!khong\s)(?<!ko\s)(?<!khoi\s)lam\s+tiep|(?P<da>da)\s+(?:trinh|bat\s+dau|(?:trien\s+khai|du\s+thao|soan)(?!\s+(?:xong|hoan\s+thanh|hoan\s+tat)))"
    # "1.2 bắt đầu làm rồi": started, so under way (never "chưa bắt đầu", "sẽ bắt đầu")
    + r"|(?<!chua\s)(?<!khong\s)(?<!ko\s)(?<!se\s)(?<!kien\s)(?<!dk\s)bat\s+dau(?:\s+(?:lam|thuc\s+hien|trien\s+khai|tien\s+hanh|soan|xay\s+dung))?"
    # ("bắt đầu triển khai từ hôm thứ 2", "từ tuần trước": since a day gone by)
    + r"\s+(?:roi|r|tu\s+(?:hom|(?:tuan|thang)\s+truoc|dau\s+(?:tuan|thang)))"
    # "đã ký nháy": initialled, the signature still to come
    + r"|trinh\s+ky|ky\s+nhay|(?:xin|lay)\s+y\s+kien|" + _NEG + r"\s+(?:xong\s+|lam\s+)?kip"
    # "nói xong rồi nhưng thật ra chưa": the truth said after
    + r"|(?:thuc|that)\s+(?:ra|te|su)\s+(?:la\s+)?(?:van\s+)?(?:chua|khong|ko)"
    # "chưa ban hành được", "chưa ký được": a step not yet taken
    + r"|" + _NEG + r"\s+(?:ban\s+hanh|phat\s+hanh|ky|trinh|gui|nop|duyet|phe\s+duyet)\s+(?:duoc|dc|kip)"
    # "em làm sau": still to do (but "đã xong, file em gửi sau": the evidence comes later)
    + r"|(?:lam|xu\s+ly)\s+sau(?!\s+(?:khi|do|tet)" + _E + r")"
    # "xong á, còn khuya", "còn lâu mới xong": far from it
    + r"|con\s+(?:lau|khuya)(?:\s+lam)?(?=\s*(?:[,.;!?\n]|$)|\s+(?:moi|a|anh|chi|em|nhe|nha)" + _E + r")"
    # "tiến độ chậm", "bị chậm": late, still going
    + r"|tien\s+do\s+(?:con\s+|bi\s+|hoi\s+|rat\s+)?cham|bi\s+cham" + r"|(?:duoc\s+)?mot\s+(?:phan|nua)|(?<!chua\s)(?<!khong\s)(?<!ko\s)(?<!k\s)lam\s+(?:duoc|dc)"
    + r"|(?:duoc\s+)?(?:hon|qua|gan|non)\s+(?:mot\s+)?nua|(?:duoc\s+)?phan\s+lon|(?:moi|vua)(?:\s+moi)?\s+bat\s+dau"
    + r"|in\s+progress|working\s+on|ongoing|on\s*going|under\s*way|wip|on\s+track|(?:have|has|just|already)\s+started)"
    + _E
)
_BLOCKED_RE = re.compile(
    _B
    + r"(?:(?P<neg>vuong(?:\s+mac)?|kho\s+khan|tro\s+ngai|blocked|stuck|on\s+hold)"
    + r"|phu\s+thuoc|bi\s+(?:ket|tac)|(?P<tam>tam)\s+(?:dung|hoan(?!\s+thanh))|bi\s+tra(?:\s+lai)?|tra\s+ve|bi\s+(?:[a-z]+\s+){1,3}?tra\s+(?:lai|ve|ho\s+so)"
    # "chậm do thời tiết", "khó thực hiện vì thiếu người": held up, and says by what
    + r"|(?:cham|(?P<kho>kho)\s+(?:thuc\s+hien|trien\s+khai|lam|hoan\s+thanh)|gap\s+(?P<gapkho>kho))\s+(?:do|vi|boi\s+vi|tai\s+vi)"
    + r"|(?:chua|khong)\s+(?:co|nhan\s+duoc)\s+(?:huong\s+dan|hd|kinh\s+phi|nguon\s+(?:luc|von)|so\s+lieu|van\s+ban|chi\s+dao|y\s+kien|quyet\s+dinh"
    + r"|phan\s+hoi|du\s+lieu|nhan\s+su|tai\s+khoan)"
    + r"|thieu\s+(?:kinh\s+phi|nhan\s+luc|nhan\s+su|can\s+bo|nguoi|huong\s+dan|thiet\s+bi|du\s+lieu|van\s+ban)"
    # "không thực hiện được vì …": it cannot be done, and says why
    # "bên em không làm được": it cannot be done ("chưa làm được" is not yet)
    + r"|(?:khong|ko|k|kg|khg)\s+(?:the\s+)?(?:thuc\s+hien|lam|trien\s+khai|to\s+chuc)\s+(?:duoc|dc)(?!\s+(?:xong|het))"
    + r"|(?:khong|ko|k|kg|khg|chua)\s+(?:the\s+)?(?:thuc\s+hien|lam|trien\s+khai|hoan\s+thanh|xong|to\s+chuc)"
    + r"\s+(?:duoc|dc|kip)\s+(?:vi|do|boi\s+vi|tai\s+vi)"
    + r"|delayed|lack\s+of|shortage\s+of|(?:cannot|can\s*not|can\W?t|unable\s+to)\s+(?:be\s+)?(?:done|do|proceed|start|finish|complete|continue|carry)"
    + r"|(?P<wait>cho|doi)|(?P<await>waiting\s+(?:for|on)|wait(?:ing)?|awaiting|pending))"
    + _E
)
_BLOCKED_NEGATION_RE = re.compile(
    _B
    + r"(?:khong|ko|k|kg|khg|hok|chang|chua|het|khong\s+con|da\s+het|not|nothing|without)"
    + r"(?:\s+(?:co|gi|bi|gap|con|them|be|been|is|are|yet))*\s*$"
)
# after these, an unaccented "cho"/"doi" is "chờ"/"đợi" rather than "for"/"change"
_WAIT_LEAD_RE = re.compile(
    r"(?:^|[:\-,;(]|" + _B + r"(?:dang|con|van|hien|phai|tiep\s+tuc|da|nhung|vi|do))\s*$"
)
_NOT_STARTED_RE = re.compile(
    _B
    + r"(?:"
    + _NEG
    + r"(?:\s+(?:duoc|kip|the))?\s+(?:thuc\s+hien|lam|trien\s+khai|bat\s+dau|tien\s+hanh|xay\s+dung"
    + r"|soan(?:\s+thao)?|to\s+chuc)"
    + r"|se\s+(?:bat\s+dau|trien\s+khai|thuc\s+hien|lam|tien\s+hanh)|chua\s+co\s+gi"
    + r"|not\s+(?:yet\s+)?(?:started|begun|start)|(?:haven|hasn|didn)\W?t\s+(?:yet\s+)?(?:started|begun|start)"
    + r"|yet\s+to\s+start)"
    + _E
)
# words before a task number that only say it is one: "các nhiệm vụ 1.1, 1.2 xong", "nv 1.1 đến 1.4 xong"
# ("Em báo cáo: các nhiệm vụ 2.1, 2.2 đã xong")
# what may close a list whose words stand before it, saying nothing of its own: "xong 1.1 với 1.2 rồi"
_CLOSING_PARTICLES_RE = re.compile(r"(?:[\W_]|" + _B + r"(?:roi|r|het|ca|a|nhe|nha|nhen|luon)" + _E + r")*")
_CUE_ONLY_RE = re.compile(
    r"(?:[\W_]|" + _B + r"(?:cac|nhung|nhiem\s+vu|nv|muc|viec|cong\s+viec|tasks?|so|bao\s+cao|xin|kinh|em|toi|anh|chi"
    + r"|da|vang|a|ve|ca)" + _E + r")*"
)
_ETA_CUE_BEFORE_RE = re.compile(
    _B
    + r"(?:du\s+kien|dk|du\s+tinh|truoc|cham\s+nhat|den|toi|han|kip|se|xong|hoan\s+thanh|hoan\s+tat|vao"
    + r"|khoang|tam|trong|eta|by|due|expected|before|until|till)(?:\s+(?:xong|hoan\s+thanh|ngay|vao|la|khoang|tam|truoc|trong|luc))*\s*:?\s*$"
)
_STRONG_ETA_CUE_RE = re.compile(
    _B + r"(?:du\s+kien|dk|du\s+tinh|truoc|cham\s+nhat|han|eta|by|due|expected|before|den\s+ngay|toi\s+ngay|kip)" + _E
)
_ETA_PHRASE_LEAD_RE = re.compile(
    r"^(?:\s*(?:xong|hoan\s+thanh|hoan\s+tat|ngay|vao|la|khoang|tam|trong|luc|:)" + _E + r")*\s*"
)
# a date said as the deadline ("1.2 hạn 31/3", "xong, hạn chót 20/3", "deadline 20/3") is the plan's, not a finish
# the person expects ("xong trước hạn 31/3" is done early); "kịp hạn 31/3" promises it
_DEADLINE_CUE = r"(?:thoi\s+han|han(?:\s+chot)?|deadline|due(?:\s+date)?|theo\s+ke\s+hoach)"
_DEADLINE_BEFORE_RE = re.compile(
    _B + r"(?<!kip\s)(?<!by\s)" + _DEADLINE_CUE + r"(?:\s+(?:la|ngay|vao|is|on))*\s*:?\s*$"
)
_DEADLINE_AT_RE = re.compile(_DEADLINE_CUE + _E)
_BY_WORD_RE = re.compile(_B + r"(?:kip|by)\s*$")
# "không kịp hạn 15/12": the deadline it will miss
_MISSED_DEADLINE_RE = re.compile(
    _B + _NEG + r"(?:\s+[a-z]+)?\s+kip\s+" + _DEADLINE_CUE + r"(?:\s+(?:la|ngay|vao))*\s*:?\s*$"
)
# "phải xong trước 15/3", "cần hoàn thành trước 15/3": the deadline restated, not a finish promised
_REQUIRED_BY_RE = re.compile(
    _B + r"(?:phai|can|yeu\s+cau|must)\s+(?:xong|hoan\s+thanh|hoan\s+tat|nop|gui|be\s+done|finish)"
    + r"\s+(?:truoc|trong|vao|den|toi|by|before)(?:\s+ngay)?\s*:?\s*$"
)
# after a deadline's date: the person will make it ("hạn 31/3 chắc kịp", "hạn 31/3, sẽ kịp")
_KEPT_AFTER_RE = re.compile(r"[\s,]*(?:(?:chac|se|van|van\s+se|co\s+the)\s+)?(?:kip|on\s+time)" + _E)
# "mai" (tomorrow) alone; after a title it is a name ("chị Mai", "đ/c Mai")
_TOMORROW_RE = re.compile(_B + r"mai" + _E + r"(?!\s*oi" + _E + r")")  # "Mai ơi" calls someone
_NAME_TITLE_END_RE = re.compile(
    _B + r"(?:anh|chi|c|co|chu|bac|ong|ba|ban|d\s*/\s*c|dong\s+chi|phuong|xa|thon|ap|khu\s+pho|to)\s+$"
)
# "Mai Anh", "Mai Dịch": "Mai" before another capitalised word is a name
_NAME_GOES_ON_RE = re.compile(r"\s+(\w)")
# before a date: it is when something happened ("hôm thứ 2", "từ hôm 5/3", "since Monday")
_PAST_CUE_END_RE = re.compile(_B + r"(?:hom|tu|tu\s+hom|since|on\s+last|last)\s*$")
# before a date: the work it is the period of ("tất cả các nhiệm vụ tháng 12 đã xong", "báo cáo quý IV đã nộp")
_WORK_OF_END_RE = re.compile(
    _B + r"(?:nhiem\s+vu|nv|viec|cong\s+viec|ke\s+hoach|kh|bao\s+cao|bc|so\s+lieu|ket\s+qua|chi\s+tieu|tasks?|report)\s*$"
)
_PHRASE_END_RE = re.compile(r"[,;\n!?]|\.(?=\s|$)")

# words that say nothing beyond status, percent and date: a note made only of these is left empty
_PLAIN_RE = re.compile(
    _B
    + r"(?:(?:em|toi|xin|kinh)\s+bao\s+cao|xong|roi|hoan\s+thanh|hoan\s+tat|ht|done|ok|oke|okay|da|dang|lam|thuc\s+hien|trien\s+khai"
    + r"|tien\s+hanh|xu\s+ly|chua|khong|ko|k|sap|gan|se|du\s+kien|dk|du\s+tinh|duoc|dc|tiep\s+tuc|van"
    + r"|bat\s+dau|ban\s+hanh|gui|nop|trinh|ky|soan|truoc|den|toi|han|vao|khoang|tam|ngay|trong|cham\s+nhat"
    + r"|kip|a|r|vang|nhe|nha|nhen|ne|oi|em|anh|chi|minh|xin|kinh|cam\s+on|thanks|thank\s+you|tks"
    + r"|nhiem\s+vu|nv|muc|viec|cong\s+viec|so|ca|cac|deu|va|voi|la|hien|hien\s+tai|hien\s+nay|thi"
    + r"|tien\s+do|phan\s+tram|percent|het|tat\s+ca|nua|cua|gi|dat|moi"
    + r"|done|finished|completed?|in\s+progress|working|on|it|not|yet|started|ongoing|all|already|is|are|has|have"
    + r"|been|the|tasks?|everything|both|expected|by|due|now|almost|nearly|will|be|soon)"
    + _E
)

_STRIP_CHARS = " \t\n,;:.-–—•*+|/"

# ---- the status said before the cause: "vướng: chờ Sở", "đang làm 60%, dự kiến 15/4: còn 2 phường" -----

# where a head of status words ends: punctuation (not inside "15-4" or "8:30") or a word that gives the reason
_HEAD_END_RE = re.compile(
    r"(?<!\d)\s*[:\-–—,;]\s*|(?<=\d)\s*[:\-–—,;]\s*(?!\d)|\s*[:\-–—,;]?\s+(?:do|vi|boi\s+vi|la|because|due\s+to|since)\s+"
)
# words that only label what follows as the status or its cause ("đã gửi, chờ Sở" says a fact: kept)
_HEAD_WORDS_RE = re.compile(
    _B
    + r"(?:(?:bi|gap|dang|con|van)\s+)?(?:vuong(?:\s+mac)?|kho\s+khan|tro\s+ngai)|blocked|stuck|on\s+hold"
    + r"|(?:(?:chua|van\s+dang|dang|da)\s+)?(?:xong|hoan\s+thanh|hoan\s+tat|lam|thuc\s+hien|trien\s+khai)"
    + r"|in\s+progress|done|finished|completed|not\s+(?:yet\s+)?started|chua\s+bat\s+dau"
    + r"|tinh\s+trang|trang\s+thai|tien\s+do|ly\s+do|nguyen\s+nhan|ghi\s+chu|cu\s+the|status|reason|cause|note"
    + r"|(?:em|toi|xin|kinh)\s+bao\s+cao|bao\s+cao|du\s+kien|dk|a|vang|nhe|nha|progress"
    + _E
)

# ---- task numbers as people type them: "1,2 xong", "1. 2 xong", "1-2 xong" (full-width read by _clean) -----

# only where a task number stands (the start of a line or clause or after "và", maybe after "nhiệm vụ"), two numbers
# joined by a comma, a hyphen or a full stop and a space, not one of a longer run ("1,2,3")
_LOOSE_TASK_RE = re.compile(
    r"(?:^|(?<=[;\n|])|(?<=[^\d],)|(?<=\svà)|(?<=\sva))([ \t]*(?:(?:nhiệm vụ|nhiem vu|nv|mục|muc|việc|viec|task)[ \t]*)?)"
    r"([1-9]\d?)(?:[ \t]*[,\-–][ \t]*|\.[ \t]{1,2})([1-9]\d?)(?![\d.,/]|[ \t]*(?:[,\-–.][ \t]*\d|%))",
    re.IGNORECASE,
)
# what was counted ("2/3 khối lượng", "3/5 phường", "25 hồ sơ trên 30")
_COUNTED = (
    r"(?:viec|nhiem\s+vu|nv|hang\s+muc|noi\s+dung|khoi\s+luong|chi\s+tieu|ho\s+so|don\s+vi|phuong|xa|khu\s+pho"
    + r"|to\s+dan\s+pho|buoc|cong\s+viec|phan|tasks?|items?|buoi|lop|dot|hoi\s+nghi|cuoc|van\s+ban|vb|thu\s+tuc"
    + r"|tthc|can\s+bo|nguoi|ap|thon|co\s+quan|phong|ban|trang|muc)"
)
# a count's digits, thousands grouped by dots ("1.200")
_COUNT = r"\d{1,3}(?:\.\d{3})*"
# after these, "1,2" is a decimal and "1-2" a range: "1,2 tỷ", "1-2 ngày", "1,5 km"; and "3 phường" a count
_UNIT_AFTER_RE = re.compile(
    r"\s*(?:ty(?!\s+le)|trieu|nghin|ngan|tram|dong|d|vnd|usd|ngay|tuan|thang|nam|quy|gio|tieng|phut|lan|nguoi|ho|km|m|m2"
    + r"|hs|tthc|thu\s+tuc|van\s+ban|vb|don|luot|doanh\s+nghiep|dn|giay"
    + r"|ha|tan|kg|diem|phan\s*tram|cai|chiec|bo|trang|ban|cuon|ca|buoi|days?|weeks?|months?|years?|hours?|times?|"
    + _COUNTED + r")"
    + _E
)

# ---- partial completion: "xong 1 phần", "xong phần lớn", "đã xong 2/3", "half done" ---------------

_PARTIAL_RE = re.compile(
    _B
    + r"(?:(?:mot|1)\s+(?:phan(?!\s*tram)|nua)|(?:hon|qua|gan|non)\s+(?:mot\s+)?nua|nua\s+chung|phan\s+(?:lon|nhieu)"
    + r"|(?P<daso>da\s+so)|hau\s+het|co\s+ban|mot\s+so|(?:buoc|giai\s+doan|dot)\s+(?:\d+|mot|dau|i)"
    + r"|partly|partially|in\s+part|half|mostly|almost|nearly"
    # "xong phần dự thảo", "hoàn thành được bước khảo sát" (but "hoàn thành phần việc được giao" is all of it)
    # ("xong được mỗi phần khảo sát": only that part)
    + r"|(?:xong|hoan\s+thanh)(?:\s+duoc)?(?:\s+(?:moi|co|chi))?\s+(?:phan(?!\s*(?:tram|viec))|buoc|giai\s+doan|dot|khau)"
    # "đã gửi dự thảo": a draft sent is a step (but "đã gửi góp ý dự thảo" is the work)
    + r"|(?:xong|hoan\s+thanh|gui|nop|trinh)\s+(?:ban\s+)?du\s+thao|du\s+thao\s+(?:da\s+)?(?:xong|hoan\s+thanh))"
    + _E
)
# a count done is a part of the work: "3 phường xong", "xong 5 hồ sơ" (but "xong cả 3 phần", "rà soát 15 TTHC
# đã xong" is all of it)
_COUNTED_PART_RE = re.compile(
    r"^[\W_]*(?:(?:da|duoc|moi)\s+)?" + _COUNT + r"\s+" + _COUNTED + r"(?:\s+[a-z]+){0,2}?\s+(?:da\s+)?(?:xong|hoan\s+thanh)" + _E
    + r"|" + _B + r"(?:xong|hoan\s+thanh)(?:\s+duoc)?(?:\s+(?:moi|co|chi))?\s+" + _COUNT + r"\s+" + _COUNTED + _E + r"(?!\s*(?:/|tren|trong))"
)
# a step still to come beside a done one: "xong dự thảo, chưa ban hành", "đã ký, chưa gửi"
_STEP_NOT_YET_RE = re.compile(
    _B + r"(?:chua|khong|ko)\s+(?:duoc\s+)?(?:ban\s+hanh|phat\s+hanh|gui|nop|ky|duyet|phe\s+duyet|trinh|hoan\s+thien"
    + r"|cong\s+bo|cong\s+khai|dang\s+tai|trien\s+khai|dat\s+yeu\s+cau|nghiem\s+thu|ban\s+giao|quyet\s+toan)" + _E
    # "completed except the signature", "xong trừ phần ký"
    + r"|" + _B + r"(?:xong|hoan\s+thanh|done|completed?|finished)(?:\s+(?:het|ca|roi|r))*[\s,]+(?:tru|except|but\s+for|apart\s+from)" + _E
    # another part said not yet in a clause of its own: "phường Bến Nghé xong rồi, phường Đa Kao chưa"
    + r"|[,;.]\s*(?:[a-z0-9&-]+\s+){1,6}?(?:(?:thi|van|cung)\s+)*chua(?:\s+(?:a|anh|chi|em|nhe|nha|het))*\s*(?:[,.;!\n]|$)"
)
# work sent back to be redone: "Sở yêu cầu sửa lại", "phải bổ sung", "bị trả lại" ("đã sửa lại xong" is done)
_REWORK_RE = re.compile(
    _B + r"(?<!khong\s)(?<!ko\s)(?<!k\s)(?<!chua\s)(?:yeu\s+cau|phai|can|bat|de\s+nghi)\s+(?:[a-z]+\s+)?(?:sua|chinh\s+sua|bo\s+sung|lam\s+lai|hoan\s+thien\s+lai)" + _E
)
# ("phân nửa"; "nửa" right after the work measured: "xong được nửa chặng đường", but "còn 2 ngày nữa")
_HALF_RE = re.compile(
    _B + r"(?<!hon\s)(?<!qua\s)(?<!gan\s)(?:(?P<nua>(?:(?:mot|1|phan)\s+|(?<=xong\s)|(?<=duoc\s)|(?<=dc\s)|(?<=khoang\s))nua(?!\s+(?:thang|tuan|ngay|nam|gio|buoi)" + _E + r"))|half)" + _E
)
# "2/3", "3 trên 5", "25 hồ sơ trên 30", "18 trong số 20", "1.200/1.500" (never "2 hồ sơ trong 10 ngày")
_FRACTION_RE = re.compile(
    r"(?<![\d/.\-])(?P<part>" + _COUNT + r")(?P<unit>\s+" + _COUNTED + _E + r")?"
    + r"(?:\s*/\s*|\s+(?P<tren>tren(?:\s+tong(?:\s+so)?)?|of|phan|trong(?:\s+(?:tong\s+)?so)?)\s+)"
    + r"(?P<whole>" + _COUNT + r")(?![\d/\-]|\.\d|\s*(?:ngay|tuan|thang|nam|gio|phut|hom)" + _E + r")"
)
# before a fraction: the work measured ("đã xong 2/3", "được 3/5")
_FRACTION_LEAD_RE = re.compile(
    _B
    + r"(?:xong|hoan\s+thanh|hoan\s+tat|lam|thuc\s+hien|trien\s+khai|duoc|dat|khoang|hon|gan|done|completed|finished)"
    + r"(?:\s+(?:duoc|xong|dat|khoang|hon|gan|tren))*\s*$"
)
# a share in words: "ba phần tư", "hai phần ba"
_WORD_FRACTION_RE = re.compile(_B + r"(?P<part>mot|hai|ba)\s+(?P<phan>phan)\s+(?P<whole>hai|ba|tu|bon|nam)" + _E)
_FRACTION_COUNTED_RE = re.compile(r"\s*" + _COUNTED + _E)
# a share typed without what it counts is a plain fraction ("2/3", "4/5"); "xong 3/12" is as likely a date
_PLAIN_SHARE_MAX = 5
# work still to do, counted: "còn 2 lớp", "còn lại 5 phường" (what was done before it: "đã tập huấn 3 lớp")
_REMAINING_RE = re.compile(_B + r"con(?:\s+lai)?\s+(?P<left>" + _COUNT + r")\s+(?P<unit>" + _COUNTED + r")" + _E)

# ---- waiting: one's own office's next step, or somebody else ------------------------------------
# "chờ ký", "chờ lãnh đạo phê duyệt" is the normal course of the work; "chờ Sở hướng dẫn", "chờ Phòng
# Tài chính cấp kinh phí" waits on another agency or on something missing: a blocker.

# folded agency words that are also other words ("số", "cơ quan", "tính", "ban hành"): an agency only when
# typed with the agency's diacritics, or unaccented with a capital ("So Noi vu")
_AGENCY_WORDS = {"so": "sở", "bo": "bộ", "quan": "quận", "tinh": "tỉnh", "ban": "ban", "huyen": "huyện", "phong": "phòng"}
_AGENCY_RE = re.compile(
    _B
    + r"(?:(?P<word>so|bo|quan|tinh|huyen|phong|ban(?!\s+hanh))|cuc|chi\s+cuc|tong\s+cuc|kho\s+bac|trung\s+uong"
    + r"|thanh\s+pho|tp|cap\s+tren|nganh|trung\s+tam|cong\s+ty|nha\s+thau|doi\s+tac|ngan\s+hang"
    + r"|(?:don\s+vi|co\s+quan)\s+(?:khac|ban|lien\s+quan|phoi\s+hop|chuyen\s+mon)"
    + r"|cac\s+(?:don\s+vi|co\s+quan|phong|ban|so|nganh)|ubnd\s+(?:tinh|tp|thanh\s+pho|quan|huyen)"
    + r"|uy\s+ban(?:\s+nhan\s+dan)?\s+(?:tinh|thanh\s+pho|quan|huyen)"
    + r"|department|ministry|province|city|district|agency|another|other|partner|contractor|bank|treasury)"
    + _E
)
# "trưởng phòng", "anh Phong", "cơ quan", "ký số": the word is a title, a name or part of another word
_PERSON_BEFORE_RE = re.compile(_B + r"(?:anh|chi|ong|ba|em|truong|pho|chanh|co|ky)\s+$")
_MISSING_INPUT_RE = re.compile(
    _B
    + r"(?:huong\s+dan|kinh\s+phi|von|ngan\s+sach|so\s+lieu|du\s+lieu|thong\s+tin|tai\s+lieu|chi\s+dao|phan\s+hoi"
    + r"|tra\s+loi|gop\s+y|tham\s+dinh|phoi\s+hop|cung\s+cap|cap\s+phep|giai\s+ngan|phan\s+bo|bo\s+tri|mat\s+bang"
    + r"|thiet\s+bi|nhan\s+su|guidance|instructions?|funding|funds?|budget|data|input|feedback|reply|response"
    + r"|answer|permit)"
    + _E
)
# "chờ thêm 2 ngày", "đợi vài hôm": waiting for time to pass
# "đợi em xíu", "chờ mình một lát": the person asks for a moment, nobody else's doing
_WAIT_TIME_RE = re.compile(
    r"\s*(?:them\s+)?(?:\d{1,2}|mot|hai|ba|vai|it|may)\s+(?:ngay|hom|tuan|buoi|thang)" + _E + r"|\s*them(?:\s+(?:nua|chut|it))?\s*$"
    + r"|\s*(?:em|e|anh|a|chi|c|toi|minh|tui)\s+(?:(?:mot|1)\s+)?(?:xiu|chut|ti|ty|lat|teo)" + _E
)
_OWN_STEP_RE = re.compile(
    _B
    + r"(?:ky|duyet|phe\s+duyet|ban\s+hanh|phat\s+hanh|vao\s+so|xem\s+xet|thong\s+qua|hop|trinh|lanh\s+dao|thu\s+truong|chu\s+tich"
    + r"|ct|pct|giam\s+doc|sep|sign(?:ed|ature|ing)?|sign\s*-?\s*off|approv(?:al|e|ed)|review|boss|manager"
    + r"|director|chair(?:man|person)?|leader(?:ship)?)"
    + _E
)

# ---- more time asked for: "xin gia hạn 2.3 đến 31/12", "cho phường em lùi 1 tuần", "1.2 gia hạn thêm 2 tuần" ----
_EXTENSION_RE = re.compile(
    # "1.2 gia hạn thêm 2 tuần" asks; "1.2 gia hạn đến 30/4 rồi" says it was granted
    r"^[\W_]*(?:cho\s+)?(?:gia\s+han|lui\s+han|doi\s+han)" + _E + r"(?!.*" + _B + r"(?:roi|r)" + _E + r")"
    # "cho em thêm 2 ngày", never "chờ thêm 2 ngày" typed without diacritics
    # "kính đề nghị anh xem xét cho lùi thời hạn": a formal request may address someone first
    + r"|" + _B + r"(?:de\s+nghi|de\s+xuat|kien\s+nghi)\s+(?:[a-z]+\s+){0,5}?(?:gia\s+han|lui|doi\s+han|keo\s+dai)" + _E
    + r"|" + _B + r"(?:xin|de\s+nghi|de\s+xuat|kien\s+nghi|muon|nho|mong|phien|cho\s+(?:em|e|toi|minh|phuong|don\s+vi|chung\s+(?:em|toi)|bon\s+em))"
    + r"\s+(?:[a-z]+\s+){0,3}?"
    + r"(?:gia\s+han|gh|lui|doi\s+han|(?:doi|hoan)(?=\s+(?:lai\s+)?(?:den|sang|toi|qua|ngay|han|thoi\s+han)" + _E + r")|keo\s+dai|them\s+(?:thoi\s+gian|(?:\d{1,2}|it|vai|mot\s+it)\s+(?:ngay|hom|tuan|thang))"
    + r"|(?:hoan\s+thanh|nop|gui|bao\s+cao)\s+cham)" + _E
    + r"|" + _B + r"(?:(?:can|could|may)\s+(?:i|we)\s+(?:have|get)|ask(?:ing)?|request(?:ing)?|needs?|want)\s+(?:for\s+)?(?:an?\s+)?extension" + _E
    # "could we extend 3.6 to January?", "please extend the deadline"
    + r"|" + _B + r"(?:(?:can|could|may)\s+(?:i|we|you)|please|(?:want|like|need|ask(?:ing)?|request(?:ing)?)\s+to)\s+extend" + _E
    # "need more time", "can I have 2 more weeks", "more time needed", never "no more time needed"
    + r"|" + _B + r"(?:needs?|want|(?:can|could|may)\s+(?:i|we)\s+(?:have|get)|(?:ask(?:ing)?|request(?:ing)?)\s+for)"
    + r"\s+(?:(?:a\s+(?:bit|little|few)|\d{1,2}|one|two|some)\s+)?more\s+(?:time|days?|weeks?|months?)" + _E
    + r"|(?<!no\s)" + _B + r"more\s+time\s+(?:needed|please)" + _E
)

# an extension's length ("thêm 2 tuần", "lùi 10 ngày"): counted from the due date, which the words do not know
_EXTENSION_LENGTH_RE = re.compile(
    _B + r"(?:\d{1,2}|mot|hai|ba|bon|nam|sau|nua|it|vai)\s+(?:more\s+)?(?:ngay|hom|tuan|thang|days?|weeks?|months?)" + _E
)

# ---- the whole message: "tất cả đã xong", "cả 3 việc xong", "all done" --------------------------------

_ALL_RE = re.compile(
    _B
    + r"(?:tat\s+ca|toan\s+bo|ca\s+(?:\d+|hai|ba|bon|nam|sau|bay|tam|chin|muoi)(?:\s+(?:viec|nhiem\s+vu|nv|muc"
    + r"|noi\s+dung|cong\s+viec))?|(?:xong|hoan\s+thanh|hoan\s+tat)\s+ca|cac\s+(?:viec|nhiem\s+vu|nv|muc"
    + r"|noi\s+dung|cong\s+viec)|all|everything|both)"
    + _E
)
_ALL_FILLER_RE = re.compile(
    _B + r"(?:viec|nhiem\s+vu|nv|muc|noi\s+dung|cong\s+viec|tren|deu|ca|het|cac|tasks?|items?|of|them|duoc\s+giao|don\s+vi"
    + r"|ben\s+(?:em|minh|toi)|chung\s+(?:em|toi))" + _E
)

# after the exceptions, the words that lead back to the rest: "trừ 1.3 ra thì xong hết", "ngoài 1.3, còn lại xong"
# (each a word or a sign: linear)
_AFTER_EXCEPTION_RE = re.compile(r"(?:\s*(?:(?:ra|thi|con\s+lai)" + _E + r"|[,:;\-–]))*\s*")
# after the exceptions, words that only name the rest: "các việc khác xong hết", "còn lại xong"
_REST_FILLER_RE = re.compile(_B + r"(?:khac|con\s+lai|others?|rest|remaining)" + _E)
_EXCEPT_END_RE = re.compile(_B + r"(?:tru|ngoai\s+tru|ngoai|rieng|except|but|excluding)\s*:?\s*$")

# ---- slips: a word that cannot be Vietnamese, one keystroke from a status word, is read as it -----

_SLIP_TARGETS = ("xong", "hoan", "thanh", "dang", "lam", "thuc", "hien", "trien", "khai", "chua", "vuong", "duyet", "trinh")
# a denial or a status word typed with telex keys left in ("khoong", "chuaw", "kipj", "ddc", "trieenr"): read as
# it, whatever the syllable
_TELEX_DENIALS = ("khong", "chua", "chang", "kip", "duoc", "da", "nop", "gui", *_SLIP_TARGETS)
# chat shorthand for a denial ("chx xong", "kh làm kịp"): read as the word, lest "xong" stand alone ("KH" in
# capitals is a plan: "đã ban hành KH triển khai")
_SHORTHAND = {"chx": "chua", "Chx": "chua", "kh": "khong", "Kh": "khong"}
# a status word spelt as the South says it: «gởi» is «gửi» (never «gọi», to call)
_SPELLINGS = {"gởi": "gửi", "Gởi": "Gửi"}
# chat shorthand for a status as one word ("đlàm", "đth", "hthanh"), folded: read as the words meant
_STATUS_SHORTHAND = {
    "dlam": "đang làm", "dth": "đang thực hiện", "dtk": "đang triển khai", "hthanh": "hoàn thành", "dg": "đang",
}
# "đg" is "đang" before the verb it goes on ("đg làm"), never after a sum ("500 đg")
_GOING_BEFORE_RE = re.compile(r"\s+(?:lam|thuc|trien|xu|cho|doi|soan|tong|ra|hoan|trinh|ky|th|tk|xl)" + _E)
# "vg" is "vâng" (yes) as often as "vướng": it is "vướng" only first in a task's words, or after "đang", "bị", "còn",
# "vẫn", "gặp", and followed by what is stuck ("1.8 vg kinh phí"), never by a particle or a person ("vg ạ", "vg em …")
_VG_BLOCKED_RE = re.compile(
    r"(?:^|(?<=[,;:\-]\s)|(?<=[,;:\-])|(?<=dang\s)|(?<=\bbi\s)|(?<=\bcon\s)|(?<=\bvan\s)|(?<=\bgap\s))vg(?=\s+(?!(?:a|ak|ah|anh|chi|em|e|c|nhe|nha|roi|r|oi|sep)" + _E
    + r")[a-z])"
)
_TELEX_RE = re.compile(r"dd|aa|ee|oo|aw|ow|uw|w|[sfrxj](?=$)")
_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?"
)
_DIGITS_WITH_O_RE = re.compile(r"(?<![\w.,])\d[\doO]*(?=\s*%)")
_NOT_SLIPS = {"thank"}  # English words one keystroke from a status word
# words voice typing or a southern ear writes for a status word: "song rồi", "đã song", "chưa song" (xong); "hoàng
# thành" (hoàn thành); but "song song" (side by side) and "xong, song vẫn còn" (but) stay
_SOUND_ALIKE_RE = re.compile(
    r"(?<![a-z0-9])(?:(?:(?<=da\s)|(?<=chua\s)|(?<=lam\s))(?P<song>song)(?!\s+song)|(?P<song2>song)(?=\s+(?:roi|r|het)(?![a-z0-9]))"
    + r"|(?P<hoang>hoang)(?=\s+thanh(?![a-z0-9])))(?![a-z0-9])"
)
_SOUND_ALIKE_FORMS = {"song": ("song",), "song2": ("song",), "hoang": ("hoàng",)}


# ---- thanks and acknowledgements: "cảm ơn", "ok ạ", "dạ vâng", "đã nhận", "👍" (no report, nothing to ask) -----

_ACK_RE = re.compile(
    _B + r"(?:cam\s+on|cam\s+ong|thanks?(?:\s+you)?|tks|thx|ok|oke|okay|okie|oki|vang|da\s+nhan(?:\s+duoc)?"
    + r"|nhan\s+duoc|(?:da\s+)?ro(?:\s+roi)?|noted|received|got\s+it|roger)" + _E
)
_ACK_FILLER_RE = re.compile(
    _B + r"(?:da|a|ak|ah|nhe|nha|nhieu|rat|em|e|anh|chi|c|ban|bac|minh|roi|r|oi|so\s+much|very|much|you|lam|a)" + _E
)
_ACK_SIGNS = frozenset("👍🙏👌❤♥😊🙂☺👏💪🤝🌹💐")


def is_acknowledgement(text: str) -> bool:
    """Whether a text only thanks or acknowledges ("cảm ơn", "ok ạ", "dạ vâng", "đã nhận", "👍"): no report, and
    nothing to ask about (a number, a status word or anything else makes it no mere acknowledgement)."""
    text = _clean(text or "").strip()
    signs = [ch for ch in text if not ch.isalnum() and not ch.isspace() and ch not in ".,!~:)-\ufe0f\u200d"]
    folded = aligned_fold("".join(ch for ch in text if ch.isalnum() or ch.isspace()))
    if not re.search(r"[a-z0-9]", folded):
        return bool(signs) and all(ch in _ACK_SIGNS or unicodedata.category(ch) == "Sk" for ch in signs)
    if not _ACK_RE.search(folded) or any(ch not in _ACK_SIGNS for ch in signs):
        return False
    return not re.search(r"[a-z0-9]", _ACK_FILLER_RE.sub(" ", _ACK_RE.sub(" ", folded)))


def split_plan_ref(text: str) -> tuple[str, str]:
    """A plan named at the start of the words after a task number, and the rest: "KH 17 chờ Sở" → ("KH 17",
    "chờ Sở"); ("", text) when they start with none."""
    text = _clean(text)
    m = _PLAN_AFTER_RE.match(aligned_fold(text))
    if m is None:
        return "", text.strip()
    return text[m.start("plan") : m.end("plan")], text[m.end() :].strip(" \t:-–,")


@dataclass
class _Task:
    number: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    body: bool = False  # has words after its number (so a bare number before it may borrow them)
    plan: str = ""  # the plan named right after the number, as typed ("KH 17")
    group: int = 0  # items between ";", line breaks and full stops; commas and "và" only list within one
    excepted: bool = False  # named after "trừ" ("1.1, 1.2 xong trừ 1.3"): the words before are not its own


@dataclass
class _Budget:
    dateparser_calls: int = _DATEPARSER_BUDGET


def _clean(text: str) -> str:
    out: list[str] = []
    for ch in nfc(text):
        if "\uff01" <= ch <= "\uff5e":
            out.append(chr(ord(ch) - 0xFEE0))  # full-width forms ("１.２") typed with an Asian keyboard
        elif ch == "\u3000":
            out.append(" ")
        elif ch in "\r\n\u2028\u2029\x85":
            out.append("\n")
        elif ch in "\t\v\f":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
            # control chars, direction marks, zero-width joiners, lone surrogates: never meaningful here
            continue
        else:
            out.append(ch)
    return "".join(out)


# a task numbered under a Roman section as the plan prints it: "II.1" is task 2.1 once imported
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_ROMAN_TASK_RE = re.compile(r"(?<![\w.])(" + "|".join(sorted(_ROMAN, key=len, reverse=True)) + r")\.(?=\d)")
# a lower-case L typed for the one of a task number: "l.2 xong" is 1.2
_L_FOR_ONE_RE = re.compile(r"(?<![\w.])l\.(?=[1-9])")


# a task number said to a phone's voice typing: "một chấm hai" is 1.2 (first on its line or clause, or after
# "việc"/"nhiệm vụ": "em báo cáo việc một chấm hai đã xong")
_SPOKEN_DIGIT = r"(\d|mot|hai|ba|bon|nam|sau|bay|tam|chin)"
_SPOKEN_TASK_RE = re.compile(
    r"(?:(?:^|(?<=[\n;,:]))\s*|" + _B + r"(?:viec|nhiem\s+vu|nv|muc|con|oi)\s+)" + _SPOKEN_DIGIT + r"\s+(?P<cham>cham)\s+"
    + _SPOKEN_DIGIT + _E
)


def _spoken(digit: str) -> str:
    return digit if digit.isdigit() else str(_DIGIT_WORDS[digit])


def _loose_task_numbers(text: str) -> str:
    """The text with task numbers typed loosely ("1,2 xong", "1. 2 xong", "1-2 xong") written "1.2"."""

    def dotted(m: re.Match[str]) -> str:
        if _UNIT_AFTER_RE.match(aligned_fold(text[m.end() : m.end() + 16])):
            return m[0]
        return f"{m[1]}{m[2]}.{m[3]}"

    text = _L_FOR_ONE_RE.sub("1.", _ROMAN_TASK_RE.sub(lambda m: f"{_ROMAN[m[1]]}.", text))
    folded = aligned_fold(text)
    for m in reversed(list(_SPOKEN_TASK_RE.finditer(folded))):
        if word_ok(text[m.start("cham") : m.end("cham")], "chấm"):
            text = text[: m.start(1)] + f"{_spoken(m[1])}.{_spoken(m[3])}" + text[m.end() :]
    return _LOOSE_TASK_RE.sub(dotted, text)



def _task_ranges(text: str, plain_numbers: frozenset[str]) -> str:
    """The text with a range of one section's tasks ("từ 1.1 đến 1.5", "1.1-1.3") written as their list; in a
    plan numbered 1, 2, 3, "từ 2 đến 4" too."""
    folded = aligned_fold(text)
    found: list[tuple[int, int, str]] = []
    for m in _RANGE_RE.finditer(folded):
        first, end = int(m[2]), int(m[3])
        if 0 < end - first <= _RANGE_MAX and not _DATE_CUE_END_RE.search(folded[max(0, m.start() - _LOOKBACK) : m.start()]):
            found.append((m.start(), m.end(), ", ".join(f"{m[1]}{n}" for n in range(first, end + 1))))
    for m in _PLAIN_RANGE_RE.finditer(folded) if plain_numbers else ():
        first, end = int(m[2]), int(m[3])
        named = [str(n) for n in range(first, end + 1) if str(n) in plain_numbers]
        if 0 < end - first <= _RANGE_MAX and m[2] in plain_numbers and m[3] in plain_numbers:
            if not _UNIT_AFTER_RE.match(folded, m.end()) and not _overlaps(m.start(), m.end(), [f[:2] for f in found]):
                # "từ" goes with the range; "nhiệm vụ" stays, saying the numbers after it are tasks
                found.append((m.start() if m["tu"] else m.start(2), m.end(), ", ".join(named)))
    pieces: list[str] = []
    last = 0
    for start, end, listed in sorted(found):
        pieces += [text[last:start], listed]
        last = end
    return "".join(pieces) + text[last:]


def _asked_from(note: str, folded: str) -> int | None:
    """Where a question ending the words starts ("đã xong, anh xem giúp được không ạ?": at "anh"), or None."""
    m = _QUESTION_RE.search(folded) or _QUESTION_WORD_END_RE.search(note)
    if m is None:
        return None
    starts = [end.end() for end in _SENTENCE_END_RE.finditer(folded, 0, m.start())]
    return starts[-1] if starts else 0


# "> 50%", ">= 60%" on a line: more than a percent, not a quoted line
_MORE_THAN_RE = re.compile(r"\s*(?:>=?|≥)\s*\d{1,3}(?:[.,]\d{1,2})?\s*(?:%|ph[aầ]n\s*tr[aă]m|percent)", re.IGNORECASE)


def _unquote(text: str) -> tuple[str, str]:
    """The words typed and the lines quoted from the message answered ("> 1.2 Rà soát…, hạn 14/3"), apart."""
    typed: list[str] = []
    quoted: list[str] = []
    for line in text.split("\n"):
        marked = line.lstrip().startswith((">", "»")) and not _MORE_THAN_RE.match(line)
        (quoted if marked else typed).append(line)
    unmarked = "\n".join(line.lstrip(" >»") for line in quoted)
    if not "".join(typed).strip():
        return unmarked, ""  # nothing typed but marked lines: the marks were bullets (">> 1.3 xong")
    return "\n".join(typed), unmarked


def _blank(folded: str) -> bool:
    return not _BLANK_RE.sub("", folded)


def _task_number(m: re.Match[str]) -> str:
    return m[1] + (f".{m[2]}" if m[2] else "") + (f"#{m[3]}" if m[3] else "")


# after a decimal: what it measures ("giải ngân 2.5 tỷ", "đạt 8.5 điểm"), so it is no task number ("2.3 tỷ lệ đạt
# 85%" is: "tỷ lệ" is a rate)
_MEASURE_AFTER_RE = re.compile(
    r"\s*(?:ty(?!\s+le)|trieu|nghin|ngan|dong|vnd|usd|diem|km|m2|ha|tan|kg|lit|gio|tieng|phut|percent)" + _E
)


def _stands_as_task(folded: str, m: re.Match[str], since: int) -> bool:
    """Whether a number with a three-digit part ("2.100") stands where a task number does (first in its
    clause or after "nhiệm vụ"/"nv"/"mục"/"việc", no unit after it), not as thousands ("tiếp nhận 1.500 hồ sơ")."""
    if _MEASURE_AFTER_RE.match(folded, m.end()):
        return False  # "2.5 tỷ", "8.5 điểm": an amount
    if all(len(part) < 3 for part in m[1].split(".")):
        return True
    return _stands_first(folded, m, since)


# "3 trên 5 phường": a share, not task 3
_SHARE_AFTER_RE = re.compile(r"\s+(?:tren|trong(?:\s+(?:tong\s+)?so)?|of)\s+\d")


def _stands_first(folded: str, m: re.Match[str], since: int) -> bool:
    """Whether a number stands first in its clause or after "nhiệm vụ"/"nv"/"mục"/"việc", no unit after it."""
    before = folded[since : m.start()]
    where = _blank(before) or _TASK_CUE_END_RE.search(before) is not None
    return where and not _UNIT_AFTER_RE.match(folded, m.end()) and not _SHARE_AFTER_RE.match(folded, m.end())


def _cued_share(folded: str, m: re.Match[str], since: int) -> bool:
    """"nv 3 trên 5 xã đã xong": a number after "nhiệm vụ"/"nv" is the task, and also the share's first part."""
    return _TASK_CUE_END_RE.search(folded[since : m.start()]) is not None and bool(_SHARE_AFTER_RE.match(folded, m.end()))


def _split_tasks(text: str, folded: str, plain_numbers: frozenset[str]) -> tuple[list[_Task], list[tuple[int, int]]]:
    clauses: list[tuple[int, int, int]] = []
    start = group = 0
    for m in _CLAUSE_RE.finditer(folded):
        if m[0] == "va" and not word_ok(text[m.start() : m.end()], "và"):
            continue
        clauses.append((start, m.start(), group))
        start = m.end()
        if m[0] in ";\n|.":
            group += 1
    clauses.append((start, len(folded), group))

    tasks: list[_Task] = []
    lead: list[tuple[int, int]] = []
    previous_end = -1
    led_group: int | None = None  # the group whose list has its words first ("xong 1.1, 1.2 r")
    heading = ""  # the plan named before the numbers ("KH 17: 1.1 xong, 1.2 đang làm"), for those after it
    for c_start, c_end, c_group in clauses:
        clause_before_end, previous_end = previous_end, c_end
        named = _PLAN_HEADING_RE.fullmatch(folded, c_start, c_end)
        # "KH 17" on a clause of its own heads the tasks after it; after a task, only as a line of its own (else
        # it is that task's words: "7.8 đã xong, số văn bản: 156/KH-UBND")
        own_line = folded[c_start - 1 : c_start] in ("", "\n") and folded[c_end : c_end + 1] in ("", "\n")
        if named and (not tasks or (own_line and named["prefix"] is None)):
            heading = text[named.start("plan") : named.end("plan")]
            continue
        numbers: list[re.Match[str]] = []
        shared = False
        for m in _TASK_RE.finditer(folded, c_start, c_end):
            if _DATE_CUE_END_RE.search(folded[max(c_start, m.start() - _LOOKBACK) : m.start()]):
                continue
            if _stands_as_task(folded, m, numbers[-1].end() if numbers else c_start):
                numbers.append(m)
        if not numbers and plain_numbers:
            # "KH 5: 2 xong": the plan named first, then the task
            headed = _PLAN_HEADING_RE.match(folded, c_start, c_end)
            since = headed.end() if headed and headed["prefix"] is None else c_start
            numbers = [m for m in _PLAIN_TASK_RE.finditer(folded, since, c_end)
                       if m[1] in plain_numbers and (_stands_first(folded, m, since) or _cued_share(folded, m, since))][:1]
            shared = bool(numbers) and _cued_share(folded, numbers[0], since)
        if not numbers:
            if not _blank(folded[c_start:c_end]):
                spans = tasks[-1].spans if tasks else lead
                if spans and spans[-1][1] == clause_before_end:
                    # the clause right after: keep the punctuation between them in the note
                    spans[-1] = (spans[-1][0], c_end)
                else:
                    spans.append((c_start, c_end))
                if tasks:
                    tasks[-1].body = True
            continue
        before = folded[c_start : numbers[0].start()]
        if named := _PLAN_HEADING_RE.fullmatch(before):
            heading = text[c_start + named.start("plan") : c_start + named.end("plan")]
            before = ""
        clause_tasks = [_Task(_task_number(m), group=c_group, plan=heading) for m in numbers]
        if _EXCEPT_END_RE.search(before):
            if not tasks:  # "tất cả xong trừ 1.3": the words before the exceptions speak for the rest
                lead.append((c_start, numbers[0].start()))
        elif not _CUE_ONLY_RE.fullmatch(before):
            clause_tasks[0].spans.append((c_start, numbers[0].start()))
        if clause_tasks[0].spans:
            led_group = c_group
        elif led_group != c_group or (tasks and tasks[-1].body):
            led_group = None
        for i, m in enumerate(numbers):
            end = numbers[i + 1].start() if i + 1 < len(numbers) else c_end
            start = m.start() if shared else m.end()  # "3 trên 5 xã" keeps its 3
            if plan := _PLAN_AFTER_RE.match(folded, start, end):
                clause_tasks[i].plan = text[plan.start("plan") : plan.end("plan")]
                start = plan.end()
            if led_group == c_group and (i or not clause_tasks[0].spans) and _CLOSING_PARTICLES_RE.fullmatch(
                folded, start, end
            ):
                continue  # "xong 1.1 với 1.2 rồi", "xong 1.1, 1.2 r": the words before the list speak for it all
            if i + 1 < len(numbers) and (excepting := _EXCEPT_END_RE.search(folded, start, end)):
                end = excepting.start()
                clause_tasks[i + 1].excepted = True
            if not _blank(folded[start:end]):
                clause_tasks[i].spans.append((start, end))
                clause_tasks[i].body = True
        tasks.extend(clause_tasks)
    return tasks, lead


def _share_words(tasks: list[_Task], lead: list[tuple[int, int]], lead_has_status: bool) -> None:
    """Give bare numbers the words they stand with: "1.2, 1.3 xong", "xong 1.2, 1.3", "Đã xong: 1.2 1.3"."""
    if lead and lead_has_status:
        for task in tasks:
            if task.spans:
                break
            task.spans = list(lead)
    for before, task in pairwise(tasks):
        # "xong trừ 1.4 và 1.5", "trừ 1.4, 1.5 đang làm": the numbers listed after an exception are exceptions too
        task.excepted = task.excepted or (before.excepted and not before.spans and before.group == task.group)
    for i in range(len(tasks) - 2, -1, -1):
        here, after = tasks[i], tasks[i + 1]
        if not here.spans and after.spans and after.body and after.group == here.group and here.excepted == after.excepted:
            here.spans = list(after.spans)
            here.body = True
    for i, task in enumerate(tasks):
        if task.spans or task.excepted:
            continue
        earlier = [t for t in tasks[:i] if t.spans]
        same_group = [t for t in earlier if t.group == task.group]
        if same_group:
            task.spans = list(same_group[-1].spans)
        elif not earlier:
            task.spans = list(lead)
        # else: a bare number on its own line after other items says nothing; it stays unclear


def _merge(tasks: list[_Task]) -> list[_Task]:
    merged: dict[tuple[str, str], _Task] = {}
    for task in tasks:
        into = merged.setdefault((task.number, fold(task.plan)), _Task(task.number, plan=task.plan))
        if task.excepted and not into.excepted:
            # "9.1 tới 9.4 xong ngoại trừ 9.3": the exception takes back the words of the range it was in
            into.spans, into.excepted = [], True
        into.spans.extend(s for s in task.spans if s not in into.spans)
    return list(merged.values())


def _join(text: str, spans: list[tuple[int, int]]) -> str:
    pieces = (text[s:e].strip(_STRIP_CHARS) for s, e in spans)
    return re.sub(r"\s+", " ", " ".join(p for p in pieces if p)).strip()


def _is_syllable(word: str) -> bool:
    """Whether a folded word could be one Vietnamese syllable ("xonh", "thah", "xng" cannot)."""
    if not _SYLLABLE_RE.fullmatch(word):
        return False
    # "nh" and "ch" close only a, e, i, y ("anh", "ich"): "onh", "uch" are no rhymes
    return not (word.endswith(("nh", "ch")) and word[-3:-2] not in ("a", "e", "i", "y"))


def _one_slip(typed: str, word: str) -> bool:
    """One letter missing, extra or wrong, or two neighbours swapped."""
    if len(typed) == len(word):
        diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == word[diff[1]]
            and typed[diff[1]] == word[diff[0]]
        )
    short, long = sorted((typed, word), key=len)
    return len(long) - len(short) == 1 and any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _read_sound_alikes(note: str) -> str:
    """The note with a status word heard as another written as meant ("song rồi" → "xong rồi")."""
    pieces: list[str] = []
    last = 0
    for m in _SOUND_ALIKE_RE.finditer(aligned_fold(note)):
        kind = m.lastgroup or ""
        if word_ok(note[m.start() : m.end()], *_SOUND_ALIKE_FORMS[kind]):
            pieces += [note[last : m.start()], "hoan" if kind == "hoang" else "xong"]
            last = m.end()
    return "".join(pieces) + note[last:]


def _read_slips(note: str) -> str:
    """The note as meant where a slip is unambiguous ("xog" → "xong", "6O%" → "60%"); other words as typed."""
    note = _DIGITS_WITH_O_RE.sub(lambda m: m[0].replace("o", "0").replace("O", "0"), note)
    note = _read_sound_alikes(note)
    folded = aligned_fold(note)
    pieces: list[str] = []
    last = 0
    for m in re.finditer(r"(?<![a-z0-9])[a-z]{2,}(?![a-z0-9])", folded):
        word = m[0]
        untyped = _TELEX_RE.sub(lambda k: k[0][0] if len(k[0]) == 2 else "", word)
        held = re.sub(r"([a-z])\1+", r"\1", word)  # a key held down: "xongggg"
        if (typed := note[m.start() : m.end()]) in _SPELLINGS:
            pieces += [note[last : m.start()], _SPELLINGS[typed]]
            last = m.end()
            continue
        if typed in _SHORTHAND and not re.match(r"\s*\d", note[m.end() : m.end() + 2]):
            pieces += [note[last : m.start()], _SHORTHAND[typed]]
            last = m.end()
            continue
        if word == "dg" and not _GOING_BEFORE_RE.match(folded, m.end()):
            continue  # "500 đg": đồng, not đang
        if word in _STATUS_SHORTHAND or (word == "vg" and _VG_BLOCKED_RE.match(folded, m.start())):
            pieces += [note[last : m.start()], _STATUS_SHORTHAND.get(word, "vướng")]
            last = m.end()
            continue
        # («daj» is «dạ», yes: only the ngã key makes «đã»)
        if untyped != word and untyped in _TELEX_DENIALS and note[m.start() : m.end()].isascii() and (
            untyped != "da" or word.endswith("x")
        ):
            pieces += [note[last : m.start()], untyped]
            last = m.end()
            continue
        if held != word and held in _SLIP_TARGETS:
            pieces += [note[last : m.start()], held]
            last = m.end()
            continue
        if word in _SLIP_TARGETS or word in _NOT_SLIPS or _is_syllable(word):
            continue
        meant = [target for target in _SLIP_TARGETS if _one_slip(word, target)]
        if len(meant) == 1:
            pieces += [note[last : m.start()], meant[0]]
            last = m.end()
    return "".join(pieces) + note[last:]


def _read_share(note: str, folded: str, today: date) -> tuple[int | None, list[tuple[int, int]], bool]:
    """A share of the work as a percent ("đã xong 2/3" 67, "3 trên 5 phường" 60, "một nửa" 50), its spans, and
    whether a bare share after "xong" may as well be a recent date ("xong 3/12" said on 7/12: asked about; "xong
    2/3" on 10/3 is two thirds)."""
    percent: int | None = None
    spans: list[tuple[int, int]] = []
    ambiguous = False
    for m in _FRACTION_RE.finditer(folded):
        part, whole = (int(m[name].replace(".", "")) for name in ("part", "whole"))
        if whole < 2 or part > whole:
            continue
        before = folded[max(0, m.start() - _LOOKBACK) : m.start()]
        if _DATE_CUE_END_RE.search(before):
            continue  # "trước 2/3", "ngày 2/3": a date
        led = _FRACTION_LEAD_RE.search(before) and part < whole
        counted = m["tren"] or m["unit"] or _FRACTION_COUNTED_RE.match(folded, m.end())
        if led and not counted and whole > _PLAIN_SHARE_MAX and _recent_day(part, whole, today):
            ambiguous = True
        if counted or led:
            spans.append(m.span())
            if percent is None:
                percent = round(100 * part / whole)
    for m in _REMAINING_RE.finditer(folded):
        # "đã tập huấn 3 lớp, còn 2 lớp": 60 %; "còn 2 phường chưa nộp" alone says only that work is left
        unit = re.sub(r"\s+", " ", m["unit"])
        done = [int(d[1].replace(".", "")) for d in re.finditer(r"(" + _COUNT + r")\s+" + re.escape(unit) + _E, folded[: m.start()])]
        left = int(m["left"].replace(".", ""))
        if done and percent is None and done[-1] + left > 0:
            percent = round(100 * done[-1] / (done[-1] + left))
    for m in _WORD_FRACTION_RE.finditer(folded):
        part, whole = _DIGIT_WORDS[m["part"]], _DIGIT_WORDS[m["whole"]]
        if part < whole and word_ok(note[m.start("phan") : m.end("phan")], "phần"):
            spans.append(m.span())
            if percent is None:
                percent = round(100 * part / whole)
    for m in _HALF_RE.finditer(folded):
        if m["nua"] and not word_ok(note[m.end() - 3 : m.end()], "nửa"):
            continue  # "một nữa" is "one more"
        spans.append(m.span())
        if percent is None:
            percent = 50
    return percent, spans, ambiguous


def _recent_day(day: int, month: int, today: date) -> bool:
    """Whether day/month is a date of the last month up to today ("3/12" on 7/12)."""
    try:
        value = date(today.year if month <= today.month else today.year - 1, month, day)
    except ValueError:
        return False
    return 0 <= (today - value).days <= 31


def _awaits_own_step(note: str, folded: str, end: int) -> bool:
    """Whether what a "chờ"/"waiting for" at `end` awaits is one's own office's next step, not another agency."""
    stop = _PHRASE_END_RE.search(folded, end)
    awaited = folded[end : stop.start() if stop else len(folded)]
    if _WAIT_TIME_RE.match(awaited):
        return True  # "chờ thêm 2 ngày": time, nobody else's doing
    for m in _AGENCY_RE.finditer(awaited):
        if m["word"] is None:
            return False
        typed = note[end + m.start() : end + m.end()]
        exact = typed.lower() == _AGENCY_WORDS[m["word"]] or (typed.isascii() and typed[0].isupper())
        if exact and not _PERSON_BEFORE_RE.search(awaited[: m.start()]):
            return False
    if _MISSING_INPUT_RE.search(awaited):
        return False
    return bool(_OWN_STEP_RE.search(awaited))


# the words "khó" (hard) goes on with before "xong": "khó mà xong", "khó có thể hoàn thành", "khó lòng"
_HARD_LINKS = {"ma", "co", "the", "long", "de", "qua", "lam", "duoc", "dc"}
_WORD_AFTER_RE = re.compile(r"\s+([a-z0-9]+)")


def _words_before(note: str, folded: str, pos: int, count: int = 3) -> list[str]:
    """The last three (`count`) words of the phrase before `pos`, as meant: a modifier typed with other diacritics
    is another word and left out ("Đảng" is not "đang"), and "mai" after a title is a name ("chị Mai")."""
    start = max(0, pos - _LOOKBACK)
    window = folded[start:pos]
    cut = max(window.rfind(ch) for ch in ",;.:!?()\n") + 1
    words: list[str] = []
    for m in re.finditer(r"[a-z0-9]+", window[cut:]):
        at = start + cut + m.start()
        if not word_ok(note[at : at + len(m[0])], *_MODIFIER_FORMS.get(m[0], ())) and m[0] in _MODIFIER_FORMS:
            continue
        if m[0] == "mai" and not _is_tomorrow(note, folded, at):
            continue
        if m[0] == "kh" and re.match(r"\s*\d", folded[at + 2 : at + 4]):
            continue  # "KH 17": a plan, not "không"
        if m[0] == "kho" and (after := _WORD_AFTER_RE.match(folded, at + 3, pos)) and after[1] not in _HARD_LINKS:
            continue  # "Kho bạc hoàn thành", "kho lưu trữ": a store, not "khó"
        words.append(m[0])
    return words[-count:]


_IF_RE = re.compile(_B + r"(?:neu|if)" + _E)


def _done_is_conditional(note: str, folded: str, start: int, end: int) -> bool:
    """Whether a "xong" is said as a condition or a guess: "xong thì em báo", "khi xong", "chắc xong rồi"."""
    if _DONE_CONDITION_AFTER_RE.match(folded, end):
        return True
    limit = min(len(folded), end + _LOOKBACK)  # a window, lest a long message without stops read in quadratic time
    stop = _PHRASE_END_RE.search(folded, end, limit)
    if any(word_ok(note[m.start() : m.end()], "nếu", "if") for m in _IF_RE.finditer(folded, end, stop.start() if stop else limit)):
        return True  # "đã xong lâu rồi nếu Sở chịu duyệt": it would have been, it is not
    words = _words_before(note, folded, start)
    pairs = {f"{a} {b}" for a, b in pairwise(words)}
    if "chac" in words and ("chac chan" in pairs or folded.startswith("chan", start)):
        words.remove("chac")  # "chắc chắn xong": surely
    unsaid = _DONE_CONDITIONS | _DONE_HEDGES
    phrase = folded[: start].rsplit("\n", 1)[-1]
    cut = max(phrase.rfind(ch) for ch in ",;.:!?()")
    if _INSTRUCTION_LEAD_RE.match(phrase[cut + 1 :]):
        return True
    return bool(unsaid.intersection(words) or unsaid.intersection(pairs))


_SOON_FORMS = {"ngay": ("ngay",), "som": ("sớm",), "lien": ("liền",), "nhanh": ("nhanh",), "soon": (), "shortly": ()}


def _done_is_promised(note: str, folded: str, start: int, end: int) -> bool:
    """Whether a "xong" at start..end is promised soon: "xong ngay thôi", "xong sớm thôi" ("ngày 5/3" is a date)."""
    if _surely_to_come(_words_before(note, folded, start), folded, end):
        return True
    soon = _SOON_AFTER_RE.match(folded, end)
    if soon is None or not word_ok(note[soon.start("soon") : soon.end("soon")], *_SOON_FORMS[soon["soon"]]):
        return False
    return "da" not in _words_before(note, folded, start)


_PAST_AFTER_RE = re.compile(r"\s+(?:roi|r)" + _E)


def _surely_to_come(words: list[str], folded: str, end: int) -> bool:
    """Whether "chắc chắn" before a "xong" promises it ("chắc chắn hoàn thành 100%"), not "chắc chắn xong rồi"."""
    return any(a == "chac" and b == "chan" for a, b in pairwise(words)) and "da" not in words and not _PAST_AFTER_RE.match(folded, end)


# "còn chút xíu nữa là xong", "còn ký nữa thì xong": what is left, then done
_LEFT_THEN_DONE_RE = re.compile(_B + r"con(?:\s+[a-z0-9]+){0,5}\s+(?:la|thi)\s*$")


def _done_is_modified(note: str, folded: str, pos: int) -> bool:
    phrase = folded[max(0, pos - _LOOKBACK) : pos]
    if _LEFT_THEN_DONE_RE.search(phrase[max(phrase.rfind(ch) for ch in ",;.:!?()\n") + 1 :]):
        return True
    words = _words_before(note, folded, pos)
    pairs = {f"{a} {b}" for a, b in pairwise(words)}
    if "da" not in words and (_FUTURE_TIMES.intersection(words) or _FUTURE_TIMES.intersection(pairs)):
        return True
    return bool(_DONE_MODIFIERS.intersection(words) or _DONE_MODIFIERS.intersection(pairs))


def _unsaid_spans(note: str, folded: str) -> list[tuple[int, int]]:
    """The words after "sáng em báo", "báo nhầm là", "chứ không phải" up to the phrase's end: a status said before,
    wrongly, or denied, not the one said now ("5.2 đã xong (sáng em báo đang làm)")."""
    spans = []
    for m in _UNSAID_RE.finditer(folded):
        if m["sang"] and not word_ok(note[m.start("sang") : m.end("sang")], "sáng"):
            continue  # "chuyển sang báo cáo": over to, not this morning
        end = _UNSAID_END_RE.search(folded, m.end(), m.end() + _LOOKBACK)
        spans.append((m.end(), end.start() if end else min(len(folded), m.end() + _LOOKBACK)))
    return spans


def _blanked(folded: str, spans: list[tuple[int, int]]) -> str:
    chars = list(folded)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def _read_percent(note: str, folded: str) -> tuple[int | None, list[tuple[int, int]], bool]:
    """The first percent in 0..100 (an impossible one such as 150% is no reading), the spans read, and whether a
    100 % was only near, hoped for or denied ("gần 100%", "phấn đấu đạt 100%", "chưa đạt 100%": not done)."""
    found = [(m.span(), _below_whole(float(m[1].replace(",", ".")))) for m in _PERCENT_RE.finditer(folded)]
    found += [(m.span(), _words_value(m)) for m in _PERCENT_WORDS_RE.finditer(folded)]
    if not found:
        found = [(m.span(1), int(m[1])) for m in _BARE_PERCENT_RE.finditer(folded)]
    found.sort()
    unsure = False
    percent = None
    for (start, _), value in found:
        if value > 100:
            continue
        if value == 100 and _percent_is_modified(note, folded, start):
            unsure = True
            continue
        percent = value
        break
    return percent, [span for span, _ in found], unsure


def _below_whole(value: float) -> int:
    """A percent as a whole number, never rounded up to the whole: 99,9 % is 99, not done."""
    return round(value) if value >= 100 or value < 99.5 else 99


def _percent_is_modified(note: str, folded: str, pos: int) -> bool:
    """Whether the words before a percent make it near, hoped for or denied ("gần 100%", "chưa đạt 100%")."""
    words = _words_before(note, folded, pos, count=6)
    while words and words[-1] in _PERCENT_VERBS:
        words.pop()  # "dự kiến hoàn thành 100%": what is said of the verb is said of its percent
    words = words[-3:]
    if _surely_to_come(words, folded, pos):
        return True  # "chắc chắn đạt 100%": surely will
    pairs = {f"{a} {b}" for a, b in pairwise(words)}
    modifiers = _DONE_MODIFIERS | _PERCENT_AIMS
    return bool(modifiers.intersection(words) or modifiers.intersection(pairs) or _FUTURE_TIMES.intersection(words))


def _words_value(m: re.Match[str]) -> int:
    """The number a percent in words says ("bảy mươi lăm" 75)."""
    if m["hundred"]:
        return 100
    if m["one"]:
        return _DIGIT_WORDS[m["one"]]
    tens = 1 if m["ten"] else int(m["tens"]) if m["tens"].isdigit() else _DIGIT_WORDS[m["tens"]]
    return 10 * tens + (_DIGIT_WORDS[m["unit"]] if m["unit"] else 0)


def _read_status(note: str, folded: str) -> tuple[set[str], list[tuple[int, int]]]:
    """Which status cues the words carry, and the spans that are plain status words (not a reason)."""
    flags: set[str] = set()
    plain: list[tuple[int, int]] = []
    # "cho" typed bare among accented words is the preposition, not "chờ"
    plain_typed = all(ch.isascii() or not ch.isalpha() for ch in note)
    for m in _DONE_RE.finditer(folded):
        if m.start("da") >= 0 and not word_ok(note[m.start("da") : m.end("da")], "đã"):
            continue
        if m.start("lam") >= 0 and not word_ok(note[m.start("lam") : m.end("lam")], "làm"):
            continue  # "khó lắm rồi" is no "làm rồi"
        if (after := _WORD_AFTER_RE.match(folded, m.end())) and note[after.start(1) : after.end(1)].lower() == "đời":
            continue  # "xong đời": done for, a disaster
        if _done_is_conditional(note, folded, m.start(), m.end()):
            continue  # "khi nào xong thì em báo": no status said
        denied = _DONE_DENIED_AFTER_RE.match(folded, m.end())
        if denied and all(
            denied[word] is None or word_ok(note[denied.start(word) : denied.end(word)], form)
            for word, form in (("dau", "đâu"), ("la", "lạ"), ("mo", "mơ"))
        ):
            flags.add("in_progress")
            continue
        promised = _done_is_promised(note, folded, m.start(), m.end())
        flags.add("in_progress" if promised or _done_is_modified(note, folded, m.start()) else "done")
    for m in _IN_PROGRESS_RE.finditer(folded):
        if m.start("dang") >= 0 and not word_ok(note[m.start("dang") : m.end("dang")], "đang"):
            continue
        if m.start("da") >= 0 and not word_ok(note[m.start("da") : m.end("da")], "đã"):
            continue
        flags.add("in_progress")
    for m in _BLOCKED_RE.finditer(folded):
        if m.start("tam") >= 0 and not word_ok(note[m.start("tam") : m.end("tam")], "tạm"):
            continue  # "quyết tâm hoàn thành" is no "tạm hoãn"
        if any(m.start(kho) >= 0 and not word_ok(note[m.start(kho) : m.end(kho)], "khó") for kho in ("kho", "gapkho")):
            continue
        before = folded[max(0, m.start() - _LOOKBACK) : m.start()]
        if m.start("neg") >= 0:
            if not word_ok(note[m.start() : m.start() + 5], "vướng") and folded.startswith("vuong", m.start()):
                continue
            negation = _BLOCKED_NEGATION_RE.search(before)
            if negation:
                plain.append((m.start() - len(before) + negation.start(), m.end()))
                continue
        if m.start("wait") >= 0:
            word = note[m.start() : m.end()]
            exact = "chờ" if m["wait"] == "cho" else "đợi"
            if word.lower() != exact and not (plain_typed and _WAIT_LEAD_RE.search(before)):
                continue
        if (m.start("wait") >= 0 or m.start("await") >= 0) and _awaits_own_step(note, folded, m.end()):
            flags.add("in_progress")
            continue
        flags.add("blocked")
    if _NOT_STARTED_RE.search(folded):
        flags.add("not_started")
    partial = any(
        # "đã số hóa" folds as "đa số" (most of it) does
        m["daso"] is None or word_ok(note[m.start() : m.end()], "đa số")
        for m in _PARTIAL_RE.finditer(folded)
    )
    counted = _COUNTED_PART_RE.search(folded)
    if "done" in flags and (partial or counted or _STEP_NOT_YET_RE.search(folded) or _REWORK_RE.search(folded)):
        flags.add("in_progress")  # "xong 1 phần", "xong phần lớn", "xong dự thảo, chưa ban hành": part of it is done
    return flags, plain


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _read_eta(
    note: str,
    folded: str,
    *,
    not_dates: list[tuple[int, int]],
    now: datetime,
    tz: ZoneInfo,
    today: date,
    budget: _Budget,
) -> tuple[date | None, list[tuple[int, int]]]:
    """The finish date the words expect and the spans read (a deadline's date among them, never the finish)."""
    deadlines: list[tuple[int, int]] = []
    spans = [(span.start, span.end, span.value, span.kind) for span in find_dates(note, now=now, tz=tz)]
    spans += [(m.start(), m.end(), today + timedelta(days=1), "relative") for m in _tomorrow(note, folded, spans)]
    for start, end, value, kind in sorted(spans):
        if _overlaps(start, end, not_dates):
            continue
        if _is_deadline(folded, start, end):
            deadlines.append((start, end))  # "hạn 31/3", "không kịp hạn 15/12": the plan's date
            continue
        before = folded[max(0, start - _LOOKBACK) : start]
        if _PAST_CUE_END_RE.search(before):
            continue  # "nộp hôm thứ 2", "xong từ thứ 2": when it happened
        if _WORK_OF_END_RE.search(before):
            continue  # "các nhiệm vụ tháng 12", "báo cáo quý IV": the period the work is of
        if kind == "relative" and _THIS_PERIOD_RE.search(folded, start, end) and _DONE_BY_NOW_RE.match(folded, end):
            continue  # "xong tuần này rồi", "gửi hôm nay rồi": when it was done, not when it will be
        cued = _ETA_CUE_BEFORE_RE.search(before)
        if not cued and kind != "relative" and _rolled_over(value, today) and _happened_before(note, folded, start, end):
            continue  # "đã gửi báo cáo ngày 12/3": when it happened, whichever year the bare date would fall in
        # an unannounced past date is when something happened ("đã gửi ngày 05/3"), not an ETA
        if kind == "relative" or cued or value >= today:
            return value, [*deadlines, (start, end)]
    for m in _STRONG_ETA_CUE_RE.finditer(folded):
        if budget.dateparser_calls <= 0:
            break
        end_m = _PHRASE_END_RE.search(folded, m.end())
        end = min(end_m.start() if end_m else len(folded), m.end() + 40)
        lead = _ETA_PHRASE_LEAD_RE.match(folded, m.end(), end)
        start = lead.end() if lead else m.end()
        phrase = note[start:end].strip()
        if not phrase or _overlaps(start, end, not_dates + deadlines) or _is_deadline(folded, start, end):
            continue
        budget.dateparser_calls -= 1
        value = parse_typed_date(phrase, now=now, tz=tz)
        if value is not None:
            return value, [*deadlines, (m.start(), end)]
    return None, deadlines


# a time of the current day or week ("hôm nay", "sáng nay", "tuần này")
_THIS_PERIOD_RE = re.compile(_B + r"nay\s*$")
# after it, a thing said done by now: "tuần này rồi", "hôm nay xong rồi", "sáng nay đã nộp rồi"
_DONE_BY_NOW_RE = re.compile(r"(?:\s+[a-z]+){0,2}?\s+(?:roi|r)" + _E)
_PHRASE_START_RE = re.compile(r"[,;:!?()\n]|\.(?=\s|$)")
_DA_RE = re.compile(_B + r"da" + _E)
_ON_DAY_END_RE = re.compile(_B + r"ngay\s*$")
# after a date, what is to be done on it: "ngày 20/12 xong", "ngày 20/12 sẽ nộp"
_TO_BE_DONE_AFTER_RE = re.compile(
    r"\s*(?:(?:se|moi|thi|la|phai)\s+)*(?:xong|hoan\s+thanh|hoan\s+tat|nop|gui|ban\s+hanh|ky|trinh|bao\s+cao)" + _E
)


# a day ahead said after «đã … ngày» may be the day of what the deed was for («đã gửi giấy mời họp ngày 20/12»);
# one further ahead than this is last year's day and month («đã tổ chức ngày 04/12» said in March)
_PAST_DAY_AHEAD = timedelta(days=60)


def _rolled_over(value: date, today: date) -> bool:
    """Whether a day and month read ahead are as likely the ones of the year before ("12/3" on 07/12)."""
    return value > today + _PAST_DAY_AHEAD and value - timedelta(days=366) <= today


def _happened_before(note: str, folded: str, start: int, end: int) -> bool:
    """Whether a date at start..end is the day a thing was done: "ngày 12/3" after "đã" in its phrase ("đã gửi báo
    cáo ngày 12/3 cho Sở"), not a day something is still to be done on ("đã thống nhất ngày 20/12 xong")."""
    if not _ON_DAY_END_RE.search(folded, max(0, start - 8), start) or _TO_BE_DONE_AFTER_RE.match(folded, end):
        return False
    since = max(0, start - _LOOKBACK)
    since = max((m.end() for m in _PHRASE_START_RE.finditer(folded, since, start)), default=since)
    return any(word_ok(note[m.start() : m.end()], "đã") for m in _DA_RE.finditer(folded, since, start))


def _tomorrow(note: str, folded: str, spans: list[tuple[int, int, date, str]]) -> list[re.Match[str]]:
    """"mai" alone said as a time ("1.2 mai xong"), not a person's name ("chị Mai") nor part of a longer time."""
    return [
        m for m in _TOMORROW_RE.finditer(folded)
        if _is_tomorrow(note, folded, m.start())
        and not _overlaps(m.start(), m.end(), [(start, end) for start, end, *_ in spans])
    ]


def _is_tomorrow(note: str, folded: str, at: int) -> bool:
    """Whether the "mai" at `at` is tomorrow, not a name ("chị Mai", "Mai ơi", "phường Mai Dịch")."""
    if not _TOMORROW_RE.match(folded, at) or not word_ok(note[at : at + 3], "mai"):
        return False
    goes_on = _NAME_GOES_ON_RE.match(note, at + 3)
    if note[at] == "M" and goes_on and goes_on[1].isupper():
        return False
    return not _NAME_TITLE_END_RE.search(folded, 0, at)


def _is_deadline(folded: str, start: int, end: int) -> bool:
    """Whether the date read at start..end is said as the deadline ("hạn 31/3"), not as when it will be done."""
    before = folded[max(0, start - _LOOKBACK) : start]
    if _MISSED_DEADLINE_RE.search(before) or _REQUIRED_BY_RE.search(before):
        return True
    if _DEADLINE_BEFORE_RE.search(before):
        return not _KEPT_AFTER_RE.match(folded, end)  # "hạn 31/3 chắc kịp": it will be done by then
    return bool(_DEADLINE_AT_RE.match(folded, start)) and not _BY_WORD_RE.search(before)


def _residue_empty(folded: str, spans: list[tuple[int, int]], *also: re.Pattern[str]) -> bool:
    chars = list(folded)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    rest = "".join(chars)
    for words in (*also, _PLAIN_RE):
        rest = words.sub(" ", rest)
    return not re.search(r"[a-z0-9]", rest)


def _without_head(note: str, folded: str, said: list[tuple[int, int]]) -> str:
    """The note without the status said before its cause: "vướng: chờ Sở" → "chờ Sở" (the status and the
    percent are stored apart). `folded` and `said` are of the note as read (slips mended: "xog" is "xong");
    mending changes letters, never punctuation, so the n-th head end of the reading is the note's n-th."""
    cut = 0
    for n, end in enumerate(_HEAD_END_RE.finditer(folded), start=1):
        head = list(folded[: end.start()])
        for s, e in said:
            head[s:e] = " " * (len(head[s:e]))
        if re.search(r"[a-z0-9]", _HEAD_WORDS_RE.sub(" ", "".join(head))):
            break
        cut = n
    if cut == 0:
        return note
    ends = list(_HEAD_END_RE.finditer(aligned_fold(note)))
    rest = note[ends[cut - 1].end() :].strip(_STRIP_CHARS) if len(ends) >= cut else ""
    return rest or note


def cause_of(note: str) -> str:
    """A note typed after a status button, without the status said again before its cause ("vướng: chờ Sở")."""
    text = _clean(note).strip()
    return _without_head(text, aligned_fold(_read_slips(text)), []) if text else text


# the tasks of a month or a year: "các việc tháng 5", "tất cả nhiệm vụ tháng này", "toàn bộ nhiệm vụ năm 2026"
_WORK_PERIOD_RE = re.compile(
    _B + r"(?:viec|nhiem\s+vu|nv|cong\s+viec)(?:\s+(?:cua|trong))?\s+(?P<when>thang\s+(?:(?P<month>1[0-2]|0?[1-9])"
    + r"(?:\s*(?:nam\s+|/)(?P<year>20\d\d))?|(?P<this_month>nay)|(?P<last_month>truoc))|nam\s+(?:(?P<whole_year>20\d\d)|(?P<this_year>nay)))"
    + _E
)


def _period(m: re.Match[str], today: date) -> tuple[date, date]:
    """The days a "tháng 5", "tháng này", "năm 2026" of work covers; a month named without a year is the latest
    one up to this month (work said done is behind, not ahead)."""
    if m["whole_year"] or m["this_year"]:
        year = int(m["whole_year"] or today.year)
        return date(year, 1, 1), date(year, 12, 31)
    if m["month"]:
        month = int(m["month"])
        year = int(m["year"]) if m["year"] else today.year if month <= today.month else today.year - 1
    else:
        year, month = (today.year, today.month) if m["this_month"] else (
            (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        )
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _report(
    task: str | None,
    note: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    today: date,
    budget: _Budget,
    every: bool = False,
    rest: bool = False,
) -> ParsedReport:
    """One report from its words; `every` when they name no task and may speak for every task ("tất cả xong"),
    `rest` when they follow exceptions and speak for the other tasks without saying "all" ("trừ 1.3 ra thì xong hết")."""
    reading = _read_slips(note)
    folded = whole = aligned_fold(reading)
    asked = _asked_from(reading, folded)
    if asked is not None:
        # a question says no status ("1.3 xong chưa ạ?"); the words before it may ("đã xong, được không ạ?")
        reading, folded = reading[:asked], folded[:asked]
    # a question among other sentences says no status either ("1.2 completed? not yet"), nor a status said of
    # before or denied ("sáng em báo đang làm", "chứ không phải đang làm")
    folded = _blanked(folded, [m.span() for m in _ASKED_SENTENCE_RE.finditer(folded)] + _unsaid_spans(reading, folded))
    percent, percent_spans, unsure = _read_percent(reading, folded)
    share, share_spans, ambiguous = _read_share(reading, folded, today)
    if ambiguous and percent is None:
        # "xong 3/12" on 7/12: three of twelve, or done on 3 December; the bot asks
        return ParsedReport(task=task, status="unclear", percent=None, eta=None, note=note)
    if percent is None:
        percent = share
    flags, plain_spans = _read_status(reading, folded)
    if _REMAINING_RE.search(folded) or unsure:
        flags.add("in_progress")  # "còn 2 lớp": work is left; "gần 100%": not yet
    # a share of the work ("2/3") and a cited document's number and date are no finish dates
    not_dates = share_spans + cited_spans(reading)
    eta, eta_spans = _read_eta(reading, folded, not_dates=not_dates, now=now, tz=tz, today=today, budget=budget)
    if percent is not None:
        flags.add("done" if percent == 100 else "not_started" if percent == 0 else "in_progress")
    if percent == 0:
        flags.discard("done")  # "xong 0%", "hoàn thành: 0%": the figure says how much is done, nothing

    status: Status
    if "blocked" in flags:
        status = "blocked"
    elif percent == 100:
        # "đạt 100% nhưng chưa nghiệm thu": a step is still to come
        status = "in_progress" if _STEP_NOT_YET_RE.search(folded) or _REWORK_RE.search(folded) else "done"
    elif "in_progress" in flags or ("done" in flags and "not_started" in flags):
        status = "in_progress"
    elif "done" in flags:
        status = "done"
    elif "not_started" in flags:
        status = "not_started"
    elif eta is not None:
        status = "in_progress"
    else:
        status = "unclear"
    if status == "done" and eta is not None and eta > today and percent != 100:
        # "xong 15/12" said on 10/03 is a promise, not a result
        status = "in_progress"
    if status == "done":
        eta = None

    said = percent_spans + share_spans + plain_spans + eta_spans
    period_m = _WORK_PERIOD_RE.search(whole) if every and not rest else None
    period = _period(period_m, today) if period_m else None
    all_tasks = (
        every
        and status != "unclear"
        and (rest or bool(_ALL_RE.search(whole)))
        and _residue_empty(
            whole, said + ([period_m.span("when")] if period else []), _ALL_RE, _ALL_FILLER_RE, *([_REST_FILLER_RE] if rest else [])
        )
    )
    period = period if all_tasks else None
    extension = bool(_EXTENSION_RE.search(whole))
    if extension:
        # asking for time says no progress; a length is counted from the due date, which only the bot knows
        status, percent = "unclear", None
        eta = None if _EXTENSION_LENGTH_RE.search(whole) else eta
    if not extension and (all_tasks or (status != "unclear" and _residue_empty(whole, said))):
        note = ""
    elif not extension:
        note = _without_head(note, whole, said)
    # a request keeps its words whole: the date and reason asked for are read from them
    return ParsedReport(
        task=task, status=status, percent=percent, eta=eta, note=note, all_tasks=all_tasks, extension=extension,
        period=period,
    )


# ---- the task's own deed said done: "Đã tổ chức ngày 04/12" answering "Tổ chức đối thoại với doanh nghiệp" ----

# the words before "đã": a greeting, the person or the office ("Dạ bên em đã tổ chức")
_DID_LEAD_RE = re.compile(
    r"^[\W_]*(?:(?:da|vang|a|em|e|toi|ben\s+em|phuong|xa|don\s+vi|chung\s+em|chung\s+toi|bao\s+cao|xin|kinh|anh|chi|oi)\s+)*"
    + r"(?P<da>da)\s+"
)
# after the deed, what only says when and how it went; any other word ("được 1 buổi", "triển khai", "đợt 1") may say
# it is not all done, and the bot asks (a place after "tại"/"ở" goes to the phrase's end)
_DID_WHEN_WORDS = frozenset(
    "ngay hom vao luc tu sang chieu toi trua qua nay tuan thang truoc roi r xong a nhe nha anh chi em oi thanh cong day du"
    " dung han theo ke hoach ben phuong xa don vi cho ca het luon vua".split()
)
_DID_PLACE_RE = re.compile(_B + r"(?:tai|o)\s+[^,;.!?\n]*")


def _did_as_titled(words: str, title: str, *, now: datetime, tz: ZoneInfo) -> bool:
    """Whether words say the task's own deed was done: "Đã tổ chức ngày 04/12" answering a task titled "Tổ chức
    đối thoại với doanh nghiệp" (its first two words the deed), with nothing after it but when and where."""
    titled = re.findall(r"[a-z]+", aligned_fold(_clean(title)))
    verb = titled[:2]
    if titled[2:4] in (["trien", "khai"], ["thuc", "hien"]):
        return False  # "Tổ chức triển khai thực hiện Nghị định …": the deed goes on, "đã tổ chức triển khai" too
    folded = aligned_fold(words)
    lead = _DID_LEAD_RE.match(folded)
    if len(verb) < 2 or lead is None or not word_ok(words[lead.start("da") : lead.end("da")], "đã"):
        return False
    deed = re.compile(r"\s+".join(verb) + _E).match(folded, lead.end())
    if deed is None or _asked_from(words, folded) is not None:
        return False
    rest = _blanked(folded, [(span.start, span.end) for span in find_dates(words, now=now, tz=tz)])[deed.end() :]
    said = set(re.findall(r"[a-z0-9]+", _DID_PLACE_RE.sub(" ", rest)))
    return said <= _DID_WHEN_WORDS | set(re.findall(r"[a-z]+", aligned_fold(_clean(title))))


def _deed_done(report: ParsedReport, words: str, title: str, now: datetime, tz: ZoneInfo) -> ParsedReport:
    """The report, done when its words say nothing else but that the task's own deed was done ("đã tổ chức")."""
    if report.status != "unclear" or report.extension or report.percent is not None or not title:
        return report
    return replace(report, status="done", eta=None) if _did_as_titled(words, title, now=now, tz=tz) else report


def parse_reply(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo | None = None,
    plain_numbers: frozenset[str] = frozenset(),
    title: str = "",
) -> list[ParsedReport]:
    """Read a free-text progress reply into one report per task it names (one with task None if it names none).

    plain_numbers: the tasks numbered without a dot ("2") the person may name; such a number is a task only
    first in its clause or after "nhiệm vụ"/"nv"/"mục"/"việc", and never a count ("2 hồ sơ").
    title: the title of the one task the reply answers, when known ("Tổ chức đối thoại với doanh nghiệp"): words
    naming no task that only say its deed was done ("đã tổ chức") are a done (a reminder quoted back gives its
    task's title the same way).
    """
    tz = tz or DEFAULT_TZ
    today = local_now(now, tz).date()
    budget = _Budget()
    text = _MARKS_RE.sub(lambda m: " xong " if m[1] else " đang làm " if m[2] else " chưa ", _clean(text or ""))
    text = _TIGHT_LIST_RE.sub(", ", text)
    text = _TIGHT_CLAUSE_RE.sub(lambda m: f"{m[1] if m[1] in ',;.' else ','} ", text)
    text, quoted = _unquote(_task_ranges(_loose_task_numbers(text), plain_numbers))
    folded = aligned_fold(text)
    tasks, lead = _split_tasks(text, folded, plain_numbers)
    if not tasks and quoted:
        quoted_tasks = _split_tasks(quoted, aligned_fold(quoted), plain_numbers)[0]
        named = list(dict.fromkeys(task.number for task in quoted_tasks))
        said = _report(None, _join(text, [(0, len(text))]), now=now, tz=tz, today=today, budget=budget, every=True)
        if len(named) == 1 and said.status == "unclear" and not said.extension:
            title = _join(quoted, quoted_tasks[0].spans)  # the words typed answer the reminder quoted
        else:
            title = ""
        if said.status == "unclear" and not (title and _did_as_titled(text, title, now=now, tz=tz)):
            # the words outside the marks say nothing ("Em báo cáo:"): the marks were bullets ("> 1.1 xong")
            text = f"{text}\n{quoted}"
        elif len(named) == 1 or (named and said.all_tasks):
            # the quote's words are the reminder's (its deadline is no finish date); its one task is the one answered,
            # and words for all ("đã gửi cả hai rồi") speak for each task quoted, not for every task of the message
            text = f"{', '.join(named)} {text}"
        folded = aligned_fold(text)
        tasks, lead = _split_tasks(text, folded, plain_numbers)
        if title and len(tasks) == 1 and not lead:
            words = _join(text, tasks[0].spans)
            report = _report(tasks[0].number, words, now=now, tz=tz, today=today, budget=budget)
            return [_deed_done(report, words, title, now, tz)]
    if not tasks:
        note = _join(text, [(0, len(text))])
        return [_deed_done(_report(None, note, now=now, tz=tz, today=today, budget=budget, every=True), note, title, now, tz)]
    lead_note = _join(text, lead)
    # "tất cả xong trừ 1.3": the numbers after it are the exceptions, not what the words say
    excepting = _EXCEPT_END_RE.search(aligned_fold(lead_note)) if lead_note else None
    lead_has_status = bool(lead_note) and not excepting and (
        _report(None, lead_note, now=now, tz=tz, today=today, budget=budget).status != "unclear"
    )
    _share_words(tasks, [] if excepting else lead, lead_has_status)
    merged = _merge(tasks)
    reports = [
        replace(_report(task.number, _join(text, task.spans), now=now, tz=tz, today=today, budget=budget), plan=task.plan)
        for task in merged
    ]
    if excepting:
        rest = _report(None, lead_note[: excepting.start()], now=now, tz=tz, today=today, budget=budget, every=True)
        if not rest.all_tasks:
            # "trừ 1.3 ra thì xong hết", "trừ 1.3 tất cả đều xong": the words after the exceptions speak for the
            # rest, never for them
            said = _join(text, merged[-1].spans)
            said = said[_AFTER_EXCEPTION_RE.match(aligned_fold(said)).end() :]
            rest = _report(None, said, now=now, tz=tz, today=today, budget=budget, every=True, rest=True)
            if rest.all_tasks:
                return [replace(rest, except_tasks=tuple(task.number for task in merged))]
            return [replace(report, status="unclear") for report in reports]
        if rest.all_tasks:
            # an exception with words of its own ("trừ 1.3 đang làm") is reported; a bare one is left alone
            excepted = replace(rest, except_tasks=tuple(report.task for report in reports if report.task))
            return [excepted, *(report for report in reports if report.status != "unclear")]
    return reports
