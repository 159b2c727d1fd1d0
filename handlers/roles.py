"""The roles a person can be given, read from the words people type for them (Vietnamese or English)."""

from __future__ import annotations

from plans.text import fold

# folded words → role: the words the bot itself prints (role.* in the catalogues), short forms, and English
ROLE_WORDS = {
    "thanh vien": "member", "member": "member",
    "thu truong": "head", "truong": "head", "head": "head",
    "thu ky": "secretary", "secretary": "secretary",
    "quan tri": "admin", "quan tri vien": "admin", "admin": "admin",
    # the titles offices use for the head of a ward or unit, and for the people under them
    "chu tich": "head", "truong phong": "head", "giam doc": "head", "chanh van phong": "head",
    "chanh thanh tra": "head", "truong ban": "head", "truong bo phan": "head", "bi thu": "head",
    "pho chu tich": "member", "pho truong phong": "member", "pho giam doc": "member", "chuyen vien": "member",
    "pho truong ban": "member", "pho truong bo phan": "member", "cong chuc": "member",
    "chair": "head", "chairman": "head", "chairwoman": "head", "director": "head", "deputy": "member", "staff": "member",
}
_LONGEST = max(len(words.split()) for words in ROLE_WORDS)


def read_role(text: str) -> str | None:
    """The role `text` names ("thủ trưởng", "Thu ky", "head"), or None."""
    return ROLE_WORDS.get(fold(text))


def split_role(text: str) -> tuple[str, str | None]:
    """An agency name followed by role words, apart: "Phường Đa Kao thủ trưởng" → ("Phường Đa Kao", "head");
    "thư ký" alone → ("", "secretary")."""
    words = text.split()
    for size in range(min(_LONGEST, len(words)), 0, -1):
        role = read_role(" ".join(words[-size:]))
        if role is not None:
            return " ".join(words[:-size]), role
    return " ".join(words), None
