"""Access that can be taken back: /member_remove and `nhacviec member remove`, admins NHACVIEC_ADMIN_IDS made
losing the role with their id, link codes under the wrong-code lockout, /invite in a group answered privately."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.commands import UsageError
from bot.runtime import Runtime
from chat.messages import IncomingMessage, OutgoingMessage
from handlers.context import CoreSettings
from handlers.dispatch import dispatch
from i18n import t
from storage.db import transaction
from storage.outbox import enqueue
from storage.people import get_user, set_role
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, cli, make_settings, seed_plan, start, stop
from tests.reliability_core import ADMIN, NOW, Core, open_core

OWN, OTHER = "Phường Bến Nghé", "Phòng Nội vụ"


async def _as(core: Core, user: str, text: str, admin_ids: frozenset[str]) -> str:
    """`user` says `text` to a bot configured with `admin_ids` as NHACVIEC_ADMIN_IDS."""
    ctx = replace(core.ctx, settings=CoreSettings(admin_ids=admin_ids, files_dir=core.path.parent / "files"))
    msg = IncomingMessage(channel="telegram", user_id=user, chat_id=user, text=text, user_name=f"Người {user}")
    return "\n".join(a.text for a in await dispatch(msg, ctx))


async def test_a_removed_member_is_unlinked_their_dialogs_closed_and_old_buttons_dead(tmp_path):
    core = await open_core(tmp_path)
    try:
        user_id = await core.link("11", "member", OWN)
        listing = await core.send("11", "/tasks", message_id="1", sent_as="2")
        button = listing[0].choices[0][0].data
        assert "/lienket" not in await core.text("11", "/lienket")  # a link code for another app, unused
        await core.send("11", "/report")  # a guided flow left open, waiting for a task button
        assert await core.count("dialogs", "user_id = ?", (user_id,)) == 1
        async with transaction(core.db):
            await enqueue(core.db, "reminder:x", "reminder", "telegram", "11", user_id, OutgoingMessage("Nhắc việc"), NOW)

        removed = await core.text(ADMIN, "/member_remove Người 11")
        assert removed.startswith("Đã gỡ Người 11 — Phường Bến Nghé"), removed

        user = await get_user(core.db, user_id)
        assert (user.active, user.role, user.agency_id) == (0, "none", None)
        assert await core.count("dialogs", "user_id = ?", (user_id,)) == 0
        assert await core.count("link_codes", "user_id = ? AND used_at IS NULL", (user_id,)) == 0
        assert await core.count("outbox", "user_id = ? AND state = 'dead'", (user_id,)) == 1
        assert await core.count("audit", "action = 'member.removed' AND subject = ?", (str(user_id),)) == 1
        refused = t("not_linked", "vi")
        assert await core.text("11", button_data=button, message_id="3") == refused
        assert await core.text("11", "1.1 xong", reply_to_ref="2", message_id="4") == refused
        assert await core.text("11", "/report 1.1") == refused
        assert await core.count("reports") == 0
    finally:
        await core.db.close()


async def test_a_name_several_people_share_offers_a_clear_choice(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.send("21", "/help", user_name="Nguyễn Văn An")
        await core.send("22", "/help", user_name="Nguyễn Văn  An")
        own, other = await core.link("21", "member", OWN), await core.link("22", "head", OTHER)
        asked = await core.send(ADMIN, "/member_remove nguyen van an")
        assert asked[0].text.startswith("Có 2 người khớp"), asked[0].text
        labels = [row[0].label for row in asked[0].choices]
        assert labels == [f"Nguyễn Văn An — {OWN} (thành viên, #{own})", f"Nguyễn Văn  An — {OTHER} (thủ trưởng, #{other})"]
        assert await core.count("users", "active = 0") == 0  # nobody removed yet

        # agency and name, either order: the one in that agency
        assert "Đã gỡ" in await core.text(ADMIN, f"/member_remove Nguyễn Văn An | {OTHER}")
        assert (await get_user(core.db, other)).role == "none"
        assert (await get_user(core.db, own)).role == "member"
        # the button under the question removes the one it names; pressed again, it is stale
        own_button = asked[0].choices[0][0].data
        assert "Đã gỡ" in await core.text(ADMIN, button_data=own_button)
        assert (await get_user(core.db, own)).role == "none"
        assert await core.text(ADMIN, button_data=own_button) == t("button_stale", "vi")

        assert await core.text(ADMIN, "/member_remove Không Ai") == t("member_not_found", "vi", name="Không Ai")
        assert await core.text(ADMIN, "/member_remove") == t("usage_member_remove", "vi")
        assert await core.text(ADMIN, "/member_remove Phòng Không Có | An") == t("agency_unknown", "vi", name="Phòng Không Có")
    finally:
        await core.db.close()


async def test_admins_remove_neither_themselves_nor_an_admin_the_configuration_names(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.send(ADMIN, "/start")
        second = await core.link("2", "admin", None)
        first = await core.user_id(ADMIN)
        assert await core.text(ADMIN, f"/member_remove #{first}") == t("member_remove_self", "vi")
        assert await core.text("2", f"/member_remove #{first}") == t(
            "member_remove_config_admin", "vi", name=f"Người {ADMIN}"
        )
        assert "Đã gỡ" in await core.text(ADMIN, f"/member_remove #{second}")
        assert await core.text("2", "/agency_add Phòng Văn hóa") == t("not_allowed_admin", "vi")
    finally:
        await core.db.close()


async def test_an_id_taken_out_of_admin_ids_is_no_longer_admin_unless_made_one_in_chat(tmp_path):
    core = await open_core(tmp_path)
    configured = frozenset({"telegram:1", "telegram:5", "telegram:6", "telegram:7"})
    try:
        for user in ("1", "5", "6", "7"):
            assert "quản trị" in (await _as(core, user, "/start", configured)).lower()
        # 6 is also made admin in chat: an admin invite from admin 1
        code = re.search(r"start=([A-Z0-9]+)", await _as(core, "1", "/invite x admin", configured)).group(1)
        assert await _as(core, "6", f"/start {code}", configured) == t("linked_no_agency", "vi", role="quản trị")
    finally:
        await core.db.close()

    # a restart with 5 and 6 taken out of NHACVIEC_ADMIN_IDS: 5 is admin no more, 6 stays
    runtime = Runtime(make_settings(tmp_path, NHACVIEC_DB=str(core.path), NHACVIEC_ADMIN_IDS="1,7"), Clock(NOW))
    db = await runtime.open()
    try:
        async with db.execute(
            "SELECT i.external_id, u.role FROM users u JOIN identities i ON i.user_id = u.id ORDER BY 1"
        ) as cur:
            assert [tuple(r) for r in await cur.fetchall()] == [("1", "admin"), ("5", "none"), ("6", "admin"), ("7", "admin")]
    finally:
        await runtime.close()

    # and without a restart, the next message from an id the configuration dropped finds it no admin
    (tmp_path / "again").mkdir()
    core = await open_core(tmp_path / "again")
    try:
        await _as(core, "7", "/start", configured)
        assert await _as(core, "7", "/agency_alias Phường Bến Nghé | P. BN", frozenset({"telegram:1"})) == t("not_allowed_admin", "vi")
        assert await _as(core, "6", "/agency_alias Phường Bến Nghé | P. BN", configured) != t("not_allowed_admin", "vi")
    finally:
        await core.db.close()


async def test_link_codes_go_through_the_wrong_code_lockout(tmp_path):
    core = await open_core(tmp_path)
    try:
        owner = await core.link("11", "member", OWN)
        code = re.search(r"\b([A-Z2-9]{8})\b", await core.text("11", "/lienket")).group(1)
        for guess in ("AAAAAAAA", "BBBBBBBB", "CCCCCCCC", "DDDDDDDD", "EEEEEEEE"):
            assert await core.text("30", f"/start {guess}") == t("invite_unknown", "vi")
        assert await core.text("30", f"/start {code}") == t("invite_throttled", "vi")
        assert await core.count("identities", "external_id = '30' AND user_id = ?", (owner,)) == 0
        core.clock.now += timedelta(hours=1, minutes=1)  # the lockout is over; the code expired meanwhile
        code = re.search(r"\b([A-Z2-9]{8})\b", await core.text("11", "/lienket")).group(1)
        assert "Người 11" in await core.text("30", f"/start {code}")
        assert await core.count("identities", "external_id = '30' AND user_id = ?", (owner,)) == 1
    finally:
        await core.db.close()


async def test_the_cli_removes_a_member_and_lists_several_without_removing(tmp_path, capsys):
    core = await open_core(tmp_path)
    try:
        own, other = await core.link("21", "member", OWN), await core.link("22", "member", OTHER)
        settings = make_settings(tmp_path, NHACVIEC_DB=str(core.path), NHACVIEC_ADMIN_IDS=ADMIN)
        with pytest.raises(UsageError) as several:  # "Người 21" and "Người 22"
            await cli(settings, "member", "remove", "Người 2")
        assert "2 người khớp" in str(several.value) and f"#{own}" in str(several.value) and f"#{other}" in str(several.value)
        assert [(await get_user(core.db, user)).role for user in (own, other)] == ["member", "member"]
        assert await cli(settings, "member", "remove", f"{OTHER} | Người 2") == 0
        assert capsys.readouterr().out.startswith(f"Đã gỡ Người 22 — {OTHER}")
        assert [(await get_user(core.db, user)).role for user in (own, other)] == ["member", "none"]
        with pytest.raises(UsageError, match="Không có ai"):  # removed already: nobody linked by that name
            await cli(settings, "member", "remove", "Người 22")
    finally:
        await core.db.close()


async def test_a_name_is_found_in_any_word_order_and_the_cli_lists_who_is_linked_when_none_matches(tmp_path, capsys):
    # tester6: Telegram shows a first name «Nam» and a last name «Trần Văn» as «Nam Trần Văn»; the admin typing
    # «Trần Văn Nam» got «Không có ai …», and the command line then pointed to /agencies, a chat command
    core = await open_core(tmp_path)
    try:
        await core.send("31", "/help", user_name="Nam Trần Văn")
        await core.send("32", "/help", user_name="Hoa Lê Thị")
        nam, hoa = await core.link("31", "head", OTHER), await core.link("32", "member", OWN)
        settings = make_settings(tmp_path, NHACVIEC_DB=str(core.path), NHACVIEC_ADMIN_IDS=ADMIN)
        with pytest.raises(UsageError) as nobody:
            await cli(settings, "member", "remove", "Lê Văn Tám")
        said = str(nobody.value)
        assert said.startswith("Không có ai đang tham gia tên «Lê Văn Tám».") and "/agencies" not in said
        assert f"Nam Trần Văn — {OTHER} (thủ trưởng, #{nam})" in said and f"#{hoa}" in said
        assert await cli(settings, "member", "remove", "Trần Văn Nam") == 0
        out = capsys.readouterr().out
        assert out.startswith(f"Đã gỡ Nam Trần Văn — {OTHER}") and "nhacviec invite" in out
        # the agency's only person gone: said, with the invite for whoever takes over
        assert f'{OTHER} giờ không còn ai nhận nhắc việc: tạo mã mời cho người thay, ví dụ nhacviec invite "{OTHER}" --role "thủ trưởng".' in out
        assert (await get_user(core.db, nam)).role == "none"
        await core.link("33", "member", OWN)  # Hoa's ward keeps someone
        said = await core.text(ADMIN, "/member_remove lê thị hoa")  # chat too
        assert "Đã gỡ Hoa Lê Thị" in said and "không còn ai" not in said
        last = await core.text(ADMIN, "/member_remove Người 33")
        assert last.endswith(f"\n{OWN} giờ không còn ai nhận nhắc việc: tạo mã mời cho người thay, ví dụ /invite {OWN} thành viên.")
    finally:
        await core.db.close()


async def test_through_telegram_removal_help_menu_and_an_invite_asked_for_in_a_group(tmp_path):
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    fake = FakeTelegram()
    group = -4242
    for uid in (ADMIN_ID, 2):
        fake.add_user(uid)
    fake.add_group(group, title="Ban Chỉ đạo")
    running = await start(settings, fake, Clock(NOW))
    try:
        assert "member_remove" in {c["command"] for c in fake.commands()}
        assert "/member_remove" in (await running.say(ADMIN_ID, "/help")).plain

        # /invite in a group: the group hears where the code went, the code goes to the admin alone
        note = await running.say(ADMIN_ID, f"/invite {OWN} member", chat_id=group, chat_type="group")
        assert note.plain == t("invite_sent_privately", "vi")
        private = await fake.wait_for_message(ADMIN_ID, contains="Mã mời")
        code = re.search(r"start=([A-Z0-9]+)", private.plain).group(1)
        await fake.wait_for(lambda: len(fake.messages_to(group)) >= 1)
        assert all(code not in (m.plain or "") for m in fake.messages_to(group))

        assert "Đã liên kết" in (await running.say(2, f"/start {code}")).plain
        assert "/member_remove" not in (await running.say(2, "/help")).plain
        listing = await running.say(2, "/tasks")
        label = listing.buttons[0][0][0]
        assert "Đã gỡ User2" in (await running.say(ADMIN_ID, "/member_remove User2")).plain
        pressed = await running.press(2, listing, label)
        assert pressed.plain == t("not_linked", "vi")
        async with running.db.execute("SELECT COUNT(*) FROM reports") as cur:
            assert (await cur.fetchone())[0] == 0
    finally:
        await stop(running)


async def test_set_role_from_chat_forgets_the_configuration(tmp_path):
    """An admin role given by an invite (or the command line) is not taken back with NHACVIEC_ADMIN_IDS."""
    core = await open_core(tmp_path)
    try:
        await _as(core, "5", "/start", frozenset({"telegram:5"}))
        user_id = await core.user_id("5")
        assert (await get_user(core.db, user_id)).role_source == "config"
        async with transaction(core.db):
            await set_role(core.db, user_id, "admin", None)
        assert (await get_user(core.db, user_id)).role_source is None
        assert await _as(core, "5", "/agency_alias Phường Bến Nghé | P. BN", frozenset()) != t("not_allowed_admin", "vi")
    finally:
        await core.db.close()


@pytest.mark.parametrize(("typed", "role"), [
    ("Phường Bến Nghé chủ tịch", "thủ trưởng"),  # what a ward's head is called
    ("Bến Nghé chủ tịch", "thủ trưởng"),
    ("Phòng Nội vụ trưởng phòng", "thủ trưởng"),
    ("Phường Bến Nghé phó chủ tịch", "thành viên"),
    ("Phòng Nội vụ chuyên viên", "thành viên"),
    ("Phòng Nội vụ", "thành viên"),
    ("Ben Nghe chairman", "thủ trưởng"),  # in English too
    ("Phòng Nội vụ director", "thủ trưởng"),
    ("Phòng Nội vụ deputy", "thành viên"),
])
async def test_an_invite_takes_the_titles_offices_use_for_roles(tmp_path, typed: str, role: str):
    # before: «Không tìm thấy đơn vị «Bến Nghé chủ tịch»»
    core = await open_core(tmp_path)
    try:
        answer = await core.text(ADMIN, f"/invite {typed}")
        assert f"(vai trò: {role})" in answer, answer
    finally:
        await core.db.close()


async def test_an_invite_names_the_role_word_it_does_not_know_after_a_name_typed_loosely(tmp_path):
    # before: «Không tìm thấy đơn vị «Bến Nghé boss»»: only an agency's exact name was tried before the last word
    core = await open_core(tmp_path)
    try:
        answer = await core.text(ADMIN, "/invite Bến Nghé boss")
        assert "Không rõ vai trò «boss»" in answer, answer
        assert await core.count("invites") == 0
    finally:
        await core.db.close()
