"""Every sentence the scheduler shows people: Vietnamese first, English second, dates as dd/mm/yyyy."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

VI: dict[str, str] = {
    "digest_title": "🔔 Nhắc việc CCHC — ngày {day}",
    "digest_agency": "Đơn vị: {agency}",
    "section_overdue": "⚠️ QUÁ HẠN",
    "section_upcoming": "📅 ĐẾN HẠN VÀ SẮP ĐẾN HẠN",
    "section_checkin": "🔁 NHIỆM VỤ THƯỜNG XUYÊN — báo cáo tiến độ tháng {month}",
    "section_escalation": "🚨 QUÁ HẠN, CHƯA HOÀN THÀNH",
    "section_blocked": "⛔ ĐƠN VỊ BÁO VƯỚNG MẮC",
    "section_nonresponder": "🔕 CHƯA PHẢN HỒI SAU KHI ĐƯỢC NHẮC",
    "item": "{n}. Nhiệm vụ {number}: {title}",
    "item_label": "   Mốc: {label}",
    "item_deliverable": "   Sản phẩm: {deliverable}",
    "item_agency": "   Đơn vị chủ trì: {agency}",
    "item_due": "   Thời hạn: {due} — {when}",
    "item_no_due": "   Thời hạn: thường xuyên",
    "item_bound": "   Thường xuyên, đến hết ngày {due}",
    "when_before": "còn {n} ngày làm việc",
    "when_today": "hôm nay là hạn chót",
    "when_overdue": "quá hạn {n} ngày làm việc",
    "status_blocked": "   Báo cáo gần nhất: vướng mắc",
    "more": "… và {n} mục khác (gõ /tasks hoặc /overdue để xem đủ).",
    "reply_hint": (
        "↩️ Trả lời (reply) tin nhắn này để báo cáo tiến độ, ví dụ: “{number} xong” hoặc "
        "“{number} đạt 60%, dự kiến {eta}”; hoặc bấm nút bên dưới."
    ),
    "button_done": "✅ {number} Xong",
    "button_progress": "🔄 {number} Đang làm",
    "button_blocked": "⛔ {number} Vướng",
    "unreachable": (
        "⚠️ Không gửi được tin nhắn cho {name}{agency} qua {channel}: người nhận đã chặn bot hoặc "
        "không còn liên lạc được. Đề nghị liên hệ trực tiếp và mời đăng ký lại."
    ),
    "unreachable_agency": " ({agency})",
    "unknown_person": "một người dùng",
    "unknown_task": "Không tìm thấy nhiệm vụ “{task}”.",
    "no_event": "Nhiệm vụ {number} không có mốc thời hạn nào phụ thuộc sự kiện nên không cần đặt ngày kích hoạt.",
}

EN: dict[str, str] = {
    "digest_title": "🔔 CCHC reminders — {day}",
    "digest_agency": "Agency: {agency}",
    "section_overdue": "⚠️ OVERDUE",
    "section_upcoming": "📅 DUE AND COMING UP",
    "section_checkin": "🔁 ONGOING TASKS — progress for {month}",
    "section_escalation": "🚨 OVERDUE, NOT DONE",
    "section_blocked": "⛔ AGENCIES REPORTING A BLOCKER",
    "section_nonresponder": "🔕 NO ANSWER AFTER A REMINDER",
    "item": "{n}. Task {number}: {title}",
    "item_label": "   Milestone: {label}",
    "item_deliverable": "   Deliverable: {deliverable}",
    "item_agency": "   Lead agency: {agency}",
    "item_due": "   Due: {due} — {when}",
    "item_no_due": "   Due: ongoing",
    "item_bound": "   Ongoing, until {due}",
    "when_before": "{n} working days left",
    "when_today": "due today",
    "when_overdue": "{n} working days overdue",
    "status_blocked": "   Latest report: blocked",
    "more": "… and {n} more (type /tasks or /overdue for all).",
    "reply_hint": (
        "↩️ Reply to this message to report progress, e.g. “{number} done” or "
        "“{number} 60%, eta {eta}”; or press a button below."
    ),
    "button_done": "✅ {number} Done",
    "button_progress": "🔄 {number} In progress",
    "button_blocked": "⛔ {number} Blocked",
    "unreachable": (
        "⚠️ Could not message {name}{agency} on {channel}: they blocked the bot or can no longer be "
        "reached. Please contact them directly and invite them again."
    ),
    "unreachable_agency": " ({agency})",
    "unknown_person": "a user",
    "unknown_task": "No task “{task}” found.",
    "no_event": "Task {number} has no milestone waiting on an event, so it needs no trigger date.",
}

CATALOGUES = {"vi": VI, "en": EN}


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The sentence `key` in `lang` (Vietnamese when missing), filled with `values`."""
    template = CATALOGUES.get(lang, VI).get(key) or VI[key]
    return template.format(**values)


@lru_cache(maxsize=4096)
def fmt_date(day: date) -> str:
    """dd/mm/yyyy, the way Vietnamese offices write dates."""
    return day.strftime("%d/%m/%Y")


def fmt_month(day: date) -> str:
    """mm/yyyy."""
    return day.strftime("%m/%Y")
