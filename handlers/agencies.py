"""/start, /help, /agencies, /agency_add, /agency_alias, /invite."""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby

from chat.buttons import InheritTasks, MoveMember
from chat.messages import Choice, IncomingMessage, OutgoingMessage
from handlers.context import Context
from handlers.errors import BadInput, UnknownAgency
from handlers.plan_texts import named_tasks_text
from handlers.roles import split_role
from handlers.session import Flow, Who, require_admin, require_staff
from i18n import N_, t
from i18n.formats import format_count, format_date, format_time
from plans.agencies import guess_kind, ward_name
from storage import people
from storage.agencies import (
    AgencyWithCounts,
    GroupTasks,
    add_agency,
    add_alias,
    expand_groups_for_agency,
    find_agency,
    get_agency,
    group_name_of_kind,
    list_agencies,
    near_agency,
    open_group_tasks,
    same_name_groups,
)
from storage.audit import record
from storage.db import from_utc_iso
from storage.named_tasks import give_named_tasks

MAX_WRONG_CODES = 5
WRONG_CODE_WINDOW = timedelta(hours=1)
KIND_NAMES = {
    "unit": N_("kind_unit"), "ward": N_("kind_ward"), "committee": N_("kind_committee"), "external": N_("kind_external"),
}
KIND_HEADINGS = {
    "unit": N_("agencies_kind_unit"), "ward": N_("agencies_kind_ward"), "committee": N_("agencies_kind_committee"),
    "external": N_("agencies_kind_external"),
}
ROLE_NAMES = {
    "member": N_("role.member"),
    "head": N_("role.head"),
    "secretary": N_("role.secretary"),
    "admin": N_("role.admin"),
    "none": N_("role.none"),
}


async def greet(msg: IncomingMessage, ctx: Context, who: Who) -> list[OutgoingMessage]:
    """/start without a code: a greeting that says where the person stands."""
    name = who.user.display_name
    if who.is_admin:
        return [OutgoingMessage(t("welcome_admin", who.lang, name=name))]
    if who.is_linked and who.agency is not None:
        role = t(ROLE_NAMES[who.user.role], who.lang)
        return [OutgoingMessage(t("welcome_back", who.lang, name=name, role=role, agency=who.agency.name))]
    return [OutgoingMessage(t("welcome_new", who.lang, name=name))]


async def guessing_too_much(msg: IncomingMessage, ctx: Context) -> bool:
    """True when this person typed too many wrong codes lately: every code waits, even a right one."""
    failures = await people.recent_invite_failures(ctx.db, msg.channel, msg.user_id, ctx.clock(), WRONG_CODE_WINDOW)
    return failures >= MAX_WRONG_CODES


async def redeem_invite(msg: IncomingMessage, ctx: Context, who: Who, code: str) -> list[OutgoingMessage]:
    """Link the person with an invite code (`code` read by storage.people.typed_code); a wrong one counts.

    Someone already linked to another agency is asked first (Có / Không): the code is not used until then.
    """
    now = ctx.clock()
    invite = await people.find_invite(ctx.db, code)
    if invite is None:
        await people.record_invite_failure(ctx.db, msg.channel, msg.user_id, now)
        return [OutgoingMessage(t("invite_unknown", who.lang))]
    refused = _unusable(invite, ctx, who)
    if refused is not None:
        return [OutgoingMessage(refused)]
    if who.is_linked and who.agency is not None and invite.agency_id != who.agency.id:
        await people.set_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id, Flow.MOVE, {"invite": invite.id}, now)
        target = await get_agency(ctx.db, invite.agency_id) if invite.agency_id is not None else None
        question = t(
            "invite_move_ask", who.lang,
            old=who.agency.name, role=t(ROLE_NAMES[who.user.role], who.lang),
            new=target.name if target else "—", new_role=t(ROLE_NAMES[invite.role], who.lang),
        )
        choices = ((
            Choice(t("button_yes", who.lang), MoveMember(invite.id, "yes").pack()),
            Choice(t("button_no", who.lang), MoveMember(invite.id, "no").pack()),
        ),)
        return [OutgoingMessage(question, choices=choices)]
    return await _link(msg, ctx, who, invite)


def _unusable(invite: people.Invite, ctx: Context, who: Who) -> str | None:
    """Why an invite can no longer be used (used, expired), or None."""
    if invite.used_by is not None:
        return t("invite_used", who.lang)
    expires = from_utc_iso(invite.expires_at)
    if expires <= ctx.clock():
        return t("invite_expired", who.lang, date=format_date(expires.astimezone(ctx.settings.tz).date(), who.lang))
    return None


async def move_answered(msg: IncomingMessage, ctx: Context, who: Who, button: MoveMember) -> list[OutgoingMessage]:
    """Có / Không after "Bạn đang ở Phường Bến Nghé… chuyển sang Phường Đa Kao?": only the person asked can answer."""
    dialog = who.dialog
    if dialog is None or dialog.flow != Flow.MOVE or dialog.state.get("invite") != button.invite_id:
        return [OutgoingMessage(t("button_stale", who.lang))]
    await people.clear_dialog(ctx.db, msg.channel, msg.chat_id, who.user.id)
    if button.answer == "no":
        old = who.agency.name if who.agency else "—"
        return [OutgoingMessage(t("invite_move_declined", who.lang, old=old))]
    invite = await people.get_invite(ctx.db, button.invite_id)
    refused = _unusable(invite, ctx, who) if invite is not None else t("button_stale", who.lang)
    if refused is not None:
        return [OutgoingMessage(refused)]
    return await _link(msg, ctx, who, invite)


async def _link(msg: IncomingMessage, ctx: Context, who: Who, invite: people.Invite) -> list[OutgoingMessage]:
    """Use the invite: the person takes its role and agency; an agency left with nobody is told to the admin."""
    now = ctx.clock()
    if not await people.use_invite(ctx.db, invite.id, who.user.id, now):
        return [OutgoingMessage(t("invite_used", who.lang))]
    old = who.agency if who.is_linked else None
    await people.set_role(ctx.db, who.user.id, invite.role, invite.agency_id)
    await record(
        ctx.db,
        now=now,
        channel=msg.channel,
        action="user.linked",
        subject=str(who.user.id),
        user_id=who.user.id,
        detail={"invite": invite.id, "agency_id": invite.agency_id, "role": invite.role,
                "left_agency_id": old.id if old and old.id != invite.agency_id else None},
    )
    role = t(ROLE_NAMES[invite.role], who.lang)
    agency = await get_agency(ctx.db, invite.agency_id) if invite.agency_id is not None else None
    if agency is None:
        text = t("linked_no_agency", who.lang, role=role)
    else:
        text = t("linked", who.lang, agency=agency.name, role=role)
    answers = [OutgoingMessage(text)]
    if old is not None and old.id != invite.agency_id:
        moved = t("invite_moved_from", who.lang, old=old.name)
        answers[0] = OutgoingMessage(f"{text}\n{moved}")
        answers += await _tell_admin_if_empty(msg, ctx, invite, old.id, old.name, who.user.display_name)
    return answers


async def _tell_admin_if_empty(
    msg: IncomingMessage, ctx: Context, invite: people.Invite, agency_id: int, name: str, person: str
) -> list[OutgoingMessage]:
    """A message to the admin who made the invite, on this channel, when `agency_id` has no active member left."""
    left = await people.active_members(ctx.db, agency_id)
    if left or invite.created_by is None:
        return []
    admin = await people.get_user(ctx.db, invite.created_by)
    chats = [i.chat_id for i in await people.identities_of(ctx.db, invite.created_by) if i.channel == msg.channel]
    if admin is None or not chats:
        return []
    lang = admin.lang or "vi"
    return [OutgoingMessage(t("agency_left_empty", lang, agency=name, person=person), chat_id=chats[0])]


async def help_(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """The commands this person can use."""
    text = t("help_member", who.lang) + ctx.worded(msg.channel, N_("help_answer"), N_("help_answer_typed"), who.lang)
    text += ctx.worded(msg.channel, N_("help_late_member"), N_("help_late_member_typed"), who.lang)
    if who.is_staff:
        text += t("help_secretary", who.lang) + t("help_late_secretary", who.lang)
    if who.is_admin:
        text += t("help_admin", who.lang) + t("help_plan_remove", who.lang)
    if not who.is_linked:
        text = t("welcome_new", who.lang, name=who.user.display_name) + "\n\n" + text
    return [OutgoingMessage(text)]


async def list_(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """Agencies with member counts, and those nobody has joined yet; the admin also sees names that share a form."""
    require_staff(who)
    rows = await list_agencies(ctx.db)
    if not rows:
        return [OutgoingMessage(t("agencies_none", who.lang))]
    joined = [r for r in rows if r.members > 0]
    empty = [r for r in rows if r.members == 0]
    lines = [t("agencies_header", who.lang, count=format_count(len(rows), who.lang)), *_by_kind(joined, who.lang)]
    if empty:
        lines.append(t("agencies_empty_header", who.lang, count=format_count(len(empty), who.lang)))
        lines += _by_kind(empty, who.lang)
    if who.is_admin:
        for names in same_name_groups(rows):
            lines.append(t("agencies_same_name", who.lang, names=" · ".join(f"«{n}»" for n in names)))
    return [OutgoingMessage("\n".join(lines))]


def _by_kind(rows: list[AgencyWithCounts], lang: str) -> list[str]:
    """A line per agency, in the list's order (kind, then Vietnamese order), under a heading per kind when there
    are several («Phòng, ban, đơn vị (12)», «Phường, xã (10)»): without them a list from Ban Chỉ đạo to Phường
    Bến Thành reads as unsorted."""
    groups = [(kind, list(group)) for kind, group in groupby(rows, key=lambda r: r.kind)]
    lines = []
    for kind, group in groups:
        if len(groups) > 1:
            lines.append(t(KIND_HEADINGS[kind], lang, count=format_count(len(group), lang)))
        lines += [t("agencies_line", lang, name=r.name, members=r.members, tasks=r.lead_tasks) for r in group]
    return lines


def roles_text(tasks: GroupTasks, lang: str) -> str:
    """«5 việc phối hợp», «2 việc chủ trì, 3 việc phối hợp»: the role a group's tasks give a new agency."""
    parts = [t("group_roles_lead", lang, count=tasks.lead)] if tasks.lead else []
    if tasks.support:
        parts.append(t("group_roles_support", lang, count=tasks.support))
    return ", ".join(parts)


async def add(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """Register an agency; show a close name already registered; ask whether it takes its group's open tasks."""
    require_admin(who)
    if not args.split():
        raise BadInput(N_("usage_agency_add"))
    kind = guess_kind(" ".join(args.split()))
    near = await near_agency(ctx.db, args)
    # «UBND phường Tân Định» is listed as the other wards are: «Phường Tân Định»
    agency = await add_agency(ctx.db, args, kind, now=ctx.clock(), display=ward_name(args))
    await record(
        ctx.db, now=ctx.clock(), channel=msg.channel, action="agency.added", subject=agency.name,
        user_id=who.user.id, detail={"kind": kind},
    )
    lines = [t("agency_added", who.lang, name=agency.name, kind=t(KIND_NAMES[kind], who.lang))]
    if near is not None:
        lines.append(t("agency_near", who.lang, near=near.name, name=agency.name))
    named = await give_named_tasks(ctx.db, agency.id)
    if named:
        await record(
            ctx.db, now=ctx.clock(), channel=msg.channel, action="agency.named_tasks", subject=agency.name,
            user_id=who.user.id, detail={plan.plan_code: {"lead": plan.lead, "support": plan.support} for plan in named},
        )
        lines.append(named_tasks_text(named, who.lang))
    today = ctx.clock().astimezone(ctx.settings.tz).date()
    open_tasks = await open_group_tasks(ctx.db, agency.id, today)
    if not open_tasks.total:
        return [OutgoingMessage("\n".join(lines))]
    lines.append(t("agency_inherit_ask", who.lang, count=open_tasks.total, roles=roles_text(open_tasks, who.lang),
                   group=group_name_of_kind(kind), name=agency.name))
    choices = ((
        Choice(t("button_yes", who.lang), InheritTasks(agency.id, "yes").pack()),
        Choice(t("button_no", who.lang), InheritTasks(agency.id, "no").pack()),
    ),)
    return [OutgoingMessage("\n".join(lines), choices=choices)]


async def inherit_answered(msg: IncomingMessage, ctx: Context, who: Who, button: InheritTasks) -> list[OutgoingMessage]:
    """Có / Không: the new agency takes its group's tasks still open today, or starts with none of them."""
    require_admin(who)
    agency = await get_agency(ctx.db, button.agency_id)
    if agency is None:
        return [OutgoingMessage(t("button_stale", who.lang))]
    if button.answer == "no":
        return [OutgoingMessage(t("agency_inherit_no", who.lang, name=agency.name))]
    today = ctx.clock().astimezone(ctx.settings.tz).date()
    added = await expand_groups_for_agency(ctx.db, agency.id, open_on=today)
    await record(
        ctx.db, now=ctx.clock(), channel=msg.channel, action="agency.inherited", subject=agency.name,
        user_id=who.user.id, detail={"links": added},
    )
    return [OutgoingMessage(t("agency_inherit_yes", who.lang, count=added, name=agency.name))]


async def alias(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """Give an agency another name the plans use."""
    require_admin(who)
    name, sep, typed = args.partition("|")
    name, other = " ".join(name.split()), " ".join(typed.split())
    if not sep or not name or not other:
        raise BadInput(N_("usage_agency_alias"))
    agency = await find_agency(ctx.db, name)
    if agency is None:
        raise UnknownAgency(N_("agency_unknown"), name=name)
    await add_alias(ctx.db, agency.id, typed)  # as typed: a control character in it is refused, not hidden
    await record(
        ctx.db, now=ctx.clock(), channel=msg.channel, action="agency.alias_added", subject=agency.name,
        user_id=who.user.id, detail={"alias": other},
    )
    return [OutgoingMessage(t("alias_added", who.lang, alias=other, name=agency.name))]


async def invite(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """A one-time code (and deep link) that links someone to an agency with a role (said in either language)."""
    require_admin(who)
    if not args.split():
        raise BadInput(N_("usage_invite"))
    name, role = split_role(args)
    if role is None:
        role = "member"
        named, _, last = name.rpartition(" ")
        # "Phòng Kinh tế boss", "Bến Nghé boss": an agency, then a word that is no role
        if named and await find_agency(ctx.db, name) is None and await find_agency(ctx.db, named) is not None:
            raise BadInput(N_("invite_unknown_role"), role=last)
    agency = await find_agency(ctx.db, name) if name else None
    if agency is None and name != " ".join(args.split()):
        # a name ending in a title's words («Ban Tổ chức công chức»): the whole text names the agency
        whole = await find_agency(ctx.db, args)
        if whole is not None:
            agency, role = whole, "member"
    if agency is None and role not in ("secretary", "admin"):
        if not name:
            raise BadInput(N_("usage_invite"))
        raise UnknownAgency(N_("agency_unknown"), name=name)
    now = ctx.clock()
    created = await people.create_invite(
        ctx.db,
        agency_id=agency.id if agency else None,
        role=role,
        created_by=who.user.id,
        now=now,
        valid_days=ctx.settings.invite_days,
    )
    await record(
        ctx.db, now=now, channel=msg.channel, action="invite.created", subject=created.code,
        user_id=who.user.id, detail={"agency_id": created.agency_id, "role": role},
    )
    expires = from_utc_iso(created.expires_at).astimezone(ctx.settings.tz)
    text = t(
        "invite_created",
        who.lang,
        agency=agency.name if agency else "—",
        role=t(ROLE_NAMES[role], who.lang),
        code=created.code,
        expires=f"{format_date(expires.date(), who.lang)} {format_time(expires, who.lang)}",
    )
    link = ctx.deep_link(created.code)
    how = t("invite_link", who.lang, link=link, code=created.code) if link else t(
        "invite_no_link", who.lang, code=created.code
    )
    text = f"{text}\n{how}"
    if msg.chat_type == "group":
        # a code posted in a group is anyone's: it goes to the admin's private chat, and the group hears
        # where it went first, with what to do if it doesn't arrive (an admin who never opened that chat)
        return [OutgoingMessage(t("invite_sent_privately", who.lang)), OutgoingMessage(text, chat_id=who.identity.chat_id)]
    return [OutgoingMessage(text)]
