"""The planner's values: what is sent to one person reads its person's id and chat one way."""

from schedules.model import Digest, ForPerson, ReminderIntent


def test_an_intent_and_a_digest_share_one_definition_of_the_persons_id_and_chat():
    for name in ("user_id", "channel", "chat_id"):
        assert getattr(ReminderIntent, name) is getattr(ForPerson, name)
        assert getattr(Digest, name) is getattr(ForPerson, name)
