"""Who is talking: the user behind an incoming message, with their agency, the guided flow open in
their chat, and permission checks."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chat.messages import IncomingMessage
from handlers.context import Context
from handlers.errors import NotAllowed
from i18n import N_
from storage import people, reports
from storage.agencies import Agency
from storage.people import Dialog, Identity, User
from storage.reports import Referred


class Flow(StrEnum):
    """The guided flows a chat can be in (stored by name in `dialogs`); handlers.dispatch.DIALOGS routes them."""

    REPORT = "report"  # /report without a task: waiting for a task button
    PICK = "pick"  # a reply that named no task: waiting for a task button
    CLARIFY = "clarify"  # a task without a status (a reply, /report 1.2, "Báo cáo 1.2"): waiting for a status
    NOTE = "note"  # a status button pressed: waiting for a note or files
    IMPORT = "import"  # an import preview: waiting for confirm or cancel
    TRIGGER = "admin_trigger"  # an event button pressed: waiting for its date
    CONFIRM_ALL = "confirm_all"  # "tất cả đã xong" about several tasks: waiting for Có / Không
    MOVE = "move"  # an invite to another agency than the person's own: waiting for Có / Không
    EXTEND = "extend"  # "Xin gia hạn": waiting for the proposed date, then the reason
    EXTEND_NOTE = "extend_note"  # a secretary decided a request: waiting for an optional note
    EXPLAIN = "explain"  # "Giải trình": waiting for the explanation (a text, a file)
    EVIDENCE = "evidence"  # a file after a report of several tasks: waiting for the task it is evidence for


@dataclass(frozen=True)
class Who:
    """The person behind a message, as the database knows them now."""

    user: User
    identity: Identity
    agency: Agency | None
    lang: str
    dialog: Dialog | None = None  # the guided flow open in this chat when the message arrived
    replied_to: Referred | None = None  # what the message answers, when it replies to a bot message we know

    @property
    def is_admin(self) -> bool:
        return self.user.role == "admin"

    @property
    def is_staff(self) -> bool:
        """Secretaries and admins see and do everything."""
        return self.user.role in ("secretary", "admin")

    @property
    def is_linked(self) -> bool:
        return self.user.active == 1 and (self.is_staff or (self.user.role != "none" and self.agency is not None))


async def identify(msg: IncomingMessage, ctx: Context) -> Who:
    """Find or create the user for a message; configured admin ids become admins."""
    session = await people.load_session(ctx.db, msg.channel, msg.user_id, msg.chat_id)
    admin_id = f"{msg.channel}:{msg.user_id}" in ctx.settings.admin_ids
    # an admin only NHACVIEC_ADMIN_IDS made, writing from an id it doesn't list (taken out, or their other app)
    unlisted = session is not None and not admin_id and session.user.role_source == "config"
    if unlisted and await people.demote_config_admins(ctx.db, ctx.settings.admin_ids):
        session = await people.load_session(ctx.db, msg.channel, msg.user_id, msg.chat_id)
    if session is None or session.identity.unreachable_at is not None or (admin_id and session.user.role != "admin"):
        # first contact, a comeback or a promotion: the slower path that writes
        await people.ensure_user(
            ctx.db,
            channel=msg.channel,
            external_id=msg.user_id,
            chat_id=msg.chat_id if msg.chat_type == "private" else msg.user_id,
            display_name=msg.user_name,
            now=ctx.clock(),
        )
        if admin_id:
            user = (await people.load_session(ctx.db, msg.channel, msg.user_id, msg.chat_id)).user  # type: ignore[union-attr]
            if user.role != "admin":
                await people.set_role(ctx.db, user.id, "admin", user.agency_id, from_config=True)
        session = await people.load_session(ctx.db, msg.channel, msg.user_id, msg.chat_id)
        assert session is not None
    replied_to = None
    if msg.reply_to_ref is not None and msg.button_data is None:  # most messages are replies to reminders
        replied_to = await reports.referred(ctx.db, msg.channel, msg.chat_id, msg.reply_to_ref)
    user = session.user
    return Who(user=user, identity=session.identity, agency=session.agency, lang=user.lang or ctx.settings.lang,
               dialog=session.dialog, replied_to=replied_to)


def require_admin(who: Who) -> None:
    """Refuse unless the person is an admin."""
    if not who.is_admin:
        raise NotAllowed(N_("not_allowed_admin"))


def require_staff(who: Who) -> None:
    """Refuse unless the person is a secretary or admin."""
    if not who.is_staff:
        raise NotAllowed(N_("not_allowed_secretary"))


def require_linked(who: Who) -> None:
    """Refuse people who have not joined an agency with an invite."""
    if not who.is_linked:
        raise NotAllowed(N_("not_linked"))
