"""The text catalogues: every message id the code uses has a Vietnamese and an English text with the same
placeholders; numbers and dates follow each language; errors are rendered in the reader's language."""

from __future__ import annotations

import string
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from pydantic import ValidationError

from bot.app import build_app
from bot.config import Settings, settings_problem
from bot.serve import serve
from i18n import LANGUAGES, read_catalogue, t
from i18n.formats import format_date, format_month, format_number, format_percent, format_time
from plans.importer import read_plan
from plans.model import PlanError
from storage.db import transaction
from storage.errors import AgencyExists, UnknownAgency
from tests.reliability_core import ADMIN, open_core

ROOT = Path(__file__).resolve().parents[2]


def catalogue(lang: str) -> dict[str, tuple[str, ...]]:
    """id → its texts (one, or one per plural form)."""
    return {
        m.id[0] if m.pluralizable else m.id: m.string if m.pluralizable else (m.string,)
        for m in read_catalogue(lang)
        if m.id
    }


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """The message ids `pybabel extract -F babel.cfg -k t -o … .` finds over the repository (README's command)."""
    pot = tmp_path_factory.mktemp("pot") / "nhacviec.pot"
    cli = ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "t", "-o", str(pot), str(ROOT)]
    CommandLineInterface().run(cli)
    with pot.open("rb") as source:
        return {m.id for m in read_po(source) if m.id}


def test_every_message_id_in_the_code_has_a_vietnamese_and_an_english_text(extracted) -> None:
    assert len(extracted) > 250
    # every package is scanned, bot/ included: ids only the channels and the console demo use
    assert {"menu.tasks", "choices_or", "quota_warning", "console_intro", "setting_missing", "printed_to"} <= extracted
    for lang in LANGUAGES:
        texts = catalogue(lang)
        missing = sorted(key for key in extracted if not all(text.strip() for text in texts.get(key, ("",))))
        assert not missing, f"{lang}: no text for {missing}"


def test_every_catalogue_text_is_used_by_the_code(extracted) -> None:
    unused = sorted(set(catalogue("vi")) - extracted)
    assert not unused, f"texts no code marks with t() or N_(): {unused}"


def test_both_catalogues_have_the_same_ids_and_placeholders() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    assert set(vi) == set(en)
    differing = sorted(
        key for key in vi if len({frozenset(placeholders(text)) for text in (*vi[key], *en[key])}) != 1
    )
    assert not differing, f"placeholders differ in {differing}"


def test_no_text_goes_on_after_a_blank_line() -> None:
    # a merge once left two versions of a text one under the other, a blank line between: the catalogue reader
    # joined them, and the demo's first screen said how to choose twice, once wrongly
    for po in sorted((ROOT / "i18n" / "locale").glob("*/LC_MESSAGES/nhacviec.po")):
        lines = po.read_text(encoding="utf-8").split("\n")
        after_blank = [n + 1 for n in range(1, len(lines)) if lines[n].startswith('"') and not lines[n - 1].strip()]
        assert after_blank == [], f"{po}: lines {after_blank}"


def test_plural_messages_have_every_form_and_take_it_from_count() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    plural = {key for key, texts in en.items() if len(texts) > 1}
    assert plural and all(len(vi[key]) == 1 and len(en[key]) == 2 for key in plural)  # vi: one form, en: two
    assert all("count" in placeholders(en[key][0]) for key in plural)
    assert t("due_overdue", "en", date="06/12/2026", count=1) == "06/12/2026 (1 working day late)"
    assert t("due_overdue", "en", date="06/12/2026", count=4) == "06/12/2026 (4 working days late)"
    assert t("due_overdue", "vi", date="06/12/2026", count=1) == "06/12/2026 (trễ 1 ngày làm việc)"


def test_t_fills_the_template_in_the_language_and_falls_back_to_vietnamese() -> None:
    assert t("tasks_header", "vi", agency="Phòng Nội vụ", count=3) == "Việc của Phòng Nội vụ (3):"
    assert t("tasks_header", "en", agency="Phòng Nội vụ", count=3) == "Tasks of Phòng Nội vụ (3):"
    assert t("tasks_header", "fr", agency="Phòng Nội vụ", count=3) == "Việc của Phòng Nội vụ (3):"
    assert t("role.secretary") == "thư ký" and t("status_short.blocked", "en") == "Blocked"
    with pytest.raises(KeyError):
        t("no_such_message")


def test_vietnamese_numbers_percents_and_dates() -> None:
    assert format_number(1234.5) == "1.234,5" and format_number(48184) == "48.184"
    assert format_percent(15.4) == "15,4%" and format_percent(33.3) == "33,3%" and format_percent(100.0) == "100%"
    assert format_date(date(2026, 12, 6)) == "06/12/2026" and format_date("2026-12-06T10:00:00") == "06/12/2026"
    assert format_date(None) == ""
    assert format_month(date(2026, 3, 6)) == "03/2026"
    assert format_time(datetime(2026, 3, 6, 8, 5)) == "08:05"


def test_english_uses_the_english_locale() -> None:
    assert format_number(1234.5, "en") == "1,234.5" and format_percent(15.4, "en") == "15.4%"
    assert format_date(date(2026, 12, 6), "en") == "Dec 6, 2026" and format_month(date(2026, 3, 6), "en") == "Mar 2026"
    assert format_time(datetime(2026, 3, 6, 8, 5), "en") == "8:05\u202fAM"  # CLDR's narrow space


def test_storage_errors_carry_an_id_and_values_not_a_sentence() -> None:
    exists = AgencyExists("phuong ben nghe", "Phường Bến Nghé")
    assert (exists.key, exists.values) == ("agency_name_taken", {"name": "phuong ben nghe", "existing": "Phường Bến Nghé"})
    assert str(exists) == "Tên «phuong ben nghe» trùng với đơn vị đã đăng ký «Phường Bến Nghé»."  # for logs
    assert t(exists.key, "en", **exists.values) == (
        "The name «phuong ben nghe» is the same as the registered agency «Phường Bến Nghé»."
    )
    assert t(UnknownAgency(7).key, "en", **UnknownAgency(7).values) == "No agency number 7."


def test_plan_errors_name_the_file_in_either_language() -> None:
    with pytest.raises(PlanError) as caught:
        read_plan(b"", "rong.txt")
    assert str(caught.value) == "Tệp rong.txt rỗng, không có nội dung."
    assert t(caught.value.key, "en", **caught.value.values) == "The file rong.txt is empty."
    with pytest.raises(PlanError) as caught:
        read_plan(b"x", "ke-hoach.pdf")
    assert "ke-hoach.pdf" in t(caught.value.key, "en", **caught.value.values)


async def test_dispatch_shows_errors_in_the_persons_language(tmp_path) -> None:
    core = await open_core(tmp_path)
    try:
        await core.send(ADMIN, "/help")  # first contact creates the user (a failed command rolls its unit back)
        vietnamese = await core.text(ADMIN, "/agency_add Phường Bến Nghé")
        assert vietnamese == "Đơn vị «Phường Bến Nghé» đã có trong danh sách."
        async with transaction(core.db):
            await core.db.execute("UPDATE users SET lang = 'en' WHERE id = ?", (await core.user_id(ADMIN),))
        english = await core.text(ADMIN, "/agency_add Phường Bến Nghé")
        assert english == "The agency «Phường Bến Nghé» is already registered."
        assert await core.text(ADMIN, "/agency_alias Không Có | KC") == "No agency «Không Có». Type /agencies for the list."
    finally:
        await core.db.close()


async def test_setting_errors_are_told_to_the_operator_in_the_deployments_language() -> None:
    def error(**env: str) -> str:
        with pytest.raises(ValidationError) as caught:
            Settings(_env_file=None, **env)  # type: ignore[arg-type]
        return settings_problem(caught.value)

    assert error(NHACVIEC_TZ="Sao/Hoa") == "NHACVIEC_TZ phải là tên một múi giờ như Asia/Ho_Chi_Minh, không phải «Sao/Hoa»."
    assert error(NHACVIEC_TZ="Sao/Hoa", NHACVIEC_LANG="en") == (
        "NHACVIEC_TZ must name a time zone such as Asia/Ho_Chi_Minh, not «Sao/Hoa»."
    )
    assert error(NHACVIEC_LANG="fr") == (  # no language known
        "NHACVIEC_LANG phải là vi (tiếng Việt) hoặc en (tiếng Anh), không phải «fr»."
    )
    english = Settings(_env_file=None, NHACVIEC_LANG="en")  # type: ignore[call-arg]
    with pytest.raises(ValueError) as caught:
        build_app(english)
    assert str(caught.value) == "TELEGRAM_BOT_TOKEN is not set"
    with pytest.raises(ValueError) as caught:
        await serve(english)
    assert str(caught.value) == "neither TELEGRAM_BOT_TOKEN nor ZALO_BOT_TOKEN is set"
    with pytest.raises(ValueError) as caught:
        await serve(Settings(_env_file=None))  # type: ignore[call-arg]
    assert str(caught.value) == "TELEGRAM_BOT_TOKEN hoặc ZALO_BOT_TOKEN chưa được đặt"
