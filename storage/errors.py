"""Domain errors raised by the repositories; their text is a Vietnamese sentence fit to show a person."""

from __future__ import annotations


class StorageError(Exception):
    """Base of the repositories' domain errors: str(error) is the message for the user."""


class AgencyExists(StorageError):
    """An agency (or alias) with the same name, tones and case aside, is already registered."""

    def __init__(self, name: str, existing: str) -> None:
        self.name = name
        self.existing = existing
        if name == existing:
            message = f"Cơ quan “{name}” đã có trong danh sách."
        else:
            message = f"Tên “{name}” trùng với cơ quan đã đăng ký “{existing}”."
        super().__init__(message)


class AliasExists(StorageError):
    """An alias is already the name or an alias of another agency."""

    def __init__(self, alias: str, owner: str) -> None:
        self.alias = alias
        self.owner = owner
        super().__init__(f"Tên gọi khác “{alias}” đã thuộc về cơ quan “{owner}”.")


class UnknownAgency(StorageError):
    """No registered agency has this id or name."""

    def __init__(self, what: str | int) -> None:
        self.what = what
        if isinstance(what, int):
            message = f"Không tìm thấy cơ quan số {what}."
        else:
            message = f"Không tìm thấy cơ quan “{what}” trong danh sách đã đăng ký."
        super().__init__(message)


class UnknownMilestone(StorageError):
    """No milestone has this id."""

    def __init__(self, milestone_id: int) -> None:
        self.milestone_id = milestone_id
        super().__init__(f"Không tìm thấy mốc thời hạn số {milestone_id}.")


class NotAnEvent(StorageError):
    """A trigger date was given for a milestone that does not wait on an event."""

    def __init__(self, milestone_id: int) -> None:
        self.milestone_id = milestone_id
        super().__init__(
            f"Mốc thời hạn số {milestone_id} không phụ thuộc sự kiện nên không cần đặt ngày kích hoạt."
        )
