"""An admin importing on Telegram or in the console is told to «chọn» a choice, never to «bấm» a button the console
has none of (note13: the import prompts said «bấm»). The texts are the same on both channels; the console's own
import runs in tests/bot/test_console.py."""

from __future__ import annotations

from handlers.admin import preview_text
from handlers.plan_reading import leadless_text
from handlers.plan_texts import reissue_text
from i18n import t
from plans.agencies import KnownAgency
from plans.importer import read_plan

LETTER = ("ỦY BAN NHÂN DÂN\nQUẬN 1\nSố: 125/UBND-VP\nV/v triển khai nhiệm vụ cải cách hành chính năm 2022\n\n"
          "STT\tNhiệm vụ\tChủ trì\tThời gian hoàn thành\n"
          "1\tRà soát thủ tục\tPhòng Nội vụ\t30/06/2022\n"
          "2\tSố hóa hồ sơ\tTrung tâm Dữ liệu quận\t30/09/2022\n"
          "3\tKiểm tra việc niêm yết\tPhòng Nội vụ\tsớm\n").encode()


def test_the_import_prompts_say_choose() -> None:
    plan = read_plan(LETTER, "cv-125.txt", registry=[KnownAgency("Phòng Nội vụ", "unit")])
    said = [
        preview_text(plan, "vi"),
        leadless_text(plan, "vi", stored=True, unknown_created=False),
        reissue_text("17/KH-UBND", "18/KH-UBND", 60, 69, "vi"),
        t("expect_import", "vi"), t("expect_import_buttons", "vi"), t("import_confirm", "vi"),
    ]
    assert "chọn «Tạo … đơn vị mới» để tạo và giao việc" in said[0]
    assert "Các việc chưa đọc được hạn: chọn «Xác nhận (chờ sự kiện)»" in said[0]
    assert "hoặc gửi lại tệp và chọn «Tạo … đơn vị mới»" in said[1]
    assert "chọn «Thay kế hoạch 17/KH-UBND»" in said[2] and "Chỉ chọn «Xác nhận» khi" in said[2]
    assert not [text for text in said if "bấm" in text.lower()], said
    english = [preview_text(plan, "en"), t("expect_import_buttons", "en"), t("import_confirm", "en")]
    assert not [text for text in english if "press" in text.lower()], english
