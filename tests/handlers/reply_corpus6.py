"""A sixth batch of replies, written before the reader saw them (branch replies11), each with what was meant.

What ward chairs and unit heads type on a phone: no diacritics or telex leftovers («xog», «dag lam»), abbreviations
(«ht», «đlàm», «vg»), several tasks with different statuses in one message, numbers in words, dates and names
inside, blockers with their reasons, extension requests, greetings, thanks and emoji around the report,
voice-to-text run-ons without punctuation, replies under a digest listing several series, and the sarcasm,
promises and guesses that are never a done. Read on Monday 07/12/2026 09:00 as the second corpus is; each row as
in tests/handlers/reply_corpus2.py.

The first 54 rows were written before any fix: 48 read as meant on main's code, none stored as a wrong "done" (the
six misread: «đlàm» and «vg kinh phí» unread, «đã gửi báo cáo ngày 12/3» read as a promise for next March, «xong
tuần này rồi» as a promise for Friday, «đợi em xíu, xong liền» as blocked).
"""

from __future__ import annotations

from tests.handlers.reply_corpus2 import NOTDONE, NOW, E, U, X, misread

__all__ = ["NOW", "ROWS", "misread"]

NOT_DONE_OR_ASKED = ("in_progress", *U)  # a promise, a guess or a joke: never done

ROWS: list[tuple[str, list[dict]]] = [
    # ==== the first batch (50), run through the reader unseen ====
    # ---- no diacritics, telex leftovers ----
    ("1.2 xog r a", [E("1.2")]),
    ("1.3 dag lam 60%", [E("1.3", "in_progress", 60)]),
    ("1.4 hoan thanh 70%", [E("1.4", "in_progress", 70)]),
    ("1.5 chua bat dau", [E("1.5", "not_started")]),
    ("1.6 vuong vi thieu nguoi", [E("1.6", "blocked", note="thieu nguoi")]),
    ("da xong het 2.1 va 2.2 roi a", [E("2.1"), E("2.2")]),
    ("2.3 ddang trieenr khai", [E("2.3", "in_progress")]),
    ("2.4 hoanf thanhf 100%", [E("2.4", pct=100)]),
    # ---- abbreviations ----
    ("1.7 đlàm", [E("1.7", "in_progress")]),
    ("1.8 vg kinh phí", [E("1.8", "blocked", note="kinh phí")]),
    ("2.5 ht r", [E("2.5")]),
    ("2.6 đth, dk 15/12 xong", [E("2.6", "in_progress", eta="2026-12-15")]),
    ("2.7 ctk", [E("2.7", ("not_started", *U))]),
    # ---- several tasks, different statuses ----
    (
        "3.1 xong, 3.2 đang làm 50%, 3.3 vướng mặt bằng",
        [E("3.1"), E("3.2", "in_progress", 50), E("3.3", "blocked", note="mặt bằng")],
    ),
    ("3.4 ht 3.5 đlàm 3.6 chưa", [E("3.4"), E("3.5", "in_progress"), E("3.6", NOTDONE + U)]),
    ("3.7 và 3.8 xong, còn 3.9 xin gia hạn đến 31/12", [E("3.7"), E("3.8"), X("3.9")]),
    # ---- numbers in words ----
    ("4.1 được tám mươi phần trăm", [E("4.1", "in_progress", 80)]),
    ("4.2 dat sau muoi phan tram", [E("4.2", "in_progress", 60)]),
    ("4.3 mới được một phần ba", [E("4.3", "in_progress")]),
    ("4.4 xong hai phần ba rồi", [E("4.4", "in_progress")]),
    # ---- dates and names inside ----
    ("4.5 đã gửi báo cáo ngày 12/3 cho Sở Nội vụ", [E("4.5", eta=None)]),
    ("4.6 đã ban hành QĐ số 215/QĐ-UBND ngày 01/12/2026", [E("4.6", eta=None, note="215/QĐ-UBND")]),
    ("4.7 anh Tuấn đang làm, dự kiến 20/12 xong", [E("4.7", "in_progress", eta="2026-12-20")]),
    ("4.8 chị Lan phòng VH-TT đã nộp ngày 5/12", [E("4.8", eta=None)]),
    # ---- blockers with reasons ----
    ("5.1 chưa làm được vì phần mềm một cửa bị lỗi", [E("5.1", "blocked", note="phần mềm")]),
    ("5.2 đang vướng do Sở chưa trả lời công văn", [E("5.2", "blocked", note="công văn")]),
    ("5.3 tạm dừng chờ chủ trương của quận", [E("5.3", "blocked", note="chủ trương")]),
    ("7.8 k làm đc vì thiếu người", [E("7.8", "blocked", note="thiếu người")]),
    # ---- extension requests ----
    ("5.4 xin lùi đến 30/6", [X("5.4")]),
    ("5.5 cho em xin thêm 1 tuần nha anh", [X("5.5")]),
    ("xin gia hạn 5.6 sang 15/1", [X("5.6")]),
    # ---- greetings, thanks, emoji ----
    ("Chào anh ạ, 5.7 em xong rồi ạ, cảm ơn anh nhiều 🙏", [E("5.7")]),
    ("dạ em chào chị, 5.8 đang làm nha chị 😊", [E("5.8", "in_progress")]),
    ("5.9 ✅ cảm ơn a", [E("5.9")]),
    ("chúc anh ngày mới vui vẻ ☀️", [E(None, U)]),
    ("6.1 xong 🎉🎉🎉", [E("6.1")]),
    # ---- voice-to-text run-ons ----
    (
        "dạ em báo cáo việc 6.2 bên phường em đã làm xong rồi còn việc 6.3 thì đang làm dự kiến tuần sau xong ạ",
        [E("6.2"), E("6.3", "in_progress")],
    ),
    ("anh ơi cái 6.4 hôm qua em gửi lên rồi đó anh kiểm tra giúp em với", [E("6.4")]),
    ("vâng em nhận được tin nhắn rồi việc 6.5 em đang triển khai chưa xong đâu ạ", [E("6.5", "in_progress")]),
    # ---- under a digest listing several series ----
    (
        "> 1.2 Báo cáo tuần về CCHC (hằng tuần, hạn 04/12)\n> 1.3 Báo cáo tháng (hạn 05/12)\n1.2 xong, 1.3 đang làm",
        [E("1.2"), E("1.3", "in_progress")],
    ),
    ("> 2.1 Cập nhật số liệu DVC trực tuyến (hằng tuần)\nxong tuần này rồi ạ", [E("2.1", eta=None)]),
    ("> 2.2 Báo cáo tháng 11\n> 2.3 Báo cáo tháng 12\nđã gửi", [E(None, ("done", *U))]),
    # ---- sarcasm, promises, guesses: never done ----
    ("6.6 xong ngay ấy mà", [E("6.6", NOT_DONE_OR_ASKED)]),
    ("6.7 em hứa thứ 6 xong", [E("6.7", NOT_DONE_OR_ASKED)]),
    ("6.8 xong cái gì mà xong, còn chưa có kinh phí", [E("6.8", ("blocked", "not_started", *U))]),
    ("6.9 xong rồi thì tốt quá 😅", [E("6.9", NOT_DONE_OR_ASKED)]),
    ("6.10 chắc xong rồi đó", [E("6.10", NOT_DONE_OR_ASKED)]),
    ("7.1 coi như xong", [E("7.1", NOT_DONE_OR_ASKED)]),
    ("7.2 đợi em xíu, xong liền", [E("7.2", NOT_DONE_OR_ASKED)]),
    ("7.3 làm gì đã xong, mới có dự thảo", [E("7.3", "in_progress")]),
    # ---- percents and parts ----
    ("7.4 hoàn thành 100% kế hoạch năm", [E("7.4", pct=100)]),
    ("7.5 0% ạ, chưa động tới", [E("7.5", ("not_started", *U))]),
    ("7.6 dang lam do dang", [E("7.6", "in_progress")]),
    ("7.7 xong phần khảo sát, còn báo cáo tổng hợp", [E("7.7", "in_progress")]),
]
