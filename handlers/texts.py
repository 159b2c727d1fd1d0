"""Every sentence the bot says, Vietnamese first, English second. Nothing is written elsewhere."""

from __future__ import annotations

from datetime import date

STATUS_VI = {
    "done": "Xong",
    "in_progress": "Đang làm",
    "blocked": "Vướng",
    "not_started": "Chưa thực hiện",
    "unclear": "Chưa rõ",
}
STATUS_EN = {
    "done": "Done",
    "in_progress": "In progress",
    "blocked": "Blocked",
    "not_started": "Not started",
    "unclear": "Unclear",
}
ROLE_VI = {"member": "thành viên", "head": "thủ trưởng", "secretary": "thư ký", "admin": "quản trị", "none": "chưa liên kết"}
ROLE_EN = {"member": "member", "head": "head", "secretary": "secretary", "admin": "admin", "none": "not linked"}

VI: dict[str, str] = {
    "welcome_new": (
        "Xin chào {name}! Đây là nhacviec, trợ lý theo dõi kế hoạch cải cách hành chính.\n"
        "Để bắt đầu, hãy nhập mã mời mà Phòng Nội vụ gửi bạn: /start MÃ"
    ),
    "welcome_back": "Chào {name}. Bạn đang là {role} của {agency}. Gõ /tasks để xem việc cần làm, /help để xem hướng dẫn.",
    "welcome_admin": "Chào {name}. Bạn là quản trị viên. Gõ /help để xem các lệnh.",
    "linked": "Đã liên kết bạn với {agency} (vai trò: {role}). Gõ /tasks để xem việc của đơn vị.",
    "linked_no_agency": "Đã cấp cho bạn vai trò {role}. Gõ /help để xem các lệnh.",
    "invite_unknown": "Mã mời không đúng. Vui lòng kiểm tra lại mã Phòng Nội vụ đã gửi.",
    "invite_used": "Mã mời này đã được sử dụng. Mỗi mã chỉ dùng được một lần; hãy xin Phòng Nội vụ mã mới.",
    "invite_expired": "Mã mời này đã hết hạn ngày {date}. Hãy xin Phòng Nội vụ mã mới.",
    "invite_throttled": "Bạn đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau một giờ.",
    "help_member": (
        "Các lệnh:\n"
        "/tasks — việc của đơn vị bạn, hạn gần nhất trước\n"
        "/report [số nhiệm vụ] — báo cáo tiến độ từng bước\n"
        "/cancel — thoát thao tác đang làm\n"
        "/channel — chọn ứng dụng nhận nhắc việc; /lienket — nối thêm ứng dụng chat khác\n\n"
        "Cách nhanh nhất: trả lời (reply) tin nhắc việc bằng một câu, ví dụ «xong», «60%», "
        "«vướng: chờ hướng dẫn của Sở», hoặc «1.2 xong, 1.6 đang làm 60%». "
        "Gửi kèm tệp hoặc ảnh để làm minh chứng."
    ),
    "help_secretary": (
        "\n\nThư ký / quản trị:\n"
        "/summary [tuần|tháng|quý] [đơn vị] — tổng hợp, kèm bảng Excel và biểu đồ\n"
        "/overdue — các việc trễ hạn\n"
        "/trigger SỐ NGÀY — đặt ngày phát sinh cho việc «Sau khi…» (ví dụ /trigger 1.1 15/03/2025)\n"
        "/set_committee — gõ trong nhóm Ban Chỉ đạo để nhận tổng hợp hằng tuần"
    ),
    "help_admin": (
        "\n\nQuản trị:\n"
        "/agencies — danh sách đơn vị và số người đã tham gia\n"
        "/agency_add TÊN — thêm đơn vị\n"
        "/agency_alias TÊN | TÊN KHÁC — thêm tên gọi khác\n"
        "/invite ĐƠN VỊ [member|head|secretary] — tạo mã mời\n"
        "/import — gửi tệp kế hoạch (.docx, .xlsx, .txt) kèm chú thích /import"
    ),
    "not_linked": "Bạn chưa được liên kết với đơn vị nào. Hãy nhập mã mời: /start MÃ",
    "not_allowed_admin": "Chỉ quản trị viên (Phòng Nội vụ) mới dùng được lệnh này.",
    "not_allowed_secretary": "Chỉ thư ký Ban Chỉ đạo hoặc quản trị viên mới dùng được lệnh này.",
    "not_allowed_task": "Nhiệm vụ {task} không do {agency} chủ trì hay phối hợp, nên bạn không báo cáo được việc này.",
    "not_allowed_agency_choice": "Nhiệm vụ {task} có nhiều đơn vị chủ trì; thư ký hãy báo cáo qua tài khoản của đơn vị.",
    "unknown_command": "Không hiểu lệnh {command}. Gõ /help để xem các lệnh.",
    "error": "Xin lỗi, đã có lỗi khi xử lý. Thông tin của bạn chưa bị mất; vui lòng thử lại sau ít phút.",
    "too_long": "Tin nhắn quá dài ({length} ký tự). Vui lòng gửi ngắn hơn {limit} ký tự.",
    "usage_agency_add": "Cách dùng: /agency_add TÊN ĐƠN VỊ (ví dụ: /agency_add Phòng Tư pháp)",
    "usage_agency_alias": "Cách dùng: /agency_alias TÊN ĐƠN VỊ | TÊN GỌI KHÁC (ví dụ: /agency_alias Phòng Văn hóa và Thông tin | Phòng VH-TT)",
    "usage_invite": "Cách dùng: /invite ĐƠN VỊ [member|head|secretary] (ví dụ: /invite Phường Bến Nghé head)",
    "usage_trigger": "Cách dùng: /trigger SỐ_NHIỆM_VỤ NGÀY (ví dụ: /trigger 1.1 15/03/2025)",
    "agency_added": "Đã thêm đơn vị «{name}» ({kind}).",
    "alias_added": "Đã thêm tên gọi «{alias}» cho {name}.",
    "agency_unknown": "Không tìm thấy đơn vị «{name}». Gõ /agencies để xem danh sách.",
    "agencies_header": "Danh sách đơn vị ({count}):",
    "agencies_line": "• {name} — {members} người, chủ trì {tasks} việc",
    "agencies_empty_header": "\nChưa ai tham gia ({count}):",
    "agencies_none": "Chưa có đơn vị nào. Thêm bằng /agency_add TÊN.",
    "invite_created": (
        "Mã mời cho {agency} (vai trò: {role}): {code}\n"
        "Hiệu lực đến {expires}, dùng một lần.\n"
        "Người nhận bấm liên kết hoặc gõ /start {code}"
    ),
    "invite_link": "\nLiên kết: {link}",
    "bad_role": "Vai trò «{role}» không hợp lệ. Chọn một trong: member, head, secretary.",
    "tasks_header": "Việc của {agency} ({count}):",
    "tasks_none": "{agency} không còn việc nào đang mở. Cảm ơn!",
    "tasks_footer": "\nTrả lời (reply) tin này để báo cáo, ví dụ «1.2 xong» hoặc «1.6 đang làm 60%».",
    "tasks_later": "\n… và {count} việc khác (hạn gần nhất {date}); gõ /report để chọn bất kỳ việc nào.",
    "tasks_undated": "… và {count} việc thường xuyên hoặc chờ sự kiện.",
    "task_line": "{mark} {number}. {title}\n   Sản phẩm: {deliverable}\n   Hạn: {due}",
    "task_line_nodeliv": "{mark} {number}. {title}\n   Hạn: {due}",
    "due_overdue": "{date} (trễ {days} ngày)",
    "due_ongoing": "thường xuyên",
    "due_event": "khi có sự kiện: {trigger}",
    "button_report": "Báo cáo {number}",
    "button_done": "Xong",
    "button_progress": "Đang làm",
    "button_blocked": "Vướng",
    "button_skip": "Bỏ qua",
    "button_confirm": "Xác nhận",
    "button_cancel": "Hủy",
    "button_create_unknown": "Tạo {count} đơn vị mới",
    "report_pick_task": "Chọn nhiệm vụ cần báo cáo (hoặc gõ /report SỐ, ví dụ /report 3.3):",
    "report_pick_status": "Nhiệm vụ {number}: {title}\nTình trạng hiện nay?",
    "report_ask_note": "Đã ghi nhận {number}: {status}. Gõ ghi chú nếu cần (ví dụ «chờ hướng dẫn của Sở»), gửi tệp minh chứng, hoặc bấm Bỏ qua.",
    "report_saved": "Đã ghi nhận {number}: {status}{extra}. Cảm ơn!",
    "report_saved_percent": ", {percent}%",
    "report_saved_eta": ", dự kiến xong {eta}",
    "report_updated": "Đã cập nhật báo cáo {number}: {status}{extra}.",
    "report_note_saved": "Đã lưu ghi chú cho {number}.",
    "report_unclear": "Chưa rõ tình trạng của {number}. Bạn chọn giúp:",
    "report_which_task": "Tin nhắc này có nhiều việc. Bạn báo cáo việc nào?",
    "report_no_task": "Không tìm thấy nhiệm vụ {task}. Gõ /tasks để xem số nhiệm vụ.",
    "report_no_open": "Đơn vị bạn không còn việc nào đang mở.",
    "evidence_saved": "Đã lưu minh chứng «{name}» cho {number}.",
    "evidence_too_big": "Tệp «{name}» lớn hơn 20 MB nên chỉ lưu tên và mã tệp, chưa tải về.",
    "evidence_where": "Bạn gửi minh chứng cho việc nào? Hãy trả lời (reply) tin nhắc việc, hoặc gõ /report trước.",
    "cancelled": "Đã thoát.",
    "nothing_to_cancel": "Không có thao tác nào đang làm.",
    "hint": "Gõ /tasks để xem việc, hoặc trả lời (reply) tin nhắc việc để báo cáo. /help để xem hướng dẫn.",
    "button_stale": "Nút này đã cũ. Gõ /tasks để lấy danh sách mới.",
    "import_need_file": "Hãy gửi tệp kế hoạch (.docx, .xlsx, .txt) kèm chú thích /import, hoặc trả lời tệp đó bằng /import.",
    "import_bad": "Không đọc được kế hoạch: {error}",
    "import_preview": (
        "Kế hoạch {code} — {title}\n"
        "Cơ quan ban hành: {issuer}; ngày {issued}\n"
        "{tasks} nhiệm vụ, {milestones} mốc thời hạn, {sections} lĩnh vực."
    ),
    "import_unknown": "\nĐơn vị chưa có trong danh sách ({count}): {names}",
    "import_warnings": "\nLưu ý ({count}):\n{lines}",
    "import_confirm": "\nBấm Xác nhận để lưu.",
    "import_done": "Đã lưu kế hoạch {code}: thêm {added}, cập nhật {updated}, bỏ {removed} nhiệm vụ.{extra}",
    "import_deadline_changes": " {count} thời hạn đã thay đổi (ghi trong nhật ký).",
    "import_cancelled": "Đã hủy nhập kế hoạch.",
    "import_created_agencies": "Đã tạo {count} đơn vị: {names}",
    "trigger_done": "Đã đặt ngày phát sinh {date} cho nhiệm vụ {number}; hạn mới: {due}.",
    "trigger_no_event": "Nhiệm vụ {number} không có mốc «khi có sự kiện» nào đang chờ.",
    "trigger_ask_date": "Nhiệm vụ {number} ({trigger}): sự kiện xảy ra ngày nào? Gõ ngày/tháng/năm, ví dụ 15/03/2025.",
    "bad_date": "Không hiểu ngày «{text}». Hãy gõ theo dạng ngày/tháng/năm, ví dụ 15/03/2025.",
    "committee_set": "Nhóm này sẽ nhận bản tổng hợp hằng tuần của Ban Chỉ đạo.",
    "committee_group_only": "Hãy gõ /set_committee trong nhóm chat của Ban Chỉ đạo.",
    "group_not_member": "Trong nhóm, chỉ người của đơn vị được giao mới báo cáo được nhiệm vụ này.",
    "kind_unit": "phòng, ban, đơn vị",
    "kind_ward": "phường",
    "kind_committee": "ban chỉ đạo",
    "kind_external": "ngoài hệ thống",
    # one person on several chat apps (/lienket, /channel)
    "link_code_created": (
        "Mã liên kết tài khoản: {code}\n"
        "Hiệu lực {minutes} phút, dùng một lần.\n"
        "Mở nhacviec trên ứng dụng chat còn lại (ví dụ Zalo hoặc Telegram) và gõ: /start {code}"
    ),
    "link_code_private": "Hãy gõ lệnh này trong tin nhắn riêng với bot, không gõ trong nhóm.",
    "link_code_expired": "Mã liên kết đã hết hạn. Gõ /lienket ở ứng dụng kia để lấy mã mới.",
    "link_same_user": "Tài khoản này đã là của bạn rồi; không cần liên kết nữa.",
    "link_attached": (
        "Đã nối tài khoản {channel} này với {name} ({role}). "
        "Từ nay nhắc việc gửi qua {channel}; gõ /channel để chọn kênh khác."
    ),
    "channel_status": "Nhắc việc đang gửi qua: {current}{how}.\nCác kênh đã liên kết: {channels}.",
    "channel_how_chosen": " (bạn đã chọn)",
    "channel_how_default": " (mặc định: kênh liên kết gần nhất)",
    "channel_change": "\nĐổi kênh: /channel {example} (hoặc /channel auto để theo kênh liên kết gần nhất).",
    "channel_add": "\nĐể nhận nhắc việc ở ứng dụng khác: gõ /lienket ở đây rồi gõ /start MÃ ở ứng dụng kia.",
    "channel_set": "Từ nay nhắc việc gửi qua {channel}.",
    "channel_auto": "Từ nay nhắc việc gửi qua kênh bạn liên kết gần nhất ({channel}).",
    "channel_not_linked": (
        "Bạn chưa liên kết kênh «{channel}». Các kênh đã liên kết: {channels}.\n"
        "Để thêm kênh: gõ /lienket ở đây rồi gõ /start MÃ ở ứng dụng kia."
    ),
    "channel_unreachable": "Bot không nhắn được cho bạn qua {channel} (bị chặn hoặc mất liên lạc). Hãy nhắn cho bot trên {channel} rồi thử lại.",
    # chat apps without buttons or files (the adapter renders with these)
    "choices_pick": "Trả lời {numbers} để chọn.",
    "choices_range": "Trả lời một số từ 1 đến {n} để chọn.",
    "choices_or": "hoặc",
    "file_link": "📎 {name}: {url}",
    "file_not_sent": "📎 Tệp «{name}» không gửi được qua ứng dụng này; hãy nhờ thư ký gửi bản đầy đủ.",
    "unsupported_message": "Bot chưa đọc được loại tin nhắn này. Hãy gửi chữ hoặc ảnh.",
    "quota_warning": (
        "⚠️ Bot {channel} đã gửi {sent}/{quota} tin trong tháng {month} ({percent}%). "
        "Khi hết hạn mức, nhắc việc qua {channel} sẽ dừng đến đầu tháng sau: hãy nâng hạn mức "
        "hoặc đề nghị mọi người chuyển sang kênh khác (/lienket, /channel)."
    ),
    "quota_exhausted": (
        "🚫 Bot {channel} đã hết hạn mức tin nhắn tháng {month} ({sent} tin đã gửi). Đã dừng gửi qua "
        "{channel}; người chỉ dùng {channel} sẽ không nhận được nhắc việc cho đến khi có hạn mức mới."
    ),
}

EN: dict[str, str] = {
    "welcome_new": "Hello {name}! This is nhacviec, the reform-plan follow-up assistant.\nTo begin, type the invite code you were given: /start CODE",
    "welcome_back": "Hello {name}. You are {role} of {agency}. Type /tasks for your tasks, /help for help.",
    "welcome_admin": "Hello {name}. You are an administrator. Type /help for the commands.",
    "linked": "Linked you to {agency} (role: {role}). Type /tasks to see the agency's tasks.",
    "linked_no_agency": "You now have the role {role}. Type /help for the commands.",
    "invite_unknown": "That invite code is not valid. Please check the code you were sent.",
    "invite_used": "That invite code has already been used. Each code works once; ask for a new one.",
    "invite_expired": "That invite code expired on {date}. Ask for a new one.",
    "invite_throttled": "Too many wrong codes. Please try again in an hour.",
    "help_member": (
        "Commands:\n/tasks — your agency's tasks, nearest deadline first\n/report [task] — report step by step\n"
        "/cancel — leave the current step\n/channel — where reminders go; /lienket — add another chat app\n\nQuickest: reply to a reminder with a few words, e.g. «done», «60%», "
        "«blocked: waiting for guidance», or «1.2 done, 1.6 60%». Send a file or photo as evidence."
    ),
    "help_secretary": (
        "\n\nSecretary / admin:\n/summary [week|month|quarter] [agency]\n/overdue\n/trigger TASK DATE\n/set_committee (in the committee group)"
    ),
    "help_admin": (
        "\n\nAdmin:\n/agencies\n/agency_add NAME\n/agency_alias NAME | ALIAS\n/invite AGENCY [member|head|secretary]\n"
        "/import — send a plan file with caption /import"
    ),
    "not_linked": "You are not linked to an agency yet. Type your invite code: /start CODE",
    "not_allowed_admin": "Only administrators can use this command.",
    "not_allowed_secretary": "Only the committee secretary or an administrator can use this command.",
    "not_allowed_task": "Task {task} is not led or supported by {agency}, so you cannot report on it.",
    "not_allowed_agency_choice": "Task {task} has several lead agencies; report from an agency account.",
    "unknown_command": "Unknown command {command}. Type /help.",
    "error": "Sorry, something went wrong. Nothing you sent was lost; please try again in a few minutes.",
    "too_long": "Message too long ({length} characters). Please keep it under {limit}.",
    "usage_agency_add": "Usage: /agency_add NAME",
    "usage_agency_alias": "Usage: /agency_alias NAME | ALIAS",
    "usage_invite": "Usage: /invite AGENCY [member|head|secretary]",
    "usage_trigger": "Usage: /trigger TASK DATE (e.g. /trigger 1.1 15/03/2025)",
    "agency_added": "Added agency «{name}» ({kind}).",
    "alias_added": "Added alias «{alias}» for {name}.",
    "agency_unknown": "No agency «{name}». Type /agencies for the list.",
    "agencies_header": "Agencies ({count}):",
    "agencies_line": "• {name} — {members} people, leads {tasks} tasks",
    "agencies_empty_header": "\nNobody joined yet ({count}):",
    "agencies_none": "No agencies yet. Add one with /agency_add NAME.",
    "invite_created": "Invite for {agency} (role: {role}): {code}\nValid until {expires}, single use.\nOpen the link or type /start {code}",
    "invite_link": "\nLink: {link}",
    "bad_role": "Role «{role}» is not valid. Choose member, head or secretary.",
    "tasks_header": "Tasks of {agency} ({count}):",
    "tasks_none": "{agency} has no open tasks. Thank you!",
    "tasks_footer": "\nReply to this message to report, e.g. «1.2 done» or «1.6 60%».",
    "tasks_later": "\n… and {count} more (nearest deadline {date}); type /report to pick any of them.",
    "tasks_undated": "… and {count} ongoing or event-triggered tasks.",
    "task_line": "{mark} {number}. {title}\n   Deliverable: {deliverable}\n   Due: {due}",
    "task_line_nodeliv": "{mark} {number}. {title}\n   Due: {due}",
    "due_overdue": "{date} ({days} days late)",
    "due_ongoing": "ongoing",
    "due_event": "on event: {trigger}",
    "button_report": "Report {number}",
    "button_done": "Done",
    "button_progress": "In progress",
    "button_blocked": "Blocked",
    "button_skip": "Skip",
    "button_confirm": "Confirm",
    "button_cancel": "Cancel",
    "button_create_unknown": "Create {count} agencies",
    "report_pick_task": "Choose the task to report on (or type /report NUMBER, e.g. /report 3.3):",
    "report_pick_status": "Task {number}: {title}\nWhat is its status?",
    "report_ask_note": "Recorded {number}: {status}. Type a note if needed, send an evidence file, or press Skip.",
    "report_saved": "Recorded {number}: {status}{extra}. Thank you!",
    "report_saved_percent": ", {percent}%",
    "report_saved_eta": ", expected {eta}",
    "report_updated": "Updated report {number}: {status}{extra}.",
    "report_note_saved": "Saved the note for {number}.",
    "report_unclear": "The status of {number} is unclear. Please choose:",
    "report_which_task": "This reminder lists several tasks. Which one are you reporting on?",
    "report_no_task": "No task {task}. Type /tasks for task numbers.",
    "report_no_open": "Your agency has no open tasks.",
    "evidence_saved": "Saved evidence «{name}» for {number}.",
    "evidence_too_big": "«{name}» is over 20 MB: only its name and file id were kept.",
    "evidence_where": "Which task is this evidence for? Reply to the reminder, or type /report first.",
    "cancelled": "Cancelled.",
    "nothing_to_cancel": "Nothing to cancel.",
    "hint": "Type /tasks for your tasks, or reply to a reminder to report. /help for help.",
    "button_stale": "This button is out of date. Type /tasks for a fresh list.",
    "import_need_file": "Send the plan file (.docx, .xlsx, .txt) with caption /import, or reply /import to it.",
    "import_bad": "Could not read the plan: {error}",
    "import_preview": "Plan {code} — {title}\nIssued by {issuer} on {issued}\n{tasks} tasks, {milestones} deadlines, {sections} areas.",
    "import_unknown": "\nAgencies not registered ({count}): {names}",
    "import_warnings": "\nWarnings ({count}):\n{lines}",
    "import_confirm": "\nPress Confirm to save.",
    "import_done": "Saved plan {code}: {added} added, {updated} updated, {removed} removed.{extra}",
    "import_deadline_changes": " {count} deadlines changed (see the audit log).",
    "import_cancelled": "Import cancelled.",
    "import_created_agencies": "Created {count} agencies: {names}",
    "trigger_done": "Set the trigger date {date} for task {number}; new deadline: {due}.",
    "trigger_no_event": "Task {number} has no event milestone waiting.",
    "trigger_ask_date": "Task {number} ({trigger}): on what date did it happen? Type day/month/year, e.g. 15/03/2025.",
    "bad_date": "Cannot read the date «{text}». Type it as day/month/year, e.g. 15/03/2025.",
    "committee_set": "This group will receive the committee's weekly summary.",
    "committee_group_only": "Type /set_committee in the committee's group chat.",
    "group_not_member": "In a group, only people of the responsible agency can report on this task.",
    "kind_unit": "unit",
    "kind_ward": "ward",
    "kind_committee": "committee",
    "kind_external": "external",
    "link_code_created": (
        "Account link code: {code}\nValid for {minutes} minutes, single use.\n"
        "Open nhacviec in your other chat app (e.g. Zalo or Telegram) and type: /start {code}"
    ),
    "link_code_private": "Type this command in a private chat with the bot, not in a group.",
    "link_code_expired": "That link code has expired. Type /lienket in the other app for a new one.",
    "link_same_user": "This account is already yours; nothing to link.",
    "link_attached": (
        "Linked this {channel} account to {name} ({role}). Reminders now go to {channel}; "
        "type /channel to choose another channel."
    ),
    "channel_status": "Reminders go to: {current}{how}.\nLinked channels: {channels}.",
    "channel_how_chosen": " (your choice)",
    "channel_how_default": " (default: the channel linked last)",
    "channel_change": "\nChange: /channel {example} (or /channel auto for the channel linked last).",
    "channel_add": "\nTo get reminders in another app: type /lienket here, then /start CODE there.",
    "channel_set": "Reminders now go to {channel}.",
    "channel_auto": "Reminders now go to the channel you linked last ({channel}).",
    "channel_not_linked": (
        "You have not linked «{channel}». Linked channels: {channels}.\n"
        "To add one: type /lienket here, then /start CODE in the other app."
    ),
    "channel_unreachable": "The bot cannot reach you on {channel} (blocked or gone). Message the bot on {channel}, then try again.",
    "choices_pick": "Reply {numbers} to choose.",
    "choices_range": "Reply a number from 1 to {n} to choose.",
    "choices_or": "or",
    "file_link": "📎 {name}: {url}",
    "file_not_sent": "📎 «{name}» cannot be sent through this app; ask the secretary for the full file.",
    "unsupported_message": "The bot cannot read this kind of message yet. Send text or a photo.",
    "quota_warning": (
        "⚠️ The {channel} bot has sent {sent}/{quota} messages in {month} ({percent}%). When the quota "
        "runs out, reminders through {channel} stop until next month: raise the quota or move people "
        "to another channel (/lienket, /channel)."
    ),
    "quota_exhausted": (
        "🚫 The {channel} bot has used up its message quota for {month} ({sent} sent). Sending through "
        "{channel} has stopped; people only on {channel} get no reminders until the quota is renewed."
    ),
}

CATALOGUES = {"vi": VI, "en": EN}


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The sentence `key` in `lang` (Vietnamese when missing), filled with `values`."""
    template = CATALOGUES.get(lang, VI).get(key) or VI[key]
    return template.format(**values)


def status_label(status: str, lang: str = "vi") -> str:
    """A report status as people say it."""
    return (STATUS_EN if lang == "en" else STATUS_VI).get(status, status)


def role_label(role: str, lang: str = "vi") -> str:
    """A role as people say it."""
    return (ROLE_EN if lang == "en" else ROLE_VI).get(role, role)


def fmt_date(day: date | str | None) -> str:
    """dd/mm/yyyy, the way Vietnamese offices write dates."""
    if day is None:
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    return day.strftime("%d/%m/%Y")
