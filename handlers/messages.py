"""The seam between chat channels and the core: plain values, no chat library types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol


@dataclass(frozen=True)
class Attachment:
    """A file someone sent: the platform's file id plus what we know of it."""

    file_id: str
    name: str
    size: int | None = None
    mime_type: str | None = None
    kind: Literal["document", "photo"] = "document"


@dataclass(frozen=True)
class IncomingMessage:
    """One thing a person did in a chat: a text, a button press, a file, or an edit."""

    channel: str  # "telegram" | "zalo" | "console"
    chat_id: str
    user_id: str  # the platform's user id, as text
    text: str = ""
    message_id: str | None = None
    user_name: str = ""
    chat_type: Literal["private", "group"] = "private"
    reply_to_ref: str | None = None  # message id this one answers
    button_data: str | None = None  # callback data of a pressed button
    attachment: Attachment | None = None
    reply_to_attachment: Attachment | None = None  # file in the message this one answers (/import)
    edited: bool = False
    language_code: str | None = None


@dataclass(frozen=True)
class Choice:
    """A button: its label and the opaque data the core gets back when pressed."""

    label: str
    data: str


@dataclass(frozen=True)
class OutgoingFile:
    """A file to send: bytes in memory and the name the person will see."""

    name: str
    data: bytes
    kind: Literal["document", "photo"] = "document"
    caption: str | None = None


@dataclass(frozen=True)
class OutgoingMessage:
    """What the core wants said. Text is plain (adapters escape it); `bold` lines are rendered strong."""

    text: str
    choices: tuple[tuple[Choice, ...], ...] = ()  # rows of buttons
    files: tuple[OutgoingFile, ...] = ()
    reply_to: str | None = None
    chat_id: str | None = None  # None: the chat the incoming message came from
    # what a reply to this message refers to; the adapter records it with the sent message id
    refers_to: tuple[dict[str, Any], ...] = ()
    kind: str = "answer"
    edit_of: str | None = None  # message id to edit in place, where the channel can
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """JSON for the outbox (files are not queued; they are sent directly)."""
        return {
            "text": self.text,
            "choices": [[{"label": c.label, "data": c.data} for c in row] for row in self.choices],
            "refers_to": list(self.refers_to),
            "kind": self.kind,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OutgoingMessage:
        return cls(
            text=data["text"],
            choices=tuple(tuple(Choice(c["label"], c["data"]) for c in row) for row in data.get("choices", [])),
            refers_to=tuple(data.get("refers_to", [])),
            kind=data.get("kind", "answer"),
        )


class SendError(Exception):
    """A channel failed to send. `retry_after` set: wait that long; `permanent`: never retry."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        unreachable: bool = False,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent
        self.unreachable = unreachable


class Messenger(Protocol):
    """What the scheduler needs from a channel: send a message to a chat, get its message id."""

    channel: str

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Send and return the platform's message id; raise SendError on failure."""
        ...
