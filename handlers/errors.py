"""Domain errors; each carries a sentence for the person, the adapter only shows it."""

from __future__ import annotations


class UserFacingError(Exception):
    """An error whose message is written for the person in the chat."""


class NotAllowed(UserFacingError):
    """The person's role or agency does not allow this."""


class BadInput(UserFacingError):
    """What the person typed cannot be used; the message says why and what to type."""


class UnknownAgency(UserFacingError):
    """No registered agency matches a name."""
