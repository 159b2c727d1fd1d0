"""Names that render: control characters and non-characters are refused in agency names, and stripped from
every text that goes into a DOCX, an XLSX or a chat message, so a stored name never breaks a report."""

from __future__ import annotations

import docx
import openpyxl
import pytest

from bot.commands import UsageError
from chat.messages import Choice, OutgoingFile, OutgoingMessage
from chat.printable import first_unprintable, printable, printable_message
from i18n import t
from storage.agencies import add_agency, add_alias, find_agency
from storage.db import open_db, transaction
from storage.errors import UnprintableName
from tests.fakegram import FakeTelegram
from tests.harness import ADMIN_ID, Clock, cli, make_settings, seed_plan, start, stop
from tests.reliability_core import ADMIN, NOW, open_core

BAD = "\x00\x01\x07\x0b\x0c\x0d\x1b\x1f\ufffe\uffff"
LONE_SURROGATES = "\ud800\udfff"


def test_printable_keeps_tab_newline_and_every_letter():
    text = "Phường Bến Nghé\tquý I\n✓ 😀 ½ \u00a0 đ"
    assert printable(text) == text
    assert first_unprintable(text) is None
    assert printable(f"A{BAD}B{LONE_SURROGATES}C") == "ABC"
    assert first_unprintable("Phòng\x07 Tư pháp") == "U+0007"
    assert first_unprintable("x\ufffe") == "U+FFFE"
    assert first_unprintable("x\udc80") == "U+DC80"


def test_printable_message_cleans_text_labels_and_captions():
    message = OutgoingMessage(
        f"Phường{BAD} Bến Nghé{LONE_SURROGATES}",
        choices=((Choice("Báo cáo\x07 1.1", "r:1:-"),),),
        files=(OutgoingFile("a.xlsx", b"x", caption="Tổng\x00 hợp"),),
    )
    clean = printable_message(message)
    assert clean.text == "Phường Bến Nghé"
    assert clean.choices[0][0] == Choice("Báo cáo 1.1", "r:1:-")
    assert clean.files[0].caption == "Tổng hợp"
    clean.text.encode("utf-8")  # nothing a chat API's UTF-8 refuses


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1f", "\ufffe", "\uffff"])
async def test_agency_names_and_aliases_with_a_control_character_are_refused(tmp_path, char):
    db = await open_db(tmp_path / "db.sqlite3")
    try:
        async with transaction(db):
            with pytest.raises(UnprintableName) as refused:
                await add_agency(db, f"Phòng{char} Tư pháp", "unit", now=NOW)
            assert refused.value.char == f"U+{ord(char):04X}"
            agency = await add_agency(db, "Phòng Tư pháp", "unit", now=NOW)
            with pytest.raises(UnprintableName):
                await add_alias(db, agency.id, f"P.{char}TP")
            assert await find_agency(db, "P.TP") is None
    finally:
        await db.close()


async def test_a_control_character_typed_in_chat_is_named_in_the_refusal(tmp_path):
    core = await open_core(tmp_path)
    try:
        answer = await core.text(ADMIN, "/agency_add Phòng\x07 Tư pháp")
        assert answer == t("agency_name_unprintable", "vi", name="Phòng Tư pháp", char="U+0007")
        assert "U+0007" in answer
        assert await core.count("agencies", "name LIKE 'Phòng%Tư pháp'") == 0
        answer = await core.text(ADMIN, "/agency_alias Phường Bến Nghé | P.\x1bBN")
        assert "U+001B" in answer
        assert await core.count("agency_aliases") == 0
    finally:
        await core.db.close()


async def test_the_cli_refuses_such_a_name(tmp_path):
    settings = make_settings(tmp_path)
    with pytest.raises(UsageError, match="U\\+0001"):
        await cli(settings, "agency", "add", "Phòng\x01 Tư pháp")
    assert await cli(settings, "agency", "add", "Phòng Tư pháp") == 0


async def _store_unprintable_names(path) -> None:
    """Names as an older version, a hand edit or an import could have stored them, written straight to the DB."""
    await seed_plan(path)
    db = await open_db(path)
    try:
        async with transaction(db):
            await db.execute("UPDATE agencies SET name = ? WHERE name = 'Phường Bến Nghé'", (f"Phường{BAD} Bến Nghé",))
            await db.execute("UPDATE tasks SET title = ?", (f"Ban hành\x0b Kế hoạch{BAD}",))
            await db.execute("UPDATE sections SET title = ?", ("Lĩnh vực\x02 1",))
    finally:
        await db.close()


def _all_text_of_docx(path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


async def test_summary_docx_and_xlsx_can_t_fail_on_a_name(tmp_path):
    settings = make_settings(tmp_path)
    await _store_unprintable_names(settings.db)
    at = "2025-03-14T16:00:00+07:00"
    for fmt in ("docx", "xlsx", "text"):
        out = tmp_path / f"tong-hop.{fmt}"
        assert await cli(settings, "summary", "--at", at, "--period", "quarter", "--format", fmt, "--out", str(out)) == 0
    text = _all_text_of_docx(tmp_path / "tong-hop.docx")
    assert "Phường Bến Nghé" in text and "Ban hành Kế hoạch" in text
    assert first_unprintable(text) is None
    book = openpyxl.load_workbook(tmp_path / "tong-hop.xlsx")
    values = [str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Phường Bến Nghé" in values
    assert all(first_unprintable(value) is None and "_x00" not in value for value in values)


async def test_chat_messages_carry_no_control_characters(tmp_path):
    settings = make_settings(tmp_path)
    await _store_unprintable_names(settings.db)
    fake = FakeTelegram()
    fake.add_user(ADMIN_ID)
    running = await start(settings, fake, Clock(NOW))
    try:
        listing = await running.say(ADMIN_ID, "/agencies", contains="Bến Nghé")
        assert "Phường Bến Nghé" in listing.plain
        assert first_unprintable(listing.text) is None
    finally:
        await stop(running)
