"""The recorded console sessions in docs/sessions/, one per role, made again from the real demo.

    .venv/bin/python docs/sessions/record.py            # rewrites docs/sessions/<role>.md for every role
    .venv/bin/python docs/sessions/record.py thuky      # only the secretary's

Each session runs `bot.console.run_demo` (what `nhacviec demo` runs) on a fresh database in a temporary
folder, from the demo's fixed clock (Tuesday 22/03/2022 08:00), in Vietnamese, and types the scripted lines
below one by one; the file shows each line typed after its "> " and what the console printed for it. Invite
codes are random: each is shown as INVITE_SHOWN, the only thing changed in the record.
tests/bot/test_sessions.py runs the same scripts and checks no line got an error or "not understood".
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from bot.config import Settings
from bot.console import run_demo

HERE = Path(__file__).resolve().parent
PLAN_FILE = "ke-hoach-25-KH-UBND.txt"  # a short second plan the admin imports (kept beside this script)
EVIDENCE_FILE = "bien-ban-hop.pdf"
EVIDENCE_BYTES = b"%PDF-1.4\n% bien ban hop giao ban CCHC, 30/03/2022\n"
INVITE_SHOWN = "K7M2QX9P"
_INVITE = re.compile(r"/start ([A-Z0-9]{8})\b")

# a line typed, or one made from what the console printed so far (the newcomer's /start CODE)
Line = str | Callable[[str], str]


def start_with_last_invite(printed: str) -> str:
    """/start with the code of the latest invite the console printed."""
    return f"/start {_INVITE.findall(printed)[-1]}"


@dataclass(frozen=True)
class Step:
    """A few lines typed for one purpose, and what they show (the heading in the record)."""

    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Session:
    """One role's session: who it is, what it shows, and its steps."""

    role: str
    title: str
    about: str
    steps: tuple[Step, ...]


SESSIONS = {
    "admin": Session(
        "admin",
        "Quản trị viên (Phòng Nội vụ)",
        "Nhập kế hoạch từ tệp với bước xem trước, quản lý đơn vị, mời người tham gia bằng mã mời, một người "
        "mới vào bằng mã, gỡ quyền một người.",
        (
            Step("Vào vai quản trị viên; /help có cả các lệnh riêng của bản chạy thử", ("/as admin", "/help")),
            Step("Nhập một kế hoạch mới từ tệp: xem trước, rồi gõ a (Xác nhận)", (f"/import {PLAN_FILE}", "a")),
            Step("Thêm một đơn vị (được hỏi có nhận các việc chung đang mở không) và một tên gọi khác",
                 ("/agency_add Phòng Quản lý đô thị", "b", "/agency_alias Phòng Quản lý đô thị | Phòng QLĐT")),
            Step("Mời chủ tịch UBND phường Đa Kao (vai trò thủ trưởng)", ("/invite P. Đa Kao thủ trưởng",)),
            Step("Người mới nhận mã và tham gia", ("/as new", "/tasks", start_with_last_invite, "/tasks")),
            Step("Danh sách đơn vị, rồi gỡ quyền người vừa vào", ("/as admin", "/agencies", "/member_remove Người mới 1")),
        ),
    ),
    "thuky": Session(
        "thuky",
        "Thư ký Ban Chỉ đạo CCHC",
        "Nhắc việc đến hạn, các đơn vị báo cáo, tổng hợp kèm bảng Excel và biểu đồ, việc quá hạn, đặt ngày cho "
        "việc chờ sự kiện, tổng hợp tuần gửi nhóm Ban Chỉ đạo chiều thứ Sáu, và đồng hồ không lùi được.",
        (
            Step("Vào vai thư ký; /help", ("/as thuky", "/help")),
            Step("Thứ Hai 28/03: nhắc việc sắp đến hạn 31/03 gửi các đơn vị", ("/tick 28/03/2022",)),
            Step("Hai đơn vị trả lời", (
                "/as bennghe", "1.6 xong", "2.3 vướng: chờ hướng dẫn của Phòng Tư pháp",
                "/as noivu", "3.3 đang làm 60%, dự kiến 15/04",
            )),
            Step("Tổng hợp tuần, và riêng phường Bến Nghé trong quý", ("/as thuky", "/summary", "/summary quý Bến Nghé")),
            Step("Việc chờ sự kiện: chọn việc, gõ ngày sự kiện xảy ra", ("/trigger", "a", "25/03/2022")),
            Step("Thứ Sáu 01/04 16:00: tổng hợp tuần gửi nhóm Ban Chỉ đạo", ("/tick 01/04/2022 16:00",)),
            Step("Thứ Ba 05/04: việc quá hạn", ("/tick 05/04/2022", "/overdue")),
            Step("Đồng hồ không lùi được", ("/tick 04/04/2022",)),
        ),
    ),
    "noivu": Session(
        "noivu",
        "Trưởng Phòng Nội vụ (thủ trưởng đơn vị)",
        "Việc của đơn vị, nhắc việc có các lựa chọn đánh số, trả lời nhiều việc trong một câu, sửa tin đã gửi, gửi tệp minh "
        "chứng, báo cáo từng bước với /report.",
        (
            Step("Vào vai trưởng phòng; việc của đơn vị", ("/as noivu", "/tasks")),
            Step("Thứ Hai 28/03: tin nhắc việc, gõ a (✅ 1.6 Xong) rồi gõ ghi chú",
                 ("/tick 28/03/2022", "a", "Đã ban hành Kế hoạch số 45/KH-PNV")),
            Step("Trả lời nhiều việc trong một câu", ("3.3 đang làm 60%, 3.4 xong",)),
            Step("Sửa tin vừa gửi: 3.4 chưa xong hẳn", ("/edit 3.3 đang làm 60%, 3.4 đang làm 80%",)),
            Step("Gửi biên bản họp làm minh chứng cho 3.5", (f"/file {EVIDENCE_FILE} 3.5 xong",)),
            Step("Báo cáo từng bước với /report", ("/report 3.7", "c", "chờ ý kiến của Sở Nội vụ")),
            Step("Thứ Ba 05/04: nhắc việc quá hạn", ("/tick 05/04/2022",)),
        ),
    ),
    "bennghe": Session(
        "bennghe",
        "Chủ tịch UBND phường Bến Nghé",
        "Việc của phường, trả lời tin nhắc việc bằng một câu, chọn việc khi câu trả lời chưa nói việc nào, báo "
        "cáo từng bước, gửi ảnh minh chứng kèm lời nhắn, sửa tin đã gửi.",
        (
            Step("Việc của phường (bản chạy thử mở ở vai này)", ("/tasks",)),
            Step("Thứ Hai 28/03: tin nhắc việc; trả lời bằng một câu", ("/tick 28/03/2022", "1.6 xong")),
            Step("Câu trả lời không nói việc nào: bot hỏi lại", ("đã trình, chờ ký", "b")),
            Step("Báo cáo từng bước", ("/report 3.3", "b", "45")),
            Step("Gửi tệp minh chứng kèm lời nhắn", (f"/file {EVIDENCE_FILE} 2.2 xong",)),
            Step("Sửa tin vừa gửi", ("/edit 2.2 đang làm 70%",)),
            Step("Thứ Năm 31/03: hạn chót", ("/tick 31/03/2022",)),
        ),
    ),
}


class ScriptedInput:
    """The console's stdin: the session's lines one at a time, each echoed after the console's "> "."""

    def __init__(self, session: Session, out: io.StringIO) -> None:
        self.out = out
        self.lines = [(n, line) for n, step in enumerate(session.steps) for line in step.lines]
        self.step_starts: list[int] = []  # where in `out` each step begins

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        if not self.lines:
            return ""
        step, line = self.lines.pop(0)
        if step == len(self.step_starts):
            self.step_starts.append(len(self.out.getvalue()) - len("> "))
        text = line if isinstance(line, str) else line(self.out.getvalue())
        self.out.write(text + "\n")
        return text + "\n"


def run_session(session: Session, folder: Path) -> tuple[str, list[str]]:
    """Run `session` in `folder` (a fresh demo there); the console's opening and each step's transcript."""
    shutil.copy(HERE / PLAN_FILE, folder / PLAN_FILE)
    (folder / EVIDENCE_FILE).write_bytes(EVIDENCE_BYTES)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, NHACVIEC_DB="nhacviec-demo.sqlite3", NHACVIEC_FILES="nhacviec-demo-files", NHACVIEC_LANG="vi",
    )
    out = io.StringIO()
    stdin = ScriptedInput(session, out)
    cwd = Path.cwd()
    os.chdir(folder)  # the paths the console prints are relative to the folder, the same in every run
    try:
        asyncio.run(run_demo(settings, stdin=stdin, out=out))  # type: ignore[arg-type]
    finally:
        os.chdir(cwd)
    text = out.getvalue()
    bounds = [*stdin.step_starts, len(text)]
    steps = [text[start:end] for start, end in pairwise(bounds)]
    return text[: bounds[0]], steps


def render(session: Session, opening: str, steps: list[str]) -> str:
    """The session as Markdown: what it shows, the console's opening, then each step under its heading."""
    parts = [
        f"# Phiên dùng thử: {session.title}\n",
        f"{session.about}\n",
        "Ghi lại từ bản chạy thử (`nhacviec demo`) bằng `.venv/bin/python docs/sessions/record.py`: mỗi dòng sau "
        "«> » là dòng người dùng gõ, phần còn lại là điều bot và bản chạy thử in ra. Mã mời là ngẫu nhiên, "
        f"ở đây ghi là {INVITE_SHOWN}.\n",
        "## Mở bản chạy thử\n",
        _block(opening),
    ]
    for step, transcript in zip(session.steps, steps, strict=True):
        parts += [f"## {step.title}\n", _block(transcript)]
    return "\n".join(parts)


def _block(text: str) -> str:
    shown = _INVITE.sub(f"/start {INVITE_SHOWN}", re.sub(r"(: )([A-Z0-9]{8})\n", rf"\1{INVITE_SHOWN}\n", text))
    return "```text\n" + shown.strip("\n") + "\n```\n"


def main(roles: list[str]) -> int:
    """Record the sessions of `roles` (every role when empty) into docs/sessions/<role>.md."""
    for name in list(os.environ):  # the demo's own settings only, whatever this shell's deployment sets
        if name.startswith(("NHACVIEC_", "TELEGRAM_", "ZALO_")):
            del os.environ[name]
    unknown = [role for role in roles if role not in SESSIONS]
    if unknown:
        print(f"unknown role {', '.join(unknown)}; one of: {', '.join(SESSIONS)}", file=sys.stderr)
        return 2
    for role in roles or list(SESSIONS):
        session = SESSIONS[role]
        with tempfile.TemporaryDirectory() as folder:
            opening, steps = run_session(session, Path(folder))
        target = HERE / f"{role}.md"
        target.write_text(render(session, opening, steps), encoding="utf-8")
        print(f"wrote {target.relative_to(HERE.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
