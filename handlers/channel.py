"""/channel, /lienket and /start with a link code: one person on several chat apps, reminded on one.

Channel names are data here (the identities a person has), never a branch: the core still doesn't know
which channel it is serving.
"""

from __future__ import annotations

import re

from chat.messages import IncomingMessage, OutgoingMessage
from handlers import agencies
from handlers.context import Context
from handlers.errors import BadInput
from handlers.session import Who, require_linked
from i18n import N_, t
from plans.text import fold
from storage import links, people
from storage.audit import record
from storage.db import from_utc_iso
from storage.people import Identity

AUTO_WORDS = {"auto", "tudong", "tu-dong", "macdinh", "default"}


def channel_name(channel: str) -> str:
    """How a channel reads in a sentence: "console" → "Console"."""
    return channel.capitalize()


def reminder_identity(identities: list[Identity], preferred: str | None) -> Identity | None:
    """The identity reminders go to: the preferred channel if reachable, else the newest reachable link."""
    reachable = [i for i in identities if i.unreachable_at is None]
    for identity in reachable:
        if identity.channel == preferred:
            return identity
    return reachable[0] if reachable else None


async def start(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/start CODE: a link code attaches this chat to its owner, an invite code links the person; both go
    through one wrong-code lockout. /start alone greets."""
    if not args.strip():
        return await agencies.greet(msg, ctx, who)
    code = _code_in(args)
    if code is None:  # not a code this bot makes: a slip, not a guess, so it doesn't count
        return [OutgoingMessage(t("code_malformed", who.lang, length=people.CODE_LENGTH))]
    if await agencies.guessing_too_much(msg, ctx):
        return [OutgoingMessage(t("invite_throttled", who.lang))]
    link = await links.find_link_code(ctx.db, code)
    if link is not None:
        return [OutgoingMessage(await _attach(msg, ctx, who, link))]
    return await agencies.redeem_invite(msg, ctx, who, code)


# what people put before a code they paste as a message of its own: «mã mời: K7M2QX9P», «start K7M2QX9P»
_BEFORE_CODE = re.compile(r"(?:ma moi|ma lien ket|ma|start|link|lienket|lien ket|code)(?:\s*:\s*|\s+)")


def code_pasted(text: str) -> str | None:
    """The invite or link code someone not linked yet pasted without /start («K7M2QX9P», «mã mời: K7M2QX9P»),
    or None: the whole message must be the code, so no report or greeting is read as one."""
    folded = fold(text)
    before = _BEFORE_CODE.match(folded)
    for candidate in (folded, folded[before.end() :] if before else ""):  # a code may begin «MA…»
        code = people.typed_code(candidate)
        if people.code_shaped(code):
            return code
    return None


def _code_in(args: str) -> str | None:
    """The code in what followed /start, as pasted (spaces inside it allowed), else its first word; None
    when neither has a code's shape."""
    for candidate in (args, args.split()[0]):
        code = people.typed_code(candidate)
        if people.code_shaped(code):
            return code
    return None


async def _attach(msg: IncomingMessage, ctx: Context, who: Who, link: links.LinkCode) -> str:
    now = ctx.clock()
    if link.user_id == who.user.id:
        return t("link_same_user", who.lang)
    if link.used_at is not None:
        return t("invite_used", who.lang)
    if from_utc_iso(link.expires_at) <= now:
        return t("link_code_expired", who.lang)
    if not await links.use_link_code(ctx.db, link.id, who.identity.id, now):
        return t("invite_used", who.lang)
    old_user = await links.attach_identity(ctx.db, who.identity.id, link.user_id, now)
    await record(
        ctx.db, now=now, channel=msg.channel, action="identity.attached", subject=str(link.user_id),
        user_id=link.user_id, detail={"identity": who.identity.id, "from_user": old_user},
    )
    owner = await people.get_user(ctx.db, link.user_id)
    assert owner is not None
    lang = owner.lang or who.lang
    return t(
        "link_attached",
        lang,
        channel=channel_name(msg.channel),
        name=owner.display_name,
        role=t(agencies.ROLE_NAMES[owner.role], lang),
    )


async def link_code(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/lienket: a one-time code to type on another chat app so it reaches the same person."""
    require_linked(who)
    if msg.chat_type != "private":
        raise BadInput(N_("link_code_private"))
    now = ctx.clock()
    code = await links.create_link_code(ctx.db, who.user.id, now)
    minutes = int(links.LINK_CODE_VALID.total_seconds() // 60)
    return [OutgoingMessage(t("link_code_created", who.lang, code=code.code, minutes=minutes))]


async def channel(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/channel [name|auto]: where reminders go; without an argument, say where and what else is linked."""
    require_linked(who)
    identities = await people.identities_of(ctx.db, who.user.id)
    names = sorted({i.channel for i in identities})
    listed = ", ".join(channel_name(n) for n in names)
    wanted = args.strip().lower()
    if not wanted:
        current = reminder_identity(identities, who.user.preferred_channel)
        how = N_("channel_how_chosen") if who.user.preferred_channel else N_("channel_how_default")
        others = [n for n in names if current is None or n != current.channel]
        text = t(
            "channel_status",
            who.lang,
            current=channel_name(current.channel) if current else "—",
            how=t(how, who.lang),
            channels=listed,
        )
        text += t("channel_change", who.lang, example=others[0]) if others else t("channel_add", who.lang)
        return [OutgoingMessage(text)]
    if wanted.replace(" ", "") in AUTO_WORDS:
        await links.set_preferred_channel(ctx.db, who.user.id, None)
        current = reminder_identity(identities, None)
        name = channel_name(current.channel) if current else "—"
        return [OutgoingMessage(t("channel_auto", who.lang, channel=name))]
    if wanted not in names:
        raise BadInput(N_("channel_not_linked"), channel=wanted, channels=listed)
    if not any(i.channel == wanted and i.unreachable_at is None for i in identities):
        raise BadInput(N_("channel_unreachable"), channel=channel_name(wanted))
    await links.set_preferred_channel(ctx.db, who.user.id, wanted)
    await record(
        ctx.db, now=ctx.clock(), channel=msg.channel, action="user.channel_set", subject=wanted,
        user_id=who.user.id, detail={},
    )
    return [OutgoingMessage(t("channel_set", who.lang, channel=channel_name(wanted)))]
