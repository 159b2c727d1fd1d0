"""Codes as people paste them: invite and link codes read through full-width forms, invisible and
non-breaking spaces, punctuation around them and any case; a code of the wrong shape is a slip that doesn't
count towards the lockout; /start followed by a non-breaking space is still /start."""

from __future__ import annotations

import re

import pytest

from handlers.dispatch import split_command
from i18n import t
from storage.people import code_shaped, typed_code
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, make_settings, seed_plan, start, stop
from tests.reliability_core import ADMIN, NOW, open_core

OWN = "Phường Bến Nghé"


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


PASTED = [
    "{code}",
    "{lower}",
    "\u00a0{code}\u00a0",
    "\u200b{code}\u200b",
    "{half1}\u200b{half2}",
    "{half1} {half2}",
    "{half1}-{half2}",
    "{half1}\u2011{half2}",  # a non-breaking hyphen
    "«{code}»",
    "“{code}”.",
    "({code}),",
    "'{lower}'",
    "{full}",
    "\ufeff{code}",
]


@pytest.mark.parametrize("form", PASTED)
def test_a_code_is_read_as_pasted(form: str):
    code = "K7M2QX9P"
    text = form.format(code=code, lower=code.lower(), half1=code[:4], half2=code[4:], full=_full_width(code))
    assert typed_code(text) == code
    assert code_shaped(typed_code(text))


@pytest.mark.parametrize("text", ["", "K7M2QX9", "K7M2QX9PP", "K7M2QX0P", "K7M2QXOP", "K7M2QX1P", "K7M2.QX9P",
                                  "Đ7M2QX9P", "' OR '1'='1"])
def test_a_code_of_the_wrong_length_or_alphabet_is_no_code(text: str):
    assert not code_shaped(typed_code(text))


def test_any_space_ends_a_command_name():
    assert split_command("/start\u00a0K7M2QX9P") == ("start", "K7M2QX9P")
    assert split_command("/start\u202fK7M2QX9P") == ("start", "K7M2QX9P")
    assert split_command("/start\u200bK7M2QX9P") == ("start", "K7M2QX9P")
    assert split_command("/tasks@nhacviec_bot\u00a0 1.1 ") == ("tasks", "1.1")
    assert split_command("/start") == ("start", "")
    assert split_command("/") == ("", "")
    assert split_command("start") is None


async def test_invite_and_link_codes_pasted_oddly_still_link(tmp_path):
    core = await open_core(tmp_path)
    try:
        invited = await core.text(ADMIN, f"/invite {OWN} member")
        code = re.search(r"start=([A-Z0-9]+)", invited).group(1)
        pasted = f"«{_full_width(code[:4].lower())}\u200b {code[4:].lower()}»."
        assert "Đã liên kết" in await core.text("20", f"/start\u00a0{pasted}")
        owner = await core.user_id("20")
        link = re.search(r"\b([A-Z2-9]{8})\b", await core.text("20", "/lienket")).group(1)
        assert "Người 20" in await core.text("30", f"/start “{link[:4]}-{link[4:].lower()}”")
        assert await core.count("identities", "external_id = '30' AND user_id = ?", (owner,)) == 1
    finally:
        await core.db.close()


async def test_a_malformed_code_gets_its_own_message_and_never_locks_anyone_out(tmp_path):
    core = await open_core(tmp_path)
    try:
        code = re.search(r"start=([A-Z0-9]+)", await core.text(ADMIN, f"/invite {OWN} member")).group(1)
        malformed = t("code_malformed", "vi", length=8)
        for slip in ("K7M2QX9", "hello", "12345678", "K7M2QX9PP", "K7M2 QX9P 9", "OOOOOOOO", "/start"):
            assert await core.text("23", f"/start {slip}") == malformed, slip
        assert await core.count("invite_failures") == 0
        assert "Đã liên kết" in await core.text("23", f"/start {code}")
    finally:
        await core.db.close()


async def test_start_with_a_non_breaking_space_through_telegram(tmp_path):
    settings = make_settings(tmp_path)
    await seed_plan(settings.db)
    fake = FakeTelegram()
    for uid in (ADMIN_ID, 2):
        fake.add_user(uid)
    running = await start(settings, fake, Clock(NOW))
    try:
        invited = await running.say(ADMIN_ID, f"/invite {OWN} member")
        code = re.search(r"start=([A-Z0-9]+)", invited.plain).group(1)
        joined = await running.say(2, f"/start\u00a0{_full_width(code)}\u200b")
        assert "Đã liên kết" in joined.plain, joined.plain
        assert "Đã liên kết" not in (await running.say(3, "/start\u00a0")).plain  # /start alone: a greeting
    finally:
        await stop(running)


@pytest.mark.parametrize("pasted", ["{code}", "mã mời: {code}", "Mã {half1}-{half2}", "start {lower}", "LINK {code}", "MA{tail}"])
async def test_a_newcomer_who_pastes_only_the_code_is_linked(tmp_path, pasted: str):
    # the admin sends the code by Zalo or SMS and the ward chair pastes it; before, «K7M2QX9P» alone got
    # «Bạn chưa được liên kết với đơn vị nào. Hãy nhập mã mời: /start MÃ» and the code they typed was ignored
    core = await open_core(tmp_path)
    try:
        code = re.search(r"start=([A-Z0-9]+)", await core.text(ADMIN, f"/invite {OWN} member")).group(1)
        if pasted.startswith("MA"):  # a code that begins like «mã»: read whole, not as «mã» and the rest
            code = "MA" + code[2:]
            await core.db.execute("UPDATE invites SET code = ? WHERE code LIKE ?", (code, "%" + code[2:]))
            await core.db.commit()
        text = pasted.format(code=code, lower=code.lower(), half1=code[:4], half2=code[4:], tail=code[2:])
        assert "Đã liên kết" in await core.text("24", text)
        assert await core.count("users", "agency_id IS NOT NULL AND display_name = 'Người 24'") == 1
    finally:
        await core.db.close()


async def test_a_linked_persons_text_and_a_newcomers_other_text_are_not_read_as_codes(tmp_path):
    core = await open_core(tmp_path)
    try:
        code = re.search(r"start=([A-Z0-9]+)", await core.text(ADMIN, f"/invite {OWN} member")).group(1)
        assert await core.text("25", "xin chào, tôi là chủ tịch phường") == t("not_linked", "vi")
        assert await core.text("25", f"{code} xong") == t("not_linked", "vi")  # more than a code
        assert await core.count("invite_failures") == 0
        assert "Đã liên kết" in await core.text("25", code)
        assert "Đã liên kết" not in await core.text("25", code)  # once linked, a code-shaped text is no /start
    finally:
        await core.db.close()
