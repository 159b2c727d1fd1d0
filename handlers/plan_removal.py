"""/plan_remove: an admin takes a wrongly imported plan out of the follow-up, after seeing what that takes out."""

from __future__ import annotations

from datetime import date

import aiosqlite

from chat.buttons import RemovePlan
from chat.messages import Choice, IncomingMessage, OutgoingMessage, shorten
from handlers.context import Context
from handlers.errors import BadInput
from handlers.session import Who, require_admin
from handlers.task_numbers import names_plan
from i18n import N_, t
from i18n.formats import format_count
from plans.documents import document_kind, document_name
from plans.text import fold
from storage.plans import Plan, PlanFootprint, PlanWithCounts, list_plans, plan_footprint, remove_plan

MAX_CHOICES = 10


async def find_plans(db: aiosqlite.Connection, typed: str) -> list[PlanWithCounts]:
    """The followed plans `typed` names ("58/KH-UBND", "KH 58", "58"): its exact code alone when one has it;
    BadInput naming the plans there are when none does."""
    plans = await list_plans(db)
    if not plans:
        raise BadInput(N_("plan_remove_none"))
    exact = [plan for plan in plans if fold(plan.code).replace(" ", "") == fold(typed).replace(" ", "")]
    found = exact or [plan for plan in plans if names_plan(typed, plan.code)]
    if not found:
        raise BadInput(N_("plan_remove_unknown"), typed=typed, plans="; ".join(plan.code for plan in plans))
    return found


def footprint_text(footprint: PlanFootprint, lang: str) -> str:
    """What removing the plan takes out and keeps, asked before doing it."""
    plan = footprint.plan
    return t("plan_remove_confirm", lang, document=document_name(plan.code, lang), title=plan.title,
             kind=t(document_kind(plan.code), lang), tasks=format_count(footprint.tasks, lang),
             upcoming=format_count(footprint.upcoming, lang), reports=format_count(footprint.reports, lang))


def removed_text(footprint: PlanFootprint, lang: str) -> str:
    """The answer once the plan is removed."""
    return t("plan_removed", lang, document=document_name(footprint.plan.code, lang),
             tasks=format_count(footprint.tasks, lang), reports=format_count(footprint.reports, lang))


def _today(ctx: Context) -> date:
    return ctx.clock().astimezone(ctx.settings.tz).date()


async def remove_command(msg: IncomingMessage, ctx: Context, who: Who, args: str) -> list[OutgoingMessage]:
    """/plan_remove CODE: what removing that plan takes out, with Gỡ / Hủy; without a code, the plans to pick."""
    require_admin(who)
    typed = " ".join(args.split())
    if not typed:
        plans = await list_plans(ctx.db)
        if not plans:
            raise BadInput(N_("plan_remove_none"))
        return [OutgoingMessage(t("usage_plan_remove", who.lang), choices=_plan_buttons(plans))]
    found = await find_plans(ctx.db, typed)
    if len(found) > 1:
        text = t("plan_remove_which", who.lang, typed=typed, count=len(found))
        return [OutgoingMessage(text, choices=_plan_buttons(found))]
    return [await _ask(ctx, who, found[0])]


def _plan_buttons(plans: list[PlanWithCounts]) -> tuple[tuple[Choice, ...], ...]:
    return tuple((Choice(shorten(f"{plan.code} — {plan.title}", 60), RemovePlan(plan.id, "ask").pack()),)
                 for plan in plans[:MAX_CHOICES])


async def _ask(ctx: Context, who: Who, plan: Plan) -> OutgoingMessage:
    footprint = await plan_footprint(ctx.db, plan, _today(ctx))
    document = document_name(plan.code, who.lang)
    rows = ((Choice(t("button_plan_remove", who.lang, document=document), RemovePlan(plan.id, "yes").pack()),
             Choice(t("button_cancel", who.lang), RemovePlan(plan.id, "no").pack())),)
    return OutgoingMessage(footprint_text(footprint, who.lang), choices=rows)


async def remove_pressed(msg: IncomingMessage, ctx: Context, who: Who, button: RemovePlan) -> list[OutgoingMessage]:
    """A plan picked under /plan_remove, or its Gỡ / Hủy."""
    require_admin(who)
    plan = next((plan for plan in await list_plans(ctx.db) if plan.id == button.plan_id), None)
    if plan is None:
        return [OutgoingMessage(t("button_stale", who.lang))]
    if button.answer == "ask":
        return [await _ask(ctx, who, plan)]
    if button.answer == "no":
        return [OutgoingMessage(t("plan_remove_cancelled", who.lang, document=document_name(plan.code, who.lang)))]
    footprint = await remove_plan(ctx.db, plan, today=_today(ctx), now=ctx.clock(), user_id=who.user.id,
                                  channel=msg.channel)
    return [OutgoingMessage(removed_text(footprint, who.lang))]
