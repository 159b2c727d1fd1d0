"""The fake Telegram Bot API, driven through the real python-telegram-bot stack."""

from __future__ import annotations

import asyncio
import threading
import warnings
from collections.abc import AsyncIterator, Iterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from tests.fakegram import BOT_TOKEN, FakeRequest, FakeTelegram, FakeTelegramServer

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Xong", callback_data="done:1")]])


def retry_seconds(exc: RetryAfter) -> int:
    """RetryAfter.retry_after in whole seconds, whether PTB gives an int or a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value if isinstance(value, int) else int(value.total_seconds())


class ManualClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake() -> FakeTelegram:
    fake = FakeTelegram()
    fake.add_user(1, first_name="Lan")
    return fake


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(BOT_TOKEN, request=FakeRequest(fake), get_updates_request=FakeRequest(fake)) as bot:
        yield bot


@pytest.fixture
def server(fake: FakeTelegram) -> Iterator[FakeTelegramServer]:
    with fake.serve_http(hold_seconds=10) as server:
        yield server


# ------------------------------------------------------------------ sending


async def test_send_message_is_stored_and_ids_match(fake: FakeTelegram, bot: Bot) -> None:
    first = await bot.send_message(1, "<b>Xin chào</b> &amp; hẹn gặp", parse_mode="HTML", reply_markup=KEYBOARD)
    second = await bot.send_message(1, "lần hai")

    assert [m.message_id for m in fake.messages_to(1)] == [first.message_id, second.message_id]
    assert second.message_id == first.message_id + 1
    stored = fake.sent[0]
    assert stored.text == "<b>Xin chào</b> &amp; hẹn gặp"
    assert stored.plain == "Xin chào & hẹn gặp"
    assert stored.parse_mode == "HTML"
    assert stored.button_data("Xong") == "done:1"
    assert first.text == "Xin chào & hẹn gặp"
    assert first.entities[0].type == "bold" and (first.entities[0].offset, first.entities[0].length) == (0, 8)
    assert first.reply_markup == KEYBOARD
    assert first.from_user.username == "nhacviec_test_bot"
    assert fake.last_to(1).message_id == second.message_id
    assert [c.method for c in fake.calls] == ["getMe", "sendMessage", "sendMessage"]


async def test_reply_parameters_nest_the_replied_message(fake: FakeTelegram, bot: Bot) -> None:
    mid = fake.user_sends(1, "báo cáo xong")
    answer = await bot.send_message(1, "Đã ghi nhận", reply_to_message_id=mid)
    assert fake.last_to(1).reply_to == mid
    assert answer.reply_to_message.text == "báo cáo xong"
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(1, "x", reply_to_message_id=999)


async def test_unknown_chat_is_not_found(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(42, "ai đây?")


@pytest.mark.parametrize(
    ("text", "parse_mode", "error"),
    [
        ("<b>chưa đóng", "HTML", "can't parse entities"),
        ("dòng một<br>dòng hai", "HTML", "can't parse entities"),
        ("<b><i>sai thứ tự</b></i>", "HTML", "can't parse entities"),
        ("hạn 31.3", "MarkdownV2", "can't parse entities"),
        ("x" * 4097, None, "message is too long"),
        ("", None, "message text is empty"),
        ("<b></b>  ", "HTML", "message text is empty"),
        ("hi", "Latex", "unsupported parse_mode"),
    ],
)
async def test_send_message_errors(fake: FakeTelegram, bot: Bot, text: str, parse_mode: str | None,
                                   error: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)" + error):
        await bot.send_message(1, text, parse_mode=parse_mode)
    assert fake.sent == []
    assert fake.calls[-1].status == 400


async def test_html_length_counts_visible_text(bot: Bot) -> None:
    msg = await bot.send_message(1, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    assert len(msg.text) == 4096


async def test_callback_data_over_64_bytes_is_refused(bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Xong", callback_data="ư" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(1, "x", reply_markup=markup)


# ------------------------------------------------------------------ editing


async def test_edit_not_modified_and_keyboard_dropped(fake: FakeTelegram, bot: Bot) -> None:
    msg = await bot.send_message(1, "Còn 3 ngày", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Còn 3 ngày", chat_id=1, message_id=msg.message_id, reply_markup=KEYBOARD)

    edited = await bot.edit_message_text("Còn 3 ngày", chat_id=1, message_id=msg.message_id)
    assert edited.reply_markup is None
    assert fake.last_to(1).reply_markup is None
    assert fake.last_to(1).edited

    edited = await bot.edit_message_text("Còn 2 ngày", chat_id=1, message_id=msg.message_id, reply_markup=KEYBOARD)
    assert edited.text == "Còn 2 ngày" and edited.reply_markup == KEYBOARD
    assert fake.last_to(1).history == ["Còn 3 ngày", "Còn 3 ngày"]

    await bot.edit_message_reply_markup(chat_id=1, message_id=msg.message_id)
    assert fake.last_to(1).buttons == []
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(chat_id=1, message_id=msg.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=1, message_id=999)


async def test_delete_message(fake: FakeTelegram, bot: Bot) -> None:
    msg = await bot.send_message(1, "tạm")
    assert await bot.delete_message(1, msg.message_id)
    assert fake.last_to(1) is None
    assert fake.messages_to(1, include_deleted=True)[0].deleted
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(1, msg.message_id)


# ------------------------------------------------------------------ faults


async def test_injected_429_raises_retry_after(fake: FakeTelegram, bot: Bot) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(1, "nhắc việc")
    assert retry_seconds(caught.value) == 7
    assert fake.too_many_requests == 1
    await bot.send_message(1, "nhắc việc")
    assert len(fake.sent) == 1


async def test_forbidden_when_blocked_or_injected(fake: FakeTelegram, bot: Bot) -> None:
    fake.block(1)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(1, "x")
    fake.unblock(1)
    fake.fail_next("sendMessage", status=403)
    with pytest.raises(Forbidden, match=r"(?i)blocked"):
        await bot.send_message(1, "x")
    await bot.send_message(1, "x")
    assert [c.status for c in fake.calls_to("sendMessage")] == [403, 403, 200]


async def test_server_errors_and_custom_400(fake: FakeTelegram, bot: Bot) -> None:
    fake.fail_next("sendMessage", status=502)
    fake.fail_next("*", status=400, description="Bad Request: something odd")
    with pytest.raises(NetworkError, match=r"(?i)Bad Gateway"):
        await bot.send_message(1, "x")
    with pytest.raises(BadRequest, match=r"(?i)something odd"):
        await bot.send_message(1, "x")
    assert fake.sent == []


async def test_timeout_applied_keeps_the_message(fake: FakeTelegram, bot: Bot) -> None:
    fake.fail_next("sendMessage", kind="timeout", applied=True)
    fake.fail_next("sendMessage", kind="reset")
    with pytest.raises(TimedOut):
        await bot.send_message(1, "đã tới Telegram")
    with pytest.raises(NetworkError):
        await bot.send_message(1, "không tới")
    assert [m.plain for m in fake.sent] == ["đã tới Telegram"]


async def test_fail_rate_is_seeded(fake: FakeTelegram, bot: Bot) -> None:
    async def run() -> list[str]:
        outcomes = []
        for _ in range(40):
            try:
                await bot.send_message(1, "x")
                outcomes.append("ok")
            except TimedOut:
                outcomes.append("timeout")
            except NetworkError as exc:
                outcomes.append(type(exc).__name__ + str(exc)[:12])
        return outcomes

    fake.fail_rate(0.5, seed=7)
    first = await run()
    fake.fail_rate(0.5, seed=7)
    second = await run()
    fake.fail_rate(0)
    assert first == second
    assert 5 < first.count("ok") < 35
    assert "timeout" in first


async def test_enforced_limits(fake: FakeTelegram, bot: Bot) -> None:
    clock = ManualClock()
    fake.enforce_limits(global_per_sec=3, per_chat_per_sec=1, per_group_per_min=2, clock=clock)
    fake.add_user(2)
    fake.add_user(3)
    fake.add_user(4)
    fake.add_group(-100, title="Ban chỉ đạo")

    await bot.send_message(1, "a")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(1, "b")
    assert retry_seconds(caught.value) == 1
    await bot.send_message(2, "a")
    await bot.send_message(3, "a")
    with pytest.raises(RetryAfter):  # global cap of 3 per second
        await bot.send_message(4, "a")
    assert fake.limit_hits == 2 and fake.limit_hits_by_chat == {1: 1, 4: 1}

    clock.now += 1.0
    await bot.send_message(1, "b")
    await bot.send_message(-100, "g1")
    clock.now += 1.0
    await bot.send_message(-100, "g2")
    clock.now += 1.0
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(-100, "g3")
    assert retry_seconds(caught.value) == 58
    clock.now += 58
    await bot.send_message(-100, "g3")
    assert fake.limit_hits == 3


async def test_unknown_method_and_wrong_token(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})
    assert fake.unknown_methods == ["sendTelepathy"]
    other = Bot("999:wrong", request=FakeRequest(fake))
    with pytest.raises(InvalidToken):
        await other.get_me()


# ------------------------------------------------------------------ updates


async def test_long_poll_wakes_on_update_and_offset_confirms(fake: FakeTelegram, bot: Bot) -> None:
    assert await bot.get_updates(timeout=0) == ()
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for(lambda: fake.active_polls)  # the long poll is waiting
    assert not poll.done()
    mid = fake.user_sends(1, "/start")
    updates = await asyncio.wait_for(poll, 5)
    assert [u.message.message_id for u in updates] == [mid]
    assert updates[0].message.text == "/start"
    assert updates[0].message.entities[0].type == "bot_command"
    assert len(await bot.get_updates(timeout=0)) == 1  # not yet confirmed
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()
    assert fake.pending_updates() == []


async def test_second_long_poll_makes_the_first_conflict(bot: Bot, fake: FakeTelegram) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for(lambda: fake.active_polls)
    second = asyncio.create_task(bot.get_updates(timeout=30))
    with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates"):
        await asyncio.wait_for(first, 5)
    fake.user_sends(1, "hi")
    assert len(await asyncio.wait_for(second, 5)) == 1


async def test_webhook_blocks_get_updates(bot: Bot) -> None:
    assert await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(Conflict, match=r"(?i)webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_reply_to_bot_message_carries_full_message(fake: FakeTelegram, bot: Bot) -> None:
    reminder = await bot.send_message(1, "Nhiệm vụ 3 đến hạn", reply_markup=KEYBOARD)
    fake.user_sends(1, "xong 80%", reply_to=reminder.message_id)
    fake.user_edits(1, fake.user_sends(1, "sai"), "đúng")
    updates = await bot.get_updates()
    reply = updates[0].message.reply_to_message
    assert reply.message_id == reminder.message_id
    assert reply.from_user.is_bot and reply.from_user.id == bot.id
    assert reply.reply_markup == KEYBOARD
    assert updates[-1].edited_message.text == "đúng"


async def test_group_privacy_mode(fake: FakeTelegram, bot: Bot) -> None:
    group = -1001234567890
    fake.user_sends(5, "chào cả nhóm", chat_id=group, chat_type="supergroup", chat_title="Phường 1")
    fake.user_sends(6, "/status@other_bot", chat_id=group, chat_type="supergroup")
    cmd = fake.user_sends(6, "/status@nhacviec_test_bot", chat_id=group, chat_type="supergroup")
    ping = await bot.send_message(group, "Nhắc việc tuần này")
    reply = fake.user_sends(5, "đang làm", chat_id=group, chat_type="supergroup", reply_to=ping.message_id)
    updates = await bot.get_updates()
    assert [u.message.message_id for u in updates] == [cmd, reply]
    assert updates[0].message.chat.title == "Phường 1"
    assert {u.message.from_user.id for u in updates} == {5, 6}
    with pytest.raises(ValueError, match=r"(?i)negative"):
        fake.user_sends(5, "x", chat_id=5, chat_type="group")


async def test_commands_round_trip(bot: Bot, fake: FakeTelegram) -> None:
    await bot.set_my_commands([("summary", "Tổng hợp"), ("overdue", "Quá hạn")])
    assert [c.command for c in await bot.get_my_commands()] == ["summary", "overdue"]
    assert fake.commands()[0] == {"command": "summary", "description": "Tổng hợp"}
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Summary", "Tổng hợp")])


async def test_callback_answered_twice_is_bad_request(fake: FakeTelegram, bot: Bot) -> None:
    msg = await bot.send_message(1, "Xác nhận?", reply_markup=KEYBOARD)
    query_id = fake.user_presses(1, msg.message_id, "done:1")
    (update,) = await bot.get_updates()
    assert update.callback_query.data == "done:1"
    assert update.callback_query.message.message_id == msg.message_id
    assert await bot.answer_callback_query(query_id, text="Đã ghi nhận")
    assert fake.callback_answers[query_id]["text"] == "Đã ghi nhận"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(ValueError, match=r"(?i)no button"):
        fake.user_presses(1, msg.message_id, "nope")


async def test_user_document_download_and_bot_uploads(fake: FakeTelegram, bot: Bot) -> None:
    data = "minh chứng".encode() * 100
    mid = fake.user_sends_document(1, "Báo cáo.docx", data, caption="kèm file", mime_type="application/msword")
    (update,) = await bot.get_updates()
    doc = update.message.document
    assert update.message.message_id == mid and doc.file_name == "Báo cáo.docx" and doc.file_size == len(data)
    tg_file = await bot.get_file(doc.file_id)
    assert bytes(await tg_file.download_as_bytearray()) == data

    sent = await bot.send_document(1, document=b"a,b\n1,2\n", filename="Tổng hợp.csv", caption="<i>tuần 12</i>",
                                   parse_mode="HTML")
    stored = fake.last_to(1)
    assert (stored.method, stored.file_name, stored.file_bytes, stored.plain) == (
        "sendDocument", "Tổng hợp.csv", b"a,b\n1,2\n", "tuần 12")
    assert sent.document.file_name == "Tổng hợp.csv" and sent.caption == "tuần 12"

    photo = await bot.send_photo(1, photo=PNG)
    assert photo.photo[-1].file_size == len(PNG)
    with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
        await bot.send_photo(1, photo=b"not an image")
    photo_mid = fake.user_sends_photo(1, PNG, caption="ảnh hiện trường")
    (update,) = await bot.get_updates(offset=update.update_id + 1)
    assert update.message.message_id == photo_mid
    assert await (await update.message.photo[-1].get_file()).download_as_bytearray() == bytearray(PNG)


async def test_chat_action_and_get_chat(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_chat_action(1, "typing")
    assert fake.chat_actions == [(1, "typing")]
    chat = await bot.get_chat(1)
    assert chat.first_name == "Lan"


async def test_wait_for_times_out_loudly(fake: FakeTelegram) -> None:
    with pytest.raises(TimeoutError):
        await fake.wait_for(lambda: fake.sent, timeout=0.05)
    with pytest.raises(TimeoutError):
        fake.wait_for_sync(lambda: fake.sent, timeout=0.05)


# ------------------------------------------------------------------ Application


async def test_application_answers_start_through_long_polling(fake: FakeTelegram) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(
            "Chào <b>bạn</b>", parse_mode="HTML", reply_markup=KEYBOARD, do_quote=True
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("OK")
        await update.callback_query.edit_message_text("Đã xong")

    app = (
        Application.builder()
        .token(BOT_TOKEN)
        .request(FakeRequest(fake))
        .get_updates_request(FakeRequest(fake))
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.updater.start_polling(timeout=10)
        await app.start()
        try:
            mid = fake.user_sends(1, "/start")
            reply = await fake.wait_for_message(1, after=mid)
            assert reply.plain == "Chào bạn" and reply.reply_to == mid
            query_id = fake.user_presses(1, reply.message_id, "done:1")
            await fake.wait_for(lambda: fake.last_to(1).plain == "Đã xong")
            assert fake.callback_answers[query_id] == {"text": "OK"}
        finally:
            await app.updater.stop()
            await app.stop()
    assert fake.unknown_methods == []
    assert fake.errors() == []
    assert fake.pending_updates() == []


# ------------------------------------------------------------------ HTTP


async def test_http_get_me_and_send_message(fake: FakeTelegram, server: FakeTelegramServer) -> None:
    async with Bot(BOT_TOKEN, base_url=server.base_url, base_file_url=server.base_file_url) as bot:
        me = await bot.get_me()
        assert me.username == "nhacviec_test_bot"
        msg = await bot.send_message(1, "<b>qua socket</b>", parse_mode="HTML", reply_markup=KEYBOARD)
        assert msg.message_id == fake.last_to(1).message_id
        assert fake.last_to(1).reply_markup == KEYBOARD.to_dict()
        assert fake.calls[-1].transport == "http"

        await bot.send_document(1, document=b"%PDF-1.4 ...", filename="Kế hoạch.pdf")
        assert (fake.last_to(1).file_name, fake.last_to(1).file_bytes) == ("Kế hoạch.pdf", b"%PDF-1.4 ...")

        fake.user_sends_document(1, "minh chứng.xlsx", b"PK\x03\x04data")
        (update,) = await bot.get_updates()
        tg_file = await update.message.document.get_file()
        assert await tg_file.download_as_bytearray() == bytearray(b"PK\x03\x04data")

        fake.fail_next("sendMessage", retry_after=4)
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(1, "x")
        assert retry_seconds(caught.value) == 4
        with pytest.raises(BadRequest, match=r"(?i)not modified"):
            await bot.edit_message_text("<b>qua socket</b>", chat_id=1, message_id=msg.message_id,
                                        parse_mode="HTML", reply_markup=KEYBOARD)


async def test_http_long_poll_from_another_thread(fake: FakeTelegram, server: FakeTelegramServer) -> None:
    async with Bot(BOT_TOKEN, base_url=server.base_url) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=20, read_timeout=30))
        await fake.wait_for(lambda: fake.active_polls)
        sender = threading.Thread(target=fake.user_sends, args=(1, "/help"))
        sender.start()
        sender.join()
        (update,) = await asyncio.wait_for(poll, 10)
        assert update.message.text == "/help"


async def test_http_timeout_and_reset(fake: FakeTelegram, server: FakeTelegramServer) -> None:
    request = HTTPXRequest(read_timeout=0.3)
    async with Bot(BOT_TOKEN, base_url=server.base_url, request=request) as bot:
        fake.fail_next("sendMessage", kind="timeout")
        with pytest.raises(TimedOut):
            await bot.send_message(1, "x")
        fake.fail_next("sendMessage", kind="reset")
        with pytest.raises(NetworkError):
            await bot.send_message(1, "x")
        fake.fail_next("sendMessage", status=500)
        with pytest.raises(NetworkError, match=r"(?i)Internal Server Error"):
            await bot.send_message(1, "x")
        await bot.send_message(1, "cuối cùng cũng tới")
    assert [m.plain for m in fake.sent] == ["cuối cùng cũng tới"]


async def test_http_wrong_token_and_unknown_path(fake: FakeTelegram, server: FakeTelegramServer) -> None:
    async with Bot(BOT_TOKEN, base_url=server.base_url) as bot:
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("getTelepathy")
    with pytest.raises(InvalidToken):
        async with Bot("999:wrong", base_url=server.base_url):
            pass
    assert fake.unknown_methods == ["getTelepathy"]


def test_server_stops_and_frees_the_port(fake: FakeTelegram) -> None:
    server = FakeTelegramServer(fake).start()
    port = server.port
    assert port > 0 and server.base_url == f"http://127.0.0.1:{port}/bot"
    server.stop()
    with FakeTelegramServer(fake, port=port) as again:
        assert again.port == port
