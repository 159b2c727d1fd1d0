"""/summary and /overdue: the committee's roll-up as chat text, a spreadsheet and a chart."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from chat.messages import IncomingMessage, OutgoingFile, OutgoingMessage
from handlers.context import Context
from handlers.errors import UnknownAgency
from handlers.session import Who, require_linked
from i18n import N_
from plans.text import fold
from reports.chart import render_chart
from reports.text import OVERDUE_PAGE, render_overdue, render_scorecard, render_text
from reports.xlsx import render_xlsx
from storage.agencies import Agency, find_agency, find_agency_exact
from storage.db import transaction
from storage.rollups import compute_overdue, compute_rollup, open_rollup

MAX_PAGE = 10_000  # /overdue 99999999 asks for no more lines than the last page of a national list

PERIOD_WORDS = {
    "tuan": "week", "week": "week",
    "thang": "month", "month": "month",
    "quy": "quarter", "quarter": "quarter",
}


def parse_summary_args(args: str) -> tuple[str, str]:
    """("week"|"month"|"quarter", agency text) from "/summary [tuần|tháng|quý] [agency]", the period word
    before or after the agency ("/summary Phuong Ben Nghe tuần")."""
    words = args.split()
    period = "week"
    if words and fold(words[0]) in PERIOD_WORDS:
        period = PERIOD_WORDS[fold(words.pop(0))]
    elif words and fold(words[-1]) in PERIOD_WORDS:
        period = PERIOD_WORDS[fold(words.pop())]
    return period, " ".join(words)


async def summary(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """Secretaries and admins get the whole roll-up with files; heads get their own agency's scorecard.

    The text goes first (through ctx.answer_now where the channel has it): it needs no detail line, and
    at national scale reading the 280,000 of them and writing the spreadsheet takes seconds more.
    """
    require_linked(who)
    period, agency_text = parse_summary_args(args)
    agency_id = None
    if not who.is_staff:
        agency_id = who.agency.id if who.agency else None
    elif agency_text:
        async with transaction(ctx.db):  # answered after the message's unit (dispatch): a read of its own
            agency = await find_agency(ctx.db, agency_text)
        if agency is None:
            raise UnknownAgency(N_("agency_unknown"), name=agency_text)
        agency_id = agency.id
    as_of, tz = ctx.clock(), ctx.settings.tz
    if not who.is_staff:  # one agency's roll-up: small, and its scorecard lists its own lines
        rollup = await compute_rollup(ctx.db, as_of=as_of, period=period, tz=tz, agency_id=agency_id)
        return [OutgoingMessage(chunk) for chunk in render_scorecard(rollup, agency_id or 0, who.lang)]
    async with open_rollup(ctx.db, as_of=as_of, period=period, tz=tz, agency_id=agency_id) as opened:
        rollup = await opened.summary()
        answers = [OutgoingMessage(chunk) for chunk in render_text(rollup, who.lang)]
        if ctx.answer_now is not None:
            for answer in answers:
                await ctx.answer_now(answer)
            answers = [OutgoingMessage("")]

        async def spreadsheet() -> bytes:
            details = await opened.details()
            return await asyncio.to_thread(render_xlsx, replace(rollup, details=details))

        # rendering files is CPU work: in threads, outside the unit of work (dispatch), so others are
        # answered meanwhile; the chart needs no detail line, so it is drawn while they are read
        xlsx, png = await asyncio.gather(spreadsheet(), asyncio.to_thread(render_chart, rollup))
    stamp = rollup.today.strftime("%Y-%m-%d")
    files = (
        OutgoingFile(name=f"tong-hop-cchc-{stamp}.xlsx", data=xlsx),
        OutgoingFile(name=f"bieu-do-cchc-{stamp}.png", data=png, kind="photo"),
    )
    answers[-1] = replace(answers[-1], files=files)
    return answers


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
    in a number ("Phường 1") is an agency when one has that name, else the number is the page."""
    words = args.split()
    if not words:
        return None, 1
    if len(words) == 1 and _is_number(words[0]):
        return None, _page_of(words[0])
    async with transaction(ctx.db):  # answered after the message's unit (dispatch): a read of its own
        agency = await find_agency_exact(ctx.db, args)
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
