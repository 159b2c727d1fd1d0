"""/summary and /overdue: the committee's roll-up as chat text, a spreadsheet and a chart."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from chat.messages import IncomingMessage, OutgoingFile, OutgoingMessage
from handlers.context import Context
from handlers.errors import BadInput, UnknownAgency
from handlers.session import Who, require_linked
from handlers.tasks import page_typed
from i18n import N_, t
from i18n.formats import format_date
from plans.periods import PERIOD_WORDS, PeriodKind, just_ended, period_bounds
from plans.text import fold
from reports.chart import render_chart
from reports.docx import render_docx, report_issuer
from reports.text import (
    OVERDUE_PAGE,
    PERIOD_NAMES,
    period_label,
    render_overdue,
    render_scorecard,
    render_text,
)
from reports.xlsx import render_xlsx
from storage.agencies import Agency, find_agency, find_agency_exact
from storage.db import transaction
from storage.plans import list_plans
from storage.rollup_values import Rollup
from storage.rollups import compute_overdue, compute_rollup, open_rollup
from storage.unheard import find_unheard


@dataclass(frozen=True)
class Named:
    """A period named as offices write it: «quý I», «quý 1/2022», «Q1», «tháng 3», «năm 2022» (year None: the
    latest such period begun)."""

    number: int  # the quarter or month; for a year, the year
    year: int | None


Which = Literal["auto", "current", "previous", "next"] | Named

MAX_PAGE = 10_000  # /overdue 99999999 asks for no more lines than the last page of a national list

# "quý này" / "this quarter", "quý trước" / "last quarter", beside the period word (folded); "tuần sau" /
# "next week" is named to be refused as not begun, not taken for an agency «sau»
WHICH_WORDS: dict[str, Which] = {
    "nay": "current", "this": "current", "truoc": "previous", "ngoai": "previous", "last": "previous",
    "sau": "next", "toi": "next", "next": "next",
}
DRAFT_PERIODS = ("quarter", "year")  # the periods whose answer carries the report's DOCX draft
_FILE_NAME_GAP = re.compile(r"[^a-z0-9]+")  # what a folded agency name keeps in a file name: a-z and digits
_QUARTER_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:(?: ?[/-] ?| nam | )(?P<year>20\d\d))?"
# a named period, folded and with single spaces: "quy i/2022", "quy 1 nam 2022", "q1", "thang 3", "nam 2022"
_NAMED: tuple[tuple[PeriodKind, re.Pattern[str]], ...] = (
    ("quarter", re.compile(rf"(?:quy|quarter) (?P<n>iv|i{{1,3}}|[1-4]){_YEAR}")),
    ("quarter", re.compile(rf"q(?P<n>[1-4]){_YEAR}")),
    ("month", re.compile(rf"(?:thang|month) (?P<n>1[0-2]|0?[1-9]){_YEAR}")),
    ("year", re.compile(r"(?:nam|year) (?P<n>20\d\d)")),
)


def parse_summary_args(args: str) -> tuple[PeriodKind, str, Which]:
    """(period, agency text, which) from "/summary [tuần|tháng|quý|năm] [này|trước] [agency]", the period
    before or after the agency ("/summary Phuong Ben Nghe quý trước"); which is "auto" unless a word says."""
    words = args.split()
    for lead in (True, False):  # the period words lead or trail the agency's name
        named = _named_period(words, lead)
        if named is not None:
            period, which, taken = named
            return period, " ".join(words[taken:] if lead else words[:-taken]), which
    for lead in (True, False):
        found = _period_words([fold(w) for w in (words[:2] if lead else words[-2:])], lead)
        if found is not None:
            period, which, taken = found
            return period, " ".join(words[taken:] if lead else words[:-taken]), which
    return "week", " ".join(words), "auto"


def _period_words(pair: list[str], lead: bool) -> tuple[PeriodKind, Which, int] | None:
    """The period, which one, and how many of the two words at the start (`lead`) or end say it."""
    if len(pair) == 2 and pair[0] in WHICH_WORDS and pair[1] in PERIOD_WORDS:  # "last quarter"
        return PERIOD_WORDS[pair[1]], WHICH_WORDS[pair[0]], 2
    if len(pair) == 2 and pair[0] in PERIOD_WORDS and pair[1] in WHICH_WORDS:  # "quý trước"
        return PERIOD_WORDS[pair[0]], WHICH_WORDS[pair[1]], 2
    single = (pair[0] if lead else pair[-1]) if pair else ""
    if single in PERIOD_WORDS:
        return PERIOD_WORDS[single], "auto", 1
    return None


def _named_period(words: list[str], lead: bool) -> tuple[PeriodKind, Named, int] | None:
    """The period named by the first (`lead`) or last up to 4 words, the longest that reads as one, and how
    many words it took."""
    for size in range(min(4, len(words)), 0, -1):
        typed = " ".join(fold(w) for w in (words[:size] if lead else words[-size:]))
        for period, pattern in _NAMED:
            found = pattern.fullmatch(typed)
            if found:
                year = found.groupdict().get("year")
                number = _QUARTER_NUMBERS[found["n"]] if period == "quarter" else int(found["n"])
                return period, Named(number, int(year) if year else None), size
    return None


def named_bounds(named: Named, period: PeriodKind, today: date) -> tuple[date, date]:
    """The first and last day of a named period; without a year, the latest such period begun by `today`."""
    if period == "year":
        return period_bounds(date(named.number, 1, 1), period)
    month = 3 * named.number - 2 if period == "quarter" else named.number
    first = date(named.year or today.year, month, 1)
    if named.year is None and first > today:
        first = first.replace(year=first.year - 1)
    return period_bounds(first, period)


def summary_moment(now: datetime, tz: ZoneInfo, period: PeriodKind, which: Which) -> tuple[datetime, bool]:
    """When the roll-up is taken, and whether it is of the period just ended: the last second of the previous
    period when asked ("quý trước") or, unasked, in the first REPORTING_DAYS days of a quarter or year; the
    last second of a named period («quý I/2022») that has ended, now for one under way (summary refuses one
    not begun)."""
    today = now.astimezone(tz).date()
    if isinstance(which, Named):
        _, end = named_bounds(which, period, today)
        if end >= today:
            return now, False
        return datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz) - timedelta(seconds=1), True
    ended = which == "previous" or (which == "auto" and just_ended(today, period))
    if not ended:
        return now, False
    start, _ = period_bounds(today, period)
    return datetime.combine(start, time(0), tzinfo=tz) - timedelta(seconds=1), True


async def summary(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """Secretaries and admins get the whole roll-up with files (the report's DOCX draft for a quarter or a
    year); heads get their own agency's scorecard.

    The text goes first (through ctx.answer_now where the channel has it): it needs no detail line, and
    at national scale reading the 280,000 of them and writing the spreadsheet takes seconds more.
    """
    require_linked(who)
    period, agency_text, which = parse_summary_args(args)
    agency_id = None
    named: str | None = None  # the agency named, whose files carry its name
    if not who.is_staff:
        agency_id = who.agency.id if who.agency else None
    elif agency_text:
        async with transaction(ctx.db):  # answered after the message's unit (dispatch): a read of its own
            agency = await find_agency(ctx.db, agency_text)
        if agency is None:
            raise UnknownAgency(N_("summary_agency_unknown"), name=agency_text)
        agency_id = agency.id
        named = agency.name
    tz = ctx.settings.tz
    today = ctx.clock().astimezone(tz).date()
    if isinstance(which, Named) or which == "next":
        if which == "next":  # "tuần sau": the period after this one, which has not begun
            start, end = period_bounds(period_bounds(today, period)[1] + timedelta(days=1), period)
        else:
            start, end = named_bounds(which, period, today)
        if start > today:
            raise BadInput(N_("summary_not_begun"), start=format_date(start, who.lang), end=format_date(end, who.lang))
    as_of, ended = summary_moment(ctx.clock(), tz, period, which)
    announce = ended and which == "auto"  # chosen for them: say which period it is
    if not who.is_staff:  # one agency's roll-up: small, and its scorecard lists its own lines
        rollup = await compute_rollup(ctx.db, as_of=as_of, period=period, tz=tz, agency_id=agency_id)
        chunks = render_scorecard(rollup, agency_id or 0, who.lang)
        notes = [*_ended_note(rollup, announce, who.lang), *_last_year_note(rollup, which, today, who.lang)]
        return [*notes, *(OutgoingMessage(c) for c in chunks)]
    unheard = None
    if agency_id is None:  # the whole office's summary names who nobody reminds, as of now
        async with transaction(ctx.db):
            unheard = await find_unheard(ctx.db)
    async with open_rollup(ctx.db, as_of=as_of, period=period, tz=tz, agency_id=agency_id) as opened:
        rollup = await opened.summary()
        answers = [*_ended_note(rollup, announce, who.lang), *_last_year_note(rollup, which, today, who.lang)]
        answers += [OutgoingMessage(chunk) for chunk in render_text(rollup, who.lang, unheard=unheard)]
        if ctx.answer_now is not None:
            for answer in answers:
                await ctx.answer_now(answer)
            answers = [OutgoingMessage("")]

        async def documents() -> tuple[bytes, bytes | None]:
            full = await opened.complete(rollup)
            if period not in DRAFT_PERIODS:
                return await asyncio.to_thread(render_xlsx, full, who.lang), None
            async with transaction(ctx.db):
                issuer = report_issuer(full, await list_plans(ctx.db))
            sheet, draft = await asyncio.gather(
                asyncio.to_thread(render_xlsx, full, who.lang),
                asyncio.to_thread(render_docx, full, lang=who.lang, issuer=issuer),
            )
            return sheet, draft

        # rendering files is CPU work: in threads, outside the unit of work (dispatch), so others are
        # answered meanwhile; the chart needs no detail line, so it is drawn while they are read
        (xlsx, docx), png = await asyncio.gather(documents(), asyncio.to_thread(render_chart, rollup, who.lang))
    answers[-1] = replace(answers[-1], files=summary_files(rollup.today, named, xlsx, png, docx))
    return answers


def summary_files(day: date, agency: str | None, xlsx: bytes, png: bytes, docx: bytes | None) -> tuple[OutgoingFile, ...]:
    """A /summary's files, named by the day of their figures and, for one agency's roll-up, by the agency: they
    took the whole roll-up's names and replaced its report draft in the demo's folder (and a phone's downloads)."""
    stamp = day.strftime("%Y-%m-%d")
    if agency:
        stamp = _FILE_NAME_GAP.sub("-", fold(agency)).strip("-") + "-" + stamp
    files = [
        OutgoingFile(name=f"tong-hop-cchc-{stamp}.xlsx", data=xlsx),
        OutgoingFile(name=f"bieu-do-cchc-{stamp}.png", data=png, kind="photo"),
    ]
    if docx is not None:
        files.append(OutgoingFile(name=f"du-thao-bao-cao-cchc-{stamp}.docx", data=docx))
    return tuple(files)


def _ended_note(rollup: Rollup, shown: bool, lang: str) -> list[OutgoingMessage]:
    """"Đầu quý: đây là báo cáo quý I năm 2027 vừa kết thúc…" when the period just ended was chosen unasked."""
    if not shown:
        return []
    name = t(PERIOD_NAMES[rollup.period], lang)
    day = format_date(rollup.end, lang)
    return [OutgoingMessage(t("summary.ended", lang, name=name, period=period_label(rollup, lang), day=day))]


def _last_year_note(rollup: Rollup, which: Which, today: date, lang: str) -> list[OutgoingMessage]:
    """«quý III» typed in April is last year's (the latest begun): one line saying so, and that this year's has
    not begun, so that a secretary does not send a period before the plans as this year's."""
    if not isinstance(which, Named) or which.year is not None or rollup.start.year == today.year:
        return []
    this_year = replace(rollup, start=rollup.start.replace(year=today.year))
    return [
        OutgoingMessage(
            t(
                "summary.last_year",
                lang,
                period=period_label(rollup, lang),
                start=format_date(rollup.start, lang),
                end=format_date(rollup.end, lang),
                this=period_label(this_year, lang),
            )
        )
    ]


async def overdue(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """The late list, a page at a time (`/overdue 2`): every agency's overdue tasks for staff, or one agency's
    (`/overdue Phường Bến Nghé 2`); the person's own agency for others."""
    require_linked(who)
    agency_id, command = None, "/overdue"
    if who.is_staff:
        agency, page = await _overdue_target(ctx, args)
        if agency is not None:
            agency_id, command = agency.id, f"/overdue {agency.name}"
    else:
        agency_id = who.agency.id if who.agency else None
        page = _page_of(args.split()[-1]) if args.split() else 1
    late = await compute_overdue(
        ctx.db, as_of=ctx.clock(), tz=ctx.settings.tz, agency_id=agency_id, max_items=page * OVERDUE_PAGE
    )
    return [OutgoingMessage(chunk) for chunk in render_overdue(late, who.lang, page=page, command=command)]


async def _overdue_target(ctx: Context, args: str) -> tuple[Agency | None, int]:
    """The agency and page "/overdue [agency] [page]" asks for: a number alone is a page; a name ending
    in a number ("Phường 1") is an agency when one has that name, else the number is the page; «trang 2» is
    page 2."""
    words = page_typed(args).split()
    if not words:
        return None, 1
    if len(words) == 1 and _is_number(words[0]):
        return None, _page_of(words[0])
    async with transaction(ctx.db):  # answered after the message's unit (dispatch): a read of its own
        agency = await find_agency_exact(ctx.db, " ".join(words))
        page = 1
        if agency is None:
            if _is_number(words[-1]):
                page = _page_of(words.pop())
            agency = await find_agency(ctx.db, " ".join(words))
    if agency is None:
        raise UnknownAgency(N_("agency_unknown"), name=" ".join(words))
    return agency, page


def _is_number(word: str) -> bool:
    return word.isascii() and word.isdigit()


def _page_of(word: str) -> int:
    """The page a typed number asks for (1 when it is not one)."""
    return max(1, min(int(word), MAX_PAGE)) if _is_number(word) else 1
