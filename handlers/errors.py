"""Domain errors for the person in the chat: a message id and its values, rendered in their language by dispatch."""

from __future__ import annotations


class UserFacingError(Exception):
    """An error to show the person: `t(error.key, lang, **error.values)`."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(key, values)


class NotAllowed(UserFacingError):
    """The person's role or agency does not allow this."""


class BadInput(UserFacingError):
    """What the person typed cannot be used; the message says why and what to type."""


class UnknownAgency(UserFacingError):
    """No registered agency matches a name."""
