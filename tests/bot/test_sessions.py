"""The recorded console sessions' scripts (docs/sessions/record.py) still run: every line typed gets an answer,
and none is an error, a "not understood" or a usage line. Not a comparison with the recorded files: other
changes may reword what the bot says; `record.py` writes the files again."""

from __future__ import annotations

import pytest

from docs.sessions import record

# what the bot or the console says when a scripted line went wrong (Vietnamese, the sessions' language)
WRONG = (
    "Traceback", "Mình chưa hiểu", "Xin lỗi", "Không hiểu lệnh", "Lựa chọn này đã cũ", "Dùng: /", "Không thấy tệp",
    "Đồng hồ không lùi được: bản chạy thử đã chạy tới 22/03",
)


@pytest.mark.parametrize("role", list(record.SESSIONS))
def test_each_scripted_line_gets_an_answer_and_no_error(role, tmp_path, monkeypatch):
    session = record.SESSIONS[role]
    monkeypatch.chdir(tmp_path)  # run_session moves into the folder it is given and back
    opening, steps = record.run_session(session, tmp_path)
    assert opening.startswith("nhacviec — bản chạy thử")
    assert len(steps) == len(session.steps)
    for step, transcript in zip(session.steps, steps, strict=True):
        for wrong in WRONG:
            if wrong.startswith("Đồng hồ") and step.title == "Đồng hồ không lùi được":
                continue
            assert wrong not in transcript, (step.title, wrong)
        lines = transcript.rstrip("\n").splitlines()
        typed = [n for n, line in enumerate(lines) if line.startswith("> ") and line != "> "]  # not the last prompt
        assert len(typed) == len(step.lines), step.title
        for n in typed:
            answered = n + 1 < len(lines) and not lines[n + 1].startswith("> ")
            assert answered, (step.title, lines[n])
    shown = record.render(session, opening, steps)
    assert shown.count("```text") == len(session.steps) + 1
    if role == "admin":  # the random invite code is shown as one stable example, typed and printed alike
        assert f"> /start {record.INVITE_SHOWN}\n" in shown and f"thủ trưởng): {record.INVITE_SHOWN}\n" in shown

