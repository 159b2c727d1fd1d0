"""A fourth batch of replies, written before the reader saw them (branch replies9), each with what was meant.

Shapes the first three corpora lack: older officials' full formal sentences («Đồng chí», «báo cáo đồng chí»,
«xin báo cáo kết quả như sau: 1. … 2. …» whose list numbers are no tasks), voice typing without punctuation or
with homophones («song rồi», «trưa xong», «hoàng thành»), the reminder quoted back, tasks named by their title,
two agencies in one reply, dates and times to come, percents and shares in words, emoji, documents sent, signed
or waiting, English mixed in, and the places a wrong "done" hides. Read on Monday 07/12/2026 09:00 as the
second corpus is; each row as in tests/handlers/reply_corpus2.py.
"""

from __future__ import annotations

from tests.handlers.reply_corpus2 import NOTDONE, NOW, E, U, X, misread

__all__ = ["NOW", "ROWS", "misread"]

ROWS: list[tuple[str, list[dict]]] = [
    # ---- older officials: full formal sentences ----
    ("Báo cáo đồng chí, nhiệm vụ 2.1 đơn vị đã hoàn thành.", [E("2.1")]),
    ("Kính thưa đồng chí Chủ tịch, nhiệm vụ 2.2 Phòng Nội vụ đang khẩn trương triển khai.", [E("2.2", "in_progress")]),
    (
        "Đồng chí cho phép tôi báo cáo: nhiệm vụ 2.3 chưa thực hiện được do chưa có văn bản hướng dẫn của Sở.",
        [E("2.3", ("blocked", "not_started"), note="hướng dẫn")],
    ),
    (
        "Xin báo cáo kết quả như sau: 1. Nhiệm vụ 1.1 đã hoàn thành; 2. Nhiệm vụ 1.2 đang triển khai, đạt 70%; 3."
        " Nhiệm vụ 1.3 chưa triển khai do chưa có kinh phí.",
        [E("1.1"), E("1.2", "in_progress", 70), E("1.3", ("blocked", "not_started"), note="kinh phí")],
    ),
    (
        "Xin báo cáo kết quả như sau:\n1. Nhiệm vụ 3.1: đã hoàn thành.\n2. Nhiệm vụ 3.2: đang thực hiện.",
        [E("3.1"), E("3.2", "in_progress")],
    ),
    ("Tôi xin báo cáo đồng chí rõ: nhiệm vụ 4.1 đã ban hành quyết định, nhiệm vụ 4.2 đang dự thảo.", [
        E("4.1"), E("4.2", "in_progress"),
    ]),
    ("Thưa đồng chí, việc 4.3 tôi đã giao đồng chí Phó Chủ tịch phụ trách, hiện đang triển khai.", [
        E("4.3", "in_progress"),
    ]),
    ("Kính báo cáo đồng chí Trưởng ban: đến nay nhiệm vụ 4.4 cơ bản hoàn thành.", [E("4.4", "in_progress")]),
    ("Nhiệm vụ 4.5 đơn vị đã tổ chức thực hiện hoàn thành theo đúng kế hoạch đề ra.", [E("4.5")]),
    ("Báo cáo đồng chí, nhiệm vụ 4.6 đơn vị đã trình ký, đang chờ đồng chí Chủ tịch ký ban hành.", [
        E("4.6", "in_progress"),
    ]),
    ("Trân trọng báo cáo đồng chí: nhiệm vụ 5.1 hoàn thành 100% chỉ tiêu được giao.", [E("5.1", pct=100)]),
    ("Kính gửi đồng chí, nhiệm vụ 5.2 đơn vị chưa hoàn thành, dự kiến hoàn thành trước ngày 25/12/2026.", [
        E("5.2", "in_progress", eta="2026-12-25"),
    ]),
    ("Kính thưa các đồng chí, về nhiệm vụ 5.3 tôi xin được báo cáo là đơn vị đã làm xong từ tuần trước.", [E("5.3")]),
    ("Tôi đề nghị đồng chí cho gia hạn nhiệm vụ 5.4 đến ngày 15/01/2027.", [X("5.4")]),
    (
        "Báo cáo đồng chí: 1) Nhiệm vụ 6.1 hoàn thành; 2) Nhiệm vụ 6.2 hoàn thành; 3) Nhiệm vụ 6.3 đang thực hiện.",
        [E("6.1"), E("6.2"), E("6.3", "in_progress")],
    ),
    ("Đơn vị cam kết hoàn thành nhiệm vụ 6.4 trước ngày 31/12/2026.", [E("6.4", "in_progress", eta="2026-12-31")]),
    # ---- voice typing: no punctuation, homophones ----
    ("1.2 song rồi anh", [E("1.2")]),
    ("dạ nhiệm vụ một chấm ba em song rồi ạ", [E("1.3")]),
    ("1.4 trưa xong anh ơi", [E("1.4", NOTDONE + U)]),
    ("1.5 đã hoàng thành", [E("1.5")]),
    ("1.6 xong dồi ạ", [E("1.6")]),
    ("1.7 đang triễn khai", [E("1.7", "in_progress")]),
    ("em báo cáo anh nhiệm vụ 2.1 em đang làm được khoảng sáu mươi phần trăm rồi anh", [
        E("2.1", "in_progress", 60),
    ]),
    ("nhiệm vụ hai chấm hai bên em chưa làm anh ạ", [E("2.2", "not_started")]),
    ("anh ơi hai chấm ba em làm xong rồi còn hai chấm bốn thì đang làm anh nhé", [
        E("2.3"), E("2.4", "in_progress"),
    ]),
    ("dạ em thưa anh cái việc ba chấm một đó thì em đang chờ bên sở trả lời anh ạ", [E("3.1", "blocked")]),
    ("1.8 đã xong song vẫn còn phải chỉnh sửa theo góp ý", [E("1.8", "in_progress")]),
    ("3.2 đã làm xong rồi em gửi anh rồi đó anh kiểm tra giúp em nha", [E("3.2")]),
    ("3.3 lam roi", [E("3.3")]),
    ("3.3 ok r a", [E("3.3", ("done", *U))]),
    ("3.3 xong. 3.4 chua", [E("3.3"), E("3.4", NOTDONE + U)]),
    ("dạ em xong rồi á anh", [E()]),
    ("em chưa song anh ơi", [E(status=NOTDONE)]),
    # ---- the reminder quoted back ----
    ("Nhắc việc: 1.2 Rà soát TTHC (hạn 20/12/2026)\nDạ em xong rồi ạ", [E("1.2", eta=None)]),
    ("> 2.5 Niêm yết công khai TTHC tại bộ phận một cửa, hạn 15/12\nđang làm 80%", [
        E("2.5", "in_progress", 80, eta=None),
    ]),
    ('"1.3 Tổ chức tập huấn nghiệp vụ" - đã tổ chức xong ngày 05/12', [E("1.3", eta=None)]),
    ("Anh nhắc: «Đề nghị hoàn thành nhiệm vụ 2.6 trước 15/12». Dạ em đang làm ạ", [E("2.6", "in_progress")]),
    ("> Đề nghị các đơn vị hoàn thành trước 20/12\nDạ bên em chưa xong", [E(status=NOTDONE)]),
    ("> 4.7 Xây dựng kế hoạch CCHC năm 2027\n> hạn 31/12/2026\nem đã trình ký", [
        E("4.7", "in_progress", eta=None),
    ]),
    ("Re: 1.1 Rà soát TTHC - hoàn thành", [E("1.1")]),
    # ---- tasks named by their title ----
    ("việc rà soát TTHC xong rồi", [E()]),
    ("Kế hoạch tuyên truyền CCHC đã ban hành rồi anh", [E()]),
    ("Việc niêm yết TTHC em đang làm", [E(status="in_progress")]),
    ("cái báo cáo quý IV em gửi rồi", [E()]),
    ("phần tập huấn thì chưa tổ chức được anh ạ", [E(status=("not_started", "blocked"))]),
    ("Về số hóa hồ sơ: đã số hóa được 60%", [E(status="in_progress", pct=60)]),
    (
        "1. Rà soát TTHC: đã hoàn thành\n2. Niêm yết công khai: đang thực hiện",
        [E(status=("in_progress", *U))],
    ),
    ("Khảo sát mức độ hài lòng đã xong, còn báo cáo tổng hợp đang viết", [E(status="in_progress")]),
    # ---- two agencies in one reply ----
    ("bên em xong rồi, bên phòng Tư pháp chưa", [E(status=("done", "in_progress", "blocked"))]),
    ("1.2 phường em làm xong rồi, còn chờ phòng Nội vụ tổng hợp", [E("1.2", ("done", "in_progress", "blocked"))]),
    ("1.3 phòng TC-KH chưa cấp kinh phí nên phường chưa làm được", [
        E("1.3", ("blocked", "not_started"), note="kinh phí"),
    ]),
    ("1.4 phường Bến Nghé xong rồi, phường Đa Kao chưa", [E("1.4", ("in_progress", *U))]),
    ("2.7 phòng Nội vụ đã xong phần của mình, đang chờ phòng Tư pháp thẩm định", [
        E("2.7", ("done", "in_progress", "blocked")),
    ]),
    ("2.8 đơn vị phối hợp chưa gửi số liệu nên chưa tổng hợp được", [E("2.8", ("blocked", "not_started"))]),
    # ---- dates and times in replies ----
    ("1.5 đến 20/12 xong", [E("1.5", "in_progress", eta="2026-12-20")]),
    ("1.6 tuần sau xong", [E("1.6", "in_progress")]),
    ("1.7 cuối tháng xong anh", [E("1.7", "in_progress")]),
    ("1.8 cuối tháng này em gửi", [E("1.8", ("in_progress", *U))]),
    ("1.9 xong từ hôm 25/11 rồi", [E("1.9", eta=None)]),
    ("2.1 đã xong ngày 03/12/2026", [E("2.1", eta=None)]),
    ("2.2 hạn 15/12 nhưng em làm xong rồi", [E("2.2", eta=None)]),
    ("2.3 đang làm, chậm nhất 18/12 xong", [E("2.3", "in_progress", eta="2026-12-18")]),
    ("2.4 khoảng giữa tháng sau mới xong", [E("2.4", ("in_progress", *U))]),
    ("2.5 dự kiến quý I/2027 hoàn thành", [E("2.5", "in_progress")]),
    ("2.6 thứ Tư tuần này xong", [E("2.6", "in_progress", eta="2026-12-09")]),
    ("2.7 hôm qua em đã gửi rồi", [E("2.7", eta=None)]),
    ("2.8 ra Tết làm", [E("2.8", ("not_started", "in_progress", *U))]),
    # ---- percents and shares in words ----
    ("3.1 được năm mươi phần trăm", [E("3.1", "in_progress", 50)]),
    ("3.2 được một nửa rồi", [E("3.2", "in_progress", 50)]),
    ("3.3 gần xong", [E("3.3", "in_progress")]),
    ("3.4 sắp xong rồi anh", [E("3.4", "in_progress")]),
    ("3.5 được 3/4", [E("3.5", "in_progress", 75)]),
    ("3.6 được ba phần tư", [E("3.6", "in_progress")]),
    ("3.7 chín mươi phần trăm rồi", [E("3.7", "in_progress", 90)]),
    ("3.8 mới được mười phần trăm", [E("3.8", "in_progress", 10)]),
    ("3.9 xong quá nửa", [E("3.9", "in_progress")]),
    ("4.1 còn khoảng 20% nữa là xong", [E("4.1", "in_progress")]),
    ("4.2 đạt 100 phần trăm", [E("4.2", pct=100)]),
    ("4.3 được chừng 2 phần 3", [E("4.3", "in_progress")]),
    ("4.4 xong 99%", [E("4.4", "in_progress", 99)]),
    ("chắc chắn hoàn thành 100%", [E(status=("in_progress", *U))]),
    ("4.5 chắc chắn sẽ hoàn thành đúng hạn", [E("4.5", ("in_progress", *U))]),
    # ---- emoji ----
    ("4.6 ✅", [E("4.6")]),
    ("4.7 👌", [E("4.7", U)]),
    ("4.8 🆗", [E("4.8", U)]),
    ("4.9 ⏳ đang chờ ký", [E("4.9", "in_progress")]),
    ("5.1 🔄", [E("5.1", ("in_progress", *U))]),
    ("5.2 ✅ 5.3 🔄 5.4 ❌", [E("5.2"), E("5.3", ("in_progress", *U)), E("5.4", NOTDONE + U)]),
    ("✅✅✅", [E()]),
    ("5.5 xong ✅👍", [E("5.5")]),
    # ---- documents: sent, issued, signed, waiting ----
    ("5.6 đã nộp", [E("5.6")]),
    ("5.7 đã gửi văn bản về phòng Nội vụ", [E("5.7")]),
    ("5.8 đã ban hành QĐ", [E("5.8")]),
    ("5.9 đã trình ký", [E("5.9", "in_progress")]),
    ("6.1 chờ ký", [E("6.1", "in_progress")]),
    ("6.2 đang chờ thẩm định", [E("6.2", ("blocked", "in_progress"))]),
    ("6.3 đã có văn bản số 456/UBND gửi Sở", [E("6.3")]),
    ("6.4 đã trình UBND quận, chờ phê duyệt", [E("6.4", ("in_progress", "blocked"))]),
    ("6.5 văn bản đã ký số và phát hành", [E("6.5")]),
    ("6.6 đã gửi dự thảo xin ý kiến", [E("6.6", "in_progress")]),
    ("6.7 đã nộp bản cứng, bản mềm gửi sau", [E("6.7", ("done", "in_progress"))]),
    # ---- English mixed in ----
    ("6.8 done rồi", [E("6.8")]),
    ("6.9 ok xong", [E("6.9")]),
    ("7.1 pending", [E("7.1", ("in_progress", "blocked", *U))]),
    ("7.2 đã submit lên hệ thống", [E("7.2")]),
    ("7.3 đang process", [E("7.3", "in_progress")]),
    ("7.4 finish rồi anh", [E("7.4")]),
    ("7.5 đang pending chờ sếp duyệt", [E("7.5", ("in_progress", "blocked"))]),
    ("7.6 not yet anh ơi", [E("7.6", NOTDONE + U)]),
    ("7.7 complete 100%", [E("7.7", pct=100)]),
    ("7.8 delay do thiếu người", [E("7.8", ("blocked", "in_progress"))]),
    # ---- the whole of the work, or all tasks ----
    ("tất cả các nhiệm vụ tháng 12 đều đã hoàn thành", [E(all_tasks=True)]),
    ("Các nhiệm vụ được giao đơn vị đã hoàn thành hết", [E(all_tasks=True)]),
    ("xong hết rồi anh nhé", [E()]),
    ("1.2: Hoàn thành (theo kế hoạch là tháng 12)", [E("1.2", eta=None)]),
    ("1.3: Hoàn thành (hạn tháng 12)", [E("1.3", eta=None)]),
    ("1.4: Đang thực hiện (theo kế hoạch hoàn thành tháng 12)", [E("1.4", "in_progress")]),
    # ---- where a wrong "done" hides ----
    ("8.1 chưa chắc xong được", [E("8.1", NOTDONE + U)]),
    ("8.2 không biết đã xong chưa", [E("8.2", U)]),
    ("8.3 xong thế nào được anh", [E("8.3", NOTDONE + U)]),
    ("8.4 làm xong sao kịp", [E("8.4", NOTDONE + U)]),
    ("8.5 xong phần em thôi, cả phường thì chưa", [E("8.5", ("in_progress", *U))]),
    ("8.6 hoàn thành thì chưa, mới được phần đầu", [E("8.6", "in_progress")]),
    ("8.7 hy vọng tuần này hoàn thành", [E("8.7", ("in_progress", *U))]),
    ("8.8 đã hoàn thành? chưa đâu anh", [E("8.8", NOTDONE + U)]),
    ("8.9 không thể hoàn thành đúng hạn", [E("8.9", NOTDONE)]),
    ("9.1 muốn xong cũng phải chờ Sở", [E("9.1", ("blocked", *U))]),
    ("9.2 để xong thì cần thêm kinh phí", [E("9.2", ("blocked", *U))]),
    ("9.3 hôm trước báo xong nhưng giờ Sở yêu cầu làm lại", [E("9.3", ("in_progress", "blocked"))]),
    ("9.4 cơ bản đã xong, còn vài hồ sơ", [E("9.4", "in_progress")]),
    ("9.5 hoàn thành bước rà soát", [E("9.5", "in_progress")]),
    ("9.6 xong rồi hay sao ấy, để em hỏi lại", [E("9.6", U)]),
    ("9.7 em nghĩ là xong rồi", [E("9.7", ("in_progress", *U))]),
    ("9.8 đã xong đợt 1", [E("9.8", "in_progress")]),
    ("9.9 xong rồi mà chưa ký", [E("9.9", "in_progress")]),
]
