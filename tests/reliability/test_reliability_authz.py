"""Authorisation matrix: every command and button against every role and agency relation, forged callback
data, invite codes (single use, expiry, throttled guessing), removed members and group chats.

Driven through `handlers.dispatch.dispatch` (the one entry point every channel uses), plus one pass
through the fake Telegram for group chats.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from handlers.dispatch import COMMANDS
from i18n import t
from storage.db import transaction
from storage.people import deactivate_user
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, make_settings, seed_plan, start, stop
from tests.reliability_core import ADMIN, NOW, Core, open_core

ROLES = ("none", "member", "head", "secretary", "admin")
OWN, OTHER = "Phường Bến Nghé", "Phòng Nội vụ"  # 1.1 and 2.1 are led by OWN, 1.2 by OTHER
REFUSALS = {
    "admin": t("not_allowed_admin", "vi"),
    "staff": t("not_allowed_secretary", "vi"),
    "linked": t("not_linked", "vi"),
}
# what each command needs: everyone, a linked person, a secretary or admin ("staff"), an admin
NEEDS = {
    "start": "anyone", "help": "anyone", "cancel": "anyone",
    "tasks": "linked", "task": "linked", "report": "linked", "summary": "linked", "overdue": "linked", "channel": "linked",
    "lienket": "linked", "link_code": "linked",
    "trigger": "staff", "set_committee": "staff",
    "agencies": "staff", "agency_add": "admin", "agency_alias": "admin", "invite": "admin", "import": "admin",
    "member_remove": "admin", "plan_remove": "admin",
    # the Vietnamese names need what their English twins need
    "huy": "anyone", "viec": "linked", "nhiemvu": "linked", "baocao": "linked", "tonghop": "linked", "quahan": "linked",
    # late tasks: the lead agency's people explain and ask (handlers.late refuses the others), staff decide
    "xin_gia_han": "linked", "extend": "linked", "giai_trinh": "linked", "explain": "linked",
    "gia_han": "staff", "extensions": "staff",
}
ARGS = {"member_remove": "Người 11", "agency_add": "Phòng Văn hóa", "agency_alias": f"{OWN} | P. BN", "invite": f"{OWN} member",
        "trigger": "1.1 01/04/2025", "report": "1.1", "baocao": "1.1", "task": "1.1", "nhiemvu": "1.2",
        "xin_gia_han": "1.1", "extend": "1.1", "giai_trinh": "2.1 chờ hướng dẫn", "explain": "2.1 chờ hướng dẫn"}


def allowed(role: str, need: str) -> bool:
    return {
        "anyone": True,
        "linked": role != "none",
        "staff": role in ("secretary", "admin"),
        "admin": role == "admin",
    }[need]


async def people(core: Core) -> dict[str, str]:
    """One Telegram user per role; member and head in OWN, secretary and admin without an agency."""
    users = {"none": "10", "member": "11", "head": "12", "secretary": "13", "admin": ADMIN}
    await core.link(users["member"], "member", OWN)
    await core.link(users["head"], "head", OWN)
    await core.link(users["secretary"], "secretary", None)
    await core.send(users["none"], "/start")
    await core.send(ADMIN, "/start")
    return users


def test_every_command_is_in_the_table():
    assert set(COMMANDS) == set(NEEDS), set(COMMANDS) ^ set(NEEDS)


@pytest.mark.parametrize("role", ROLES)
async def test_commands_by_role(tmp_path, role):
    core = await open_core(tmp_path)
    try:
        user = (await people(core))[role]
        for command, need in NEEDS.items():
            text = await core.text(user, f"/{command} {ARGS.get(command, '')}".strip())
            refusal = REFUSALS.get(need)
            if allowed(role, need):
                assert text != refusal and text != t("error", "vi"), (role, command, text)
            else:
                assert text == refusal, (role, command, text)
    finally:
        await core.db.close()


# (role, task) -> allowed to report: member/head only on their agency's tasks; staff on any task with
# one lead agency (they report on its behalf); a person without a role on nothing
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", ["own", "other", "none"])
async def test_reports_by_role_and_agency(tmp_path, role, relation):
    core = await open_core(tmp_path)
    try:
        user = (await people(core))[role]
        number = {"own": "1.1", "other": "1.2", "none": "9.9"}[relation]
        may = relation != "none" and (role in ("secretary", "admin") or (role in ("member", "head") and relation == "own"))
        task_id = await core.task_id(number) if relation != "none" else 9999
        occurrence = await core.occurrence_of(number) if relation != "none" else 0
        attempts = {
            "reply": await core.text(user, f"{number} xong", reply_to_ref="500", message_id="1"),
            "button": await core.text(user, button_data=f"r:{task_id}:{occurrence}:done", message_id="2"),
            "open": await core.text(user, button_data=f"r:{task_id}:{occurrence}", message_id="3"),
            "report": await core.text(user, f"/report {number}", message_id="4"),
        }
        stored = await core.count("reports")
        if may:
            assert stored == 2, attempts  # the reply and the status button
            assert all("Đã ghi nhận" in attempts[k] or "Ghi chú" in attempts[k] or "Gõ ghi chú" in attempts[k]
                       for k in ("reply", "button")), attempts
        else:
            assert stored == 0, attempts
            for how, text in attempts.items():
                assert "Đã ghi nhận" not in text and text != t("error", "vi"), (how, text)
                if role == "none":
                    assert text in (t("not_linked", "vi"), t("hint", "vi")), (how, text)
    finally:
        await core.db.close()


async def test_forged_callback_data_is_refused(tmp_path):
    core = await open_core(tmp_path)
    try:
        users = await people(core)
        head = users["head"]
        own, other = await core.task_id("1.1"), await core.task_id("1.2")
        own_occ, other_occ = await core.occurrence_of("1.1"), await core.occurrence_of("1.2")
        stale = t("button_stale", "vi")
        not_ours = t("not_allowed_task", "vi", task="1.2", agency=OWN)
        forged = {
            f"r:{other}:{other_occ}:done": not_ours,  # another agency's task
            f"r:{other}:{own_occ}:done": not_ours,  # another agency's task under our occurrence
            f"r:{own}:{other_occ}:done": stale,  # our task, another agency's occurrence
            f"r:{own}:{own_occ}:hacked": stale,  # a status that no button has
            f"r:{own}:abc:done": stale, "r:": stale, "r:1:2:3:4": stale, f"r:{own}:{10**20}:done": stale,
            f"p:{other}:{other_occ}": stale, f"p:{own}:{other_occ}": stale,
            "trg:1": REFUSALS["staff"], "imp:ok": REFUSALS["admin"], "imp:create": REFUSALS["admin"],
            "rm:1": REFUSALS["admin"],
            "skip:x": stale, "zz:1": stale, "": stale,
        }
        for data, refusal in forged.items():
            text = await core.text(head, button_data=data, message_id="9")
            assert text == refusal, (data, text)
        assert await core.count("reports") == 0
        assert await core.count("plans") == 1
    finally:
        await core.db.close()


async def test_invite_codes_single_use_expiring_and_guessing_throttled(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.send(ADMIN, "/start")
        created = await core.text(ADMIN, f"/invite {OWN} head")
        code = re.search(r"start=([A-Z0-9]+)", created).group(1)
        assert "Đã liên kết" in await core.text("20", f"/start {code}")
        assert await core.text("21", f"/start {code}") == t("invite_used", "vi")
        assert await core.count("users", "role = 'head'") == 1
        # expiry: valid for 7 days, refused after
        late = re.search(r"start=([A-Z0-9]+)", await core.text(ADMIN, f"/invite {OWN} member")).group(1)
        core.clock.now = NOW + timedelta(days=7, seconds=1)
        assert "hết hạn" in await core.text("22", f"/start {late}")
        assert await core.count("users", "role = 'member'") == 0
        # guessing: five wrong codes within the hour, then even a right code waits
        fresh = re.search(r"start=([A-Z0-9]+)", await core.text(ADMIN, f"/invite {OWN} member")).group(1)
        for guess in ("AAAAAAAA", "BBBBBBBB", "CCCCCCCC", "DDDDDDDD", "EEEEEEEE"):
            assert await core.text("23", f"/start {guess}") == t("invite_unknown", "vi")
        assert await core.text("23", f"/start {fresh}") == t("invite_throttled", "vi")
        assert await core.text("23", "/start ZZZZZZZZ") == t("invite_throttled", "vi")
        core.clock.now += timedelta(hours=1, minutes=1)
        assert "Đã liên kết" in await core.text("23", f"/start {fresh}")
    finally:
        await core.db.close()


async def test_a_removed_members_old_buttons_and_replies_stop_working(tmp_path):
    core = await open_core(tmp_path)
    try:
        user = "11"
        user_id = await core.link(user, "member", OWN)
        listing = await core.send(user, "/tasks", message_id="1", sent_as="2")
        button = listing[0].choices[0][0].data
        async with transaction(core.db):
            await deactivate_user(core.db, user_id)
        assert await core.text(user, button_data=button, message_id="2") == t("not_linked", "vi")
        assert await core.text(user, "1.1 xong", reply_to_ref="2", message_id="3") == t("not_linked", "vi")
        assert await core.text(user, "/report 1.1") == t("not_linked", "vi")
        assert await core.count("reports") == 0
    finally:
        await core.db.close()


async def test_in_a_group_only_members_of_the_right_agency_report(tmp_path):
    """Through the fake Telegram: a reminder-like /tasks list in a group; replies from three people."""
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    fake = FakeTelegram()
    group = -4242
    for uid in (ADMIN_ID, 2, 3, 4):
        fake.add_user(uid)
    fake.add_group(group, title="Phường Bến Nghé")
    running = await start(settings, fake, Clock(NOW))
    try:
        for uid, agency in ((2, OWN), (3, OTHER)):
            invite = await running.say(ADMIN_ID, f"/invite {agency} member")
            code = re.search(r"start=([A-Z0-9]+)", invite.plain).group(1)
            await running.say(uid, f"/start {code}")
        listing = await running.say(2, "/tasks", chat_id=group, chat_type="group")
        assert "1.1" in listing.plain
        other = await running.say(3, "1.1 xong", reply_to=listing.message_id, chat_id=group, chat_type="group")
        assert "không do Phòng Nội vụ" in other.plain
        stranger = await running.say(4, "1.1 xong", reply_to=listing.message_id, chat_id=group, chat_type="group")
        assert stranger.plain == t("not_linked", "vi")
        own = await running.say(2, "1.1 xong", reply_to=listing.message_id, chat_id=group, chat_type="group")
        assert "Đã ghi nhận 1.1" in own.plain
        async with running.db.execute("SELECT COUNT(*), MIN(agency_id) FROM reports") as cur:
            count, agency_id = await cur.fetchone()
        async with running.db.execute("SELECT id FROM agencies WHERE name = ?", (OWN,)) as cur:
            assert (count, agency_id) == (1, (await cur.fetchone())[0])
    finally:
        await stop(running)
