"""Hostile input: random bytes and texts, oversized messages, control and RTL characters, HTML and SQL in
every text field, a zip bomb and a 100 MB upload. Each is refused or handled with a clear Vietnamese
sentence; nothing escapes as an exception and nothing is stored half-way."""

from __future__ import annotations

import asyncio
import io
import re
import zipfile
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from chat.messages import TEXT_LIMIT, Attachment
from i18n import t
from plans.deadlines import parse_deadline
from plans.importer import read_plan
from plans.model import ParsedPlan, PlanError, PlanMeta
from schedules.jobs import tick_once
from storage.db import open_db
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, make_settings, seed_plan, start, stop, task
from tests.reliability_core import ADMIN, NOW, open_core

GENERIC_ERROR = t("error", "vi")
NAMES = st.sampled_from(["kehoach.txt", "kehoach.md", "kehoach.docx", "kehoach.xlsx", "KE HOACH.DOCX"])
# texts with control characters, bidi marks, zero-width and combining characters mixed in
HOSTILE_CHARS = st.sampled_from(["\u202e", "\u200f", "\u200b", "\x00", "\x07", "\r", "\t", "\u0301", "\ufeff",
                                 "<b>", "</i>", "&amp;", "'", '"', ";--", "%", "\\", "\U0001f600"])
HOSTILE_TEXT = st.lists(st.one_of(st.text(max_size=40), HOSTILE_CHARS), max_size=12).map("".join)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OFFICE_MEMBERS = st.dictionaries(
    st.sampled_from(["[Content_Types].xml", "word/document.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml",
                     "_rels/.rels", "docProps/core.xml"]),
    st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode),
              st.just(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body/></w:document>')),
    max_size=5,
)


@given(data=st.one_of(st.binary(max_size=3000), HOSTILE_TEXT.map(lambda s: s.encode("utf-8", "surrogatepass")),
                      OFFICE_MEMBERS.map(_zip)),
       name=NAMES)
def test_importer_gives_a_plan_or_a_plan_error(data, name):
    try:
        result = read_plan(data, name)
    except PlanError as exc:
        assert str(exc).strip(), "a PlanError says what is wrong"
    else:
        assert isinstance(result, ParsedPlan)


@given(text=HOSTILE_TEXT, year=st.integers(1990, 2100))
def test_deadline_grammar_never_raises(text, year):
    result = parse_deadline(text, year=year)
    assert all(m.kind in ("due", "recurring", "ongoing", "event") for m in result.milestones)


def test_dispatch_never_raises_on_random_messages(tmp_path):
    """Random texts from an admin, a head and a stranger, as commands, replies, buttons and edits."""
    with asyncio.Runner() as runner:
        core = runner.run(open_core(tmp_path))
        try:
            runner.run(core.link("2", "head", "Phường Bến Nghé"))
            before = core.counts()

            @given(
                user=st.sampled_from([ADMIN, "2", "3"]),
                text=st.one_of(HOSTILE_TEXT, HOSTILE_TEXT.map(lambda s: "/" + s),
                               st.sampled_from(["/report ", "/summary ", "/trigger ", "/invite ", "/agency_alias ",
                                                "/start ", "/channel ", "/import "]).flatmap(
                                   lambda c: HOSTILE_TEXT.map(lambda s: c + s))),
                button=st.one_of(st.none(), HOSTILE_TEXT,
                                 st.sampled_from(["r:", "p:", "imp:", "trg:", "skip"]).flatmap(
                                     lambda c: HOSTILE_TEXT.map(lambda s: c + s))),
                reply_to=st.one_of(st.none(), st.text(max_size=12)),
                edited=st.booleans(),
                group=st.booleans(),
            )
            def one(user, text, button, reply_to, edited, group):
                fields = {"reply_to_ref": reply_to, "edited": edited, "message_id": "77"}
                if button is not None:
                    fields["button_data"] = button
                if group:
                    fields.update(chat_id="-100200", chat_type="group")
                answers = runner.run(core.send(user, text, **fields))
                for answer in answers:
                    assert answer.text != GENERIC_ERROR, (user, text, button, reply_to, edited, group)

            one()
            after = core.counts()
            # the random messages can add people, reports and audit lines, but never remove anything
            assert all(after[table] >= n for table, n in before.items())
        finally:
            runner.run(core.db.close())


async def test_oversized_and_strange_replies_are_handled_clearly(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        listing = await core.send("2", "/tasks", message_id="9", sent_as="10")
        assert listing[0].refers_to  # a reply to it is a report
        base = core.counts()
        # 20,000 characters: refused whole, with the length and the limit, nothing stored
        huge = "1.1 đang làm 50% " + "rất dài " * 2500
        answer = await core.text("2", huge, reply_to_ref="10", message_id="11")
        assert answer == "Tin nhắn quá dài (20.017 ký tự). Vui lòng gửi ngắn hơn 4.000 ký tự."  # before: «20017», «4000»
        assert core.counts() == base
        # just over the limit, also refused; at the limit, handled
        assert "quá dài" in await core.text("2", "x" * (TEXT_LIMIT + 1), reply_to_ref="10", message_id="12")
        assert "quá dài" not in await core.text("2", ("1.1 đang làm 40% " + "y" * TEXT_LIMIT)[:TEXT_LIMIT],
                                                reply_to_ref="10", message_id="13")
        # control characters, right-to-left and zero-width marks around a real report: stored as meant
        strange = "\u202e1.1\u200f đang\x00 làm\u200b 70%\x07 \ufeffghi chú\r\nkhác"
        answer = await core.text("2", strange, reply_to_ref="10", message_id="14")
        assert answer != GENERIC_ERROR and "1.1" in answer, answer
        async with core.db.execute("SELECT status, percent FROM reports ORDER BY id DESC LIMIT 1") as cur:
            assert tuple(await cur.fetchone()) == ("in_progress", 70)
        # a string of nothing but marks
        answer = await core.text("2", "\u202e\u200f\u200b\x00", reply_to_ref="10", message_id="15")
        assert answer != GENERIC_ERROR and answer.strip()
    finally:
        await core.db.close()


SQL = "x'); DROP TABLE reports; --"


async def test_sql_in_every_text_field_is_just_text(tmp_path):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", "Phường Bến Nghé")
        listing = await core.send("2", "/tasks", message_id="9", sent_as="10")
        assert listing
        texts = [
            await core.text(ADMIN, f"/agency_add Phòng {SQL}"),
            await core.text(ADMIN, f"/agency_alias Phòng {SQL} | {SQL} bí danh"),
            await core.text(ADMIN, f"/invite {SQL}"),
            await core.text(ADMIN, f"/invite Phòng {SQL} head"),
            await core.text(ADMIN, f"/summary tuần {SQL}"),
            await core.text(ADMIN, f"/trigger {SQL} 01/04/2025"),
            await core.text("2", f"/report {SQL}"),
            await core.text("2", f"1.1 vướng: {SQL}", reply_to_ref="10", message_id="11"),
            await core.text("3", f"/start {SQL}", user_name=SQL),
            await core.text("3", "/start ' OR '1'='1", user_name=SQL),
            await core.text("2", f"/channel {SQL}"),
        ]
        assert all(text and text != GENERIC_ERROR for text in texts), texts
        # the tables are all there and the strings were stored literally
        counts = core.counts()
        assert "reports" in counts and counts["reports"] == 1
        async with core.db.execute("SELECT note FROM reports") as cur:
            assert "x'); DROP TABLE reports" in (await cur.fetchone())[0]
        assert await core.count("agencies", "name = ?", (f"Phòng {SQL}",)) == 1
        assert await core.count("users", "display_name = ?", (SQL,)) == 1
        # "/invite x'); DROP…" finds "Phòng x'); DROP…" as "/invite Kinh tế" finds "Phòng Kinh tế"
        assert await core.count("invites", "role = 'member'") == 1
        assert await core.text(ADMIN, f"/invite Sở {SQL}") == t("agency_unknown", "vi", name=f"Sở {SQL}")
        assert await core.count("invites", "role = 'head'") == 1
        assert "không đúng" in texts[8] and "không đúng" in texts[9]  # no code matched
    finally:
        await core.db.close()


def _zip_bomb(unpacked: int) -> bytes:
    """A .docx-looking zip whose one member unpacks to `unpacked` bytes of zeros (compressed ~1000:1)."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


async def test_zip_bomb_and_100_mb_upload_are_refused_and_nothing_is_stored(tmp_path):
    core = await open_core(tmp_path)
    try:
        bomb = _zip_bomb(110 * (1 << 20))
        assert len(bomb) < 1 << 20
        core.files["BOMB"] = bomb
        await core.send(ADMIN, "/help")  # the admin's first contact (creating the user) is not the import's
        base = core.counts()
        answer = await core.text(ADMIN, "/import", attachment=Attachment("BOMB", "ke-hoach.docx", len(bomb)))
        assert answer.startswith("Không đọc được kế hoạch") and "nén độc hại" in answer, answer
        assert core.counts() == base
        # 100 MB declared by the channel: refused before downloading anything
        core.fetched.clear()
        answer = await core.text(ADMIN, "/import", attachment=Attachment("BIG", "ke-hoach.docx", 100 * (1 << 20)))
        assert answer.startswith("Không đọc được kế hoạch") and "lớn hơn 20 MB" in answer, answer
        assert core.fetched == []
        # the same file without a declared size: downloaded, then refused by the importer's own limit
        core.files["BIG2"] = b"a" * (21 * (1 << 20))
        answer = await core.text(ADMIN, "/import", attachment=Attachment("BIG2", "ke-hoach.txt", None))
        assert answer.startswith("Không đọc được kế hoạch") and "quá lớn" in answer, answer
        assert core.counts() == base, "nothing stored half-way (no plan, no dialog, no audit)"
        # a file sent as evidence that is too big to keep: recorded as a reference, the person told
        await core.link("2", "head", "Phường Bến Nghé")
        await core.send("2", "/tasks", message_id="9", sent_as="10")
        answer = await core.text("2", "1.1 xong", reply_to_ref="10", message_id="11",
                                 attachment=Attachment("HUGE", "video.mp4", 100 * (1 << 20)))
        assert "quá lớn" in answer or "lớn" in answer, answer
    finally:
        await core.db.close()


HTML_AGENCY = "<b>Phường</b> <script>Bến</script> & <i>Nghé"


async def test_html_in_names_is_escaped_in_every_rendered_message(tmp_path):
    """Names with markup reach people literally (and Telegram parses every message: no 400)."""
    settings = make_settings(tmp_path)
    plan = ParsedPlan(
        meta=PlanMeta(code="1/KH-<b>", title="Kế hoạch <i>thử</i>", issuer="UBND", issued_on=date(2025, 1, 10),
                      year=2025),
        tasks=(task("1.1", "Rà soát <b>thủ tục</b> & <code>hồ sơ", HTML_AGENCY, date(2025, 3, 13)),),
        derived_agencies={HTML_AGENCY: "ward"},
    )
    await seed_plan(settings.db, plan)
    fake = FakeTelegram()
    for uid in (ADMIN_ID, 2):
        fake.add_user(uid, first_name="<b>Lan</b>")
    fake.add_group(-300)
    clock = Clock(NOW)
    running = await start(settings, fake, clock)
    try:
        await running.say(ADMIN_ID, "/agency_add <u>Phòng</u> <a href='x'>Nội vụ</a>")
        invite = await running.say(ADMIN_ID, "/invite <b>Phường</b> <script>Bến</script> & <i>Nghé head")
        code = re.search(r"start=([A-Z0-9]+)", invite.plain or "")
        assert code, invite.plain
        await running.say(2, f"/start {code.group(1)}")
        await running.say(2, "/start")
        # a reminder through the scheduler's path (Monday: the task is due Thursday, T-3)
        await tick_once(running.db, running.app.bot_data["messengers"], settings, clock.now)
        listing = await running.say(2, "/tasks")
        await running.say(2, "1.1 vướng: chờ <b>Sở</b>", reply_to=listing.message_id)
        await running.say(ADMIN_ID, "/agencies")
        await running.say(ADMIN_ID, "/summary")
        await running.say(ADMIN_ID, "/overdue")
        await running.say(ADMIN_ID, "/set_committee", chat_id=-300, chat_type="group")
    finally:
        await stop(running)
    sends = fake.calls_to("sendMessage") + fake.calls_to("sendDocument") + fake.calls_to("sendPhoto")
    assert sends and all(c.ok for c in sends), [c.description for c in sends if not c.ok]
    shown = [m.plain or "" for m in fake.sent]
    mentions = [p for p in shown if "Phường</b>" in p]
    assert len(mentions) >= 5, shown
    for plain in mentions:
        assert HTML_AGENCY in plain, plain
    assert any("<b>thủ tục</b> & <code>hồ sơ" in p for p in shown)  # the task title, in /tasks and the digest
    assert any("🔔" in p and HTML_AGENCY in p for p in shown), "the reminder shows the name literally"
    assert all(not m.raw.get("entities") or all(e["type"] != "bold" for e in m.raw["entities"]) for m in fake.sent
               if "Phường</b>" in (m.plain or ""))
    db = await open_db(settings.db)
    try:
        async with db.execute("SELECT note FROM reports") as cur:
            assert [r[0] for r in await cur.fetchall()] == ["chờ <b>Sở</b>"]  # literally, without the status word
    finally:
        await db.close()
