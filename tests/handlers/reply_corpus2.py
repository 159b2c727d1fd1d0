"""Replies in the styles the first corpus lacks, each with what a careful secretary would record.

Written as another person would type them: without diacritics or with telex leftovers, Zalo-style with
emoji and abbreviations, long formal letters, one task a line, questions and thanks, corrections, blockers
with reasons, extension requests, denials, and dates typed every way. Read on Monday 07/12/2026 09:00 (a
month before the year turns: "15/1" is next January). Each row as in tests/handlers/reply_corpus.py, plus
the plan a reply names before or after the task number. "unclear" is the bot asking (nothing stored).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from handlers.replies import ParsedReport
from plans.text import fold
from tests.handlers import reply_corpus
from tests.helpers import VN

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=VN)
NOTDONE = reply_corpus.NOTDONE
U = reply_corpus.U
ASKED_OR_GOING = (*U, "in_progress")  # an extension asked for: never done


def E(task=None, status="done", pct="any", eta="any", note=None, all_tasks=False, plan=None, extension=False) -> dict:
    """One report as meant; `plan` the plan it names as typed ("KH 17"), None when it names none; `extension`
    when it asks for more time (the bot starts an extension request instead of storing progress)."""
    return {**reply_corpus.E(task, status, pct, eta, note, all_tasks), "plan": plan, "extension": extension}


def X(task=None, status=ASKED_OR_GOING) -> dict:
    """An extension asked for: never done, whatever else the words say."""
    return E(task, status, extension=True)


ROWS: list[tuple[str, list[dict]]] = [
    # ---- without diacritics, telex leftovers ----
    ("xong roi", [E()]),
    ("xong roi anh oi", [E()]),
    ("dang lam 50 phan tram", [E(status="in_progress", pct=50)]),
    ("xongg", [E()]),
    ("xongs roi a", [E()]),
    ("1.2 xongx", [E("1.2")]),
    ("hoanf thanhf roi", [E()]),
    ("ddax hoanf thanhf", [E()]),
    ("1.3 ddang thuwcj hieenj", [E("1.3", "in_progress")]),
    ("1.3 ddang lamf 40%", [E("1.3", "in_progress", 40)]),
    ("chuaw xong", [E(status=NOTDONE)]),
    ("1.4 chuaw lamf", [E("1.4", "not_started")]),
    ("1.4 chwa xong", [E("1.4", NOTDONE)]),
    ("khoong xong kipj", [E(status=NOTDONE)]),
    ("1.5 vuwowngs kinh phis", [E("1.5", ("blocked", "unclear"))]),
    ("1.5 vuong kinh phi", [E("1.5", "blocked", note="kinh phi")]),
    ("1.6 da hoan thanh 100%", [E("1.6", pct=100)]),
    ("1.6 dang trien khai dat 30%", [E("1.6", "in_progress", 30)]),
    ("1.7 chua trien khai do chua co huong dan", [E("1.7", ("blocked", "not_started"), note="huong dan")]),
    ("da gui bao cao ve phong noi vu", [E()]),
    ("da nop roi a", [E()]),
    ("chua nop a", [E(status=NOTDONE + U)]),
    ("dang cho ky", [E(status="in_progress")]),
    ("dang cho So Noi vu tham dinh", [E(status="blocked", note="So Noi vu")]),
    ("xong het roi nha", [E()]),
    ("gan xong roi, tam 90%", [E(status="in_progress", pct=90)]),
    ("moi lam dc 1 it", [E(status="in_progress")]),
    ("chua lam dc gi het", [E(status=("not_started", "in_progress"))]),
    ("2.1 xong r\n2.2 dang lam", [E("2.1"), E("2.2", "in_progress")]),
    ("nv 2.3 da ban hanh ke hoach", [E("2.3")]),
    ("2.4 sap xong", [E("2.4", "in_progress")]),
    ("2.4 hoan thanh 3/4", [E("2.4", "in_progress", 75)]),
    ("2.5 ko kip", [E("2.5", NOTDONE)]),
    ("2.5 chua xong dau", [E("2.5", NOTDONE)]),
    ("2.6 xong luon roi", [E("2.6")]),
    # ---- Zalo: emoji, stickers, abbreviations ----
    ("ok a", [E(status=U)]),
    ("dc r", [E(status=U)]),
    ("đc rồi ạ", [E(status=U)]),
    ("ok e", [E(status=U)]),
    ("oke c", [E(status=U)]),
    ("đã xl", [E()]),
    ("1.2 đã xl xong", [E("1.2")]),
    ("bc xong", [E()]),
    ("1.3 bc xong r a", [E("1.3")]),
    ("ht r a", [E()]),
    ("1.2 ht", [E("1.2")]),
    ("1.2 dth 50%", [E("1.2", "in_progress", 50)]),
    ("1.2 đtr 50%", [E("1.2", "in_progress", 50)]),
    ("xong r a 🥰", [E()]),
    ("xg r", [E(status=("done", "unclear"))]),
    ("1.4 ✅ r ạ", [E("1.4")]),
    ("1.4 xong 💯", [E("1.4")]),
    ("💯", [E(status=("done", "unclear"))]),
    ("🆗", [E(status=U)]),
    ("👌👌", [E(status=U)]),
    ("[Sticker]", [E(status=U)]),
    ("😂😂", [E(status=U)]),
    ("1.5 ⏳", [E("1.5", "in_progress")]),
    ("1.5 ❌", [E("1.5", NOTDONE + U)]),
    ("1.6 ok ạ 👍", [E("1.6", U)]),
    ("e xong r a", [E()]),
    ("c ơi e xong r nhé", [E()]),
    ("a ơi 1.2 e làm xong r", [E("1.2")]),
    ("1.2 e đang lm a", [E("1.2", "in_progress")]),
    ("1.2 chưa xg a", [E("1.2", NOTDONE)]),
    ("1.3 k kịp a ơi", [E("1.3", NOTDONE)]),
    ("1.3 kh xong đc", [E("1.3", NOTDONE)]),
    ("vâng ạ 🙏", [E(status=U)]),
    ("dạ", [E(status=U)]),
    ("uh", [E(status=U)]),
    ("ừ e", [E(status=U)]),
    ("nhận", [E(status=U)]),
    ("ok để e xem", [E(status=U)]),
    ("tks a", [E(status=U)]),
    ("1.7 ok r", [E("1.7", ("done", "unclear"))]),
    ("1.7 đã nộp lên hệ thống r a", [E("1.7")]),
    ("1.8 đang chờ sếp ký", [E("1.8", "in_progress")]),
    # ---- long and formal ----
    (
        "Kính gửi Phòng Nội vụ, UBND phường Tân Định báo cáo nhiệm vụ 2.3 đã hoàn thành, văn bản số 123/UBND ngày 05/12/2026",
        [E("2.3", eta=None, note="123/UBND")],
    ),
    (
        "Kính gửi: Thường trực Ban Chỉ đạo CCHC quận.\nPhòng Văn hóa và Thông tin báo cáo tiến độ nhiệm vụ 4.2: đã"
        " hoàn thành dự thảo, đang trình lãnh đạo UBND quận phê duyệt, dự kiến ban hành trong tháng 12/2026.\n"
        "Trân trọng báo cáo./.",
        [E("4.2", "in_progress", eta="2026-12-31")],
    ),
    (
        "Thực hiện Kế hoạch số 17/KH-UBND ngày 15/01/2026 của UBND quận, UBND phường Đa Kao báo cáo kết quả nhiệm"
        " vụ 1.2 như sau: đã tổ chức rà soát 45 thủ tục hành chính, đạt 100% kế hoạch.",
        [E("1.2", pct=100, eta=None, plan="any")],
    ),
    (
        "Căn cứ Công văn số 3815/UBND-NV ngày 01/12/2026, Phòng Tư pháp báo cáo: nhiệm vụ 3.1 đang thực hiện, dự"
        " kiến hoàn thành trước ngày 25/12/2026; nhiệm vụ 3.2 chưa thực hiện do chưa có hướng dẫn của Sở Tư pháp.",
        [E("3.1", "in_progress", eta="2026-12-25"), E("3.2", ("blocked", "not_started"), note="hướng dẫn")],
    ),
    (
        "UBND phường Cầu Kho kính báo: nhiệm vụ 5.1 (Rà soát, đánh giá TTHC năm 2026) đã hoàn thành 100% theo kế"
        " hoạch, đã gửi báo cáo số 245/BC-UBND ngày 04/12/2026 về Phòng Nội vụ.",
        [E("5.1", pct=100, eta=None)],
    ),
    (
        "Về nhiệm vụ 1.5 tại Kế hoạch 17/KH-UBND: do chưa được bố trí kinh phí nên đơn vị chưa thể triển khai, kính"
        " đề nghị Ban Chỉ đạo xem xét, chỉ đạo.",
        [E("1.5", ("blocked", "not_started"), note="kinh phí", plan="17/KH-UBND")],
    ),
    (
        "Kính gửi anh Hùng, phường em xin báo cáo: nhiệm vụ 2.2 hoàn thành ngày 30/11/2026; nhiệm vụ 2.4 đang thực"
        " hiện đạt khoảng 70%, phấn đấu hoàn thành trước 20/12/2026. Em xin cảm ơn anh.",
        [E("2.2", eta=None), E("2.4", "in_progress", 70, "2026-12-20")],
    ),
    (
        "Kính gửi Ban Chỉ đạo,\nĐơn vị báo cáo nhiệm vụ 6.1 đang triển khai, đến nay đã tiếp nhận và giải quyết 320"
        " hồ sơ đúng hạn. Dự kiến hoàn thành toàn bộ vào ngày 31/12/2026.\nTrân trọng.",
        [E("6.1", "in_progress", eta="2026-12-31")],
    ),
    (
        "Dạ thưa chị, em xin phép báo cáo: nhiệm vụ 3.4 phường em đã ban hành Quyết định số 56/QĐ-UBND ngày"
        " 02/12/2026 về việc kiện toàn tổ công tác. Em gửi kèm file ạ. Em cảm ơn chị.",
        [E("3.4", eta=None, note="56/QĐ-UBND")],
    ),
    (
        "Kính gửi Phòng Nội vụ. Nhiệm vụ 7.2 chưa hoàn thành do phần mềm một cửa điện tử của Thành phố đang nâng"
        " cấp, đơn vị chưa thể cập nhật dữ liệu. Đơn vị sẽ hoàn thành ngay khi hệ thống hoạt động trở lại.",
        [E("7.2", ("blocked", "in_progress"), note="phần mềm")],
    ),
    (
        "Báo cáo tiến độ tháng 12/2026 của Phòng Tài chính - Kế hoạch:\n1. Nhiệm vụ 2.1: Hoàn thành.\n2. Nhiệm vụ"
        " 2.2: Đang thực hiện (đạt 80%).\n3. Nhiệm vụ 2.3: Chưa thực hiện.",
        [E("2.1"), E("2.2", "in_progress", 80), E("2.3", "not_started")],
    ),
    (
        "Kính gửi Văn phòng HĐND và UBND quận, Trung tâm Văn hóa báo cáo: nhiệm vụ 8.1 đã tổ chức 2/3 đợt tuyên"
        " truyền, đợt 3 dự kiến tổ chức ngày 19/12/2026.",
        [E("8.1", "in_progress", 67, "2026-12-19")],
    ),
    (
        "Em chào anh Nam ạ. Em là Hoa, công chức Văn phòng - Thống kê phường Bến Thành. Em xin báo cáo nhiệm vụ 1.3"
        " phường em đã hoàn thành từ ngày 01/12 rồi ạ, em đã gửi báo cáo qua hệ thống quản lý văn bản.",
        [E("1.3", eta=None)],
    ),
    (
        "UBND phường Phạm Ngũ Lão báo cáo: đối với nhiệm vụ 4.4, phường đã xây dựng dự thảo kế hoạch, đang lấy ý"
        " kiến các ban ngành đoàn thể, dự kiến trình ký ngày 15/12/2026.",
        [E("4.4", "in_progress", eta="2026-12-15")],
    ),
    (
        "Kính gửi Thường trực BCĐ. Nhiệm vụ 9.1 đơn vị không thực hiện được vì Sở Nội vụ chưa ban hành hướng dẫn"
        " về mẫu biểu. Kính đề nghị BCĐ có ý kiến với Sở.",
        [E("9.1", "blocked", note="Sở Nội vụ")],
    ),
    (
        "Kính báo cáo anh: theo Kế hoạch 20/KH-UBND, nhiệm vụ 2.1 phường đã thực hiện xong, nhiệm vụ 2.2 đang thực"
        " hiện được 50%.",
        [E("2.1", plan="20/KH-UBND"), E("2.2", "in_progress", 50, plan="20/KH-UBND")],
    ),
    # ---- one task a line, different statuses ----
    ("1.1 xong\n1.2 dth 50%\n1.3 cth\n1.4 vướng kinh phí", [
        E("1.1"), E("1.2", "in_progress", 50), E("1.3", ("not_started", "unclear")), E("1.4", "blocked", note="kinh phí"),
    ]),
    ("1.1: ok\n1.2: đang làm", [E("1.1", ("done", "unclear")), E("1.2", "in_progress")]),
    (
        "- NV 2.1: Đã hoàn thành\n- NV 2.2: Đang triển khai (40%)\n- NV 2.3: Chưa triển khai do chưa có hướng dẫn",
        [E("2.1"), E("2.2", "in_progress", 40), E("2.3", ("blocked", "not_started"), note="hướng dẫn")],
    ),
    ("1.1 ✅\n1.2 ⏳\n1.3 ❌", [E("1.1"), E("1.2", "in_progress"), E("1.3", NOTDONE + U)]),
    ("3.1 xong\n3.2 chưa\n3.3 xong", [E("3.1"), E("3.2", NOTDONE + U), E("3.3")]),
    ("3.1 đã gửi\n3.2 đang soạn\n3.3 chờ Sở TC", [E("3.1"), E("3.2", "in_progress"), E("3.3", "blocked", note="Sở TC")]),
    ("4.1 xong 100%\n4.2 xong 60%", [E("4.1", pct=100), E("4.2", "in_progress", 60)]),
    ("4.1 ht\n4.2 ht\n4.3 dang lam, dk 20/12", [E("4.1"), E("4.2"), E("4.3", "in_progress", eta="2026-12-20")]),
    (
        "Báo cáo nhanh:\n• 5.1 hoàn thành\n• 5.2 hoàn thành\n• 5.3 đang làm, còn 2 khu phố",
        [E("5.1"), E("5.2"), E("5.3", "in_progress")],
    ),
    ("5.4 - xong\n5.5 - chưa làm\n5.6 - vướng", [E("5.4"), E("5.5", "not_started"), E("5.6", "blocked")]),
    (
        "1.1 xong rồi ạ\n1.2 em đang làm, mai xong\n1.3 chưa có hướng dẫn nên chưa làm",
        [E("1.1"), E("1.2", "in_progress", eta="2026-12-08"), E("1.3", ("blocked", "not_started"), note="hướng dẫn")],
    ),
    ("6.1 xong. 6.2 xong. 6.3 chưa.", [E("6.1"), E("6.2"), E("6.3", NOTDONE + U)]),
    (
        "NV1.1 xong\nNV1.2 đạt 70%\nNV1.3 chưa xong do thiếu người",
        [E("1.1"), E("1.2", "in_progress", 70), E("1.3", "blocked", note="thiếu người")],
    ),
    ("7.1 done\n7.2 50%\n7.3 pending", [E("7.1"), E("7.2", "in_progress", 50), E("7.3", ("blocked", "in_progress", "unclear"))]),
    ("1.1 xong\n\n1.2 xong\n\nCảm ơn anh", [E("1.1"), E("1.2")]),
    ("1.1 xong\n1.2 ?", [E("1.1"), E("1.2", U)]),
    ("8.1 xong, 8.2 đang làm 20%, 8.3 chưa có kinh phí", [E("8.1"), E("8.2", "in_progress", 20), E("8.3", "blocked", note="kinh phí")]),
    ("1.1 đã ban hành\n1.2 đang trình ký\n1.3 đã gửi Sở", [E("1.1"), E("1.2", "in_progress"), E("1.3")]),
    # ---- questions and thanks: nothing stored ----
    ("cảm ơn anh ạ", [E(status=U)]),
    ("cám ơn chị nhiều", [E(status=U)]),
    ("camon a", [E(status=U)]),
    ("ok e cảm ơn ạ", [E(status=U)]),
    ("Dạ em cảm ơn anh đã nhắc ạ", [E(status=U)]),
    ("1.2 hạn bao giờ ạ", [E("1.2", U)]),
    ("1.2 làm ntn a", [E("1.2", U)]),
    ("1.2 bc theo mẫu nào ạ", [E("1.2", U)]),
    ("sao chưa thấy nhắc 1.3?", [E("1.3", U)]),
    ("bh nộp 1.4 ạ?", [E("1.4", U)]),
    ("1.5 có cần gửi bản giấy k ạ", [E("1.5", U)]),
    ("xong r thì bc ở đâu ạ", [E(status=U)]),
    ("Nếu xong 1.2 thì em gửi báo cáo qua đâu ạ?", [E("1.2", U)]),
    ("Khi nào xong thì em báo lại nhé", [E(status=ASKED_OR_GOING)]),
    ("xong thì em báo ạ", [E(status=ASKED_OR_GOING)]),
    ("em sẽ báo cáo khi xong", [E(status=ASKED_OR_GOING)]),
    ("1.2 xong thì gửi ai", [E("1.2", U)]),
    ("anh ơi 2.1 phải xong trước ngày nào vậy", [E("2.1", U)]),
    ("chị ơi nv 3.2 là gì thế", [E("3.2", U)]),
    ("1.2 đã xong chưa nhỉ", [E("1.2", U)]),
    ("1.3 đã có ai làm chưa", [E("1.3", U)]),
    ("1.3 xong chưa e", [E("1.3", U)]),
    ("1.4 phải làm gì a", [E("1.4", U)]),
    ("1.4 là sao ạ", [E("1.4", U)]),
    ("có mẫu báo cáo 1.5 không anh", [E("1.5", U)]),
    ("nhiệm vụ 2.2 có phải của phường mình không chị", [E("2.2", U)]),
    ("Mai ơi, xong chưa", [E(status=U)]),
    ("em hỏi chút, 2.3 bao giờ hết hạn", [E("2.3", U)]),
    ("ai phụ trách 2.4 vậy a", [E("2.4", U)]),
    ("2.5 nộp bản scan được k", [E("2.5", U)]),
    ("thanks a lot", [E(status=U)]),
    ("đã nhận, cảm ơn bot", [E(status=U)]),
    # ---- corrections ----
    ("nhầm, 1.2 mới xong, 1.1 đang làm", [E("1.2"), E("1.1", "in_progress")]),
    ("em báo nhầm ạ, 1.3 chưa xong", [E("1.3", NOTDONE)]),
    ("sửa lại: 2.1 đang làm 60% chứ chưa xong", [E("2.1", "in_progress", 60)]),
    ("không phải 1.2 đâu, 1.3 mới xong", [E("1.2", U), E("1.3")]),
    ("đính chính: 3.1 vướng, không phải xong", [E("3.1", "blocked")]),
    ("à nhầm, chưa xong ạ", [E(status=NOTDONE)]),
    ("em nhầm, đó là 60% chứ không phải 100%", [E(status="in_progress", pct=60)]),
    ("nhầm task, ý em là 2.2 xong", [E("2.2")]),
    ("xin lỗi, 4.1 em báo sai, thực tế mới được 30%", [E("4.1", "in_progress", 30)]),
    ("1.2 chưa xong nhé, lúc nãy em bấm nhầm", [E("1.2", NOTDONE)]),
    ("báo lại: 5.1 đang làm, chưa xong", [E("5.1", "in_progress")]),
    ("cập nhật: 5.2 đã xong (sáng em báo đang làm)", [E("5.2")]),
    # ---- blocked, with reasons ----
    ("vướng", [E(status="blocked")]),
    ("1.2 vướng vì chưa có kinh phí", [E("1.2", "blocked", note="kinh phí")]),
    ("chưa làm được vì thiếu người", [E(status="blocked", note="thiếu người")]),
    ("khó khăn: phần mềm lỗi, chưa nhập được dữ liệu", [E(status="blocked", note="phần mềm")]),
    ("Khó khăn, vướng mắc: chưa được cấp tài khoản", [E(status="blocked", note="tài khoản")]),
    ("1.3 đang bị kẹt ở khâu thẩm định", [E("1.3", "blocked", note="thẩm định")]),
    ("1.3 hệ thống lỗi nên chưa cập nhật được", [E("1.3", ("blocked", "unclear"), note="lỗi")]),
    ("1.4 tạm dừng chờ ý kiến chỉ đạo của UBND quận", [E("1.4", "blocked", note="UBND quận")]),
    ("1.4 vướng mặt bằng", [E("1.4", "blocked", note="mặt bằng")]),
    ("1.5 phụ thuộc vào Sở Xây dựng", [E("1.5", "blocked", note="Sở Xây dựng")]),
    ("1.5 chờ kinh phí", [E("1.5", "blocked", note="kinh phí")]),
    ("1.6 bị trả hồ sơ, đang sửa lại", [E("1.6", ("blocked", "in_progress"))]),
    ("1.6 vướng ở khâu ký số, đã liên hệ VNPT", [E("1.6", "blocked", note="ký số")]),
    ("k lam dc vi ko co kinh phi", [E(status="blocked", note="kinh phi")]),
    ("chua lam duoc vi chua co huong dan", [E(status="blocked", note="huong dan")]),
    ("vuong mac: thieu can bo", [E(status="blocked", note="thieu can bo")]),
    ("1.7 khó quá anh ơi, chưa làm được", [E("1.7", ("blocked", "not_started", "unclear"))]),
    ("1.7 đang chờ phòng Tài chính thẩm định", [E("1.7", "blocked", note="Tài chính")]),
    ("1.8 chờ lãnh đạo ký", [E("1.8", "in_progress")]),
    ("1.8 chờ sếp duyệt", [E("1.8", "in_progress")]),
    ("2.1 gặp khó khăn về nhân sự", [E("2.1", "blocked", note="nhân sự")]),
    ("2.1 chưa làm được do chưa có chỉ đạo", [E("2.1", "blocked", note="chỉ đạo")]),
    ("2.2 trở ngại: dân chưa đồng thuận", [E("2.2", "blocked", note="đồng thuận")]),
    ("2.2 không triển khai được, lý do: thiếu kinh phí", [E("2.2", "blocked", note="kinh phí")]),
    ("2.3 đang vướng, em sẽ báo sau", [E("2.3", "blocked")]),
    # ---- extension requests: not done, never done ----
    ("xin gia hạn 2.3 đến 31/12", [X("2.3")]),
    ("2.3 xin gia hạn thêm 2 tuần", [X("2.3")]),
    ("em xin lùi hạn 1.2 sang 15/1 ạ", [X("1.2")]),
    ("1.2 không kịp, xin gia hạn đến cuối tháng", [X("1.2", NOTDONE + U)]),
    (
        "đề nghị cho gia hạn nhiệm vụ 4.1 đến hết quý I/2027 do chưa có kinh phí",
        [X("4.1", ("blocked", "in_progress", "unclear"))],
    ),
    ("1.2 xin thêm thời gian ạ", [X("1.2")]),
    ("cho phường em lùi 1 tuần nhé", [X()]),
    ("1.2 xin gia hạn", [X("1.2")]),
    ("xin gia han 1.3 toi 20/12", [X("1.3")]),
    ("1.2 xin dời hạn sang tháng 1", [X("1.2")]),
    ("anh cho em gia hạn 1.4 nhé, cuối tháng em xong", [X("1.4")]),
    ("1.5 chắc không kịp hạn, em xin thêm 1 tuần", [X("1.5", NOTDONE + U)]),
    # ---- denials ----
    ("chưa xong", [E(status=NOTDONE)]),
    ("không kịp", [E(status=NOTDONE)]),
    ("chưa có kết quả", [E(status=NOTDONE + U)]),
    ("1.2 chưa hoàn thành được ạ", [E("1.2", NOTDONE)]),
    ("ko kịp hạn", [E(status=NOTDONE)]),
    ("1.2 chưa xong hết", [E("1.2", NOTDONE)]),
    ("xong đâu mà xong", [E(status=NOTDONE + U)]),
    ("xong gì đâu anh", [E(status=NOTDONE + U)]),
    ("đã xong đâu", [E(status=NOTDONE + U)]),
    ("đâu có xong", [E(status=NOTDONE + U)]),
    ("1.3 chả xong", [E("1.3", NOTDONE)]),
    ("1.3 hổng xong kịp", [E("1.3", NOTDONE)]),
    ("1.3 hong xong", [E("1.3", NOTDONE)]),
    ("còn lâu mới xong", [E(status=NOTDONE)]),
    ("chưa, đang làm", [E(status="in_progress")]),
    ("chưa đâu", [E(status=NOTDONE + U)]),
    ("1.4 không hoàn thành", [E("1.4", NOTDONE)]),
    ("1.4 chưa nộp", [E("1.4", NOTDONE + U)]),
    ("1.4 chưa gửi báo cáo", [E("1.4", NOTDONE + U)]),
    ("1.4 chưa ban hành", [E("1.4", NOTDONE + U)]),
    ("ko kip han 15/12, dk 20/12", [E(status="in_progress", eta="2026-12-20")]),
    ("1.5 xong rồi nhưng chưa ký", [E("1.5", "in_progress")]),
    ("1.5 không phải xong", [E("1.5", NOTDONE + U)]),
    ("1.5 chưa xong đc", [E("1.5", NOTDONE)]),
    ("1.6 vẫn chưa", [E("1.6", NOTDONE + U)]),
    ("1.6 không có gì vướng", [E("1.6", U)]),
    ("1.6 chưa có tiến triển gì", [E("1.6", (*U, "in_progress", "not_started"))]),
    ("1.7 chưa kịp xong", [E("1.7", NOTDONE)]),
    ("1.7 xong sao được anh", [E("1.7", NOTDONE + U)]),
    ("1.8 làm gì đã xong", [E("1.8", NOTDONE + U)]),
    ("1.8 chưa thể xong trong tuần này", [E("1.8", NOTDONE)]),
    # ---- dates typed every way ----
    ("1.2 dk xong 15/12", [E("1.2", "in_progress", eta="2026-12-15")]),
    ("1.2 dự kiến 15-12", [E("1.2", "in_progress", eta="2026-12-15")]),
    ("1.2 du kien 15.12", [E("1.2", "in_progress", eta="2026-12-15")]),
    ("1.2 dự kiến ngày 15 tháng 12", [E("1.2", "in_progress", eta="2026-12-15")]),
    ("1.2 dự kiến 15 tháng 12 năm 2026", [E("1.2", "in_progress", eta="2026-12-15")]),
    ("1.2 dự kiến 15/12/2026", [E("1.2", "in_progress", eta="2026-12-15")]),
    ("1.2 dự kiến 15/12/26", [E("1.2", "in_progress", eta="2026-12-15")]),
    ("1.2 dự kiến 15/1", [E("1.2", "in_progress", eta="2027-01-15")]),
    ("1.2 dự kiến tháng 1/2027", [E("1.2", "in_progress", eta="2027-01-31")]),
    ("1.2 dự kiến thứ 6 tuần này", [E("1.2", "in_progress", eta="2026-12-11")]),
    ("1.2 dự kiến T6 tuần sau", [E("1.2", "in_progress", eta="2026-12-18")]),
    ("1.2 dự kiến cuối tuần", [E("1.2", "in_progress", eta="2026-12-11")]),
    ("1.2 dự kiến cuối tháng", [E("1.2", "in_progress", eta="2026-12-31")]),
    ("1.2 dự kiến cuối năm", [E("1.2", "in_progress", eta="2026-12-31")]),
    ("1.2 dự kiến đầu tháng sau", [E("1.2", "in_progress", eta="2027-01-05")]),
    ("1.2 dự kiến tuần sau", [E("1.2", "in_progress", eta="2026-12-18")]),
    ("1.2 đang làm, 2 tuần nữa xong", [E("1.2", "in_progress", eta="2026-12-21")]),
    ("1.2 đang làm, thêm 10 ngày nữa", [E("1.2", "in_progress", eta="2026-12-17")]),
    ("1.2 đang làm, mai xong", [E("1.2", "in_progress", eta="2026-12-08")]),
    ("1.2 đang làm, ngày kia xong", [E("1.2", "in_progress", eta="2026-12-09")]),
    ("1.2 chiều nay xong", [E("1.2", "in_progress", eta="2026-12-07")]),
    ("1.2 trong hôm nay sẽ xong", [E("1.2", "in_progress", eta="2026-12-07")]),
    ("1.2 xong 3/12", [E("1.2", U)]),  # three of twelve, or done on 3 December: asked
    ("1.2 đã xong hôm thứ 6", [E("1.2", eta=None)]),
    ("1.2 xong hôm 4/12", [E("1.2", eta=None)]),
    ("1.2 đã hoàn thành ngày 01.12.2026", [E("1.2", eta=None)]),
    ("1.2 ngày 20/12 xong", [E("1.2", "in_progress", eta="2026-12-20")]),
    ("1.2 20/12 xong", [E("1.2", "in_progress", eta="2026-12-20")]),
    ("1.2 trước 25/12 sẽ xong", [E("1.2", "in_progress", eta="2026-12-25")]),
    ("1.2 đang làm, chậm nhất 31/12", [E("1.2", "in_progress", eta="2026-12-31")]),
    ("1.2 hạn 15/12, đang làm", [E("1.2", "in_progress", eta=None)]),
    ("1.2 dự kiến ngày 20", [E("1.2", "in_progress", eta="2026-12-20")]),
    ("1.2 dự kiến mùng 5 tháng 1", [E("1.2", "in_progress", eta="2027-01-05")]),
    ("1.2 dự kiến quý 1/2027", [E("1.2", "in_progress", eta="2027-03-31")]),
    ("1.2 dự kiến trước Tết", [E("1.2", "in_progress")]),
    ("1.2 xong trước 20-12", [E("1.2", "in_progress", eta="2026-12-20")]),
    ("1.2 sẽ xong vào 18/12", [E("1.2", "in_progress", eta="2026-12-18")]),
    ("1.2 dang lam du kien 18/12 xong", [E("1.2", "in_progress", eta="2026-12-18")]),
    ("1.2 đã xong từ 30/11", [E("1.2", eta=None)]),
    ("1.2 xong ngày 7/12", [E("1.2", eta=None)]),
    ("1.2 đang làm, dự kiến 5/1/2027", [E("1.2", "in_progress", eta="2027-01-05")]),
    ("1.2 đang làm, dự kiến ngày 05 tháng 01 năm 2027", [E("1.2", "in_progress", eta="2027-01-05")]),
    ("1.2 dk thứ 4", [E("1.2", "in_progress", eta="2026-12-09")]),
    # ---- progress told in counts ----
    ("1.2 đã giải quyết 25 hồ sơ trên 30", [E("1.2", "in_progress", 83)]),
    ("xong 3/5 xã", [E(status="in_progress", pct=60)]),
    ("1.3 được 4 trên 7 việc", [E("1.3", "in_progress", 57)]),
    ("1.4 đã tiếp nhận 40/50 hồ sơ", [E("1.4", "in_progress", 80)]),
    ("1.4 xử lý xong 18 trong số 20 hồ sơ", [E("1.4", "in_progress", 90)]),
    ("2.1 mới làm được 2/10 phường", [E("2.1", "in_progress", 20)]),
    ("2.1 10/10 phường đã xong", [E("2.1")]),
    ("2.2 đã tập huấn 3 lớp, còn 2 lớp", [E("2.2", "in_progress")]),
    ("2.3 còn 2 phường chưa nộp", [E("2.3", NOTDONE + U)]),
    ("2.4 đã rà soát 120 TTHC, còn 30 TTHC đang rà soát", [E("2.4", "in_progress")]),
    ("2.5 hoàn thành 7 trên 10 chỉ tiêu", [E("2.5", "in_progress", 70)]),
    ("đã giải quyết 30 hồ sơ trên 30", [E(pct=100)]),
    ("2.6 đã số hóa 1.200/1.500 hồ sơ", [E("2.6", "in_progress", 80)]),
    ("2.7 xong được 5 phường, còn 5 phường", [E("2.7", "in_progress")]),
    ("3 trên 4 khu phố đã xong", [E(status="in_progress", pct=75)]),
    # ---- a person's name is no "tomorrow" ----
    ("Chị Mai xong rồi", [E()]),
    ("1.2 anh Mai làm xong rồi ạ", [E("1.2")]),
    ("1.3 chị Mai đang làm", [E("1.3", "in_progress")]),
    ("1.2 mai xong", [E("1.2", "in_progress", eta="2026-12-08")]),
    ("1.2 mai em xong", [E("1.2", "in_progress")]),
    ("1.4 đ/c Mai phụ trách, đã xong", [E("1.4")]),
    ("1.2 Mai xong", [E("1.2", ("in_progress", "unclear"))]),
    ("Phòng em (c Mai) xong rồi", [E()]),
    ("1.5 bạn Mai bên em gửi rồi", [E("1.5")]),
    # ---- the plan named before the task number ----
    ("KH 17: 1.1 xong", [E("1.1", plan="KH 17")]),
    ("Kế hoạch 17: 1.1 xong, 1.2 đang làm", [E("1.1", plan="Kế hoạch 17"), E("1.2", "in_progress", plan="Kế hoạch 17")]),
    ("17/KH-UBND - 1.1 xong", [E("1.1", plan="17/KH-UBND")]),
    ("KH 17\n1.1 xong\n1.2 đang làm 30%", [E("1.1", plan="KH 17"), E("1.2", "in_progress", 30, plan="KH 17")]),
    ("Theo KH 17, nhiệm vụ 1.1 đã xong", [E("1.1", plan="KH 17")]),
    ("KH 17: 1.1 xong; KH 20: 1.1 đang làm", [E("1.1", plan="KH 17"), E("1.1", "in_progress", plan="KH 20")]),
    ("[17/KH-UBND] 1.3 vướng: chờ Sở", [E("1.3", "blocked", note="Sở", plan="17/KH-UBND")]),
    ("1.1 KH 17 xong", [E("1.1", plan="KH 17")]),
    # ---- a comparison on its own line is no quoted line ----
    ("1.2 đang làm\n> 50%", [E("1.2", "in_progress", 50)]),
    ("1.2 đang làm\ntrên 50%", [E("1.2", "in_progress", 50)]),
    ("1.3 tiến độ:\n>70%", [E("1.3", "in_progress", 70)]),
    ("đang làm\n> 80%", [E(status="in_progress", pct=80)]),
    ("1.4 đạt\n>= 60%", [E("1.4", "in_progress", 60)]),
    ("1.2 xong\n> 1.2 Rà soát TTHC, hạn 15/12/2026", [E("1.2", eta=None)]),
    ("> 1.5 Niêm yết TTHC, hạn 20/12/2026\n> 60%", [E("1.5", ("in_progress", "unclear"))]),
    # ---- held out: written after the fixes above, before reading them ----
    ("da xong het a", [E()]),
    ("1.3 xong roi nhe chi", [E("1.3")]),
    ("1.3 chua xong dau chi oi", [E("1.3", NOTDONE)]),
    ("1.4 dang lam, du kien thu 5 tuan sau xong", [E("1.4", "in_progress", eta="2026-12-17")]),
    ("1.4 hoan thanh khoang 2/3", [E("1.4", "in_progress", 67)]),
    ("1.5 k kip r a, xin them 1 tuan", [X("1.5", NOTDONE + U)]),
    ("1.6 dang doi phong TC cap kinh phi", [E("1.6", "blocked")]),
    ("xongggg", [E()]),
    ("1.2 hoàn thành rùi ạ", [E("1.2")]),
    ("1.2 xog r nha", [E("1.2")]),
    ("1.2 chưa xog", [E("1.2", NOTDONE)]),
    ("1.2 ko xg", [E("1.2", NOTDONE + U)]),
    ("1.2 hỏng xong nổi", [E("1.2", NOTDONE + U)]),
    ("1.2 e nộp r", [E("1.2")]),
    ("1.2 e gửi mail r a", [E("1.2")]),
    ("1.3 dth, dk cuối tuần xong", [E("1.3", "in_progress", eta="2026-12-11")]),
    ("🙏🙏 em cảm ơn ạ", [E(status=U)]),
    ("vâng, e nhận ạ", [E(status=U)]),
    ("1.4 ok chị nhé", [E("1.4", U)]),
    ("👍 1.4 xong", [E("1.4")]),
    ("Kính gửi Ban Chỉ đạo CCHC quận, Phòng Kinh tế báo cáo nhiệm vụ 3.3 đã hoàn thành ngày 04/12/2026, kèm theo báo cáo số 88/BC-KT.", [E("3.3", eta=None, note="88/BC-KT")]),
    (
        "Kính gửi Phòng Nội vụ,\nThực hiện nhiệm vụ 2.5, UBND phường đã tổ chức 3/5 hội nghị đối thoại, dự kiến hoàn thành"
        " các hội nghị còn lại trước ngày 25/12/2026.\nTrân trọng.",
        [E("2.5", "in_progress", 60, "2026-12-25")],
    ),
    (
        "Phòng Quản lý đô thị báo cáo: nhiệm vụ 6.2 chưa thực hiện được do chưa có quyết định giao vốn. Đơn vị kiến"
        " nghị UBND quận sớm giao vốn để triển khai.",
        [E("6.2", "blocked", note="vốn")],
    ),
    ("2.1 xong\n2.2 xong\n2.3 chưa làm\n2.4 vướng: chờ Sở TTTT", [E("2.1"), E("2.2"), E("2.3", "not_started"), E("2.4", "blocked", note="Sở TTTT")]),
    ("3.1 - 100%\n3.2 - 50%\n3.3 - 0%", [E("3.1", pct=100), E("3.2", "in_progress", 50), E("3.3", "not_started", 0)]),
    ("4.1 ht; 4.2 dth; 4.3 vướng", [E("4.1"), E("4.2", ("in_progress", "unclear")), E("4.3", "blocked")]),
    ("1.2 hạn nộp là ngày nào ạ", [E("1.2", U)]),
    ("sao em bấm Xong mà không được ạ?", [E(status=U)]),
    ("1.2 nộp bản cứng hay bản mềm ạ", [E("1.2", U)]),
    ("dạ em cám ơn anh, em sẽ làm ngay", [E(status=(*U, "not_started", "in_progress"))]),
    ("ok cảm ơn", [E(status=U)]),
    ("nhầm nhé, 2.1 chưa xong, 2.2 mới xong", [E("2.1", NOTDONE), E("2.2")]),
    ("xin lỗi, 3.1 em báo nhầm, đang làm thôi ạ", [E("3.1", "in_progress")]),
    ("1.5 vướng do thiếu máy scan", [E("1.5", "blocked", note="máy scan")]),
    ("1.5 chưa làm được vì phần mềm bị lỗi", [E("1.5", "blocked", note="phần mềm")]),
    ("1.6 khó khăn về kinh phí", [E("1.6", "blocked", note="kinh phí")]),
    ("1.6 đang chờ UBND quận phê duyệt", [E("1.6", ("blocked", "in_progress"))]),
    ("cho em xin gia hạn 1.7 đến 15/1/2027 ạ", [X("1.7")]),
    ("1.7 xin lùi sang tuần sau", [X("1.7")]),
    ("1.8 không kịp tiến độ", [E("1.8", NOTDONE)]),
    ("1.8 chưa có kết quả ạ", [E("1.8", NOTDONE + U)]),
    ("1.8 chưa xong, còn 3 hồ sơ", [E("1.8", "in_progress")]),
    ("1.9 chưa đâu anh", [E("1.9", NOTDONE + U)]),
    ("1.9 xong đâu anh ơi", [E("1.9", NOTDONE + U)]),
    ("2.1 dự kiến 31-12-2026", [E("2.1", "in_progress", eta="2026-12-31")]),
    ("2.1 dự kiến 31.12.2026", [E("2.1", "in_progress", eta="2026-12-31")]),
    ("2.1 dự kiến hết tháng này", [E("2.1", "in_progress", eta="2026-12-31")]),
    ("2.1 dự kiến giữa tháng", [E("2.1", "in_progress", eta="2026-12-15")]),
    ("2.1 đã xong ngày 2 tháng 12", [E("2.1", eta=None)]),
    ("2.1 đang làm, thứ 2 tuần sau xong", [E("2.1", "in_progress", eta="2026-12-14")]),
    ("2.2 xử lý được 45/60 hồ sơ", [E("2.2", "in_progress", 75)]),
    ("2.2 đã hướng dẫn 8 trên 10 phường", [E("2.2", "in_progress", 80)]),
    ("2.2 xong 4 xã, còn 1 xã", [E("2.2", "in_progress", 80)]),
    ("anh Mai bên phòng em đã gửi rồi ạ", [E()]),
    ("1.3 cô Mai đang làm, mai xong", [E("1.3", "in_progress", eta="2026-12-08")]),
    ("KH 17 - nv 2.1: xong", [E("2.1", plan="KH 17")]),
    ("Kế hoạch 17/KH-UBND\n2.1 đã xong\n2.2 đang thực hiện 40%", [E("2.1", plan="17/KH-UBND"), E("2.2", "in_progress", 40, plan="17/KH-UBND")]),
    ("1.2 đang làm\n>60%", [E("1.2", "in_progress", 60)]),
    ("1.2 đạt trên 90%", [E("1.2", "in_progress", 90)]),
]


def misread(read: Callable[[str], list[ParsedReport]], text: str, meant: list[dict]) -> list[str]:
    """How the reports read from `text` differ from what was meant, the plan named included."""
    wrong = reply_corpus.misread(read, text, meant)
    got = sorted(read(text), key=lambda r: r.task or "")
    if wrong or len(got) != len(meant):
        return wrong
    for g, e in zip(got, sorted(meant, key=lambda r: r["task"] or ""), strict=True):
        # "Kế hoạch 17/KH-UBND" names the plan "17/KH-UBND" names
        if g.extension != e["extension"]:
            wrong.append(f"{g.task}: extension {g.extension}")
        if e["plan"] != "any" and (bool(g.plan) != bool(e["plan"]) or fold(e["plan"] or "") not in fold(g.plan)):
            wrong.append(f"{g.task}: plan {g.plan!r}")
    return wrong
