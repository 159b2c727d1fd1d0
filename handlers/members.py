"""/member_remove: an admin takes a person's access back."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from chat.buttons import RemoveMember
from chat.messages import Choice, IncomingMessage, OutgoingMessage
from handlers.agencies import ROLE_NAMES
from handlers.context import Context
from handlers.errors import BadInput, UnknownAgency
from handlers.session import Who, require_admin
from i18n import N_, t
from storage import people
from storage.agencies import find_agency
from storage.audit import record

MAX_CHOICES = 10


async def remove(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/member_remove NAME or /member_remove AGENCY | NAME: unlink that person; a button each when several match."""
    require_admin(who)
    matches = await find(ctx.db, args)
    if len(matches) == 1:
        return [OutgoingMessage(await _remove(msg, ctx, who, matches[0]))]
    name = " ".join(args.split())
    rows = tuple((Choice(describe(m, who.lang), RemoveMember(m.id).pack()),) for m in matches[:MAX_CHOICES])
    return [OutgoingMessage(t("member_ambiguous", who.lang, count=len(matches), name=name), choices=rows)]


async def removal_picked(msg: IncomingMessage, ctx: Context, who: Who, button: RemoveMember) -> list[OutgoingMessage]:
    """One of the people offered under an ambiguous /member_remove."""
    require_admin(who)
    matches = await people.find_members(ctx.db, f"#{button.user_id}")
    if not matches:
        return [OutgoingMessage(t("button_stale", who.lang))]
    return [OutgoingMessage(await _remove(msg, ctx, who, matches[0]))]


async def _remove(msg: IncomingMessage, ctx: Context, who: Who, member: people.Member) -> str:
    if member.id == who.user.id:
        raise BadInput(N_("member_remove_self"))
    await remove_one(ctx.db, member, admin_ids=ctx.settings.admin_ids, now=ctx.clock(), by=who.user.id,
                     channel=msg.channel)
    said = t("member_removed", who.lang, person=describe(member, who.lang))
    if await nobody_left(ctx.db, member):
        said += t("member_removed_nobody_left", who.lang, agency=member.agency, role=t(ROLE_NAMES[member.role], who.lang))
    return said


async def nobody_left(db: aiosqlite.Connection, member: people.Member) -> bool:
    """Whether `member`'s agency has nobody linked now: its reminders reach no one until someone is invited."""
    return member.agency_id is not None and not await people.linked_members(db, member.agency_id)


async def find(db: aiosqlite.Connection, args: str) -> list[people.Member]:
    """The linked people `args` names: NAME, AGENCY | NAME (either order) or #ID; BadInput when none."""
    first, sep, second = (" ".join(part.split()) for part in args.partition("|"))
    if not first or (sep and not second):
        raise BadInput(N_("usage_member_remove"))
    agency_id = None
    name = first
    if sep:
        agency = await find_agency(db, first)
        name = second
        if agency is None:
            agency, name = await find_agency(db, second), first
        if agency is None:
            raise UnknownAgency(N_("agency_unknown"), name=first)
        agency_id = agency.id
    matches = await people.find_members(db, name, agency_id)
    if not matches:
        raise BadInput(N_("member_not_found"), name=name)
    return matches


def describe(member: people.Member, lang: str) -> str:
    """"Nguyễn Văn An — Phường Bến Nghé (Thành viên)": enough to tell two people of one name apart."""
    return t("member_line", lang, name=member.display_name, agency=member.agency or "—",
             role=t(ROLE_NAMES[member.role], lang), id=member.id)


async def remove_one(
    db: aiosqlite.Connection, member: people.Member, *, admin_ids: frozenset[str], now: datetime, by: int | None,
    channel: str,
) -> None:
    """Remove one person, audited; BadInput for an admin NHACVIEC_ADMIN_IDS names (they'd be admin again)."""
    identities = await people.identities_of(db, member.id)
    if any(f"{i.channel}:{i.external_id}" in admin_ids for i in identities):
        raise BadInput(N_("member_remove_config_admin"), name=member.display_name)
    await people.remove_member(db, member.id)
    await record(
        db, now=now, channel=channel, action="member.removed", subject=str(member.id), user_id=by,
        detail={"name": member.display_name, "role": member.role, "agency_id": member.agency_id},
    )
