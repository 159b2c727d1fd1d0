"""Domain errors raised by the repositories: a message id and its values, rendered by whoever shows them."""

from __future__ import annotations

from chat.printable import printable
from i18n import N_, t


class StorageError(Exception):
    """Base of the repositories' domain errors: `t(error.key, lang, **error.values)` is the message for a person.

    str(error) is the Vietnamese rendering, for logs.
    """

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(t(key, "vi", **values))


class AgencyExists(StorageError):
    """An agency (or alias) with the same name, tones and case aside, is already registered."""

    def __init__(self, name: str, existing: str) -> None:
        self.name = name
        self.existing = existing
        if name == existing:
            super().__init__(N_("agency_exists"), name=name)
        else:
            super().__init__(N_("agency_name_taken"), name=name, existing=existing)


class UnprintableName(StorageError):
    """An agency name (or alias) holding a character no document or chat can show (chat/printable.py)."""

    def __init__(self, name: str, char: str) -> None:
        self.name = name
        self.char = char
        super().__init__(N_("agency_name_unprintable"), name=printable(name), char=char)


class AliasExists(StorageError):
    """An alias is already the name or an alias of another agency."""

    def __init__(self, alias: str, owner: str) -> None:
        self.alias = alias
        self.owner = owner
        super().__init__(N_("alias_exists"), alias=alias, owner=owner)


class UnknownAgency(StorageError):
    """No registered agency has this id or name."""

    def __init__(self, what: str | int) -> None:
        self.what = what
        if isinstance(what, int):
            super().__init__(N_("agency_id_unknown"), id=what)
        else:
            super().__init__(N_("agency_name_unknown"), name=what)


class UnknownMilestone(StorageError):
    """No milestone has this id."""

    def __init__(self, milestone_id: int) -> None:
        self.milestone_id = milestone_id
        super().__init__(N_("milestone_unknown"), id=milestone_id)


class NotAnEvent(StorageError):
    """A trigger date was given for a milestone that does not wait on an event."""

    def __init__(self, milestone_id: int) -> None:
        self.milestone_id = milestone_id
        super().__init__(N_("milestone_not_event"), id=milestone_id)
