"""Commands as people type them on a phone: a Vietnamese keyboard writes /hủy, /việc, /báo_cáo."""

from __future__ import annotations

from handlers.tasks import page_typed
from i18n import t
from tests.reliability_core import open_core

MEMBER = "3"


async def test_commands_typed_with_diacritics_on_a_vietnamese_keyboard_are_understood(tmp_path) -> None:
    core = await open_core(tmp_path)
    try:
        await core.link(MEMBER, "member", "Phường Bến Nghé")
        # before: «Không hiểu lệnh /hủy» — the help says /huy, a phone's Vietnamese keyboard writes /hủy
        assert "Tình trạng hiện nay?" in await core.text(MEMBER, "/báo_cáo 1.1")
        assert await core.text(MEMBER, "/Hủy") == "Đã thoát."
        assert await core.count("dialogs") == 0
        assert "Việc của Phường Bến Nghé" in await core.text(MEMBER, "/việc")
        assert "Nhiệm vụ 1.1" in await core.text(MEMBER, "/nhiệm_vụ 1.1")
        assert "Xin gia hạn nhiệm vụ 1.1" in await core.text(MEMBER, "/xin_gia_hạn 1.1")
        assert "Không hiểu lệnh /đi" in await core.text(MEMBER, "/đi")  # an unknown one is still named as typed
    finally:
        await core.db.close()



async def test_the_secretarys_help_names_this_and_last_period_and_lists_overdue_once(tmp_path) -> None:
    # before: «/quahan (hoặc /overdue) — các việc trễ hạn» then «/quahan (hoặc /overdue) [đơn vị] [trang] …», and
    # no word of «quý trước» / «quý này», which README documents and the first 15 days of a quarter depend on
    core = await open_core(tmp_path)
    try:
        await core.link("5", "secretary", None)
        shown = await core.text("5", "/help")
    finally:
        await core.db.close()
    assert shown.count("/quahan (hoặc /overdue)") == 1
    assert "/tonghop (hoặc /summary) [tuần|tháng|quý|năm] [này|trước] [đơn vị]" in shown
    english = t("help_secretary", "en")
    assert english.count("/overdue (or /quahan)") == 1
    assert "/summary (or /tonghop) [week|month|quarter|year] [this|last] [agency]" in english


def test_the_admins_help_names_every_plan_format_import_reads() -> None:
    # before: «(.docx, .xlsx, .txt)» — a PDF plan (README: read when it has a text layer) looked unsupported
    assert "(.docx, .doc, .xlsx, .pdf, .txt)" in t("help_admin", "vi")
    assert "(.docx, .doc, .xlsx, .pdf, .txt)" in t("console_import_usage", "vi")
    assert "(.docx, .doc, .xlsx, .pdf, .txt)" in t("console_import_usage", "en")
    assert "(.docx, .doc, .xlsx, .pdf, .txt, .md)" in t("cli.help.import", "vi")
    assert "(.docx, .doc, .xlsx, .pdf, .txt, .md)" in t("cli.help.import", "en")


def test_the_secretarys_help_shows_a_named_period() -> None:
    assert "«quý I/2022», «tháng 3», «năm 2021»" in t("help_secretary", "vi")
    assert "«Q1 2022», «month 3», «year 2021»" in t("help_secretary", "en")


def test_a_page_is_read_as_people_say_it() -> None:
    assert page_typed("trang 2") == "2"
    assert page_typed("Bến Nghé trang 3") == "Bến Nghé 3"
    assert page_typed("tr.4") == "4"
    assert page_typed("page 2") == "2"
    assert page_typed("P. 12") == "P. 12"  # Phường 12, not a page
    assert page_typed("Phường 1") == "Phường 1"


async def test_overdue_and_tasks_take_trang_2(tmp_path) -> None:
    # before: «/overdue trang 2» → «Không tìm thấy đơn vị «trang»», «/tasks trang 2» → «Không tìm thấy nhiệm vụ trang 2»
    core = await open_core(tmp_path)
    try:
        await core.link("5", "secretary", None)
        assert "Không tìm thấy" not in await core.text("5", "/overdue trang 2")
        assert "Không tìm thấy" not in await core.text("5", "/overdue Bến Nghé trang 1")
        assert "Nhiệm vụ của kế hoạch" in await core.text("5", "/tasks trang 1")
    finally:
        await core.db.close()


def test_every_command_in_help_says_what_it_does_in_both_languages() -> None:
    # before: English /help listed «/agencies», «/trigger TASK DATE», «/agency_alias NAME | ALIAS» bare (the
    # Vietnamese lines say what each does) and told people to press «Xin gia hạn» / «Giải trình», buttons that
    # read «Extend» / «Explain» in English
    for lang in ("vi", "en"):
        for key in ("help_member", "help_late_member", "help_secretary", "help_late_secretary", "help_admin"):
            commands = [line for line in t(key, lang).splitlines() if line.startswith("/")]
            assert commands, key
            bare = [line for line in commands if " — " not in line]
            assert not bare, (lang, key, bare)
        late = t("help_late_member", lang)
        for button in ("digest_button_extend", "digest_button_explain"):
            label = t(button, lang, number="").strip(" 📅📝")
            assert f"«{label}»" in late, (lang, label)


async def test_a_message_asking_for_help_gets_the_help_not_a_status_question(tmp_path) -> None:
    # before: «help» typed under a task card (one task) → «Chưa rõ tình trạng của 1.1. Bạn chọn giúp: …»
    core = await open_core(tmp_path)
    try:
        await core.link(MEMBER, "member", "Phường Bến Nghé")
        await core.send(MEMBER, "/task 1.1", message_id="4", sent_as="5")
        for typed in ("help", "Giúp em với ạ?", "hướng dẫn", "HUONG DAN"):
            answer = await core.text(MEMBER, typed, reply_to_ref="5")
            assert answer.startswith("Các lệnh:"), (typed, answer)
        assert await core.count("reports") == 0
        assert await core.text(MEMBER, "help", chat_id="-100", chat_type="group") == ""  # people talking in a group
        assert "Đã ghi nhận 1.1" in await core.text(MEMBER, "1.1 xong, cần hướng dẫn thêm", reply_to_ref="5")
    finally:
        await core.db.close()
