"""Plan-import warnings, reader locations and the deadline grammar's reasons are message ids with values,
shown in the reader's language: the admin's chat preview in the person's, the CLI in NHACVIEC_LANG."""

from __future__ import annotations

import json
from datetime import date

import pytest

from chat.messages import Attachment
from i18n import t
from plans.deadlines import UNREADABLE, parse_deadline
from plans.importer import read_plan
from plans.model import PlanError
from storage.db import transaction
from tests.conftest import Nhacviec
from tests.reliability_core import ADMIN, open_core

# A task table (tab-separated) with a row whose STT is no number, an unreadable deadline and a missing one.
PLAN = (
    "KẾ HOẠCH\nSố: 12/KH-UBND\nCải cách hành chính năm 2025\n\n"
    "STT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian hoàn thành\n"
    "x\tViệc lạc\tPhòng Nội vụ\t\tQuý I/2025\n"
    "1\tRà soát thủ tục\tPhòng Nội vụ\t\tQuý II/2025\n"
    "2\tHọp định kỳ\tPhòng Nội vụ\t\tHằng quý, trước ngày 20\n"
    "3\tTập huấn\tPhòng Nội vụ\t\t\n"
).encode()

VIETNAMESE = [
    (None, "dòng 6: STT «x» không phải số thứ tự, bỏ qua"),
    ("2", "Không đọc được thời hạn «Hằng quý, trước ngày 20»: không rõ ngày 20 thuộc tháng nào của quý (dòng 8)"),
    ("3", "Không ghi thời hạn (dòng 9)."),
]
ENGLISH = [
    (None, "line 6: «x» in the STT column is not a task number, skipped"),
    ("2", "Could not read the deadline «Hằng quý, trước ngày 20»: it does not say which month of the quarter day 20 is in (line 8)"),
    ("3", "No deadline given (line 9)."),
]


def test_plan_warnings_are_keys_and_values_with_a_location_rendered_in_either_language() -> None:
    plan = read_plan(PLAN, "ke-hoach.txt")
    assert [(w.task, w.render("vi")) for w in plan.warnings] == VIETNAMESE
    assert [(w.task, w.render("en")) for w in plan.warnings] == ENGLISH
    first = plan.as_json("en")["warnings"][0]
    assert first == {
        "task": None,
        "message": ENGLISH[0][1],
        "key": "plan_warn_not_a_number",
        "values": {"where": {"key": "where_line", "values": {"line": 6}}, "number": "x"},
    }
    assert plan.as_json()["warnings"][2]["message"] == VIETNAMESE[2][1]  # Vietnamese unless told


def test_a_plan_error_names_its_location_in_the_readers_language() -> None:
    text = "Số: 5/KH-UBND\n\nSTT\tNhiệm vụ\tChủ trì\n1.1\tRà soát văn bản\tPhòng Tư pháp\n".encode()
    with pytest.raises(PlanError) as caught:
        read_plan(text, "khong-han.txt")
    error = caught.value
    assert error.key == "plan_no_deadline_column" and error.values["where"].key == "where_line"
    assert "bảng nhiệm vụ (dòng 3)" in str(error)
    assert "task table (line 3)" in t(error.key, "en", **error.values)


@pytest.mark.parametrize(
    ("text", "kwargs", "key", "vietnamese", "english"),
    [
        ("Hằng quý, trước ngày 20", {"year": 2025}, "deadline_unreadable_because",
         "Không đọc được thời hạn «Hằng quý, trước ngày 20»: không rõ ngày 20 thuộc tháng nào của quý",
         "Could not read the deadline «Hằng quý, trước ngày 20»: it does not say which month of the quarter day 20 is in"),
        ("ngày 31/02/2024", {"year": 2024}, "deadline_unreadable_because",
         "Không đọc được thời hạn «ngày 31/02/2024»: ngày 31/02/2024 không có thật",
         "Could not read the deadline «ngày 31/02/2024»: the date 31/02/2024 does not exist"),
        ("Đầu giai đoạn 2021-2025", {"year": 2024}, "deadline_unreadable_because",
         "Không đọc được thời hạn «Đầu giai đoạn 2021-2025»: «đầu/giữa» kỳ không có ngày cụ thể",
         "Could not read the deadline «Đầu giai đoạn 2021-2025»: «start/middle of» a period gives no exact day"),
        ("Đầu quý II/2024", {"year": 2024}, "deadline_read_as",
         "«Đầu quý II/2024» không có ngày cụ thể; tạm hiểu là hạn 30/04/2024. Đặt lại nếu kế hoạch định khác.",
         "«Đầu quý II/2024» gives no exact day; read as due 2024-04-30. Set another date if the plan means otherwise."),
        ("Quý II", {"year": None}, "deadline_unreadable_because",
         "Không đọc được thời hạn «Quý II»: không rõ năm",
         "Could not read the deadline «Quý II»: the year is unknown"),
        ("Hằng quý", {"year": None}, "deadline_no_year_for_recurring",
         "«Hằng quý»: không rõ năm nên chưa lập được các ngày định kỳ",
         "«Hằng quý»: the year is unknown, so the recurring dates could not be set"),
        ("", {"year": 2024}, "deadline_empty", "Ô thời hạn trống", "The deadline cell is empty"),
        ("Tháng 11 năm 2023", {"year": 2024, "issued": date(2024, 1, 19)}, "deadline_before_issue",
         "Thời hạn 30/11/2023 («Tháng 11 năm 2023») trước ngày ban hành kế hoạch 19/01/2024",
         "Deadline 2023-11-30 («Tháng 11 năm 2023») is before the plan's issue date 2024-01-19"),
        ("Quý I/2026", {"year": 2024, "period": (2024, 2025)}, "deadline_outside_period",
         "Thời hạn 31/03/2026 («Quý I/2026») nằm ngoài giai đoạn kế hoạch 2024–2025",
         "Deadline 2026-03-31 («Quý I/2026») is outside the plan period 2024–2025"),
    ],
)
def test_deadline_warnings_and_reasons_render_in_both_languages(text, kwargs, key, vietnamese, english) -> None:
    (warning,) = parse_deadline(text, **kwargs).warnings
    assert warning.key == key
    assert (key in UNREADABLE) == vietnamese.startswith("Không đọc được thời hạn")
    assert (warning.render("vi"), str(warning), warning.render("en")) == (vietnamese, vietnamese, english)


async def test_an_english_admin_sees_the_import_preview_warnings_in_english(tmp_path) -> None:
    core = await open_core(tmp_path)
    try:
        core.files["PLAN"] = PLAN
        plan = Attachment("PLAN", "ke-hoach.txt", len(PLAN))
        vietnamese = await core.text(ADMIN, "/import", attachment=plan)
        assert all(f"• {task or '—'}: {text}" in vietnamese for task, text in VIETNAMESE), vietnamese
        async with transaction(core.db):
            await core.db.execute("UPDATE users SET lang = 'en' WHERE id = ?", (await core.user_id(ADMIN),))
        english = await core.text(ADMIN, "/import", attachment=plan)
        assert all(f"• {task or '—'}: {text}" in english for task, text in ENGLISH), english
        assert "dòng" not in english and "thời hạn" not in english
    finally:
        await core.db.close()


def _stdout(nhacviec: Nhacviec, *args: str, lang: str | None) -> str:
    """The command's stdout, run with only NHACVIEC_LANG of the deployment's settings."""
    done = nhacviec(*args, env={"NHACVIEC_LANG": lang} if lang else {})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_cli_shows_warnings_in_the_deployments_language(nhacviec, tmp_path) -> None:
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(PLAN)
    printed = _stdout(nhacviec, "import", str(path), "--dry-run", lang="en")
    assert all(f"  note {task or '-'}: {text}\n" in printed for task, text in ENGLISH), printed
    as_json = json.loads(_stdout(nhacviec, "import", str(path), "--dry-run", "--json", lang="en"))
    assert [(w["task"], w["message"]) for w in as_json["warnings"]] == ENGLISH
    assert as_json["warnings"][2]["values"] == {"where": {"key": "where_line", "values": {"line": 9}}}
    by_default = json.loads(_stdout(nhacviec, "import", str(path), "--dry-run", "--json", lang=None))
    assert [(w["task"], w["message"]) for w in by_default["warnings"]] == VIETNAMESE
    deadline = json.loads(_stdout(nhacviec, "parse-deadline", "Tháng 13/2024", "--year", "2024", "--json", lang="en"))
    assert deadline["warnings"] == ["Could not read the deadline «Tháng 13/2024»: there is no month 13"]
